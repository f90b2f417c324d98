//! Phase 2: names resolved, values and dates checked, the syntax tree turned into a [`Plan`].
//!
//! Checking keeps going after a problem wherever it is safe, so one run reports everything.

pub mod graph;
mod names;
mod prose;
mod resolve;
mod values;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::loader::Loaded;
use crate::model::Plan;
use crate::source::SourceMap;

/// The result of checking: the plan (when it could be built) and every problem found.
#[derive(Debug, Clone)]
pub struct Checked {
    /// The plan; `None` only when there is no usable plan header.
    pub plan: Option<Plan>,
    /// All problems, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// The schedule (without levelling), when the plan has no errors and can be scheduled: the
    /// check runs the schedule's feasibility checks, so that a plan `check` accepts schedules.
    pub schedule: Option<crate::schedule::Schedule>,
    /// The files read.
    pub sources: SourceMap,
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
        mut diagnostics,
    } = loaded;
    let plan = resolve::resolve(&sources, statements, &mut diagnostics);
    if let Some(plan) = &plan {
        values::check(plan, &mut diagnostics);
        graph::check(plan, &mut diagnostics);
    }
    diagnostic::sort(&mut diagnostics);
    let mut checked = Checked {
        plan,
        diagnostics,
        sources,
        schedule: None,
    };
    feasibility(&mut checked);
    checked
}

/// The schedule's feasibility checks: impossible deadlines and windows, work that does not fit
/// in its window or the period, recurrences that do not fit in their item. They need a plan
/// without errors, so they run when there are none (again after `planc.toml` lowered some: a
/// no-op when the plan was scheduled already). The schedule is kept for the commands that use it.
pub fn feasibility(checked: &mut Checked) {
    if checked.schedule.is_some() || checked.has_errors() {
        return;
    }
    let Some(plan) = &checked.plan else {
        return;
    };
    match crate::schedule::schedule(plan, &crate::schedule::ScheduleOptions::default()) {
        Ok(scheduled) => checked.schedule = Some(scheduled),
        Err(problems) => {
            checked.diagnostics.extend(problems);
            diagnostic::sort(&mut checked.diagnostics);
        }
    }
}
