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

/// A plan of `items` items, each with a text; every other text holds a figure no target binds
/// (`12 pcs`), and the last cites `{LAST}`. Item `i`'s target is `i + 1` things.
fn many_texts_plan(items: usize, last: &str) -> String {
    let mut plan = String::from(
        "plan \"Many texts\" {\n  period 2020\n}\nunit pcs\ndepartment d1 \"One\"\nsection s \"S\" {\n",
    );
    for i in 0..items {
        let text = if i + 1 == items {
            format!("Deliver {{{last}}}.")
        } else if i % 2 == 0 {
            format!("Deliver {{t{i}}} and 12 pcs more.")
        } else {
            format!("Deliver {{t{i}}}.")
        };
        plan.push_str(&format!(
            "  item i{i} \"Work\" {{\n    lead d1\n    text \"{text}\"\n    target t{i} \"things\" {} pcs\n    due 2020-06\n  }}\n",
            i + 1
        ));
    }
    plan.push_str("}\n");
    plan
}

/// A plan of 24,000 texts has its later half read as prose on a second thread (20,000 or more,
/// `check::resolve::citations`). Problems found there are reported as a reading in document
/// order reports them: the first 10,000 unbound figures one by one and the count of the rest
/// from the 10,001st, which is in the later half, and "did you mean" for an unknown citation in
/// the last text, which only the reading in order can suggest.
#[test]
fn problems_in_the_later_half_of_a_large_plans_prose_are_reported_in_document_order() {
    let items = 24_000;
    let dir = temp_dir("many-texts");
    dir.write("many.plan", many_texts_plan(items, "t23998x"));
    let output = Planc::new()
        .args(["check", "--format", "json", "many.plan"])
        .dir(dir.path())
        .output();
    let report: Value = serde_json::from_slice(&output.stdout).expect("a JSON report");
    let diagnostics = report["diagnostics"].as_array().expect("diagnostics");
    let figures: Vec<&Value> = diagnostics
        .iter()
        .filter(|d| d["code"] == "planc::unbound_figure")
        .collect();
    // 12,000 figures (the even items but the last): 10,000 one by one, then the count.
    assert_eq!(figures.len(), 10_001);
    let more = figures
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("more figures"))
        })
        .expect("the count of the rest");
    assert_contains(
        more["message"].as_str().unwrap_or_default(),
        &["2000 more figures"],
    );
    // The 10,001st figure is in item 20,000's text: item i starts on line 7 + 6i, its text two
    // lines below.
    assert_eq!(more["line"].as_u64(), Some(9 + 6 * 20_000));
    let unknown = diagnostics
        .iter()
        .find(|d| d["message"].as_str().is_some_and(|m| m.contains("t23998x")))
        .expect("the unknown citation");
    assert_eq!(unknown["severity"], "error");
    assert_contains(&unknown.to_string(), &["`t23998`"]);
}

/// Without problems, every text of a large plan is read into its item, the later half (read on a
/// second thread) as well as the first: the Markdown document shows each item's own figure.
#[test]
fn a_large_plans_prose_is_read_into_every_item() {
    let items = 24_000;
    let dir = temp_dir("many-texts-clean");
    let plan = many_texts_plan(items, &format!("t{}", items - 1)).replace(" and 12 pcs more", "");
    dir.write("many.plan", plan);
    let document = Planc::new()
        .args(["doc", "--format", "md", "many.plan"])
        .dir(dir.path())
        .ok()
        .stdout;
    let cited: Vec<&str> = document
        .lines()
        .filter_map(|line| line.split_once("Deliver ").map(|(_, cited)| cited))
        .collect();
    let expected: Vec<String> = (1..=items).map(|n| format!("{n}pcs.")).collect();
    assert_eq!(cited, expected, "every text, in its own item");
}
