//! Recurrence: dated occurrences.
//!
//! Each frequency cuts the period into windows: weeks (Monday to Sunday), calendar months,
//! calendar quarters, or, for `全年`/`yearly`, the whole period (or one window per month named
//! with `于`). A window cut by the period's ends keeps only its part inside the period.
//!
//! In each window the `N` occurrences split its working days evenly: occurrence `i` (from 0) may
//! happen from working day `⌊i·W/N⌋` and is due by working day `⌊(i+1)·W/N⌋ − 1` of the `W`
//! working days. With `截至 D` (`by D`) the window ends on day `D` of its month (for a quarter,
//! of its last month; clamped to the month's last day), so the last occurrence is due by then.
//!
//! Every occurrence needs a working day of its own. A window that lies wholly inside the period
//! with fewer working days than `N` is an error (`planc::recurrence`), except a week with no
//! working day at all (a holiday week), which is skipped. A window cut short by the period's ends
//! gets as many occurrences as it has working days.

use super::Occurrence;
use crate::calendar::Calendar;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Frequency, Plan, Recurrence};
use jiff::civil::Date;

/// One window: first day, last day, whether it lies wholly inside the period, occurrences.
struct Window {
    start: Date,
    end: Date,
    whole: bool,
    count: u32,
}

fn month_end(date: Date) -> Date {
    date.last_of_month()
}

fn first_of_month(year: i16, month: i8) -> Option<Date> {
    Date::new(year, month, 1).ok()
}

/// The windows of a recurrence over the period.
fn windows(recurrence: &Recurrence, start: Date, end: Date) -> Vec<Window> {
    let mut out = Vec::new();
    let clip = |a: Date, b: Date, count: u32, out: &mut Vec<Window>| {
        let s = a.max(start);
        let e = b.min(end);
        if s <= e {
            out.push(Window {
                start: s,
                end: e,
                whole: s == a && e == b,
                count,
            });
        }
    };
    let count = recurrence.count;
    match recurrence.frequency {
        Frequency::Weekly => {
            let back = i64::from(start.weekday().to_monday_zero_offset());
            let mut monday = start
                .checked_sub(jiff::Span::new().days(back))
                .unwrap_or(start);
            let mut guard = 0;
            while monday <= end && guard < 100_000 {
                guard += 1;
                let sunday = monday
                    .checked_add(jiff::Span::new().days(6))
                    .unwrap_or(Date::MAX);
                clip(monday, sunday, count, &mut out);
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
                if first > end || guard > 100_000 {
                    break;
                }
                guard += 1;
                let last_month = first
                    .checked_add(jiff::Span::new().months(i64::from(step - 1)))
                    .unwrap_or(first);
                let mut last = month_end(last_month);
                if let Some(day) = recurrence.day {
                    let clamped = i8::try_from(day).unwrap_or(31).min(last.day()).max(1);
                    last = Date::new(last.year(), last.month(), clamped).unwrap_or(last);
                }
                clip(first, last, count, &mut out);
                cursor = first
                    .checked_add(jiff::Span::new().months(i64::from(step)))
                    .ok();
            }
        }
        Frequency::Yearly => {
            if recurrence.months.is_empty() {
                clip(start, end, count, &mut out);
            } else {
                let mut months = recurrence.months.clone();
                months.sort_unstable();
                months.dedup();
                for month in months {
                    let Some(first) = i8::try_from(month)
                        .ok()
                        .and_then(|m| first_of_month(start.year(), m))
                    else {
                        continue;
                    };
                    let mut last = month_end(first);
                    if let Some(day) = recurrence.day {
                        let clamped = i8::try_from(day).unwrap_or(31).min(last.day()).max(1);
                        last = Date::new(last.year(), last.month(), clamped).unwrap_or(last);
                    }
                    clip(first, last, 1, &mut out);
                }
            }
        }
    }
    out
}

/// Expands every recurrence into dated occurrences; too many occurrences for a window are errors.
pub fn expand(
    plan: &Plan,
    calendar: &Calendar,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Occurrence> {
    let mut out = Vec::new();
    for (index, recurrence) in plan.recurrences.iter().enumerate() {
        if recurrence.count == 0 {
            continue;
        }
        let mut number = 0;
        let mut reported = false;
        for window in windows(recurrence, plan.period.start, plan.period.end) {
            let available = calendar.workdays_between(window.start, window.end);
            let wanted = i64::from(window.count);
            if available < wanted {
                let holiday_week = recurrence.frequency == Frequency::Weekly && available == 0;
                if window.whole && !holiday_week && !reported {
                    reported = true;
                    diagnostics.push(
                        Diagnostic::error(
                            Code::Recurrence,
                            format!(
                                "`{}` needs {} occurrences between {} and {}, which has only {available} working days",
                                recurrence.id, window.count, window.start, window.end
                            ),
                            recurrence.written.span,
                            "too many occurrences",
                        )
                        .with_label(recurrence.span, "this recurrence")
                        .with_help("each occurrence needs a working day of its own: lower the count or choose a longer frequency"),
                    );
                }
            }
            let k = wanted.min(available);
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
    }
    out
}
