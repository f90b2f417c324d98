//! Progress files: text to syntax tree, with the pest grammar of `grammar/plan.pest`
//! (`progress_file`). Parsing never fails: every line that is not a statement is reported, and the
//! statements that did parse are kept.

use crate::diagnostic::{Diagnostic, Problem};
use crate::source::{FileId, Span, Spanned};
use jiff::civil::Date;
use pest::Parser;
use pest::iterators::Pair;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/plan.pest"]
struct ProgressParser;

/// How an item stands, as reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 未启动.
    NotStarted,
    /// 推进中.
    InProgress,
    /// 已完成.
    Done,
    /// 滞后.
    Behind,
    /// 暂缓.
    Paused,
}

impl Status {
    /// Every status, in the order reports list them.
    pub const ALL: [Status; 5] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Behind,
        Status::Paused,
        Status::Done,
    ];

    /// The Chinese word.
    pub fn zh(self) -> &'static str {
        match self {
            Status::NotStarted => "未启动",
            Status::InProgress => "推进中",
            Status::Done => "已完成",
            Status::Behind => "滞后",
            Status::Paused => "暂缓",
        }
    }

    /// The English word (the alias in progress files and the name in JSON).
    pub fn en(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Behind => "behind",
            Status::Paused => "paused",
        }
    }

    /// The status written as `word` (Chinese or English), if it is one.
    pub fn from_word(word: &str) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|status| status.zh() == word || status.en() == word)
    }
}

/// One progress file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct File {
    /// `进展 "plan title" 截至 DATE`.
    pub header: Option<Header>,
    /// Item entries, in order.
    pub items: Vec<ItemEntry>,
}

/// The header: which plan, as of which day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// The plan's title.
    pub plan: Spanned<String>,
    /// The reporting date.
    pub as_of: Spanned<Date>,
    /// The whole statement.
    pub span: Span,
}

/// How far one item got.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemEntry {
    /// The item's identifier.
    pub id: Spanned<String>,
    /// The status reported.
    pub status: Option<Spanned<Status>>,
    /// Per cent complete.
    pub percent: Option<Spanned<Decimal>>,
    /// Actual values of targets.
    pub actuals: Vec<Actual>,
    /// Milestones done.
    pub milestones: Vec<MilestoneDone>,
    /// Occurrences of recurrences done.
    pub recurrences: Vec<RecurrenceDone>,
    /// When the item was finished.
    pub done: Option<Spanned<Date>>,
    /// 完成情况.
    pub achieved: Option<Spanned<String>>,
    /// 存在问题.
    pub problems: Option<Spanned<String>>,
    /// 下步打算.
    pub next: Option<Spanned<String>>,
}

impl ItemEntry {
    /// The entry of item `id`, with nothing reported yet.
    pub fn new(id: Spanned<String>) -> ItemEntry {
        ItemEntry {
            id,
            status: None,
            percent: None,
            actuals: Vec::new(),
            milestones: Vec::new(),
            recurrences: Vec::new(),
            done: None,
            achieved: None,
            problems: None,
            next: None,
        }
    }
}

/// `指标 ID 实际 VALUE UNIT`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actual {
    /// The target's identifier.
    pub target: Spanned<String>,
    /// The exact value.
    pub value: Decimal,
    /// The number as written (`1.2万`).
    pub written: String,
    /// The unit as written.
    pub unit: Option<Spanned<String>>,
    /// The value and unit.
    pub span: Span,
}

/// `节点 ID 完成 DATE`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MilestoneDone {
    /// The milestone's identifier.
    pub id: Spanned<String>,
    /// When it was done.
    pub date: Spanned<Date>,
}

/// `周期 ID 完成 DATE, DATE, …`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecurrenceDone {
    /// The recurrence's identifier.
    pub id: Spanned<String>,
    /// When each occurrence was done, in order.
    pub dates: Vec<Spanned<Date>>,
}

impl File {
    /// Moves every span of the tree into `file`: a tree parsed before its file had an id (see
    /// [`super::prepare`]) gets it here. Every field is named, so a new one cannot be missed.
    pub fn place(&mut self, file: FileId) {
        let File { header, items } = self;
        if let Some(Header { plan, as_of, span }) = header {
            plan.span.file = file;
            as_of.span.file = file;
            span.file = file;
        }
        for entry in items {
            let ItemEntry {
                id,
                status,
                percent,
                actuals,
                milestones,
                recurrences,
                done,
                achieved,
                problems,
                next,
            } = entry;
            id.span.file = file;
            if let Some(status) = status {
                status.span.file = file;
            }
            if let Some(percent) = percent {
                percent.span.file = file;
            }
            for Actual {
                target,
                value: _,
                written: _,
                unit,
                span,
            } in actuals
            {
                target.span.file = file;
                if let Some(unit) = unit {
                    unit.span.file = file;
                }
                span.file = file;
            }
            for MilestoneDone { id, date } in milestones {
                id.span.file = file;
                date.span.file = file;
            }
            for RecurrenceDone { id, dates } in recurrences {
                id.span.file = file;
                for date in dates {
                    date.span.file = file;
                }
            }
            if let Some(done) = done {
                done.span.file = file;
            }
            for text in [achieved, problems, next].into_iter().flatten() {
                text.span.file = file;
            }
        }
    }
}

/// Parses one progress file: with the fast parser ([`super::fast`]) when it takes the text, else
/// with pest, which reports every problem.
pub fn parse(file: FileId, text: &str) -> (File, Vec<Diagnostic>) {
    match super::fast::parse(file, text) {
        Some(tree) => (tree, Vec::new()),
        None => parse_with_pest(file, text),
    }
}

/// Parses one progress file with the pest grammar, the parser of record.
pub fn parse_with_pest(file: FileId, text: &str) -> (File, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut tree = File::default();
    let root = match ProgressParser::parse(Rule::progress_file, text) {
        Ok(mut pairs) => pairs.next(),
        Err(error) => {
            // The recovery rules accept any text; this is only reached on pathological input.
            let start = match error.location {
                pest::error::InputLocation::Pos(at) => at,
                pest::error::InputLocation::Span((at, _)) => at,
            };
            diagnostics.push(
                Problem::ProgressUnreadable {
                    span: Span::new(file, start, start),
                }
                .into(),
            );
            None
        }
    };
    let mut lower = Lower {
        file,
        year: None,
        diagnostics: &mut diagnostics,
    };
    if let Some(root) = root {
        for pair in root.into_inner() {
            match pair.as_rule() {
                Rule::progress_header => {
                    let header = lower.header(pair);
                    if let Some(header) = header {
                        if let Some(first) = &tree.header {
                            lower.diagnostics.push(
                                Problem::ProgressHeaderTwice {
                                    span: header.span,
                                    first: first.span,
                                }
                                .into(),
                            );
                        } else {
                            tree.header = Some(header);
                        }
                    }
                }
                Rule::item_progress => tree.items.push(lower.item(pair)),
                Rule::line_end | Rule::EOI => {}
                _ => lower.recovery(&pair, Context::Top),
            }
        }
    }
    (tree, diagnostics)
}

#[derive(Clone, Copy)]
enum Context {
    Top,
    Item,
}

struct Lower<'a> {
    file: FileId,
    /// The year of the header's date, for dates written `6月30日`.
    year: Option<i16>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl Lower<'_> {
    fn span(&self, pair: &Pair<'_, Rule>) -> Span {
        let span = pair.as_span();
        let text = span.as_str();
        let trimmed = text.trim_end_matches([' ', '\t', '\u{3000}', '\r', '\n']);
        let trimmed = match crate::syntax::comment_start(trimmed) {
            Some(at) if !trimmed.contains('\n') => trimmed
                .get(..at)
                .unwrap_or(trimmed)
                .trim_end_matches([' ', '\t', '\u{3000}']),
            _ => trimmed,
        };
        Span::new(self.file, span.start(), span.start() + trimmed.len())
    }

    fn name(&self, pair: &Pair<'_, Rule>) -> Spanned<String> {
        Spanned::new(pair.as_str().to_string(), self.span(pair))
    }

    fn recovery(&mut self, pair: &Pair<'_, Rule>, context: Context) {
        let span = self.span(pair);
        let problem = match pair.as_rule() {
            Rule::bad_stmt => Problem::ProgressStatement {
                text: excerpt(pair.as_str()),
                in_item: matches!(context, Context::Item),
                span,
            },
            Rule::stray_open | Rule::stray_close => Problem::Stray {
                open: pair.as_rule() == Rule::stray_open,
                progress: true,
                span,
            },
            _ => return,
        };
        self.diagnostics.push(problem.into());
    }

    fn header(&mut self, pair: Pair<'_, Rule>) -> Option<Header> {
        let span = self.span(&pair);
        let mut plan = None;
        let mut as_of = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::string => plan = Some(self.string(part)),
                Rule::progress_date => {
                    // The header's own date must be complete: later dates take their year from it.
                    let text = part.as_str().trim();
                    if !text.contains('-') {
                        let date_span = self.span(&part);
                        self.diagnostics
                            .push(Problem::ReportingDateYear { span: date_span }.into());
                    } else {
                        as_of = self.date(part);
                    }
                }
                _ => {}
            }
        }
        if let Some(date) = &as_of {
            self.year = Some(date.node.year());
        }
        Some(Header {
            plan: plan?,
            as_of: as_of?,
            span,
        })
    }

    fn item(&mut self, pair: Pair<'_, Rule>) -> ItemEntry {
        let mut entry = ItemEntry::new(Spanned::new(String::new(), self.span(&pair)));
        let opened = self.span(&pair);
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => entry.id = self.name(&part),
                Rule::progress_status => {
                    let span = self.span(&part);
                    match Status::from_word(part.as_str()) {
                        Some(status) => entry.status = Some(Spanned::new(status, span)),
                        None => {
                            let words = Status::ALL.iter().flat_map(|s| [s.zh(), s.en()]);
                            self.diagnostics.push(
                                Problem::UnknownStatus {
                                    written: part.as_str().to_string(),
                                    suggestion: crate::diagnostic::closest(part.as_str(), words),
                                    span,
                                }
                                .into(),
                            );
                        }
                    }
                }
                Rule::progress_percent => {
                    let span = self.span(&part);
                    let digits = part.as_str().trim_end_matches(['%', '％']);
                    entry.percent = self.decimal(digits, span).map(|v| Spanned::new(v, span));
                }
                Rule::actual_stmt => {
                    if let Some(actual) = self.actual(part) {
                        entry.actuals.push(actual);
                    }
                }
                Rule::milestone_done => {
                    let mut id = None;
                    let mut date = None;
                    for inner in part.into_inner() {
                        match inner.as_rule() {
                            Rule::ident => id = Some(self.name(&inner)),
                            Rule::progress_date => date = self.date(inner),
                            _ => {}
                        }
                    }
                    if let (Some(id), Some(date)) = (id, date) {
                        entry.milestones.push(MilestoneDone { id, date });
                    }
                }
                Rule::recur_done => {
                    let mut id = None;
                    let mut dates = Vec::new();
                    for inner in part.into_inner() {
                        match inner.as_rule() {
                            Rule::ident => id = Some(self.name(&inner)),
                            Rule::progress_date => dates.extend(self.date(inner)),
                            _ => {}
                        }
                    }
                    if let Some(id) = id {
                        entry.recurrences.push(RecurrenceDone { id, dates });
                    }
                }
                Rule::item_done => {
                    let span = self.span(&part);
                    let date = part
                        .into_inner()
                        .find(|inner| inner.as_rule() == Rule::progress_date)
                        .and_then(|inner| self.date(inner));
                    if entry.done.is_some() {
                        self.repeated(span, "完成");
                    } else {
                        entry.done = date;
                    }
                }
                Rule::achieved_stmt | Rule::problems_stmt | Rule::next_stmt => {
                    let rule = part.as_rule();
                    let span = self.span(&part);
                    let text = part
                        .into_inner()
                        .find(|inner| inner.as_rule() == Rule::string)
                        .map(|inner| self.string(inner));
                    let (slot, keyword) = match rule {
                        Rule::achieved_stmt => (&mut entry.achieved, "完成情况"),
                        Rule::problems_stmt => (&mut entry.problems, "存在问题"),
                        _ => (&mut entry.next, "下步打算"),
                    };
                    if slot.is_some() {
                        self.repeated(span, keyword);
                    } else {
                        *slot = text;
                    }
                }
                Rule::missing_close => self
                    .diagnostics
                    .push(Problem::ProgressBlockNotClosed { span: opened }.into()),
                Rule::line_end => {}
                _ => self.recovery(&part, Context::Item),
            }
        }
        entry
    }

    fn repeated(&mut self, span: Span, keyword: &'static str) {
        self.diagnostics
            .push(Problem::ProgressRepeated { keyword, span }.into());
    }

    fn actual(&mut self, pair: Pair<'_, Rule>) -> Option<Actual> {
        let mut target = None;
        let mut amount = None;
        let mut unit = None;
        let mut start = None;
        let mut end = 0;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => target = Some(self.name(&part)),
                Rule::amount => {
                    let span = self.span(&part);
                    start = Some(span);
                    end = span.end as usize;
                    amount = self.amount(&part, span);
                }
                Rule::unit => {
                    let name = self.name(&part);
                    end = name.span.end as usize;
                    unit = Some(name);
                }
                _ => {}
            }
        }
        let (value, written) = amount?;
        let span = Span::new(self.file, start?.start as usize, end);
        Some(Actual {
            target: target?,
            value,
            written,
            unit,
            span,
        })
    }

    fn amount(&mut self, pair: &Pair<'_, Rule>, span: Span) -> Option<(Decimal, String)> {
        let written = pair.as_str().to_string();
        let (digits, scale) = if let Some(digits) = written.strip_suffix('万') {
            (digits, Decimal::from(10_000))
        } else if let Some(digits) = written.strip_suffix('亿') {
            (digits, Decimal::from(100_000_000))
        } else {
            (written.as_str(), Decimal::ONE)
        };
        let value = self.decimal(digits, span)?.checked_mul(scale);
        if value.is_none() {
            self.diagnostics.push(too_large(span, &written));
        }
        Some((value?, written))
    }

    fn decimal(&mut self, text: &str, span: Span) -> Option<Decimal> {
        match Decimal::from_str(text) {
            Ok(value) => Some(value),
            Err(_) => {
                self.diagnostics.push(too_large(span, text));
                None
            }
        }
    }

    fn string(&mut self, pair: Pair<'_, Rule>) -> Spanned<String> {
        let span = self.span(&pair);
        let raw = pair.as_str();
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
        let (value, unknown) = crate::syntax::unescape(inner);
        for (_, escaped) in unknown {
            self.diagnostics.push(
                Problem::UnknownEscape {
                    escaped: escaped.to_string(),
                    whole: true,
                    span,
                }
                .into(),
            );
        }
        Spanned::new(value, span)
    }

    /// A `progress_date`: `2020-06-30`, or `6月30日` in the year of the header's date.
    fn date(&mut self, pair: Pair<'_, Rule>) -> Option<Spanned<Date>> {
        let span = self.span(&pair);
        let text = pair.as_str().trim();
        let parsed = if text.contains('-') {
            text.parse::<Date>().ok()
        } else {
            let (month, rest) = text.split_once('月')?;
            let day = rest.trim_end_matches(['日', '号']);
            match self.year {
                Some(year) => match (month.parse::<i8>(), day.parse::<i8>()) {
                    (Ok(month), Ok(day)) => Date::new(year, month, day).ok(),
                    _ => None,
                },
                None => {
                    self.diagnostics.push(
                        Problem::DateWithoutYear {
                            text: text.to_string(),
                            span,
                        }
                        .into(),
                    );
                    return None;
                }
            }
        };
        crate::syntax::day_or_no_such_day(parsed, text, span, self.diagnostics)
    }
}

fn too_large(span: Span, text: &str) -> Diagnostic {
    Problem::ProgressNumber {
        text: text.to_string(),
        span,
    }
    .into()
}

/// The first 40 characters of a line, for messages.
fn excerpt(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    let mut out: String = line.chars().take(40).collect();
    if line.chars().count() > 40 {
        out.push('…');
    }
    out
}
