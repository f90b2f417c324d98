//! `planc fmt`.

use crate::cli::Color;
use crate::format::{self, FormatError};
use crate::source::{FileId, SourceMap};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

/// Arguments of `planc fmt`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The files to format, each on its own (includes are not followed). `-` reads standard input
    /// and writes the formatted text to standard output.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Change nothing: print a diff for every file that is not formatted, and exit 1 if any is not.
    #[arg(long)]
    pub check: bool,
    /// When to use colour in error reports.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// Exit code: every file formatted (or already formatted).
const OK: u8 = 0;
/// Exit code: `--check` found an unformatted file, or a file has syntax errors.
const FAILED: u8 = 1;
/// Exit code: a file could not be read or written.
const USAGE: u8 = 2;

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let mut code = OK;
    for path in &args.files {
        let result = if path.as_os_str() == "-" {
            run_stdin(&args)
        } else {
            run_file(path, &args)
        };
        code = code.max(result);
    }
    code
}

fn run_stdin(args: &Args) -> u8 {
    let mut bytes = Vec::new();
    if std::io::stdin().read_to_end(&mut bytes).is_err() {
        eprintln!("error: cannot read standard input");
        return USAGE;
    }
    let Ok(text) = String::from_utf8(bytes) else {
        eprintln!("error: standard input is not UTF-8");
        return USAGE;
    };
    let formatted = match format_text("<stdin>", Path::new("-"), &text, args.color) {
        Ok(formatted) => formatted,
        Err(code) => return code,
    };
    if args.check {
        if formatted == text {
            return OK;
        }
        print_diff("<stdin>", &text, &formatted);
        return FAILED;
    }
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(formatted.as_bytes())
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return USAGE;
    }
    OK
}

fn run_file(path: &Path, args: &Args) -> u8 {
    let name = path.to_string_lossy().into_owned();
    let text = match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                eprintln!("error: `{name}` is not UTF-8");
                return USAGE;
            }
        },
        Err(error) => {
            eprintln!("error: cannot read `{name}`: {error}");
            return USAGE;
        }
    };
    let formatted = match format_text(&name, path, &text, args.color) {
        Ok(formatted) => formatted,
        Err(code) => return code,
    };
    if formatted == text {
        return OK;
    }
    if args.check {
        print_diff(&name, &text, &formatted);
        return FAILED;
    }
    match crate::output::write_atomically(path, formatted.as_bytes()) {
        Ok(()) => OK,
        Err(error) => {
            eprintln!("error: cannot write `{name}`: {error}");
            USAGE
        }
    }
}

fn format_text(name: &str, path: &Path, text: &str, color: Color) -> Result<String, u8> {
    match format::format_source(FileId(0), text) {
        Ok(formatted) => Ok(formatted),
        Err(FormatError::Syntax(diagnostics)) => {
            let mut sources = SourceMap::new();
            sources.add(name.to_string(), path.to_path_buf(), text.to_string());
            let report = crate::report::human(&diagnostics, &sources, crate::cli::style(color));
            let _ = std::io::stderr().write_all(report.as_bytes());
            eprintln!("error: `{name}` has syntax errors; not formatted");
            Err(FAILED)
        }
        Err(FormatError::Unsafe(reason)) => {
            eprintln!("error: `{name}` was not formatted: {reason} (this is a bug in planc)");
            Err(FAILED)
        }
    }
}

/// Prints a unified diff of what formatting would change.
fn print_diff(name: &str, old: &str, new: &str) {
    let diff = similar::TextDiff::from_lines(old, new);
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(name, &format!("{name} (formatted)"))
        .to_string();
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}
