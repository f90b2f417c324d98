//! Positions: LSP counts UTF-16 code units on a line, planc keeps byte offsets (and shows
//! characters). Also file URIs to paths and back.

use crate::source::{SourceFile, Span};
use lsp_types::{Position, Range, Uri};
use std::path::{Path, PathBuf};

/// The byte offset where the text of line `line` starts, skipping a byte-order mark on the first
/// line (editors do not show it, so it counts for nothing in their positions).
fn line_start(file: &SourceFile, line: usize) -> Option<(usize, usize)> {
    let (mut start, end) = file.line_bounds(line)?;
    if line == 0 && file.text.starts_with('\u{feff}') {
        start = start.saturating_add('\u{feff}'.len_utf8()).min(end);
    }
    Some((start, end))
}

/// The LSP position of a byte offset.
pub fn position(file: &SourceFile, offset: usize) -> Position {
    let offset = offset.min(file.text.len());
    let line = file.line_index(offset);
    let (start, _) = line_start(file, line).unwrap_or((offset, offset));
    let prefix = file.text.get(start.min(offset)..offset).unwrap_or("");
    Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        character: u32::try_from(prefix.encode_utf16().count()).unwrap_or(u32::MAX),
    }
}

/// The byte offset of an LSP position: a position inside a character (between the two halves of a
/// surrogate pair) or past the end of its line is moved to the end of that character or line, a
/// line past the last one to the end of the text.
pub fn offset(file: &SourceFile, position: Position) -> usize {
    let Some((start, end)) = line_start(file, position.line as usize) else {
        return file.text.len();
    };
    let line = file.text.get(start..end).unwrap_or("");
    let wanted = position.character as usize;
    let mut units = 0;
    for (index, character) in line.char_indices() {
        if units >= wanted {
            return start + index;
        }
        units += character.len_utf16();
    }
    end
}

/// The LSP range of a span in its file.
pub fn range(file: &SourceFile, span: Span) -> Range {
    Range {
        start: position(file, span.start as usize),
        end: position(file, span.end as usize),
    }
}

/// A text after one change from `textDocument/didChange`: the range replaced by the new text, or
/// the whole text when no range is given.
pub fn apply_change(text: &str, range: Option<Range>, new_text: &str) -> String {
    let Some(range) = range else {
        return new_text.to_string();
    };
    let file = SourceFile::new(String::new(), PathBuf::new(), text.to_string());
    let start = offset(&file, range.start);
    let end = offset(&file, range.end).max(start);
    let mut changed = String::with_capacity(text.len() + new_text.len());
    changed.push_str(text.get(..start).unwrap_or(""));
    changed.push_str(new_text);
    changed.push_str(text.get(end..).unwrap_or(""));
    changed
}

/// The path a `file:` URI names, or `None` for another scheme.
pub fn path_of(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // An authority other than the local host is not a file here.
    let path = match rest.strip_prefix("localhost") {
        Some(path) => path,
        None => rest,
    };
    if !path.starts_with('/') {
        return None;
    }
    let mut bytes = Vec::with_capacity(path.len());
    let raw = path.as_bytes();
    let mut index = 0;
    while index < raw.len() {
        let byte = raw.get(index).copied().unwrap_or(0);
        if byte == b'#' || byte == b'?' {
            break;
        }
        let hex = |at: usize| {
            raw.get(at)
                .and_then(|&b| char::from(b).to_digit(16))
                .and_then(|d| u8::try_from(d).ok())
        };
        if byte == b'%'
            && let (Some(high), Some(low)) = (hex(index + 1), hex(index + 2))
        {
            bytes.push(high * 16 + low);
            index += 3;
            continue;
        }
        bytes.push(byte);
        index += 1;
    }
    let text = String::from_utf8(bytes).ok()?;
    Some(PathBuf::from(text))
}

/// The `file:` URI of an absolute path, with every byte outside the unreserved set percent-encoded
/// (as VS Code writes them).
pub fn uri_of(path: &Path) -> Option<Uri> {
    let text = path.to_str()?;
    let mut uri = String::from("file://");
    if !text.starts_with('/') {
        uri.push('/');
    }
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            uri.push(char::from(byte));
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile::new("t".into(), PathBuf::from("t"), text.into())
    }

    /// 𠮷 is one character, four UTF-8 bytes and two UTF-16 code units.
    #[test]
    fn utf16_columns_round_trip() {
        let f = file("a𠮷b\n\u{feff}x\r\n𠮷𠮷c");
        let b = f.text.find('b').unwrap_or(0);
        assert_eq!(position(&f, b), Position::new(0, 3));
        assert_eq!(offset(&f, Position::new(0, 3)), b);
        // Between the halves of the surrogate pair: the end of the character.
        assert_eq!(offset(&f, Position::new(0, 2)), b);
        let c = f.text.find('c').unwrap_or(0);
        assert_eq!(position(&f, c), Position::new(2, 4));
        assert_eq!(offset(&f, Position::new(2, 4)), c);
        // Past the end of a line: its end, before `\r\n`.
        let x = f.text.find('x').unwrap_or(0);
        assert_eq!(offset(&f, Position::new(1, 99)), x + 1);
        assert_eq!(offset(&f, Position::new(9, 0)), f.text.len());
    }

    #[test]
    fn first_line_bom_counts_nothing() {
        let f = file("\u{feff}计划 x");
        let x = f.text.find('x').unwrap_or(0);
        assert_eq!(position(&f, x), Position::new(0, 3));
        assert_eq!(offset(&f, Position::new(0, 0)), 3);
    }

    #[test]
    fn uris_round_trip_chinese_paths() {
        let path = PathBuf::from("/tmp/计划 a/02-育人为本.plan");
        let uri = uri_of(&path).map(|u| u.as_str().to_string());
        assert_eq!(
            uri.as_deref(),
            Some("file:///tmp/%E8%AE%A1%E5%88%92%20a/02-%E8%82%B2%E4%BA%BA%E4%B8%BA%E6%9C%AC.plan")
        );
        let back = uri_of(&path).and_then(|u| path_of(&u));
        assert_eq!(back, Some(path));
        let odd: Uri = "file:///C%3A/x.plan"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(path_of(&odd), Some(PathBuf::from("/C:/x.plan")));
        let web: Uri = "https://example.com/a"
            .parse()
            .unwrap_or_else(|_| unreachable!());
        assert_eq!(path_of(&web), None);
    }
}
