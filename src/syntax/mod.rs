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
