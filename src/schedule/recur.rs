//! Recurrence: dated occurrences. This is the one definition of when occurrences fall: `check`
//! (which runs the schedule), `schedule`, the checklists and the documents all read the
//! occurrences made here.
//!
//! A recurrence stays inside its item: its occurrences fall between the item's earliest start
//! and its latest finish (the item's span below). Each frequency cuts that span into windows:
//! weeks (Monday to Sunday), calendar months, calendar quarters, or, for `全年`/`yearly`, each
//! calendar year (or one window per month named with `于`, in each year). A window cut by the
//! span's ends keeps only its part inside the span. In a multi-year plan `每年 N次` therefore
//! means N in every year.
//!
//! In each window the `N` occurrences split its working days evenly: occurrence `i` (from 0) may
//! happen from working day `⌊i·W/N⌋` and is due by working day `⌊(i+1)·W/N⌋ − 1` of the `W`
//! working days. With `截至 D` (`by D`) the window ends on day `D` of its month (for a quarter,
//! of its last month; clamped to the month's last day), so the last occurrence is due by then.
//!
//! Every occurrence needs a working day of its own. A week, month or quarter that lies wholly
//! inside the span with fewer working days than `N` is an error (`planc::recurrence`), except a
//! week with no working day at all (a holiday week), which is skipped; one cut short by the
//! span's ends gets as many occurrences as it has working days. A year (or its part inside the
//! span) with fewer working days than `N`, a named month that never falls inside the span, and
//! a recurrence left with no occurrence at all are errors too.

use super::Occurrence;
use crate::calendar::Calendar;
use crate::diagnostic::problem::RecurrenceInItem;
use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{Frequency, Plan, Recurrence};
use jiff::civil::Date;

/// One window: first day, last day, whether it lies wholly inside the span, occurrences, and the
/// named month it is for (yearly recurrences with `于`).
struct Window {
    start: Date,
    end: Date,
    whole: bool,
    count: u32,
    month: Option<u8>,
}

fn first_of_month(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1).ok()
}

/// The last day of the month of `date`, or day `day` of it (clamped to the month).
fn month_end(date: Date, day: Option<u8>) -> Date {
    let last = date.last_of_month();
    match day {
        Some(day) => {
            let clamped = i8::try_from(day).unwrap_or(31).min(last.day()).max(1);
            Date::new(last.year(), last.month(), clamped).unwrap_or(last)
        }
        None => last,
    }
}

/// The windows of a recurrence over the span `start..=end`.
fn windows(recurrence: &Recurrence, start: Date, end: Date) -> Vec<Window> {
    let mut out = Vec::new();
    let clip = |a: Date, b: Date, count: u32, month: Option<u8>, out: &mut Vec<Window>| {
        let s = a.max(start);
        let e = b.min(end);
        if s <= e {
            out.push(Window {
                start: s,
                end: e,
                whole: s == a && e == b,
                count,
                month,
            });
        }
    };
    let count = recurrence.count;
    const GUARD: usize = 100_000;
    match recurrence.frequency {
        Frequency::Weekly => {
            let back = i64::from(start.weekday().to_monday_zero_offset());
            let mut monday = start
                .checked_sub(jiff::Span::new().days(back))
                .unwrap_or(start);
            let mut guard = 0;
            while monday <= end && guard < GUARD {
                guard += 1;
                let sunday = monday
                    .checked_add(jiff::Span::new().days(6))
                    .unwrap_or(Date::MAX);
                clip(monday, sunday, count, None, &mut out);
                match monday.checked_add(jiff::Span::new().days(7)) {
                    Ok(next) => monday = next,
                    Err(_) => break,
                }
            }
        }
        Frequency::Monthly | Frequency::Quarterly => {
            let step: i8 = if recurrence.frequency == Frequency::Monthly {
                1
            } else {
                3
            };
            let first_month = if step == 1 {
                start.month()
            } else {
                (start.month() - 1) / 3 * 3 + 1
            };
            let mut cursor = first_of_month(start.year(), first_month);
            let mut guard = 0;
            while let Some(first) = cursor {
                if first > end || guard > GUARD {
                    break;
                }
                guard += 1;
                let last_month = first
                    .checked_add(jiff::Span::new().months(i64::from(step - 1)))
                    .unwrap_or(first);
                clip(
                    first,
                    month_end(last_month, recurrence.day),
                    count,
                    None,
                    &mut out,
                );
                cursor = first
                    .checked_add(jiff::Span::new().months(i64::from(step)))
                    .ok();
            }
        }
        Frequency::Yearly => {
            let mut months = recurrence.months.clone();
            months.sort_unstable();
            months.dedup();
            for year in start.year()..=end.year() {
                if months.is_empty() {
                    let (Some(first), Ok(last)) =
                        (first_of_month(year, 1), Date::new(year, 12, 31))
                    else {
                        continue;
                    };
                    clip(first, last, count, None, &mut out);
                    continue;
                }
                for &month in &months {
                    let Some(first) = i8::try_from(month)
                        .ok()
                        .and_then(|m| first_of_month(year, m))
                    else {
                        continue;
                    };
                    clip(
                        first,
                        month_end(first, recurrence.day),
                        1,
                        Some(month),
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

/// The span an item's recurrences fall in: from its earliest start to its latest finish.
pub type Span = (Date, Date);

/// Expands every recurrence into dated occurrences inside its item's span (`spans`, indexed like
/// [`Plan::items`]; an item without one uses the plan period). Occurrences that do not fit are
/// errors.
pub fn expand(
    plan: &Plan,
    calendar: &Calendar,
    spans: &[Span],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for (index, recurrence) in plan.recurrences.iter_enumerated() {
        if recurrence.count == 0 {
            continue;
        }
        let (start, end) = spans[recurrence.item.index()];
        let item_span = plan.items[recurrence.item].span;
        let mut problem: Option<Diagnostic> = None;
        let mut report = |diagnostic: Diagnostic| {
            if problem.is_none() {
                problem = Some(diagnostic);
            }
        };
        // The recurrence in its item, as the problems of one that does not fit there name it.
        let in_item = || RecurrenceInItem {
            recurrence: recurrence.id.to_string(),
            item: plan.items[recurrence.item].id.to_string(),
            start,
            end,
            span: recurrence.span,
            item_span,
        };
        let mut number = 0;
        let mut named_months_held: Vec<u8> = Vec::new();
        for window in windows(recurrence, start, end) {
            let available = calendar.workdays_between(window.start, window.end);
            let wanted = i64::from(window.count);
            if available < wanted {
                let holiday_week = recurrence.frequency == Frequency::Weekly && available == 0;
                let yearly = recurrence.frequency == Frequency::Yearly && window.month.is_none();
                if (window.whole && !holiday_week) || yearly {
                    report(
                        Problem::TooManyOccurrences {
                            recurrence: recurrence.id.to_string(),
                            count: window.count,
                            from: window.start,
                            to: window.end,
                            available,
                            span: recurrence.written.span,
                            item_span,
                        }
                        .into(),
                    );
                }
            }
            let k = wanted.min(available);
            if k > 0
                && let Some(month) = window.month
            {
                named_months_held.push(month);
            }
            for i in 0..k {
                let lo = i * available / k;
                let hi = (i + 1) * available / k - 1;
                number += 1;
                out.push(Occurrence {
                    recurrence: index,
                    index: number,
                    start: calendar.add_workdays(window.start, lo + 1),
                    due: calendar.add_workdays(window.start, hi + 1),
                });
            }
        }
        if recurrence.frequency == Frequency::Yearly {
            let mut missing: Vec<u8> = recurrence
                .months
                .iter()
                .copied()
                .filter(|m| !named_months_held.contains(m))
                .collect();
            missing.sort_unstable();
            missing.dedup();
            if !missing.is_empty() {
                report(
                    Problem::RecurrenceOutsideItem {
                        months: missing,
                        at: in_item(),
                    }
                    .into(),
                );
            }
        }
        if number == 0 {
            report(Problem::RecurrenceNever { at: in_item() }.into());
        }
        diagnostics.extend(problem);
    }
    out
}
