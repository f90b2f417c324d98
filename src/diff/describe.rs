//! The model's things as the values a change carries: where an item is, a target's value, a
//! deadline, a recurrence, a dependency, the differing part of some prose.

use super::change::{
    Amount, Commitment, Container, DependencyValue, PartValue, RecurrenceValue, TargetValue,
    TargetValueKind, Value, When,
};
use crate::model::{
    BaselineId, Cite, Dependency, Holder, Item, ItemId, Node, Plan, Prose, Quantity, Recurrence,
    Segment, Target, TargetKind, Window,
};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// Prose as written, with each citation shown as `{id}`: a changed target changes the rendered
/// text too, but that is reported once, as a target change.
pub(super) fn prose(plan: &Plan, prose: &Prose) -> String {
    let cite = |cite: &Cite| {
        match cite {
            Cite::Target(index) => Some(plan.targets[*index].id.as_str()),
            Cite::Recurrence(index) => Some(plan.recurrences[*index].id.as_str()),
            Cite::Fact(index) => Some(plan.facts[*index].id.as_str()),
            Cite::Group(index) => Some(plan.groups[*index].id.as_str()),
        }
        .unwrap_or("")
        .to_string()
    };
    let mut text = String::new();
    for segment in &prose.segments {
        match segment {
            Segment::Text(part) => text.push_str(part),
            Segment::Literal(part) => {
                text.push('`');
                text.push_str(part);
                text.push('`');
            }
            Segment::Cite(c) => {
                let _ = write!(text, "{{{}}}", cite(c));
            }
            Segment::CitePart(c, path) => {
                let _ = write!(text, "{{{}.{}}}", cite(c), path.join("."));
            }
            Segment::CiteParts(c) => {
                let _ = write!(text, "{{{}.其中}}", cite(c));
            }
            Segment::CiteChange(c) => {
                let _ = write!(text, "{{{}.变化}}", cite(c));
            }
        }
    }
    text
}

/// The differing middle of two texts with a little context: `…达到[60%]…` style fragments.
pub(super) fn fragment(old: &str, new: &str) -> (String, String) {
    const CONTEXT: usize = 12;
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let prefix = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |chars: &[char]| -> String {
        let start = prefix.saturating_sub(CONTEXT);
        let end = (chars.len() - suffix + CONTEXT).min(chars.len());
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(chars.get(start..end).unwrap_or(&[]).iter());
        if end < chars.len() {
            text.push('…');
        }
        text.replace('\n', " ⏎ ")
    };
    (cut(&a), cut(&b))
}

/// The two sides of a prose change, as the differing parts.
pub(super) fn excerpts(old: &str, new: &str) -> (Option<Value>, Option<Value>) {
    let (a, b) = fragment(old, new);
    (Some(Value::Text(a)), Some(Value::Text(b)))
}

/// Where an item is: under its parent item, or in its section.
pub(super) fn container(plan: &Plan, item: &Item) -> Container {
    match item.parent.map(|p| &plan.items[p]) {
        Some(parent) => Container::Item(parent.id.to_string()),
        None => Container::Section(plan.sections[item.section].id.clone()),
    }
}

/// Who holds a target.
pub(super) fn holder(plan: &Plan, holder: Holder) -> Container {
    match holder {
        Holder::Goal(index) => Container::Goal(plan.goals[index].id.clone()),
        Holder::Item(index) => Container::Item(plan.items[index].id.to_string()),
    }
}

/// The `index`th item's place among its siblings: after which one, or first.
pub(super) fn place(plan: &Plan, index: ItemId) -> Value {
    let item = &plan.items[index];
    let siblings: &[ItemId] = match item.parent.map(|p| &plan.items[p]) {
        Some(parent) => &parent.children,
        None => plan.sections[item.section].items.as_slice(),
    };
    match siblings.iter().position(|&s| s == index) {
        Some(0) | None => Value::Place(None),
        Some(position) => Value::Place(
            siblings
                .get(position - 1)
                .map(|&s| plan.items[s].id.to_string()),
        ),
    }
}

/// Whether two optional windows cover the same days.
pub(super) fn same_window(a: Option<&Window>, b: Option<&Window>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.start == b.start && a.end == b.end,
        (None, None) => true,
        _ => false,
    }
}

/// Days as written (without a trailing comment) and the dates they mean.
pub(super) fn when(window: &Window) -> When {
    When {
        written: window
            .written
            .split("//")
            .next()
            .unwrap_or("")
            .trim()
            .to_string(),
        start: window.start,
        end: window.end,
    }
}

/// A milestone's name and deadline.
pub(super) fn milestone(title: &str, due: Option<&Window>) -> Value {
    Value::Milestone {
        title: title.to_string(),
        due: due.map(when),
    }
}

/// A dependency by the identifiers of its ends: what matches it across versions.
pub(super) fn dependency(plan: &Plan, dependency: &Dependency) -> DependencyValue {
    DependencyValue {
        dependent: plan.node_id(dependency.dependent).to_string(),
        kind: dependency.kind,
        prerequisite: plan.node_id(dependency.prerequisite).to_string(),
        from_start: dependency.from_start,
        lag: dependency.lag.map(|lag| (lag.amount, lag.unit)),
        on_milestone: matches!(dependency.prerequisite, Node::Milestone(_)),
    }
}

/// A recurrence's title (case-folded), frequency, count, months and day.
pub(super) fn recurrence(recurrence: &Recurrence) -> RecurrenceValue {
    RecurrenceValue {
        title: recurrence.title.to_lowercase().to_string(),
        frequency: recurrence.frequency,
        count: amount(&recurrence.written),
        months: recurrence.months.to_vec(),
        day: recurrence.day,
    }
}

/// A quantity as an amount.
pub(super) fn amount(quantity: &Quantity) -> Amount {
    Amount {
        value: quantity.value,
        written: quantity.written.to_string(),
        unit: quantity.unit.clone(),
        unit_written: quantity.unit_written.to_string(),
    }
}

/// Firm or stretch.
pub(super) fn commitment(stretch: bool) -> Value {
    Value::Commitment(if stretch {
        Commitment::Stretch
    } else {
        Commitment::Firm
    })
}

/// A target's value, baselines by name.
pub(super) fn target(plan: &Plan, target: &Target) -> TargetValue {
    let baseline = |index: BaselineId| plan.baselines[index].id.clone();
    let kind = match &target.kind {
        TargetKind::Value {
            comparison, value, ..
        } => TargetValueKind::Value {
            comparison: *comparison,
            amount: amount(value),
        },
        TargetKind::Range { low, high } => TargetValueKind::Range {
            low: amount(low),
            high: amount(high),
        },
        TargetKind::Trend(direction) => TargetValueKind::Trend(*direction),
        TargetKind::Change {
            baseline: index,
            direction,
            amount: by,
            high,
        } => TargetValueKind::Change {
            high: high.as_deref().map(amount),
            baseline: index.map(baseline),
            direction: *direction,
            amount: amount(by),
        },
        TargetKind::VersusBaseline {
            comparison,
            baseline: index,
        } => TargetValueKind::VersusBaseline {
            comparison: *comparison,
            baseline: baseline(*index),
        },
    };
    TargetValue {
        stretch: target.stretch,
        kind,
        approx: target.approx,
        change: target.change.as_ref().map(|change| {
            Box::new((
                change.baseline.map(baseline),
                change.direction,
                amount(&change.amount),
            ))
        }),
    }
}

/// The breakdown parts that differ, old and new (`市本级 8个，溧阳市 4个` → `市本级 9个，溧阳市
/// 3个`), or `None` when the parts are the same.
pub(super) fn parts_diff(
    old: &Plan,
    before: &Target,
    new: &Plan,
    after: &Target,
) -> Option<(Value, Value)> {
    // Nested parts are listed after their part, named by their path (`凉州区.小学`).
    fn flatten(plan: &Plan, parts: &[crate::model::Part], prefix: &str, out: &mut Vec<PartValue>) {
        for p in parts {
            let name = plan.part_name(&p.label);
            let owner = if prefix.is_empty() {
                name.to_string()
            } else {
                format!("{prefix}.{name}")
            };
            out.push(PartValue {
                owner: owner.clone(),
                amount: amount(&p.value),
            });
            flatten(plan, &p.parts, &owner, out);
        }
    }
    let parts = |plan: &Plan, target: &Target| -> Vec<PartValue> {
        let mut out = Vec::new();
        flatten(plan, &target.parts, "", &mut out);
        out
    };
    let (a, b) = (parts(old, before), parts(new, after));
    if a == b {
        return None;
    }
    let changed_a: Vec<PartValue> = a.iter().filter(|part| !b.contains(part)).cloned().collect();
    let changed_b: Vec<PartValue> = b.iter().filter(|part| !a.contains(part)).cloned().collect();
    if changed_a.is_empty() && changed_b.is_empty() {
        // Only the order changed.
        return Some((Value::Parts(a), Value::Parts(b)));
    }
    Some((Value::Parts(changed_a), Value::Parts(changed_b)))
}

/// How a target's value changed.
pub(super) enum ValueChange {
    /// Not at all.
    Same,
    /// Numerically: the same kind, comparison and unit, a higher or lower amount.
    Numeric {
        /// Up.
        raised: bool,
        /// By how much, in percent of the old amount.
        percent: Option<Decimal>,
    },
    /// Otherwise (another comparison, unit or kind).
    Other,
}

/// How a target's value changed: numerically (same kind, comparison and unit) or otherwise. A
/// figure that became approximate (or exact), or whose stated change changed, reads differently.
pub(super) fn value_change(before: &TargetValue, after: &TargetValue) -> ValueChange {
    let change = kind_change(before, after);
    if matches!(change, ValueChange::Same)
        && (before.approx != after.approx || before.change != after.change)
    {
        return ValueChange::Other;
    }
    change
}

fn kind_change(before: &TargetValue, after: &TargetValue) -> ValueChange {
    let numeric = |a: &Amount, b: &Amount| -> ValueChange {
        if a.unit != b.unit {
            return ValueChange::Other;
        }
        if a.value == b.value {
            return ValueChange::Same;
        }
        ValueChange::Numeric {
            raised: b.value > a.value,
            percent: percent(a.value, b.value),
        }
    };
    match (&before.kind, &after.kind) {
        (
            TargetValueKind::Value {
                comparison: ca,
                amount: va,
            },
            TargetValueKind::Value {
                comparison: cb,
                amount: vb,
            },
        ) if ca == cb => numeric(va, vb),
        (
            TargetValueKind::Range { low: la, high: ha },
            TargetValueKind::Range { low: lb, high: hb },
        ) => {
            if la.unit != lb.unit || ha.unit != hb.unit {
                return ValueChange::Other;
            }
            let up = lb.value >= la.value && hb.value >= ha.value;
            let down = lb.value <= la.value && hb.value <= ha.value;
            let percent = if ha.value != hb.value {
                percent(ha.value, hb.value)
            } else {
                percent(la.value, lb.value)
            };
            match (up, down) {
                (true, true) => ValueChange::Same,
                (true, false) => ValueChange::Numeric {
                    raised: true,
                    percent,
                },
                (false, true) => ValueChange::Numeric {
                    raised: false,
                    percent,
                },
                (false, false) => ValueChange::Other,
            }
        }
        (
            TargetValueKind::Change {
                baseline: ba,
                direction: da,
                amount: aa,
                high: None,
            },
            TargetValueKind::Change {
                baseline: bb,
                direction: db,
                amount: ab,
                high: None,
            },
        ) if da == db && ba == bb => numeric(aa, ab),
        (TargetValueKind::Trend(a), TargetValueKind::Trend(b)) if a == b => ValueChange::Same,
        (
            TargetValueKind::VersusBaseline {
                comparison: ca,
                baseline: ba,
            },
            TargetValueKind::VersusBaseline {
                comparison: cb,
                baseline: bb,
            },
        ) if ca == cb && ba == bb => ValueChange::Same,
        _ => {
            // Another kind or comparison: the values read differently unless the whole target
            // (firmness aside, which is its own change) reads the same.
            if before.kind == after.kind {
                ValueChange::Same
            } else {
                ValueChange::Other
            }
        }
    }
}

/// The change from `old` to `new` in percent of `old`, to two decimals (`None` from zero).
fn percent(old: Decimal, new: Decimal) -> Option<Decimal> {
    if old.is_zero() {
        return None;
    }
    let change = new.checked_sub(old)?.checked_mul(Decimal::from(100))?;
    Some(change.checked_div(old)?.round_dp(2).normalize())
}
