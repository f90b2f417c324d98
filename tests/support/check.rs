//! Checking plan text held in memory, through the library, as `planc check` checks a file.

use planc::check::Checked;
use planc::diagnostic::{Diagnostic, Severity};
use planc::syntax::loader::{LoadOptions, MemoryFileSystem, load};
use std::path::Path;

/// Checks `text` as the one file `name` of a plan (an include of another file is not found).
/// Panics (failing the test) when the file cannot be loaded at all.
pub fn check_text(name: &str, text: impl Into<Vec<u8>>) -> Checked {
    let mut fs = MemoryFileSystem::new();
    fs.insert(name, text);
    check_entry(&fs, name)
}

/// Checks a plan of several files held in memory, `(path, text)` each; the first is the entry.
pub fn check_files(files: &[(&str, &str)]) -> Checked {
    let mut fs = MemoryFileSystem::new();
    for (path, text) in files {
        fs.insert(*path, text.as_bytes().to_vec());
    }
    check_entry(&fs, files[0].0)
}

fn check_entry(fs: &MemoryFileSystem, name: &str) -> Checked {
    let loaded = load(fs, Path::new(name), LoadOptions::default())
        .unwrap_or_else(|e| panic!("{name} does not load: {e:?}"));
    planc::check::check(loaded)
}

/// `planc check --color never` of `text`, written as `name` in a fresh folder: the exit code and
/// the report (stderr).
pub fn planc_check(name: &str, text: &str) -> (i32, String) {
    let dir = super::temp_dir("check");
    let path = dir.write(name, text);
    let run = super::Planc::new()
        .args(["check", "--color", "never"])
        .arg(&path)
        .env("NO_COLOR", "1")
        .run();
    (run.code, run.stderr)
}

/// The error-level diagnostics of a check.
pub fn errors(checked: &Checked) -> Vec<Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect()
}

/// Appends the scheduling statements of a generated item (four spaces in): `工期` (working
/// days), `时限` (a month) and `时段` (months), each where given.
pub fn push_timing(
    text: &mut String,
    duration: Option<u16>,
    due_month: Option<u8>,
    window: Option<(u8, u8)>,
) {
    if let Some(d) = duration {
        text.push_str(&format!("    工期 {d} 工作日\n"));
    }
    if let Some(m) = due_month {
        text.push_str(&format!("    时限 {m}月\n"));
    }
    if let Some((a, b)) = window {
        text.push_str(&format!("    时段 {a}-{b}月\n"));
    }
}
