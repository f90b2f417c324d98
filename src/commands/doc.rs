//! `planc doc`: the yearly work document as Markdown, HTML or .docx.

use crate::emit::build::Render;
use crate::emit::doc::{Document, Lang};
use crate::pipeline::CheckOptions;
use crate::pipeline::USAGE;
use std::io::IsTerminal;
use std::path::PathBuf;

/// Output formats of the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DocFormat {
    /// Markdown.
    Md,
    /// One self-contained HTML page that prints on A4.
    Html,
    /// A Word document in the 公文 layout (GB/T 9704).
    Docx,
}

/// Options shared by `planc doc` and `planc build`.
#[derive(Debug, Clone, clap::Args)]
pub struct RenderOptions {
    /// Add the owners after each item: `（责任单位：…）`.
    #[arg(long)]
    pub owners: bool,
    /// Add an annex: the table of key tasks (重点工作任务分解表).
    #[arg(long)]
    pub annex: bool,
    /// The language of the labels the document adds.
    #[arg(long, value_enum, default_value_t = Lang::Zh)]
    pub lang: Lang,
    /// A folder of templates that override the built-in ones (doc.md.j2, doc.html.j2,
    /// checklist.md.j2, checklist.html.j2, checklist-index.md.j2, checklist-index.html.j2).
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

impl RenderOptions {
    /// The rendering options as the library takes them.
    pub fn render(&self) -> Render {
        Render {
            owners: self.owners,
            annex: self.annex,
            lang: self.lang,
            templates: self.templates.clone(),
        }
    }
}

/// Arguments of `planc doc`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = DocFormat::Md)]
    pub format: DocFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub render: RenderOptions,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Renders the document of a checked plan in one format.
pub fn render(
    plan: &crate::model::Plan,
    schedule: Option<&crate::schedule::Schedule>,
    format: DocFormat,
    render: &RenderOptions,
) -> Result<Vec<u8>, crate::emit::doc::DocError> {
    let render = render.render();
    let options = match schedule {
        Some(schedule) => render.scheduled_doc_options(schedule),
        None => render.doc_options(),
    };
    let document = Document::of(plan, &options);
    let templates = render.template_set();
    Ok(match format {
        DocFormat::Md => document.markdown(&templates)?.into_bytes(),
        DocFormat::Html => document.html(&templates)?.into_bytes(),
        DocFormat::Docx => document.docx()?,
    })
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    if let Err(code) = super::templates_exist(args.render.templates.as_deref()) {
        return code;
    }
    if args.format == DocFormat::Docx && args.output.is_none() && std::io::stdout().is_terminal() {
        eprintln!("error: a .docx is binary; write it to a file with `-o FILE.docx`");
        return USAGE;
    }
    // The schedule the check made: the document's due dates are its working days. (A period
    // the calendar does not cover has none; the document then shows the written deadlines.)
    let (plan, mut checked) = match crate::pipeline::checked_plan(&args.file, &args.options) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let schedule = checked.schedule.take();
    let bytes = match render(&plan, schedule.as_ref(), args.format, &args.render) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: {error}");
            return USAGE;
        }
    };
    super::write_output(args.output.as_deref(), &bytes)
}
