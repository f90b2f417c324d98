//! Prose and citations: texts and titles read as prose once every name is known, and citations
//! of a part of a breakdown checked against its parts.

use super::{Resolver, spend};
use crate::check::names::{NameTable, Symbol};
use crate::check::prose::{self, PartCite, ProseContext};
use crate::diagnostic::{Diagnostic, Problem, closest};
use crate::model::*;
use crate::source::{SourceMap, Span};

impl Resolver<'_> {
    /// Reads every pending text and title as prose, into its place in the plan. In a large plan
    /// the later half is read on a second thread meanwhile: reading only looks names up, and
    /// what it builds stays in the plan. That half is kept only when reading it found nothing to
    /// report (as in a plan without errors); otherwise it is read again here, after the first,
    /// so that the warnings, their limit and the "did you mean" budget run in document order.
    pub(super) fn fill_prose(&mut self, plan: &mut Plan, mut pending: Vec<(ProseSlot, Span)>) {
        let later = if pending.len() >= PARALLEL_PROSE {
            pending.split_off(pending.len() / 2)
        } else {
            Vec::new()
        };
        let symbols = &self.symbols;
        let sources = self.sources;
        let units = self.unit_names.as_slice();
        let citable_cell = &self.citable;
        let budget = &self.suggestion_budget;
        let citable = || -> &[String] {
            let names = citable_cell.get_or_init(|| {
                let mut names: Vec<String> = symbols
                    .iter()
                    .filter(|(_, symbol)| cite_of(*symbol).is_some())
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
        let mut scratch = prose::Scratch::default();
        let (mut read, read_later) = std::thread::scope(|scope| {
            let second = (!later.is_empty())
                .then(|| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, || {
                            let mut scratch = prose::Scratch::default();
                            let (mut part_cites, mut found) = (Vec::new(), Vec::new());
                            let read = read_prose(
                                sources,
                                &later,
                                &prose_context(symbols, &|| &[], units, targets),
                                &mut scratch,
                                &mut part_cites,
                                &mut found,
                            );
                            (found.is_empty() && !scratch.found_unbound())
                                .then_some((read, part_cites))
                        })
                        .ok()
                })
                .flatten();
            let read = read_prose(
                sources,
                &pending,
                &prose_context(symbols, &citable, units, targets),
                &mut scratch,
                &mut self.part_cites,
                self.diagnostics,
            );
            (read, second.and_then(|thread| thread.join().ok()).flatten())
        });
        match read_later {
            Some((read_later, mut part_cites)) => {
                read.extend(read_later);
                self.part_cites.append(&mut part_cites);
            }
            None => read.extend(read_prose(
                sources,
                &later,
                &prose_context(symbols, &citable, units, targets),
                &mut scratch,
                &mut self.part_cites,
                self.diagnostics,
            )),
        }
        scratch.finish(self.diagnostics);
        pending.extend(later);
        let mut item_titles = Vec::new();
        let mut section_titles = Vec::new();
        for ((slot, _), prose) in pending.into_iter().zip(read) {
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

/// Plans with at least this many texts and titles to read as prose read half of them on a
/// second thread ([`Resolver::fill_prose`]).
const PARALLEL_PROSE: usize = 20_000;

/// What a citation of a name declared as `symbol` cites, if it can be cited.
fn cite_of(symbol: Symbol) -> Option<Cite> {
    match symbol {
        Symbol::Target(index) => Some(Cite::Target(index)),
        Symbol::Recurrence(index) => Some(Cite::Recurrence(index)),
        Symbol::Fact(index) => Some(Cite::Fact(index)),
        Symbol::Group(index) => Some(Cite::Group(index)),
        _ => None,
    }
}

/// The prose reader's view of the plan: the names, the units, the targets built so far, and
/// `citable`, the names "did you mean" may suggest.
fn prose_context<'a>(
    symbols: &'a NameTable<'_>,
    citable: &'a dyn Fn() -> &'a [String],
    units: &'a [String],
    targets: &'a Arena<TargetId, Target>,
) -> ProseContext<'a> {
    ProseContext {
        cite: Box::new(move |name| symbols.get(name).and_then(|(symbol, _)| cite_of(symbol))),
        citable,
        units,
        has_change: Box::new(move |target| targets[target].change.is_some()),
    }
}

/// Each of `slots` read as prose, in order.
fn read_prose(
    sources: &SourceMap,
    slots: &[(ProseSlot, Span)],
    context: &ProseContext<'_>,
    scratch: &mut prose::Scratch,
    part_cites: &mut Vec<PartCite>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Prose> {
    slots
        .iter()
        .map(|(slot, span)| {
            scratch.in_title = matches!(slot, ProseSlot::ItemTitle(_) | ProseSlot::SectionTitle(_));
            prose::parse(sources, *span, context, scratch, part_cites, diagnostics)
        })
        .collect()
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
