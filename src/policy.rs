//! `planc.toml`: a policy beside the plan. Severity overrides per diagnostic code, and review rules:
//!
//! ```toml
//! [severity]
//! no_owner = "error"           # a code, with or without `planc::`; "error", "warning" or "allow"
//! unbound_figure = "allow"     # "allow" drops the diagnostic; errors that would make the
//!                              # outputs wrong (syntax, names, cycles, …) cannot be lowered
//!
//! [rules]
//! lowered-target-needs-reason = true   # planc diff: a weakened target needs a `//` comment
//! owner-and-deadline = true            # every item has a lead and a deadline (or inherits them)
//! vague-verbs = true                   # or a list: ["推进", "加快", "力争", "探索"]
//! max-items-per-owner = 8              # at most N items led by one owner
//!
//! [schedule]
//! level = true                         # level schedules; check reports what stays overloaded
//! ```
//!
//! A `planc.toml` at the root of a repository may also name the entry plans that
//! `planc diff --git REV` compares when it is given no file (paths relative to the `planc.toml`):
//!
//! ```toml
//! plans = ["plans/changzhou-education-2020.plan"]
//! ```
//!
//! A rule is on with `true` (or `"error"`), reported as a warning with `"warning"`, and off with
//! `false` or when it is absent. Broken rules at `error` make `planc diff` exit 1.

use crate::diagnostic::{Code, Diagnostic, Problem, Severity};
use crate::diff::change::{Change, Commitment, Kind as DiffKind, Value};
use crate::model::Plan;
use crate::source::{SourceMap, Span};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for beside the plan.
pub const FILE_NAME: &str = "planc.toml";

/// The vague verbs checked by default.
pub const DEFAULT_VAGUE_VERBS: [&str; 4] = ["推进", "加快", "力争", "探索"];

/// What to do with a diagnostic code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Do not report.
    Allow,
}

/// A loaded policy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Policy {
    /// Where it was read from.
    pub path: Option<PathBuf>,
    /// Severity overrides per code.
    pub severity: BTreeMap<Code, Level>,
    /// `lowered-target-needs-reason`.
    pub lowered_target_needs_reason: Option<Severity>,
    /// `owner-and-deadline`.
    pub owner_and_deadline: Option<Severity>,
    /// `vague-verbs`: the verbs and the severity.
    pub vague_verbs: Option<(Vec<String>, Severity)>,
    /// `max-items-per-owner`.
    pub max_items_per_owner: Option<(usize, Severity)>,
    /// `plans`: the entry plans of the repository, as written (relative to the policy file).
    pub plans: Vec<PathBuf>,
    /// `[schedule] level = true`: schedules are levelled (as with `planc schedule --level`), and
    /// the check reports the overloads levelling cannot resolve.
    pub level: bool,
}

/// One broken rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// The rule, e.g. `owner-and-deadline`.
    pub rule: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The file.
    pub file: Option<String>,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column, in characters.
    pub column: Option<usize>,
    /// Where, for rendering as a diagnostic.
    #[serde(skip)]
    pub span: Option<Span>,
}

impl Violation {
    fn at(
        rule: &'static str,
        severity: Severity,
        message: String,
        sources: &SourceMap,
        span: Option<Span>,
    ) -> Violation {
        let (file, line, column) = match span {
            Some(span) => {
                let (file, line, column) = sources.position(span);
                (Some(file), Some(line), Some(column))
            }
            None => (None, None, None),
        };
        Violation {
            rule,
            severity,
            message,
            file,
            line,
            column,
            span,
        }
    }

    /// The violation as a `planc::policy` diagnostic, when it has a place in the plan.
    pub fn to_diagnostic(&self) -> Option<Diagnostic> {
        let span = self.span?;
        Some(
            Problem::PolicyRule {
                message: self.message.clone(),
                rule: self.rule.to_string(),
                severity: self.severity,
                span,
            }
            .into(),
        )
    }

    /// `file:line:column: error[policy::rule]: message`.
    pub fn plain(&self) -> String {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match (&self.file, self.line, self.column) {
            (Some(file), Some(line), Some(column)) => format!("{file}:{line}:{column}: "),
            _ => String::new(),
        };
        format!("{place}{severity}[policy::{}]: {}", self.rule, self.message)
    }

    /// A GitHub workflow annotation.
    pub fn github(&self) -> String {
        use crate::diagnostic::ci::{escape_data, escape_property};
        let command = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut properties = Vec::new();
        if let (Some(file), Some(line), Some(column)) = (&self.file, self.line, self.column) {
            properties.push(format!("file={}", escape_property(file)));
            properties.push(format!("line={line}"));
            properties.push(format!("col={column}"));
        }
        properties.push(format!(
            "title={}",
            escape_property(&format!("policy::{}", self.rule))
        ));
        format!(
            "::{command} {}::{}",
            properties.join(","),
            escape_data(&self.message)
        )
    }
}

/// Why a policy file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    /// The file.
    pub path: PathBuf,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for PolicyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

/// The policy beside a plan file (`planc.toml` in its folder), or the default (no rules) when there
/// is none.
pub fn beside(plan: &Path) -> Result<Policy, PolicyError> {
    let folder = match plan.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let path = folder.join(FILE_NAME);
    if !path.is_file() {
        return Ok(Policy::default());
    }
    load(&path)
}

/// Reads a policy file.
pub fn load(path: &Path) -> Result<Policy, PolicyError> {
    let text = std::fs::read_to_string(path).map_err(|e| PolicyError {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    let mut policy = parse(&text).map_err(|message| PolicyError {
        path: path.to_path_buf(),
        message,
    })?;
    policy.path = Some(path.to_path_buf());
    Ok(policy)
}

/// Parses the text of a policy file. Unknown sections, rules and codes are errors that name their
/// line, so a misspelt key never passes silently.
pub fn parse(text: &str) -> Result<Policy, String> {
    let file: PolicyFile =
        toml::from_str(text).map_err(|e| e.to_string().trim_end().to_string())?;
    let mut policy = Policy::default();
    for (CodeName(code), level) in file.severity {
        if level != Level::Error && !code.may_be_lowered() {
            return Err(format!(
                "`{}` cannot be set to \"{}\": its errors would make every output wrong; fix the plan instead",
                code.name(),
                match level {
                    Level::Warning => "warning",
                    _ => "allow",
                }
            ));
        }
        policy.severity.insert(code, level);
    }
    let rules = file.rules;
    policy.lowered_target_needs_reason = rules.lowered_target_needs_reason.and_then(|s| s.0);
    policy.owner_and_deadline = rules.owner_and_deadline.and_then(|s| s.0);
    policy.vague_verbs = match rules.vague_verbs {
        None => None,
        Some(VagueVerbs::Words(verbs)) => Some((verbs, Severity::Error)),
        Some(VagueVerbs::Switch(switch)) => switch.0.map(|severity| {
            (
                DEFAULT_VAGUE_VERBS.iter().map(|v| v.to_string()).collect(),
                severity,
            )
        }),
    };
    policy.max_items_per_owner = rules.max_items_per_owner.map(|n| (n, Severity::Error));
    policy.plans = file.plans;
    policy.level = file.schedule.level;
    Ok(policy)
}

/// `planc.toml` as written.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyFile {
    #[serde(default)]
    plans: Vec<PathBuf>,
    #[serde(default)]
    severity: BTreeMap<CodeName, Level>,
    #[serde(default)]
    rules: RulesFile,
    #[serde(default)]
    schedule: ScheduleFile,
}

/// The `[schedule]` table as written.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct ScheduleFile {
    #[serde(default)]
    level: bool,
}

/// The `[rules]` table as written.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RulesFile {
    lowered_target_needs_reason: Option<Switch>,
    owner_and_deadline: Option<Switch>,
    vague_verbs: Option<VagueVerbs>,
    #[serde(deserialize_with = "whole_number", default)]
    max_items_per_owner: Option<usize>,
}

/// A diagnostic code as written in `[severity]`: `no_owner` or `planc::no_owner`.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CodeName(Code);

impl<'de> serde::Deserialize<'de> for CodeName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let written = String::deserialize(deserializer)?;
        let name = written.strip_prefix("planc::").unwrap_or(&written);
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.name() == name)
            .map(CodeName)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "`{name}` is not a planc diagnostic code (docs/diagnostics.md lists them)"
                ))
            })
    }
}

impl<'de> serde::Deserialize<'de> for Level {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        match String::deserialize(deserializer)?.as_str() {
            "error" => Ok(Level::Error),
            "warning" => Ok(Level::Warning),
            "allow" => Ok(Level::Allow),
            other => Err(serde::de::Error::custom(format!(
                "`{other}`: a severity must be \"error\", \"warning\" or \"allow\""
            ))),
        }
    }
}

/// A rule's setting: on (`true`, `"error"`), `"warning"`, or off (`false`, `"allow"`).
#[derive(Debug)]
struct Switch(Option<Severity>);

impl<'de> serde::Deserialize<'de> for Switch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SwitchVisitor)
    }
}

struct SwitchVisitor;

impl serde::de::Visitor<'_> for SwitchVisitor {
    type Value = Switch;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("true, false, \"error\", \"warning\" or \"allow\"")
    }

    fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<Switch, E> {
        Ok(Switch(on.then_some(Severity::Error)))
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Switch, E> {
        match value {
            "error" => Ok(Switch(Some(Severity::Error))),
            "warning" => Ok(Switch(Some(Severity::Warning))),
            "allow" => Ok(Switch(None)),
            _ => Err(E::invalid_value(serde::de::Unexpected::Str(value), &self)),
        }
    }
}

/// `vague-verbs`: a switch, or the list of words to look for.
#[derive(Debug)]
enum VagueVerbs {
    Switch(Switch),
    Words(Vec<String>),
}

impl<'de> serde::Deserialize<'de> for VagueVerbs {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = VagueVerbs;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("true, false, \"error\", \"warning\", \"allow\" or a list of words")
            }

            fn visit_bool<E: serde::de::Error>(self, on: bool) -> Result<VagueVerbs, E> {
                SwitchVisitor.visit_bool(on).map(VagueVerbs::Switch)
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<VagueVerbs, E> {
                SwitchVisitor.visit_str(value).map(VagueVerbs::Switch)
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<VagueVerbs, A::Error> {
                let mut words = Vec::new();
                while let Some(word) = seq.next_element::<String>()? {
                    words.push(word);
                }
                Ok(VagueVerbs::Words(words))
            }
        }
        deserializer.deserialize_any(Visitor)
    }
}

/// `max-items-per-owner`: a whole number, said so when it is not.
fn whole_number<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<usize>, D::Error> {
    let value = toml::Value::deserialize(deserializer)?;
    value
        .as_integer()
        .and_then(|n| usize::try_from(n).ok())
        .map(Some)
        .ok_or_else(|| serde::de::Error::custom("`max-items-per-owner` must be a whole number"))
}

/// Applies the severity overrides: changes severities and drops allowed diagnostics.
/// An error whose code may not be lowered (`Code::may_be_lowered`) stays an error.
pub fn apply_severity(policy: &Policy, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|diagnostic| {
        let fixed = diagnostic.severity == Severity::Error && !diagnostic.code.may_be_lowered();
        match policy.severity.get(&diagnostic.code) {
            Some(Level::Allow) if !fixed => false,
            Some(Level::Error) => {
                diagnostic.severity = Severity::Error;
                true
            }
            Some(Level::Warning) if !fixed => {
                diagnostic.severity = Severity::Warning;
                true
            }
            _ => true,
        }
    });
}

/// The rules about the plan itself: owners and deadlines, vague verbs, load per owner.
pub fn check_plan(policy: &Policy, plan: &Plan, sources: &SourceMap) -> Vec<Violation> {
    let mut violations = Vec::new();
    if let Some(severity) = policy.owner_and_deadline {
        for (index, item) in plan.items.iter_enumerated() {
            let mut has_lead = false;
            let mut has_due = false;
            // The item or one of its ancestors (a plan holds finitely many; bounded by the count).
            let mut current = Some(index);
            let mut steps = 0;
            while let Some(at) = current.filter(|_| steps <= plan.items.len()) {
                let node = &plan.items[at];
                has_lead |= node.lead.is_some();
                has_due |= node.due.is_some();
                current = node.parent;
                steps += 1;
            }
            let missing = match (has_lead, has_due) {
                (true, true) => continue,
                (false, true) => "no lead owner",
                (true, false) => "no deadline",
                (false, false) => "neither a lead owner nor a deadline",
            };
            violations.push(Violation::at(
                "owner-and-deadline",
                severity,
                format!("item `{}` has {missing}", item.id),
                sources,
                Some(item.span),
            ));
        }
    }
    if let Some((verbs, severity)) = &policy.vague_verbs {
        for item in &plan.items {
            if !item.targets.is_empty() || item.due.is_some() {
                continue;
            }
            let mut text = item.title.clone();
            for prose in &item.texts {
                text.push_str(&plan.render(prose));
            }
            if let Some(verb) = verbs.iter().find(|v| text.contains(v.as_str())) {
                violations.push(Violation::at(
                    "vague-verbs",
                    *severity,
                    format!(
                        "item `{}` says `{verb}` but has neither a target nor a deadline",
                        item.id
                    ),
                    sources,
                    Some(item.span),
                ));
            }
        }
    }
    if let Some((limit, severity)) = policy.max_items_per_owner {
        let mut counts = vec![0usize; plan.owners.len()];
        for item in &plan.items {
            if let Some(lead) = &item.lead {
                for &owner in &lead.owners {
                    counts[owner.index()] += 1;
                }
            }
        }
        for (owner, count) in plan.owners.iter().zip(counts) {
            if count > limit {
                violations.push(Violation::at(
                    "max-items-per-owner",
                    severity,
                    format!(
                        "`{}` leads {count} items; the policy allows {limit}",
                        owner.id
                    ),
                    sources,
                    Some(owner.span),
                ));
            }
        }
    }
    violations
}

/// Whether a change makes a commitment weaker, read from its values: a lower value where more is
/// better, a higher one where less is better (`≤`, `<`, a fall), or firm → stretch (力争).
pub fn is_weakening(change: &Change) -> bool {
    match (change.kind, &change.new) {
        (DiffKind::TargetStretch, Some(Value::Commitment(now))) => *now == Commitment::Stretch,
        (DiffKind::TargetRaised | DiffKind::TargetLowered, Some(Value::Target(now))) => {
            (change.kind == DiffKind::TargetLowered) != now.less_is_better()
        }
        _ => false,
    }
}

/// The rules about changes: a weakened target needs a reason, written as a `//` comment on the
/// target's line or on the lines right above it in the new version.
pub fn check_changes(
    policy: &Policy,
    changes: &[Change],
    new: &Plan,
    new_sources: &SourceMap,
) -> Vec<Violation> {
    let mut violations = Vec::new();
    let Some(severity) = policy.lowered_target_needs_reason else {
        return violations;
    };
    for change in changes {
        if !change.weakened {
            continue;
        }
        let Some(target) = new.targets.iter().find(|t| t.id == change.id) else {
            continue;
        };
        if has_reason(new_sources, target.span) {
            continue;
        }
        let what = match (&change.old, &change.new) {
            (Some(a), Some(b)) => format!("{a} → {b}"),
            _ => String::new(),
        };
        violations.push(Violation::at(
            "lowered-target-needs-reason",
            severity,
            format!(
                "target `{}` is weakened ({what}) without a reason; add a `//` comment saying why",
                change.id
            ),
            new_sources,
            Some(target.span),
        ));
    }
    violations
}

/// Whether the line of `span` ends with a comment, or comment lines come right above it.
fn has_reason(sources: &SourceMap, span: Span) -> bool {
    let Some(file) = sources.get(span.file) else {
        return false;
    };
    let (line, _) = file.line_column(span.start as usize);
    let lines: Vec<&str> = file.text.lines().collect();
    let Some(own) = lines.get(line.saturating_sub(1)) else {
        return false;
    };
    if trailing_comment(own).is_some_and(|c| !c.trim().is_empty()) {
        return true;
    }
    lines
        .get(line.saturating_sub(2))
        .filter(|_| line >= 2)
        .is_some_and(|above| {
            above
                .trim_start()
                .strip_prefix("//")
                .is_some_and(|c| !c.trim().is_empty())
        })
}

/// The text after `//` outside strings on a line.
fn trailing_comment(line: &str) -> Option<&str> {
    crate::syntax::comment_start(line).and_then(|start| line.get(start + 2..))
}

/// Loads the policy beside `entry`, applies its severity overrides to the diagnostics, and returns
/// what its plan rules find. Every command calls it once, after `check::check`
/// (`pipeline::load_and_check`), so `check` and the commands that write outputs judge a plan alike.
pub fn apply(
    entry: &Path,
    checked: &mut crate::check::Checked,
) -> Result<Vec<Violation>, PolicyError> {
    let policy = beside(entry)?;
    checked.level = policy.level;
    apply_severity(&policy, &mut checked.diagnostics);
    // The schedule's checks, again when errors were lowered or levelling is asked for; their
    // diagnostics get the same severities.
    crate::check::feasibility(checked);
    apply_severity(&policy, &mut checked.diagnostics);
    Ok(match &checked.plan {
        Some(plan) => check_plan(&policy, plan, &checked.sources),
        None => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::is_weakening;
    use crate::diff::change::{
        Amount, Change, Commitment, Kind, TargetValue, TargetValueKind, Value,
    };
    use crate::model::{Comparison, TrendDirection, Unit};
    use rust_decimal::Decimal;

    fn change(kind: Kind, new: Value) -> Change {
        Change {
            kind,
            id: "t".to_string(),
            within: None,
            old: None,
            new: Some(new),
            percent: None,
            weakened: false,
            line: None,
            file: None,
        }
    }

    fn amount(value: i64) -> Amount {
        Amount {
            value: Decimal::from(value),
            written: value.to_string(),
            unit: Unit::None,
            unit_written: String::new(),
        }
    }

    fn at_least(comparison: Comparison) -> Value {
        Value::Target(TargetValue {
            stretch: false,
            kind: TargetValueKind::Value {
                comparison,
                amount: amount(5),
            },
            approx: None,
            change: None,
        })
    }

    #[test]
    fn weakening_is_read_from_the_values() {
        for (kind, comparison, weakens) in [
            // More is better under ≥: lowering weakens, raising does not.
            (Kind::TargetLowered, Comparison::Ge, true),
            (Kind::TargetRaised, Comparison::Ge, false),
            // Less is better under ≤ and <: raising weakens, lowering does not.
            (Kind::TargetRaised, Comparison::Le, true),
            (Kind::TargetLowered, Comparison::Lt, false),
        ] {
            let weakening = is_weakening(&change(kind, at_least(comparison)));
            assert_eq!(weakening, weakens, "{kind:?} under {comparison:?}");
        }
        // Less is better for a fall too: raising weakens.
        let fall = Value::Target(TargetValue {
            stretch: false,
            kind: TargetValueKind::Change {
                baseline: Some("上年".to_string()),
                direction: TrendDirection::Down,
                amount: amount(1),
                high: None,
            },
            approx: None,
            change: None,
        });
        assert!(is_weakening(&change(Kind::TargetRaised, fall)));
        // Firm → stretch weakens; stretch → firm does not; other kinds never do.
        let stretch = Value::Commitment(Commitment::Stretch);
        assert!(is_weakening(&change(Kind::TargetStretch, stretch.clone())));
        let firm = Value::Commitment(Commitment::Firm);
        assert!(!is_weakening(&change(Kind::TargetStretch, firm)));
        assert!(!is_weakening(&change(Kind::TargetChanged, stretch)));
    }
}
