//! One module per subcommand; each owns its arguments and output, and gets its plan from `pipeline`.

pub mod build;
pub mod check;
pub mod checklist;
pub mod diff;
pub mod doc;
pub mod export;
pub mod fmt;
pub mod graph;
pub mod import;
pub mod import_progress;
pub mod lsp;
pub mod progress_diff;
pub mod schedule;
pub mod sheet;
pub mod status;

use crate::pipeline::{OK, USAGE};
use std::io::Write;
use std::path::Path;

/// Writes to a file (atomically) or to standard output; returns the exit code.
pub fn write_output(path: Option<&Path>, bytes: impl AsRef<[u8]>) -> u8 {
    let bytes = bytes.as_ref();
    match path {
        Some(path) => match crate::output::write_atomically(path, bytes) {
            Ok(()) => OK,
            Err(error) => {
                eprintln!("error: {}", crate::output::explain("write", path, &error));
                USAGE
            }
        },
        None => match print(bytes) {
            Ok(()) => OK,
            Err(code) => code,
        },
    }
}

/// Writes to standard output. A reader that stops early (`| head`) is not an error; any other
/// failure is said, and its exit code returned.
pub fn print(bytes: impl AsRef<[u8]>) -> Result<(), u8> {
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(bytes.as_ref())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => Ok(()),
        Err(error) => match stdout_failed(&error) {
            OK => Ok(()),
            code => Err(code),
        },
    }
}

/// Whether the `--templates` folder, when one is given, is there; a usage error (said) when not.
pub fn templates_exist(folder: Option<&Path>) -> Result<(), u8> {
    match folder {
        Some(folder) if !folder.is_dir() => {
            eprintln!(
                "error: the template folder `{}` does not exist",
                folder.display()
            );
            Err(USAGE)
        }
        _ => Ok(()),
    }
}

/// The exit code when writing to standard output failed: a reader that stops early (`| head`) is
/// not an error; anything else is said.
pub fn stdout_failed(error: &std::io::Error) -> u8 {
    if error.kind() == std::io::ErrorKind::BrokenPipe {
        return OK;
    }
    eprintln!("error: cannot write to standard output: {error}");
    USAGE
}
