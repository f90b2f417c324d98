//! `planc checklist`: per-owner checklists as Markdown task lists or a printable HTML page.

use crate::emit::checklist::{self, ChecklistOptions, Grouping};
use crate::emit::doc::{Lang, TemplateError, TemplateSet};
use crate::pipeline::CheckOptions;
use crate::pipeline::{OK, USAGE};
use jiff::civil::Date;
use std::io::Write;
use std::path::PathBuf;

/// Output formats of the checklists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ChecklistFormat {
    /// Markdown task lists (`- [ ]`).
    Md,
    /// One printable HTML page.
    Html,
}

/// Arguments of `planc checklist`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// Only this owner (identifier or display name); repeatable. Default: every owner with items.
    #[arg(long, value_name = "OWNER")]
    pub owner: Vec<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = ChecklistFormat::Md)]
    pub format: ChecklistFormat,
    /// Group checkboxes by quarter or by month.
    #[arg(long, value_enum, default_value_t = Grouping::Quarter)]
    pub by: Grouping,
    /// Mark what is overdue or due within 14 days on this day (YYYY-MM-DD), and tick what the
    /// progress files report done by then.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// With --as-of: a progress file, or a folder of them (`*.progress`), as `planc status` reads.
    /// Default: `progress/` beside the plan, when there is one.
    #[arg(long, value_name = "DIR", requires = "as_of")]
    pub progress: Option<PathBuf>,
    /// The language of the labels.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// A folder of templates that override the built-in ones (checklist.md.j2, checklist.html.j2).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    if let Err(code) = super::templates_exist(args.templates.as_deref()) {
        return code;
    }
    // The schedule the check made: checklists show its working-day dates. With --as-of, the
    // progress history ticks what is done (none read: nothing ticked, the output unchanged).
    let (plan, schedule, progress) = match args.as_of {
        Some(as_of) => match crate::commands::status::tracked(
            &args.file,
            args.progress.as_deref(),
            Vec::new(),
            &args.options,
        ) {
            Ok(tracked) => {
                let ticks = (!tracked.snapshots.is_empty()).then(|| {
                    std::sync::Arc::new(crate::progress::status::ticks(
                        &tracked.plan,
                        &tracked.snapshots,
                        as_of,
                    ))
                });
                (tracked.plan, tracked.schedule, ticks)
            }
            Err(code) => return code,
        },
        None => match crate::commands::schedule::scheduled_plan(
            &args.file,
            &args.options,
            &crate::schedule::ScheduleOptions::default(),
        ) {
            Ok((plan, schedule)) => (plan, schedule, None),
            Err(code) => return code,
        },
    };
    let mut owners = Vec::new();
    for name in &args.owner {
        match checklist::find_owner(&plan, name) {
            Some(index) => owners.push(index),
            None => {
                let known: Vec<&str> = plan.owners.iter().map(|o| o.id.as_str()).collect();
                eprintln!(
                    "error: no owner `{name}` in the plan; owners are: {}",
                    known.join(", ")
                );
                return USAGE;
            }
        }
    }
    let options = ChecklistOptions {
        as_of: args.as_of,
        by: args.by,
        lang: args.lang,
        progress,
    };
    let templates = match &args.templates {
        Some(folder) => TemplateSet::with_folder(folder),
        None => TemplateSet::builtin(),
    };
    // One owner's checklist at a time: built, rendered, written, dropped.
    let html = args.format == ChecklistFormat::Html;
    let render = |out: &mut dyn Write| {
        checklist::render_each(
            &plan,
            &schedule,
            &owners,
            &options,
            &templates,
            html,
            |text| out.write_all(text.as_bytes()).map_err(Failure::Write),
        )
    };
    let result = match &args.output {
        Some(path) => crate::output::write_atomically_with(path, render),
        None => {
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            render(&mut stdout).and_then(|()| stdout.flush().map_err(Failure::Write))
        }
    };
    match result {
        Ok(()) => OK,
        Err(Failure::Template(error)) => {
            eprintln!("error: {error}");
            USAGE
        }
        Err(Failure::Write(error)) => match &args.output {
            Some(path) => {
                eprintln!("error: {}", crate::output::explain("write", path, &error));
                USAGE
            }
            None => crate::commands::stdout_failed(&error),
        },
    }
}

/// Why the checklists could not be written.
enum Failure {
    /// A template failed.
    Template(TemplateError),
    /// The output could not be written.
    Write(std::io::Error),
}

impl From<TemplateError> for Failure {
    fn from(error: TemplateError) -> Failure {
        Failure::Template(error)
    }
}

impl From<std::io::Error> for Failure {
    fn from(error: std::io::Error) -> Failure {
        Failure::Write(error)
    }
}
