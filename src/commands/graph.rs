//! `planc graph`: the dependency graph.

use crate::commands::write_output;
use crate::emit::graph as emit;
use crate::emit::schedule::Filter;
use crate::pipeline::CheckOptions;
use crate::schedule::ScheduleOptions;
use std::io::Write;
use std::path::PathBuf;

/// Output formats of the graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum GraphFormat {
    /// Graphviz DOT (sections as clusters, critical dependencies bold).
    Dot,
    /// A Mermaid flowchart.
    Mermaid,
    /// JSON nodes and edges.
    Json,
}

/// Arguments of `planc graph`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Dot)]
    pub format: GraphFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Renders the graph in one format; with a schedule, the critical path is marked.
pub fn render(
    plan: &crate::model::Plan,
    schedule: Option<&crate::schedule::Schedule>,
    format: GraphFormat,
) -> String {
    let filter = Filter::default();
    match format {
        GraphFormat::Dot => emit::dot::dot(plan, schedule, &filter),
        GraphFormat::Mermaid => emit::mermaid::flowchart(plan, schedule, &filter),
        GraphFormat::Json => emit::json::json(plan, schedule, &filter),
    }
}

/// Runs the command; returns the exit code. When the plan cannot be scheduled the graph is
/// still written (without critical marks) and the exit code is 1.
pub fn run(args: Args) -> u8 {
    let (plan, checked) = match crate::pipeline::checked_plan(&args.file, &args.options) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let (schedule, code) = match crate::schedule::schedule(&plan, &ScheduleOptions::default()) {
        Ok(schedule) => (Some(schedule), 0),
        Err(diagnostics) => {
            let text = crate::diagnostic::report::human(
                &diagnostics,
                &checked.sources,
                crate::pipeline::style(args.options.color),
            );
            let _ = std::io::stderr().write_all(text.as_bytes());
            (None, 1)
        }
    };
    let text = render(&plan, schedule.as_ref(), args.format);
    write_output(args.output.as_deref(), &text).max(code)
}
