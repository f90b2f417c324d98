//! `planc.toml`: a policy beside the plan. Severity overrides per diagnostic code, and review rules:
//!
//! ```toml
//! [severity]
//! uncited_target = "error"     # a code, with or without `planc::`; "error", "warning" or "allow"
//! unbound_figure = "allow"     # "allow" drops the diagnostic
//!
//! [rules]
//! lowered-target-needs-reason = true   # planc diff: a weakened target needs a `//` comment
//! owner-and-deadline = true            # every item has a lead and a deadline (or inherits them)
//! vague-verbs = true                   # or a list: ["推进", "加快", "力争", "探索"]
//! max-items-per-owner = 8              # at most N items led by one owner
//! ```
//!
//! A rule is on with `true` (or `"error"`), reported as a warning with `"warning"`, and off with
//! `false` or when it is absent. Broken rules at `error` make `planc diff` exit 1.

use crate::diagnostic::{Code, Diagnostic, Severity};
use crate::model::Plan;
use crate::source::{SourceMap, Span};
use serde::Serialize;
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
        let diagnostic = Diagnostic::error(
            crate::diagnostic::Code::Policy,
            format!("{} (policy rule `{}`)", self.message, self.rule),
            span,
            "here",
        )
        .with_help(format!("see `{}` in planc.toml beside the plan", self.rule));
        Some(Diagnostic {
            severity: self.severity,
            ..diagnostic
        })
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
        use crate::report_ci::{escape_data, escape_property};
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

/// Parses the text of a policy file.
pub fn parse(text: &str) -> Result<Policy, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut policy = Policy::default();
    for (key, value) in &table {
        match key.as_str() {
            "severity" => {
                let entries = value.as_table().ok_or(
                    "`severity` must be a table of code = \"error\"|\"warning\"|\"allow\"",
                )?;
                for (code, level) in entries {
                    let name = code.strip_prefix("planc::").unwrap_or(code);
                    let code = Code::ALL
                        .iter()
                        .copied()
                        .find(|c| c.name() == name)
                        .ok_or_else(|| format!("`{name}` is not a planc diagnostic code"))?;
                    let level = match level.as_str() {
                        Some("error") => Level::Error,
                        Some("warning") => Level::Warning,
                        Some("allow") => Level::Allow,
                        _ => {
                            return Err(format!(
                                "the severity of `{name}` must be \"error\", \"warning\" or \"allow\""
                            ));
                        }
                    };
                    policy.severity.insert(code, level);
                }
            }
            "rules" => {
                let rules = value.as_table().ok_or("`rules` must be a table")?;
                for (rule, value) in rules {
                    match rule.as_str() {
                        "lowered-target-needs-reason" => {
                            policy.lowered_target_needs_reason = switch(rule, value)?;
                        }
                        "owner-and-deadline" => policy.owner_and_deadline = switch(rule, value)?,
                        "vague-verbs" => {
                            policy.vague_verbs = match value {
                                toml::Value::Array(verbs) => {
                                    let verbs: Option<Vec<String>> = verbs
                                        .iter()
                                        .map(|v| v.as_str().map(str::to_string))
                                        .collect();
                                    let verbs = verbs.ok_or(
                                        "`vague-verbs` must be true, false or a list of words",
                                    )?;
                                    Some((verbs, Severity::Error))
                                }
                                other => switch(rule, other)?.map(|severity| {
                                    (
                                        DEFAULT_VAGUE_VERBS.iter().map(|v| v.to_string()).collect(),
                                        severity,
                                    )
                                }),
                            }
                        }
                        "max-items-per-owner" => {
                            let count = value
                                .as_integer()
                                .and_then(|n| usize::try_from(n).ok())
                                .ok_or("`max-items-per-owner` must be a whole number")?;
                            policy.max_items_per_owner = Some((count, Severity::Error));
                        }
                        other => return Err(format!("unknown rule `{other}`")),
                    }
                }
            }
            other => return Err(format!("unknown section `{other}`")),
        }
    }
    Ok(policy)
}

fn switch(rule: &str, value: &toml::Value) -> Result<Option<Severity>, String> {
    match value {
        toml::Value::Boolean(true) => Ok(Some(Severity::Error)),
        toml::Value::Boolean(false) => Ok(None),
        toml::Value::String(s) if s == "error" => Ok(Some(Severity::Error)),
        toml::Value::String(s) if s == "warning" => Ok(Some(Severity::Warning)),
        toml::Value::String(s) if s == "allow" => Ok(None),
        _ => Err(format!(
            "`{rule}` must be true, false, \"error\", \"warning\" or \"allow\""
        )),
    }
}

/// Applies the severity overrides: changes severities and drops allowed diagnostics.
pub fn apply_severity(policy: &Policy, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.retain_mut(|diagnostic| match policy.severity.get(&diagnostic.code) {
        Some(Level::Allow) => false,
        Some(Level::Error) => {
            diagnostic.severity = Severity::Error;
            true
        }
        Some(Level::Warning) => {
            diagnostic.severity = Severity::Warning;
            true
        }
        None => true,
    });
}

/// The rules about the plan itself: owners and deadlines, vague verbs, load per owner.
pub fn check_plan(policy: &Policy, plan: &Plan, sources: &SourceMap) -> Vec<Violation> {
    let mut violations = Vec::new();
    if let Some(severity) = policy.owner_and_deadline {
        for (index, item) in plan.items.iter().enumerate() {
            let mut has_lead = false;
            let mut has_due = false;
            // The item or one of its ancestors (a plan holds finitely many; bounded by the count).
            let mut current = Some(index);
            let mut steps = 0;
            while let Some(at) = current.filter(|_| steps <= plan.items.len()) {
                let Some(node) = plan.items.get(at) else {
                    break;
                };
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
                    if let Some(count) = counts.get_mut(owner) {
                        *count += 1;
                    }
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

/// The rules about changes: a weakened target needs a reason, written as a `//` comment on the
/// target's line or on the lines right above it in the new version.
pub fn check_changes(
    policy: &Policy,
    changes: &[crate::diff::Change],
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

/// For `planc check`: loads the policy beside `entry`, applies its severity overrides to the
/// diagnostics, and returns what its plan rules find. One call after `check::check`.
pub fn apply(
    entry: &Path,
    checked: &mut crate::check::Checked,
) -> Result<Vec<Violation>, PolicyError> {
    let policy = beside(entry)?;
    apply_severity(&policy, &mut checked.diagnostics);
    Ok(match &checked.plan {
        Some(plan) => check_plan(&policy, plan, &checked.sources),
        None => Vec::new(),
    })
}
