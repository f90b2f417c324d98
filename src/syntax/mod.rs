//! Phase 1: text to syntax tree. Pest types stay inside this module.

pub mod ast;
mod expected;
mod lower;

use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/plan.pest"]
struct PlanParser;

/// Parses one file. Never fails: every syntax error becomes a diagnostic, and the statements that
/// did parse are kept, so later phases can report their problems too.
pub fn parse(file: FileId, text: &str) -> (ast::File, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    if let Some(diagnostic) = too_deep(file, text) {
        diagnostics.push(diagnostic);
        return (ast::File::default(), diagnostics);
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

/// Deepest block nesting accepted. Real plans nest four deep (section, item, sub-item, sub-sub-item);
/// the limit keeps the recursive descent parser far from the end of the stack.
pub const MAX_NESTING: usize = 64;

/// Reports the first `{` that opens a block deeper than [`MAX_NESTING`], outside strings and comments.
fn too_deep(file: FileId, text: &str) -> Option<Diagnostic> {
    let mut depth = 0usize;
    let mut in_string = false;
    let mut in_comment = false;
    let mut previous = '\0';
    let mut escaped = false;
    for (offset, character) in text.char_indices() {
        if in_comment {
            if character == '\n' {
                in_comment = false;
            }
        } else if in_string {
            if escaped {
                escaped = false;
            } else if character == '\\' {
                escaped = true;
            } else if character == '"' || character == '\n' {
                in_string = false;
            }
        } else {
            match character {
                '"' => in_string = true,
                '/' if previous == '/' => in_comment = true,
                '{' => {
                    depth += 1;
                    if depth > MAX_NESTING {
                        return Some(
                            Diagnostic::error(
                                crate::diagnostic::Code::Syntax,
                                format!("blocks are nested more than {MAX_NESTING} deep"),
                                crate::source::Span::new(file, offset, offset + 1),
                                "too deep",
                            )
                            .with_help("a plan nests sections, items and sub-items: look for `{` without a matching `}`"),
                        );
                    }
                }
                '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        previous = character;
    }
    None
}
