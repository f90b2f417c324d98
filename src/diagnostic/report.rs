//! Rendering diagnostics: for people (miette, with columns in characters) and for tools (JSON).

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::source::{FileId, SourceMap};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;

/// How human-readable reports look.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    /// Use colour.
    pub color: bool,
    /// Wrap at this width.
    pub width: usize,
}

/// Renders diagnostics as miette reports, one after another.
pub fn human(diagnostics: &[Diagnostic], sources: &SourceMap, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(style.width);
    let mut out = String::new();
    let mut drawn_texts: Vec<Option<Cow<'_, str>>> = Vec::new();
    for diagnostic in diagnostics.iter().take(MAX_RENDERED) {
        for span in diagnostic.labels.iter().map(|l| l.span) {
            let index = span.file.0 as usize;
            if drawn_texts.len() <= index {
                drawn_texts.resize(index + 1, None);
            }
            if let (Some(slot), Some(file)) = (drawn_texts.get_mut(index), sources.get(span.file)) {
                slot.get_or_insert_with(|| drawable(&file.text));
            }
        }
    }
    // The name of each message variant after its report, for the test that every variant has a
    // case (`tests/integration/diagnostics.rs`) and for bug reports; never set in normal use.
    let show_problem = std::env::var_os(SHOW_PROBLEM_VARIABLE).is_some();
    for diagnostic in diagnostics.iter().take(MAX_RENDERED) {
        let report = Report::new(diagnostic, sources, &drawn_texts);
        if handler.render_report(&mut out, &report).is_err() {
            out.push_str(&plain_line(diagnostic, sources));
        }
        if show_problem {
            out.push_str(&format!("[problem {}]\n", diagnostic.problem));
        }
        out.push('\n');
    }
    if diagnostics.len() > MAX_RENDERED {
        out.push_str(&format!(
            "… and {} more problems (`--format json` lists them all)\n\n",
            diagnostics.len() - MAX_RENDERED
        ));
    }
    out
}

/// A file's text as drawn under a report: characters a terminal would act on or not show (NUL and
/// the other control characters, a lone carriage return, zero-width and direction marks, a byte
/// order mark after the start) are replaced by visible ones of the same length in bytes, so every
/// span still points at the same place: `?` for one byte, `·` for two, `\u{fffd}` for three. The
/// message names the character by its code point (`syntax::shown`).
fn drawable(text: &str) -> Cow<'_, str> {
    let hidden = |offset: usize, c: char, next: Option<char>| match c {
        '\t' | '\n' => false,
        '\r' => next != Some('\n'),
        '\u{feff}' => offset > 0,
        '\u{00ad}'
        | '\u{061c}'
        | '\u{180e}'
        | '\u{200b}'..='\u{200f}'
        | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206f}'
        | '\u{fff9}'..='\u{fffb}' => true,
        _ => c.is_control(),
    };
    let mut chars = text.char_indices().peekable();
    let mut out: Option<String> = None;
    while let Some((offset, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if hidden(offset, c, next) {
            let out = out.get_or_insert_with(|| {
                let mut copy = String::with_capacity(text.len());
                copy.push_str(text.get(..offset).unwrap_or_default());
                copy
            });
            match c.len_utf8() {
                1 => out.push('?'),
                2 => out.push('·'),
                3 => out.push('\u{fffd}'),
                _ => out.push_str("?\u{fffd}"),
            }
        } else if let Some(out) = out.as_mut() {
            out.push(c);
        }
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// The environment variable that makes [`human`] print each diagnostic's message variant
/// ([`Problem::name`](super::Problem::name)) after its report: `[problem split_sum.parts]`.
pub const SHOW_PROBLEM_VARIABLE: &str = "PLANC_SHOW_PROBLEM";

/// How many reports are drawn for people; beyond that the first ones are what matters.
pub const MAX_RENDERED: usize = 200;

/// `file:line:column: severity[code]: message`, for logs and fallbacks.
pub fn plain_line(diagnostic: &Diagnostic, sources: &SourceMap) -> String {
    let (file, line, column) = diagnostic
        .primary_span()
        .map(|span| sources.position(span))
        .unwrap_or_default();
    let severity = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    format!(
        "{file}:{line}:{column}: {severity}[{}]: {}\n",
        diagnostic.code.full(),
        diagnostic.message
    )
}

/// One diagnostic in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct JsonDiagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// `planc::…`.
    pub code: String,
    /// The stable name of the message variant, `code.detail` (`split_sum.parts`): which message
    /// of its code this is, whatever its wording.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub problem: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file of the primary place.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// 1-based line where the primary place ends.
    pub end_line: usize,
    /// 1-based column (in characters) just after the primary place.
    pub end_column: usize,
    /// Every labelled place.
    pub labels: Vec<JsonLabel>,
    /// How to fix it.
    pub help: Option<String>,
    /// Every step of a chain the message names, when it names one (a dependency cycle: each
    /// dependency, and the two items it links). The message and labels show only the ends of a
    /// long chain; this is all of it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<JsonLabel>,
}

/// A labelled place in JSON.
#[derive(Debug, Clone, Serialize)]
pub struct JsonLabel {
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is there.
    pub text: String,
}

/// Converts a diagnostic for JSON output.
pub fn json_diagnostic(diagnostic: &Diagnostic, sources: &SourceMap) -> JsonDiagnostic {
    let (file, line, column) = diagnostic
        .primary_span()
        .map(|span| sources.position(span))
        .unwrap_or_default();
    let (end_line, end_column) = diagnostic
        .primary_span()
        .and_then(|span| {
            sources
                .get(span.file)
                .map(|f| f.line_column(span.end as usize))
        })
        .unwrap_or((line, column));
    JsonDiagnostic {
        severity: diagnostic.severity,
        code: diagnostic.code.full(),
        problem: diagnostic.problem,
        message: diagnostic.message.clone(),
        file,
        line,
        column,
        end_line,
        end_column,
        labels: json_labels(&diagnostic.labels, sources),
        help: diagnostic.help.clone(),
        path: json_labels(&diagnostic.path, sources),
    }
}

fn json_labels(labels: &[Label], sources: &SourceMap) -> Vec<JsonLabel> {
    labels
        .iter()
        .map(|label| {
            let (file, line, column) = sources.position(label.span);
            JsonLabel {
                file,
                line,
                column,
                text: label.text.clone(),
            }
        })
        .collect()
}

/// A diagnostic as miette sees it: labels in one file; labels in other files become related reports.
struct Report<'a> {
    diagnostic: &'a Diagnostic,
    file: Option<FileId>,
    source: Option<CharColumnSource<'a>>,
    labels: Vec<&'a Label>,
    related: Vec<Related<'a>>,
}

impl<'a> Report<'a> {
    fn new(
        diagnostic: &'a Diagnostic,
        sources: &'a SourceMap,
        drawn_texts: &'a [Option<Cow<'a, str>>],
    ) -> Report<'a> {
        let drawn = |id: FileId, fallback: &'a str| -> &'a str {
            match drawn_texts.get(id.0 as usize) {
                Some(Some(text)) => text,
                _ => fallback,
            }
        };
        let file = diagnostic.primary_span().map(|span| span.file);
        let source = file
            .and_then(|id| sources.get(id).map(|f| (id, f)))
            .map(|(id, f)| CharColumnSource {
                name: &f.name,
                text: drawn(id, &f.text),
                file: f,
            });
        let labels = diagnostic
            .labels
            .iter()
            .filter(|l| Some(l.span.file) == file)
            .collect();
        let related = diagnostic
            .labels
            .iter()
            .filter(|l| Some(l.span.file) != file)
            .filter_map(|label| {
                let f = sources.get(label.span.file)?;
                Some(Related {
                    label,
                    source: CharColumnSource {
                        name: &f.name,
                        text: drawn(label.span.file, &f.text),
                        file: f,
                    },
                })
            })
            .collect();
        Report {
            diagnostic,
            file,
            source,
            labels,
            related,
        }
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} in {:?}", self.diagnostic, self.file)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diagnostic.message)
    }
}

impl std::error::Error for Report<'_> {}

fn labeled(label: &Label, text: &str) -> LabeledSpan {
    let (start, len) = drawn_span(text, label);
    LabeledSpan::new(Some(label.text.clone()), start, len)
}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.diagnostic.code.full()))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diagnostic.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diagnostic
            .help
            .as_ref()
            .map(|help| Box::new(help.clone()) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let text = self.source.as_ref().map_or("", |source| source.text);
        let mut labels: Vec<LabeledSpan> = Vec::new();
        for (position, label) in self.labels.iter().enumerate() {
            let span = labeled(label, text);
            labels.push(if position == 0 {
                LabeledSpan::new_primary_with_span(
                    label_text(label),
                    SourceSpan::new(span.offset().into(), span.len()),
                )
            } else {
                span
            });
        }
        Some(Box::new(labels.into_iter()))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
}

fn label_text(label: &Label) -> Option<String> {
    Some(label.text.clone())
}

/// A label in another file than the primary one.
struct Related<'a> {
    label: &'a Label,
    source: CharColumnSource<'a>,
}

impl fmt::Debug for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.label)
    }
}

impl fmt::Display for Related<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "see also {}", self.source.name)
    }
}

impl std::error::Error for Related<'_> {}

impl miette::Diagnostic for Related<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(labeled(
            self.label,
            self.source.text,
        ))))
    }
}

/// Source text whose reported columns count characters, not bytes.
struct CharColumnSource<'a> {
    name: &'a str,
    text: &'a str,
    /// The same file, for its line index.
    file: &'a crate::source::SourceFile,
}

/// The part of `text` miette needs for a span with context lines: from the start of the line
/// `before` lines above the span to the end of the line `after` lines below it. Miette counts lines
/// from the start of what it is given, so handing it the whole file made each report cost the
/// length of the file up to the span (a report near the end of a 100 MB file read 100 MB, several
/// times per label).
fn context_window(
    text: &str,
    start: usize,
    end: usize,
    before: usize,
    after: usize,
) -> (usize, usize) {
    let start = start.min(text.len());
    let end = end.clamp(start, text.len());
    let mut from = start;
    let head = text.as_bytes();
    for _ in 0..=before {
        match head
            .get(..from)
            .and_then(|h| h.iter().rposition(|&b| b == b'\n'))
        {
            Some(newline) if from > 0 => from = newline,
            _ => {
                from = 0;
                break;
            }
        }
    }
    if from > 0 {
        from += 1;
    }
    let mut to = end;
    for _ in 0..=after {
        match head
            .get(to..)
            .and_then(|t| t.iter().position(|&b| b == b'\n'))
        {
            Some(newline) => to += newline + 1,
            None => {
                to = text.len();
                break;
            }
        }
    }
    (from, to)
}

/// Lines longer than this many bytes are drawn as an excerpt around the label, never whole: a
/// report on a 50 MB line drew all of it (and took 32 s to lay it out).
const MAX_DRAWN_LINE: usize = 16 * 1024;

/// Characters drawn on each side of a label on a line longer than [`MAX_DRAWN_LINE`].
const EXCERPT_CHARS: usize = 60;

/// Longest underline drawn for a label, in bytes; a longer label is drawn by its start.
const MAX_LABEL_BYTES: usize = 1024;

/// A label's offset and length as drawn: at most [`MAX_LABEL_BYTES`] long, cut on a character.
fn drawn_span(text: &str, label: &Label) -> (usize, usize) {
    let start = label.span.start as usize;
    let mut len = label.span.len();
    if len > MAX_LABEL_BYTES {
        len = MAX_LABEL_BYTES;
        while len > 0 && !text.is_char_boundary(start + len) {
            len -= 1;
        }
    }
    (start, len)
}

/// The offset `count` characters before `at` (or the start of the text).
fn chars_back(text: &str, at: usize, count: usize) -> usize {
    text.get(..at)
        .and_then(|head| head.char_indices().rev().take(count).last())
        .map_or(at, |(offset, _)| offset)
}

/// The offset `count` characters after `at` (or the end of the text).
fn chars_forward(text: &str, at: usize, count: usize) -> usize {
    text.get(at..)
        .and_then(|tail| tail.char_indices().nth(count))
        .map_or(text.len(), |(offset, _)| at + offset)
}

impl CharColumnSource<'_> {
    /// Whether a line of the window of a span is too long to draw whole.
    fn has_long_line(&self, start: usize, end: usize, before: usize, after: usize) -> bool {
        let first = self.file.line_index(start);
        let last = self.file.line_index(end.max(start));
        (first.saturating_sub(before)..=last.saturating_add(after))
            .map_while(|line| self.file.line_bounds(line))
            .any(|(from, to)| to - from > MAX_DRAWN_LINE)
    }

    /// The contents miette draws for a span on (or next to) a line too long to draw: the span and
    /// [`EXCERPT_CHARS`] characters around it on its own lines, no context lines. Like miette's
    /// own, the contents start at the span when no lines before are asked for, and end at it when
    /// no lines after are.
    fn excerpt_span<'b>(
        &'b self,
        start: usize,
        end: usize,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.text;
        let first = self.file.line_index(start);
        let last = self.file.line_index(end.max(start));
        let line_start = self.file.line_bounds(first).map_or(0, |(from, _)| from);
        let line_end = self.file.line_bounds(last).map_or(text.len(), |(_, to)| to);
        let from = if before == 0 {
            start
        } else {
            chars_back(text, start, EXCERPT_CHARS).max(line_start)
        };
        let to = if after == 0 {
            end
        } else {
            chars_forward(text, end, EXCERPT_CHARS)
                .min(line_end)
                .max(end)
        };
        let data = text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        let (line, column) = self.file.line_column(from);
        let breaks = data.bytes().filter(|&b| b == b'\n').count();
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            data.as_bytes(),
            SourceSpan::new(from.into(), data.len()),
            line - 1,
            column - 1,
            line - 1 + breaks,
        )))
    }
}

impl SourceCode for CharColumnSource<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let (start, end) = (span.offset(), span.offset() + span.len());
        if self.has_long_line(start, end, context_lines_before, context_lines_after) {
            return self.excerpt_span(start, end, context_lines_before, context_lines_after);
        }
        let (from, to) = context_window(
            self.text,
            span.offset(),
            span.offset() + span.len(),
            context_lines_before,
            context_lines_after,
        );
        let window = self.text.get(from..to).ok_or(MietteError::OutOfBounds)?;
        let local = SourceSpan::new((span.offset() - from).into(), span.len());
        let contents = window.read_span(&local, context_lines_before, context_lines_after)?;
        let data_start = contents.span().offset() + from;
        let first_line = self.file.line_column(from).0 - 1;
        let line_start = self
            .text
            .get(..data_start)
            .and_then(|before| before.rfind('\n').map(|n| n + 1))
            .unwrap_or(0);
        let column = self
            .text
            .get(line_start..data_start)
            .map(|prefix| prefix.trim_start_matches('\u{feff}').chars().count())
            .unwrap_or(contents.column());
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            contents.data(),
            SourceSpan::new(data_start.into(), contents.span().len()),
            contents.line() + first_line,
            column,
            // miette counts the line breaks from the start of its input to the end of the
            // context, and merges the contexts of two labels by that count.
            contents.line_count() + first_line,
        )))
    }
}
