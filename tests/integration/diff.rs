//! `planc diff`: pairs of small plans with their verbatim expected reports (tests/fixtures/diff), a
//! JSON check, and a git-based comparison in a temporary repository with two commits.
//!
//! To accept new output after a deliberate change: `UPDATE_EXPECT=1 cargo test diff::`.

use crate::support::assert_contains;
use crate::support::{Planc, git as git_repo, json, planc::check_file, temp_dir};

use git_repo::git;

use std::path::{Path, PathBuf};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

/// Runs `planc diff NAME.old.plan NAME.new.plan` in the fixture folder (which holds a planc.toml),
/// in the human and the Markdown format, and compares stdout, followed by `[exit N]`, with the
/// expected files (`NAME.expected.txt` and `NAME.expected.md`).
fn check_pair(name: &str) {
    for (format, extension) in [("human", "txt"), ("md", "md")] {
        check_pair_in(name, format, extension);
    }
}

fn check_pair_in(name: &str, format: &str, extension: &str) {
    let dir = fixtures();
    let output = Planc::new()
        .dir(&dir)
        .args(["diff", "--format", format])
        .arg(format!("{name}.old.plan"))
        .arg(format!("{name}.new.plan"))
        .output();
    let mut actual = String::from_utf8(output.stdout).expect("utf-8");
    actual.push_str(&format!("[exit {}]\n", output.status.code().unwrap_or(-1)));
    let expected = format!("tests/fixtures/diff/{name}.expected.{extension}");
    if let Err(difference) = check_file(expected, &actual) {
        panic!(
            "{difference}\n(stderr: {})",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn targets_raised_lowered_stretch_and_parts() {
    check_pair("targets");
}

#[test]
fn items_added_removed_moved_renumbered_reassigned() {
    check_pair("items");
}

#[test]
fn layout_only_changes_are_no_changes() {
    check_pair("layout");
}

#[test]
fn json_report() {
    let output = Planc::new()
        .dir(fixtures())
        .args([
            "diff",
            "--format",
            "json",
            "targets.old.plan",
            "targets.new.plan",
        ])
        .output();
    assert_eq!(output.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let lowered = json::entry(&value["changes"], "kind", "target_lowered");
    assert_eq!(lowered["id"], "改造");
    assert_eq!(lowered["old"], "力争 ≥ 20所");
    assert_eq!(lowered["new"], "力争 ≥ 15所");
    assert_eq!(lowered["percent"], "-25%");
    assert_eq!(value["counts"]["target_raised"], 3);
    assert_eq!(
        json::strings(&value["violations"], "rule"),
        ["lowered-target-needs-reason", "lowered-target-needs-reason"]
    );
}

#[test]
fn without_a_policy_nothing_fails() {
    let dir = temp_dir("diff-nopolicy");
    for name in ["targets.old.plan", "targets.new.plan"] {
        std::fs::copy(fixtures().join(name), dir.join(name)).expect("copy");
    }
    let output = Planc::new()
        .dir(&dir)
        .args(["diff", "targets.old.plan", "targets.new.plan"])
        .output();
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn git_revision_with_includes() {
    let dir = temp_dir("diff-git");
    std::fs::create_dir_all(dir.join("plan/sections")).expect("dir");
    let main = "计划 \"示例\" {\n  期间 2020\n}\n\n计量单位 所\n部门 甲处\n部门 乙处\n\n引入 \"sections/one.plan\"\n";
    let section = |value: &str, lead: &str| {
        format!(
            "部分 一 \"第一部分\" {{\n  事项 建设 \"建设学校\" {{\n    牵头 {lead}\n    指标 新建 \"新建学校\" {value}\n    时限 年内\n  }}\n}}\n"
        )
    };
    dir.write("plan/main.plan", main);
    dir.write("plan/sections/one.plan", section("10所", "甲处"));
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "first"]);
    dir.write("plan/sections/one.plan", section("8所", "乙处"));
    git(&dir, &["commit", "-q", "-a", "-m", "second"]);

    // HEAD~1 against the working tree (which is HEAD), from inside the plan folder.
    let output = Planc::new()
        .dir(dir.join("plan"))
        .args(["diff", "--git", "HEAD~1", "main.plan"])
        .output();
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(
        text,
        "HEAD~1:main.plan → main.plan\n\
         lead reassigned: 建设: 甲处 → 乙处  [sections/one.plan:2]\n\
         target lowered: 新建 (事项 建设): 10所 → 8所 (-20%) [weakened]  [sections/one.plan:4]\n\
         2 changes\n",
        "stderr: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(output.status.code(), Some(0));

    // With a policy, the lowered target without a reason fails.
    dir.write(
        "plan/planc.toml",
        "[rules]\nlowered-target-needs-reason = true\n",
    );
    let output = Planc::new()
        .dir(dir.join("plan"))
        .args(["diff", "--git", "HEAD~1", "main.plan"])
        .output();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        text.contains("sections/one.plan:4:8: error[policy::lowered-target-needs-reason]"),
        "{text}"
    );

    // No file: every tracked entry plan (main.plan has the header; one.plan does not).
    let output = Planc::new()
        .dir(&dir)
        .args(["diff", "--git", "HEAD", "--format", "json"])
        .output();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let reports = value.as_array().expect("one report per entry plan");
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["new"], "plan/main.plan");
    assert_eq!(reports[0]["changes"].as_array().map(Vec::len), Some(0));
}

#[test]
fn usage_errors() {
    let output = Planc::new().args(["diff", "only-one.plan"]).output();
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn an_insertion_in_the_bundled_plan_renumbers_in_one_row() {
    let plans = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans");
    let dir = temp_dir("diff-bundled");
    for (old_or_new, insert) in [("old", false), ("new", true)] {
        let target = dir.join(old_or_new);
        std::fs::create_dir_all(target.join("changzhou-education-2020")).expect("dir");
        for entry in std::fs::read_dir(plans.join("changzhou-education-2020")).expect("read") {
            let path = entry.expect("entry").path();
            let mut text = std::fs::read_to_string(&path).expect("read");
            if insert && path.to_string_lossy().contains("01-") {
                let at = text.find("  事项 ").expect("an item");
                text.insert_str(
                    at,
                    "  事项 新增首项 \"新增的第一项\" {\n    牵头 办公室\n    时限 年内\n  }\n\n",
                );
            }
            let name = path.file_name().expect("name");
            std::fs::write(target.join("changzhou-education-2020").join(name), text)
                .expect("write");
        }
        std::fs::copy(
            plans.join("changzhou-education-2020.plan"),
            target.join("changzhou-education-2020.plan"),
        )
        .expect("copy");
    }
    let output = Planc::new()
        .dir(&dir)
        .args([
            "diff",
            "--format",
            "md",
            "old/changzhou-education-2020.plan",
            "new/changzhou-education-2020.plan",
        ])
        .output();
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(output.status.code(), Some(0), "{text}");
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("事项重新编号"))
        .collect();
    assert_eq!(rows.len(), 1, "{text}");
    assert!(
        rows[0].starts_with("| 2 | 事项重新编号 | `60 items` | — | "),
        "{text}"
    );
    assert_contains(
        &text,
        &[
            "| 1 | 新增事项 | `新增首项`（部分 规范为基） | — | （一） 新增的第一项 |",
            "共 61 处修改。",
        ],
    );
}

#[test]
fn a_plan_added_since_the_revision_is_all_additions() {
    let dir = temp_dir("diff-git-new");
    dir.write("README", "x\n");
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "first"]);
    let plan = "计划 \"示例\" {\n  期间 2020\n}\n\n计量单位 所\n部门 甲处\n\n部分 一 \"第一部分\" {\n  事项 建设 \"建设学校\" {\n    牵头 甲处\n    指标 新建 \"新建学校\" 10所\n  }\n}\n";
    dir.write("new.plan", plan);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "second"]);
    let output = Planc::new()
        .dir(&dir)
        .args(["diff", "--git", "HEAD~1", "new.plan"])
        .output();
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_contains(&text, &["item added: 建设", "target added: 新建"]);
}

#[test]
fn recurrences_added_removed_and_changed() {
    check_pair("recurrences");
}
