//! `planc export`: the checked plan as JSON (see schema/export.schema.json).

use crate::emit::export;
use crate::pipeline::{CheckOptions, OK, checked_plan};
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `planc export`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let (plan, _) = match checked_plan(&args.file, &args.options) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = export::write_pretty(&plan, &mut stdout)
        .map_err(std::io::Error::from)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => OK,
        Err(error) => crate::commands::stdout_failed(&error),
    }
}
