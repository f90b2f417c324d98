//! Phase 2: names resolved, values and dates checked, the syntax tree turned into a [`Plan`].
//!
//! Checking keeps going after a problem wherever it is safe, so one run reports everything.

mod counts;
pub(crate) mod graph;
mod names;
mod prose;
mod resolve;
mod values;

use crate::diagnostic::{self, Diagnostic, Problem, Severity};
use crate::model::Plan;
use crate::source::SourceMap;
use crate::syntax::loader::Loaded;

/// The result of checking: the plan (when it could be built) and every problem found.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The plan; `None` only when there is no usable plan header.
    pub plan: Option<Plan>,
    /// All problems, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The schedule (levelled when `level`), when the plan has no errors and can be scheduled:
    /// the check runs the schedule's feasibility checks, so that a plan `check` accepts schedules.
    pub schedule: Option<crate::schedule::Schedule>,
    /// The files read.
    pub sources: SourceMap,
    /// Whether `planc.toml` asks for levelled schedules (`[schedule] level = true`).
    pub level: bool,
}

impl Checked {
    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }

    /// Whether any problem is a warning.
    pub fn has_warnings(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Warning)
    }
}

/// Checks a loaded plan. A plan of fewer than [`SCHEDULE_BESIDE_ITEMS`] items is scheduled on a
/// second thread while its values are checked (as [`check_beside`] does); a larger one on this
/// thread, after them.
pub fn check(loaded: Loaded) -> Checked {
    check_and(loaded, None::<fn(&Plan, &mut SourceMap)>).0
}

/// [`check`], and `beside` run on this thread while the schedule is made on another, when the
/// plan was built without errors (otherwise `beside` is not run and the second value is `None`).
/// `planc status` checks its progress files against the plan there: the schedule takes longer
/// than the checks of values and the dependency graph, so this thread would otherwise wait.
/// `beside` gets the plan and the files read, to add files of its own.
pub fn check_beside<T>(
    loaded: Loaded,
    beside: impl FnOnce(&Plan, &mut SourceMap) -> T,
) -> (Checked, Option<T>) {
    check_and(loaded, Some(beside))
}

/// Below this many items, [`check`] makes the schedule on a second thread. There it saves about a
/// seventh of the check of 10,000 items (41 instead of 47 ms, `cargo bench --bench check`), whose
/// model fits in the processor's caches; at 100,000 items it saves nothing (529 against 533 ms),
/// and the second thread's glibc arena cannot reuse what the syntax tree freed: `planc schedule`
/// peaked at 228 MB that way, 204 MB on one thread.
const SCHEDULE_BESIDE_ITEMS: usize = 50_000;

/// [`check`] with `beside` ([`check_beside`]) or without.
fn check_and<T>(
    loaded: Loaded,
    beside: Option<impl FnOnce(&Plan, &mut SourceMap) -> T>,
) -> (Checked, Option<T>) {
    let Loaded {
        mut sources,
        statements,
        holidays,
        mut diagnostics,
    } = loaded;
    let plan = resolve::resolve(&sources, statements, holidays, &mut diagnostics);
    let mut early = None;
    let mut done_beside = None;
    if let Some(plan) = &plan {
        // The schedule only reads the plan: when resolving found no error and there is work to
        // do beside it (or the plan is small), it is made on a second thread while the values
        // are checked, and [`feasibility`] keeps it only when they find no error either, as it
        // would have made it then. The dependency graph is checked on that thread too, before
        // the schedule, so that the two threads have about as much to do.
        let clean = !diagnostics.iter().any(|d| d.severity == Severity::Error);
        let beside = beside.filter(|_| clean);
        let two_threads = clean && (beside.is_some() || plan.items.len() < SCHEDULE_BESIDE_ITEMS);
        early = std::thread::scope(|scope| {
            let second = two_threads
                .then(|| {
                    std::thread::Builder::new()
                        .spawn_scoped(scope, || {
                            let mut found = Vec::new();
                            graph::check(plan, &mut found);
                            // The scheduler expects a graph without cycles: on a plan whose graph
                            // check failed it could run for ever (a cycle through windows did).
                            let schedule = found
                                .iter()
                                .all(|d| d.severity != Severity::Error)
                                .then(|| {
                                    crate::schedule::schedule(
                                        plan,
                                        &crate::schedule::ScheduleOptions::default(),
                                    )
                                });
                            (found, schedule)
                        })
                        .ok()
                })
                .flatten();
            values::check(plan, &mut diagnostics);
            values::check_stretch(plan, &mut diagnostics);
            values::check_references(plan, &mut diagnostics);
            counts::check(plan, &mut diagnostics);
            if let Some(beside) = beside {
                done_beside = Some(beside(plan, &mut sources));
            }
            match second.map(|thread| thread.join()) {
                Some(Ok((mut found, schedule))) => {
                    diagnostics.append(&mut found);
                    schedule
                }
                // No second thread, or it panicked: the graph is checked here, and the schedule
                // is made after (by `scheduled`).
                _ => {
                    graph::check(plan, &mut diagnostics);
                    None
                }
            }
        });
    }
    diagnostic::sort(&mut diagnostics);
    let mut checked = Checked {
        plan,
        diagnostics,
        sources,
        schedule: None,
        level: false,
    };
    scheduled(&mut checked, early);
    (checked, done_beside)
}

/// The schedule's feasibility checks: impossible deadlines and windows, work that does not fit
/// in its window or the period, recurrences that do not fit in their item, and, when `planc.toml`
/// asks for levelling (`level`), the overloads levelling cannot resolve (warnings). They need a
/// plan without errors, so they run when there are none (again after `planc.toml` is applied: a
/// no-op when the plan was scheduled so already). The schedule is kept for the commands that use
/// it.
pub fn feasibility(checked: &mut Checked) {
    scheduled(checked, None);
}

/// [`feasibility`], given the unlevelled schedule when it was made already.
fn scheduled(
    checked: &mut Checked,
    early: Option<Result<crate::schedule::Schedule, Vec<Diagnostic>>>,
) {
    if checked
        .schedule
        .as_ref()
        .is_some_and(|s| s.leveled == checked.level)
        || checked.has_errors()
    {
        return;
    }
    let Some(plan) = &checked.plan else {
        return;
    };
    let options = crate::schedule::ScheduleOptions {
        level: checked.level,
    };
    let result = match early {
        Some(result) if !options.level => result,
        _ => crate::schedule::schedule(plan, &options),
    };
    match result {
        Ok(scheduled) => {
            if checked.level {
                checked.diagnostics.extend(overloads(plan, &scheduled));
                diagnostic::sort(&mut checked.diagnostics);
            }
            checked.schedule = Some(scheduled);
        }
        Err(problems) => {
            // A period the calendar does not cover is reported at its code's own severity (a
            // warning): the check cannot judge the dates, and `schedule` refuses the plan.
            checked
                .diagnostics
                .extend(problems.into_iter().map(|mut d| {
                    if d.code == crate::diagnostic::Code::Calendar {
                        d.severity = d.code.default_severity();
                    }
                    d
                }));
            diagnostic::sort(&mut checked.diagnostics);
        }
    }
}

/// The overloads levelling could not resolve, as warnings at the owner (`planc::overload`): asked
/// for by `planc.toml` (`[schedule] level = true`).
fn overloads(plan: &Plan, schedule: &crate::schedule::Schedule) -> Vec<Diagnostic> {
    schedule
        .overloads
        .iter()
        .map(|overload| {
            let owner = &plan.owners[overload.owner];
            Problem::Overload {
                owner: owner.id.to_string(),
                load: overload.load,
                start: overload.start,
                end: overload.end,
                capacity: overload.capacity,
                items: overload
                    .items
                    .iter()
                    .map(|&i| (plan.items[i].id.to_string(), plan.items[i].span))
                    .collect(),
                span: owner.span,
            }
            .into()
        })
        .collect()
}
