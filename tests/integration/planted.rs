//! Inconsistencies planted one at a time into a copy of the bundled plan: each must be reported,
//! at the place it was planted, and nothing else may change.

use crate::support::{Planc, Scratch};

use std::path::Path;

const SECTION: &str = "changzhou-education-2020/03-民生为重.plan";

/// A fresh copy of the bundled plan in a temporary folder.
fn copy_plan() -> Scratch {
    let dir = Scratch::new("planted");
    crate::support::plan_files::copy_bundled_plan(&dir, "changzhou-education-2020.plan");
    dir
}

/// Replaces `old` (which must occur exactly once) by `new` in one file of the copy.
fn plant(dir: &Path, file: &str, old: &str, new: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("read the plan");
    assert_eq!(
        text.matches(old).count(),
        1,
        "`{old}` is not once in {file}"
    );
    std::fs::write(&path, text.replace(old, new)).expect("write the plan");
}

/// `planc check --format json` on the copy: its diagnostics.
fn check(dir: &Path) -> Vec<serde_json::Value> {
    let output = Planc::new()
        .args(["check", "--format", "json", "changzhou-education-2020.plan"])
        .dir(dir)
        .output();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    // A target planted beside a cited one (a second target of the same metric) is not cited
    // itself: its `uncited_target` warning is true but not what these tests plant (typos.rs
    // tests that warning).
    json["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|diagnostic| diagnostic["code"] != "planc::uncited_target")
        .collect()
}

/// The line and column (1-based, in characters) of the first occurrence of `needle` in a file.
fn position(dir: &Path, file: &str, needle: &str) -> (u64, u64) {
    let text = std::fs::read_to_string(dir.join(file)).expect("read the plan");
    let offset = text.find(needle).expect("the needle is in the file");
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line as u64, column as u64)
}

/// The only diagnostic of the copy, which must have `code` and be at `needle` in `file`.
fn only_diagnostic(dir: &Path, code: &str, file: &str, needle: &str) -> serde_json::Value {
    let diagnostics = check(dir);
    assert_eq!(
        diagnostics.len(),
        1,
        "exactly one diagnostic expected: {diagnostics:#?}"
    );
    let diagnostic = diagnostics[0].clone();
    assert_eq!(diagnostic["code"], code, "{diagnostic:#}");
    assert!(
        diagnostic["file"]
            .as_str()
            .is_some_and(|f| f.ends_with(file)),
        "{diagnostic:#}"
    );
    let (line, column) = position(dir, file, needle);
    assert_eq!(diagnostic["line"], line, "{diagnostic:#}");
    assert_eq!(diagnostic["column"], column, "{diagnostic:#}");
    diagnostic
}

#[test]
fn the_bundled_plan_is_clean() {
    let dir = copy_plan();
    assert_eq!(check(&dir), Vec::<serde_json::Value>::new());
}

#[test]
fn percentage_points_as_a_count_of_schools() {
    let dir = copy_plan();
    plant(
        &dir,
        SECTION,
        "\"新创建学校体育课程改革实验学校\" 10所",
        "\"新创建学校体育课程改革实验学校\" 16个百分点",
    );
    let diagnostic = only_diagnostic(&dir, "planc::unit_mismatch", SECTION, "16个百分点");
    assert_eq!(
        diagnostic["message"],
        "`16个百分点` is in percentage points, but `体育实验校` is not a change in a share"
    );
}

#[test]
fn percentage_points_as_a_share() {
    let dir = copy_plan();
    plant(
        &dir,
        SECTION,
        "\"组建家长学校的学校比例\" 100%",
        "\"组建家长学校的学校比例\" 达 100个百分点",
    );
    only_diagnostic(&dir, "planc::unit_mismatch", SECTION, "100个百分点");
}

#[test]
fn a_stretch_goal_below_the_firm_target() {
    let dir = copy_plan();
    plant(
        &dir,
        SECTION,
        "    指标 真爱护航 \"“真爱护航”家庭教育系列公益培训课程\" 100场\n",
        "    指标 真爱护航 \"“真爱护航”家庭教育系列公益培训课程\" 100场\n    \
         指标 真爱护航力争 \"“真爱护航”家庭教育系列公益培训课程\" 力争 80场\n",
    );
    let firm = position(&dir, SECTION, "100场");
    let diagnostic = only_diagnostic(&dir, "planc::weak_stretch", SECTION, "80场");
    assert_eq!(diagnostic["severity"], "warning");
    let labels = diagnostic["labels"].as_array().expect("labels");
    assert_eq!(labels.len(), 2, "{diagnostic:#}");
    assert_eq!(labels[0]["text"], "stretch goal (`力争`)");
    assert_eq!(labels[1]["text"], "firm target");
    assert_eq!(
        (&labels[1]["line"], &labels[1]["column"]),
        (&firm.0.into(), &firm.1.into())
    );
}

#[test]
fn a_firm_floor_above_the_stretch_goal() {
    let dir = copy_plan();
    plant(
        &dir,
        SECTION,
        "    指标 帮扶人次 \"社会力量参助帮困奖优\" 力争 逾 5500人次\n",
        "    指标 帮扶人次 \"社会力量参助帮困奖优\" 力争 逾 5500人次\n    \
         指标 帮扶底线 \"社会力量参助帮困奖优\" 不少于 6000人次\n",
    );
    let diagnostic = only_diagnostic(&dir, "planc::weak_stretch", SECTION, "5500人次");
    assert!(
        diagnostic["message"]
            .as_str()
            .is_some_and(|m| m.contains("`帮扶人次`") && m.contains("`帮扶底线`")),
        "{diagnostic:#}"
    );
}

#[test]
fn a_stretch_goal_above_the_firm_target_is_fine() {
    let dir = copy_plan();
    plant(
        &dir,
        SECTION,
        "    指标 帮扶人次 \"社会力量参助帮困奖优\" 力争 逾 5500人次\n",
        "    指标 帮扶人次 \"社会力量参助帮困奖优\" 力争 逾 5500人次\n    \
         指标 帮扶底线 \"社会力量参助帮困奖优\" 不少于 5000人次\n",
    );
    assert_eq!(check(&dir), Vec::<serde_json::Value>::new());
}

#[test]
fn a_stretch_ceiling_above_the_firm_ceiling() {
    // Less is better here (`不超过`): the stretch goal allows more than the firm commitment.
    let dir = copy_plan();
    plant(
        &dir,
        SECTION,
        "    指标 帮扶人次 \"社会力量参助帮困奖优\" 力争 逾 5500人次\n",
        "    指标 帮扶人次 \"社会力量参助帮困奖优\" 力争 逾 5500人次\n    \
         指标 等待天数 \"资助申请平均等待天数\" 不超过 10天数\n    \
         指标 等待天数力争 \"资助申请平均等待天数\" 力争 不超过 12天数\n",
    );
    plant(
        &dir,
        "changzhou-education-2020.plan",
        "计量单位 个",
        "计量单位 天数 个",
    );
    only_diagnostic(&dir, "planc::weak_stretch", SECTION, "12天数");
}

#[test]
fn a_stretch_change_smaller_than_the_firm_change() {
    let file = "changzhou-education-2020/02-育人为本.plan";
    let dir = copy_plan();
    plant(
        &dir,
        file,
        "    指标 近视率 \"全市中小学生近视率\" 力争 较 上年近视率 降低 1个百分点\n",
        "    指标 近视率 \"全市中小学生近视率\" 力争 较 上年近视率 降低 1个百分点\n    \
         指标 近视率底线 \"全市中小学生近视率\" 较 上年近视率 降低 2个百分点\n",
    );
    let diagnostic = only_diagnostic(&dir, "planc::weak_stretch", file, "1个百分点");
    assert_eq!(
        diagnostic["message"],
        "the stretch goal `近视率` (1个百分点) asks for less than the firm target `近视率底线` (2个百分点) on the same metric"
    );
}
