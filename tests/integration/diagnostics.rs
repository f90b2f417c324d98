//! Every diagnostic code has a small broken plan and its verbatim expected report.
//!
//! The reports are rendered by the real binary with colour off at a fixed width. To accept new
//! output after a deliberate change, run `UPDATE_EXPECT=1 cargo test --test integration diagnostics::` and review
//! the diff of `tests/cases/`.

use crate::support::{Planc, Run, expect_file};

use planc::diagnostic::Code;
use planc::diagnostic::report::SHOW_PROBLEM_VARIABLE;
use std::path::Path;

/// (code, plan file) — one case per code; the report must contain the code.
const CASES: &[(&str, &str)] = &[
    ("syntax", "tests/cases/syntax.plan"),
    ("syntax", "tests/cases/syntax_chars.plan"),
    ("syntax", "tests/cases/respectively_row.plan"),
    ("escape", "tests/cases/escape.plan"),
    ("number", "tests/cases/number.plan"),
    ("number", "tests/cases/number_exact.plan"),
    ("date", "tests/cases/date.plan"),
    ("duplicate", "tests/cases/duplicate.plan"),
    ("undefined_owner", "tests/cases/undefined_owner.plan"),
    ("undefined_item", "tests/cases/undefined_item.plan"),
    ("undefined_unit", "tests/cases/undefined_unit.plan"),
    ("undefined_target", "tests/cases/undefined_target.plan"),
    ("undefined_target", "tests/cases/title_cite.plan"),
    ("missing_baseline", "tests/cases/missing_baseline.plan"),
    ("missing_baseline", "tests/cases/reference_unknown.plan"),
    ("cycle", "tests/cases/cycle.plan"),
    ("cycle", "tests/cases/cycle_through_windows.plan"),
    ("split_sum", "tests/cases/split_sum.plan"),
    // Figures in 万: the report reads `90万座` and `100.3万座`, as the plan writes them.
    ("split_sum", "tests/cases/split_sum_magnitude.plan"),
    ("split_sum", "tests/cases/split_sum_comparator.plan"),
    ("undefined_owner", "tests/cases/part_label.plan"),
    ("count_mismatch", "tests/cases/count_mismatch.plan"),
    ("count_mismatch", "tests/cases/count_mismatch_group.plan"),
    ("unit_mismatch", "tests/cases/unit_mismatch.plan"),
    ("unit_mismatch", "tests/cases/percentage_point.plan"),
    ("reference_use", "tests/cases/reference_use.plan"),
    ("share_range", "tests/cases/share_range.plan"),
    ("inverted_range", "tests/cases/inverted_range.plan"),
    ("outside_period", "tests/cases/outside_period.plan"),
    ("deadline_order", "tests/cases/deadline_order.plan"),
    // A target due after its item's deadline (deadline_order), another outside the period.
    ("deadline_order", "tests/cases/target_due.plan"),
    ("recurrence", "tests/cases/recurrence.plan"),
    ("window", "tests/cases/window.plan"),
    ("overload", "tests/cases/overload/main.plan"),
    ("include_cycle", "tests/cases/include_cycle/main.plan"),
    ("include_missing", "tests/cases/include_missing/main.plan"),
    (
        "include_escape",
        "tests/cases/include_escape/plan/main.plan",
    ),
    ("plan_header", "tests/cases/plan_header.plan"),
    ("plan_header", "tests/cases/owner_labels.plan"),
    ("plan_header", "tests/cases/table_column_twice.plan"),
    ("repeated", "tests/cases/repeated.plan"),
    // `分工` and `落款` given twice in the header.
    ("repeated", "tests/cases/repeated_header.plan"),
    ("misplaced", "tests/cases/misplaced.plan"),
    // A capacity on a collective owner (`统称 各街道 容量 3`).
    ("misplaced", "tests/cases/collective_capacity.plan"),
    ("unused_owner", "tests/cases/unused_owner.plan"),
    ("no_owner", "tests/cases/no_owner.plan"),
    ("unbound_figure", "tests/cases/unbound_figure.plan"),
    // A figure whose unit is not declared (人): still a figure, with a hint to declare the unit.
    ("unbound_figure", "tests/cases/unbound_figure_unit.plan"),
    // Typing mistakes (issue 13): full-width digits in a value and in prose, a keyword glued to
    // its name, two leads, periods with 至/到, a missing `}`, a display name for an identifier.
    ("syntax", "tests/cases/syntax_fullwidth.plan"),
    (
        "unbound_figure",
        "tests/cases/unbound_figure_fullwidth.plan",
    ),
    ("syntax", "tests/cases/syntax_typing.plan"),
    ("syntax", "tests/cases/syntax_unclosed.plan"),
    (
        "undefined_owner",
        "tests/cases/undefined_owner_display.plan",
    ),
    // Supporters but no lead.
    ("no_owner", "tests/cases/no_owner_lead.plan"),
    ("lead_and_support", "tests/cases/lead_and_support.plan"),
    ("uncited_target", "tests/cases/uncited_target.plan"),
    ("policy", "tests/cases/policy/main.plan"),
    ("weak_stretch", "tests/cases/weak_stretch.plan"),
    ("calendar", "tests/cases/calendar.plan"),
    (
        "provisional_calendar",
        "tests/cases/provisional_calendar.plan",
    ),
    ("holiday_file", "tests/cases/holiday_file/main.plan"),
    (
        "progress_plan",
        "tests/cases/progress/progress_plan.progress",
    ),
    (
        "progress_unknown",
        "tests/cases/progress/progress_unknown.progress",
    ),
    (
        "progress_unit",
        "tests/cases/progress/progress_unit.progress",
    ),
    (
        "progress_share",
        "tests/cases/progress/progress_share.progress",
    ),
    (
        "progress_date",
        "tests/cases/progress/progress_date.progress",
    ),
    (
        "progress_unreached",
        "tests/cases/progress/progress_unreached.progress",
    ),
    (
        "progress_regressed",
        "tests/cases/progress/regressed/2020-06-30.progress",
    ),
    ("numbering", "tests/cases/numbering.plan"),
    // One case per message variant (see `every_problem_has_a_case`), beyond one per code.
    ("plan_header", "tests/cases/no_period.plan"),
    ("inverted_range", "tests/cases/period_years.plan"),
    ("inverted_range", "tests/cases/period_dates.plan"),
    // A term written end first; a term given twice.
    ("inverted_range", "tests/cases/terms.plan"),
    // A range broken down, a change in the wrong unit, two parts of one owner, a bad capacity.
    ("split_sum", "tests/cases/values_extra.plan"),
    // Months named twice, too many, on a quarterly recurrence, outside the period; a count of 0.5.
    ("recurrence", "tests/cases/recurrence_months.plan"),
    // Citations of unknown names, of a recurrence's parts, of a non-owner; unclosed `{` and `.
    ("undefined_target", "tests/cases/prose_citations.plan"),
    ("include_cycle", "tests/cases/include_twice/main.plan"),
    ("numbering", "tests/cases/numbering_levels.plan"),
    ("plan_header", "tests/cases/second_header.plan"),
    ("undefined_target", "tests/cases/no_part.plan"),
    // References of the wrong kind, close to a name or to nothing; units declared twice or built in.
    ("duplicate", "tests/cases/names.plan"),
    // A growth range from high to low or in two units, 左右 glued to a unit, `{ID.change}` of a
    // target without a change.
    ("unit_mismatch", "tests/cases/growth_values.plan"),
    // Work longer than the period or its window, late for a deadline or the period end (an item,
    // a milestone), a start after its window.
    ("window", "tests/cases/schedule_limits.plan"),
    // A folder of reports: an item twice in a file, two files for a day, a date outside the
    // period, a file without its header.
    ("duplicate", "tests/cases/progress/files/a.progress"),
    // Counts that cannot count (a goal's sub-items, a trend, a tag nobody has, not a group), a
    // fact without a figure as a baseline.
    ("count_mismatch", "tests/cases/counts_extra.plan"),
    // A stray `{` and `}`, comparisons on both sides of a value, a duration and a day that cannot
    // be, read past by the parser.
    ("syntax", "tests/cases/syntax_recovery.plan"),
    // A block and a breakdown open where the file ends.
    ("syntax", "tests/cases/unclosed_at_end.plan"),
    // What the progress parser reads past: statements that are none, stray braces, a status
    // that is not one, a statement twice, an escape, a figure too large, two headers.
    ("syntax", "tests/cases/progress/progress_syntax.progress"),
    // A reporting date without its year, and a date after it.
    ("date", "tests/cases/progress/progress_year.progress"),
    // Holiday files for a year outside the period, outside the plan's folder, not in UTF-8.
    ("holiday_file", "tests/cases/holiday_files/plan/main.plan"),
    // Includes nested deeper than planc follows.
    ("include_cycle", "tests/cases/include_deep/main.plan"),
    // A trend target broken down.
    ("split_sum", "tests/cases/split_no_total.plan"),
    // A recurrence with no day to happen on in its item.
    ("recurrence", "tests/cases/recurrence_never.plan"),
];

/// The plan every progress case (`*.progress`) reports on.
const PROGRESS_PLAN: &str = "tests/cases/progress/plan.plan";

/// Message variants no broken plan can produce, each tested where it is reachable (say where).
const PROBLEMS_TESTED_ELSEWHERE: &[&str] = &[
    // Only when a folded section's text changes under the checker: a bug guard.
    "syntax.section_reread",
    // The grammar reads four-digit years, and jiff represents every one of them.
    "date.period_year",
    "date.period_years",
    // tests/integration/hostile.rs (a non-UTF-8 file; blocks nested 10,000 deep).
    "syntax.not_utf8",
    "syntax.nested_too_deep",
    // tests/integration/file_safety.rs (an include of a named pipe).
    "include_missing.not_regular",
    // tests/integration/calendar_years.rs (two files for a year, unreadable, many bad lines).
    "holiday_file.twice",
    "holiday_file.unreadable",
    "holiday_file.more_lines",
    // A guard, like `syntax.section_reread`: the progress grammar's recovery rules read any text.
    "syntax.progress_unreadable",
    // tests/integration/hostile.rs (more syntax errors in one file than are reported).
    "syntax.more_errors",
    // A guard (a probe that reads a statement its block did not): src/syntax/expected.rs's unit
    // test `a_statement_nothing_explains_is_unexpected`.
    "syntax.unexpected",
    // `scheduling_a_period_without_a_calendar_is_an_error` below (`check` reports the period
    // first, as `calendar.unsupported`).
    "calendar.cannot_schedule",
    // tests/integration/hostile.rs (300,000 figures: 10,000 reported, the rest counted).
    "unbound_figure.more",
    // The scheduler's guard: `check` reports a dependency cycle (`cycle.dependencies`) before
    // anything is scheduled, and every command schedules only a plan that checks.
    "cycle.schedule",
];

/// Codes reported by later phases (the scheduler), tested with those phases.
const REPORTED_ELSEWHERE: &[&str] = &[];

/// `planc check` of a plan; for a progress file, `planc status` of [`PROGRESS_PLAN`] with that
/// file (or, for a file in a folder of its own, with the folder: a history of several reports).
fn run_check(plan: &str) -> Run {
    run_check_with(plan, &[])
}

/// [`run_check`] with more environment variables.
fn run_check_with(plan: &str, environment: &[(&str, &str)]) -> Run {
    let path = Path::new(plan);
    let args: Vec<&str> = if plan.ends_with(".progress") {
        let folder = path.parent().and_then(|p| p.to_str()).unwrap_or("");
        let progress = if folder == "tests/cases/progress" {
            plan
        } else {
            folder
        };
        vec![
            "status",
            "--color",
            "never",
            "--progress",
            progress,
            PROGRESS_PLAN,
        ]
    } else {
        vec!["check", "--color", "never", plan]
    };
    let mut planc = Planc::new().args(&args).env("NO_COLOR", "1");
    for (name, value) in environment {
        planc = planc.env(name, value);
    }
    planc.run()
}

fn expected_path(plan: &str) -> String {
    let path = Path::new(plan);
    let stem = if path.file_name().and_then(|n| n.to_str()) == Some("main.plan") {
        path.with_file_name("expected.txt")
    } else {
        path.with_extension("expected.txt")
    };
    stem.to_string_lossy().into_owned()
}

/// `calendar.cannot_schedule`: a plan that reaches the scheduler without `check` (which reports
/// the period at the header first) and whose period has no working-day calendar is an error
/// placed at the plan, not a panic.
#[test]
fn scheduling_a_period_without_a_calendar_is_an_error() {
    let checked = crate::support::check::check_text(
        "plan.plan",
        "计划 \"日历示例\" {\n  期间 2020\n}\n部门 办公室\n部分 规范 \"规范\" {\n  事项 甲 \"甲\" {\n    牵头 办公室\n  }\n}\n",
    );
    let mut plan = checked.plan.expect("the plan checks");
    plan.period.start = jiff::civil::date(2300, 1, 1);
    plan.period.end = jiff::civil::date(2300, 12, 31);
    let diagnostic = planc::schedule::calendar(&plan).expect_err("no calendar for 2300");
    assert_eq!(diagnostic.problem, "calendar.cannot_schedule");
    assert!(
        diagnostic
            .message
            .starts_with("cannot schedule this plan: "),
        "{}",
        diagnostic.message
    );
    assert_eq!(diagnostic.labels[0].text, "the plan");
    assert_eq!(
        Some(diagnostic.labels[0].span),
        plan.sections.first().map(|section| section.span),
        "placed at the first section"
    );
}

#[test]
fn every_code_has_a_case() {
    for code in Code::ALL {
        let name = code.name();
        assert!(
            CASES.iter().any(|(case, _)| *case == name) || REPORTED_ELSEWHERE.contains(&name),
            "no broken plan for `planc::{name}` in tests/cases"
        );
    }
}

/// Every message variant's stable name (`code.detail`), read from the one module that words them:
/// the string literals of that shape whose `code` is a diagnostic code.
fn problem_names() -> Vec<String> {
    let source = std::fs::read_to_string("src/diagnostic/problem.rs").expect("the wording module");
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
    let mut names = Vec::new();
    for literal in string_literals(&source) {
        let Some((code, detail)) = literal.split_once('.') else {
            continue;
        };
        let snake = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        if codes.contains(&code) && snake(detail) {
            names.push(literal.to_string());
        }
    }
    names
}

/// The contents of the string literals of Rust source (escapes kept as written), so that a `\"`
/// inside a message does not end it, and quotes in `//` comments start none. (The wording module
/// has no raw strings or `'"'` characters.)
fn string_literals(source: &str) -> Vec<String> {
    let mut literals = Vec::new();
    let mut current: Option<String> = None;
    let mut chars = source.chars().peekable();
    while let Some(character) = chars.next() {
        match (&mut current, character) {
            (None, '"') => current = Some(String::new()),
            (None, '/') if chars.peek() == Some(&'/') => {
                chars.by_ref().find(|c| *c == '\n');
            }
            (None, _) => {}
            (Some(_), '"') => literals.extend(current.take()),
            (Some(literal), '\\') => {
                literal.push('\\');
                literal.extend(chars.next());
            }
            (Some(literal), _) => literal.push(character),
        }
    }
    literals
}

#[test]
fn string_literals_skip_escaped_quotes() {
    assert_eq!(
        string_literals("(\"a.b\", \"say \\\"x\\\"\", // \"no\n \"c.d\") \"e.f\""),
        ["a.b", "say \\\"x\\\"", "c.d", "e.f"]
    );
}

#[test]
fn every_problem_has_a_case() {
    let declared = problem_names();
    let mut unique = declared.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        declared.len(),
        "two message variants share a name"
    );
    assert!(declared.len() > 50, "{declared:?}");
    let mut produced = std::collections::BTreeSet::new();
    for (_, plan) in CASES {
        let run = run_check_with(plan, &[(SHOW_PROBLEM_VARIABLE, "1")]);
        for line in run.stderr.lines() {
            if let Some(name) = line
                .strip_prefix("[problem ")
                .and_then(|rest| rest.strip_suffix(']'))
            {
                produced.insert(name.to_string());
            }
        }
    }
    let unknown: Vec<&String> = produced
        .iter()
        .filter(|name| !name.is_empty() && !declared.contains(name))
        .collect();
    assert!(
        unknown.is_empty(),
        "names not in the wording module: {unknown:?}"
    );
    let missing: Vec<&String> = declared
        .iter()
        .filter(|name| {
            !produced.contains(*name) && !PROBLEMS_TESTED_ELSEWHERE.contains(&name.as_str())
        })
        .collect();
    assert!(
        missing.is_empty(),
        "{} message variants have no case in tests/cases (add a broken plan to CASES):\n{}",
        missing.len(),
        missing
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn reports_match_verbatim() {
    let mut failures = Vec::new();
    for (code, plan) in CASES {
        let run = run_check(plan);
        let (status, report) = (run.code, &run.stderr);
        assert!(
            report.contains(&format!("planc::{code}")),
            "{plan} does not report planc::{code}:\n{report}"
        );
        let warnings_only = Code::ALL
            .iter()
            .find(|c| c.name() == *code)
            .is_some_and(|c| c.default_severity() == planc::diagnostic::Severity::Warning);
        assert_eq!(
            status,
            if warnings_only { 0 } else { 1 },
            "exit status of {plan}:\n{report}"
        );
        if let Err(difference) = run.check_stderr(expected_path(plan)) {
            failures.push(difference);
        }
    }
    assert!(
        failures.is_empty(),
        "reports differ:\n{}",
        failures.join("\n")
    );
}

#[test]
fn warnings_fail_only_when_denied() {
    let output = Planc::new()
        .args([
            "check",
            "--deny-warnings",
            "--color",
            "never",
            "tests/cases/unused_owner.plan",
        ])
        .output();
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn columns_count_characters_not_bytes() {
    // `城域` starts at character 8 of line 11; in bytes it would be column 12.
    let report = run_check("tests/cases/undefined_item.plan").stderr;
    assert!(report.contains("undefined_item.plan:11:8]"), "{report}");
    let output = Planc::new()
        .args([
            "check",
            "--format",
            "json",
            "tests/cases/undefined_item.plan",
        ])
        .output();
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).expect("valid JSON");
    let first = &json["diagnostics"][0];
    assert_eq!(first["code"], "planc::undefined_item");
    assert_eq!(first["line"], 11);
    assert_eq!(first["column"], 8);
    assert_eq!(first["help"], "did you mean `城域网`?");
}

#[test]
fn all_syntax_errors_are_reported_at_once() {
    let Run {
        code: status,
        stderr: report,
        ..
    } = run_check("tests/cases/syntax.plan");
    assert_eq!(status, 1);
    assert_eq!(report.matches("planc::syntax").count(), 3, "{report}");
    assert!(report.starts_with("planc::syntax"), "{report}");
    let lines: Vec<usize> = report
        .lines()
        .filter_map(|line| line.split("syntax.plan:").nth(1))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect();
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted, "diagnostics are sorted by position");
}

#[test]
fn missing_file_is_a_usage_error() {
    let Run {
        code: status,
        stderr: report,
        ..
    } = run_check("tests/cases/no-such-file.plan");
    assert_eq!(status, 2);
    assert!(
        report.contains("cannot read `tests/cases/no-such-file.plan`"),
        "{report}"
    );
}

/// `docs/diagnostics.md` lists every code with its default severity, whether `planc.toml` may lower
/// it, a broken plan from `tests/cases/`, its report and the fix the report suggests. It is generated
/// from the code table and the cases; `UPDATE_EXPECT=1` rewrites it.
#[test]
fn the_diagnostics_reference_is_current() {
    use planc::diagnostic::Severity;
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut doc = String::from(
        "# Diagnostics\n\n\
         Every problem planc reports has a code, printed as `planc::<name>`. This page is generated from \
         the code table (`src/diagnostic.rs`) and the broken plans in `tests/cases/` by \
         `UPDATE_EXPECT=1 cargo test --test integration diagnostics::`; a test fails when it is out of date.\n\n\
         The default severity can be changed per code in `planc.toml` ([docs/ci.md](ci.md#planctoml)), \
         except that errors that would make every output wrong cannot be lowered.\n\n\
         | code | default | may be lowered | what it means |\n|---|---|---|---|\n",
    );
    for code in Code::ALL {
        let severity = match code.default_severity() {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let lowered = if code.may_be_lowered() || code.default_severity() == Severity::Warning {
            "yes"
        } else {
            "no"
        };
        doc.push_str(&format!(
            "| [`planc::{0}`](#planc{0}) | {severity} | {lowered} | {1} |\n",
            code.name(),
            code.description()
        ));
    }
    for code in Code::ALL {
        let name = code.name();
        doc.push_str(&format!("\n## planc::{name}\n\n{}.\n", code.description()));
        let Some((_, plan)) = CASES.iter().find(|(case, _)| *case == name) else {
            doc.push_str(
                "\nReported by `planc schedule` and `planc build`; see the schedule's tests for cases.\n",
            );
            continue;
        };
        let text = std::fs::read_to_string(root.join(plan)).expect("case plan");
        let report = std::fs::read_to_string(root.join(expected_path(plan))).expect("case report");
        let fixes: Vec<&str> = report
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix("help: "))
            .collect();
        doc.push_str(&format!(
            "\nExample (`{plan}`):\n\n```\n{}\n```\n\nReport:\n\n```\n{}\n```\n",
            text.trim_end(),
            report.trim_end()
        ));
        if !fixes.is_empty() {
            doc.push_str("\nHow to fix: ");
            doc.push_str(&fixes.join("; "));
            doc.push_str(".\n");
        }
    }
    expect_file("docs/diagnostics.md", &doc);
}
