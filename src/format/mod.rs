//! `planc fmt`: one canonical layout for `.plan` files, keeping every comment.
//!
//! The formatter re-emits each statement from the concrete parse tree (so keyword spellings,
//! Chinese or English, are kept as written) and attaches every comment to the statement it
//! precedes or trails. The canonical layout:
//!
//! - two spaces of indentation per block level, one space between tokens, no trailing spaces, LF
//!   line ends, no BOM, one newline at the end;
//! - a quantity is glued to its unit (`44个`, `91.5分`); `以上`/`以下` follow after one space; a range
//!   is written `3-4个`; list items are separated by `, `; breakdown parts keep their grouping on
//!   lines, one indented line per source line, parts separated by `, `;
//! - numbers, dates and periods (`WHEN`) keep their written form, because the written form is part of
//!   the plan (prose renders `13万`, the export carries `written`); strings are kept byte for byte,
//!   since every escape a valid string can hold changes what the prose means;
//! - item statements come in a fixed order: lead, support, text, targets, due, start, window,
//!   duration, after/needs, milestones, recurrences, tags, sub-items. Statements of one kind keep
//!   their relative order (so the meaning, including the order of dependencies, is unchanged).
//!   Other blocks keep their statements in source order;
//! - a blank line between top-level statements when either is a block, before every item that is
//!   not first in its block; elsewhere at most one blank line is kept where the source had one (none
//!   inside items, none right after `{` or before `}`).
//!
//! A file with syntax errors is not formatted. A file that is only included (no plan header) formats
//! like any other.
//!
//! This file holds the entry point and the proof that nothing was lost (the output re-parsed and
//! its tokens and comments compared); beside it: `print` (printing statements), `comments`
//! (comments re-attached) and `layout` (the one-line layout rules and the statement order).

mod comments;
mod layout;
mod print;

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::FileId;
use crate::syntax::Rule;
use comments::scan_comments;
use layout::{is_leaf, leaf_text};
use pest::iterators::Pair;
use print::format_unchecked;

/// Why a file could not be formatted.
#[derive(Debug, Clone)]
pub enum FormatError {
    /// The file has syntax errors (spans refer to the file id given).
    Syntax(Vec<Diagnostic>),
    /// The formatter could not guarantee that the result means the same (a bug; nothing is written).
    Unsafe(String),
}

/// Formats one file's text. `file` is the id used in the spans of syntax diagnostics.
pub fn format_source(file: FileId, text: &str) -> Result<String, FormatError> {
    let (_, diagnostics) = crate::syntax::parse(file, text);
    let syntax: Vec<Diagnostic> = diagnostics
        .into_iter()
        // Any error the parser reports (a syntax error, a statement in the wrong block, a bad escape,
        // number or date) means the layout cannot be trusted: refuse rather than guess.
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !syntax.is_empty() {
        return Err(FormatError::Syntax(syntax));
    }
    let output = format_unchecked(text)?;
    // Safety net: the result must parse, hold the same tokens and the same comments.
    let (_, after) = crate::syntax::parse(file, &output);
    if after.iter().any(|d| d.severity == Severity::Error) {
        return Err(FormatError::Unsafe(
            "the formatted text does not parse".to_string(),
        ));
    }
    if fingerprint(text)? != fingerprint(&output)? {
        return Err(FormatError::Unsafe(
            "the formatted text would not hold the same tokens and comments".to_string(),
        ));
    }
    Ok(output)
}

/// Tokens (rule and text of every leaf, as a sorted multiset) and the sorted comments of a text.
type Fingerprint = (Vec<(String, String)>, Vec<String>);

/// Computes the [`Fingerprint`] of a text.
fn fingerprint(text: &str) -> Result<Fingerprint, FormatError> {
    let root = parse_root(text)?;
    let mut leaves = Vec::new();
    let mut stack = vec![root];
    while let Some(pair) = stack.pop() {
        let rule = pair.as_rule();
        let inner: Vec<Pair<'_, Rule>> = pair.clone().into_inner().collect();
        if inner.is_empty() || is_leaf(rule) {
            if !matches!(rule, Rule::line_end | Rule::EOI) {
                leaves.push((format!("{rule:?}"), leaf_text(&pair)));
            }
        } else {
            stack.extend(inner);
        }
    }
    leaves.sort();
    let mut comments: Vec<String> = scan_comments(text).into_iter().map(|c| c.text).collect();
    comments.sort();
    Ok((leaves, comments))
}

fn parse_root(text: &str) -> Result<Pair<'_, Rule>, FormatError> {
    crate::syntax::concrete(text)
        .map_err(|e| FormatError::Unsafe(format!("the file does not parse: {e}")))
}
