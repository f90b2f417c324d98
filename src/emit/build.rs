//! Every artefact of `planc build`, rendered in a fixed order into a [`Sink`]: the yearly document
//! (Markdown, HTML, .docx), the schedule (HTML Gantt, CSV, ICS, Mermaid), the graph, one checklist per
//! owner with their index, and the JSON export. Where the artefacts go (a folder, written safely, or
//! memory for the benches) is the sink's business; `commands::build` writes them to a folder.

use crate::emit::checklist::{self, ChecklistOptions, Grouping};
use crate::emit::doc::{DocOptions, Document, Lang, TemplateSet};
use crate::emit::schedule::Filter;
use std::io::{self, Write};
use std::path::PathBuf;

/// How the documents and checklists are rendered (the options `planc doc` and `planc build` share).
#[derive(Debug, Clone, Default)]
pub struct Render {
    /// Add the owners after each item: `（责任单位：…）`.
    pub owners: bool,
    /// Add an annex: the table of key tasks (重点工作任务分解表).
    pub annex: bool,
    /// The language of the labels the document adds.
    pub lang: Lang,
    /// A folder of templates that override the built-in ones.
    pub templates: Option<PathBuf>,
}

impl Render {
    /// The document options.
    pub fn doc_options(&self) -> DocOptions {
        DocOptions {
            owners: self.owners,
            annex: self.annex,
            lang: self.lang,
            due_dates: Vec::new(),
        }
    }

    /// The document options, with the due days of `schedule` (working days).
    pub fn scheduled_doc_options(&self, schedule: &crate::schedule::Schedule) -> DocOptions {
        DocOptions {
            due_dates: schedule.items.iter().map(|slot| slot.due).collect(),
            ..self.doc_options()
        }
    }

    /// The templates to use.
    pub fn template_set(&self) -> TemplateSet {
        match &self.templates {
            Some(folder) => TemplateSet::with_folder(folder),
            None => TemplateSet::builtin(),
        }
    }
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

/// What `planc build` renders besides the plan and its schedule.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// How the documents and checklists are rendered.
    pub render: Render,
    /// How checklist checkboxes are grouped.
    pub by: Grouping,
    /// The day the HTML Gantt chart marks as today.
    pub today: Option<jiff::civil::Date>,
    /// From progress files: the day the checklists are ticked as of, and what is done by then.
    pub ticks: Option<Ticked>,
}

/// Every artefact of a checked and scheduled plan, in a fixed order.
pub fn artefacts(
    plan: &crate::model::Plan,
    schedule: &crate::schedule::Schedule,
    options: &BuildOptions,
) -> Result<Vec<Artefact>, String> {
    let mut files = Vec::new();
    render_all(plan, schedule, options, &mut files).map_err(|e| e.to_string())?;
    Ok(files)
}

/// The day the checklists are ticked as of, and what is done by then.
pub type Ticked = (jiff::civil::Date, std::sync::Arc<checklist::Ticks>);

/// Renders every artefact of a checked and scheduled plan into `sink`, one at a time, in the order
/// of [`artefacts`]: only one artefact (one owner's checklist) is in memory at a time. With
/// `ticks` (from progress files), the checklists tick what is done and mark what is overdue as of
/// its day.
pub fn render_all(
    plan: &crate::model::Plan,
    schedule: &crate::schedule::Schedule,
    options: &BuildOptions,
    sink: &mut dyn Sink,
) -> Result<(), Failure> {
    let BuildOptions {
        render,
        by,
        today,
        ticks,
    } = options;
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
        &mut text(&html(plan, schedule, &filter, *today)),
    )?;
    sink.artefact("schedule.csv", &mut text(&csv(plan, schedule, &filter)))?;
    sink.artefact("schedule.ics", &mut text(&ics(plan, schedule, &filter)))?;
    sink.artefact("schedule.mmd", &mut text(&mermaid(plan, schedule, &filter)))?;
    let dot = crate::emit::graph::dot::dot(plan, Some(schedule), &filter);
    sink.artefact("graph.dot", &mut text(&dot))?;
    drop(dot);
    let (as_of, progress) = ticks.clone().unzip();
    let options = ChecklistOptions {
        as_of,
        by: *by,
        lang: render.lang,
        progress,
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
        crate::emit::export::write_pretty(plan, &mut *out).map_err(io::Error::other)?;
        out.write_all(b"\n")
    })
}

/// Writes a rendered text.
fn text(text: &str) -> impl FnMut(&mut dyn Write) -> io::Result<()> + '_ {
    move |out| out.write_all(text.as_bytes())
}
