//! Layout rules: how a statement is written on one line (tokens, spacing, a unit glued to its
//! number), which statements are blocks, and the canonical order of an item's statements.

use crate::syntax::Rule;
use crate::syntax::keywords::{self, Keyword, Layout};
use pest::iterators::Pair;
use std::sync::LazyLock;

/// Rules rendered from their text as a whole.
pub(super) fn is_leaf(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::string | Rule::amount | Rule::when | Rule::cmp_suffix
    )
}

/// The text of a rule printed as written. A `when` is cut to its parts: its span can take in the
/// spaces and comment after it (the optional `..` part skips them before failing).
pub(super) fn leaf_text(pair: &Pair<'_, Rule>) -> String {
    if pair.as_rule() != Rule::when {
        return pair.as_str().to_string();
    }
    let span = pair.as_span();
    let end = pair
        .clone()
        .into_inner()
        .last()
        .map(|p| p.as_span().end())
        .unwrap_or(span.end());
    let start = span.start();
    pair.get_input()
        .get(start..end)
        .unwrap_or(pair.as_str())
        .to_string()
}

/// Where a statement really ends. A rule that ends in an optional part can take in the spaces and
/// the comment after it, so the end is taken from its last token; blocks and breakdowns end at `}`.
pub(super) fn effective_end(pair: &Pair<'_, Rule>) -> usize {
    let mut current = pair.clone();
    loop {
        let rule = current.as_rule();
        if is_block(&current) || matches!(rule, Rule::split | Rule::respectively_stmt) {
            return current.as_span().end();
        }
        let last = current
            .clone()
            .into_inner()
            .filter(|p| !matches!(p.as_rule(), Rule::line_end | Rule::EOI))
            .last();
        match last {
            Some(last) => current = last,
            None => return current.as_span().end(),
        }
    }
}

/// The grammar rules that are words of the keyword table (`kw_plan`, `freq_weekly`, …).
static KEYWORD_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    Rule::all_rules()
        .iter()
        .copied()
        .filter(|rule| {
            let name = format!("{rule:?}");
            keywords::ALL.iter().any(|entry| entry.rule == name)
        })
        .collect()
});

/// The keyword a statement (or part of one) starts with, if it starts with one.
pub(super) fn keyword_of(pair: &Pair<'_, Rule>) -> Option<Keyword> {
    let first = pair.clone().into_inner().next()?;
    if !KEYWORD_RULES.contains(&first.as_rule()) {
        return None;
    }
    keywords::lookup(first.as_str())
}

/// Whether a statement is a block (by the layout of its keyword in the keyword table): header
/// pairs come first, then statements, then the `}`.
pub(super) fn is_block(pair: &Pair<'_, Rule>) -> bool {
    keyword_of(pair).is_some_and(|keyword| keyword.layout() == Layout::Block)
}

/// The pairs of a block's header: its keyword, then its names and title.
pub(super) fn header<'i>(pair: &Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.clone()
        .into_inner()
        .enumerate()
        .take_while(|(index, p)| *index == 0 || matches!(p.as_rule(), Rule::ident | Rule::string))
        .map(|(_, p)| p)
}

/// The canonical position of an item statement (the keyword table's `item_rank`).
pub(super) fn item_rank(pair: &Pair<'_, Rule>) -> u8 {
    keyword_of(pair)
        .and_then(Keyword::item_rank)
        .unwrap_or(u8::MAX)
}

/// Glues a unit to its number (`44个`), except a unit starting with `万` or `亿`, which glued would
/// read as a magnitude (`13 万人次` is 13 of the unit `万人次`; `13万人次` is 130000 人次).
fn push_unit(text: &mut String, unit: &str) {
    if unit.starts_with('万') || unit.starts_with('亿') {
        text.push(' ');
    }
    text.push_str(unit);
}

/// Renders a statement (or part of one) on one line. The nesting of these rules is fixed by the
/// grammar (no rule below a statement refers back to a statement), so the recursion is bounded.
pub(super) fn render(pair: &Pair<'_, Rule>) -> String {
    let rule = pair.as_rule();
    let inner: Vec<Pair<'_, Rule>> = pair
        .clone()
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::line_end | Rule::EOI))
        .collect();
    if inner.is_empty() || is_leaf(rule) {
        return leaf_text(pair);
    }
    match (rule, keyword_of(pair)) {
        (Rule::quantity, _) => {
            let mut text = String::new();
            let mut suffix = None;
            for part in &inner {
                match part.as_rule() {
                    Rule::cmp_suffix => suffix = Some(part.as_str()),
                    Rule::unit => push_unit(&mut text, part.as_str()),
                    _ => text.push_str(part.as_str()),
                }
            }
            if let Some(suffix) = suffix {
                text.push(' ');
                text.push_str(suffix);
            }
            text
        }
        // A nested breakdown inside its part, on one line: `其中 { 小学 2, 初中 2 }`.
        (Rule::split, _) => {
            let mut parts = inner.iter();
            let keyword = parts.next().map(render).unwrap_or_default();
            let list: Vec<String> = parts
                .filter(|p| p.as_rule() == Rule::split_part)
                .map(render)
                .collect();
            format!("{keyword} {{ {} }}", list.join(", "))
        }
        (Rule::range, _) => {
            let mut amounts = Vec::new();
            let mut unit = "";
            for part in &inner {
                match part.as_rule() {
                    Rule::amount => amounts.push(part.as_str()),
                    _ => unit = part.as_str(),
                }
            }
            let mut text = amounts.join("-");
            push_unit(&mut text, unit);
            text
        }
        // `增长 6%-6.5%`: each end as written, joined by `-` (as a range is).
        (Rule::growth_range, _) => inner.iter().map(render).collect::<Vec<_>>().join("-"),
        (Rule::lag, _) => inner
            .iter()
            .map(|p| match p.as_rule() {
                Rule::duration_unit => format!(" {}", p.as_str()),
                _ => p.as_str().to_string(),
            })
            .collect(),
        // A keyword and a list: `配合 a, b`, `依赖 a, b`, `于 3月, 6月`.
        (
            _,
            Some(
                Keyword::Support
                | Keyword::Tags
                | Keyword::After
                | Keyword::Needs
                | Keyword::In
                | Keyword::Table,
            ),
        ) => {
            let mut parts = inner.iter();
            let keyword = parts.next().map(render).unwrap_or_default();
            let list: Vec<String> = parts.map(render).collect();
            format!("{keyword} {}", list.join(", "))
        }
        (_, Some(Keyword::Group)) => {
            let rendered: Vec<String> = inner.iter().map(render).collect();
            match rendered.as_slice() {
                [keyword, name, members @ ..] => {
                    format!("{keyword} {name} = {}", members.join(", "))
                }
                _ => rendered.join(" "),
            }
        }
        // Dates: `期间 2020-01-01 .. 2020-12-31`.
        (_, Some(Keyword::Period | Keyword::DayOff | Keyword::Term)) => {
            let mut text = String::new();
            let mut previous_date = false;
            for part in &inner {
                let is_date = matches!(part.as_rule(), Rule::date | Rule::year);
                if !text.is_empty() {
                    text.push_str(if is_date && previous_date {
                        " .. "
                    } else {
                        " "
                    });
                }
                text.push_str(&render(part));
                previous_date = is_date;
            }
            text
        }
        _ => inner.iter().map(render).collect::<Vec<_>>().join(" "),
    }
}
