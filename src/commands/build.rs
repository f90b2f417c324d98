//! `planc build`: every artefact an office hands out, written into one folder.
//!
//! The plan is checked and scheduled first; when that fails nothing is written. Each artefact is
//! written to a temporary file in the output folder as soon as it is rendered, and dropped from
//! memory; only when every one is written are they all renamed into place, so a build that fails
//! halfway leaves the folder as it was. The same input gives byte-identical output (no
//! timestamps anywhere).

use crate::cli::CheckOptions;
use crate::commands::doc::RenderOptions;
use crate::emit::checklist::{self, ChecklistOptions, Grouping};
use crate::emit::doc::Document;
use crate::emit::schedule::Filter;
use crate::schedule::ScheduleOptions;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Arguments of `planc build`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// The output folder.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// Group checklist checkboxes by quarter or by month.
    #[arg(long, value_enum, default_value_t = Grouping::Quarter)]
    pub by: Grouping,
    #[command(flatten)]
    pub render: RenderOptions,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// One file to write: its path inside the output folder and its bytes.
#[derive(Debug, Clone)]
pub struct Artefact {
    /// The path relative to the output folder, with `/` separators.
    pub path: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// Receives the artefacts of a build one at a time, in a fixed order.
pub trait Sink {
    /// Takes the artefact at `path` (relative to the output folder, with `/` separators), whose
    /// bytes `write` writes.
    fn artefact(
        &mut self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Failure>;
}

/// Why a build stopped.
#[derive(Debug)]
pub enum Failure {
    /// An artefact could not be rendered (a template failed).
    Render(String),
    /// An artefact could not be written; the message names the file.
    Write(String),
}

impl From<crate::emit::doc::TemplateError> for Failure {
    fn from(error: crate::emit::doc::TemplateError) -> Failure {
        Failure::Render(error.to_string())
    }
}

impl From<crate::emit::doc::DocError> for Failure {
    fn from(error: crate::emit::doc::DocError) -> Failure {
        Failure::Render(error.to_string())
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Failure::Render(message) | Failure::Write(message) => f.write_str(message),
        }
    }
}

/// Collects the artefacts in memory.
impl Sink for Vec<Artefact> {
    fn artefact(
        &mut self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Failure> {
        let mut bytes = Vec::new();
        write(&mut bytes).map_err(|e| Failure::Render(format!("`{path}`: {e}")))?;
        self.push(Artefact {
            path: path.to_string(),
            bytes,
        });
        Ok(())
    }
}

/// Every artefact of a checked and scheduled plan, in a fixed order.
pub fn artefacts(
    plan: &crate::model::Plan,
    schedule: &crate::schedule::Schedule,
    render: &RenderOptions,
    by: Grouping,
    today: Option<jiff::civil::Date>,
) -> Result<Vec<Artefact>, String> {
    let mut files = Vec::new();
    render_all(plan, schedule, render, by, today, &mut files).map_err(|e| e.to_string())?;
    Ok(files)
}

/// Renders every artefact of a checked and scheduled plan into `sink`, one at a time, in the order
/// of [`artefacts`]: only one artefact (one owner's checklist) is in memory at a time.
pub fn render_all(
    plan: &crate::model::Plan,
    schedule: &crate::schedule::Schedule,
    render: &RenderOptions,
    by: Grouping,
    today: Option<jiff::civil::Date>,
    sink: &mut dyn Sink,
) -> Result<(), Failure> {
    let templates = render.template_set();
    let document = Document::of(plan, &render.scheduled_doc_options(schedule));
    sink.artefact("document.md", &mut text(&document.markdown(&templates)?))?;
    sink.artefact("document.html", &mut text(&document.html(&templates)?))?;
    let docx = document.docx()?;
    sink.artefact("document.docx", &mut |out| out.write_all(&docx))?;
    drop((docx, document));
    let filter = Filter::default();
    let (html, csv, ics, mermaid) = (
        crate::emit::schedule::html::html,
        crate::emit::schedule::csv::csv,
        crate::emit::schedule::ics::ics,
        crate::emit::schedule::mermaid::gantt,
    );
    // Each text is dropped at the end of its statement, once written.
    sink.artefact(
        "schedule.html",
        &mut text(&html(plan, schedule, &filter, today)),
    )?;
    sink.artefact("schedule.csv", &mut text(&csv(plan, schedule, &filter)))?;
    sink.artefact("schedule.ics", &mut text(&ics(plan, schedule, &filter)))?;
    sink.artefact("schedule.mmd", &mut text(&mermaid(plan, schedule, &filter)))?;
    let dot = crate::emit::graph::dot::dot(plan, Some(schedule), &filter);
    sink.artefact("graph.dot", &mut text(&dot))?;
    drop(dot);
    let options = ChecklistOptions {
        as_of: None,
        by,
        lang: render.lang,
    };
    // One owner at a time: render, hand over, keep a summary for the index.
    let mut summaries = Vec::new();
    let owners = checklist::owners_with_items(plan);
    checklist::each_page(
        plan,
        schedule,
        &owners,
        &options,
        &templates,
        |summary, md, html| {
            let stem = checklist::file_stem(&summary.owner_id);
            sink.artefact(&format!("checklists/{stem}.md"), &mut text(md))?;
            sink.artefact(&format!("checklists/{stem}.html"), &mut text(html))?;
            summaries.push(summary);
            Ok::<(), Failure>(())
        },
    )?;
    for (html, name) in [
        (false, "checklists/index.md"),
        (true, "checklists/index.html"),
    ] {
        let index = checklist::index(plan, &summaries, &options, &templates, html)?;
        sink.artefact(name, &mut text(&index))?;
    }
    sink.artefact("plan.json", &mut |out| {
        crate::export::write_pretty(plan, &mut *out).map_err(io::Error::other)?;
        out.write_all(b"\n")
    })
}

/// Writes a rendered text.
fn text(text: &str) -> impl FnMut(&mut dyn Write) -> io::Result<()> + '_ {
    move |out| out.write_all(text.as_bytes())
}

/// Writes each artefact to a temporary file in the output folder as soon as it is rendered; the
/// files are renamed into place only when every artefact is written ([`crate::output::Batch`]).
struct FolderSink<'a> {
    folder: &'a Path,
    batch: crate::output::Batch,
    progress: Progress,
    /// How many files were written, and how many of them are owners' Markdown checklists.
    files: usize,
    owners: usize,
}

impl Sink for FolderSink<'_> {
    fn artefact(
        &mut self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Failure> {
        self.batch
            .write(&self.folder.join(path), write)
            .map_err(|(path, e)| {
                Failure::Write(format!("cannot write `{}`: {e}", path.display()))
            })?;
        self.files += 1;
        if path.starts_with("checklists/") && path.ends_with(".md") && path != "checklists/index.md"
        {
            self.owners += 1;
        }
        self.progress.show(path);
        Ok(())
    }
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    if let Some(folder) = &args.render.templates
        && !folder.is_dir()
    {
        eprintln!(
            "error: the template folder `{}` does not exist",
            folder.display()
        );
        return 2;
    }
    let today = match crate::commands::schedule::today(None) {
        Ok(today) => today,
        Err(message) => {
            eprintln!("error: PLANC_TODAY: {message}");
            return 2;
        }
    };
    let (plan, schedule) = match crate::commands::schedule::scheduled_plan(
        &args.file,
        &args.options,
        &ScheduleOptions::default(),
    ) {
        Ok(scheduled) => scheduled,
        Err(code) => return code,
    };
    let mut sink = FolderSink {
        folder: &args.output,
        batch: crate::output::Batch::new(),
        progress: Progress::new(plan.items.len()),
        files: 0,
        owners: 0,
    };
    let result = render_all(&plan, &schedule, &args.render, args.by, today, &mut sink);
    crate::cli::exit_without_freeing((plan, schedule));
    sink.progress.finish();
    let written = result.and_then(|()| {
        sink.batch
            .commit()
            .map_err(|(path, e)| Failure::Write(format!("cannot write `{}`: {e}", path.display())))
    });
    match written {
        Ok(()) => {
            eprintln!(
                "built {} files in {}: document (md, html, docx), schedule (html, csv, ics, mermaid), graph (dot), checklists for {} owners (md, html) with an index, plan.json",
                sink.files,
                args.output.display(),
                sink.owners
            );
            0
        }
        Err(Failure::Render(message)) => {
            eprintln!("error: {message}; nothing written");
            2
        }
        Err(Failure::Write(message)) => {
            eprintln!("error: {message}");
            2
        }
    }
}

/// A one-line progress display on a terminal, for plans large enough to take a while.
struct Progress {
    enabled: bool,
    done: usize,
    last_shown: Option<std::time::Instant>,
}

/// Plans with at least this many items show progress.
const PROGRESS_FROM_ITEMS: usize = 2_000;

impl Progress {
    fn new(items: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            enabled: items >= PROGRESS_FROM_ITEMS && std::io::stderr().is_terminal(),
            done: 0,
            last_shown: None,
        }
    }

    /// Shows the artefact finished last, at most ten times a second.
    fn show(&mut self, path: &str) {
        self.done += 1;
        if !self.enabled {
            return;
        }
        let now = std::time::Instant::now();
        if self
            .last_shown
            .is_some_and(|last| now.duration_since(last).as_millis() < 100)
        {
            return;
        }
        self.last_shown = Some(now);
        eprint!("\r\x1b[2Krendering: {} files done, last {path}", self.done);
    }

    /// Clears the line so the summary starts clean.
    fn finish(&self) {
        if self.enabled && self.last_shown.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}
