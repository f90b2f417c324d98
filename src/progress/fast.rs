//! A hand-written parser for progress files without problems: the fast path of
//! [`super::syntax::parse`], as `syntax::fast` is for plans.
//!
//! It gives the same tree as the pest grammar (`progress_file` in `grammar/plan.pest`) and its
//! lowering, spans included, for every text it takes. On anything the pest path would report (a
//! line that is not a statement, an unknown status, a date that is no day, a number too large, an
//! unknown escape, a repeated `完成`, a block never closed, …) it gives up and returns `None`, and
//! pest parses the file, so diagnostics are those of the parser of record. `tests/progress.rs`
//! checks the two agree on the sample history, generated files and broken ones.

use super::syntax::{Actual, File, Header, ItemEntry, MilestoneDone, RecurrenceDone, Status};
use crate::source::{FileId, Span, Spanned};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::str::FromStr;

/// The tree of `text`, or `None` when pest must parse it (it has problems, or a form this parser
/// does not take).
pub fn parse(file: FileId, text: &str) -> Option<File> {
    let mut parser = Parser {
        file,
        text,
        bytes: text.as_bytes(),
        at: 0,
        year: None,
    };
    parser.file()
}

struct Parser<'a> {
    file: FileId,
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
    /// The year of the header's date, for dates written `6月30日`.
    year: Option<i16>,
}

fn is_ident_start(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic() || c == '_'
    } else {
        unicode_ident::is_xid_start(c)
    }
}

fn is_ident_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        unicode_ident::is_xid_continue(c)
    }
}

/// Words after a value that are never a unit (the grammar's `reserved`).
const RESERVED: &[&str] = &[
    "以上", "以下", "其中", "split", "于", "in", "截至", "by", "时限", "due",
];

impl<'a> Parser<'a> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// The grammar's implicit `(WHITESPACE | COMMENT)*`.
    fn skip(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t') => self.at += 1,
                Some(0xE3)
                    if self.bytes.get(self.at..self.at + 3) == Some("\u{3000}".as_bytes()) =>
                {
                    self.at += 3
                }
                Some(b'/') if self.bytes.get(self.at + 1) == Some(&b'/') => {
                    while let Some(byte) = self.peek() {
                        if byte == b'\n' || byte == b'\r' {
                            break;
                        }
                        self.at += 1;
                    }
                }
                _ => return,
            }
        }
    }

    /// A `NEWLINE` here: consumed.
    fn newline(&mut self) -> bool {
        match self.peek() {
            Some(b'\n') => {
                self.at += 1;
                true
            }
            Some(b'\r') => {
                self.at += 1;
                if self.peek() == Some(b'\n') {
                    self.at += 1;
                }
                true
            }
            _ => false,
        }
    }

    /// `blank*` with the implicit skips: empty lines, spaces and comments.
    fn blanks(&mut self) {
        loop {
            self.skip();
            if !self.newline() {
                return;
            }
        }
    }

    /// A word `(XID_START | "_") ~ ident_char*` here: its start and end; `None` if none starts here.
    fn word(&mut self) -> Option<(usize, usize)> {
        let start = self.at;
        let rest = self.text.get(start..)?;
        let mut chars = rest.char_indices();
        let (_, first) = chars.next()?;
        if !is_ident_start(first) {
            return None;
        }
        let mut end = start + first.len_utf8();
        for (offset, c) in chars {
            if !is_ident_char(c) {
                end = start + offset;
                break;
            }
            end = start + offset + c.len_utf8();
        }
        self.at = end;
        Some((start, end))
    }

    fn word_text(&mut self) -> Option<(&'a str, usize, usize)> {
        let (start, end) = self.word()?;
        Some((self.text.get(start..end)?, start, end))
    }

    /// An identifier, after the skip.
    fn ident(&mut self) -> Option<Spanned<String>> {
        self.skip();
        let (text, start, end) = self.word_text()?;
        let name = text.to_owned();
        Some(Spanned::new(name, self.span(start, end)))
    }

    /// A keyword (one of `words`), after the skip.
    fn keyword(&mut self, words: [&str; 2]) -> Option<()> {
        self.skip();
        let (text, _, _) = self.word_text()?;
        words.contains(&text).then_some(())
    }

    /// The grammar's `line_end` after the skip: a newline (consumed), or a `}` or the end (not).
    fn line_end(&mut self) -> Option<()> {
        self.skip();
        if self.newline() || self.peek() == Some(b'}') || self.at == self.bytes.len() {
            Some(())
        } else {
            None
        }
    }

    fn file(&mut self) -> Option<File> {
        let mut tree = File::default();
        if self.text.starts_with('\u{FEFF}') {
            self.at = 3;
        }
        loop {
            self.blanks();
            if self.at >= self.bytes.len() {
                return Some(tree);
            }
            let (word, start, _) = self.word_text()?;
            match word {
                "进展" | "progress" => {
                    let header = self.header(start)?;
                    if tree.header.is_some() {
                        return None;
                    }
                    tree.header = Some(header);
                }
                "事项" | "item" => tree.items.push(self.item()?),
                _ => return None,
            }
            self.line_end()?;
            if self.peek() == Some(b'}') {
                return None;
            }
        }
    }

    fn header(&mut self, start: usize) -> Option<Header> {
        self.skip();
        let plan = self.string()?;
        self.keyword(["截至", "as_of"])?;
        self.skip();
        let date_start = self.at;
        let as_of = self.date()?;
        // The header's own date must be complete.
        if !self.text.get(date_start..self.at)?.contains('-') {
            return None;
        }
        self.year = Some(as_of.node.year());
        Some(Header {
            plan,
            as_of,
            span: self.span(start, self.at),
        })
    }

    fn item(&mut self) -> Option<ItemEntry> {
        let id = self.ident()?;
        let mut entry = ItemEntry::new(id);
        self.skip();
        if let Some((word, start, end)) = self.word_text() {
            let status = Status::from_word(word)?;
            entry.status = Some(Spanned::new(status, self.span(start, end)));
            self.skip();
        }
        if self.peek().is_some_and(|b| b.is_ascii_digit()) {
            let start = self.at;
            let digits = self.number()?;
            if self.text.get(self.at..)?.starts_with('%') {
                self.at += 1;
            } else if self.text.get(self.at..)?.starts_with('％') {
                self.at += '％'.len_utf8();
            } else {
                return None;
            }
            let value = Decimal::from_str(digits).ok()?;
            entry.percent = Some(Spanned::new(value, self.span(start, self.at)));
            self.skip();
        }
        if self.peek() != Some(b'{') {
            return Some(entry);
        }
        self.at += 1;
        loop {
            self.blanks();
            match self.peek() {
                Some(b'}') => {
                    self.at += 1;
                    return Some(entry);
                }
                None => return None,
                _ => {}
            }
            self.statement(&mut entry)?;
            self.line_end()?;
            if self.at >= self.bytes.len() {
                // A block never closed: pest reports it.
                return None;
            }
        }
    }

    fn statement(&mut self, entry: &mut ItemEntry) -> Option<()> {
        let (word, _, _) = self.word_text()?;
        match word {
            "指标" | "target" => {
                let target = self.ident()?;
                self.keyword(["实际", "actual"])?;
                self.skip();
                let start = self.at;
                let written = self.number_with_magnitude()?;
                let (digits, scale) = if let Some(digits) = written.strip_suffix('万') {
                    (digits, Decimal::from(10_000))
                } else if let Some(digits) = written.strip_suffix('亿') {
                    (digits, Decimal::from(100_000_000))
                } else {
                    (written, Decimal::ONE)
                };
                let value = Decimal::from_str(digits).ok()?.checked_mul(scale)?;
                let written = written.to_owned();
                let mut end = self.at;
                self.skip();
                let unit = self.unit()?;
                if let Some(unit) = &unit {
                    end = unit.span.end as usize;
                }
                entry.actuals.push(Actual {
                    target,
                    value,
                    written,
                    unit,
                    span: self.span(start, end),
                });
            }
            "节点" | "milestone" => {
                let id = self.ident()?;
                self.keyword(["完成", "done"])?;
                self.skip();
                let date = self.date()?;
                entry.milestones.push(MilestoneDone { id, date });
            }
            "周期" | "recur" => {
                let id = self.ident()?;
                self.keyword(["完成", "done"])?;
                self.skip();
                let mut dates = vec![self.date()?];
                loop {
                    let before = self.at;
                    self.skip();
                    let rest = self.text.get(self.at..)?;
                    let sep = [",", "，", "、"].into_iter().find(|s| rest.starts_with(*s));
                    let Some(sep) = sep else {
                        self.at = before;
                        break;
                    };
                    self.at += sep.len();
                    self.skip();
                    dates.push(self.date()?);
                }
                entry.recurrences.push(RecurrenceDone { id, dates });
            }
            "完成" | "done" => {
                self.skip();
                let date = self.date()?;
                if entry.done.is_some() {
                    return None;
                }
                entry.done = Some(date);
            }
            "完成情况" | "achieved" | "存在问题" | "problems" | "下步打算" | "next" => {
                let slot = match word {
                    "完成情况" | "achieved" => &mut entry.achieved,
                    "存在问题" | "problems" => &mut entry.problems,
                    _ => &mut entry.next,
                };
                if slot.is_some() {
                    return None;
                }
                self.skip();
                *slot = Some(self.string()?);
            }
            _ => return None,
        }
        Some(())
    }

    /// `number`: `ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)?`, as written.
    fn number(&mut self) -> Option<&'a str> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at += 1;
        }
        if self.at == start {
            return None;
        }
        if self.peek() == Some(b'.')
            && self
                .bytes
                .get(self.at + 1)
                .is_some_and(|b| b.is_ascii_digit())
        {
            self.at += 1;
            while self.peek().is_some_and(|b| b.is_ascii_digit()) {
                self.at += 1;
            }
        }
        self.text.get(start..self.at)
    }

    /// `amount`: a number and an optional `万` or `亿`, as written.
    fn number_with_magnitude(&mut self) -> Option<&'a str> {
        let start = self.at;
        self.number()?;
        let rest = self.text.get(self.at..)?;
        if rest.starts_with('万') || rest.starts_with('亿') {
            self.at += '万'.len_utf8();
        }
        self.text.get(start..self.at)
    }

    /// An optional `unit`: `%`, `％`, or a word that is not reserved. `Some(None)` when there is
    /// none; `None` when a reserved word stands there (pest reports the line).
    fn unit(&mut self) -> Option<Option<Spanned<String>>> {
        let start = self.at;
        let rest = self.text.get(start..)?;
        for sign in ["%", "％"] {
            if rest.starts_with(sign) {
                self.at += sign.len();
                return Some(Some(Spanned::new(
                    sign.to_owned(),
                    self.span(start, self.at),
                )));
            }
        }
        match self.word_text() {
            Some((word, start, end)) => {
                if RESERVED.contains(&word) {
                    return None;
                }
                let word = word.to_owned();
                Some(Some(Spanned::new(word, self.span(start, end))))
            }
            None => Some(None),
        }
    }

    /// A string `"…"` here, unescaped; `None` on an unknown escape or a missing quote.
    fn string(&mut self) -> Option<Spanned<String>> {
        let start = self.at;
        if self.peek() != Some(b'"') {
            return None;
        }
        let mut at = start + 1;
        let mut value = String::new();
        let mut run = at;
        loop {
            match self.bytes.get(at)? {
                b'"' => break,
                b'\n' | b'\r' => return None,
                b'\\' => {
                    value.push_str(self.text.get(run..at)?);
                    let escaped = self.text.get(at + 1..)?.chars().next()?;
                    match escaped {
                        '"' | '\\' | '{' | '}' | '`' => value.push(escaped),
                        'n' => value.push('\n'),
                        _ => return None,
                    }
                    at += 1 + escaped.len_utf8();
                    run = at;
                }
                _ => at += 1,
            }
        }
        value.push_str(self.text.get(run..at)?);
        self.at = at + 1;
        Some(Spanned::new(value, self.span(start, self.at)))
    }

    /// A `progress_date` here: `2020-06-30`, or `6月30日` in the header's year.
    fn date(&mut self) -> Option<Spanned<Date>> {
        let start = self.at;
        let rest = self.bytes.get(start..)?;
        let digit = |i: usize| rest.get(i).is_some_and(|b| b.is_ascii_digit());
        if (0..4).all(digit)
            && rest.get(4) == Some(&b'-')
            && digit(5)
            && digit(6)
            && rest.get(7) == Some(&b'-')
            && digit(8)
            && digit(9)
        {
            self.at = start + 10;
            let date = self.text.get(start..self.at)?.parse::<Date>().ok()?;
            return Some(Spanned::new(date, self.span(start, self.at)));
        }
        // month_day: ASCII_DIGIT{1,2} ~ "月" ~ ASCII_DIGIT{1,2} ~ ("日" | "号")
        let text: &'a str = self.text.get(start..)?;
        let digits = |s: &str| {
            let n = s.bytes().take_while(u8::is_ascii_digit).count();
            (1..=2).contains(&n).then_some(n)
        };
        let month_len = digits(text)?;
        let after_month = text.get(month_len..)?.strip_prefix('月')?;
        let day_len = digits(after_month)?;
        let after_day = after_month.get(day_len..)?;
        if !(after_day.starts_with('日') || after_day.starts_with('号')) {
            return None;
        }
        let month: i8 = text.get(..month_len)?.parse().ok()?;
        let day: i8 = after_month.get(..day_len)?.parse().ok()?;
        let year = self.year?;
        let date = Date::new(year, month, day).ok()?;
        self.at = start + month_len + '月'.len_utf8() + day_len + '日'.len_utf8();
        Some(Spanned::new(date, self.span(start, self.at)))
    }
}
