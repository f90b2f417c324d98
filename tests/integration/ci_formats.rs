//! `planc check --format github|sarif`: workflow annotations and SARIF 2.1.0 (validated against the
//! vendored schema in tests/fixtures/sarif-2.1.0.schema.json).

use crate::support::{Planc, Scratch, temp_dir};

use std::path::{Path, PathBuf};

/// A plan with an error (undefined owner) and warnings, some on lines with Chinese text before the
/// problem, so columns in characters differ from columns in bytes.
const BAD_PLAN: &str = "计划 \"测试计划\" {
  期间 2020
}
计量单位 个
部门 甲处 \"甲处\"
部分 一 \"第一部分\" {
  事项 甲 \"事项甲\" {
    牵头 乙处
    正文 \"完成{数量}，比例达50%\"
    指标 数量 \"数量\" 3个
    时限 年内
  }
}
";

fn write_plan(dir: &Scratch) -> PathBuf {
    dir.write("bad.plan", BAD_PLAN)
}

#[test]
fn github_annotations_have_positions_in_characters() {
    let dir = temp_dir("github");
    let path = write_plan(&dir);
    let output = Planc::new()
        .dir(&dir)
        .args(["check", "--format", "github", "bad.plan"])
        .output();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let error = text
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("no error annotation in {text}"));
    // `    牵头 乙处`: the owner starts at character 8 of line 8.
    assert!(
        error.starts_with("::error file=bad.plan,line=8,col=8,endLine=8,endColumn=10,title=planc%3A%3Aundefined_owner::"),
        "{error}"
    );
    assert!(
        text.lines()
            .all(|l| l.starts_with("::error ") || l.starts_with("::warning "))
    );
    let _ = std::fs::remove_file(path);
}

#[test]
fn github_escaping() {
    use planc::diagnostic::ci::{escape_data, escape_property};
    assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
    assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
}

fn sarif_validator() -> jsonschema::Validator {
    let schema_path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/sarif-2.1.0.schema.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path).expect("schema")).expect("json");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("valid schema")
}

fn assert_valid_sarif(log: &serde_json::Value) {
    let validator = sarif_validator();
    // The schema is strict enough to catch a malformed log.
    let bad =
        serde_json::json!({ "version": "2.1.0", "runs": [{ "tool": {}, "columnKind": "bytes?" }] });
    assert!(!validator.is_valid(&bad));
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF does not match the schema: {errors:#?}"
    );
}

#[test]
fn sarif_output_matches_the_schema() {
    let dir = temp_dir("sarif");
    write_plan(&dir);
    let output = Planc::new()
        .dir(&dir)
        .args(["check", "--format", "sarif", "bad.plan"])
        .output();
    assert_eq!(output.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_valid_sarif(&log);
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let owner = crate::support::json::entry(&run["results"], "ruleId", "planc::undefined_owner");
    assert_eq!(owner["level"], "error");
    let region = &owner["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 8);
    assert_eq!(region["startColumn"], 8);
    assert_eq!(
        owner["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "bad.plan"
    );
    // Every result's rule is declared, at the index it names.
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for result in run["results"].as_array().expect("results") {
        let index = result["ruleIndex"].as_u64().expect("index") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}

#[test]
fn sarif_for_a_clean_plan_and_for_the_bundled_plan() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("plans/changzhou-education-2020.plan");
    let output = Planc::new()
        .args(["check", "--format", "sarif"])
        .arg(&bundled)
        .output();
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_valid_sarif(&log);
    let empty = planc::diagnostic::ci::sarif(&[], &planc::source::SourceMap::new());
    assert_valid_sarif(&empty);
}

#[test]
fn sarif_uris_are_percent_encoded() {
    use planc::diagnostic::ci::file_uri;
    assert_eq!(file_uri("plans/a b.plan"), "plans/a%20b.plan");
    assert_eq!(file_uri("规.plan"), "%E8%A7%84.plan");
    assert_eq!(file_uri("/tmp/x.plan"), "file:///tmp/x.plan");
}

#[test]
fn sarif_logs_merge_into_one_run() {
    let dir = temp_dir("merge");
    write_plan(&dir);
    let log = |args: &[&str]| -> serde_json::Value {
        let output = Planc::new().dir(&dir).args(args).output();
        serde_json::from_slice(&output.stdout).expect("json")
    };
    let one = log(&["check", "--format", "sarif", "bad.plan"]);
    let count = one["runs"][0]["results"]
        .as_array()
        .map(Vec::len)
        .unwrap_or(0);
    let merged = planc::diagnostic::ci::sarif_merge(vec![one.clone(), one]);
    assert_valid_sarif(&merged);
    assert_eq!(
        merged["runs"][0]["results"].as_array().map(Vec::len),
        Some(2 * count)
    );
}
