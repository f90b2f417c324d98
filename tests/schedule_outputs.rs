//! `planc schedule` outputs, read back by real consumers: Python's `icalendar` for ICS, the JSON
//! schema for JSON, and format rules for CSV, the table, Mermaid and HTML. When a consumer is not
//! installed the test is skipped with a notice, or fails when the `CI` variable is set.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions: a panic there is a failed test"
)]

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
    # One day each: no banner across weeks or the whole year.
    assert e - s == datetime.timedelta(days=1), (uid, s, e)
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
    let zh = ok(&["schedule", SAMPLE, "--format", "csv"]);
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
    let en = ok(&["schedule", SAMPLE, "--format", "csv", "--lang", "en"]);
    assert!(en.starts_with("\u{feff}kind,number,id,title,section,lead,start,finish"));
    assert_eq!(en.matches("\r\noccurrence,").count(), 3 + 2 + 9);
    assert!(en.contains("\r\nitem,（一）,调研,开展调研，形成报告,"));
    assert!(en.contains(",yes\r\n") && !en.contains(",是\r\n"));
    // Same rows, same cell count in both languages.
    assert_eq!(zh.split("\r\n").count(), en.split("\r\n").count());
    // An English plan gets English headers by default.
    let dir = scratch("csv-en");
    let plan = dir.join("en.plan");
    std::fs::write(
        &plan,
        "plan \"Town works\" {\n  period 2020\n}\ndepartment roads \"Roads office\"\nsection a \"Streets\" {\n  item paving \"Pave the square\" {\n    lead roads\n    duration 10 workdays\n  }\n}\n",
    )
    .unwrap();
    let english = ok(&["schedule", &plan.to_string_lossy(), "--format", "csv"]);
    assert!(
        english.starts_with("\u{feff}kind,number,id,title"),
        "{english}"
    );
    let chinese = ok(&[
        "schedule",
        &plan.to_string_lossy(),
        "--format",
        "csv",
        "--lang",
        "zh",
    ]);
    assert!(chinese.starts_with("\u{feff}类型,"), "{chinese}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Cells of RFC 4180 CSV text (quoted fields, doubled quotes, CRLF or LF records).
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut cell));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push(row);
    }
    rows
}

/// Converts `input` with LibreOffice into `to` (a filter spec) in `dir`, with `infilter` when
/// given; returns the path written.
fn soffice(
    dir: &std::path::Path,
    input: &std::path::Path,
    to: &str,
    infilter: Option<&str>,
) -> std::path::PathBuf {
    let out = dir.join(to.split(':').next().unwrap_or("out"));
    std::fs::create_dir_all(&out).unwrap();
    let mut command = Command::new("soffice");
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .arg("--headless");
    if let Some(filter) = infilter {
        command.arg(format!("--infilter={filter}"));
    }
    let output = command
        .arg("--convert-to")
        .arg(to)
        .arg("--outdir")
        .arg(&out)
        .arg(input)
        .stdin(Stdio::null())
        .output()
        .expect("soffice runs");
    assert!(
        output.status.success(),
        "soffice: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::read_dir(&out)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .next()
        .unwrap_or_else(|| {
            panic!(
                "soffice wrote nothing: {}",
                String::from_utf8_lossy(&output.stdout)
            )
        })
}

#[test]
fn csv_opens_in_libreoffice_calc_with_the_chinese_intact() {
    if !have("soffice") {
        missing("LibreOffice Calc (apt-get install libreoffice-calc-nogui)");
        return;
    }
    let dir = scratch("calc");
    let csv = dir.join("schedule.csv");
    let text = ok(&["schedule", BUNDLED, "--format", "csv"]);
    std::fs::write(&csv, &text).unwrap();
    // The import Calc's text dialog does when UTF-8 is chosen: comma, double quote, UTF-8 (76),
    // from line 1. Then back out of the .xlsx as UTF-8 CSV, cells as shown.
    let xlsx = soffice(&dir, &csv, "xlsx", Some("CSV:44,34,76,1"));
    assert!(std::fs::metadata(&xlsx).unwrap().len() > 0);
    let back = soffice(
        &dir,
        &xlsx,
        "csv:Text - txt - csv (StarCalc):44,34,76,1",
        None,
    );
    let read = std::fs::read_to_string(&back).expect("UTF-8 CSV from Calc");
    let (ours, calcs) = (csv_cells(&text), csv_cells(&read));
    assert_eq!(ours.len(), calcs.len(), "rows");
    assert_eq!(ours[0][0], "类型", "the BOM is not part of the first cell");
    for (a, b) in ours.iter().zip(&calcs) {
        assert_eq!(a, b, "a row changed in Calc");
    }
    assert!(read.contains("突出规范为基，完善十大基本制度"));
    let _ = std::fs::remove_dir_all(&dir);
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
    // A style for ongoing bars, and its key in the legend.
    assert!(text.contains(".bar.ongoing{") && text.contains("全年推进 ongoing"));
    assert!(text.contains("@page{size:A4 landscape"));
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

/// Whether a program runs (`NAME --version` exits 0; poppler's tools take `-v`).
fn have(program: &str) -> bool {
    let flag = if program.starts_with("pdf") {
        "-v"
    } else {
        "--version"
    };
    Command::new(program)
        .arg(flag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A fresh temporary directory for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("planc-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    dir
}

/// Runs `khal` with a configuration whose one calendar lives in `dir/cal`.
fn khal(dir: &std::path::Path, args: &[&str]) -> String {
    let config = dir.join("config");
    if !config.exists() {
        std::fs::create_dir_all(dir.join("cal")).unwrap();
        std::fs::write(
            &config,
            format!(
                "[calendars]\n[[plan]]\npath = {}\ntype = calendar\n[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n[default]\ndefault_calendar = plan\n",
                dir.join("cal").display()
            ),
        )
        .unwrap();
    }
    let output = Command::new("khal")
        .arg("-c")
        .arg(&config)
        .args(args)
        .env("TZ", "UTC")
        .stdin(Stdio::null())
        .output()
        .expect("khal runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "khal {args:?}: {stderr}");
    assert!(
        !stderr.contains("Error") && !stderr.contains("error"),
        "khal {args:?}: {stderr}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn ics_imports_into_khal_with_one_day_per_item() {
    if !have("khal") {
        missing("khal (apt-get install khal)");
        return;
    }
    let dir = scratch("khal");
    let ics = dir.join("plan.ics");
    let text = ok(&["schedule", BUNDLED, "--format", "ics"]);
    std::fs::write(&ics, &text).unwrap();
    khal(
        &dir,
        &["import", "--batch", "-a", "plan", &ics.to_string_lossy()],
    );
    // khal stores one file per event: every event of the file was taken.
    let stored = std::fs::read_dir(dir.join("cal")).unwrap().count();
    assert_eq!(stored, text.matches("BEGIN:VEVENT").count());
    // Mid-June nothing is due in the bundled plan: before, 59 year-long banners showed that day.
    let june = khal(&dir, &["list", "--format", "{title}", "2020-06-15", "1d"]);
    assert!(
        june.lines().all(|l| !l.contains('（')),
        "items shown on 2020-06-15: {june}"
    );
    // Each item shows on its due day only, as a one-day event.
    let json: Value =
        serde_json::from_str(&ok(&["schedule", BUNDLED, "--format", "json"])).unwrap();
    let item = &json["items"][12];
    let finish = item["finish"].as_str().unwrap();
    let number = item["number"].as_str().unwrap();
    let day = khal(
        &dir,
        &[
            "list",
            "--format",
            "{start-date}|{end-date}|{title}",
            finish,
            "1d",
        ],
    );
    let line = day
        .lines()
        .find(|l| l.contains(number))
        .unwrap_or_else(|| panic!("{number} is not listed on {finish}: {day}"));
    assert_eq!(
        line.split('|').take(2).collect::<Vec<_>>(),
        [finish, finish],
        "{line}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Runs headless Chromium on `page` with `args` (a fresh profile in `dir`); returns its output.
fn chromium(dir: &std::path::Path, page: &std::path::Path, args: &[&str]) -> String {
    let output = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--window-size=1000,700",
        ])
        .arg(format!("--user-data-dir={}", dir.join("profile").display()))
        .args(args)
        .arg(page)
        .stdin(Stdio::null())
        .output()
        .expect("chromium runs");
    assert!(
        output.status.success(),
        "chromium: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The Gantt of the bundled plan written to `dir/gantt.html`.
fn bundled_gantt(dir: &std::path::Path) -> std::path::PathBuf {
    let page = dir.join("gantt.html");
    std::fs::write(
        &page,
        ok(&[
            "schedule",
            BUNDLED,
            "--format",
            "html",
            "--today",
            "2020-05-20",
        ]),
    )
    .unwrap();
    page
}

/// Left, top and width of the first element matching a selector, after scrolling the window
/// to (`x`, `y`): measured in Chromium by a script added to a copy of the page.
fn boxes_after_scrolling(dir: &std::path::Path, page: &std::path::Path, x: i64, y: i64) -> Value {
    let html = std::fs::read_to_string(page).unwrap();
    let probe = format!(
        "<script>window.scrollTo({x},{y});const r=s=>{{const b=document.querySelector(s).getBoundingClientRect();return [Math.round(b.left),Math.round(b.top),Math.round(b.width)]}};document.body.setAttribute('data-probe',JSON.stringify({{x:scrollX,y:scrollY,labels:r('tbody td.lab'),chart:r('tbody td.chart'),months:r('thead th.months'),corner:r('thead th.lab')}}))</script></body>"
    );
    let probed = dir.join("probe.html");
    std::fs::write(&probed, html.replace("</body>", &probe)).unwrap();
    let dom = chromium(dir, &probed, &["--dump-dom"]);
    let start = dom.find("data-probe=\"").expect("the probe ran") + "data-probe=\"".len();
    let end = start + dom[start..].find('"').unwrap();
    serde_json::from_str(&dom[start..end].replace("&quot;", "\"")).expect("probe JSON")
}

#[test]
fn gantt_keeps_its_labels_in_view_while_the_chart_scrolls() {
    if !have("chromium") {
        missing("Chromium (apt-get install chromium)");
        return;
    }
    let dir = scratch("gantt-scroll");
    let page = bundled_gantt(&dir);
    let before = boxes_after_scrolling(&dir, &page, 0, 0);
    let after = boxes_after_scrolling(&dir, &page, 600, 300);
    // The 1000-pixel window scrolled right and down.
    let scrolled = after["x"].as_i64().unwrap();
    assert!(scrolled > 300, "{after}");
    assert_eq!(after["y"], 300, "{after}");
    // The chart moved left under the label column, which stayed at the window's left edge; the
    // months stayed at its top.
    let chart_left = |v: &Value| v["chart"][0].as_i64().unwrap();
    assert_eq!(
        chart_left(&after),
        chart_left(&before) - scrolled,
        "{after}"
    );
    assert_eq!(after["labels"][0], 0, "labels left the window: {after}");
    assert_eq!(
        after["corner"],
        serde_json::json!([0, 0, before["corner"][2]])
    );
    assert_eq!(after["months"][1], 0, "months left the window: {after}");
    assert_eq!(after["months"][0], chart_left(&after), "{after}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn gantt_prints_on_a4_landscape_with_nothing_cut() {
    if !have("chromium") || !have("pdftotext") {
        missing("Chromium and poppler-utils (apt-get install chromium poppler-utils)");
        return;
    }
    let dir = scratch("gantt-print");
    let page = bundled_gantt(&dir);
    let pdf = dir.join("gantt.pdf");
    chromium(
        &dir,
        &page,
        &[
            "--no-pdf-header-footer",
            &format!("--print-to-pdf={}", pdf.display()),
        ],
    );
    let info = Command::new("pdfinfo")
        .arg(&pdf)
        .output()
        .expect("pdfinfo runs");
    let info = String::from_utf8_lossy(&info.stdout);
    let size = info
        .lines()
        .find(|l| l.starts_with("Page size:"))
        .unwrap_or_else(|| panic!("{info}"));
    // 297 × 210 mm, landscape.
    assert!(size.contains("841.9") && size.contains("(A4)"), "{size}");
    let height: f64 = size.split_whitespace().nth(4).unwrap().parse().unwrap();
    assert!((594.0..596.0).contains(&height), "{size}");
    // Every word on its page (the chart scaled to the width), every item listed.
    let bbox = Command::new("pdftotext")
        .args(["-bbox"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let bbox = String::from_utf8_lossy(&bbox.stdout);
    let attr = |line: &str, name: &str| -> f64 {
        let at = line.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        line[at..at + line[at..].find('"').unwrap()]
            .parse()
            .unwrap()
    };
    let mut pages: Vec<Vec<String>> = Vec::new();
    let (mut width, mut height) = (0.0, 0.0);
    for line in bbox.lines().map(str::trim) {
        if line.starts_with("<page ") {
            width = attr(line, "width");
            height = attr(line, "height");
            assert!(width > height, "a portrait page: {line}");
            pages.push(Vec::new());
        } else if line.starts_with("<word ") {
            assert!(
                attr(line, "xMax") <= width + 0.5,
                "cut at the right: {line}"
            );
            assert!(
                attr(line, "yMax") <= height + 0.5,
                "cut at the bottom: {line}"
            );
            let word = &line[line.find('>').unwrap() + 1..line.rfind("</word>").unwrap()];
            pages.last_mut().unwrap().push(word.to_string());
        }
    }
    assert!(pages.len() >= 2, "{} pages", pages.len());
    // The months head every page.
    for words in &pages {
        assert!(words.iter().any(|w| w == "12月"), "{words:?}");
    }
    // Each section's items are on one page (a section fits, so it is not split).
    let json: Value =
        serde_json::from_str(&ok(&["schedule", BUNDLED, "--format", "json"])).unwrap();
    let mut by_section: std::collections::BTreeMap<String, std::collections::BTreeSet<usize>> =
        Default::default();
    for item in json["items"].as_array().unwrap() {
        let number = item["number"].as_str().unwrap();
        let on: Vec<usize> = (0..pages.len())
            .filter(|&p| pages[p].iter().any(|w| w == number))
            .collect();
        assert_eq!(on.len(), 1, "{number} is on pages {on:?}");
        by_section
            .entry(item["section"].as_str().unwrap().to_string())
            .or_default()
            .insert(on[0]);
    }
    for (section, on) in &by_section {
        assert_eq!(on.len(), 1, "section {section} is split over pages {on:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
