//! Checks of numbers: breakdown sums, units, shares, ranges, recurrences.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::syntax::ast;
use rust_decimal::Decimal;

/// Checks every target of the plan.
pub fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    for baseline in &plan.baselines {
        if let Some(value) = &baseline.value {
            share(value, diagnostics);
        }
    }
    for target in &plan.targets {
        match &target.kind {
            TargetKind::Value { value, .. } => {
                share(value, diagnostics);
                split_sum(plan, target, value, diagnostics);
            }
            TargetKind::Range { low, high } => {
                share(low, diagnostics);
                share(high, diagnostics);
                if low.value > high.value {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::InvertedRange,
                            format!(
                                "the range {}-{} runs from high to low",
                                low.written, high.written
                            ),
                            low.span,
                            "low end",
                        )
                        .with_label(high.span, "high end")
                        .with_help(format!(
                            "write `{}-{}{}`",
                            high.written, low.written, high.unit_written
                        )),
                    );
                }
                if !target.parts.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(
                            Code::SplitSum,
                            format!("`{}` is a range and cannot be broken down", target.id),
                            target.span,
                            "a range",
                        )
                        .with_help("break down a single total instead"),
                    );
                }
            }
            TargetKind::Change {
                baseline, amount, ..
            } => {
                if let Some(baseline) = plan.baselines.get(*baseline) {
                    let expected = match &baseline.unit {
                        Unit::Percent => Unit::PercentPoint,
                        other => other.clone(),
                    };
                    if amount.unit != expected {
                        let help = if baseline.unit == Unit::Percent {
                            format!(
                                "a change in a share is written in percentage points: `{}个百分点`",
                                amount.written
                            )
                        } else {
                            format!(
                                "write the change in `{}`, the unit of the baseline",
                                expected.name()
                            )
                        };
                        let message = if baseline.unit == Unit::Percent {
                            format!(
                                "the baseline `{}` is a share, so a change to it is in percentage points, not `{}`",
                                baseline.id,
                                unit_label(&amount.unit)
                            )
                        } else {
                            format!(
                                "the change is in `{}` but the baseline `{}` is in `{}`",
                                unit_label(&amount.unit),
                                baseline.id,
                                unit_label(&baseline.unit)
                            )
                        };
                        diagnostics.push(
                            Diagnostic::error(
                                Code::UnitMismatch,
                                message,
                                amount.span,
                                "the change",
                            )
                            .with_label(baseline.span, "the baseline")
                            .with_help(help),
                        );
                    }
                }
            }
            TargetKind::Trend(_) | TargetKind::VersusBaseline { .. } => {}
        }
        if !matches!(
            target.kind,
            TargetKind::Value { .. } | TargetKind::Range { .. }
        ) && !target.parts.is_empty()
        {
            diagnostics.push(
                Diagnostic::error(
                    Code::SplitSum,
                    format!("`{}` has no total to break down", target.id),
                    target.span,
                    "no total",
                )
                .with_help("give the target a value, e.g. `44个 其中 { … }`"),
            );
        }
    }
}

fn unit_label(unit: &Unit) -> &str {
    match unit {
        Unit::None => "no unit",
        other => other.name(),
    }
}

/// A share must lie between 0 and 100.
fn share(quantity: &Quantity, diagnostics: &mut Vec<Diagnostic>) {
    if quantity.unit == Unit::Percent
        && (quantity.value < Decimal::ZERO || quantity.value > Decimal::ONE_HUNDRED)
    {
        diagnostics.push(
            Diagnostic::error(
                Code::ShareRange,
                format!(
                    "{}% is not a share: a share lies between 0% and 100%",
                    quantity.written
                ),
                quantity.span,
                "outside 0–100%",
            )
            .with_help(
                "for a change in a share write `个百分点`; for a count use a unit such as `个`",
            ),
        );
    }
}

fn split_sum(plan: &Plan, target: &Target, total: &Quantity, diagnostics: &mut Vec<Diagnostic>) {
    if target.parts.is_empty() {
        return;
    }
    let mut sum = Decimal::ZERO;
    let mut mismatch = false;
    for part in &target.parts {
        share(&part.value, diagnostics);
        if part.value.unit != total.unit {
            mismatch = true;
            let owner = plan
                .owners
                .get(part.owner)
                .map(|o| o.id.as_str())
                .unwrap_or("");
            diagnostics.push(
                Diagnostic::error(
                    Code::UnitMismatch,
                    format!(
                        "the part of `{owner}` is in `{}` but the total is in `{}`",
                        unit_label(&part.value.unit),
                        unit_label(&total.unit)
                    ),
                    part.value.span,
                    "this part",
                )
                .with_label(total.span, "the total")
                .with_help(format!(
                    "write the part in `{}`, or leave the unit out",
                    unit_label(&total.unit)
                )),
            );
        }
        sum = sum.checked_add(part.value.value).unwrap_or(Decimal::MAX);
    }
    if mismatch || sum == total.value || total.unit == Unit::Percent {
        return;
    }
    let difference = total.value - sum;
    let (first, last) = match (target.parts.first(), target.parts.last()) {
        (Some(first), Some(last)) => (first.value.span, last.value.span),
        _ => return,
    };
    let parts_span = crate::source::Span {
        file: first.file,
        start: first.start,
        end: if last.file == first.file {
            last.end
        } else {
            first.end
        },
    };
    let unit = total.unit_written.as_str();
    let direction = if difference > Decimal::ZERO {
        "short of"
    } else {
        "more than"
    };
    diagnostics.push(
        Diagnostic::error(
            Code::SplitSum,
            format!(
                "the parts of `{}` add up to {}{unit}, but the total is {}{unit}",
                target.id,
                sum.normalize(),
                total.value.normalize()
            ),
            total.span,
            format!("total {}{unit}", total.value.normalize()),
        )
        .with_label(
            parts_span,
            format!(
                "parts add up to {}{unit}, {}{unit} {direction} the total",
                sum.normalize(),
                difference.abs().normalize()
            ),
        )
        .with_help("correct a part or the total so that they agree"),
    );
}

/// A recurrence's months: as many as its count, each once, inside the period, and only for a
/// yearly recurrence. Whether its occurrences fit in its item's working days is the schedule's
/// question ([`crate::schedule::recur`], which `check` runs): one definition of when occurrences
/// fall, used everywhere.
pub fn check_recurrence(recur: &ast::RecurStmt, period: Period, diagnostics: &mut Vec<Diagnostic>) {
    let count = recur.count.value;
    for (position, month) in recur.months.iter().enumerate() {
        if let Some(first) = recur.months[..position]
            .iter()
            .find(|m| m.node == month.node)
        {
            diagnostics.push(
                Diagnostic::error(
                    Code::Recurrence,
                    format!("{}月 is named twice", month.node),
                    month.span,
                    "named again",
                )
                .with_label(first.span, "first named here")
                .with_help("name each month once: `全年 2次 于 4月, 10月`"),
            );
        }
    }
    if !recur.months.is_empty() {
        let expected = match recur.frequency {
            ast::Frequency::Yearly => Some(count),
            _ => None,
        };
        match expected {
            Some(expected) if Decimal::from(recur.months.len()) != expected => {
                let first = recur.months.first().map(|m| m.span).unwrap_or(recur.span);
                diagnostics.push(
                    Diagnostic::error(
                        Code::Recurrence,
                        format!(
                            "{} months are named for {} occurrences",
                            recur.months.len(),
                            recur.count.written
                        ),
                        first,
                        "the months",
                    )
                    .with_label(recur.count.span, "the count")
                    .with_help("name one month for each occurrence"),
                );
            }
            None => {
                diagnostics.push(
                    Diagnostic::error(
                        Code::Recurrence,
                        "only a yearly recurrence can name its months",
                        recur.span,
                        "months named",
                    )
                    .with_help("write `全年 N次 于 4月, 10月`, or drop `于 …`"),
                );
            }
            _ => {}
        }
        let year = period.start.year();
        for month in &recur.months {
            let inside = i8::try_from(month.node)
                .ok()
                .and_then(|m| jiff::civil::Date::new(year, m, 1).ok())
                .is_some_and(|first| first.last_of_month() >= period.start && first <= period.end);
            if !inside {
                diagnostics.push(
                    Diagnostic::error(
                        Code::OutsidePeriod,
                        format!(
                            "{}月 is outside the plan period {} to {}",
                            month.node, period.start, period.end
                        ),
                        month.span,
                        "outside the period",
                    )
                    .with_help("name months inside the plan period"),
                );
            }
        }
    }
}
