//! Pest pairs to syntax tree nodes.

use super::Rule;
use super::ast::*;
use super::expected::{bad_statement, shown};
use super::keywords::{Place, direction_of};
use super::number;
use crate::diagnostic::{Code, Diagnostic, Problem};
use crate::source::{FileId, Span, Spanned};
use pest::iterators::Pair;
use rust_decimal::Decimal;

struct Lower<'a> {
    file: FileId,
    text: &'a str,
    /// Where the parsed text starts in `text` (a chunk of a large file is parsed on its own).
    base: usize,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Syntax errors past [`MAX_SYNTAX_ERRORS`] not reported, and where the first of them is.
    skipped: Option<(usize, Span)>,
    /// The blocks never closed, told by indentation; read at the first block the file ends in.
    unclosed: Option<Vec<super::expected::Unclosed>>,
    /// How many of them were reported.
    unclosed_reported: usize,
}

/// Most syntax errors reported for one file. A file of garbage gives one error a line; past this
/// they are counted, not kept, so memory stays bounded (about a kilobyte per diagnostic).
const MAX_SYNTAX_ERRORS: usize = 10_000;

/// Builds the syntax tree of a file from its root pair.
pub fn file(
    file: FileId,
    text: &str,
    root: Pair<'_, Rule>,
    diagnostics: &mut Vec<Diagnostic>,
) -> File {
    file_at(file, text, 0, root, diagnostics)
}

/// Builds the syntax tree of the part of a file that starts at `base`, from the root pair of that
/// part parsed on its own; spans are positions in the whole `text`.
pub fn file_at(
    file: FileId,
    text: &str,
    base: usize,
    root: Pair<'_, Rule>,
    diagnostics: &mut Vec<Diagnostic>,
) -> File {
    let mut lower = Lower {
        file,
        text,
        base,
        diagnostics,
        skipped: None,
        unclosed: None,
        unclosed_reported: 0,
    };
    let mut tree = File::default();
    for pair in root.into_inner() {
        if let Some(statement) = lower.top(pair) {
            tree.statements.push(statement);
        }
    }
    // A block found unclosed by indentation explains the statements after it that were read
    // inside it: "is a `}` missing above?" is said once, at the block.
    let first_evidence = lower
        .unclosed
        .as_ref()
        .filter(|_| lower.unclosed_reported > 0)
        .and_then(|found| found.iter().map(|unclosed| unclosed.evidence.0).min());
    if let Some(evidence) = first_evidence {
        lower.diagnostics.retain(|diagnostic| {
            !(diagnostic.code == Code::Misplaced
                && diagnostic
                    .primary_span()
                    .is_some_and(|span| span.start as usize >= evidence))
        });
    }
    if let Some((count, span)) = lower.skipped {
        lower.diagnostics.push(
            Problem::MoreSyntaxErrors {
                count,
                max: MAX_SYNTAX_ERRORS,
                span,
            }
            .into(),
        );
    }
    tree
}

/// The day a date `text` read as, with its place; for a date that names no day (`2021-02-30`,
/// `None`), the error saying so. Plans and progress files both read their dates through it.
pub(crate) fn day_or_no_such_day(
    date: Option<jiff::civil::Date>,
    text: &str,
    span: Span,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Spanned<jiff::civil::Date>> {
    match date {
        Some(date) => Some(Spanned::new(date, span)),
        None => {
            diagnostics.push(
                Problem::NoSuchDay {
                    text: text.to_string(),
                    month_day: false,
                    span,
                }
                .into(),
            );
            None
        }
    }
}

/// The value of a string literal's contents (`inner`, without its quotes), its escapes decoded;
/// and each unknown escape's byte offset in `inner` with the character after its backslash, which
/// the value keeps as it is. Plan and progress files share it.
pub fn unescape(inner: &str) -> (String, Vec<(usize, char)>) {
    let mut value = String::with_capacity(inner.len());
    let mut unknown = Vec::new();
    let mut chars = inner.char_indices();
    while let Some((index, character)) = chars.next() {
        if character != '\\' {
            value.push(character);
            continue;
        }
        match chars.next() {
            Some((_, escaped @ ('"' | '\\' | '{' | '}' | '`'))) => value.push(escaped),
            Some((_, 'n')) => value.push('\n'),
            Some((_, escaped)) => {
                unknown.push((index, escaped));
                value.push(escaped);
            }
            None => {}
        }
    }
    (value, unknown)
}

/// What every block with a name and a title holds, read by [`Lower::titled_block`].
struct Titled {
    name: Option<Name>,
    title: Option<Spanned<String>>,
    texts: Vec<Spanned<String>>,
    facts: Vec<FactStmt>,
}

impl Lower<'_> {
    /// The span of a pair without the spaces and comment pest's implicit whitespace may leave at its end
    /// (a rule ending in an optional part that did not match, e.g. `时限 年底 // 备注`).
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        Span::new(
            self.file,
            self.base + span.start(),
            self.base + trimmed_end(span.as_str(), span.start()),
        )
    }

    fn name(&self, pair: Pair<'_, Rule>) -> Name {
        Spanned::new(pair.as_str().into(), self.span(&pair))
    }

    /// Handles the recovery nodes shared by every block; returns true when the pair was one.
    fn recovery(&mut self, pair: &Pair<'_, Rule>, context: Place, opened: Span) -> bool {
        let mut span = self.span(pair);
        if pair.as_rule() == Rule::bad_stmt {
            // The grammar reads a bad statement's text in runs that take the spaces after them;
            // the statement ends at its last character that is not a space.
            let trimmed = pair.as_str().trim_end_matches([' ', '\t', '\u{3000}']);
            span.end = span.start + u32::try_from(trimmed.len()).unwrap_or(0);
        }
        if matches!(
            pair.as_rule(),
            Rule::bad_stmt | Rule::stray_open | Rule::stray_close
        ) && self.diagnostics.len() >= MAX_SYNTAX_ERRORS
        {
            let (count, _) = self.skipped.get_or_insert((0, span));
            *count += 1;
            return true;
        }
        match pair.as_rule() {
            Rule::bad_stmt => {
                let diagnostic = bad_statement(
                    self.file,
                    self.text,
                    span.start as usize,
                    span.end as usize,
                    context,
                );
                self.diagnostics.push(diagnostic);
                true
            }
            Rule::stray_open | Rule::stray_close => {
                self.diagnostics.push(
                    Problem::Stray {
                        open: pair.as_rule() == Rule::stray_open,
                        progress: false,
                        span,
                    }
                    .into(),
                );
                true
            }
            Rule::missing_close => {
                let unclosed = self
                    .unclosed
                    .get_or_insert_with(|| super::expected::unclosed_blocks(self.text));
                if let Some(found) = unclosed.get(self.unclosed_reported).cloned() {
                    self.unclosed_reported += 1;
                    let (start, end) = found.opener;
                    let (from, to) = found.evidence;
                    let opener = Span::new(self.file, start, end);
                    let keyword = self.text.get(start..end).unwrap_or("");
                    let line = self.text[..from].matches('\n').count() + 1;
                    self.diagnostics.push(
                        Problem::BlockNotClosed {
                            keyword: shown(keyword),
                            span: opener,
                            evidence: Span::new(self.file, from, to),
                            reason: found.reason,
                            line,
                        }
                        .into(),
                    );
                    return true;
                }
                self.diagnostics.push(
                    Problem::BlockNotClosedAtEnd {
                        span: opened,
                        end: span,
                    }
                    .into(),
                );
                true
            }
            Rule::line_end | Rule::EOI => true,
            _ => false,
        }
    }

    fn top(&mut self, pair: Pair<'_, Rule>) -> Option<TopStmt> {
        let span = self.span(&pair);
        if self.recovery(&pair, Place::Top, span) {
            return None;
        }
        Some(match pair.as_rule() {
            Rule::plan_block => TopStmt::Plan(self.plan(pair)),
            Rule::include_stmt => {
                let string = pair.into_inner().find(|p| p.as_rule() == Rule::string)?;
                TopStmt::Include(self.string(string))
            }
            Rule::unit_decl => TopStmt::Units(
                pair.into_inner()
                    .filter(|p| p.as_rule() == Rule::unit_name)
                    .map(|p| self.name(p))
                    .collect(),
            ),
            Rule::owner_decl => TopStmt::Owner(self.owner(pair)?),
            Rule::group_decl => {
                let mut names = pair.into_inner().filter(|p| p.as_rule() == Rule::ident);
                let name = self.name(names.next()?);
                let members = names.map(|p| self.name(p)).collect();
                TopStmt::Group(GroupDecl { name, members })
            }
            Rule::baseline_decl => TopStmt::Baseline(self.baseline(pair)?),
            Rule::reference_decl => {
                let mut name = None;
                let mut display = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::ident => name = Some(self.name(inner)),
                        Rule::string => display = Some(self.string(inner)),
                        _ => {}
                    }
                }
                TopStmt::Reference(ReferenceDecl {
                    name: name?,
                    display,
                })
            }
            Rule::category_decl => {
                let mut name = None;
                let mut display = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::ident => name = Some(self.name(inner)),
                        Rule::string => display = Some(self.string(inner)),
                        _ => {}
                    }
                }
                TopStmt::Category(CategoryDecl {
                    name: name?,
                    display,
                })
            }
            Rule::goals_block => TopStmt::Goals(self.goals(pair)),
            Rule::section_block => TopStmt::Section(self.section(pair)?),
            Rule::dayoff_decl => {
                let mut dates = Vec::new();
                let mut reason = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::date => dates.push(self.date(inner)?),
                        Rule::string => reason = Some(self.string(inner)),
                        _ => {}
                    }
                }
                let from = dates.first()?.clone();
                let to = dates.get(1).cloned().unwrap_or_else(|| from.clone());
                TopStmt::DayOff(DayOffDecl { from, to, reason })
            }
            Rule::workday_decl => {
                let mut date = None;
                let mut reason = None;
                for inner in pair.into_inner() {
                    match inner.as_rule() {
                        Rule::date => date = self.date(inner),
                        Rule::string => reason = Some(self.string(inner)),
                        _ => {}
                    }
                }
                TopStmt::Workday(WorkdayDecl {
                    date: date?,
                    reason,
                })
            }
            _ => return None,
        })
    }

    fn plan(&mut self, pair: Pair<'_, Rule>) -> PlanHeader {
        let span = self.span(&pair);
        let mut header = PlanHeader {
            span,
            title: Spanned::new(String::new(), span),
            periods: Vec::new(),
            orgs: Vec::new(),
            preamble: Vec::new(),
            holidays: Vec::new(),
            terms: Vec::new(),
            numbering: Vec::new(),
            owner_notes: Vec::new(),
            due_notes: Vec::new(),
            tables: Vec::new(),
            signatures: Vec::new(),
        };
        let mut opened = span;
        for inner in pair.into_inner() {
            if self.recovery(&inner, Place::Plan, opened) {
                continue;
            }
            match inner.as_rule() {
                Rule::kw_plan => opened = self.span(&inner),
                Rule::string => header.title = self.string(inner),
                Rule::period_stmt => {
                    let statement_span = self.span(&inner);
                    let mut dates = Vec::new();
                    let mut years = Vec::new();
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::date => dates.extend(self.date(part)),
                            Rule::year => years.extend(part.as_str().parse::<i16>().ok()),
                            _ => {}
                        }
                    }
                    let spec = match (years.as_slice(), dates.as_slice()) {
                        ([year], _) => Some(PeriodSpec::Year(*year)),
                        ([from, to], _) => Some(PeriodSpec::Years(*from, *to)),
                        ([], [from, to]) => Some(PeriodSpec::Dates(from.node, to.node)),
                        _ => None,
                    };
                    if let Some(spec) = spec {
                        header.periods.push(Spanned::new(spec, statement_span));
                    }
                }
                Rule::org_stmt => {
                    if let Some(string) = inner.into_inner().find(|p| p.as_rule() == Rule::string) {
                        header.orgs.push(self.string(string));
                    }
                }
                Rule::preamble_stmt => {
                    if let Some(string) = inner.into_inner().find(|p| p.as_rule() == Rule::string) {
                        header.preamble.push(self.string(string));
                    }
                }
                Rule::term_stmt => {
                    let statement_span = self.span(&inner);
                    let mut autumn = false;
                    let mut dates = Vec::new();
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::term_name => {
                                autumn = matches!(part.as_str(), "秋季" | "autumn");
                            }
                            Rule::date => dates.extend(self.date(part)),
                            _ => {}
                        }
                    }
                    if let [start, end] = dates.as_slice() {
                        header.terms.push(Spanned::new(
                            TermSpec {
                                autumn,
                                start: start.node,
                                end: end.node,
                            },
                            statement_span,
                        ));
                    }
                }
                Rule::holidays_stmt => {
                    if let Some(string) = inner.into_inner().find(|p| p.as_rule() == Rule::string) {
                        header.holidays.push(self.string(string));
                    }
                }
                Rule::numbering_stmt => {
                    let statement_span = self.span(&inner);
                    let mut spec = NumberingSpec {
                        styles: Vec::new(),
                        per_section: false,
                    };
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::string => spec.styles.push(self.string(part)),
                            Rule::per_section => spec.per_section = true,
                            _ => {}
                        }
                    }
                    header.numbering.push(Spanned::new(spec, statement_span));
                }
                Rule::owner_note_stmt => {
                    let statement_span = self.span(&inner);
                    let mut style = None;
                    let mut labels = Vec::new();
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::note_style => style = OwnerNote::from_word(part.as_str()),
                            Rule::string => labels.push(self.string(part)),
                            _ => {}
                        }
                    }
                    if let Some(style) = style {
                        header.owner_notes.push(Spanned::new(
                            OwnerNoteSpec { style, labels },
                            statement_span,
                        ));
                    }
                }
                Rule::due_note_stmt => {
                    if let Some(string) = inner.into_inner().find(|p| p.as_rule() == Rule::string) {
                        header.due_notes.push(self.string(string));
                    }
                }
                Rule::table_stmt => {
                    let statement_span = self.span(&inner);
                    let mut columns = Vec::new();
                    for column in inner.into_inner() {
                        let mut kind = None;
                        let mut heading = None;
                        for part in column.into_inner() {
                            match part.as_rule() {
                                Rule::column_kind => {
                                    kind = super::keywords::lookup_all(part.as_str())
                                        .find_map(super::keywords::column_kind)
                                }
                                Rule::string => heading = Some(self.string(part)),
                                _ => {}
                            }
                        }
                        if let (Some(kind), Some(heading)) = (kind, heading) {
                            columns.push(TableColumn { kind, heading });
                        }
                    }
                    header.tables.push(Spanned::new(columns, statement_span));
                }
                Rule::signed_stmt => {
                    let statement_span = self.span(&inner);
                    let mut office = None;
                    let mut date = None;
                    for part in inner.into_inner() {
                        match part.as_rule() {
                            Rule::string => office = Some(self.string(part).node),
                            Rule::date => date = self.date(part).map(|d| d.node),
                            _ => {}
                        }
                    }
                    if let Some(office) = office {
                        header
                            .signatures
                            .push(Spanned::new(Signature { office, date }, statement_span));
                    }
                }
                _ => {}
            }
        }
        header
    }

    fn owner(&mut self, pair: Pair<'_, Rule>) -> Option<OwnerDecl> {
        let mut kind = OwnerKind::Department;
        let mut name = None;
        let mut display = None;
        let mut capacity = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::owner_kind => {
                    kind = match inner.into_inner().next().map(|p| p.as_rule()) {
                        Some(Rule::kw_district) => OwnerKind::District,
                        Some(Rule::kw_institution) => OwnerKind::Institution,
                        Some(Rule::kw_collective) => OwnerKind::Collective,
                        _ => OwnerKind::Department,
                    }
                }
                Rule::ident => name = Some(self.name(inner)),
                Rule::string => display = Some(self.string(inner)),
                Rule::capacity => {
                    if let Some(number) = inner.into_inner().find(|p| p.as_rule() == Rule::number) {
                        let span = self.span(&number);
                        capacity = self
                            .decimal(number.as_str(), span)
                            .map(|d| Spanned::new(d, span));
                    }
                }
                _ => {}
            }
        }
        Some(OwnerDecl {
            kind,
            name: name?,
            display,
            capacity,
        })
    }

    fn baseline(&mut self, pair: Pair<'_, Rule>) -> Option<BaselineDecl> {
        let mut name = None;
        let mut display = None;
        let mut value = None;
        let mut later_unit = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.name(inner)),
                Rule::string => display = Some(self.string(inner)),
                Rule::quantity => value = self.quantity(inner),
                Rule::baseline_later => {
                    later_unit = inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::unit)
                        .map(|p| self.name(p));
                }
                _ => {}
            }
        }
        Some(BaselineDecl {
            name: name?,
            display,
            value,
            later_unit,
        })
    }

    fn goals(&mut self, pair: Pair<'_, Rule>) -> GoalsBlock {
        let span = self.span(&pair);
        let mut block = GoalsBlock {
            span,
            intro: None,
            texts: Vec::new(),
            goals: Vec::new(),
        };
        let mut opened = span;
        for inner in pair.into_inner() {
            if self.recovery(&inner, Place::Goals, opened) {
                continue;
            }
            match inner.as_rule() {
                Rule::kw_goals => {
                    opened = self.span(&inner);
                    block.span = opened;
                }
                Rule::string => block.intro = Some(self.string(inner)),
                Rule::text_stmt => block.texts.extend(self.text(inner)),
                Rule::goal_block => {
                    if let Some(goal) = self.goal(inner) {
                        block.goals.push(goal);
                    }
                }
                _ => {}
            }
        }
        block
    }

    /// Walks a block with a name and a title (a goal, a section): recovery, the opening keyword
    /// (`keyword`, which the recovery of a block never closed points at), the name, the title,
    /// texts and facts are read here; every other statement by `statement`.
    fn titled_block(
        &mut self,
        pair: Pair<'_, Rule>,
        place: Place,
        keyword: Rule,
        mut statement: impl FnMut(&mut Self, Pair<'_, Rule>),
    ) -> Titled {
        let mut block = Titled {
            name: None,
            title: None,
            texts: Vec::new(),
            facts: Vec::new(),
        };
        let mut opened = self.span(&pair);
        for inner in pair.into_inner() {
            if self.recovery(&inner, place, opened) {
                continue;
            }
            match inner.as_rule() {
                rule if rule == keyword => opened = self.span(&inner),
                Rule::ident => block.name = Some(self.name(inner)),
                Rule::string => block.title = Some(self.string(inner)),
                Rule::text_stmt => block.texts.extend(self.text(inner)),
                Rule::fact_stmt => block.facts.extend(self.fact(inner)),
                _ => statement(self, inner),
            }
        }
        block
    }

    fn goal(&mut self, pair: Pair<'_, Rule>) -> Option<GoalBlock> {
        let mut targets = Vec::new();
        let mut respectively = Vec::new();
        let block = self.titled_block(pair, Place::Goal, Rule::kw_goal, |lower, inner| match inner
            .as_rule()
        {
            Rule::target_stmt => targets.extend(lower.target(inner)),
            Rule::respectively_stmt => respectively.push(lower.respectively(inner)),
            _ => {}
        });
        Some(GoalBlock {
            name: block.name?,
            title: block.title?,
            texts: block.texts,
            targets,
            respectively,
            facts: block.facts,
        })
    }

    fn section(&mut self, pair: Pair<'_, Rule>) -> Option<SectionBlock> {
        let mut items = Vec::new();
        let block = self.titled_block(pair, Place::Section, Rule::kw_section, |lower, inner| {
            if inner.as_rule() == Rule::item_block {
                items.extend(lower.item(inner));
            }
        });
        Some(SectionBlock {
            name: block.name?,
            title: block.title?,
            texts: block.texts,
            facts: block.facts,
            items,
        })
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> Option<ItemBlock> {
        let mut opened = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut item = ItemBlock {
            name: Spanned::new(Default::default(), opened),
            title: Spanned::new(String::new(), opened),
            texts: Vec::new(),
            leads: Once::new(),
            supports: Vec::new(),
            targets: Vec::new(),
            respectively: Vec::new(),
            dues: Once::new(),
            due_whats: Once::new(),
            starts: Once::new(),
            windows: Once::new(),
            durations: Once::new(),
            deps: Vec::new(),
            milestones: Vec::new(),
            recurs: Vec::new(),
            tags: Vec::new(),
            facts: Vec::new(),
            children: Vec::new(),
        };
        for inner in pair.into_inner() {
            if self.recovery(&inner, Place::Item, opened) {
                continue;
            }
            match inner.as_rule() {
                Rule::kw_item => opened = self.span(&inner),
                Rule::ident => name = Some(self.name(inner)),
                Rule::string => title = Some(self.string(inner)),
                Rule::text_stmt => item.texts.extend(self.text(inner)),
                Rule::lead_stmt => item.leads.extend(self.idents(inner)),
                Rule::support_stmt => item.supports.extend(self.idents(inner)),
                Rule::tags_stmt => item.tags.extend(self.idents(inner)),
                Rule::target_stmt => item.targets.extend(self.target(inner)),
                Rule::respectively_stmt => item.respectively.push(self.respectively(inner)),
                Rule::due_stmt => {
                    if let Some(string) = inner
                        .clone()
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::string)
                    {
                        item.due_whats.push(self.string(string));
                    }
                    item.dues.extend(self.when_of(inner));
                }
                Rule::start_stmt => item.starts.extend(self.when_of(inner)),
                Rule::window_stmt => item.windows.extend(self.when_of(inner)),
                Rule::duration_stmt => {
                    let span = self.span(&inner);
                    if let Some(duration) = self.duration(inner) {
                        item.durations.push(Spanned::new(duration, span));
                    }
                }
                Rule::after_stmt => item.deps.extend(self.deps(inner, DepKind::After)),
                Rule::needs_stmt => item.deps.extend(self.deps(inner, DepKind::Needs)),
                Rule::milestone_stmt => item.milestones.extend(self.milestone(inner)),
                Rule::recur_stmt => item.recurs.extend(self.recur(inner)),
                Rule::fact_stmt => item.facts.extend(self.fact(inner)),
                Rule::item_block => item.children.extend(self.item(inner)),
                _ => {}
            }
        }
        item.name = name?;
        item.title = title?;
        // `extend` with one element reserves room for four: with large elements (a target is some
        // 300 bytes) that was over a kilobyte of spare capacity per item, a fifth of the memory of
        // a checked 100,000-item plan.
        item.texts.shrink_to_fit();
        item.leads.shrink_to_fit();
        item.supports.shrink_to_fit();
        item.targets.shrink_to_fit();
        item.dues.shrink_to_fit();
        item.starts.shrink_to_fit();
        item.windows.shrink_to_fit();
        item.durations.shrink_to_fit();
        item.deps.shrink_to_fit();
        item.milestones.shrink_to_fit();
        item.recurs.shrink_to_fit();
        item.tags.shrink_to_fit();
        item.facts.shrink_to_fit();
        item.children.shrink_to_fit();
        Some(item)
    }

    fn idents(&self, pair: Pair<'_, Rule>) -> Vec<Name> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::ident)
            .map(|p| self.name(p))
            .collect()
    }

    fn text(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<String>> {
        let string = pair.into_inner().find(|p| p.as_rule() == Rule::string)?;
        Some(self.string(string))
    }

    fn when_of(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<When>> {
        let when = pair.into_inner().find(|p| p.as_rule() == Rule::when)?;
        self.when(when)
    }

    fn deps(&mut self, pair: Pair<'_, Rule>, kind: DepKind) -> Vec<DepRef> {
        let mut deps = Vec::new();
        for inner in pair.into_inner() {
            if inner.as_rule() != Rule::dep_ref {
                continue;
            }
            let mut target = None;
            let mut from_start = false;
            let mut lag = None;
            for part in inner.into_inner() {
                match part.as_rule() {
                    Rule::ident => target = Some(self.name(part)),
                    Rule::dep_from_start => from_start = true,
                    Rule::lag => {
                        let span = self.span(&part);
                        let negative = part
                            .clone()
                            .into_inner()
                            .any(|p| p.as_rule() == Rule::sign && p.as_str() == "-");
                        if let Some(mut duration) = self.duration(part) {
                            if negative {
                                duration.amount = -duration.amount;
                            }
                            lag = Some(Spanned::new(duration, span));
                        }
                    }
                    _ => {}
                }
            }
            if let Some(target) = target {
                deps.push(DepRef {
                    kind,
                    target,
                    from_start,
                    lag,
                });
            }
        }
        deps
    }

    fn duration(&mut self, pair: Pair<'_, Rule>) -> Option<Duration> {
        let mut amount = None;
        let mut unit = DurationUnit::Workdays;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::number => {
                    let span = self.span(&part);
                    amount = match part.as_str().parse::<i64>() {
                        Ok(value) if value <= 100_000 => Some(value),
                        _ => {
                            self.diagnostics
                                .push(Problem::DurationNumber { span }.into());
                            None
                        }
                    }
                }
                Rule::duration_unit => {
                    unit = match part.as_str() {
                        "工作日" | "workdays" | "workday" => DurationUnit::Workdays,
                        "天" | "days" | "day" => DurationUnit::Days,
                        "周" | "weeks" | "week" => DurationUnit::Weeks,
                        _ => DurationUnit::Months,
                    }
                }
                _ => {}
            }
        }
        Some(Duration {
            amount: amount?,
            unit,
        })
    }

    fn milestone(&mut self, pair: Pair<'_, Rule>) -> Option<MilestoneStmt> {
        let mut name = None;
        let mut title = None;
        let mut due = None;
        let mut deps = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.name(inner)),
                Rule::string => title = Some(self.string(inner)),
                Rule::milestone_due => due = self.when_of(inner),
                Rule::milestone_after => deps.extend(self.deps(inner, DepKind::After)),
                Rule::milestone_needs => deps.extend(self.deps(inner, DepKind::Needs)),
                _ => {}
            }
        }
        Some(MilestoneStmt {
            name: name?,
            title,
            due,
            deps,
        })
    }

    fn recur(&mut self, pair: Pair<'_, Rule>) -> Option<RecurStmt> {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut frequency = None;
        let mut count = None;
        let mut months = Vec::new();
        let mut day = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.name(inner)),
                Rule::string => title = Some(self.string(inner)),
                Rule::frequency => {
                    frequency = inner.into_inner().next().map(|p| match p.as_rule() {
                        Rule::freq_weekly => Frequency::Weekly,
                        Rule::freq_monthly => Frequency::Monthly,
                        Rule::freq_quarterly => Frequency::Quarterly,
                        _ => Frequency::Yearly,
                    })
                }
                Rule::quantity => count = self.quantity(inner),
                Rule::recur_months => {
                    for month in inner.into_inner().filter(|p| p.as_rule() == Rule::month) {
                        let span = self.span(&month);
                        let digits: String = month
                            .as_str()
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect();
                        if let Some(value) = self.month_number(&digits, span) {
                            months.push(Spanned::new(value as u8, span));
                        }
                    }
                }
                Rule::recur_day => {
                    if let Some(part) = inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::day_of_month)
                    {
                        let span = self.span(&part);
                        let digits: String = part
                            .as_str()
                            .chars()
                            .take_while(char::is_ascii_digit)
                            .collect();
                        match digits.parse::<u8>() {
                            Ok(value @ 1..=31) => day = Some(Spanned::new(value, span)),
                            _ => self.diagnostics.push(
                                Problem::NotADay {
                                    written: part.as_str().to_string(),
                                    span,
                                }
                                .into(),
                            ),
                        }
                    }
                }
                _ => {}
            }
        }
        Some(RecurStmt {
            span,
            name: name?,
            title,
            frequency: frequency?,
            count: count?,
            months,
            day,
        })
    }

    fn target(&mut self, pair: Pair<'_, Rule>) -> Option<TargetStmt> {
        let span = self.span(&pair);
        let mut name = None;
        let mut metric = None;
        let mut stretch = false;
        let mut value = None;
        let mut due = None;
        let mut counts = None;
        let mut split = None;
        let mut approx = None;
        let mut change = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.name(inner)),
                Rule::string => metric = Some(self.string(inner)),
                Rule::stretch => stretch = true,
                Rule::trend => {
                    let direction = inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::trend_dir)?;
                    value = Some(TargetValue::Trend(Spanned::new(
                        direction_of(direction.as_str()),
                        self.span(&direction),
                    )));
                }
                Rule::relative | Rule::growth => {
                    let (change, approximate) = self.change(inner)?;
                    approx = approximate;
                    value = Some(TargetValue::Change {
                        baseline: change.baseline,
                        direction: change.direction,
                        amount: change.amount,
                        high: change.high,
                    });
                }
                Rule::in_step => {
                    let keyword = inner.clone().into_inner().next()?;
                    let comparison = Spanned::new(Comparison::InStep, self.span(&keyword));
                    let baseline = inner
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::ident)
                        .map(|p| self.name(p))?;
                    value = Some(TargetValue::Baseline {
                        comparison,
                        baseline,
                    });
                }
                Rule::compared => {
                    let (mut about, mut or_so) = (false, false);
                    for part in inner.clone().into_inner() {
                        match part.as_rule() {
                            Rule::about => about = true,
                            Rule::or_so => or_so = true,
                            Rule::value_change => {
                                change = Some(Box::new(self.change(part)?.0));
                            }
                            _ => {}
                        }
                    }
                    approx = Approx::of(about, or_so);
                    value = self.compared(inner);
                }
                Rule::target_due => due = self.when_of(inner),
                Rule::count_of => counts = self.count_of(inner),
                Rule::split => split = Some(self.split(inner)),
                _ => {}
            }
        }
        Some(TargetStmt {
            span,
            name: name?,
            metric,
            stretch,
            value: value?,
            due,
            counts,
            split,
            approx,
            change,
        })
    }

    /// `已完成 NAME "name" [QUANTITY] [截至 WHEN]`.
    fn fact(&mut self, pair: Pair<'_, Rule>) -> Option<FactStmt> {
        let span = self.span(&pair);
        let mut name = None;
        let mut title = None;
        let mut value = None;
        let mut bound = None;
        let mut by = None;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::ident => name = Some(self.name(inner)),
                Rule::string => title = Some(self.string(inner)),
                Rule::quantity => {
                    bound = inner
                        .clone()
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::cmp_suffix)
                        .map(|p| p.as_str() == "以上");
                    value = Some(self.quantity(inner)?);
                }
                Rule::fact_by => by = Some(self.when_of(inner)?),
                _ => {}
            }
        }
        Some(FactStmt {
            span,
            name: name?,
            title: title?,
            value,
            bound,
            by,
        })
    }

    /// `计数 子事项 | 计数 标签 TAG | 计数 GROUP`.
    fn count_of(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<CountOf>> {
        let span = self.span(&pair);
        let counted = pair.into_inner().find(|p| p.as_rule() != Rule::kw_counts)?;
        let what = match counted.as_rule() {
            Rule::count_subitems => CountOf::SubItems,
            Rule::count_tag => {
                CountOf::Tag(self.name(counted.into_inner().find(|p| p.as_rule() == Rule::ident)?))
            }
            _ => CountOf::Group(self.name(counted)),
        };
        Some(Spanned::new(what, span))
    }

    /// `relative`, `growth` or `value_change`: the change, and whether it is approximate.
    fn change(&mut self, pair: Pair<'_, Rule>) -> Option<(ValueChange, Option<Approx>)> {
        let mut baseline = None;
        let mut direction = None;
        let mut amount = None;
        let (mut about, mut or_so) = (false, false);
        let mut high = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => baseline = Some(self.name(part)),
                Rule::change_dir => {
                    direction = Some(Spanned::new(direction_of(part.as_str()), self.span(&part)))
                }
                Rule::quantity => amount = self.quantity(part),
                Rule::growth_range => {
                    let mut ends = part.into_inner().filter(|p| p.as_rule() == Rule::quantity);
                    amount = self.quantity(ends.next()?);
                    high = Some(Box::new(self.quantity(ends.next()?)?));
                }
                Rule::about => about = true,
                Rule::or_so => or_so = true,
                _ => {}
            }
        }
        let approx = Approx::of(about, or_so);
        Some((
            ValueChange {
                baseline,
                direction: direction?,
                amount: amount?,
                high,
            },
            approx,
        ))
    }

    fn compared(&mut self, pair: Pair<'_, Rule>) -> Option<TargetValue> {
        let mut comparison = None;
        let mut result = None;
        let span = self.span(&pair);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::comparison => {
                    let rule = part.clone().into_inner().next().map(|p| p.as_rule());
                    let cmp = match rule {
                        Some(Rule::cmp_ge) => Comparison::Ge,
                        Some(Rule::cmp_gt) => Comparison::Gt,
                        Some(Rule::cmp_le) => Comparison::Le,
                        Some(Rule::cmp_lt) => Comparison::Lt,
                        _ => Comparison::Eq,
                    };
                    comparison = Some(Spanned::new(cmp, self.span(&part)));
                }
                Rule::range => {
                    let mut amounts = Vec::new();
                    let mut unit = None;
                    for piece in part.into_inner() {
                        match piece.as_rule() {
                            Rule::amount => amounts.push(piece),
                            Rule::unit => {
                                if let Some(high) = amounts.last()
                                    && self.other_notation(high, &piece)
                                {
                                    return None;
                                }
                                unit = Some(self.name(piece))
                            }
                            _ => {}
                        }
                    }
                    let mut quantities = Vec::new();
                    for amount in amounts {
                        let amount_span = self.span(&amount);
                        let (value, written) = self.amount(amount)?;
                        quantities.push(Quantity {
                            span: amount_span,
                            value,
                            written: written.into(),
                            unit: unit.clone(),
                        });
                    }
                    let high = quantities.pop()?;
                    let low = quantities.pop()?;
                    result = Some(TargetValue::Range { low, high });
                }
                Rule::quantity => {
                    let suffix = part
                        .clone()
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::cmp_suffix)
                        .map(|p| (p.as_str() == "以上", self.span(&p)));
                    let value = self.quantity(part)?;
                    let (comparison, suffix) = match (suffix, comparison.clone()) {
                        (Some((above, suffix_span)), None) => (
                            Spanned::new(
                                if above {
                                    Comparison::Ge
                                } else {
                                    Comparison::Le
                                },
                                suffix_span,
                            ),
                            true,
                        ),
                        // `达 95% 以上`: "reach 95% or more"; the suffix decides.
                        (Some((above, suffix_span)), Some(prefix))
                            if prefix.node == Comparison::Eq =>
                        {
                            (
                                Spanned::new(
                                    if above {
                                        Comparison::Ge
                                    } else {
                                        Comparison::Le
                                    },
                                    suffix_span,
                                ),
                                true,
                            )
                        }
                        (Some((_, suffix_span)), Some(_)) => {
                            self.diagnostics.push(
                                Problem::TwoComparisons {
                                    part: false,
                                    span: suffix_span,
                                }
                                .into(),
                            );
                            return None;
                        }
                        (None, comparison) => (
                            comparison.unwrap_or(Spanned::new(Comparison::Eq, value.span)),
                            false,
                        ),
                    };
                    result = Some(TargetValue::Value {
                        comparison,
                        suffix,
                        value,
                    });
                }
                Rule::baseline_ref => {
                    let baseline = self.name(part);
                    let comparison = comparison
                        .clone()
                        .unwrap_or(Spanned::new(Comparison::Eq, span));
                    result = Some(TargetValue::Baseline {
                        comparison,
                        baseline,
                    });
                }
                _ => {}
            }
        }
        result
    }

    fn split(&mut self, pair: Pair<'_, Rule>) -> Split {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        let mut keyword = span;
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::kw_split => keyword = self.span(&inner),
                Rule::split_part => parts.extend(self.split_part(inner)),
                Rule::missing_close => self.unclosed_split(keyword, &inner),
                _ => {}
            }
        }
        Split {
            span: keyword,
            parts,
        }
    }

    fn unclosed_split(&mut self, keyword: Span, missing: &Pair<'_, Rule>) {
        let end = self.span(missing);
        self.diagnostics
            .push(Problem::BreakdownNotClosed { span: keyword, end }.into());
    }

    /// A part's label: an owner, group or category (`ident`), or a free label (`string`).
    fn part_label(&mut self, pair: Pair<'_, Rule>) -> Option<(Name, bool)> {
        match pair.as_rule() {
            Rule::ident => Some((self.name(pair), false)),
            Rule::string => {
                let label = self.string(pair);
                Some((Spanned::new(label.node.into(), label.span), true))
            }
            _ => None,
        }
    }

    /// `split_part`: a label, an optional comparison, a quantity and an optional nested breakdown.
    fn split_part(&mut self, pair: Pair<'_, Rule>) -> Option<SplitPart> {
        let mut label = None;
        let mut prefix = None;
        let mut value = None;
        let mut suffix = None;
        let mut split = None;
        for piece in pair.into_inner() {
            match piece.as_rule() {
                Rule::ident | Rule::string => label = self.part_label(piece),
                Rule::comparison => prefix = Some(self.comparison(piece)),
                Rule::quantity => {
                    suffix = piece
                        .clone()
                        .into_inner()
                        .find(|p| p.as_rule() == Rule::cmp_suffix)
                        .map(|p| {
                            let cmp = if p.as_str() == "以上" {
                                Comparison::Ge
                            } else {
                                Comparison::Le
                            };
                            Spanned::new(cmp, self.span(&p))
                        });
                    value = self.quantity(piece);
                }
                Rule::split => split = Some(self.split(piece)),
                _ => {}
            }
        }
        let (comparison, suffix) = match (prefix, suffix) {
            (None, None) => (None, false),
            (Some(prefix), None) => (Some(prefix), false),
            // `达 4万以上`: the suffix decides, as in a target.
            (Some(prefix), Some(suffix)) if prefix.node == Comparison::Eq => (Some(suffix), true),
            (None, Some(suffix)) => (Some(suffix), true),
            (Some(_), Some(suffix)) => {
                self.diagnostics.push(
                    Problem::TwoComparisons {
                        part: true,
                        span: suffix.span,
                    }
                    .into(),
                );
                return None;
            }
        };
        let (label, free) = label?;
        Some(SplitPart {
            label,
            free,
            comparison,
            suffix,
            value: value?,
            split,
        })
    }

    /// The comparison a `comparison` pair names.
    fn comparison(&self, pair: Pair<'_, Rule>) -> Spanned<Comparison> {
        let span = self.span(&pair);
        let cmp = match pair.into_inner().next().map(|p| p.as_rule()) {
            Some(Rule::cmp_ge) => Comparison::Ge,
            Some(Rule::cmp_gt) => Comparison::Gt,
            Some(Rule::cmp_le) => Comparison::Le,
            Some(Rule::cmp_lt) => Comparison::Lt,
            _ => Comparison::Eq,
        };
        Spanned::new(cmp, span)
    }

    /// `respectively_stmt`: the targets and the rows.
    fn respectively(&mut self, pair: Pair<'_, Rule>) -> Respectively {
        let mut span = self.span(&pair);
        let mut targets = Vec::new();
        let mut rows = Vec::new();
        for inner in pair.into_inner() {
            match inner.as_rule() {
                Rule::kw_respectively => span = self.span(&inner),
                Rule::ident => targets.push(self.name(inner)),
                Rule::respectively_row => {
                    let mut label = None;
                    let mut values = Vec::new();
                    let mut complete = true;
                    for piece in inner.into_inner() {
                        match piece.as_rule() {
                            Rule::ident | Rule::string => label = self.part_label(piece),
                            Rule::quantity => {
                                // A row's values are exact: a bound belongs in a target's own
                                // breakdown, where its comparison is written before its value.
                                if let Some(suffix) = piece
                                    .clone()
                                    .into_inner()
                                    .find(|p| p.as_rule() == Rule::cmp_suffix)
                                {
                                    let span = self.span(&suffix);
                                    self.diagnostics.push(
                                        Problem::RowBound {
                                            suffix: suffix.as_str().to_string(),
                                            span,
                                        }
                                        .into(),
                                    );
                                    // The value is kept, so that the sums report nothing more.
                                }
                                match self.quantity(piece) {
                                    Some(value) => values.push(value),
                                    None => complete = false,
                                }
                            }
                            _ => {}
                        }
                    }
                    if let (Some((label, free)), true) = (label, complete) {
                        rows.push(RespectivelyRow {
                            label,
                            free,
                            values,
                        });
                    }
                }
                Rule::missing_close => self.unclosed_split(span, &inner),
                _ => {}
            }
        }
        Respectively {
            span,
            targets,
            rows,
        }
    }

    fn quantity(&mut self, pair: Pair<'_, Rule>) -> Option<Quantity> {
        let span = self.span(&pair);
        let mut amount = None;
        let mut unit = None;
        let mut amount_pair = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::amount => {
                    amount = self.amount(part.clone());
                    amount_pair = Some(part);
                }
                Rule::unit => {
                    if let Some(amount_pair) = &amount_pair
                        && self.other_notation(amount_pair, &part)
                    {
                        return None;
                    }
                    unit = Some(self.name(part));
                }
                _ => {}
            }
        }
        let (value, written) = amount?;
        Some(Quantity {
            span,
            value,
            written: written.into(),
            unit,
        })
    }

    /// The exact value of a number with an optional 万/亿, and the text as written.
    fn amount(&mut self, pair: Pair<'_, Rule>) -> Option<(Decimal, String)> {
        let span = self.span(&pair);
        let written = pair.as_str().to_string();
        let mut digits = "";
        let mut magnitude = "";
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::number => digits = part.as_str(),
                Rule::magnitude => magnitude = part.as_str(),
                _ => {}
            }
        }
        match number::exact(digits, magnitude) {
            Ok(value) => Some((value, written)),
            Err(error) => {
                self.diagnostics
                    .push(number::number_error(error, span, &written));
                None
            }
        }
    }

    /// A plain number (a capacity): its exact value.
    fn decimal(&mut self, text: &str, span: Span) -> Option<Decimal> {
        match number::exact(text, "") {
            Ok(value) => Some(value),
            Err(error) => {
                self.diagnostics
                    .push(number::number_error(error, span, text));
                None
            }
        }
    }

    /// Reports an amount directly followed by a unit that makes it a number in another notation
    /// (`1e400个`, `0x10个`, `13萬`); true when it did.
    fn other_notation(&mut self, amount: &Pair<'_, Rule>, unit: &Pair<'_, Rule>) -> bool {
        if amount.as_span().end() != unit.as_span().start() {
            return false;
        }
        match number::notation(amount.as_str(), unit.as_str()) {
            Some(notation) => {
                let start = self.span(amount);
                let end = self.span(unit);
                self.diagnostics.push(number::notation_error(
                    &notation,
                    Span::new(self.file, start.start as usize, end.end as usize),
                    amount.as_str(),
                    unit.as_str(),
                ));
                true
            }
            None => false,
        }
    }

    fn string(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let raw = pair.as_str();
        let (value, unknown) = unescape(raw.get(1..raw.len().saturating_sub(1)).unwrap_or(""));
        for (index, escaped) in unknown {
            let start = span.start as usize + 1 + index;
            self.diagnostics.push(
                Problem::UnknownEscape {
                    escaped: super::shown(&escaped.to_string()),
                    whole: false,
                    span: Span::new(self.file, start, start + 1 + escaped.len_utf8()),
                }
                .into(),
            );
        }
        Spanned::new(value, span)
    }

    fn date(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<jiff::civil::Date>> {
        let text = pair.as_str();
        let date = text.parse::<jiff::civil::Date>().ok();
        day_or_no_such_day(date, text, self.span(&pair), self.diagnostics)
    }

    fn month_number(&mut self, digits: &str, span: Span) -> Option<i8> {
        match digits.parse::<i8>() {
            Ok(month @ 1..=12) => Some(month),
            _ => {
                self.diagnostics.push(
                    Problem::NotAMonth {
                        digits: digits.to_string(),
                        span,
                    }
                    .into(),
                );
                None
            }
        }
    }

    fn when(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<When>> {
        let span = self.span(&pair);
        let mut parts = Vec::new();
        for part in pair.into_inner() {
            parts.push(self.when_part(part)?);
        }
        let when = match parts.as_slice() {
            [one] => When::Single(*one),
            [from, to] => When::Range(*from, *to),
            _ => return None,
        };
        Some(Spanned::new(when, span))
    }

    fn when_part(&mut self, pair: Pair<'_, Rule>) -> Option<WhenPart> {
        let span = self.span(&pair);
        let text = pair.as_str();
        let numbers: Vec<&str> = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .collect();
        let number = |index: usize| numbers.get(index).and_then(|n| n.parse::<i16>().ok());
        Some(match pair.as_rule() {
            Rule::date => WhenPart::Date(self.date(pair)?.node),
            Rule::year_month => {
                let year = number(0)?;
                let month = self.month_number(numbers.get(1)?, span)?;
                WhenPart::YearMonth(year, month)
            }
            Rule::month => WhenPart::Month(self.month_number(numbers.first()?, span)?),
            Rule::month_window => {
                let from = self.month_number(numbers.first()?, span)?;
                let to = self.month_number(numbers.get(1)?, span)?;
                WhenPart::MonthWindow(from, to)
            }
            Rule::month_day => {
                let month = self.month_number(numbers.first()?, span)?;
                let day = number(1)?;
                if !day_exists(month, day) {
                    self.diagnostics.push(
                        Problem::NoSuchDay {
                            text: text.to_string(),
                            month_day: true,
                            span,
                        }
                        .into(),
                    );
                    return None;
                }
                WhenPart::MonthDay(month, i8::try_from(day).ok()?)
            }
            Rule::quarter => WhenPart::Quarter(quarter_of(text)),
            Rule::half => WhenPart::Half(half_of(text)),
            Rule::year_named => {
                let (year, named) = read_year_named(text)?;
                let month = match named {
                    YearNamed::Month(month, _) => self.month_number(&month.to_string(), span)?,
                    _ => 0,
                };
                named.part(year, month)
            }
            Rule::month_tenth => {
                let month = self.month_number(numbers.first()?, span)?;
                WhenPart::MonthTenth(month, tenth_of(text))
            }
            Rule::month_end => WhenPart::MonthEnd(self.month_number(numbers.first()?, span)?),
            Rule::named_time => WhenPart::Named(NamedTime::from_word(text)?),
            _ => WhenPart::WholePeriod,
        })
    }
}

/// Which quarter a `quarter` token (`Q2`, `第二季度`, `三季度`) names: 1 to 4. Both parsers read
/// quarters, halves, thirds and days of a month with these functions.
pub(crate) fn quarter_of(text: &str) -> i8 {
    if text.contains('1') || text.contains('一') {
        1
    } else if text.contains('2') || text.contains('二') {
        2
    } else if text.contains('3') || text.contains('三') {
        3
    } else {
        4
    }
}

/// Which half a `half` token (`H1`, `上半年`, `H2`, `下半年`) names: 1 or 2.
pub(crate) fn half_of(text: &str) -> i8 {
    if text == "H1" || text == "上半年" {
        1
    } else {
        2
    }
}

/// Whether day `day` of month `month` (1–12) exists in some year (a leap year: 2月29日 does).
pub(crate) fn day_exists(month: i8, day: i16) -> bool {
    i8::try_from(day).is_ok_and(|day| jiff::civil::Date::new(2020, month, day).is_ok())
}

/// Which third of a month `上旬`/`中旬`/`下旬` names: 1, 2 or 3.
pub(crate) fn tenth_of(text: &str) -> i8 {
    if text.contains("上旬") {
        1
    } else if text.contains("中旬") {
        2
    } else {
        3
    }
}

/// The end offset of `text` (which starts at `start`) without trailing whitespace and `//` comments.
fn trimmed_end(text: &str, start: usize) -> usize {
    let mut text = text;
    loop {
        let trimmed = text.trim_end_matches([' ', '\t', '\u{3000}', '\r', '\n']);
        let line_start = trimmed.rfind('\n').map(|n| n + 1).unwrap_or(0);
        let line = trimmed.get(line_start..).unwrap_or("");
        match super::scan::comment_start(line) {
            Some(comment) => text = trimmed.get(..line_start + comment).unwrap_or(""),
            None => return start + trimmed.len(),
        }
    }
}
