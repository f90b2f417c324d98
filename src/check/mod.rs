//! Phase 2: names resolved, values and dates checked, the syntax tree turned into a [`Plan`].
//!
//! Checking keeps going after a problem wherever it is safe, so one run reports everything.

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

/// Checks a loaded plan.
pub fn check(loaded: Loaded) -> Checked {
    let Loaded {
        sources,
        statements,
        holidays,
        mut diagnostics,
    } = loaded;
    let plan = resolve::resolve(&sources, statements, holidays, &mut diagnostics);
    if let Some(plan) = &plan {
        values::check(plan, &mut diagnostics);
        values::check_stretch(plan, &mut diagnostics);
        graph::check(plan, &mut diagnostics);
    }
    diagnostic::sort(&mut diagnostics);
    let mut checked = Checked {
        plan,
        diagnostics,
        sources,
        schedule: None,
        level: false,
    };
    feasibility(&mut checked);
    checked
}

/// The schedule's feasibility checks: impossible deadlines and windows, work that does not fit
/// in its window or the period, recurrences that do not fit in their item, and, when `planc.toml`
/// asks for levelling (`level`), the overloads levelling cannot resolve (warnings). They need a
/// plan without errors, so they run when there are none (again after `planc.toml` is applied: a
/// no-op when the plan was scheduled so already). The schedule is kept for the commands that use
/// it.
pub fn feasibility(checked: &mut Checked) {
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
    match crate::schedule::schedule(plan, &options) {
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
