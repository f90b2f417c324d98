//! Running git in a temporary repository, with a fixed author, for the tests of `planc diff --git`.

use std::path::Path;
use std::process::Command;

/// Runs `git ARGS` in `dir` and fails the test when git fails.
pub fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "planc test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "planc test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?} failed");
}
