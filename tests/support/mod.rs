//! What the test binaries share: running planc ([`planc`]), temporary folders and snapshots,
//! and helpers of several areas. Included by tests/integration/main.rs and tests/tools/main.rs.

pub mod build;
pub mod check;
pub mod docx;
pub mod git;
pub mod json;
pub mod markdown;
pub mod plan_files;
pub mod planc;
pub mod schema;
pub mod similarity;
pub mod slots;
pub mod synthetic_schedule;

pub use planc::{Planc, Run, Scratch, expect_file, read, root, temp_dir};

/// The bundled reference plan (the 常州 2020 education plan), from the crate root.
pub const BUNDLED: &str = "plans/changzhou-education-2020.plan";
/// The small plan of the document, checklist and build tests.
pub const SMALL: &str = "tests/fixtures/doc/small.plan";
/// The plan of the schedule and graph tests.
pub const SAMPLE: &str = "tests/fixtures/schedule/sample.plan";

/// What `planc ARGS` (in the crate root) prints; it must succeed.
pub fn stdout_of(args: &[&str]) -> String {
    Planc::new().args(args).ok().stdout
}

/// Fails the test when `text` lacks any of `needles`, naming every missing one, then the text.
#[track_caller]
pub fn assert_contains(text: &str, needles: &[&str]) {
    let missing: Vec<&&str> = needles.iter().filter(|n| !text.contains(**n)).collect();
    assert!(missing.is_empty(), "missing {missing:?} in:\n{text}");
}
