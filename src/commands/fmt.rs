//! `planc fmt`.

use crate::format::{self, FormatError};
use crate::output::RewriteError;
use crate::pipeline::Color;
use crate::pipeline::{FAILED, OK, USAGE};
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
    /// Also format read-only files (they stay read-only). Without it a read-only file that needs
    /// formatting is refused.
    #[arg(long)]
    pub force: bool,
    /// When to use colour in error reports.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

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
    match super::print(&formatted) {
        Ok(()) => OK,
        Err(code) => code,
    }
}

fn run_file(path: &Path, args: &Args) -> u8 {
    use crate::syntax::loader::FileSystem;
    let name = path.to_string_lossy().into_owned();
    // Read as `check` reads: a named pipe or a device is refused, not waited on.
    let text = match crate::syntax::loader::DiskFileSystem.read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(_) => {
                eprintln!("error: `{name}` is not UTF-8");
                return USAGE;
            }
        },
        Err(reason) => {
            eprintln!("error: cannot read `{name}`: {reason}");
            return USAGE;
        }
    };
    // The new text is complete, and checked to parse to the same tree, before anything is written.
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
    let read_only = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
    if read_only && !args.force {
        eprintln!(
            "error: `{name}` is read-only; not formatted (pass `--force` to format it anyway; it stays read-only)"
        );
        return USAGE;
    }
    // In place, not by replacing the file: see ARCHITECTURE.md ("output files").
    match crate::output::rewrite_in_place(path, text.as_bytes(), formatted.as_bytes(), args.force) {
        Ok(()) => OK,
        Err(RewriteError::Changed) => {
            eprintln!(
                "error: `{name}` changed while it was being formatted; not formatted (run `planc fmt` again)"
            );
            USAGE
        }
        Err(RewriteError::Io {
            action,
            error,
            restored,
        }) => {
            eprintln!("error: {}", crate::output::explain(action, path, &error));
            if restored {
                eprintln!("note: `{name}` is unchanged");
            } else {
                keep_original(path, &name, &text);
            }
            USAGE
        }
    }
}

/// After a write that failed halfway and could not be undone, saves the original text beside the
/// file, under a name that is not taken (`NAME.orig`, `NAME.orig.1`, …), and says where.
fn keep_original(path: &Path, name: &str, text: &str) {
    let saved = (0..100).find_map(|n| {
        let mut copy = path.as_os_str().to_owned();
        copy.push(if n == 0 {
            ".orig".to_string()
        } else {
            format!(".orig.{n}")
        });
        let copy = PathBuf::from(copy);
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&copy)
            .ok()?;
        match file
            .write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
        {
            Ok(()) => Some(copy),
            Err(_) => {
                let _ = std::fs::remove_file(&copy);
                None
            }
        }
    });
    match saved {
        Some(copy) => eprintln!(
            "note: `{name}` may be damaged; its text before formatting is in `{}`",
            copy.display()
        ),
        None => eprintln!(
            "note: `{name}` may be damaged, and its text before formatting could not be saved"
        ),
    }
}

fn format_text(name: &str, path: &Path, text: &str, color: Color) -> Result<String, u8> {
    match format::format_source(FileId(0), text) {
        Ok(formatted) => Ok(formatted),
        Err(FormatError::Syntax(diagnostics)) => {
            let mut sources = SourceMap::new();
            sources.add(name.to_string(), path.to_path_buf(), text.to_string());
            let report = crate::diagnostic::report::human(
                &diagnostics,
                &sources,
                crate::pipeline::style(color),
            );
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
