//! Diagnostics: what is wrong, where, and how to fix it.
//!
//! Every message planc prints is worded in this file, so wording stays consistent: lowercase, names in
//! backticks, no final period.

pub mod ci;
pub mod problem;
pub mod report;

pub use problem::Problem;

/// A count and its noun, pluralised for English messages: `1 section`, `3 sections`, `2
/// dependencies`. Every English message that prints a count with a noun goes through it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count<'a> {
    count: u64,
    noun: &'a str,
}

impl<'a> Count<'a> {
    /// `count` of `noun` (the singular: `"section"`).
    pub fn new(count: impl TryInto<u64>, noun: &'a str) -> Self {
        Count {
            count: count.try_into().unwrap_or(u64::MAX),
            noun,
        }
    }

    /// Whether the noun is plural (any count but one).
    pub fn plural(self) -> bool {
        self.count != 1
    }

    /// The noun alone, agreeing with the count: `section`, `sections`, `dependencies`.
    pub fn noun(self) -> String {
        if !self.plural() {
            return self.noun.to_string();
        }
        // A consonant and `y` make `ies` (dependency → dependencies); other nouns take `s`.
        match self.noun.strip_suffix('y') {
            Some(stem) if !stem.ends_with(['a', 'e', 'i', 'o', 'u']) => format!("{stem}ies"),
            _ => format!("{}s", self.noun),
        }
    }

    /// `is` or `are`, to agree with the count.
    pub fn is_are(self) -> &'static str {
        if self.plural() { "are" } else { "is" }
    }
}

impl std::fmt::Display for Count<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.count, self.noun())
    }
}

use crate::source::Span;
use serde::Serialize;
use std::borrow::Cow;

/// The most characters of a name or of source text that a diagnostic quotes; longer ones are
/// shortened by [`excerpt`].
pub const MAX_QUOTED_CHARS: usize = 120;

/// The most characters of a whole message, label or help line (a long list of steps, many quoted
/// names); longer ones are shortened in the middle.
pub const MAX_MESSAGE_CHARS: usize = 2000;

/// A name or a piece of source text as a diagnostic may quote it: the text itself when it has at
/// most [`MAX_QUOTED_CHARS`] characters, otherwise its start and end joined by `…`, followed by
/// how long it was: `部门部门…部门 (50000000 characters)`. A 50 MB name is never printed whole,
/// in any format.
pub fn excerpt(text: &str) -> Cow<'_, str> {
    match shortened(text, MAX_QUOTED_CHARS) {
        Some((short, count)) => Cow::Owned(format!("{short} ({count} characters)")),
        None => Cow::Borrowed(text),
    }
}

/// `text` cut to about `max` characters (its first three quarters and its last quarter, joined by
/// `…`) and its length in characters, or `None` when it is not longer than `max`.
fn shortened(text: &str, max: usize) -> Option<(String, usize)> {
    // Cheap exits first: a byte is at most one character, and counting stops at `max`.
    if text.len() <= max || text.chars().nth(max).is_none() {
        return None;
    }
    let count = text.chars().count();
    let tail = max / 4;
    let head = max - tail - 1;
    let head_end = text.char_indices().nth(head).map_or(text.len(), |(i, _)| i);
    let tail_start = text
        .char_indices()
        .rev()
        .nth(tail.saturating_sub(1))
        .map_or(head_end, |(i, _)| i.max(head_end));
    let mut short = String::with_capacity(head_end + 3 + text.len() - tail_start);
    short.push_str(text.get(..head_end).unwrap_or(""));
    short.push('…');
    short.push_str(text.get(tail_start..).unwrap_or(""));
    Some((short, count))
}

/// A message, label or help line with every backtick-quoted part longer than [`MAX_QUOTED_CHARS`]
/// shortened (`` `部门…部门` (50000000 characters) ``), and the whole at most about
/// [`MAX_MESSAGE_CHARS`] characters. Every diagnostic's texts go through it, so no format echoes
/// more than an excerpt of a line or a name, whatever the check that wrote the message.
pub fn bounded(text: String) -> String {
    if text.len() <= MAX_QUOTED_CHARS {
        return text;
    }
    let longer = |part: &str, max: usize| part.len() > max && part.chars().nth(max).is_some();
    let parts: Vec<&str> = text.split('`').collect();
    let last = parts.len() - 1;
    // Odd parts are between backticks, unless the last backtick is never closed.
    let long_quote =
        |index: usize, part: &str| index % 2 == 1 && index < last && longer(part, MAX_QUOTED_CHARS);
    let text = if parts
        .iter()
        .enumerate()
        .any(|(i, part)| long_quote(i, part))
    {
        let mut out = String::new();
        let mut note = None;
        for (index, part) in parts.iter().enumerate() {
            if index > 0 {
                out.push('`');
            }
            if let Some(count) = note.take() {
                out.push_str(&format!(" ({count} characters)"));
            }
            if long_quote(index, part)
                && let Some((short, count)) = shortened(part, MAX_QUOTED_CHARS)
            {
                out.push_str(&short);
                note = Some(count);
            } else {
                out.push_str(part);
            }
        }
        out
    } else {
        text
    };
    match shortened(&text, MAX_MESSAGE_CHARS) {
        Some((short, count)) => format!("{short} ({count} characters)"),
        None => text,
    }
}

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
    /// A count whose number differs from what it counts.
    CountMismatch,
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
    /// A recurrence that does not fit in its item (or the plan period).
    Recurrence,
    /// Work that does not fit in its window, or a window its dependencies make impossible.
    Window,
    /// An owner leads more items at once than its capacity, even after levelling.
    Overload,
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
    /// A period outside the years planc has a calendar for (2000–2100).
    Calendar,
    /// A year of the period without its official holiday arrangement: statutory holidays are used.
    ProvisionalCalendar,
    /// A holiday file that cannot be read, or a bad line in one.
    HolidayFile,
    /// A rule of the plan's policy file (`planc.toml`) is broken.
    Policy,
    /// A stretch target that asks for less than the firm target on the same metric.
    WeakStretch,
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
    /// A numbering style (`编号`) that is not one number between marks.
    Numbering,
    /// A reference used as a share in one place and as a count (or in another unit) in another.
    ReferenceUse,
    /// A target cited in no text or title: its figure is missing from the document.
    UncitedTarget,
    /// An owner that both leads and supports one item.
    LeadAndSupport,
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
            Code::CountMismatch => "count_mismatch",
            Code::UnitMismatch => "unit_mismatch",
            Code::ReferenceUse => "reference_use",
            Code::ShareRange => "share_range",
            Code::InvertedRange => "inverted_range",
            Code::OutsidePeriod => "outside_period",
            Code::DeadlineOrder => "deadline_order",
            Code::Recurrence => "recurrence",
            Code::Window => "window",
            Code::Overload => "overload",
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
            Code::ProvisionalCalendar => "provisional_calendar",
            Code::HolidayFile => "holiday_file",
            Code::Policy => "policy",
            Code::WeakStretch => "weak_stretch",
            Code::ProgressPlan => "progress_plan",
            Code::ProgressUnknown => "progress_unknown",
            Code::ProgressUnit => "progress_unit",
            Code::ProgressShare => "progress_share",
            Code::ProgressDate => "progress_date",
            Code::ProgressUnreached => "progress_unreached",
            Code::ProgressRegressed => "progress_regressed",
            Code::Numbering => "numbering",
            Code::UncitedTarget => "uncited_target",
            Code::LeadAndSupport => "lead_and_support",
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
            Code::CountMismatch => "A count whose number differs from what it counts",
            Code::UnitMismatch => "Two quantities that should share a unit and do not",
            Code::ReferenceUse => "A reference used as a share in one place and a count in another",
            Code::ShareRange => "A share outside 0-100%",
            Code::InvertedRange => "A range whose low end exceeds its high end",
            Code::OutsidePeriod => "A date or deadline outside the plan period",
            Code::DeadlineOrder => "An item due before something it depends on can be due",
            Code::Recurrence => "A recurrence that does not fit in its item or the plan period",
            Code::Window => {
                "Work that does not fit in its window, or a window its dependencies make impossible"
            }
            Code::Overload => {
                "An owner leads more items at once than its capacity, even after levelling"
            }
            Code::IncludeCycle => "A file that includes itself, directly or not",
            Code::IncludeMissing => "An include of a file that cannot be read",
            Code::IncludeEscape => "An include that leaves the plan's folder",
            Code::PlanHeader => "No plan header, or more than one",
            Code::Repeated => "The same statement given twice where only one is allowed",
            Code::Misplaced => "A statement that is not allowed in this place",
            Code::UnusedOwner => "An owner that leads and supports nothing",
            Code::NoOwner => "An item without a lead owner",
            Code::UnboundFigure => "A figure in prose that no target binds",
            Code::Calendar => "A period outside the years planc has a calendar for (2000-2100)",
            Code::ProvisionalCalendar => {
                "A year without its official holiday arrangement: statutory holidays without 调休"
            }
            Code::HolidayFile => "A holiday file that cannot be read, or a bad line in one",
            Code::Policy => "A rule of the plan's policy file (planc.toml) is broken",
            Code::WeakStretch => {
                "A stretch target that asks for less than the firm target on the same metric"
            }
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
            Code::Numbering => "A numbering style (编号) that is not one number between marks",
            Code::UncitedTarget => {
                "A target cited in no text or title: its figure is missing from the document"
            }
            Code::LeadAndSupport => "An owner that both leads and supports one item",
        }
    }

    /// The severity this code is reported with unless `planc.toml` says otherwise. (`duplicate` is
    /// reported as a warning in one case: a built-in unit declared again.)
    pub fn default_severity(self) -> Severity {
        match self {
            Code::UnusedOwner
            | Code::NoOwner
            | Code::UnboundFigure
            | Code::ProvisionalCalendar
            | Code::Overload
            | Code::WeakStretch
            | Code::ProgressUnreached
            | Code::ProgressRegressed
            | Code::UncitedTarget
            | Code::LeadAndSupport => Severity::Warning,
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
                | Code::CountMismatch
                | Code::UnitMismatch
                | Code::ShareRange
                | Code::UnusedOwner
                | Code::NoOwner
                | Code::UnboundFigure
                | Code::ProvisionalCalendar
                | Code::WeakStretch
                | Code::Overload
                | Code::Policy
                | Code::ProgressUnreached
                | Code::ProgressRegressed
                | Code::UncitedTarget
                | Code::LeadAndSupport
        )
    }

    /// The full code, e.g. `planc::split_sum`.
    pub fn full(self) -> String {
        format!("planc::{}", self.name())
    }

    /// Every code, for documentation and tests.
    pub const ALL: [Code; 46] = [
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
        Code::CountMismatch,
        Code::UnitMismatch,
        Code::ShareRange,
        Code::InvertedRange,
        Code::OutsidePeriod,
        Code::DeadlineOrder,
        Code::Recurrence,
        Code::Window,
        Code::Overload,
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
        Code::ProvisionalCalendar,
        Code::HolidayFile,
        Code::Policy,
        Code::WeakStretch,
        Code::ProgressPlan,
        Code::ProgressUnknown,
        Code::ProgressUnit,
        Code::ProgressShare,
        Code::ProgressDate,
        Code::ProgressUnreached,
        Code::ProgressRegressed,
        Code::Numbering,
        Code::ReferenceUse,
        Code::UncitedTarget,
        Code::LeadAndSupport,
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
    /// Every step of a chain the message names (a dependency cycle), each the place of one
    /// dependency and the two it links. The message and the labels show only the first and last
    /// steps of a long chain; JSON lists them all. Empty for other diagnostics.
    pub path: Vec<Label>,
    /// The stable name of the message variant (`undefined_owner.did_you_mean`, see
    /// [`Problem::name`]); empty for a diagnostic not made from a [`Problem`].
    pub problem: &'static str,
}

impl Diagnostic {
    /// A diagnostic with one labelled place, before [`Problem::diagnostic`] names its variant:
    /// only the wording module makes one (every diagnostic is a [`Problem`]).
    pub(crate) fn new(
        severity: Severity,
        code: Code,
        message: String,
        span: Span,
        label: String,
    ) -> Diagnostic {
        Diagnostic {
            severity,
            code,
            message: bounded(message),
            labels: vec![Label {
                span,
                text: bounded(label),
            }],
            help: None,
            path: Vec::new(),
            problem: "",
        }
    }

    /// Adds another labelled place.
    pub(crate) fn with_label(mut self, span: Span, text: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            span,
            text: bounded(text.into()),
        });
        self
    }

    /// Sets the full path of a chain whose message and labels show only its ends (see
    /// [`Diagnostic::path`]).
    pub fn with_path(mut self, path: Vec<Label>) -> Diagnostic {
        self.path = path;
        self
    }

    /// Adds the help line.
    pub(crate) fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(bounded(help.into()));
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
    closest(name, candidates).map(|candidate| format!("did you mean `{candidate}`?"))
}

/// The closest of `candidates` to `name`, if one is close enough to be a typo of it: the
/// suggestion a [`Problem`] carries.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(f64, &str)> = None;
    // Edit distance costs the product of the lengths: two 50 MB names would take days. A name
    // longer than a quote is not a typo of a short one.
    let too_long =
        |text: &str| text.len() > MAX_QUOTED_CHARS && text.chars().nth(MAX_QUOTED_CHARS).is_some();
    if too_long(name) {
        return None;
    }
    for candidate in candidates {
        if too_long(candidate) {
            continue;
        }
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
    best.map(|(_, candidate)| candidate.to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_agree_with_their_nouns() {
        use super::Count;
        assert_eq!(Count::new(1usize, "section").to_string(), "1 section");
        assert_eq!(Count::new(0usize, "section").to_string(), "0 sections");
        assert_eq!(
            Count::new(3u32, "working day").to_string(),
            "3 working days"
        );
        assert_eq!(Count::new(1usize, "dependency").to_string(), "1 dependency");
        assert_eq!(
            Count::new(2usize, "dependency").to_string(),
            "2 dependencies"
        );
        assert_eq!(Count::new(2usize, "day").to_string(), "2 days");
        assert_eq!(Count::new(1usize, "month").is_are(), "is");
        assert_eq!(Count::new(2usize, "month").is_are(), "are");
    }

    use super::*;

    #[test]
    fn long_quotes_are_shortened_and_say_how_long_they_were() {
        let name = "部门".repeat(100_000);
        let message = bounded(format!("owner `{name}` has no items, see `d1`"));
        assert!(message.starts_with("owner `部门部门"), "{message}");
        assert!(message.contains('…'), "{message}");
        assert!(
            message.ends_with("部门` (200000 characters) has no items, see `d1`"),
            "{message}"
        );
        assert!(message.chars().count() < MAX_QUOTED_CHARS + 80, "{message}");
        // Short texts, and unclosed backticks, are left alone.
        assert_eq!(
            bounded("owner `d1` has no items".into()),
            "owner `d1` has no items"
        );
        let open = format!("found `{}", "x".repeat(300));
        assert_eq!(bounded(open.clone()), open);
        // A whole text longer than the bound is cut in the middle.
        let long = "a → ".repeat(5000);
        let cut = bounded(long);
        assert!(
            cut.chars().count() <= MAX_MESSAGE_CHARS + 30,
            "{}",
            cut.len()
        );
        assert!(cut.ends_with("(20000 characters)"), "{cut}");
        assert_eq!(excerpt("short"), "short");
        let long_name = "x".repeat(1000);
        let short = excerpt(&long_name);
        assert!(short.ends_with("x (1000 characters)"), "{short}");
        assert_eq!(
            short.chars().filter(|&c| c == 'x').count(),
            MAX_QUOTED_CHARS - 1
        );
    }

    #[test]
    fn no_suggestion_for_names_longer_than_a_quote() {
        let long = "y".repeat(10_000);
        let close = format!("{long}z");
        assert_eq!(did_you_mean(&long, [close.as_str()]), None);
        assert_eq!(
            did_you_mean("d2", ["d1", close.as_str()]),
            Some("did you mean `d1`?".to_string())
        );
    }
}
