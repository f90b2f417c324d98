//! Phase 2 output: the resolved, checked plan. Every name in it refers to something that exists.
//!
//! Later phases (schedule, documents, export) read only this model, never the syntax tree.

use crate::source::Span;
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::sync::Arc;

pub use compact_str::CompactString;
pub use smallvec::SmallVec;

pub use crate::syntax::ast::{
    Comparison, DepKind, Duration, DurationUnit, Frequency, OwnerKind, OwnerNote, Signature,
    TrendDirection,
};

mod arena;
pub use arena::{
    Arena, BaselineId, DependencyId, FactId, GoalId, GroupId, Id, ItemId, MilestoneId, OwnerId,
    RecurrenceId, SectionId, TargetId,
};

/// Ids into one of the plan's lists, most often none, one or two of them: up to four are kept
/// inline, without a heap block of their own (in the same 24 bytes that held two `usize`s).
pub type Indices<I> = SmallVec<[I; 4]>;

/// A checked plan.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The title, e.g. 2020年常州教育工作要点.
    pub title: String,
    /// The issuing organisation.
    pub org: Option<String>,
    /// The plan period.
    pub period: Period,
    /// Opening paragraphs.
    pub preamble: Vec<Prose>,
    /// Declared units, in order.
    pub units: Vec<String>,
    /// Owners, in declaration order.
    pub owners: Arena<OwnerId, Owner>,
    /// Owner groups, in declaration order.
    pub groups: Arena<GroupId, Group>,
    /// Baselines, in declaration order.
    pub baselines: Arena<BaselineId, Baseline>,
    /// Categories (`类别`) that label parts of breakdowns, in declaration order; never owners.
    pub categories: Vec<Category>,
    /// The opening sentence of the main goals.
    pub goals_intro: Option<Prose>,
    /// Paragraphs after the main goals.
    pub goals_texts: Vec<Prose>,
    /// Main goals, in order.
    pub goals: Arena<GoalId, Goal>,
    /// Sections, in order.
    pub sections: Arena<SectionId, Section>,
    /// Every item and sub-item, in document order.
    pub items: Arena<ItemId, Item>,
    /// Every target, in document order.
    pub targets: Arena<TargetId, Target>,
    /// Every milestone, in document order.
    pub milestones: Arena<MilestoneId, Milestone>,
    /// Every recurrence, in document order.
    pub recurrences: Arena<RecurrenceId, Recurrence>,
    /// Every dependency, in document order.
    pub dependencies: Arena<DependencyId, Dependency>,
    /// Every fact (`已完成`), in document order: results already achieved, never scheduled.
    pub facts: Arena<FactId, Fact>,
    /// Days off the plan declares (inclusive ranges).
    pub days_off: Vec<(Date, Date)>,
    /// Working days the plan declares.
    pub workdays: Vec<Date>,
    /// How sections and items are numbered (`编号`).
    pub numbering: Numbering,
    /// Holiday files the plan names (`假日`), read and checked: each one year's official days off
    /// and make-up working days, winning over the bundled data and the statutory holidays.
    pub holiday_files: Vec<crate::calendar::HolidayFile>,
    /// How the document notes an item's owners (`分工`; merged by default).
    pub owner_note: OwnerNote,
    /// Whether the header says how owners are noted (`分工`): then the document notes them
    /// without being asked (`--owners`), as the source does.
    pub owner_note_given: bool,
    /// The 落款 (`落款 "…" DATE`): the issuing office and date under the document.
    pub signature: Option<Signature>,
    /// The owner labels the source uses (`分工 分行 "责任单位" "配合单位"`): the lead's, then the
    /// supporting owners'; a merged note's one label. Empty: 牵头单位/责任单位.
    pub owner_labels: Vec<String>,
    /// The label under which the document notes each item's deadline (`时限注明 "完成期限"`).
    pub due_note: Option<String>,
    /// The document's table columns (`表格 …`), each with its heading; empty: prose.
    pub table: Vec<(crate::syntax::ast::Column, String)>,
}

/// A category (`类别 义务教育学位 "义务教育学位"`): a label for parts of breakdowns, never an owner.
#[derive(Debug, Clone)]
pub struct Category {
    /// The name.
    pub id: CompactString,
    /// The display name (the name when none is given).
    pub display: CompactString,
    /// Where it was declared.
    pub span: Span,
}

/// The plan period, inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
}

impl Period {
    /// Whether a day falls in the period.
    pub fn contains(&self, date: Date) -> bool {
        self.start <= date && date <= self.end
    }
}

/// A responsible department, district or institution.
#[derive(Debug, Clone)]
pub struct Owner {
    /// The name used in the plan.
    pub id: String,
    /// Department, district or institution.
    pub kind: OwnerKind,
    /// The display name (the id when none is given).
    pub display: String,
    /// How many items it can run at once.
    pub capacity: Option<u32>,
    /// Where it was declared.
    pub span: Span,
}

/// A named set of owners.
#[derive(Debug, Clone)]
pub struct Group {
    /// The name.
    pub id: String,
    /// Ids into [`Plan::owners`], shared with every reference to the group.
    pub members: Arc<[OwnerId]>,
    /// Where it was declared.
    pub span: Span,
}

/// A reference to an owner or a group, as written on an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerRef {
    /// The name written.
    pub name: CompactString,
    /// The owners it stands for (one, or a group's members).
    pub owners: Owners,
}

/// The owners a reference stands for: one owner, or a group's members, shared with the group so
/// that a reference takes no heap block of its own. Reads as a slice of indices into
/// [`Plan::owners`].
#[derive(Debug, Clone)]
pub enum Owners {
    /// One owner.
    One(OwnerId),
    /// A group's members.
    Group(Arc<[OwnerId]>),
}

impl Owners {
    /// The indices, in order.
    pub fn as_slice(&self) -> &[OwnerId] {
        match self {
            Owners::One(owner) => std::slice::from_ref(owner),
            Owners::Group(members) => members,
        }
    }
}

impl Default for Owners {
    fn default() -> Self {
        Owners::Group(Arc::from([]))
    }
}

impl std::ops::Deref for Owners {
    type Target = [OwnerId];

    fn deref(&self) -> &[OwnerId] {
        self.as_slice()
    }
}

impl<'a> IntoIterator for &'a Owners {
    type Item = &'a OwnerId;
    type IntoIter = std::slice::Iter<'a, OwnerId>;

    fn into_iter(self) -> Self::IntoIter {
        self.as_slice().iter()
    }
}

/// Equal when they stand for the same owners in the same order, however they are held.
impl PartialEq for Owners {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

impl Eq for Owners {}

/// A value relative targets are measured against.
#[derive(Debug, Clone)]
pub struct Baseline {
    /// The name.
    pub id: String,
    /// What it measures.
    pub display: String,
    /// The value, or `None` when it is the previous year's actual, supplied later.
    pub value: Option<Quantity>,
    /// Its unit (a reference's is inferred from its uses, `Unit::None` when none tells).
    pub unit: Unit,
    /// Where it was declared.
    pub span: Span,
    /// A reference (`参照`): a value not known in the plan, never given a value.
    pub reference: bool,
}

/// A main goal.
#[derive(Debug, Clone)]
pub struct Goal {
    /// The name.
    pub id: String,
    /// The title.
    pub title: String,
    /// Paragraphs.
    pub texts: Vec<Prose>,
    /// Ids into [`Plan::targets`].
    pub targets: Vec<TargetId>,
    /// Where it was declared.
    pub span: Span,
}

/// A section of the plan.
#[derive(Debug, Clone)]
pub struct Section {
    /// The name.
    pub id: String,
    /// 1-based position.
    pub ordinal: usize,
    /// The number as printed, in the plan's numbering style: `一、` by default.
    pub number: String,
    /// The title as it reads, with any cited target filled in.
    pub title: String,
    /// The title as written, when it cites targets (`新建公办中小学{新建学校}`).
    pub title_prose: Option<Box<Prose>>,
    /// Intro paragraphs.
    pub texts: Vec<Prose>,
    /// Top-level items, ids into [`Plan::items`].
    pub items: Vec<ItemId>,
    /// Where it was declared.
    pub span: Span,
}

/// A work item or sub-item.
#[derive(Debug, Clone)]
pub struct Item {
    /// The stable identifier.
    pub id: CompactString,
    /// Position among its siblings (top-level items count straight through the plan), 1-based.
    pub ordinal: usize,
    /// 0 for items, 1 for sub-items, 2 below that.
    pub level: usize,
    /// The number as printed: `（一）`, `1.` or `（1）`.
    pub number: CompactString,
    /// The section it is in.
    pub section: SectionId,
    /// The item it is in, for sub-items.
    pub parent: Option<ItemId>,
    /// Sub-items.
    pub children: Indices<ItemId>,
    /// The title as it reads, with any cited target filled in (`新建公办中小学12所`).
    pub title: CompactString,
    /// The title as written, when it cites targets (`新建公办中小学{新建学校}`).
    pub title_prose: Option<Box<Prose>>,
    /// Paragraphs.
    pub texts: SmallVec<[Prose; 1]>,
    /// The lead owner.
    pub lead: Option<OwnerRef>,
    /// Supporting owners.
    pub support: Vec<OwnerRef>,
    /// Ids into [`Plan::targets`].
    pub targets: Indices<TargetId>,
    /// The deadline.
    pub due: Option<Window>,
    /// What is due by the deadline, as written after it (`时限 9月 "投入使用"`).
    pub due_what: Option<CompactString>,
    /// The earliest start (boxed, like `window`: rarely given).
    pub start: Option<Box<Window>>,
    /// The window the work happens in.
    pub window: Option<Box<Window>>,
    /// How long it takes.
    pub duration: Option<Duration>,
    /// Where the duration was written.
    pub duration_span: Option<Span>,
    /// Ids into [`Plan::milestones`].
    pub milestones: Indices<MilestoneId>,
    /// Ids into [`Plan::recurrences`].
    pub recurrences: Indices<RecurrenceId>,
    /// Tags.
    pub tags: Vec<CompactString>,
    /// Where it was declared (its name).
    pub span: Span,
}

impl Item {
    /// Every owner involved, lead first, without repeats.
    pub fn owner_indices(&self) -> Vec<OwnerId> {
        // A short list is searched; past that a set remembers what is in it, so that an item led by
        // a group of a million owners takes linear time, not quadratic.
        const SEARCHED: usize = 32;
        let mut owners = Vec::new();
        let mut seen: Option<std::collections::HashSet<OwnerId>> = None;
        for reference in self.lead.iter().chain(self.support.iter()) {
            for &owner in &reference.owners {
                let new = if owners.len() < SEARCHED {
                    !owners.contains(&owner)
                } else {
                    seen.get_or_insert_with(|| owners.iter().copied().collect())
                        .insert(owner)
                };
                if new {
                    owners.push(owner);
                }
            }
        }
        owners
    }
}

/// A resolved date window, inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    /// First day.
    pub start: Date,
    /// Last day (the deadline, for `due`).
    pub end: Date,
    /// As written, e.g. `年内`, `Q2`, `3-4月`.
    pub written: CompactString,
    /// Where it was written.
    pub span: Span,
}

/// A unit of measure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// A plain number.
    None,
    /// A share, 0–100.
    Percent,
    /// Percentage points.
    PercentPoint,
    /// A declared unit.
    Named(CompactString),
}

impl Unit {
    /// The unit's name for messages and JSON.
    pub fn name(&self) -> &str {
        match self {
            Unit::None => "",
            Unit::Percent => "%",
            Unit::PercentPoint => "个百分点",
            Unit::Named(name) => name,
        }
    }
}

/// A number with its unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    /// The exact value.
    pub value: Decimal,
    /// The number as written, e.g. `13万`.
    pub written: CompactString,
    /// The unit.
    pub unit: Unit,
    /// The unit as written, e.g. `％`.
    pub unit_written: CompactString,
    /// Where it was written.
    pub span: Span,
}

impl Quantity {
    /// The number and unit as they read in prose: `13万人次`, `60%`.
    pub fn render(&self) -> String {
        format!("{}{}", self.written, self.unit_written)
    }
}

/// Who holds a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A main goal (id into [`Plan::goals`]).
    Goal(GoalId),
    /// An item (id into [`Plan::items`]).
    Item(ItemId),
}

/// A numeric target.
#[derive(Debug, Clone)]
pub struct Target {
    /// The name.
    pub id: CompactString,
    /// What is measured.
    pub metric: CompactString,
    /// 力争: an aspiration rather than a commitment.
    pub stretch: bool,
    /// The goal or item it belongs to.
    pub holder: Holder,
    /// The value.
    pub kind: TargetKind,
    /// A breakdown by owner.
    pub parts: Vec<Part>,
    /// When it is due (`时限 2023年`), in a plan of several years; boxed, like an item's window:
    /// rarely given.
    pub due: Option<Box<Window>>,
    /// What the number counts (`计数 …`), checked against it (`planc::count_mismatch`); boxed:
    /// rarely given.
    pub counts: Option<Box<Counted>>,
    /// Where it was declared.
    pub span: Span,
    /// Whether its figure is approximate (`约 …`, `… 左右`): never checked as exact.
    pub approx: Option<crate::syntax::ast::Approx>,
    /// The change its value states beside it (`4.4万亿元 增加 5000亿元`); boxed: rarely given.
    pub change: Option<Box<Change>>,
}

/// A change stated beside a target's value.
#[derive(Debug, Clone)]
pub struct Change {
    /// Id into [`Plan::baselines`], or `None`: against the previous year.
    pub baseline: Option<BaselineId>,
    /// Up or down.
    pub direction: TrendDirection,
    /// By how much.
    pub amount: Quantity,
}

/// A result already achieved (`已完成 已建学校 "上年已建成学校" 30所 截至 2019年底`): cited in
/// prose, exported, usable as a baseline; not a target, never in checklists or the schedule.
#[derive(Debug, Clone)]
pub struct Fact {
    /// The name.
    pub id: CompactString,
    /// What was achieved.
    pub title: String,
    /// Where it stands.
    pub holder: FactHolder,
    /// How much, when the text gives a figure.
    pub value: Option<Quantity>,
    /// `以上` (true) or `以下` (false) after the value.
    pub bound: Option<bool>,
    /// By when, as written (`2019年底`).
    pub by: Option<CompactString>,
    /// The baseline it also is, when it has a value (`较 已建学校 增加 5所`).
    pub baseline: Option<BaselineId>,
    /// Where it was declared (its name).
    pub span: Span,
}

impl Fact {
    /// How it reads in prose: its figure (`30所`, `30所以上`), or its title when it has none.
    pub fn render(&self) -> String {
        match &self.value {
            Some(value) => {
                let bound = match self.bound {
                    Some(true) => "以上",
                    Some(false) => "以下",
                    None => "",
                };
                format!("{}{bound}", value.render())
            }
            None => self.title.clone(),
        }
    }
}

/// Where a fact stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FactHolder {
    /// A main goal.
    Goal(GoalId),
    /// A section.
    Section(SectionId),
    /// An item.
    Item(ItemId),
}

/// What a count target counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counted {
    /// What is counted.
    pub of: CountOf,
    /// The `计数 …` clause.
    pub span: Span,
}

/// The things a count target counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountOf {
    /// The sub-items of the target's item (`计数 子事项`).
    SubItems,
    /// The members of a group (`计数 各县区`).
    Group(GroupId),
    /// The items with a tag (`计数 标签 试点`).
    Tag(CompactString),
}

/// The value of a target.
#[derive(Debug, Clone)]
pub enum TargetKind {
    /// A comparison with a value.
    Value {
        /// The comparison.
        comparison: Comparison,
        /// Whether it was written as 以上/以下 after the value.
        suffix: bool,
        /// The value.
        value: Quantity,
    },
    /// A range of values (boxed: the two ends are rarer and larger than the other kinds' values).
    Range {
        /// Low end.
        low: Box<Quantity>,
        /// High end.
        high: Box<Quantity>,
    },
    /// A direction.
    Trend(TrendDirection),
    /// A change against a baseline or reference, or (`None`) against the previous year.
    Change {
        /// Id into [`Plan::baselines`].
        baseline: Option<BaselineId>,
        /// Up or down.
        direction: TrendDirection,
        /// By how much (the low end of a range).
        amount: Quantity,
        /// The high end of a range of changes (`增长 6%-6.5%`); boxed: rarely given.
        high: Option<Box<Quantity>>,
    },
    /// A comparison with a baseline.
    VersusBaseline {
        /// The comparison.
        comparison: Comparison,
        /// Id into [`Plan::baselines`].
        baseline: BaselineId,
    },
}

/// One part of a breakdown: an owner's, a group's, a category's or a free label's.
#[derive(Debug, Clone)]
pub struct Part {
    /// Whose or what part it is.
    pub label: PartLabel,
    /// The part's own comparison when it is a bound (`超 4万`, `4万以上`), and whether it was
    /// written as a suffix (以上/以下); `None` for an exact part.
    pub comparison: Option<(Comparison, bool)>,
    /// The part.
    pub value: Quantity,
    /// Its own breakdown (by district, and within a district by stage).
    pub parts: Vec<Part>,
    /// Where the label was written.
    pub span: Span,
}

/// What a part of a breakdown belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartLabel {
    /// Id into [`Plan::owners`].
    Owner(OwnerId),
    /// Id into [`Plan::groups`].
    Group(GroupId),
    /// Index into [`Plan::categories`].
    Category(usize),
    /// A free label, written as a string (`"其他"`).
    Free(CompactString),
}

impl Part {
    /// The part as it reads in prose: `4万个`, `8000个以上`.
    pub fn render(&self) -> String {
        let suffix = match self.comparison {
            Some((Comparison::Ge, true)) => "以上",
            Some((Comparison::Le, true)) => "以下",
            _ => "",
        };
        format!("{}{suffix}", self.value.render())
    }
}

impl Plan {
    /// The name a part's label is written with in the plan (an owner's, group's or category's
    /// identifier, or the free label's text).
    pub fn part_name<'a>(&'a self, label: &'a PartLabel) -> &'a str {
        match label {
            PartLabel::Owner(owner) => self.owners[*owner].id.as_str(),
            PartLabel::Group(group) => self.groups[*group].id.as_str(),
            PartLabel::Category(category) => self.categories[*category].id.as_str(),
            PartLabel::Free(text) => text.as_str(),
        }
    }

    /// How a part's label reads in a document: an owner's identifier (as `{ID.parts}` always
    /// wrote it), a group's, a category's display name, or the free label.
    pub fn part_display<'a>(&'a self, label: &'a PartLabel) -> &'a str {
        match label {
            PartLabel::Category(category) => self.categories[*category].display.as_str(),
            other => self.part_name(other),
        }
    }

    /// The part at `path` (labels as written, outermost first) of a target's breakdown.
    pub fn part_at<'a>(&self, target: &'a Target, path: &[CompactString]) -> Option<&'a Part> {
        let (first, rest) = path.split_first()?;
        let mut part = target
            .parts
            .iter()
            .find(|p| self.part_name(&p.label) == first.as_str())?;
        for label in rest {
            part = part
                .parts
                .iter()
                .find(|p| self.part_name(&p.label) == label.as_str())?;
        }
        Some(part)
    }
}

/// A dated checkpoint of an item.
#[derive(Debug, Clone)]
pub struct Milestone {
    /// The name.
    pub id: CompactString,
    /// What it marks.
    pub title: CompactString,
    /// The item it belongs to.
    pub item: ItemId,
    /// When it is due.
    pub due: Option<Window>,
    /// Where it was declared.
    pub span: Span,
}

/// Recurring work of an item.
#[derive(Debug, Clone)]
pub struct Recurrence {
    /// The name.
    pub id: CompactString,
    /// What recurs.
    pub title: CompactString,
    /// The item it belongs to.
    pub item: ItemId,
    /// How often.
    pub frequency: Frequency,
    /// How many times in each frequency window.
    pub count: u32,
    /// The count as written (e.g. `1次`), for prose.
    pub written: Quantity,
    /// The months named with `in` (all twelve fit inline).
    pub months: SmallVec<[u8; 16]>,
    /// The day of the month named with `by`.
    pub day: Option<u8>,
    /// Where it was declared.
    pub span: Span,
}

/// Something a dependency can point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Node {
    /// An item (id into [`Plan::items`]).
    Item(ItemId),
    /// A milestone (id into [`Plan::milestones`]).
    Milestone(MilestoneId),
}

/// `dependent` waits for `prerequisite`.
#[derive(Debug, Clone)]
pub struct Dependency {
    /// The one that waits.
    pub dependent: Node,
    /// The one waited for.
    pub prerequisite: Node,
    /// After or needs.
    pub kind: DepKind,
    /// Start-to-start instead of finish-to-start.
    pub from_start: bool,
    /// A lag (negative for a lead).
    pub lag: Option<Duration>,
    /// Where it was written (the reference).
    pub span: Span,
}

/// Prose with citations of targets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prose {
    /// The pieces in order.
    pub segments: Vec<Segment>,
}

/// A piece of prose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Plain text.
    Text(CompactString),
    /// Text between backticks, never checked for figures.
    Literal(CompactString),
    /// `{id}`: a target or recurrence.
    Cite(Cite),
    /// `{id.part}`, `{id.part.sub}`: one part of a breakdown, by the labels of its path.
    CitePart(Cite, Box<[CompactString]>),
    /// `{id.parts}`: all parts of a breakdown.
    CiteParts(Cite),
    /// `{id.change}`: the change a target states beside its value (`5000亿元`).
    CiteChange(Cite),
}

/// What a citation points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cite {
    /// Id into [`Plan::targets`].
    Target(TargetId),
    /// Id into [`Plan::recurrences`].
    Recurrence(RecurrenceId),
    /// Id into [`Plan::facts`].
    Fact(FactId),
    /// Id into [`Plan::groups`]: the members' names, joined with `、` (a list a count counts).
    Group(GroupId),
}

impl Plan {
    /// The name of a node.
    pub fn node_id(&self, node: Node) -> &str {
        match node {
            Node::Item(index) => self.items[index].id.as_str(),
            Node::Milestone(index) => self.milestones[index].id.as_str(),
        }
    }

    /// The text of prose with every citation filled in.
    pub fn render(&self, prose: &Prose) -> String {
        let mut text = String::new();
        for segment in &prose.segments {
            match segment {
                Segment::Text(part) | Segment::Literal(part) => text.push_str(part),
                Segment::Cite(cite) => text.push_str(&self.render_cite(*cite)),
                Segment::CitePart(Cite::Target(target), path) => {
                    if let Some(part) = self.part_at(&self.targets[*target], path) {
                        text.push_str(&part.render());
                    }
                }
                Segment::CiteParts(Cite::Target(target)) => {
                    let target = &self.targets[*target];
                    let parts: Vec<String> = target
                        .parts
                        .iter()
                        .map(|p| format!("{}{}", self.part_display(&p.label), p.render()))
                        .collect();
                    text.push_str(&parts.join("，"));
                }
                Segment::CiteChange(Cite::Target(target)) => {
                    if let Some(change) = &self.targets[*target].change {
                        text.push_str(&change.amount.render());
                    }
                }
                Segment::CitePart(Cite::Recurrence(_) | Cite::Fact(_) | Cite::Group(_), _)
                | Segment::CiteParts(Cite::Recurrence(_) | Cite::Fact(_) | Cite::Group(_))
                | Segment::CiteChange(Cite::Recurrence(_) | Cite::Fact(_) | Cite::Group(_)) => {}
            }
        }
        text
    }

    /// A target or recurrence as it reads in prose.
    pub fn render_cite(&self, cite: Cite) -> String {
        match cite {
            Cite::Target(index) => self.render_target(&self.targets[index]),
            Cite::Recurrence(index) => self.recurrences[index].written.render(),
            Cite::Fact(index) => self.facts[index].render(),
            Cite::Group(index) => self.groups[index]
                .members
                .iter()
                .map(|&owner| self.owners[owner].display.as_str())
                .collect::<Vec<_>>()
                .join("、"),
        }
    }

    /// A target's value as it reads in prose: `91.5分以上`, `3-4个`, `1个百分点`, `5%左右`,
    /// `约1.4万亿斤`.
    pub fn render_target(&self, target: &Target) -> String {
        let text = self.render_value(target);
        match target.approx {
            None => text,
            Some(approx) => format!(
                "{}{text}{}",
                if approx.about() { "约" } else { "" },
                if approx.or_so() { "左右" } else { "" }
            ),
        }
    }

    fn render_value(&self, target: &Target) -> String {
        match &target.kind {
            TargetKind::Value {
                comparison,
                suffix,
                value,
            } => {
                let suffix = match (suffix, comparison) {
                    (true, Comparison::Ge) => "以上",
                    (true, Comparison::Le) => "以下",
                    _ => "",
                };
                format!("{}{suffix}", value.render())
            }
            TargetKind::Range { low, high } => format!("{}-{}", low.written, high.render()),
            TargetKind::Trend(direction) => match direction {
                TrendDirection::Up => "上升",
                TrendDirection::Down => "下降",
                TrendDirection::Steady => "保持",
            }
            .to_string(),
            TargetKind::Change { amount, high, .. } => match high {
                // Each end as written: `6%-6.5%`, `4.5-5%`.
                Some(high) => format!("{}-{}", amount.render(), high.render()),
                None => amount.render(),
            },
            TargetKind::VersusBaseline { baseline, .. } => {
                self.baselines[*baseline].display.clone()
            }
        }
    }
}

/// A number in Chinese numerals, as used for section and item numbers: 一, 十一, 六十, 一百零一.
pub fn chinese_numeral(number: usize) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: usize| DIGITS.get(d).copied().unwrap_or("");
    if number == 0 {
        return "零".to_string();
    }
    if number < 10 {
        return digit(number).to_string();
    }
    if number < 20 {
        return format!(
            "十{}",
            if number.is_multiple_of(10) {
                ""
            } else {
                digit(number % 10)
            }
        );
    }
    if number < 100 {
        let ones = if number.is_multiple_of(10) {
            ""
        } else {
            digit(number % 10)
        };
        return format!("{}十{ones}", digit(number / 10));
    }
    if number < 10_000 {
        let units = [(1000, "千"), (100, "百"), (10, "十"), (1, "")];
        let mut text = String::new();
        let mut pending_zero = false;
        let mut started = false;
        for (value, name) in units {
            let d = (number / value) % 10;
            if d == 0 {
                if started {
                    pending_zero = true;
                }
                continue;
            }
            if pending_zero {
                text.push('零');
                pending_zero = false;
            }
            text.push_str(digit(d));
            text.push_str(name);
            started = true;
        }
        return text;
    }
    number.to_string()
}

/// How the counter of a numbering style is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Counter {
    /// 一, 二, … 十一 (written `一` in the style).
    Chinese,
    /// 1, 2, … (written `1`).
    Arabic,
    /// ①, ②, … up to ㊿, then `(51)` (written `①`).
    Circled,
    /// No number at all (written `""`): items the source lists without numbers.
    Unnumbered,
}

/// One level's numbering: a counter between marks, e.g. `（一）` or `1.`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberStyle {
    /// What comes before the counter (`（`, `第`).
    pub prefix: CompactString,
    /// The counter.
    pub counter: Counter,
    /// What comes after it (`、`, `）`, `.`).
    pub suffix: CompactString,
}

/// The standard sequence of numbering styles of Chinese official documents, outermost first.
pub const STANDARD_STYLES: [&str; 5] = ["一、", "（一）", "1.", "（1）", "①"];

impl NumberStyle {
    /// Reads a style as written in `编号` (`"（一）"`); the error says what is wrong.
    pub fn parse(written: &str) -> Result<Self, String> {
        const OTHER_NUMERALS: &str = "零〇二三四五六七八九十百千";
        let mut counter = None;
        let (mut prefix, mut suffix) = (CompactString::default(), CompactString::default());
        if written.chars().count() > 8 {
            return Err("a numbering style is at most 8 characters".into());
        }
        if written.is_empty() {
            // `""`: the level is not numbered.
            return Ok(NumberStyle {
                prefix: CompactString::default(),
                counter: Counter::Unnumbered,
                suffix: CompactString::default(),
            });
        }
        for c in written.chars() {
            let this = match c {
                '一' => Some(Counter::Chinese),
                '1' => Some(Counter::Arabic),
                '①' => Some(Counter::Circled),
                _ => None,
            };
            if let Some(this) = this {
                if counter.is_some() {
                    return Err(format!(
                        "`{written}` has two numbers; a style has one (`一`, `1` or `①`)"
                    ));
                }
                counter = Some(this);
                continue;
            }
            if c.is_ascii_digit() || OTHER_NUMERALS.contains(c) || ('②'..='⑳').contains(&c) {
                return Err(format!(
                    "`{written}` counts from `{c}`; write the style with its first number (`一`, `1` or `①`)"
                ));
            }
            if c.is_control() || c == '{' || c == '}' {
                return Err(format!(
                    "`{}` may not hold control characters or braces",
                    written.escape_debug()
                ));
            }
            if counter.is_some() {
                suffix.push(c);
            } else {
                prefix.push(c);
            }
        }
        match counter {
            Some(counter) => Ok(NumberStyle {
                prefix,
                counter,
                suffix,
            }),
            None => Err(format!(
                "`{written}` has no number; write where the number goes with `一`, `1` or `①` (`（一）`, `1.`)"
            )),
        }
    }

    /// The `n`th number in this style (from 1).
    pub fn format(&self, n: usize) -> CompactString {
        let mut out = self.prefix.clone();
        match self.counter {
            Counter::Unnumbered => {}
            Counter::Chinese => out.push_str(&chinese_numeral(n)),
            Counter::Arabic => out.push_str(&n.to_string()),
            Counter::Circled => match circled(n) {
                Some(c) => out.push(c),
                None => out.push_str(&format!("({n})")),
            },
        }
        out.push_str(&self.suffix);
        out
    }

    /// The style as written (`（一）`).
    pub fn written(&self) -> String {
        let counter = match self.counter {
            Counter::Chinese => "一",
            Counter::Arabic => "1",
            Counter::Circled => "①",
            Counter::Unnumbered => "",
        };
        format!("{}{counter}{}", self.prefix, self.suffix)
    }
}

/// ① … ⑳, ㉑ … ㉟, ㊱ … ㊿.
fn circled(n: usize) -> Option<char> {
    let code = match n {
        1..=20 => 0x2460 + n as u32 - 1,
        21..=35 => 0x3251 + n as u32 - 21,
        36..=50 => 0x32B1 + n as u32 - 36,
        _ => return None,
    };
    char::from_u32(code)
}

/// How a plan numbers its sections and items (`编号`): one style per level, sections first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbering {
    /// Sections, items, sub-items, and the level below.
    pub styles: [NumberStyle; 4],
    /// Items count again from 1 in each section (`按部分`); by default they count straight
    /// through the plan.
    pub per_section: bool,
}

impl Numbering {
    /// The numbering of the styles given (outermost first): levels not given continue the
    /// standard sequence `一、` `（一）` `1.` `（1）` `①` after the last one given, or take the
    /// default of their level.
    pub fn from_styles(given: Vec<NumberStyle>, per_section: bool) -> Numbering {
        let standard: Vec<NumberStyle> = STANDARD_STYLES
            .iter()
            .filter_map(|s| NumberStyle::parse(s).ok())
            .collect();
        let mut next = given
            .last()
            .and_then(|last| standard.iter().position(|s| s == last))
            .map(|at| at + 1);
        let mut styles: Vec<NumberStyle> = given.into_iter().take(4).collect();
        while styles.len() < 4 {
            let level = styles.len();
            let style = match next {
                Some(at) if at < standard.len() => {
                    next = Some(at + 1);
                    standard.get(at)
                }
                _ => standard.get(level),
            };
            styles.push(style.cloned().unwrap_or(NumberStyle {
                prefix: CompactString::default(),
                counter: Counter::Arabic,
                suffix: ".".into(),
            }));
        }
        let [a, b, c, d]: [NumberStyle; 4] = match styles.try_into() {
            Ok(styles) => styles,
            Err(_) => return Numbering::default(),
        };
        Numbering {
            styles: [a, b, c, d],
            per_section,
        }
    }

    /// A section's number (`一、`).
    pub fn section(&self, ordinal: usize) -> CompactString {
        self.styles[0].format(ordinal)
    }

    /// An item's number at `level` (0: item, 1: sub-item, 2 and below).
    pub fn item(&self, level: usize, ordinal: usize) -> CompactString {
        self.styles[(level + 1).min(3)].format(ordinal)
    }

    /// Whether this is the default numbering.
    pub fn is_default(&self) -> bool {
        *self == Numbering::default()
    }
}

impl Default for Numbering {
    fn default() -> Self {
        Numbering::from_styles(Vec::new(), false)
    }
}

/// A readable name of a node: its number and id (an excerpt of a very long id).
pub fn describe(plan: &Plan, node: Node) -> String {
    match node {
        Node::Item(index) => {
            let item = &plan.items[index];
            format!("{} `{}`", item.number, crate::diagnostic::excerpt(&item.id))
        }
        Node::Milestone(index) => format!(
            "milestone `{}`",
            crate::diagnostic::excerpt(&plan.milestones[index].id)
        ),
    }
}
