//! `planc.toml` is applied by every command through one path (issue 11): `check` and the commands
//! that write outputs judge a plan alike, errors that would make outputs wrong cannot be lowered, a
//! misspelt key is an error with its line, and `diff` reports in JSON why it compared nothing.

use crate::support::{Planc, git as git_repo, temp_dir};

use git_repo::git;

use std::path::Path;
use std::process::Output;

fn planc(dir: &Path, args: &[&str]) -> Output {
    Planc::new().dir(dir).args(args).output()
}

/// A clean plan but for one item without an owner (a warning by default) and a breakdown whose
/// parts do not add up (an error by default).
const PLAN: &str = "计划 \"测试\" {
  期间 2020
}
计量单位 所
部门 甲处
辖区 东区
辖区 西区
部分 一 \"第一部分\" {
  事项 甲 \"事项甲\" {
    牵头 甲处
    配合 东区, 西区
    正文 \"新建学校{新建}，其中{新建.其中}。\"
    指标 新建 \"新建学校\" 10所 其中 { 东区 4, 西区 5 }
    时限 年内
  }
  事项 乙 \"事项乙\" {
    正文 \"推进工作。\"
    时限 年内
  }
}
";

fn exit(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// Every command that reads a plan, with the arguments that make it write to stdout or a folder.
fn commands(out: &str) -> Vec<Vec<String>> {
    let plan = "p.plan".to_string();
    let mut list: Vec<Vec<String>> = ["check", "export", "schedule", "graph", "checklist", "doc"]
        .iter()
        .map(|c| vec![c.to_string(), plan.clone()])
        .collect();
    list.push(vec![
        "build".to_string(),
        plan,
        "-o".to_string(),
        out.to_string(),
    ]);
    list
}

#[test]
fn every_command_applies_the_policy_alike() {
    let dir = temp_dir("alike");
    dir.write("p.plan", PLAN);
    // Without a policy the breakdown error fails every command.
    for args in commands("out0") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        assert_eq!(exit(&planc(&dir, &args)), 1, "{args:?} without a policy");
    }
    // Allowing split_sum lets every command through: check and build agree.
    dir.write("planc.toml", "[severity]\nsplit_sum = \"allow\"\n");
    for args in commands("out1") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = planc(&dir, &args);
        assert_eq!(
            exit(&output),
            0,
            "{args:?} with split_sum allowed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // Raising no_owner to an error fails every command, build included.
    dir.write(
        "planc.toml",
        "[severity]\nsplit_sum = \"allow\"\nno_owner = \"error\"\n",
    );
    for args in commands("out2") {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = planc(&dir, &args);
        assert_eq!(exit(&output), 1, "{args:?} with no_owner an error");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("planc::no_owner"),
            "{args:?} names the code"
        );
    }
    assert!(!dir.join("out2").exists(), "a failed build writes nothing");
    // A policy rule at error level fails build as it fails check.
    dir.write(
        "planc.toml",
        "[severity]\nsplit_sum = \"allow\"\n[rules]\nowner-and-deadline = true\n",
    );
    assert_eq!(exit(&planc(&dir, &["check", "p.plan"])), 1);
    assert_eq!(exit(&planc(&dir, &["build", "p.plan", "-o", "out3"])), 1);
}

#[test]
fn errors_that_make_outputs_wrong_cannot_be_lowered() {
    let dir = temp_dir("lower");
    dir.write("p.plan", "计划 \"测试\" {\n  期间 2020\n}\n这不是语句\n");
    dir.write("planc.toml", "[severity]\nsyntax = \"allow\"\n");
    let output = planc(&dir, &["build", "p.plan", "-o", "out"]);
    assert_eq!(exit(&output), 2, "a policy that lowers syntax is refused");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("`syntax` cannot be set to \"allow\""),
        "{stderr}"
    );
    assert!(!dir.join("out").exists());
    // Even handed a policy that claims it, a syntax error stays an error.
    let policy = planc::policy::Policy {
        severity: [(planc::diagnostic::Code::Syntax, planc::policy::Level::Allow)]
            .into_iter()
            .collect(),
        ..Default::default()
    };
    let span = planc::source::Span::new(planc::source::FileId(0), 0, 1);
    let mut diagnostics: Vec<planc::diagnostic::Diagnostic> = vec![
        planc::diagnostic::Problem::Stray {
            open: true,
            progress: false,
            span,
        }
        .into(),
    ];
    assert_eq!(diagnostics[0].code, planc::diagnostic::Code::Syntax);
    planc::policy::apply_severity(&policy, &mut diagnostics);
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(diagnostics[0].severity, planc::diagnostic::Severity::Error);
}

#[test]
fn a_misspelt_key_is_an_error_with_its_line() {
    for (text, line, words) in [
        (
            "[rules]\nowner-and-deadline = true\nowner_and_deadline = true\n",
            3,
            "unknown field",
        ),
        (
            "[severity]\nno_owner = \"error\"\n\n[rule]\n",
            4,
            "unknown field",
        ),
        (
            "[severity]\nno_ownr = \"error\"\n",
            2,
            "not a planc diagnostic code",
        ),
        ("[rules]\nvague-verbs = \"sometimes\"\n", 2, "\"warning\""),
    ] {
        let error = planc::policy::parse(text).expect_err(text);
        assert!(error.contains(&format!("line {line}")), "{text}: {error}");
        assert!(error.contains(words), "{text}: {error}");
    }
}

#[test]
fn the_example_in_the_policy_docs_is_valid() {
    let source = include_str!("../../src/policy.rs");
    let docs: String = source
        .lines()
        .filter_map(|l| l.strip_prefix("//!"))
        .map(|line| format!("{}\n", line.strip_prefix(' ').unwrap_or(line)))
        .collect();
    let examples = crate::support::markdown::fenced_blocks(&docs, "toml");
    assert_eq!(examples.len(), 2, "the module docs hold two examples");
    for example in examples {
        planc::policy::parse(&example).unwrap_or_else(|e| panic!("{example}\n{e}"));
    }
}

#[test]
fn sarif_of_several_files_holds_every_file() {
    let dir = temp_dir("sarif");
    dir.write("a.plan", PLAN);
    dir.write("b.plan", PLAN.replace("10所", "12所"));
    let output = planc(&dir, &["check", "--format", "sarif", "a.plan", "b.plan"]);
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    let files: std::collections::BTreeSet<String> = log["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter_map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .map(str::to_string)
        })
        .collect();
    assert_eq!(files.into_iter().collect::<Vec<_>>(), ["a.plan", "b.plan"]);
    // No readable file: still a SARIF log, with no results, not `null`.
    let output = planc(&dir, &["check", "--format", "sarif", "missing.plan"]);
    assert_eq!(exit(&output), 2);
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn diff_json_says_why_nothing_was_compared() {
    let dir = temp_dir("diffjson");
    dir.write("old.plan", PLAN);
    dir.write("new.plan", PLAN.replace("牵头 甲处", "牵头 丙处"));
    let output = planc(&dir, &["diff", "--format", "json", "old.plan", "new.plan"]);
    assert_eq!(exit(&output), 1);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
    assert_eq!(value["error"]["version"], "new");
    assert!(
        value["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("has errors")),
        "{value}"
    );
    let codes: Vec<&str> = value["error"]["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"planc::undefined_owner"), "{codes:?}");
}

#[test]
fn diff_git_compares_the_plans_that_matter() {
    let dir = temp_dir("diffgit");
    std::fs::create_dir_all(dir.join("plans/sections")).expect("dir");
    std::fs::create_dir_all(dir.join("tests/cases")).expect("dir");
    let fixed = PLAN
        .replace(" 其中 { 东区 4, 西区 5 }", "")
        .replace("，其中{新建.其中}", "");
    dir.write("plans/main.plan", &fixed);
    // A deliberately broken fixture with a plan header.
    dir.write("tests/cases/broken.plan", PLAN);
    git(&dir, &["init", "-q"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "one"]);
    dir.write("plans/main.plan", fixed.replace("10所", "11所"));
    // Without a list, the fixture is compared too, and fails.
    let output = planc(&dir, &["diff", "--git", "HEAD"]);
    assert_eq!(
        exit(&output),
        1,
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // With `plans` in planc.toml only the named plan is compared.
    dir.write("planc.toml", "plans = [\"plans/main.plan\"]\n");
    let output = planc(&dir, &["diff", "--git", "HEAD"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        exit(&output),
        0,
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("plans/main.plan"), "{stdout}");
    assert!(!stdout.contains("broken"), "{stdout}");
}
