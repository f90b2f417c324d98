//! The scheduling rules of GRAMMAR.md "How a plan is scheduled", each with a textbook case and
//! the dates it must give: windows kept whatever waits for them, ongoing work never critical,
//! recurrences inside their item (and in every year of a multi-year plan), zero durations inside
//! the period, durations that do not fit, levelling with sub-items. The 2020 calendar: 01-01 off,
//! 春节 01-24..02-02 (extended), 劳动节 05-01..05-05 with make-up days 04-26 and 05-09.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions: a panic there is a failed test"
)]

use crate::support::check::{self as support_check, check_text};
use crate::support::slots::{assert_spans, item, span, the_one};
use jiff::civil::{Date, date};
use planc::diagnostic::{Code, Diagnostic};
use planc::model::{OwnerId, Plan};
use planc::schedule::{Schedule, ScheduleOptions, schedule};
use planc::syntax::loader::{LoadOptions, load};

/// Checks plan text: the plan and the check's errors.
fn check(text: &str) -> (Plan, Vec<Diagnostic>) {
    let checked = check_text("t.plan", text);
    let errors = support_check::errors(&checked);
    (checked.plan.expect("a plan"), errors)
}

/// Checks and schedules plan text that must be clean.
fn run(text: &str) -> (Plan, Schedule) {
    let (plan, errors) = check(text);
    assert!(errors.is_empty(), "check errors: {errors:#?}");
    let s = schedule(&plan, &ScheduleOptions::default()).unwrap_or_else(|d| panic!("{d:#?}"));
    (plan, s)
}

/// Checks plan text that must fail; the check's errors are exactly the schedule's.
fn errors(text: &str) -> Vec<Diagnostic> {
    let (plan, errors) = check(text);
    assert!(!errors.is_empty(), "the check accepted the plan");
    match schedule(&plan, &ScheduleOptions::default()) {
        Ok(_) => panic!("the check refused the plan but the schedule accepted it: {errors:#?}"),
        Err(d) => assert_eq!(d, errors, "check and schedule disagree"),
    }
    errors
}

fn occurrences(plan: &Plan, s: &Schedule, id: &str) -> Vec<Date> {
    let index = plan.recurrences.position(|r| r.id == id).unwrap();
    s.occurrences_of(index).map(|o| o.due).collect()
}

/// The line and column (1-based) where a diagnostic's first label starts.
fn place(text: &str, d: &Diagnostic) -> (usize, usize) {
    let offset = d.labels[0].span.start as usize;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

const HEADER: &str = "计划 \"t\" {\n  期间 2020\n}\n计量单位 次\n部门 甲\n部门 乙 容量 1\n";

fn plan_of(items: &str) -> String {
    format!("{HEADER}部分 s \"s\" {{\n{items}}}\n")
}

#[test]
fn a_window_item_spans_its_window_when_later_work_waits_for_it() {
    let (p, s) = run(&plan_of(
        "  事项 A \"A\" {\n    牵头 甲\n    时段 5-6月\n  }
  事项 B \"B\" {\n    牵头 甲\n    时段 7-8月\n    后于 A\n  }
  事项 C \"C\" {\n    牵头 甲\n    时段 3-4月\n  }
  事项 D \"D\" {\n    牵头 甲\n    工期 5 工作日\n    后于 C\n  }
",
    ));
    assert_spans(
        &p,
        &s,
        &[
            // 05-01..05-05 are the Labour Day holiday: May's first working day is 05-06.
            ("A", "2020-05-06", "2020-06-30"),
            ("B", "2020-07-01", "2020-08-31"),
            // Not 03-01 → 03-30: the whole window, and D after it (05-09 is a make-up Saturday).
            ("C", "2020-03-02", "2020-04-30"),
            ("D", "2020-05-06", "2020-05-11"),
        ],
    );
    for id in ["A", "B", "C"] {
        let slot = item(&p, &s, id);
        assert!(!slot.ongoing, "{id}: a window is not ongoing work");
        assert_eq!(slot.due, Some(slot.finish), "{id}");
    }
}

#[test]
fn a_prerequisite_that_finishes_inside_a_window_delays_its_start_not_its_end() {
    let (p, s) = run(&plan_of(
        "  事项 A \"A\" {\n    牵头 甲\n    工期 10 工作日\n    开始 2020-03-02\n  }
  事项 W \"W\" {\n    牵头 甲\n    时段 3-4月\n    后于 A\n  }
",
    ));
    assert_spans(
        &p,
        &s,
        &[
            ("A", "2020-03-02", "2020-03-13"),
            ("W", "2020-03-16", "2020-04-30"),
        ],
    );
}

#[test]
fn a_dependency_that_makes_a_window_impossible_is_a_located_error() {
    let text = plan_of(
        "  事项 A \"A\" {\n    牵头 甲\n    时段 5-6月\n  }
  事项 B \"B\" {\n    牵头 甲\n    时段 3-4月\n    后于 A\n  }
",
    );
    let d = errors(&text);
    let d = the_one(&d, Code::Window);
    assert!(d.message.contains("2020-04-30"), "{}", d.message);
    assert!(d.message.contains("2020-06-30"), "{}", d.message);
    // At B's `时段 3-4月` (line 14), with the dependency labelled.
    assert_eq!(place(&text, d), (14, 8));
    assert_eq!(d.labels[1].text, "waits for this");
}

#[test]
fn ongoing_work_is_never_critical_and_critical_is_the_least_slack_of_timed_work() {
    let (p, s) = run(&plan_of(
        "  事项 Y \"Y\" {\n    牵头 甲\n    时限 年内\n  }
  事项 Y2 \"Y2\" {\n    牵头 甲\n    时限 年内\n    后于 Y\n  }
  事项 A \"A\" {\n    牵头 甲\n    工期 10 工作日\n    开始 2020-03-02\n  }
  事项 B \"B\" {\n    牵头 甲\n    工期 5 工作日\n    后于 A\n    时限 2020-03-31\n  }
  事项 C \"C\" {\n    牵头 甲\n    工期 5 工作日\n    开始 2020-03-02\n    时限 2020-06-30\n  }
  事项 N \"N\" {\n    牵头 甲\n    后于 B\n    时限 年内\n  }
",
    ));
    for id in ["Y", "Y2", "N"] {
        let slot = item(&p, &s, id);
        assert!(slot.ongoing && !slot.critical, "{id}: {slot:?}");
    }
    // A (03-02..03-13) → B (03-16..03-20), due 03-31: 7 working days of slack; C has more.
    let (a, b, c) = (item(&p, &s, "A"), item(&p, &s, "B"), item(&p, &s, "C"));
    assert_eq!(span(b), (date(2020, 3, 16), date(2020, 3, 20)));
    assert_eq!((a.total_slack, b.total_slack), (7, 7));
    assert!(c.total_slack > 7);
    assert_eq!(s.critical_slack, 7);
    assert!(a.critical && b.critical && !c.critical);
    // The ongoing N after B does not make B's chain critical at zero slack.
    let ids: Vec<Vec<&str>> = s
        .critical_paths
        .iter()
        .map(|path| path.iter().map(|&n| p.node_id(n)).collect())
        .collect();
    assert_eq!(ids, [["A", "B"]]);
}

#[test]
fn the_bundled_plan_has_no_critical_path_only_ongoing_work() {
    let fs = planc::syntax::loader::DiskFileSystem;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("plans/changzhou-education-2020.plan");
    let checked = planc::check::check(load(&fs, &path, LoadOptions::default()).unwrap());
    let plan = checked.plan.unwrap();
    let s = checked.schedule.expect("the check scheduled it");
    // No item has a 工期: all 60 are ongoing work (年内/年底/季度 deadlines), so nothing is critical.
    assert!(plan.items.iter().all(|i| i.duration.is_none()));
    assert_eq!(
        s.items.iter().filter(|x| x.ongoing).count(),
        plan.items.len()
    );
    assert!(s.items.iter().all(|x| !x.critical));
    assert!(s.milestones.iter().all(|x| !x.critical));
    assert!(s.critical_paths.is_empty() && s.critical_dependencies.is_empty());
}

#[test]
fn recurrences_stay_inside_their_item() {
    let (p, s) = run(&plan_of(
        "  事项 R \"R\" {\n    牵头 甲\n    时段 2020-03 .. 2020-09\n    周期 月报 \"月报\" 每月 1次\n  }
  事项 A \"A\" {\n    牵头 甲\n    工期 5 工作日\n    开始 2020-06-01\n  }
  事项 S \"S\" {\n    牵头 甲\n    后于 A\n    时限 年内\n    周期 查 \"查\" 全年 2次 于 7月, 11月\n    周期 季 \"季\" 每季度 1次\n  }
",
    ));
    let monthly = occurrences(&p, &s, "月报");
    assert_eq!(monthly.len(), 7, "{monthly:?}");
    assert_eq!(monthly[0], date(2020, 3, 31));
    assert_eq!(monthly[6], date(2020, 9, 30));
    // S starts 06-08 (after A, 06-01..06-05): Q2 holds only 06-08..06-30.
    assert_eq!(item(&p, &s, "S").start, date(2020, 6, 8));
    assert_eq!(
        occurrences(&p, &s, "查"),
        [date(2020, 7, 31), date(2020, 11, 30)]
    );
    assert_eq!(
        occurrences(&p, &s, "季"),
        [date(2020, 6, 30), date(2020, 9, 30), date(2020, 12, 31)]
    );
}

#[test]
fn a_named_month_before_the_item_can_start_is_a_located_error() {
    let text = plan_of(
        "  事项 A \"A\" {\n    牵头 甲\n    工期 5 工作日\n    开始 2020-06-01\n  }
  事项 S \"S\" {\n    牵头 甲\n    后于 A\n    时限 年内\n    周期 查 \"查\" 全年 1次 于 5月\n  }
",
    );
    let d = errors(&text);
    let d = the_one(&d, Code::Recurrence);
    assert!(
        d.message.contains("5月") && d.message.contains("2020-06-08"),
        "{}",
        d.message
    );
    assert_eq!(place(&text, d), (17, 5));
}

#[test]
fn occurrences_that_do_not_fit_are_errors_in_check_and_schedule_alike() {
    // A week has 5 working days, not 7: `每周 6次` is refused by check as by schedule.
    let d = errors(&plan_of(
        "  事项 W \"W\" {\n    牵头 甲\n    时限 年内\n    周期 会 \"会\" 每周 6次\n  }\n",
    ));
    let only = the_one(&d, Code::Recurrence);
    assert!(
        only.message.contains("only 5 working days"),
        "{}",
        only.message
    );
    // `每周 5次` fits: every working day of an ordinary week.
    let (p, s) = run(&plan_of(
        "  事项 W \"W\" {\n    牵头 甲\n    时段 2020-03-02 .. 2020-03-08\n    周期 会 \"会\" 每周 5次\n  }\n",
    ));
    assert_eq!(
        occurrences(&p, &s, "会"),
        (2..=6).map(|d| date(2020, 3, d)).collect::<Vec<_>>()
    );
    // A month of 20 working days (not 28 calendar days) holds at most 20.
    let d = errors(&plan_of(
        "  事项 M \"M\" {\n    牵头 甲\n    时段 6月\n    周期 会 \"会\" 每月 22次\n  }\n",
    ));
    assert!(
        d[0].message.contains("2020-06-01 and 2020-06-30"),
        "{}",
        d[0].message
    );
    // A window too short for the count.
    let d = errors(&plan_of(
        "  事项 M \"M\" {\n    牵头 甲\n    时段 2020-03-02 .. 2020-03-03\n    周期 会 \"会\" 全年 3次\n  }\n",
    ));
    assert_eq!(d[0].code, Code::Recurrence);
}

#[test]
fn a_month_named_twice_is_an_error() {
    let text = plan_of(
        "  事项 W \"W\" {\n    牵头 甲\n    时限 年内\n    周期 查 \"查\" 全年 2次 于 4月, 4月\n  }\n",
    );
    let (_, errors) = check(&text);
    let error = the_one(&errors, Code::Recurrence);
    assert_eq!(error.message, "4月 is named twice");
    assert_eq!(place(&text, error), (11, 26));
}

#[test]
fn yearly_recurrences_recur_in_every_year_of_a_multi_year_plan() {
    let (p, s) = run(
        "计划 \"十四五\" {\n  期间 2021-01-01 .. 2025-12-31\n}\n计量单位 次\n部门 甲\n部分 s \"s\" {
  事项 A \"A\" {\n    牵头 甲\n    时限 年内\n    周期 评估 \"评估\" 全年 2次\n    周期 查 \"查\" 全年 1次 于 5月\n  }
  事项 B \"B\" {\n    牵头 甲\n    时限 年底\n  }
}\n",
    );
    assert_spans(
        &p,
        &s,
        &[
            // 年内/年底 keep meaning the whole period.
            ("A", "2021-01-04", "2025-12-31"),
        ],
    );
    assert_eq!(item(&p, &s, "B").finish, date(2025, 12, 31));
    let twice = occurrences(&p, &s, "评估");
    assert_eq!(twice.len(), 10, "{twice:?}");
    for year in 2021..=2025 {
        assert_eq!(
            twice.iter().filter(|d| d.year() == year).count(),
            2,
            "{year}"
        );
    }
    assert_eq!(twice[1], date(2021, 12, 31));
    let may: Vec<Date> = occurrences(&p, &s, "查");
    assert_eq!(
        may,
        [
            date(2021, 5, 31),
            date(2022, 5, 31),
            date(2023, 5, 31),
            date(2024, 5, 31),
            date(2025, 5, 30)
        ]
    );
}

#[test]
fn zero_duration_sits_inside_the_period() {
    let (p, s) = run(&plan_of(
        "  事项 Z \"Z\" {\n    牵头 甲\n    工期 0 工作日\n  }
  事项 A \"A\" {\n    牵头 甲\n    工期 5 工作日\n    开始 2020-03-02\n  }
  事项 Z2 \"Z2\" {\n    牵头 甲\n    工期 0 工作日\n    后于 A\n  }
",
    ));
    assert_spans(
        &p,
        &s,
        &[
            // Not 2019-12-31: the first working day of 2020 (01-01 is a holiday).
            ("Z", "2020-01-02", "2020-01-02"),
        ],
    );
    assert_eq!(item(&p, &s, "Z").duration, 0);
    assert_spans(
        &p,
        &s,
        &[
            // After A (03-02..03-06): the next working day.
            ("Z2", "2020-03-09", "2020-03-09"),
        ],
    );
}

#[test]
fn a_duration_longer_than_the_period_or_its_window_is_a_located_error() {
    let text = plan_of("  事项 L \"L\" {\n    牵头 甲\n    工期 300 工作日\n  }\n");
    let d = errors(&text);
    let d = the_one(&d, Code::OutsidePeriod);
    assert!(d.message.contains("300 working days"), "{}", d.message);
    assert_eq!(place(&text, d), (10, 5), "at the 工期");
    let text = plan_of(
        "  事项 L \"L\" {\n    牵头 甲\n    工期 3 周\n    时段 2020-03-02 .. 2020-03-13\n  }\n",
    );
    let d = errors(&text);
    let d = the_one(&d, Code::Window);
    assert!(
        d.message.contains("15 working days") && d.message.contains("10 working days"),
        "{}",
        d.message
    );
    assert_eq!(place(&text, d), (10, 5), "at the 工期");
    assert_eq!(d.labels[1].text, "ends 2020-03-13");
}

#[test]
fn levelling_keeps_sub_items_inside_their_parent_and_counts_them_once() {
    // 甲 (capacity 2) leads P and its sub-items: they are one piece of work, so with Q it runs
    // two items at once, not four.
    let text = "计划 \"t\" {\n  期间 2020\n}\n部门 甲 容量 2\n部门 乙 容量 1\n部分 s \"s\" {
  事项 P \"P\" {\n    牵头 甲\n    工期 10 工作日\n    开始 2020-03-02\n    时限 2020-03-31
    事项 P1 \"P1\" {\n      牵头 甲\n      工期 3 工作日\n    }
    事项 P2 \"P2\" {\n      牵头 甲\n      工期 3 工作日\n    }
  }
  事项 Q \"Q\" {\n    牵头 甲\n    工期 5 工作日\n    开始 2020-03-02\n    时限 2020-03-31\n  }
  事项 R \"R\" {\n    牵头 甲\n    工期 10 工作日\n    开始 2020-03-02\n    时限 2020-03-31
    事项 R1 \"R1\" {\n      牵头 乙\n      工期 3 工作日\n    }
    事项 R2 \"R2\" {\n      牵头 乙\n      工期 3 工作日\n    }
    事项 R3 \"R3\" {\n      牵头 乙\n      工期 6 工作日\n    }
  }
}\n";
    let (p, errors) = check(text);
    assert!(errors.is_empty(), "{errors:#?}");
    let s = schedule(&p, &ScheduleOptions::default()).unwrap();
    let owner = |name: &str| p.owners.position(|o| o.id == name).unwrap();
    let of = |o: OwnerId| s.overloads.iter().filter(move |x| x.owner == o);
    // 甲 runs P, Q and R: 3 at once, listed as 3 (not P, P1, P2, Q, R).
    let jia: Vec<_> = of(owner("甲")).collect();
    assert_eq!(jia.len(), 1, "{jia:?}");
    assert_eq!(jia[0].load, 3);
    let ids: Vec<&str> = jia[0]
        .items
        .iter()
        .map(|&i| p.items[i].id.as_str())
        .collect();
    assert_eq!(ids, ["P", "Q", "R"]);
    // Levelled: 乙's sub-items of R run one after another inside R (03-02..03-13), least slack
    // first: R3 (6 days), then R1; R2 would end after R, so it is not moved out of R and stays
    // overloaded.
    let l = schedule(&p, &ScheduleOptions { level: true }).unwrap();
    let r = item(&p, &l, "R");
    assert_eq!(span(r), (date(2020, 3, 2), date(2020, 3, 13)));
    for id in ["P1", "P2", "R1", "R2", "R3"] {
        let slot = item(&p, &l, id);
        let parent = item(&p, &l, &id[..1]);
        assert!(
            parent.start <= slot.start && slot.finish <= parent.finish,
            "{id} {slot:?} outside {parent:?}"
        );
    }
    assert_spans(
        &p,
        &l,
        &[
            ("R3", "2020-03-02", "2020-03-09"),
            ("R1", "2020-03-10", "2020-03-12"),
            ("R2", "2020-03-02", "2020-03-04"),
        ],
    );
    assert!(l.overloads.iter().any(|o| o.owner == owner("乙")));
}

#[test]
fn documents_and_json_show_the_working_day_the_schedule_uses() {
    // 2020-05-31 and 2022-12-31 (a 年内 deadline) fall on weekends.
    let (p, s) = run(&plan_of(
        "  事项 D \"D\" {\n    牵头 甲\n    时限 2020-05-31\n  }\n",
    ));
    assert_eq!(item(&p, &s, "D").due, Some(date(2020, 5, 29)));
    let options = planc::emit::doc::DocOptions {
        due_dates: s.items.iter().map(|slot| slot.due).collect(),
        ..Default::default()
    };
    let document = planc::emit::doc::Document::of(&p, &options);
    assert_eq!(document.sections[0].items[0].due_date, "2020-05-29");
    assert_eq!(document.sections[0].items[0].due, "2020-05-31");
    let (p, s) = run(
        "计划 \"t\" {\n  期间 2022\n}\n部门 甲\n部分 s \"s\" {\n  事项 Y \"Y\" {\n    牵头 甲\n    时限 年内\n  }\n}\n",
    );
    assert_eq!(item(&p, &s, "Y").due, Some(date(2022, 12, 30)));
}
