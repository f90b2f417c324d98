//! Dates as planners write them: windows (`6月`, `春节前`, `春季学期`), read in the plan's period
//! and checked to lie inside it; the school terms.

use super::Resolver;
use crate::diagnostic::Problem;
use crate::model::*;
use crate::source::{Span, Spanned};
use crate::syntax::ast;
use jiff::civil::Date;

impl Resolver<'_> {
    pub(super) fn window(&mut self, when: &Spanned<ast::When>) -> Option<Window> {
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
                Problem::WindowInverted {
                    written: written.to_string(),
                    span: when.span,
                }
                .into(),
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

    pub(super) fn inside_period(&mut self, date: Date, span: Span, what: &str) -> bool {
        if self.period.contains(date) {
            return true;
        }
        self.diagnostics.push(
            Problem::DateOutside {
                what: what.to_string(),
                date,
                start: self.period.start,
                end: self.period.end,
                span,
            }
            .into(),
        );
        false
    }

    pub(super) fn checked_window(
        &mut self,
        when: &Spanned<ast::When>,
        what: &str,
    ) -> Option<Window> {
        let window = self.window(when)?;
        if !self.period.contains(window.start) || !self.period.contains(window.end) {
            self.diagnostics.push(
                Problem::WindowOutside {
                    what: what.to_string(),
                    written: window.written.to_string(),
                    from: window.start,
                    to: window.end,
                    start: self.period.start,
                    end: self.period.end,
                    span: when.span,
                }
                .into(),
            );
        }
        Some(window)
    }
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
    pub(super) fn spring(&self, year: i16) -> Option<(Date, Date)> {
        if let Some(&term) = self.spring.iter().find(|(start, _)| start.year() == year) {
            return Some(term);
        }
        let start = crate::calendar::statutory::lunar(year, 1, 16).ok()?;
        Some((start, Date::new(year, 6, 30).ok()?))
    }

    /// The autumn term that starts in `year`: from the header, or 09-01 to 01-31 of the next
    /// year.
    pub(super) fn autumn(&self, year: i16) -> Option<(Date, Date)> {
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
