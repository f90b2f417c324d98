//! Source files, spans, and line/column positions counted in characters.

use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceMap`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(pub u32);

/// A byte range in one source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// The file the range is in.
    pub file: FileId,
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte.
    pub end: u32,
}

impl Span {
    /// Makes a span from byte offsets.
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// The length in bytes.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A value with the place it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    /// The value.
    pub node: T,
    /// Where it was written.
    pub span: Span,
}

impl<T> Spanned<T> {
    /// Pairs a value with its span.
    pub fn new(node: T, span: Span) -> Spanned<T> {
        Spanned { node, span }
    }
}

/// One loaded source file.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user or the including file named it, for messages.
    pub name: String,
    /// The path used to open the file.
    pub path: PathBuf,
    /// The text.
    pub text: String,
    /// Byte offset of each line's start, indexed on first use: a clean run never needs it, and a
    /// million-item plan has ten million lines.
    line_starts: std::sync::OnceLock<Vec<u32>>,
    /// The number of characters before every [`COLUMN_STRIDE`]th byte, indexed when a column is
    /// first asked for on a line longer than that: counting the characters of a 50 MB line for each
    /// of its diagnostics made them quadratic.
    char_marks: std::sync::OnceLock<Vec<u32>>,
}

/// Columns of lines longer than this many bytes are found through [`SourceFile::char_marks`].
const COLUMN_STRIDE: usize = 4096;

/// The number of characters that start in `bytes` (UTF-8: every byte that is not a continuation).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl SourceFile {
    /// Wraps a file's text; its lines are indexed when a position is first asked for.
    pub fn new(name: String, path: PathBuf, text: String) -> SourceFile {
        SourceFile {
            name,
            path,
            text,
            line_starts: std::sync::OnceLock::new(),
            char_marks: std::sync::OnceLock::new(),
        }
    }

    fn line_starts(&self) -> &[u32] {
        self.line_starts.get_or_init(|| {
            let mut starts = vec![0];
            for (index, byte) in self.text.bytes().enumerate() {
                if byte == b'\n' {
                    // Files are at most 1 GiB (the loader's limit), so offsets fit.
                    starts.push(u32::try_from(index + 1).unwrap_or(u32::MAX));
                }
            }
            starts
        })
    }

    /// 1-based line and 1-based column (in characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let key = u32::try_from(offset).unwrap_or(u32::MAX);
        let line = match starts.binary_search(&key) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let line_start = starts.get(line).map_or(0, |&start| start as usize);
        let column = match self.text.get(line_start..offset) {
            Some(prefix) if prefix.len() <= 2 * COLUMN_STRIDE => {
                prefix.trim_start_matches('\u{feff}').chars().count()
            }
            Some(prefix) => {
                let boms = prefix.len() - prefix.trim_start_matches('\u{feff}').len();
                let before = |at: usize| {
                    let mark = at / COLUMN_STRIDE;
                    let marks = self.char_marks();
                    let counted = marks.get(mark).map_or(0, |&count| count as usize);
                    let from = (mark * COLUMN_STRIDE).min(at);
                    counted + self.text.as_bytes().get(from..at).map_or(0, count_chars)
                };
                // A byte-order mark is three bytes, one character.
                before(offset) - before(line_start) - boms / 3
            }
            None => 0,
        };
        (line + 1, column + 1)
    }

    /// The 0-based line of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        let key = u32::try_from(offset.min(self.text.len())).unwrap_or(u32::MAX);
        match self.line_starts().binary_search(&key) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// Byte offsets of the start of a 0-based line and of its end (before its line break, `\n` or
    /// `\r\n`), or `None` past the last line.
    pub fn line_bounds(&self, line: usize) -> Option<(usize, usize)> {
        let starts = self.line_starts();
        let start = *starts.get(line)? as usize;
        let mut end = starts
            .get(line + 1)
            .map_or(self.text.len(), |&next| (next as usize).saturating_sub(1));
        if end > start && self.text.as_bytes().get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        Some((start, end.max(start)))
    }

    fn char_marks(&self) -> &[u32] {
        self.char_marks.get_or_init(|| {
            let mut marks = vec![0u32];
            let mut total = 0usize;
            for chunk in self.text.as_bytes().chunks(COLUMN_STRIDE) {
                total += count_chars(chunk);
                marks.push(u32::try_from(total).unwrap_or(u32::MAX));
            }
            marks
        })
    }

    /// The text of a span, or "" when it does not fall on character boundaries.
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// All files of one compilation, in the order they were loaded.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> SourceMap {
        SourceMap::default()
    }

    /// The id the next file added will get.
    pub fn next_id(&self) -> FileId {
        FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX))
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: String, path: PathBuf, text: String) -> FileId {
        let id = self.next_id();
        self.files.push(SourceFile::new(name, path, text));
        id
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The id of a file loaded from this path, if any.
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|file| file.path == path)
            .and_then(|index| u32::try_from(index).ok())
            .map(FileId)
    }

    /// All files.
    pub fn files(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(index, file)| (FileId(u32::try_from(index).unwrap_or(u32::MAX)), file))
    }

    /// File name, 1-based line and 1-based character column of a span's start.
    pub fn position(&self, span: Span) -> (String, usize, usize) {
        match self.get(span.file) {
            Some(file) => {
                let (line, column) = file.line_column(span.start as usize);
                (file.name.clone(), line, column)
            }
            None => (String::new(), 0, 0),
        }
    }

    /// The text a span covers.
    pub fn slice(&self, span: Span) -> &str {
        self.get(span.file)
            .map(|file| file.slice(span))
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Columns on lines long enough to go through the character marks are the characters counted
    /// from the line start, as on short lines.
    #[test]
    fn long_line_columns_count_characters() {
        let mut text = String::from("short\n\u{feff}");
        for index in 0..5000 {
            text.push_str(if index % 3 == 0 { "部门a" } else { "xy" });
        }
        text.push_str("\nend");
        let file = SourceFile::new("t".into(), PathBuf::from("t"), text.clone());
        let second = text.find('\n').map_or(0, |n| n + 1);
        for (offset, _) in text.char_indices().step_by(97) {
            let line_start = text
                .get(..offset)
                .and_then(|t| t.rfind('\n'))
                .map_or(0, |n| n + 1);
            let expected = text
                .get(line_start..offset)
                .map(|prefix| prefix.trim_start_matches('\u{feff}').chars().count())
                .unwrap_or(0);
            let line = text.get(..offset).map_or(0, |t| t.matches('\n').count());
            assert_eq!(
                file.line_column(offset),
                (line + 1, expected + 1),
                "offset {offset}"
            );
        }
        assert_eq!(file.line_index(second + 5), 1);
        assert_eq!(file.line_bounds(0), Some((0, 5)));
    }
}
