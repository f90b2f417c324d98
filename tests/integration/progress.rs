//! Progress files and `planc status`: 序时进度 and red/amber/green on textbook cases with numbers
//! worked out by hand on the 2020 calendar, the history rule, syntax errors, English aliases. The
//! dashboard rendered by headless Chromium is in tests/tools/progress.rs.

use crate::support::BUNDLED;
use crate::support::assert_contains;
use crate::support::build::build_ok;
use crate::support::planc::{planc, planc_ok};
use crate::support::{Scratch, expect_file, read, root};
use planc::calendar::Calendar;
use planc::progress::Status as Reported;
use planc::progress::status::{Rag, rag, schedule_share};
use rust_decimal::Decimal;
use std::path::{Path, PathBuf};
use std::str::FromStr;

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

/// Checks `schedule_share` of the period `start..=finish` on each `(as of, expected per cent)`.
fn assert_shares(start: &str, finish: &str, cases: &[(&str, &str)]) {
    let calendar = calendar_2020();
    for (as_of, expected) in cases {
        assert_eq!(
            schedule_share(&calendar, d(start), d(finish), d(as_of)),
            dec(expected),
            "{start}..{finish} as of {as_of}"
        );
    }
}

/// March 2020 has no holiday: 22 working days (2–6, 9–13, 16–20, 23–27, 30–31).
#[test]
fn schedule_share_in_a_month_without_holidays() {
    assert_shares(
        "2020-03-02",
        "2020-03-31",
        &[
            // By Friday the 13th, 10 of 22 working days: 45.45… → 45.5.
            ("2020-03-13", "45.5"),
            // A weekend adds nothing.
            ("2020-03-15", "45.5"),
            // The first day counts: 1 of 22 = 4.5.
            ("2020-03-02", "4.5"),
            ("2020-02-28", "0"),
            ("2020-03-31", "100"),
            ("2020-06-30", "100"),
        ],
    );
}

/// April 2020: 清明 takes Saturday 4 to Monday 6 off, and Sunday 26 is a make-up working day for
/// 劳动节, so April's 22 weekdays lose the 6th and gain the 26th: 1–3 (3), 7–10 (4), 13–17 (5),
/// 20–24 (5), 26 (1), 27–30 (4) = 22 working days.
#[test]
fn schedule_share_counts_holidays_and_make_up_days() {
    assert_shares(
        "2020-04-01",
        "2020-04-30",
        &[
            // By the 10th: 1, 2, 3, 7, 8, 9, 10 = 7 of 22 = 31.818… → 31.8.
            ("2020-04-10", "31.8"),
            // The holiday Monday adds nothing: by the 6th, 3 of 22 = 13.6.
            ("2020-04-06", "13.6"),
            // By Saturday the 25th: 17 of 22 = 77.3; the make-up Sunday the 26th makes it 18 = 81.8.
            ("2020-04-25", "77.3"),
            ("2020-04-26", "81.8"),
        ],
    );
}

#[test]
fn red_amber_green_rule() {
    use Reported::{Behind, Done, InProgress, Paused};
    let s = "31.8";
    // (reported, per cent, 序时, overdue, checkpoint missed, expected)
    let cases = [
        // Within 10 points of 序时: green; 10.0 behind exactly is still green.
        (InProgress, Some("25"), s, false, false, Rag::Green),
        (InProgress, Some("21.8"), s, false, false, Rag::Green),
        // More than 10 behind: amber; 25.0 behind is amber, more than 25 behind red.
        (InProgress, Some("21.7"), s, false, false, Rag::Amber),
        (InProgress, Some("6.8"), s, false, false, Rag::Amber),
        (InProgress, Some("6.7"), s, false, false, Rag::Red),
        // Overdue is red whatever the per cent; done is green whatever the rest.
        (InProgress, Some("99"), "100", true, false, Rag::Red),
        (Done, Some("0"), "100", true, true, Rag::Green),
        // Reported 滞后 or 暂缓, or a missed checkpoint: at least amber.
        (Behind, Some("50"), s, false, false, Rag::Amber),
        (Paused, None, s, false, false, Rag::Amber),
        (InProgress, Some("50"), s, false, true, Rag::Amber),
        // An unknown per cent is not judged against 序时.
        (InProgress, None, "90", false, false, Rag::Green),
    ];
    for (reported, complete, schedule, overdue, missed, expected) in cases {
        assert_eq!(
            rag(reported, complete.map(dec), dec(schedule), overdue, missed),
            expected,
            "{reported:?} {complete:?}% against {schedule}, overdue {overdue}, missed {missed}"
        );
    }
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

/// A folder with [`APRIL_PLAN`] and its progress reports, `(date, text)` each, as
/// `progress/DATE.progress`.
fn april_plan(name: &str, reports: &[(&str, &str)]) -> Scratch {
    let dir = temp_dir(name);
    dir.write("plan.plan", APRIL_PLAN);
    for (date, text) in reports {
        dir.write(&format!("progress/{date}.progress"), text);
    }
    dir
}

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
    let dir = april_plan(
        "textbook",
        &[(
            "2020-04-10",
            "进展 \"四月计划\" 截至 2020-04-10\n\n事项 甲 推进中 {\n  指标 学校 实际 3所\n}\n事项 乙 推进中 30%\n",
        )],
    );
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
    assert_contains(
        &md,
        &[
            "## 七、与2020年4月10日相比",
            "| （一）四月的工作 | 甲处 | 推进中 → 推进中 | 27.3% → 27.3% | 绿 → 红 |",
        ],
    );
}

#[test]
fn the_latest_report_as_of_the_day_counts() {
    let dir = april_plan(
        "history",
        &[
            (
                "2020-04-10",
                "进展 \"四月计划\" 截至 2020-04-10\n事项 甲 推进中 {\n  指标 学校 实际 3所\n}\n事项 乙 推进中 {\n  节点 评估 完成 2020-04-08\n}\n",
            ),
            // In English keywords.
            (
                "2020-04-30",
                "progress \"四月计划\" as_of 2020-04-30\nitem 甲 done {\n  target 学校 actual 11所\n  done 2020-04-29\n}\n",
            ),
        ],
    );
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
}

#[test]
fn every_syntax_error_of_a_progress_file_is_reported_and_nothing_is_written() {
    let dir = april_plan(
        "syntax",
        &[(
            "2020-04-10",
            "进展 \"四月计划\" 截至 2020-04-10\n事项 甲 进行中 {\n  指标 学校 3所\n  完成情况 \"好\"\n}\n这不是语句\n",
        )],
    );
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
    assert_contains(
        &stderr,
        &[
            "2020-04-10.progress:2:",
            "2020-04-10.progress:3:",
            "2020-04-10.progress:6:",
        ],
    );
    assert!(
        !out.exists(),
        "nothing is written when a progress file has errors"
    );
}

#[test]
fn bulletin_formats_read_the_same_numbers() {
    let dir = april_plan(
        "formats",
        &[(
            "2020-04-10",
            "进展 \"四月计划\" 截至 2020-04-10\n事项 甲 推进中 {\n  指标 学校 实际 3所\n  存在问题 \"用地<待批>\"\n}\n",
        )],
    );
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
}

/// Every progress snippet in GRAMMAR.md (```progress blocks) parses without a problem.
#[test]
fn grammar_examples_parse() {
    let grammar = std::fs::read_to_string(root().join("GRAMMAR.md")).expect("GRAMMAR.md");
    let blocks = crate::support::markdown::fenced_blocks(&grammar, "progress");
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

// ---------------------------------------------------------------- the fast parser agrees with pest

/// Whether the fast progress parser took `text`; an error when it took it and the pest path (the
/// parser of record) gives another tree or reports a problem.
fn fast_agrees(text: &str) -> Result<bool, String> {
    let id = planc::source::FileId(0);
    let Some(fast) = planc::progress::fast::parse(id, text) else {
        return Ok(false);
    };
    let (pest, diagnostics) = planc::progress::syntax::parse_with_pest(id, text);
    if let Some(first) = diagnostics.first() {
        return Err(format!(
            "the fast parser took a text pest reports {} problem(s) in, the first: {}\n--- text:\n{text:?}",
            diagnostics.len(),
            first.message
        ));
    }
    if fast != pest {
        return Err(format!(
            "the trees differ\n--- fast:\n{fast:#?}\n--- pest:\n{pest:#?}\n--- text:\n{text:?}"
        ));
    }
    Ok(true)
}

/// A progress file with every form the grammar has: both keyword languages, statuses, shares,
/// actuals with 万/亿 and units, milestones, occurrences with each list separator, dates with and
/// without their year, escapes, comments, full-width spaces, CRLF and lone CR line ends.
fn every_form(items: usize) -> String {
    let statuses = [
        "未启动",
        "推进中",
        "已完成",
        "滞后",
        "暂缓",
        "not_started",
        "in_progress",
        "done",
        "behind",
        "paused",
    ];
    let mut out =
        String::from("\u{FEFF}// 示例\n进展 \"计划 \\\"甲\\\" \\{x\\}\" 截至 2020-06-30 // 头\n\n");
    for i in 0..items {
        let status = statuses[i % statuses.len()];
        let keyword = if i % 3 == 0 { "item" } else { "事项" };
        let end = ["\n", "\r\n", "\r"][i % 3];
        match i % 5 {
            0 => out.push_str(&format!("{keyword} 事{i}{end}")),
            1 => out.push_str(&format!("{keyword}　事{i}　{status}{end}")),
            2 => out.push_str(&format!("{keyword} 事{i} {}.5％{end}", i % 100)),
            _ => {
                out.push_str(&format!(
                    "{keyword} 事{i} {status} {}% {{ // 块{end}",
                    i % 101
                ));
                out.push_str(&format!("  指标 标{i} 实际 {}个{end}", i * 7));
                out.push_str(&format!("  target t{i} actual 1.2万 人次{end}"));
                out.push_str(&format!("  指标 比{i} 实际 96%{end}\t{end}"));
                out.push_str(&format!("  指标 亿{i} 实际 3亿{end}"));
                out.push_str(&format!("  节点 点{i} 完成 6月{}日{end}", i % 28 + 1));
                out.push_str(&format!(
                    "  milestone m{i} done 2020-05-0{}{end}",
                    i % 9 + 1
                ));
                out.push_str(&format!(
                    "  周期 期{i} 完成 2020-01-31, 2月28号，3月31日 、 4月30日{end}"
                ));
                out.push_str(&format!("  完成 2020-06-{:02}{end}", i % 30 + 1));
                out.push_str(&format!(
                    "  完成情况 \"完成//不是注释 \\\\ \\n 第二行 `x`\"{end}"
                ));
                out.push_str(&format!("  problems \"问题{i}\" // 注{end}"));
                out.push_str(&format!("  下步打算 \"\"{end}}}{end}"));
            }
        }
        if i % 7 == 0 {
            out.push_str(&format!(
                "事项 一行{i} 推进中 {{ 完成 2020-03-0{} }}\n",
                i % 9 + 1
            ));
            out.push_str(&format!("事项 空{i} {{}}\n"));
        }
    }
    out
}

#[test]
fn the_fast_progress_parser_takes_the_sample_history_and_agrees_with_pest() {
    let folder = root().join("plans/progress");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&folder)
        .expect("the sample history")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "progress"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 3, "{paths:?}");
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("a progress file");
        assert_eq!(
            fast_agrees(&text),
            Ok(true),
            "{} takes the fast path",
            path.display()
        );
    }
}

#[test]
fn the_fast_progress_parser_takes_every_form_and_agrees_with_pest() {
    for items in [0, 1, 5, 40] {
        let text = every_form(items);
        assert_eq!(fast_agrees(&text), Ok(true), "{text}");
    }
    // A header only, without a line end; an empty file; a file of comments.
    for text in [
        "进展 \"p\" 截至 2020-06-30",
        "",
        "// 无\n\n   // 空\n",
        "progress \"p\" as_of 2020-06-30\nitem a done 100%\n",
    ] {
        assert_eq!(fast_agrees(text), Ok(true), "{text:?}");
    }
}

/// `planc status` parses its progress files on a second thread before they have their file ids
/// (`progress::prepare`) and places them after the plan's files (`progress::add_all`): every span
/// of every form must then be in the file's own id, as if it had been parsed there.
#[test]
fn progress_files_parsed_before_their_ids_land_in_their_own_files() {
    let texts = [
        every_form(40),
        every_form(7),
        "事项 a 未知状态\n".to_string(),
    ];
    let mut sources = planc::source::SourceMap::new();
    let plan = sources.add("plan.plan".into(), PathBuf::from("plan.plan"), "x".into());
    let files = texts
        .iter()
        .enumerate()
        .map(|(n, text)| planc::progress::ProgressSource {
            name: format!("{n}.progress"),
            path: PathBuf::from(format!("{n}.progress")),
            text: text.clone(),
        })
        .collect();
    let mut diagnostics = Vec::new();
    let prepared = planc::progress::prepare(files);
    let trees = planc::progress::add_all(&mut sources, prepared, &mut diagnostics);
    assert_eq!(trees.len(), 3);
    for (n, (id, tree)) in trees.iter().enumerate() {
        assert_eq!(id.0, plan.0 + 1 + n as u32, "ids follow the plan's files");
        let (expected, found) = planc::progress::syntax::parse(*id, &texts[n]);
        assert_eq!(tree, &expected, "file {n}");
        assert_eq!(found.is_empty(), n < 2, "file {n}: {found:?}");
    }
    // The unknown status went to pest, which reported it in the third file.
    assert!(!diagnostics.is_empty());
    assert!(
        diagnostics
            .iter()
            .flat_map(|d| &d.labels)
            .all(|label| label.span.file == trees[2].0),
        "{diagnostics:?}"
    );
}

/// Broken files: the fast parser gives up on each of these, and pest reports it.
#[test]
fn the_fast_progress_parser_leaves_every_problem_to_pest() {
    let header = "进展 \"p\" 截至 2020-06-30\n";
    for body in [
        "事项 甲 进行中\n",                                     // not a status
        "事项 甲 推进中30%\n",                                  // one word
        "事项 甲 推进中 {\n  指标 乙 3所\n}\n",                 // no 实际
        "事项 甲 {\n  完成 2020-02-30\n}\n",                    // no such day
        "事项 甲 {\n  完成 2020-03-01\n  完成 2020-03-02\n}\n", // twice
        "事项 甲 {\n  完成情况 \"a\\qb\"\n}\n",                 // unknown escape
        "事项 甲 {\n  完成情况 \"a\n\"\n}\n",                   // newline in a string
        "事项 甲 {\n  指标 乙 实际 3 以上\n}\n",                // a reserved word as unit
        "事项 甲 {\n  指标 乙 实际 99999999999999999999999999999999个\n}\n", // too large
        "事项 甲 {\n  完成 2020-03-01\n",                       // never closed
        "事项 甲 推进中\n{\n}\n",                               // a block on its own line
        "}\n",                                                  // stray close
        "这不是语句\n",
        "事项 甲 推进中 50% 多余\n",
        "事项 甲 {\n  周期 乙 完成 2020-01-31,\n}\n", // a separator without a date
        "进展 \"q\" 截至 2020-07-01\n",               // a second header
        "进展 \"q\" 截至 7月1日\n",                   // a header without its year
    ] {
        let text = format!("{header}{body}");
        assert_eq!(fast_agrees(&text), Ok(false), "{text}");
        let (_, diagnostics) =
            planc::progress::syntax::parse_with_pest(planc::source::FileId(0), &text);
        assert!(!diagnostics.is_empty(), "pest reports {text:?}");
    }
    // A date without its year before any header.
    assert_eq!(fast_agrees("事项 甲 {\n  完成 6月1日\n}\n"), Ok(false));
}

/// Every text one edit away from the sample history and the generated file: where the fast parser
/// takes it, pest agrees.
#[test]
fn the_fast_progress_parser_agrees_with_pest_one_edit_away() {
    let mut texts = vec![every_form(12)];
    texts.push(
        std::fs::read_to_string(root().join("plans/progress/2020-06-30.progress")).expect("sample"),
    );
    let edits = [
        "", "{", "}", "\"", "\\", "\n", "%", "万", " ", "//", "-", "0", "月", "日", "、", "完成",
        "事项 ", "x",
    ];
    let mut taken = 0;
    for text in &texts {
        let cuts: Vec<usize> = text.char_indices().map(|(at, _)| at).collect();
        for (n, &at) in cuts.iter().enumerate() {
            let next = cuts.get(n + 1).copied().unwrap_or(text.len());
            for (k, edit) in edits.iter().enumerate() {
                // Every position with a few edits each, to keep the test short.
                if (n + k) % 16 != 0 {
                    continue;
                }
                // Replace the character at `at` by the edit, and insert the edit before it.
                for edited in [
                    format!("{}{edit}{}", &text[..at], &text[next..]),
                    format!("{}{edit}{}", &text[..at], &text[at..]),
                ] {
                    match fast_agrees(&edited) {
                        Ok(true) => taken += 1,
                        Ok(false) => {}
                        Err(message) => panic!("{message}"),
                    }
                }
            }
        }
    }
    assert!(taken > 200, "the fast parser took {taken} edited texts");
}

proptest::proptest! {
    /// Statement soup: where the fast parser takes it, pest agrees.
    #[test]
    fn the_fast_progress_parser_agrees_on_statement_soup(text in "(进展 \"p\" 截至 2020-06-30\n)?((事项|item) (甲|乙|a1)( (推进中|done|进行))?( (5|30.5|101)(%|％))?( \\{\n?((  )?(指标 标 实际 (3|1.2万|7亿)( ?(个|%|以上))?|节点 点 完成 (2020-06-3[01]|6月3[01]日)|周期 期 完成 2020-01-31(, ?3月1日)?|完成 2020-02-2[89]|(完成情况|存在问题|next) \"(a|\\\\n|\\\\q|//)\")( //c)?\n){0,3}\\})?(\n|\r\n| //c\n)){0,6}") {
        fast_agrees(&text).map_err(proptest::test_runner::TestCaseError::fail)?;
    }
}

// ---------------------------------------------------------------- ticking checklists and builds

fn stdout_ok(args: &[&str]) -> String {
    let output = planc(args);
    assert!(
        output.status.success(),
        "planc {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The sample history reports 城域网 (（十三）, led by 常州市电化教育馆) 已完成 on 2020-09-30 and
/// the first 视力筛查 and 心理健康's milestone done by then; nothing of it by 2020-03-31.
#[test]
fn checklists_tick_what_the_sample_history_reports_done() {
    let owner = "常州市电化教育馆";
    let md = stdout_ok(&[
        "checklist",
        BUNDLED,
        "--owner",
        owner,
        "--as-of",
        "2020-09-30",
    ]);
    assert_contains(
        &md,
        &[
            "截至 2020-09-30：已逾期 0，即将到期 1，已完成 3\n",
            "- [x] （十三）夯实教育信息化基础设施建设工程 〔牵头〕",
        ],
    );
    assert!(
        md.contains(
            "- [x] （十九）夯实中小学生视力综合防控工程 · 全市中小学生视力筛查（第1次，共2次）"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "- [ ] （十九）夯实中小学生视力综合防控工程 · 全市中小学生视力筛查（第2次，共2次）"
        ),
        "{md}"
    );
    assert!(
        md.contains("- [x] （二十五）推进实施心理健康教育 · “青果·常开心”心理健康云平台试运行"),
        "{md}"
    );
    assert_eq!(md.matches("- [x]").count(), 3, "{md}");
    // As of the first report nothing of these is done; what is late is marked, never ticked.
    let march = stdout_ok(&[
        "checklist",
        BUNDLED,
        "--owner",
        owner,
        "--as-of",
        "2020-03-31",
    ]);
    assert!(march.contains("，已完成 0\n"), "{march}");
    assert!(!march.contains("- [x]"), "{march}");
    // Every owner: a done item's checkbox is never overdue.
    let all = stdout_ok(&["checklist", BUNDLED, "--as-of", "2020-09-30"]);
    for line in all.lines().filter(|l| l.starts_with("- [x]")) {
        assert!(!line.contains("已逾期"), "{line}");
    }
    assert!(all.contains("**已逾期**"), "the overdue are still marked");
    // HTML: the class and the tick's style.
    let html = stdout_ok(&[
        "checklist",
        BUNDLED,
        "--owner",
        owner,
        "--as-of",
        "2020-09-30",
        "--format",
        "html",
    ]);
    assert!(html.contains("li.done::before { content: \"✓\""), "{html}");
    assert_eq!(
        html.matches("<li class=\"kind-item done\">").count(),
        1,
        "{html}"
    );
    assert!(
        html.contains("<span class=\"status\">已完成</span>"),
        "{html}"
    );
}

/// Without progress files (an empty folder given) the checklists are those of a plan without
/// any: byte for byte, in both formats.
#[test]
fn checklists_without_progress_files_are_unchanged() {
    let dir = temp_dir("untouched");
    let empty = dir.join("progress");
    // The plan and the files it includes, without its progress folder.
    let copy = crate::support::plan_files::copy_bundled_plan(&dir, "changzhou-education-2020.plan");
    for format in ["md", "html"] {
        let with_empty = stdout_ok(&[
            "checklist",
            BUNDLED,
            "--as-of",
            "2020-09-30",
            "--format",
            format,
            "--progress",
            empty.to_str().expect("path"),
        ]);
        // The copy has an empty progress folder beside it.
        let beside = stdout_ok(&[
            "checklist",
            copy.to_str().expect("path"),
            "--as-of",
            "2020-09-30",
            "--format",
            format,
        ]);
        assert_eq!(with_empty, beside);
        assert!(!with_empty.contains("已完成 "), "{with_empty}");
        assert!(!with_empty.contains("- [x]") && !with_empty.contains("done"));
    }
}

/// `planc build` ticks the checklists as of the latest report (or --as-of); with an empty
/// progress folder they are as before.
#[test]
fn build_ticks_the_checklists() {
    let dir = temp_dir("build");
    // The Markdown checklist of 电教馆 that `planc build BUNDLED -o dir/OUT EXTRA…` writes.
    let checklist = |out: &str, extra: &[&str]| {
        let out = dir.join(out);
        build_ok(BUNDLED, &out, extra);
        read(out.join("checklists/电教馆.md"))
    };
    let md = checklist("out", &[]);
    assert_contains(
        &md,
        &[
            "截至 2020-09-30：已逾期 0，即将到期 1，已完成 3\n",
            "- [x] （十三）夯实教育信息化基础设施建设工程",
        ],
    );
    let html = read(dir.join("out/checklists/电教馆.html"));
    assert!(html.contains("<li class=\"kind-item done\">"), "{html}");
    let md = checklist("june", &["--as-of", "2020-06-30"]);
    assert!(
        md.contains("截至 2020-06-30：已逾期 0，即将到期 0，已完成 1\n"),
        "{md}"
    );
    let progress = dir.join("progress");
    let md = checklist("plain", &["--progress", progress.to_str().expect("path")]);
    assert!(!md.contains("- [x]") && !md.contains("截至"), "{md}");
}

// ---------------------------------------------------------------- the 通报 as .docx, with tables

// ---------------------------------------------------------------- diff of two progress snapshots

/// `planc diff` of the sample history's June and September reports, in every format, against the
/// expected outputs in tests/fixtures/progress/ (UPDATE_EXPECT=1 writes them; read them).
#[test]
fn diff_of_two_sample_snapshots() {
    let (old, new) = (
        "plans/progress/2020-06-30.progress",
        "plans/progress/2020-09-30.progress",
    );
    for (format, file) in [
        ("human", "diff.txt"),
        ("md", "diff.md"),
        ("json", "diff.json"),
    ] {
        let text = stdout_ok(&["diff", old, new, "--format", format]);
        expect_file(format!("tests/fixtures/progress/{file}"), &text);
    }
    // The plan named explicitly gives the same; the files the wrong way round are refused.
    let with_plan = stdout_ok(&["diff", old, new, "--plan", BUNDLED]);
    assert_eq!(with_plan, stdout_ok(&["diff", old, new]));
    let reversed = planc(&["diff", new, old]);
    assert_eq!(reversed.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&reversed.stderr).contains("give the earlier file first"),
        "{}",
        String::from_utf8_lossy(&reversed.stderr)
    );
}

/// On a small plan: an item that becomes overdue and a milestone that becomes late slip; an
/// actual that grows and a 已完成 advance.
#[test]
fn diff_names_what_slipped_and_what_advanced() {
    let dir = temp_dir("diff");
    dir.write("plan.plan", APRIL_PLAN);
    let old = dir.join("progress/2020-04-10.progress");
    let new = dir.join("progress/2020-05-06.progress");
    std::fs::write(
        &old,
        "进展 \"四月计划\" 截至 2020-04-10\n事项 甲 推进中 {\n  指标 学校 实际 3所\n}\n事项 丙 推进中 40%\n",
    )
    .expect("old");
    std::fs::write(
        &new,
        "进展 \"四月计划\" 截至 2020-05-06\n事项 甲 推进中 {\n  指标 学校 实际 9所\n}\n事项 丙 已完成\n",
    )
    .expect("new");
    let json = stdout_ok(&[
        "diff",
        old.to_str().expect("path"),
        new.to_str().expect("path"),
        "--format",
        "json",
    ]);
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(
        json["as_of"],
        serde_json::json!(["2020-04-10", "2020-05-06"])
    );
    let item = |id: &str| {
        json["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["id"] == id)
            .cloned()
            .unwrap_or_else(|| panic!("{id} in {json}"))
    };
    // 甲 ran through April: overdue on May 6 although its actual grew.
    let jia = item("甲");
    assert_eq!(jia["change"], "slipped", "{jia}");
    assert_eq!(jia["newly_overdue"], true);
    assert_eq!(
        jia["actuals"],
        serde_json::json!([{"target": "学校", "before": "3所", "after": "9所"}])
    );
    // 乙's milestone was due in April and is not reported done.
    let yi = item("乙");
    assert_eq!(yi["change"], "slipped", "{yi}");
    assert_eq!(yi["newly_late"][0]["title"], "中期评估");
    // 丙 is done.
    let bing = item("丙");
    assert_eq!(bing["change"], "advanced", "{bing}");
    assert_eq!(bing["status"], serde_json::json!(["in_progress", "done"]));
    assert_eq!(
        json["summary"],
        serde_json::json!({"advanced": 1, "slipped": 2, "changed": 0})
    );
}

/// The README's tour shows `planc status` of the sample history: every line it shows (those not
/// elided with `…`) is a line of the real output, in the same order.
#[test]
fn readme_shows_the_status_of_the_sample_history() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let command = "$ planc status plans/changzhou-education-2020.plan --as-of 2020-06-30\n";
    let start = readme.find(command).expect("the README shows planc status") + command.len();
    let shown = readme
        .get(start..)
        .and_then(|rest| rest.split("```").next())
        .expect("the block");
    let output = stdout_ok(&["status", BUNDLED, "--as-of", "2020-06-30"]);
    let mut lines = output.lines();
    let mut checked = 0;
    for line in shown
        .lines()
        .filter(|l| !l.trim().is_empty() && l.trim() != "…")
    {
        assert!(
            lines.any(|real| real == line),
            "README line not in the output (or out of order): {line}\n--- output:\n{output}"
        );
        checked += 1;
    }
    assert!(checked >= 8, "{shown}");
}

/// The 台账 workbook is the same bytes whenever it is written: its creation time is the as-of
/// date, not the clock (rust_xlsxwriter writes the current time unless told otherwise). The two
/// runs are more than a second apart, so a clock time would differ.
#[test]
fn the_sheet_is_the_same_bytes_every_time() {
    let dir = crate::support::Scratch::new("sheet-bytes");
    let write = |name: &str| {
        let book = dir.path().join(name);
        crate::support::planc::planc_ok(&[
            "sheet",
            "plans/changzhou-education-2020.plan",
            "--owner",
            "规划处",
            "--as-of",
            "2020-03-31",
            "-o",
            book.to_str().expect("a UTF-8 path"),
        ]);
        std::fs::read(&book).expect("the workbook was written")
    };
    let first = write("a.xlsx");
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let second = write("b.xlsx");
    assert!(first == second, "two runs wrote different workbooks");
}
