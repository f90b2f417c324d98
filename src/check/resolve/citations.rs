//! Prose and citations: texts and titles read as prose once every name is known, and citations
//! of a part of a breakdown checked against its parts.

use super::{Resolver, spend};
use crate::check::names::Symbol;
use crate::check::prose::{self, ProseContext};
use crate::diagnostic::{Problem, closest};
use crate::model::*;
use crate::source::{SourceMap, Span};

impl Resolver<'_> {
    pub(super) fn fill_prose(&mut self, plan: &mut Plan, pending: Vec<(ProseSlot, Span)>) {
        let symbols = &self.symbols;
        let cite = |name: &str| match symbols.get(name) {
            Some((Symbol::Target(index), _)) => Some(Cite::Target(index)),
            Some((Symbol::Recurrence(index), _)) => Some(Cite::Recurrence(index)),
            Some((Symbol::Fact(index), _)) => Some(Cite::Fact(index)),
            Some((Symbol::Group(index), _)) => Some(Cite::Group(index)),
            _ => None,
        };
        let citable_cell = &self.citable;
        let budget = &self.suggestion_budget;
        let citable = || -> &[String] {
            let names = citable_cell.get_or_init(|| {
                let mut names: Vec<String> = symbols
                    .iter()
                    .filter(|(_, symbol)| {
                        matches!(
                            symbol,
                            Symbol::Target(_)
                                | Symbol::Recurrence(_)
                                | Symbol::Fact(_)
                                | Symbol::Group(_)
                        )
                    })
                    .map(|(name, _)| name.to_string())
                    .collect();
                names.sort();
                names
            });
            if spend(budget, names.len()) {
                names.as_slice()
            } else {
                &[]
            }
        };
        let targets = &plan.targets;
        let has_change = |target: TargetId| targets[target].change.is_some();
        let context = ProseContext {
            cite: &cite,
            citable: &citable,
            units: &self.unit_names,
            has_change: &has_change,
        };
        let mut scratch = prose::Scratch::default();
        let mut item_titles = Vec::new();
        let mut section_titles = Vec::new();
        for (slot, span) in pending {
            scratch.in_title = matches!(slot, ProseSlot::ItemTitle(_) | ProseSlot::SectionTitle(_));
            let prose = prose::parse(
                self.sources,
                span,
                &context,
                &mut scratch,
                &mut self.part_cites,
                self.diagnostics,
            );
            match slot {
                ProseSlot::Preamble => plan.preamble.push(prose),
                ProseSlot::GoalsIntro => plan.goals_intro = Some(prose),
                ProseSlot::GoalsText => plan.goals_texts.push(prose),
                ProseSlot::Goal(index) => plan.goals[index].texts.push(prose),
                ProseSlot::Section(index) => plan.sections[index].texts.push(prose),
                ProseSlot::Item(index) => plan.items[index].texts.push(prose),
                // A title keeps its written form only when it cites a target (or holds literal
                // text); it reads with the figures filled in (once every target is built).
                ProseSlot::ItemTitle(index) => {
                    if cites(&prose) {
                        item_titles.push((index, prose));
                    }
                }
                ProseSlot::SectionTitle(index) => {
                    if cites(&prose) {
                        section_titles.push((index, prose));
                    }
                }
            }
        }
        scratch.finish(self.diagnostics);
        for (index, prose) in item_titles {
            let title = plan.render(&prose);
            let item = &mut plan.items[index];
            item.title = title.into();
            item.title_prose = Some(Box::new(prose));
        }
        for (index, prose) in section_titles {
            let title = plan.render(&prose);
            let section = &mut plan.sections[index];
            section.title = title;
            section.title_prose = Some(Box::new(prose));
        }
    }

    pub(super) fn check_part_cites(&mut self, plan: &Plan) {
        for cite in &self.part_cites {
            let target = &plan.targets[cite.target];
            // Walk the path as far as it goes; report the first label with no part.
            let mut parts = &target.parts;
            let mut reached = Vec::new();
            for label in cite.path.iter() {
                match parts
                    .iter()
                    .find(|p| plan.part_name(&p.label) == label.as_str())
                {
                    Some(part) => {
                        reached.push(label.as_str());
                        parts = &part.parts;
                    }
                    None => {
                        let whole = if reached.is_empty() {
                            target.id.to_string()
                        } else {
                            format!("{}.{}", target.id, reached.join("."))
                        };
                        self.diagnostics.push(
                            Problem::NoPartFor {
                                target: whole,
                                owner: label.to_string(),
                                no_breakdown: parts.is_empty(),
                                suggestion: closest(
                                    label,
                                    parts.iter().map(|p| plan.part_name(&p.label)),
                                ),
                                span: cite.span,
                                target_span: target.span,
                            }
                            .into(),
                        );
                        break;
                    }
                }
            }
        }
    }
}

pub(super) enum ProseSlot {
    Preamble,
    GoalsIntro,
    GoalsText,
    Goal(GoalId),
    Section(SectionId),
    Item(ItemId),
    /// An item's title that may cite targets or hold a figure.
    ItemTitle(ItemId),
    /// A section's title, likewise.
    SectionTitle(SectionId),
}

/// Whether a title (a string literal at `span`) needs reading as prose: it may cite a target
/// (`{`), hold literal text (a backtick) or a figure (a digit that starts a number, as prose
/// reads them: not after a letter, digit, `.`, `+` or `-`, so `i123` is none). Most titles do
/// none of these and are taken as written.
pub(super) fn may_cite(sources: &SourceMap, span: Span) -> bool {
    let bytes = sources.slice(span).as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        b == b'{'
            || b == b'`'
            || (b.is_ascii_digit()
                && !at
                    .checked_sub(1)
                    .and_then(|p| bytes.get(p))
                    .is_some_and(|&p| p.is_ascii_alphanumeric() || matches!(p, b'.' | b'+' | b'-')))
            // A full-width digit (U+FF10–U+FF19, `EF BC 90`–`EF BC 99`): a figure all the same.
            || (b == 0xEF
                && bytes.get(at + 1) == Some(&0xBC)
                && bytes.get(at + 2).is_some_and(|&c| (0x90..=0x99).contains(&c)))
    })
}

/// Whether prose cites a target or recurrence, or holds literal text: then it does not read as
/// written.
fn cites(prose: &Prose) -> bool {
    prose
        .segments
        .iter()
        .any(|s| !matches!(s, Segment::Text(_)))
}
