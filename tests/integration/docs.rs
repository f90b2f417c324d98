//! The documentation's examples are real: every plan snippet in GRAMMAR.md parses in some block,
//! and the README's tour plan checks clean.

use crate::support::markdown;
use markdown::plan_blocks;
use planc::diagnostic::Code;
use planc::syntax::loader::{LoadOptions, MemoryFileSystem, load};

fn syntax_problems(text: &str) -> Vec<String> {
    let mut fs = MemoryFileSystem::new();
    fs.insert("doc.plan", text);
    let Ok(loaded) = load(
        &fs,
        std::path::Path::new("doc.plan"),
        LoadOptions {
            allow_outside: true,
            ..LoadOptions::default()
        },
    ) else {
        return vec!["cannot load".to_string()];
    };
    loaded
        .diagnostics
        .iter()
        .filter(|d| {
            matches!(
                d.code,
                Code::Syntax | Code::Misplaced | Code::Escape | Code::Date
            )
        })
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn grammar_examples_parse() {
    for block in markdown::grammar_blocks() {
        let parses = markdown::wrappings(&block)
            .iter()
            .any(|text| syntax_problems(text).is_empty());
        assert!(
            parses,
            "this GRAMMAR.md example does not parse in any block:\n{block}\n{:?}",
            syntax_problems(&block)
        );
    }
}

#[test]
fn readme_tour_checks_clean() {
    let readme = include_str!("../../README.md");
    let tour = plan_blocks(readme)
        .into_iter()
        .find(|b| b.contains("计划 "))
        .expect("the README has a tour plan");
    let checked = crate::support::check::check_text("tour.plan", tour);
    assert!(checked.diagnostics.is_empty(), "{:#?}", checked.diagnostics);
}
