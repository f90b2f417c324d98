//! Name resolution: declarations collected, references looked up, the model built.

use super::names::{NameTable, Symbol};
use super::prose::{self, PartCite, ProseContext};
use crate::calendar::{self, HolidayFile};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::*;
use crate::source::{SourceMap, Span, Spanned};
use crate::syntax::ast::{self, TopStmt};
use jiff::civil::Date;
use rustc_hash::FxHashMap;
use std::cell::{Cell, OnceCell};

struct Resolver<'a> {
    sources: &'a SourceMap,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Every declared name.
    symbols: NameTable<'a>,
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
            diagnostics.push(
                Diagnostic::error(
                    Code::PlanHeader,
                    "the plan has no header",
                    span,
                    "the plan starts here",
                )
                .with_help("begin the entry file with `计划 \"标题\" { 期间 2020 }`"),
            );
        }
        return None;
    };
    for extra in headers.iter().skip(1) {
        diagnostics.push(
            Diagnostic::error(
                Code::PlanHeader,
                "a plan has only one header",
                extra.span,
                "second header",
            )
            .with_label(header.span, "first header")
            .with_help("remove one; included files hold sections, owners and units, not a header"),
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
    let holiday_files = check_calendar(header, period, holidays, &arranged, diagnostics);
    let header = header.clone();
    drop(headers);
    let terms = terms_of(&header, diagnostics);
    let mut resolver = Resolver {
        sources,
        diagnostics,
        symbols: NameTable::new(sources),
        units: FxHashMap::default(),
        unit_names: Vec::new(),
        period,
        terms,
        part_cites: Vec::new(),
        citable: OnceCell::new(),
        declared: Counters::default(),
        suggestion_budget: Cell::new(SUGGESTION_BUDGET),
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
        TopStmt::Owner(_) | TopStmt::Group(_) | TopStmt::Baseline(_) => 1,
        TopStmt::Goals(goals) => goals.goals.iter().map(|g| 1 + g.targets.len()).sum(),
        TopStmt::Section(section) => {
            1 + section
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
        TopStmt::Goals(goals) => goals.span,
        TopStmt::Section(section) => section.name.span,
        TopStmt::Folded(section) => section.name.span,
        TopStmt::DayOff(day) => day.from.span,
        TopStmt::Workday(day) => day.date.span,
    })
}

fn period_of(header: &ast::PlanHeader, diagnostics: &mut Vec<Diagnostic>) -> Period {
    let fallback = Period {
        start: Date::constant(2020, 1, 1),
        end: Date::constant(2020, 12, 31),
    };
    for extra in header.periods.iter().skip(1) {
        diagnostics.push(repeated(
            "period",
            extra.span,
            header.periods.first().map(|p| p.span),
        ));
    }
    for extra in header.orgs.iter().skip(1) {
        diagnostics.push(repeated(
            "org",
            extra.span,
            header.orgs.first().map(|p| p.span),
        ));
    }
    for extra in header.owner_notes.iter().skip(1) {
        diagnostics.push(repeated(
            "owner_note",
            extra.span,
            header.owner_notes.first().map(|p| p.span),
        ));
    }
    for extra in header.signatures.iter().skip(1) {
        diagnostics.push(repeated(
            "signed",
            extra.span,
            header.signatures.first().map(|p| p.span),
        ));
    }
    let Some(period) = header.periods.first() else {
        diagnostics.push(
            Diagnostic::error(
                Code::PlanHeader,
                "the plan has no period",
                header.span,
                "this header",
            )
            .with_help("add `期间 2020` (a year) or `期间 2020-01-01 .. 2020-12-31` to the header"),
        );
        return fallback;
    };
    match period.node {
        ast::PeriodSpec::Year(year) => match (Date::new(year, 1, 1), Date::new(year, 12, 31)) {
            (Ok(start), Ok(end)) => Period { start, end },
            _ => {
                diagnostics.push(
                    Diagnostic::error(
                        Code::Date,
                        format!("{year} is not a year planc can use"),
                        period.span,
                        "out of range",
                    )
                    .with_help("write a year between 1 and 9999"),
                );
                fallback
            }
        },
        ast::PeriodSpec::Years(first, last) => {
            match (Date::new(first, 1, 1), Date::new(last, 12, 31)) {
                (Ok(start), Ok(end)) if first <= last => Period { start, end },
                (Ok(_), Ok(_)) => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::InvertedRange,
                            "the period ends before it starts",
                            period.span,
                            "end before start",
                        )
                        .with_help(format!(
                            "write the first year first: `期间 {last} .. {first}`"
                        )),
                    );
                    fallback
                }
                _ => {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Date,
                            format!("{first} .. {last} are not years planc can use"),
                            period.span,
                            "out of range",
                        )
                        .with_help("write years between 1 and 9999"),
                    );
                    fallback
                }
            }
        }
        ast::PeriodSpec::Dates(start, end) => {
            if end < start {
                diagnostics.push(
                    Diagnostic::error(
                        Code::InvertedRange,
                        "the period ends before it starts",
                        period.span,
                        "end before start",
                    )
                    .with_help("write the first day first"),
                );
                return Period {
                    start: end,
                    end: start,
                };
            }
            Period { start, end }
        }
    }
}

/// The school terms the header gives (`学期 春季 2027-02-22 .. 2027-07-02`).
fn terms_of(header: &ast::PlanHeader, diagnostics: &mut Vec<Diagnostic>) -> Terms {
    let mut terms = Terms::default();
    for term in &header.terms {
        let ast::TermSpec { autumn, start, end } = term.node;
        if end < start {
            diagnostics.push(
                Diagnostic::error(
                    Code::InvertedRange,
                    "the term ends before it starts",
                    term.span,
                    "end before start",
                )
                .with_help("write the first day first"),
            );
            continue;
        }
        let list = if autumn {
            &mut terms.autumn
        } else {
            &mut terms.spring
        };
        if list.iter().any(|(s, _)| s.year() == start.year()) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Repeated,
                    format!(
                        "the {} term of {} is given twice",
                        if autumn { "autumn" } else { "spring" },
                        start.year()
                    ),
                    term.span,
                    "given again",
                )
                .with_help("give each term of a year once"),
            );
            continue;
        }
        list.push((start, end));
    }
    terms
}

/// The calendar of the period: every year must be one planc has a calendar for (an error
/// otherwise); a year without its official arrangement (neither bundled, nor in a holiday file,
/// nor given by the plan's `补班` lines: `arranged`) gets a warning at the period. Returns the
/// holiday files the calendar uses.
fn check_calendar(
    header: &ast::PlanHeader,
    period: Period,
    holidays: Vec<(Span, HolidayFile)>,
    arranged: &[i16],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<HolidayFile> {
    let Some(period_span) = header.periods.first().map(|p| p.span) else {
        return holidays.into_iter().map(|(_, file)| file).collect();
    };
    let years = period.start.year()..=period.end.year();
    let supported = calendar::supported_years();
    let outside: Vec<i16> = years.clone().filter(|y| !supported.contains(y)).collect();
    if let (Some(first), Some(last)) = (outside.first(), outside.last()) {
        let which = if first == last {
            format!("{first}")
        } else {
            format!("{first}–{last}")
        };
        diagnostics.push(
            Diagnostic::error(
                Code::Calendar,
                format!(
                    "planc has no working-day calendar for {which}: it computes holidays for {}–{}",
                    supported.start(),
                    supported.end()
                ),
                period_span,
                "outside 2000–2100",
            )
            .with_help("declare a period within 2000–2100"),
        );
    }
    let mut files: Vec<HolidayFile> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for (span, file) in holidays {
        if let Some(at) = files.iter().position(|f| f.year == file.year) {
            diagnostics.push(
                Diagnostic::error(
                    Code::HolidayFile,
                    format!("two holiday files for {}", file.year),
                    span,
                    "second file for this year",
                )
                .with_label(spans[at], "first file for this year")
                .with_help("keep one file per year"),
            );
            continue;
        }
        if !years.contains(&file.year) {
            diagnostics.push(
                Diagnostic::warning(
                    Code::HolidayFile,
                    format!(
                        "the holiday file is for {}, outside the plan period {} to {}",
                        file.year, period.start, period.end
                    ),
                    span,
                    "not used",
                )
                .with_help("name the file of a year of the period, or remove this line"),
            );
        }
        spans.push(span);
        files.push(file);
    }
    let file_years: Vec<i16> = files.iter().map(|f| f.year).collect();
    let provisional: Vec<i16> = calendar::provisional_years(period.start, period.end, &file_years)
        .into_iter()
        .filter(|y| supported.contains(y) && !arranged.contains(y))
        .collect();
    // A holiday file that could not be read is reported; the warning would only repeat it.
    let broken_file = diagnostics
        .iter()
        .any(|d| d.code == Code::HolidayFile && d.severity == crate::diagnostic::Severity::Error);
    if let Some(&last) = provisional.last().filter(|_| !broken_file) {
        let list = provisional
            .iter()
            .map(i16::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        let (arrangement, it) = if provisional.len() == 1 {
            (format!("the official {list} arrangement is"), "it")
        } else {
            (format!("the official arrangements for {list} are"), "them")
        };
        let state = if provisional
            .iter()
            .all(|y| y > calendar::covered_years().end())
        {
            "not published yet"
        } else {
            "not bundled with planc"
        };
        let help = if provisional.len() == 1 {
            format!(
                "add `假日 \"holidays/{last}.txt\"` to the plan header, a file in the format of \
                 data/holidays/ with the year's 放假 and 调休上班 days"
            )
        } else {
            format!(
                "add one `假日 \"holidays/YEAR.txt\"` line per year ({list}) to the plan header, \
                 files in the format of data/holidays/ with each year's 放假 and 调休上班 days"
            )
        };
        let diagnostic = Diagnostic::warning(
            Code::ProvisionalCalendar,
            format!(
                "{arrangement} {state}; statutory holidays are used without 调休; \
                 add {it} with `休息`/`补班` lines or a holiday file"
            ),
            period_span,
            "provisional working-day calendar",
        )
        .with_help(help);
        diagnostics.push(diagnostic);
    }
    files
}

fn repeated(keyword: &str, span: Span, first: Option<Span>) -> Diagnostic {
    let mut diagnostic = Diagnostic::error(
        Code::Repeated,
        format!("`{keyword}` is given more than once"),
        span,
        "given again here",
    )
    .with_help(format!("keep one `{keyword}` statement"));
    if let Some(first) = first {
        diagnostic = diagnostic.with_label(first, "first given here");
    }
    diagnostic
}

impl<'a> Resolver<'a> {
    fn declare(&mut self, name: &ast::Name, symbol: Symbol) {
        self.declare_at(name.span, symbol);
    }

    /// Declares the name written at `span` (a declared name is the source text at its span).
    fn declare_at(&mut self, span: Span, symbol: Symbol) {
        if let Err((existing, first)) = self.symbols.insert(span, symbol) {
            let name = self.sources.slice(span);
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("`{name}` is declared twice"),
                    span,
                    format!("declared again here as {}", symbol.kind()),
                )
                .with_label(first, format!("first declared here as {}", existing.kind()))
                .with_help("every name in a plan must be unique: rename one of them"),
            );
        }
    }

    /// Pass 1: every declared name, in document order, so references can point forward.
    fn declare_all(&mut self, statements: &mut [TopStmt]) {
        // Sized once: growing a table of millions of names rehashes it again and again.
        self.symbols
            .reserve(statements.iter().map(declared_names).sum());
        let (mut owners, mut groups, mut baselines) = (0, 0, 0);
        let mut counters = Counters::default();
        for statement in statements.iter_mut() {
            match statement {
                TopStmt::Units(units) => {
                    for unit in units {
                        if matches!(unit.node.as_str(), "个百分点" | "pp") {
                            self.diagnostics.push(
                                Diagnostic::warning(
                                    Code::Duplicate,
                                    format!("`{}` is built in", unit.node),
                                    unit.span,
                                    "no need to declare",
                                )
                                .with_help("remove it from the declaration"),
                            );
                            continue;
                        }
                        if let Some(first) = self.units.get(unit.node.as_str()) {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::Duplicate,
                                    format!("the unit `{}` is declared twice", unit.node),
                                    unit.span,
                                    "declared again here",
                                )
                                .with_label(*first, "first declared here")
                                .with_help("remove one of them"),
                            );
                            continue;
                        }
                        self.units.insert(unit.node.to_string(), unit.span);
                        self.unit_names.push(unit.node.to_string());
                    }
                }
                TopStmt::Owner(owner) => {
                    self.declare(&owner.name, Symbol::Owner(owners));
                    owners += 1;
                }
                TopStmt::Group(group) => {
                    self.declare(&group.name, Symbol::Group(groups));
                    groups += 1;
                }
                TopStmt::Baseline(baseline) => {
                    self.declare(&baseline.name, Symbol::Baseline(baselines));
                    baselines += 1;
                }
                TopStmt::Goals(goals) => {
                    for goal in &goals.goals {
                        self.declare(&goal.name, Symbol::Goal);
                        for target in &goal.targets {
                            self.declare_target(target, &mut counters);
                        }
                    }
                }
                TopStmt::Section(section) => {
                    self.declare(&section.name, Symbol::Section);
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
        self.declared = counters;
    }

    /// What [`Resolver::declare_item`] does for each item of the section, from the list of names
    /// the parser kept (in the same order).
    fn declare_folded(&mut self, section: &ast::FoldedSection, counters: &mut Counters) {
        counters.dependencies += section.dependencies;
        for declared in &section.declared {
            let (counter, symbol): (&mut usize, fn(usize) -> Symbol) = match declared.kind {
                ast::DeclaredKind::Item => (&mut counters.items, Symbol::Item),
                ast::DeclaredKind::Target => (&mut counters.targets, Symbol::Target),
                ast::DeclaredKind::Milestone => (&mut counters.milestones, Symbol::Milestone),
                ast::DeclaredKind::Recurrence => (&mut counters.recurrences, Symbol::Recurrence),
            };
            let index = *counter;
            *counter += 1;
            self.declare_at(declared.span, symbol(index));
        }
    }

    fn declare_target(&mut self, target: &ast::TargetStmt, counters: &mut Counters) {
        self.declare(&target.name, Symbol::Target(counters.targets));
        counters.targets += 1;
    }

    fn declare_item(&mut self, item: &ast::ItemBlock, counters: &mut Counters) {
        self.declare(&item.name, Symbol::Item(counters.items));
        counters.items += 1;
        counters.dependencies += item.deps.len();
        counters.dependencies += item.milestones.iter().map(|m| m.deps.len()).sum::<usize>();
        for target in &item.targets {
            self.declare_target(target, counters);
        }
        for milestone in &item.milestones {
            self.declare(&milestone.name, Symbol::Milestone(counters.milestones));
            counters.milestones += 1;
        }
        for recur in &item.recurs {
            self.declare(&recur.name, Symbol::Recurrence(counters.recurrences));
            counters.recurrences += 1;
        }
        for child in &item.children {
            self.declare_item(child, counters);
        }
    }

    fn lookup(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name).map(|(symbol, _)| symbol)
    }

    /// The declared names of some kinds, to suggest one for an unknown name; none once the run's
    /// [`SUGGESTION_BUDGET`] is spent. Unsorted: `did_you_mean` does not depend on the order.
    fn names_where(&self, keep: impl Fn(Symbol) -> bool) -> Vec<String> {
        let count = self
            .symbols
            .iter()
            .filter(|(_, symbol)| keep(*symbol))
            .count();
        if !spend(&self.suggestion_budget, count) {
            return Vec::new();
        }
        self.symbols
            .iter()
            .filter(|(_, symbol)| keep(*symbol))
            .map(|(name, _)| name.to_string())
            .collect()
    }

    fn undefined(
        &mut self,
        code: Code,
        what: &str,
        name: &ast::Name,
        candidates: Vec<String>,
        declare: &str,
    ) {
        let (kind, symbol_span) = match self.symbols.get(name.node.as_str()) {
            Some((symbol, span)) => (Some(symbol.kind()), Some(span)),
            None => (None, None),
        };
        let mut diagnostic = match kind {
            Some(kind) => Diagnostic::error(
                code,
                format!("`{}` is {kind}, not {what}", name.node),
                name.span,
                format!("expected {what}"),
            ),
            None => Diagnostic::error(
                code,
                format!("`{}` is not declared", name.node),
                name.span,
                format!("expected {what}"),
            ),
        };
        if let Some(span) = symbol_span {
            diagnostic = diagnostic.with_label(span, "declared here");
        }
        diagnostic = match did_you_mean(&name.node, candidates.iter().map(String::as_str)) {
            Some(hint) => diagnostic.with_help(hint),
            None => diagnostic.with_help(declare.to_string()),
        };
        self.diagnostics.push(diagnostic);
    }

    fn owner_ref(&mut self, name: ast::Name, plan_groups: &[Group]) -> Option<OwnerRef> {
        match self.lookup(&name.node) {
            Some(Symbol::Owner(index)) => Some(OwnerRef {
                name: name.node,
                owners: Owners::One(index),
            }),
            Some(Symbol::Group(index)) => Some(OwnerRef {
                name: name.node,
                owners: plan_groups
                    .get(index)
                    .map(|g| Owners::Group(g.members.clone()))
                    .unwrap_or_default(),
            }),
            _ => {
                let candidates =
                    self.names_where(|s| matches!(s, Symbol::Owner(_) | Symbol::Group(_)));
                self.undefined(
                    Code::UndefinedOwner,
                    "an owner",
                    &name,
                    candidates,
                    &format!("declare it, e.g. `部门 {} \"…\"`", name.node),
                );
                None
            }
        }
    }

    fn owner_only(&mut self, name: &ast::Name) -> Option<usize> {
        match self.lookup(&name.node) {
            Some(Symbol::Owner(index)) => Some(index),
            _ => {
                let candidates = self.names_where(|s| matches!(s, Symbol::Owner(_)));
                self.undefined(
                    Code::UndefinedOwner,
                    "an owner",
                    name,
                    candidates,
                    &format!("declare it, e.g. `辖区 {}`", name.node),
                );
                None
            }
        }
    }

    fn unit(&mut self, unit: Option<ast::Name>) -> (Unit, CompactString) {
        let Some(unit) = unit else {
            return (Unit::None, CompactString::default());
        };
        let resolved = match unit.node.as_str() {
            "%" | "％" => Unit::Percent,
            "个百分点" | "pp" => Unit::PercentPoint,
            name if self.units.contains_key(name) => Unit::Named(name.into()),
            name => {
                let mut diagnostic = Diagnostic::error(
                    Code::UndefinedUnit,
                    format!("the unit `{name}` is not declared"),
                    unit.span,
                    "unknown unit",
                );
                diagnostic = match did_you_mean(name, self.units.keys().map(String::as_str)) {
                    Some(hint) => diagnostic.with_help(hint),
                    None => diagnostic.with_help(format!("declare it with `计量单位 {name}`")),
                };
                self.diagnostics.push(diagnostic);
                Unit::Named(name.into())
            }
        };
        (resolved, unit.node)
    }

    fn quantity(&mut self, quantity: ast::Quantity) -> Quantity {
        let (unit, unit_written) = self.unit(quantity.unit);
        Quantity {
            value: quantity.value,
            written: quantity.written,
            unit,
            unit_written,
            span: quantity.span,
        }
    }

    fn baseline_ref(&mut self, name: &ast::Name) -> Option<usize> {
        match self.lookup(&name.node) {
            Some(Symbol::Baseline(index)) => Some(index),
            None if self.units.contains_key(name.node.as_str())
                || matches!(name.node.as_str(), "个百分点" | "pp") =>
            {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::Syntax,
                        format!("the value before the unit `{}` is missing", name.node),
                        name.span,
                        "a unit without a number",
                    )
                    .with_help(format!(
                        "write the number before the unit, e.g. `39{}`",
                        name.node
                    )),
                );
                None
            }
            _ => {
                let candidates = self.names_where(|s| matches!(s, Symbol::Baseline(_)));
                self.undefined(
                    Code::MissingBaseline,
                    "a baseline",
                    name,
                    candidates,
                    &format!(
                        "declare the baseline: `基线 {0} \"…\" 52.1%` for a known value, or `基线 {0} \"…\" 上年实际 %` when the previous year's actual comes later",
                        name.node
                    ),
                );
                None
            }
        }
    }

    fn window(&mut self, when: &Spanned<ast::When>) -> Option<Window> {
        // A month or named time without its year is the first one that ends in the period: in the
        // plan year, or in the next one when the period starts later in the year (a school-year
        // plan from 2026-09 to 2027-08 reads `春节前` and `6月` as 2027's).
        let (period, terms) = (self.period, &self.terms);
        let bounds = |part: ast::WhenPart| {
            let year = period.start.year();
            let first = part_bounds(part, year, period, terms)?;
            if first.1 < period.start
                && period.end.year() > year
                && let Some(next) = year
                    .checked_add(1)
                    .and_then(|next| part_bounds(part, next, period, terms))
            {
                return Some(next);
            }
            Some(first)
        };
        let (start, end) = match when.node {
            ast::When::Single(part) => bounds(part)?,
            ast::When::Range(from, to) => (bounds(from)?.0, bounds(to)?.1),
        };
        let written = CompactString::from(self.sources.slice(when.span));
        if end < start {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::InvertedRange,
                    format!("`{written}` ends before it starts"),
                    when.span,
                    "end before start",
                )
                .with_help("write the earlier date first"),
            );
            return None;
        }
        Some(Window {
            start,
            end,
            written,
            span: when.span,
        })
    }

    fn build(&mut self, header: &ast::PlanHeader, statements: Vec<TopStmt>) -> Plan {
        let mut plan = Plan {
            title: header.title.node.clone(),
            org: header.orgs.first().map(|o| o.node.clone()),
            period: self.period,
            preamble: Vec::new(),
            units: Vec::new(),
            owners: Vec::new(),
            groups: Vec::new(),
            baselines: Vec::new(),
            goals_intro: None,
            goals_texts: Vec::new(),
            goals: Vec::new(),
            sections: Vec::new(),
            items: Vec::with_capacity(self.declared.items),
            targets: Vec::with_capacity(self.declared.targets),
            milestones: Vec::with_capacity(self.declared.milestones),
            recurrences: Vec::with_capacity(self.declared.recurrences),
            dependencies: Vec::with_capacity(self.declared.dependencies),
            days_off: Vec::new(),
            workdays: Vec::new(),
            numbering: self.numbering(header),
            holiday_files: Vec::new(),
            owner_note: header
                .owner_notes
                .first()
                .map(|n| n.node)
                .unwrap_or_default(),
            signature: header.signatures.first().map(|s| s.node.clone()),
        };
        plan.units = self
            .unit_names
            .iter()
            .filter(|u| u.as_str() != "个百分点")
            .cloned()
            .collect();
        // Owners and groups first: items refer to them.
        for statement in &statements {
            if let TopStmt::Owner(owner) = statement {
                let capacity = owner.capacity.as_ref().and_then(|c| {
                    let value = u32::try_from(c.node)
                        .ok()
                        .filter(|v| *v > 0 && c.node.fract().is_zero());
                    if value.is_none() {
                        let (message, label) =
                            if c.node.fract().is_zero() && c.node >= rust_decimal::Decimal::ONE {
                                (
                                    format!("a capacity must be at most {}", u32::MAX),
                                    format!("more than {}", u32::MAX),
                                )
                            } else {
                                (
                                    "a capacity must be a whole number of at least 1".to_string(),
                                    "not a whole number ≥ 1".to_string(),
                                )
                            };
                        self.diagnostics.push(
                            Diagnostic::error(Code::Number, message, c.span, label).with_help(
                                "write how many items the owner can run at once, e.g. `容量 3`",
                            ),
                        );
                    }
                    value
                });
                if owner.kind == OwnerKind::Collective
                    && let Some(c) = &owner.capacity
                {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::Misplaced,
                            format!(
                                "the collective owner `{}` has no capacity: it stands for many owners, not a fixed list",
                                owner.name.node
                            ),
                            c.span,
                            "capacity of a collective",
                        )
                        .with_help(
                            "drop `容量 N`, or declare the members one by one (`部门`, `辖区`, `机构`) with their capacities and a `分组` of them",
                        ),
                    );
                }
                let capacity = if owner.kind == OwnerKind::Collective {
                    None
                } else {
                    capacity
                };
                plan.owners.push(Owner {
                    id: owner.name.node.to_string(),
                    kind: owner.kind,
                    display: owner
                        .display
                        .as_ref()
                        .map(|d| d.node.clone())
                        .unwrap_or_else(|| owner.name.node.to_string()),
                    capacity,
                    span: owner.name.span,
                });
            }
        }
        for statement in &statements {
            if let TopStmt::Group(group) = statement {
                let mut members = Vec::new();
                for member in &group.members {
                    if let Some(index) = self.owner_only(member) {
                        members.push(index);
                    }
                }
                plan.groups.push(Group {
                    id: group.name.node.to_string(),
                    members: members.into(),
                    span: group.name.span,
                });
            }
        }
        for statement in &statements {
            if let TopStmt::Baseline(baseline) = statement {
                let value = baseline.value.clone().map(|q| self.quantity(q));
                let unit = match (&value, &baseline.later_unit) {
                    (Some(value), _) => value.unit.clone(),
                    (None, later) => self.unit(later.clone()).0,
                };
                plan.baselines.push(Baseline {
                    id: baseline.name.node.to_string(),
                    display: baseline
                        .display
                        .as_ref()
                        .map(|d| d.node.clone())
                        .unwrap_or_else(|| baseline.name.node.to_string()),
                    value,
                    unit,
                    span: baseline.name.span,
                });
            }
        }
        // Targets, items, milestones, recurrences, in document order (matching pass 1's numbering).
        let mut pending_prose: Vec<(ProseSlot, Span)> = Vec::with_capacity(self.declared.items);
        for text in &header.preamble {
            pending_prose.push((ProseSlot::Preamble, text.span));
        }
        let mut top_items = 0;
        let sources: &'a SourceMap = self.sources;
        for statement in statements {
            match statement {
                TopStmt::Goals(goals) => {
                    if let Some(intro) = &goals.intro {
                        pending_prose.push((ProseSlot::GoalsIntro, intro.span));
                    }
                    for text in &goals.texts {
                        pending_prose.push((ProseSlot::GoalsText, text.span));
                    }
                    for goal in goals.goals {
                        let index = plan.goals.len();
                        for text in &goal.texts {
                            pending_prose.push((ProseSlot::Goal(index), text.span));
                        }
                        let mut targets = Vec::new();
                        for target in goal.targets {
                            targets.push(plan.targets.len());
                            let built = self.target(target, Holder::Goal(index));
                            plan.targets.push(built);
                        }
                        plan.goals.push(Goal {
                            id: goal.name.node.to_string(),
                            title: goal.title.node,
                            texts: Vec::new(),
                            targets,
                            span: goal.name.span,
                        });
                    }
                }
                TopStmt::Section(section) => {
                    self.section(section, &mut plan, &mut pending_prose, &mut top_items);
                }
                TopStmt::Folded(folded) => {
                    match unfold(sources, folded.span) {
                        Some(section) => {
                            self.section(section, &mut plan, &mut pending_prose, &mut top_items);
                        }
                        // Only if the text changed under the checker, which owns it.
                        None => self.diagnostics.push(
                            Diagnostic::error(
                                Code::Syntax,
                                "this section could not be read a second time",
                                folded.span,
                                "in this section",
                            )
                            .with_help("this is a bug in planc: please report it with the plan"),
                        ),
                    }
                }
                TopStmt::DayOff(day) => {
                    if day.to.node < day.from.node {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::InvertedRange,
                                "the days off end before they start",
                                day.to.span,
                                "before the first day",
                            )
                            .with_label(day.from.span, "first day")
                            .with_help("write the earlier date first"),
                        );
                    } else {
                        self.inside_period(day.from.node, day.from.span, "the day off");
                        self.inside_period(day.to.node, day.to.span, "the day off");
                        plan.days_off.push((day.from.node, day.to.node));
                    }
                }
                TopStmt::Workday(day) => {
                    self.inside_period(day.date.node, day.date.span, "the working day");
                    plan.workdays.push(day.date.node);
                }
                _ => {}
            }
        }
        self.fill_prose(&mut plan, pending_prose);
        plan
    }

    /// A section and its items, in document order (matching pass 1's numbering).
    fn section(
        &mut self,
        section: ast::SectionBlock,
        plan: &mut Plan,
        pending_prose: &mut Vec<(ProseSlot, Span)>,
        top_items: &mut usize,
    ) {
        let section_index = plan.sections.len();
        for text in &section.texts {
            pending_prose.push((ProseSlot::Section(section_index), text.span));
        }
        let mut items = Vec::new();
        if plan.numbering.per_section {
            *top_items = 0;
        }
        for item in section.items {
            *top_items += 1;
            items.push(self.item(
                item,
                section_index,
                None,
                *top_items,
                0,
                plan,
                pending_prose,
            ));
        }
        if may_cite(self.sources, section.title.span) {
            pending_prose.push((ProseSlot::SectionTitle(section_index), section.title.span));
        }
        plan.sections.push(Section {
            id: section.name.node.to_string(),
            ordinal: section_index + 1,
            number: plan.numbering.section(section_index + 1).into(),
            title: section.title.node,
            title_prose: None,
            texts: Vec::new(),
            items,
            span: section.name.span,
        });
    }

    fn inside_period(&mut self, date: Date, span: Span, what: &str) -> bool {
        if self.period.contains(date) {
            return true;
        }
        self.diagnostics.push(
            Diagnostic::error(
                Code::OutsidePeriod,
                format!(
                    "{what} {date} is outside the plan period {} to {}",
                    self.period.start, self.period.end
                ),
                span,
                "outside the period",
            )
            .with_help("move the date into the period, or widen the period in the plan header"),
        );
        false
    }

    fn checked_window(&mut self, when: &Spanned<ast::When>, what: &str) -> Option<Window> {
        let window = self.window(when)?;
        if !self.period.contains(window.start) || !self.period.contains(window.end) {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::OutsidePeriod,
                    format!(
                        "{what} `{}` ({} to {}) is outside the plan period {} to {}",
                        window.written,
                        window.start,
                        window.end,
                        self.period.start,
                        self.period.end
                    ),
                    when.span,
                    "outside the period",
                )
                .with_help("move the date into the period, or widen the period in the plan header"),
            );
        }
        Some(window)
    }

    /// The plan's numbering (`编号`), with a diagnostic for every style that is not one.
    fn numbering(&mut self, header: &ast::PlanHeader) -> Numbering {
        let first = header.numbering.first().map(|n| n.span);
        for extra in header.numbering.iter().skip(1) {
            self.diagnostics
                .push(repeated("numbering", extra.span, first));
        }
        let Some(spec) = header.numbering.first() else {
            return Numbering::default();
        };
        let mut styles = Vec::new();
        let mut bad = false;
        for (level, written) in spec.node.styles.iter().enumerate() {
            if level == 4 {
                bad = true;
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::Numbering,
                        format!(
                            "{} numbering styles are given, but a plan has four levels (sections, items, sub-items and the level below)",
                            spec.node.styles.len()
                        ),
                        written.span,
                        "a fifth level",
                    )
                    .with_help("give at most four styles, sections first: `编号 \"一、\" \"（一）\" \"1.\" \"（1）\"`"),
                );
                break;
            }
            match NumberStyle::parse(&written.node) {
                Ok(style) => styles.push(style),
                Err(why) => {
                    bad = true;
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::Numbering,
                            format!("`{}` is not a numbering style", written.node),
                            written.span,
                            why,
                        )
                        .with_help("a style is one number, `一`, `1` or `①`, between marks: `一、`, `（一）`, `1.`, `（1）`, `①`, `第一部分`"),
                    );
                }
            }
        }
        if bad {
            return Numbering::default();
        }
        Numbering::from_styles(styles, spec.node.per_section)
    }

    /// The first of statements that may be given once, with a diagnostic for every other one.
    fn single<T>(&mut self, values: Vec<Spanned<T>>, keyword: &str) -> Option<Spanned<T>> {
        let first = values.first().map(|v| v.span);
        for extra in values.iter().skip(1) {
            self.diagnostics.push(repeated(keyword, extra.span, first));
        }
        values.into_iter().next()
    }

    #[allow(clippy::too_many_arguments)]
    fn item(
        &mut self,
        item: ast::ItemBlock,
        section: usize,
        parent: Option<usize>,
        ordinal: usize,
        level: usize,
        plan: &mut Plan,
        pending_prose: &mut Vec<(ProseSlot, Span)>,
    ) -> usize {
        let ast::ItemBlock {
            name,
            title,
            texts,
            leads,
            supports,
            targets: target_statements,
            dues,
            starts,
            windows,
            durations,
            deps,
            milestones: milestone_statements,
            recurs,
            tags,
            children: child_items,
        } = item;
        let index = plan.items.len();
        let number = plan.numbering.item(level, ordinal);
        if may_cite(self.sources, title.span) {
            pending_prose.push((ProseSlot::ItemTitle(index), title.span));
        }
        for text in &texts {
            pending_prose.push((ProseSlot::Item(index), text.span));
        }
        let lead = self.single(leads, "lead");
        let lead = lead.and_then(|lead| self.owner_ref(lead, &plan.groups));
        let mut support = Vec::with_capacity(supports.len());
        for name in supports {
            if let Some(reference) = self.owner_ref(name, &plan.groups) {
                support.push(reference);
            }
        }
        let due = self
            .single(dues, "due")
            .and_then(|w| self.checked_window(&w, "the deadline"));
        let start = self
            .single(starts, "start")
            .and_then(|w| self.checked_window(&w, "the start"));
        let window = self
            .single(windows, "window")
            .and_then(|w| self.checked_window(&w, "the window"));
        let duration = self.single(durations, "duration");
        let duration_span = duration.as_ref().map(|d| d.span);
        let duration = duration.map(|d| d.node);
        // A dependency belongs to the item first declared with this name (a second declaration
        // of the name is an error reported by `declare`).
        let dependent = match self.lookup(&name.node) {
            Some(Symbol::Item(declared)) => Some(declared),
            _ => None,
        };
        let span = name.span;
        plan.items.push(Item {
            id: name.node,
            ordinal,
            level,
            number,
            section,
            parent,
            children: Indices::new(),
            title: title.node.into(),
            title_prose: None,
            texts: SmallVec::new(),
            lead,
            support,
            targets: Indices::new(),
            due,
            start: start.map(Box::new),
            window: window.map(Box::new),
            duration,
            duration_span,
            milestones: Indices::new(),
            recurrences: Indices::new(),
            tags: tags.into_iter().map(|t| t.node).collect(),
            span,
        });
        let mut targets = Indices::with_capacity(target_statements.len());
        for target in target_statements {
            targets.push(plan.targets.len());
            let built = self.target(target, Holder::Item(index));
            if let (Some(target_due), Some(item_due)) = (
                &built.due,
                plan.items.get(index).and_then(|i| i.due.as_ref()),
            ) && target_due.end > item_due.end
            {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::DeadlineOrder,
                        format!(
                            "target `{}` is due `{}` ({}), after its item's deadline `{}` ({})",
                            built.id,
                            target_due.written,
                            target_due.end,
                            item_due.written,
                            item_due.end
                        ),
                        target_due.span,
                        "the target's due date",
                    )
                    .with_label(item_due.span, "the item's deadline")
                    .with_help(
                        "a target is met by its item's deadline: move the target's date earlier, \
                         or the item's deadline later",
                    ),
                );
            }
            plan.targets.push(built);
        }
        let mut milestones = Indices::with_capacity(milestone_statements.len());
        let mut milestone_deps = Vec::new();
        for milestone in milestone_statements {
            milestones.push(plan.milestones.len());
            let due = milestone
                .due
                .as_ref()
                .and_then(|w| self.checked_window(w, "the milestone date"));
            if let Some(Symbol::Milestone(declared)) = self.lookup(&milestone.name.node) {
                milestone_deps.push((declared, milestone.deps));
            }
            let title = match milestone.title {
                Some(title) => title.node.into(),
                None => milestone.name.node.clone(),
            };
            plan.milestones.push(Milestone {
                id: milestone.name.node,
                title,
                item: index,
                due,
                span: milestone.name.span,
            });
        }
        let mut recurrences = Indices::with_capacity(recurs.len());
        for recur in recurs {
            recurrences.push(plan.recurrences.len());
            super::values::check_recurrence(&recur, self.period, self.diagnostics);
            let count = u32::try_from(recur.count.value.trunc().mantissa())
                .ok()
                .filter(|_| recur.count.value.fract().is_zero());
            if count.is_none_or(|c| c == 0) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::Recurrence,
                        "a recurrence happens a whole number of times, at least once",
                        recur.count.span,
                        "not a whole number ≥ 1",
                    )
                    .with_help("write e.g. `每季度 1次`"),
                );
            }
            let written = self.quantity(recur.count);
            let title = match recur.title {
                Some(title) => title.node.into(),
                None => recur.name.node.clone(),
            };
            plan.recurrences.push(Recurrence {
                id: recur.name.node,
                title,
                item: index,
                frequency: recur.frequency,
                count: count.unwrap_or(1).max(1),
                written,
                months: recur.months.iter().map(|m| m.node).collect(),
                day: recur.day.as_ref().map(|d| d.node),
                span: recur.span,
            });
        }
        // Dependencies: every item and milestone index is known from the declarations.
        if let Some(dependent) = dependent {
            for dep in deps {
                self.dependency(Node::Item(dependent), dep, plan);
            }
        }
        for (dependent, deps) in milestone_deps {
            for dep in deps {
                self.dependency(Node::Milestone(dependent), dep, plan);
            }
        }
        let mut children = Indices::with_capacity(child_items.len());
        for (position, child) in child_items.into_iter().enumerate() {
            children.push(self.item(
                child,
                section,
                Some(index),
                position + 1,
                level + 1,
                plan,
                pending_prose,
            ));
        }
        if let Some(built) = plan.items.get_mut(index) {
            built.targets = targets;
            built.milestones = milestones;
            built.recurrences = recurrences;
            built.children = children;
        }
        index
    }

    fn target(&mut self, target: ast::TargetStmt, holder: Holder) -> Target {
        let kind = match target.value {
            ast::TargetValue::Trend(direction) => TargetKind::Trend(direction.node),
            ast::TargetValue::Change {
                baseline,
                direction,
                amount,
            } => {
                let amount = self.quantity(amount);
                match self.baseline_ref(&baseline) {
                    Some(index) => TargetKind::Change {
                        baseline: index,
                        direction: direction.node,
                        amount,
                    },
                    None => TargetKind::Trend(direction.node),
                }
            }
            ast::TargetValue::Value {
                comparison,
                suffix,
                value,
            } => TargetKind::Value {
                comparison: comparison.node,
                suffix,
                value: self.quantity(value),
            },
            ast::TargetValue::Range { low, high } => TargetKind::Range {
                low: self.quantity(low).into(),
                high: self.quantity(high).into(),
            },
            ast::TargetValue::Baseline {
                comparison,
                baseline,
            } => match self.baseline_ref(&baseline) {
                Some(index) => TargetKind::VersusBaseline {
                    comparison: comparison.node,
                    baseline: index,
                },
                None => TargetKind::Trend(TrendDirection::Steady),
            },
        };
        let mut parts = Vec::new();
        if let Some(split) = target.split {
            let mut seen: FxHashMap<usize, Span> = FxHashMap::default();
            parts.reserve(split.parts.len());
            for part in split.parts {
                let Some(owner) = self.owner_only(&part.owner) else {
                    continue;
                };
                if let Some(first) = seen.get(&owner) {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::Duplicate,
                            format!("`{}` has two parts in this breakdown", part.owner.node),
                            part.owner.span,
                            "second part",
                        )
                        .with_label(*first, "first part")
                        .with_help("give each owner one part"),
                    );
                    continue;
                }
                seen.insert(owner, part.owner.span);
                let unit_given = part.value.unit.is_some();
                let mut value = self.quantity(part.value);
                if !unit_given && let TargetKind::Value { value: total, .. } = &kind {
                    value.unit = total.unit.clone();
                    value.unit_written = total.unit_written.clone();
                }
                parts.push(Part { owner, value });
            }
        }
        let metric = match target.metric {
            Some(metric) => metric.node.into(),
            None => target.name.node.clone(),
        };
        let due = target
            .due
            .as_ref()
            .and_then(|w| self.checked_window(w, "the target's due date"))
            .map(Box::new);
        Target {
            id: target.name.node,
            metric,
            stretch: target.stretch,
            holder,
            kind,
            parts,
            due,
            span: target.name.span,
        }
    }

    fn dependency(&mut self, dependent: Node, dep: ast::DepRef, plan: &mut Plan) {
        let prerequisite = match self.lookup(&dep.target.node) {
            Some(Symbol::Item(index)) => Node::Item(index),
            Some(Symbol::Milestone(index)) => Node::Milestone(index),
            _ => {
                let candidates =
                    self.names_where(|s| matches!(s, Symbol::Item(_) | Symbol::Milestone(_)));
                self.undefined(
                    Code::UndefinedItem,
                    "an item or milestone",
                    &dep.target,
                    candidates,
                    "name an item or milestone declared in the plan",
                );
                return;
            }
        };
        plan.dependencies.push(Dependency {
            dependent,
            prerequisite,
            kind: dep.kind,
            from_start: dep.from_start,
            lag: dep.lag.as_ref().map(|l| l.node),
            span: dep.target.span,
        });
    }

    fn fill_prose(&mut self, plan: &mut Plan, pending: Vec<(ProseSlot, Span)>) {
        let symbols = &self.symbols;
        let cite = |name: &str| match symbols.get(name) {
            Some((Symbol::Target(index), _)) => Some(Cite::Target(index)),
            Some((Symbol::Recurrence(index), _)) => Some(Cite::Recurrence(index)),
            _ => None,
        };
        let owner = |name: &str| match symbols.get(name) {
            Some((Symbol::Owner(index), _)) => Some(index),
            _ => None,
        };
        let citable_cell = &self.citable;
        let budget = &self.suggestion_budget;
        let citable = || -> &[String] {
            let names = citable_cell.get_or_init(|| {
                let mut names: Vec<String> = symbols
                    .iter()
                    .filter(|(_, symbol)| {
                        matches!(symbol, Symbol::Target(_) | Symbol::Recurrence(_))
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
        let context = ProseContext {
            cite: &cite,
            owner: &owner,
            citable: &citable,
            units: &self.unit_names,
        };
        let mut scratch = prose::Scratch::default();
        let mut titles = Vec::new();
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
                ProseSlot::Goal(index) => {
                    if let Some(goal) = plan.goals.get_mut(index) {
                        goal.texts.push(prose);
                    }
                }
                ProseSlot::Section(index) => {
                    if let Some(section) = plan.sections.get_mut(index) {
                        section.texts.push(prose);
                    }
                }
                ProseSlot::Item(index) => {
                    if let Some(item) = plan.items.get_mut(index) {
                        item.texts.push(prose);
                    }
                }
                // A title keeps its written form only when it cites a target (or holds literal
                // text); it reads with the figures filled in (once every target is built).
                ProseSlot::ItemTitle(index) => {
                    if cites(&prose) {
                        titles.push((true, index, prose));
                    }
                }
                ProseSlot::SectionTitle(index) => {
                    if cites(&prose) {
                        titles.push((false, index, prose));
                    }
                }
            }
        }
        scratch.finish(self.diagnostics);
        for (item, index, prose) in titles {
            let title = plan.render(&prose);
            if item {
                if let Some(item) = plan.items.get_mut(index) {
                    item.title = title.into();
                    item.title_prose = Some(Box::new(prose));
                }
            } else if let Some(section) = plan.sections.get_mut(index) {
                section.title = title;
                section.title_prose = Some(Box::new(prose));
            }
        }
    }

    fn check_part_cites(&mut self, plan: &Plan) {
        for cite in &self.part_cites {
            let Some(target) = plan.targets.get(cite.target) else {
                continue;
            };
            if !target.parts.iter().any(|p| p.owner == cite.owner) {
                let owner = plan
                    .owners
                    .get(cite.owner)
                    .map(|o| o.id.as_str())
                    .unwrap_or("");
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UndefinedTarget,
                        format!("`{}` has no part for `{owner}`", target.id),
                        cite.span,
                        "cited here",
                    )
                    .with_label(target.span, "the target")
                    .with_help(format!(
                        "add `{owner} …` to the breakdown of `{}`",
                        target.id
                    )),
                );
            }
        }
    }

    /// Warnings about owners and items that are not connected.
    fn check_usage(&mut self, plan: &mut Plan) {
        let mut used = vec![false; plan.owners.len()];
        for item in &plan.items {
            for reference in item.lead.iter().chain(&item.support) {
                for &owner in &reference.owners {
                    if let Some(flag) = used.get_mut(owner) {
                        *flag = true;
                    }
                }
            }
            if item.lead.is_none() && item.support.is_empty() && item.parent.is_none() {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::NoOwner,
                        format!("item `{}` has no owner", item.id),
                        item.span,
                        "no `lead` or `support`",
                    )
                    .with_help("add `牵头 OWNER` to the item"),
                );
            }
        }
        for target in &plan.targets {
            for part in &target.parts {
                if let Some(flag) = used.get_mut(part.owner) {
                    *flag = true;
                }
            }
        }
        for (owner, used) in plan.owners.iter().zip(used) {
            if !used {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::UnusedOwner,
                        format!("owner `{}` has no items", owner.id),
                        owner.span,
                        "declared but never assigned",
                    )
                    .with_help("make it the lead or a supporter of an item, or remove it"),
                );
            }
        }
    }
}

#[derive(Default)]
struct Counters {
    items: usize,
    targets: usize,
    milestones: usize,
    recurrences: usize,
    dependencies: usize,
}

enum ProseSlot {
    Preamble,
    GoalsIntro,
    GoalsText,
    Goal(usize),
    Section(usize),
    Item(usize),
    /// An item's title that may cite targets or hold a figure.
    ItemTitle(usize),
    /// A section's title, likewise.
    SectionTitle(usize),
}

/// Whether a title (a string literal at `span`) needs reading as prose: it may cite a target
/// (`{`), hold literal text (a backtick) or a figure (a digit that starts a number, as prose
/// reads them: not after a letter, digit, `.`, `+` or `-`, so `i123` is none). Most titles do
/// none of these and are taken as written.
fn may_cite(sources: &SourceMap, span: Span) -> bool {
    let bytes = sources.slice(span).as_bytes();
    bytes.iter().enumerate().any(|(at, &b)| {
        b == b'{'
            || b == b'`'
            || (b.is_ascii_digit()
                && !at
                    .checked_sub(1)
                    .and_then(|p| bytes.get(p))
                    .is_some_and(|&p| p.is_ascii_alphanumeric() || matches!(p, b'.' | b'+' | b'-')))
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

/// The first and last day of a written period, in the plan year.
fn part_bounds(
    part: ast::WhenPart,
    year: i16,
    period: Period,
    terms: &Terms,
) -> Option<(Date, Date)> {
    let month_bounds = |year: i16, month: i8| -> Option<(Date, Date)> {
        let start = Date::new(year, month, 1).ok()?;
        Some((start, start.last_of_month()))
    };
    Some(match part {
        ast::WhenPart::Date(date) => (date, date),
        ast::WhenPart::YearMonth(year, month) => month_bounds(year, month)?,
        ast::WhenPart::Month(month) => month_bounds(year, month)?,
        ast::WhenPart::MonthDay(month, day) => {
            let date = Date::new(year, month, day).ok()?;
            (date, date)
        }
        ast::WhenPart::MonthWindow(from, to) => {
            (month_bounds(year, from)?.0, month_bounds(year, to)?.1)
        }
        ast::WhenPart::Quarter(quarter) => {
            let first = (quarter - 1) * 3 + 1;
            (
                month_bounds(year, first)?.0,
                month_bounds(year, first + 2)?.1,
            )
        }
        ast::WhenPart::Half(half) => {
            let first = (half - 1) * 6 + 1;
            (
                month_bounds(year, first)?.0,
                month_bounds(year, first + 5)?.1,
            )
        }
        ast::WhenPart::WholePeriod => (period.start, period.end),
        ast::WhenPart::Year(year) => (Date::new(year, 1, 1).ok()?, Date::new(year, 12, 31).ok()?),
        ast::WhenPart::YearEnd(year) => month_bounds(year, 12)?,
        ast::WhenPart::MonthEnd(month) => month_bounds(year, month)?,
        ast::WhenPart::MonthTenth(month, tenth) => {
            let (first, last) = month_bounds(year, month)?;
            match tenth {
                1 => (first, Date::new(year, month, 10).ok()?),
                2 => (
                    Date::new(year, month, 11).ok()?,
                    Date::new(year, month, 20).ok()?,
                ),
                _ => (Date::new(year, month, 21).ok()?, last),
            }
        }
        ast::WhenPart::Named(named) => named_bounds(named, year, terms)?,
        ast::WhenPart::InYear(named_year, inner) => {
            let inner = match inner {
                ast::InYear::Month(month) => ast::WhenPart::Month(month),
                ast::InYear::MonthEnd(month) => ast::WhenPart::MonthEnd(month),
                ast::InYear::MonthTenth(month, tenth) => ast::WhenPart::MonthTenth(month, tenth),
                ast::InYear::Half(half) => ast::WhenPart::Half(half),
                ast::InYear::Named(named) => ast::WhenPart::Named(named),
            };
            part_bounds(inner, named_year, period, terms)?
        }
    })
}

/// School terms of the plan: the defaults of GRAMMAR.md ("Dates as planners write them") unless
/// the header gives a term's dates (`学期 春季 2027-02-22 .. 2027-07-02`).
#[derive(Debug, Clone, Default)]
pub(super) struct Terms {
    /// Spring terms given in the header, by their first day.
    pub spring: Vec<(Date, Date)>,
    /// Autumn terms given in the header, by their first day.
    pub autumn: Vec<(Date, Date)>,
}

impl Terms {
    /// The spring term that starts in `year`: from the header, or 正月十六 to 06-30.
    fn spring(&self, year: i16) -> Option<(Date, Date)> {
        if let Some(&term) = self.spring.iter().find(|(start, _)| start.year() == year) {
            return Some(term);
        }
        let start = crate::calendar::statutory::lunar(year, 1, 16).ok()?;
        Some((start, Date::new(year, 6, 30).ok()?))
    }

    /// The autumn term that starts in `year`: from the header, or 09-01 to 01-31 of the next
    /// year.
    fn autumn(&self, year: i16) -> Option<(Date, Date)> {
        if let Some(&term) = self.autumn.iter().find(|(start, _)| start.year() == year) {
            return Some(term);
        }
        Some((
            Date::new(year, 9, 1).ok()?,
            Date::new(year + 1, 1, 31).ok()?,
        ))
    }
}

/// The first and last day of a named time of `year` (GRAMMAR.md gives the meanings).
fn named_bounds(named: ast::NamedTime, year: i16, terms: &Terms) -> Option<(Date, Date)> {
    use crate::calendar::statutory::lunar;
    use ast::NamedTime::*;
    let days = |d: Date, n: i64| d.checked_add(jiff::Span::new().days(n)).ok();
    let jan_1 = Date::new(year, 1, 1).ok()?;
    let dec_31 = Date::new(year, 12, 31).ok()?;
    Some(match named {
        BeforeSpringFestival => {
            let eve = days(lunar(year, 1, 1).ok()?, -1)?;
            (days(eve, -30)?.max(jan_1), days(eve, -1)?)
        }
        AfterSpringFestival => (lunar(year, 1, 8).ok()?, days(lunar(year, 2, 1).ok()?, -1)?),
        BeforeSchool => {
            let start = terms.autumn(year)?.0;
            (days(start, -31)?, days(start, -1)?)
        }
        Summer => (
            days(terms.spring(year)?.1, 1)?,
            days(terms.autumn(year)?.0, -1)?,
        ),
        Winter => {
            let eve = days(lunar(year, 1, 1).ok()?, -1)?;
            (days(eve, -21)?.max(jan_1), days(terms.spring(year)?.0, -1)?)
        }
        SpringTerm => terms.spring(year)?,
        AutumnTerm => {
            let (start, end) = terms.autumn(year)?;
            (start, end.min(dec_31))
        }
        MidYear => {
            let day = Date::new(year, 6, 30).ok()?;
            (day, day)
        }
        BeforeFloodSeason => (Date::new(year, 4, 1).ok()?, Date::new(year, 4, 30).ok()?),
    })
}
