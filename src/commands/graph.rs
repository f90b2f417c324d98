//! `planc graph`.

use crate::cli::CheckOptions;
use std::path::PathBuf;

/// Arguments of `planc graph`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let _ = args;
    eprintln!("error: `planc graph` is not implemented yet");
    2
}
