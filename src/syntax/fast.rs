//! The fast path of phase 1: a hand-written parser for plans without syntax errors.
//!
//! The pest grammar (`grammar/plan.pest`, lowered by `lower.rs`) is the reference, and the only
//! path that reports problems. This parser reads the same grammar as the same PEG, rule by rule
//! and ordered choice by ordered choice, straight into the syntax tree, without pest's token queue.
//! It gives a tree only when the pest path would give exactly this tree and no diagnostic. On
//! anything else (a syntax error, a value the lowering rejects) it gives `None`, and
//! `syntax::parse` runs pest, which says what is wrong.
//!
//! The other way round holds too: every text pest reads without a diagnostic, this parser takes,
//! with one exception: a bare `\r` line end (old Mac line ends), which it leaves to pest. Both
//! directions are tested (`tests/fast_parser.rs`, the fuzz target `parse_agrees`); a new exception
//! is added there and here, or not at all.
//!
//! Keywords and fixed words are read from the table of `syntax::keywords`; a grammar change is
//! made in `grammar/plan.pest`, here, in the lowering and in that table (GRAMMAR.md, "Changing the
//! grammar").
//!
//! How it mirrors pest:
//! - Between the parts of a non-atomic rule pest skips `WHITESPACE* (COMMENT WHITESPACE*)*`; here
//!   every sequence calls [`Parser::skip`] at the same places. A rule whose last part is optional
//!   ends, in pest, after the skip before that part; the lowering trims that off the span again, so
//!   spans here end at the last token read (which is what the trimming gives when the text has no
//!   bare `\r`).
//! - A keyword rule `("plan" | "计划") ~ word_end` matches exactly when the longest identifier at
//!   that place is one of its words (every keyword is itself an identifier, and no word of a rule
//!   is a prefix of a later word of the same rule), so keywords are dispatched on that identifier.
//! - Optional parts and choices save the position and restore it when they fail; repetitions are
//!   greedy and never give back what they matched, as in a PEG.

use super::MAX_NESTING;
use super::ast::*;
use super::keywords::{self, Keyword, Place};
use super::number;
use crate::source::{FileId, Span, Spanned};
use keywords::{
    COLUMN_KINDS, COMPARISONS, DURATION_UNITS, FREQUENCIES, NOTE_STYLES, TREND_DIRECTIONS,
};
use rust_decimal::Decimal;
use std::sync::LazyLock;

/// Files at least this long are parsed in two halves on two threads.
const PARALLEL_BYTES: usize = 1 << 20;

/// Parses a whole file; `None` when the pest path is needed.
///
/// A large file is cut after a line `}` past its middle, and the halves are parsed at once. This
/// gives the same tree as one parse whenever both halves parse: a half that parses ends, at its
/// last line end, at the top level (at the end of the text inside a block or a breakdown it would
/// report a missing `}`), and nothing before the cut looks past a line end, so a whole parse reads
/// the first half the same way and then goes on from the cut as the second half does. When either
/// half fails the file is parsed whole.
pub(super) fn parse(file: FileId, text: &str, fold: bool) -> Option<File> {
    if text.len() >= PARALLEL_BYTES
        && let Some(cut) = cut_point(text)
        && let Some(statements) = parse_halves(file, text, cut, fold)
    {
        return Some(File { statements });
    }
    Parser::new(file, text, 0, text.len(), fold)?
        .file(true)
        .map(|statements| File { statements })
}

/// Parses `..cut` here and `cut..` on a second thread.
fn parse_halves(file: FileId, text: &str, cut: usize, fold: bool) -> Option<Vec<TopStmt>> {
    let (first, second) = std::thread::scope(|scope| {
        let second = std::thread::Builder::new()
            .spawn_scoped(scope, || {
                Parser::new(file, text, cut, text.len(), fold)?.file(false)
            })
            .ok()?;
        let first = Parser::new(file, text, 0, cut, fold).and_then(|parser| parser.file(true));
        Some((first, second.join().ok().flatten()))
    })?;
    let mut statements = first?;
    statements.extend(second?);
    Some(statements)
}

/// Parses again a section that [`parse`] folded: the statement at `span`, which was read from the
/// same text without problems.
pub(super) fn section(file: FileId, text: &str, span: Span) -> Option<SectionBlock> {
    let (start, end) = (span.start as usize, span.end as usize);
    let mut parser = Parser::new(file, text, start, end, false)?;
    match parser.top_stmt()? {
        TopStmt::Section(section) if !parser.failed && parser.pos == end => Some(section),
        _ => None,
    }
}

/// Where to cut a large file in two: after the first line holding only `}` past the middle.
fn cut_point(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let middle = bytes.len() / 2;
    let mut from = middle;
    loop {
        let found = bytes.get(from..)?.windows(2).position(|w| w == b"\n}")?;
        let after = from + found + 2;
        let rest = bytes.get(after..)?;
        let line_end = if rest.starts_with(b"\n") {
            1
        } else if rest.starts_with(b"\r\n") {
            2
        } else {
            from = after;
            continue;
        };
        let cut = after + line_end;
        return (cut < bytes.len()).then_some(cut);
    }
}

/// The text of a string in the tree. Every `String` of the tree is made here (names, units and
/// numbers as written are `CompactString`s: inline, without a heap block, up to 24 bytes).
fn owned(text: &str) -> String {
    text.to_owned()
}

fn is_ident_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        unicode_ident::is_xid_start(c)
    }
}

/// The grammar's `named_word`, in its order.
static NAMED_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    keywords::of_rule("named_word")
        .flat_map(|keyword| keyword.spellings().iter().copied())
        .collect()
});

fn is_ident_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        unicode_ident::is_xid_continue(c)
    }
}

/// A target's value, whether it is approximate, and the change stated beside a value.
type TargetParts = (TargetValue, Option<Approx>, Option<Box<ValueChange>>);

/// A change as a target's value.
fn change_value(change: ValueChange) -> TargetValue {
    TargetValue::Change {
        baseline: change.baseline,
        direction: change.direction,
        amount: change.amount,
        high: change.high,
    }
}

/// A number with an optional `万`/`亿` as read: where it starts, where its digits end, where it ends.
#[derive(Clone, Copy)]
struct Amount {
    start: usize,
    digits_end: usize,
    end: usize,
}

/// Which `when_single` alternative matched.
#[derive(Clone, Copy)]
enum WhenKind {
    Date,
    YearMonth,
    MonthWindow,
    MonthDay,
    Month,
    Quarter,
    Half,
    WholePeriod,
    YearNamed,
    MonthTenth,
    MonthEnd,
    Named,
}

/// The statements of one item while it is read. Kept between items, so that each list of an item
/// is allocated once, at its final size (growing and then shrinking each list, as pushing and
/// `shrink_to_fit` do, made the allocator the largest cost of parsing).
#[derive(Default)]
struct ItemParts {
    texts: Vec<Spanned<String>>,
    leads: Vec<Name>,
    supports: Vec<Name>,
    targets: Vec<TargetStmt>,
    respectively: Vec<Respectively>,
    dues: Vec<Spanned<When>>,
    due_whats: Vec<Spanned<String>>,
    starts: Vec<Spanned<When>>,
    windows: Vec<Spanned<When>>,
    durations: Vec<Spanned<Duration>>,
    deps: Vec<DepRef>,
    milestones: Vec<MilestoneStmt>,
    recurs: Vec<RecurStmt>,
    tags: Vec<Name>,
    facts: Vec<FactStmt>,
    children: Vec<ItemBlock>,
}

/// The elements of `list`, moved into a new list of exactly their number (`list` keeps its room).
fn exact<T>(list: &mut Vec<T>) -> Vec<T> {
    let mut exact = Vec::with_capacity(list.len());
    exact.append(list);
    exact
}

struct Parser<'a> {
    file: FileId,
    /// The text up to the end of the part being parsed (spans count from the start of the file).
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Blocks and breakdowns open at the current position.
    depth: usize,
    /// Item lists to reuse, one for each item being read.
    spare_parts: Vec<ItemParts>,
    /// The item list of a section to reuse.
    spare_items: Vec<ItemBlock>,
    /// Set when something read would make the lowering report a diagnostic: the parse gives up.
    failed: bool,
    /// Whether sections are set aside as they are read ([`SectionBlock::fold`]).
    fold: bool,
}

impl<'a> Parser<'a> {
    fn new(
        file: FileId,
        text: &'a str,
        start: usize,
        end: usize,
        fold: bool,
    ) -> Option<Parser<'a>> {
        let text = text.get(..end)?;
        Some(Parser {
            file,
            text,
            bytes: text.as_bytes(),
            pos: start,
            depth: 0,
            spare_parts: Vec::new(),
            spare_items: Vec::new(),
            failed: false,
            fold,
        })
    }

    // ------------------------------------------------------------ characters and tokens

    fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    fn starts(&self, at: usize, literal: &str) -> bool {
        self.bytes
            .get(at..)
            .is_some_and(|rest| rest.starts_with(literal.as_bytes()))
    }

    fn char_at(&self, at: usize) -> Option<char> {
        match self.byte(at)? {
            byte if byte.is_ascii() => Some(char::from(byte)),
            _ => self.text.get(at..)?.chars().next(),
        }
    }

    fn slice(&self, start: usize, end: usize) -> &'a str {
        let text: &'a str = self.text;
        text.get(start..end).unwrap_or("")
    }

    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    /// Records that the lowering would report a problem here.
    fn fail<T>(&mut self) -> Option<T> {
        self.failed = true;
        None
    }

    fn ident_char_at(&self, at: usize) -> bool {
        self.char_at(at).is_some_and(is_ident_char)
    }

    /// `cmp_end`: a digit or no identifier character follows.
    fn cmp_end(&self, at: usize) -> bool {
        self.byte(at).is_some_and(|b| b.is_ascii_digit()) || !self.ident_char_at(at)
    }

    /// The end of the identifier `(XID_START | "_") ~ (XID_CONTINUE | "_")*` at `at`.
    fn ident_end(&self, at: usize) -> Option<usize> {
        let first = self.char_at(at)?;
        if !is_ident_start(first) {
            return None;
        }
        let mut end = at + first.len_utf8();
        while let Some(byte) = self.byte(end) {
            if byte.is_ascii() {
                if byte.is_ascii_alphanumeric() || byte == b'_' {
                    end += 1;
                    continue;
                }
                break;
            }
            match self.char_at(end) {
                Some(c) if unicode_ident::is_xid_continue(c) => end += c.len_utf8(),
                _ => break,
            }
        }
        Some(end)
    }

    /// The longest identifier at `at`, or "".
    fn word(&self, at: usize) -> &'a str {
        match self.ident_end(at) {
            Some(end) => self.slice(at, end),
            None => "",
        }
    }

    /// Reads a spelling of `keyword` (a keyword-like rule ending in `word_end`).
    fn eat_keyword(&mut self, keyword: Keyword) -> Option<&'a str> {
        let word = self.word(self.pos);
        if word.is_empty() || !keyword.is(word) {
            return None;
        }
        self.pos += word.len();
        Some(word)
    }

    /// Reads a spelling of one of `keywords` (rules ending in `word_end`), and says which.
    fn eat_keyword_of(&mut self, keywords: &[Keyword]) -> Option<Keyword> {
        let word = self.word(self.pos);
        if word.is_empty() {
            return None;
        }
        let keyword = keywords.iter().copied().find(|keyword| keyword.is(word))?;
        self.pos += word.len();
        Some(keyword)
    }

    /// Reads the identifier that starts a statement.
    fn keyword(&mut self) -> Option<&'a str> {
        let word = self.word(self.pos);
        if word.is_empty() {
            return None;
        }
        self.pos += word.len();
        Some(word)
    }

    fn eat_byte(&mut self, byte: u8) -> Option<()> {
        if self.byte(self.pos) == Some(byte) {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// Pest's implicit skip between the parts of a rule: spaces, tabs, U+3000 and `//` comments.
    fn skip(&mut self) {
        loop {
            match self.byte(self.pos) {
                Some(b' ' | b'\t') => self.pos += 1,
                Some(0xE3) if self.starts(self.pos, "\u{3000}") => self.pos += 3,
                Some(b'/') if self.byte(self.pos + 1) == Some(b'/') => {
                    let rest = self.bytes.get(self.pos..).unwrap_or_default();
                    self.pos += rest
                        .iter()
                        .position(|&b| b == b'\n' || b == b'\r')
                        .unwrap_or(rest.len());
                }
                _ => return,
            }
        }
    }

    /// The end of a line end at `at`: `\n` or `\r\n`. A bare `\r` (a line end to pest) is not
    /// taken: the lowering's span trimming counts lines by `\n` only.
    fn newline_end(&self, at: usize) -> Option<usize> {
        match self.byte(at)? {
            b'\n' => Some(at + 1),
            b'\r' if self.byte(at + 1) == Some(b'\n') => Some(at + 2),
            _ => None,
        }
    }

    fn newline(&mut self) -> bool {
        match self.newline_end(self.pos) {
            Some(end) => {
                self.pos = end;
                true
            }
            None => false,
        }
    }

    fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// `line_end`: a line end, the end of the text, or (inside a block) a `}` that follows.
    fn line_end(&mut self, in_block: bool) -> bool {
        self.skip();
        self.newline() || self.at_end() || (in_block && self.byte(self.pos) == Some(b'}'))
    }

    /// `list_sep`: `,`, `，` or `、`.
    fn list_sep_end(&self, at: usize) -> Option<usize> {
        if self.byte(at)? == b',' {
            Some(at + 1)
        } else if self.starts(at, "，") || self.starts(at, "、") {
            Some(at + 3)
        } else {
            None
        }
    }

    /// The end of a run of `min..=max` ASCII digits at `at` (greedy, as `ASCII_DIGIT{min,max}`).
    fn digits_end(&self, at: usize, min: usize, max: usize) -> Option<usize> {
        let mut end = at;
        while end - at < max && self.byte(end).is_some_and(|b| b.is_ascii_digit()) {
            end += 1;
        }
        (end - at >= min).then_some(end)
    }

    /// The end of the first of `literals` at `at`.
    fn literal_end(&self, at: usize, literals: &[&str]) -> Option<usize> {
        literals
            .iter()
            .find(|literal| self.starts(at, literal))
            .map(|literal| at + literal.len())
    }

    fn ident(&mut self) -> Option<Name> {
        let start = self.pos;
        let end = self.ident_end(start)?;
        self.pos = end;
        Some(Spanned::new(
            self.slice(start, end).into(),
            self.span(start, end),
        ))
    }

    /// `string`, with its escapes resolved as the lowering does.
    fn string(&mut self) -> Option<Spanned<String>> {
        let start = self.pos;
        if self.byte(start)? != b'"' {
            return None;
        }
        let mut at = start + 1;
        let mut escaped = false;
        loop {
            let rest = self.bytes.get(at..)?;
            at += rest
                .iter()
                .position(|&b| matches!(b, b'"' | b'\\' | b'\n' | b'\r'))?;
            match self.byte(at)? {
                b'"' => break,
                b'\\' => {
                    let next = self.char_at(at + 1)?;
                    if next == '\n' || next == '\r' {
                        return None;
                    }
                    escaped = true;
                    at += 1 + next.len_utf8();
                }
                _ => return None,
            }
        }
        self.pos = at + 1;
        let inner = self.slice(start + 1, at);
        let value = if escaped {
            owned(&self.unescape(inner)?)
        } else {
            owned(inner)
        };
        Some(Spanned::new(value, self.span(start, at + 1)))
    }

    fn unescape(&mut self, inner: &str) -> Option<String> {
        let mut value = String::with_capacity(inner.len());
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                value.push(c);
                continue;
            }
            match chars.next() {
                Some(escaped @ ('"' | '\\' | '{' | '}' | '`')) => value.push(escaped),
                Some('n') => value.push('\n'),
                // An unknown escape: the lowering reports it.
                _ => return self.fail(),
            }
        }
        Some(value)
    }

    /// `number`: where it starts and ends.
    fn number(&mut self) -> Option<(usize, usize)> {
        let start = self.pos;
        let mut end = self.digits_end(start, 1, usize::MAX)?;
        if self.byte(end) == Some(b'.')
            && let Some(fraction) = self.digits_end(end + 1, 1, usize::MAX)
        {
            end = fraction;
        }
        self.pos = end;
        Some((start, end))
    }

    /// A number's exact value, as the lowering makes it.
    fn decimal(&mut self, start: usize, end: usize) -> Option<Decimal> {
        match number::exact(self.slice(start, end), "") {
            Ok(value) => Some(value),
            Err(_) => self.fail(),
        }
    }

    /// `amount`: a number directly followed by an optional magnitude (`万亿`, `百万`, `千万`, `万`,
    /// `亿`, in the grammar's order).
    fn amount(&mut self) -> Option<Amount> {
        let (start, digits_end) = self.number()?;
        if let Some(magnitude) = ["万亿", "百万", "千万", "万", "亿"]
            .into_iter()
            .find(|m| self.starts(digits_end, m))
        {
            self.pos += magnitude.len();
        }
        Some(Amount {
            start,
            digits_end,
            end: self.pos,
        })
    }

    /// The exact value of an amount with its magnitude, and the amount as written.
    fn amount_value(&mut self, amount: Amount) -> Option<(Decimal, compact_str::CompactString)> {
        let digits = self.slice(amount.start, amount.digits_end);
        let magnitude = self.slice(amount.digits_end, amount.end);
        match number::exact(digits, magnitude) {
            Ok(value) => Some((value, self.slice(amount.start, amount.end).into())),
            Err(_) => self.fail(),
        }
    }

    /// Whether a unit read right after an amount makes it a number in another notation (`1e400个`,
    /// `0x10个`), which the lowering reports: then the parse gives up.
    fn other_notation(&mut self, amount: &Amount, unit: &Name) -> bool {
        if unit.span.start as usize == amount.end
            && number::notation(self.slice(amount.start, amount.end), &unit.node).is_some()
        {
            self.failed = true;
            return true;
        }
        false
    }

    /// `unit` (with `%`) or `unit_name` (without): an identifier that is not a reserved word.
    fn unit(&mut self, percent: bool) -> Option<Name> {
        let start = self.pos;
        let end = if percent && self.starts(start, "%") {
            start + 1
        } else if percent && self.starts(start, "％") {
            start + 3
        } else {
            let end = self.ident_end(start)?;
            if keywords::is_reserved(self.slice(start, end)) {
                return None;
            }
            end
        };
        self.pos = end;
        Some(Spanned::new(
            self.slice(start, end).into(),
            self.span(start, end),
        ))
    }

    /// `quantity`: an amount, an optional unit and an optional `以上`/`以下`. Leaves the position
    /// after the last of them; gives the suffix (whether it is `以上`, and its span) apart.
    fn quantity(&mut self) -> Option<(Quantity, Option<(bool, Span)>)> {
        let amount = self.amount()?;
        let mut end = amount.end;
        self.skip();
        let unit = self.unit(true);
        if let Some(unit) = &unit {
            if self.other_notation(&amount, unit) {
                return None;
            }
            end = self.pos;
        }
        self.skip();
        let suffix_start = self.pos;
        let suffix = self
            .eat_keyword_of(&[Keyword::Above, Keyword::Below])
            .map(|word| (word == Keyword::Above, self.span(suffix_start, self.pos)));
        if suffix.is_some() {
            end = self.pos;
        }
        self.pos = end;
        let (value, written) = self.amount_value(amount)?;
        let quantity = Quantity {
            span: self.span(amount.start, end),
            value,
            written,
            unit,
        };
        Some((quantity, suffix))
    }

    /// `date`: `YYYY-MM-DD` (any digits).
    fn date_end(&self, at: usize) -> Option<usize> {
        let year = self.digits_end(at, 4, 4)?;
        (self.byte(year)? == b'-').then_some(())?;
        let month = self.digits_end(year + 1, 2, 2)?;
        (self.byte(month)? == b'-').then_some(())?;
        self.digits_end(month + 1, 2, 2)
    }

    /// A date, checked as the lowering does.
    fn date(&mut self) -> Option<Spanned<jiff::civil::Date>> {
        let start = self.pos;
        let end = self.date_end(start)?;
        self.pos = end;
        match self.slice(start, end).parse::<jiff::civil::Date>() {
            Ok(date) => Some(Spanned::new(date, self.span(start, end))),
            Err(_) => self.fail(),
        }
    }

    // ------------------------------------------------------------ top level

    fn file(mut self, bom: bool) -> Option<Vec<TopStmt>> {
        self.skip();
        if bom && self.starts(self.pos, "\u{FEFF}") {
            self.pos += 3;
        }
        let mut statements = Vec::new();
        loop {
            self.skip();
            if self.newline() {
                continue;
            }
            if self.at_end() {
                break;
            }
            let start = self.pos;
            let statement = match self.top_stmt()? {
                TopStmt::Section(section) if self.fold => {
                    TopStmt::Folded(section.fold(self.span(start, self.pos)))
                }
                statement => statement,
            };
            statements.push(statement);
            // At the top level a `}` after a statement is a stray one.
            if self.failed || !self.line_end(false) {
                return None;
            }
        }
        (!self.failed).then_some(statements)
    }

    fn top_stmt(&mut self) -> Option<TopStmt> {
        let start = self.pos;
        let keyword = self.keyword()?;
        let end = self.pos;
        self.skip();
        Some(match keywords::statement(Place::Top, keyword) {
            Some(Keyword::Plan) => TopStmt::Plan(self.plan(start)?),
            Some(Keyword::Include) => TopStmt::Include(self.string()?),
            Some(Keyword::Unit) => TopStmt::Units(self.units()?),
            Some(Keyword::Department) => TopStmt::Owner(self.owner(OwnerKind::Department)?),
            Some(Keyword::District) => TopStmt::Owner(self.owner(OwnerKind::District)?),
            Some(Keyword::Institution) => TopStmt::Owner(self.owner(OwnerKind::Institution)?),
            Some(Keyword::Collective) => TopStmt::Owner(self.owner(OwnerKind::Collective)?),
            Some(Keyword::Group) => TopStmt::Group(self.group()?),
            Some(Keyword::Baseline) => TopStmt::Baseline(self.baseline()?),
            Some(Keyword::Reference) => {
                let name = self.ident()?;
                let end = self.pos;
                self.skip();
                let display = self.string();
                if display.is_none() {
                    self.pos = end;
                }
                TopStmt::Reference(ReferenceDecl { name, display })
            }
            Some(Keyword::Category) => {
                let name = self.ident()?;
                self.skip();
                let display = self.string();
                TopStmt::Category(CategoryDecl { name, display })
            }
            Some(Keyword::Goals) => TopStmt::Goals(self.goals(self.span(start, end))?),
            Some(Keyword::Section) => TopStmt::Section(self.section()?),
            Some(Keyword::DayOff) => TopStmt::DayOff(self.dayoff()?),
            Some(Keyword::Workday) => TopStmt::Workday(self.workday()?),
            _ => return None,
        })
    }

    /// The statements of a block after its `{`, each followed by a line end, up to and with its `}`.
    fn block(&mut self, mut statement: impl FnMut(&mut Self) -> Option<()>) -> Option<()> {
        self.open()?;
        loop {
            self.skip();
            if self.newline() {
                continue;
            }
            match self.byte(self.pos) {
                Some(b'}') => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Some(());
                }
                // The block is never closed.
                None => return None,
                Some(_) => {
                    statement(self)?;
                    if !self.line_end(true) {
                        return None;
                    }
                }
            }
        }
    }

    /// Counts a `{` just read. Deeper than [`MAX_NESTING`] the nesting check before pest reports it
    /// (`syntax::too_deep`, which counts every `{` outside strings and comments, as this does in a
    /// text without syntax errors).
    fn open(&mut self) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return self.fail();
        }
        Some(())
    }

    fn plan(&mut self, start: usize) -> Option<PlanHeader> {
        let title = self.string()?;
        self.skip();
        self.eat_byte(b'{')?;
        let mut periods = Vec::new();
        let mut orgs = Vec::new();
        let mut preamble = Vec::new();
        let mut holidays = Vec::new();
        let mut terms = Vec::new();
        let mut numbering = Vec::new();
        let mut owner_notes = Vec::new();
        let mut signatures = Vec::new();
        let mut due_notes = Vec::new();
        let mut tables = Vec::new();
        self.block(|p| {
            let start = p.pos;
            let keyword = p.keyword()?;
            p.skip();
            match keywords::statement(Place::Plan, keyword) {
                Some(Keyword::Period) => periods.push(p.period(start)?),
                Some(Keyword::Org) => orgs.push(p.string()?),
                Some(Keyword::Preamble) => preamble.push(p.string()?),
                Some(Keyword::Holidays) => holidays.push(p.string()?),
                Some(Keyword::Term) => terms.push(p.term(start)?),
                Some(Keyword::Numbering) => numbering.push(p.numbering(start)?),
                Some(Keyword::OwnerNote) => {
                    let word = p.eat_keyword_of(NOTE_STYLES)?;
                    let style = keywords::note_style(word)?;
                    let mut labels = Vec::new();
                    let mut end = p.pos;
                    loop {
                        p.skip();
                        if p.byte(p.pos) != Some(b'"') {
                            break;
                        }
                        labels.push(p.string()?);
                        end = p.pos;
                    }
                    p.pos = end;
                    owner_notes.push(Spanned::new(
                        OwnerNoteSpec { style, labels },
                        p.span(start, end),
                    ));
                }
                Some(Keyword::Signed) => signatures.push(p.signed(start)?),
                Some(Keyword::DueNote) => due_notes.push(p.string()?),
                Some(Keyword::Table) => tables.push(p.table(start)?),
                _ => return None,
            }
            Some(())
        })?;
        Some(PlanHeader {
            span: self.span(start, self.pos),
            title,
            periods,
            orgs,
            preamble,
            holidays,
            terms,
            numbering,
            owner_notes,
            signatures,
            due_notes,
            tables,
        })
    }

    /// `table_stmt` after its keyword: `column_kind string (list_sep column_kind string)*`.
    fn table(&mut self, start: usize) -> Option<Spanned<Vec<TableColumn>>> {
        let mut columns = Vec::new();
        loop {
            let kind = keywords::column_kind(self.eat_keyword_of(COLUMN_KINDS)?)?;
            self.skip();
            let heading = self.string()?;
            columns.push(TableColumn { kind, heading });
            let end = self.pos;
            self.skip();
            match self.list_sep_end(self.pos) {
                Some(after) => {
                    self.pos = after;
                    self.skip();
                }
                None => {
                    self.pos = end;
                    return Some(Spanned::new(columns, self.span(start, end)));
                }
            }
        }
    }

    /// `signed_stmt` after its keyword: `string date?`.
    fn signed(&mut self, start: usize) -> Option<Spanned<Signature>> {
        let office = self.string()?.node;
        let end = self.pos;
        self.skip();
        let date = if self.date_end(self.pos).is_some() {
            Some(self.date()?.node)
        } else {
            self.pos = end;
            None
        };
        Some(Spanned::new(
            Signature { office, date },
            self.span(start, self.pos),
        ))
    }

    /// `numbering_stmt` after its keyword: `string+ per_section?`.
    fn numbering(&mut self, start: usize) -> Option<Spanned<NumberingSpec>> {
        let mut styles = vec![self.string()?];
        let mut end = self.pos;
        loop {
            self.skip();
            if self.byte(self.pos) != Some(b'"') {
                break;
            }
            styles.push(self.string()?);
            end = self.pos;
        }
        let per_section = self.eat_keyword(Keyword::PerSection).is_some();
        if per_section {
            end = self.pos;
        } else {
            self.pos = end;
        }
        Some(Spanned::new(
            NumberingSpec {
                styles,
                per_section,
            },
            self.span(start, end),
        ))
    }

    /// `term_stmt` after its keyword: `term_name date .. date`.
    fn term(&mut self, start: usize) -> Option<Spanned<TermSpec>> {
        let name = self.eat_keyword_of(&[Keyword::Spring, Keyword::Autumn])?;
        self.skip();
        let first = self.date()?;
        self.skip();
        if !self.starts(self.pos, "..") {
            return None;
        }
        self.pos += 2;
        self.skip();
        let second = self.date()?;
        Some(Spanned::new(
            TermSpec {
                autumn: name == Keyword::Autumn,
                start: first.node,
                end: second.node,
            },
            self.span(start, self.pos),
        ))
    }

    /// `period_stmt` after its keyword: `date .. date | year (.. year)?`.
    fn period(&mut self, start: usize) -> Option<Spanned<PeriodSpec>> {
        let from = self.pos;
        if self.date_end(from).is_some() {
            // Without `.. date` only `year` would match, and the `-` after it ends no line.
            let first = self.date()?;
            self.skip();
            if !self.starts(self.pos, "..") {
                return None;
            }
            self.pos += 2;
            self.skip();
            let second = self.date()?;
            return Some(Spanned::new(
                PeriodSpec::Dates(first.node, second.node),
                self.span(start, self.pos),
            ));
        }
        let end = self.digits_end(from, 4, 4)?;
        let year = self.slice(from, end).parse::<i16>().ok()?;
        self.pos = end;
        self.skip();
        if self.starts(self.pos, "..") {
            self.pos += 2;
            self.skip();
            let last_from = self.pos;
            let last_end = self.digits_end(last_from, 4, 4)?;
            let last = self.slice(last_from, last_end).parse::<i16>().ok()?;
            self.pos = last_end;
            return Some(Spanned::new(
                PeriodSpec::Years(year, last),
                self.span(start, last_end),
            ));
        }
        self.pos = end;
        Some(Spanned::new(PeriodSpec::Year(year), self.span(start, end)))
    }

    fn units(&mut self) -> Option<Vec<Name>> {
        let mut names = vec![self.unit(false)?];
        loop {
            let saved = self.pos;
            self.skip();
            match self.unit(false) {
                Some(name) => names.push(name),
                None => {
                    self.pos = saved;
                    return Some(names);
                }
            }
        }
    }

    fn owner(&mut self, kind: OwnerKind) -> Option<OwnerDecl> {
        let name = self.ident()?;
        self.skip();
        let display = self.string();
        self.skip();
        let capacity = self.capacity();
        Some(OwnerDecl {
            kind,
            name,
            display,
            capacity,
        })
    }

    fn capacity(&mut self) -> Option<Spanned<Decimal>> {
        let saved = self.pos;
        self.eat_keyword(Keyword::Capacity)?;
        self.skip();
        let Some((start, end)) = self.number() else {
            self.pos = saved;
            return None;
        };
        let value = self.decimal(start, end)?;
        Some(Spanned::new(value, self.span(start, end)))
    }

    /// More identifiers, each after a list separator.
    fn more_idents(&mut self, names: &mut Vec<Name>) {
        loop {
            let saved = self.pos;
            self.skip();
            if let Some(end) = self.list_sep_end(self.pos) {
                self.pos = end;
                self.skip();
                if let Some(name) = self.ident() {
                    names.push(name);
                    continue;
                }
            }
            self.pos = saved;
            return;
        }
    }

    fn group(&mut self) -> Option<GroupDecl> {
        let name = self.ident()?;
        self.skip();
        self.eat_byte(b'=')?;
        self.skip();
        let mut members = vec![self.ident()?];
        self.more_idents(&mut members);
        Some(GroupDecl { name, members })
    }

    fn baseline(&mut self) -> Option<BaselineDecl> {
        let name = self.ident()?;
        self.skip();
        let display = self.string();
        self.skip();
        let saved = self.pos;
        if self.eat_keyword(Keyword::Previous).is_some() {
            self.skip();
            if let Some(unit) = self.unit(true) {
                return Some(BaselineDecl {
                    name,
                    display,
                    value: None,
                    later_unit: Some(unit),
                });
            }
            self.pos = saved;
        }
        let (value, _) = self.quantity()?;
        Some(BaselineDecl {
            name,
            display,
            value: Some(value),
            later_unit: None,
        })
    }

    fn dayoff(&mut self) -> Option<DayOffDecl> {
        let from = self.date()?;
        let saved = self.pos;
        self.skip();
        let mut to = None;
        if self.starts(self.pos, "..") {
            self.pos += 2;
            self.skip();
            to = self.date();
        }
        if to.is_none() {
            self.pos = saved;
        }
        self.skip();
        let reason = self.string();
        Some(DayOffDecl {
            to: to.unwrap_or_else(|| from.clone()),
            from,
            reason,
        })
    }

    fn workday(&mut self) -> Option<WorkdayDecl> {
        let date = self.date()?;
        self.skip();
        let reason = self.string();
        Some(WorkdayDecl { date, reason })
    }

    // ------------------------------------------------------------ goals, sections, items

    fn goals(&mut self, span: Span) -> Option<GoalsBlock> {
        let intro = self.string();
        self.skip();
        self.eat_byte(b'{')?;
        let mut texts = Vec::new();
        let mut goals = Vec::new();
        self.block(|p| {
            let keyword = p.keyword()?;
            p.skip();
            match keywords::statement(Place::Goals, keyword) {
                Some(Keyword::Text) => texts.push(p.string()?),
                Some(Keyword::Goal) => goals.push(p.goal()?),
                _ => return None,
            }
            Some(())
        })?;
        Some(GoalsBlock {
            span,
            intro,
            texts,
            goals,
        })
    }

    fn goal(&mut self) -> Option<GoalBlock> {
        let name = self.ident()?;
        self.skip();
        let title = self.string()?;
        self.skip();
        self.eat_byte(b'{')?;
        let mut texts = Vec::new();
        let mut targets = Vec::new();
        let mut respectively = Vec::new();
        let mut facts = Vec::new();
        self.block(|p| {
            let start = p.pos;
            let keyword = p.keyword()?;
            let keyword_span = p.span(start, p.pos);
            p.skip();
            match keywords::statement(Place::Goal, keyword) {
                Some(Keyword::Text) => texts.push(p.string()?),
                Some(Keyword::Target) => targets.push(p.target(start)?),
                Some(Keyword::Respectively) => respectively.push(p.respectively(keyword_span)?),
                Some(Keyword::Fact) => facts.push(p.fact(start)?),
                _ => return None,
            }
            Some(())
        })?;
        Some(GoalBlock {
            name,
            title,
            texts,
            targets,
            respectively,
            facts,
        })
    }

    fn section(&mut self) -> Option<SectionBlock> {
        let name = self.ident()?;
        self.skip();
        let title = self.string()?;
        self.skip();
        self.eat_byte(b'{')?;
        let mut texts = Vec::new();
        let mut facts = Vec::new();
        let mut items = std::mem::take(&mut self.spare_items);
        self.block(|p| {
            let start = p.pos;
            let keyword = p.keyword()?;
            p.skip();
            match keywords::statement(Place::Section, keyword) {
                Some(Keyword::Text) => texts.push(p.string()?),
                Some(Keyword::Fact) => facts.push(p.fact(start)?),
                Some(Keyword::Item) => items.push(p.item()?),
                _ => return None,
            }
            Some(())
        })?;
        let section = SectionBlock {
            name,
            title,
            texts,
            facts,
            items: exact(&mut items),
        };
        self.spare_items = items;
        Some(section)
    }

    /// `item_block` after its keyword (and the skip after it).
    fn item(&mut self) -> Option<ItemBlock> {
        let name = self.ident()?;
        self.skip();
        let title = self.string()?;
        let mut parts = self.spare_parts.pop().unwrap_or_default();
        let saved = self.pos;
        self.skip();
        if self.eat_byte(b'{').is_some() {
            self.block(|p| p.item_stmt(&mut parts))?;
        } else {
            self.pos = saved;
        }
        let item = ItemBlock {
            name,
            title,
            texts: exact(&mut parts.texts),
            leads: parts.leads.drain(..).collect(),
            supports: exact(&mut parts.supports),
            targets: exact(&mut parts.targets),
            respectively: exact(&mut parts.respectively),
            dues: parts.dues.drain(..).collect(),
            due_whats: parts.due_whats.drain(..).collect(),
            starts: parts.starts.drain(..).collect(),
            windows: parts.windows.drain(..).collect(),
            durations: parts.durations.drain(..).collect(),
            deps: exact(&mut parts.deps),
            milestones: exact(&mut parts.milestones),
            recurs: exact(&mut parts.recurs),
            tags: exact(&mut parts.tags),
            facts: exact(&mut parts.facts),
            children: exact(&mut parts.children),
        };
        self.spare_parts.push(parts);
        Some(item)
    }

    fn item_stmt(&mut self, item: &mut ItemParts) -> Option<()> {
        let start = self.pos;
        let keyword = self.keyword()?;
        let keyword_span = self.span(start, self.pos);
        self.skip();
        match keywords::statement(Place::Item, keyword) {
            Some(Keyword::Text) => item.texts.push(self.string()?),
            Some(Keyword::Lead) => item.leads.push(self.ident()?),
            Some(Keyword::Support) => {
                item.supports.push(self.ident()?);
                self.more_idents(&mut item.supports);
            }
            Some(Keyword::Target) => item.targets.push(self.target(start)?),
            Some(Keyword::Respectively) => item.respectively.push(self.respectively(keyword_span)?),
            Some(Keyword::Due) => {
                item.dues.push(self.when()?);
                let end = self.pos;
                self.skip();
                if self.byte(self.pos) == Some(b'"') {
                    item.due_whats.push(self.string()?);
                } else {
                    self.pos = end;
                }
            }
            Some(Keyword::Start) => item.starts.push(self.when()?),
            Some(Keyword::Window) => item.windows.push(self.when()?),
            Some(Keyword::Duration) => {
                let duration = self.duration()?;
                let span = self.span(start, self.pos);
                item.durations.push(Spanned::new(duration, span));
            }
            Some(Keyword::After) => self.deps(DepKind::After, &mut item.deps)?,
            Some(Keyword::Needs) => self.deps(DepKind::Needs, &mut item.deps)?,
            Some(Keyword::Milestone) => item.milestones.push(self.milestone()?),
            Some(Keyword::Recur) => item.recurs.push(self.recur(start)?),
            Some(Keyword::Tags) => {
                item.tags.push(self.ident()?);
                self.more_idents(&mut item.tags);
            }
            Some(Keyword::Fact) => item.facts.push(self.fact(start)?),
            Some(Keyword::Item) => item.children.push(self.item()?),
            _ => return None,
        }
        Some(())
    }

    /// `number ~ duration_unit`; the position is left where it was when they do not match.
    fn duration(&mut self) -> Option<Duration> {
        let saved = self.pos;
        let Some((start, end)) = self.number() else {
            self.pos = saved;
            return None;
        };
        self.skip();
        let Some(unit) = self
            .eat_keyword_of(DURATION_UNITS)
            .and_then(keywords::duration_unit)
        else {
            self.pos = saved;
            return None;
        };
        match self.slice(start, end).parse::<i64>() {
            Ok(amount) if amount <= 100_000 => Some(Duration { amount, unit }),
            _ => self.fail(),
        }
    }

    /// `dep_ref ~ (list_sep ~ dep_ref)*`.
    fn deps(&mut self, kind: DepKind, deps: &mut Vec<DepRef>) -> Option<()> {
        deps.push(self.dep_ref(kind)?);
        loop {
            let saved = self.pos;
            self.skip();
            if let Some(end) = self.list_sep_end(self.pos) {
                self.pos = end;
                self.skip();
                if let Some(dep) = self.dep_ref(kind) {
                    deps.push(dep);
                    continue;
                }
            }
            self.pos = saved;
            return Some(());
        }
    }

    /// `ident ~ dep_from_start? ~ lag?`.
    fn dep_ref(&mut self, kind: DepKind) -> Option<DepRef> {
        let target = self.ident()?;
        let saved = self.pos;
        self.skip();
        let from_start = self.eat_keyword(Keyword::Start).is_some();
        self.skip();
        let lag = self.lag();
        if !from_start && lag.is_none() {
            self.pos = saved;
        }
        Some(DepRef {
            kind,
            target,
            from_start,
            lag,
        })
    }

    /// `sign ~ number ~ duration_unit`.
    fn lag(&mut self) -> Option<Spanned<Duration>> {
        let start = self.pos;
        let negative = match self.byte(start)? {
            b'+' => false,
            b'-' => true,
            _ => return None,
        };
        self.pos += 1;
        self.skip();
        let Some(mut duration) = self.duration() else {
            self.pos = start;
            return None;
        };
        if negative {
            duration.amount = -duration.amount;
        }
        Some(Spanned::new(duration, self.span(start, self.pos)))
    }

    fn milestone(&mut self) -> Option<MilestoneStmt> {
        let name = self.ident()?;
        self.skip();
        let title = self.string();
        let mut due = None;
        let mut deps = Vec::new();
        loop {
            let saved = self.pos;
            self.skip();
            if self.eat_keyword(Keyword::Due).is_some() {
                self.skip();
                if let Some(when) = self.when() {
                    due = Some(when);
                    continue;
                }
            } else if let Some(word) = self.eat_keyword_of(&[Keyword::After, Keyword::Needs]) {
                let kind = if word == Keyword::After {
                    DepKind::After
                } else {
                    DepKind::Needs
                };
                self.skip();
                let mut more = Vec::new();
                if self.deps(kind, &mut more).is_some() {
                    deps.append(&mut more);
                    continue;
                }
            }
            self.pos = saved;
            break;
        }
        Some(MilestoneStmt {
            name,
            title,
            due,
            deps,
        })
    }

    fn recur(&mut self, start: usize) -> Option<RecurStmt> {
        let name = self.ident()?;
        self.skip();
        let title = self.string();
        self.skip();
        let frequency = self
            .eat_keyword_of(FREQUENCIES)
            .and_then(keywords::frequency)?;
        self.skip();
        let (count, _) = self.quantity()?;
        let mut months = Vec::new();
        let saved = self.pos;
        self.skip();
        if self.eat_keyword(Keyword::In).is_some() {
            self.skip();
            if let Some(month) = self.recur_month() {
                months.push(month);
                loop {
                    let saved = self.pos;
                    self.skip();
                    if let Some(end) = self.list_sep_end(self.pos) {
                        self.pos = end;
                        self.skip();
                        if let Some(month) = self.recur_month() {
                            months.push(month);
                            continue;
                        }
                    }
                    self.pos = saved;
                    break;
                }
            }
        }
        if months.is_empty() {
            self.pos = saved;
        }
        let saved = self.pos;
        self.skip();
        let mut day = None;
        if self.eat_keyword(Keyword::By).is_some() {
            self.skip();
            day = self.day_of_month();
        }
        if day.is_none() {
            self.pos = saved;
        }
        Some(RecurStmt {
            span: self.span(start, self.pos),
            name,
            title,
            frequency,
            count,
            months,
            day,
        })
    }

    /// `month` in `recur_months`, checked as the lowering does.
    fn recur_month(&mut self) -> Option<Spanned<u8>> {
        let start = self.pos;
        let digits = self.digits_end(start, 1, 2)?;
        if !self.starts(digits, "月") {
            return None;
        }
        self.pos = digits + 3;
        let month = self.month_of(self.slice(start, digits))?;
        Some(Spanned::new(month as u8, self.span(start, self.pos)))
    }

    /// `day_of_month`, checked as the lowering does.
    fn day_of_month(&mut self) -> Option<Spanned<u8>> {
        let start = self.pos;
        let digits = self.digits_end(start, 1, 2)?;
        self.pos = self.literal_end(digits, &["日", "号"]).unwrap_or(digits);
        match self.slice(start, digits).parse::<u8>() {
            Ok(day @ 1..=31) => Some(Spanned::new(day, self.span(start, self.pos))),
            _ => self.fail(),
        }
    }

    /// A month's number, checked as the lowering does.
    fn month_of(&mut self, digits: &str) -> Option<i8> {
        match digits.parse::<i8>() {
            Ok(month @ 1..=12) => Some(month),
            _ => self.fail(),
        }
    }

    // ------------------------------------------------------------ targets

    /// `target_stmt` after its keyword (and the skip after it).
    fn target(&mut self, start: usize) -> Option<TargetStmt> {
        let name = self.ident()?;
        self.skip();
        let metric = self.string();
        self.skip();
        let stretch = self.eat_keyword(Keyword::Stretch).is_some();
        self.skip();
        let (value, approx, change) = self.target_value()?;
        let mut end = self.pos;
        self.skip();
        let mut due = None;
        if self.eat_keyword(Keyword::Due).is_some() {
            self.skip();
            due = Some(self.when()?);
            end = self.pos;
            self.skip();
        }
        let mut counts = None;
        let counts_start = self.pos;
        if self.eat_keyword(Keyword::Counts).is_some() {
            self.skip();
            let what = if self.eat_keyword(Keyword::SubItems).is_some() {
                CountOf::SubItems
            } else {
                let tag_start = self.pos;
                let tagged = if self.eat_keyword(Keyword::Tags).is_some() {
                    self.skip();
                    self.ident().map(CountOf::Tag)
                } else {
                    None
                };
                match tagged {
                    Some(tag) => tag,
                    None => {
                        self.pos = tag_start;
                        CountOf::Group(self.ident()?)
                    }
                }
            };
            counts = Some(Spanned::new(what, self.span(counts_start, self.pos)));
            end = self.pos;
            self.skip();
        }
        let split = self.split();
        if split.is_none() {
            self.pos = end;
        }
        Some(TargetStmt {
            span: self.span(start, self.pos),
            name,
            metric,
            stretch,
            value,
            due,
            counts,
            split,
            approx,
            change,
        })
    }

    /// `fact_stmt` after its keyword: `NAME "name" [QUANTITY] [截至 WHEN]`.
    fn fact(&mut self, start: usize) -> Option<FactStmt> {
        let name = self.ident()?;
        self.skip();
        let title = self.string()?;
        let mut end = self.pos;
        self.skip();
        let mut value = None;
        let mut bound = None;
        if let Some((quantity, suffix)) = self.quantity() {
            bound = suffix.map(|(above, _)| above);
            value = Some(quantity);
            end = self.pos;
            self.skip();
        } else {
            self.pos = end;
            self.skip();
        }
        let mut by = None;
        if self.eat_keyword(Keyword::By).is_some() {
            self.skip();
            by = Some(self.when()?);
            end = self.pos;
        }
        self.pos = end;
        Some(FactStmt {
            span: self.span(start, end),
            name,
            title,
            value,
            bound,
            by,
        })
    }

    /// `trend | relative | growth | in_step | compared`: the value, whether it is approximate,
    /// and the change stated beside a value.
    fn target_value(&mut self) -> Option<TargetParts> {
        let start = self.pos;
        if self.eat_keyword(Keyword::Trend).is_some() {
            self.skip();
            let direction_start = self.pos;
            if let Some(direction) = self
                .eat_keyword_of(TREND_DIRECTIONS)
                .and_then(keywords::direction)
            {
                let span = self.span(direction_start, self.pos);
                return Some((
                    TargetValue::Trend(Spanned::new(direction, span)),
                    None,
                    None,
                ));
            }
            self.pos = start;
        }
        if self.eat_keyword(Keyword::Vs).is_some() {
            self.skip();
            if let Some(baseline) = self.ident() {
                self.skip();
                if let Some((change, approx)) = self.change(Some(baseline), true) {
                    return Some((change_value(change), approx, None));
                }
            }
            self.pos = start;
        }
        if let Some((change, approx)) = self.change(None, true) {
            return Some((change_value(change), approx, None));
        }
        self.pos = start;
        if self.eat_keyword(Keyword::InStep).is_some() {
            let keyword = self.span(start, self.pos);
            self.skip();
            if let Some(baseline) = self.ident() {
                let comparison = Spanned::new(Comparison::InStep, keyword);
                let value = TargetValue::Baseline {
                    comparison,
                    baseline,
                };
                return Some((value, None, None));
            }
            self.pos = start;
        }
        self.compared()
    }

    /// `about`/`or_so` at `at`: its end.
    fn approx_end(&self, at: usize, keyword: Keyword) -> Option<usize> {
        let end = self.literal_end(at, keyword.spellings())?;
        let fits = match keyword {
            Keyword::About => self.cmp_end(end),
            _ => !self.ident_char_at(end),
        };
        fits.then_some(end)
    }

    /// `about?`: eats it (and the skip after it).
    fn about(&mut self) -> bool {
        match self.approx_end(self.pos, Keyword::About) {
            Some(end) => {
                self.pos = end;
                self.skip();
                true
            }
            None => false,
        }
    }

    /// `or_so?` after a quantity: eats it, or leaves the position where it was.
    fn or_so(&mut self) -> bool {
        let saved = self.pos;
        self.skip();
        match self.approx_end(self.pos, Keyword::OrSo) {
            Some(end) => {
                self.pos = end;
                true
            }
            None => {
                self.pos = saved;
                false
            }
        }
    }

    /// `change_dir ~ about? ~ quantity ~ or_so?` (the approximation only when `approx`), after the
    /// baseline if there is one.
    fn change(
        &mut self,
        baseline: Option<Name>,
        approx: bool,
    ) -> Option<(ValueChange, Option<Approx>)> {
        let direction_start = self.pos;
        let (direction, direction_end) = [Keyword::ChangeUp, Keyword::ChangeDown]
            .into_iter()
            .find_map(|keyword| {
                let end = self.literal_end(direction_start, keyword.spellings())?;
                Some((keywords::direction(keyword)?, end))
            })?;
        if !self.cmp_end(direction_end) {
            return None;
        }
        let direction = Spanned::new(direction, self.span(direction_start, direction_end));
        self.pos = direction_end;
        self.skip();
        let about = approx && self.about();
        let (amount, _) = self.quantity()?;
        // `growth_range`: only where an approximation may be written (not beside a value).
        let high = if approx { self.growth_high() } else { None };
        let or_so = approx && self.or_so();
        let approx = Approx::of(about, or_so);
        Some((
            ValueChange {
                baseline,
                direction,
                amount,
                high,
            },
            approx,
        ))
    }

    /// The high end of a `growth_range` after its low end, or the position left where it was.
    fn growth_high(&mut self) -> Option<Box<Quantity>> {
        let saved = self.pos;
        self.skip();
        if let Some(separator) = self.literal_end(self.pos, &["-", "~", "～", "至"]) {
            self.pos = separator;
            self.skip();
            if let Some((high, _)) = self.quantity() {
                return Some(Box::new(high));
            }
        }
        self.pos = saved;
        None
    }

    /// `comparison` at `at`.
    fn comparison(&self, at: usize) -> Option<(Comparison, usize)> {
        // Each rule is `symbols | words ~ cmp_end`, tried in the grammar's order: a spelling
        // written with letters needs the `cmp_end`.
        COMPARISONS.iter().find_map(|&keyword| {
            let end = self.literal_end(at, keyword.spellings())?;
            let worded = self
                .text
                .get(at..)
                .and_then(|t| t.chars().next())
                .is_some_and(is_ident_char);
            if worded && !self.cmp_end(end) {
                return None;
            }
            Some((keywords::comparison(keyword)?, end))
        })
    }

    /// `comparison? ~ (range | about? ~ quantity ~ or_so? ~ value_change? | baseline_ref)`, with
    /// the lowering's rules for suffixes.
    fn compared(&mut self) -> Option<TargetParts> {
        let start = self.pos;
        let comparison = self.comparison(start).map(|(comparison, end)| {
            self.pos = end;
            Spanned::new(comparison, self.span(start, end))
        });
        self.skip();
        if let Some((low, high)) = self.range() {
            return Some((TargetValue::Range { low, high }, None, None));
        }
        let before = self.pos;
        let about = self.about();
        let quantity = self.quantity();
        if quantity.is_none() {
            self.pos = before;
        }
        if let Some((value, suffix)) = quantity {
            let or_so = self.or_so();
            let approx = Approx::of(about, or_so);
            let change = self.value_change().map(Box::new);
            let (comparison, suffix) = match (suffix, comparison) {
                (Some((above, span)), None) => (Self::suffix_comparison(above, span), true),
                // `达 95% 以上`: the suffix decides.
                (Some((above, span)), Some(prefix)) if prefix.node == Comparison::Eq => {
                    (Self::suffix_comparison(above, span), true)
                }
                // Two comparisons: the lowering reports them.
                (Some(_), Some(_)) => return self.fail(),
                (None, comparison) => (
                    comparison.unwrap_or(Spanned::new(Comparison::Eq, value.span)),
                    false,
                ),
            };
            let value = TargetValue::Value {
                comparison,
                suffix,
                value,
            };
            return Some((value, approx, change));
        }
        let Some(baseline) = self.ident() else {
            self.pos = start;
            return None;
        };
        let comparison =
            comparison.unwrap_or(Spanned::new(Comparison::Eq, self.span(start, self.pos)));
        let value = TargetValue::Baseline {
            comparison,
            baseline,
        };
        Some((value, None, None))
    }

    /// `value_change?` after a value: `vs ~ ident ~ change_dir ~ quantity | change_dir ~ quantity`;
    /// the position is left where it was when there is none.
    fn value_change(&mut self) -> Option<ValueChange> {
        let saved = self.pos;
        self.skip();
        let start = self.pos;
        if self.eat_keyword(Keyword::Vs).is_some() {
            self.skip();
            if let Some(baseline) = self.ident() {
                self.skip();
                if let Some((change, _)) = self.change(Some(baseline), false) {
                    return Some(change);
                }
            }
            self.pos = start;
        }
        if let Some((change, _)) = self.change(None, false) {
            return Some(change);
        }
        self.pos = saved;
        None
    }

    fn suffix_comparison(above: bool, span: Span) -> Spanned<Comparison> {
        Spanned::new(
            if above {
                Comparison::Ge
            } else {
                Comparison::Le
            },
            span,
        )
    }

    /// `amount ~ range_sep ~ amount ~ unit?`: both ends, each with the unit.
    fn range(&mut self) -> Option<(Quantity, Quantity)> {
        let start = self.pos;
        let low = self.amount()?;
        self.skip();
        let Some(separator) = self.literal_end(self.pos, &["-", "~", "～", "至"]) else {
            self.pos = start;
            return None;
        };
        self.pos = separator;
        self.skip();
        let Some(high) = self.amount() else {
            self.pos = start;
            return None;
        };
        let end = self.pos;
        self.skip();
        let unit = self.unit(true);
        match &unit {
            Some(unit) if self.other_notation(&high, unit) => return None,
            Some(_) => {}
            None => self.pos = end,
        }
        let (low_value, low_written) = self.amount_value(low)?;
        let (high_value, high_written) = self.amount_value(high)?;
        let low = Quantity {
            span: self.span(low.start, low.end),
            value: low_value,
            written: low_written,
            unit: unit.clone(),
        };
        let high = Quantity {
            span: self.span(high.start, high.end),
            value: high_value,
            written: high_written,
            unit,
        };
        Some((low, high))
    }

    /// `split`: `其中 { LABEL VALUE, … }`; the position is left where it was when there is none.
    fn split(&mut self) -> Option<Split> {
        let start = self.pos;
        self.eat_keyword(Keyword::Split)?;
        let span = self.span(start, self.pos);
        self.skip();
        if self.eat_byte(b'{').is_none() {
            self.pos = start;
            return None;
        }
        self.open()?;
        let mut parts = Vec::new();
        loop {
            if self.split_sep() {
                continue;
            }
            let saved = self.pos;
            if let Some(part) = self.split_part() {
                parts.push(part);
                continue;
            }
            self.pos = saved;
            break;
        }
        self.split_close(start)?;
        Some(Split { span, parts })
    }

    /// Skips spaces and one `split_sep` (a list separator, a line end, `;` or `；`); whether there
    /// was one.
    fn split_sep(&mut self) -> bool {
        self.skip();
        match self
            .list_sep_end(self.pos)
            .or_else(|| self.newline_end(self.pos))
            .or_else(|| self.literal_end(self.pos, &[";", "；"]))
        {
            Some(end) => {
                self.pos = end;
                true
            }
            None => false,
        }
    }

    /// The `}` of a breakdown opened at `start`; `None` (the position back at `start`) when
    /// something else follows the parts.
    fn split_close(&mut self, start: usize) -> Option<()> {
        match self.byte(self.pos) {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                Some(())
            }
            // Never closed: the lowering reports it.
            None => self.fail(),
            Some(_) => {
                self.pos = start;
                self.depth -= 1;
                None
            }
        }
    }

    /// A part's label: an identifier, or a string (a free label).
    fn part_label(&mut self) -> Option<(Name, bool)> {
        if let Some(name) = self.ident() {
            return Some((name, false));
        }
        let label = self.string()?;
        Some((Spanned::new(label.node.into(), label.span), true))
    }

    /// `split_part`: `LABEL [comparison] QUANTITY [其中 { … }]`.
    fn split_part(&mut self) -> Option<SplitPart> {
        let (label, free) = self.part_label()?;
        self.skip();
        let cmp_start = self.pos;
        let prefix = self.comparison(cmp_start).map(|(comparison, end)| {
            self.pos = end;
            Spanned::new(comparison, self.span(cmp_start, end))
        });
        self.skip();
        let (value, suffix) = self.quantity()?;
        let (comparison, suffix) = match (prefix, suffix) {
            (None, None) => (None, false),
            (Some(prefix), None) => (Some(prefix), false),
            (Some(prefix), Some((above, span))) if prefix.node == Comparison::Eq => {
                (Some(Self::suffix_comparison(above, span)), true)
            }
            (None, Some((above, span))) => (Some(Self::suffix_comparison(above, span)), true),
            // Two comparisons: the lowering reports them.
            (Some(_), Some(_)) => return self.fail(),
        };
        let end = self.pos;
        self.skip();
        let split = self.split();
        if split.is_none() {
            self.pos = end;
        }
        Some(SplitPart {
            label,
            free,
            comparison,
            suffix,
            value,
            split,
        })
    }

    /// `respectively_stmt` after its keyword (at `span`) and the skip after it.
    fn respectively(&mut self, span: Span) -> Option<Respectively> {
        let mut targets = vec![self.ident()?];
        self.more_idents(&mut targets);
        self.skip();
        self.eat_keyword(Keyword::Split)?;
        self.skip();
        let start = self.pos;
        self.eat_byte(b'{')?;
        self.open()?;
        let mut rows = Vec::new();
        loop {
            if self.split_sep() {
                continue;
            }
            let saved = self.pos;
            if let Some((label, free)) = self.part_label() {
                let mut values = Vec::new();
                loop {
                    let before = self.pos;
                    self.skip();
                    match self.quantity() {
                        Some((value, None)) => values.push(value),
                        // A bound in a row: the lowering reports it.
                        Some((_, Some(_))) => return self.fail(),
                        None => {
                            self.pos = before;
                            break;
                        }
                    }
                }
                if !values.is_empty() {
                    rows.push(RespectivelyRow {
                        label,
                        free,
                        values,
                    });
                    continue;
                }
            }
            self.pos = saved;
            break;
        }
        match self.byte(self.pos) {
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
            }
            // Never closed: the lowering reports it; anything else is not this statement.
            _ => return self.fail_or_none(start),
        }
        Some(Respectively {
            span,
            targets,
            rows,
        })
    }

    /// At the end of the text: a failure (the lowering reports the unclosed block); otherwise
    /// `None` with the position back at `start`.
    fn fail_or_none<T>(&mut self, start: usize) -> Option<T> {
        if self.byte(self.pos).is_none() {
            return self.fail();
        }
        self.pos = start;
        None
    }

    // ------------------------------------------------------------ dates

    /// `when_single ~ (".." ~ when_single)?`, checked as the lowering does.
    fn when(&mut self) -> Option<Spanned<When>> {
        let start = self.pos;
        let (first, first_end) = self.when_single(start)?;
        self.pos = first_end;
        self.skip();
        let mut second = None;
        if self.starts(self.pos, "..") {
            let at = self.pos + 2;
            self.pos = at;
            self.skip();
            second = self
                .when_single(self.pos)
                .map(|(kind, end)| (kind, self.pos, end));
        }
        let first = self.when_part(first, start, first_end)?;
        let when = match second {
            Some((kind, second_start, end)) => {
                self.pos = end;
                When::Range(first, self.when_part(kind, second_start, end)?)
            }
            None => {
                self.pos = first_end;
                When::Single(first)
            }
        };
        Some(Spanned::new(when, self.span(start, self.pos)))
    }

    /// Which `when_single` alternative matches at `at`, in the grammar's order, and its end.
    fn when_single(&self, at: usize) -> Option<(WhenKind, usize)> {
        if let Some(end) = self.date_end(at) {
            return Some((WhenKind::Date, end));
        }
        if let Some(year) = self.digits_end(at, 4, 4)
            && self.byte(year) == Some(b'-')
            && let Some(end) = self.digits_end(year + 1, 1, 2)
            && !self.byte(end).is_some_and(|b| b.is_ascii_digit())
        {
            return Some((WhenKind::YearMonth, end));
        }
        if let Some(digits) = self.digits_end(at, 4, 4)
            && self.starts(digits, "年")
        {
            // The grammar's ordered choice: the first alternative that matches is kept.
            let after = digits + "年".len();
            let end = if self.starts(after, "底") {
                let end = after + "底".len();
                if self.starts(end, "前") {
                    end + "前".len()
                } else {
                    end
                }
            } else if let Some(month) = self.digits_end(after, 1, 2)
                && self.starts(month, "月")
            {
                let month = month + "月".len();
                if let Some(end) = self.literal_end(month, &["上旬", "中旬", "下旬"]) {
                    end
                } else if self.starts(month, "底") {
                    let end = month + "底".len();
                    if self.starts(end, "前") {
                        end + "前".len()
                    } else {
                        end
                    }
                } else {
                    month
                }
            } else if let Some(end) = self.literal_end(after, &["上半年", "下半年"]) {
                end
            } else if let Some(end) = self.literal_end(after, &NAMED_WORDS) {
                end
            } else {
                after
            };
            if !self.ident_char_at(end) {
                return Some((WhenKind::YearNamed, end));
            }
        }
        if let Some(digits) = self.digits_end(at, 1, 2) {
            if let Some(separator) = self.literal_end(digits, &["-", "~", "～", "至"])
                && let Some(second) = self.digits_end(separator, 1, 2)
                && self.starts(second, "月")
            {
                return Some((WhenKind::MonthWindow, second + 3));
            }
            if self.starts(digits, "月") {
                let month = digits + 3;
                if let Some(day) = self.digits_end(month, 1, 2)
                    && let Some(end) = self.literal_end(day, &["日", "号"])
                {
                    return Some((WhenKind::MonthDay, end));
                }
                if let Some(end) = self.literal_end(month, &["上旬", "中旬", "下旬"])
                    && !self.ident_char_at(end)
                {
                    return Some((WhenKind::MonthTenth, end));
                }
                if self.starts(month, "底") {
                    let mut end = month + "底".len();
                    if self.starts(end, "前") {
                        end += "前".len();
                    }
                    if !self.ident_char_at(end) {
                        return Some((WhenKind::MonthEnd, end));
                    }
                }
                return Some((WhenKind::Month, month));
            }
        }
        if matches!(self.byte(at), Some(b'Q' | b'q'))
            && self
                .byte(at + 1)
                .is_some_and(|b| (b'1'..=b'4').contains(&b))
        {
            return Some((WhenKind::Quarter, at + 2));
        }
        let numeral = self.literal_end(at, &["第"]).unwrap_or(at);
        if let Some(end) = self.literal_end(numeral, &["一", "二", "三", "四"])
            && self.starts(end, "季度")
        {
            return Some((WhenKind::Quarter, end + "季度".len()));
        }
        if let Some(end) = self.literal_end(at, &["H1", "H2", "上半年", "下半年"]) {
            return Some((WhenKind::Half, end));
        }
        let word = self.word(at);
        if Keyword::WholePeriod.is(word) {
            return Some((WhenKind::WholePeriod, at + word.len()));
        }
        if let Some(end) = self.literal_end(at, &NAMED_WORDS)
            && !self.ident_char_at(end)
        {
            return Some((WhenKind::Named, end));
        }
        None
    }

    /// The value of a `when_single`, checked as the lowering's `when_part` does.
    fn when_part(&mut self, kind: WhenKind, start: usize, end: usize) -> Option<WhenPart> {
        let text = self.slice(start, end);
        let mut numbers = text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        Some(match kind {
            WhenKind::Date => match text.parse::<jiff::civil::Date>() {
                Ok(date) => WhenPart::Date(date),
                Err(_) => return self.fail(),
            },
            WhenKind::YearMonth => {
                let year = numbers.next()?.parse::<i16>().ok()?;
                WhenPart::YearMonth(year, self.month_of(numbers.next()?)?)
            }
            WhenKind::Month => WhenPart::Month(self.month_of(numbers.next()?)?),
            WhenKind::MonthWindow => {
                let from = self.month_of(numbers.next()?)?;
                let to = self.month_of(numbers.next()?)?;
                WhenPart::MonthWindow(from, to)
            }
            WhenKind::MonthDay => {
                let month = self.month_of(numbers.next()?)?;
                let day = numbers.next()?.parse::<i16>().ok()?;
                if !super::lower::day_exists(month, day) {
                    return self.fail();
                }
                WhenPart::MonthDay(month, i8::try_from(day).ok()?)
            }
            WhenKind::Quarter => WhenPart::Quarter(super::lower::quarter_of(text)),
            WhenKind::Half => WhenPart::Half(super::lower::half_of(text)),
            WhenKind::WholePeriod => WhenPart::WholePeriod,
            WhenKind::YearNamed => {
                let (year, named) = read_year_named(text)?;
                let month = match named {
                    YearNamed::Month(month, _) => self.month_of(&month.to_string())?,
                    _ => 0,
                };
                named.part(year, month)
            }
            WhenKind::MonthTenth => WhenPart::MonthTenth(
                self.month_of(numbers.next()?)?,
                super::lower::tenth_of(text),
            ),
            WhenKind::MonthEnd => WhenPart::MonthEnd(self.month_of(numbers.next()?)?),
            WhenKind::Named => WhenPart::Named(NamedTime::from_word(text)?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Over a megabyte of sections, with `line_end` between lines.
    fn sections(line_end: &str) -> String {
        let mut text = String::new();
        let mut index = 0;
        while text.len() <= PARALLEL_BYTES {
            text.push_str(&format!(
                "section s{index} \"t\" {{{line_end}  item i{index} \"t\" {{{line_end}    lead d // c{line_end}  }}{line_end}}}{line_end}"
            ));
            index += 1;
        }
        text
    }

    #[test]
    fn two_halves_give_the_tree_of_one_parse() {
        for line_end in ["\n", "\r\n"] {
            let text = sections(line_end);
            let cut = cut_point(&text).expect("a line holding only `}`");
            assert!(text[..cut].ends_with(&format!("}}{line_end}")));
            let halves = parse_halves(FileId(0), &text, cut, false).expect("both halves parse");
            let whole = Parser::new(FileId(0), &text, 0, text.len(), false)
                .and_then(|parser| parser.file(true))
                .expect("the whole text parses");
            assert_eq!(format!("{halves:?}"), format!("{whole:?}"));
        }
    }

    #[test]
    fn any_cut_gives_the_tree_of_one_parse() {
        // Items closed at the start of a line: some lines holding only `}` are inside a section.
        let text = sections("\n").replace("\n  }", "\n}");
        let whole = Parser::new(FileId(0), &text, 0, text.len(), false)
            .and_then(|parser| parser.file(true))
            .expect("the whole text parses");
        let whole = format!("{whole:?}");
        let mut inside = 0;
        let cuts = text
            .match_indices("\n}\n")
            .map(|(at, line)| at + line.len())
            .skip_while(|&cut| cut < text.len() / 2)
            .take(8);
        for cut in cuts {
            match parse_halves(FileId(0), &text, cut, false) {
                Some(halves) => assert_eq!(format!("{halves:?}"), whole),
                None => inside += 1,
            }
        }
        assert!(inside > 0, "no cut fell inside a section");
        assert_eq!(
            parse(FileId(0), &text, false).map(|tree| format!("{:?}", tree.statements)),
            Some(whole)
        );
    }

    /// The identifier characters are exactly those of pest's `XID_START`, `XID_CONTINUE` and `_`
    /// (both crates follow the Unicode version they were built with; this fails if they part).
    #[test]
    fn identifier_characters_are_pests() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                is_ident_start(c),
                pest::unicode::XID_START(c) || c == '_',
                "{c:?}"
            );
            assert_eq!(
                is_ident_char(c),
                pest::unicode::XID_CONTINUE(c) || c == '_',
                "{c:?}"
            );
        }
    }
}
