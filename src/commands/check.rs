//! `planc check`: check plans and report every problem, for people or tools.

use crate::diagnostic::report;
use crate::diagnostic::{Count, Severity};
use crate::emit::export::Summary;
use crate::pipeline::{CheckOptions, FAILED, OK, USAGE, failed, load_and_check, style};
use clap::ValueEnum;
use std::io::Write;
use std::path::PathBuf;

/// Arguments of `planc check`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan files (entry files; includes are followed).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    #[command(flatten)]
    pub options: CheckOptions,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

/// How `planc check` reports.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Format {
    /// Reports for people.
    Human,
    /// One JSON object with `diagnostics` and `summary`.
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for code-scanning dashboards.
    Sarif,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args, leftovers: &mut crate::pipeline::Leftovers) -> u8 {
    let (files, options, format) = (&args.files, &args.options, args.format);
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
            code = code.max(FAILED);
        }
        match format {
            Format::Human => stderr.push_str(&report::human(
                &checked.diagnostics,
                &checked.sources,
                style,
            )),
            Format::Github => stdout_text.push_str(&crate::diagnostic::ci::github(
                &checked.diagnostics,
                &checked.sources,
            )),
            Format::Sarif => sarif_logs.push(crate::diagnostic::ci::sarif(
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
            leftovers.keep(checked);
        }
    }
    match format {
        Format::Human => {
            let verdict = if unreadable > 0 {
                // Not "ok": a file that could not be read was not checked.
                format!(
                    "{} not read, {}, {}",
                    Count::new(unreadable, "file"),
                    Count::new(errors, "error"),
                    Count::new(warnings, "warning")
                )
            } else if errors == 0 && warnings == 0 {
                "ok".to_string()
            } else {
                format!(
                    "{}, {}",
                    Count::new(errors, "error"),
                    Count::new(warnings, "warning")
                )
            };
            stderr.push_str(&format!(
                "{verdict}: {}, {}, {}, {}, {}, {}\n",
                Count::new(summary.sections, "section"),
                Count::new(summary.items, "item"),
                Count::new(summary.goals, "goal"),
                Count::new(summary.targets, "target"),
                Count::new(summary.owners, "owner"),
                Count::new(summary.dependencies, "dependency")
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
            let value = crate::diagnostic::ci::sarif_merge(sarif_logs);
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

fn write_stdout(value: &serde_json::Value) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes())?;
    stdout.flush()
}
