//! The syntax tree: what was written, with spans, before any name is resolved.

use crate::source::{Span, Spanned};
use rust_decimal::Decimal;

/// A name as written.
pub type Name = Spanned<compact_str::CompactString>;

/// One parsed file.
#[derive(Debug, Clone, Default)]
pub struct File {
    /// Top-level statements in order.
    pub statements: Vec<TopStmt>,
}

/// A top-level statement.
#[derive(Debug, Clone)]
pub enum TopStmt {
    /// `plan "title" { … }`
    Plan(PlanHeader),
    /// `include "path"`
    Include(Spanned<String>),
    /// `unit a b c`
    Units(Vec<Name>),
    /// `department|district|institution NAME ["display"] [capacity N]`
    Owner(OwnerDecl),
    /// `group NAME = a, b`
    Group(GroupDecl),
    /// `baseline NAME ["display"] VALUE|previous UNIT`
    Baseline(BaselineDecl),
    /// `category NAME ["display"]`
    Category(CategoryDecl),
    /// `goals ["intro"] { … }`
    Goals(GoalsBlock),
    /// `section NAME "title" { … }`
    Section(SectionBlock),
    /// A section that was read and set aside: see [`FoldedSection`].
    Folded(FoldedSection),
    /// `dayoff DATE [.. DATE] ["reason"]`
    DayOff(DayOffDecl),
    /// `workday DATE ["reason"]`
    Workday(WorkdayDecl),
    /// `reference NAME ["display"]`: a value not known in the plan.
    Reference(ReferenceDecl),
}

/// `参照 经济增长 "经济增长"`.
#[derive(Debug, Clone)]
pub struct ReferenceDecl {
    /// The name.
    pub name: Name,
    /// What it is, as the document names it.
    pub display: Option<Spanned<String>>,
}

/// The plan header block.
#[derive(Debug, Clone)]
pub struct PlanHeader {
    /// The `plan` keyword and title.
    pub span: Span,
    /// The title.
    pub title: Spanned<String>,
    /// `period` statements (exactly one is expected).
    pub periods: Vec<Spanned<PeriodSpec>>,
    /// `org` statements (at most one is expected).
    pub orgs: Vec<Spanned<String>>,
    /// Preamble paragraphs in order.
    pub preamble: Vec<Spanned<String>>,
    /// `holidays` statements: paths of holiday files, as written.
    pub holidays: Vec<Spanned<String>>,
    /// `term` statements: school terms' dates.
    pub terms: Vec<Spanned<TermSpec>>,
    /// `numbering` statements (at most one is expected).
    pub numbering: Vec<Spanned<NumberingSpec>>,
    /// `owner_note` statements (at most one is expected): how the document notes owners.
    pub owner_notes: Vec<Spanned<OwnerNoteSpec>>,
    /// `signed` statements (at most one is expected): the 落款.
    pub signatures: Vec<Spanned<Signature>>,
    /// `due_note` statements (at most one is expected): the label of each item's deadline.
    pub due_notes: Vec<Spanned<String>>,
    /// `table` statements (at most one is expected): the document's table columns.
    pub tables: Vec<Spanned<Vec<TableColumn>>>,
}

/// `分工 STYLE ["label" …]`: how the document notes owners, and the labels the source uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerNoteSpec {
    /// The style.
    pub style: OwnerNote,
    /// The labels as written (without the colon): the lead's, then the supporting owners'; a
    /// merged note's one label.
    pub labels: Vec<Spanned<String>>,
}

/// One column of a document written as a table (`表格 序号 "序号", …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableColumn {
    /// What the column holds.
    pub kind: Column,
    /// Its heading, as written.
    pub heading: Spanned<String>,
}

/// What a table column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Column {
    /// The item's number (`序号`).
    Number,
    /// The item's title and text (`事项`).
    Item,
    /// Its sub-items, one after another (`子事项`).
    SubItems,
    /// The lead (`牵头`).
    Lead,
    /// The supporting owners (`配合`).
    Support,
    /// Every owner, the lead first (`单位`).
    Owners,
    /// The deadline (`时限`).
    Due,
}

impl Column {
    /// The word that names it in `表格` (Chinese).
    pub fn word(self) -> &'static str {
        match self {
            Column::Number => "序号",
            Column::Item => "事项",
            Column::SubItems => "子事项",
            Column::Lead => "牵头",
            Column::Support => "配合",
            Column::Owners => "单位",
            Column::Due => "时限",
        }
    }
}

/// `编号 "一、" "（一）" "1." [按部分]`: the numbering styles, outermost first, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberingSpec {
    /// The styles (strings, unescaped), sections first.
    pub styles: Vec<Spanned<String>>,
    /// `按部分` / `per_section`: items count from 1 again in each section.
    pub per_section: bool,
}

/// How the document notes an item's owners (`分工`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerNote {
    /// `（责任单位：牵头、配合…）`: one note, the lead first (`合并`, `merged`; the default).
    #[default]
    Merged,
    /// `（牵头单位：…；责任单位：…）`: lead and supporting owners apart (`分列`, `separate`).
    Separate,
    /// `牵头单位：…` and `责任单位：…`, each a line of its own after the item (`分行`, `lines`).
    Lines,
}

impl OwnerNote {
    /// The style a word names (`合并`/`merged`, `分列`/`separate`, `分行`/`lines`).
    pub fn from_word(word: &str) -> Option<OwnerNote> {
        match word {
            "合并" | "merged" => Some(OwnerNote::Merged),
            "分列" | "separate" => Some(OwnerNote::Separate),
            "分行" | "lines" => Some(OwnerNote::Lines),
            _ => None,
        }
    }
}

/// The 落款 of the plan header: `落款 "某区人民政府" 2023-03-28`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// The issuing office, as written.
    pub office: String,
    /// The date of issue.
    pub date: Option<jiff::civil::Date>,
}

/// A school term's dates given in the plan header (`学期 春季 2027-02-22 .. 2027-07-02`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermSpec {
    /// The autumn term (`秋季`) rather than the spring term (`春季`).
    pub autumn: bool,
    /// First day.
    pub start: jiff::civil::Date,
    /// Last day.
    pub end: jiff::civil::Date,
}

/// How a plan period was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodSpec {
    /// A whole year.
    Year(i16),
    /// Two dates, inclusive.
    Dates(jiff::civil::Date, jiff::civil::Date),
    /// Whole years, from the first to the last (`2021 .. 2025`).
    Years(i16, i16),
}

/// The kind of an owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OwnerKind {
    /// A department of the planning office.
    Department,
    /// A district (or the city level).
    District,
    /// An institution such as a school or university.
    Institution,
    /// A collective owner (`统称 各街道`): a body of owners named as one, not a fixed list
    /// (各街道, 区直各部门, 各县区). Rendered as written; never expanded.
    Collective,
}

/// An owner declaration.
#[derive(Debug, Clone)]
pub struct OwnerDecl {
    /// Department, district or institution.
    pub kind: OwnerKind,
    /// The name.
    pub name: Name,
    /// The display name.
    pub display: Option<Spanned<String>>,
    /// How many items it can run at once.
    pub capacity: Option<Spanned<Decimal>>,
}

/// An owner group declaration.
#[derive(Debug, Clone)]
pub struct GroupDecl {
    /// The group's name.
    pub name: Name,
    /// The members as written.
    pub members: Vec<Name>,
}

/// A category declaration: a label for parts of breakdowns (`类别 义务教育学位 "义务教育学位"`).
#[derive(Debug, Clone)]
pub struct CategoryDecl {
    /// The name.
    pub name: Name,
    /// The display name.
    pub display: Option<Spanned<String>>,
}

/// A baseline declaration.
#[derive(Debug, Clone)]
pub struct BaselineDecl {
    /// The name.
    pub name: Name,
    /// The display name.
    pub display: Option<Spanned<String>>,
    /// The value, or `None` for the previous year's actual, supplied later.
    pub value: Option<Quantity>,
    /// The unit of a value supplied later.
    pub later_unit: Option<Name>,
}

/// A day off declared by the plan.
#[derive(Debug, Clone)]
pub struct DayOffDecl {
    /// The first day.
    pub from: Spanned<jiff::civil::Date>,
    /// The last day (the first when only one is given).
    pub to: Spanned<jiff::civil::Date>,
    /// Why.
    pub reason: Option<Spanned<String>>,
}

/// A working day declared by the plan.
#[derive(Debug, Clone)]
pub struct WorkdayDecl {
    /// The day.
    pub date: Spanned<jiff::civil::Date>,
    /// Why.
    pub reason: Option<Spanned<String>>,
}

/// The main goals block.
#[derive(Debug, Clone)]
pub struct GoalsBlock {
    /// The `goals` keyword.
    pub span: Span,
    /// The opening sentence.
    pub intro: Option<Spanned<String>>,
    /// Paragraphs after the goals.
    pub texts: Vec<Spanned<String>>,
    /// The goals.
    pub goals: Vec<GoalBlock>,
}

/// One main goal.
#[derive(Debug, Clone)]
pub struct GoalBlock {
    /// The name.
    pub name: Name,
    /// The title.
    pub title: Spanned<String>,
    /// Paragraphs.
    pub texts: Vec<Spanned<String>>,
    /// Targets.
    pub targets: Vec<TargetStmt>,
    /// `respectively` statements: breakdowns of several targets at once.
    pub respectively: Vec<Respectively>,
    /// Facts (`已完成 …`).
    pub facts: Vec<FactStmt>,
}

/// A section without syntax errors that was read and then set aside, keeping only the names declared
/// in it. The checker parses it again when it gets to it ([`crate::syntax::unfold`]), so that a plan
/// of a million items never has its whole syntax tree in memory at once.
#[derive(Debug, Clone)]
pub struct FoldedSection {
    /// The whole statement, from its keyword to its `}`.
    pub span: Span,
    /// The section's name.
    pub name: Name,
    /// The names declared in the section, in the order the checker numbers them: an item, then its
    /// targets, milestones and recurrences, then its sub-items in the same way.
    pub declared: Vec<Declared>,
    /// How many dependencies (`needs`, `after`) the items and milestones of the section have.
    pub dependencies: usize,
}

/// A name declared inside a section; the name is the source text at `span`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Declared {
    /// What the name is.
    pub kind: DeclaredKind,
    /// The name as written.
    pub span: Span,
}

/// What a name declared inside a section names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeclaredKind {
    /// An item or sub-item.
    Item,
    /// A target of an item.
    Target,
    /// A milestone of an item.
    Milestone,
    /// A recurrence of an item.
    Recurrence,
    /// A fact of a section or item; `true` when it has a value (and so is also a baseline).
    Fact(bool),
}

impl ItemBlock {
    /// How many names the item declares: itself, its targets, milestones and recurrences, and
    /// those of its sub-items.
    pub fn declared_names(&self) -> usize {
        1 + self.targets.len()
            + self.milestones.len()
            + self.recurs.len()
            + self.facts.len()
            + self
                .children
                .iter()
                .map(ItemBlock::declared_names)
                .sum::<usize>()
    }
}

impl SectionBlock {
    /// The names declared in the section, in the order the checker numbers them (see
    /// [`FoldedSection::declared`]), and how many dependencies its items and milestones have.
    pub fn declarations(&self) -> (Vec<Declared>, usize) {
        fn walk(item: &ItemBlock, declared: &mut Vec<Declared>, dependencies: &mut usize) {
            declared.push(Declared {
                kind: DeclaredKind::Item,
                span: item.name.span,
            });
            *dependencies += item.deps.len();
            *dependencies += item.milestones.iter().map(|m| m.deps.len()).sum::<usize>();
            for (kind, span) in item
                .targets
                .iter()
                .map(|t| (DeclaredKind::Target, t.name.span))
                .chain(
                    item.milestones
                        .iter()
                        .map(|m| (DeclaredKind::Milestone, m.name.span)),
                )
                .chain(
                    item.recurs
                        .iter()
                        .map(|r| (DeclaredKind::Recurrence, r.name.span)),
                )
                .chain(item.facts.iter().map(FactStmt::declared))
            {
                declared.push(Declared { kind, span });
            }
            for child in &item.children {
                walk(child, declared, dependencies);
            }
        }
        let mut declared = Vec::with_capacity(
            self.facts.len()
                + self
                    .items
                    .iter()
                    .map(ItemBlock::declared_names)
                    .sum::<usize>(),
        );
        for fact in &self.facts {
            let (kind, span) = fact.declared();
            declared.push(Declared { kind, span });
        }
        let mut dependencies = 0;
        for item in &self.items {
            walk(item, &mut declared, &mut dependencies);
        }
        (declared, dependencies)
    }

    /// The section set aside: its declarations and where it is.
    pub fn fold(self, span: Span) -> FoldedSection {
        let (declared, dependencies) = self.declarations();
        FoldedSection {
            span,
            name: self.name,
            declared,
            dependencies,
        }
    }
}

impl FactStmt {
    /// What the fact declares: its kind and name.
    pub fn declared(&self) -> (DeclaredKind, Span) {
        (DeclaredKind::Fact(self.value.is_some()), self.name.span)
    }
}

/// A section.
#[derive(Debug, Clone)]
pub struct SectionBlock {
    /// The name.
    pub name: Name,
    /// The title.
    pub title: Spanned<String>,
    /// Intro paragraphs.
    pub texts: Vec<Spanned<String>>,
    /// Facts (`已完成 …`).
    pub facts: Vec<FactStmt>,
    /// Items in order.
    pub items: Vec<ItemBlock>,
}

/// `已完成 NAME "name" [QUANTITY] [截至 WHEN]`: a result already achieved, not a target.
#[derive(Debug, Clone)]
pub struct FactStmt {
    /// The whole statement.
    pub span: Span,
    /// The name.
    pub name: Name,
    /// What was achieved, as the text says it.
    pub title: Spanned<String>,
    /// How much, if the text gives a figure.
    pub value: Option<Quantity>,
    /// `以上` (true) or `以下` (false) after the value.
    pub bound: Option<bool>,
    /// By when (`截至 2019年底`).
    pub by: Option<Spanned<When>>,
}

/// The statements of a kind an item has at most once (`牵头`, `时限`, …): one is kept inline,
/// so that the usual item takes no heap block for each; a second one, which the checker reports,
/// goes to the heap.
pub type Once<T> = smallvec::SmallVec<[T; 1]>;

/// A work item (or a sub-item).
#[derive(Debug, Clone)]
pub struct ItemBlock {
    /// The name.
    pub name: Name,
    /// The title.
    pub title: Spanned<String>,
    /// Paragraphs.
    pub texts: Vec<Spanned<String>>,
    /// `lead` statements (at most one is expected).
    pub leads: Once<Name>,
    /// Supporting owners.
    pub supports: Vec<Name>,
    /// Targets.
    pub targets: Vec<TargetStmt>,
    /// `respectively` statements: breakdowns of several targets at once.
    pub respectively: Vec<Respectively>,
    /// `due` statements (at most one is expected).
    pub dues: Once<Spanned<When>>,
    /// What is due by the deadline, as written after it (`时限 9月 "投入使用"`).
    pub due_whats: Once<Spanned<String>>,
    /// `start` statements (at most one is expected).
    pub starts: Once<Spanned<When>>,
    /// `window` statements (at most one is expected).
    pub windows: Once<Spanned<When>>,
    /// `duration` statements (at most one is expected).
    pub durations: Once<Spanned<Duration>>,
    /// Dependencies.
    pub deps: Vec<DepRef>,
    /// Milestones.
    pub milestones: Vec<MilestoneStmt>,
    /// Recurring work.
    pub recurs: Vec<RecurStmt>,
    /// Tags.
    pub tags: Vec<Name>,
    /// Facts (`已完成 …`).
    pub facts: Vec<FactStmt>,
    /// Sub-items.
    pub children: Vec<ItemBlock>,
}

/// Finish-to-start (`after`, `needs`) or start-to-start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DepKind {
    /// Starts after the other finishes (`after`): sequencing only.
    After,
    /// Starts after the other finishes and uses what it delivers (`needs`).
    Needs,
}

/// One dependency reference.
#[derive(Debug, Clone)]
pub struct DepRef {
    /// After or needs.
    pub kind: DepKind,
    /// The item or milestone depended on.
    pub target: Name,
    /// Start-to-start instead of finish-to-start.
    pub from_start: bool,
    /// A lag (negative for a lead).
    pub lag: Option<Spanned<Duration>>,
}

/// A milestone.
#[derive(Debug, Clone)]
pub struct MilestoneStmt {
    /// The name.
    pub name: Name,
    /// The display name.
    pub title: Option<Spanned<String>>,
    /// When it is due.
    pub due: Option<Spanned<When>>,
    /// What it waits for.
    pub deps: Vec<DepRef>,
}

/// Recurrence frequency.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Frequency {
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Over the whole period.
    Yearly,
}

/// Recurring work.
#[derive(Debug, Clone)]
pub struct RecurStmt {
    /// The statement.
    pub span: Span,
    /// The name.
    pub name: Name,
    /// The display name.
    pub title: Option<Spanned<String>>,
    /// How often.
    pub frequency: Frequency,
    /// How many times per frequency window.
    pub count: Quantity,
    /// The months named with `in`.
    pub months: Vec<Spanned<u8>>,
    /// The day of the month named with `by`.
    pub day: Option<Spanned<u8>>,
}

/// A duration as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    /// How many (negative for a lead).
    pub amount: i64,
    /// Of what.
    pub unit: DurationUnit,
}

/// The unit of a duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DurationUnit {
    /// Working days.
    Workdays,
    /// Calendar days.
    Days,
    /// Weeks.
    Weeks,
    /// Months.
    Months,
}

/// A date or period as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// One period.
    Single(WhenPart),
    /// From the start of the first to the end of the second.
    Range(WhenPart, WhenPart),
}

/// One written date or period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenPart {
    /// A full date.
    Date(jiff::civil::Date),
    /// A month of a given year.
    YearMonth(i16, i8),
    /// A month of the plan year.
    Month(i8),
    /// A day of the plan year.
    MonthDay(i8, i8),
    /// A window of months of the plan year (inclusive).
    MonthWindow(i8, i8),
    /// A quarter 1–4.
    Quarter(i8),
    /// A half 1–2.
    Half(i8),
    /// The whole plan period.
    WholePeriod,
    /// A year named by its number: `2022年` (the whole year).
    Year(i16),
    /// The end of a named year: `2022年底`, `2022年底前` (its December; due by 12-31).
    YearEnd(i16),
    /// A third of a month of the plan year: `6月上旬` (1: days 1–10), `中旬` (2: 11–20), `下旬`
    /// (3: 21 to the end).
    MonthTenth(i8, i8),
    /// `6月底`, `6月底前`: the month, due by its last day.
    MonthEnd(i8),
    /// A named time of the plan year (春节前, 暑期, …).
    Named(NamedTime),
    /// A month, part of a month, half or named time of a named year: `2023年6月`, `2023年6月底前`,
    /// `2023年6月上旬`, `2023年下半年`, `2023年春节前`.
    InYear(i16, InYear),
}

/// What `YYYY年…` names inside its year (see [`WhenPart::InYear`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InYear {
    /// `2023年6月`.
    Month(i8),
    /// `2023年6月底`, `2023年6月底前`.
    MonthEnd(i8),
    /// `2023年6月上旬` (1, 2 or 3).
    MonthTenth(i8, i8),
    /// `2023年上半年` (1) or `下半年` (2).
    Half(i8),
    /// `2023年春节前`, …
    Named(NamedTime),
}

/// Reads a `year_named` token (`2023年`, `2023年底前`, `2023年6月上旬`, `2023年春节前`, …): the
/// year, and what it names inside the year; the month is returned unchecked (1–99) for the caller
/// to check. `None` when the text is not such a token. Shared by both parsers, so that they build
/// the same tree.
pub fn read_year_named(text: &str) -> Option<(i16, YearNamed)> {
    let year: i16 = text.get(..4)?.parse().ok()?;
    let rest = text.get(4..)?.strip_prefix('年')?;
    let named = match rest {
        "" => YearNamed::Whole,
        "底" | "底前" => YearNamed::End,
        "上半年" => YearNamed::Part(InYear::Half(1)),
        "下半年" => YearNamed::Part(InYear::Half(2)),
        _ => match NamedTime::from_word(rest) {
            Some(named) => YearNamed::Part(InYear::Named(named)),
            None => {
                let digits = rest.find('月')?;
                let month: i8 = rest.get(..digits)?.parse().ok()?;
                match rest.get(digits + '月'.len_utf8()..)? {
                    "" => YearNamed::Month(month, None),
                    "底" | "底前" => YearNamed::Month(month, Some(0)),
                    "上旬" => YearNamed::Month(month, Some(1)),
                    "中旬" => YearNamed::Month(month, Some(2)),
                    "下旬" => YearNamed::Month(month, Some(3)),
                    _ => return None,
                }
            }
        },
    };
    Some((year, named))
}

/// A `year_named` token read by [`read_year_named`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearNamed {
    /// `2023年`.
    Whole,
    /// `2023年底`.
    End,
    /// A month (unchecked) and `None`, `Some(0)` for its end, or `Some(1..=3)` for a third.
    Month(i8, Option<i8>),
    /// Anything else.
    Part(InYear),
}

impl YearNamed {
    /// The date part, given the checked month.
    pub fn part(self, year: i16, month: i8) -> WhenPart {
        match self {
            YearNamed::Whole => WhenPart::Year(year),
            YearNamed::End => WhenPart::YearEnd(year),
            YearNamed::Month(_, None) => WhenPart::InYear(year, InYear::Month(month)),
            YearNamed::Month(_, Some(0)) => WhenPart::InYear(year, InYear::MonthEnd(month)),
            YearNamed::Month(_, Some(tenth)) => {
                WhenPart::InYear(year, InYear::MonthTenth(month, tenth))
            }
            YearNamed::Part(part) => WhenPart::InYear(year, part),
        }
    }
}

/// Times of the year planners name instead of dates. GRAMMAR.md gives each one's meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NamedTime {
    /// 春节前: the month before 除夕.
    BeforeSpringFestival,
    /// 春节后: from 正月初八 to the end of the first lunar month.
    AfterSpringFestival,
    /// 开学前: the month before the autumn term.
    BeforeSchool,
    /// 暑期, 暑假: between the spring and the autumn term.
    Summer,
    /// 寒假: from three weeks before 除夕 to the day before the spring term.
    Winter,
    /// 春季学期.
    SpringTerm,
    /// 秋季学期 (its part in the year).
    AutumnTerm,
    /// 年中: the end of June.
    MidYear,
    /// 汛期前: the month before the flood season.
    BeforeFloodSeason,
}

impl NamedTime {
    /// The named time a word stands for.
    pub fn from_word(word: &str) -> Option<NamedTime> {
        Some(match word {
            "春节前" => NamedTime::BeforeSpringFestival,
            "春节后" => NamedTime::AfterSpringFestival,
            "开学前" => NamedTime::BeforeSchool,
            "暑期" | "暑假" => NamedTime::Summer,
            "寒假" => NamedTime::Winter,
            "春季学期" => NamedTime::SpringTerm,
            "秋季学期" => NamedTime::AutumnTerm,
            "年中" => NamedTime::MidYear,
            "汛期前" => NamedTime::BeforeFloodSeason,
            _ => return None,
        })
    }
}

/// A target statement.
#[derive(Debug, Clone)]
pub struct TargetStmt {
    /// The whole statement.
    pub span: Span,
    /// The name.
    pub name: Name,
    /// The metric name.
    pub metric: Option<Spanned<String>>,
    /// Whether it is a stretch (力争) target.
    pub stretch: bool,
    /// The value.
    pub value: TargetValue,
    /// When it is due (`时限 2023年`), in a plan of several years.
    pub due: Option<Spanned<When>>,
    /// What the number counts (`计数 子事项`), spanning the clause.
    pub counts: Option<Spanned<CountOf>>,
    /// A breakdown by owner.
    pub split: Option<Split>,
    /// Whether the figure is approximate, and how it was written (`约 …`, `… 左右`).
    pub approx: Option<Approx>,
    /// The change a value states beside it (`4.4万亿元 增加 5000亿元`).
    pub change: Option<Box<ValueChange>>,
}

/// How an approximate figure is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// `约 1.4万亿斤` (`about`).
    About,
    /// `5% 左右` (`or_so`).
    OrSo,
    /// Both, as people write it: `约 1.4万斤 左右`.
    Both,
}

impl Approx {
    /// From whether `约` and `左右` were written.
    pub fn of(about: bool, or_so: bool) -> Option<Approx> {
        match (about, or_so) {
            (true, true) => Some(Approx::Both),
            (true, false) => Some(Approx::About),
            (false, true) => Some(Approx::OrSo),
            (false, false) => None,
        }
    }

    /// Whether `约` is written before the figure.
    pub fn about(self) -> bool {
        matches!(self, Approx::About | Approx::Both)
    }

    /// Whether `左右` is written after the figure.
    pub fn or_so(self) -> bool {
        matches!(self, Approx::OrSo | Approx::Both)
    }
}

/// The change stated beside a target's value: against a baseline or reference, or (none) the
/// previous year.
#[derive(Debug, Clone)]
pub struct ValueChange {
    /// The baseline, if named.
    pub baseline: Option<Name>,
    /// Up or down.
    pub direction: Spanned<TrendDirection>,
    /// By how much (the low end of a range).
    pub amount: Quantity,
    /// The high end of a range of changes; never given beside a value.
    pub high: Option<Box<Quantity>>,
}

/// What a count target counts (`计数 …`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CountOf {
    /// `计数 子事项`: the sub-items of the target's item.
    SubItems,
    /// `计数 GROUP`: the members of a group.
    Group(Name),
    /// `计数 标签 TAG`: the items with a tag.
    Tag(Name),
}

/// The value part of a target.
#[derive(Debug, Clone)]
pub enum TargetValue {
    /// A direction.
    Trend(Spanned<TrendDirection>),
    /// A change against a baseline or reference, or (none) against the previous year.
    Change {
        /// The baseline, if named.
        baseline: Option<Name>,
        /// Up or down.
        direction: Spanned<TrendDirection>,
        /// By how much (the low end of a range).
        amount: Quantity,
        /// The high end of a range of changes (`增长 6%-6.5%`).
        high: Option<Box<Quantity>>,
    },
    /// A comparison with a value.
    Value {
        /// The comparison.
        comparison: Spanned<Comparison>,
        /// Whether the comparison was written as a suffix (以上/以下).
        suffix: bool,
        /// The value.
        value: Quantity,
    },
    /// A range.
    Range {
        /// Low end.
        low: Quantity,
        /// High end.
        high: Quantity,
    },
    /// A comparison with a baseline.
    Baseline {
        /// The comparison.
        comparison: Spanned<Comparison>,
        /// The baseline.
        baseline: Name,
    },
}

/// A direction of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TrendDirection {
    /// Rising.
    Up,
    /// Falling.
    Down,
    /// Held.
    Steady,
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    /// `=`
    Eq,
    /// `>=`
    Ge,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `<`
    Lt,
    /// In step with (`同步`): only against a baseline or reference.
    InStep,
}

impl Comparison {
    /// The symbol.
    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Eq => "=",
            Comparison::Ge => ">=",
            Comparison::Gt => ">",
            Comparison::Le => "<=",
            Comparison::Lt => "<",
            Comparison::InStep => "~",
        }
    }
}

/// A number with its unit as written.
#[derive(Debug, Clone)]
pub struct Quantity {
    /// The whole quantity.
    pub span: Span,
    /// The exact value (magnitude applied).
    pub value: Decimal,
    /// The number as written, e.g. `13万`.
    pub written: compact_str::CompactString,
    /// The unit as written.
    pub unit: Option<Name>,
}

/// A breakdown.
#[derive(Debug, Clone)]
pub struct Split {
    /// The `split` keyword.
    pub span: Span,
    /// The parts.
    pub parts: Vec<SplitPart>,
}

/// One part of a breakdown.
#[derive(Debug, Clone)]
pub struct SplitPart {
    /// The label: an owner, a group or a category as written, or the text of a free label.
    pub label: Name,
    /// Whether the label is a free label, written as a string.
    pub free: bool,
    /// The part's own comparison (`超 4万`, `4万以上`), when it is a bound.
    pub comparison: Option<Spanned<Comparison>>,
    /// Whether that comparison was written as a suffix (以上/以下).
    pub suffix: bool,
    /// Its share.
    pub value: Quantity,
    /// Its own breakdown (`凉州区 4 其中 { 小学 2, 初中 2 }`).
    pub split: Option<Split>,
}

/// `respectively T1, T2 split { LABEL Q1 Q2 … }`: one breakdown of several targets.
#[derive(Debug, Clone)]
pub struct Respectively {
    /// The `respectively` keyword.
    pub span: Span,
    /// The targets broken down, in order.
    pub targets: Vec<Name>,
    /// The rows: a label and one quantity per target.
    pub rows: Vec<RespectivelyRow>,
}

/// A row of a `respectively` breakdown.
#[derive(Debug, Clone)]
pub struct RespectivelyRow {
    /// The label, as in [`SplitPart::label`].
    pub label: Name,
    /// Whether the label is a free label.
    pub free: bool,
    /// One quantity per target.
    pub values: Vec<Quantity>,
}
