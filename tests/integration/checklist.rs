//! `planc checklist` on a small plan: snapshots (tests/fixtures/doc/; UPDATE_EXPECT=1 to
//! regenerate), owners' parts of breakdowns, recurring occurrences, --as-of, --by month, HTML.

use crate::support::assert_contains;
use crate::support::{BUNDLED, SMALL, stdout_of};
use crate::support::{Planc, expect_file, planc::planc};

#[test]
fn checklist_markdown_snapshot() {
    Planc::new()
        .args(["checklist", SMALL, "--as-of", "2021-06-20"])
        .ok()
        .expect_stdout("tests/fixtures/doc/small-checklist.md");
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
    expect_file("tests/fixtures/doc/small-checklist.html", &html);
    assert_contains(&html, &["@page", "class=\"kind-occurrence overdue\""]);
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
    // The sub-item says 下半年, but it is inside an item due in the second quarter: the schedule
    // (and so the checklist) has it due by the end of June.
    assert_contains(
        &md,
        &[
            "- [ ] （一）1.（1）区域联合教研 〔牵头〕 时限：下半年（2021-06-30）",
            // `年内` work is filed under the whole year, and an occurrence due on a Sunday (10-31) is due
            // on the working day before.
            "## 2021年全年\n\n- [ ] （二）开展视力筛查 〔配合〕 时限：年内（2021-12-31）",
            "视力筛查（第2次，共2次） 〔配合〕 时限：2021-10-29",
            "- [ ] （一）深化课堂教学改革 〔配合〕",
        ],
    );
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
    assert!(md.contains("截至 2021-06-20：已逾期 1，即将到期 3"));
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
            "## 2021年全年",
            "## 2021年4月",
            "## 2021年6月",
            "## 2021年10月"
        ]
    );
    let en = stdout_of(&["checklist", SMALL, "--owner", "甲区", "--lang", "en"]);
    assert_contains(&en, &["## 2021 Q2 (Apr–Jun)", "〔lead〕"]);
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

/// The checklists (default options) of every owner of a plan that checks and schedules.
fn checklists_of(text: &str) -> Vec<planc::emit::checklist::Checklist> {
    let plan = crate::support::check::check_text("plan.plan", text)
        .plan
        .expect("a plan");
    let schedule = planc::schedule::schedule(&plan, &Default::default()).expect("schedules");
    planc::emit::checklist::checklists(
        &plan,
        &schedule,
        &[],
        &planc::emit::checklist::ChecklistOptions::default(),
    )
}

/// Checklists show the schedule's dates: occurrences as the schedule places them (one rule),
/// an item due on a Sunday on the working day before, a milestone on its working day, and `年内`
/// work under 全年 rather than under the fourth quarter.
#[test]
fn checklist_dates_are_the_schedules_working_days() {
    let lists = checklists_of(
        "计划 \"T\" {\n  期间 2021\n}\n计量单位 次\n部门 甲 \"甲\"\n部分 S \"S\" {\n\
         事项 I \"I\" {\n    牵头 甲\n    时限 2021-10-31\n\
         节点 M \"M\" 时限 2021-05-30\n\
         周期 年 \"年\" 全年 2次 于 4月, 10月\n\
         周期 月 \"月\" 每月 1次 截至 28日\n  }\n\
         事项 Y \"Y\" {\n    牵头 甲\n    时限 年内\n  }\n}\n",
    );
    let entries: Vec<(String, String, String)> = lists[0]
        .buckets
        .iter()
        .flat_map(|b| {
            b.entries
                .iter()
                .map(|e| (b.label.clone(), e.text.clone(), e.date.clone()))
        })
        .collect();
    let date_of = |text: &str| -> Vec<String> {
        entries
            .iter()
            .filter(|(_, t, _)| t.contains(text))
            .map(|(_, _, d)| d.clone())
            .collect()
    };
    // 2021-10-31 and 2021-05-30 are Sundays.
    assert_eq!(date_of("I · M"), ["2021-05-28"]);
    assert_eq!(date_of("年（"), ["2021-04-30", "2021-10-29"]);
    let monthly = date_of("月（");
    assert_eq!(monthly.len(), 10, "January–October: the item is due 10-31");
    assert_eq!(monthly[0], "2021-01-28");
    assert_eq!(monthly[1], "2021-02-26", "02-28 is a Sunday");
    // The one entry whose task ends with `suffix`: (bucket, date).
    let only = |suffix: &str| {
        let found: Vec<_> = entries
            .iter()
            .filter(|(_, t, _)| t.ends_with(suffix))
            .collect();
        assert_eq!(found.len(), 1, "{suffix}: {entries:#?}");
        (found[0].0.as_str(), found[0].2.as_str())
    };
    assert_eq!(only("I"), ("2021年第四季度（10—12月）", "2021-10-29"));
    assert_eq!(only("Y"), ("2021年全年", "2021-12-31"));
    // The whole-year bucket comes first.
    assert_eq!(lists[0].buckets[0].label, "2021年全年");
}

/// In a multi-year plan, `年内` work runs the whole period: filed first, under the period's years.
#[test]
fn checklist_files_whole_period_work_first_in_a_multi_year_plan() {
    let lists = checklists_of(
        "计划 \"十四五\" {\n  期间 2021-01-01 .. 2025-12-31\n}\n计量单位 次\n部门 甲 \"甲\"\n部分 S \"S\" {\n\
         事项 A \"A\" {\n    牵头 甲\n    时限 年内\n    周期 查 \"查\" 全年 1次 于 5月\n  }\n}\n",
    );
    let labels: Vec<&str> = lists[0].buckets.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels[0], "2021—2025年全期");
    assert_eq!(lists[0].buckets[0].entries[0].date, "2025-12-31");
    // One 5月 occurrence in each of the five years.
    assert_eq!(labels.len(), 6, "{labels:?}");
    assert_eq!(labels[1], "2021年第二季度（4—6月）");
    assert_eq!(labels[5], "2025年第二季度（4—6月）");
}
