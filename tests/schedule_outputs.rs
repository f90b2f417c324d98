//! `planc schedule` outputs, read back by real consumers: Python's `icalendar` for ICS, the JSON
//! schema for JSON, and format rules for CSV, the table, Mermaid and HTML. When a consumer is not
//! installed the test is skipped with a notice, or fails when the `CI` variable is set.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const SAMPLE: &str = "tests/fixtures/schedule/sample.plan";
const BUNDLED: &str = "plans/changzhou-education-2020.plan";

fn planc(args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("PLANC_TODAY")
        .output()
        .expect("the planc binary runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn ok(args: &[&str]) -> String {
    let (code, stdout, stderr) = planc(args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    String::from_utf8(stdout).expect("UTF-8 output")
}

/// Skips (or fails on CI) when a consumer is missing.
fn missing(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what} is not available, and CI is set");
    }
    eprintln!("notice: {what} is not available; skipping this check");
}

fn python_has(module: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

const ICS_CHECK: &str = r#"
import sys, icalendar, datetime
data = sys.stdin.buffer.read()
cal = icalendar.Calendar.from_ical(data)
uids = set()
n = 0
for ev in cal.walk("VEVENT"):
    n += 1
    uid = str(ev["UID"])
    assert uid not in uids, "duplicate UID " + uid
    uids.add(uid)
    s = ev.decoded("DTSTART"); e = ev.decoded("DTEND")
    assert isinstance(s, datetime.date) and not isinstance(s, datetime.datetime), s
    assert e > s, (uid, s, e)
    assert str(ev["SUMMARY"])
    ev.decoded("DTSTAMP")
for line in data.split(b"\r\n"):
    assert len(line) <= 75, line
assert b"\n" not in data.replace(b"\r\n", b""), "bare LF"
print(n)
"#;

fn parse_ics(text: &str) -> Option<usize> {
    if !python_has("icalendar") {
        missing("Python icalendar (pip install icalendar)");
        return None;
    }
    let mut child = Command::new("python3")
        .args(["-c", ICS_CHECK])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("python3 finishes");
    assert!(
        output.status.success(),
        "icalendar rejected the file: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().parse().ok()
}

#[test]
fn ics_parses_with_python_icalendar() {
    let text = ok(&["schedule", SAMPLE, "--format", "ics"]);
    // 6 items, 2 milestones, and the occurrences of 推进, which runs from 04-07 (after 方案):
    // 3 quarterly (Q2–Q4) + 2 yearly (4月, 10月) + 9 monthly (April–December).
    if let Some(events) = parse_ics(&text) {
        assert_eq!(events, 6 + 2 + 3 + 2 + 9);
    }
    let bundled = ok(&["schedule", BUNDLED, "--format", "ics"]);
    parse_ics(&bundled);
}

#[test]
fn ics_is_crlf_with_exclusive_all_day_ends_and_stable_uids() {
    let text = ok(&["schedule", SAMPLE, "--format", "ics"]);
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{line}");
    }
    // 调研 runs 2020-03-02..2020-03-20: DTEND is the day after.
    assert!(text.contains("DTSTART;VALUE=DATE:20200302\r\nDTEND;VALUE=DATE:20200321\r\n"));
    // Re-running gives the same UIDs (and the same bytes).
    assert_eq!(text, ok(&["schedule", SAMPLE, "--format", "ics"]));
    let uids: Vec<&str> = text.lines().filter(|l| l.starts_with("UID:")).collect();
    let mut unique = uids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(uids.len(), unique.len());
}

fn validate(instance: &Value) -> Vec<String> {
    let schema: Value = serde_json::from_str(include_str!("../schema/schedule.schema.json"))
        .expect("schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn json_matches_its_schema() {
    for args in [
        vec!["schedule", SAMPLE, "--format", "json"],
        vec!["schedule", SAMPLE, "--format", "json", "--level"],
        vec!["schedule", BUNDLED, "--format", "json"],
        vec!["schedule", BUNDLED, "--format", "json", "--quarter", "Q2"],
    ] {
        let value: Value = serde_json::from_str(&ok(&args)).expect("JSON");
        let errors = validate(&value);
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
    let value: Value =
        serde_json::from_str(&ok(&["schedule", SAMPLE, "--format", "json"])).unwrap();
    assert_eq!(value["overloads"][0]["owner"], "乙");
    assert_eq!(value["items"][0]["early_finish"], "2020-03-20");
    let levelled: Value =
        serde_json::from_str(&ok(&["schedule", SAMPLE, "--format", "json", "--level"])).unwrap();
    assert_eq!(levelled["overloads"].as_array().map(Vec::len), Some(0));
    assert_eq!(levelled["leveled"], true);
    // A wrong document is rejected, so the schema is not vacuous.
    let mut broken = value.clone();
    broken["items"][0]["start"] = Value::from("March");
    assert!(!validate(&broken).is_empty());
}

#[test]
fn csv_has_bom_crlf_and_rfc4180_quoting() {
    let text = ok(&["schedule", SAMPLE, "--format", "csv"]);
    assert!(text.starts_with('\u{feff}'));
    assert!(text.ends_with("\r\n"));
    assert!(!text.replace("\r\n", "").contains('\n'));
    // A section title with a comma and a title with ASCII quotes.
    assert!(text.contains("\"准备阶段, 含“引号”与逗号\""), "{text}");
    assert!(text.contains("\"宣传 \"\"quoted\"\" 标题\""), "{text}");
    let rows: Vec<&str> = text.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert!(rows[0].starts_with("kind,number,id,title"));
    assert_eq!(rows.iter().filter(|r| r.starts_with("item,")).count(), 6);
    assert_eq!(
        rows.iter().filter(|r| r.starts_with("milestone,")).count(),
        2
    );
}

#[test]
fn table_columns_align_with_double_width_text() {
    use unicode_width::UnicodeWidthStr;
    let text = ok(&["schedule", SAMPLE]);
    let lines: Vec<&str> = text.lines().collect();
    let header = lines[0];
    let start_col = header[..header.find("Start").unwrap()].width();
    for line in lines.iter().skip(2).take_while(|l| !l.is_empty()) {
        // Every row's start date begins in the same display column.
        let at = line.find("2020-").unwrap();
        assert_eq!(line[..at].width(), start_col, "{line}");
    }
    assert!(text.contains("…"), "long titles are cut");
    assert!(text.contains("Critical chain: 调研 → 方案\n"), "{text}");
    assert!(text.contains("Overload: 乙"), "{text}");
}

#[test]
fn filters_by_owner_quarter_and_month() {
    let by_owner = ok(&["schedule", SAMPLE, "--owner", "甲"]);
    assert!(by_owner.contains("宣传") && by_owner.contains("调研") && !by_owner.contains("平台"));
    let by_group = ok(&["schedule", SAMPLE, "--owner", "东区"]);
    assert!(by_group.contains("全面推进") && !by_group.contains("年度总结"));
    let december = ok(&["schedule", SAMPLE, "--month", "12"]);
    assert!(december.contains("年度总结") && !december.contains("宣传"));
    let q1 = ok(&["schedule", SAMPLE, "--quarter", "一季度"]);
    assert!(q1.contains("开展调研") && !q1.contains("年度总结"));
    assert_eq!(planc(&["schedule", SAMPLE, "--owner", "丙"]).0, 2);
    assert_eq!(planc(&["schedule", SAMPLE, "--quarter", "Q5"]).0, 2);
    assert_eq!(planc(&["schedule", SAMPLE, "--month", "13"]).0, 2);
}

#[test]
fn mermaid_gantt_is_well_formed() {
    let text = ok(&["schedule", SAMPLE, "--format", "mermaid"]);
    assert!(text.starts_with("gantt\n"));
    assert!(text.contains("dateFormat YYYY-MM-DD"));
    assert!(text.contains(":crit, i0, 2020-03-02, 2020-03-21"));
    assert!(text.contains(":milestone, m0, 2020-03-20, 0d"));
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
    let text = ok(&["schedule", SAMPLE, "--format", "html"]);
    assert!(text.starts_with("<!DOCTYPE html>"));
    assert!(text.contains("<svg") && text.contains("</svg>"));
    assert!(
        !text.contains("<script") && !text.contains("http://")
            || text.contains("xmlns=\"http://www.w3.org/2000/svg\"")
    );
    assert!(!text.contains("class=\"today\""));
    assert!(text.contains("bar crit") && text.contains("dep crit") && text.contains("<polygon"));
    let with_today = ok(&[
        "schedule",
        SAMPLE,
        "--format",
        "html",
        "--today",
        "2020-05-20",
    ]);
    assert!(with_today.contains("class=\"today\""));
    assert!(with_today.contains("2020-05-20"));
    let outside = ok(&[
        "schedule",
        SAMPLE,
        "--format",
        "html",
        "--today",
        "2021-05-20",
    ]);
    assert!(!outside.contains("class=\"today\""));
    // The environment variable works too, and a bad date is a usage error.
    let output = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["schedule", SAMPLE, "--format", "html"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("PLANC_TODAY", "2020-06-01")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("class=\"today\""));
    assert_eq!(planc(&["schedule", SAMPLE, "--today", "yesterday"]).0, 2);
}

#[test]
fn every_format_runs_on_the_bundled_plan_and_writes_files() {
    let dir = std::env::temp_dir().join(format!("planc-sched-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for format in ["table", "csv", "json", "ics", "mermaid", "html"] {
        let path = dir.join(format!("out.{format}"));
        let path_text = path.to_string_lossy().into_owned();
        let (code, stdout, stderr) =
            planc(&["schedule", BUNDLED, "--format", format, "-o", &path_text]);
        assert_eq!(code, 0, "{format}: {stderr}");
        assert!(stdout.is_empty());
        let written = std::fs::read_to_string(&path).unwrap();
        assert_eq!(written, ok(&["schedule", BUNDLED, "--format", format]));
    }
    let _ = std::fs::remove_dir_all(&dir);
    // The bundled plan: the quarterly meeting and the two eye screenings are dated.
    let json: Value =
        serde_json::from_str(&ok(&["schedule", BUNDLED, "--format", "json"])).unwrap();
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
    let dir = std::env::temp_dir().join(format!("planc-late-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("late.plan");
    std::fs::write(
        &path,
        "计划 \"t\" {\n  期间 2020\n}\n部门 甲\n部分 s \"s\" {\n  事项 X \"X\" {\n    牵头 甲\n    工期 20 工作日\n    开始 2020-03-02\n  }\n  事项 Y \"Y\" {\n    牵头 甲\n    后于 X\n    工期 5 工作日\n    时限 2020-03-31\n  }\n}\n",
    )
    .unwrap();
    let (code, stdout, stderr) = planc(&["schedule", &path.to_string_lossy(), "--color", "never"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    assert!(stderr.contains("planc::deadline_order"), "{stderr}");
    assert!(stderr.contains("waits for this"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Renders Mermaid text with the Mermaid CLI named by `PLANC_MMDC` (with Chromium at
/// `PUPPETEER_EXECUTABLE_PATH`); skipped when the variable is not set.
fn render_mermaid(text: &str, name: &str) {
    let Some(mmdc) = std::env::var_os("PLANC_MMDC") else {
        eprintln!("notice: PLANC_MMDC is not set; not rendering Mermaid with the Mermaid CLI");
        return;
    };
    let dir = std::env::temp_dir().join(format!("planc-mmd-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("in.mmd");
    let config = dir.join("pptr.json");
    std::fs::write(&input, text).unwrap();
    std::fs::write(
        &config,
        r#"{"args":["--no-sandbox","--disable-background-networking"]}"#,
    )
    .unwrap();
    let output = Command::new(mmdc)
        .arg("-p")
        .arg(&config)
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(dir.join("out.svg"))
        .output()
        .expect("mmdc runs");
    assert!(
        output.status.success(),
        "mmdc rejected {name}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn mermaid_renders_with_the_mermaid_cli_when_available() {
    render_mermaid(&ok(&["schedule", SAMPLE, "--format", "mermaid"]), "gantt");
    render_mermaid(
        &ok(&["schedule", BUNDLED, "--format", "mermaid"]),
        "bundled-gantt",
    );
    render_mermaid(&ok(&["graph", SAMPLE, "--format", "mermaid"]), "flowchart");
}
