//! Phase 0: reading the entry file and everything it includes, in order.
//!
//! All file access goes through the [`FileSystem`] trait, so the compiler core can be tested on
//! files held in memory.

use crate::diagnostic::{Diagnostic, Problem};
use crate::source::{SourceMap, Span, Spanned};
use crate::syntax::{self, ast};
use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    /// There is no such file.
    NotFound,
    /// The path names a directory.
    IsDirectory,
    /// The path names something other than a regular file or a directory (a named pipe, a socket, a
    /// device), described in words: reading it could wait forever or never end.
    NotRegular(&'static str),
    /// Any other I/O problem, in the operating system's words.
    Other(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "no such file"),
            ReadError::IsDirectory => write!(f, "it is a directory, not a file"),
            ReadError::NotRegular(kind) => write!(
                f,
                "it is {kind}, not a regular file; planc reads plans only from regular files (save the text to a file and give its path)"
            ),
            ReadError::Other(message) => write!(f, "{message}"),
        }
    }
}

/// Where source files come from.
pub trait FileSystem {
    /// The bytes of a file.
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError>;
    /// The canonical form of a path, used to detect include cycles and escapes.
    fn canonical(&self, path: &Path) -> PathBuf {
        normalize(path)
    }
}

/// The largest file read: far beyond any real plan (a generated plan of a million items is 261 MB).
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The real file system.
#[derive(Debug, Clone, Copy, Default)]
pub struct DiskFileSystem;

impl FileSystem for DiskFileSystem {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let os_error = |error: std::io::Error| match error.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Other(error.to_string()),
        };
        // The file's type is looked at before it is opened: opening a named pipe waits until
        // something writes to it, which may be never. Looked at again on the open file, in case the
        // path was replaced in between.
        regular(&std::fs::metadata(path).map_err(os_error)?)?;
        let file = std::fs::File::open(path).map_err(os_error)?;
        regular(&file.metadata().map_err(os_error)?)?;
        // At most MAX_FILE_BYTES: a file that grows while it is read must not fill the memory.
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(
            &mut std::io::Read::take(file, MAX_FILE_BYTES + 1),
            &mut bytes,
        )
        .map_err(os_error)?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(ReadError::Other(format!(
                "it is larger than {} MiB, too large for a plan",
                MAX_FILE_BYTES >> 20
            )));
        }
        Ok(bytes)
    }

    fn canonical(&self, path: &Path) -> PathBuf {
        std::fs::canonicalize(path).unwrap_or_else(|_| {
            // A file that does not exist (yet): resolve it against the working folder.
            let absolute = std::env::current_dir()
                .map(|dir| dir.join(path))
                .unwrap_or_else(|_| path.to_path_buf());
            normalize(&absolute)
        })
    }
}

/// Whether `metadata` is that of a regular file: a directory and anything else (a named pipe, a
/// socket, a device) are refused with the reason.
pub fn regular(metadata: &std::fs::Metadata) -> Result<(), ReadError> {
    let kind = metadata.file_type();
    if kind.is_file() {
        Ok(())
    } else if kind.is_dir() {
        Err(ReadError::IsDirectory)
    } else {
        Err(ReadError::NotRegular(describe(kind)))
    }
}

/// A file type that is neither a regular file nor a directory, in words.
fn describe(kind: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_char_device() {
            return "a character device";
        }
        if kind.is_block_device() {
            return "a block device";
        }
    }
    if kind.is_symlink() {
        return "a symbolic link";
    }
    "a special file"
}

/// Files held in memory, keyed by path: for tests and for standard input.
#[derive(Debug, Clone, Default)]
pub struct MemoryFileSystem {
    files: BTreeMap<PathBuf, Vec<u8>>,
}

impl MemoryFileSystem {
    /// An empty file system.
    pub fn new() -> MemoryFileSystem {
        MemoryFileSystem::default()
    }

    /// Adds a file.
    pub fn insert(&mut self, path: impl Into<PathBuf>, text: impl Into<Vec<u8>>) {
        self.files.insert(normalize(&path.into()), text.into());
    }
}

impl FileSystem for MemoryFileSystem {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let path = normalize(path);
        if let Some(bytes) = self.files.get(&path) {
            return Ok(bytes.clone());
        }
        if self.files.keys().any(|key| key.starts_with(&path)) {
            return Err(ReadError::IsDirectory);
        }
        Err(ReadError::NotFound)
    }
}

/// Removes `.` and resolves `..` without touching the disk.
pub fn normalize(path: &Path) -> PathBuf {
    let mut result = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !result.pop() {
                    result.push("..");
                }
            }
            other => result.push(other.as_os_str()),
        }
    }
    result
}

/// Options for loading.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Allow includes outside the entry file's folder.
    pub allow_outside: bool,
    /// Keep every section's syntax tree. By default a section without syntax errors is set aside
    /// once read ([`crate::syntax::parse_folded`]); checking gives the same either way.
    pub whole_tree: bool,
}

/// A plan's files, and its top-level statements in reading order (includes expanded in place).
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// Every file read.
    pub sources: SourceMap,
    /// The statements of all files, in order.
    pub statements: Vec<ast::TopStmt>,
    /// The holiday files the plan header names (`假日`), read and parsed, with the statement that
    /// names each. A file that cannot be read or has bad lines is a diagnostic, not an entry.
    pub holidays: Vec<(Span, crate::calendar::HolidayFile)>,
    /// Problems found while reading and parsing.
    pub diagnostics: Vec<Diagnostic>,
}

/// The reason the entry file itself could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryError {
    /// The path given.
    pub path: PathBuf,
    /// Why.
    pub reason: ReadError,
}

/// Reads and parses `entry` and every file it includes.
pub fn load(fs: &dyn FileSystem, entry: &Path, options: LoadOptions) -> Result<Loaded, EntryError> {
    let bytes = fs.read(entry).map_err(|reason| EntryError {
        path: entry.to_path_buf(),
        reason,
    })?;
    let root = fs
        .canonical(entry)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let mut loader = Loader {
        fs,
        root,
        options,
        loaded: Loaded::default(),
        stack: Vec::new(),
        seen: BTreeMap::new(),
    };
    loader.file(
        entry.to_string_lossy().into_owned(),
        entry.to_path_buf(),
        bytes,
    );
    Ok(loader.loaded)
}

struct Loader<'a> {
    fs: &'a dyn FileSystem,
    root: PathBuf,
    options: LoadOptions,
    loaded: Loaded,
    /// Canonical paths of the files being read, outermost first, with the include that opened each.
    stack: Vec<(PathBuf, Option<Span>)>,
    /// Canonical paths of every file read so far, with the include that first read it.
    seen: BTreeMap<PathBuf, Option<Span>>,
}

/// Deepest include nesting accepted: deeper is certainly a mistake, and the limit keeps recursion bounded.
const MAX_INCLUDE_DEPTH: usize = 64;

impl Loader<'_> {
    /// Reports a problem of the files read.
    fn report(&mut self, problem: Problem) {
        self.loaded.diagnostics.push(problem.into());
    }

    /// Whether a file (by its canonical path) is outside the entry file's folder when that is not
    /// allowed: the one rule of includes and holiday files.
    fn outside_root(&self, canonical: &Path) -> bool {
        !self.options.allow_outside && !canonical.starts_with(&self.root)
    }

    fn file(&mut self, name: String, path: PathBuf, bytes: Vec<u8>) {
        let canonical = self.fs.canonical(&path);
        self.seen.entry(canonical.clone()).or_insert(None);
        let (text, invalid_at) = match String::from_utf8(bytes) {
            Ok(text) => (text, None),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                (
                    String::from_utf8_lossy(error.as_bytes()).into_owned(),
                    Some(valid),
                )
            }
        };
        if let Some(offset) = invalid_at {
            let id = self.loaded.sources.add(name, path.clone(), text);
            self.report(Problem::NotUtf8 {
                span: Span::new(id, offset, offset + 1),
            });
            return;
        }
        // Parsed before it is added, so the text is not copied (a large plan is hundreds of MB).
        let id = self.loaded.sources.next_id();
        let (tree, diagnostics) = if self.options.whole_tree {
            syntax::parse(id, &text)
        } else {
            syntax::parse_folded(id, &text)
        };
        self.loaded.sources.add(name, path.clone(), text);
        self.loaded.diagnostics.extend(diagnostics);
        self.stack.push((canonical, None));
        for statement in tree.statements {
            match statement {
                ast::TopStmt::Include(include) => self.include(&path, include),
                ast::TopStmt::Plan(header) => {
                    for file in &header.holidays {
                        self.holiday_file(&path, file);
                    }
                    self.loaded.statements.push(ast::TopStmt::Plan(header));
                }
                other => self.loaded.statements.push(other),
            }
        }
        self.stack.pop();
    }

    fn include(&mut self, from_path: &Path, include: Spanned<String>) {
        let relative = PathBuf::from(&include.node);
        let path = if relative.is_absolute() {
            relative
        } else {
            from_path.parent().unwrap_or(Path::new("")).join(&relative)
        };
        let canonical = self.fs.canonical(&path);
        let shown = include.node.clone();
        if let Some(position) = self.stack.iter().position(|(open, _)| *open == canonical) {
            let mut chain: Vec<String> = self
                .stack
                .iter()
                .skip(position)
                .map(|(open, _)| display_name(open))
                .collect();
            chain.push(display_name(&canonical));
            self.report(Problem::IncludeCycle {
                file: shown.to_string(),
                chain,
                span: include.span,
            });
            return;
        }
        if self.outside_root(&canonical) {
            self.report(Problem::IncludeEscape {
                file: shown.to_string(),
                span: include.span,
            });
            return;
        }
        if let Some(first) = self.seen.get(&canonical) {
            // Read once already on another path: reading it again would declare everything in it
            // twice, and files that each include the next one twice would be read 2^depth times.
            self.report(Problem::IncludedTwice {
                file: shown.to_string(),
                span: include.span,
                first: *first,
            });
            return;
        }
        if self.stack.len() >= MAX_INCLUDE_DEPTH {
            self.report(Problem::IncludesTooDeep {
                depth: MAX_INCLUDE_DEPTH,
                span: include.span,
            });
            return;
        }
        match self.fs.read(&path) {
            Ok(bytes) => {
                if let Some(last) = self.stack.last_mut() {
                    last.1 = Some(include.span);
                }
                self.seen.insert(canonical, Some(include.span));
                let name = display_path(&path);
                self.file(name, path, bytes);
            }
            Err(reason) => {
                self.report(Problem::IncludeMissing {
                    file: crate::syntax::shown(&shown).to_string(),
                    reason: reason.to_string(),
                    not_regular: matches!(reason, ReadError::NotRegular(_)),
                    span: include.span,
                });
            }
        }
    }
}

/// Most bad lines of one holiday file reported one by one (a file that is not a holiday file at
/// all would otherwise give a diagnostic per line).
const MAX_HOLIDAY_FILE_ERRORS: usize = 50;

impl Loader<'_> {
    /// Reads and parses a holiday file named by the plan header (`假日 "holidays/2027.txt"`):
    /// relative to the file that names it, inside the plan's folder like an include, every bad
    /// line a located diagnostic in that file.
    fn holiday_file(&mut self, from_path: &Path, named: &Spanned<String>) {
        let relative = PathBuf::from(&named.node);
        let path = if relative.is_absolute() {
            relative
        } else {
            from_path.parent().unwrap_or(Path::new("")).join(&relative)
        };
        let shown = &named.node;
        let canonical = self.fs.canonical(&path);
        if self.outside_root(&canonical) {
            self.report(Problem::HolidayFileOutsideFolder {
                file: shown.to_string(),
                span: named.span,
            });
            return;
        }
        let bytes = match self.fs.read(&path) {
            Ok(bytes) => bytes,
            Err(reason) => {
                self.report(Problem::HolidayFileUnreadable {
                    file: shown.to_string(),
                    reason: reason.to_string(),
                    span: named.span,
                });
                return;
            }
        };
        let Ok(text) = String::from_utf8(bytes) else {
            self.report(Problem::HolidayFileNotUtf8 {
                file: shown.to_string(),
                span: named.span,
            });
            return;
        };
        let parsed = crate::calendar::parse_holiday_file(&text, None);
        let id = self.loaded.sources.add(display_path(&path), path, text);
        match parsed {
            Ok(file) => self.loaded.holidays.push((named.span, file)),
            Err(errors) => {
                let more = errors.len().saturating_sub(MAX_HOLIDAY_FILE_ERRORS);
                if let Some(last) = errors.get(MAX_HOLIDAY_FILE_ERRORS) {
                    self.report(Problem::HolidayFileMore {
                        more,
                        file: shown.to_string(),
                        span: Span::new(id, last.start, last.end),
                    });
                }
                for error in errors.into_iter().take(MAX_HOLIDAY_FILE_ERRORS) {
                    self.report(Problem::HolidayFileLine {
                        message: error.message.to_string(),
                        help: error.help.to_string(),
                        span: Span::new(id, error.start, error.end),
                        file: named.span,
                    });
                }
            }
        }
    }
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

fn display_path(path: &Path) -> String {
    normalize(path).to_string_lossy().into_owned()
}
