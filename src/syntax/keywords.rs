//! The vocabulary of the language, in one table: every keyword and every fixed word, with all the
//! spellings the grammar accepts (Chinese and English), its name in "expected …" messages and its
//! place in the canonical layout.
//!
//! `grammar/plan.pest` is the definition of the language and pest cannot read a table, so the
//! grammar keeps its literals; the test of this module parses the grammar and fails when a word of
//! a keyword rule (`kw_*`, `freq_*`, `cmp_*` and the other rules of [`VOCABULARY_RULES`]) is missing
//! here, or when this table names a spelling its rule does not accept. Everything else reads the
//! table: the fast parser (`syntax::fast`), the messages (`syntax::expected`), the formatter
//! (`format`), `diff`, the checker's help texts, the importer and the language server.
//!
//! The API:
//! - [`ALL`]: every [`Entry`], in the order of [`Keyword`] (`ALL[k as usize]` is `k`'s entry);
//! - [`lookup`]: the first entry a spelling belongs to (`截至` is both [`Keyword::By`] and
//!   [`Keyword::AsOf`]; [`lookup_all`] gives both), [`statement`]: the keyword a word starts in a
//!   given block ([`Place`]);
//! - [`Keyword::spellings`], [`Keyword::chinese`], [`Keyword::english`], [`Keyword::expected`]
//!   (its name in messages, "`计划` (plan)"), [`Keyword::layout`] and [`Keyword::item_rank`];
//! - [`of_frequency`] and friends: the keyword of a value of the syntax tree.

use super::ast::{Comparison, DurationUnit, Frequency, NamedTime, TrendDirection};
use std::sync::LazyLock;

/// The blocks a statement can stand in (and so what a word at the start of a line may be).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    /// The top level of a plan file.
    Top,
    /// The plan header block (`计划 "…" { … }`).
    Plan,
    /// The main goals block.
    Goals,
    /// One goal.
    Goal,
    /// A section.
    Section,
    /// An item (or a sub-item).
    Item,
    /// The top level of a progress file.
    Progress,
    /// An item's block in a progress file.
    ProgressItem,
}

/// How the formatter lays out what a keyword starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Layout {
    /// A block: its keyword, names and title on one line ending in `{`, its statements indented two
    /// spaces deeper, `}` on a line of its own. At the top level a blank line separates a block from
    /// the statements around it.
    Block,
    /// A statement on one line.
    Line,
    /// A word inside a statement (a frequency, a comparison, `其中`, …), never starting a line.
    Word,
}

/// How the words of a rule that lists several keywords are named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Family {
    /// The grammar rule.
    rule: &'static str,
    /// Text before the list, e.g. "a frequency (" (the list is closed with `)` then).
    intro: &'static str,
}

/// One keyword or fixed word. The statement keywords of each block are in the order the grammar
/// lists its statements, which is the order messages list them in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// Which.
    pub keyword: Keyword,
    /// The grammar rule whose words these are (several entries may share one, e.g. `trend_dir`).
    pub rule: &'static str,
    /// Every spelling, in the order the grammar tries them. The first Chinese one is the canonical
    /// spelling ([`Keyword::chinese`]).
    pub spellings: &'static [&'static str],
    /// The blocks in which it starts a statement (empty for a word inside a statement).
    pub places: &'static [Place],
    /// How the formatter lays out what it starts.
    pub layout: Layout,
    /// The position of its statement in an item, in the canonical layout (statements of an item are
    /// printed in the order of this rank; equal ranks keep their source order). `None` for a
    /// keyword that starts no item statement.
    pub item_rank: Option<u8>,
}

macro_rules! keywords {
    ($($(#[$doc:meta])* $name:ident = $rule:literal [$($spelling:literal),+] [$($place:ident),*] $layout:ident $rank:expr;)+) => {
        /// A keyword or fixed word of the language. [`ALL`] holds its [`Entry`].
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Keyword {
            $($(#[$doc])* $name,)+
        }

        /// Every keyword and fixed word, in the order of [`Keyword`].
        pub static ALL: &[Entry] = &[
            $(Entry {
                keyword: Keyword::$name,
                rule: $rule,
                spellings: &[$($spelling),+],
                places: &[$(Place::$place),*],
                layout: Layout::$layout,
                item_rank: $rank,
            },)+
        ];
    };
}

keywords! {
    // ------------------------------------------------------------ statements and their words
    /// `计划 "title" { … }`: the plan header.
    Plan = "kw_plan" ["plan", "计划"] [Top] Block None;
    /// `期间 2020`.
    Period = "kw_period" ["period", "期间"] [Plan] Line None;
    /// `机关 "…"`.
    Org = "kw_org" ["org", "机关"] [Plan] Line None;
    /// `导言 "…"`.
    Preamble = "kw_preamble" ["preamble", "导言"] [Plan] Line None;
    /// `引入 "file.plan"`.
    Include = "kw_include" ["include", "引入"] [Top] Line None;
    /// `计量单位 个 所`.
    Unit = "kw_unit" ["unit", "计量单位"] [Top] Line None;
    /// `部门 NAME`.
    Department = "kw_department" ["department", "部门"] [Top] Line None;
    /// `辖区 NAME`.
    District = "kw_district" ["district", "辖区"] [Top] Line None;
    /// `机构 NAME`.
    Institution = "kw_institution" ["institution", "机构"] [Top] Line None;
    /// `统称 NAME`: a collective owner (各街道, 区直各部门).
    Collective = "kw_collective" ["collective", "统称"] [Top] Line None;
    /// `分组 NAME = a, b`.
    Group = "kw_group" ["group", "分组"] [Top] Line None;
    /// `容量 3` in an owner declaration.
    Capacity = "kw_capacity" ["capacity", "容量"] [] Word None;
    /// `基线 NAME …`.
    Baseline = "kw_baseline" ["baseline", "基线"] [Top] Line None;
    /// `参照 NAME "…"`: a value not known in the plan (全市平均水平, 经济增长).
    Reference = "kw_reference" ["reference", "参照"] [Top] Line None;
    /// `上年实际 UNIT` in a baseline.
    Previous = "kw_previous" ["previous", "上年实际"] [] Word None;
    /// `主要目标 { … }`.
    Goals = "kw_goals" ["goals", "主要目标"] [Top] Block None;
    /// `部分 NAME "title" { … }`.
    Section = "kw_section" ["section", "部分"] [Top] Block None;
    /// `正文 "…"`.
    Text = "kw_text" ["text", "正文"] [Goals, Goal, Section, Item] Line Some(2);
    /// `目标 NAME "title" { … }`.
    Goal = "kw_goal" ["goal", "目标"] [Goals] Block None;
    /// `牵头 OWNER`.
    Lead = "kw_lead" ["lead", "牵头"] [Item] Line Some(0);
    /// `配合 a, b`.
    Support = "kw_support" ["support", "配合"] [Item] Line Some(1);
    /// `指标 NAME …`.
    Target = "kw_target" ["target", "指标"] [Goal, Item, ProgressItem] Line Some(3);
    /// `力争` in a target.
    Stretch = "kw_stretch" ["stretch", "力争"] [] Word None;
    /// `趋势 上升` in a target.
    Trend = "kw_trend" ["trend", "趋势"] [] Word None;
    /// `较 BASELINE 提高 …` in a target.
    Vs = "kw_vs" ["vs", "较"] [] Word None;
    /// `时限 WHEN`.
    Due = "kw_due" ["due", "时限"] [Item] Line Some(4);
    /// `开始 WHEN`.
    Start = "kw_start" ["start", "开始"] [Item] Line Some(5);
    /// `时段 WHEN`.
    Window = "kw_window" ["window", "时段"] [Item] Line Some(6);
    /// `工期 N UNIT`.
    Duration = "kw_duration" ["duration", "工期"] [Item] Line Some(7);
    /// `后于 a, b`.
    After = "kw_after" ["after", "后于"] [Item] Line Some(8);
    /// `依赖 a, b`.
    Needs = "kw_needs" ["needs", "依赖"] [Item] Line Some(8);
    /// `节点 NAME …`.
    Milestone = "kw_milestone" ["milestone", "节点"] [Item, ProgressItem] Line Some(9);
    /// `周期 NAME …`.
    Recur = "kw_recur" ["recur", "周期"] [Item, ProgressItem] Line Some(10);
    /// `标签 a, b`.
    Tags = "kw_tags" ["tags", "标签"] [Item] Line Some(11);
    /// `事项 NAME "title" { … }`; sub-items come last in an item.
    Item = "kw_item" ["item", "事项"] [Section, Item, Progress] Block Some(12);
    /// `其中 { … }`: a target's breakdown.
    Split = "kw_split" ["split", "其中"] [] Word None;
    /// `于 3月, 6月` in a recurrence.
    In = "kw_in" ["in", "于"] [] Word None;
    /// `截至 28日` in a recurrence.
    By = "kw_by" ["by", "截至"] [] Word None;
    /// `休息 DATE`.
    DayOff = "kw_dayoff" ["dayoff", "休息"] [Top] Line None;
    /// `补班 DATE`.
    Workday = "kw_workday" ["workday", "补班"] [Top] Line None;
    /// `假日 "file"`.
    Holidays = "kw_holidays" ["holidays", "假日"] [Plan] Line None;
    /// `学期 春季 DATE .. DATE`.
    Term = "kw_term" ["term", "学期"] [Plan] Line None;
    /// `编号 "一、" "（一）" …`: the numbering styles.
    Numbering = "kw_numbering" ["numbering", "编号"] [Plan] Line None;
    /// `分工 分行`: how the document notes owners.
    OwnerNote = "kw_owner_note" ["owner_note", "分工"] [Plan] Line None;
    /// `落款 "office" DATE`.
    Signed = "kw_signed" ["signed", "落款"] [Plan] Line None;
    /// `时限注明 "label"`: the document notes each item's deadline under this label.
    DueNote = "kw_due_note" ["due_note", "时限注明"] [Plan] Line None;
    /// `表格 COLUMN "heading", …`: the document is a table with these columns.
    Table = "kw_table" ["table", "表格"] [Plan] Line None;
    /// `类别 NAME ["display"]`: a category that labels parts of breakdowns.
    Category = "kw_category" ["category", "类别"] [Top] Line None;
    /// `分别 T1, T2 其中 { … }`: one breakdown of several targets.
    Respectively = "kw_respectively" ["respectively", "分别"] [Goal, Item] Line Some(3);
    /// `计数 …` after a target's value: what the number counts.
    Counts = "kw_counts" ["counts", "计数"] [] Word None;
    /// `子事项` after `计数`: the sub-items of the target's item.
    SubItems = "count_subitems" ["subitems", "子事项"] [] Word None;
    /// `已完成 NAME "name" [QUANTITY] [截至 WHEN]`: a result already achieved.
    Fact = "kw_fact" ["fact", "已完成"] [Goal, Section, Item] Line Some(3);

    // ------------------------------------------------------------ progress files
    /// `进展 "…" 截至 DATE`.
    Progress = "kw_progress" ["progress", "进展"] [Progress] Line None;
    /// `截至` in a progress header.
    AsOf = "kw_as_of" ["as_of", "截至"] [] Word None;
    /// `实际` in a progress file's target line.
    Actual = "kw_actual" ["actual", "实际"] [] Word None;
    /// `完成 DATE`.
    Done = "kw_done" ["done", "完成"] [ProgressItem] Line None;
    /// `完成情况 "…"`.
    Achieved = "kw_achieved" ["achieved", "完成情况"] [ProgressItem] Line None;
    /// `存在问题 "…"`.
    Problems = "kw_problems" ["problems", "存在问题"] [ProgressItem] Line None;
    /// `下步打算 "…"`.
    Next = "kw_next" ["next", "下步打算"] [ProgressItem] Line None;

    // ------------------------------------------------------------ words inside statements
    /// `按部分` after the numbering styles: items count from 1 in each section.
    PerSection = "kw_per_section" ["per_section", "按部分"] [] Word None;
    /// Spring term.
    Spring = "term_name" ["春季", "spring"] [] Word None;
    /// Autumn term.
    Autumn = "term_name" ["秋季", "autumn"] [] Word None;
    /// Owners in one note (`分工 合并`).
    NoteMerged = "note_style" ["合并", "merged"] [] Word None;
    /// Lead and supporting owners apart in one note (`分工 分列`).
    NoteSeparate = "note_style" ["分列", "separate"] [] Word None;
    /// Lead and supporting owners as lines of their own (`分工 分行`).
    NoteLines = "note_style" ["分行", "lines"] [] Word None;
    /// A table column: the item's number (`表格 序号 "序号"`).
    ColumnNumber = "column_kind" ["序号", "number"] [] Word None;
    /// A table column: the sub-items, one after another (`子事项 "工作举措及实施计划"`).
    ColumnSubItems = "column_kind" ["子事项", "subitems"] [] Word None;
    /// A table column: the item's title and text (`事项 "民生实事"`).
    ColumnItem = "column_kind" ["事项", "item"] [] Word None;
    /// A table column: the lead (`牵头 "责任单位"`).
    ColumnLead = "column_kind" ["牵头", "lead"] [] Word None;
    /// A table column: the supporting owners (`配合 "配合单位"`).
    ColumnSupport = "column_kind" ["配合", "support"] [] Word None;
    /// A table column: every owner, the lead first (`单位 "责任单位"`).
    ColumnOwners = "column_kind" ["单位", "owners"] [] Word None;
    /// A table column: the deadline (`时限 "完成时限"`).
    ColumnDue = "column_kind" ["时限", "due"] [] Word None;
    /// Every week.
    Weekly = "freq_weekly" ["weekly", "每周"] [] Word None;
    /// Every month.
    Monthly = "freq_monthly" ["monthly", "每月"] [] Word None;
    /// Every quarter.
    Quarterly = "freq_quarterly" ["quarterly", "每季度"] [] Word None;
    /// Over the whole period.
    Yearly = "freq_yearly" ["yearly", "全年", "每年"] [] Word None;
    /// A rising trend.
    TrendUp = "trend_dir" ["up", "上升"] [] Word None;
    /// A falling trend.
    TrendDown = "trend_dir" ["down", "下降"] [] Word None;
    /// A steady trend.
    TrendSteady = "trend_dir" ["steady", "保持"] [] Word None;
    /// A rise against a baseline.
    ChangeUp = "change_dir" ["up", "提高", "增加", "增长"] [] Word None;
    /// A fall against a baseline.
    ChangeDown = "change_dir" ["down", "降低", "减少", "下降"] [] Word None;
    /// In step with a reference (`同步 经济增长`).
    InStep = "kw_in_step" ["in_step", "同步"] [] Word None;
    /// `约` before an approximate value.
    About = "about" ["about", "约"] [] Word None;
    /// `左右` after an approximate value.
    OrSo = "or_so" ["or_so", "左右"] [] Word None;
    /// At least.
    AtLeast = "cmp_ge" [">=", "≥", "不低于", "不少于"] [] Word None;
    /// More than.
    MoreThan = "cmp_gt" [">", "超过", "逾", "超"] [] Word None;
    /// At most.
    AtMost = "cmp_le" ["<=", "≤", "不超过", "不高于"] [] Word None;
    /// Less than.
    LessThan = "cmp_lt" ["<", "低于", "少于"] [] Word None;
    /// Equal to.
    Equal = "cmp_eq" ["=", "达", "为"] [] Word None;
    /// `以上` after a value.
    Above = "cmp_suffix" ["以上"] [] Word None;
    /// `以下` after a value.
    Below = "cmp_suffix" ["以下"] [] Word None;
    /// Working days.
    Workdays = "duration_unit" ["工作日", "workdays", "workday"] [] Word None;
    /// Calendar days.
    Days = "duration_unit" ["天", "days", "day"] [] Word None;
    /// Weeks.
    Weeks = "duration_unit" ["周", "weeks", "week"] [] Word None;
    /// Months.
    Months = "duration_unit" ["个月", "months", "month"] [] Word None;
    /// The whole plan period as a date.
    WholePeriod = "whole_period" ["年内", "年底", "year"] [] Word None;
    /// 春节前.
    BeforeSpringFestival = "named_word" ["春节前"] [] Word None;
    /// 春节后.
    AfterSpringFestival = "named_word" ["春节后"] [] Word None;
    /// 开学前.
    BeforeSchool = "named_word" ["开学前"] [] Word None;
    /// 暑期, 暑假.
    Summer = "named_word" ["暑期", "暑假"] [] Word None;
    /// 寒假.
    Winter = "named_word" ["寒假"] [] Word None;
    /// 春季学期.
    SpringTerm = "named_word" ["春季学期"] [] Word None;
    /// 秋季学期.
    AutumnTerm = "named_word" ["秋季学期"] [] Word None;
    /// 年中.
    MidYear = "named_word" ["年中"] [] Word None;
    /// 汛期前.
    BeforeFloodSeason = "named_word" ["汛期前"] [] Word None;
}

/// The grammar rules whose words this table lists, besides every rule named `kw_*`, `freq_*` or
/// `cmp_*` (the test of this module holds the table and these rules of `grammar/plan.pest` together).
pub const VOCABULARY_RULES: &[&str] = &[
    "term_name",
    "note_style",
    "trend_dir",
    "change_dir",
    "about",
    "or_so",
    "cmp_suffix",
    "duration_unit",
    "whole_period",
    "named_word",
    "count_subitems",
    "column_kind",
];

/// How rules listing several words are named in "expected …" messages.
const FAMILIES: &[Family] = &[
    Family {
        rule: "frequency",
        intro: "a frequency (",
    },
    Family {
        rule: "duration_unit",
        intro: "a duration unit (",
    },
    Family {
        rule: "trend_dir",
        intro: "",
    },
    Family {
        rule: "change_dir",
        intro: "",
    },
    Family {
        rule: "cmp_suffix",
        intro: "",
    },
    Family {
        rule: "owner_kind",
        intro: "",
    },
    Family {
        rule: "note_style",
        intro: "",
    },
    Family {
        rule: "note_style",
        intro: "",
    },
];

impl Keyword {
    /// Its entry in [`ALL`].
    pub fn entry(self) -> &'static Entry {
        &ALL[self as usize]
    }

    /// Every spelling the grammar accepts, in the order it tries them.
    pub fn spellings(self) -> &'static [&'static str] {
        self.entry().spellings
    }

    /// Whether `word` is one of its spellings.
    pub fn is(self, word: &str) -> bool {
        self.spellings().contains(&word)
    }

    /// The canonical (first Chinese) spelling, as prose, messages and `diff` show it; the first
    /// spelling when none is Chinese.
    pub fn chinese(self) -> &'static str {
        let spellings = self.spellings();
        spellings
            .iter()
            .find(|s| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
            .or(spellings.first())
            .copied()
            .unwrap_or_default()
    }

    /// The English spelling (the first ASCII word), if it has one.
    pub fn english(self) -> Option<&'static str> {
        self.spellings()
            .iter()
            .find(|s| s.bytes().all(|b| b.is_ascii_alphabetic() || b == b'_'))
            .copied()
    }

    /// Its name in "expected …" messages: "`计划` (plan)", or "`以上`" for a word without an
    /// English spelling.
    pub fn expected(self) -> String {
        match self.english() {
            Some(english) => format!("`{}` ({english})", self.chinese()),
            None => format!("`{}`", self.chinese()),
        }
    }

    /// How the formatter lays out what it starts.
    pub fn layout(self) -> Layout {
        self.entry().layout
    }

    /// The position of its statement in an item's canonical layout (see [`Entry::item_rank`]).
    pub fn item_rank(self) -> Option<u8> {
        self.entry().item_rank
    }

    /// The blocks in which it starts a statement.
    pub fn places(self) -> &'static [Place] {
        self.entry().places
    }
}

/// How many buckets [`INDEX`] has (a power of two).
const BUCKETS: usize = 512;

/// Every (spelling, keyword) pair, by the hash of the spelling: the parsers look up a word for
/// every statement they read, so a look-up is one short hash and a bucket of one or two entries.
/// Within a bucket the pairs are in table order.
static INDEX: LazyLock<Vec<Vec<(&'static str, Keyword)>>> = LazyLock::new(|| {
    let mut buckets = vec![Vec::new(); BUCKETS];
    for entry in ALL {
        for spelling in entry.spellings {
            if let Some(bucket) = buckets.get_mut(bucket_of(spelling)) {
                bucket.push((*spelling, entry.keyword));
            }
        }
    }
    buckets
});

/// The bucket of a word in [`INDEX`] (FNV-1a).
fn bucket_of(word: &str) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in word.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (BUCKETS - 1)
}

/// Every keyword `spelling` belongs to, in table order (`截至` is [`Keyword::By`] and
/// [`Keyword::AsOf`]; `up` is [`Keyword::TrendUp`] and [`Keyword::ChangeUp`]).
pub fn lookup_all(spelling: &str) -> impl Iterator<Item = Keyword> + '_ {
    INDEX
        .get(bucket_of(spelling))
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(move |(s, _)| *s == spelling)
        .map(|(_, keyword)| *keyword)
}

/// The first keyword (in table order) `spelling` belongs to.
pub fn lookup(spelling: &str) -> Option<Keyword> {
    lookup_all(spelling).next()
}

/// The keyword that `word` starts a statement with in `place`, if any.
pub fn statement(place: Place, word: &str) -> Option<Keyword> {
    lookup_all(word).find(|keyword| keyword.places().contains(&place))
}

/// The keywords that start a statement in `place`, in table order (the grammar's order).
pub fn statements(place: Place) -> impl Iterator<Item = Keyword> {
    ALL.iter()
        .filter(move |entry| entry.places.contains(&place))
        .map(|entry| entry.keyword)
}

/// The keywords of one grammar rule, in table order.
pub fn of_rule(rule: &str) -> impl Iterator<Item = Keyword> + '_ {
    ALL.iter()
        .filter(move |entry| entry.rule == rule)
        .map(|entry| entry.keyword)
}

/// How a grammar rule of this table is named in an "expected …" message: "`计划` (plan)" for a
/// keyword, "a frequency (`每周`, `每月`, `每季度` or `全年`)" for a rule listing several words.
/// `None` for a rule this table does not name.
pub fn expected(rule: &str) -> Option<String> {
    let family = FAMILIES.iter().find(|family| family.rule == rule);
    let words: Vec<Keyword> = match rule {
        "frequency" => FREQUENCIES.to_vec(),
        "owner_kind" => vec![
            Keyword::Department,
            Keyword::District,
            Keyword::Institution,
            Keyword::Collective,
        ],
        _ => of_rule(rule).collect(),
    };
    match (family, words.as_slice()) {
        (None, [one]) => Some(one.expected()),
        (Some(family), [_, ..]) => {
            let shown: Vec<String> = words.iter().map(|k| format!("`{}`", k.chinese())).collect();
            let list = match shown.as_slice() {
                [one] => one.clone(),
                [init @ .., last] => format!("{} or {last}", init.join(", ")),
                [] => String::new(),
            };
            Some(if family.intro.is_empty() {
                list
            } else {
                format!("{}{list})", family.intro)
            })
        }
        _ => None,
    }
}

/// The frequencies, in the grammar's order (`frequency`).
pub const FREQUENCIES: &[Keyword] = &[
    Keyword::Weekly,
    Keyword::Monthly,
    Keyword::Quarterly,
    Keyword::Yearly,
];

/// The words of `trend_dir`.
pub const TREND_DIRECTIONS: &[Keyword] =
    &[Keyword::TrendUp, Keyword::TrendDown, Keyword::TrendSteady];

/// The words of `duration_unit`.
pub const DURATION_UNITS: &[Keyword] = &[
    Keyword::Workdays,
    Keyword::Days,
    Keyword::Weeks,
    Keyword::Months,
];

/// The comparisons, in the grammar's order (`comparison`).
pub const COMPARISONS: &[Keyword] = &[
    Keyword::AtLeast,
    Keyword::MoreThan,
    Keyword::AtMost,
    Keyword::LessThan,
    Keyword::Equal,
];

/// The words that can never be a unit (the grammar's `reserved`): they may follow a value.
pub const RESERVED: &[Keyword] = &[
    Keyword::Above,
    Keyword::Below,
    Keyword::Split,
    Keyword::In,
    Keyword::By,
    Keyword::Due,
    Keyword::OrSo,
    Keyword::Counts,
];

/// Whether `word` is a spelling of a [`RESERVED`] word.
pub fn is_reserved(word: &str) -> bool {
    RESERVED.iter().any(|keyword| keyword.is(word))
}

/// The words of `note_style` (`分工 合并`).
pub const NOTE_STYLES: &[Keyword] = &[
    Keyword::NoteMerged,
    Keyword::NoteSeparate,
    Keyword::NoteLines,
];

/// The words of `column_kind` (`表格 序号 "序号", …`).
pub const COLUMN_KINDS: &[Keyword] = &[
    Keyword::ColumnNumber,
    Keyword::ColumnSubItems,
    Keyword::ColumnItem,
    Keyword::ColumnLead,
    Keyword::ColumnSupport,
    Keyword::ColumnOwners,
    Keyword::ColumnDue,
];

/// The table column a `column_kind` word names.
pub fn column_kind(keyword: Keyword) -> Option<super::ast::Column> {
    use super::ast::Column;
    Some(match keyword {
        Keyword::ColumnNumber => Column::Number,
        Keyword::ColumnSubItems => Column::SubItems,
        Keyword::ColumnItem => Column::Item,
        Keyword::ColumnLead => Column::Lead,
        Keyword::ColumnSupport => Column::Support,
        Keyword::ColumnOwners => Column::Owners,
        Keyword::ColumnDue => Column::Due,
        _ => return None,
    })
}

/// The style of owner notes a `note_style` word names.
pub fn note_style(keyword: Keyword) -> Option<super::ast::OwnerNote> {
    use super::ast::OwnerNote;
    Some(match keyword {
        Keyword::NoteMerged => OwnerNote::Merged,
        Keyword::NoteSeparate => OwnerNote::Separate,
        Keyword::NoteLines => OwnerNote::Lines,
        _ => return None,
    })
}

/// The keyword of a recurrence frequency.
pub fn of_frequency(frequency: Frequency) -> Keyword {
    match frequency {
        Frequency::Weekly => Keyword::Weekly,
        Frequency::Monthly => Keyword::Monthly,
        Frequency::Quarterly => Keyword::Quarterly,
        Frequency::Yearly => Keyword::Yearly,
    }
}

/// The frequency a keyword names.
pub fn frequency(keyword: Keyword) -> Option<Frequency> {
    Some(match keyword {
        Keyword::Weekly => Frequency::Weekly,
        Keyword::Monthly => Frequency::Monthly,
        Keyword::Quarterly => Frequency::Quarterly,
        Keyword::Yearly => Frequency::Yearly,
        _ => return None,
    })
}

/// The direction a trend or change word names.
pub fn direction(keyword: Keyword) -> Option<TrendDirection> {
    Some(match keyword {
        Keyword::TrendUp | Keyword::ChangeUp => TrendDirection::Up,
        Keyword::TrendDown | Keyword::ChangeDown => TrendDirection::Down,
        Keyword::TrendSteady => TrendDirection::Steady,
        _ => return None,
    })
}

/// The direction of a trend (`trend_dir`) or change (`change_dir`) word, as both parsers read it:
/// a word of neither rule reads as steady (the grammar has matched it before).
pub fn direction_of(word: &str) -> TrendDirection {
    lookup_all(word)
        .find_map(direction)
        .unwrap_or(TrendDirection::Steady)
}

/// The comparison a comparison word or symbol names.
pub fn comparison(keyword: Keyword) -> Option<Comparison> {
    Some(match keyword {
        Keyword::AtLeast => Comparison::Ge,
        Keyword::MoreThan => Comparison::Gt,
        Keyword::AtMost => Comparison::Le,
        Keyword::LessThan => Comparison::Lt,
        Keyword::Equal => Comparison::Eq,
        _ => return None,
    })
}

/// The keyword of a comparison.
pub fn of_comparison(comparison: Comparison) -> Keyword {
    match comparison {
        Comparison::Ge => Keyword::AtLeast,
        Comparison::Gt => Keyword::MoreThan,
        Comparison::Le => Keyword::AtMost,
        Comparison::Lt => Keyword::LessThan,
        Comparison::Eq => Keyword::Equal,
        Comparison::InStep => Keyword::InStep,
    }
}

/// The unit a duration unit word names.
pub fn duration_unit(keyword: Keyword) -> Option<DurationUnit> {
    Some(match keyword {
        Keyword::Workdays => DurationUnit::Workdays,
        Keyword::Days => DurationUnit::Days,
        Keyword::Weeks => DurationUnit::Weeks,
        Keyword::Months => DurationUnit::Months,
        _ => return None,
    })
}

/// The keyword of a duration unit.
pub fn of_duration_unit(unit: DurationUnit) -> Keyword {
    match unit {
        DurationUnit::Workdays => Keyword::Workdays,
        DurationUnit::Days => Keyword::Days,
        DurationUnit::Weeks => Keyword::Weeks,
        DurationUnit::Months => Keyword::Months,
    }
}

/// The named time a keyword names.
pub fn named_time(keyword: Keyword) -> Option<NamedTime> {
    Some(match keyword {
        Keyword::BeforeSpringFestival => NamedTime::BeforeSpringFestival,
        Keyword::AfterSpringFestival => NamedTime::AfterSpringFestival,
        Keyword::BeforeSchool => NamedTime::BeforeSchool,
        Keyword::Summer => NamedTime::Summer,
        Keyword::Winter => NamedTime::Winter,
        Keyword::SpringTerm => NamedTime::SpringTerm,
        Keyword::AutumnTerm => NamedTime::AutumnTerm,
        Keyword::MidYear => NamedTime::MidYear,
        Keyword::BeforeFloodSeason => NamedTime::BeforeFloodSeason,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pest_meta::ast::{Expr, Rule as GrammarRule};
    use std::collections::{BTreeMap, BTreeSet};

    const GRAMMAR: &str = include_str!("../../grammar/plan.pest");

    fn grammar() -> Vec<GrammarRule> {
        let pairs = pest_meta::parser::parse(pest_meta::parser::Rule::grammar_rules, GRAMMAR)
            .unwrap_or_else(|e| panic!("grammar/plan.pest does not parse: {e}"));
        pest_meta::parser::consume_rules(pairs)
            .unwrap_or_else(|e| panic!("grammar/plan.pest does not parse: {e:?}"))
    }

    /// Every string literal of an expression.
    fn literals(expr: &Expr, out: &mut Vec<String>) {
        match expr {
            Expr::Str(s) | Expr::Insens(s) => out.push(s.clone()),
            Expr::PosPred(e)
            | Expr::NegPred(e)
            | Expr::Opt(e)
            | Expr::Rep(e)
            | Expr::RepOnce(e)
            | Expr::RepExact(e, _)
            | Expr::RepMin(e, _)
            | Expr::RepMax(e, _)
            | Expr::RepMinMax(e, _, _)
            | Expr::Push(e) => literals(e, out),
            Expr::Seq(a, b) | Expr::Choice(a, b) => {
                literals(a, out);
                literals(b, out);
            }
            _ => {}
        }
    }

    /// Literals of an expression outside negative look-aheads (`!reserved ~ …` names no word).
    fn is_vocabulary(rule: &str) -> bool {
        rule.starts_with("kw_")
            || rule.starts_with("freq_")
            || (rule.starts_with("cmp_") && rule != "cmp_end")
            || VOCABULARY_RULES.contains(&rule)
    }

    #[test]
    fn the_table_and_the_grammar_name_the_same_words() {
        let rules = grammar();
        let mut grammar_words: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for rule in &rules {
            if is_vocabulary(&rule.name) {
                let mut words = Vec::new();
                literals(&rule.expr, &mut words);
                grammar_words
                    .entry(rule.name.clone())
                    .or_default()
                    .extend(words);
            }
        }
        let mut table_words: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for entry in ALL {
            let words = table_words.entry(entry.rule.to_string()).or_default();
            for spelling in entry.spellings {
                assert!(
                    words.insert(spelling.to_string()),
                    "`{spelling}` is listed twice for rule {}",
                    entry.rule
                );
            }
        }
        for (rule, words) in &grammar_words {
            let table = table_words.get(rule).cloned().unwrap_or_default();
            let missing: Vec<&String> = words.difference(&table).collect();
            assert!(
                missing.is_empty(),
                "grammar/plan.pest's rule {rule} accepts {missing:?}, which src/syntax/keywords.rs does not list: add them to its table"
            );
            let extra: Vec<&String> = table.difference(words).collect();
            assert!(
                extra.is_empty(),
                "src/syntax/keywords.rs lists {extra:?} for rule {rule}, which grammar/plan.pest does not accept"
            );
        }
        for rule in table_words.keys() {
            assert!(
                grammar_words.contains_key(rule),
                "src/syntax/keywords.rs names rule {rule}, which grammar/plan.pest does not have (or this test does not read: see VOCABULARY_RULES)"
            );
        }
    }

    /// The keyword rules that start the statements of a block rule, in the grammar's order.
    fn statement_keywords(rules: &[GrammarRule], name: &str, out: &mut Vec<String>) {
        let Some(rule) = rules.iter().find(|r| r.name == name) else {
            panic!("grammar/plan.pest has no rule {name}");
        };
        fn first_ident(expr: &Expr) -> Option<&str> {
            match expr {
                Expr::Ident(name) => Some(name),
                Expr::Seq(first, _) => first_ident(first),
                _ => None,
            }
        }
        fn alternatives<'e>(expr: &'e Expr, out: &mut Vec<&'e Expr>) {
            match expr {
                Expr::Choice(a, b) => {
                    alternatives(a, out);
                    alternatives(b, out);
                }
                other => out.push(other),
            }
        }
        let mut choices = Vec::new();
        alternatives(&rule.expr, &mut choices);
        for choice in choices {
            let Some(first) = first_ident(choice) else {
                continue;
            };
            if first.starts_with("kw_") {
                out.push(first.to_string());
            } else if rules.iter().any(|r| r.name == first) && !out.contains(&first.to_string()) {
                statement_keywords(rules, first, out);
            }
        }
    }

    #[test]
    fn statements_of_each_block_are_the_grammars() {
        let rules = grammar();
        for (place, rule) in [
            (Place::Top, "top_stmt"),
            (Place::Plan, "plan_stmt"),
            (Place::Goals, "goals_stmt"),
            (Place::Goal, "goal_stmt"),
            (Place::Section, "section_stmt"),
            (Place::Item, "item_stmt"),
            (Place::Progress, "progress_top"),
            (Place::ProgressItem, "progress_stmt"),
        ] {
            let mut grammar = Vec::new();
            statement_keywords(&rules, rule, &mut grammar);
            let mut table: Vec<String> = statements(place)
                .map(|k| k.entry().rule.to_string())
                .collect();
            // Messages list the statements of plan files in the grammar's order; progress files
            // share keywords with plans, so only the set is held there.
            if matches!(place, Place::Progress | Place::ProgressItem) {
                table.sort();
                grammar.sort();
            }
            assert_eq!(
                table, grammar,
                "the statements of {place:?} in the keyword table (places) differ from grammar/plan.pest's {rule}"
            );
        }
    }

    /// GRAMMAR.md's table of keywords names only spellings of this table.
    #[test]
    fn the_grammar_page_names_table_spellings() {
        let page = include_str!("../../GRAMMAR.md");
        let start = page
            .find("\n## Keywords")
            .expect("GRAMMAR.md has a section Keywords");
        let rest = &page[start + 1..];
        let end = rest.find("\n## ").unwrap_or(rest.len());
        let mut named = 0;
        for line in rest[..end].lines().filter(|l| l.starts_with("| `")) {
            let cells: Vec<&str> = line.split('|').collect();
            for cell in cells.iter().skip(1).take(2) {
                for word in cell.split('`').skip(1).step_by(2) {
                    for word in word.split('/') {
                        named += 1;
                        assert!(
                            lookup(word.trim()).is_some(),
                            "GRAMMAR.md's keyword table names `{word}`, which src/syntax/keywords.rs does not list"
                        );
                    }
                }
            }
        }
        assert!(
            named > 60,
            "read only {named} words of GRAMMAR.md's keyword table"
        );
    }

    #[test]
    fn reserved_words_are_keywords() {
        let rules = grammar();
        let reserved = rules
            .iter()
            .find(|r| r.name == "reserved")
            .expect("grammar/plan.pest has a rule `reserved`");
        let mut words = Vec::new();
        literals(&reserved.expr, &mut words);
        assert!(!words.is_empty());
        let table: BTreeSet<String> = RESERVED
            .iter()
            .flat_map(|k| k.spellings().iter().map(|s| s.to_string()))
            .collect();
        assert_eq!(
            words.into_iter().collect::<BTreeSet<String>>(),
            table,
            "the grammar's `reserved` and keywords::RESERVED differ"
        );
        for (list, rules) in [
            (
                FREQUENCIES,
                &[
                    "freq_weekly",
                    "freq_monthly",
                    "freq_quarterly",
                    "freq_yearly",
                ][..],
            ),
            (TREND_DIRECTIONS, &["trend_dir"][..]),
            (DURATION_UNITS, &["duration_unit"][..]),
            (
                COMPARISONS,
                &["cmp_ge", "cmp_gt", "cmp_le", "cmp_lt", "cmp_eq"][..],
            ),
        ] {
            let of_rules: Vec<Keyword> = rules.iter().flat_map(|rule| of_rule(rule)).collect();
            assert_eq!(list, of_rules.as_slice());
        }
    }

    #[test]
    fn the_table_is_in_the_order_of_the_enum() {
        for (index, entry) in ALL.iter().enumerate() {
            assert_eq!(entry.keyword as usize, index, "{:?}", entry.keyword);
            assert!(!entry.spellings.is_empty());
            assert_eq!(
                entry.layout == Layout::Word,
                entry.places.is_empty(),
                "{:?}: a word inside statements starts none, and only it",
                entry.keyword
            );
        }
    }

    #[test]
    fn lookups_find_every_spelling() {
        for entry in ALL {
            for spelling in entry.spellings {
                assert!(lookup_all(spelling).any(|k| k == entry.keyword));
                assert!(entry.keyword.is(spelling));
            }
            for place in entry.places {
                for spelling in entry.spellings {
                    assert_eq!(statement(*place, spelling), Some(entry.keyword));
                }
            }
        }
        assert_eq!(lookup("每季度"), Some(Keyword::Quarterly));
        assert_eq!(lookup("截至"), Some(Keyword::By));
        assert_eq!(
            lookup_all("截至").collect::<Vec<_>>(),
            vec![Keyword::By, Keyword::AsOf]
        );
        assert_eq!(statement(Place::Item, "计划"), None);
        assert_eq!(lookup("计"), None);
        assert_eq!(lookup(""), None);
    }

    #[test]
    fn names_in_messages() {
        assert_eq!(Keyword::Plan.expected(), "`计划` (plan)");
        assert_eq!(Keyword::Quarterly.chinese(), "每季度");
        assert_eq!(Keyword::Workdays.chinese(), "工作日");
        assert_eq!(Keyword::AtLeast.chinese(), "不低于");
        assert_eq!(Keyword::AsOf.english(), Some("as_of"));
        for (rule, named) in [
            ("kw_item", "`事项` (item)"),
            (
                "frequency",
                "a frequency (`每周`, `每月`, `每季度` or `全年`)",
            ),
            (
                "duration_unit",
                "a duration unit (`工作日`, `天`, `周` or `个月`)",
            ),
            ("trend_dir", "`上升`, `下降` or `保持`"),
            ("change_dir", "`提高` or `降低`"),
            ("cmp_suffix", "`以上` or `以下`"),
            ("owner_kind", "`部门`, `辖区`, `机构` or `统称`"),
            ("note_style", "`合并`, `分列` or `分行`"),
        ] {
            assert_eq!(expected(rule).as_deref(), Some(named), "{rule}");
        }
        assert_eq!(expected("string"), None);
    }

    #[test]
    fn values_and_keywords_map_both_ways() {
        for keyword in ALL.iter().map(|e| e.keyword) {
            if let Some(f) = frequency(keyword) {
                assert_eq!(of_frequency(f), keyword);
            }
            if let Some(c) = comparison(keyword) {
                assert_eq!(of_comparison(c), keyword);
            }
            if let Some(u) = duration_unit(keyword) {
                assert_eq!(of_duration_unit(u), keyword);
            }
            if let Some(n) = named_time(keyword) {
                for spelling in keyword.spellings() {
                    assert_eq!(NamedTime::from_word(spelling), Some(n));
                }
            }
        }
        assert_eq!(direction_of("增加"), TrendDirection::Up);
        assert_eq!(direction_of("down"), TrendDirection::Down);
        assert_eq!(direction_of("保持"), TrendDirection::Steady);
    }
}
