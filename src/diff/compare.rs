//! The comparison: two checked plans, matched by identifier, into a list of [`Change`]s.

use super::change::{Change, Container, DependencyValue, Kind, Value};
use super::describe::{
    ValueChange, commitment, container, dependency, excerpts, holder, milestone, parts_diff, place,
    prose, recurrence, same_window, target, value_change, when,
};
use super::reorder::reordered;
use crate::model::{
    CountOf, Dependency, Fact, FactHolder, Goal, Item, ItemId, Milestone, Plan, Prose, Recurrence,
    Section, Target,
};
use crate::source::{SourceMap, Span};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// Where things are, to give each change a line.
pub struct Versions<'a> {
    /// The old plan.
    pub old: &'a Plan,
    /// Its files.
    pub old_sources: &'a SourceMap,
    /// The new plan.
    pub new: &'a Plan,
    /// Its files.
    pub new_sources: &'a SourceMap,
}

struct Differ<'a> {
    v: &'a Versions<'a>,
    weakening: fn(&Change) -> bool,
    changes: Vec<Change>,
}

/// Compares two versions of a plan. `weakening` says which changes make a commitment easier to
/// meet (the rule is the policy's: [`crate::policy::is_weakening`]).
pub fn compare(versions: &Versions<'_>, weakening: fn(&Change) -> bool) -> Vec<Change> {
    let mut differ = Differ {
        v: versions,
        weakening,
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
    differ.facts();
    differ.groups();
    differ.changes
}

/// A fact as it reads: its name, its figure, when it was achieved.
fn fact_text(fact: &Fact) -> String {
    let mut shown = fact.title.clone();
    if fact.value.is_some() {
        shown.push(' ');
        shown.push_str(&fact.render());
    }
    if let Some(by) = &fact.by {
        shown.push_str(" 截至 ");
        shown.push_str(by);
    }
    shown
}

/// Where a fact stands, as a target's place reads (`事项 开复工`).
fn fact_holder(plan: &Plan, fact: &Fact) -> String {
    match fact.holder {
        FactHolder::Goal(g) => Container::Goal(plan.goals[g].id.clone()),
        FactHolder::Section(s) => Container::Section(plan.sections[s].id.clone()),
        FactHolder::Item(i) => Container::Item(plan.items[i].id.to_string()),
    }
    .to_string()
}

/// What a count counts, as written.
fn counted_text(plan: &Plan, target: &Target) -> Option<String> {
    let counted = target.counts.as_deref()?;
    Some(match &counted.of {
        CountOf::SubItems => "计数 子事项".to_string(),
        CountOf::Group(g) => format!("计数 {}", plan.groups[*g].id),
        CountOf::Tag(tag) => format!("计数 标签 {tag}"),
    })
}

/// An item's title as written: with `{id}` for each citation.
fn written_title(plan: &Plan, item: &Item) -> String {
    match &item.title_prose {
        Some(title) => prose(plan, title),
        None => item.title.to_string(),
    }
}

/// What goals and sections share for comparison.
struct Heading<'a> {
    id: &'a str,
    title: Cow<'a, str>,
    texts: &'a [Prose],
    ordinal: Option<usize>,
    span: Span,
}

/// Things of one kind by their identifier (the first of a repeated one, as a scan would find).
fn by_id<'a, T: 'a>(
    things: impl IntoIterator<Item = &'a T>,
    id: impl Fn(&'a T) -> &'a str,
) -> BTreeMap<&'a str, &'a T> {
    let mut map = BTreeMap::new();
    for thing in things {
        map.entry(id(thing)).or_insert(thing);
    }
    map
}

/// The identifier of the `index`th item: what a milestone or recurrence is in.
fn item_id(plan: &Plan, index: ItemId) -> Option<String> {
    Some(plan.items[index].id.to_string())
}

/// What has an identifier by which the versions are matched.
trait Identified {
    fn id(&self) -> &str;
}

macro_rules! identified {
    ($($t:ty),*) => {
        $(impl Identified for $t {
            fn id(&self) -> &str {
                &self.id
            }
        })*
    };
}

identified!(Item, Target, Milestone, Recurrence);

fn text(text: impl ToString) -> Option<Value> {
    Some(Value::Text(text.to_string()))
}

impl<'a> Differ<'a> {
    fn push(
        &mut self,
        kind: Kind,
        id: &str,
        within: Option<String>,
        old: Option<Value>,
        new: Option<Value>,
        span: Option<(bool, Span)>,
    ) -> &mut Change {
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
        let mut change = Change {
            kind,
            id: id.to_string(),
            within,
            old,
            new,
            percent: None,
            weakened: false,
            line,
            file,
        };
        change.weakened = (self.weakening)(&change);
        self.changes.push(change);
        let last = self.changes.len() - 1;
        &mut self.changes[last]
    }

    /// The things of the old version whose identifier the new one no longer has, each reported
    /// as `kind` at its place in the old version; `shown` gives its identifier, what it is in,
    /// its value and its span.
    fn removed<T: Identified>(
        &mut self,
        kind: Kind,
        old: &'a [T],
        new: &'a [T],
        shown: impl Fn(&'a T) -> (&'a str, Option<String>, Option<Value>, Span),
    ) {
        let kept = by_id(new, T::id);
        for gone in old {
            if !kept.contains_key(gone.id()) {
                let (id, within, value, span) = shown(gone);
                self.push(kind, id, within, value, None, Some((false, span)));
            }
        }
    }

    fn plan(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        if old.title != new.title {
            self.push(
                Kind::PlanChanged,
                "title",
                None,
                text(&old.title),
                text(&new.title),
                None,
            );
        }
        if old.org != new.org {
            self.push(
                Kind::PlanChanged,
                "org",
                None,
                old.org.as_ref().and_then(text),
                new.org.as_ref().and_then(text),
                None,
            );
        }
        // The 落款 and how owners are noted (`落款`, `分工`): what the document prints.
        let signed = |plan: &Plan| {
            plan.signature.as_ref().and_then(|s| match s.date {
                Some(date) => text(format!("{} {date}", s.office)),
                None => text(&s.office),
            })
        };
        if signed(old) != signed(new) {
            self.push(
                Kind::PlanChanged,
                "signed",
                None,
                signed(old),
                signed(new),
                None,
            );
        }
        if old.owner_note != new.owner_note {
            let note = |plan: &Plan| {
                text(match plan.owner_note {
                    crate::model::OwnerNote::Merged => "merged",
                    crate::model::OwnerNote::Separate => "separate",
                    crate::model::OwnerNote::Lines => "lines",
                })
            };
            self.push(
                Kind::PlanChanged,
                "owner_note",
                None,
                note(old),
                note(new),
                None,
            );
        }
        // The document's form as the source has it: owner labels, the deadline label, the table.
        let labels = |plan: &Plan| {
            (!plan.owner_labels.is_empty()).then(|| Value::Text(plan.owner_labels.join(" ")))
        };
        let due_note = |plan: &Plan| plan.due_note.as_deref().and_then(text);
        let table = |plan: &Plan| {
            (!plan.table.is_empty()).then(|| {
                Value::Text(
                    plan.table
                        .iter()
                        .map(|(kind, heading)| format!("{} {heading}", kind.word()))
                        .collect::<Vec<_>>()
                        .join(", "),
                )
            })
        };
        for (field, of) in [
            ("owner_labels", &labels as &dyn Fn(&Plan) -> Option<Value>),
            ("due_note", &due_note),
            ("table", &table),
        ] {
            if of(old) != of(new) {
                self.push(Kind::PlanChanged, field, None, of(old), of(new), None);
            }
        }
        if old.period != new.period {
            let period = |plan: &Plan| {
                Some(Value::Period {
                    start: plan.period.start,
                    end: plan.period.end,
                })
            };
            self.push(
                Kind::PlanChanged,
                "period",
                None,
                period(old),
                period(new),
                None,
            );
        }
        let old_preamble: Vec<String> = old.preamble.iter().map(|p| prose(old, p)).collect();
        let new_preamble: Vec<String> = new.preamble.iter().map(|p| prose(new, p)).collect();
        if old_preamble != new_preamble {
            let (a, b) = excerpts(&old_preamble.join("\n"), &new_preamble.join("\n"));
            self.push(Kind::PreambleChanged, "preamble", None, a, b, None);
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
            let (a, b) = excerpts(&a, &b);
            self.push(Kind::PreambleChanged, "goals", None, a, b, None);
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
                    Some(Value::Owner(owner.display.clone())),
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
                    Some(Value::Owner(owner.display.clone())),
                    None,
                    Some((false, owner.span)),
                );
            }
        }
    }

    fn goals(&mut self) {
        let heading = |goal: &'a Goal| Heading {
            id: &goal.id,
            title: Cow::Borrowed(goal.title.as_str()),
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
        // A title that cites a target is compared as written (`{id}`), as an item's is.
        let heading = |plan: &'a Plan, section: &'a Section| Heading {
            id: &section.id,
            title: match &section.title_prose {
                Some(title) => Cow::Owned(prose(plan, title)),
                None => Cow::Borrowed(section.title.as_str()),
            },
            texts: &section.texts,
            ordinal: Some(section.ordinal),
            span: section.span,
        };
        let (old_plan, new_plan) = (self.v.old, self.v.new);
        let old = old_plan
            .sections
            .iter()
            .map(|s| heading(old_plan, s))
            .collect();
        let new = new_plan
            .sections
            .iter()
            .map(|s| heading(new_plan, s))
            .collect();
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
                    text(&heading.title),
                    Some((true, heading.span)),
                );
                continue;
            };
            let a: Vec<String> = before.texts.iter().map(|p| prose(self.v.old, p)).collect();
            let b: Vec<String> = heading.texts.iter().map(|p| prose(self.v.new, p)).collect();
            if before.title != heading.title || a != b {
                let (a, b) = excerpts(
                    &format!("{}\n{}", before.title, a.join("\n")),
                    &format!("{}\n{}", heading.title, b.join("\n")),
                );
                self.push(changed, heading.id, None, a, b, Some((true, heading.span)));
            }
            if let (Some(was), Some(is)) = (before.ordinal, heading.ordinal)
                && was != is
            {
                self.push(
                    changed,
                    heading.id,
                    None,
                    Some(Value::Ordinal(was)),
                    Some(Value::Ordinal(is)),
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
                    text(&heading.title),
                    None,
                    Some((false, heading.span)),
                );
            }
        }
    }

    fn items(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_index: BTreeMap<&str, ItemId> = old
            .items
            .iter_enumerated()
            .map(|(i, item)| (item.id.as_str(), i))
            .collect();
        let moved_in_place = reordered(old, new);
        let shown = |item: &Item| {
            Some(Value::Item {
                number: item.number.to_string(),
                title: item.title.to_string(),
            })
        };
        for (index, item) in new.items.iter_enumerated() {
            let at = Some((true, item.span));
            let Some(&before_index) = old_index.get(item.id.as_str()) else {
                self.push(
                    Kind::ItemAdded,
                    &item.id,
                    Some(container(new, item).to_string()),
                    None,
                    shown(item),
                    at,
                );
                continue;
            };
            let before = &old.items[before_index];
            let (from, to) = (container(old, before), container(new, item));
            if from != to {
                self.push(
                    Kind::ItemMoved,
                    &item.id,
                    None,
                    Some(Value::Container(from)),
                    Some(Value::Container(to)),
                    at,
                );
            } else if moved_in_place.contains(&index) {
                self.push(
                    Kind::ItemMoved,
                    &item.id,
                    Some(to.to_string()),
                    Some(place(old, before_index)),
                    Some(place(new, index)),
                    at,
                );
            }
            if before.number != item.number {
                self.push(
                    Kind::ItemRenumbered,
                    &item.id,
                    None,
                    Some(Value::Number(before.number.to_string())),
                    Some(Value::Number(item.number.to_string())),
                    at,
                );
            }
            self.item_fields(before, item);
        }
        self.removed(
            Kind::ItemRemoved,
            old.items.as_slice(),
            new.items.as_slice(),
            |item| {
                (
                    &item.id,
                    Some(container(old, item).to_string()),
                    shown(item),
                    item.span,
                )
            },
        );
    }

    fn item_fields(&mut self, before: &Item, item: &Item) {
        let (old, new) = (self.v.old, self.v.new);
        let at = Some((true, item.span));
        let id = item.id.as_str();
        // A title that cites a target is compared as written (`{id}`), like prose: a changed
        // figure is reported once, as a change of its target.
        let (was, is) = (written_title(old, before), written_title(new, item));
        if was != is {
            self.push(Kind::TitleChanged, id, None, text(was), text(is), at);
        }
        let a: Vec<String> = before.texts.iter().map(|p| prose(old, p)).collect();
        let b: Vec<String> = item.texts.iter().map(|p| prose(new, p)).collect();
        if a != b {
            let (a, b) = excerpts(&a.join("\n"), &b.join("\n"));
            self.push(Kind::ProseChanged, id, None, a, b, at);
        }
        let lead_a = before
            .lead
            .as_ref()
            .map(|l| Value::Owner(l.name.to_string()));
        let lead_b = item.lead.as_ref().map(|l| Value::Owner(l.name.to_string()));
        if lead_a != lead_b {
            self.push(Kind::LeadReassigned, id, None, lead_a, lead_b, at);
        }
        let support_a: BTreeSet<&str> = before.support.iter().map(|s| s.name.as_str()).collect();
        let support_b: BTreeSet<&str> = item.support.iter().map(|s| s.name.as_str()).collect();
        if support_a != support_b {
            let removed: Vec<String> = support_a
                .difference(&support_b)
                .map(|s| s.to_string())
                .collect();
            let added: Vec<String> = support_b
                .difference(&support_a)
                .map(|s| s.to_string())
                .collect();
            self.push(
                Kind::SupportChanged,
                id,
                None,
                (!removed.is_empty()).then_some(Value::SupportRemoved(removed)),
                (!added.is_empty()).then_some(Value::SupportAdded(added)),
                at,
            );
        }
        if !same_window(before.due.as_ref(), item.due.as_ref()) {
            self.push(
                Kind::DeadlineMoved,
                id,
                None,
                before.due.as_ref().map(|w| Value::Due(when(w))),
                item.due.as_ref().map(|w| Value::Due(when(w))),
                at,
            );
        }
        if before.due_what != item.due_what {
            // What is due by the deadline (`时限 9月 "投入使用"`).
            self.push(
                Kind::TimingChanged,
                id,
                Some("due_what".to_string()),
                before.due_what.as_deref().and_then(text),
                item.due_what.as_deref().and_then(text),
                at,
            );
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
                    a.map(|w| Value::Window(when(w))),
                    b.map(|w| Value::Window(when(w))),
                    at,
                );
            }
        }
        if before.duration != item.duration {
            self.push(
                Kind::TimingChanged,
                id,
                Some("duration".to_string()),
                before.duration.map(Value::Duration),
                item.duration.map(Value::Duration),
                at,
            );
        }
        if before.tags != item.tags {
            let tags = |item: &Item| {
                Some(Value::Tags(
                    item.tags.iter().map(|t| t.to_string()).collect(),
                ))
            };
            self.push(Kind::TagsChanged, id, None, tags(before), tags(item), at);
        }
    }

    fn targets(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_by_id = by_id(&old.targets, |t| &t.id);
        for after in &new.targets {
            let at = Some((true, after.span));
            let holder_now = holder(new, after.holder);
            let within = Some(holder_now.to_string());
            let Some(&before) = old_by_id.get(after.id.as_str()) else {
                self.push(
                    Kind::TargetAdded,
                    &after.id,
                    within,
                    None,
                    Some(Value::Target(target(new, after))),
                    at,
                );
                continue;
            };
            let holder_was = holder(old, before.holder);
            if holder_was != holder_now {
                self.push(
                    Kind::TargetMoved,
                    &after.id,
                    None,
                    Some(Value::Container(holder_was)),
                    Some(Value::Container(holder_now)),
                    at,
                );
            }
            if before.metric != after.metric {
                self.push(
                    Kind::MetricChanged,
                    &after.id,
                    within.clone(),
                    text(&before.metric),
                    text(&after.metric),
                    at,
                );
            }
            if before.stretch != after.stretch {
                self.push(
                    Kind::TargetStretch,
                    &after.id,
                    within.clone(),
                    Some(commitment(before.stretch)),
                    Some(commitment(after.stretch)),
                    at,
                );
            }
            if !same_window(before.due.as_deref(), after.due.as_deref()) {
                self.push(
                    Kind::DeadlineMoved,
                    &after.id,
                    within.clone(),
                    before.due.as_deref().map(|w| Value::Due(when(w))),
                    after.due.as_deref().map(|w| Value::Due(when(w))),
                    at,
                );
            }
            let (count_was, count_now) = (counted_text(old, before), counted_text(new, after));
            if count_was != count_now {
                self.push(
                    Kind::CountChanged,
                    &after.id,
                    within.clone(),
                    count_was.map(Value::Text),
                    count_now.map(Value::Text),
                    at,
                );
            }
            let (a, b) = (target(old, before), target(new, after));
            match value_change(&a, &b) {
                ValueChange::Same => {}
                ValueChange::Numeric { raised, percent } => {
                    let kind = if raised {
                        Kind::TargetRaised
                    } else {
                        Kind::TargetLowered
                    };
                    let change = self.push(
                        kind,
                        &after.id,
                        within.clone(),
                        Some(Value::Target(a)),
                        Some(Value::Target(b)),
                        at,
                    );
                    change.percent = percent;
                }
                ValueChange::Other => {
                    self.push(
                        Kind::TargetChanged,
                        &after.id,
                        within.clone(),
                        Some(Value::Target(a)),
                        Some(Value::Target(b)),
                        at,
                    );
                }
            }
            if let Some((a, b)) = parts_diff(old, before, new, after) {
                self.push(Kind::PartsChanged, &after.id, within, Some(a), Some(b), at);
            }
        }
        self.removed(
            Kind::TargetRemoved,
            old.targets.as_slice(),
            new.targets.as_slice(),
            |gone| {
                (
                    &gone.id,
                    Some(holder(old, gone.holder).to_string()),
                    Some(Value::Target(target(old, gone))),
                    gone.span,
                )
            },
        );
    }

    fn milestones(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_by_id = by_id(&old.milestones, |m| &m.id);
        for after in &new.milestones {
            let item = item_id(new, after.item);
            let at = Some((true, after.span));
            match old_by_id.get(after.id.as_str()).copied() {
                None => {
                    self.push(
                        Kind::MilestoneAdded,
                        &after.id,
                        item,
                        None,
                        Some(milestone(&after.title, after.due.as_ref())),
                        at,
                    );
                }
                Some(before) => {
                    if before.title != after.title
                        || !same_window(before.due.as_ref(), after.due.as_ref())
                    {
                        self.push(
                            Kind::MilestoneMoved,
                            &after.id,
                            item,
                            Some(milestone(&before.title, before.due.as_ref())),
                            Some(milestone(&after.title, after.due.as_ref())),
                            at,
                        );
                    }
                }
            }
        }
        self.removed(
            Kind::MilestoneRemoved,
            old.milestones.as_slice(),
            new.milestones.as_slice(),
            |gone| {
                (
                    &gone.id,
                    item_id(old, gone.item),
                    Some(milestone(&gone.title, gone.due.as_ref())),
                    gone.span,
                )
            },
        );
    }

    /// Groups in both versions whose members changed (a list a count counts, a lead group).
    fn groups(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let members = |plan: &Plan, group: &crate::model::Group| {
            group
                .members
                .iter()
                .map(|&owner| plan.owners[owner].id.as_str())
                .collect::<Vec<_>>()
                .join("、")
        };
        let old_by_id = by_id(&old.groups, |g| &g.id);
        for after in &new.groups {
            if let Some(before) = old_by_id.get(after.id.as_str()) {
                let (was, now) = (members(old, before), members(new, after));
                if was != now {
                    self.push(
                        Kind::GroupChanged,
                        &after.id,
                        None,
                        Some(Value::Text(was)),
                        Some(Value::Text(now)),
                        Some((true, after.span)),
                    );
                }
            }
        }
    }

    fn facts(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_by_id = by_id(&old.facts, |f| &f.id);
        let new_by_id = by_id(&new.facts, |f| &f.id);
        for after in &new.facts {
            let within = Some(fact_holder(new, after));
            let now = fact_text(after);
            match old_by_id.get(after.id.as_str()) {
                None => {
                    self.push(
                        Kind::FactAdded,
                        &after.id,
                        within,
                        None,
                        Some(Value::Text(now)),
                        Some((true, after.span)),
                    );
                }
                Some(before) if fact_text(before) != now => {
                    self.push(
                        Kind::FactChanged,
                        &after.id,
                        within,
                        Some(Value::Text(fact_text(before))),
                        Some(Value::Text(now)),
                        Some((true, after.span)),
                    );
                }
                Some(_) => {}
            }
        }
        for gone in &old.facts {
            if !new_by_id.contains_key(gone.id.as_str()) {
                self.push(
                    Kind::FactRemoved,
                    &gone.id,
                    Some(fact_holder(old, gone)),
                    Some(Value::Text(fact_text(gone))),
                    None,
                    Some((false, gone.span)),
                );
            }
        }
    }

    fn recurrences(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let old_by_id = by_id(&old.recurrences, |r| &r.id);
        for after in &new.recurrences {
            let item = item_id(new, after.item);
            let a = old_by_id.get(after.id.as_str()).map(|r| recurrence(r));
            let b = recurrence(after);
            if a.as_ref() != Some(&b) {
                self.push(
                    if a.is_none() {
                        Kind::RecurrenceAdded
                    } else {
                        Kind::RecurrenceChanged
                    },
                    &after.id,
                    item,
                    a.map(Value::Recurrence),
                    Some(Value::Recurrence(b)),
                    Some((true, after.span)),
                );
            }
        }
        self.removed(
            Kind::RecurrenceRemoved,
            old.recurrences.as_slice(),
            new.recurrences.as_slice(),
            |gone| {
                (
                    &gone.id,
                    item_id(old, gone.item),
                    Some(Value::Recurrence(recurrence(gone))),
                    gone.span,
                )
            },
        );
    }

    fn dependencies(&mut self) {
        let (old, new) = (self.v.old, self.v.new);
        let keys = |plan: &'a Plan| -> BTreeMap<DependencyValue, &'a Dependency> {
            plan.dependencies
                .iter()
                .map(|d| (dependency(plan, d), d))
                .collect()
        };
        let (old_keys, new_keys) = (keys(old), keys(new));
        for added in &new.dependencies {
            let key = dependency(new, added);
            if !old_keys.contains_key(&key) {
                self.push(
                    Kind::DependencyAdded,
                    new.node_id(added.dependent),
                    None,
                    None,
                    Some(Value::Dependency(key)),
                    Some((true, added.span)),
                );
            }
        }
        for gone in &old.dependencies {
            let key = dependency(old, gone);
            if !new_keys.contains_key(&key) {
                self.push(
                    Kind::DependencyRemoved,
                    old.node_id(gone.dependent),
                    None,
                    Some(Value::Dependency(key)),
                    None,
                    Some((false, gone.span)),
                );
            }
        }
    }
}
