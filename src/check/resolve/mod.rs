//! Name resolution: declarations collected, references looked up, the model built.
//!
//! This file holds the resolver's state and [`resolve`], which runs the passes; the passes and
//! their helpers live beside it:
//! - `header`: the period, the school terms, the calendar, the numbering;
//! - `declare`: pass 1, every declared name;
//! - `lookup`: references looked up, with "did you mean";
//! - `dates`: windows and named times read in the period;
//! - `build`: pass 2, sections, items, targets and dependencies turned into the model;
//! - `citations`: prose and citations, read once every name is known;
//! - `usage`: warnings about owners and items that are not connected.

mod build;
mod citations;
mod dates;
mod declare;
mod header;
mod lookup;
mod usage;

use super::names::{NameTable, Symbol};
use super::prose::PartCite;
use crate::calendar::HolidayFile;
use crate::diagnostic::{Code, Diagnostic, Problem};
use crate::model::*;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{self, TopStmt};
use dates::Terms;
use declare::Counters;
use header::{check_calendar, period_of, terms_of};
use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::{Cell, OnceCell};

struct Resolver<'a> {
    sources: &'a SourceMap,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Every declared name.
    symbols: NameTable<'a>,
    /// The owners and groups of `symbols` again, in a table small enough to stay in the cache:
    /// every item names its owners, and a look-up in the table of every name (millions in a
    /// large plan) misses the cache each time. Made once every name is declared.
    owner_symbols: FxHashMap<&'a str, Symbol>,
    /// Where a name was declared again (reported by pass 1): the one place pass 2 must look up
    /// what an item's or a milestone's name stands for. Anywhere else it is what pass 1 numbered.
    redeclared: FxHashSet<Span>,
    units: FxHashMap<String, Span>,
    unit_names: Vec<String>,
    period: Period,
    /// School terms for `春季学期`, `暑期`, … (defaults unless the header gives them).
    terms: Terms,
    part_cites: Vec<PartCite>,
    /// Every citable name, sorted, made on the first citation that needs a "did you mean".
    citable: OnceCell<Vec<String>>,
    /// How many items, targets, … were declared: the plan's lists are made this long at once.
    declared: Counters,
    /// How many more names "did you mean" may compare (see [`SUGGESTION_BUDGET`]).
    suggestion_budget: Cell<usize>,
    /// For each fact, the baseline it also is (facts with a value), numbered after the declared
    /// baselines; the baselines themselves are added at the end of the build.
    fact_baselines: Vec<Option<BaselineId>>,
    /// The items (by index) whose `牵头` names nothing declared: already reported, so no
    /// `no_owner` warning follows for them.
    unresolved_leads: FxHashSet<usize>,
}

/// Most names compared for "did you mean" hints in one run. Each unknown name is compared with
/// every declared name of its kind, so a plan with a thousand broken references to a hundred
/// thousand items would take minutes; past this budget the hints say how to declare the name
/// instead. About a second of work.
const SUGGESTION_BUDGET: usize = 2_000_000;

/// Takes `cost` comparisons from the budget; false (and nothing taken) when too few are left.
fn spend(budget: &Cell<usize>, cost: usize) -> bool {
    match budget.get().checked_sub(cost) {
        Some(left) => {
            budget.set(left);
            true
        }
        None => false,
    }
}

/// Resolves every name and builds the plan. Returns `None` when there is no plan header.
///
/// The syntax tree is consumed: its strings move into the plan, and each part of the tree is
/// freed once it has been turned into the model, so the two are never both whole in memory.
pub fn resolve(
    sources: &SourceMap,
    mut statements: Vec<TopStmt>,
    holidays: Vec<(Span, HolidayFile)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Plan> {
    let headers: Vec<&ast::PlanHeader> = statements
        .iter()
        .filter_map(|s| match s {
            TopStmt::Plan(header) => Some(header),
            _ => None,
        })
        .collect();
    let Some(&header) = headers.first() else {
        // With nothing parsed at all (an empty file, or one that is all errors), point at its start.
        let span = statements.iter().find_map(first_span).or_else(|| {
            sources
                .files()
                .next()
                .map(|(file, _)| Span::new(file, 0, 0))
        });
        let already_failed = diagnostics
            .iter()
            .any(|d| d.severity == crate::diagnostic::Severity::Error);
        if let Some(span) = span.filter(|_| !already_failed || !statements.is_empty()) {
            diagnostics.push(Problem::NoHeader { span }.into());
        }
        return None;
    };
    for extra in headers.iter().skip(1) {
        diagnostics.push(
            Problem::SecondHeader {
                span: extra.span,
                first: header.span,
            }
            .into(),
        );
    }
    let period = period_of(header, diagnostics);
    // A year where the plan declares a make-up working day (`补班`) has its arrangement in the plan.
    let arranged: Vec<i16> = statements
        .iter()
        .filter_map(|s| match s {
            TopStmt::Workday(day) => Some(day.date.node.year()),
            _ => None,
        })
        .collect();
    // A plan with nothing to date (goals without `时限`, no sections: a report's targets) uses no
    // working-day calendar, so a provisional one is no reason to warn.
    let dated = statements.iter().any(|s| match s {
        TopStmt::Section(_) | TopStmt::Folded(_) => true,
        TopStmt::Goals(goals) => goals
            .goals
            .iter()
            .any(|g| g.targets.iter().any(|t| t.due.is_some())),
        _ => false,
    });
    let holiday_files = check_calendar(header, period, holidays, &arranged, dated, diagnostics);
    let header = header.clone();
    drop(headers);
    let terms = terms_of(&header, diagnostics);
    let mut resolver = Resolver {
        sources,
        diagnostics,
        symbols: NameTable::new(sources),
        owner_symbols: FxHashMap::default(),
        redeclared: FxHashSet::default(),
        units: FxHashMap::default(),
        unit_names: Vec::new(),
        period,
        terms,
        part_cites: Vec::new(),
        citable: OnceCell::new(),
        declared: Counters::default(),
        suggestion_budget: Cell::new(SUGGESTION_BUDGET),
        fact_baselines: Vec::new(),
        unresolved_leads: FxHashSet::default(),
    };
    resolver.declare_all(&mut statements);
    let mut plan = resolver.build(&header, statements);
    plan.holiday_files = holiday_files;
    resolver.check_part_cites(&plan);
    // Owners and items that look unconnected are usually the fallout of a syntax error: stay quiet then.
    if !resolver.diagnostics.iter().any(|d| d.code == Code::Syntax) {
        resolver.check_usage(&mut plan);
    }
    Some(plan)
}

/// The tree of a folded section, read again from its file. (Reading the next sections on a second
/// thread was tried: freeing that thread's blocks here made the two fight over glibc's arena lock,
/// and the check of a million items took 10.2 s instead of 7.5 s.)
fn unfold(sources: &SourceMap, span: Span) -> Option<ast::SectionBlock> {
    let text = sources.get(span.file).map_or("", |f| f.text.as_str());
    crate::syntax::unfold(text, span)
}

/// How many names a top-level statement declares.
fn declared_names(statement: &TopStmt) -> usize {
    match statement {
        TopStmt::Owner(_)
        | TopStmt::Group(_)
        | TopStmt::Baseline(_)
        | TopStmt::Reference(_)
        | TopStmt::Category(_) => 1,
        TopStmt::Goals(goals) => goals
            .goals
            .iter()
            .map(|g| 1 + g.targets.len() + g.facts.len())
            .sum(),
        TopStmt::Section(section) => {
            1 + section.facts.len()
                + section
                    .items
                    .iter()
                    .map(ast::ItemBlock::declared_names)
                    .sum::<usize>()
        }
        TopStmt::Folded(section) => 1 + section.declared.len(),
        _ => 0,
    }
}

fn first_span(statement: &TopStmt) -> Option<Span> {
    Some(match statement {
        TopStmt::Plan(header) => header.span,
        TopStmt::Include(include) => include.span,
        TopStmt::Units(units) => units.first()?.span,
        TopStmt::Owner(owner) => owner.name.span,
        TopStmt::Group(group) => group.name.span,
        TopStmt::Baseline(baseline) => baseline.name.span,
        TopStmt::Reference(reference) => reference.name.span,
        TopStmt::Category(category) => category.name.span,
        TopStmt::Goals(goals) => goals.span,
        TopStmt::Section(section) => section.name.span,
        TopStmt::Folded(section) => section.name.span,
        TopStmt::DayOff(day) => day.from.span,
        TopStmt::Workday(day) => day.date.span,
    })
}
