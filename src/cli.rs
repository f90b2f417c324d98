//! The command line: argument parsing, file access, and exit codes. The only module that prints.

use crate::check::{self, Checked};
use crate::commands;
use crate::diagnostic::Severity;
use crate::export::{self, Summary};
use crate::loader::{self, DiskFileSystem, LoadOptions};
use crate::report::{self, Style};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
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
    Check {
        /// The plan files (entry files; includes are followed).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[command(flatten)]
        options: CheckOptions,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Print the checked plan as JSON (see schema/export.schema.json).
    Export {
        /// The plan file.
        file: PathBuf,
        #[command(flatten)]
        options: CheckOptions,
    },
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
    /// Where the plan stands as of a day, from its progress files (序时进度, 督查通报, dashboard).
    Status(commands::status::Args),
    /// Write the 台账 workbook (.xlsx) for owners to fill in.
    Sheet(commands::sheet::Args),
    /// Read filled 台账 workbooks back into a progress file.
    ImportProgress(commands::import_progress::Args),
}

/// Options shared by every command that checks a plan.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckOptions {
    /// Fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Allow `include` of files outside the entry file's folder.
    #[arg(long)]
    pub allow_outside_includes: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum Format {
    /// Reports for people.
    Human,
    /// One JSON object with `diagnostics` and `summary`.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Exit code: no errors.
const OK: u8 = 0;
/// Exit code: the plan has errors.
const PLAN_ERRORS: u8 = 1;
/// Exit code: usage or I/O problems.
const USAGE: u8 = 2;

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { USAGE } else { OK });
        }
    };
    let code = match cli.command {
        Command::Check {
            files,
            options,
            format,
        } => check_command(&files, &options, format),
        Command::Export { file, options } => export_command(&file, &options),
        Command::Schedule(args) => commands::schedule::run(args),
        Command::Graph(args) => commands::graph::run(args),
        Command::Checklist(args) => commands::checklist::run(args),
        Command::Doc(args) => commands::doc::run(args),
        Command::Build(args) => commands::build::run(args),
        Command::Fmt(args) => commands::fmt::run(args),
        Command::Diff(args) => commands::diff::run(args),
        Command::Status(args) => commands::status::run(args),
        Command::Sheet(args) => commands::sheet::run(args),
        Command::ImportProgress(args) => commands::import_progress::run(args),
    };
    ExitCode::from(code)
}

/// How reports look on this stderr with this colour choice.
pub fn style(color: Color) -> Style {
    let terminal = std::io::stderr().is_terminal();
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = if terminal {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    Style { color, width }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}

/// Loads and checks one entry file and applies the `planc.toml` beside it, or explains on stderr
/// why it could not be read. The one way every command gets its plan.
pub fn load_and_check(path: &Path, options: &CheckOptions) -> Result<Checked, u8> {
    let load_options = LoadOptions {
        allow_outside: options.allow_outside_includes,
        ..LoadOptions::default()
    };
    let mut checked = match loader::load(&DiskFileSystem, path, load_options) {
        Ok(loaded) => check::check(loaded),
        Err(error) => {
            eprintln!(
                "error: cannot read `{}`: {}",
                error.path.display(),
                error.reason
            );
            return Err(USAGE);
        }
    };
    match crate::policy::apply(path, &mut checked) {
        Ok(violations) => {
            checked.diagnostics.extend(
                violations
                    .iter()
                    .filter_map(crate::policy::Violation::to_diagnostic),
            );
            crate::diagnostic::sort(&mut checked.diagnostics);
            Ok(checked)
        }
        Err(error) => {
            eprintln!("error: {error}");
            Err(USAGE)
        }
    }
}

/// Whether the check fails under these options.
pub fn failed(checked: &Checked, options: &CheckOptions) -> bool {
    checked.has_errors() || (options.deny_warnings && checked.has_warnings())
}

/// For commands that produce output from a plan: prints the diagnostics, and returns the plan only
/// when the check passed. Otherwise returns the exit code.
pub fn checked_plan(
    path: &Path,
    options: &CheckOptions,
) -> Result<(crate::model::Plan, Checked), u8> {
    let mut checked = load_and_check(path, options)?;
    if !checked.diagnostics.is_empty() {
        let text = report::human(&checked.diagnostics, &checked.sources, style(options.color));
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    if failed(&checked, options) {
        eprintln!("error: `{}` has errors; nothing written", path.display());
        return Err(PLAN_ERRORS);
    }
    match checked.plan.take() {
        Some(plan) => Ok((plan, checked)),
        None => Err(PLAN_ERRORS),
    }
}

fn check_command(files: &[PathBuf], options: &CheckOptions, format: Format) -> u8 {
    let mut code = OK;
    let mut summary = Summary::default();
    let mut json_diagnostics = Vec::new();
    let (mut errors, mut warnings) = (0, 0);
    let mut unreadable = 0;
    let style = style(options.color);
    let mut stderr = String::new();
    let mut stdout_text = String::new();
    let mut sarif_logs = Vec::new();
    for (position, file) in files.iter().enumerate() {
        let checked = match load_and_check(file, options) {
            Ok(checked) => checked,
            Err(usage) => {
                code = code.max(usage);
                unreadable += 1;
                continue;
            }
        };
        if let Some(plan) = &checked.plan {
            summary.add(Summary::of(plan));
        }
        errors += checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        warnings += checked
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count();
        if failed(&checked, options) {
            code = code.max(PLAN_ERRORS);
        }
        match format {
            Format::Human => stderr.push_str(&report::human(
                &checked.diagnostics,
                &checked.sources,
                style,
            )),
            Format::Github => stdout_text.push_str(&crate::report_ci::github(
                &checked.diagnostics,
                &checked.sources,
            )),
            Format::Sarif => sarif_logs.push(crate::report_ci::sarif(
                &checked.diagnostics,
                &checked.sources,
            )),
            Format::Json => json_diagnostics.extend(
                checked
                    .diagnostics
                    .iter()
                    .map(|d| report::json_diagnostic(d, &checked.sources)),
            ),
        }
        if position + 1 == files.len() {
            exit_without_freeing(checked);
        }
    }
    match format {
        Format::Human => {
            let verdict = if unreadable > 0 {
                // Not "ok": a file that could not be read was not checked.
                format!(
                    "{unreadable} file{} not read, {errors} error{}, {warnings} warning{}",
                    plural(unreadable),
                    plural(errors),
                    plural(warnings)
                )
            } else if errors == 0 && warnings == 0 {
                "ok".to_string()
            } else {
                format!(
                    "{errors} error{}, {warnings} warning{}",
                    plural(errors),
                    plural(warnings)
                )
            };
            stderr.push_str(&format!(
                "{verdict}: {} sections, {} items, {} goals, {} targets, {} owners, {} dependencies\n",
                summary.sections, summary.items, summary.goals, summary.targets, summary.owners, summary.dependencies
            ));
            let _ = std::io::stderr().write_all(stderr.as_bytes());
        }
        Format::Github => {
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(stdout_text.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return USAGE;
            }
        }
        Format::Sarif => {
            let value = crate::report_ci::sarif_merge(sarif_logs);
            if write_stdout(&value).is_err() {
                return USAGE;
            }
        }
        Format::Json => {
            let value = serde_json::json!({
                "diagnostics": json_diagnostics,
                "summary": {
                    "errors": errors,
                    "warnings": warnings,
                    "sections": summary.sections,
                    "items": summary.items,
                    "goals": summary.goals,
                    "targets": summary.targets,
                    "owners": summary.owners,
                    "dependencies": summary.dependencies,
                },
            });
            if write_stdout(&value).is_err() {
                return USAGE;
            }
        }
    }
    code
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn write_stdout(value: &serde_json::Value) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}

fn export_command(file: &Path, options: &CheckOptions) -> u8 {
    let (plan, _) = match checked_plan(file, options) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let written = export::write_pretty(&plan, &mut stdout)
        .map_err(std::io::Error::other)
        .and_then(|()| stdout.write_all(b"\n"))
        .and_then(|()| stdout.flush());
    match written {
        Ok(()) => OK,
        Err(_) => USAGE,
    }
}

/// Lets go of a command's last plan (or schedule) without freeing it, because the process ends
/// right after: freeing a large plan one string at a time takes longer than checking it (a third
/// of a second at 100,000 items, seconds at a million), and the operating system takes the memory
/// back at once on exit. Nothing in a plan holds a file or a lock, so nothing is lost by it.
pub(crate) fn exit_without_freeing<T>(value: T) {
    std::mem::forget(value);
}
