//! `planc diff`: what changed in meaning between two versions of a plan.
//!
//! Both versions are checked plans; items, targets, milestones and recurrences are matched by their
//! identifiers, so renaming a title, renumbering or moving an item is reported as such, and a change
//! of layout (what `planc fmt` does) is no change at all.

use crate::model::{
    Comparison, Dependency, Holder, Item, Node, Plan, Quantity, Target, TargetKind, TrendDirection,
    Window,
};
use crate::syntax::keywords::{self, Keyword};
use rust_decimal::Decimal;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One change in meaning.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of change, e.g. `target_lowered` (see [`Kind`]).
    pub kind: Kind,
    /// The identifier of what changed (an item, target, milestone, section, owner…).
    pub id: String,
    /// The item (or goal, or section) it belongs to, when that helps to find it.
    pub within: Option<String>,
    /// The old value, as it reads.
    pub old: Option<String>,
    /// The new value, as it reads.
    pub new: Option<String>,
    /// For numeric changes: the change in percent of the old value, e.g. `+4.17%`.
    pub percent: Option<String>,
    /// For deadlines: how many days later (positive) or earlier (negative) the last day is.
    pub days: Option<i64>,
    /// Whether the change makes a target easier to meet (see [`is_weakening`]).
    pub weakened: bool,
    /// 1-based line of the change in the new version (or the old one, for removals).
    pub line: Option<usize>,
    /// The file of `line`.
    pub file: Option<String>,
}

/// The kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// The plan's title, organisation or period.
    PlanChanged,
    /// Preamble paragraphs or the goals' opening sentence.
    PreambleChanged,
    /// A main goal was added.
    GoalAdded,
    /// A main goal was removed.
    GoalRemoved,
    /// A goal's title or prose changed.
    GoalChanged,
    /// A section was added.
    SectionAdded,
    /// A section was removed.
    SectionRemoved,
    /// A section's title or prose changed, or it moved.
    SectionChanged,
    /// An owner was declared.
    OwnerAdded,
    /// An owner's declaration was removed.
    OwnerRemoved,
    /// An item was added.
    ItemAdded,
    /// An item was removed.
    ItemRemoved,
    /// An item moved to another section or parent, or among its siblings.
    ItemMoved,
    /// An item's number changed.
    ItemRenumbered,
    /// An item's title changed.
    TitleChanged,
    /// An item's prose changed.
    ProseChanged,
    /// The lead owner changed.
    LeadReassigned,
    /// Supporting owners were added or removed.
    SupportChanged,
    /// The deadline moved.
    DeadlineMoved,
    /// The start, window or duration changed.
    TimingChanged,
    /// A milestone was added.
    MilestoneAdded,
    /// A milestone was removed.
    MilestoneRemoved,
    /// A milestone's date or name changed.
    MilestoneMoved,
    /// A recurrence was added.
    RecurrenceAdded,
    /// A recurrence was removed.
    RecurrenceRemoved,
    /// A recurrence's title, frequency, count, months or day changed.
    RecurrenceChanged,
    /// A dependency was added.
    DependencyAdded,
    /// A dependency was removed.
    DependencyRemoved,
    /// Tags changed.
    TagsChanged,
    /// A target was added.
    TargetAdded,
    /// A target was removed.
    TargetRemoved,
    /// A target's value went up.
    TargetRaised,
    /// A target's value went down.
    TargetLowered,
    /// A target's comparison, unit or kind changed.
    TargetChanged,
    /// Firm ↔ stretch (力争).
    TargetStretch,
    /// Breakdown parts changed.
    PartsChanged,
    /// A target's metric name changed.
    MetricChanged,
    /// A target moved to another item or goal.
    TargetMoved,
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
        }
    }
}

/// Where things are, to give each change a line.
pub struct Versions<'a> {
    /// The old plan.
    pub old: &'a Plan,
    /// Its files.
    pub old_sources: &'a crate::source::SourceMap,
    /// The new plan.
    pub new: &'a Plan,
    /// Its files.
    pub new_sources: &'a crate::source::SourceMap,
}

struct Differ<'a> {
    v: &'a Versions<'a>,
    changes: Vec<Change>,
}

/// Compares two versions of a plan.
pub fn compare(versions: &Versions<'_>) -> Vec<Change> {
    let mut differ = Differ {
        v: versions,
        changes: Vec::new(),
    };
    differ.plan();
    differ.owners();
    differ.goals();
    differ.sections();
    differ.items();
    differ.targets();
    differ.milestones();
    differ.recurrences();
    differ.dependencies();
    differ.changes
}

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        kind: Kind,
        id: &str,
        within: Option<String>,
        old: Option<String>,
        new: Option<String>,
        span: Option<(bool, crate::source::Span)>,
    ) {
        let (file, line) = match span {
            Some((in_new, span)) => {
                let sources = if in_new {
                    self.v.new_sources
                } else {
                    self.v.old_sources
                };
                let (file, line, _) = sources.position(span);
                (Some(file), Some(line))
            }
            None => (None, None),
        };
        self.changes.push(Change {
            kind,
            id: id.to_string(),
            within,
            old,
            new,
            percent: None,
            days: None,
            weakened: false,
            line,
            file,
        });
    }

    fn plan(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        if old.title != new.title {
            self.push(
                Kind::PlanChanged,
                "title",
                None,
                Some(old.title.clone()),
                Some(new.title.clone()),
                None,
            );
        }
        if old.org != new.org {
            self.push(
                Kind::PlanChanged,
                "org",
                None,
                old.org.clone(),
                new.org.clone(),
                None,
            );
        }
        if old.period != new.period {
            self.push(
                Kind::PlanChanged,
                "period",
                None,
                Some(format!("{} .. {}", old.period.start, old.period.end)),
                Some(format!("{} .. {}", new.period.start, new.period.end)),
                None,
            );
        }
        let old_preamble: Vec<String> = old.preamble.iter().map(|p| prose(old, p)).collect();
        let new_preamble: Vec<String> = new.preamble.iter().map(|p| prose(new, p)).collect();
        if old_preamble != new_preamble {
            let (a, b) = fragment(&old_preamble.join("\n"), &new_preamble.join("\n"));
            self.push(
                Kind::PreambleChanged,
                "preamble",
                None,
                Some(a),
                Some(b),
                None,
            );
        }
        let old_intro = old.goals_intro.as_ref().map(|p| prose(old, p));
        let new_intro = new.goals_intro.as_ref().map(|p| prose(new, p));
        let old_texts: Vec<String> = old.goals_texts.iter().map(|p| prose(old, p)).collect();
        let new_texts: Vec<String> = new.goals_texts.iter().map(|p| prose(new, p)).collect();
        if old_intro != new_intro || old_texts != new_texts {
            let a = format!(
                "{}\n{}",
                old_intro.unwrap_or_default(),
                old_texts.join("\n")
            );
            let b = format!(
                "{}\n{}",
                new_intro.unwrap_or_default(),
                new_texts.join("\n")
            );
            let (a, b) = fragment(&a, &b);
            self.push(Kind::PreambleChanged, "goals", None, Some(a), Some(b), None);
        }
    }

    fn owners(&mut self) {
        let old: BTreeSet<&str> = self.v.old.owners.iter().map(|o| o.id.as_str()).collect();
        for owner in &self.v.new.owners {
            if !old.contains(owner.id.as_str()) {
                self.push(
                    Kind::OwnerAdded,
                    &owner.id,
                    None,
                    None,
                    Some(owner.display.clone()),
                    Some((true, owner.span)),
                );
            }
        }
        let new: BTreeSet<&str> = self.v.new.owners.iter().map(|o| o.id.as_str()).collect();
        for owner in &self.v.old.owners {
            if !new.contains(owner.id.as_str()) {
                self.push(
                    Kind::OwnerRemoved,
                    &owner.id,
                    None,
                    Some(owner.display.clone()),
                    None,
                    Some((false, owner.span)),
                );
            }
        }
    }

    fn goals(&mut self) {
        let heading = |goal: &'a crate::model::Goal| Heading {
            id: &goal.id,
            title: &goal.title,
            texts: &goal.texts,
            ordinal: None,
            span: goal.span,
        };
        let old = self.v.old.goals.iter().map(heading).collect();
        let new = self.v.new.goals.iter().map(heading).collect();
        self.headings(
            [Kind::GoalAdded, Kind::GoalChanged, Kind::GoalRemoved],
            old,
            new,
        );
    }

    fn sections(&mut self) {
        let heading = |section: &'a crate::model::Section| Heading {
            id: &section.id,
            title: &section.title,
            texts: &section.texts,
            ordinal: Some(section.ordinal),
            span: section.span,
        };
        let old = self.v.old.sections.iter().map(heading).collect();
        let new = self.v.new.sections.iter().map(heading).collect();
        self.headings(
            [
                Kind::SectionAdded,
                Kind::SectionChanged,
                Kind::SectionRemoved,
            ],
            old,
            new,
        );
    }

    /// Goals and sections alike: added, removed, retitled or re-worded, and (sections) moved.
    fn headings(
        &mut self,
        [added, changed, removed]: [Kind; 3],
        old: Vec<Heading<'a>>,
        new: Vec<Heading<'a>>,
    ) {
        let old_by_id: BTreeMap<&str, &Heading<'a>> = old.iter().map(|h| (h.id, h)).collect();
        let new_ids: BTreeSet<&str> = new.iter().map(|h| h.id).collect();
        for heading in &new {
            let Some(before) = old_by_id.get(heading.id) else {
                self.push(
                    added,
                    heading.id,
                    None,
                    None,
                    Some(heading.title.to_string()),
                    Some((true, heading.span)),
                );
                continue;
            };
            let a: Vec<String> = before.texts.iter().map(|p| prose(self.v.old, p)).collect();
            let b: Vec<String> = heading.texts.iter().map(|p| prose(self.v.new, p)).collect();
            if before.title != heading.title || a != b {
                let (a, b) = fragment(
                    &format!("{}\n{}", before.title, a.join("\n")),
                    &format!("{}\n{}", heading.title, b.join("\n")),
                );
                self.push(
                    changed,
                    heading.id,
                    None,
                    Some(a),
                    Some(b),
                    Some((true, heading.span)),
                );
            }
            if let (Some(was), Some(is)) = (before.ordinal, heading.ordinal)
                && was != is
            {
                self.push(
                    changed,
                    heading.id,
                    None,
                    Some(format!("#{was}")),
                    Some(format!("#{is}")),
                    Some((true, heading.span)),
                );
            }
        }
        for heading in &old {
            if !new_ids.contains(heading.id) {
                self.push(
                    removed,
                    heading.id,
                    None,
                    Some(heading.title.to_string()),
                    None,
                    Some((false, heading.span)),
                );
            }
        }
    }

    fn items(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_index: BTreeMap<&str, usize> = old
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| (item.id.as_str(), i))
            .collect();
        let moved_in_place = reordered(old, new);
        for (index, item) in new.items.iter().enumerate() {
            let at = Some((true, item.span));
            let Some(&before_index) = old_index.get(item.id.as_str()) else {
                self.push(
                    Kind::ItemAdded,
                    &item.id,
                    Some(container(new, item)),
                    None,
                    Some(format!("{} {}", item.number, item.title)),
                    at,
                );
                continue;
            };
            let Some(before) = old.items.get(before_index) else {
                continue;
            };
            let (from, to) = (container(old, before), container(new, item));
            if from != to {
                self.push(Kind::ItemMoved, &item.id, None, Some(from), Some(to), at);
            } else if moved_in_place.contains(&index) {
                self.push(
                    Kind::ItemMoved,
                    &item.id,
                    Some(to),
                    Some(previous_sibling(old, before_index)),
                    Some(previous_sibling(new, index)),
                    at,
                );
            }
            if before.number != item.number {
                self.push(
                    Kind::ItemRenumbered,
                    &item.id,
                    None,
                    Some(before.number.to_string()),
                    Some(item.number.to_string()),
                    at,
                );
            }
            self.item_fields(before, item);
        }
        let new_by_id = by_id(&new.items, |i| &i.id);
        for item in &old.items {
            if !new_by_id.contains_key(item.id.as_str()) {
                self.push(
                    Kind::ItemRemoved,
                    &item.id,
                    Some(container(old, item)),
                    Some(format!("{} {}", item.number, item.title)),
                    None,
                    Some((false, item.span)),
                );
            }
        }
    }

    fn item_fields(&mut self, before: &Item, item: &Item) {
        let (old, new) = (self.v.old, self.v.new);
        let at = Some((true, item.span));
        let id = item.id.as_str();
        if before.title != item.title {
            self.push(
                Kind::TitleChanged,
                id,
                None,
                Some(before.title.to_string()),
                Some(item.title.to_string()),
                at,
            );
        }
        let a: Vec<String> = before.texts.iter().map(|p| prose(old, p)).collect();
        let b: Vec<String> = item.texts.iter().map(|p| prose(new, p)).collect();
        if a != b {
            let (a, b) = fragment(&a.join("\n"), &b.join("\n"));
            self.push(Kind::ProseChanged, id, None, Some(a), Some(b), at);
        }
        let lead_a = before.lead.as_ref().map(|l| l.name.to_string());
        let lead_b = item.lead.as_ref().map(|l| l.name.to_string());
        if lead_a != lead_b {
            self.push(Kind::LeadReassigned, id, None, lead_a, lead_b, at);
        }
        let support_a: BTreeSet<&str> = before.support.iter().map(|s| s.name.as_str()).collect();
        let support_b: BTreeSet<&str> = item.support.iter().map(|s| s.name.as_str()).collect();
        if support_a != support_b {
            let removed: Vec<&str> = support_a.difference(&support_b).copied().collect();
            let added: Vec<&str> = support_b.difference(&support_a).copied().collect();
            self.push(
                Kind::SupportChanged,
                id,
                None,
                (!removed.is_empty()).then(|| format!("−{}", removed.join("、"))),
                (!added.is_empty()).then(|| format!("+{}", added.join("、"))),
                at,
            );
        }
        if !same_window(before.due.as_ref(), item.due.as_ref()) {
            self.push(
                Kind::DeadlineMoved,
                id,
                None,
                due_text(before.due.as_ref()),
                due_text(item.due.as_ref()),
                at,
            );
            let days = match (&before.due, &item.due) {
                (Some(a), Some(b)) => a.end.until(b.end).ok().map(|span| span.get_days()),
                _ => None,
            };
            if let Some(last) = self.changes.last_mut() {
                last.days = days.map(i64::from);
            }
        }
        for (name, a, b) in [
            ("start", before.start.as_deref(), item.start.as_deref()),
            ("window", before.window.as_deref(), item.window.as_deref()),
        ] {
            if !same_window(a, b) {
                self.push(
                    Kind::TimingChanged,
                    id,
                    Some(name.to_string()),
                    window_text(a),
                    window_text(b),
                    at,
                );
            }
        }
        if before.duration != item.duration {
            self.push(
                Kind::TimingChanged,
                id,
                Some("duration".to_string()),
                before.duration.as_ref().map(duration_text),
                item.duration.as_ref().map(duration_text),
                at,
            );
        }
        if before.tags != item.tags {
            self.push(
                Kind::TagsChanged,
                id,
                None,
                Some(before.tags.join("、")),
                Some(item.tags.join("、")),
                at,
            );
        }
    }

    fn targets(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_by_id = by_id(&old.targets, |t| &t.id);
        let new_by_id = by_id(&new.targets, |t| &t.id);
        for target in &new.targets {
            let at = Some((true, target.span));
            let holder = holder_id(new, target.holder);
            let Some(&before) = old_by_id.get(target.id.as_str()) else {
                self.push(
                    Kind::TargetAdded,
                    &target.id,
                    Some(holder),
                    None,
                    Some(target_text(new, target)),
                    at,
                );
                continue;
            };
            let old_holder = holder_id(old, before.holder);
            if old_holder != holder {
                self.push(
                    Kind::TargetMoved,
                    &target.id,
                    None,
                    Some(old_holder),
                    Some(holder.clone()),
                    at,
                );
            }
            if before.metric != target.metric {
                self.push(
                    Kind::MetricChanged,
                    &target.id,
                    Some(holder.clone()),
                    Some(before.metric.to_string()),
                    Some(target.metric.to_string()),
                    at,
                );
            }
            if before.stretch != target.stretch {
                let word = |stretch: bool| if stretch { "力争" } else { "确保" }.to_string();
                self.push(
                    Kind::TargetStretch,
                    &target.id,
                    Some(holder.clone()),
                    Some(word(before.stretch)),
                    Some(word(target.stretch)),
                    at,
                );
                if let Some(last) = self.changes.last_mut() {
                    last.weakened = target.stretch;
                }
            }
            if !same_window(before.due.as_deref(), target.due.as_deref()) {
                self.push(
                    Kind::DeadlineMoved,
                    &target.id,
                    Some(holder.clone()),
                    due_text(before.due.as_deref()),
                    due_text(target.due.as_deref()),
                    at,
                );
                let days = match (&before.due, &target.due) {
                    (Some(a), Some(b)) => a.end.until(b.end).ok().map(|span| span.get_days()),
                    _ => None,
                };
                if let Some(last) = self.changes.last_mut() {
                    last.days = days.map(i64::from);
                }
            }
            let (a, b) = (target_text(old, before), target_text(new, target));
            match value_change(old, before, new, target) {
                ValueChange::Same => {}
                ValueChange::Numeric { raised, percent } => {
                    self.push(
                        if raised {
                            Kind::TargetRaised
                        } else {
                            Kind::TargetLowered
                        },
                        &target.id,
                        Some(holder.clone()),
                        Some(a),
                        Some(b),
                        at,
                    );
                    if let Some(last) = self.changes.last_mut() {
                        last.percent = percent;
                        last.weakened = is_weakening(last, new);
                    }
                }
                ValueChange::Other => self.push(
                    Kind::TargetChanged,
                    &target.id,
                    Some(holder.clone()),
                    Some(a),
                    Some(b),
                    at,
                ),
            }
            let (parts_a, parts_b) = parts_diff(old, before, new, target);
            if parts_a != parts_b {
                self.push(
                    Kind::PartsChanged,
                    &target.id,
                    Some(holder),
                    Some(parts_a),
                    Some(parts_b),
                    at,
                );
            }
        }
        for target in &old.targets {
            if !new_by_id.contains_key(target.id.as_str()) {
                self.push(
                    Kind::TargetRemoved,
                    &target.id,
                    Some(holder_id(old, target.holder)),
                    Some(target_text(old, target)),
                    None,
                    Some((false, target.span)),
                );
            }
        }
    }

    fn milestones(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_by_id = by_id(&old.milestones, |m| &m.id);
        let new_by_id = by_id(&new.milestones, |m| &m.id);
        for milestone in &new.milestones {
            let item = new.items.get(milestone.item).map(|i| i.id.to_string());
            let at = Some((true, milestone.span));
            match old_by_id.get(milestone.id.as_str()).copied() {
                None => self.push(
                    Kind::MilestoneAdded,
                    &milestone.id,
                    item,
                    None,
                    Some(milestone_text(&milestone.title, milestone.due.as_ref())),
                    at,
                ),
                Some(before) => {
                    if before.title != milestone.title
                        || !same_window(before.due.as_ref(), milestone.due.as_ref())
                    {
                        self.push(
                            Kind::MilestoneMoved,
                            &milestone.id,
                            item,
                            Some(milestone_text(&before.title, before.due.as_ref())),
                            Some(milestone_text(&milestone.title, milestone.due.as_ref())),
                            at,
                        );
                    }
                }
            }
        }
        for milestone in &old.milestones {
            if !new_by_id.contains_key(milestone.id.as_str()) {
                self.push(
                    Kind::MilestoneRemoved,
                    &milestone.id,
                    old.items.get(milestone.item).map(|i| i.id.to_string()),
                    Some(milestone_text(&milestone.title, milestone.due.as_ref())),
                    None,
                    Some((false, milestone.span)),
                );
            }
        }
    }

    fn recurrences(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let text = |r: &crate::model::Recurrence| {
            // The frequency in the words a plan uses.
            let frequency = keywords::of_frequency(r.frequency).chinese();
            let mut text = format!("{} {frequency} {}", r.title, r.written.render());
            if !r.months.is_empty() {
                let months: Vec<String> = r.months.iter().map(|m| format!("{m}月")).collect();
                let _ = write!(text, " {} {}", Keyword::In.chinese(), months.join("、"));
            }
            if let Some(day) = r.day {
                let _ = write!(text, " {} {day}日", Keyword::By.chinese());
            }
            text.to_lowercase()
        };
        let old_by_id = by_id(&old.recurrences, |r| &r.id);
        let new_by_id = by_id(&new.recurrences, |r| &r.id);
        for recurrence in &new.recurrences {
            let item = new.items.get(recurrence.item).map(|i| i.id.to_string());
            let before = old_by_id.get(recurrence.id.as_str()).copied();
            let (a, b) = (before.map(text), Some(text(recurrence)));
            if a != b {
                self.push(
                    if a.is_none() {
                        Kind::RecurrenceAdded
                    } else {
                        Kind::RecurrenceChanged
                    },
                    &recurrence.id,
                    item,
                    a,
                    b,
                    Some((true, recurrence.span)),
                );
            }
        }
        for recurrence in &old.recurrences {
            if !new_by_id.contains_key(recurrence.id.as_str()) {
                self.push(
                    Kind::RecurrenceRemoved,
                    &recurrence.id,
                    old.items.get(recurrence.item).map(|i| i.id.to_string()),
                    Some(text(recurrence)),
                    None,
                    Some((false, recurrence.span)),
                );
            }
        }
    }

    fn dependencies(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_keys: BTreeMap<String, &Dependency> = old
            .dependencies
            .iter()
            .map(|d| (dependency_key(old, d), d))
            .collect();
        let new_keys: BTreeMap<String, &Dependency> = new
            .dependencies
            .iter()
            .map(|d| (dependency_key(new, d), d))
            .collect();
        for dependency in &new.dependencies {
            let key = dependency_key(new, dependency);
            if !old_keys.contains_key(&key) {
                self.push(
                    Kind::DependencyAdded,
                    new.node_id(dependency.dependent),
                    None,
                    None,
                    Some(key.clone()),
                    Some((true, dependency.span)),
                );
            }
        }
        for dependency in &old.dependencies {
            let key = dependency_key(old, dependency);
            if !new_keys.contains_key(&key) {
                self.push(
                    Kind::DependencyRemoved,
                    old.node_id(dependency.dependent),
                    None,
                    Some(key.clone()),
                    None,
                    Some((false, dependency.span)),
                );
            }
        }
    }
}

/// Items (indices into the new plan) whose place among their siblings changed: the siblings kept in
/// both versions, in the same container, that are not on a longest run kept in order.
fn reordered(old: &Plan, new: &Plan) -> BTreeSet<usize> {
    let mut moved = BTreeSet::new();
    let old_position: BTreeMap<&str, (String, usize)> = old
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.as_str(), (container(old, item), i)))
        .collect();
    let mut groups: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for (index, item) in new.items.iter().enumerate() {
        let here = container(new, item);
        if let Some((there, old_index)) = old_position.get(item.id.as_str())
            && *there == here
        {
            groups.entry(here).or_default().push((index, *old_index));
        }
    }
    for siblings in groups.values() {
        let keep = longest_increasing(siblings);
        for (position, (index, _)) in siblings.iter().enumerate() {
            if !keep.contains(&position) {
                moved.insert(*index);
            }
        }
    }
    moved
}

/// Positions of a longest run whose old indices increase (quadratic; sibling lists are short).
fn longest_increasing(pairs: &[(usize, usize)]) -> BTreeSet<usize> {
    let count = pairs.len();
    let mut length = vec![1usize; count];
    let mut previous: Vec<Option<usize>> = vec![None; count];
    for i in 0..count {
        for j in 0..i {
            if let (Some(a), Some(b)) = (pairs.get(j), pairs.get(i))
                && a.1 < b.1
                && length.get(j).copied().unwrap_or(0) + 1 > length.get(i).copied().unwrap_or(0)
            {
                let value = length.get(j).copied().unwrap_or(0) + 1;
                if let Some(slot) = length.get_mut(i) {
                    *slot = value;
                }
                if let Some(slot) = previous.get_mut(i) {
                    *slot = Some(j);
                }
            }
        }
    }
    let mut best = None;
    let mut best_length = 0;
    for (i, &l) in length.iter().enumerate() {
        if l > best_length {
            best_length = l;
            best = Some(i);
        }
    }
    let mut keep = BTreeSet::new();
    while let Some(i) = best {
        keep.insert(i);
        best = previous.get(i).copied().flatten();
    }
    keep
}

/// Prose as written, with each citation shown as `{id}`: a changed target changes the rendered
/// text too, but that is reported once, as a target change.
fn prose(plan: &Plan, prose: &crate::model::Prose) -> String {
    use crate::model::{Cite, Segment};
    let cite = |cite: &Cite| {
        match cite {
            Cite::Target(index) => plan.targets.get(*index).map(|t| t.id.as_str()),
            Cite::Recurrence(index) => plan.recurrences.get(*index).map(|r| r.id.as_str()),
        }
        .unwrap_or("")
        .to_string()
    };
    let mut text = String::new();
    for segment in &prose.segments {
        match segment {
            Segment::Text(part) => text.push_str(part),
            Segment::Literal(part) => {
                text.push('`');
                text.push_str(part);
                text.push('`');
            }
            Segment::Cite(c) => {
                let _ = write!(text, "{{{}}}", cite(c));
            }
            Segment::CitePart(c, owner) => {
                let owner = plan.owners.get(*owner).map(|o| o.id.as_str()).unwrap_or("");
                let _ = write!(text, "{{{}.{owner}}}", cite(c));
            }
            Segment::CiteParts(c) => {
                let _ = write!(text, "{{{}.其中}}", cite(c));
            }
        }
    }
    text
}

fn container(plan: &Plan, item: &Item) -> String {
    match item.parent.and_then(|p| plan.items.get(p)) {
        Some(parent) => format!("事项 {}", parent.id),
        None => plan
            .sections
            .get(item.section)
            .map(|s| format!("部分 {}", s.id))
            .unwrap_or_default(),
    }
}

/// Things of one kind by their identifier (the first of a repeated one, as a scan would find).
fn by_id<T>(things: &[T], id: impl Fn(&T) -> &str) -> BTreeMap<&str, &T> {
    let mut map = BTreeMap::new();
    for thing in things {
        map.entry(id(thing)).or_insert(thing);
    }
    map
}

fn previous_sibling(plan: &Plan, index: usize) -> String {
    let Some(item) = plan.items.get(index) else {
        return String::new();
    };
    let siblings: &[usize] = match item.parent.and_then(|p| plan.items.get(p)) {
        Some(parent) => &parent.children,
        None => plan
            .sections
            .get(item.section)
            .map(|s| s.items.as_slice())
            .unwrap_or(&[]),
    };
    match siblings.iter().position(|&s| s == index) {
        Some(0) | None => "首位".to_string(),
        Some(position) => siblings
            .get(position - 1)
            .and_then(|&s| plan.items.get(s))
            .map(|s| format!("{}之后", s.id))
            .unwrap_or_default(),
    }
}

fn holder_id(plan: &Plan, holder: Holder) -> String {
    match holder {
        Holder::Goal(index) => plan
            .goals
            .get(index)
            .map(|g| format!("目标 {}", g.id))
            .unwrap_or_default(),
        Holder::Item(index) => plan
            .items
            .get(index)
            .map(|i| format!("事项 {}", i.id))
            .unwrap_or_default(),
    }
}

fn same_window(a: Option<&Window>, b: Option<&Window>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.start == b.start && a.end == b.end,
        (None, None) => true,
        _ => false,
    }
}

fn window_text(window: Option<&Window>) -> Option<String> {
    window.map(|w| {
        let written = w.written.split("//").next().unwrap_or("").trim();
        if w.start == w.end {
            format!("{written} ({})", w.end)
        } else {
            format!("{written} ({} – {})", w.start, w.end)
        }
    })
}

fn due_text(window: Option<&Window>) -> Option<String> {
    window.map(|w| {
        let written = w.written.split("//").next().unwrap_or("").trim();
        format!("{written} ({})", w.end)
    })
}

fn duration_text(duration: &crate::model::Duration) -> String {
    format!("{} {:?}", duration.amount, duration.unit).to_lowercase()
}

fn milestone_text(title: &str, due: Option<&Window>) -> String {
    match due_text(due) {
        Some(due) => format!("{title} 时限 {due}"),
        None => title.to_string(),
    }
}

fn dependency_key(plan: &Plan, dependency: &Dependency) -> String {
    let mut key = format!(
        "{} {} {}",
        plan.node_id(dependency.dependent),
        match dependency.kind {
            crate::model::DepKind::After => "后于",
            crate::model::DepKind::Needs => "依赖",
        },
        plan.node_id(dependency.prerequisite)
    );
    if dependency.from_start {
        key.push_str(" 开始");
    }
    if let Some(lag) = &dependency.lag {
        let _ = write!(key, " {:+} {:?}", lag.amount, lag.unit);
    }
    if let Node::Milestone(_) = dependency.prerequisite {
        key.push_str(" (节点)");
    }
    key
}

/// A target as it reads: `力争 ≥ 91.5分`, `3-4个`, `较 上年近视率 降低 1个百分点`.
pub fn target_text(plan: &Plan, target: &Target) -> String {
    let mut text = String::new();
    if target.stretch {
        text.push_str("力争 ");
    }
    match &target.kind {
        TargetKind::Value {
            comparison, value, ..
        } => {
            let _ = write!(text, "{}{}", symbol(*comparison), value.render());
        }
        TargetKind::Range { low, high } => {
            let _ = write!(text, "{}-{}", low.written, high.render());
        }
        TargetKind::Trend(direction) => {
            text.push_str(match direction {
                TrendDirection::Up => "趋势 上升",
                TrendDirection::Down => "趋势 下降",
                TrendDirection::Steady => "趋势 保持",
            });
        }
        TargetKind::Change {
            baseline,
            direction,
            amount,
        } => {
            let name = plan
                .baselines
                .get(*baseline)
                .map(|b| b.id.as_str())
                .unwrap_or("");
            let word = match direction {
                TrendDirection::Up => "提高",
                TrendDirection::Down => "降低",
                TrendDirection::Steady => "保持",
            };
            let _ = write!(text, "较 {name} {word} {}", amount.render());
        }
        TargetKind::VersusBaseline {
            comparison,
            baseline,
        } => {
            let name = plan
                .baselines
                .get(*baseline)
                .map(|b| b.id.as_str())
                .unwrap_or("");
            let _ = write!(text, "{}{name}", symbol(*comparison));
        }
    }
    text
}

fn symbol(comparison: Comparison) -> &'static str {
    match comparison {
        Comparison::Eq => "",
        Comparison::Ge => "≥ ",
        Comparison::Gt => "> ",
        Comparison::Le => "≤ ",
        Comparison::Lt => "< ",
    }
}

/// The breakdown parts that differ, old and new: `市本级 8个，溧阳市 4个` → `市本级 9个，溧阳市 3个`.
fn parts_diff(old: &Plan, before: &Target, new: &Plan, after: &Target) -> (String, String) {
    let parts = |plan: &Plan, target: &Target| -> Vec<(String, String)> {
        target
            .parts
            .iter()
            .map(|p| {
                let owner = plan
                    .owners
                    .get(p.owner)
                    .map(|o| o.id.clone())
                    .unwrap_or_default();
                (owner, p.value.render())
            })
            .collect()
    };
    let (a, b) = (parts(old, before), parts(new, after));
    if a == b {
        return (String::new(), String::new());
    }
    let changed_a: Vec<String> = a
        .iter()
        .filter(|part| !b.contains(part))
        .map(|(owner, value)| format!("{owner} {value}"))
        .collect();
    let changed_b: Vec<String> = b
        .iter()
        .filter(|part| !a.contains(part))
        .map(|(owner, value)| format!("{owner} {value}"))
        .collect();
    if changed_a.is_empty() && changed_b.is_empty() {
        // Only the order changed.
        return (parts_text(old, before), parts_text(new, after));
    }
    let show = |list: Vec<String>| {
        if list.is_empty() {
            "—".to_string()
        } else {
            list.join("，")
        }
    };
    (show(changed_a), show(changed_b))
}

fn parts_text(plan: &Plan, target: &Target) -> String {
    target
        .parts
        .iter()
        .map(|p| {
            let owner = plan
                .owners
                .get(p.owner)
                .map(|o| o.id.as_str())
                .unwrap_or("");
            format!("{owner} {}", p.value.render())
        })
        .collect::<Vec<_>>()
        .join("，")
}

enum ValueChange {
    Same,
    Numeric {
        raised: bool,
        percent: Option<String>,
    },
    Other,
}

/// How a target's value changed: numerically (same kind, comparison and unit) or otherwise.
fn value_change(old: &Plan, before: &Target, new: &Plan, after: &Target) -> ValueChange {
    let numeric = |a: &Quantity, b: &Quantity| -> ValueChange {
        if a.unit != b.unit {
            return ValueChange::Other;
        }
        if a.value == b.value {
            return ValueChange::Same;
        }
        ValueChange::Numeric {
            raised: b.value > a.value,
            percent: percent(a.value, b.value),
        }
    };
    match (&before.kind, &after.kind) {
        (
            TargetKind::Value {
                comparison: ca,
                value: va,
                ..
            },
            TargetKind::Value {
                comparison: cb,
                value: vb,
                ..
            },
        ) if ca == cb => numeric(va, vb),
        (TargetKind::Range { low: la, high: ha }, TargetKind::Range { low: lb, high: hb }) => {
            if la.unit != lb.unit || ha.unit != hb.unit {
                return ValueChange::Other;
            }
            let up = lb.value >= la.value && hb.value >= ha.value;
            let down = lb.value <= la.value && hb.value <= ha.value;
            let percent = if ha.value != hb.value {
                percent(ha.value, hb.value)
            } else {
                percent(la.value, lb.value)
            };
            match (up, down) {
                (true, true) => ValueChange::Same,
                (true, false) => ValueChange::Numeric {
                    raised: true,
                    percent,
                },
                (false, true) => ValueChange::Numeric {
                    raised: false,
                    percent,
                },
                (false, false) => ValueChange::Other,
            }
        }
        (
            TargetKind::Change {
                baseline: ba,
                direction: da,
                amount: aa,
            },
            TargetKind::Change {
                baseline: bb,
                direction: db,
                amount: ab,
            },
        ) if da == db
            && old.baselines.get(*ba).map(|b| &b.id) == new.baselines.get(*bb).map(|b| &b.id) =>
        {
            numeric(aa, ab)
        }
        (TargetKind::Trend(a), TargetKind::Trend(b)) if a == b => ValueChange::Same,
        (
            TargetKind::VersusBaseline {
                comparison: ca,
                baseline: ba,
            },
            TargetKind::VersusBaseline {
                comparison: cb,
                baseline: bb,
            },
        ) if ca == cb
            && old.baselines.get(*ba).map(|b| &b.id) == new.baselines.get(*bb).map(|b| &b.id) =>
        {
            ValueChange::Same
        }
        _ => {
            if target_text(old, before) == target_text(new, after) {
                ValueChange::Same
            } else {
                ValueChange::Other
            }
        }
    }
}

/// `+4.17%`: the change from `old` to `new` in percent of `old`, to two decimals.
fn percent(old: Decimal, new: Decimal) -> Option<String> {
    if old.is_zero() {
        return None;
    }
    let change = new.checked_sub(old)?.checked_mul(Decimal::from(100))?;
    let ratio = change.checked_div(old)?.round_dp(2).normalize();
    Some(if ratio.is_sign_negative() {
        format!("{ratio}%")
    } else {
        format!("+{ratio}%")
    })
}

/// Whether a change makes a commitment weaker: a lower value where more is better, a higher one
/// where less is better (`≤`, `<`, a fall), or firm → stretch.
pub fn is_weakening(change: &Change, new: &Plan) -> bool {
    match change.kind {
        Kind::TargetStretch => change.new.as_deref() == Some("力争"),
        Kind::TargetRaised | Kind::TargetLowered => {
            let less_is_better = new
                .targets
                .iter()
                .find(|t| t.id == change.id)
                .is_some_and(|t| {
                    matches!(
                        t.kind,
                        TargetKind::Value {
                            comparison: Comparison::Le | Comparison::Lt,
                            ..
                        } | TargetKind::Change {
                            direction: TrendDirection::Down,
                            ..
                        }
                    )
                });
            (change.kind == Kind::TargetLowered) != less_is_better
        }
        _ => false,
    }
}

/// The differing middle of two texts with a little context: `…达到[60%]…` style fragments.
pub fn fragment(old: &str, new: &str) -> (String, String) {
    const CONTEXT: usize = 12;
    let a: Vec<char> = old.chars().collect();
    let b: Vec<char> = new.chars().collect();
    let prefix = a.iter().zip(b.iter()).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let cut = |chars: &[char]| -> String {
        let start = prefix.saturating_sub(CONTEXT);
        let end = (chars.len() - suffix + CONTEXT).min(chars.len());
        let mut text = String::new();
        if start > 0 {
            text.push('…');
        }
        text.extend(chars.get(start..end).unwrap_or(&[]).iter());
        if end < chars.len() {
            text.push('…');
        }
        text.replace('\n', " ⏎ ")
    };
    (cut(&a), cut(&b))
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
        if let Some(percent) = &change.percent {
            let _ = write!(out, " ({percent})");
        }
        if change.weakened {
            out.push_str(" [weakened]");
        }
        match change.days {
            Some(days) if days > 0 => {
                let _ = write!(out, " ({days} days later)");
            }
            Some(days) if days < 0 => {
                let _ = write!(out, " ({} days earlier)", -days);
            }
            _ => {}
        }
        if let (Some(file), Some(line)) = (&change.file, change.line) {
            let _ = write!(out, "  [{file}:{line}]");
        }
        out.push('\n');
    }
    let _ = writeln!(out, "{total} change{}", if total == 1 { "" } else { "s" });
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
    let mut pairs: Vec<String> = renumbered
        .iter()
        .take(10)
        .map(|c| {
            format!(
                "{} {}→{}",
                c.id,
                c.old.as_deref().unwrap_or(""),
                c.new.as_deref().unwrap_or("")
            )
        })
        .collect();
    if renumbered.len() > 10 {
        pairs.push("…".to_string());
    }
    out.push(Change {
        kind: Kind::ItemRenumbered,
        id: format!("{} items", renumbered.len()),
        within: None,
        old: None,
        new: Some(pairs.join("、")),
        percent: None,
        days: None,
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
    for (index, change) in changes.iter().enumerate() {
        let subject = match &change.within {
            Some(within) => format!("`{}`（{}）", change.id, within),
            None => format!("`{}`", change.id),
        };
        let mut note = change.percent.clone().unwrap_or_default();
        if change.weakened {
            if !note.is_empty() {
                note.push('，');
            }
            note.push_str("放宽");
        }
        match change.days {
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
            cell(change.old.as_deref().unwrap_or("—")),
            cell(change.new.as_deref().unwrap_or("—")),
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

/// What goals and sections share for comparison.
struct Heading<'a> {
    id: &'a str,
    title: &'a str,
    texts: &'a [crate::model::Prose],
    ordinal: Option<usize>,
    span: crate::source::Span,
}
