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
    let mut schedule = None;
    if let Some(plan) = &plan {
        values::check(plan, &mut diagnostics);
        graph::check(plan, &mut diagnostics);
        // The schedule's feasibility: impossible deadlines and windows, work that does not fit,
        // recurrences that do not fit in their item. It needs a plan without errors.
        if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
            match crate::schedule::schedule(plan, &crate::schedule::ScheduleOptions::default()) {
                Ok(scheduled) => schedule = Some(scheduled),
                Err(problems) => diagnostics.extend(problems),
            }
        }
    }
    diagnostic::sort(&mut diagnostics);
    Checked {
        plan,
        diagnostics,
        sources,
        schedule,
    }
}
