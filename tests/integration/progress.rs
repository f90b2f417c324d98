//! Progress files and `planc status`: 序时进度 and red/amber/green on textbook cases with numbers
//! worked out by hand on the 2020 calendar, the history rule, syntax errors, English aliases. The
//! dashboard rendered by headless Chromium is in tests/tools/progress.rs.

use crate::support::{Planc, Scratch, root};
use planc::calendar::Calendar;
use planc::progress::Status as Reported;
use planc::progress::status::{Rag, rag, schedule_share};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

fn planc(args: &[&str]) -> std::process::Output {
    Planc::new().args(args).env("NO_COLOR", "1").output()
}

/// `planc ARGS`, which must succeed.
fn planc_ok(args: &[&str]) -> crate::support::Run {
    Planc::new().args(args).env("NO_COLOR", "1").ok()
}

/// A temporary folder with a `progress` folder in it.
fn temp_dir(name: &str) -> Scratch {
    let dir = Scratch::new(name);
    std::fs::create_dir_all(dir.join("progress")).expect("temp dir");
    dir
}

fn d(text: &str) -> jiff::civil::Date {
    text.parse().expect("a date")
}

fn dec(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a decimal")
}

fn calendar_2020() -> Calendar {
    Calendar::for_period(d("2020-01-01"), d("2020-12-31")).expect("2020 is covered")
}

/// March 2020 has no holiday: 22 working days (2–6, 9–13, 16–20, 23–27, 30–31).
#[test]
fn schedule_share_in_a_month_without_holidays() {
    let calendar = calendar_2020();
    let (start, finish) = (d("2020-03-02"), d("2020-03-31"));
    // By Friday the 13th, 10 of 22 working days: 45.45… → 45.5.
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-03-13")),
        dec("45.5")
    );
    // A weekend adds nothing.
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-03-15")),
        dec("45.5")
    );
    // The first day counts: 1 of 22 = 4.5.
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-03-02")),
        dec("4.5")
    );
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-02-28")),
        dec("0")
    );
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-03-31")),
        dec("100")
    );
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-06-30")),
        dec("100")
    );
}

/// April 2020: 清明 takes Saturday 4 to Monday 6 off, and Sunday 26 is a make-up working day for
/// 劳动节, so April's 22 weekdays lose the 6th and gain the 26th: 1–3 (3), 7–10 (4), 13–17 (5),
/// 20–24 (5), 26 (1), 27–30 (4) = 22 working days.
#[test]
fn schedule_share_counts_holidays_and_make_up_days() {
    let calendar = calendar_2020();
    let (start, finish) = (d("2020-04-01"), d("2020-04-30"));
    // By the 10th: 1, 2, 3, 7, 8, 9, 10 = 7 of 22 = 31.818… → 31.8.
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-04-10")),
        dec("31.8")
    );
    // The holiday Monday adds nothing: by the 6th, 3 of 22 = 13.6.
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-04-06")),
        dec("13.6")
    );
    // By Saturday the 25th: 17 of 22 = 77.3; the make-up Sunday the 26th makes it 18 = 81.8.
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-04-25")),
        dec("77.3")
    );
    assert_eq!(
        schedule_share(&calendar, start, finish, d("2020-04-26")),
        dec("81.8")
    );
}

#[test]
fn red_amber_green_rule() {
    let s = dec("31.8");
    // Within 10 points of 序时: green; 10.0 behind exactly is still green.
    assert_eq!(
        rag(Reported::InProgress, Some(dec("25")), s, false, false),
        Rag::Green
    );
    assert_eq!(
        rag(Reported::InProgress, Some(dec("21.8")), s, false, false),
        Rag::Green
    );
    // More than 10 behind: amber; 25.0 behind is amber, more than 25 behind red.
    assert_eq!(
        rag(Reported::InProgress, Some(dec("21.7")), s, false, false),
        Rag::Amber
    );
    assert_eq!(
        rag(Reported::InProgress, Some(dec("6.8")), s, false, false),
        Rag::Amber
    );
    assert_eq!(
        rag(Reported::InProgress, Some(dec("6.7")), s, false, false),
        Rag::Red
    );
    // Overdue is red whatever the per cent; done is green whatever the rest.
    assert_eq!(
        rag(
            Reported::InProgress,
            Some(dec("99")),
            dec("100"),
            true,
            false
        ),
        Rag::Red
    );
    assert_eq!(
        rag(Reported::Done, Some(dec("0")), dec("100"), true, true),
        Rag::Green
    );
    // Reported 滞后 or 暂缓, or a missed checkpoint: at least amber.
    assert_eq!(
        rag(Reported::Behind, Some(dec("50")), s, false, false),
        Rag::Amber
    );
    assert_eq!(rag(Reported::Paused, None, s, false, false), Rag::Amber);
    assert_eq!(
        rag(Reported::InProgress, Some(dec("50")), s, false, true),
        Rag::Amber
    );
    // An unknown per cent is not judged against 序时.
    assert_eq!(
        rag(Reported::InProgress, None, dec("90"), false, false),
        Rag::Green
    );
}

const APRIL_PLAN: &str = r#"计划 "四月计划" {
  期间 2020
}
计量单位 所
部门 甲处 "甲处"
部门 乙处 "乙处"
部分 一 "第一部分" {
  事项 甲 "四月的工作" {
    牵头 甲处
    时段 4月
    指标 学校 "新建学校" 11所
  }
  事项 乙 "全年的工作" {
    牵头 乙处
    时限 年内
    节点 评估 "中期评估" 时限 4月
  }
  事项 丙 "上半年的工作" {
    牵头 乙处
    时限 H1
  }
}
"#;

fn status_json(dir: &Path, as_of: &str) -> serde_json::Value {
    let plan = dir.join("plan.plan");
    let run = planc_ok(&[
        "status",
        plan.to_str().expect("utf-8 path"),
        "--as-of",
        as_of,
        "--format",
        "json",
    ]);
    serde_json::from_str(&run.stdout).expect("JSON")
}

fn item<'a>(json: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    json["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == id))
        .expect("the item")
}

#[test]
fn status_of_a_textbook_plan() {
    let dir = temp_dir("textbook");
    dir.write("plan.plan", APRIL_PLAN);
    std::fs::write(
        dir.join("progress/2020-04-10.progress"),
        "进展 \"四月计划\" 截至 2020-04-10\n\n事项 甲 推进中 {\n  指标 学校 实际 3所\n}\n事项 乙 推进中 30%\n",
    )
    .expect("progress");
    let json = status_json(&dir, "2020-04-10");
    let a = item(&json, "甲");
    // 7 of 22 working days: 31.8; 3 of 11 schools: 27.3% complete, 4.5 points behind: green.
    assert_eq!(a["schedule"], "31.8");
    assert_eq!(a["complete"], "27.3");
    assert_eq!(a["rag"], "green");
    let target = &json["targets"][0];
    assert_eq!(target["share"], "27.3");
    assert_eq!(target["met"], false);
    // At 3 schools in 7 working days, 22 working days make 3 × 22 / 7 = 9.43 → 9.
    assert_eq!(target["projection"], "9");
    // 乙 spans the year from 2020-01-02: the 2020 calendar has working days 1-02 … 4-10.
    assert_eq!(item(&json, "乙")["complete"], "30");
    // 丙 has no entry: unreported, 未启动, 0%: behind 序时 by far more than 25 points: red.
    let c = item(&json, "丙");
    assert_eq!(c["status"], "not_started");
    assert_eq!(c["reported"], serde_json::Value::Null);
    assert_eq!(c["rag"], "red");

    // After April, 甲 is overdue (red), and 乙's milestone is late (amber).
    let json = status_json(&dir, "2020-05-06");
    let a = item(&json, "甲");
    assert_eq!(a["overdue"], true);
    assert_eq!(a["rag"], "red");
    assert_eq!(a["schedule"], "100");
    assert_eq!(json["late_milestones"][0]["id"], "评估");
    assert_eq!(json["late_milestones"][0]["due"], "2020-04-30");
    let b = item(&json, "乙");
    // 30% against 序时 32.9 (82 of 249 working days) is close enough, but the milestone is late.
    assert_eq!(b["schedule"], "32.9");
    assert_eq!(b["rag"], "amber", "{b}");
    assert_eq!(json["total"]["red"], 2);
    assert_eq!(json["total"]["amber"], 1);

    // Compared with 04-10: 甲 slipped from green to red, 乙 from green to amber.
    let output = planc(&[
        "status",
        dir.join("plan.plan").to_str().expect("path"),
        "--as-of",
        "2020-05-06",
        "--since",
        "2020-04-10",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let changes = &json["changes"];
    assert_eq!(changes["since"], "2020-04-10");
    let a = changes["items"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "甲"))
        .expect("甲 changed");
    assert_eq!(a["slipped"], true);
    assert_eq!(a["rag"], serde_json::json!(["green", "red"]));
    let md = planc(&[
        "status",
        dir.join("plan.plan").to_str().expect("path"),
        "--as-of",
        "2020-05-06",
        "--since",
        "2020-04-10",
        "--format",
        "md",
    ]);
    let md = String::from_utf8(md.stdout).expect("utf-8");
    assert!(md.contains("## 七、与2020年4月10日相比"), "{md}");
    assert!(
        md.contains("| （一）四月的工作 | 甲处 | 推进中 → 推进中 | 27.3% → 27.3% | 绿 → 红 |"),
        "{md}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_latest_report_as_of_the_day_counts() {
    let dir = temp_dir("history");
    dir.write("plan.plan", APRIL_PLAN);
    std::fs::write(
        dir.join("progress/2020-04-10.progress"),
        "进展 \"四月计划\" 截至 2020-04-10\n事项 甲 推进中 {\n  指标 学校 实际 3所\n}\n事项 乙 推进中 {\n  节点 评估 完成 2020-04-08\n}\n",
    )
    .expect("progress");
    // In English keywords.
    std::fs::write(
        dir.join("progress/2020-04-30.progress"),
        "progress \"四月计划\" as_of 2020-04-30\nitem 甲 done {\n  target 学校 actual 11所\n  done 2020-04-29\n}\n",
    )
    .expect("progress");
    let early = status_json(&dir, "2020-04-20");
    assert_eq!(early["reports"], serde_json::json!(["2020-04-10"]));
    assert_eq!(item(&early, "甲")["status"], "in_progress");
    let late = status_json(&dir, "2020-05-06");
    assert_eq!(
        late["reports"],
        serde_json::json!(["2020-04-10", "2020-04-30"])
    );
    assert_eq!(item(&late, "甲")["status"], "done");
    assert_eq!(item(&late, "甲")["rag"], "green");
    assert_eq!(late["targets"][0]["actual"], "11");
    assert_eq!(late["targets"][0]["met"], true);
    // The milestone done in the first report stays done.
    assert_eq!(late["late_milestones"], serde_json::json!([]));
    // 乙 keeps its entry of 04-10 (the later file does not mention it).
    assert_eq!(item(&late, "乙")["reported"], "2020-04-10");
    // The burn-up: one done by 04-30, none by 04-10; 甲 was planned to finish by 04-30.
    assert_eq!(
        late["burnup"],
        serde_json::json!([
            {"date": "2020-04-10", "done": 0, "planned": 0},
            {"date": "2020-04-30", "done": 1, "planned": 1}
        ])
    );
    // 甲 advanced between the two reports: in progress, then done.
    let plan_path = dir.join("plan.plan");
    let output = planc(&[
        "status",
        plan_path.to_str().expect("path"),
        "--since",
        "2020-04-10",
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let a = json["changes"]["items"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["id"] == "甲"))
        .expect("甲 changed");
    assert_eq!(a["advanced"], true);
    assert_eq!(a["status"], serde_json::json!(["in_progress", "done"]));
    // Without --as-of, the latest report's day.
    let plan = dir.join("plan.plan");
    let output = planc(&["status", plan.to_str().expect("path"), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(json["as_of"], "2020-04-30");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn every_syntax_error_of_a_progress_file_is_reported_and_nothing_is_written() {
    let dir = temp_dir("syntax");
    dir.write("plan.plan", APRIL_PLAN);
    std::fs::write(
        dir.join("progress/2020-04-10.progress"),
        "进展 \"四月计划\" 截至 2020-04-10\n事项 甲 进行中 {\n  指标 学校 3所\n  完成情况 \"好\"\n}\n这不是语句\n",
    )
    .expect("progress");
    let out = dir.join("status.md");
    let plan = dir.join("plan.plan");
    let output = planc(&[
        "status",
        plan.to_str().expect("path"),
        "--format",
        "md",
        "-o",
        out.to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert_eq!(stderr.matches("planc::syntax").count(), 3, "{stderr}");
    assert!(stderr.contains("2020-04-10.progress:2:"), "{stderr}");
    assert!(stderr.contains("2020-04-10.progress:3:"), "{stderr}");
    assert!(stderr.contains("2020-04-10.progress:6:"), "{stderr}");
    assert!(
        !out.exists(),
        "nothing is written when a progress file has errors"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn bulletin_formats_read_the_same_numbers() {
    let dir = temp_dir("formats");
    dir.write("plan.plan", APRIL_PLAN);
    std::fs::write(
        dir.join("progress/2020-04-10.progress"),
        "进展 \"四月计划\" 截至 2020-04-10\n事项 甲 推进中 {\n  指标 学校 实际 3所\n  存在问题 \"用地<待批>\"\n}\n",
    )
    .expect("progress");
    let plan = dir.join("plan.plan");
    let plan = plan.to_str().expect("path");
    let md = planc(&["status", plan, "--format", "md"]);
    let md = String::from_utf8(md.stdout).expect("utf-8");
    assert!(
        md.starts_with("# 关于《四月计划》推进情况的督查通报"),
        "{md}"
    );
    assert!(
        md.contains("| 新建学校 | 11所 | 3所 | 27.3% | 未达成 | 按当前进度，至4月30日约9所 |"),
        "{md}"
    );
    let html = planc(&["status", plan, "--format", "html"]);
    let html = String::from_utf8(html.stdout).expect("utf-8");
    assert!(html.contains("<td>27.3%</td>"), "{html}");
    assert!(!html.contains("<待批>"), "text is escaped");
    let human = planc(&["status", plan]);
    let human = String::from_utf8(human.stdout).expect("utf-8");
    assert!(
        human.contains("学校: 3所 of 11所 (27.3%); at this pace 9所 of 11所 by 2020-04-30"),
        "{human}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Every progress snippet in GRAMMAR.md (```progress blocks) parses without a problem.
#[test]
fn grammar_examples_parse() {
    let grammar = std::fs::read_to_string(root().join("GRAMMAR.md")).expect("GRAMMAR.md");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in grammar.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```progress") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    assert!(!blocks.is_empty(), "GRAMMAR.md has progress examples");
    for block in blocks {
        let (tree, diagnostics) = planc::progress::syntax::parse(planc::source::FileId(0), &block);
        assert!(diagnostics.is_empty(), "{block}\n{diagnostics:?}");
        assert!(!tree.items.is_empty(), "{block}");
    }
}

proptest::proptest! {
    /// Any text: the progress parser returns a tree and diagnostics, never panics.
    #[test]
    fn the_progress_parser_never_panics(text in "(进展|事项|指标|实际|节点|完成|周期|截至|\"|\\{|\\}|\\n| |[a-z0-9%.-]|学位|已完成|6月30日|2020-06-30|//){0,60}") {
        let _ = planc::progress::syntax::parse(planc::source::FileId(0), &text);
    }
}
