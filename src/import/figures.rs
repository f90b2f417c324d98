//! Figures in prose: every number with its unit, comparison and breakdown becomes a target that the
//! prose cites, so that the regenerated text reads as the original.

use rust_decimal::Decimal;

/// Units recognised after a number, longest first where one is a prefix of another.
const UNITS: &[&str] = &[
    "个百分点",
    "平方公里",
    "平方米",
    "万元",
    "亿元",
    "人次",
    "个月",
    "分钟",
    "小时",
    "课时",
    "学时",
    "公里",
    "千米",
    "%",
    "％",
    "个",
    "所",
    "名",
    "场",
    "项",
    "节",
    "次",
    "分",
    "年",
    "家",
    "座",
    "台",
    "套",
    "间",
    "张",
    "本",
    "册",
    "篇",
    "部",
    "件",
    "门",
    "批",
    "期",
    "支",
    "条",
    "户",
    "位",
    "人",
    "元",
    "天",
    "周",
    "类",
    "种",
    "处",
    "栋",
    "亩",
    "吨",
    "辆",
    "班",
    "轮",
    "届",
    "米",
    "首",
    "堂",
    "组",
    "队",
    "块",
    "例",
];

/// Comparison words written before a number, longest first, with the word the target uses.
const COMPARISONS: &[(&str, &str)] = &[
    ("不低于", "不低于"),
    ("不少于", "不少于"),
    ("不超过", "不超过"),
    ("不高于", "不高于"),
    ("超过", "超过"),
    ("达到", "达"),
    ("低于", "低于"),
    ("少于", "少于"),
    ("高于", ">"),
    ("逾", "逾"),
    ("超", "超"),
    ("达", "达"),
];

/// A run of prose: literal text or a citation of a target (`{id}` or `{id.part}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    Text(String),
    Cite(String, Option<String>),
}

/// A figure found in prose, bound to a target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Identifier (unique in the plan).
    pub id: String,
    /// Metric name, from the words around the figure.
    pub name: String,
    /// `力争` was written in the clause.
    pub stretch: bool,
    /// The comparison word of the target (`达`, `不低于`, `逾`, `<=` …), if any.
    pub comparison: Option<&'static str>,
    /// The number as written: `44`, `13万`, `3-4`.
    pub value: String,
    /// The unit as written (`个`, `%`, `％`, `个百分点`), empty for a bare 万/亿 figure.
    pub unit: String,
    /// `以上` or `以下` written after the figure.
    pub suffix: Option<&'static str>,
    /// A breakdown by owner: (owner name, then its identifier once declared; value as written).
    pub parts: Vec<(String, String)>,
    /// A change in a share against last year (`较上年降低1个百分点`): `降低` or `提高`. The import
    /// declares the baseline `上年{id}` (last year's actual, a share).
    pub change: Option<&'static str>,
}

impl Target {
    /// The target statement (without the `指标` keyword's indentation).
    pub fn statement(&self) -> String {
        let mut out = format!("指标 {} \"{}\"", self.id, escape(&self.name));
        if self.stretch {
            out.push_str(" 力争");
        }
        if let Some(change) = self.change {
            out.push_str(&format!(" 较 {} {change}", self.baseline()));
        } else if let Some(comparison) = self.comparison {
            out.push(' ');
            out.push_str(comparison);
        }
        out.push(' ');
        out.push_str(&self.value);
        out.push_str(&self.unit);
        if let Some(suffix) = self.suffix {
            out.push(' ');
            out.push_str(suffix);
        }
        if !self.parts.is_empty() {
            let parts: Vec<String> = self
                .parts
                .iter()
                .map(|(owner, value)| format!("{owner} {value}"))
                .collect();
            out.push_str(&format!(" 其中 {{ {} }}", parts.join(", ")));
        }
        out
    }

    /// The baseline a change is measured against.
    pub fn baseline(&self) -> String {
        format!("上年{}", self.id)
    }

    /// What the figure reads as in the source (for reports).
    pub fn written(&self) -> String {
        format!(
            "{}{}{}{}",
            self.comparison.map(|c| c.to_string()).unwrap_or_default(),
            self.value,
            self.unit,
            self.suffix.unwrap_or("")
        )
    }
}

/// A figure left in the prose, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unbound {
    pub figure: String,
    pub reason: String,
}

/// The result of scanning one paragraph.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    pub pieces: Vec<Piece>,
    pub targets: Vec<Target>,
    pub unbound: Vec<Unbound>,
    /// Owners named in breakdowns (in order of appearance).
    pub owners: Vec<String>,
}

/// Makes identifiers unique across the plan.
pub trait Namer {
    fn fresh(&mut self, wanted: &str) -> String;
}

/// Escapes text for a plan string.
pub fn escape(text: &str) -> String {
    crate::emit::markup::replace_chars(text, |c| match c {
        '"' => Some("\\\""),
        '\\' => Some("\\\\"),
        '{' => Some("\\{"),
        '}' => Some("\\}"),
        '`' => Some("\\`"),
        '\n' | '\r' | '\t' => Some(" "),
        _ => None,
    })
}

/// Pieces as the body of a `正文` string.
pub fn pieces_to_string(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => out.push_str(&escape(text)),
            Piece::Cite(id, None) => {
                out.push('{');
                out.push_str(id);
                out.push('}');
            }
            Piece::Cite(id, Some(part)) => {
                out.push('{');
                out.push_str(id);
                out.push('.');
                out.push_str(part);
                out.push('}');
            }
        }
    }
    out
}

/// A number with its unit as found at a position.
#[derive(Debug, Clone)]
struct Raw {
    /// Char index of the first digit.
    start: usize,
    /// Char index just past the unit (before any suffix).
    end: usize,
    value: String,
    /// The value as a decimal (the high end of a range).
    amount: Decimal,
    range: bool,
    unit: String,
    magnitude: bool,
}

fn is_clause_mark(c: char) -> bool {
    matches!(
        c,
        '，' | '；' | '。' | '：' | '！' | '？' | ',' | ';' | ':' | '!' | '?' | '\n'
    )
}

fn is_cjk(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn parse_number(chars: &[char], at: usize) -> Option<(usize, String)> {
    let mut end = at;
    while end < chars.len() && chars[end].is_ascii_digit() {
        end += 1;
    }
    if end == at {
        return None;
    }
    if end + 1 < chars.len() && chars[end] == '.' && chars[end + 1].is_ascii_digit() {
        end += 1;
        while end < chars.len() && chars[end].is_ascii_digit() {
            end += 1;
        }
    }
    Some((end, chars[at..end].iter().collect()))
}

fn starts_with(chars: &[char], at: usize, word: &str) -> bool {
    (at..)
        .zip(word.chars())
        .all(|(i, w)| chars.get(i) == Some(&w))
}

fn ends_with(chars: &[char], end: usize, word: &str) -> bool {
    let n = word.chars().count();
    end >= n && starts_with(chars, end - n, word)
}

/// The figure starting at `at` (a digit), if there is one.
fn raw_at(chars: &[char], at: usize) -> Option<Raw> {
    if let Some(&prev) = at.checked_sub(1).and_then(|p| chars.get(p))
        && (prev.is_ascii_alphanumeric()
            || matches!(
                prev,
                '.' | '+' | '-' | '_' | '/' | ',' | '第' | '#' | '×' | '*'
            ))
    {
        return None;
    }
    // `第 5 批` (text extracted from PDF has spaces around numbers).
    if at >= 2 && chars[at - 1] == ' ' && chars[at - 2] == '第' {
        return None;
    }
    let (mut end, first) = parse_number(chars, at)?;
    let mut value = first.clone();
    let mut range = false;
    let mut high = first.clone();
    // A range runs from low to high (`3-4个`); `90-4` is not one.
    if chars.get(end) == Some(&'-')
        && let Some((after, second)) = parse_number(chars, end + 1)
        && let (Ok(low), Ok(top)) = (first.parse::<Decimal>(), second.parse::<Decimal>())
        && low < top
    {
        range = true;
        value = format!("{first}-{second}");
        high = second;
        end = after;
    }
    let mut amount: Decimal = high.parse().ok()?;
    let mut magnitude = false;
    match chars.get(end) {
        Some('万') => {
            magnitude = true;
            amount *= Decimal::from(10_000);
            value.push('万');
            end += 1;
        }
        Some('亿') => {
            magnitude = true;
            amount *= Decimal::from(100_000_000);
            value.push('亿');
            end += 1;
        }
        _ => {}
    }
    let mut unit = String::new();
    // One space may stand between the number and its unit (`12 个`), as planc's prose check reads it.
    let spaced = usize::from(chars.get(end) == Some(&' '));
    for candidate in UNITS {
        if starts_with(chars, end + spaced, candidate) {
            unit = (*candidate).to_string();
            break;
        }
    }
    // A magnitude suffix followed by 元 was matched as 万元 above only without a magnitude.
    if unit.is_empty() && !magnitude {
        return None;
    }
    if magnitude && range {
        return None;
    }
    // Years (2020年, 2019-2021年) and dates are not figures.
    if unit == "年" && first.len() == 4 && !first.contains('.') {
        return None;
    }
    if unit == "年" && matches!(chars.get(end + spaced + 1), Some('级' | '度')) {
        return None;
    }
    if !unit.is_empty() {
        end += spaced + unit.chars().count();
    }
    Some(Raw {
        start: at,
        end,
        value,
        amount,
        range,
        unit,
        magnitude,
    })
}

/// Words that open a metric name but say nothing about it.
const FILLERS: &[&str] = &[
    "力争", "确保", "计划", "全年", "年内", "实现", "累计", "其中", "分别",
];

fn clean_name(raw: &str) -> String {
    let mut name = raw.trim_matches(|c: char| c.is_whitespace() || "、，；。：（）()".contains(c));
    loop {
        let before = name;
        for filler in FILLERS {
            if let Some(rest) = name.strip_prefix(filler) {
                name = rest;
            }
        }
        if name == before {
            break;
        }
    }
    for (word, _) in COMPARISONS {
        if let Some(rest) = name.strip_suffix(word) {
            name = rest;
            break;
        }
    }
    for tail in TRAILING {
        if let Some(rest) = name.strip_suffix(tail)
            && rest.chars().count() >= 2
        {
            name = rest;
        }
    }
    balance(name.trim())
}

/// Words that end a clause before its figure but are not part of the metric.
const TRAILING: &[&str] = &[
    "保持在",
    "控制在",
    "提高到",
    "提升至",
    "提高至",
    "增加到",
    "达到",
    "分别",
    "均",
    "为",
    "在",
];

/// Drops brackets and quotes that open or close outside the name.
fn balance(name: &str) -> String {
    let mut out = String::new();
    let mut open: Vec<char> = Vec::new();
    for c in name.chars() {
        match c {
            '（' | '“' | '《' | '(' => {
                open.push(c);
                out.push(c);
            }
            '）' | '”' | '》' | ')' => {
                if open.pop().is_some() {
                    out.push(c);
                }
            }
            c => out.push(c),
        }
    }
    // Remove openers left without their closers.
    for opener in open {
        if let Some(at) = out.rfind(opener) {
            out.replace_range(at..at + opener.len_utf8(), "");
        }
    }
    out
}

/// Names of owners in breakdowns look like places or the city level.
fn owner_like(name: &str) -> bool {
    ["市", "区", "县", "镇", "乡", "街道", "本级", "园区"]
        .iter()
        .any(|end| name.ends_with(end))
}

fn is_owner_char(c: char) -> bool {
    is_cjk(c)
}

/// Scans one paragraph. `namer` makes the target identifiers.
pub fn scan(text: &str, namer: &mut dyn Namer) -> Scanned {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Scanned::default();
    let mut literal = String::new();
    let mut i = 0;
    // End of the last figure (char index) and its comparison and stretch, for lists `A、B`.
    let mut last: Option<(usize, Option<&'static str>, bool, usize)> = None;
    // (subject names for a `分别` list, index of the next one)
    let mut respectively: Option<(Vec<String>, usize)> = None;
    while i < chars.len() {
        let c = chars[i];
        if !c.is_ascii_digit() {
            literal.push(c);
            i += 1;
            continue;
        }
        let Some(raw) = raw_at(&chars, i) else {
            // Skip the whole number so that its tail digits do not start a figure.
            let mut j = i;
            while j < chars.len() && (chars[j].is_ascii_digit() || chars[j] == '.') {
                j += 1;
            }
            literal.extend(&chars[i..j]);
            i = j;
            continue;
        };
        let written: String = chars[raw.start..raw.end].iter().collect();
        // Suffix after the unit.
        let mut end = raw.end;
        let mut gap = 0;
        if chars.get(end) == Some(&' ') {
            gap = 1;
        }
        let mut suffix: Option<&'static str> = None;
        let mut within = false;
        if starts_with(&chars, end + gap, "以上") {
            suffix = Some("以上");
            end += gap + 2;
        } else if starts_with(&chars, end + gap, "以下") {
            suffix = Some("以下");
            end += gap + 2;
        } else if starts_with(&chars, end + gap, "以内") {
            within = true;
        }
        // Comparison before the number (an optional space between).
        let mut before = raw.start;
        if before > 0 && chars[before - 1] == ' ' {
            before -= 1;
        }
        let mut comparison = None;
        for (word, as_target) in COMPARISONS {
            if ends_with(&chars, before, word) {
                comparison = Some(*as_target);
                break;
            }
        }
        // Clause start for the name and for 力争.
        let mut clause = raw.start;
        while clause > 0 && !is_clause_mark(chars[clause - 1]) {
            clause -= 1;
        }
        let clause_text: String = chars[clause..raw.start].iter().collect();
        let mut stretch = clause_text.contains("力争");
        // A list `A、B` continues the comparison of the figure before it.
        let in_list = matches!(last, Some((e, _, _, _)) if e + 1 == raw.start && chars[e] == '、');
        if in_list && let Some((_, cmp, s, _)) = last {
            comparison = cmp;
            stretch = s;
        }
        if !in_list {
            respectively = None;
        }
        // Name: the words between the clause start (or the last figure) and the number.
        let from = match last {
            Some((_, _, _, e)) if e > clause && e <= raw.start => e,
            _ => clause,
        };
        let before_text: String = chars[from..raw.start].iter().collect();
        let mut name = clean_name(&before_text);
        if let Some(at) = before_text.find("分别") {
            let subject = clean_name(&before_text[..at]);
            let names: Vec<String> = subject
                .split('、')
                .map(str::to_string)
                .filter(|s| !s.is_empty())
                .collect();
            if names.len() > 1 {
                respectively = Some((share_tail(names), 0));
            }
        }
        if let Some((names, next)) = respectively.as_mut() {
            if let Some(n) = names.get(*next) {
                name = n.clone();
            }
            *next += 1;
        }
        if name.chars().count() < 4 {
            let mut after = String::new();
            let mut quoted = false;
            let mut outside = 0;
            for &c in chars[end..].iter() {
                if is_clause_mark(c)
                    || c.is_ascii_digit()
                    || (!quoted && outside >= 12)
                    || after.chars().count() >= 24
                {
                    break;
                }
                match c {
                    '“' | '《' => quoted = true,
                    '”' | '》' => quoted = false,
                    _ if !quoted => outside += 1,
                    _ => {}
                }
                after.push(c);
            }
            name.push_str(&clean_name(&after));
        }
        if name.is_empty() {
            name = written.clone();
        }
        // Which checks would refuse it.
        let percent = raw.unit == "%" || raw.unit == "％";
        if percent && raw.amount > Decimal::from(100) {
            out.unbound.push(Unbound {
                figure: written.clone(),
                reason: "a share above 100% (a growth rate?) cannot be a `%` target".into(),
            });
            literal.push_str(&written);
            i = raw.end;
            last = None;
            continue;
        }
        if raw.range || suffix.is_some() {
            if !matches!(comparison, None | Some("达")) || raw.range {
                comparison = None;
            }
            if raw.range {
                suffix = None;
                end = raw.end;
            }
        }
        if within {
            comparison = Some("<=");
        }
        let _ = raw.magnitude;
        // `较上年降低1个百分点`: a change in a share against last year's actual.
        let change = (raw.unit == "个百分点"
            && !raw.range
            && (clause_text.contains("较上年") || clause_text.contains("比上年")))
        .then(|| {
            let before = before_text.trim_end();
            if ["降低", "减少", "下降"].iter().any(|w| before.ends_with(w)) {
                Some("降低")
            } else if ["提高", "增加", "提升", "上升", "增长"]
                .iter()
                .any(|w| before.ends_with(w))
            {
                Some("提高")
            } else {
                None
            }
        })
        .flatten();
        if change.is_some() {
            comparison = None;
            suffix = None;
            end = raw.end;
            // The metric is what changes: `全市中小学生近视率较上年降低` → `全市中小学生近视率`.
            if let Some(at) = name.find("较上年").or_else(|| name.find("比上年"))
                && at > 0
            {
                name.truncate(at);
            }
        }
        let id = namer.fresh(&id_from_name(&name));
        let mut target = Target {
            id: id.clone(),
            name,
            stretch,
            comparison,
            value: raw.value.clone(),
            unit: raw.unit.clone(),
            suffix,
            parts: Vec::new(),
            change,
        };
        flush(&mut literal, &mut out.pieces);
        out.pieces.push(Piece::Cite(id.clone(), None));
        last = Some((end, comparison, stretch, end));
        i = end;
        // A breakdown by owner right after: `，其中A区8个，B区4个`.
        if !in_list && let Some((parts, pieces, next)) = breakdown(&chars, end, &raw, &id) {
            target.parts = parts.clone();
            for (owner, _) in &parts {
                if !out.owners.contains(owner) {
                    out.owners.push(owner.clone());
                }
            }
            for piece in pieces {
                match piece {
                    Piece::Text(t) => literal.push_str(&t),
                    cite => {
                        flush(&mut literal, &mut out.pieces);
                        out.pieces.push(cite);
                    }
                }
            }
            i = next;
            last = None;
        }
        out.targets.push(target);
    }
    flush(&mut literal, &mut out.pieces);
    out
}

fn flush(literal: &mut String, pieces: &mut Vec<Piece>) {
    if !literal.is_empty() {
        pieces.push(Piece::Text(std::mem::take(literal)));
    }
}

/// `，其中A区8个，B区4个…` after a total: the parts (when they add up) and the pieces that cite
/// them, and where the breakdown ends.
type Breakdown = (Vec<(String, String)>, Vec<Piece>, usize);

fn breakdown(chars: &[char], at: usize, total: &Raw, id: &str) -> Option<Breakdown> {
    let mut i = at;
    let mut lead = String::new();
    if matches!(chars.get(i), Some('，' | '；' | '。' | ',')) {
        lead.push(chars[i]);
        i += 1;
    }
    if !starts_with(chars, i, "其中") {
        return None;
    }
    lead.push_str("其中");
    i += 2;
    let mut pieces = vec![Piece::Text(lead)];
    let mut parts = Vec::new();
    let mut sum = Decimal::ZERO;
    let mut end = i;
    loop {
        let name_start = i;
        while i < chars.len() && is_owner_char(chars[i]) {
            i += 1;
        }
        let name: String = chars[name_start..i].iter().collect();
        let n = name.chars().count();
        if !(2..=10).contains(&n) || !owner_like(&name) {
            break;
        }
        let Some(raw) = raw_at(chars, i) else { break };
        if raw.range || raw.unit != total.unit || raw.magnitude != total.magnitude {
            break;
        }
        sum += raw.amount;
        pieces.push(Piece::Text(name.clone()));
        pieces.push(Piece::Cite(id.to_string(), Some(name.clone())));
        let value_only = raw.value.clone();
        parts.push((name, format!("{value_only}{}", raw.unit)));
        i = raw.end;
        end = i;
        match chars.get(i) {
            Some(&sep @ ('，' | '、' | ',')) => {
                pieces.push(Piece::Text(sep.to_string()));
                i += 1;
            }
            _ => break,
        }
    }
    if parts.len() < 2 || sum != total.amount {
        return None;
    }
    // A separator after the last part belongs to the text that follows.
    while let Some(Piece::Text(t)) = pieces.last() {
        if t.chars().all(|c| matches!(c, '，' | '、' | ',')) {
            pieces.pop();
        } else {
            break;
        }
    }
    Some((parts, pieces, end))
}

/// `小学、初中学业合格率` → `小学学业合格率`, `初中学业合格率`: short heads share the last one's tail.
fn share_tail(names: Vec<String>) -> Vec<String> {
    let Some(last) = names.last().cloned() else {
        return names;
    };
    let last_chars: Vec<char> = last.chars().collect();
    names
        .into_iter()
        .map(|name| {
            let n = name.chars().count();
            if name != last && n < last_chars.len() {
                let tail: String = last_chars[n..].iter().collect();
                format!("{name}{tail}")
            } else {
                name
            }
        })
        .collect()
}

/// `word` without the words of `verbs` it opens with (again and again, in the order of `verbs`,
/// as long as two characters are left): `新增建成学校` → `学校`, but `建成校` stays.
pub(super) fn without_verbs(mut word: String, verbs: &[&str]) -> String {
    loop {
        let before = word.clone();
        for verb in verbs {
            if let Some(rest) = word.strip_prefix(verb)
                && rest.chars().count() >= 2
            {
                word = rest.to_string();
            }
        }
        if word == before {
            return word;
        }
    }
}

/// Words that open a name but are not part of what is measured.
const VERBS: &[&str] = &[
    "新增",
    "建设",
    "建成",
    "创建",
    "实现",
    "开展",
    "举办",
    "评选",
    "组建",
    "打造",
    "推出",
    "落实",
    "招引",
    "全市",
    "建立",
    "提供",
    "培育",
    "开设",
    "表彰",
    "完成",
    "推动",
    "达到",
    "保持在",
];

/// A readable identifier from a metric name: its last few word characters.
pub fn id_from_name(name: &str) -> String {
    // The last quoted or separated part names the metric best: `学生“体质健康测试合格率”`.
    // A short last part takes the part before it too: `“明厨亮灶”建设`.
    let word_len = |s: &str| {
        s.chars()
            .filter(|&c| unicode_ident::is_xid_continue(c))
            .count()
    };
    let segments: Vec<&str> = name
        .split(['“', '”', '《', '》', '、', '的', '（', '）', '(', ')'])
        .filter(|s| word_len(s) > 0)
        .collect();
    let mut segment = String::new();
    for part in segments.iter().rev() {
        if word_len(&segment) >= 4 {
            break;
        }
        segment.insert_str(0, part);
    }
    if segment.is_empty() {
        segment = name.to_string();
    }
    let word: String = segment
        .chars()
        .filter(|&c| unicode_ident::is_xid_continue(c))
        .collect();
    let word = without_verbs(word, VERBS);
    let chars: Vec<char> = word.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(10)..].iter().collect();
    let tail = tail.trim_start_matches(|c: char| !unicode_ident::is_xid_start(c));
    if tail.is_empty() {
        "指标".to_string()
    } else {
        tail.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opening_verbs_go_while_two_characters_are_left() {
        assert_eq!(without_verbs("新增建成学校".into(), VERBS), "学校");
        assert_eq!(without_verbs("建成校".into(), VERBS), "建成校");
        assert_eq!(without_verbs("学校建设".into(), VERBS), "学校建设");
    }

    struct Counter(Vec<String>);
    impl Namer for Counter {
        fn fresh(&mut self, wanted: &str) -> String {
            let mut id = wanted.to_string();
            let mut n = 2;
            while self.0.contains(&id) {
                id = format!("{wanted}{n}");
                n += 1;
            }
            self.0.push(id.clone());
            id
        }
    }

    fn run(text: &str) -> Scanned {
        scan(text, &mut Counter(Vec::new()))
    }

    #[test]
    fn years_dates_and_codes_are_not_figures() {
        let s = run("2020年6月底前，规范12345热线，推进“5G”和2.0时代，“3+4”项目，第5批。");
        assert!(s.targets.is_empty(), "{:?}", s.targets);
    }

    #[test]
    fn breakdown_that_does_not_add_up_is_separate_targets() {
        let s = run("项目44个，其中市本级8个，溧阳市4个。");
        assert_eq!(s.targets.len(), 3);
        assert!(s.targets[0].parts.is_empty());
    }
}
