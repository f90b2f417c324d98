//! The plan header: the period, the school terms, the calendar the period needs, the numbering
//! styles (`编号`), and statements that may be given only once.

use super::Resolver;
use super::dates::Terms;
use crate::calendar::{self, HolidayFile};
use crate::diagnostic::{Code, Diagnostic, Problem};
use crate::model::*;
use crate::source::{Span, Spanned};
use crate::syntax::ast;
use jiff::civil::Date;

pub(super) fn period_of(header: &ast::PlanHeader, diagnostics: &mut Vec<Diagnostic>) -> Period {
    let fallback = Period {
        start: Date::constant(2020, 1, 1),
        end: Date::constant(2020, 12, 31),
    };
    diagnostics.extend(repeated("period", &header.periods));
    diagnostics.extend(repeated("org", &header.orgs));
    diagnostics.extend(repeated("owner_note", &header.owner_notes));
    diagnostics.extend(repeated("due_note", &header.due_notes));
    diagnostics.extend(repeated("table", &header.tables));
    if let Some(note) = header.owner_notes.first() {
        let (style, allowed) = match note.node.style {
            ast::OwnerNote::Merged => ("合并", 1),
            ast::OwnerNote::Separate => ("分列", 2),
            ast::OwnerNote::Lines => ("分行", 2),
        };
        if note.node.labels.len() > allowed {
            diagnostics.push(
                Problem::OwnerLabels {
                    style,
                    count: note.node.labels.len(),
                    allowed,
                    span: note.span,
                }
                .into(),
            );
        }
    }
    if let Some(table) = header.tables.first() {
        for (index, column) in table.node.iter().enumerate() {
            if let Some(first) = table.node[..index].iter().find(|c| c.kind == column.kind) {
                diagnostics.push(
                    Problem::TableColumnTwice {
                        column: column.kind.word(),
                        span: column.heading.span,
                        first: first.heading.span,
                    }
                    .into(),
                );
            }
        }
    }
    diagnostics.extend(repeated("signed", &header.signatures));
    let Some(period) = header.periods.first() else {
        diagnostics.push(
            Problem::NoPeriod {
                header: header.span,
            }
            .into(),
        );
        return fallback;
    };
    match period.node {
        ast::PeriodSpec::Year(year) => match (Date::new(year, 1, 1), Date::new(year, 12, 31)) {
            (Ok(start), Ok(end)) => Period { start, end },
            _ => {
                diagnostics.push(
                    Problem::PeriodYearRange {
                        year,
                        span: period.span,
                    }
                    .into(),
                );
                fallback
            }
        },
        ast::PeriodSpec::Years(first, last) => {
            match (Date::new(first, 1, 1), Date::new(last, 12, 31)) {
                (Ok(start), Ok(end)) if first <= last => Period { start, end },
                (Ok(_), Ok(_)) => {
                    diagnostics.push(
                        Problem::PeriodYearsInverted {
                            first,
                            last,
                            span: period.span,
                        }
                        .into(),
                    );
                    fallback
                }
                _ => {
                    diagnostics.push(
                        Problem::PeriodYearsRange {
                            first,
                            last,
                            span: period.span,
                        }
                        .into(),
                    );
                    fallback
                }
            }
        }
        ast::PeriodSpec::Dates(start, end) => {
            if end < start {
                diagnostics.push(Problem::PeriodDatesInverted { span: period.span }.into());
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
pub(super) fn terms_of(header: &ast::PlanHeader, diagnostics: &mut Vec<Diagnostic>) -> Terms {
    let mut terms = Terms::default();
    for term in &header.terms {
        let ast::TermSpec { autumn, start, end } = term.node;
        if end < start {
            diagnostics.push(Problem::TermInverted { span: term.span }.into());
            continue;
        }
        let list = if autumn {
            &mut terms.autumn
        } else {
            &mut terms.spring
        };
        if list.iter().any(|(s, _)| s.year() == start.year()) {
            diagnostics.push(
                Problem::TermRepeated {
                    autumn,
                    year: start.year(),
                    span: term.span,
                }
                .into(),
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
/// holiday files the calendar uses. A plan with nothing `dated` gets no such warning.
pub(super) fn check_calendar(
    header: &ast::PlanHeader,
    period: Period,
    holidays: Vec<(Span, HolidayFile)>,
    arranged: &[i16],
    dated: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<HolidayFile> {
    let Some(period_span) = header.periods.first().map(|p| p.span) else {
        return holidays.into_iter().map(|(_, file)| file).collect();
    };
    let years = period.start.year()..=period.end.year();
    let supported = calendar::supported_years();
    let outside: Vec<i16> = years.clone().filter(|y| !supported.contains(y)).collect();
    if let (Some(first), Some(last)) = (outside.first(), outside.last()) {
        diagnostics.push(
            Problem::NoCalendar {
                first: *first,
                last: *last,
                supported_first: *supported.start(),
                supported_last: *supported.end(),
                span: period_span,
            }
            .into(),
        );
    }
    let mut files: Vec<HolidayFile> = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    for (span, file) in holidays {
        if let Some(at) = files.iter().position(|f| f.year == file.year) {
            diagnostics.push(
                Problem::HolidayFileTwice {
                    year: file.year,
                    span,
                    first: spans[at],
                }
                .into(),
            );
            continue;
        }
        if !years.contains(&file.year) {
            diagnostics.push(
                Problem::HolidayFileOutside {
                    year: file.year,
                    start: period.start,
                    end: period.end,
                    span,
                }
                .into(),
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
    if !provisional.is_empty() && !broken_file && dated {
        let unpublished = provisional
            .iter()
            .all(|y| y > calendar::covered_years().end());
        diagnostics.push(
            Problem::ProvisionalCalendar {
                years: provisional,
                unpublished,
                span: period_span,
            }
            .into(),
        );
    }
    files
}

/// A diagnostic for every statement of `statements` after the first: the header takes each once.
fn repeated<'a, T>(
    keyword: &'a str,
    statements: &'a [Spanned<T>],
) -> impl Iterator<Item = Diagnostic> + 'a {
    let first = statements.first().map(|s| s.span);
    statements.iter().skip(1).map(move |extra| {
        Problem::Repeated {
            keyword: keyword.to_string(),
            span: extra.span,
            first,
        }
        .into()
    })
}

impl Resolver<'_> {
    /// The plan's numbering (`编号`), with a diagnostic for every style that is not one.
    pub(super) fn numbering(&mut self, header: &ast::PlanHeader) -> Numbering {
        self.diagnostics
            .extend(repeated("numbering", &header.numbering));
        let Some(spec) = header.numbering.first() else {
            return Numbering::default();
        };
        let mut styles = Vec::new();
        let mut bad = false;
        for (level, written) in spec.node.styles.iter().enumerate() {
            if level == 4 {
                bad = true;
                self.diagnostics.push(
                    Problem::NumberingLevels {
                        count: spec.node.styles.len(),
                        span: written.span,
                    }
                    .into(),
                );
                break;
            }
            match NumberStyle::parse(&written.node) {
                Ok(style) => styles.push(style),
                Err(why) => {
                    bad = true;
                    self.diagnostics.push(
                        Problem::NumberingStyle {
                            written: written.node.clone(),
                            why: why.to_string(),
                            span: written.span,
                        }
                        .into(),
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
    pub(super) fn single<T>(
        &mut self,
        values: impl IntoIterator<Item = Spanned<T>> + std::ops::Deref<Target = [Spanned<T>]>,
        keyword: &str,
    ) -> Option<Spanned<T>> {
        self.diagnostics.extend(repeated(keyword, &values));
        values.into_iter().next()
    }
}
