//! How changes read: every value's text, the report for people, the 修改对照表 (Markdown) and
//! JSON. The one place where a change becomes text.

use super::change::{
    Amount, Change, Commitment, Container, DependencyValue, Kind, RecurrenceValue, TargetValue,
    TargetValueKind, Value, When,
};
use crate::diagnostic::Count;
use crate::model::{Comparison, DepKind, DurationUnit, TrendDirection};
use crate::syntax::keywords::{self, Keyword};
use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt::{self, Display, Formatter, Write as _};

impl Display for Value {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Value::Text(text) | Value::Number(text) | Value::Owner(text) => f.write_str(text),
            Value::Period { start, end } => write!(f, "{start} .. {end}"),
            Value::Ordinal(ordinal) => write!(f, "#{ordinal}"),
            Value::Item { number, title } => write!(f, "{number} {title}"),
            Value::Container(container) => container.fmt(f),
            Value::Place(None) => f.write_str("首位"),
            Value::Place(Some(id)) => write!(f, "{id}之后"),
            Value::SupportRemoved(owners) => write!(f, "−{}", owners.join("、")),
            Value::SupportAdded(owners) => write!(f, "+{}", owners.join("、")),
            Value::Window(when) if when.start == when.end => {
                write!(f, "{} ({})", when.written, when.end)
            }
            Value::Window(when) => write!(f, "{} ({} – {})", when.written, when.start, when.end),
            Value::Due(when) => due(f, when),
            Value::Duration(duration) => {
                write!(f, "{} {}", duration.amount, unit_word(duration.unit))
            }
            Value::Tags(tags) => f.write_str(&tags.join("、")),
            Value::Target(target) => target.fmt(f),
            Value::Commitment(Commitment::Firm) => f.write_str("确保"),
            Value::Commitment(Commitment::Stretch) => f.write_str("力争"),
            Value::Parts(parts) if parts.is_empty() => f.write_str("—"),
            Value::Parts(parts) => {
                for (index, part) in parts.iter().enumerate() {
                    if index > 0 {
                        f.write_str("，")?;
                    }
                    write!(f, "{} {}", part.owner, part.amount)?;
                }
                Ok(())
            }
            Value::Milestone { title, due: None } => f.write_str(title),
            Value::Milestone {
                title,
                due: Some(when),
            } => {
                write!(f, "{title} 时限 ")?;
                due(f, when)
            }
            Value::Recurrence(recurrence) => recurrence.fmt(f),
            Value::Dependency(dependency) => dependency.fmt(f),
        }
    }
}

/// A deadline: as written, and its last day.
fn due(f: &mut Formatter<'_>, when: &When) -> fmt::Result {
    write!(f, "{} ({})", when.written, when.end)
}

/// A duration's unit in the words of the report.
fn unit_word(unit: DurationUnit) -> &'static str {
    match unit {
        DurationUnit::Workdays => "workdays",
        DurationUnit::Days => "days",
        DurationUnit::Weeks => "weeks",
        DurationUnit::Months => "months",
    }
}

impl Display for Container {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self {
            Container::Goal(id) => write!(f, "目标 {id}"),
            Container::Section(id) => write!(f, "部分 {id}"),
            Container::Item(id) => write!(f, "事项 {id}"),
            Container::Unknown => Ok(()),
        }
    }
}

impl Display for Amount {
    /// As it reads in prose: `13万人次`, `60%`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.written, self.unit_written)
    }
}

impl Display for TargetValue {
    /// As it reads: `力争 ≥ 91.5分`, `3-4个`, `较 上年近视率 降低 1个百分点`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.stretch {
            f.write_str("力争 ")?;
        }
        if self.approx.is_some_and(|a| a.about()) {
            f.write_str("约 ")?;
        }
        match &self.kind {
            TargetValueKind::Value { comparison, amount } => {
                write!(f, "{}{amount}", symbol(*comparison))
            }
            TargetValueKind::Range { low, high } => write!(f, "{}-{high}", low.written),
            TargetValueKind::Trend(direction) => f.write_str(match direction {
                TrendDirection::Up => "趋势 上升",
                TrendDirection::Down => "趋势 下降",
                TrendDirection::Steady => "趋势 保持",
            }),
            TargetValueKind::Change {
                baseline,
                direction,
                amount,
                high,
            } => {
                let amount = match high {
                    Some(high) => format!("{amount}-{high}"),
                    None => amount.to_string(),
                };
                let word = match direction {
                    TrendDirection::Up => "提高",
                    TrendDirection::Down => "降低",
                    TrendDirection::Steady => "保持",
                };
                match baseline {
                    Some(baseline) => write!(f, "较 {baseline} {word} {amount}"),
                    None => write!(f, "{} {amount}", growth_word(*direction)),
                }
            }
            TargetValueKind::VersusBaseline {
                comparison,
                baseline,
            } => write!(f, "{}{baseline}", symbol(*comparison)),
        }?;
        if self.approx.is_some_and(|a| a.or_so()) {
            f.write_str(" 左右")?;
        }
        if let Some(change) = &self.change {
            let (baseline, direction, amount) = change.as_ref();
            if let Some(baseline) = baseline {
                write!(f, " 较 {baseline}")?;
            }
            write!(f, " {} {amount}", growth_word(*direction))?;
        }
        Ok(())
    }
}

/// A change against the previous year, as written: `增长`, `下降`.
fn growth_word(direction: TrendDirection) -> &'static str {
    match direction {
        TrendDirection::Up => "增长",
        TrendDirection::Down => "下降",
        TrendDirection::Steady => "保持",
    }
}

fn symbol(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::Eq => "",
        Comparison::Ge => "≥ ",
        Comparison::Gt => "> ",
        Comparison::Le => "≤ ",
        Comparison::Lt => "< ",
        Comparison::InStep => "同步 ",
    }
}

impl Display for RecurrenceValue {
    /// Title, frequency in the words a plan uses, count, months and day, case-folded.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let frequency = keywords::of_frequency(self.frequency).chinese();
        let mut text = format!("{} {frequency} {}", self.title, self.count);
        if !self.months.is_empty() {
            let months: Vec<String> = self.months.iter().map(|m| format!("{m}月")).collect();
            let _ = write!(text, " {} {}", Keyword::In.chinese(), months.join("、"));
        }
        if let Some(day) = self.day {
            let _ = write!(text, " {} {day}日", Keyword::By.chinese());
        }
        f.write_str(&text.to_lowercase())
    }
}

impl Display for DependencyValue {
    /// `a 后于 b 开始 +2 Workdays (节点)`.
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            DepKind::After => Keyword::After,
            DepKind::Needs => Keyword::Needs,
        }
        .chinese();
        write!(f, "{} {kind} {}", self.dependent, self.prerequisite)?;
        if self.from_start {
            write!(f, " {}", Keyword::Start.chinese())?;
        }
        if let Some((amount, unit)) = self.lag {
            let unit = match unit {
                DurationUnit::Workdays => "Workdays",
                DurationUnit::Days => "Days",
                DurationUnit::Weeks => "Weeks",
                DurationUnit::Months => "Months",
            };
            write!(f, " {amount:+} {unit}")?;
        }
        if self.on_milestone {
            f.write_str(" (节点)")?;
        }
        Ok(())
    }
}

/// `+4.17%`, `-12.5%`.
fn percent_text(ratio: Decimal) -> String {
    if ratio.is_sign_negative() {
        format!("{ratio}%")
    } else {
        format!("+{ratio}%")
    }
}

impl Serialize for Change {
    /// A change in JSON: its values as they read.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        #[derive(Serialize)]
        struct Shown<'a> {
            kind: Kind,
            id: &'a str,
            within: Option<&'a str>,
            old: Option<String>,
            new: Option<String>,
            percent: Option<String>,
            days: Option<i64>,
            weakened: bool,
            line: Option<usize>,
            file: Option<&'a str>,
        }
        Shown {
            kind: self.kind,
            id: &self.id,
            within: self.within.as_deref(),
            old: self.old.as_ref().map(Value::to_string),
            new: self.new.as_ref().map(Value::to_string),
            percent: self.percent.map(percent_text),
            days: self.days(),
            weakened: self.weakened,
            line: self.line,
            file: self.file.as_deref(),
        }
        .serialize(serializer)
    }
}

impl Kind {
    /// The kind in English, for the human report.
    pub fn english(self) -> &'static str {
        match self {
            Kind::PlanChanged => "plan changed",
            Kind::PreambleChanged => "preamble changed",
            Kind::GoalAdded => "goal added",
            Kind::GoalRemoved => "goal removed",
            Kind::GoalChanged => "goal changed",
            Kind::SectionAdded => "section added",
            Kind::SectionRemoved => "section removed",
            Kind::SectionChanged => "section changed",
            Kind::OwnerAdded => "owner added",
            Kind::OwnerRemoved => "owner removed",
            Kind::ItemAdded => "item added",
            Kind::ItemRemoved => "item removed",
            Kind::ItemMoved => "item moved",
            Kind::ItemRenumbered => "item renumbered",
            Kind::TitleChanged => "title changed",
            Kind::ProseChanged => "prose changed",
            Kind::LeadReassigned => "lead reassigned",
            Kind::SupportChanged => "support changed",
            Kind::DeadlineMoved => "deadline moved",
            Kind::TimingChanged => "timing changed",
            Kind::MilestoneAdded => "milestone added",
            Kind::MilestoneRemoved => "milestone removed",
            Kind::MilestoneMoved => "milestone changed",
            Kind::RecurrenceAdded => "recurrence added",
            Kind::RecurrenceRemoved => "recurrence removed",
            Kind::RecurrenceChanged => "recurrence changed",
            Kind::DependencyAdded => "dependency added",
            Kind::DependencyRemoved => "dependency removed",
            Kind::TagsChanged => "tags changed",
            Kind::TargetAdded => "target added",
            Kind::TargetRemoved => "target removed",
            Kind::TargetRaised => "target raised",
            Kind::TargetLowered => "target lowered",
            Kind::TargetChanged => "target changed",
            Kind::TargetStretch => "stretch/firm changed",
            Kind::PartsChanged => "breakdown changed",
            Kind::MetricChanged => "metric renamed",
            Kind::TargetMoved => "target moved",
            Kind::FactAdded => "fact added",
            Kind::FactRemoved => "fact removed",
            Kind::FactChanged => "fact changed",
            Kind::CountChanged => "count changed",
            Kind::GroupChanged => "group changed",
        }
    }

    /// The kind in Chinese, for the Markdown table.
    pub fn chinese(self) -> &'static str {
        match self {
            Kind::PlanChanged => "计划信息调整",
            Kind::PreambleChanged => "导言修改",
            Kind::GoalAdded => "新增目标",
            Kind::GoalRemoved => "删除目标",
            Kind::GoalChanged => "目标修改",
            Kind::SectionAdded => "新增部分",
            Kind::SectionRemoved => "删除部分",
            Kind::SectionChanged => "部分修改",
            Kind::OwnerAdded => "新增责任主体",
            Kind::OwnerRemoved => "删除责任主体",
            Kind::ItemAdded => "新增事项",
            Kind::ItemRemoved => "删除事项",
            Kind::ItemMoved => "事项移动",
            Kind::ItemRenumbered => "事项重新编号",
            Kind::TitleChanged => "标题修改",
            Kind::ProseChanged => "正文修改",
            Kind::LeadReassigned => "牵头单位调整",
            Kind::SupportChanged => "配合单位调整",
            Kind::DeadlineMoved => "时限调整",
            Kind::TimingChanged => "时间安排调整",
            Kind::MilestoneAdded => "新增节点",
            Kind::MilestoneRemoved => "删除节点",
            Kind::MilestoneMoved => "节点调整",
            Kind::RecurrenceAdded => "新增周期工作",
            Kind::RecurrenceRemoved => "删除周期工作",
            Kind::RecurrenceChanged => "周期调整",
            Kind::DependencyAdded => "新增依赖",
            Kind::DependencyRemoved => "删除依赖",
            Kind::TagsChanged => "标签调整",
            Kind::TargetAdded => "新增指标",
            Kind::TargetRemoved => "删除指标",
            Kind::TargetRaised => "指标调高",
            Kind::TargetLowered => "指标调低",
            Kind::TargetChanged => "指标口径调整",
            Kind::TargetStretch => "力争/确保调整",
            Kind::PartsChanged => "分解调整",
            Kind::MetricChanged => "指标名称修改",
            Kind::TargetMoved => "指标移动",
            Kind::FactAdded => "新增已完成事实",
            Kind::FactRemoved => "删除已完成事实",
            Kind::FactChanged => "已完成事实修改",
            Kind::CountChanged => "计数对象调整",
            Kind::GroupChanged => "分组成员调整",
        }
    }
}

/// The report for people: one line per change.
pub fn human(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "no changes in meaning\n".to_string();
    }
    let total = changes.len();
    let collapsed = collapse_renumbering(changes);
    let changes = collapsed.as_slice();
    let mut out = String::new();
    for change in changes {
        let _ = write!(out, "{}: {}", change.kind.english(), change.id);
        if let Some(within) = &change.within {
            let _ = write!(out, " ({within})");
        }
        match (&change.old, &change.new) {
            (Some(a), Some(b)) => {
                let _ = write!(out, ": {a} → {b}");
            }
            (Some(a), None) => {
                let _ = write!(out, ": {a}");
            }
            (None, Some(b)) => {
                let _ = write!(out, ": {b}");
            }
            (None, None) => {}
        }
        if let Some(percent) = change.percent {
            let _ = write!(out, " ({})", percent_text(percent));
        }
        if change.weakened {
            out.push_str(" [weakened]");
        }
        match change.days() {
            Some(days) if days > 0 => {
                let _ = write!(out, " ({} later)", Count::new(days.unsigned_abs(), "day"));
            }
            Some(days) if days < 0 => {
                let _ = write!(out, " ({} earlier)", Count::new(days.unsigned_abs(), "day"));
            }
            _ => {}
        }
        if let (Some(file), Some(line)) = (&change.file, change.line) {
            let _ = write!(out, "  [{file}:{line}]");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{}", Count::new(total, "change"));
    out
}

/// How many renumbered items are listed one by one; more become one summary line.
const RENUMBERED_SHOWN: usize = 8;

/// Replaces a long run of renumbered items (one insertion renumbers everything after it) by one
/// change: `N items` with the first and last numbers and the identifiers.
fn collapse_renumbering(changes: &[Change]) -> Vec<Change> {
    let renumbered: Vec<&Change> = changes
        .iter()
        .filter(|c| c.kind == Kind::ItemRenumbered)
        .collect();
    if renumbered.len() <= RENUMBERED_SHOWN {
        return changes.to_vec();
    }
    let mut out: Vec<Change> = changes
        .iter()
        .filter(|c| c.kind != Kind::ItemRenumbered)
        .cloned()
        .collect();
    let shown = |value: &Option<Value>| value.as_ref().map(Value::to_string).unwrap_or_default();
    let mut pairs: Vec<String> = renumbered
        .iter()
        .take(10)
        .map(|c| format!("{} {}→{}", c.id, shown(&c.old), shown(&c.new)))
        .collect();
    if renumbered.len() > 10 {
        pairs.push("…".to_string());
    }
    out.push(Change {
        kind: Kind::ItemRenumbered,
        id: Count::new(renumbered.len(), "item").to_string(),
        within: None,
        old: None,
        new: Some(Value::Text(pairs.join("、"))),
        percent: None,
        weakened: false,
        line: None,
        file: None,
    });
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The 修改对照表: a Markdown table for a pull request comment.
pub fn markdown(changes: &[Change], old_name: &str, new_name: &str) -> String {
    let mut out = format!(
        "### 修改对照表\n\n`{}` → `{}`\n\n",
        cell(old_name),
        cell(new_name)
    );
    if changes.is_empty() {
        out.push_str("无实质性修改。\n");
        return out;
    }
    let total = changes.len();
    let collapsed = collapse_renumbering(changes);
    let changes = collapsed.as_slice();
    out.push_str("| 序号 | 修改类型 | 对象 | 修改前 | 修改后 | 说明 |\n");
    out.push_str("|---:|---|---|---|---|---|\n");
    let shown = |value: &Option<Value>| match value {
        Some(value) => value.to_string(),
        None => "—".to_string(),
    };
    for (index, change) in changes.iter().enumerate() {
        let subject = match &change.within {
            Some(within) => format!("`{}`（{}）", change.id, within),
            None => format!("`{}`", change.id),
        };
        let mut note = change.percent.map(percent_text).unwrap_or_default();
        if change.weakened {
            if !note.is_empty() {
                note.push('，');
            }
            note.push_str("放宽");
        }
        match change.days() {
            Some(days) if days > 0 => note.push_str(&format!("推迟 {days} 天")),
            Some(days) if days < 0 => note.push_str(&format!("提前 {} 天", -days)),
            _ => {}
        }
        if let (Some(file), Some(line)) = (&change.file, change.line) {
            if !note.is_empty() {
                note.push('；');
            }
            let _ = write!(note, "{file}:{line}");
        }
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            index + 1,
            change.kind.chinese(),
            cell(&subject),
            cell(&shown(&change.old)),
            cell(&shown(&change.new)),
            cell(&note),
        );
    }
    let _ = write!(out, "\n共 {total} 处修改。\n");
    out
}

/// The report as JSON.
pub fn json(changes: &[Change], old_name: &str, new_name: &str) -> serde_json::Value {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for change in changes {
        let name = serde_json::to_value(change.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        *counts.entry(name).or_default() += 1;
    }
    serde_json::json!({
        "old": old_name,
        "new": new_name,
        "changes": changes,
        "counts": counts,
    })
}
