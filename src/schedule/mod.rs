//! Phase 3: the schedule. When every item, milestone and recurring occurrence happens, what is
//! critical, and where owners are overloaded.
//!
//! The core is pure: [`schedule`] reads a checked [`Plan`] and returns a [`Schedule`] or the
//! diagnostics that make one impossible. No clock, no I/O, no recursion; every pass is linear in
//! the number of items, milestones and dependencies (levelling is linear in their total length).
//!
//! # Scheduling rules
//!
//! Time is counted in **working days** of the plan's [`Calendar`] (weekends and official holidays
//! off, make-up working days on, the plan's `休息`/`补班` days last). Every start and finish is a
//! working day.
//!
//! - **Earliest start** of an item: the latest of the period start, its `start`/`开始` date, the
//!   first day of its `window`/`时段`, and what its dependencies allow. A sub-item also respects
//!   the `start` and `window` of the items it is inside.
//! - **Deadline** of an item: the earliest of the period end, the last day of its `due`/`时限` and
//!   of its `window`; a sub-item also respects the deadlines of the items it is inside. A deadline
//!   on a day off means the last working day before it.
//! - **An item with a duration** (`工期`) takes that many working days from its earliest start
//!   (`天` counts calendar days, `周` seven calendar days, `个月` calendar months; the working days
//!   they cover are its length). `工期 0` sits on the working day it can start. A duration longer
//!   than the time from its earliest possible start to its deadline is an error at the `工期`.
//! - **A window item** (`时段`, no duration) runs from its earliest start to the end of its window,
//!   whatever waits for it: dependencies order windows, they do not shrink them. A prerequisite
//!   that finishes after the window ends makes the window impossible: an error.
//! - **Ongoing work** (no duration, no window; most often `时限 年内`) fills the time it has, up to
//!   its deadline. When later items wait for it (finish-to-start), it finishes early enough for
//!   them: a chain of such items that share a deadline splits the time evenly, in working days.
//!   [`Slot::ongoing`] marks it; it is never critical.
//! - **A milestone** takes no time. It sits at its due date (the last working day of its `时限`),
//!   or, when it has no due date, right after its prerequisites finish (at the period end when it
//!   has none).
//! - **Dependencies** (`后于`/`依赖`) are finish-to-start: the dependent starts the working day
//!   after the prerequisite finishes (a milestone after an item can fall on the item's last day).
//!   `开始` makes one start-to-start. A lag (`+10 工作日`) adds working days; calendar-day, week
//!   and month lags count the working days they cover.
//! - **Critical path method**: the forward pass gives the earliest start and finish, the backward
//!   pass the latest ones, from the deadlines above (ongoing work counts as its least length, one
//!   working day, so what comes before it keeps its real slack). Total slack = latest finish −
//!   earliest finish; free slack = how far an item can slip before it delays anything that waits
//!   for it (or its own deadline), both in working days. **Critical** means: on a chain of work
//!   with a duration whose total slack is the least in the plan; windows and milestones are
//!   critical only on such a chain (tight dependencies at that slack), ongoing work never. The
//!   critical paths are the chains of critical items and milestones linked by dependencies that
//!   drive their dates.
//! - **Capacity**: an owner with `容量 N` may lead at most N items at once; an item and its
//!   sub-items count once for an owner that leads both. Periods where the lead owners are
//!   overloaded are reported. With `level`, items are moved later within their total slack (never
//!   past a deadline, never a sub-item outside its parent's planned dates, never ongoing work) to
//!   resolve overloads, in order of earliest start, least slack, then plan order; what cannot be
//!   resolved stays reported.
//! - **Recurrence**: occurrences stay inside their item; see [`recur`], the one definition of when
//!   they fall.
//!
//! Impossible dates are errors: a deadline the dependencies make impossible (with the chain that
//! forces it late), a milestone due before its prerequisites finish, a window a dependency makes
//! impossible, work that cannot fit in its window or the period, recurrences that do not fit in
//! their item, and a period outside 2000–2100 (the years with a working-day calendar). `planc check`
//! runs [`schedule`] too ([`crate::check::feasibility`]), so a plan it accepts schedules.

mod cpm;
mod level;
pub mod recur;

use crate::calendar::Calendar;
use crate::diagnostic::{Diagnostic, Problem};
use crate::model::{
    Arena, DependencyId, ItemId, MilestoneId, Node, OwnerId, Period, Plan, RecurrenceId, TargetId,
};
use crate::source::{FileId, Span};
use jiff::civil::Date;

/// Options for [`schedule`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ScheduleOptions {
    /// Shift items within their slack to resolve owner overloads.
    pub level: bool,
}

/// How an item's span was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// A duration from the earliest start.
    Duration,
    /// Fills its window.
    Window,
    /// Fills the time up to its due date.
    Due,
    /// Fills the time up to the period end.
    Period,
    /// A zero-length milestone.
    Milestone,
}

impl Rule {
    /// The name used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Rule::Duration => "duration",
            Rule::Window => "window",
            Rule::Due => "due",
            Rule::Period => "period",
            Rule::Milestone => "milestone",
        }
    }
}

/// The dates of one item or milestone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slot {
    /// Planned start (the earliest start, or later when levelling moved it).
    pub start: Date,
    /// Planned finish (inclusive; for a milestone, its date).
    pub finish: Date,
    /// Earliest start.
    pub early_start: Date,
    /// Earliest finish.
    pub early_finish: Date,
    /// Latest start.
    pub late_start: Date,
    /// Latest finish.
    pub late_finish: Date,
    /// Length in working days (0 for a milestone).
    pub duration: i64,
    /// Total slack in working days.
    pub total_slack: i64,
    /// Free slack in working days.
    pub free_slack: i64,
    /// Whether it is on a critical path.
    pub critical: bool,
    /// Whether it is ongoing work (持续推进): an item without a duration or a window of its own,
    /// which fills the time it has. Ongoing work is never critical.
    pub ongoing: bool,
    /// The working day it is due by: the last working day on or before its own deadline (`时限`,
    /// the end of `时段`, or those of the items it is inside); `None` when only the period ends it.
    pub due: Option<Date>,
    /// How the span was decided.
    pub rule: Rule,
    /// Working days levelling moved it by.
    pub shifted: i64,
}

/// One dated occurrence of a recurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    /// Id into [`Plan::recurrences`].
    pub recurrence: RecurrenceId,
    /// 1-based number among the recurrence's occurrences.
    pub index: usize,
    /// First working day it can happen on.
    pub start: Date,
    /// The working day it is due by.
    pub due: Date,
}

/// A period in which an owner leads more items than its capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overload {
    /// Id into [`Plan::owners`].
    pub owner: OwnerId,
    /// First day of the overload.
    pub start: Date,
    /// Last day of the overload (inclusive).
    pub end: Date,
    /// The most items running at once in the period.
    pub load: u32,
    /// The owner's capacity.
    pub capacity: u32,
    /// The items running in the period, ids into [`Plan::items`], in plan order.
    pub items: Vec<ItemId>,
}

/// The schedule of a plan.
#[derive(Debug, Clone)]
pub struct Schedule {
    /// The plan period.
    pub period: Period,
    /// One slot per item, as [`Plan::items`].
    pub items: Arena<ItemId, Slot>,
    /// One slot per milestone, as [`Plan::milestones`].
    pub milestones: Arena<MilestoneId, Slot>,
    /// Every occurrence of every recurrence, by recurrence then date.
    pub occurrences: Vec<Occurrence>,
    /// Every target's due day (`时限 2023年`), as [`Plan::targets`]: the last working day on or
    /// before the end of its window, the rule of an item's due day. `None` for a target due with
    /// its item.
    pub targets: Arena<TargetId, Option<Date>>,
    /// The total slack that counts as critical (0 in a feasible plan).
    pub critical_slack: i64,
    /// Critical chains from a critical node nothing critical drives to one that drives nothing
    /// critical, each in dependency order (at most 1,000, depth-first in plan order).
    pub critical_paths: Vec<Vec<Node>>,
    /// Dependencies on a critical path, ids into [`Plan::dependencies`], ascending.
    pub critical_dependencies: Vec<DependencyId>,
    /// Owner overloads, by owner then date.
    pub overloads: Vec<Overload>,
    /// Whether levelling was applied.
    pub leveled: bool,
    /// Working days in the period.
    pub workdays: i64,
}

impl Schedule {
    /// The slot of an item or milestone.
    pub fn slot(&self, node: Node) -> &Slot {
        match node {
            Node::Item(index) => &self.items[index],
            Node::Milestone(index) => &self.milestones[index],
        }
    }

    /// The occurrences of one recurrence.
    ///
    /// [`Schedule::occurrences`] is ordered by recurrence, so this is a binary search, not a scan:
    /// asking for every recurrence's occurrences costs their number, not recurrences × occurrences.
    pub fn occurrences_of(&self, recurrence: RecurrenceId) -> impl Iterator<Item = &Occurrence> {
        let first = self
            .occurrences
            .partition_point(|o| o.recurrence < recurrence);
        self.occurrences
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(move |o| o.recurrence == recurrence)
    }
}

/// The plan's working-day calendar: the plan's holiday files, the bundled holidays or the
/// statutory ones (see [`crate::calendar`]), plus the plan's `休息`/`补班` days.
///
/// `check` already reports a period outside the years with a calendar (2000–2100) at the
/// period; this error is for a plan built without `check`.
pub fn calendar(plan: &Plan) -> Result<Calendar, Diagnostic> {
    let mut calendar =
        Calendar::for_period_with(plan.period.start, plan.period.end, &plan.holiday_files)
            .map_err(|error| {
                Problem::CannotSchedule {
                    reason: error.to_string(),
                    supported_first: *crate::calendar::supported_years().start(),
                    supported_last: *crate::calendar::supported_years().end(),
                    span: anchor_span(plan),
                }
                .diagnostic()
            })?;
    for &(from, to) in &plan.days_off {
        let mut day = from;
        let mut guard = 0;
        while day <= to && guard < 4000 {
            calendar.with_day_off(day);
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
            guard += 1;
        }
    }
    for &day in &plan.workdays {
        calendar.with_workday(day);
    }
    Ok(calendar)
}

/// A span to hang plan-wide diagnostics on: the first declared item, owner or section.
fn anchor_span(plan: &Plan) -> Span {
    plan.sections
        .first()
        .map(|s| s.span)
        .or_else(|| plan.items.first().map(|i| i.span))
        .or_else(|| plan.owners.first().map(|o| o.span))
        .unwrap_or(Span::new(FileId(0), 0, 0))
}

/// Schedules a checked plan: dates, slack, critical paths, occurrences and overloads.
///
/// Fails with every problem found when the plan cannot be scheduled: a period without holiday
/// data, a deadline or milestone its dependencies make impossible, work that does not fit in the
/// period, a recurrence with more occurrences than working days, or a dependency cycle.
pub fn schedule(plan: &Plan, options: &ScheduleOptions) -> Result<Schedule, Vec<Diagnostic>> {
    let calendar = calendar(plan).map_err(|d| vec![d])?;
    let mut diagnostics = Vec::new();
    let timeline = cpm::Timeline::new(&calendar, plan.period);
    let mut result = cpm::run(plan, &timeline, &mut diagnostics);
    // Recurrences fall inside their item: from its earliest start to its latest finish. When the
    // dates are impossible, the period stands in (the dates' own errors are reported).
    let spans: Vec<recur::Span> = if diagnostics.is_empty() {
        (0..plan.items.len())
            .map(|n| result.span(&timeline, n))
            .collect()
    } else {
        vec![(plan.period.start, plan.period.end); plan.items.len()]
    };
    let occurrences = recur::expand(plan, &calendar, &spans, &mut diagnostics);
    if !diagnostics.is_empty() {
        crate::diagnostic::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    if options.level {
        level::level(plan, &timeline, &mut result);
    }
    let overloads = level::overloads(plan, &timeline, &result);
    Ok(result.into_schedule(plan, &timeline, occurrences, overloads, options.level))
}
