//! `planc lsp`: runs the language server on standard input and output (see `crate::lsp`).

use crate::pipeline::{FAILED, OK};

/// Arguments of `planc lsp`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Accepted for editors that pass it (VS Code's client does); standard input and output are
    /// the only transport.
    #[arg(long)]
    pub stdio: bool,
}

/// Serves one editor until it says `exit`.
pub fn run(_args: Args) -> u8 {
    match crate::lsp::run() {
        Ok(()) => OK,
        Err(error) => {
            eprintln!("error: planc lsp: {error}");
            FAILED
        }
    }
}
