//! Checks of numbers: breakdown sums, units, shares, ranges, recurrences.

use crate::diagnostic::{Diagnostic, Problem};
use crate::model::*;
use crate::syntax::ast;
use rust_decimal::Decimal;
use rustc_hash::{FxHashMap, FxHashSet};

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
                percentage_points(target, value, diagnostics);
                split_sum(plan, target, value, diagnostics);
            }
            TargetKind::Range { low, high } => {
                share(low, diagnostics);
                share(high, diagnostics);
                percentage_points(target, high, diagnostics);
                if low.value > high.value {
                    diagnostics.push(
                        Problem::InvertedTargetRange {
                            low: low.written.to_string(),
                            high: high.written.to_string(),
                            unit: high.unit_written.to_string(),
                            low_span: low.span,
                            high_span: high.span,
                        }
                        .into(),
                    );
                }
                if !target.parts.is_empty() {
                    diagnostics.push(
                        Problem::RangeBrokenDown {
                            target: target.id.to_string(),
                            span: target.span,
                        }
                        .into(),
                    );
                }
            }
            TargetKind::Change {
                baseline, amount, ..
            } => {
                let baseline = &plan.baselines[*baseline];
                let expected = match &baseline.unit {
                    Unit::Percent => Unit::PercentPoint,
                    other => other.clone(),
                };
                if amount.unit != expected {
                    diagnostics.push(
                        Problem::ChangeUnit {
                            share: baseline.unit == Unit::Percent,
                            baseline: baseline.id.to_string(),
                            amount: amount.written.to_string(),
                            amount_unit: unit_label(&amount.unit).to_string(),
                            baseline_unit: unit_label(&baseline.unit).to_string(),
                            expected_unit: expected.name().to_string(),
                            span: amount.span,
                            baseline_span: baseline.span,
                        }
                        .into(),
                    );
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
                Problem::NoTotal {
                    target: target.id.to_string(),
                    span: target.span,
                }
                .into(),
            );
        }
    }
}

/// Percentage points measure how far a share moves: a value in them belongs to a change against a
/// baseline (`较 上年近视率 降低 1个百分点`), never to a target's own value.
fn percentage_points(target: &Target, value: &Quantity, diagnostics: &mut Vec<Diagnostic>) {
    if value.unit != Unit::PercentPoint {
        return;
    }
    diagnostics.push(
        Problem::PercentagePoints {
            value: value.render(),
            target: target.id.to_string(),
            written: value.written.to_string(),
            span: value.span,
        }
        .into(),
    );
}

/// A stretch goal (`力争`) asks for more than the firm commitment on the same metric: one that asks
/// for less is probably a typing error or a stale figure. Each weak stretch goal is reported once,
/// against the strongest firm target of its metric; the work is linear in the number of targets.
pub fn check_stretch(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    if !plan.targets.iter().any(|t| t.stretch) {
        return;
    }
    let falling: FxHashSet<&str> = plan
        .targets
        .iter()
        .filter(|t| matches!(t.kind, TargetKind::Trend(TrendDirection::Down)))
        .map(|t| t.metric.as_str())
        .collect();
    let mut groups: FxHashMap<Key<'_>, Group> = FxHashMap::default();
    for (index, target) in plan.targets.iter_enumerated() {
        let Some((key, ask)) = key_and_ask(target) else {
            continue;
        };
        let group = groups.entry(key).or_default();
        group.floors |= ask.high.is_none();
        group.ceilings |= ask.low.is_none();
        if target.stretch {
            group.stretches.push(index);
        } else {
            group.firm.push(index);
        }
    }
    for (key, group) in &groups {
        if group.stretches.is_empty() || group.firm.is_empty() || (group.floors && group.ceilings) {
            continue;
        }
        let less_is_better =
            key.change.is_none() && (group.ceilings || falling.contains(key.metric));
        let ask_of = |index: TargetId| key_and_ask(&plan.targets[index]);
        // The strongest firm commitment: the highest floor, or the lowest ceiling.
        let strongest = group
            .firm
            .iter()
            .filter_map(|&index| {
                let (_, ask) = ask_of(index)?;
                let bound = if less_is_better { ask.high } else { ask.low }?;
                Some((bound, index, ask))
            })
            .reduce(|best, next| {
                let better = if less_is_better {
                    next.0 < best.0
                } else {
                    next.0 > best.0
                };
                if better { next } else { best }
            });
        let Some((bound, firm_index, firm)) = strongest else {
            continue;
        };
        for &index in &group.stretches {
            let Some((_, stretch)) = ask_of(index) else {
                continue;
            };
            let weaker = if less_is_better {
                stretch.low.or(stretch.high).is_some_and(|aim| aim > bound)
            } else {
                stretch.high.or(stretch.low).is_some_and(|aim| aim < bound)
            };
            if weaker {
                let (s, f) = (&plan.targets[index], &plan.targets[firm_index]);
                diagnostics.push(weak_stretch(s, &stretch, f, &firm));
            }
        }
    }
}

/// Targets are compared when they measure the same metric in the same unit (and, for changes,
/// against the same baseline in the same direction).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key<'a> {
    metric: &'a str,
    unit: &'a str,
    /// For a change: its baseline and direction.
    change: Option<(BaselineId, bool)>,
}

#[derive(Default)]
struct Group {
    firm: Vec<TargetId>,
    stretches: Vec<TargetId>,
    /// Some target is a floor (`不低于`, `以上`) or a ceiling (`不超过`, `以下`).
    floors: bool,
    ceilings: bool,
}

/// What a target asks for: its lowest and highest acceptable value, how it reads and where it is
/// written. A change asks for its amount (a floor: moving further is better).
struct Ask {
    low: Option<Decimal>,
    high: Option<Decimal>,
    span: crate::source::Span,
}

fn key_and_ask(target: &Target) -> Option<(Key<'_>, Ask)> {
    let metric = target.metric.as_str();
    match &target.kind {
        TargetKind::Value {
            comparison, value, ..
        } => {
            let (low, high) = match comparison {
                Comparison::Eq => (Some(value.value), Some(value.value)),
                Comparison::Ge | Comparison::Gt => (Some(value.value), None),
                Comparison::Le | Comparison::Lt => (None, Some(value.value)),
            };
            Some((
                Key {
                    metric,
                    unit: value.unit.name(),
                    change: None,
                },
                Ask {
                    low,
                    high,
                    span: value.span,
                },
            ))
        }
        TargetKind::Range { low, high } => Some((
            Key {
                metric,
                unit: high.unit.name(),
                change: None,
            },
            Ask {
                low: Some(low.value),
                high: Some(high.value),
                span: crate::source::Span {
                    end: if high.span.file == low.span.file {
                        high.span.end
                    } else {
                        low.span.end
                    },
                    ..low.span
                },
            },
        )),
        TargetKind::Change {
            baseline,
            direction,
            amount,
        } => Some((
            Key {
                metric,
                unit: amount.unit.name(),
                change: Some((*baseline, *direction == TrendDirection::Up)),
            },
            Ask {
                low: Some(amount.value),
                high: Some(amount.value),
                span: amount.span,
            },
        )),
        TargetKind::Trend(_) | TargetKind::VersusBaseline { .. } => None,
    }
}

/// A target's value as written, for messages.
fn written(target: &Target) -> String {
    match &target.kind {
        TargetKind::Value { value, .. } => value.render(),
        TargetKind::Range { low, high } => format!("{}-{}", low.written, high.render()),
        TargetKind::Change { amount, .. } => amount.render(),
        TargetKind::Trend(_) | TargetKind::VersusBaseline { .. } => String::new(),
    }
}

/// The warning for a stretch goal that asks for less than a firm target.
fn weak_stretch(stretch: &Target, s: &Ask, firm: &Target, f: &Ask) -> Diagnostic {
    Problem::WeakStretch {
        stretch: stretch.id.to_string(),
        stretch_value: written(stretch),
        firm: firm.id.to_string(),
        firm_value: written(firm),
        span: s.span,
        firm_span: f.span,
    }
    .into()
}

/// A figure planc computed (a sum, a difference), written as the plan writes the figure it is
/// compared with: in `万` or `亿` when that figure is (`90万` beside `100.3万`), else in digits.
/// Exact: the number is divided, never rounded.
pub(crate) fn written_like(value: Decimal, like: &str) -> String {
    let (magnitude, suffix) = if like.ends_with('亿') {
        (Decimal::from(100_000_000u32), "亿")
    } else if like.ends_with('万') {
        (Decimal::from(10_000u32), "万")
    } else {
        return value.normalize().to_string();
    };
    match value.checked_div(magnitude) {
        Some(scaled) if scaled * magnitude == value => format!("{}{suffix}", scaled.normalize()),
        _ => value.normalize().to_string(),
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
            Problem::ShareRange {
                value: quantity.render(),
                span: quantity.span,
            }
            .into(),
        );
    }
}

fn split_sum(plan: &Plan, target: &Target, total: &Quantity, diagnostics: &mut Vec<Diagnostic>) {
    if target.parts.is_empty() {
        return;
    }
    let mut sum = Decimal::ZERO;
    // The part at which the sum overflows, if it does.
    let mut overflow = None;
    let mut mismatch = false;
    for part in &target.parts {
        share(&part.value, diagnostics);
        if part.value.unit != total.unit {
            mismatch = true;
            let owner = plan.owners[part.owner].id.as_str();
            diagnostics.push(
                Problem::PartUnit {
                    owner: owner.to_string(),
                    part_unit: unit_label(&part.value.unit).to_string(),
                    total_unit: unit_label(&total.unit).to_string(),
                    span: part.value.span,
                    total_span: total.span,
                }
                .into(),
            );
        }
        overflow = overflow.or_else(|| match sum.checked_add(part.value.value) {
            Some(next) => {
                sum = next;
                None
            }
            None => Some(part.value.span),
        });
    }
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
    if let Some(part) = overflow {
        // The sum is past the largest value: no figure of it is right, so none is shown.
        diagnostics.push(
            Problem::SumOverflow {
                target: target.id.to_string(),
                parts: parts_span,
                at: part,
                total: total.span,
            }
            .into(),
        );
        return;
    }
    if mismatch || sum == total.value || total.unit == Unit::Percent {
        return;
    }
    let Some(difference) = total.value.checked_sub(sum) else {
        return;
    };
    let unit = total.unit_written.as_str();
    // Figures as the plan wrote them: the total verbatim, the sum and the difference in the
    // total's magnitude (`100.3万`, never `1003000`).
    let sum_shown = written_like(sum, &total.written);
    diagnostics.push(
        Problem::SplitSum {
            target: target.id.to_string(),
            sum: sum_shown,
            total: total.written.to_string(),
            unit: unit.to_string(),
            difference: written_like(difference.abs(), &total.written),
            short: difference > Decimal::ZERO,
            total_span: total.span,
            parts_span,
        }
        .into(),
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
                Problem::MonthTwice {
                    month: month.node,
                    span: month.span,
                    first: first.span,
                }
                .into(),
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
                    Problem::MonthCount {
                        months: recur.months.len(),
                        count: recur.count.written.to_string(),
                        span: first,
                        count_span: recur.count.span,
                    }
                    .into(),
                );
            }
            None => {
                diagnostics.push(Problem::MonthsNotYearly { span: recur.span }.into());
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
                    Problem::MonthOutside {
                        month: month.node,
                        start: period.start,
                        end: period.end,
                        span: month.span,
                    }
                    .into(),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::written_like;
    use rust_decimal::Decimal;

    fn d(text: &str) -> Decimal {
        text.parse().expect("a decimal")
    }

    #[test]
    fn computed_figures_read_in_the_magnitude_of_the_written_one() {
        assert_eq!(written_like(d("900000"), "100.3万"), "90万");
        assert_eq!(written_like(d("103000"), "100.3万"), "10.3万");
        assert_eq!(written_like(d("3000"), "1.2万"), "0.3万");
        assert_eq!(written_like(d("250000000"), "3亿"), "2.5亿");
        assert_eq!(written_like(d("17"), "44"), "17");
        assert_eq!(written_like(d("17.50"), "44"), "17.5");
    }
}
