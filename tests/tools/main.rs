//! The checks that need a third-party tool: outputs read back by their real consumers (Graphviz,
//! LibreOffice, Chromium, poppler, khal, the Mermaid CLI) and the calendar cross-checked against
//! Python packages. A separate test binary with its own harness (libtest-mimic) so that a check
//! whose tool is missing is reported as *ignored*, with the tool and how to install it, in the
//! summary a person reads ("… passed; 0 failed; 3 ignored"), instead of passing silently.
//!
//! When `CI`, `PLANC_REQUIRE_TOOLS` or `PLANC_REQUIRE_LIBREOFFICE` is set, a missing tool is a
//! failure instead. The Mermaid CLI is the exception: it is not packaged for apt, so its check
//! runs only when `PLANC_MMDC` names it and is otherwise always ignored.

#![allow(
    clippy::unwrap_used,
    reason = "checks run under libtest-mimic, not #[test], so clippy's allow-unwrap-in-tests does not see them; a panic is a failed check"
)]

/// A module's `CHECKS`: `checks!("AREA": FUNCTION needs [TOOL, …], …)`, each check named
/// `AREA::FUNCTION` after the function it runs.
macro_rules! checks {
    ($area:literal: $($run:ident needs [$($need:expr),* $(,)?]),* $(,)?) => {
        &[$(crate::Check {
            name: concat!($area, "::", stringify!($run)),
            needs: &[$($need),*],
            run: $run,
        }),*]
    };
}

#[path = "../support/mod.rs"]
#[allow(dead_code, unused_imports)]
mod support;

mod doc_outputs;
mod graph_outputs;
mod holidays_crosscheck;
mod import;
mod lunar_crosscheck;
mod progress;
mod schedule_outputs;
mod sheet;

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// A tool a check needs.
#[derive(Clone, Copy)]
pub enum Tool {
    /// A program on PATH that runs with the given argument (`--version`, or `-v` for poppler).
    Program {
        name: &'static str,
        probe: &'static str,
        install: &'static str,
    },
    /// A module that `python3` imports.
    Python {
        module: &'static str,
        install: &'static str,
    },
    /// A program named by an environment variable; optional even under CI.
    Named {
        variable: &'static str,
        what: &'static str,
    },
}

pub const DOT: Tool = program("dot", "-V", "apt-get install graphviz");
pub const LIBREOFFICE: Tool = program(
    "libreoffice",
    "--version",
    "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui",
);
pub const SOFFICE: Tool = program(
    "soffice",
    "--version",
    "apt-get install libreoffice-calc-nogui",
);
pub const CHROMIUM: Tool = program("chromium", "--version", "apt-get install chromium");
pub const PDFTOTEXT: Tool = program("pdftotext", "-v", "apt-get install poppler-utils");
pub const PDFINFO: Tool = program("pdfinfo", "-v", "apt-get install poppler-utils");
pub const PDFTOHTML: Tool = program("pdftohtml", "-v", "apt-get install poppler-utils");
pub const KHAL: Tool = program("khal", "--version", "apt-get install khal");
pub const MERMAID_CLI: Tool = Tool::Named {
    variable: "PLANC_MMDC",
    what: "the Mermaid CLI (npm install @mermaid-js/mermaid-cli; PLANC_MMDC=path/to/mmdc)",
};

/// A program on PATH, found when `NAME PROBE` exits 0.
pub const fn program(name: &'static str, probe: &'static str, install: &'static str) -> Tool {
    Tool::Program {
        name,
        probe,
        install,
    }
}

/// A module that `python3 -c "import MODULE"` finds.
pub const fn python_module(module: &'static str, install: &'static str) -> Tool {
    Tool::Python { module, install }
}

impl Tool {
    /// `None` when the tool is there; otherwise what is missing and how to install it.
    fn missing(self) -> Option<String> {
        let runs = |command: &mut Command| {
            command
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        match self {
            Tool::Program {
                name,
                probe,
                install,
            } => (!runs(Command::new(name).arg(probe)))
                .then(|| format!("needs `{name}` ({install})")),
            Tool::Python { module, install } => {
                (!runs(Command::new("python3").args(["-c", &format!("import {module}")])))
                    .then(|| format!("needs python3 with `{module}` ({install})"))
            }
            Tool::Named { variable, what } => std::env::var_os(variable)
                .is_none_or(|v| v.is_empty())
                .then(|| format!("needs {what}; {variable} is not set")),
        }
    }

    /// Whether a missing tool fails the run instead of being ignored.
    fn required(self) -> bool {
        !matches!(self, Tool::Named { .. })
            && ["CI", "PLANC_REQUIRE_TOOLS", "PLANC_REQUIRE_LIBREOFFICE"]
                .iter()
                .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
    }
}

/// LibreOffice, headless, converting `input` to the format `to` (`pdf`, a CSV filter…) into
/// `dir`, with a fresh profile in `dir/profile` so that no user's settings or lock get in the way.
pub fn libreoffice_convert(dir: &Path, to: &str, input: &Path) -> Command {
    let mut command = Command::new("libreoffice");
    command
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(input);
    command
}

/// Runs a tool (stdin closed) and fails the check, with the tool's stderr, when it fails.
pub fn run_tool(command: &mut Command) -> std::process::Output {
    pipe_tool(command, b"")
}

/// Runs a tool with `input` on its stdin (written from another thread, so that a tool writing a
/// lot before it reads cannot block) and fails the check, with its stderr, when it fails.
pub fn pipe_tool(command: &mut Command, input: impl AsRef<[u8]>) -> std::process::Output {
    let program = command.get_program().to_string_lossy().into_owned();
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("{program} does not run: {error}"));
    let mut stdin = child.stdin.take().expect("stdin is piped");
    let input = input.as_ref().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let output = child
        .wait_with_output()
        .unwrap_or_else(|error| panic!("{program} did not finish: {error}"));
    let written = writer.join().expect("the stdin writer finishes");
    assert!(
        output.status.success(),
        "{program} failed ({}): {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    written.unwrap_or_else(|error| panic!("{program} did not read its input: {error}"));
    output
}

/// A check: its name (`area::function`), the tools it needs, and its body (which panics to fail).
pub struct Check {
    pub name: &'static str,
    pub needs: &'static [Tool],
    pub run: fn(),
}

impl Check {
    fn trial(&self) -> Trial {
        let (needs, run) = (self.needs, self.run);
        Trial::ignorable_test(self.name, move || {
            for tool in needs {
                if let Some(why) = tool.missing() {
                    if tool.required() {
                        return Err(Failed::from(format!("{why}, and CI is set")));
                    }
                    return Ok(Completion::ignored_with(why));
                }
            }
            run();
            Ok(Completion::Completed)
        })
    }
}

fn main() {
    let args = Arguments::from_args();
    let checks = [
        doc_outputs::CHECKS,
        graph_outputs::CHECKS,
        holidays_crosscheck::CHECKS,
        import::CHECKS,
        lunar_crosscheck::CHECKS,
        progress::CHECKS,
        schedule_outputs::CHECKS,
        sheet::CHECKS,
    ];
    let trials = checks
        .iter()
        .flat_map(|c| c.iter())
        .map(Check::trial)
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
