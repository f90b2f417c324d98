//! The test layout keeps every test running: Cargo's automatic test discovery is off
//! (`autotests = false`), so a test file only runs when a `main.rs` declares it.

use crate::support::root;
use std::path::Path;

/// The `.rs` files directly in `folder`, by name without the extension.
fn modules_in(folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .expect("read the test folder")
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().into_string().ok()?;
            name.strip_suffix(".rs").map(str::to_string)
        })
        .filter(|name| name != "main")
        .collect();
    names.sort();
    names
}

/// A file added to tests/ (where each file used to be a test binary) or to tests/integration/
/// or tests/tools/ without a `mod` line would compile into nothing and its tests would never run.
#[test]
fn every_test_file_is_a_declared_module() {
    let loose = modules_in(&root().join("tests"));
    assert!(
        loose.is_empty(),
        "tests/{}.rs: not compiled; move it to tests/integration/ (git mv) and add `mod NAME;` \
         to tests/integration/main.rs (or to tests/tools/ if it needs a third-party tool)",
        loose.join(".rs, tests/")
    );
    for binary in ["integration", "tools"] {
        let main = std::fs::read_to_string(root().join(format!("tests/{binary}/main.rs")))
            .expect("read main.rs");
        for module in modules_in(&root().join("tests").join(binary)) {
            assert!(
                main.lines()
                    .any(|line| line.trim() == format!("mod {module};")),
                "tests/{binary}/{module}.rs is not declared in tests/{binary}/main.rs: add `mod {module};`"
            );
        }
    }
}

/// The tools binary has its own harness: a `#[test]` there would be compiled out silently. Its
/// checks are listed in each module's `CHECKS`.
#[test]
fn the_tools_binary_has_no_test_attributes() {
    for module in modules_in(&root().join("tests/tools")) {
        let text = std::fs::read_to_string(root().join(format!("tests/tools/{module}.rs")))
            .expect("read a tools module");
        for marker in ["#[test]", "proptest!"] {
            assert!(
                !text.contains(marker),
                "tests/tools/{module}.rs has `{marker}`, which the tools harness never runs: \
                 put the test in tests/integration/, or make it a `Check` in `CHECKS`"
            );
        }
    }
}

/// A check function in tests/tools/ that is not in a `CHECKS` list never runs.
#[test]
fn every_tools_check_is_listed() {
    for module in modules_in(&root().join("tests/tools")) {
        let text = std::fs::read_to_string(root().join(format!("tests/tools/{module}.rs")))
            .expect("read a tools module");
        for line in text.lines() {
            let Some(name) = line
                .strip_prefix("fn ")
                .and_then(|rest| rest.strip_suffix("() {"))
            else {
                continue;
            };
            assert!(
                text.contains(&format!("\n    {name} needs [")),
                "tests/tools/{module}.rs: `{name}` is not in its CHECKS, so it never runs"
            );
        }
    }
}
