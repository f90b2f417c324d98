//! Dates as planners write them (GRAMMAR.md, "Dates as planners write them"): each form's window
//! in a given year, the header's school terms, year-named deadlines in multi-year plans, the
//! written form kept for documents, and a date suggestion for phrases planc does not read.

use jiff::civil::{Date, date};
use planc::check::Checked;
use planc::diagnostic::Code;
use planc::model::{ItemId, Window};

fn check(text: &str) -> Checked {
    crate::support::check::check_text("p.plan", text)
}

/// The window of `时段 WHEN` in a plan with `header`.
fn window_in(header: &str, when: &str) -> Window {
    let text = format!(
        "计划 \"t\" {{\n{header}}}\n部门 甲\n部分 s \"s\" {{\n  事项 A \"A\" {{\n    牵头 甲\n    时段 {when}\n  }}\n}}\n"
    );
    let checked = check(&text);
    let errors = crate::support::check::errors(&checked);
    assert!(errors.is_empty(), "{when}: {errors:#?}");
    let plan = checked.plan.expect("a plan");
    *plan.items[ItemId::from_index(0)]
        .window
        .clone()
        .expect("a window")
}

fn bounds(header: &str, when: &str) -> (Date, Date) {
    let w = window_in(header, when);
    assert_eq!(w.written, when, "the written form is kept");
    (w.start, w.end)
}

/// Each row's `时段 WHEN`, in a plan with `header`, has the window from the first to the last
/// date (a failure names the row).
fn assert_windows(header: &str, rows: &[(&str, (Date, Date))]) {
    for (when, expected) in rows {
        assert_eq!(bounds(header, when), *expected, "{header:?} {when}");
    }
}

#[test]
fn each_form_has_its_documented_window() {
    let y2027 = "  期间 2027\n";
    let cases = [
        // 2027: 正月初一 02-06, so 除夕 02-05; 正月初八 02-13; 二月初一 03-08; 正月十六 02-21.
        ("春节前", (date(2027, 1, 6), date(2027, 2, 4))),
        ("春节后", (date(2027, 2, 13), date(2027, 3, 7))),
        ("寒假", (date(2027, 1, 15), date(2027, 2, 20))),
        ("春季学期", (date(2027, 2, 21), date(2027, 6, 30))),
        ("暑期", (date(2027, 7, 1), date(2027, 8, 31))),
        ("暑假", (date(2027, 7, 1), date(2027, 8, 31))),
        ("开学前", (date(2027, 8, 1), date(2027, 8, 31))),
        ("秋季学期", (date(2027, 9, 1), date(2027, 12, 31))),
        ("年中", (date(2027, 6, 30), date(2027, 6, 30))),
        ("汛期前", (date(2027, 4, 1), date(2027, 4, 30))),
        ("6月上旬", (date(2027, 6, 1), date(2027, 6, 10))),
        ("6月中旬", (date(2027, 6, 11), date(2027, 6, 20))),
        ("2月下旬", (date(2027, 2, 21), date(2027, 2, 28))),
        ("9月底前", (date(2027, 9, 1), date(2027, 9, 30))),
        ("9月底", (date(2027, 9, 1), date(2027, 9, 30))),
        ("2027年", (date(2027, 1, 1), date(2027, 12, 31))),
        ("2027年底", (date(2027, 12, 1), date(2027, 12, 31))),
        ("春节后 .. 6月上旬", (date(2027, 2, 13), date(2027, 6, 10))),
    ];
    assert_windows(y2027, &cases);
    assert_windows(
        "  期间 2028\n",
        &[
            // 2028: 正月初一 01-26, so 除夕 01-25; the month before it is cut at 01-01.
            ("春节前", (date(2028, 1, 1), date(2028, 1, 24))),
            // A leap February.
            ("2月下旬", (date(2028, 2, 21), date(2028, 2, 29))),
        ],
    );
}

#[test]
fn the_header_can_give_the_school_terms() {
    let header =
        "  期间 2027\n  学期 春季 2027-02-22 .. 2027-07-02\n  学期 秋季 2027-08-30 .. 2028-01-22\n";
    assert_windows(
        header,
        &[
            ("春季学期", (date(2027, 2, 22), date(2027, 7, 2))),
            ("暑期", (date(2027, 7, 3), date(2027, 8, 29))),
            ("开学前", (date(2027, 7, 30), date(2027, 8, 29))),
            ("寒假", (date(2027, 1, 15), date(2027, 2, 21))),
            // The autumn term's part in the year.
            ("秋季学期", (date(2027, 8, 30), date(2027, 12, 31))),
        ],
    );
    // English spelling.
    assert_windows(
        "  period 2027\n  term spring 2027-03-01 .. 2027-06-25\n",
        &[("春季学期", (date(2027, 3, 1), date(2027, 6, 25)))],
    );
}

#[test]
fn a_multi_year_plan_names_the_year_of_a_deadline() {
    let text = "计划 \"t\" {\n  期间 2021 .. 2025\n}\n部门 甲\n部分 s \"s\" {\n  事项 A \"A\" {\n    牵头 甲\n    时限 2022年底\n  }\n  事项 B \"B\" {\n    牵头 甲\n    时段 2023年\n  }\n}\n";
    let checked = check(text);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let plan = checked.plan.expect("a plan");
    let due = plan.items[ItemId::from_index(0)].due.clone().expect("due");
    assert_eq!(
        (due.end, due.written.as_str()),
        (date(2022, 12, 31), "2022年底")
    );
    let window = plan.items[ItemId::from_index(1)]
        .window
        .clone()
        .expect("window");
    assert_eq!(
        (window.start, window.end),
        (date(2023, 1, 1), date(2023, 12, 31))
    );
    // Months, thirds, halves and named times of a named year.
    assert_windows(
        "  期间 2021 .. 2025\n",
        &[
            ("2023年6月", (date(2023, 6, 1), date(2023, 6, 30))),
            ("2023年6月底前", (date(2023, 6, 1), date(2023, 6, 30))),
            ("2024年2月下旬", (date(2024, 2, 21), date(2024, 2, 29))),
            ("2023年下半年", (date(2023, 7, 1), date(2023, 12, 31))),
            // 2024: 正月初一 02-10, 除夕 02-09.
            ("2024年春节前", (date(2024, 1, 10), date(2024, 2, 8))),
            ("2022年暑期", (date(2022, 7, 1), date(2022, 8, 31))),
            ("2022年 .. 2023年6月", (date(2022, 1, 1), date(2023, 6, 30))),
        ],
    );
    let (plan, schedule) = {
        let plan = plan;
        let s = planc::schedule::schedule(&plan, &Default::default())
            .unwrap_or_else(|d| panic!("{d:#?}"));
        (plan, s)
    };
    assert!(schedule.items[ItemId::from_index(0)].finish <= date(2022, 12, 31));
    assert!(schedule.items[ItemId::from_index(1)].start >= date(2023, 1, 1));
    assert!(schedule.items[ItemId::from_index(1)].finish <= date(2023, 12, 31));
    assert_eq!(plan.items.len(), 2);
}

#[test]
fn a_year_outside_the_period_is_outside_it() {
    let text = "计划 \"t\" {\n  期间 2021 .. 2025\n}\n部门 甲\n部分 s \"s\" {\n  事项 A \"A\" {\n    牵头 甲\n    时限 2026年底\n  }\n}\n";
    let checked = check(text);
    assert!(
        checked
            .diagnostics
            .iter()
            .any(|d| d.code == Code::OutsidePeriod),
        "{:#?}",
        checked.diagnostics
    );
}

#[test]
fn phrases_planc_does_not_read_get_a_date_suggestion() {
    for (phrase, suggestion) in [
        ("国庆节前", "`9月30日` or `9月下旬`"),
        ("月底", "`6月底`"),
        ("季末", "`3月底`, `6月底`, `9月底` or `12月底`"),
        ("节后", "planc reads dates such as"),
        ("2027年初", "planc reads dates such as"),
        ("下周", "planc reads dates such as"),
    ] {
        let text = format!(
            "计划 \"t\" {{\n  期间 2027\n}}\n部门 甲\n部分 s \"s\" {{\n  事项 A \"A\" {{\n    牵头 甲\n    时限 {phrase}\n  }}\n}}\n"
        );
        let checked = check(&text);
        let syntax: Vec<_> = checked
            .diagnostics
            .iter()
            .filter(|d| d.code == Code::Syntax)
            .collect();
        assert_eq!(syntax.len(), 1, "{phrase}: {:#?}", checked.diagnostics);
        let help = syntax[0].help.clone().unwrap_or_default();
        assert!(help.contains(suggestion), "{phrase}: {help}");
        assert!(help.contains("`春节前`"), "{phrase}: {help}");
        let (_, line, column) = checked.sources.position(syntax[0].labels[0].span);
        assert_eq!((line, column), (8, 8), "{phrase}");
    }
}

#[test]
fn a_school_year_plan_reads_months_and_named_times_in_its_period() {
    assert_windows(
        "  期间 2026-09-01 .. 2027-08-31\n",
        &[
            ("秋季学期", (date(2026, 9, 1), date(2026, 12, 31))),
            // 2027's: 除夕 02-05.
            ("春节前", (date(2027, 1, 6), date(2027, 2, 4))),
            ("6月上旬", (date(2027, 6, 1), date(2027, 6, 10))),
            ("暑期", (date(2027, 7, 1), date(2027, 8, 31))),
            ("10月", (date(2026, 10, 1), date(2026, 10, 31))),
            ("12月 .. 1月", (date(2026, 12, 1), date(2027, 1, 31))),
            ("Q1", (date(2027, 1, 1), date(2027, 3, 31))),
        ],
    );
}
