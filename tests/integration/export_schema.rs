//! `planc export` output is described by `schema/export.schema.json`.

use crate::support::Planc;

use serde_json::Value;

fn export(plan: &str) -> Value {
    let output = Planc::new().args(["export", plan]).output();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("export is JSON")
}

fn validate(instance: &Value) -> Vec<String> {
    crate::support::schema::schema_errors("schema/export.schema.json", instance)
}

#[test]
fn bundled_plan_export_matches_schema() {
    let value = export("plans/changzhou-education-2020.plan");
    let errors = validate(&value);
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn every_target_kind_matches_schema() {
    let value = export("tests/fixtures/all-target-kinds.plan");
    let errors = validate(&value);
    assert!(errors.is_empty(), "{errors:#?}");
    let kinds: Vec<&str> = value["sections"][0]["items"][0]["targets"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["value", "range", "trend", "change", "baseline", "value"]
    );
    let split = &value["sections"][0]["items"][0]["targets"][5];
    assert_eq!(split["value"], "130000", "13万 is exact");
    assert_eq!(split["text"], "13万人次");
    assert_eq!(split["parts"][1]["owner"], "溧阳市");
}

#[test]
fn titles_citing_targets_and_numbering_match_schema() {
    let value = export("tests/fixtures/titles-numbering.plan");
    let errors = validate(&value);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(value["numbering"]["styles"][1], "1.");
    let item = &value["sections"][0]["items"][0];
    assert_eq!(item["title"], "新建公办中小学12所");
    assert_eq!(item["title_cites"][0], "新建校数");
    // The schema holds these fields: an export without them is rejected.
    let mut broken = value.clone();
    if let Some(item) = broken["sections"][0]["items"][0].as_object_mut() {
        item.remove("title_cites");
    }
    if let Some(head) = broken.as_object_mut() {
        head.remove("numbering");
    }
    assert_eq!(validate(&broken).len(), 2, "{:#?}", validate(&broken));
}

#[test]
fn schema_rejects_a_broken_export() {
    let mut value = export("tests/fixtures/all-target-kinds.plan");
    value["sections"][0]["items"][0]["targets"][0]["value"] = Value::from(60.0);
    assert!(
        !validate(&value).is_empty(),
        "a float value must not validate: values are exact decimal strings"
    );
}

/// `export::plan` (a JSON value) and `export::write_pretty` (serialized straight from the plan,
/// for `planc export` and `planc build`) give the same JSON.
#[test]
fn the_value_and_the_streamed_export_agree() {
    use planc::syntax::loader::{DiskFileSystem, LoadOptions, load};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "plans/changzhou-education-2020.plan",
        "tests/fixtures/all-target-kinds.plan",
        "tests/fixtures/doc/escapes.plan",
    ] {
        let loaded =
            load(&DiskFileSystem, &root.join(file), LoadOptions::default()).expect("loads");
        let plan = planc::check::check(loaded).plan.expect("a plan");
        let mut streamed = Vec::new();
        planc::emit::export::write_pretty(&plan, &mut streamed).expect("serializes");
        let value =
            serde_json::to_vec_pretty(&planc::emit::export::plan(&plan)).expect("serializes");
        assert!(value == streamed, "{file}: the two exports differ");
        let errors = validate(&serde_json::from_slice(&streamed).expect("JSON"));
        assert!(errors.is_empty(), "{file}: {errors:#?}");
    }
}
