//! The loader sets sections aside as it reads them (`syntax::parse_folded`) and the checker reads
//! each again when it gets to it. Checking that way must give exactly what checking the whole tree
//! gives: the same plan, the same diagnostics in the same order.

#[allow(dead_code, clippy::all)]
#[path = "../../examples/gen.rs"]
mod generator;

use crate::support::plan_files;
use plan_files::plan_files;
use planc::check::{Checked, check};
use planc::syntax::ast::TopStmt;
use planc::syntax::loader::{DiskFileSystem, FileSystem, LoadOptions, MemoryFileSystem, load};
use std::path::{Path, PathBuf};

/// The plan and diagnostics, compared through `Debug` (spans included).
fn outcome(checked: &Checked) -> String {
    format!("{:#?}\n{:#?}", checked.plan, checked.diagnostics)
}

/// Checks the plan at `path` (in `files`) both ways; returns how many sections were folded.
fn agree_in(files: &dyn FileSystem, path: &Path) -> usize {
    let name = path.display().to_string();
    let name = name.as_str();
    let loaded = load(files, path, LoadOptions::default()).expect("the file is there");
    let folded = loaded
        .statements
        .iter()
        .filter(|s| matches!(s, TopStmt::Folded(_)))
        .count();
    let folded_outcome = outcome(&check(loaded));
    let options = LoadOptions {
        whole_tree: true,
        ..LoadOptions::default()
    };
    let loaded = load(files, path, options).expect("the file is there");
    assert!(
        loaded
            .statements
            .iter()
            .all(|s| !matches!(s, TopStmt::Folded(_))),
        "nothing is folded with `whole_tree`"
    );
    let whole = check(loaded);
    let whole_outcome = outcome(&whole);
    if folded_outcome != whole_outcome {
        let at = folded_outcome
            .lines()
            .zip(whole_outcome.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        let around = |s: &str| {
            s.lines()
                .skip(at.saturating_sub(5))
                .take(12)
                .collect::<Vec<_>>()
                .join("\n")
        };
        panic!(
            "{name}: checking folded sections differs from checking the whole tree at line {at}\n--- folded:\n{}\n--- whole:\n{}",
            around(&folded_outcome),
            around(&whole_outcome)
        );
    }
    folded
}

/// [`agree_in`] for one file held in memory.
fn agree(name: &str, text: &str) -> usize {
    let mut files = MemoryFileSystem::new();
    files.insert(name, text);
    agree_in(&files, Path::new(name))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn every_plan_in_the_repository_checks_the_same_folded() {
    let mut files = plan_files(&root().join("plans"));
    files.extend(plan_files(&root().join("tests")));
    assert!(files.len() >= 40, "found only {}", files.len());
    let mut folded = 0;
    for path in &files {
        folded += agree_in(&DiskFileSystem, path);
    }
    // The bundled plan alone has 6 sections; files with syntax errors are not folded.
    assert!(folded >= 30, "only {folded} sections were folded");
}

#[test]
fn the_bundled_plan_is_folded() {
    let path = root().join("plans/changzhou-education-2020.plan");
    assert_eq!(agree_in(&DiskFileSystem, &path), 6);
}

#[test]
fn generated_plans_check_the_same_folded() {
    for (items, seed) in [(300, 1), (2_000, 7), (12_000, 3)] {
        let mut options = generator::Options::items(items);
        options.seed = seed;
        let text = generator::generate(&options);
        let folded = agree(&format!("gen-{items}.plan"), &text);
        assert!(
            folded >= items / 60,
            "{items} items: {folded} sections folded"
        );
    }
}

/// Names declared twice, or used before and after their declaration, across and inside folded
/// sections: the checker numbers items, targets, milestones and recurrences from the lists the
/// parser kept, so every diagnostic and every index must match the whole-tree check.
///
/// Also at 12,000 items (3 MB, parsed in two halves on two threads), with mutations near the end.
#[test]
fn duplicates_and_unknown_names_in_folded_sections_are_reported_the_same() {
    for items in [400, 12_000] {
        duplicates_and_unknown_names_agree(items);
    }
}

fn duplicates_and_unknown_names_agree(items: usize) {
    let text = generator::generate(&generator::Options::items(items));
    assert!(
        items < 1_000 || text.len() > 2 << 20,
        "{} bytes",
        text.len()
    );
    let last = format!("item i{} ", items - 2);
    let late_target = format!("target i{}_t ", items - 5);
    let mutations: [(&str, &str); 8] = [
        // An item near the end declared like one at the start.
        (&last, "item i4 "),
        // A target near the end named like an item.
        (&late_target, "target i6 "),
        // An item declared twice.
        ("item i7 ", "item i3 "),
        // A target named like an item.
        ("target i20_t ", "target i2 "),
        // A milestone named like a target of another section.
        ("milestone i1_m ", "milestone i0_t "),
        // A recurrence named like an item further on.
        ("recur i1_r ", "recur i399 "),
        // A dependency on a name that does not exist.
        ("needs i0\n", "needs i0_missing\n"),
        // A section named like an item.
        ("section s1 ", "section i5 "),
    ];
    let mut changed = 0;
    let mut mutated = text.clone();
    for (from, to) in mutations {
        if mutated.contains(from) {
            mutated = mutated.replacen(from, to, 1);
            changed += 1;
        }
    }
    assert!(
        changed >= 6,
        "{items} items: only {changed} mutations applied"
    );
    agree(&format!("mutated-{items}.plan"), &mutated);
}
