//! `planc checklist` on a small plan: snapshots (tests/fixtures/doc/; UPDATE_SNAPSHOTS=1 to
//! regenerate), owners' parts of breakdowns, recurring occurrences, --as-of, --by month, HTML.

const SMALL: &str = "tests/fixtures/doc/small.plan";
const BUNDLED: &str = "plans/changzhou-education-2020.plan";

#[path = "support/fixture_runs.rs"]
mod fixture_runs;
use fixture_runs::{planc, snapshot};

fn stdout_of(args: &[&str]) -> String {
    let output = planc(args);
    assert!(
        output.status.success(),
        "planc {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn checklist_markdown_snapshot() {
    let md = stdout_of(&["checklist", SMALL, "--as-of", "2021-06-20"]);
    snapshot("small-checklist.md", &md);
}

#[test]
fn checklist_html_snapshot() {
    let html = stdout_of(&[
        "checklist",
        SMALL,
        "--format",
        "html",
        "--as-of",
        "2021-06-20",
    ]);
    snapshot("small-checklist.html", &html);
    assert!(html.contains("@page"));
    assert!(html.contains("class=\"kind-occurrence overdue\""));
}

#[test]
fn checklist_shows_the_owners_part_of_a_breakdown() {
    let md = stdout_of(&["checklist", SMALL, "--owner", "乙区"]);
    assert!(md.starts_with("# 乙区工作清单"));
    assert!(md.contains("  - 课改实验学校达10所，其中乙区3所\n"));
    assert!(
        !md.contains("基础教育处工作清单"),
        "only the owner asked for"
    );
    // On the bundled plan: 溧阳市 has 4 of the 44 projects.
    let md = stdout_of(&["checklist", BUNDLED, "--owner", "溧阳市"]);
    assert!(md.contains("新建、改扩建教育重点项目达44个，其中溧阳市4个"));
}

#[test]
fn checklist_lists_every_occurrence_and_marks_leads_and_supports() {
    let md = stdout_of(&["checklist", SMALL, "--owner", "体卫处"]);
    let occurrences: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("- [ ]") && l.contains("视力筛查（第"))
        .collect();
    assert_eq!(occurrences.len(), 2, "{md}");
    assert!(occurrences[0].contains("（第1次，共2次）") && occurrences[0].contains("2021-04-30"));
    assert!(occurrences[1].contains("（第2次，共2次）"));
    assert!(md.contains("〔牵头〕"));
    let md = stdout_of(&["checklist", SMALL, "--owner", "甲区"]);
    assert!(md.contains("- [ ] （一）1.（1）区域联合教研 〔牵头〕 时限：下半年（2021-12-31）"));
    assert!(md.contains("- [ ] （一）深化课堂教学改革 〔配合〕"));
}

#[test]
fn checklist_as_of_marks_overdue_and_due_soon() {
    let md = stdout_of(&[
        "checklist",
        SMALL,
        "--owner",
        "甲区",
        "--as-of",
        "2021-06-20",
    ]);
    assert!(md.contains("截至 2021-06-20：已逾期 1，即将到期 2"));
    let overdue = md
        .lines()
        .find(|l| l.contains("**已逾期**"))
        .expect("an overdue line");
    assert!(overdue.contains("2021-04-30"));
    let without = stdout_of(&["checklist", SMALL, "--owner", "甲区"]);
    assert!(!without.contains("已逾期") && !without.contains("即将到期"));
}

#[test]
fn checklist_groups_by_month() {
    let md = stdout_of(&["checklist", SMALL, "--owner", "甲区", "--by", "month"]);
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with("## ")).collect();
    assert_eq!(
        headings,
        [
            "## 2021年4月",
            "## 2021年6月",
            "## 2021年10月",
            "## 2021年12月"
        ]
    );
    let en = stdout_of(&["checklist", SMALL, "--owner", "甲区", "--lang", "en"]);
    assert!(en.contains("## 2021 Q2 (Apr–Jun)"));
    assert!(en.contains("〔lead〕"));
}

#[test]
fn checklist_rejects_an_unknown_owner() {
    let output = planc(&["checklist", SMALL, "--owner", "丙区"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("丙区"));
}

#[test]
fn checklist_covers_every_owner_of_the_bundled_plan() {
    let md = stdout_of(&["checklist", BUNDLED]);
    let owners = md.lines().filter(|l| l.starts_with("# ")).count();
    assert!(owners > 30, "{owners} checklists");
    // Every item appears in at least one checklist, with its number and title.
    let export = planc(&["export", BUNDLED]);
    let export: serde_json::Value = serde_json::from_slice(&export.stdout).expect("JSON");
    for section in export["sections"].as_array().into_iter().flatten() {
        for item in section["items"].as_array().into_iter().flatten() {
            let line = format!(
                "- [ ] {}{} ",
                item["number"].as_str().unwrap_or(""),
                item["title"].as_str().unwrap_or("")
            );
            assert!(md.contains(&line), "no checkbox `{line}`");
        }
    }
}

fn load(text: &str, name: &str) -> planc::model::Plan {
    let dir = std::env::temp_dir().join(format!("planc-checklist-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("plan.plan");
    std::fs::write(&path, text).expect("write plan");
    let loaded = planc::loader::load(
        &planc::loader::DiskFileSystem,
        &path,
        planc::loader::LoadOptions::default(),
    )
    .expect("loads");
    let checked = planc::check::check(loaded);
    let _ = std::fs::remove_dir_all(&dir);
    checked.plan.expect("a plan")
}

/// The calendar-day expansion used when a plan cannot be scheduled.
#[test]
fn checklist_occurrence_fallback_covers_every_frequency() {
    let plan = load(
        "计划 \"T\" {\n  期间 2021\n}\n计量单位 次\n部门 甲 \"甲\"\n部分 S \"S\" {\n  事项 I \"I\" {\n    牵头 甲\n\
         周期 年 \"年\" 全年 2次 于 4月, 10月\n\
         周期 月 \"月\" 每月 1次 截至 28日\n\
         周期 季 \"季\" 每季度 1次\n\
         周期 周 \"周\" 每周 1次\n\
         周期 半 \"半\" 全年 2次\n  }\n}\n",
        "fallback",
    );
    let dates = |index: usize| -> Vec<String> {
        planc::emit::checklist::occurrences(&plan, &plan.recurrences[index])
            .into_iter()
            .map(|d| d.to_string())
            .collect()
    };
    assert_eq!(dates(0), ["2021-04-30", "2021-10-31"]);
    let monthly = dates(1);
    assert_eq!(monthly.len(), 12);
    assert_eq!(monthly[0], "2021-01-28");
    assert_eq!(monthly[11], "2021-12-28");
    assert_eq!(
        dates(2),
        ["2021-03-31", "2021-06-30", "2021-09-30", "2021-12-31"]
    );
    let weekly = dates(3);
    assert_eq!(
        weekly.len(),
        53,
        "2021 starts on a Friday: 53 partial or whole weeks"
    );
    assert_eq!(weekly[0], "2021-01-03");
    assert_eq!(weekly[52], "2021-12-31");
    assert_eq!(dates(4), ["2021-07-01", "2021-12-31"]);
}
