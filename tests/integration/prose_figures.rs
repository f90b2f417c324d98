//! Figures in prose whose unit is not declared (issue 14): planted into a copy of the bundled plan,
//! `惠及学生5000人` (人 is not one of its units) is still reported as a figure no target binds, with
//! a hint to declare the unit.

use crate::support::assert_contains;
use crate::support::plan_files::copy_bundled_plan;
use crate::support::{Planc, temp_dir};

use serde_json::Value;
use std::path::Path;

/// A copy of the bundled plan (the entry file and its folder of sections) in a fresh folder.
fn copy_of_bundled_plan(name: &str) -> crate::support::Scratch {
    let dir = temp_dir(name);
    copy_bundled_plan(&dir, "changzhou-education-2020.plan");
    dir
}

fn check_json(dir: &Path) -> Value {
    let output = Planc::new()
        .args(["check", "--format", "json", "changzhou-education-2020.plan"])
        .dir(dir)
        .output();
    serde_json::from_slice(&output.stdout).expect("a JSON report")
}

#[test]
fn a_figure_with_an_undeclared_unit_planted_in_the_bundled_plan_is_reported() {
    let dir = copy_of_bundled_plan("undeclared-unit");
    let file = dir.join("changzhou-education-2020/03-民生为重.plan");
    let text = std::fs::read_to_string(&file).expect("read the section");
    let original = "惠及学生{导学人次}；";
    assert!(text.contains(original), "the bundled plan changed");
    // Before the plant the copy checks clean.
    assert_eq!(check_json(&dir)["diagnostics"], Value::Array(vec![]));
    std::fs::write(
        &file,
        text.replacen(original, "惠及学生{导学人次}，另有5000人参与；", 1),
    )
    .expect("plant the figure");
    let report = check_json(&dir);
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diagnostics.len(), 1, "{report}");
    let figure = &diagnostics[0];
    assert_eq!(figure["code"], "planc::unbound_figure");
    assert_eq!(figure["severity"], "warning");
    assert_eq!(
        figure["message"],
        "the figure `5000人` in the text is not bound to a target"
    );
    assert_eq!(figure["file"], "changzhou-education-2020/03-民生为重.plan");
    let line = text
        .lines()
        .position(|line| line.contains(original))
        .map(|index| index + 1);
    assert_eq!(figure["line"].as_u64(), line.map(|l| l as u64));
    let help = figure["help"].as_str().unwrap_or_default();
    assert_contains(help, &["`人` is not a declared unit", "`计量单位 人`"]);
}

#[test]
fn declared_units_time_words_and_ordinals_are_not_undeclared_units() {
    let dir = copy_of_bundled_plan("not-units");
    let file = dir.join("changzhou-education-2020/03-民生为重.plan");
    let text = std::fs::read_to_string(&file).expect("read the section");
    // 人次 is declared (a target of its own is needed, but it is not an undeclared unit); 年,
    // 月 and 日 are time; 第3批 is an order, not a quantity.
    let planted = text.replacen(
        "惠及学生{导学人次}；",
        "惠及学生{导学人次}，于6月30日前分第3批推进；",
        1,
    );
    std::fs::write(&file, planted).expect("plant the text");
    let report = check_json(&dir);
    assert_eq!(report["diagnostics"], Value::Array(vec![]), "{report}");
}
