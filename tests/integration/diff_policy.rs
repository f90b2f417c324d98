//! `planc.toml`: parsing, severity overrides, and the plan rules.

use crate::support::temp_dir;

use planc::diagnostic::{Code, Diagnostic, Problem, Severity};
use planc::policy::{self, Level};
use planc::source::{FileId, Span};
use planc::syntax::loader::LoadOptions;

fn checked(text: &str) -> planc::check::Checked {
    crate::support::check::check_text("p.plan", text)
}

const PLAN: &str = "计划 \"x\" {
  期间 2020
}

部门 甲处
部门 乙处

部分 一 \"一\" {
  事项 a \"推进甲\" {
    牵头 甲处
    时限 年内
  }

  事项 b \"探索乙\" {
    牵头 甲处
  }

  事项 c \"丙\" {
    时限 6月

    事项 c1 \"子项\" {
      牵头 乙处
    }
  }

  事项 d \"丁\" {
    牵头 甲处
    时限 年内
  }
}
";

#[test]
fn parses_every_setting() {
    let policy = policy::parse(
        "[severity]\n\"planc::no_owner\" = \"error\"\nunbound_figure = \"allow\"\n\n[rules]\nlowered-target-needs-reason = true\nowner-and-deadline = \"warning\"\nvague-verbs = [\"推进\"]\nmax-items-per-owner = 2\n",
    )
    .expect("valid policy");
    assert_eq!(policy.severity.get(&Code::NoOwner), Some(&Level::Error));
    assert_eq!(
        policy.severity.get(&Code::UnboundFigure),
        Some(&Level::Allow)
    );
    assert_eq!(policy.lowered_target_needs_reason, Some(Severity::Error));
    assert_eq!(policy.owner_and_deadline, Some(Severity::Warning));
    assert_eq!(
        policy.vague_verbs,
        Some((vec!["推进".to_string()], Severity::Error))
    );
    assert_eq!(policy.max_items_per_owner, Some((2, Severity::Error)));
}

#[test]
fn rejects_mistakes() {
    for (text, message) in [
        (
            "[severity]\nno_such_code = \"error\"\n",
            "not a planc diagnostic code",
        ),
        ("[severity]\nno_owner = \"fatal\"\n", "must be \"error\""),
        ("[rules]\nsomething = true\n", "unknown field `something`"),
        ("[rules]\nmax-items-per-owner = \"many\"\n", "whole number"),
        ("[other]\n", "unknown field `other`"),
        ("[rules\n", ""),
    ] {
        let error = policy::parse(text).expect_err(text);
        assert!(error.contains(message), "{text}: {error}");
    }
}

#[test]
fn severity_overrides() {
    let span = Span::new(FileId(0), 0, 1);
    let mut diagnostics: Vec<Diagnostic> = vec![
        Problem::NoOwner {
            item: "甲".into(),
            span,
        }
        .into(),
        Problem::MoreUnboundFigures {
            skipped: 1,
            after: 1,
            span,
        }
        .into(),
        Problem::NoTotal {
            target: "乙".into(),
            span,
        }
        .into(),
    ];
    let before: Vec<(Code, Severity)> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        before,
        [
            (Code::NoOwner, Severity::Warning),
            (Code::UnboundFigure, Severity::Warning),
            (Code::SplitSum, Severity::Error)
        ]
    );
    let policy = policy::parse(
        "[severity]\nno_owner = \"error\"\nunbound_figure = \"allow\"\nsplit_sum = \"warning\"\n",
    )
    .expect("policy");
    policy::apply_severity(&policy, &mut diagnostics);
    let result: Vec<(Code, Severity)> = diagnostics.iter().map(|d| (d.code, d.severity)).collect();
    assert_eq!(
        result,
        [
            (Code::NoOwner, Severity::Error),
            (Code::SplitSum, Severity::Warning)
        ]
    );
}

#[test]
fn plan_rules() {
    let checked = checked(PLAN);
    let plan = checked.plan.as_ref().expect("plan");
    let policy = policy::parse(
        "[rules]\nowner-and-deadline = true\nvague-verbs = true\nmax-items-per-owner = 2\n",
    )
    .expect("policy");
    let lines: Vec<String> = policy::check_plan(&policy, plan, &checked.sources)
        .iter()
        .map(|v| v.plain())
        .collect();
    assert_eq!(
        lines,
        [
            "p.plan:14:6: error[policy::owner-and-deadline]: item `b` has no deadline",
            "p.plan:18:6: error[policy::owner-and-deadline]: item `c` has no lead owner",
            "p.plan:14:6: error[policy::vague-verbs]: item `b` says `探索` but has neither a target nor a deadline",
            "p.plan:5:4: error[policy::max-items-per-owner]: `甲处` leads 3 items; the policy allows 2",
        ]
    );
    // No rules, no violations.
    assert!(policy::check_plan(&policy::Policy::default(), plan, &checked.sources).is_empty());
}

#[test]
fn violations_as_annotations() {
    let checked = checked(PLAN);
    let plan = checked.plan.as_ref().expect("plan");
    let policy = policy::parse("[rules]\nmax-items-per-owner = 1\n").expect("policy");
    let violations = policy::check_plan(&policy, plan, &checked.sources);
    assert_eq!(
        violations[0].github(),
        "::error file=p.plan,line=5,col=4,title=policy%3A%3Amax-items-per-owner::`甲处` leads 3 items; the policy allows 1"
    );
}

#[test]
fn apply_reads_the_policy_beside_the_plan() {
    let dir = temp_dir("policy-apply");
    let path = dir.write("p.plan", PLAN);
    let load = || {
        let loaded = planc::syntax::loader::load(
            &planc::syntax::loader::DiskFileSystem,
            &path,
            LoadOptions::default(),
        )
        .expect("load");
        planc::check::check(loaded)
    };
    // Without planc.toml: nothing changes.
    let mut plain = load();
    let before = plain.diagnostics.clone();
    assert!(
        policy::apply(&path, &mut plain)
            .expect("no policy")
            .is_empty()
    );
    assert_eq!(plain.diagnostics, before);
    assert!(before.iter().any(|d| d.code == Code::NoOwner));

    dir.write(
        "planc.toml",
        "[severity]\nno_owner = \"allow\"\n[rules]\nowner-and-deadline = \"warning\"\n",
    );
    let mut with_policy = load();
    let violations = policy::apply(&path, &mut with_policy).expect("policy");
    assert!(
        with_policy
            .diagnostics
            .iter()
            .all(|d| d.code != Code::NoOwner)
    );
    assert_eq!(violations.len(), 2);
    assert!(violations.iter().all(|v| v.severity == Severity::Warning));

    dir.write("planc.toml", "[rules\n");
    assert!(policy::apply(&path, &mut load()).is_err());
}
