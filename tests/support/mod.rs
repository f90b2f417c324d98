//! What the test binaries share: running planc ([`planc`]), temporary folders and snapshots,
//! and helpers of several areas. Included by tests/integration/main.rs and tests/tools/main.rs.

pub mod build;
pub mod check;
pub mod docx;
pub mod git;
pub mod markdown;
pub mod plan_files;
pub mod planc;
pub mod schema;
pub mod similarity;
pub mod slots;
pub mod synthetic_schedule;

pub use planc::{Planc, Run, Scratch, expect_file, read, root, temp_dir};

/// Fails the test when `text` lacks any of `needles`, naming every missing one, then the text.
#[track_caller]
pub fn assert_contains(text: &str, needles: &[&str]) {
    let missing: Vec<&&str> = needles.iter().filter(|n| !text.contains(**n)).collect();
    assert!(missing.is_empty(), "missing {missing:?} in:\n{text}");
}
