//! Plans for any year 2000–2100: years without bundled holiday data schedule on the statutory
//! holidays with a `planc::provisional_calendar` warning at the period; multi-year periods use
//! each year's data or rule; a plan can name its own holiday file (`假日`), checked line by line.

use crate::support::check::{check_files, errors};
use crate::support::{Planc, temp_dir};

use jiff::civil::{Date, date};
use planc::check::Checked;
use planc::diagnostic::{Code, Diagnostic, Severity};
use planc::model::Plan;
use planc::schedule::{Schedule, ScheduleOptions, schedule};

fn with_code(checked: &Checked, code: Code) -> Vec<&Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect()
}

fn scheduled(checked: &Checked) -> (&Plan, Schedule) {
    assert!(errors(checked).is_empty(), "{:#?}", errors(checked));
    let plan = checked.plan.as_ref().expect("a plan");
    let schedule = schedule(plan, &ScheduleOptions::default()).unwrap_or_else(|d| panic!("{d:#?}"));
    (plan, schedule)
}

fn slot(plan: &Plan, schedule: &Schedule, id: &str) -> (Date, Date) {
    let index = plan.items.position(|i| i.id == id).expect("item");
    let slot = &schedule.items[index];
    (slot.start, slot.finish)
}

/// A plan with one header and items `(id, statements)`.
fn plan_text(header: &str, items: &[(&str, &str)]) -> String {
    let mut text = format!("计划 \"测试\" {{\n{header}}}\n部门 甲\n部分 s \"s\" {{\n");
    for (id, body) in items {
        text.push_str(&format!(
            "  事项 {id} \"{id}\" {{\n    牵头 甲\n{body}  }}\n"
        ));
    }
    text.push_str("}\n");
    text
}

/// Where a diagnostic points: file name, line and column (characters), 1-based.
fn place(checked: &Checked, d: &Diagnostic) -> (String, usize, usize) {
    checked.sources.position(d.labels[0].span)
}

#[test]
fn a_2027_plan_schedules_on_the_statutory_holidays_with_a_warning() {
    let text = plan_text(
        "  期间 2027\n",
        &[
            // 5 working days from Monday 02-01: 02-01..02-04, then 春节 02-05 (除夕) to 02-08
            // (初三) is off (初一 is 2027-02-06, as lunardate and sxtwl say: tests/lunar_crosscheck.rs).
            ("A", "    开始 2027-02-01\n    工期 5 工作日\n"),
            // 清明 2027-04-05 (Monday) is off: 04-02 (Fri) then 04-06.
            ("B", "    开始 2027-04-02\n    工期 2 工作日\n"),
            // 劳动节 05-01/05-02 are a weekend already; 国庆 10-01 (Fri) is off, and no make-up
            // day is guessed, so 10-04 is a working day.
            ("C", "    开始 2027-09-30\n    工期 2 工作日\n"),
        ],
    );
    let checked = check_files(&[("p.plan", &text)]);
    let warnings = with_code(&checked, Code::ProvisionalCalendar);
    assert_eq!(warnings.len(), 1, "{:#?}", checked.diagnostics);
    let w = warnings[0];
    assert_eq!(w.severity, Severity::Warning);
    assert_eq!(
        w.message,
        "the official 2027 arrangement is not published yet; statutory holidays are used without \
         调休; add it with `休息`/`补班` lines or a holiday file"
    );
    assert_eq!(place(&checked, w), ("p.plan".to_owned(), 2, 3));
    let (plan, s) = scheduled(&checked);
    assert_eq!(slot(plan, &s, "A"), (date(2027, 2, 1), date(2027, 2, 9)));
    assert_eq!(slot(plan, &s, "B"), (date(2027, 4, 2), date(2027, 4, 6)));
    assert_eq!(slot(plan, &s, "C"), (date(2027, 9, 30), date(2027, 10, 4)));
}

#[test]
fn bundled_years_get_no_warning() {
    let text = plan_text("  期间 2026\n", &[("A", "    工期 5 工作日\n")]);
    let checked = check_files(&[("p.plan", &text)]);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}

#[test]
fn a_2021_2025_plan_uses_each_years_data() {
    let text = plan_text(
        "  期间 2021 .. 2025\n",
        &[
            // 2021: 10-01..10-07 off, 10-09 (Saturday) a make-up working day.
            ("A", "    开始 2021-09-30\n    工期 3 工作日\n"),
            // 2025: 春节 01-28..02-04 off, 02-08 (Saturday) a make-up working day.
            ("B", "    开始 2025-01-27\n    工期 3 工作日\n"),
        ],
    );
    let checked = check_files(&[("p.plan", &text)]);
    assert!(
        with_code(&checked, Code::ProvisionalCalendar).is_empty(),
        "{:#?}",
        checked.diagnostics
    );
    let (plan, s) = scheduled(&checked);
    assert_eq!(plan.period.start, date(2021, 1, 1));
    assert_eq!(plan.period.end, date(2025, 12, 31));
    assert_eq!(slot(plan, &s, "A"), (date(2021, 9, 30), date(2021, 10, 9)));
    assert_eq!(slot(plan, &s, "B"), (date(2025, 1, 27), date(2025, 2, 6)));
}

#[test]
fn a_period_over_bundled_and_unbundled_years_warns_once_naming_them() {
    let text = plan_text(
        "  期间 2025 .. 2028\n",
        &[("A", "    开始 2028-01-24\n    工期 5 工作日\n")],
    );
    let checked = check_files(&[("p.plan", &text)]);
    let warnings = with_code(&checked, Code::ProvisionalCalendar);
    assert_eq!(warnings.len(), 1);
    assert!(
        warnings[0]
            .message
            .starts_with("the official arrangements for 2027, 2028 are not published yet;"),
        "{}",
        warnings[0].message
    );
    // 2028: 春节 from 除夕 01-25 to 初三 01-28 (初一 01-26): 01-24, then 01-31 .. 02-03.
    let (plan, s) = scheduled(&checked);
    assert_eq!(slot(plan, &s, "A"), (date(2028, 1, 24), date(2028, 2, 3)));
}

#[test]
fn years_outside_2000_2100_are_an_error_at_the_period() {
    for (period, year) in [("2101", "2101"), ("1999 .. 2001", "1999")] {
        let text = plan_text(&format!("  期间 {period}\n"), &[("A", "")]);
        let checked = check_files(&[("p.plan", &text)]);
        let errs = with_code(&checked, Code::Calendar);
        assert_eq!(errs.len(), 1, "{:#?}", checked.diagnostics);
        assert!(errs[0].message.contains(year), "{}", errs[0].message);
        assert_eq!(place(&checked, errs[0]), ("p.plan".to_owned(), 2, 3));
    }
    let text = plan_text("  期间 2025 .. 2021\n", &[("A", "")]);
    let checked = check_files(&[("p.plan", &text)]);
    assert_eq!(with_code(&checked, Code::InvertedRange).len(), 1);
}

const HOLIDAYS_2027: &str = "# 2027 as an office expects it
off 2027-02-05 2027-02-11 春节
on  2027-02-20           春节
off 2027-10-01 2027-10-07 国庆节、中秋节
on  2027-10-09           国庆节
";

#[test]
fn a_plan_holiday_file_replaces_the_statutory_days_and_the_warning() {
    let text = plan_text(
        "  期间 2027\n  假日 \"holidays/2027.txt\"\n",
        &[
            ("A", "    开始 2027-02-01\n    工期 5 工作日\n"),
            ("B", "    开始 2027-09-30\n    工期 3 工作日\n"),
        ],
    );
    let checked = check_files(&[
        ("plan/p.plan", &text),
        ("plan/holidays/2027.txt", HOLIDAYS_2027),
    ]);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let (plan, s) = scheduled(&checked);
    assert_eq!(slot(plan, &s, "A"), (date(2027, 2, 1), date(2027, 2, 12)));
    // 09-30, then the break to 10-07, then 10-08 (Fri) and the make-up Saturday 10-09.
    assert_eq!(slot(plan, &s, "B"), (date(2027, 9, 30), date(2027, 10, 9)));
}

#[test]
fn every_bad_holiday_file_line_is_located() {
    let bad = "# header comment
off 2027-02-05 2027-02-11 春节
of  2027-05-01 劳动节
off 2027-13-01 劳动节
on  2027-10-11 国庆节
on  2027-10-09 2027-10-10 国庆节
off 2027-06-09
off 2027-09-17 2027-09-15 中秋节
off 2027-01-01 2027-03-01 元旦
off 2025-01-01 元旦
off 2027-02-06 春节
off 2027-4-5 清明节
on
";
    let text = plan_text("  期间 2027\n  假日 \"h.txt\"\n", &[("A", "")]);
    let checked = check_files(&[("p.plan", &text), ("h.txt", bad)]);
    let found: Vec<(String, usize, usize, String)> = with_code(&checked, Code::HolidayFile)
        .into_iter()
        .map(|d| {
            let (file, line, column) = place(&checked, d);
            (file, line, column, d.message.clone())
        })
        .collect();
    let expected = [
        (
            3,
            1,
            "expected `off` or `on` at the start of the line, found `of`",
        ),
        (4, 5, "`2027-13-01` is not a date (YYYY-MM-DD)"),
        (
            5,
            5,
            "make-up working day 2027-10-11 is not a Saturday or Sunday",
        ),
        (6, 16, "`on` takes a single date, not a range"),
        (7, 1, "the holiday name is missing"),
        (8, 5, "range end 2027-09-15 is before its start 2027-09-17"),
        (9, 5, "range 2027-01-01 2027-03-01 is longer than a month"),
        (
            10,
            5,
            "date 2025-01-01 is not in 2027 or the end of the year before",
        ),
        (
            11,
            5,
            "date 2027-02-06 is listed more than once (first on line 2)",
        ),
        (12, 5, "`2027-4-5` is not a date (YYYY-MM-DD)"),
        (13, 1, "`on` needs a date"),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((file, line, column, message), (l, c, m)) in found.iter().zip(expected) {
        assert_eq!(file, "h.txt");
        assert_eq!((*line, *column), (l, c), "{message}");
        assert_eq!(message, &format!("bad line in holiday file: {m}"));
    }
    // Every one is an error with help, and `check` fails.
    assert!(
        with_code(&checked, Code::HolidayFile)
            .iter()
            .all(|d| d.severity == Severity::Error && d.help.is_some())
    );
}

#[test]
fn holiday_files_are_read_like_includes() {
    let text = |path: &str| plan_text(&format!("  期间 2027\n  假日 \"{path}\"\n"), &[("A", "")]);
    // Missing.
    let checked = check_files(&[("plan/p.plan", &text("nope.txt"))]);
    let d = with_code(&checked, Code::HolidayFile);
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message
            .starts_with("cannot read the holiday file `nope.txt`")
    );
    assert_eq!(place(&checked, d[0]), ("plan/p.plan".to_owned(), 3, 6));
    // Outside the plan's folder.
    let checked = check_files(&[("plan/p.plan", &text("../h.txt")), ("h.txt", HOLIDAYS_2027)]);
    let d = with_code(&checked, Code::HolidayFile);
    assert_eq!(d.len(), 1);
    assert!(
        d[0].message.contains("outside the plan's folder"),
        "{}",
        d[0].message
    );
    // A file for a year outside the period: a warning, and the period's year is provisional.
    let checked = check_files(&[
        ("p.plan", &text("h.txt")),
        ("h.txt", "off 2028-01-01 元旦\n"),
    ]);
    let d = with_code(&checked, Code::HolidayFile);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(with_code(&checked, Code::ProvisionalCalendar).len(), 1);
}

#[test]
fn schedule_and_build_of_a_2027_plan_succeed_with_the_warning() {
    let dir = temp_dir("calendar-years");
    let plan = dir.write(
        "p.plan",
        plan_text("  期间 2027\n", &[("A", "    工期 5 工作日\n")]),
    );
    for args in [
        vec!["schedule".to_owned()],
        vec![
            "build".to_owned(),
            "--output".to_owned(),
            dir.join("out").to_string_lossy().into_owned(),
        ],
    ] {
        let output = Planc::new()
            .args(&args)
            .arg(&plan)
            .env("NO_COLOR", "1")
            .output();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{args:?}: {stderr}");
        assert!(
            stderr.contains("planc::provisional_calendar"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("no holiday data"), "{stderr}");
    }
}

#[test]
fn make_up_days_in_the_plan_stand_for_the_arrangement() {
    // The arrangement written as 休息/补班 lines: the year is no longer provisional.
    let text = format!(
        "{}休息 2027-02-09 .. 2027-02-11 \"春节\"\n补班 2027-02-20 \"春节\"\n",
        plan_text(
            "  期间 2027\n",
            &[("A", "    开始 2027-02-01\n    工期 5 工作日\n")]
        )
    );
    let checked = check_files(&[("p.plan", &text)]);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    let (plan, s) = scheduled(&checked);
    // 02-05..02-08 statutory, 02-09..02-11 the plan's: 02-01..02-04, then 02-12.
    assert_eq!(slot(plan, &s, "A"), (date(2027, 2, 1), date(2027, 2, 12)));
    // Days off alone may be local (区内调休): the warning stays.
    let text = format!(
        "{}休息 2027-02-09 .. 2027-02-11 \"春节\"\n",
        plan_text("  期间 2027\n", &[("A", "")])
    );
    let checked = check_files(&[("p.plan", &text)]);
    assert_eq!(with_code(&checked, Code::ProvisionalCalendar).len(), 1);
}

#[test]
fn a_file_that_is_not_a_holiday_file_gets_a_bounded_report() {
    let junk: String = (0..5000).map(|i| format!("line {i}\n")).collect();
    let text = plan_text("  期间 2027\n  假日 \"h.txt\"\n", &[("A", "")]);
    let checked = check_files(&[("p.plan", &text), ("h.txt", &junk)]);
    let reported = with_code(&checked, Code::HolidayFile);
    assert_eq!(reported.len(), 51);
    assert!(
        reported
            .iter()
            .any(|d| d.message == "4950 more bad line(s) in the holiday file `h.txt` are not shown"),
        "{reported:#?}"
    );
}

#[test]
fn two_holiday_files_for_one_year_are_an_error() {
    let text = plan_text(
        "  期间 2027\n  假日 \"a.txt\"\n  假日 \"b.txt\"\n",
        &[("A", "")],
    );
    let checked = check_files(&[
        ("p.plan", &text),
        ("a.txt", HOLIDAYS_2027),
        ("b.txt", "off 2027-01-01 元旦\n"),
    ]);
    let d = with_code(&checked, Code::HolidayFile);
    assert_eq!(d.len(), 1, "{:#?}", checked.diagnostics);
    assert_eq!(d[0].message, "two holiday files for 2027");
    assert_eq!(place(&checked, d[0]), ("p.plan".to_owned(), 4, 6));
    assert_eq!(
        checked.sources.position(d[0].labels[1].span),
        ("p.plan".to_owned(), 3, 6)
    );
}
