//! One way to run the real `planc` binary in a test: [`Planc`] (arguments, folder, stdin,
//! environment, expected exit code), [`Scratch`] (a temporary folder from `tempfile`, removed when
//! the test ends, even when it fails), and [`expect_file`] (a snapshot compared with a file under
//! `tests/`; `UPDATE_EXPECT=1` writes it, a missing file is a failure).

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The crate root, where the tests' relative paths (`tests/cases/…`, `plans/…`) start.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The text of a file of the repository, by its path from the crate root (`plans/…`, `schema/…`).
pub fn read(path: impl AsRef<Path>) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A run of the `planc` binary being built. It starts in the crate root with `COLUMNS` and
/// `PLANC_TODAY` removed, so that reports do not depend on the caller's terminal or date.
#[must_use]
pub struct Planc {
    command: Command,
    stdin: Option<Vec<u8>>,
    limit: Option<Duration>,
}

impl Default for Planc {
    fn default() -> Self {
        Self::new()
    }
}

impl Planc {
    pub fn new() -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_planc"));
        command
            .current_dir(root())
            .env_remove("COLUMNS")
            .env_remove("PLANC_TODAY");
        Self {
            command,
            stdin: None,
            limit: None,
        }
    }

    pub fn arg(mut self, arg: impl AsRef<OsStr>) -> Self {
        self.command.arg(arg);
        self
    }

    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command.args(args);
        self
    }

    /// Runs in `dir` instead of the crate root.
    pub fn dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.command.current_dir(dir.as_ref());
        self
    }

    pub fn env(mut self, key: impl AsRef<OsStr>, value: impl AsRef<OsStr>) -> Self {
        self.command.env(key, value);
        self
    }

    pub fn stdin(mut self, input: impl Into<Vec<u8>>) -> Self {
        self.stdin = Some(input.into());
        self
    }

    /// Kills the run and fails the test when it takes longer than `limit` (a hang).
    pub fn time_limit(mut self, limit: Duration) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Runs to the end; the exit code is not checked. Stdin is empty unless given; stdout and
    /// stderr are read on threads, so that neither pipe can fill up and block planc.
    pub fn output(mut self) -> Output {
        let described = format!("{:?}", self.command.get_args().collect::<Vec<_>>());
        let input = self.stdin.take().unwrap_or_default();
        let mut child = self
            .command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the planc binary runs");
        let mut pipe = child.stdin.take().expect("stdin is piped");
        // planc may exit before reading all of its input (a usage error): not the test's concern.
        let writer = std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        });
        let read = |mut pipe: Box<dyn Read + Send>| {
            std::thread::spawn(move || {
                let mut bytes = Vec::new();
                let _ = pipe.read_to_end(&mut bytes);
                bytes
            })
        };
        let stdout = read(Box::new(child.stdout.take().expect("stdout is piped")));
        let stderr = read(Box::new(child.stderr.take().expect("stderr is piped")));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for planc") {
                break status;
            }
            if self.limit.is_some_and(|limit| started.elapsed() > limit) {
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "planc {described} did not finish within {:?} (a hang)",
                    self.limit
                );
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        writer.join().expect("the stdin writer finishes");
        Output {
            status,
            stdout: stdout.join().expect("the stdout reader finishes"),
            stderr: stderr.join().expect("the stderr reader finishes"),
        }
    }

    /// Runs to the end; the exit code is not checked.
    pub fn run(self) -> Run {
        Run::from(self.output())
    }

    /// Runs and checks the exit code (a panic shows stdout and stderr).
    pub fn code(self, expected: i32) -> Run {
        let described = format!("{:?}", self.command.get_args().collect::<Vec<_>>());
        let run = self.run();
        assert_eq!(
            run.code, expected,
            "planc {described} exited {} (expected {expected})\nstdout:\n{}\nstderr:\n{}",
            run.code, run.stdout, run.stderr
        );
        run
    }

    /// Runs and checks that it succeeded.
    pub fn ok(self) -> Run {
        self.code(0)
    }
}

/// What a run printed and how it exited (-1: killed by a signal). Output that is not UTF-8 is
/// kept in `stdout_bytes` and shown lossily in `stdout`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub stdout_bytes: Vec<u8>,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Self {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            stdout_bytes: output.stdout,
        }
    }
}

impl Run {
    /// Compares stdout with a snapshot file (see [`expect_file`]).
    pub fn expect_stdout(&self, path: impl AsRef<Path>) -> &Self {
        expect_file(path, &self.stdout);
        self
    }

    /// Compares stderr with a snapshot file (see [`check_file`]).
    pub fn check_stderr(&self, path: impl AsRef<Path>) -> Result<(), String> {
        check_file(path, &self.stderr)
    }
}

/// Whether snapshots are being accepted (`UPDATE_EXPECT=1 cargo test`).
pub fn updating() -> bool {
    std::env::var_os("UPDATE_EXPECT").is_some_and(|v| !v.is_empty())
}

/// Compares `actual` with the file at `path` (relative to the crate root, or absolute). With
/// `UPDATE_EXPECT=1` the file is written instead; otherwise a missing file is a failure, never an
/// empty expectation. A difference panics with a unified diff.
pub fn expect_file(path: impl AsRef<Path>, actual: &str) {
    if let Err(difference) = check_file(path, actual) {
        panic!("{difference}");
    }
}

/// [`expect_file`] that returns the difference instead of panicking, for tests that compare many
/// files and report every difference at once.
pub fn check_file(path: impl AsRef<Path>, actual: &str) -> Result<(), String> {
    let path = root().join(path);
    if updating() {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create the snapshot's folder");
        }
        std::fs::write(&path, actual).expect("write the snapshot");
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path).map_err(|error| {
        format!(
            "{}: cannot read the expected output ({error}); run `UPDATE_EXPECT=1 cargo test`, then review the new file",
            path.display()
        )
    })?;
    if expected == actual {
        return Ok(());
    }
    let diff = similar::TextDiff::from_lines(expected.as_str(), actual);
    Err(format!(
        "{} differs from the output (`UPDATE_EXPECT=1 cargo test` accepts it):\n{}",
        path.display(),
        diff.unified_diff().header("expected", "actual")
    ))
}

/// A temporary folder, removed when dropped; kept (and its path printed) when the test fails, to
/// look at its inputs. It dereferences to its path, so `dir.join("a.plan")` works.
pub struct Scratch(Option<tempfile::TempDir>);

impl Scratch {
    /// A new empty folder whose name starts with `planc-NAME-` (to find it while debugging).
    pub fn new(name: &str) -> Self {
        Self(Some(
            tempfile::Builder::new()
                .prefix(&format!("planc-{name}-"))
                .tempdir()
                .expect("create a temporary folder"),
        ))
    }

    pub fn path(&self) -> &Path {
        self.0.as_ref().expect("the folder lives until drop").path()
    }

    /// Writes `contents` to `name` inside the folder (creating sub-folders) and returns its path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create a sub-folder");
        }
        std::fs::write(&path, contents).expect("write a test file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking()
            && let Some(dir) = self.0.take()
        {
            eprintln!("the test's folder is kept: {}", dir.keep().display());
        }
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.path()
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        self.path()
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.path().as_os_str()
    }
}

/// A temporary folder (see [`Scratch`]).
pub fn temp_dir(name: &str) -> Scratch {
    Scratch::new(name)
}

/// `planc ARGS` in the crate root, exit code not checked.
pub fn planc(args: &[&str]) -> Output {
    Planc::new().args(args).output()
}

/// `planc ARGS` in the crate root, which must succeed.
pub fn planc_ok(args: &[&str]) -> Run {
    Planc::new().args(args).ok()
}

/// Runs `planc fmt --check FILES…` in `dir` and fails the test, with `what` and the diff planc
/// prints, when a file is not in the canonical layout.
pub fn assert_formatted(dir: &Path, files: &[&str], what: &str) {
    let output = Planc::new()
        .arg("fmt")
        .arg("--check")
        .args(files)
        .dir(dir)
        .output();
    assert!(
        output.status.success(),
        "{what}: `planc fmt --check` would change {files:?}:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
