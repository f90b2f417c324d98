//! The scheduler against textbook critical-path examples with known answers, in the working-day
//! calendar of a given year (holidays, make-up days, the plan's own days off), and its checks.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions: a panic there is a failed test"
)]

use crate::support::check::{check_text, errors};
use crate::support::slots::{assert_spans, day, item, milestone, the_one};
use jiff::civil::{Date, date};
use planc::diagnostic::{Code, Diagnostic};
use planc::model::{ItemId, Node, Plan};
use planc::schedule::{Schedule, ScheduleOptions, Slot, schedule};

/// Checks plan text; panics (in the test) when the check reports errors.
fn plan(text: &str) -> Plan {
    let checked = check_text("t.plan", text);
    let errors = errors(&checked);
    let plan = checked.plan.unwrap();
    // The check runs the schedule's feasibility checks: its errors are exactly the schedule's.
    // (A period without holiday data is a warning in the check: it cannot judge the dates.)
    let from_schedule: Vec<Diagnostic> = match schedule(&plan, &ScheduleOptions::default()) {
        Ok(_) => Vec::new(),
        Err(d) => d.into_iter().filter(|d| d.code != Code::Calendar).collect(),
    };
    assert_eq!(errors, from_schedule, "check errors beyond the schedule's");
    plan
}

fn run(plan: &Plan) -> Schedule {
    schedule(plan, &ScheduleOptions::default()).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn run_err(plan: &Plan) -> Vec<Diagnostic> {
    match schedule(plan, &ScheduleOptions::default()) {
        Ok(_) => panic!("expected scheduling errors"),
        Err(d) => d,
    }
}

const HEADER: &str = "计划 \"t\" {\n  期间 2020\n}\n计量单位 次\n部门 甲\n部门 乙 容量 1\n";

/// The six-activity network of many textbooks: A(3), B(4), C(2) after A, D(5) after A,
/// E(4) after B and C, F(3) after D and E; project deadline = its earliest finish (day 12).
fn textbook(start: &str, due: &str, extra: &str) -> String {
    format!(
        "{HEADER}{extra}部分 s \"s\" {{
  事项 A \"A\" {{\n    牵头 甲\n    工期 3 工作日\n    开始 {start}\n  }}
  事项 B \"B\" {{\n    牵头 甲\n    工期 4 工作日\n    开始 {start}\n  }}
  事项 C \"C\" {{\n    牵头 甲\n    工期 2 工作日\n    后于 A\n  }}
  事项 D \"D\" {{\n    牵头 甲\n    工期 5 工作日\n    后于 A\n  }}
  事项 E \"E\" {{\n    牵头 甲\n    工期 4 工作日\n    后于 B, C\n  }}
  事项 F \"F\" {{\n    牵头 甲\n    工期 3 工作日\n    后于 D, E\n    时限 {due}\n  }}
}}\n"
    )
}

/// Four days of 2020 written `MM-DD MM-DD MM-DD MM-DD`: early start, early finish, late start,
/// late finish.
fn days_of_2020(row: &str) -> [Date; 4] {
    let days: Vec<Date> = row.split(' ').map(|d| day(&format!("2020-{d}"))).collect();
    days.try_into().expect("four days")
}

fn dates(slot: &Slot) -> [Date; 4] {
    [
        slot.early_start,
        slot.early_finish,
        slot.late_start,
        slot.late_finish,
    ]
}

#[test]
fn textbook_network_in_an_ordinary_fortnight() {
    let p = plan(&textbook("2020-03-02", "2020-03-17", ""));
    let s = run(&p);
    // Working days from Monday 2020-03-02: day 0 = 03-02 … day 11 = 03-17.
    let expect = [
        ("A", "03-02 03-04 03-02 03-04", 0, 0),
        ("B", "03-02 03-05 03-03 03-06", 1, 1),
        ("C", "03-05 03-06 03-05 03-06", 0, 0),
        ("D", "03-05 03-11 03-06 03-12", 1, 1),
        ("E", "03-09 03-12 03-09 03-12", 0, 0),
        ("F", "03-13 03-17 03-13 03-17", 0, 0),
    ];
    for (id, want, total, free) in expect {
        let slot = item(&p, &s, id);
        assert_eq!(dates(slot), days_of_2020(want), "{id}");
        assert_eq!(slot.total_slack, total, "{id} total slack");
        assert_eq!(slot.free_slack, free, "{id} free slack");
        assert_eq!(slot.critical, total == 0, "{id} critical");
    }
    assert_eq!(s.critical_slack, 0);
    let ids: Vec<Vec<&str>> = s
        .critical_paths
        .iter()
        .map(|path| path.iter().map(|&n| p.node_id(n)).collect())
        .collect();
    assert_eq!(ids, vec![vec!["A", "C", "E", "F"]]);
    assert_eq!(s.critical_dependencies.len(), 3);
}

#[test]
fn textbook_network_across_the_national_day_holiday() {
    // 2020-10-01..08 off; Sunday 09-27 and Saturday 10-10 are make-up working days.
    // Working days from 09-28: 09-28, 09-29, 09-30, 10-09, 10-10, 10-12, 10-13, …, 10-16, 10-19, 10-20.
    let p = plan(&textbook("2020-09-28", "2020-10-20", ""));
    let s = run(&p);
    let expect = [
        ("A", "09-28 09-30 09-28 09-30", 0),
        ("B", "09-28 10-09 09-29 10-10", 1),
        ("C", "10-09 10-10 10-09 10-10", 0),
        ("D", "10-09 10-14 10-10 10-15", 1),
        ("E", "10-12 10-15 10-12 10-15", 0),
        ("F", "10-16 10-20 10-16 10-20", 0),
    ];
    for (id, want, total) in expect {
        let slot = item(&p, &s, id);
        assert_eq!(dates(slot), days_of_2020(want), "{id}");
        assert_eq!(slot.total_slack, total, "{id}");
    }
}

#[test]
fn textbook_network_with_the_plans_own_days_off_and_workdays() {
    // 休息 2020-03-04 (a Wednesday) and 补班 2020-03-07 (a Saturday).
    let p = plan(&textbook(
        "2020-03-02",
        "2020-03-17",
        "休息 2020-03-04\n补班 2020-03-07\n",
    ));
    let s = run(&p);
    // Working days: 03-02, 03-03, 03-05, 03-06, 03-07, 03-09, … (one lost, one gained).
    assert_eq!(item(&p, &s, "A").early_finish, date(2020, 3, 5));
    assert_eq!(item(&p, &s, "C").early_start, date(2020, 3, 6));
    assert_eq!(item(&p, &s, "C").early_finish, date(2020, 3, 7));
    assert_eq!(item(&p, &s, "F").early_finish, date(2020, 3, 17));
    assert_eq!(item(&p, &s, "F").total_slack, 0);
}

#[test]
fn spring_festival_2020_extension_counts_as_days_off() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{\n  事项 X \"X\" {{\n    牵头 甲\n    工期 3 工作日\n    开始 2020-01-22\n  }}\n}}\n"
    ));
    let s = run(&p);
    // 01-22, 01-23 work; 01-24..02-02 off (extended); 02-03 is the third working day.
    assert_eq!(item(&p, &s, "X").start, date(2020, 1, 22));
    assert_eq!(item(&p, &s, "X").finish, date(2020, 2, 3));
}

#[test]
fn start_to_start_and_lags() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 X \"X\" {{\n    牵头 甲\n    工期 5 工作日\n    开始 2020-03-02\n  }}
  事项 Y \"Y\" {{\n    牵头 甲\n    工期 3 工作日\n    后于 X 开始 +2 工作日\n  }}
  事项 Z \"Z\" {{\n    牵头 甲\n    工期 2 工作日\n    后于 X +1 工作日\n  }}
  事项 W \"W\" {{\n    牵头 甲\n    工期 1 工作日\n    后于 X +3 天\n  }}
}}\n"
    ));
    let s = run(&p);
    assert_eq!(item(&p, &s, "Y").start, date(2020, 3, 4));
    assert_eq!(item(&p, &s, "Z").start, date(2020, 3, 10));
    // Three calendar days after the day following X's finish (03-09): 03-12.
    assert_eq!(item(&p, &s, "W").start, date(2020, 3, 12));
}

#[test]
fn calendar_day_week_and_month_durations() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 D \"D\" {{\n    牵头 甲\n    工期 10 天\n    开始 2020-03-02\n  }}
  事项 W \"W\" {{\n    牵头 甲\n    工期 2 周\n    开始 2020-03-02\n  }}
  事项 M \"M\" {{\n    牵头 甲\n    工期 1 个月\n    开始 2020-03-02\n  }}
}}\n"
    ));
    let s = run(&p);
    // 03-02 + 10 days covers 03-02..03-11: last working day 03-11, 8 working days.
    assert_eq!(item(&p, &s, "D").finish, date(2020, 3, 11));
    assert_eq!(item(&p, &s, "D").duration, 8);
    assert_eq!(item(&p, &s, "W").finish, date(2020, 3, 13));
    assert_eq!(item(&p, &s, "W").duration, 10);
    // 03-02..04-01; 04-01 is a Wednesday.
    assert_eq!(item(&p, &s, "M").finish, date(2020, 4, 1));
}

#[test]
fn fill_rules_window_due_and_year() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 Win \"window\" {{\n    牵头 甲\n    时段 3-4月\n  }}
  事项 Due \"due\" {{\n    牵头 甲\n    时限 二季度\n  }}
  事项 Year \"year\" {{\n    牵头 甲\n    时限 年内\n  }}
  事项 Next \"next\" {{\n    牵头 甲\n    依赖 Year\n    时限 年内\n  }}
}}\n"
    ));
    let s = run(&p);
    assert_spans(
        &p,
        &s,
        &[
            ("Win", "2020-03-02", "2020-04-30"),
            ("Due", "2020-01-02", "2020-06-30"),
        ],
    );
    let (win, due) = (item(&p, &s, "Win"), item(&p, &s, "Due"));
    assert_eq!(due.total_slack, 0);
    // Two fill items in a finish-to-start chain share the year evenly.
    let year = item(&p, &s, "Year");
    let next = item(&p, &s, "Next");
    assert_eq!(year.start, date(2020, 1, 2));
    assert_eq!(next.finish, date(2020, 12, 31));
    assert!(year.finish < next.start);
    assert!(
        (year.duration - next.duration).abs() <= 1,
        "{year:?} {next:?}"
    );
    // Ongoing work (no duration, no window) fills its time and is never critical.
    assert!(year.ongoing && next.ongoing && due.ongoing && !win.ongoing);
    assert!(s.critical_dependencies.is_empty());
    assert!(s.critical_paths.is_empty());
    assert!(!year.critical && !next.critical);
}

#[test]
fn milestones_sit_at_their_due_date_or_after_prerequisites() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 X \"X\" {{
    牵头 甲
    工期 10 工作日
    开始 2020-03-02
    节点 Due \"due\" 时限 二季度
    节点 After \"after\" 后于 X
    节点 Later \"later\" 时限 年底 后于 Due
  }}
}}\n"
    ));
    let s = run(&p);
    assert_eq!(milestone(&p, &s, "Due").finish, date(2020, 6, 30));
    assert_eq!(milestone(&p, &s, "After").finish, date(2020, 3, 13));
    assert_eq!(milestone(&p, &s, "After").duration, 0);
    assert_eq!(milestone(&p, &s, "Later").finish, date(2020, 12, 31));
}

#[test]
fn impossible_deadline_shows_the_chain() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 X \"X\" {{\n    牵头 甲\n    工期 20 工作日\n    开始 2020-03-02\n  }}
  事项 Y \"Y\" {{\n    牵头 甲\n    工期 5 工作日\n    后于 X\n  }}
  事项 Z \"Z\" {{\n    牵头 甲\n    工期 5 工作日\n    后于 Y\n    时限 2020-04-03\n  }}
  事项 After \"after\" {{\n    牵头 甲\n    工期 1 工作日\n    后于 Z\n    时限 2020-04-06\n  }}
}}\n"
    ));
    let d = run_err(&p);
    // Only the first late item is reported, not everything after it.
    let d = the_one(&d, Code::DeadlineOrder);
    assert!(d.message.contains("2020-04-03"), "{}", d.message);
    assert!(d.message.contains("2020-04-13"), "{}", d.message); // 04-04..06 off (清明)
    // The deadline, both dependencies and the start that sets the pace.
    assert_eq!(d.labels.len(), 4, "{:#?}", d.labels);
    let help = d.help.as_deref().unwrap_or("");
    assert!(
        help.contains("`X`") && help.contains("`Y`") && help.contains("`Z`"),
        "{help}"
    );
}

#[test]
fn milestone_due_before_its_prerequisites() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 X \"X\" {{
    牵头 甲
    工期 20 工作日
    开始 2020-03-02
    节点 Early \"early\" 时限 2020-03-10 后于 X
  }}
}}\n"
    ));
    let d = run_err(&p);
    let d = the_one(&d, Code::DeadlineOrder);
    assert!(
        d.message.contains("before its prerequisites"),
        "{}",
        d.message
    );
    assert!(d.labels.len() >= 2);
}

#[test]
fn work_that_does_not_fit_in_the_period() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{\n  事项 X \"X\" {{\n    牵头 甲\n    工期 300 工作日\n  }}\n}}\n"
    ));
    let d = run_err(&p);
    assert_eq!(d[0].code, Code::OutsidePeriod);
}

#[test]
fn period_without_holiday_data_schedules_on_statutory_holidays() {
    // No bundled data for 2031: the statutory holidays are used (tests/calendar_years.rs).
    let p = plan(
        "计划 \"t\" {\n  期间 2031\n}\n部门 甲\n部分 s \"s\" {\n  事项 X \"X\" {\n    牵头 甲\n  }\n}\n",
    );
    let s = run(&p);
    assert_eq!(s.items[ItemId::from_index(0)].start, date(2031, 1, 2));
}

#[test]
fn capacity_overloads_and_levelling() {
    let text = |due: &str| {
        format!(
            "{HEADER}部分 s \"s\" {{
  事项 P \"P\" {{\n    牵头 乙\n    工期 5 工作日\n    开始 2020-03-02\n    时限 {due}\n  }}
  事项 Q \"Q\" {{\n    牵头 乙\n    工期 5 工作日\n    开始 2020-03-02\n    时限 {due}\n  }}
  事项 R \"R\" {{\n    牵头 乙\n    配合 甲\n    后于 Q\n    工期 1 工作日\n  }}
}}\n"
        )
    };
    let p = plan(&text("2020-03-31"));
    let s = run(&p);
    assert_eq!(s.overloads.len(), 1);
    let o = &s.overloads[0];
    assert_eq!(
        (o.start, o.end, o.load, o.capacity),
        (date(2020, 3, 2), date(2020, 3, 6), 2, 1)
    );
    assert_eq!(o.items, vec![ItemId::from_index(0), ItemId::from_index(1)]);
    // Levelled: Q moves a week later within its slack, and R follows it.
    let levelled = schedule(&p, &ScheduleOptions { level: true }).unwrap();
    assert!(levelled.overloads.is_empty(), "{:?}", levelled.overloads);
    assert_eq!(item(&p, &levelled, "Q").start, date(2020, 3, 9));
    assert_eq!(item(&p, &levelled, "Q").shifted, 5);
    assert_eq!(item(&p, &levelled, "R").start, date(2020, 3, 16));
    // Without slack the overload stays.
    let p = plan(&text("2020-03-06"));
    let levelled = schedule(&p, &ScheduleOptions { level: true }).unwrap();
    assert_eq!(levelled.overloads.len(), 1);
}

#[test]
fn recurrences_expand_into_dated_occurrences() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 X \"X\" {{
    牵头 甲
    时限 年内
    周期 季 \"quarterly\" 每季度 1次
    周期 月 \"monthly\" 每月 1次 截至 28日
    周期 筛查 \"twice\" 全年 2次 于 4月, 10月
    周期 年 \"spread\" 全年 2次
    周期 周 \"weekly\" 每周 1次
  }}
}}\n"
    ));
    let s = run(&p);
    let of = |id: &str| -> Vec<(Date, Date)> {
        let r = p.recurrences.position(|r| r.id == id).unwrap();
        s.occurrences_of(r).map(|o| (o.start, o.due)).collect()
    };
    assert_eq!(
        of("季"),
        vec![
            (date(2020, 1, 2), date(2020, 3, 31)),
            (date(2020, 4, 1), date(2020, 6, 30)),
            (date(2020, 7, 1), date(2020, 9, 30)),
            (date(2020, 10, 9), date(2020, 12, 31)),
        ]
    );
    let monthly = of("月");
    assert_eq!(monthly.len(), 12);
    assert_eq!(monthly[1].1, date(2020, 2, 28));
    // 03-28 is a Saturday: due the Friday before. 06-28 is a Sunday make-up working day.
    assert_eq!(monthly[2].1, date(2020, 3, 27));
    assert_eq!(monthly[5].1, date(2020, 6, 28));
    assert_eq!(
        of("筛查"),
        vec![
            (date(2020, 4, 1), date(2020, 4, 30)),
            (date(2020, 10, 9), date(2020, 10, 30)),
        ]
    );
    let spread = of("年");
    assert_eq!(spread.len(), 2);
    assert_eq!(spread[1].1, date(2020, 12, 31));
    assert_eq!(spread[0].0, date(2020, 1, 2));
    // 53 weeks touch 2020; the Spring Festival week (01-27..02-02) has no working day.
    let weekly = of("周");
    assert_eq!(weekly.len(), 52);
    assert!(weekly.iter().all(|(a, b)| a <= b));
    let numbers: Vec<usize> = s
        .occurrences
        .iter()
        .filter(|o| p.recurrences[o.recurrence].id == "周")
        .map(|o| o.index)
        .collect();
    assert_eq!(numbers, (1..=52).collect::<Vec<_>>());
}

#[test]
fn more_occurrences_than_working_days_is_an_error() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{\n  事项 X \"X\" {{\n    牵头 甲\n    周期 会 \"m\" 每周 3次\n  }}\n}}\n"
    ));
    let d = run_err(&p);
    let d = the_one(&d, Code::Recurrence);
    // The National Day week has two working days (10-09 and the make-up Saturday 10-10).
    assert!(d.message.contains("2020-10-05"), "{}", d.message);
    assert_eq!(d.labels.len(), 2);
}

#[test]
fn cycles_are_errors_not_hangs() {
    let checked = check_text(
        "t.plan",
        format!(
            "{HEADER}部分 s \"s\" {{
  事项 A \"A\" {{\n    牵头 甲\n    后于 B\n  }}
  事项 B \"B\" {{\n    牵头 甲\n    后于 A\n  }}
}}\n"
        )
        .into_bytes(),
    );
    let p = checked.plan.unwrap();
    let d = run_err(&p);
    assert_eq!(d[0].code, Code::Cycle);
}

#[test]
fn sub_items_respect_their_parents_window() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{
  事项 Parent \"parent\" {{
    牵头 甲
    时段 Q2
    事项 Child \"child\" {{\n      牵头 甲\n    }}
  }}
}}\n"
    ));
    let s = run(&p);
    assert_spans(&p, &s, &[("Child", "2020-04-01", "2020-06-30")]);
}

#[test]
fn output_is_deterministic() {
    let p = plan(&textbook("2020-03-02", "2020-03-17", ""));
    let a = run(&p);
    let b = run(&p);
    let filter = planc::emit::schedule::Filter::default();
    use planc::emit::schedule as e;
    assert_eq!(
        e::json::json(&p, &a, &filter),
        e::json::json(&p, &b, &filter)
    );
    assert_eq!(e::ics::ics(&p, &a, &filter), e::ics::ics(&p, &b, &filter));
    assert_eq!(
        e::html::html(&p, &a, &filter, None),
        e::html::html(&p, &b, &filter, None)
    );
    let _ = Node::Item(ItemId::from_index(0));
}

#[test]
fn extreme_values_are_errors_not_panics() {
    for body in [
        "    工期 9223372036854775807 工作日\n",
        "    工期 99999999 个月\n",
        "    工期 99999999 天\n",
        "    后于 Y +9223372036854775807 工作日\n",
        "    后于 Y -9223372036854775807 工作日\n",
        "    后于 Y 开始 -99999999 个月\n",
        "    后于 Y +99999999 周\n",
        "    周期 r \"r\" 每周 4000000000次\n",
        "    周期 r \"r\" 每月 1次 截至 31日\n",
        "    周期 r \"r\" 全年 12次 于 1月, 2月, 3月, 4月, 5月, 6月, 7月, 8月, 9月, 10月, 11月, 12月\n",
    ] {
        let text = format!(
            "{HEADER}部分 s \"s\" {{\n  事项 Y \"Y\" {{\n    牵头 甲\n    时限 年内\n  }}\n  事项 X \"X\" {{\n    牵头 甲\n{body}  }}\n}}\n"
        );
        let checked = check_text("t.plan", text);
        if let Some(p) = checked.plan {
            for level in [false, true] {
                let _ = schedule(&p, &ScheduleOptions { level });
            }
        }
    }
}

#[test]
fn a_late_start_that_pushes_work_out_of_the_period_shows_both_places() {
    let p = plan(&format!(
        "{HEADER}部分 s \"s\" {{\n  事项 X \"X\" {{\n    牵头 甲\n    开始 2020-11-02\n    工期 60 工作日\n  }}\n}}\n"
    ));
    let d = run_err(&p);
    let d = the_one(&d, Code::OutsidePeriod);
    assert_eq!(d.labels.len(), 2, "{:#?}", d.labels);
    assert!(d.labels[1].text.contains("2020-11-02"));
}
