//! Pass 1: every declared name, in document order, so that references can point forward; and
//! how many items, targets, … there are, so the plan's lists are made this long at once.

use super::{Resolver, declared_names};
use crate::check::names::Symbol;
use crate::diagnostic::Problem;
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast::{self, TopStmt};

impl Resolver<'_> {
    pub(super) fn declare(&mut self, name: &ast::Name, symbol: Symbol) {
        self.declare_at(name.span, symbol);
    }

    /// Declares the name written at `span` (a declared name is the source text at its span).
    fn declare_at(&mut self, span: Span, symbol: Symbol) {
        if let Err((existing, first)) = self.symbols.insert(span, symbol) {
            self.redeclared.insert(span);
            let name = self.sources.slice(span);
            self.diagnostics.push(
                Problem::DeclaredTwice {
                    name: name.to_string(),
                    kind: symbol.kind(),
                    first_kind: existing.kind(),
                    span,
                    first,
                }
                .into(),
            );
        }
    }

    /// Pass 1: every declared name, in document order, so references can point forward.
    pub(super) fn declare_all(&mut self, statements: &mut [TopStmt]) {
        // Sized once: growing a table of millions of names rehashes it again and again.
        self.symbols
            .reserve(statements.iter().map(declared_names).sum());
        let (mut owners, mut groups, mut baselines, mut categories) = (0, 0, 0, 0);
        let mut counters = Counters::default();
        for statement in statements.iter_mut() {
            match statement {
                TopStmt::Units(units) => {
                    for unit in units {
                        if matches!(unit.node.as_str(), "个百分点" | "pp") {
                            self.diagnostics.push(
                                Problem::BuiltInUnit {
                                    unit: unit.node.to_string(),
                                    span: unit.span,
                                }
                                .into(),
                            );
                            continue;
                        }
                        if let Some(first) = self.units.get(unit.node.as_str()) {
                            self.diagnostics.push(
                                Problem::UnitTwice {
                                    unit: unit.node.to_string(),
                                    span: unit.span,
                                    first: *first,
                                }
                                .into(),
                            );
                            continue;
                        }
                        self.units.insert(unit.node.to_string(), unit.span);
                        self.unit_names.push(unit.node.to_string());
                    }
                }
                TopStmt::Owner(owner) => {
                    self.declare(&owner.name, Symbol::Owner(OwnerId::from_index(owners)));
                    owners += 1;
                }
                TopStmt::Group(group) => {
                    self.declare(&group.name, Symbol::Group(GroupId::from_index(groups)));
                    groups += 1;
                }
                TopStmt::Baseline(baseline) => {
                    self.declare(
                        &baseline.name,
                        Symbol::Baseline(BaselineId::from_index(baselines)),
                    );
                    baselines += 1;
                }
                TopStmt::Reference(reference) => {
                    self.declare(
                        &reference.name,
                        Symbol::Baseline(BaselineId::from_index(baselines)),
                    );
                    baselines += 1;
                }
                TopStmt::Category(category) => {
                    self.declare(&category.name, Symbol::Category(categories));
                    categories += 1;
                }
                TopStmt::Goals(goals) => {
                    for goal in &goals.goals {
                        self.declare(&goal.name, Symbol::Goal);
                        for target in &goal.targets {
                            self.declare_target(target, &mut counters);
                        }
                        for fact in &goal.facts {
                            self.declare_fact(fact, &mut counters);
                        }
                    }
                }
                TopStmt::Section(section) => {
                    self.declare(&section.name, Symbol::Section);
                    for fact in &section.facts {
                        self.declare_fact(fact, &mut counters);
                    }
                    for item in &section.items {
                        self.declare_item(item, &mut counters);
                    }
                }
                TopStmt::Folded(section) => {
                    self.declare(&section.name, Symbol::Section);
                    self.declare_folded(section, &mut counters);
                    // Not needed again: the section is read again when it is checked.
                    section.declared = Vec::new();
                }
                _ => {}
            }
        }
        self.unit_names.push("个百分点".to_string());
        // A fact with a value is also a baseline, numbered after the declared baselines.
        let mut next = baselines;
        self.fact_baselines = counters
            .fact_valued
            .iter()
            .map(|&valued| {
                valued.then(|| {
                    next += 1;
                    BaselineId::from_index(next - 1)
                })
            })
            .collect();
        self.declared = counters;
        self.owner_symbols = self
            .symbols
            .iter()
            .filter(|(_, symbol)| matches!(symbol, Symbol::Owner(_) | Symbol::Group(_)))
            .collect();
    }

    /// What [`Resolver::declare_item`] does for each item of the section, from the list of names
    /// the parser kept (in the same order).
    fn declare_folded(&mut self, section: &ast::FoldedSection, counters: &mut Counters) {
        counters.dependencies += section.dependencies;
        for declared in &section.declared {
            let (counter, symbol): (&mut usize, fn(usize) -> Symbol) = match declared.kind {
                ast::DeclaredKind::Item => {
                    (&mut counters.items, |i| Symbol::Item(ItemId::from_index(i)))
                }
                ast::DeclaredKind::Target => (&mut counters.targets, |i| {
                    Symbol::Target(TargetId::from_index(i))
                }),
                ast::DeclaredKind::Milestone => (&mut counters.milestones, |i| {
                    Symbol::Milestone(MilestoneId::from_index(i))
                }),
                ast::DeclaredKind::Recurrence => (&mut counters.recurrences, |i| {
                    Symbol::Recurrence(RecurrenceId::from_index(i))
                }),
                ast::DeclaredKind::Fact(valued) => {
                    counters.fact_valued.push(valued);
                    (&mut counters.facts, |i| Symbol::Fact(FactId::from_index(i)))
                }
            };
            let index = *counter;
            *counter += 1;
            self.declare_at(declared.span, symbol(index));
        }
    }

    fn declare_fact(&mut self, fact: &ast::FactStmt, counters: &mut Counters) {
        self.declare(&fact.name, Symbol::Fact(FactId::from_index(counters.facts)));
        counters.facts += 1;
        counters.fact_valued.push(fact.value.is_some());
    }

    fn declare_target(&mut self, target: &ast::TargetStmt, counters: &mut Counters) {
        self.declare(
            &target.name,
            Symbol::Target(TargetId::from_index(counters.targets)),
        );
        counters.targets += 1;
    }

    fn declare_item(&mut self, item: &ast::ItemBlock, counters: &mut Counters) {
        self.declare(&item.name, Symbol::Item(ItemId::from_index(counters.items)));
        counters.items += 1;
        counters.dependencies += item.deps.len();
        counters.dependencies += item.milestones.iter().map(|m| m.deps.len()).sum::<usize>();
        for target in &item.targets {
            self.declare_target(target, counters);
        }
        for milestone in &item.milestones {
            self.declare(
                &milestone.name,
                Symbol::Milestone(MilestoneId::from_index(counters.milestones)),
            );
            counters.milestones += 1;
        }
        for recur in &item.recurs {
            self.declare(
                &recur.name,
                Symbol::Recurrence(RecurrenceId::from_index(counters.recurrences)),
            );
            counters.recurrences += 1;
        }
        for fact in &item.facts {
            self.declare_fact(fact, counters);
        }
        for child in &item.children {
            self.declare_item(child, counters);
        }
    }
}

#[derive(Default)]
pub(super) struct Counters {
    pub(super) items: usize,
    pub(super) targets: usize,
    pub(super) milestones: usize,
    pub(super) recurrences: usize,
    pub(super) dependencies: usize,
    pub(super) facts: usize,
    /// For each fact, whether it has a value (and so is also a baseline).
    pub(super) fact_valued: Vec<bool>,
}
