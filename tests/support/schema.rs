//! Validating planc's JSON outputs against the schemas in `schema/`.

use serde_json::Value;

/// What is wrong with `instance` against the JSON schema at `path` (relative to the crate root),
/// each error with where in the instance it is; empty when it is valid.
pub fn schema_errors(path: &str, instance: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(super::root().join(path))
        .unwrap_or_else(|e| panic!("cannot read the schema {path}: {e}"));
    let schema: Value = serde_json::from_str(&text).expect("the schema is JSON");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(instance)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}
