//! Properties of every schedule of random plans: dependencies hold, earliest ≤ latest, slack is
//! never negative in a schedule that succeeded, levelling never breaks a dependency or a deadline.

use crate::support::check::{check_text, push_timing};
use planc::model::{Node, Plan};
use planc::schedule::{Schedule, ScheduleOptions, schedule};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Spec {
    duration: Option<u8>,
    due_month: Option<u8>,
    window: Option<(u8, u8)>,
    deps: Vec<(usize, bool, i8)>,
    lead: u8,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        proptest::option::of(1u8..40),
        proptest::option::of(7u8..=12),
        proptest::option::of((1u8..=6, 2u8..6)),
        proptest::collection::vec((0usize..1000, any::<bool>(), -3i8..6), 0..3),
        0u8..3,
    )
        .prop_map(|(duration, due_month, window, deps, lead)| Spec {
            duration,
            due_month,
            window: window.map(|(a, len)| (a, (a + len).min(12))),
            deps,
            lead,
        })
}

fn text(specs: &[Spec]) -> String {
    let mut t = String::from(
        "计划 \"p\" {\n  期间 2020\n}\n部门 O0 容量 1\n部门 O1 容量 2\n部门 O2\n部分 s \"s\" {\n",
    );
    for (i, s) in specs.iter().enumerate() {
        t.push_str(&format!("  事项 T{i} \"t\" {{\n    牵头 O{}\n", s.lead));
        push_timing(&mut t, s.duration.map(u16::from), s.due_month, s.window);
        if i > 0 {
            let mut seen = Vec::new();
            for &(target, ss, lag) in &s.deps {
                let target = target % i;
                if seen.contains(&target) {
                    continue;
                }
                seen.push(target);
                let kind = if ss { " 开始" } else { "" };
                let lag = if lag == 0 {
                    String::new()
                } else {
                    format!(" {lag:+} 工作日")
                };
                t.push_str(&format!("    后于 T{target}{kind}{lag}\n"));
            }
        }
        t.push_str("  }\n");
    }
    t.push_str("}\n");
    t
}

fn plan(text: &str) -> Option<Plan> {
    let checked = check_text("p.plan", text);
    if checked.has_errors() {
        return None;
    }
    checked.plan
}

fn check_dependencies(p: &Plan, s: &Schedule, planned: bool) -> Result<(), TestCaseError> {
    for d in &p.dependencies {
        let (Node::Item(a), Node::Item(b)) = (d.prerequisite, d.dependent) else {
            continue;
        };
        let (pa, pb) = (&s.items[a], &s.items[b]);
        let lag = d.lag.map(|l| l.amount).unwrap_or(0);
        if lag != 0 {
            continue;
        }
        let (a_start, a_finish, b_start) = if planned {
            (pa.start, pa.finish, pb.start)
        } else {
            (pa.early_start, pa.early_finish, pb.early_start)
        };
        if d.from_start {
            prop_assert!(b_start >= a_start, "{d:?}");
        } else {
            prop_assert!(b_start > a_finish, "{d:?}: {a_finish} {b_start}");
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn schedules_are_consistent(specs in proptest::collection::vec(spec(), 1..25)) {
        let Some(p) = plan(&text(&specs)) else { return Ok(()); };
        let Ok(s) = schedule(&p, &ScheduleOptions::default()) else { return Ok(()); };
        for slot in s.items.iter().chain(s.milestones.iter()) {
            prop_assert!(slot.early_start <= slot.late_start);
            prop_assert!(slot.early_finish <= slot.late_finish);
            prop_assert!(slot.total_slack >= 0);
            prop_assert!(slot.free_slack >= 0);
            prop_assert!(slot.free_slack <= slot.total_slack);
            prop_assert!(slot.start <= slot.finish);
            prop_assert!(s.period.contains(slot.start) && s.period.contains(slot.finish));
            // Critical: the least slack, never ongoing work.
            prop_assert!(!slot.critical || slot.total_slack == s.critical_slack);
            prop_assert!(!(slot.critical && slot.ongoing));
        }
        // Work with a duration is critical exactly when its slack is the least.
        for slot in &s.items {
            if slot.rule == planc::schedule::Rule::Duration && slot.duration > 0 {
                prop_assert_eq!(slot.critical, slot.total_slack == s.critical_slack);
            }
        }
        // Ongoing work: no duration and no window of its own.
        for (slot, item) in s.items.iter().zip(p.items.iter()) {
            prop_assert_eq!(slot.ongoing, item.duration.is_none() && item.window.is_none());
        }
        // A window item spans its window to its end (or the period's end), whatever waits for it.
        for (slot, item) in s.items.iter().zip(p.items.iter()) {
            if let (None, Some(window)) = (item.duration, item.window.as_deref()) {
                let end = item.due.as_ref().map_or(window.end, |d| d.end.min(window.end));
                prop_assert!(slot.early_finish <= end);
                prop_assert!(slot.early_finish >= slot.early_start);
                prop_assert_eq!(Some(slot.early_finish), slot.due);
            }
        }
        check_dependencies(&p, &s, false)?;
        let l = schedule(&p, &ScheduleOptions { level: true });
        prop_assert!(l.is_ok());
        if let Ok(l) = l {
            check_dependencies(&p, &l, true)?;
            for (slot, item) in l.items.iter().zip(p.items.iter()) {
                prop_assert!(slot.shifted >= 0);
                prop_assert!(slot.start <= slot.late_start, "{slot:?}\n{}", text(&specs));
                if let Some(due) = &item.due {
                    prop_assert!(slot.finish <= due.end);
                }
            }
            prop_assert!(l.overloads.len() <= s.overloads.len() + s.items.len());
        }
    }
}
