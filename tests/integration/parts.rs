//! Breakdowns by category (issue 13, points 1 and 2): categories and free labels as parts, nested
//! breakdowns, `分别`, totals with a comparison, and where they show: the check (a changed part of a
//! real plan is reported at it), citations, the export and its schema, the checklists, `diff`, the
//! documents and the formatter.

use crate::support::assert_contains;
use crate::support::check::errors;
use crate::support::{Planc, read, temp_dir};

use planc::check::Checked;
use planc::diagnostic::Code;
use serde_json::Value;

/// The real plan (深圳市教育局《2022年学位建设情况》) whose figures the mutations change.
const SHENZHEN: &str = "plans/shenzhen-degrees-2022.plan";

fn check_text(text: &str) -> Checked {
    crate::support::check::check_text("plan.plan", text)
}

/// Checks `text`, which must give no diagnostic at all.
fn check_clean(text: &str) -> Checked {
    let checked = check_text(text);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
    checked
}

/// The messages of the errors the check of `text` reports.
fn error_messages(text: &str) -> Vec<String> {
    errors(&check_text(text))
        .into_iter()
        .map(|d| d.message)
        .collect()
}

/// `text` with the `nth` (from 0) occurrence of `from` replaced by `to`, and the byte range of the
/// replacement.
fn mutate(text: &str, from: &str, nth: usize, to: &str) -> (String, std::ops::Range<usize>) {
    let at = text
        .match_indices(from)
        .nth(nth)
        .map(|(at, _)| at)
        .unwrap_or_else(|| panic!("`{from}` occurs fewer than {} times", nth + 1));
    let mutated = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    (mutated, at..at + to.len())
}

/// The one error of a mutated plan: `split_sum`, with a label that covers the changed figure.
fn reported_at(text: &str, range: std::ops::Range<usize>) -> String {
    let checked = check_text(text);
    let errors = errors(&checked);
    assert_eq!(
        errors.len(),
        1,
        "one error expected: {:#?}",
        errors.iter().map(|d| &d.message).collect::<Vec<_>>()
    );
    let error = &errors[0];
    assert_eq!(error.code, Code::SplitSum, "{}", error.message);
    assert!(
        error
            .labels
            .iter()
            .any(|label| label.span.start as usize <= range.start
                && range.end <= label.span.end as usize),
        "no label of `{}` covers the changed figure at {range:?}: {:?}",
        error.message,
        error.labels
    );
    error.message.clone()
}

#[test]
fn the_real_plan_checks_clean_and_a_changed_category_part_is_reported_at_it() {
    let plan = read(SHENZHEN);
    check_clean(&plan);
    // 普高 4.35万 → 3.35万: the autumn's places add up to 14.05万, short of 超 15万.
    let (mutated, range) = mutate(&plan, "4.35万个", 0, "3.35万个");
    let message = reported_at(&mutated, range);
    assert_eq!(
        message,
        "the parts of `秋季学位` add up to 14.05万个, but the total is more than 15万个"
    );
    // 义务教育 110所 → 111所 in the year's `分别`: 179 schools, not 178.
    let (mutated, range) = mutate(&plan, "110所", 0, "111所");
    let message = reported_at(&mutated, range);
    assert_eq!(
        message,
        "the parts of `全年学校` add up to 179所, but the total is 178所"
    );
    // 超 15万 allows more: 幼儿园 0.5万 → 1.5万 (16.05万) is still correct.
    let (mutated, _) = mutate(&plan, "0.5万个", 0, "1.5万个");
    assert!(errors(&check_text(&mutated)).is_empty());
    // Without 超 the same parts (15.05万) no longer agree with 15万.
    let (mutated, _) = mutate(&plan, "超 15万个", 0, "15万个");
    assert!(
        errors(&check_text(&mutated))
            .iter()
            .any(|d| d.code == Code::SplitSum)
    );
}

const NESTED: &str = r#"计划 "x" {
  期间 2021
  导言 "新建学校{新建学校}，其中凉州区{新建学校.凉州区}（小学{新建学校.凉州区.小学}、初中{新建学校.凉州区.初中}），古浪县{新建学校.古浪县}，其他{新建学校.其他}；新增学位{学位}，新增教师{教师}，其中市区{学位.市区}、{教师.市区}，{教师.parts}。"
}
计量单位 所 个 名
类别 小学
类别 初中 "初级中学"
辖区 凉州区
辖区 古浪县
辖区 市区
辖区 郊区
主要目标 {
  目标 g "学校建设" {
    指标 新建学校 "新建学校" 9所 其中 {
      凉州区 4 其中 { 小学 2, 初中 2 }
      古浪县 不少于 3
      "其他" 1
    }
    指标 学位 "新增学位" 2万个
    指标 教师 "新增教师" 1000名
    分别 学位, 教师 其中 {
      市区 1.2万个 600名
      郊区 8000个 400名
    }
  }
}
部分 s "工作" {
  事项 i "建设学校" {
    牵头 凉州区
    配合 古浪县, 市区, 郊区
  }
}
"#;

#[test]
fn nested_parts_free_labels_and_respectively_are_cited_as_written() {
    let checked = check_clean(NESTED);
    let plan = checked.plan.as_ref().expect("a plan");
    assert_eq!(
        plan.render(&plan.preamble[0]),
        "新建学校9所，其中凉州区4所（小学2所、初中2所），古浪县3所，其他1所；新增学位2万个，新增教师1000名，其中市区1.2万个、600名，市区600名，郊区400名。"
    );
    // Categories are no owners.
    assert_eq!(plan.owners.len(), 4);
    assert_eq!(plan.categories.len(), 2);
    // A nested part that does not add up is reported with its path.
    let (mutated, range) = mutate(NESTED, "初中 2", 0, "初中 3");
    let message = reported_at(&mutated, range.start + "初中 ".len()..range.end);
    assert_eq!(
        message,
        "the parts of `新建学校.凉州区` add up to 5所, but the total is 4所"
    );
    // A part that is a bound (`不少于 3`): the parts may add up to more than 9, never to less.
    let (mutated, _) = mutate(NESTED, "9所 其中", 0, "10所 其中");
    assert!(errors(&check_text(&mutated)).is_empty());
    let (mutated, _) = mutate(NESTED, "9所 其中", 0, "7所 其中");
    assert_eq!(
        error_messages(&mutated),
        ["the parts of `新建学校` add up to at least 8所, but the total is 7所"]
    );
}

#[test]
fn magnitudes_are_exact_and_print_as_written() {
    let text = "计划 \"x\" {\n  期间 2025\n  导言 \"粮食产量{粮食}，专项债券{专项债}，其中{专项债.parts}。\"\n}\n计量单位 斤 元\n类别 中央 \"中央\"\n类别 地方\n主要目标 {\n  目标 g \"t\" {\n    指标 粮食 1.4万亿斤\n    指标 专项债 4.4万亿元 其中 { 中央 3百万元, 地方 439999.7千万元 }\n  }\n}\n";
    let checked = check_clean(text);
    let plan = checked.plan.as_ref().expect("a plan");
    assert_eq!(
        plan.render(&plan.preamble[0]),
        "粮食产量1.4万亿斤，专项债券4.4万亿元，其中中央3百万元，地方439999.7千万元。"
    );
    let value = |id: &str| {
        plan.targets
            .iter()
            .find(|t| t.id == id)
            .and_then(|t| match &t.kind {
                planc::model::TargetKind::Value { value, .. } => Some(value.value.to_string()),
                _ => None,
            })
            .unwrap_or_default()
    };
    assert_eq!(value("粮食"), "1400000000000");
    assert_eq!(value("专项债"), "4400000000000");
    // A sum that misses is printed in the total's magnitude, as written.
    let (mutated, _) = mutate(text, "439999.7千万元", 0, "439998.7千万元");
    assert_eq!(
        error_messages(&mutated),
        ["the parts of `专项债` add up to 4.39999万亿元, but the total is 4.4万亿元"]
    );
}

#[test]
fn a_category_is_never_an_owner() {
    let (mutated, _) = mutate(NESTED, "牵头 凉州区", 0, "牵头 小学");
    assert_eq!(
        error_messages(&mutated),
        ["`小学` is a category, not an owner"]
    );
    // The checklists are per owner: one for each of the four districts, none for a category.
    let dir = temp_dir("parts-checklists");
    let plan = dir.path().join("plan.plan");
    std::fs::write(&plan, NESTED).expect("writable");
    let plan_arg = plan.to_string_lossy().into_owned();
    let checklists = Planc::new().args(["checklist", &plan_arg]).ok().stdout;
    let headings: Vec<&str> = checklists.lines().filter(|l| l.starts_with('#')).collect();
    assert!(
        headings.iter().any(|h| h.contains("凉州区")),
        "{checklists}"
    );
    assert!(
        headings
            .iter()
            .all(|h| !h.contains("小学") && !h.contains("初级中学")),
        "{headings:?}"
    );
    // The export lists the categories apart from the owners, and labels each part by what it is.
    let export: Value =
        serde_json::from_str(&Planc::new().args(["export", &plan_arg]).ok().stdout).expect("JSON");
    assert_eq!(
        crate::support::json::strings(&export["owners"], "id"),
        ["凉州区", "古浪县", "市区", "郊区"]
    );
    assert_eq!(
        export["categories"],
        serde_json::json!([{ "id": "小学", "name": "小学" }, { "id": "初中", "name": "初级中学" }])
    );
    let parts = &export["goals"][0]["targets"][0]["parts"];
    assert_eq!(parts[0]["owner"], "凉州区");
    assert_eq!(parts[0]["parts"][1]["category"], "初中");
    assert_eq!(parts[1]["comparison"], ">=");
    assert_eq!(parts[2]["label"], "其他");
    let problems = crate::support::schema::schema_errors("schema/export.schema.json", &export);
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_formatter_keeps_every_breakdown() {
    let dir = temp_dir("parts-fmt");
    let plan = dir.path().join("plan.plan");
    std::fs::write(&plan, NESTED).expect("writable");
    let plan_arg = plan.to_string_lossy().into_owned();
    Planc::new().args(["fmt", &plan_arg]).ok();
    let formatted = std::fs::read_to_string(&plan).expect("readable");
    assert!(
        formatted.contains(
            "    分别 学位, 教师 其中 {\n      市区 1.2万个 600名\n      郊区 8000个 400名\n    }\n"
        ),
        "{formatted}"
    );
    assert_contains(
        &formatted,
        &[
            "      凉州区 4 其中 { 小学 2, 初中 2 }\n",
            "      \"其他\" 1\n",
        ],
    );
    // Formatting again changes nothing, and the plan reads the same.
    Planc::new().args(["fmt", "--check", &plan_arg]).ok();
    check_clean(&formatted);
}

#[test]
fn diff_shows_a_changed_category_part_like_any_target() {
    let dir = temp_dir("parts-diff");
    let old = dir.path().join("old.plan");
    let new = dir.path().join("new.plan");
    let plan = read(SHENZHEN);
    std::fs::write(&old, &plan).expect("writable");
    let (changed, _) = mutate(&plan, "10.2万个", 0, "10.3万个");
    std::fs::write(&new, changed).expect("writable");
    let (old_arg, new_arg) = (
        old.to_string_lossy().into_owned(),
        new.to_string_lossy().into_owned(),
    );
    let out = Planc::new().args(["diff", &old_arg, &new_arg]).run().stdout;
    assert!(out.contains("秋季学位"), "{out}");
    assert!(
        out.contains("义务教育") && out.contains("10.2万") && out.contains("10.3万"),
        "{out}"
    );
}

#[test]
fn the_document_lists_a_category_breakdown_after_its_target() {
    let dir = temp_dir("parts-doc");
    let plan = dir.path().join("plan.plan");
    let text = NESTED.replace(
        "    配合 古浪县, 市区, 郊区\n",
        "    配合 古浪县, 市区, 郊区\n    指标 新建园 \"新建幼儿园\" 3所 其中 { 小学 1, \"其他\" 2 }\n    指标 新建校 \"新建学校\" 9所 其中 { 凉州区 4 其中 { 小学 2, 初中 2 }, 古浪县 5 }\n",
    );
    let text = text.replace("。\"\n}", "新建幼儿园{新建园}，新建学校{新建校}。\"\n}");
    std::fs::write(&plan, text).expect("writable");
    let plan_arg = plan.to_string_lossy().into_owned();
    let doc = Planc::new()
        .args(["doc", &plan_arg, "--format", "md", "--annex"])
        .ok()
        .stdout;
    assert_contains(
        &doc,
        &[
            "新建幼儿园达3所（其中小学1所，其他2所）",
            // The 分解表 gives a nested breakdown inside its part, a category by its display name.
            "新建学校达9所（其中凉州区4所（小学2所，初级中学2所），古浪县5所）",
        ],
    );
    // An owner's checklist gives its own part, and the part's own breakdown.
    let checklist = Planc::new()
        .args(["checklist", &plan_arg, "--owner", "凉州区"])
        .ok()
        .stdout;
    assert!(
        checklist.contains("新建学校达9所，其中凉州区4所（小学2所，初级中学2所）"),
        "{checklist}"
    );
}
