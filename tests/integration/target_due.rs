//! A target that names its year (`指标 … 5000个 时限 2023年`) in a plan of several years: its due
//! date in the export, the schedule's JSON and the per-owner checklist, and the formatter keeping it.

use crate::support::assert_contains;
use crate::support::{Planc, temp_dir};

use serde_json::Value;
use std::path::Path;

const PLAN: &str = "tests/fixtures/multi-year-targets.plan";

fn planc(args: &[&str]) -> String {
    Planc::new().args(args).ok().stdout
}

fn json(args: &[&str]) -> Value {
    serde_json::from_str(&planc(args)).expect("JSON")
}

fn valid(schema: &str, instance: &Value) {
    let errors = crate::support::schema::schema_errors(schema, instance);
    assert!(errors.is_empty(), "{schema}: {errors:#?}");
}

#[test]
fn the_export_gives_each_target_its_year() {
    let export = json(&["export", PLAN]);
    valid("schema/export.schema.json", &export);
    let targets = &export["sections"][0]["items"][0]["targets"];
    let due = |i: usize| {
        let d = &targets[i]["due"];
        (
            targets[i]["id"].as_str().unwrap_or_default().to_string(),
            d["start"].as_str().unwrap_or_default().to_string(),
            d["end"].as_str().unwrap_or_default().to_string(),
            d["written"].as_str().unwrap_or_default().to_string(),
        )
    };
    assert_eq!(
        due(0),
        (
            "新建园数".into(),
            "2022-01-01".into(),
            "2022-12-31".into(),
            "2022年".into()
        )
    );
    assert_eq!(
        due(1),
        (
            "新增学位".into(),
            "2023-01-01".into(),
            "2023-12-31".into(),
            "2023年".into()
        )
    );
    // A target without its own date is due with its item: null.
    assert_eq!(targets[2]["due"], Value::Null, "{targets:#}");
}

#[test]
fn the_schedule_puts_each_target_on_its_years_last_working_day() {
    let schedule = json(&["schedule", "--format", "json", PLAN]);
    valid("schema/schedule.schema.json", &schedule);
    let dues = &schedule["items"][0]["target_dues"];
    let got: Vec<(&str, &str, &str)> = dues
        .as_array()
        .expect("target_dues")
        .iter()
        .map(|d| {
            (
                d["id"].as_str().unwrap_or_default(),
                d["due"].as_str().unwrap_or_default(),
                d["written"].as_str().unwrap_or_default(),
            )
        })
        .collect();
    // 2022-12-31 is a Saturday and 2023-12-31 a Sunday: the last working days before them.
    assert_eq!(
        got,
        [
            ("新建园数", "2022-12-30", "2022年"),
            ("新增学位", "2023-12-29", "2023年")
        ]
    );
}

#[test]
fn the_checklist_line_says_each_targets_year() {
    let md = planc(&["checklist", PLAN]);
    assert_contains(
        &md,
        &[
            "  - 新建改扩建幼儿园达40所（2022年底前，2022-12-30）\n",
            "  - 新增学位达5000个（2023年底前，2023-12-29）\n",
            // The target due with its item says no date of its own.
            "  - 普惠性学位达3000个\n",
        ],
    );
    let en = planc(&["checklist", "--lang", "en", PLAN]);
    assert!(en.contains("(due 2023年, by 2023-12-29)"), "{en}");
}

#[test]
fn the_formatter_keeps_the_due_clause() {
    let text = "计划 \"t\" {\n期间 2021..2025\n}\n部门 甲\n部分 s \"s\" {\n事项 a \"a\" {\n牵头 甲\n指标 x   \"x\"  5000 个   时限   2023年  其中 { 甲 5000 }\n}\n}\n";
    let output = Planc::new().args(["fmt", "-"]).stdin(text).output();
    let formatted = String::from_utf8(output.stdout).expect("UTF-8");
    assert!(
        formatted.contains("指标 x \"x\" 5000个 时限 2023年 其中 {\n"),
        "{formatted}"
    );
}

#[test]
fn diff_reports_a_target_moved_to_another_year() {
    let before =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(PLAN)).expect("fixture");
    let after = before.replace("5000个 时限 2023年", "5000个 时限 2024年");
    assert_ne!(before, after, "the fixture has the 2023 target");
    let dir = temp_dir("target-due");
    let (a, b) = (
        dir.write("before.plan", before),
        dir.write("after.plan", after),
    );
    let report = planc(&[
        "diff",
        a.to_str().expect("UTF-8 path"),
        b.to_str().expect("UTF-8 path"),
    ]);
    assert!(
        report.contains(
            "deadline moved: 新增学位 (事项 新建园): 2023年 (2023-12-31) → 2024年 (2024-12-31) (366 days later)"
        ),
        "{report}"
    );
    assert!(report.contains("1 change\n"), "{report}");
}

#[test]
fn the_calendar_has_an_event_on_each_targets_due_day() {
    let ics = planc(&["schedule", "--format", "ics", PLAN]);
    let events: Vec<&str> = ics
        .split("BEGIN:VEVENT")
        .filter(|e| e.contains("SUMMARY:◎"))
        .collect();
    assert_eq!(events.len(), 2, "{ics}");
    assert!(
        events[0].contains("DTSTART;VALUE=DATE:20221230\r\n")
            && events[0].contains("SUMMARY:◎ 新建改扩建幼儿园达40所（2022年）\r\n"),
        "{}",
        events[0]
    );
    assert!(
        events[1].contains("DTSTART;VALUE=DATE:20231229\r\n")
            && events[1].contains("SUMMARY:◎ 新增学位达5000个（2023年）\r\n"),
        "{}",
        events[1]
    );
}
