//! Every problem planc reports, as a typed value carrying its data, and the one place that words it.
//!
//! A check never formats a message: it builds a [`Problem`] variant with the names, numbers and
//! places the message needs and turns it into a [`Diagnostic`] with `.into()` (or
//! [`Problem::diagnostic`]). [`Problem::word`] is the only function that writes message, label and
//! help text (a tidy test fails on `Diagnostic::error(`/`warning(` anywhere else in `src/`), so
//! wording stays consistent: lowercase, names in backticks, no final period, counts through
//! [`Count`](super::Count).
//!
//! # How to add a diagnostic
//!
//! 1. Add a variant to [`Problem`] with the data its message needs: names as `String`, places as
//!    [`Span`] (the first place is the primary one), numbers as they are. Prefer data over text:
//!    pass the figure, not the figure formatted.
//! 2. Word it in [`Problem::word`]: one arm returning `("code.detail", diagnostic)`, where `code`
//!    is the [`Code`]'s name (a new code goes in `Code`, with its description and severity) and
//!    `detail` a stable snake_case name for this message (`undefined_owner.did_you_mean`). Build
//!    the diagnostic with [`error`]/[`warning`] and `.with_label`/`.with_help`.
//! 3. At the check: `diagnostics.push(Problem::MyVariant { .. }.into())`.
//! 4. Add a broken plan under `tests/cases/` that produces it, to `CASES` in
//!    `tests/integration/diagnostics.rs`, and accept its report with
//!    `UPDATE_EXPECT=1 cargo test --test integration diagnostics::` (read it). The test
//!    `every_problem_has_a_case` fails while a variant's name is produced by no case.

use super::{Code, Diagnostic};
use crate::source::Span;

/// A raw error with one labelled place; only for the arms of [`Problem::word`].
fn error(
    code: Code,
    message: impl Into<String>,
    span: Span,
    label: impl Into<String>,
) -> Diagnostic {
    Diagnostic::raw(
        super::Severity::Error,
        code,
        message.into(),
        span,
        label.into(),
    )
}

/// A raw warning with one labelled place; only for the arms of [`Problem::word`].
fn warning(
    code: Code,
    message: impl Into<String>,
    span: Span,
    label: impl Into<String>,
) -> Diagnostic {
    Diagnostic::raw(
        super::Severity::Warning,
        code,
        message.into(),
        span,
        label.into(),
    )
}

/// One problem found in a plan (or its progress, includes, calendar or policy file), with the
/// data its message needs. Worded by [`Problem::word`].
#[derive(Debug, Clone, PartialEq)]
pub enum Problem {
    // ---- the plan header (check/resolve/header.rs) ----
    /// The header declares no period.
    NoPeriod { header: Span },
    /// `期间 YEAR` with a year jiff cannot represent.
    PeriodYearRange { year: i16, span: Span },
    /// `期间 A .. B` whose end year is before its start year.
    PeriodYearsInverted { first: i16, last: i16, span: Span },
    /// `期间 A .. B` with years jiff cannot represent.
    PeriodYearsRange { first: i16, last: i16, span: Span },
    /// `期间 D1 .. D2` whose end date is before its start date.
    PeriodDatesInverted { span: Span },
    /// A school term whose end is before its start.
    TermInverted { span: Span },
    /// A school term given twice for one year.
    TermRepeated { autumn: bool, year: i16, span: Span },
    /// A period with years outside the calendar planc computes.
    NoCalendar {
        first: i16,
        last: i16,
        supported_first: i16,
        supported_last: i16,
        span: Span,
    },
    /// Two holiday files for one year.
    HolidayFileTwice { year: i16, span: Span, first: Span },
    /// A holiday file for a year outside the period.
    HolidayFileOutside {
        year: i16,
        start: jiff::civil::Date,
        end: jiff::civil::Date,
        span: Span,
    },
    /// Years of the period without their official holiday arrangement.
    ProvisionalCalendar {
        years: Vec<i16>,
        /// Every year is after the last year bundled with planc.
        unpublished: bool,
        span: Span,
    },
    /// A header statement that may be given once, given again.
    Repeated {
        keyword: String,
        span: Span,
        first: Option<Span>,
    },
    /// More than four numbering styles.
    NumberingLevels { count: usize, span: Span },
    /// A numbering style that is not one.
    NumberingStyle {
        written: String,
        why: String,
        span: Span,
    },
}

impl Problem {
    /// The stable name of this message variant, `code.detail` (`plan_header.no_period`).
    pub fn name(&self) -> &'static str {
        self.clone().word().0
    }

    /// The diagnostic, worded.
    pub fn diagnostic(self) -> Diagnostic {
        let (name, mut diagnostic) = self.word();
        diagnostic.problem = name;
        diagnostic
    }

    /// The one place every message, label and help line is written: the variant's stable name
    /// and its diagnostic.
    fn word(self) -> (&'static str, Diagnostic) {
        match self {
            Problem::NoPeriod { header } => (
                "plan_header.no_period",
                error(Code::PlanHeader, "the plan has no period", header, "this header")
                    .with_help(
                        "add `期间 2020` (a year) or `期间 2020-01-01 .. 2020-12-31` to the header",
                    ),
            ),
            Problem::PeriodYearRange { year, span } => (
                "date.period_year",
                error(
                    Code::Date,
                    format!("{year} is not a year planc can use"),
                    span,
                    "out of range",
                )
                .with_help("write a year between 1 and 9999"),
            ),
            Problem::PeriodYearsInverted { first, last, span } => (
                "inverted_range.period_years",
                error(
                    Code::InvertedRange,
                    "the period ends before it starts",
                    span,
                    "end before start",
                )
                .with_help(format!(
                    "write the first year first: `期间 {last} .. {first}`"
                )),
            ),
            Problem::PeriodYearsRange { first, last, span } => (
                "date.period_years",
                error(
                    Code::Date,
                    format!("{first} .. {last} are not years planc can use"),
                    span,
                    "out of range",
                )
                .with_help("write years between 1 and 9999"),
            ),
            Problem::PeriodDatesInverted { span } => (
                "inverted_range.period_dates",
                error(
                    Code::InvertedRange,
                    "the period ends before it starts",
                    span,
                    "end before start",
                )
                .with_help("write the first day first"),
            ),
            Problem::TermInverted { span } => (
                "inverted_range.term",
                error(
                    Code::InvertedRange,
                    "the term ends before it starts",
                    span,
                    "end before start",
                )
                .with_help("write the first day first"),
            ),
            Problem::TermRepeated { autumn, year, span } => (
                "repeated.term",
                error(
                    Code::Repeated,
                    format!(
                        "the {} term of {year} is given twice",
                        if autumn { "autumn" } else { "spring" },
                    ),
                    span,
                    "given again",
                )
                .with_help("give each term of a year once"),
            ),
            Problem::NoCalendar {
                first,
                last,
                supported_first,
                supported_last,
                span,
            } => {
                let which = if first == last {
                    format!("{first}")
                } else {
                    format!("{first}–{last}")
                };
                (
                    "calendar.unsupported",
                    error(
                        Code::Calendar,
                        format!(
                            "planc has no working-day calendar for {which}: it computes holidays for {supported_first}–{supported_last}"
                        ),
                        span,
                        "outside 2000–2100",
                    )
                    .with_help("declare a period within 2000–2100"),
                )
            }
            Problem::HolidayFileTwice { year, span, first } => (
                "holiday_file.twice",
                error(
                    Code::HolidayFile,
                    format!("two holiday files for {year}"),
                    span,
                    "second file for this year",
                )
                .with_label(first, "first file for this year")
                .with_help("keep one file per year"),
            ),
            Problem::HolidayFileOutside {
                year,
                start,
                end,
                span,
            } => (
                "holiday_file.outside_period",
                warning(
                    Code::HolidayFile,
                    format!(
                        "the holiday file is for {year}, outside the plan period {start} to {end}"
                    ),
                    span,
                    "not used",
                )
                .with_help("name the file of a year of the period, or remove this line"),
            ),
            Problem::ProvisionalCalendar {
                years,
                unpublished,
                span,
            } => {
                let list = years
                    .iter()
                    .map(i16::to_string)
                    .collect::<Vec<_>>()
                    .join(", ");
                let last = years.last().copied().unwrap_or_default();
                let (arrangement, it) = if years.len() == 1 {
                    (format!("the official {list} arrangement is"), "it")
                } else {
                    (format!("the official arrangements for {list} are"), "them")
                };
                let state = if unpublished {
                    "not published yet"
                } else {
                    "not bundled with planc"
                };
                let help = if years.len() == 1 {
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
                (
                    "provisional_calendar.years",
                    warning(
                        Code::ProvisionalCalendar,
                        format!(
                            "{arrangement} {state}; statutory holidays are used without 调休; \
                             add {it} with `休息`/`补班` lines or a holiday file"
                        ),
                        span,
                        "provisional working-day calendar",
                    )
                    .with_help(help),
                )
            }
            Problem::Repeated {
                keyword,
                span,
                first,
            } => {
                let mut diagnostic = error(
                    Code::Repeated,
                    format!("`{keyword}` is given more than once"),
                    span,
                    "given again here",
                )
                .with_help(format!("keep one `{keyword}` statement"));
                if let Some(first) = first {
                    diagnostic = diagnostic.with_label(first, "first given here");
                }
                ("repeated.statement", diagnostic)
            }
            Problem::NumberingLevels { count, span } => (
                "numbering.levels",
                error(
                    Code::Numbering,
                    format!(
                        "{count} numbering styles are given, but a plan has four levels (sections, items, sub-items and the level below)"
                    ),
                    span,
                    "a fifth level",
                )
                .with_help("give at most four styles, sections first: `编号 \"一、\" \"（一）\" \"1.\" \"（1）\"`"),
            ),
            Problem::NumberingStyle { written, why, span } => (
                "numbering.style",
                error(
                    Code::Numbering,
                    format!("`{written}` is not a numbering style"),
                    span,
                    why,
                )
                .with_help("a style is one number, `一`, `1` or `①`, between marks: `一、`, `（一）`, `1.`, `（1）`, `①`, `第一部分`"),
            ),
        }
    }
}

impl From<Problem> for Diagnostic {
    fn from(problem: Problem) -> Diagnostic {
        problem.diagnostic()
    }
}
