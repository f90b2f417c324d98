//! Progress through the year: progress files (`progress/2020-06-30.progress`), checked against the
//! plan, merged into a history, and turned into a status as of a day (序时进度, red/amber/green,
//! targets against their actual values), rendered for people and tools.
//!
//! Data flows as in the rest of planc: [`syntax`] parses each file into a tree with spans,
//! [`check`] resolves it against the checked plan and its schedule (every problem at once),
//! [`status`] computes the state as of a day, and [`render`] writes it.

pub mod check;
pub mod diff;
pub mod docx;
pub mod fast;
pub mod render;
pub mod sheet;
pub mod status;
pub mod syntax;
pub mod write;

pub use check::{Entry, Snapshot};
pub use status::{Rag, Status as PlanStatus};
pub use syntax::Status;

use crate::diagnostic::Diagnostic;
use crate::source::SourceMap;
use std::path::PathBuf;

/// One progress file as read: a name for messages, its path, its text.
#[derive(Debug, Clone)]
pub struct ProgressSource {
    /// The path as given, for messages.
    pub name: String,
    /// The path.
    pub path: PathBuf,
    /// The text.
    pub text: String,
}

/// Parses progress files, adding them to `sources` so that diagnostics can point into them.
/// Returns the trees with their file ids, in the order given.
pub fn parse_all(
    sources: &mut SourceMap,
    files: Vec<ProgressSource>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(crate::source::FileId, syntax::File)> {
    let mut trees = Vec::new();
    for file in files {
        let id = sources.add(file.name, file.path, file.text);
        let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or("");
        let (tree, mut found) = syntax::parse(id, text);
        diagnostics.append(&mut found);
        trees.push((id, tree));
    }
    trees
}
