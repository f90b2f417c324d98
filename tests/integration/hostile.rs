//! Hostile and broken input: the real binary gives a clear diagnostic and a non-zero exit, never a
//! panic, a crash or a hang.
//!
//! Every test writes its input into its own folder under the system temporary folder and runs
//! `planc` with a time limit. The sizes are the largest that keep each test within a few seconds in
//! a debug build; BENCHMARKS.md records the full-size runs (a 100 MB plan, a million owners) on the
//! release binary.

use crate::support::{Planc, Run, Scratch, temp_dir};

use std::path::Path;
use std::time::Duration;

/// Longest any run may take before it counts as a hang.
const TIME_LIMIT: Duration = Duration::from_secs(60);

const HEADER: &str = "plan \"Hostile\" {\n  period 2020\n}\n";

/// Runs `planc ARGS` in `dir`, killing it after [`TIME_LIMIT`]; a crash (a signal) fails the test.
fn planc(dir: &Path, args: &[&str]) -> Run {
    let run = Planc::new()
        .dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .time_limit(TIME_LIMIT)
        .run();
    assert!(
        run.code != -1,
        "planc {args:?} was killed by a signal: a crash\n{}",
        run.stderr
    );
    run
}

/// `planc check FILE` fails cleanly with a diagnostic that contains `expected`.
fn fails_with(dir: &Path, args: &[&str], expected: &str) -> Run {
    let run = planc(dir, args);
    assert!(
        !run.stderr.contains("panicked"),
        "planc {args:?} panicked:\n{}",
        run.stderr
    );
    assert!(
        run.code == 1 || run.code == 2,
        "planc {args:?} exited {} (expected 1 or 2)\n{}",
        run.code,
        run.stderr
    );
    let all = format!("{}{}", run.stderr, run.stdout);
    assert!(
        all.contains(expected),
        "planc {args:?}: the report does not say `{expected}`:\n{}",
        truncate(&all)
    );
    run
}

fn succeeds(dir: &Path, args: &[&str]) -> Run {
    let run = planc(dir, args);
    assert_eq!(
        run.code,
        0,
        "planc {args:?} failed:\n{}",
        truncate(&run.stderr)
    );
    run
}

fn truncate(text: &str) -> String {
    text.chars().take(4000).collect()
}

/// A small plan that checks clean, with owners, a target and a dependency.
/// Writes `name`: the small plan, then `include "TARGET"`.
fn write_including(dir: &Scratch, name: &str, target: &str) {
    dir.write(name, format!("{}include \"{target}\"\n", small_plan()));
}

/// A folder where `main.plan` (the small plan) includes `f0.plan`, each `fN.plan` includes
/// `fN+1.plan` `times` times, and the last, `f{levels}.plan`, holds `last`.
fn include_chain(name: &str, levels: usize, times: usize, last: &str) -> Scratch {
    let dir = temp_dir(name);
    write_including(&dir, "main.plan", "f0.plan");
    for level in 0..levels {
        let include = format!("include \"f{}.plan\"\n", level + 1);
        dir.write(&format!("f{level}.plan"), include.repeat(times));
    }
    dir.write(&format!("f{levels}.plan"), last);
    dir
}

fn small_plan() -> String {
    format!(
        "{HEADER}unit pcs\ndepartment d1 \"One\"\nsection s \"S\" {{\n  item a \"A\" {{\n    lead d1\n    text \"Build {{t}}.\"\n    target t \"things\" 3 pcs\n    due 2020-06\n  }}\n  item b \"B\" {{\n    lead d1\n    needs a\n    due 2020-12\n  }}\n}}\n"
    )
}

// ------------------------------------------------------------------------------ bytes and lines

#[test]
fn invalid_utf8_is_reported_at_its_byte() {
    let dir = temp_dir("utf8");
    let mut bytes = small_plan().into_bytes();
    bytes.splice(20..20, [0xFF, 0xFE, 0xC3]);
    dir.write("bad.plan", &bytes);
    let run = fails_with(&dir, &["check", "bad.plan"], "not valid UTF-8");
    assert!(run.stderr.contains("bad.plan:2:"), "{}", run.stderr);
    // Machine-readable output says the same.
    let run = fails_with(
        &dir,
        &["check", "--format", "json", "bad.plan"],
        "not valid UTF-8",
    );
    assert_eq!(run.code, 1);
}

#[test]
fn invalid_utf8_in_an_included_file_names_that_file() {
    let dir = temp_dir("utf8-include");
    write_including(&dir, "main.plan", "part.plan");
    dir.write("part.plan", b"unit ok\n\x80\x80\n");
    let run = fails_with(&dir, &["check", "main.plan"], "not valid UTF-8");
    assert!(run.stderr.contains("part.plan:2:1"), "{}", run.stderr);
}

#[test]
fn a_nul_byte_is_a_syntax_error_not_a_crash() {
    let dir = temp_dir("nul");
    let plan = small_plan().replacen("unit pcs", "unit p\0cs", 1);
    dir.write("nul.plan", plan);
    fails_with(&dir, &["check", "nul.plan"], "nul.plan:4:");
    // NUL bytes everywhere.
    dir.write("zeros.plan", vec![0u8; 100_000]);
    fails_with(&dir, &["check", "zeros.plan"], "zeros.plan:1:1");
}

#[test]
fn an_empty_file_and_a_file_of_only_a_bom_say_the_header_is_missing() {
    let dir = temp_dir("empty");
    dir.write("empty.plan", b"");
    dir.write("bom.plan", b"\xEF\xBB\xBF");
    let a = fails_with(&dir, &["check", "empty.plan"], "error");
    let b = fails_with(&dir, &["check", "bom.plan"], "error");
    assert_eq!(a.code, 1);
    assert_eq!(b.code, 1);
}

#[test]
fn extremely_long_strings_and_names_are_handled_in_linear_time() {
    let dir = temp_dir("long-lines");
    // A 2 MB string in prose: clean.
    let long_text = "字".repeat(2_000_000 / 3);
    let plan = small_plan().replacen(
        "text \"Build {t}.\"",
        &format!("text \"{long_text} {{t}}\""),
        1,
    );
    dir.write("text.plan", &plan);
    succeeds(&dir, &["check", "text.plan"]);
    // A 1 MB identifier: declared, never used.
    dir.write(
        "name.plan",
        format!("{}department {}\n", small_plan(), "n".repeat(1_000_000)),
    );
    let run = planc(&dir, &["check", "name.plan"]);
    assert_eq!(run.code, 0, "{}", truncate(&run.stderr));
    let line = small_plan().lines().count() + 1;
    let at = format!("[name.plan:{line}:12]");
    assert!(run.stderr.contains(&at), "{}", truncate(&run.stderr));
}

#[test]
fn a_long_line_of_syntax_errors_is_handled_in_linear_time() {
    let dir = temp_dir("long-errors");
    let line = small_plan().lines().count() + 1;
    // One line of 12,000 syntax errors (10,000 reported).
    dir.write(
        "garbage.plan",
        format!("{}{}\n", small_plan(), "}{ ?!".repeat(4_000)),
    );
    fails_with(
        &dir,
        &["check", "garbage.plan"],
        &format!("garbage.plan:{line}:1"),
    );
    let run = fails_with(
        &dir,
        &["check", "--format", "json", "garbage.plan"],
        "more syntax errors from here on are not reported",
    );
    assert!(
        run.stdout.contains("\"errors\": 10001,"),
        "{}",
        truncate(&run.stdout)
    );
}

#[test]
fn a_long_comment_line_is_handled_in_linear_time() {
    let dir = temp_dir("long-comment");
    // One line of 2 MB that is a single comment checks clean.
    let comment = format!("{}// {}\n", small_plan(), "x".repeat(2_000_000));
    dir.write("comment.plan", comment);
    succeeds(&dir, &["check", "comment.plan"]);
}

#[test]
fn a_line_of_millions_of_tokens_does_not_blow_the_stack() {
    let dir = temp_dir("many-tokens");
    // Long lists are parsed by repetition, not recursion.
    let owners: Vec<String> = (0..20_000).map(|i| format!("o{i}")).collect();
    let mut plan = small_plan();
    for owner in &owners {
        plan.push_str(&format!("district {owner}\n"));
    }
    plan.push_str(&format!("group all = {}\n", owners.join(", ")));
    plan.push_str("section tk \"T\" {\n  item c \"C\" {\n    lead d1\n    support all\n  }\n}\n");
    dir.write("tokens.plan", &plan);
    succeeds(&dir, &["check", "tokens.plan"]);
    // A breakdown with 20,000 parts on one line whose sum is wrong.
    let parts: Vec<String> = owners.iter().map(|o| format!("{o} 1")).collect();
    let plan = plan.replacen(
        "target t \"things\" 3 pcs",
        &format!("target t \"things\" 3 pcs split {{ {} }}", parts.join(", ")),
        1,
    );
    dir.write("split.plan", &plan);
    fails_with(&dir, &["check", "split.plan"], "add up to");
}

// ------------------------------------------------------------------------------ nesting

#[test]
fn very_deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    let dir = temp_dir("deep");
    // A million open braces.
    dir.write("braces.plan", format!("{HEADER}{}", "{".repeat(1_000_000)));
    fails_with(&dir, &["check", "braces.plan"], "nested more than");
    // 100,000 nested items, each closed.
    let mut plan = format!("{HEADER}department d1\nsection s \"S\" {{\n");
    for i in 0..100_000 {
        plan.push_str(&format!("item i{i} \"I\" {{ \n"));
    }
    plan.push_str(&"}\n".repeat(100_001));
    dir.write("items.plan", &plan);
    fails_with(&dir, &["check", "items.plan"], "nested more than");
    // Nested splits and nested goals blocks.
    dir.write(
        "split.plan",
        format!(
            "{HEADER}goals {{\n{}",
            "goal g \"G\" { target t 1 split {\n".repeat(200_000)
        ),
    );
    fails_with(&dir, &["check", "split.plan"], "nested more than");
}

#[test]
fn nesting_just_within_the_limit_is_checked() {
    let dir = temp_dir("deep-ok");
    // Sixty levels of items, each led, each due at the end of the year.
    let depth = 60;
    let mut plan = format!("{HEADER}department d1\nsection s \"S\" {{\n");
    for i in 0..depth {
        plan.push_str(&format!("item i{i} \"I\" {{\nlead d1\ndue 2020-12\n"));
    }
    plan.push_str(&"}\n".repeat(depth + 1));
    dir.write("ok.plan", &plan);
    succeeds(&dir, &["check", "ok.plan"]);
    succeeds(&dir, &["export", "ok.plan"]);
}

#[test]
fn deep_nesting_in_strings_and_comments_is_not_nesting() {
    let dir = temp_dir("deep-strings");
    let plan = format!(
        "{}// {}\nsection x \"{}\" {{\n}}\n",
        small_plan(),
        "{".repeat(100_000),
        "\\{".repeat(10_000)
    );
    dir.write("strings.plan", plan);
    let run = planc(&dir, &["check", "strings.plan"]);
    assert!(!run.stderr.contains("nested more than"), "{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

// ------------------------------------------------------------------------------ numbers

#[test]
fn numbers_with_a_thousand_digits_are_diagnostics() {
    let dir = temp_dir("numbers");
    let huge = "9".repeat(1000);
    let cases = [
        ("target", format!("target t \"things\" {huge} pcs")),
        ("magnitude", format!("target t \"things\" {huge}亿 pcs")),
        ("fraction", format!("target t \"things\" 0.{huge} pcs")),
        ("range", format!("target t \"things\" 1-{huge} pcs")),
        (
            "split",
            format!("target t \"things\" 3 pcs split {{ d1 {huge}, d1 2 }}"),
        ),
        ("duration", format!("duration {huge} workdays")),
        ("due", format!("due {huge}-06-30")),
        ("month", format!("due {huge}月")),
        ("recur", format!("recur r \"r\" monthly {huge}次")),
        ("recur-day", format!("recur r \"r\" monthly 1次 by {huge}")),
        ("lag", format!("after b +{huge} workdays")),
    ];
    for (name, statement) in cases {
        let plan = small_plan().replacen("due 2020-06", &statement, 1);
        dir.write(&format!("{name}.plan"), &plan);
        let run = planc(&dir, &["check", &format!("{name}.plan")]);
        assert!(
            !run.stderr.contains("panicked") && (run.code == 1 || run.code == 2),
            "{name}: exit {}\n{}",
            run.code,
            run.stderr
        );
        assert!(
            run.stderr.contains(&format!("{name}.plan:")),
            "{name}: {}",
            run.stderr
        );
    }
    // In the header and in declarations.
    let header = small_plan().replacen("period 2020", &format!("period {huge}"), 1);
    dir.write("period.plan", header);
    fails_with(&dir, &["check", "period.plan"], "period.plan:2:");
    let capacity = small_plan().replacen(
        "department d1 \"One\"",
        &format!("department d1 \"One\" capacity {huge}"),
        1,
    );
    dir.write("capacity.plan", capacity);
    fails_with(&dir, &["check", "capacity.plan"], "capacity.plan:");
    let baseline = format!("{}baseline b \"B\" {huge}%\n", small_plan());
    dir.write("baseline.plan", baseline);
    fails_with(&dir, &["check", "baseline.plan"], "baseline.plan:");
}

// ------------------------------------------------------------------------------ size

/// A plan declaring `owners` departments, all of them used (as members of one group that supports
/// an item), so the check is clean.
fn many_owners_plan(owners: usize) -> String {
    let mut plan = small_plan();
    plan.reserve(owners * 40);
    for i in 0..owners {
        plan.push_str("department o");
        plan.push_str(&i.to_string());
        plan.push('\n');
    }
    plan.push_str("group everyone = o0");
    for i in 1..owners {
        plan.push_str(", o");
        plan.push_str(&i.to_string());
    }
    plan.push_str("\nsection m \"M\" {\n  item c \"C\" {\n    lead everyone\n  }\n}\n");
    plan
}

#[test]
fn a_great_many_owners_check_in_time() {
    // BENCHMARKS.md: a million owners on the release binary.
    let dir = temp_dir("owners");
    dir.write("owners.plan", many_owners_plan(20_000));
    let run = succeeds(&dir, &["check", "owners.plan"]);
    assert!(run.stderr.contains("20001 owners"), "{}", run.stderr);
    // The same owners, none used: one warning each, reported in linear time.
    let unused = many_owners_plan(20_000).replace("lead everyone", "lead d1");
    dir.write("unused.plan", unused);
    let run = planc(&dir, &["check", "--format", "json", "unused.plan"]);
    assert_eq!(run.code, 0, "{}", truncate(&run.stderr));
    assert!(
        run.stdout.contains("\"warnings\": 20000,"),
        "{}",
        truncate(&run.stdout)
    );
}

#[test]
fn a_large_plan_checks_in_bounded_time() {
    // BENCHMARKS.md: 100 MB on the release binary. Here 2 MB of clean plan.
    let dir = temp_dir("large");
    let item = |i: usize| {
        format!(
            "  item i{i} \"Work item {i} with a longer title to make the file bigger\" {{\n    lead d1\n    text \"Deliver {{t{i}}} in good order and on time, with the details agreed.\"\n    target t{i} \"deliveries\" {} pcs\n    due 2020-12\n  }}\n",
            i % 97 + 1
        )
    };
    let mut plan = small_plan();
    plan.push_str("section big \"Big\" {\n");
    let mut i = 0;
    while plan.len() < 2_000_000 {
        plan.push_str(&item(i));
        i += 1;
    }
    plan.push_str("}\n");
    dir.write("large.plan", &plan);
    let run = succeeds(&dir, &["check", "large.plan"]);
    assert!(
        run.stderr.contains(&format!("{} items", i + 2)),
        "{}",
        run.stderr
    );
}

#[test]
fn a_large_file_of_garbage_gives_diagnostics_in_bounded_time() {
    let dir = temp_dir("garbage");
    // 12,000 lines that are not statements (10,000 are reported).
    let mut plan = String::from(HEADER);
    for i in 0..12_000 {
        plan.push_str(&format!("this is not a statement {i} {{ ] }}\n"));
    }
    dir.write("garbage.plan", &plan);
    fails_with(&dir, &["check", "garbage.plan"], "garbage.plan:4:1");
}

// ------------------------------------------------------------------------------ includes

#[test]
fn an_include_cycle_is_reported_with_its_path() {
    let dir = temp_dir("include-cycle");
    write_including(&dir, "main.plan", "a.plan");
    dir.write("a.plan", "include \"sub/b.plan\"\n");
    dir.write("sub/b.plan", "include \"../a.plan\"\n");
    fails_with(
        &dir,
        &["check", "main.plan"],
        "makes a cycle: a.plan → b.plan → a.plan",
    );
    // A file that includes itself.
    write_including(&dir, "self.plan", "self.plan");
    fails_with(&dir, &["check", "self.plan"], "makes a cycle");
}

#[test]
fn an_include_bomb_is_refused_quickly() {
    // Each file includes the next one twice: 2^40 reads if nothing stopped it.
    let dir = include_chain("include-bomb", 40, 2, "// the end\n");
    fails_with(&dir, &["check", "main.plan"], "include");
}

#[test]
fn deeply_nested_includes_stop_at_the_limit() {
    let dir = include_chain("include-deep", 200, 1, "");
    fails_with(&dir, &["check", "main.plan"], "nested more than");
}

#[test]
fn including_a_directory_or_a_missing_file_is_a_diagnostic() {
    let dir = temp_dir("include-missing");
    std::fs::create_dir_all(dir.join("folder.plan")).expect("folder");
    write_including(&dir, "dir.plan", "folder.plan");
    fails_with(&dir, &["check", "dir.plan"], "directory");
    write_including(&dir, "missing.plan", "nowhere.plan");
    fails_with(
        &dir,
        &["check", "missing.plan"],
        "cannot include `nowhere.plan`",
    );
    write_including(&dir, "empty-name.plan", "");
    fails_with(&dir, &["check", "empty-name.plan"], "cannot include");
    // An entry file that is missing, or a directory: a usage error (exit 2).
    let run = fails_with(&dir, &["check", "absent.plan"], "cannot read `absent.plan`");
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("1 file not read"), "{}", run.stderr);
    let run = fails_with(&dir, &["check", "folder.plan"], "directory");
    assert_eq!(run.code, 2);
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_is_a_read_error_not_a_hang() {
    let dir = temp_dir("symlink-loop");
    let _ = std::os::unix::fs::symlink("loop.plan", dir.join("loop.plan"));
    write_including(&dir, "main.plan", "loop.plan");
    let run = fails_with(&dir, &["check", "main.plan"], "cannot include `loop.plan`");
    assert_eq!(run.code, 1);
    let run = fails_with(&dir, &["check", "loop.plan"], "cannot read `loop.plan`");
    assert_eq!(run.code, 2);
}

#[test]
fn includes_that_escape_the_plan_folder_are_refused_unless_allowed() {
    let dir = temp_dir("include-escape");
    dir.write("shared/units.plan", "unit pcs\n");
    let plan = small_plan().replacen("unit pcs\n", "include \"../shared/units.plan\"\n", 1);
    dir.write("plan/main.plan", &plan);
    let absolute = dir.join("shared/units.plan");
    let plan_abs = small_plan().replacen(
        "unit pcs\n",
        &format!("include \"{}\"\n", absolute.display()),
        1,
    );
    dir.write("plan/absolute.plan", &plan_abs);
    fails_with(
        &dir,
        &["check", "plan/main.plan"],
        "outside the plan's folder",
    );
    fails_with(
        &dir,
        &["check", "plan/absolute.plan"],
        "outside the plan's folder",
    );
    succeeds(
        &dir,
        &["check", "--allow-outside-includes", "plan/main.plan"],
    );
    succeeds(
        &dir,
        &["check", "--allow-outside-includes", "plan/absolute.plan"],
    );
    #[cfg(unix)]
    {
        // A symbolic link inside the folder that points outside it is an escape too.
        let link = dir.join("plan/link.plan");
        let _ = std::os::unix::fs::symlink(&absolute, &link);
        let plan = small_plan().replacen("unit pcs\n", "include \"link.plan\"\n", 1);
        dir.write("plan/via-link.plan", plan);
        fails_with(
            &dir,
            &["check", "plan/via-link.plan"],
            "outside the plan's folder",
        );
    }
}

// ------------------------------------------------------------------------------ output

#[test]
fn build_into_an_unwritable_folder_writes_nothing_and_leaves_the_input_alone() {
    let dir = temp_dir("build-unwritable");
    let plan = small_plan();
    let input = dir.write("plan.plan", &plan);
    // A regular file where a folder must go: not writable even for root.
    dir.write("blocker", "not a folder");
    let run = fails_with(
        &dir,
        &["build", "plan.plan", "-o", "blocker/out"],
        "blocker",
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let run = fails_with(&dir, &["build", "plan.plan", "-o", "blocker"], "blocker");
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(dir.join("blocker")).expect("blocker"),
        "not a folder"
    );
    assert_eq!(std::fs::read_to_string(&input).expect("input"), plan);
    // Nothing was written anywhere beside the inputs.
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["blocker", "plan.plan"]);
}

#[test]
fn build_refuses_a_plan_with_errors_before_writing() {
    let dir = temp_dir("build-errors");
    let plan = format!("{}\u{0}", small_plan());
    dir.write("plan.plan", &plan);
    let run = fails_with(
        &dir,
        &["build", "plan.plan", "-o", "out"],
        "nothing written",
    );
    assert_eq!(run.code, 1);
    assert!(!dir.join("out").exists());
}

#[test]
fn thousands_of_unknown_names_do_not_make_did_you_mean_quadratic() {
    // Every item needs a name that does not exist: each miss would be compared with every item
    // (at 100k items, hours). Past the run's budget of comparisons the help says how to declare
    // the name instead of guessing, so the hints stop part of the way through.
    let dir = temp_dir("unknown-names");
    let items = 2_000;
    let mut plan = small_plan();
    plan.push_str("section many \"Many\" {\n");
    for i in 0..items {
        plan.push_str(&format!(
            "  item i{i} \"Item {i}\" {{\n    lead d1\n    needs x{i}\n    due 2020-12\n  }}\n"
        ));
    }
    plan.push_str("}\n");
    dir.write("unknown.plan", &plan);
    let run = fails_with(&dir, &["check", "--format", "json", "unknown.plan"], "x0");
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("a JSON report");
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "planc::undefined_item")
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert_eq!(helps.len(), items, "one error per unknown name");
    let guesses = helps.iter().filter(|h| h.contains("did you mean")).count();
    assert!(guesses > 0, "the first misses still get a guess");
    assert!(
        guesses < items,
        "past the budget the help stops guessing ({guesses} of {items} guessed)"
    );
}

// ------------------------------------------------------------- issue 14: fast on any input

/// The generators of the full-size runs in BENCHMARKS.md, run here at small sizes.
#[path = "../../examples/hostile.rs"]
mod generate;

/// `planc check --format FORMAT FILE` in every format: (format, exit code, stdout + stderr).
fn every_format(dir: &Path, file: &str) -> Vec<(&'static str, i32, String)> {
    ["human", "json", "github", "sarif"]
        .into_iter()
        .map(|format| {
            let run = planc(dir, &["check", "--format", format, file]);
            assert!(
                !run.stderr.contains("panicked"),
                "{format}: {}",
                truncate(&run.stderr)
            );
            (format, run.code, format!("{}{}", run.stdout, run.stderr))
        })
        .collect()
}

fn json_report(dir: &Path, file: &str) -> serde_json::Value {
    let run = planc(dir, &["check", "--format", "json", file]);
    serde_json::from_str(&run.stdout).expect("a JSON report")
}

#[test]
fn a_long_cycle_is_reported_by_its_ends_and_listed_whole_in_json() {
    // 3,000 items in one cycle: the message named every step and every dependency was drawn, a
    // report that grew with the square of the cycle (200k items: 21 minutes, 45 MB).
    let dir = temp_dir("long-cycle");
    let items = 3_000;
    dir.write("cycle.plan", generate::cycle(items));
    for (format, code, output) in every_format(&dir, "cycle.plan") {
        assert_eq!(code, 1, "{format}: {}", truncate(&output));
        assert!(
            output.contains(&format!("… {} more …", items + 1 - 11)),
            "{format}: {}",
            truncate(&output)
        );
        // Before: 3,000 names in the message and 3,000 labels (SARIF: 400 KB). JSON lists every
        // step under `path` (below). SARIF's list of rules alone is 10 KB.
        assert!(
            format == "json" || output.len() < 30_000,
            "{format}: {} bytes for one cycle",
            output.len()
        );
    }
    let human = planc(&dir, &["check", "cycle.plan"]).stderr;
    assert_eq!(
        human.matches("and this one").count(),
        8,
        "the dependencies between the names written out are drawn:\n{}",
        truncate(&human)
    );
    let report = json_report(&dir, "cycle.plan");
    let cycle = &report["diagnostics"][0];
    let path = cycle["path"].as_array().expect("the full path in JSON");
    assert_eq!(path.len(), items, "one step per dependency");
    assert_eq!(path[0]["text"], "（一） `c0` → （三千） `c2999`");
    assert_eq!(path[items - 1]["text"], "（二） `c1` → （一） `c0`");
    assert_eq!(cycle["labels"].as_array().map(Vec::len), Some(9));
}

#[test]
fn a_long_chain_of_late_deadlines_is_written_by_its_ends() {
    // Each item needs the one before and is due before it: every item's help named the whole
    // chain back to the first, quadratic in the length of the chain.
    let dir = temp_dir("long-chain");
    let items = 1_500;
    let mut plan = format!("{}section s \"S\" {{\n", generate::HEADER);
    for index in 0..items {
        let due = if index == 0 { "2020-12" } else { "2020-01" };
        let needs = if index == 0 {
            String::new()
        } else {
            format!("    needs c{}\n", index - 1)
        };
        plan.push_str(&format!(
            "  item c{index} \"C\" {{\n    lead d1\n{needs}    due {due}\n  }}\n"
        ));
    }
    plan.push_str("}\n");
    dir.write("chain.plan", &plan);
    let report = json_report(&dir, "chain.plan");
    let helps: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "planc::deadline_order")
        .filter_map(|d| d["help"].as_str())
        .collect();
    assert_eq!(
        helps.len(),
        items - 1,
        "one late deadline per item after the first"
    );
    let longest = helps.iter().map(|h| h.chars().count()).max().unwrap_or(0);
    assert!(longest < 400, "a help of {longest} characters");
    let last = helps.last().copied().unwrap_or_default();
    assert!(
        last.contains(&format!("`c0` → … {} more … →", items - 7)),
        "{last}"
    );
    assert!(last.contains("`c1498` → （一千五百） `c1499`"), "{last}");
}

#[test]
fn a_long_line_of_figures_is_linear_and_reported_in_bounded_size() {
    // A 300 KB prose line of ~40,000 unbound figures: each report counted the characters of the
    // line up to its figure (quadratic; 1 MB took 3.2 s, 45 MB did not finish), and drew the whole
    // line (200 reports × the line).
    let dir = temp_dir("figures");
    dir.write("figures.plan", generate::figures(300_000));
    let report = json_report(&dir, "figures.plan");
    let figures: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "planc::unbound_figure")
        .collect();
    assert_eq!(
        figures.len(),
        10_001,
        "10,000 figures and one that counts the rest"
    );
    let rest = figures
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .is_some_and(|m| m.contains("not reported one by one"))
        })
        .expect("the rest are counted");
    assert_eq!(rest["line"], 9);
    // Columns are still counted in characters on the long line: `    text "增长0个，增长1个，…`.
    assert_eq!(figures[0]["column"], 13);
    assert_eq!(figures[1]["column"], 18);
    let human = planc(&dir, &["check", "figures.plan"]);
    assert_eq!(human.code, 0);
    assert!(
        human.stderr.len() < 200 * 2_000,
        "{} bytes: the 300 KB line is drawn whole",
        human.stderr.len()
    );
    assert!(human.stderr.contains("[figures.plan:9:13]"));
}

#[test]
fn a_long_line_of_junk_is_never_echoed_whole() {
    // 300 KB of junk on one line: the report drew the whole line (50 MB: 32 s, 50 MB of stderr).
    let dir = temp_dir("junk");
    dir.write("junk.plan", generate::junk(300_000));
    for (format, code, output) in every_format(&dir, "junk.plan") {
        assert_eq!(code, 1, "{format}");
        assert!(
            output.len() < 20_000,
            "{format}: {} bytes of report for one line",
            output.len()
        );
    }
}

#[test]
fn a_long_owner_name_is_quoted_by_an_excerpt_in_every_format() {
    // A 1 MB owner name, declared and unused: quoted whole by message, label and help (50 MB:
    // 230 MB of stderr, 1.35 GB of memory); and a near miss of it, undeclared, that "did you
    // mean" compared character by character with it (hours).
    let dir = temp_dir("owner");
    dir.write("owner.plan", generate::owner(1_000_000));
    dir.write("near.plan", generate::owner_reference(400_000));
    for file in ["owner.plan", "near.plan"] {
        for (format, _, output) in every_format(&dir, file) {
            assert!(
                output.len() < 20_000,
                "{file} {format}: {} bytes of report",
                output.len()
            );
            assert!(
                output.contains(" characters)"),
                "{file} {format}: the excerpt says how long the name was:\n{}",
                truncate(&output)
            );
        }
    }
    let report = json_report(&dir, "owner.plan");
    let unused = report["diagnostics"]
        .as_array()
        .and_then(|all| {
            all.iter()
                .find(|d| d["code"] == "planc::unused_owner" && d["line"] == 6)
        })
        .expect("the long owner is unused");
    let message = unused["message"].as_str().unwrap_or_default();
    assert!(message.contains('…'), "{message}");
    assert!(
        message.contains(&format!("` ({} characters)", 1 + 2 * (1_000_000 / 6 + 1))),
        "{message}"
    );
}
