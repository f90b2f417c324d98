//! Scheduling a synthetic 10,000-item plan completes, and a 10,000-long dependency chain neither
//! overflows the stack nor slows to a crawl. (Speed is measured in `benches/schedule.rs`.)

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions: a panic there is a failed test"
)]

use crate::support::check::{check_text, errors};
use planc::model::Plan;
use planc::schedule::{ScheduleOptions, schedule};

use crate::support::synthetic_schedule;
use synthetic_schedule::synthetic;

/// Loads and checks plan text (every phase is iterative: no deep stack needed).
fn checked(text: &str) -> Plan {
    let (plan, errors) = checked_with_errors(text);
    assert!(errors.is_empty(), "{:#?}", &errors[..errors.len().min(5)]);
    plan
}

/// Loads and checks plan text; the plan and the check's errors.
fn checked_with_errors(text: &str) -> (Plan, Vec<planc::diagnostic::Diagnostic>) {
    let checked = check_text("big.plan", text);
    let errors = errors(&checked);
    (checked.plan.unwrap(), errors)
}

#[test]
fn ten_thousand_items_schedule() {
    let plan = checked(&synthetic(10_000));
    assert_eq!(plan.items.len(), 10_000);
    let s = schedule(&plan, &ScheduleOptions::default())
        .unwrap_or_else(|d| panic!("{:#?}", &d[..d.len().min(3)]));
    assert_eq!(s.items.len(), 10_000);
    assert!(s.items.iter().all(|slot| slot.start <= slot.finish));
    assert!(s.items.iter().all(|slot| slot.total_slack >= 0));
    // 40 monthly recurrences, each inside its item: from its earliest start to its latest
    // finish (an ongoing item followed by another gets part of the year).
    assert_eq!(plan.recurrences.len(), 40);
    for (r, recurrence) in plan.recurrences.iter_enumerated() {
        let slot = &s.items[recurrence.item];
        let dates: Vec<_> = s.occurrences_of(r).map(|o| o.due).collect();
        assert!(!dates.is_empty() && dates.len() <= 12, "{dates:?}");
        assert!(
            dates
                .iter()
                .all(|&d| slot.early_start <= d && d <= slot.late_finish),
            "{dates:?} outside {slot:?}"
        );
    }
    let levelled = schedule(&plan, &ScheduleOptions { level: true }).unwrap();
    assert_eq!(levelled.items.len(), 10_000);
    // Every renderer copes.
    let filter = planc::emit::schedule::Filter::default();
    use planc::emit::schedule as e;
    assert!(e::table::table(&plan, &s, &filter).lines().count() > 10_000);
    assert!(e::html::html(&plan, &s, &filter, None).contains("</svg>"));
    assert!(e::ics::ics(&plan, &s, &filter).ends_with("END:VCALENDAR\r\n"));
    assert!(planc::emit::graph::dot::dot(&plan, Some(&s), &filter).ends_with("}\n"));
}

#[test]
fn ten_thousand_long_finish_to_start_chain() {
    // Milestones take no time, so a 10,000-long finish-to-start chain fits in a year; after
    // work with a duration, it is one critical path.
    let mut text = String::from(
        "计划 \"chain\" {\n  期间 2020\n}\n部门 甲\n部分 s \"s\" {\n  事项 X \"x\" {\n    牵头 甲\n    工期 5 工作日\n",
    );
    for i in 0..10_000 {
        if i == 0 {
            text.push_str("    节点 M0 \"m\" 后于 X\n");
        } else {
            text.push_str(&format!("    节点 M{i} \"m\" 后于 M{}\n", i - 1));
        }
    }
    text.push_str("  }\n}\n");
    let plan = checked(&text);
    let s = schedule(&plan, &ScheduleOptions::default()).unwrap();
    assert_eq!(s.milestones.len(), 10_000);
    assert!(s.critical_paths.iter().any(|p| p.len() == 10_001));
}

#[test]
fn ten_thousand_long_chain_that_is_too_late_reports_once() {
    // A chain of 10,000 one-day items cannot fit in 2020: one error, not 10,000.
    let mut text = String::from("计划 \"chain\" {\n  期间 2020\n}\n部门 甲\n部分 s \"s\" {\n");
    for i in 0..10_000 {
        text.push_str(&format!(
            "  事项 T{i} \"t\" {{\n    牵头 甲\n    工期 1 工作日\n"
        ));
        if i > 0 {
            text.push_str(&format!("    后于 T{}\n", i - 1));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    // The check runs the schedule's feasibility: the same single error.
    let (plan, errors) = checked_with_errors(&text);
    assert_eq!(errors.len(), 1);
    let d = match schedule(&plan, &ScheduleOptions::default()) {
        Ok(_) => panic!("cannot fit"),
        Err(d) => d,
    };
    assert_eq!(d, errors);
    assert_eq!(d[0].code, planc::diagnostic::Code::OutsidePeriod);
}
