//! `planc schedule` outputs: the JSON schema for JSON, and format rules for ICS, CSV, the table,
//! Mermaid and HTML. Their real consumers (icalendar, khal, LibreOffice Calc, the Mermaid CLI,
//! Chromium, poppler) read them back in tests/tools/schedule_outputs.rs.

use crate::support::assert_contains;
use crate::support::{BUNDLED, SAMPLE, stdout_of};
use crate::support::{Planc, temp_dir};
use serde_json::Value;

fn planc(args: &[&str]) -> (i32, Vec<u8>, String) {
    let run = Planc::new().args(args).run();
    (run.code, run.stdout_bytes, run.stderr)
}

#[test]
fn ics_is_crlf_with_exclusive_all_day_ends_and_stable_uids() {
    let text = stdout_of(&["schedule", SAMPLE, "--format", "ics"]);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    // 调研 runs 2020-03-02..2020-03-20: one event on its due day (DTEND is the day after), its
    // span in the description.
    assert!(text.contains("DTSTART;VALUE=DATE:20200320\r\nDTEND;VALUE=DATE:20200321\r\nSUMMARY:（一） 开展调研，形成报告（截止）\r\n"), "{text}");
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains("计划 2020-03-02 – 2020-03-20"),
        "{unfolded}"
    );
    assert!(!text.contains("DTSTART;VALUE=DATE:20200302\r\n"), "{text}");
    // Re-running gives the same UIDs (and the same bytes).
    assert_eq!(text, stdout_of(&["schedule", SAMPLE, "--format", "ics"]));
    let uids: Vec<&str> = text.lines().filter(|l| l.starts_with("UID:")).collect();
    let mut unique = uids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(uids.len(), unique.len());
}

fn validate(instance: &Value) -> Vec<String> {
    crate::support::schema::schema_errors("schema/schedule.schema.json", instance)
}

#[test]
fn json_matches_its_schema() {
    for args in [
        vec!["schedule", SAMPLE, "--format", "json"],
        vec!["schedule", SAMPLE, "--format", "json", "--level"],
        vec!["schedule", BUNDLED, "--format", "json"],
        vec!["schedule", BUNDLED, "--format", "json", "--quarter", "Q2"],
    ] {
        let value: Value = serde_json::from_str(&stdout_of(&args)).expect("JSON");
        let errors = validate(&value);
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
    let value: Value =
        serde_json::from_str(&stdout_of(&["schedule", SAMPLE, "--format", "json"])).unwrap();
    assert_eq!(value["overloads"][0]["owner"], "乙");
    assert_eq!(value["items"][0]["early_finish"], "2020-03-20");
    let levelled: Value = serde_json::from_str(&stdout_of(&[
        "schedule", SAMPLE, "--format", "json", "--level",
    ]))
    .unwrap();
    assert_eq!(levelled["overloads"].as_array().map(Vec::len), Some(0));
    assert_eq!(levelled["leveled"], true);
    // A wrong document is rejected, so the schema is not vacuous.
    let mut broken = value.clone();
    broken["items"][0]["start"] = Value::from("March");
    assert!(!validate(&broken).is_empty());
}

#[test]
fn csv_has_bom_crlf_and_rfc4180_quoting() {
    let text = stdout_of(&["schedule", SAMPLE, "--format", "csv"]);
    assert!(text.starts_with('\u{feff}'));
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    // A section title with a comma and a title with ASCII quotes.
    assert_contains(
        &text,
        &[
            "\"准备阶段, 含“引号”与逗号\"",
            "\"宣传 \"\"quoted\"\" 标题\"",
        ],
    );
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    // A Chinese plan gets Chinese headers.
    assert!(
        rows[0].starts_with("类型,序号,名称,标题,部分,牵头单位,开始,完成"),
        "{}",
        rows[0]
    );
    assert_eq!(rows.iter().filter(|r| r.starts_with("事项,")).count(), 6);
    assert_eq!(rows.iter().filter(|r| r.starts_with("节点,")).count(), 2);
}

#[test]
fn csv_lists_occurrences_and_speaks_the_asked_language() {
    let zh = stdout_of(&["schedule", SAMPLE, "--format", "csv"]);
    let occurrences: Vec<&str> = zh
        .split("\r\n")
        .filter(|r| r.starts_with("周期,"))
        .collect();
    // Inside their item, which runs from 04-07 (after 方案): 3 quarterly meetings (Q2–Q4), 2
    // inspections, 9 monthly reports (April–December), each with its dates.
    assert_eq!(occurrences.len(), 3 + 2 + 9, "{zh}");
    assert!(
        occurrences.contains(
            &"周期,（四）,督查#1,专项督查（第1次）,实施阶段,各区,2020-04-07,2020-04-30,,,,,,,,"
        ),
        "{occurrences:#?}"
    );
    // They follow their item, before the next item.
    let lines: Vec<&str> = zh.split("\r\n").collect();
    let item = lines
        .iter()
        .position(|l| l.starts_with("事项,（四）"))
        .unwrap();
    let next = lines
        .iter()
        .position(|l| l.starts_with("事项,（五）"))
        .unwrap();
    assert!(
        lines[item + 1..next]
            .iter()
            .all(|l| l.starts_with("周期,（四）"))
    );
    let en = stdout_of(&["schedule", SAMPLE, "--format", "csv", "--lang", "en"]);
    assert!(en.starts_with("\u{feff}kind,number,id,title,section,lead,start,finish"));
    assert_eq!(en.matches("\r\noccurrence,").count(), 3 + 2 + 9);
    assert!(en.contains("\r\nitem,（一）,调研,开展调研，形成报告,"));
    assert!(en.contains(",yes\r\n") && !en.contains(",是\r\n"));
    // Same rows, same cell count in both languages.
    assert_eq!(zh.split("\r\n").count(), en.split("\r\n").count());
    // An English plan gets English headers by default.
    let dir = temp_dir("csv-en");
    let plan = dir.write("en.plan", "plan \"Town works\" {\n  period 2020\n}\ndepartment roads \"Roads office\"\nsection a \"Streets\" {\n  item paving \"Pave the square\" {\n    lead roads\n    duration 10 workdays\n  }\n}\n");
    let english = stdout_of(&["schedule", &plan.to_string_lossy(), "--format", "csv"]);
    assert!(
        english.starts_with("\u{feff}kind,number,id,title"),
        "{english}"
    );
    let chinese = stdout_of(&[
        "schedule",
        &plan.to_string_lossy(),
        "--format",
        "csv",
        "--lang",
        "zh",
    ]);
    assert!(chinese.starts_with("\u{feff}类型,"), "{chinese}");
}

#[test]
fn table_columns_align_with_double_width_text() {
    use unicode_width::UnicodeWidthStr;
    let text = stdout_of(&["schedule", SAMPLE]);
    let lines: Vec<&str> = text.lines().collect();
    let header = lines[0];
    let start_col = header[..header.find("Start").unwrap()].width();
    for line in lines.iter().skip(2).take_while(|l| !l.is_empty()) {
        // Every row's start date begins in the same display column.
        let at = line.find("2020-").unwrap();
        assert_eq!(line[..at].width(), start_col, "{line}");
    }
    assert!(text.contains("…"), "long titles are cut");
    assert_contains(&text, &["Critical chain: 调研 → 方案\n", "Overload: 乙"]);
}

#[test]
fn filters_by_owner_quarter_and_month() {
    let by_owner = stdout_of(&["schedule", SAMPLE, "--owner", "甲"]);
    assert!(by_owner.contains("宣传") && by_owner.contains("调研") && !by_owner.contains("平台"));
    let by_group = stdout_of(&["schedule", SAMPLE, "--owner", "东区"]);
    assert!(by_group.contains("全面推进") && !by_group.contains("年度总结"));
    let december = stdout_of(&["schedule", SAMPLE, "--month", "12"]);
    assert!(december.contains("年度总结") && !december.contains("宣传"));
    let q1 = stdout_of(&["schedule", SAMPLE, "--quarter", "一季度"]);
    assert!(q1.contains("开展调研") && !q1.contains("年度总结"));
    assert_eq!(planc(&["schedule", SAMPLE, "--owner", "丙"]).0, 2);
    assert_eq!(planc(&["schedule", SAMPLE, "--quarter", "Q5"]).0, 2);
    assert_eq!(planc(&["schedule", SAMPLE, "--month", "13"]).0, 2);
}

#[test]
fn mermaid_gantt_is_well_formed() {
    let text = stdout_of(&["schedule", SAMPLE, "--format", "mermaid"]);
    assert!(text.starts_with("gantt\n"));
    assert_contains(
        &text,
        &[
            "dateFormat YYYY-MM-DD",
            ":crit, i0, 2020-03-02, 2020-03-21",
            ":milestone, m0, 2020-03-20, 0d",
        ],
    );
    for line in text.lines().skip(4) {
        let line = line.trim();
        if line.starts_with("section ") {
            assert!(!line.contains(':'));
        } else {
            assert_eq!(line.matches(':').count(), 1, "{line}");
        }
    }
}

#[test]
fn html_is_self_contained_and_marks_today_only_inside_the_period() {
    let text = stdout_of(&["schedule", SAMPLE, "--format", "html"]);
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<svg") && text.contains("</svg>"));
    assert!(
        !text.contains("<script") && !text.contains("http://")
            || text.contains("xmlns=\"http://www.w3.org/2000/svg\"")
    );
    assert!(!text.contains("class=\"today\""));
    assert!(text.contains("bar crit") && text.contains("dep crit") && text.contains("<polygon"));
    // A style for ongoing bars, and its key in the legend.
    assert!(text.contains(".bar.ongoing{") && text.contains("全年推进 ongoing"));
    assert!(text.contains("@page{size:A4 landscape"));
    let with_today = stdout_of(&[
        "schedule",
        SAMPLE,
        "--format",
        "html",
        "--today",
        "2020-05-20",
    ]);
    assert_contains(&with_today, &["class=\"today\"", "2020-05-20"]);
    let outside = stdout_of(&[
        "schedule",
        SAMPLE,
        "--format",
        "html",
        "--today",
        "2021-05-20",
    ]);
    assert!(!outside.contains("class=\"today\""));
    // The environment variable works too, and a bad date is a usage error.
    let output = Planc::new()
        .args(["schedule", SAMPLE, "--format", "html"])
        .env("PLANC_TODAY", "2020-06-01")
        .output();
    assert!(String::from_utf8_lossy(&output.stdout).contains("class=\"today\""));
    assert_eq!(planc(&["schedule", SAMPLE, "--today", "yesterday"]).0, 2);
}

#[test]
fn every_format_runs_on_the_bundled_plan_and_writes_files() {
    let dir = temp_dir("sched");
    for format in ["table", "csv", "json", "ics", "mermaid", "html"] {
        let path = dir.join(format!("out.{format}"));
        let path_text = path.to_string_lossy().into_owned();
        let (code, stdout, stderr) =
            planc(&["schedule", BUNDLED, "--format", format, "-o", &path_text]);
        assert_eq!(code, 0, "{format}: {stderr}");
        assert!(stdout.is_empty());
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            written,
            stdout_of(&["schedule", BUNDLED, "--format", format])
        );
    }
    // The bundled plan: the quarterly meeting and the two eye screenings are dated.
    let json: Value =
        serde_json::from_str(&stdout_of(&["schedule", BUNDLED, "--format", "json"])).unwrap();
    let occurrences = json["occurrences"].as_array().unwrap();
    let dues: Vec<&str> = occurrences
        .iter()
        .filter(|o| o["recurrence"] == "视力筛查")
        .map(|o| o["due"].as_str().unwrap())
        .collect();
    assert_eq!(dues, ["2020-04-30", "2020-10-30"]);
    assert_eq!(
        occurrences
            .iter()
            .filter(|o| o["recurrence"] == "对接会")
            .count(),
        4
    );
}

#[test]
fn unschedulable_plan_exits_1_with_the_diagnostic() {
    let dir = temp_dir("late");
    let path = dir.write("late.plan", "计划 \"t\" {\n  期间 2020\n}\n部门 甲\n部分 s \"s\" {\n  事项 X \"X\" {\n    牵头 甲\n    工期 20 工作日\n    开始 2020-03-02\n  }\n  事项 Y \"Y\" {\n    牵头 甲\n    后于 X\n    工期 5 工作日\n    时限 2020-03-31\n  }\n}\n");
    let (code, stdout, stderr) = planc(&["schedule", &path.to_string_lossy(), "--color", "never"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert_contains(&stderr, &["planc::deadline_order", "waits for this"]);
}
