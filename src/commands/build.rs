//! `planc build`: every artefact an office hands out, written into one folder.
//!
//! The plan is checked and scheduled first; when that fails nothing is written. Every artefact is
//! rendered in memory before the first file is written, each file is written atomically, and the
//! same input gives byte-identical output (no timestamps anywhere).

use crate::cli::CheckOptions;
use crate::commands::doc::{DocFormat, RenderOptions};
use crate::emit::checklist::{self, ChecklistOptions, Grouping};
use crate::emit::schedule::Filter;
use crate::schedule::ScheduleOptions;
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

/// Every artefact of a checked and scheduled plan, in a fixed order.
pub fn artefacts(
    plan: &crate::model::Plan,
    schedule: &crate::schedule::Schedule,
    render: &RenderOptions,
    by: Grouping,
    today: Option<jiff::civil::Date>,
) -> Result<Vec<Artefact>, String> {
    artefacts_with_progress(plan, schedule, render, by, today, &mut |_| {})
}

/// [`artefacts`], telling `progress` the path of each artefact before it is rendered.
pub fn artefacts_with_progress(
    plan: &crate::model::Plan,
    schedule: &crate::schedule::Schedule,
    render: &RenderOptions,
    by: Grouping,
    today: Option<jiff::civil::Date>,
    progress: &mut dyn FnMut(&str),
) -> Result<Vec<Artefact>, String> {
    let mut files = Vec::new();
    let mut add = |path: &str, bytes: Vec<u8>| {
        progress(path);
        files.push(Artefact {
            path: path.to_string(),
            bytes,
        })
    };
    for (format, name) in [
        (DocFormat::Md, "document.md"),
        (DocFormat::Html, "document.html"),
        (DocFormat::Docx, "document.docx"),
    ] {
        let bytes =
            crate::commands::doc::render(plan, format, render).map_err(|e| e.to_string())?;
        add(name, bytes);
    }
    let filter = Filter::default();
    let schedule_emit = crate::emit::schedule::html::html(plan, schedule, &filter, today);
    add("schedule.html", schedule_emit.into_bytes());
    add(
        "schedule.csv",
        crate::emit::schedule::csv::csv(plan, schedule, &filter).into_bytes(),
    );
    add(
        "schedule.ics",
        crate::emit::schedule::ics::ics(plan, schedule, &filter).into_bytes(),
    );
    add(
        "schedule.mmd",
        crate::emit::schedule::mermaid::gantt(plan, schedule, &filter).into_bytes(),
    );
    add(
        "graph.dot",
        crate::emit::graph::dot::dot(plan, Some(schedule), &filter).into_bytes(),
    );
    let options = ChecklistOptions {
        as_of: None,
        by,
        lang: render.lang,
    };
    let templates = render.template_set();
    // One owner at a time: render, keep the bytes and a summary for the index, drop the rest.
    let mut summaries = Vec::new();
    let owners = checklist::owners_with_items(plan);
    checklist::each_checklist(plan, &owners, &options, |mut list| {
        let one = std::slice::from_ref(&list);
        let md = checklist::markdown(one, &options, &templates).map_err(|e| e.to_string())?;
        let html = checklist::html(one, &options, &templates).map_err(|e| e.to_string())?;
        let stem = checklist::file_stem(&list.owner_id);
        add(&format!("checklists/{stem}.md"), md.into_bytes());
        add(&format!("checklists/{stem}.html"), html.into_bytes());
        list.buckets = Vec::new();
        summaries.push(list);
        Ok::<(), String>(())
    })?;
    add(
        "checklists/index.md",
        checklist::index(plan, &summaries, &options, &templates, false)
            .map_err(|e| e.to_string())?
            .into_bytes(),
    );
    add(
        "checklists/index.html",
        checklist::index(plan, &summaries, &options, &templates, true)
            .map_err(|e| e.to_string())?
            .into_bytes(),
    );
    let mut json = Vec::new();
    crate::export::write_pretty(plan, &mut json).map_err(|e| e.to_string())?;
    json.push(b'\n');
    add("plan.json", json);
    Ok(files)
}

/// Writes the artefacts under `folder`; returns how many were written.
pub fn write_all(folder: &Path, files: &[Artefact]) -> Result<usize, String> {
    // All or nothing: a folder that cannot take one file keeps every old artefact as it was.
    let writes: Vec<(std::path::PathBuf, &[u8])> = files
        .iter()
        .map(|file| (folder.join(&file.path), file.bytes.as_slice()))
        .collect();
    crate::output::write_all_atomically(&writes)
        .map_err(|(path, e)| format!("cannot write `{}`: {e}", path.display()))?;
    Ok(files.len())
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
    let mut progress = Progress::new(plan.items.len());
    let result = artefacts_with_progress(
        &plan,
        &schedule,
        &args.render,
        args.by,
        today,
        &mut |path| progress.show(path),
    );
    progress.finish();
    let files = match result {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}; nothing written");
            return 2;
        }
    };
    let owners = files
        .iter()
        .filter(|f| f.path.starts_with("checklists/") && f.path.ends_with(".md"))
        .count()
        .saturating_sub(1);
    match write_all(&args.output, &files) {
        Ok(count) => {
            eprintln!(
                "built {count} files in {}: document (md, html, docx), schedule (html, csv, ics, mermaid), graph (dot), checklists for {owners} owners (md, html) with an index, plan.json",
                args.output.display()
            );
            0
        }
        Err(message) => {
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
