//! `planc sheet`: the 台账 workbook for owners to fill in.

use crate::commands::status::{as_of, tracked};
use crate::pipeline::CheckOptions;
use crate::pipeline::{OK, USAGE};
use crate::progress;
use jiff::civil::Date;
use std::path::PathBuf;

/// Arguments of `planc sheet`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// Only this owner (identifier or display name); repeatable. Default: a sheet for every owner
    /// with items.
    #[arg(long, value_name = "OWNER")]
    pub owner: Vec<String>,
    /// The reporting date the sheet collects (YYYY-MM-DD); the latest progress on or before it is
    /// filled in. Default: the latest reporting date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// A progress file, or a folder of them. Default: `progress/` beside the plan.
    #[arg(long, value_name = "DIR")]
    pub progress: Option<PathBuf>,
    /// The workbook to write (.xlsx).
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let tracked = match tracked(
        &args.file,
        args.progress.as_deref(),
        Vec::new(),
        &args.options,
    ) {
        Ok(tracked) => tracked,
        Err(code) => return code,
    };
    let plan = &tracked.plan;
    let day = match as_of(args.as_of, &tracked.snapshots) {
        Ok(day) => day,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    if !plan.period.contains(day) {
        eprintln!(
            "error: --as-of {day} is outside the plan period {} .. {}",
            plan.period.start, plan.period.end
        );
        return USAGE;
    }
    let mut owners = Vec::new();
    for name in &args.owner {
        match crate::emit::checklist::find_owner(plan, name) {
            Some(index) => owners.push(index),
            None => {
                let hint = crate::diagnostic::did_you_mean(
                    name,
                    plan.owners.iter().map(|o| o.id.as_str()),
                )
                .map(|h| format!("; {h}"))
                .unwrap_or_default();
                eprintln!("error: --owner `{name}` is not an owner of the plan{hint}");
                return USAGE;
            }
        }
    }
    if owners.is_empty() {
        owners = plan
            .owners
            .ids()
            .filter(|&o| plan.items.iter().any(|i| i.owner_indices().contains(&o)))
            .collect();
    }
    let status = progress::status::compute(
        plan,
        &tracked.schedule,
        &tracked.calendar,
        &tracked.snapshots,
        day,
    );
    let bytes = match progress::sheet::write(plan, &tracked.schedule, Some(&status), &owners, day) {
        Ok(bytes) => bytes,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    match crate::output::write_atomically(&args.output, &bytes) {
        Ok(()) => OK,
        Err(error) => {
            eprintln!("error: cannot write `{}`: {error}", args.output.display());
            USAGE
        }
    }
}
