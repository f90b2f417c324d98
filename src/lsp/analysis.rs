//! One checked version of a plan, as the editor sees it: the pipeline run over the editor's open
//! texts (unsaved changes included) and the disk, its diagnostics in LSP form, and the index the
//! editor features read.

use super::index::Index;
use super::position;
use crate::check::Checked;
use crate::diagnostic::Severity;
use crate::pipeline::CheckOptions;
use crate::source::{FileId, SourceFile, Span};
use crate::syntax::loader::{DiskFileSystem, FileSystem, ReadError};
use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Range,
    Uri,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

/// The files the editor has open, by canonical path: their texts win over the disk.
#[derive(Debug, Clone, Default)]
pub struct Overlay {
    /// Canonical path → text.
    pub texts: HashMap<PathBuf, Arc<str>>,
}

impl FileSystem for Overlay {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        match self.texts.get(&DiskFileSystem.canonical(path)) {
            Some(text) => Ok(text.as_bytes().to_vec()),
            None => DiskFileSystem.read(path),
        }
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        DiskFileSystem.canonical(path)
    }
}

/// One checked version of a plan.
#[derive(Debug)]
pub struct Analysis {
    /// The entry file.
    pub entry: PathBuf,
    /// What `planc check` gives for it, or why the entry file or `planc.toml` could not be read.
    pub checked: Result<Checked, String>,
    /// The canonical path of each file read.
    pub paths: Vec<(FileId, PathBuf)>,
    /// The URI of each file read: the editor's own for an open file.
    pub uris: HashMap<FileId, Uri>,
    /// The version of each open file this analysis read.
    pub versions: HashMap<PathBuf, i32>,
    index: OnceLock<Index>,
}

/// Checks the plan whose entry file is `entry`, reading open files from `overlay`, as `planc
/// check` does (load, check, `planc.toml`, schedule).
pub fn analyze(entry: &Path, overlay: &Overlay, open: &HashMap<PathBuf, (Uri, i32)>) -> Analysis {
    let options = CheckOptions {
        deny_warnings: false,
        allow_outside_includes: false,
        color: crate::pipeline::Color::Never,
    };
    let checked = crate::pipeline::check_with(overlay, entry, &options);
    let mut paths = Vec::new();
    let mut uris = HashMap::new();
    let mut versions = HashMap::new();
    if let Ok(checked) = &checked {
        for (id, file) in checked.sources.files() {
            let canonical = DiskFileSystem.canonical(&file.path);
            let uri = match open.get(&canonical) {
                Some((uri, version)) => {
                    versions.insert(canonical.clone(), *version);
                    Some(uri.clone())
                }
                None => position::uri_of(&canonical),
            };
            if let Some(uri) = uri {
                uris.insert(id, uri);
            }
            paths.push((id, canonical));
        }
    }
    let canonical_entry = DiskFileSystem.canonical(entry);
    if let Some((_, version)) = open.get(&canonical_entry) {
        versions.insert(canonical_entry, *version);
    }
    Analysis {
        entry: entry.to_path_buf(),
        checked,
        paths,
        uris,
        versions,
        index: OnceLock::new(),
    }
}

impl Analysis {
    /// The file read from a canonical path.
    pub fn file_id(&self, path: &Path) -> Option<FileId> {
        self.paths
            .iter()
            .find(|(_, candidate)| candidate == path)
            .map(|(id, _)| *id)
    }

    /// A file's text and positions.
    pub fn file(&self, id: FileId) -> Option<&SourceFile> {
        self.checked.as_ref().ok()?.sources.get(id)
    }

    /// Whether a file is a plan file (the entry, or a `.plan` file it includes), not a holiday
    /// file.
    pub fn is_plan_file(&self, id: FileId) -> bool {
        id == FileId(0)
            || self.file(id).is_some_and(|file| {
                file.path
                    .extension()
                    .is_some_and(|extension| extension == "plan")
            })
    }

    /// The index of names, outlines and tokens, built on first use.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| match &self.checked {
            Ok(checked) => {
                let holiday: Vec<FileId> = checked
                    .sources
                    .files()
                    .map(|(id, _)| id)
                    .filter(|&id| !self.is_plan_file(id))
                    .collect();
                Index::build(&checked.sources, &holiday)
            }
            Err(_) => Index::default(),
        })
    }

    /// The LSP location of a span.
    pub fn location(&self, span: Span) -> Option<Location> {
        let file = self.file(span.file)?;
        Some(Location {
            uri: self.uris.get(&span.file)?.clone(),
            range: position::range(file, span),
        })
    }

    /// The diagnostics of every file read (an empty list for a file without problems), as
    /// `planc check` reports them: code, message, labels and help, the primary label's place as
    /// the range and every other label and the help as related information.
    pub fn diagnostics(&self, entry_uri: Option<&Uri>) -> Vec<(Uri, Vec<Diagnostic>)> {
        let checked = match &self.checked {
            Ok(checked) => checked,
            Err(message) => {
                let Some(uri) = entry_uri else {
                    return Vec::new();
                };
                let diagnostic = Diagnostic {
                    range: Range::default(),
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("planc".into()),
                    message: message.clone(),
                    ..Diagnostic::default()
                };
                return vec![(uri.clone(), vec![diagnostic])];
            }
        };
        let mut by_file: HashMap<FileId, Vec<Diagnostic>> = HashMap::new();
        for (id, _) in checked.sources.files() {
            if self.is_plan_file(id) {
                by_file.insert(id, Vec::new());
            }
        }
        for diagnostic in &checked.diagnostics {
            let primary = diagnostic.labels.first();
            let file = primary.map_or(FileId(0), |label| label.span.file);
            let range = primary
                .and_then(|label| {
                    self.file(label.span.file)
                        .map(|f| position::range(f, label.span))
                })
                .unwrap_or_default();
            let mut related = Vec::new();
            for (index, label) in diagnostic.labels.iter().enumerate() {
                // The primary label is the message's own place; its text is shown with it.
                if index == 0 && label.span.file == file {
                    continue;
                }
                if let Some(location) = self.location(label.span) {
                    related.push(DiagnosticRelatedInformation {
                        location,
                        message: label.text.clone(),
                    });
                }
            }
            if let Some(help) = &diagnostic.help
                && let Some(location) = primary.and_then(|label| self.location(label.span))
            {
                related.push(DiagnosticRelatedInformation {
                    location,
                    message: format!("help: {help}"),
                });
            }
            let message = match primary.map(|label| label.text.as_str()) {
                Some(label) if !label.is_empty() => format!("{}\n{label}", diagnostic.message),
                _ => diagnostic.message.clone(),
            };
            by_file.entry(file).or_default().push(Diagnostic {
                range,
                severity: Some(match diagnostic.severity {
                    Severity::Error => DiagnosticSeverity::ERROR,
                    Severity::Warning => DiagnosticSeverity::WARNING,
                }),
                code: Some(NumberOrString::String(diagnostic.code.full())),
                source: Some("planc".into()),
                message,
                related_information: (!related.is_empty()).then_some(related),
                ..Diagnostic::default()
            });
        }
        let mut list: Vec<(FileId, Vec<Diagnostic>)> = by_file.into_iter().collect();
        list.sort_by_key(|(id, _)| *id);
        list.into_iter()
            .filter_map(|(id, diagnostics)| Some((self.uris.get(&id)?.clone(), diagnostics)))
            .collect()
    }
}

/// Whether a text holds a plan header (`计划 "…" {` or `plan "…" {` at the start of a line): such a
/// file is an entry file, not one that is only included.
pub fn has_plan_header(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start_matches('\u{feff}').trim_start();
        ["计划", "plan"].iter().any(|keyword| {
            line.strip_prefix(keyword)
                .is_some_and(|rest| rest.starts_with([' ', '\t', '\u{3000}', '"']))
        })
    })
}

/// The entry plan an included file belongs to: a `.plan` file with a plan header in its folder or
/// up to three folders above it (never above `root`, the workspace) whose includes, read through
/// `overlay`, reach `file`. Candidates are tried nearest folder first, in name order; `None` when
/// none includes it (the file is then checked on its own, as `planc check` would).
pub fn find_entry(file: &Path, root: Option<&Path>, overlay: &Overlay) -> Option<PathBuf> {
    let mut folder = file.parent();
    for _ in 0..4 {
        let dir = folder?;
        let mut candidates: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|path| path.extension().is_some_and(|e| e == "plan") && path != file)
                    .collect()
            })
            .unwrap_or_default();
        candidates.sort();
        for candidate in candidates {
            let Ok(bytes) = overlay.read(&candidate) else {
                continue;
            };
            if !has_plan_header(&String::from_utf8_lossy(&bytes)) {
                continue;
            }
            let Ok(loaded) = crate::syntax::loader::load(
                overlay,
                &candidate,
                crate::syntax::loader::LoadOptions::default(),
            ) else {
                continue;
            };
            if loaded
                .sources
                .files()
                .any(|(_, source)| DiskFileSystem.canonical(&source.path) == file)
            {
                return Some(candidate);
            }
        }
        if root.is_some_and(|root| dir == root) {
            return None;
        }
        folder = dir.parent();
    }
    None
}
