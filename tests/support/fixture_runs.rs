//! Running the `planc` binary from the crate root and comparing its output with snapshot files
//! under tests/fixtures/doc/, shared by the document and checklist tests.

use std::path::Path;
use std::process::Command;

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn planc(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the planc binary runs")
}

/// Compares with a snapshot file, or writes it when UPDATE_SNAPSHOTS is set.
pub fn snapshot(name: &str, actual: &str) {
    let path = root().join("tests/fixtures/doc").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| !v.is_empty()) {
        std::fs::write(&path, actual).expect("write snapshot");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("missing snapshot {name}; run with UPDATE_SNAPSHOTS=1"));
    if expected != actual {
        let diff = similar::TextDiff::from_lines(expected.as_str(), actual);
        panic!(
            "{name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept):\n{}",
            diff.unified_diff().header("snapshot", "actual")
        );
    }
}
