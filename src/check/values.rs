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
        if let Some(change) = &target.change {
            change_unit(plan, change.baseline, &change.amount, diagnostics);
        }
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
                baseline,
                amount,
                high,
                ..
            } => {
                change_unit(plan, *baseline, amount, diagnostics);
                if let Some(high) = high {
                    change_unit(plan, *baseline, high, diagnostics);
                    if high.unit != amount.unit {
                        diagnostics.push(
                            Problem::ChangeRangeUnits {
                                range: plan.render_target(target),
                                unit: unit_label(&high.unit).to_string(),
                                span: amount.span,
                                high_span: high.span,
                            }
                            .into(),
                        );
                    }
                    if amount.value > high.value {
                        diagnostics.push(
                            Problem::InvertedTargetRange {
                                low: amount.render(),
                                high: high.render(),
                                unit: String::new(),
                                low_span: amount.span,
                                high_span: high.span,
                            }
                            .into(),
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
                Problem::NoTotal {
                    target: target.id.to_string(),
                    span: target.span,
                }
                .into(),
            );
        }
    }
}

/// The unit of a change against a baseline: a share moves in percentage points; anything else
/// moves in its own unit, or by a percentage of itself (a growth rate: `较 上年收入 增长 5%` of a
/// baseline in 亿元). A change with no baseline (against the previous year) may be in any unit, and
/// so may a change against a reference: [`check_references`] holds a reference's uses together.
fn change_unit(
    plan: &Plan,
    baseline: Option<BaselineId>,
    amount: &Quantity,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let Some(baseline) = baseline.map(|index| &plan.baselines[index]) else {
        return;
    };
    if baseline.reference {
        return;
    }
    let expected = match &baseline.unit {
        Unit::Percent => Unit::PercentPoint,
        other => other.clone(),
    };
    let growth_rate = amount.unit == Unit::Percent && baseline.unit != Unit::Percent;
    if amount.unit == expected || growth_rate {
        return;
    }
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

/// What a use of a reference tells of it: a share (a change in percentage points) or a quantity
/// in a unit (a change in `所`, a value in `亿元` stated with its change against the reference).
/// A growth rate in `%` and a comparison (`不低于`, `同步`) tell nothing.
fn reference_uses(plan: &Plan) -> Vec<(BaselineId, Unit, crate::source::Span)> {
    let mut uses = Vec::new();
    let mut add = |baseline: Option<BaselineId>, unit: &Unit, span| {
        if let Some(index) = baseline
            && plan.baselines[index].reference
            && *unit != Unit::Percent
            && *unit != Unit::None
        {
            let unit = if *unit == Unit::PercentPoint {
                Unit::Percent
            } else {
                unit.clone()
            };
            uses.push((index, unit, span));
        }
    };
    for target in &plan.targets {
        if let TargetKind::Change {
            baseline, amount, ..
        } = &target.kind
        {
            add(*baseline, &amount.unit, amount.span);
        }
        if let Some(change) = &target.change {
            add(change.baseline, &change.amount.unit, change.amount.span);
            if let TargetKind::Value { value, .. } = &target.kind {
                add(change.baseline, &value.unit, value.span);
            }
        }
    }
    uses
}

/// A reference's unit, inferred from its first use that tells one (a share when changed against in
/// percentage points); `Unit::None` when none does.
pub fn infer_reference_units(plan: &mut Plan) {
    if !plan.baselines.iter().any(|b| b.reference) {
        return;
    }
    for (index, unit, _) in reference_uses(plan).into_iter().rev() {
        plan.baselines[index].unit = unit;
    }
}

/// A reference is one value: used as a share in one place and as a count (or in another unit) in
/// another, one of the two uses is wrong. Each reference is reported once, at the first use that
/// disagrees with its first use.
pub fn check_references(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    if !plan.baselines.iter().any(|b| b.reference) {
        return;
    }
    let mut first: FxHashMap<BaselineId, (Unit, crate::source::Span)> = FxHashMap::default();
    let mut reported: FxHashSet<BaselineId> = FxHashSet::default();
    // A share is `None`; a quantity is `Some(unit)`.
    let use_of = |unit: &Unit| match unit {
        Unit::Percent => None,
        other => Some(other.name().to_string()),
    };
    for (index, unit, span) in reference_uses(plan) {
        let Some((first_unit, first_span)) = first.get(&index) else {
            first.insert(index, (unit, span));
            continue;
        };
        if *first_unit == unit || !reported.insert(index) {
            continue;
        }
        let reference = &plan.baselines[index];
        diagnostics.push(
            Problem::ReferenceUse {
                reference: reference.id.clone(),
                used_as: use_of(&unit),
                first_used_as: use_of(first_unit),
                span,
                first_span: *first_span,
                reference_span: reference.span,
            }
            .into(),
        );
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
    /// For a change: its baseline (none: the previous year) and direction.
    change: Option<(Option<BaselineId>, bool)>,
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
                Comparison::InStep => return None,
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
            high,
        } => Some((
            Key {
                metric,
                unit: amount.unit.name(),
                change: Some((*baseline, *direction == TrendDirection::Up)),
            },
            Ask {
                low: Some(amount.value),
                high: Some(high.as_ref().map_or(amount.value, |h| h.value)),
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
    // An approximate total (`约 2万个`, `2万个 左右`) is not an exact sum: its parts are not held
    // to it (GRAMMAR.md, "Approximate values").
    if mismatch || sum == total.value || total.unit == Unit::Percent || target.approx.is_some() {
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
