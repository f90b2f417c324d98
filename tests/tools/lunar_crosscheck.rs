//! Cross-checks the statutory holiday dates of every year 2000–2100 against independent sources:
//! the Python packages `lunardate` (lunar dates, up to 2099) and `sxtwl` (lunar dates and the
//! solar term 清明), through `tests/support/lunar_dump.py`.
//!
//! The harness (tests/tools/main.rs) ignores these checks, with the reason, when python3 or
//! either module is missing (a failure under CI).

use crate::{Check, Tool, python_module};
use std::process::Command;

use jiff::civil::Date;
use planc::calendar::statutory::{self, Rule};
use planc::calendar::{Calendar, covered_years};

/// Exit status of lunar_dump.py when a module cannot be imported.
const EXIT_NO_MODULE: i32 = 2;

pub const CHECKS: &[Check] = checks!("lunar_crosscheck":
    statutory_dates_match_lunardate_and_sxtwl_2000_to_2100 needs [LUNARDATE, SXTWL],
    provisional_calendars_take_the_holidays_on_the_sources_dates needs [LUNARDATE, SXTWL],
);

const LUNARDATE: Tool = python_module("lunardate", "pip install lunardate");
const SXTWL: Tool = python_module("sxtwl", "pip install sxtwl");

/// The dump of lunar_dump.py. The harness found python3 and both modules before the check ran:
/// losing them now is a failure.
fn dump() -> Option<String> {
    let missing = |why: String| -> () {
        panic!("lunar cross-check: {why}; it needs python3 with `pip install lunardate sxtwl`");
    };
    let output = match Command::new("python3")
        .args(["tests/support/lunar_dump.py", "2000", "2100"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
    {
        Ok(output) => output,
        Err(e) => {
            missing(format!("cannot run python3: {e}"));
            return None;
        }
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    match output.status.code() {
        Some(0) => Some(String::from_utf8(output.stdout).expect("utf-8 output")),
        Some(EXIT_NO_MODULE) => {
            missing(format!("a python module is missing: {}", stderr.trim()));
            None
        }
        _ => panic!(
            "lunar_dump.py failed with {}: {}",
            output.status,
            stderr.trim()
        ),
    }
}

fn parse(text: &str) -> Option<Date> {
    (text != "-").then(|| {
        text.parse()
            .unwrap_or_else(|e| panic!("bad date {text:?} from lunar_dump.py: {e}"))
    })
}

fn statutory_dates_match_lunardate_and_sxtwl_2000_to_2100() {
    let Some(dump) = dump() else { return };
    let mut years = Vec::new();
    let mut mismatches = Vec::new();
    for line in dump.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        assert_eq!(fields.len(), 8, "bad line from lunar_dump.py: {line:?}");
        let year: i16 = fields[0].parse().expect("a year");
        let ours = [
            statutory::lunar(year, 1, 1).expect("春节"),
            statutory::lunar(year, 5, 5).expect("端午"),
            statutory::lunar(year, 8, 15).expect("中秋"),
            statutory::qingming(year).expect("清明"),
            statutory::lunar(year, 1, 1).expect("春节"),
            statutory::lunar(year, 5, 5).expect("端午"),
            statutory::lunar(year, 8, 15).expect("中秋"),
        ];
        let names = [
            "春节 (lunardate)",
            "端午 (lunardate)",
            "中秋 (lunardate)",
            "清明 (sxtwl)",
            "春节 (sxtwl)",
            "端午 (sxtwl)",
            "中秋 (sxtwl)",
        ];
        for ((ours, theirs), name) in ours.iter().zip(&fields[1..]).zip(names) {
            if let Some(theirs) = parse(theirs)
                && *ours != theirs
            {
                mismatches.push(format!("{year} {name}: planc {ours}, theirs {theirs}"));
            }
        }
        years.push(year);
    }
    assert_eq!(years, (2000..=2100).collect::<Vec<i16>>());
    assert!(
        mismatches.is_empty(),
        "{} date(s) differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

/// The calendar of every year without bundled data has exactly the statutory days off of its
/// rule on the dates of the independent sources: 春节 from 除夕 (the day before 初一) or 初一.
fn provisional_calendars_take_the_holidays_on_the_sources_dates() {
    let Some(dump) = dump() else { return };
    for line in dump.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        let year: i16 = fields[0].parse().expect("a year");
        if covered_years().contains(&year) {
            continue;
        }
        let new_year = parse(fields[5]).expect("sxtwl 春节");
        let qingming = parse(fields[4]).expect("sxtwl 清明");
        let start = Date::new(year, 1, 1).expect("date");
        let end = Date::new(year, 12, 31).expect("date");
        let calendar = Calendar::for_period(start, end).expect("a calendar");
        let eve = new_year.yesterday().expect("date");
        let rule = Rule::for_year(year);
        let eve_off = matches!(rule, Rule::Of2007 | Rule::Of2024);
        assert_eq!(
            calendar.holiday_name(eve) == Some("春节"),
            eve_off,
            "{year}: 除夕 {eve} under {rule:?}"
        );
        assert_eq!(calendar.holiday_name(new_year), Some("春节"), "{year}");
        let qingming_name = calendar.holiday_name(qingming);
        if rule == Rule::Of1999 {
            assert_eq!(qingming_name, None, "{year}: no 清明 before 2008");
        } else {
            assert_eq!(qingming_name, Some("清明节"), "{year}: 清明 {qingming}");
        }
        // No make-up working day is guessed: every Saturday and Sunday is off.
        let mut day = start;
        while day <= end {
            if day.weekday().to_monday_zero_offset() >= 5 {
                assert!(!calendar.is_workday(day), "{day} is a weekend");
            }
            day = day.tomorrow().expect("date");
        }
    }
}
