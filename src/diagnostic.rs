//! Diagnostics: what is wrong, where, and how to fix it.
//!
//! Every message planc prints is worded in this file, so wording stays consistent: lowercase, names in
//! backticks, no final period.

use crate::source::Span;
use serde::Serialize;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The plan is wrong; checking fails.
    Error,
    /// The plan is probably not what was meant; checking fails only with `--deny-warnings`.
    Warning,
}

/// The stable code of a diagnostic, printed as `planc::<name>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// Text that is not a statement of the language.
    Syntax,
    /// A string with an unknown escape.
    Escape,
    /// A number that cannot be represented.
    Number,
    /// A date that does not exist.
    Date,
    /// Two declarations with one name.
    Duplicate,
    /// A reference to an owner that is not declared.
    UndefinedOwner,
    /// A reference to an item or milestone that is not declared.
    UndefinedItem,
    /// A unit that is not declared.
    UndefinedUnit,
    /// A reference to a target that is not declared.
    UndefinedTarget,
    /// A relative target whose baseline is not declared.
    MissingBaseline,
    /// A dependency cycle.
    Cycle,
    /// Breakdown parts that do not add up to the total.
    SplitSum,
    /// Two quantities that should share a unit and do not.
    UnitMismatch,
    /// A share outside 0–100%.
    ShareRange,
    /// A range whose low end exceeds its high end.
    InvertedRange,
    /// A date or deadline outside the plan period.
    OutsidePeriod,
    /// An item due before something it depends on can be due.
    DeadlineOrder,
    /// A recurrence that cannot fit in the plan period.
    Recurrence,
    /// A file that includes itself, directly or not.
    IncludeCycle,
    /// An include of a file that cannot be read.
    IncludeMissing,
    /// An include that leaves the plan's folder.
    IncludeEscape,
    /// No plan header, or more than one.
    PlanHeader,
    /// The same statement given twice where only one is allowed.
    Repeated,
    /// A statement that is not allowed in this place.
    Misplaced,
    /// An owner that leads and supports nothing.
    UnusedOwner,
    /// An item without a lead owner.
    NoOwner,
    /// A figure in prose that no target binds.
    UnboundFigure,
    /// A period not covered by the built-in holiday data.
    Calendar,
    /// A rule of the plan's policy file (`planc.toml`) is broken.
    Policy,
    /// A progress file written for another plan, or without its header.
    ProgressPlan,
    /// A progress entry for an item, target, milestone or recurrence the plan does not have.
    ProgressUnknown,
    /// An actual value in a unit other than its target's.
    ProgressUnit,
    /// A per cent complete or an actual share above 100%.
    ProgressShare,
    /// A completion date outside the period, after the report's date, or before the item could start.
    ProgressDate,
    /// An item reported done whose targets are far from reached.
    ProgressUnreached,
    /// A cumulative actual lower than in the previous report.
    ProgressRegressed,
}

impl Code {
    /// The name after `planc::`.
    pub fn name(self) -> &'static str {
        match self {
            Code::Syntax => "syntax",
            Code::Escape => "escape",
            Code::Number => "number",
            Code::Date => "date",
            Code::Duplicate => "duplicate",
            Code::UndefinedOwner => "undefined_owner",
            Code::UndefinedItem => "undefined_item",
            Code::UndefinedUnit => "undefined_unit",
            Code::UndefinedTarget => "undefined_target",
            Code::MissingBaseline => "missing_baseline",
            Code::Cycle => "cycle",
            Code::SplitSum => "split_sum",
            Code::UnitMismatch => "unit_mismatch",
            Code::ShareRange => "share_range",
            Code::InvertedRange => "inverted_range",
            Code::OutsidePeriod => "outside_period",
            Code::DeadlineOrder => "deadline_order",
            Code::Recurrence => "recurrence",
            Code::IncludeCycle => "include_cycle",
            Code::IncludeMissing => "include_missing",
            Code::IncludeEscape => "include_escape",
            Code::PlanHeader => "plan_header",
            Code::Repeated => "repeated",
            Code::Misplaced => "misplaced",
            Code::UnusedOwner => "unused_owner",
            Code::NoOwner => "no_owner",
            Code::UnboundFigure => "unbound_figure",
            Code::Calendar => "calendar",
            Code::Policy => "policy",
            Code::ProgressPlan => "progress_plan",
            Code::ProgressUnknown => "progress_unknown",
            Code::ProgressUnit => "progress_unit",
            Code::ProgressShare => "progress_share",
            Code::ProgressDate => "progress_date",
            Code::ProgressUnreached => "progress_unreached",
            Code::ProgressRegressed => "progress_regressed",
        }
    }

    /// One line saying what the code is about, for rule lists (SARIF) and documentation.
    pub fn description(self) -> &'static str {
        match self {
            Code::Syntax => "Text that is not a statement of the language",
            Code::Escape => "A string with an unknown escape",
            Code::Number => "A number that cannot be represented",
            Code::Date => "A date that does not exist",
            Code::Duplicate => "Two declarations with one name",
            Code::UndefinedOwner => "A reference to an owner that is not declared",
            Code::UndefinedItem => "A reference to an item or milestone that is not declared",
            Code::UndefinedUnit => "A unit that is not declared",
            Code::UndefinedTarget => "A reference to a target that is not declared",
            Code::MissingBaseline => "A relative target whose baseline is not declared",
            Code::Cycle => "A dependency cycle",
            Code::SplitSum => "Breakdown parts that do not add up to the total",
            Code::UnitMismatch => "Two quantities that should share a unit and do not",
            Code::ShareRange => "A share outside 0-100%",
            Code::InvertedRange => "A range whose low end exceeds its high end",
            Code::OutsidePeriod => "A date or deadline outside the plan period",
            Code::DeadlineOrder => "An item due before something it depends on can be due",
            Code::Recurrence => "A recurrence that cannot fit in the plan period",
            Code::IncludeCycle => "A file that includes itself, directly or not",
            Code::IncludeMissing => "An include of a file that cannot be read",
            Code::IncludeEscape => "An include that leaves the plan's folder",
            Code::PlanHeader => "No plan header, or more than one",
            Code::Repeated => "The same statement given twice where only one is allowed",
            Code::Misplaced => "A statement that is not allowed in this place",
            Code::UnusedOwner => "An owner that leads and supports nothing",
            Code::NoOwner => "An item without a lead owner",
            Code::UnboundFigure => "A figure in prose that no target binds",
            Code::Calendar => "A period not covered by the built-in holiday data",
            Code::Policy => "A rule of the plan's policy file (planc.toml) is broken",
            Code::ProgressPlan => "A progress file written for another plan, or without its header",
            Code::ProgressUnknown => {
                "A progress entry for an item, target, milestone or recurrence the plan does not have"
            }
            Code::ProgressUnit => "An actual value in a unit other than its target's",
            Code::ProgressShare => "A per cent complete or an actual share above 100%",
            Code::ProgressDate => {
                "A completion date outside the period, after the report's date, or before the item could start"
            }
            Code::ProgressUnreached => "An item reported done whose targets are far from reached",
            Code::ProgressRegressed => "A cumulative actual lower than in the previous report",
        }
    }

    /// The severity this code is reported with unless `planc.toml` says otherwise. (`duplicate` is
    /// reported as a warning in one case: a built-in unit declared again.)
    pub fn default_severity(self) -> Severity {
        match self {
            Code::UnusedOwner
            | Code::NoOwner
            | Code::UnboundFigure
            | Code::Calendar
            | Code::ProgressUnreached
            | Code::ProgressRegressed => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// Whether `planc.toml` may lower this code's errors to warnings or drop them. Errors that leave
    /// the plan incomplete or its schedule undefined (syntax, names, includes, dates, cycles,
    /// deadlines, recurrences) may not: every output made from such a plan would be wrong.
    pub fn may_be_lowered(self) -> bool {
        matches!(
            self,
            Code::SplitSum
                | Code::UnitMismatch
                | Code::ShareRange
                | Code::UnusedOwner
                | Code::NoOwner
                | Code::UnboundFigure
                | Code::Calendar
                | Code::Policy
                | Code::ProgressUnreached
                | Code::ProgressRegressed
        )
    }

    /// The full code, e.g. `planc::split_sum`.
    pub fn full(self) -> String {
        format!("planc::{}", self.name())
    }

    /// Every code, for documentation and tests.
    pub const ALL: [Code; 36] = [
        Code::Syntax,
        Code::Escape,
        Code::Number,
        Code::Date,
        Code::Duplicate,
        Code::UndefinedOwner,
        Code::UndefinedItem,
        Code::UndefinedUnit,
        Code::UndefinedTarget,
        Code::MissingBaseline,
        Code::Cycle,
        Code::SplitSum,
        Code::UnitMismatch,
        Code::ShareRange,
        Code::InvertedRange,
        Code::OutsidePeriod,
        Code::DeadlineOrder,
        Code::Recurrence,
        Code::IncludeCycle,
        Code::IncludeMissing,
        Code::IncludeEscape,
        Code::PlanHeader,
        Code::Repeated,
        Code::Misplaced,
        Code::UnusedOwner,
        Code::NoOwner,
        Code::UnboundFigure,
        Code::Calendar,
        Code::Policy,
        Code::ProgressPlan,
        Code::ProgressUnknown,
        Code::ProgressUnit,
        Code::ProgressShare,
        Code::ProgressDate,
        Code::ProgressUnreached,
        Code::ProgressRegressed,
    ];
}

/// A labelled place in the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What is there.
    pub text: String,
}

/// One problem found in a plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The stable code.
    pub code: Code,
    /// One line saying what is wrong.
    pub message: String,
    /// The places involved; the first is the primary one.
    pub labels: Vec<Label>,
    /// How to fix it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with one labelled place.
    pub fn error(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            labels: vec![Label {
                span,
                text: label.into(),
            }],
            help: None,
        }
    }

    /// A warning with one labelled place.
    pub fn warning(
        code: Code,
        message: impl Into<String>,
        span: Span,
        label: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message, span, label)
        }
    }

    /// Adds another labelled place.
    pub fn with_label(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            text: text.into(),
        });
        self
    }

    /// Adds the help line.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The primary span, used to sort diagnostics by position.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|label| label.span)
    }
}

/// Sorts diagnostics by file, position and code, and drops exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (a.primary_span(), a.code, &a.message).cmp(&(b.primary_span(), b.code, &b.message))
    });
    diagnostics.dedup();
}

/// "did you mean `x`?" for the closest of `candidates`, if one is close enough.
pub fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    for candidate in candidates {
        let score = strsim::normalized_levenshtein(name, candidate);
        let contains = !name.is_empty() && (candidate.contains(name) || name.contains(candidate));
        let score = if contains { score.max(0.6) } else { score };
        if score >= 0.5
            && best.is_none_or(|(best_score, best_name)| {
                score > best_score || (score == best_score && candidate < best_name)
            })
        {
            best = Some((score, candidate));
        }
    }
    best.map(|(_, candidate)| format!("did you mean `{candidate}`?"))
}
