//! What a change is: its kind, what it is about, and its value before and after, as values
//! (amounts with their unit and comparison, dates, owners, recurrences…), not as text. How a value
//! reads is decided in one place, [`super::render`]; whether a change weakens a commitment is
//! decided by the rule in [`crate::policy::is_weakening`], which reads these values.

use crate::model::{Comparison, DepKind, Duration, DurationUnit, Frequency, TrendDirection, Unit};
use jiff::civil::Date;
use rust_decimal::Decimal;

/// One change in meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What kind of change, e.g. `target_lowered` (see [`Kind`]).
    pub kind: Kind,
    /// The identifier of what changed (an item, target, milestone, section, owner…).
    pub id: String,
    /// The item (or goal, or section) it belongs to, when that helps to find it.
    pub within: Option<String>,
    /// The old value.
    pub old: Option<Value>,
    /// The new value.
    pub new: Option<Value>,
    /// For numeric changes: the change in percent of the old value, to two decimals.
    pub percent: Option<Decimal>,
    /// Whether the change makes a commitment easier to meet ([`crate::policy::is_weakening`]).
    pub weakened: bool,
    /// 1-based line of the change in the new version (or the old one, for removals).
    pub line: Option<usize>,
    /// The file of `line`.
    pub file: Option<String>,
}

impl Change {
    /// For a deadline that moved: how many days later (positive) or earlier (negative) its last
    /// day is.
    pub fn days(&self) -> Option<i64> {
        if self.kind != Kind::DeadlineMoved {
            return None;
        }
        match (&self.old, &self.new) {
            (Some(Value::Due(a)), Some(Value::Due(b))) => a
                .end
                .until(b.end)
                .ok()
                .map(|span| i64::from(span.get_days())),
            _ => None,
        }
    }
}

/// A value before or after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text as written: a title, a metric's name, an owner's display name, the differing part of
    /// some prose, a list of renumbered items.
    Text(String),
    /// The plan's period.
    Period {
        /// First day.
        start: Date,
        /// Last day.
        end: Date,
    },
    /// A section's place among the sections, 1-based.
    Ordinal(usize),
    /// An item, by its number and title.
    Item {
        /// Its number, e.g. `（三）`.
        number: String,
        /// Its title.
        title: String,
    },
    /// An item's number.
    Number(String),
    /// Where an item or target is.
    Container(Container),
    /// An item's place among its siblings: after the sibling named, or first (`None`).
    Place(Option<String>),
    /// An owner by name.
    Owner(String),
    /// Supporting owners taken away.
    SupportRemoved(Vec<String>),
    /// Supporting owners added.
    SupportAdded(Vec<String>),
    /// A start or window.
    Window(When),
    /// A deadline.
    Due(When),
    /// A duration.
    Duration(Duration),
    /// Tags.
    Tags(Vec<String>),
    /// A target's value.
    Target(TargetValue),
    /// Firm (确保) or stretch (力争).
    Commitment(Commitment),
    /// Breakdown parts.
    Parts(Vec<PartValue>),
    /// A milestone.
    Milestone {
        /// Its name.
        title: String,
        /// Its deadline.
        due: Option<When>,
    },
    /// A recurrence.
    Recurrence(RecurrenceValue),
    /// A dependency.
    Dependency(DependencyValue),
}

/// Days as written and the dates they mean.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    /// As written, without a trailing comment: `年内`, `Q2`.
    pub written: String,
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

/// Where an item or a target is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Container {
    /// Under a main goal.
    Goal(String),
    /// In a section.
    Section(String),
    /// Under an item.
    Item(String),
    /// Nowhere that could be named (a plan that lost its container).
    Unknown,
}

/// Firm or stretch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Commitment {
    /// 确保.
    Firm,
    /// 力争.
    Stretch,
}

/// A number with its unit, as written and as meant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Amount {
    /// The exact value.
    pub value: Decimal,
    /// The number as written, e.g. `13万`.
    pub written: String,
    /// The unit.
    pub unit: Unit,
    /// The unit as written, e.g. `％`.
    pub unit_written: String,
}

/// A target's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetValue {
    /// 力争.
    pub stretch: bool,
    /// What it asks for.
    pub kind: TargetValueKind,
    /// Whether it is approximate (`约`, `左右`).
    pub approx: Option<crate::syntax::ast::Approx>,
    /// The change stated beside a value: baseline (none: the previous year), direction, amount.
    pub change: Option<Box<(Option<String>, TrendDirection, Amount)>>,
}

/// What a target asks for, with baselines by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TargetValueKind {
    /// `≥ 91.5分`.
    Value {
        /// The comparison.
        comparison: Comparison,
        /// The amount.
        amount: Amount,
    },
    /// `3-4个`.
    Range {
        /// Low end.
        low: Amount,
        /// High end.
        high: Amount,
    },
    /// `趋势 上升`.
    Trend(TrendDirection),
    /// `较 上年近视率 降低 1个百分点`, `增长 5%`.
    Change {
        /// The baseline's name (none: the previous year).
        baseline: Option<String>,
        /// Which way.
        direction: TrendDirection,
        /// By how much (the low end of a range).
        amount: Amount,
        /// The high end of a range of changes.
        high: Option<Amount>,
    },
    /// `≥ 上年`.
    VersusBaseline {
        /// The comparison.
        comparison: Comparison,
        /// The baseline's name.
        baseline: String,
    },
}

impl TargetValue {
    /// Whether less is better: an upper bound (`≤`, `<`) or a fall.
    pub fn less_is_better(&self) -> bool {
        matches!(
            self.kind,
            TargetValueKind::Value {
                comparison: Comparison::Le | Comparison::Lt,
                ..
            } | TargetValueKind::Change {
                direction: TrendDirection::Down,
                ..
            }
        )
    }
}

/// One owner's part of a breakdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartValue {
    /// The owner's identifier.
    pub owner: String,
    /// The amount.
    pub amount: Amount,
}

/// A recurrence. Its title is kept case-folded: a recurrence is compared (and shown) without
/// regard to case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurrenceValue {
    /// The title, case-folded.
    pub title: String,
    /// How often.
    pub frequency: Frequency,
    /// How many times, as written.
    pub count: Amount,
    /// The months named.
    pub months: Vec<u8>,
    /// The day of the month it is due.
    pub day: Option<u8>,
}

/// A dependency, by the identifiers of its ends.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct DependencyValue {
    /// What waits.
    pub dependent: String,
    /// 后于 or 依赖.
    pub kind: DepKind,
    /// What it waits for.
    pub prerequisite: String,
    /// Whether it waits for the start (开始) rather than the end.
    pub from_start: bool,
    /// Lag or lead.
    pub lag: Option<(i64, DurationUnit)>,
    /// Whether what it waits for is a milestone.
    pub on_milestone: bool,
}

/// The kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The plan's title, organisation or period.
    PlanChanged,
    /// Preamble paragraphs or the goals' opening sentence.
    PreambleChanged,
    /// A main goal was added.
    GoalAdded,
    /// A main goal was removed.
    GoalRemoved,
    /// A goal's title or prose changed.
    GoalChanged,
    /// A section was added.
    SectionAdded,
    /// A section was removed.
    SectionRemoved,
    /// A section's title or prose changed, or it moved.
    SectionChanged,
    /// An owner was declared.
    OwnerAdded,
    /// An owner's declaration was removed.
    OwnerRemoved,
    /// An item was added.
    ItemAdded,
    /// An item was removed.
    ItemRemoved,
    /// An item moved to another section or parent, or among its siblings.
    ItemMoved,
    /// An item's number changed.
    ItemRenumbered,
    /// An item's title changed.
    TitleChanged,
    /// An item's prose changed.
    ProseChanged,
    /// The lead owner changed.
    LeadReassigned,
    /// Supporting owners were added or removed.
    SupportChanged,
    /// The deadline moved.
    DeadlineMoved,
    /// The start, window or duration changed.
    TimingChanged,
    /// A milestone was added.
    MilestoneAdded,
    /// A milestone was removed.
    MilestoneRemoved,
    /// A milestone's date or name changed.
    MilestoneMoved,
    /// A recurrence was added.
    RecurrenceAdded,
    /// A recurrence was removed.
    RecurrenceRemoved,
    /// A recurrence's title, frequency, count, months or day changed.
    RecurrenceChanged,
    /// A dependency was added.
    DependencyAdded,
    /// A dependency was removed.
    DependencyRemoved,
    /// Tags changed.
    TagsChanged,
    /// A target was added.
    TargetAdded,
    /// A target was removed.
    TargetRemoved,
    /// A target's value went up.
    TargetRaised,
    /// A target's value went down.
    TargetLowered,
    /// A target's comparison, unit or kind changed.
    TargetChanged,
    /// Firm ↔ stretch (力争).
    TargetStretch,
    /// Breakdown parts changed.
    PartsChanged,
    /// A target's metric name changed.
    MetricChanged,
    /// A target moved to another item or goal.
    TargetMoved,
    /// A fact (`已完成`) was added.
    FactAdded,
    /// A fact was removed.
    FactRemoved,
    /// A fact's name, figure or date changed.
    FactChanged,
    /// What a count counts (`计数 …`) changed.
    CountChanged,
    /// A group's members changed (a counted list, say).
    GroupChanged,
}
