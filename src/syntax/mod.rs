//! Phase 1: text to syntax tree. Pest types stay inside this module.

pub mod ast;
mod expected;
mod fast;
pub mod keywords;
pub mod loader;
mod lower;
mod number;
mod scan;

pub use expected::shown;
pub(crate) use lower::{day_or_no_such_day, unescape};
pub use scan::comment_start;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/plan.pest"]
struct PlanParser;

/// Parses one file. Never fails: every syntax error becomes a diagnostic, and the statements that
/// did parse are kept, so later phases can report their problems too.
///
/// There are two parsers. [`fast`] reads a file without problems straight into the tree; it gives
/// up on anything else, and then pest (the grammar in `grammar/plan.pest`, lowered by [`lower`])
/// parses the file again and reports every problem. Both give the same tree for every file the
/// fast one takes (`tests/fast_parser.rs`).
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    // The fast parser checks the nesting itself.
    if let Some(tree) = fast::parse(file, text, false) {
        return (tree, Vec::new());
    }
    parse_with_pest(file, text)
}

/// [`parse`] for the checker: when the file has no syntax errors, every section is set aside as
/// soon as it is read ([`ast::TopStmt::Folded`]), keeping only the names declared in it, and
/// [`unfold`] reads it again when it is checked. The whole tree of a large plan is several times
/// the size of its text; this way only one section's tree is in memory at a time. A file with
/// syntax errors is parsed whole, as [`parse`] does.
pub fn parse_folded(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    if let Some(tree) = fast::parse(file, text, true) {
        return (tree, Vec::new());
    }
    parse_with_pest(file, text)
}

/// The tree of a section set aside by [`parse_folded`] ([`ast::FoldedSection::span`]), read again
/// from `text`, the text of its file. `None` only if `text` is not the text it was read from.
pub fn unfold(text: &str, span: crate::source::Span) -> Option<ast::SectionBlock> {
    fast::section(span.file, text, span)
}

/// What [`parse`] gives without the fast parser: pest for every file. For tests that compare the
/// two parsers.
#[doc(hidden)]
pub fn parse_with_pest(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    if let Some(diagnostic) = too_deep(file, text) {
        return (ast::File::default(), vec![diagnostic]);
    }
    parse_with_pest_only(file, text)
}

/// The fast parser alone, as [`parse`] runs it first: `None` where [`parse`] falls back to pest.
/// For tests that compare the two parsers.
#[doc(hidden)]
pub fn parse_fast(file: FileId, text: &str) -> Option<ast::File> {
    fast::parse(file, text, false)
}

/// The concrete parse tree of a file, from the parser of record (pest and `grammar/plan.pest`):
/// the one token stream the formatter prints from, with every token as written. Only the
/// formatter (`crate::format`) reads pest's tree outside this module.
pub(crate) fn concrete(
    text: &str,
) -> Result<pest::iterators::Pair<'_, Rule>, Box<pest::error::Error<Rule>>> {
    let mut pairs = PlanParser::parse(Rule::file, text).map_err(Box::new)?;
    pairs.next().ok_or_else(|| {
        Box::new(pest::error::Error::new_from_pos(
            pest::error::ErrorVariant::CustomError {
                message: "empty parse".to_string(),
            },
            pest::Position::from_start(text),
        ))
    })
}

/// The pest path of [`parse`], after the nesting check.
fn parse_with_pest_only(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if text.len() > CHUNK_BYTES
        && let Some(tree) = parse_in_chunks(file, text)
    {
        return (tree, diagnostics);
    }
    match PlanParser::parse(Rule::file, text) {
        Ok(mut pairs) => {
            let tree = match pairs.next() {
                Some(root) => lower::file(file, text, root, &mut diagnostics),
                None => ast::File::default(),
            };
            (tree, diagnostics)
        }
        Err(error) => {
            // The recovery rules accept any text, so this only happens on pathological input.
            diagnostics.push(expected::from_pest_error(file, text, 0, &error, None));
            (ast::File::default(), diagnostics)
        }
    }
}

/// Files longer than this are first parsed in chunks of about this size.
///
/// Pest keeps two tokens of some 40 bytes for every node of the whole parse until it is lowered: a
/// whole-file parse needed about 35 bytes of memory per byte of input (3.5 GB for a 100 MB plan) and
/// its page faults took a fifth of the time. In chunks, only one chunk's tokens live at a time.
const CHUNK_BYTES: usize = 1 << 20;

/// Parses a large file one chunk of whole top-level statements at a time. A chunk ends at a line end
/// outside every block, string and comment. Returns `None` when any chunk has a problem: then the
/// file is parsed whole, so that its diagnostics are exactly those of a whole-file parse (the
/// chunking only guesses at block structure, which a syntax error may confuse). Without problems the
/// parse is the same: each chunk is a sequence of complete top-level statements, and a PEG parse of
/// the file reads the same statements from the same positions.
fn parse_in_chunks(file: FileId, text: &str) -> Option<ast::File> {
    let mut tree = ast::File::default();
    let mut start = 0;
    for end in chunk_ends(text) {
        let chunk = text.get(start..end)?;
        let mut diagnostics = Vec::new();
        let root = PlanParser::parse(Rule::file, chunk).ok()?.next()?;
        let part = lower::file_at(file, text, start, root, &mut diagnostics);
        if !diagnostics.is_empty() {
            return None;
        }
        tree.statements.extend(part.statements);
        start = end;
    }
    Some(tree)
}

/// Where the chunks of [`parse_in_chunks`] end: at the first top-level line end after every
/// [`CHUNK_BYTES`], and at the end of the text.
fn chunk_ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut depth = 0usize;
    let mut last = 0;
    for (offset, byte, class) in scan::Scanner::new(text) {
        if class == scan::Class::Code {
            match byte {
                b'{' => depth += 1,
                b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        let next = offset + 1;
        if byte == b'\n'
            && depth == 0
            && next - last >= CHUNK_BYTES
            && next < bytes.len()
            && !text[next..].starts_with('\u{FEFF}')
        {
            ends.push(next);
            last = next;
        }
    }
    ends.push(bytes.len());
    ends
}

/// Deepest block nesting accepted. Real plans nest four deep (section, item, sub-item, sub-sub-item);
/// the limit keeps the recursive descent parser far from the end of the stack.
pub const MAX_NESTING: usize = 64;

/// Reports the first `{` that opens a block deeper than [`MAX_NESTING`], outside strings and comments.
fn too_deep(file: FileId, text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    for (offset, byte, class) in scan::Scanner::new(text) {
        if class == scan::Class::Code {
            match byte {
                b'{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(
                            crate::diagnostic::Problem::NestedTooDeep {
                                depth: MAX_NESTING,
                                span: crate::source::Span::new(file, offset, offset + 1),
                            }
                            .into(),
                        );
                    }
                }
                b'}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}
