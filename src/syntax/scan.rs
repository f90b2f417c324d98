//! The one scanner of strings and `//` comments outside the grammar: where a file's strings and
//! comments are, for the checks that run before or beside pest (the nesting check, the chunking of
//! large files, the lowering's span trimming, the formatter's comments and the message for an
//! unterminated string).
//!
//! It reads as the grammar does: a string runs from `"` to the next `"` not escaped by `\` (or to
//! the end of its line, where the grammar ends it with an error); a comment runs from `//` outside
//! strings to the end of the line. It works on bytes: `"`, `\`, `/` and line ends are ASCII, and
//! no byte of a UTF-8 character beyond ASCII equals one of them.

/// What a byte of a text belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// Anything outside strings and comments (line ends included).
    Code,
    /// A string, its quotes included.
    String,
    /// A comment, its `//` included.
    Comment,
}

/// Iterates over the bytes of a text with their [`Class`].
pub(crate) struct Scanner<'a> {
    bytes: &'a [u8],
    position: usize,
    class: Class,
    escaped: bool,
    /// Where the string being read opened.
    string_start: usize,
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `text`.
    pub(crate) fn new(text: &'a str) -> Scanner<'a> {
        Scanner {
            bytes: text.as_bytes(),
            position: 0,
            class: Class::Code,
            escaped: false,
            string_start: 0,
        }
    }

    /// Where the string still open at this point opened, if one is.
    pub(crate) fn open_string(&self) -> Option<usize> {
        (self.class == Class::String).then_some(self.string_start)
    }
}

impl Iterator for Scanner<'_> {
    /// The offset of a byte, the byte and its class.
    type Item = (usize, u8, Class);

    fn next(&mut self) -> Option<(usize, u8, Class)> {
        let offset = self.position;
        let byte = *self.bytes.get(offset)?;
        self.position += 1;
        let class = match self.class {
            Class::Code => match byte {
                b'"' => {
                    self.class = Class::String;
                    self.string_start = offset;
                    Class::String
                }
                b'/' if self.bytes.get(offset + 1) == Some(&b'/') => {
                    self.class = Class::Comment;
                    Class::Comment
                }
                _ => Class::Code,
            },
            Class::String => {
                if self.escaped {
                    self.escaped = false;
                    Class::String
                } else if byte == b'\\' {
                    self.escaped = true;
                    Class::String
                } else if byte == b'"' {
                    self.class = Class::Code;
                    Class::String
                } else if byte == b'\n' {
                    self.class = Class::Code;
                    Class::Code
                } else {
                    Class::String
                }
            }
            Class::Comment => {
                if byte == b'\n' {
                    self.class = Class::Code;
                    Class::Code
                } else {
                    Class::Comment
                }
            }
        };
        Some((offset, byte, class))
    }
}

/// Where a `//` comment starts in one line (the byte offset of the first `/`), outside strings.
pub fn comment_start(line: &str) -> Option<usize> {
    Scanner::new(line)
        .find(|&(_, _, class)| class == Class::Comment)
        .map(|(offset, _, _)| offset)
}

/// Where a string opened on this line runs to the end of the line unclosed.
pub(crate) fn unterminated(line: &str) -> Option<usize> {
    let mut scanner = Scanner::new(line);
    for (_, _, class) in scanner.by_ref() {
        if class == Class::Comment {
            return None;
        }
    }
    scanner.open_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_open_strings() {
        // (line, where its comment starts, where its unterminated string opens)
        let cases = [
            ("a // b", Some(2), None),
            ("\"a // b\"", None, None),
            ("\"a \\\" // b\" // c", Some(12), None),
            ("/\"x\"/ y", None, None),
            ("正文 \"一\" //注", Some(13), None),
            ("text \"abc", None, Some(5)),
            ("text \"a\\\"bc", None, Some(5)),
            ("a // \"b", Some(2), None),
        ];
        for (line, comment, open) in cases {
            assert_eq!(comment_start(line), comment, "{line}");
            assert_eq!(unterminated(line), open, "{line}");
        }
    }

    #[test]
    fn a_string_ends_at_its_line() {
        let classes: Vec<Class> = Scanner::new("\"a\n{").map(|(_, _, c)| c).collect();
        assert_eq!(
            classes,
            vec![Class::String, Class::String, Class::Code, Class::Code]
        );
    }
}
