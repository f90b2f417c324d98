//! Cross-checks the built-in holiday data against the PyPI package `chinesecalendar`, and the
//! statutory rules against the official arrangements it records (2004 on).
//!
//! For every year covered by our data and by chinesecalendar, runs
//! `python3 tests/support/holidays_dump.py YEAR` and compares the status of every day of the year
//! with `Calendar::is_workday`. The harness (tests/tools/main.rs) ignores these checks, with the reason,
//! when python3 or the `chinese_calendar` module is missing (a failure under CI).

use crate::{Check, Tool, python_module};
use std::process::Command;

use jiff::civil::Date;
use planc::calendar::{Calendar, covered_years};

/// Exit status of holidays_dump.py when `chinese_calendar` cannot be imported.
const EXIT_NO_MODULE: i32 = 2;
/// Exit status of holidays_dump.py when chinesecalendar has no data for the year.
const EXIT_NO_YEAR: i32 = 3;

pub const CHECKS: &[Check] = checks!("holidays_crosscheck":
    builtin_holidays_match_chinesecalendar needs [CHINESECALENDAR],
    statutory_days_were_days_off_in_the_official_arrangements needs [CHINESECALENDAR],
);

const CHINESECALENDAR: Tool = python_module("chinese_calendar", "pip install chinesecalendar");

/// The harness found python3 and chinese_calendar before the check ran: losing them now is a failure.
fn missing_environment(why: &str) -> ! {
    panic!("holidays cross-check: {why}; it needs python3 with `pip install chinesecalendar`");
}

/// What chinesecalendar says of every day of `year`, a line each (`2020-01-01 holiday`), from
/// `python3 tests/support/holidays_dump.py YEAR`; `None` when it has no data for the year.
fn chinesecalendar_days(year: i16) -> Option<String> {
    let output = Command::new("python3")
        .arg("tests/support/holidays_dump.py")
        .arg(year.to_string())
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| missing_environment(&format!("cannot run python3: {e}")));
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => Some(String::from_utf8(output.stdout).expect("utf-8 output")),
        Some(EXIT_NO_MODULE) => missing_environment(&format!(
            "the python module chinese_calendar is not importable: {}",
            stderr.trim()
        )),
        Some(EXIT_NO_YEAR) => None,
        _ => panic!(
            "holidays_dump.py {year} failed with {}: {}",
            output.status,
            stderr.trim()
        ),
    }
}

fn builtin_holidays_match_chinesecalendar() {
    let mut compared = Vec::new();
    for year in covered_years() {
        let Some(stdout) = chinesecalendar_days(year) else {
            eprintln!("chinesecalendar has no data for {year}: not compared");
            continue;
        };

        let start = Date::new(year, 1, 1).expect("valid date");
        let end = Date::new(year, 12, 31).expect("valid date");
        let calendar =
            Calendar::for_period(start, end).unwrap_or_else(|e| panic!("calendar for {year}: {e}"));
        let mut mismatches = Vec::new();
        let mut days: i32 = 0;
        for line in stdout.lines() {
            let (date_text, status) = line
                .split_once(' ')
                .unwrap_or_else(|| panic!("bad line from holidays_dump.py: {line:?}"));
            let date: Date = date_text
                .parse()
                .unwrap_or_else(|e| panic!("bad date {date_text:?}: {e}"));
            let theirs = match status {
                "workday" => true,
                "holiday" => false,
                other => panic!("bad status {other:?} in line {line:?}"),
            };
            let ours = calendar.is_workday(date);
            if ours != theirs {
                mismatches.push(format!(
                    "{date} ({:?}): chinesecalendar says {status}, planc says {}",
                    date.weekday(),
                    if ours { "workday" } else { "holiday" }
                ));
            }
            days += 1;
        }
        assert_eq!(
            days,
            i32::from(end.day_of_year()),
            "holidays_dump.py printed {days} days for {year}"
        );
        assert!(
            mismatches.is_empty(),
            "{} day(s) of {year} differ from chinesecalendar:\n{}",
            mismatches.len(),
            mismatches.join("\n")
        );
        compared.push(year);
    }
    assert!(
        !compared.is_empty(),
        "no year of {covered_years:?} is covered by chinesecalendar",
        covered_years = covered_years()
    );
    eprintln!("holidays cross-check compared years {compared:?}");
}

/// The statutory rules (src/calendar/statutory.rs) against history: every statutory day off of
/// every year chinesecalendar covers (2004 on) was a day off in that year's official arrangement,
/// under the regulation in force that year. A rule that added a day (清明 before 2008, 除夕 in
/// 2014–2024, 5-2 before 2025, 5-3 after 2007) would meet a year where that day was worked.
fn statutory_days_were_days_off_in_the_official_arrangements() {
    use planc::calendar::statutory;
    let mut compared = Vec::new();
    let mut mismatches = Vec::new();
    for year in 2000..=2026i16 {
        let Some(stdout) = chinesecalendar_days(year) else {
            continue;
        };
        let holiday: std::collections::HashSet<&str> = stdout
            .lines()
            .filter_map(|line| line.strip_suffix(" holiday"))
            .collect();
        for h in statutory::holidays(year).expect("statutory holidays") {
            let mut day = h.first;
            while day <= h.last {
                if !holiday.contains(day.to_string().as_str()) {
                    mismatches.push(format!("{year}: {} {day} was a working day", h.name));
                }
                day = day.tomorrow().expect("date");
            }
        }
        compared.push(year);
    }
    assert!(
        mismatches.is_empty(),
        "statutory days that were worked:\n{}",
        mismatches.join("\n")
    );
    assert!(
        compared.contains(&2008) && compared.contains(&2014) && compared.contains(&2025),
        "chinesecalendar covered only {compared:?}"
    );
    eprintln!("statutory rules checked against the arrangements of {compared:?}");
}
