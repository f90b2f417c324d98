//! The command line: clap parsing and dispatch to `commands/`, nothing else. What the commands
//! share (loading a checked plan, options, exit codes) is in `pipeline`.

use crate::commands;
pub use crate::pipeline::Leftovers;
use crate::pipeline::{OK, USAGE};
use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// planc: a plan-as-code compiler for yearly work plans.
#[derive(Debug, Parser)]
#[command(name = "planc", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check plans and report every problem.
    Check(commands::check::Args),
    /// Print the checked plan as JSON (see schema/export.schema.json).
    Export(commands::export::Args),
    /// Schedule the plan: dates, slack, the critical path.
    Schedule(commands::schedule::Args),
    /// Print the dependency graph.
    Graph(commands::graph::Args),
    /// Per-owner checklists.
    Checklist(commands::checklist::Args),
    /// Render the yearly work document.
    Doc(commands::doc::Args),
    /// Write every artefact into a folder.
    Build(commands::build::Args),
    /// Format plan files into the canonical layout.
    Fmt(commands::fmt::Args),
    /// Compare two versions of a plan by meaning.
    Diff(commands::diff::Args),
    /// Turn a work document (text or .docx) into a .plan draft that checks.
    Import(commands::import::Args),
    /// Where the plan stands as of a day, from its progress files (序时进度, 督查通报, dashboard).
    Status(commands::status::Args),
    /// Write the 台账 workbook (.xlsx) for owners to fill in.
    Sheet(commands::sheet::Args),
    /// Read filled 台账 workbooks back into a progress file.
    ImportProgress(commands::import_progress::Args),
    /// Run the language server (LSP over stdio) for editors.
    Lsp(commands::lsp::Args),
}

/// Runs the command line and returns the process exit code; the command's big values are handed
/// up in `leftovers` for `main` to let go of without freeing them.
pub fn run(leftovers: &mut crate::pipeline::Leftovers) -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { USAGE } else { OK });
        }
    };
    let code = match cli.command {
        Command::Check(args) => commands::check::run(args, leftovers),
        Command::Export(args) => commands::export::run(args),
        Command::Schedule(args) => commands::schedule::run(args, leftovers),
        Command::Graph(args) => commands::graph::run(args),
        Command::Checklist(args) => commands::checklist::run(args),
        Command::Doc(args) => commands::doc::run(args),
        Command::Build(args) => commands::build::run(args, leftovers),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Import(args) => commands::import::run(args),
        Command::Status(args) => commands::status::run(args, leftovers),
        Command::Sheet(args) => commands::sheet::run(args),
        Command::ImportProgress(args) => commands::import_progress::run(args),
        Command::Lsp(args) => commands::lsp::run(args),
    };
    ExitCode::from(code)
}
