//! The state of a plan as of a day, from its schedule and its progress history.
//!
//! # Rules
//!
//! - **History.** Progress files dated on or before the day count. For each item the latest entry
//!   gives its per cent complete and texts, and the latest status reported counts (an entry
//!   without one keeps the earlier status); each target's latest reported actual counts;
//!   milestones and occurrences reported done stay done. An item no file mentions is 未启动 and
//!   unreported.
//! - **序时进度** (time-elapsed share) of an item: the share of its scheduled working days (the
//!   schedule's start to finish, both included) that have passed by the day, the day included:
//!   `elapsed / total × 100`, one decimal. 0 before the start, 100 from the finish on.
//! - **Per cent complete**: as reported; else 100 for 已完成, 0 for 未启动 (or unreported); else
//!   the mean share reached of the item's targets with an actual (each capped at 100); else
//!   unknown.
//! - **Red/amber/green** ([`rag`]): 已完成 is green. Red: past its scheduled finish and not done
//!   (overdue), or behind 序时 by more than [`RED_POINTS`] points. Amber: behind by more than
//!   [`AMBER_POINTS`] points, reported 滞后 or 暂缓, or a milestone or occurrence overdue. Green
//!   otherwise. An unknown per cent complete is not judged against 序时.
//! - **Targets.** For "reach at least" targets (达, 以上, 不低于, 逾, a range's low end) the share
//!   reached is actual ÷ target; met when the comparison holds. For "at most" targets (不超过,
//!   低于) met when the actual is within the limit; no share. A count target (not a share or
//!   points) not yet met is projected to the item's scheduled finish at the pace so far: actual ×
//!   total ÷ elapsed working days.

use super::check::{Entry, Snapshot, cumulative};
use super::syntax::Status as Reported;
use crate::calendar::Calendar;
use crate::model::{
    Arena, Comparison, ItemId, MilestoneId, OwnerId, Plan, RecurrenceId, TargetId, TargetKind, Unit,
};
use crate::schedule::Schedule;
use jiff::civil::Date;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeSet;

/// Behind 序时 by more than this many points is amber.
pub const AMBER_POINTS: u32 = 10;
/// Behind 序时 by more than this many points is red.
pub const RED_POINTS: u32 = 25;

/// Red, amber or green.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rag {
    /// Overdue, or far behind.
    Red,
    /// Behind, or a checkpoint missed.
    Amber,
    /// On track or done.
    Green,
}

impl Rag {
    /// All three, worst first.
    pub const ALL: [Rag; 3] = [Rag::Red, Rag::Amber, Rag::Green];

    /// The English name (JSON, CSS classes).
    pub fn name(self) -> &'static str {
        match self {
            Rag::Red => "red",
            Rag::Amber => "amber",
            Rag::Green => "green",
        }
    }

    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Rag::Red => "红",
            Rag::Amber => "黄",
            Rag::Green => "绿",
        }
    }

    /// The colour drawn.
    pub fn colour(self) -> &'static str {
        match self {
            Rag::Red => "#c62828",
            Rag::Amber => "#ef8f00",
            Rag::Green => "#2e7d32",
        }
    }
}

/// 序时进度: the share (0–100, one decimal) of the working days from `start` to `finish` (both
/// included) that have passed by `as_of` (included).
pub fn schedule_share(calendar: &Calendar, start: Date, finish: Date, as_of: Date) -> Decimal {
    let total = calendar.workdays_between(start, finish).max(1);
    let elapsed = calendar
        .workdays_between(start, as_of.min(finish))
        .clamp(0, total);
    percent(elapsed, total)
}

fn percent(part: i64, whole: i64) -> Decimal {
    if whole <= 0 {
        return Decimal::ZERO;
    }
    (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole))
        .round_dp(1)
        .normalize()
}

/// The rule of red/amber/green (see the module's documentation).
pub fn rag(
    status: Reported,
    complete: Option<Decimal>,
    schedule: Decimal,
    overdue: bool,
    checkpoint_missed: bool,
) -> Rag {
    if status == Reported::Done {
        return Rag::Green;
    }
    if overdue {
        return Rag::Red;
    }
    let behind = complete.map(|c| schedule - c).unwrap_or(Decimal::ZERO);
    if behind > Decimal::from(RED_POINTS) {
        return Rag::Red;
    }
    if behind > Decimal::from(AMBER_POINTS)
        || matches!(status, Reported::Behind | Reported::Paused)
        || checkpoint_missed
    {
        return Rag::Amber;
    }
    Rag::Green
}

/// The share reached (per cent, unrounded) of a "reach at least" target by an actual value.
pub fn share_reached(plan: &Plan, target: TargetId, actual: Decimal) -> Option<Decimal> {
    let goal = upward_goal(plan, target)?;
    if goal <= Decimal::ZERO {
        return None;
    }
    actual
        .checked_mul(Decimal::ONE_HUNDRED)
        .and_then(|v| v.checked_div(goal))
}

/// The value to reach of a "reach at least" target.
fn upward_goal(plan: &Plan, target: TargetId) -> Option<Decimal> {
    match &plan.targets[target].kind {
        TargetKind::Value {
            comparison: Comparison::Eq | Comparison::Ge | Comparison::Gt,
            value,
            ..
        } if value.unit != Unit::PercentPoint => Some(value.value),
        TargetKind::Range { low, .. } => Some(low.value),
        _ => None,
    }
}

/// Whether an actual meets its target, when that can be told.
pub fn met(plan: &Plan, target: TargetId, actual: Decimal) -> Option<bool> {
    match &plan.targets[target].kind {
        TargetKind::Value {
            comparison, value, ..
        } if value.unit != Unit::PercentPoint => Some(match comparison {
            Comparison::Eq | Comparison::Ge => actual >= value.value,
            Comparison::Gt => actual > value.value,
            Comparison::Le => actual <= value.value,
            Comparison::Lt => actual < value.value,
            Comparison::InStep => return None,
        }),
        TargetKind::Range { low, .. } => Some(actual >= low.value),
        TargetKind::VersusBaseline {
            comparison,
            baseline,
        } => {
            let base = plan.baselines[*baseline].value.as_ref()?.value;
            Some(match comparison {
                Comparison::Eq | Comparison::Ge => actual >= base,
                Comparison::Gt => actual > base,
                Comparison::Le => actual <= base,
                Comparison::Lt => actual < base,
                Comparison::InStep => return None,
            })
        }
        _ => None,
    }
}

/// One item as of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemStatus {
    /// Index into [`Plan::items`].
    pub item: ItemId,
    /// The reporting date of its latest entry; `None` when no file mentions it.
    pub reported: Option<Date>,
    /// The status (未启动 when unreported).
    pub status: Reported,
    /// Per cent complete, when known.
    pub complete: Option<Decimal>,
    /// 序时进度.
    pub schedule: Decimal,
    /// Red, amber or green.
    pub rag: Rag,
    /// Past its scheduled finish and not done.
    pub overdue: bool,
    /// Scheduled start.
    pub start: Date,
    /// Scheduled finish.
    pub finish: Date,
    /// The next deadline still open on or after the day: the item's, a milestone's or an
    /// occurrence's.
    pub next_due: Option<Date>,
    /// 完成情况, 存在问题, 下步打算 of its latest entry.
    pub achieved: Option<String>,
    /// 存在问题.
    pub problems: Option<String>,
    /// 下步打算.
    pub next: Option<String>,
}

/// One target as of the day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetStatus {
    /// Index into [`Plan::targets`].
    pub target: TargetId,
    /// Index into [`Plan::items`].
    pub item: ItemId,
    /// The latest actual: value and as written.
    pub actual: Option<(Decimal, String)>,
    /// Share reached, per cent (one decimal), for "reach at least" targets.
    pub share: Option<Decimal>,
    /// Whether the target is met.
    pub met: Option<bool>,
    /// At the pace so far, the value by the item's scheduled finish.
    pub projection: Option<Decimal>,
    /// The item's scheduled finish.
    pub deadline: Date,
}

/// Counts for one owner or section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Index into [`Plan::owners`] or [`Plan::sections`].
    pub index: usize,
    /// Items by status, in the order of [`Reported::ALL`].
    pub by_status: [usize; 5],
    /// Items by red/amber/green, in the order of [`Rag::ALL`].
    pub by_rag: [usize; 3],
    /// Overdue items, indices into [`Plan::items`].
    pub overdue: Vec<ItemId>,
    /// Sum of per cent complete (unknown counted as 0) and of 序时, for averages.
    pub complete_sum: Decimal,
    /// Sum of 序时进度.
    pub schedule_sum: Decimal,
}

impl Counts {
    fn new(index: usize) -> Counts {
        Counts {
            index,
            by_status: [0; 5],
            by_rag: [0; 3],
            overdue: Vec::new(),
            complete_sum: Decimal::ZERO,
            schedule_sum: Decimal::ZERO,
        }
    }

    /// Items counted.
    pub fn total(&self) -> usize {
        self.by_status.iter().sum()
    }

    /// Mean per cent complete (one decimal).
    pub fn mean_complete(&self) -> Decimal {
        mean(self.complete_sum, self.total())
    }

    /// Mean 序时进度 (one decimal).
    pub fn mean_schedule(&self) -> Decimal {
        mean(self.schedule_sum, self.total())
    }

    fn add(&mut self, item: &ItemStatus) {
        if let Some(position) = Reported::ALL.iter().position(|s| *s == item.status) {
            self.by_status[position] += 1;
        }
        if let Some(position) = Rag::ALL.iter().position(|r| *r == item.rag) {
            self.by_rag[position] += 1;
        }
        if item.overdue {
            self.overdue.push(item.item);
        }
        self.complete_sum += item.complete.unwrap_or(Decimal::ZERO);
        self.schedule_sum += item.schedule;
    }
}

fn mean(sum: Decimal, count: usize) -> Decimal {
    if count == 0 {
        return Decimal::ZERO;
    }
    (sum / Decimal::from(count)).round_dp(1).normalize()
}

/// A milestone not done by its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateMilestone {
    /// Index into [`Plan::milestones`].
    pub milestone: MilestoneId,
    /// Its scheduled date.
    pub due: Date,
}

/// An occurrence not done by its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LateOccurrence {
    /// Index into [`Plan::recurrences`].
    pub recurrence: RecurrenceId,
    /// 1-based number of the occurrence.
    pub index: usize,
    /// The day it was due by.
    pub due: Date,
}

/// One point of the burn-up: on a reporting date, items done and items scheduled to be finished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BurnPoint {
    /// The reporting date.
    pub date: Date,
    /// Items reported done by then.
    pub done: usize,
    /// Items whose scheduled finish is on or before it.
    pub planned: usize,
}

/// The state of the plan as of a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    /// The day.
    pub as_of: Date,
    /// The reporting dates that count (on or before the day).
    pub reports: Vec<Date>,
    /// One per item, in plan order.
    pub items: Vec<ItemStatus>,
    /// One per target of an item, in plan order.
    pub targets: Vec<TargetStatus>,
    /// Per owner with items (lead owners; a group counts for each member), in plan order.
    pub owners: Vec<Counts>,
    /// Per section, in plan order.
    pub sections: Vec<Counts>,
    /// The whole plan.
    pub total: Counts,
    /// Milestones past their date and not done.
    pub late_milestones: Vec<LateMilestone>,
    /// Occurrences past their date and not done.
    pub late_occurrences: Vec<LateOccurrence>,
    /// Done against planned on each reporting date.
    pub burnup: Vec<BurnPoint>,
}

/// What the history says of each item as of a day.
#[derive(Debug, Default, Clone)]
struct Merged<'a> {
    entry: Option<&'a Entry>,
    status: Option<Reported>,
    as_of: Option<Date>,
    actuals: HashMap<TargetId, (Decimal, &'a str)>,
    milestones: HashMap<MilestoneId, Date>,
    occurrences: HashMap<RecurrenceId, BTreeSet<Date>>,
}

fn merge<'a>(plan: &Plan, snapshots: &[&'a Snapshot]) -> Arena<ItemId, Merged<'a>> {
    let mut merged: Arena<ItemId, Merged<'a>> =
        plan.items.iter().map(|_| Merged::default()).collect();
    for snapshot in snapshots {
        for entry in &snapshot.entries {
            let slot = &mut merged[entry.item];
            for (target, value, shown) in &entry.actuals {
                slot.actuals.insert(*target, (*value, shown.as_str()));
            }
            for (milestone, date) in &entry.milestones {
                slot.milestones.entry(*milestone).or_insert(*date);
            }
            for (recurrence, dates) in &entry.occurrences {
                slot.occurrences
                    .entry(*recurrence)
                    .or_default()
                    .extend(dates.iter().copied());
            }
            slot.entry = Some(entry);
            if entry.status.is_some() {
                slot.status = entry.status;
            }
            slot.as_of = Some(snapshot.as_of);
        }
    }
    merged
}

/// Plans with at least this many items get their item statuses on two threads.
const PARALLEL_ITEMS: usize = 20_000;

/// What [`compute`] reads for every item.
struct Day<'a, 'm> {
    plan: &'a Plan,
    schedule: &'a Schedule,
    calendar: &'a Calendar,
    merged: &'m Arena<ItemId, Merged<'a>>,
    as_of: Date,
}

/// The per-item part of a [`Status`], for a range of items.
struct Part {
    items: Vec<ItemStatus>,
    targets: Vec<TargetStatus>,
    late_milestones: Vec<LateMilestone>,
    late_occurrences: Vec<LateOccurrence>,
}

impl Part {
    /// This part followed by `next`.
    fn join(mut self, mut next: Part) -> Part {
        self.items.append(&mut next.items);
        self.targets.append(&mut next.targets);
        self.late_milestones.append(&mut next.late_milestones);
        self.late_occurrences.append(&mut next.late_occurrences);
        self
    }
}

impl Day<'_, '_> {
    /// The statuses of the items `range`, of their targets, and their late checkpoints.
    fn items(&self, range: std::ops::Range<usize>) -> Part {
        let Day {
            plan,
            schedule,
            calendar,
            merged,
            as_of,
        } = *self;
        let mut items = Vec::with_capacity(range.len());
        let mut targets = Vec::with_capacity(range.len());
        let mut late_milestones = Vec::new();
        let mut late_occurrences = Vec::new();
        for position in range {
            let index = ItemId::from_index(position);
            let item = &plan.items[index];
            let (slot, state) = (&schedule.items[index], &merged[index]);
            let entry = state.entry;
            let status = state.status.unwrap_or(Reported::NotStarted);
            let done = status == Reported::Done;
            let mut shares = Vec::new();
            // Two calendar counts per item, not four: 序时进度 is [`schedule_share`] of these.
            let elapsed = calendar.workdays_between(slot.start, as_of.min(slot.finish));
            let total = calendar.workdays_between(slot.start, slot.finish).max(1);
            let share_of_time = percent(elapsed.clamp(0, total), total);
            for &target in &item.targets {
                let actual = state
                    .actuals
                    .get(&target)
                    .map(|&(value, shown)| (value, shown.to_owned()));
                let share = actual
                    .as_ref()
                    .and_then(|(value, _)| share_reached(plan, target, *value))
                    .map(|s| s.round_dp(1).normalize());
                if let Some(share) = share {
                    shares.push(share.min(Decimal::ONE_HUNDRED));
                }
                let is_met = actual
                    .as_ref()
                    .and_then(|(value, _)| met(plan, target, *value));
                let count_unit = matches!(
                    super::check::target_unit(plan, target),
                    Some(Unit::None | Unit::Named(_))
                );
                let projection = match &actual {
                    Some((value, _))
                        if cumulative(plan, target)
                            && count_unit
                            && is_met == Some(false)
                            && elapsed > 0
                            && elapsed < total =>
                    {
                        value
                            .checked_mul(Decimal::from(total))
                            .and_then(|v| v.checked_div(Decimal::from(elapsed)))
                            .map(|v| v.round_dp(0))
                    }
                    _ => None,
                };
                targets.push(TargetStatus {
                    target,
                    item: index,
                    actual,
                    share,
                    met: is_met,
                    projection,
                    deadline: slot.finish,
                });
            }
            let complete = entry
                .and_then(|e| e.percent)
                .or(match status {
                    Reported::Done => Some(Decimal::ONE_HUNDRED),
                    Reported::NotStarted => Some(Decimal::ZERO),
                    _ => None,
                })
                .or_else(|| {
                    (!shares.is_empty()).then(|| {
                        (shares.iter().copied().sum::<Decimal>() / Decimal::from(shares.len()))
                            .round_dp(1)
                            .normalize()
                    })
                });
            let mut next_due = (!done && slot.finish >= as_of).then_some(slot.finish);
            let mut missed = false;
            // Whether a checkpoint not done yet, due on `due`, is late: then the item missed one;
            // else `due` is a deadline still open, the next one when it is the earliest.
            let mut is_late = |due: Date| {
                if due < as_of {
                    missed = true;
                } else {
                    next_due = Some(next_due.map_or(due, |d| d.min(due)));
                }
                due < as_of
            };
            for &milestone in &item.milestones {
                let due = schedule.milestones[milestone].finish;
                if done || state.milestones.contains_key(&milestone) {
                    continue;
                }
                if is_late(due) {
                    late_milestones.push(LateMilestone { milestone, due });
                }
            }
            for &recurrence in &item.recurrences {
                let done_count = state.occurrences.get(&recurrence).map_or(0, BTreeSet::len);
                for occurrence in schedule.occurrences_of(recurrence).skip(done_count) {
                    // Only the first occurrence still to come is open.
                    if done || !is_late(occurrence.due) {
                        break;
                    }
                    late_occurrences.push(LateOccurrence {
                        recurrence,
                        index: occurrence.index,
                        due: occurrence.due,
                    });
                }
            }
            let overdue = !done && slot.finish < as_of;
            items.push(ItemStatus {
                item: index,
                reported: state.as_of,
                status,
                complete,
                schedule: share_of_time,
                rag: rag(status, complete, share_of_time, overdue, missed),
                overdue,
                start: slot.start,
                finish: slot.finish,
                next_due,
                achieved: entry.and_then(|e| e.achieved.clone()),
                problems: entry.and_then(|e| e.problems.clone()),
                next: entry.and_then(|e| e.next.clone()),
            });
        }
        Part {
            items,
            targets,
            late_milestones,
            late_occurrences,
        }
    }
}

/// Computes the state of the plan as of `as_of`.
pub fn compute(
    plan: &Plan,
    schedule: &Schedule,
    calendar: &Calendar,
    snapshots: &[Snapshot],
    as_of: Date,
) -> Status {
    let counted: Vec<&Snapshot> = snapshots.iter().filter(|s| s.as_of <= as_of).collect();
    let merged = merge(plan, &counted);
    let day = Day {
        plan,
        schedule,
        calendar,
        merged: &merged,
        as_of,
    };
    // The items are independent: a large plan's are done in two halves on two threads, and the
    // halves joined in plan order.
    let count = plan.items.len();
    let parts = if count >= PARALLEL_ITEMS {
        std::thread::scope(|scope| {
            let second = std::thread::Builder::new()
                .spawn_scoped(scope, || day.items(count / 2..count))
                .ok();
            let first = day.items(0..count / 2);
            let second = second
                .and_then(|thread| thread.join().ok())
                .unwrap_or_else(|| day.items(count / 2..count));
            first.join(second)
        })
    } else {
        day.items(0..count)
    };
    let Part {
        items,
        targets,
        late_milestones,
        late_occurrences,
    } = parts;
    let mut owners: Arena<OwnerId, Option<Counts>> = plan.owners.iter().map(|_| None).collect();
    let mut sections: Vec<Counts> = (0..plan.sections.len()).map(Counts::new).collect();
    let mut total = Counts::new(0);
    for state in &items {
        let item = &plan.items[state.item];
        total.add(state);
        sections[item.section.index()].add(state);
        let mut leads: Vec<OwnerId> = item
            .lead
            .iter()
            .flat_map(|lead| lead.owners.iter().copied())
            .collect();
        leads.sort_unstable();
        leads.dedup();
        for owner in leads {
            owners[owner]
                .get_or_insert_with(|| Counts::new(owner.index()))
                .add(state);
        }
    }
    // Done items on each reporting date: the latest status of every item, updated file by file.
    let mut latest: Arena<ItemId, Option<Reported>> = plan.items.iter().map(|_| None).collect();
    let mut done = 0usize;
    let mut burnup = Vec::with_capacity(counted.len());
    for snapshot in &counted {
        for entry in &snapshot.entries {
            {
                let slot = &mut latest[entry.item];
                let was = *slot == Some(Reported::Done);
                if entry.status.is_some() {
                    *slot = entry.status;
                }
                let is = *slot == Some(Reported::Done);
                match (was, is) {
                    (false, true) => done += 1,
                    (true, false) => done = done.saturating_sub(1),
                    _ => {}
                }
            }
        }
        burnup.push(BurnPoint {
            date: snapshot.as_of,
            done,
            planned: schedule
                .items
                .iter()
                .filter(|slot| slot.finish <= snapshot.as_of)
                .count(),
        });
    }
    Status {
        as_of,
        reports: counted.iter().map(|s| s.as_of).collect(),
        items,
        targets,
        owners: owners.into_iter().flatten().collect(),
        sections,
        total,
        late_milestones,
        late_occurrences,
        burnup,
    }
}

/// How one item moved between two days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Index into [`Plan::items`].
    pub item: ItemId,
    /// The status before and after.
    pub status: (Reported, Reported),
    /// Per cent complete before and after.
    pub complete: (Option<Decimal>, Option<Decimal>),
    /// Red/amber/green before and after.
    pub rag: (Rag, Rag),
}

impl Change {
    /// Slipped: its red/amber/green got worse.
    pub fn slipped(&self) -> bool {
        self.rag.1 < self.rag.0
    }

    /// Advanced: done now, or further along, and not slipped.
    pub fn advanced(&self) -> bool {
        !self.slipped()
            && (self.status.1 == Reported::Done && self.status.0 != Reported::Done
                || self.complete.1.unwrap_or(Decimal::ZERO)
                    > self.complete.0.unwrap_or(Decimal::ZERO))
    }
}

/// The items whose status, per cent complete or red/amber/green differ between two states of one
/// plan, in plan order.
pub fn changes(before: &Status, after: &Status) -> Vec<Change> {
    before
        .items
        .iter()
        .zip(after.items.iter())
        .filter(|(b, a)| {
            b.item == a.item && (b.status != a.status || b.complete != a.complete || b.rag != a.rag)
        })
        .map(|(b, a)| Change {
            item: a.item,
            status: (b.status, a.status),
            complete: (b.complete, a.complete),
            rag: (b.rag, a.rag),
        })
        .collect()
}

/// What the history reports done as of a day, for ticking checklists: items reported 已完成 (their
/// latest status), milestones reported done, and how many occurrences of each recurrence.
pub fn ticks(plan: &Plan, snapshots: &[Snapshot], as_of: Date) -> crate::emit::checklist::Ticks {
    let counted: Vec<&Snapshot> = snapshots.iter().filter(|s| s.as_of <= as_of).collect();
    let merged = merge(plan, &counted);
    let mut ticks = crate::emit::checklist::Ticks {
        items: vec![false; plan.items.len()],
        milestones: vec![false; plan.milestones.len()],
        occurrences: vec![0; plan.recurrences.len()],
    };
    for (item, state) in merged.iter().enumerate() {
        if let Some(slot) = ticks.items.get_mut(item) {
            *slot = state.status == Some(Reported::Done);
        }
        for &milestone in state.milestones.keys() {
            if let Some(slot) = ticks.milestones.get_mut(milestone.index()) {
                *slot = true;
            }
        }
        for (&recurrence, dates) in &state.occurrences {
            if let Some(slot) = ticks.occurrences.get_mut(recurrence.index()) {
                *slot = dates.len();
            }
        }
    }
    ticks
}
