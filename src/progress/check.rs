//! Progress files checked against the plan: every name resolved, every value and date checked, all
//! problems reported at once.

use super::syntax::{self, Status};
use crate::diagnostic::{Diagnostic, Problem, closest};
use crate::model::{
    Comparison, Id, ItemId, MilestoneId, Plan, RecurrenceId, TargetId, TargetKind, Unit,
};
use crate::schedule::Schedule;
use crate::source::{FileId, Span, Spanned};
use jiff::civil::Date;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;

/// One checked progress file: what was reported as of its date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// The file it came from.
    pub file: FileId,
    /// The reporting date.
    pub as_of: Date,
    /// One entry per item reported, in file order.
    pub entries: Vec<Entry>,
}

/// How far one item got, resolved against the plan.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// Index into [`Plan::items`].
    pub item: ItemId,
    /// The status reported.
    pub status: Option<Status>,
    /// Per cent complete.
    pub percent: Option<Decimal>,
    /// Actual values: (index into [`Plan::targets`], value, as written with its unit).
    pub actuals: Vec<(TargetId, Decimal, String)>,
    /// Where each actual was written: (index into [`Plan::targets`], span).
    pub actual_spans: Vec<(TargetId, Span)>,
    /// Milestones done: (index into [`Plan::milestones`], day).
    pub milestones: Vec<(MilestoneId, Date)>,
    /// Occurrences done: (index into [`Plan::recurrences`], days).
    pub occurrences: Vec<(RecurrenceId, Vec<Date>)>,
    /// When the item was finished.
    pub done: Option<Date>,
    /// 完成情况.
    pub achieved: Option<String>,
    /// 存在问题.
    pub problems: Option<String>,
    /// 下步打算.
    pub next: Option<String>,
}

/// Below this share of its target, an item reported done is reported (`planc::progress_unreached`).
pub const FAR_FROM_REACHED: u32 = 80;

/// The unit a target's actual value is measured in; `None` when any unit will do (a trend).
pub fn target_unit(plan: &Plan, target: TargetId) -> Option<Unit> {
    let target = &plan.targets[target];
    match &target.kind {
        TargetKind::Value { value, .. } => Some(value.unit.clone()),
        TargetKind::Range { low, .. } => Some(low.unit.clone()),
        // A growth rate (in %) of anything, or a change against the previous year: any unit.
        TargetKind::Change { baseline: None, .. } => None,
        TargetKind::Change {
            baseline: Some(baseline),
            ..
        }
        | TargetKind::VersusBaseline { baseline, .. } => {
            Some(plan.baselines[*baseline].unit.clone())
        }
        TargetKind::Trend(_) => None,
    }
}

/// Whether a larger actual is better and actuals add up over the year (counts reached so far).
pub fn cumulative(plan: &Plan, target: TargetId) -> bool {
    match Some(&plan.targets[target].kind) {
        Some(TargetKind::Value {
            comparison, value, ..
        }) => {
            matches!(comparison, Comparison::Eq | Comparison::Ge | Comparison::Gt)
                && value.unit != Unit::PercentPoint
        }
        Some(TargetKind::Range { .. }) => true,
        _ => false,
    }
}

/// Checks parsed progress files against a plan and its schedule. Returns the snapshots, ordered by
/// reporting date; files without a usable header are left out (and reported).
pub fn check(
    plan: &Plan,
    schedule: &Schedule,
    files: Vec<(FileId, syntax::File)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Snapshot> {
    check_names(plan, files, diagnostics).finish(plan, schedule, diagnostics)
}

/// Progress files checked against the plan alone, by [`check_names`]: the checks that need the
/// schedule are left for [`Unscheduled::finish`]. `planc status` runs the first half while the
/// plan's schedule is being made.
#[derive(Debug)]
pub struct Unscheduled {
    /// The snapshots, with the span of each one's reporting date.
    snapshots: Vec<(Snapshot, Span)>,
    /// What only the schedule can tell, in the order it was met.
    pending: Vec<Pending>,
}

/// A check that needs the schedule.
#[derive(Debug)]
enum Pending {
    /// A day something was done on, in the period and not after its report: was it before the
    /// item could start?
    BeforeStart {
        item: ItemId,
        date: Date,
        span: Span,
        what: &'static str,
    },
    /// Occurrences reported done: more than the schedule has?
    Occurrences {
        recurrence: RecurrenceId,
        /// The days as written.
        dates: Vec<Span>,
    },
}

/// The first half of [`check`]: every name resolved and every value and date checked that the
/// plan alone can judge.
pub fn check_names(
    plan: &Plan,
    files: Vec<(FileId, syntax::File)>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Unscheduled {
    let names = Names::new(plan);
    let mut snapshots: Vec<(Snapshot, Span)> = Vec::new();
    let mut pending = Vec::new();
    for (file, tree) in files {
        let Some(header) = &tree.header else {
            diagnostics.push(
                Problem::ProgressNoHeader {
                    title: plan.title.to_string(),
                    span: Span::new(file, 0, 0),
                }
                .into(),
            );
            continue;
        };
        if header.plan.node != plan.title {
            diagnostics.push(
                Problem::ProgressOtherPlan {
                    written: header.plan.node.to_string(),
                    title: plan.title.to_string(),
                    span: header.plan.span,
                }
                .into(),
            );
            continue;
        }
        let as_of = header.as_of.node;
        if !plan.period.contains(as_of) {
            diagnostics.push(
                Problem::ProgressAsOfOutside {
                    as_of,
                    start: plan.period.start,
                    end: plan.period.end,
                    span: header.as_of.span,
                }
                .into(),
            );
            continue;
        }
        if let Some((_, first)) = snapshots.iter().find(|(s, _)| s.as_of == as_of) {
            diagnostics.push(
                Problem::ProgressDayTwice {
                    as_of,
                    span: header.as_of.span,
                    first: *first,
                }
                .into(),
            );
            continue;
        }
        let mut checker = FileCheck {
            plan,
            names: &names,
            as_of,
            diagnostics,
            pending: &mut pending,
        };
        let entries = checker.entries(tree.items);
        snapshots.push((
            Snapshot {
                file,
                as_of,
                entries,
            },
            header.as_of.span,
        ));
    }
    Unscheduled { snapshots, pending }
}

impl Unscheduled {
    /// The second half of [`check`]: the checks that need the schedule, and cumulative actuals
    /// that went down from one report to the next. Returns the snapshots by reporting date.
    pub fn finish(
        self,
        plan: &Plan,
        schedule: &Schedule,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<Snapshot> {
        for pending in self.pending {
            match pending {
                Pending::BeforeStart {
                    item,
                    date,
                    span,
                    what,
                } => {
                    let start = schedule.items[item].early_start;
                    if date < start {
                        diagnostics.push(
                            Problem::DoneBeforeStart {
                                what,
                                date,
                                item: plan.items[item].id.to_string(),
                                start,
                                span,
                            }
                            .into(),
                        );
                    }
                }
                Pending::Occurrences { recurrence, dates } => {
                    let planned = schedule.occurrences_of(recurrence).count();
                    if dates.len() > planned
                        && let Some(&extra) = dates.get(planned)
                    {
                        diagnostics.push(
                            Problem::ProgressTooManyOccurrences {
                                recurrence: plan.recurrences[recurrence].id.to_string(),
                                planned,
                                reported: dates.len(),
                                span: extra,
                            }
                            .into(),
                        );
                    }
                }
            }
        }
        let mut snapshots: Vec<Snapshot> = self.snapshots.into_iter().map(|(s, _)| s).collect();
        snapshots.sort_by_key(|s| s.as_of);
        regressions(plan, &snapshots, diagnostics);
        snapshots
    }
}

/// The plan's names, looked up by the progress files.
struct Names<'a> {
    items: HashMap<&'a str, ItemId>,
    targets: HashMap<&'a str, TargetId>,
    milestones: HashMap<&'a str, MilestoneId>,
    recurrences: HashMap<&'a str, RecurrenceId>,
}

impl<'a> Names<'a> {
    fn new(plan: &'a Plan) -> Names<'a> {
        Names {
            items: index(plan.items.iter().map(|i| i.id.as_str())),
            targets: index(plan.targets.iter().map(|t| t.id.as_str())),
            milestones: index(plan.milestones.iter().map(|m| m.id.as_str())),
            recurrences: index(plan.recurrences.iter().map(|r| r.id.as_str())),
        }
    }
}

fn index<'a, I: Id>(names: impl ExactSizeIterator<Item = &'a str>) -> HashMap<&'a str, I> {
    // Sized once: growing a table of a hundred thousand names rehashes it again and again.
    let mut map = HashMap::with_capacity_and_hasher(names.len(), Default::default());
    for (position, name) in names.enumerate() {
        map.entry(name).or_insert(I::from_index(position));
    }
    map
}

struct FileCheck<'a, 'd> {
    plan: &'a Plan,
    names: &'a Names<'a>,
    as_of: Date,
    diagnostics: &'d mut Vec<Diagnostic>,
    /// The checks left for the schedule.
    pending: &'d mut Vec<Pending>,
}

impl FileCheck<'_, '_> {
    fn entries(&mut self, items: Vec<syntax::ItemEntry>) -> Vec<Entry> {
        let mut seen: HashMap<ItemId, Span> = HashMap::default();
        seen.reserve(items.len());
        let mut entries = Vec::with_capacity(items.len());
        for written in items {
            let Some(&item) = self.names.items.get(written.id.node.as_str()) else {
                self.diagnostics.push(
                    Problem::ProgressUnknownItem {
                        name: written.id.node.to_string(),
                        suggestion: closest(
                            &written.id.node,
                            self.plan.items.iter().map(|i| i.id.as_str()),
                        ),
                        span: written.id.span,
                    }
                    .into(),
                );
                continue;
            };
            if let Some(first) = seen.get(&item) {
                self.diagnostics.push(
                    Problem::ProgressItemTwice {
                        name: written.id.node.to_string(),
                        span: written.id.span,
                        first: *first,
                    }
                    .into(),
                );
                continue;
            }
            seen.insert(item, written.id.span);
            entries.push(self.entry(item, written));
        }
        entries
    }

    fn entry(&mut self, item: ItemId, mut written: syntax::ItemEntry) -> Entry {
        // The texts move into the entry; nothing after this reads them.
        let mut entry = Entry {
            item,
            status: written.status.as_ref().map(|s| s.node),
            done: written.done.as_ref().map(|d| d.node),
            achieved: written.achieved.take().map(|t| t.node),
            problems: written.problems.take().map(|t| t.node),
            next: written.next.take().map(|t| t.node),
            ..Entry::default()
        };
        if let Some(percent) = &written.percent {
            if percent.node > Decimal::ONE_HUNDRED {
                self.diagnostics.push(
                    Problem::ProgressPercentAbove {
                        percent: percent.node,
                        span: percent.span,
                    }
                    .into(),
                );
            } else {
                entry.percent = Some(percent.node);
            }
        }
        if let Some(done) = &written.done {
            self.completion_date(item, done.node, done.span, "the item");
        }
        for actual in &written.actuals {
            if let Some(resolved) = self.actual(item, actual) {
                entry.actual_spans.push((resolved.0, actual.span));
                entry.actuals.push(resolved);
            }
        }
        for milestone in &written.milestones {
            match self.names.milestones.get(milestone.id.node.as_str()) {
                Some(&index) if Some(self.plan.milestones[index].item) == Some(item) => {
                    self.completion_date(
                        item,
                        milestone.date.node,
                        milestone.date.span,
                        "the milestone",
                    );
                    entry.milestones.push((index, milestone.date.node));
                }
                found => {
                    let plan = self.plan;
                    let ids = &plan.items[item].milestones;
                    let names = ids.iter().map(|&m| plan.milestones[m].id.as_str());
                    self.unknown("milestone", &milestone.id, item, found.is_some(), names);
                }
            }
        }
        for recurrence in &written.recurrences {
            match self.names.recurrences.get(recurrence.id.node.as_str()) {
                Some(&index) if Some(self.plan.recurrences[index].item) == Some(item) => {
                    self.pending.push(Pending::Occurrences {
                        recurrence: index,
                        dates: recurrence.dates.iter().map(|d| d.span).collect(),
                    });
                    for date in &recurrence.dates {
                        self.completion_date(item, date.node, date.span, "the occurrence");
                    }
                    let mut dates: Vec<Date> = recurrence.dates.iter().map(|d| d.node).collect();
                    dates.sort();
                    entry.occurrences.push((index, dates));
                }
                found => {
                    let plan = self.plan;
                    let ids = &plan.items[item].recurrences;
                    let names = ids.iter().map(|&r| plan.recurrences[r].id.as_str());
                    self.unknown("recurrence", &recurrence.id, item, found.is_some(), names);
                }
            }
        }
        if entry.status == Some(Status::Done) {
            self.unreached(item, &entry, &written);
        }
        entry
    }

    /// Reports a `what` (milestone, recurrence, target) `written` in the entry of `item` that
    /// the item does not have (`elsewhere`: another item has it), with the names of that kind
    /// the item has (`candidates`).
    fn unknown<'p>(
        &mut self,
        what: &'static str,
        written: &Spanned<String>,
        item: ItemId,
        elsewhere: bool,
        candidates: impl Iterator<Item = &'p str>,
    ) {
        let name = written.node.as_str();
        let candidates: Vec<&str> = candidates.collect();
        self.diagnostics.push(
            Problem::ProgressUnknownPart {
                what,
                name: name.to_string(),
                item: self.plan.items[item].id.to_string(),
                elsewhere,
                suggestion: closest(name, candidates.iter().copied()),
                candidates: candidates.iter().map(|c| c.to_string()).collect(),
                span: written.span,
            }
            .into(),
        );
    }

    fn actual(
        &mut self,
        item: ItemId,
        actual: &syntax::Actual,
    ) -> Option<(TargetId, Decimal, String)> {
        let target = match self.names.targets.get(actual.target.node.as_str()) {
            Some(&index) if matches!(Some(self.plan.targets[index].holder), Some(crate::model::Holder::Item(i)) if i == item) => {
                index
            }
            found => {
                let plan = self.plan;
                let ids = &plan.items[item].targets;
                let names = ids.iter().map(|&t| plan.targets[t].id.as_str());
                self.unknown("target", &actual.target, item, found.is_some(), names);
                return None;
            }
        };
        let written_unit = actual.unit.as_ref().map(|u| u.node.as_str()).unwrap_or("");
        let unit = match written_unit {
            "" => Some(Unit::None),
            "%" | "％" => Some(Unit::Percent),
            "个百分点" | "pp" => Some(Unit::PercentPoint),
            name if self.plan.units.iter().any(|u| u == name) => Some(Unit::Named(name.into())),
            _ => None,
        };
        let expected = target_unit(self.plan, target);
        let unit_span = actual.unit.as_ref().map(|u| u.span).unwrap_or(actual.span);
        match (&unit, &expected) {
            (None, _) => {
                self.diagnostics.push(
                    Problem::ProgressUndeclaredUnit {
                        unit: written_unit.to_string(),
                        target: actual.target.node.to_string(),
                        expected: expected.as_ref().map(|u| unit_display(u).to_string()),
                        span: unit_span,
                    }
                    .into(),
                );
                return None;
            }
            (Some(unit), Some(expected)) if unit != expected => {
                self.diagnostics.push(
                    Problem::ProgressUnitMismatch {
                        target: actual.target.node.to_string(),
                        expected: unit_display(expected).to_string(),
                        written: unit_display(unit).to_string(),
                        span: unit_span,
                    }
                    .into(),
                );
                return None;
            }
            _ => {}
        }
        if unit == Some(Unit::Percent) && actual.value > Decimal::ONE_HUNDRED {
            self.diagnostics.push(
                Problem::ProgressShareAbove {
                    written: format!("{}{written_unit}", actual.written),
                    span: actual.span,
                }
                .into(),
            );
            return None;
        }
        Some((
            target,
            actual.value,
            format!("{}{}", actual.written, written_unit),
        ))
    }

    /// A day something was done on must fall in the period and not after the report's date; and
    /// not before the item could start by the schedule, which [`Unscheduled::finish`] checks.
    fn completion_date(&mut self, item: ItemId, date: Date, span: Span, what: &'static str) {
        let period = self.plan.period;
        let problem = if !period.contains(date) {
            Some(Problem::DoneOutsidePeriod {
                what,
                date,
                start: period.start,
                end: period.end,
                span,
            })
        } else if date > self.as_of {
            Some(Problem::DoneAfterReport {
                what,
                date,
                as_of: self.as_of,
                span,
            })
        } else {
            self.pending.push(Pending::BeforeStart {
                item,
                date,
                span,
                what,
            });
            None
        };
        if let Some(problem) = problem {
            self.diagnostics.push(problem.into());
        }
    }

    fn unreached(&mut self, item: ItemId, entry: &Entry, written: &syntax::ItemEntry) {
        let status_span = written
            .status
            .as_ref()
            .map(|s| s.span)
            .unwrap_or(written.id.span);
        for (target, value, shown) in &entry.actuals {
            let Some(share) = super::status::share_reached(self.plan, *target, *value) else {
                continue;
            };
            if share >= Decimal::from(FAR_FROM_REACHED) {
                continue;
            }
            let plan_target = &self.plan.targets[*target];
            let span = written
                .actuals
                .iter()
                .find(|a| a.target.node == plan_target.id.as_str())
                .map(|a| a.span)
                .unwrap_or(status_span);
            self.diagnostics.push(
                Problem::DoneUnreached {
                    item: self.plan.items[item].id.to_string(),
                    target: plan_target.id.to_string(),
                    shown: shown.clone(),
                    of: self.plan.render_target(plan_target).to_string(),
                    share: share.round_dp(1).normalize(),
                    below: FAR_FROM_REACHED,
                    span,
                    status: status_span,
                }
                .into(),
            );
        }
    }
}

/// The unit's name for messages; a plain number reads "no unit".
fn unit_display(unit: &Unit) -> &str {
    match unit {
        Unit::None => "no unit",
        other => other.name(),
    }
}

/// A cumulative actual lower than the last one reported before it.
fn regressions(plan: &Plan, snapshots: &[Snapshot], diagnostics: &mut Vec<Diagnostic>) {
    let mut last: HashMap<TargetId, (Decimal, &str, Date)> = HashMap::default();
    for snapshot in snapshots {
        for entry in &snapshot.entries {
            for (target, value, shown) in &entry.actuals {
                if cumulative(plan, *target)
                    && let Some((before, before_shown, date)) = last.get(target)
                    && value < before
                {
                    // The actual's span is not kept in the entry; point at the item in this file.
                    let span = find_actual_span(snapshot, *target);
                    diagnostics.push(
                        Problem::ProgressWentDown {
                            target: plan.targets[*target].id.to_string(),
                            before: before_shown.to_string(),
                            date: *date,
                            now: shown.clone(),
                            span: span.unwrap_or(crate::source::Span::new(snapshot.file, 0, 0)),
                        }
                        .into(),
                    );
                }
                last.insert(*target, (*value, shown.as_str(), snapshot.as_of));
            }
        }
    }
}

/// Where the actual of `target` is written in a snapshot's file, found again from the spans kept.
fn find_actual_span(snapshot: &Snapshot, target: TargetId) -> Option<Span> {
    snapshot
        .entries
        .iter()
        .flat_map(|e| e.actual_spans.iter())
        .find(|(t, _)| *t == target)
        .map(|(_, span)| *span)
}
