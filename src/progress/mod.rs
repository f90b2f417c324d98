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
use crate::source::{FileId, SourceMap};
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
) -> Vec<(FileId, syntax::File)> {
    add_all(sources, prepare(files), diagnostics)
}

/// A progress file read, and parsed by the fast parser when it takes it, before the file has an
/// id in the plan's [`SourceMap`]: the first half of [`parse_all`], which needs no source map, so
/// that `planc status` runs it on a second thread while the plan is checked.
#[derive(Debug)]
pub struct Prepared {
    source: ProgressSource,
    /// The fast parser's tree, its spans in a placeholder file until [`add_all`] places them.
    tree: Option<syntax::File>,
}

/// The first half of [`parse_all`]: every file parsed by the fast parser where it can be.
pub fn prepare(files: Vec<ProgressSource>) -> Vec<Prepared> {
    files
        .into_iter()
        .map(|source| Prepared {
            tree: fast::parse(FileId(u32::MAX), &source.text),
            source,
        })
        .collect()
}

/// The second half of [`parse_all`]: each file added to `sources`, its tree given the file's id,
/// and pest (the parser of record, which reports every problem) run on the files the fast parser
/// did not take, as [`syntax::parse`] does.
pub fn add_all(
    sources: &mut SourceMap,
    prepared: Vec<Prepared>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<(FileId, syntax::File)> {
    let mut trees = Vec::with_capacity(prepared.len());
    for Prepared { source, tree } in prepared {
        let id = sources.add(source.name, source.path, source.text);
        let tree = match tree {
            Some(mut tree) => {
                tree.place(id);
                tree
            }
            None => {
                let text = sources.get(id).map(|f| f.text.as_str()).unwrap_or("");
                let (tree, mut found) = syntax::parse_with_pest(id, text);
                diagnostics.append(&mut found);
                tree
            }
        };
        trees.push((id, tree));
    }
    trees
}
