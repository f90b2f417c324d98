//! Growth rates, approximate values and references (issue 13 point 3; GRAMMAR.md, "Growth rates,
//! approximate values and references"): how they check, read in the documents, export, format and
//! diff, and a mutation of the real 政府工作报告 plan that the checker must catch.

use crate::support::assert_contains;
use crate::support::check::planc_check;
use crate::support::schema::schema_errors;
use crate::support::{Planc, Scratch, read};

use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/growth.plan";
const REAL: &str = "plans/government-work-report-2025.plan";
const EXPORT_SCHEMA: &str = "schema/export.schema.json";
const SHANGHAI: &str = "plans/shanghai-government-work-report-2019.plan";

/// `planc check` of a plan written to a scratch folder: exit code and report.
fn check(text: &str) -> (i32, String) {
    planc_check("plan.plan", text)
}

/// A plan with one item holding `targets`, and the baselines and references it may use.
fn plan_with(targets: &str) -> String {
    format!(
        "计划 \"p\" {{\n  期间 2025\n}}\n计量单位 元 所 个\n部门 局\n参照 全市平均 \"全市平均水平\"\n\
         基线 上年收入 \"上年收入\" 120亿元\n基线 上年达标率 \"上年达标率\" 90%\n\
         部分 s \"s\" {{\n  事项 i \"i\" {{\n    牵头 局\n{targets}\n  }}\n}}\n"
    )
}

#[test]
fn the_fixture_checks_clean_and_its_documents_read_as_written() {
    Planc::new().args(["check", FIXTURE]).ok();
    let markdown = Planc::new()
        .args(["doc", FIXTURE, "--format", "md"])
        .ok()
        .stdout;
    for phrase in [
        "国内生产总值增长5%左右",
        "居民收入增长和经济增长同步",
        "粮食产量约14000亿斤",
        "单位国内生产总值能耗降低约3%",
        "一般公共预算收入增长5%",
        "专项债券4.4万亿元、比上年增加5000亿元",
        "达标率不低于全市平均水平",
        "新建项目约10个",
    ] {
        assert!(
            markdown.contains(phrase),
            "the document lacks {phrase}:\n{markdown}"
        );
    }
    let html = Planc::new()
        .args(["doc", FIXTURE, "--format", "html"])
        .ok()
        .stdout;
    assert!(html.contains("增长5%左右") && html.contains("约14000亿斤"));
}

#[test]
fn a_growth_rate_of_a_baseline_in_any_unit_is_no_unit_mismatch() {
    let (code, report) = check(&plan_with("    指标 收入 \"收入\" 较 上年收入 增长 5%"));
    assert_eq!(code, 0, "{report}");
    // A change in the baseline's own unit, and one with no baseline, are fine too.
    let (code, report) = check(&plan_with(
        "    指标 收入 \"收入\" 较 上年收入 增加 6亿元\n    指标 g \"g\" 增长 5% 左右",
    ));
    assert_eq!(code, 0, "{report}");
    // A change in another unit is not.
    let (code, report) = check(&plan_with("    指标 收入 \"收入\" 较 上年收入 增加 5所"));
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("planc::unit_mismatch"), "{report}");
    assert!(report.contains("plan.plan:12:"), "not located: {report}");
    // A share still changes in percentage points (个百分点), not in %.
    let (code, report) = check(&plan_with(
        "    指标 达标率 \"达标率\" 较 上年达标率 提高 2%",
    ));
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("percentage points"), "{report}");
    let (code, report) = check(&plan_with(
        "    指标 达标率 \"达标率\" 较 上年达标率 提高 2个百分点",
    ));
    assert_eq!(code, 0, "{report}");
}

#[test]
fn an_approximate_total_is_never_checked_as_an_exact_sum() {
    let exact = plan_with("    指标 t \"t\" 10个 其中 { 局 4 }");
    let (code, report) = check(&exact);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("planc::split_sum"), "{report}");
    for approximate in [
        "    指标 t \"t\" 约 10个 其中 { 局 4 }",
        "    指标 t \"t\" 10个 左右 其中 { 局 4 }",
    ] {
        let (code, report) = check(&plan_with(approximate));
        assert_eq!(code, 0, "{approximate}: {report}");
    }
    // Its parts are still held to its unit.
    let (code, report) = check(&plan_with("    指标 t \"t\" 约 10个 其中 { 局 4所 }"));
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("planc::unit_mismatch"), "{report}");
}

#[test]
fn a_reference_used_as_a_share_and_as_a_count_is_reported_at_both() {
    let (code, report) = check(&plan_with(
        "    指标 a \"a\" 较 全市平均 提高 2个百分点\n    指标 b \"b\" 较 全市平均 增加 3所",
    ));
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("planc::reference_use"), "{report}");
    assert!(report.contains("plan.plan:13:"), "not located: {report}");
    assert_contains(&report, &["used as a share", "used as a quantity in `所`"]);
    // Growth rates and comparisons say nothing of its unit: no error.
    let (code, report) = check(&plan_with(
        "    指标 a \"a\" 较 全市平均 提高 2个百分点\n    指标 b \"b\" 较 全市平均 增长 3%\n    指标 c \"c\" 不低于 全市平均\n    指标 d \"d\" 同步 全市平均",
    ));
    assert_eq!(code, 0, "{report}");
}

/// The mutation of issue 13: change how a real plan uses its growth reference and the checker
/// reports it, at both uses.
#[test]
fn changing_a_growth_references_use_in_the_real_plan_is_reported() {
    let plan = read(REAL);
    Planc::new().args(["check", REAL]).ok();
    let mutated = plan
        .replace(
            "指标 失业率 \"城镇调查失业率\" 5.5% 左右",
            "指标 失业率 \"城镇调查失业率\" 较 经济增长 降低 0.5个百分点",
        )
        .replace(
            "指标 新增就业 \"城镇新增就业\" 1200万人 以上",
            "指标 新增就业 \"城镇新增就业\" 较 经济增长 增加 100万人",
        );
    assert_ne!(mutated, plan, "the mutation found its lines");
    let (code, report) = check(&mutated);
    assert_eq!(code, 1, "{report}");
    assert_contains(
        &report,
        &["planc::reference_use", "the reference `经济增长`"],
    );
    let line = |needle: &str| {
        mutated
            .lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .expect("the mutated line")
    };
    let at = format!("plan.plan:{}:", line("较 经济增长 增加 100万人"));
    assert!(report.contains(&at), "not located at {at}: {report}");
    assert!(report.contains("used as a share (a change in percentage points)"));
}

#[test]
fn export_marks_approximations_changes_and_references() {
    let output = Planc::new().args(["export", FIXTURE]).ok();
    let value: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let references: Vec<&str> = value["baselines"]
        .as_array()
        .expect("baselines")
        .iter()
        .filter(|b| b["reference"] == true)
        .map(|b| b["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(references, ["经济增长", "全市平均"]);
    // A reference's unit is inferred from its uses: 全市平均 is changed against in percentage
    // points, so it is a share; nothing tells 经济增长's.
    let units: Vec<&str> = value["baselines"].as_array().expect("baselines")[0..2]
        .iter()
        .map(|b| b["unit"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(units, ["", "%"]);
    let targets = value["goals"][0]["targets"].as_array().expect("targets");
    let gdp = &targets[0];
    assert_eq!(gdp["kind"], "change");
    assert_eq!(gdp["baseline"], Value::Null);
    assert_eq!(gdp["approximate"], true);
    assert_eq!(gdp["text"], "5%左右");
    assert_eq!(targets[1]["comparison"], "~");
    let item_targets = value["sections"][0]["items"][0]["targets"]
        .as_array()
        .expect("item targets");
    let bonds = &item_targets[1];
    assert_eq!(bonds["value"], "4400000000000");
    assert_eq!(bonds["change"]["baseline"], "上年专项债");
    assert_eq!(bonds["change"]["value"], "500000000000");
    assert!(item_targets[0].get("approximate").is_none());
    // The schema accepts it, and rejects an approximation that is not `true`.
    let errors = schema_errors(EXPORT_SCHEMA, &value);
    assert!(errors.is_empty(), "{errors:?}");
    let mut broken = value.clone();
    broken["goals"][0]["targets"][0]["approximate"] = Value::from("yes");
    assert!(!schema_errors(EXPORT_SCHEMA, &broken).is_empty());
}

#[test]
fn formatting_keeps_every_form_and_is_stable() {
    let dir = Scratch::new("growth-fmt");
    for source in [FIXTURE, REAL, SHANGHAI] {
        let path = dir.write("plan.plan", read(source));
        Planc::new().arg("fmt").arg(&path).ok();
        let once = std::fs::read_to_string(&path).expect("formatted");
        Planc::new().args(["fmt", "--check"]).arg(&path).ok();
        for form in ["同步 经济增长", "左右", "参照 经济增长"] {
            assert!(once.contains(form), "{source}: `{form}` lost:\n{once}");
        }
        assert!(
            once.contains("增长 5% 左右") || once.contains("增长 6%-6.5%"),
            "{source}: a growth rate lost:\n{once}"
        );
        // The formatted plan reads the same: its document is unchanged.
        let before = Planc::new()
            .args(["doc", source, "--format", "md"])
            .ok()
            .stdout;
        let after = Planc::new()
            .args(["doc", "--format", "md"])
            .arg(&path)
            .ok()
            .stdout;
        assert_eq!(before, after, "{source}");
    }
}

#[test]
fn diff_shows_a_changed_growth_rate_and_approximation() {
    let dir = Scratch::new("growth-diff");
    let old = read(REAL);
    let new = old
        .replace("增长 5% 左右", "增长 5.5% 左右")
        .replace("1.4万亿斤 左右", "1.4万亿斤");
    let old_path = dir.write("old.plan", &old);
    let new_path = dir.write("new.plan", &new);
    let run = Planc::new().arg("diff").arg(&old_path).arg(&new_path).run();
    assert!(run.stdout.contains("GDP"), "{}", run.stdout);
    assert!(run.stdout.contains("增长 5%"), "{}", run.stdout);
    assert!(run.stdout.contains("增长 5.5%"), "{}", run.stdout);
    assert!(run.stdout.contains("粮食产量"), "{}", run.stdout);
    assert!(run.stdout.contains("1.4万亿斤 左右"), "{}", run.stdout);
}

#[test]
fn or_so_glued_to_a_unit_is_explained() {
    let (code, report) = check(&plan_with("    指标 t \"t\" 10所左右"));
    assert_eq!(code, 1, "{report}");
    assert_contains(
        &report,
        &[
            "the unit `所左右` is not declared",
            "put a space before `左右`: `所 左右`",
        ],
    );
    let (code, report) = check(&plan_with("    指标 t \"t\" 10所 左右"));
    assert_eq!(code, 0, "{report}");
}

#[test]
fn a_checklist_states_a_value_with_its_change() {
    let checklist = Planc::new().args(["checklist", FIXTURE]).ok().stdout;
    assert_contains(
        &checklist,
        &[
            "专项债券达4.4万亿元，较上年专项债券增加5000亿元",
            "新建项目达约10个",
        ],
    );
}

#[test]
fn citing_the_change_of_a_target_that_states_none_is_an_error() {
    let text =
        plan_with("    正文 \"收入{收入}，比上年增加{收入.变化}\"\n    指标 收入 \"收入\" 130亿元");
    let (code, report) = check(&text);
    assert_eq!(code, 1, "{report}");
    assert!(
        report.contains("`收入` states no change beside its value"),
        "{report}"
    );
    assert!(report.contains("plan.plan:12:"), "not located: {report}");
    let text = plan_with(
        "    正文 \"收入{收入}，比上年增加{收入.变化}\"\n    指标 收入 \"收入\" 130亿元 较 上年收入 增加 10亿元",
    );
    let (code, report) = check(&text);
    assert_eq!(code, 0, "{report}");
}

/// A plan of targets only (a report's 主要预期目标) dates nothing, so a year whose official
/// arrangement planc does not have is no reason to warn; a plan with items still gets the warning.
#[test]
fn a_plan_that_dates_nothing_needs_no_calendar() {
    let goals = "计划 \"p\" {\n  期间 2019\n}\n主要目标 {\n  目标 g \"g\" {\n    正文 \"增长{t}\"\n    指标 t \"t\" 增长 6%-6.5%\n  }\n}\n";
    let (code, report) = check(goals);
    assert_eq!(code, 0, "{report}");
    assert!(!report.contains("warning"), "{report}");
    let with_item = format!(
        "{goals}部门 局\n部分 s \"s\" {{\n  事项 i \"i\" {{\n    牵头 局\n    时限 6月\n  }}\n}}\n"
    );
    let (_, report) = check(&with_item);
    assert!(report.contains("planc::provisional_calendar"), "{report}");
}

#[test]
fn a_range_of_growth_reads_and_exports_as_written() {
    let output = Planc::new().args(["export", SHANGHAI]).ok();
    let value: Value = serde_json::from_str(&output.stdout).expect("JSON");
    let gdp = &value["goals"][0]["targets"][0];
    assert_eq!(gdp["kind"], "change");
    assert_eq!(gdp["value"], "6");
    assert_eq!(gdp["high"], "6.5");
    assert_eq!(gdp["text"], "6%-6.5%");
    let errors = schema_errors(EXPORT_SCHEMA, &value);
    assert!(errors.is_empty(), "{errors:?}");
    // The low end without a unit reads as written and is in the high end's unit.
    let (code, report) = check(&plan_with(
        "    正文 \"增长{g}\"\n    指标 g \"g\" 增长 4.5-5% 左右\n    指标 h \"h\" 较 上年收入 增长 6%-5%",
    ));
    assert_eq!(code, 1, "{report}");
    assert_contains(
        &report,
        &[
            "planc::inverted_range",
            "the range 6%-5% runs from high to low",
        ],
    );
    assert!(!report.contains("unit_mismatch"), "{report}");
}
