//! The plan header: the period, the school terms, the calendar the period needs, the numbering
//! styles (`编号`), and statements that may be given only once.

use super::Resolver;
use super::dates::Terms;
use crate::calendar::{self, HolidayFile};
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::{Span, Spanned};
use crate::syntax::ast;
use jiff::civil::Date;

pub(super) fn period_of(header: &ast::PlanHeader, diagnostics: &mut Vec<Diagnostic>) -> Period {
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
pub(super) fn terms_of(header: &ast::PlanHeader, diagnostics: &mut Vec<Diagnostic>) -> Terms {
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
    if let Some(&last) = provisional.last().filter(|_| !broken_file && dated) {
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

impl Resolver<'_> {
    /// The plan's numbering (`编号`), with a diagnostic for every style that is not one.
    pub(super) fn numbering(&mut self, header: &ast::PlanHeader) -> Numbering {
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
    pub(super) fn single<T>(
        &mut self,
        values: Vec<Spanned<T>>,
        keyword: &str,
    ) -> Option<Spanned<T>> {
        let first = values.first().map(|v| v.span);
        for extra in values.iter().skip(1) {
            self.diagnostics.push(repeated(keyword, extra.span, first));
        }
        values.into_iter().next()
    }
}
