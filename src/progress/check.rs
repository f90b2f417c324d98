//! Progress files checked against the plan: every name resolved, every value and date checked, all
//! problems reported at once.

use super::syntax::{self, Status};
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::{
    Comparison, Id, ItemId, MilestoneId, Plan, RecurrenceId, TargetId, TargetKind, Unit,
};
use crate::schedule::Schedule;
use crate::source::{FileId, Span};
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
    let names = Names::new(plan);
    let mut snapshots: Vec<(Snapshot, Span)> = Vec::new();
    for (file, tree) in files {
        let Some(header) = &tree.header else {
            diagnostics.push(
                Diagnostic::error(
                    Code::ProgressPlan,
                    "a progress file starts with its header",
                    Span::new(file, 0, 0),
                    "no header",
                )
                .with_help(format!(
                    "write `进展 \"{}\" 截至 YYYY-MM-DD` on the first line",
                    plan.title
                )),
            );
            continue;
        };
        if header.plan.node != plan.title {
            diagnostics.push(
                Diagnostic::error(
                    Code::ProgressPlan,
                    format!(
                        "this progress file is for `{}`, not for `{}`",
                        header.plan.node, plan.title
                    ),
                    header.plan.span,
                    "another plan's title",
                )
                .with_help(format!(
                    "use the progress folder of that plan, or write the title `{}`",
                    plan.title
                )),
            );
            continue;
        }
        let as_of = header.as_of.node;
        if !plan.period.contains(as_of) {
            diagnostics.push(
                Diagnostic::error(
                    Code::ProgressDate,
                    format!(
                        "the reporting date {as_of} is outside the plan period {} .. {}",
                        plan.period.start, plan.period.end
                    ),
                    header.as_of.span,
                    "outside the period",
                )
                .with_help("a progress file reports on a day of the plan's period"),
            );
            continue;
        }
        if let Some((_, first)) = snapshots.iter().find(|(s, _)| s.as_of == as_of) {
            diagnostics.push(
                Diagnostic::error(
                    Code::Duplicate,
                    format!("two progress files report as of {as_of}"),
                    header.as_of.span,
                    "second report of this day",
                )
                .with_label(*first, "first report of this day")
                .with_help("merge the two files into one"),
            );
            continue;
        }
        let mut checker = FileCheck {
            plan,
            schedule,
            names: &names,
            as_of,
            diagnostics,
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
    let mut snapshots: Vec<Snapshot> = snapshots.into_iter().map(|(s, _)| s).collect();
    snapshots.sort_by_key(|s| s.as_of);
    regressions(plan, &snapshots, diagnostics);
    snapshots
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

fn index<'a, I: Id>(names: impl Iterator<Item = &'a str>) -> HashMap<&'a str, I> {
    let mut map = HashMap::default();
    for (position, name) in names.enumerate() {
        map.entry(name).or_insert(I::from_index(position));
    }
    map
}

struct FileCheck<'a, 'd> {
    plan: &'a Plan,
    schedule: &'a Schedule,
    names: &'a Names<'a>,
    as_of: Date,
    diagnostics: &'d mut Vec<Diagnostic>,
}

impl FileCheck<'_, '_> {
    fn entries(&mut self, items: Vec<syntax::ItemEntry>) -> Vec<Entry> {
        let mut seen: HashMap<ItemId, Span> = HashMap::default();
        seen.reserve(items.len());
        let mut entries = Vec::with_capacity(items.len());
        for written in items {
            let Some(&item) = self.names.items.get(written.id.node.as_str()) else {
                let mut diagnostic = Diagnostic::error(
                    Code::ProgressUnknown,
                    format!("the plan has no item `{}`", written.id.node),
                    written.id.span,
                    "no such item",
                );
                if let Some(help) = did_you_mean(
                    &written.id.node,
                    self.plan.items.iter().map(|i| i.id.as_str()),
                ) {
                    diagnostic = diagnostic.with_help(help);
                } else {
                    diagnostic = diagnostic.with_help("use the item's identifier from the plan");
                }
                self.diagnostics.push(diagnostic);
                continue;
            };
            if let Some(first) = seen.get(&item) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::Duplicate,
                        format!("`{}` is reported twice in this file", written.id.node),
                        written.id.span,
                        "second entry",
                    )
                    .with_label(*first, "first entry")
                    .with_help("merge the two entries"),
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
                    Diagnostic::error(
                        Code::ProgressShare,
                        format!("{}% complete is more than all of it", percent.node),
                        percent.span,
                        "above 100%",
                    )
                    .with_help("per cent complete is between 0% and 100%"),
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
                    let names: Vec<&str> = {
                        let i = &self.plan.items[item];
                        i.milestones
                            .iter()
                            .map(|&m| self.plan.milestones[m].id.as_str())
                            .collect()
                    };
                    self.unknown(
                        "milestone",
                        &milestone.id.node,
                        milestone.id.span,
                        item,
                        found.is_some(),
                        &names,
                    );
                }
            }
        }
        for recurrence in &written.recurrences {
            match self.names.recurrences.get(recurrence.id.node.as_str()) {
                Some(&index) if Some(self.plan.recurrences[index].item) == Some(item) => {
                    let planned = self.schedule.occurrences_of(index).count();
                    if recurrence.dates.len() > planned
                        && let Some(extra) = recurrence.dates.get(planned)
                    {
                        {
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::ProgressDate,
                                    format!(
                                        "`{}` has {planned} occurrence{} in the plan, but {} are reported done",
                                        recurrence.id.node,
                                        if planned == 1 { "" } else { "s" },
                                        recurrence.dates.len()
                                    ),
                                    extra.span,
                                    "one too many",
                                )
                                .with_help("list one day per occurrence done"),
                            );
                        }
                    }
                    for date in &recurrence.dates {
                        self.completion_date(item, date.node, date.span, "the occurrence");
                    }
                    let mut dates: Vec<Date> = recurrence.dates.iter().map(|d| d.node).collect();
                    dates.sort();
                    entry.occurrences.push((index, dates));
                }
                found => {
                    let names: Vec<&str> = {
                        let i = &self.plan.items[item];
                        i.recurrences
                            .iter()
                            .map(|&r| self.plan.recurrences[r].id.as_str())
                            .collect()
                    };
                    self.unknown(
                        "recurrence",
                        &recurrence.id.node,
                        recurrence.id.span,
                        item,
                        found.is_some(),
                        &names,
                    );
                }
            }
        }
        if entry.status == Some(Status::Done) {
            self.unreached(item, &entry, &written);
        }
        entry
    }

    fn unknown(
        &mut self,
        what: &str,
        name: &str,
        span: Span,
        item: ItemId,
        elsewhere: bool,
        candidates: &[&str],
    ) {
        let item_id = self.plan.items[item].id.as_str();
        let (message, label) = if elsewhere {
            (
                format!("`{name}` is a {what} of another item, not of `{item_id}`"),
                format!("not a {what} of `{item_id}`"),
            )
        } else {
            (
                format!("the plan has no {what} `{name}`"),
                format!("no such {what}"),
            )
        };
        let help = match did_you_mean(name, candidates.iter().copied()) {
            Some(help) => help,
            None if candidates.is_empty() => format!("`{item_id}` has no {what}s"),
            None => format!(
                "the {what}s of `{item_id}` are {}",
                candidates
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.diagnostics
            .push(Diagnostic::error(Code::ProgressUnknown, message, span, label).with_help(help));
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
                let names: Vec<&str> = {
                    let i = &self.plan.items[item];
                    i.targets
                        .iter()
                        .map(|&t| self.plan.targets[t].id.as_str())
                        .collect()
                };
                self.unknown(
                    "target",
                    &actual.target.node,
                    actual.target.span,
                    item,
                    found.is_some(),
                    &names,
                );
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
                    Diagnostic::error(
                        Code::ProgressUnit,
                        format!("the plan declares no unit `{written_unit}`"),
                        unit_span,
                        "unknown unit",
                    )
                    .with_help(match &expected {
                        Some(unit) => format!(
                            "`{}` is measured in `{}`",
                            actual.target.node,
                            unit_display(unit)
                        ),
                        None => "use a unit the plan declares".to_string(),
                    }),
                );
                return None;
            }
            (Some(unit), Some(expected)) if unit != expected => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::ProgressUnit,
                        format!(
                            "`{}` is measured in `{}`, but its actual is given in `{}`",
                            actual.target.node,
                            unit_display(expected),
                            unit_display(unit)
                        ),
                        unit_span,
                        format!("expected `{}`", unit_display(expected)),
                    )
                    .with_help(format!(
                        "give the actual in `{}`, as the plan's target is",
                        unit_display(expected)
                    )),
                );
                return None;
            }
            _ => {}
        }
        if unit == Some(Unit::Percent) && actual.value > Decimal::ONE_HUNDRED {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::ProgressShare,
                    format!(
                        "a share of {}{written_unit} is more than the whole",
                        actual.written
                    ),
                    actual.span,
                    "above 100%",
                )
                .with_help("a share is between 0% and 100%"),
            );
            return None;
        }
        Some((
            target,
            actual.value,
            format!("{}{}", actual.written, written_unit),
        ))
    }

    /// A day something was done on must fall in the period, not after the report's date, and not
    /// before the item could start by the schedule.
    fn completion_date(&mut self, item: ItemId, date: Date, span: Span, what: &str) {
        let period = self.plan.period;
        let problem = if !period.contains(date) {
            Some((
                format!(
                    "{what} is reported done on {date}, outside the plan period {} .. {}",
                    period.start, period.end
                ),
                "outside the period".to_string(),
                "give a day of the plan's period".to_string(),
            ))
        } else if date > self.as_of {
            Some((
                format!(
                    "{what} is reported done on {date}, after this report's date {}",
                    self.as_of
                ),
                "after the reporting date".to_string(),
                "report it in the progress file of a later date".to_string(),
            ))
        } else {
            Some(&self.schedule.items[item])
                .filter(|slot| date < slot.early_start)
                .map(|slot| {
                    (
                        format!(
                            "{what} is reported done on {date}, before `{}` could start ({})",
                            self.plan.items[item].id.as_str(),
                            slot.early_start
                        ),
                        format!("before {}", slot.early_start),
                        "check the day, or the item's start, window and dependencies in the plan"
                            .to_string(),
                    )
                })
        };
        if let Some((message, label, help)) = problem {
            self.diagnostics
                .push(Diagnostic::error(Code::ProgressDate, message, span, label).with_help(help));
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
                Diagnostic::warning(
                    Code::ProgressUnreached,
                    format!(
                        "`{}` is reported done, but `{}` stands at {shown} of {} ({}%)",
                        self.plan.items[item].id.as_str(),
                        plan_target.id,
                        self.plan.render_target(plan_target),
                        share.round_dp(1).normalize()
                    ),
                    span,
                    format!("{}% of the target", share.round_dp(1).normalize()),
                )
                .with_label(status_span, "reported done")
                .with_help(format!(
                    "report it 推进中 until the target is reached, or explain the shortfall in 存在问题 (warned below {FAR_FROM_REACHED}%)"
                )),
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
                        Diagnostic::warning(
                            Code::ProgressRegressed,
                            format!(
                                "`{}` went down from {before_shown} (as of {date}) to {shown}",
                                plan.targets[*target].id.as_str()
                            ),
                            span.unwrap_or(crate::source::Span::new(snapshot.file, 0, 0)),
                            "lower than the previous report",
                        )
                        .with_help("a cumulative figure only grows: correct this report or the previous one"),
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
