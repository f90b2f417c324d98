//! Syntax errors in plain words: what was expected, and what was found instead.

use super::keywords::{self, Keyword, Place};
use super::scan::unterminated;
use super::{PlanParser, Rule};
use crate::diagnostic::problem::{Belongs, Respelling, SyntaxHint};
use crate::diagnostic::{Diagnostic, Problem};
use crate::source::{FileId, Span};
use pest::Parser;
use pest::error::{ErrorVariant, InputLocation};

/// The probe rule of a block of a plan file: it parses one statement allowed there. A progress
/// file's blocks have none (`progress::syntax` explains its own bad statements).
fn probe(place: Place) -> Option<Rule> {
    match place {
        Place::Top => Some(Rule::top_probe),
        Place::Plan => Some(Rule::plan_probe),
        Place::Goals => Some(Rule::goals_probe),
        Place::Goal => Some(Rule::goal_probe),
        Place::Section => Some(Rule::section_probe),
        Place::Item => Some(Rule::item_probe),
        Place::Progress | Place::ProgressItem => None,
    }
}

/// Whether `text` parses as a statement allowed in `place`.
fn allowed_in(place: Place, text: &str) -> bool {
    probe(place).is_some_and(|rule| PlanParser::parse(rule, text).is_ok())
}

/// The block whose probe `rule` is.
fn of_probe(rule: Rule) -> Option<Place> {
    Some(match rule {
        Rule::top_probe => Place::Top,
        Rule::plan_probe => Place::Plan,
        Rule::goals_probe => Place::Goals,
        Rule::goal_probe => Place::Goal,
        Rule::section_probe => Place::Section,
        Rule::item_probe => Place::Item,
        _ => return None,
    })
}

/// The statements allowed in a block, in plain words (from the keyword table, in the grammar's
/// order).
fn statements(place: Place) -> String {
    let keywords: Vec<Keyword> = keywords::statements(place).collect();
    match place {
        Place::Top | Place::Item => {
            let words: Vec<String> = keywords
                .iter()
                .map(|k| format!("`{}`", k.chinese()))
                .collect();
            let kind = if place == Place::Top {
                "a top-level statement"
            } else {
                "an item statement"
            };
            format!("{kind} ({})", join_alternatives(&words).unwrap_or_default())
        }
        _ => {
            let words: Vec<String> = keywords.iter().map(|k| k.expected()).collect();
            join_alternatives(&words).unwrap_or_default()
        }
    }
}

/// Where a statement of `place` stands, in plain words.
fn where_in(place: Place) -> &'static str {
    match place {
        Place::Top => "at the top level of a file",
        Place::Plan => "in the plan header",
        Place::Goals => "in the main goals",
        Place::Goal => "in a goal",
        Place::Section => "in a section",
        Place::Item => "in an item",
        Place::Progress => "at the top level of a progress file",
        Place::ProgressItem => "in an item's progress",
    }
}

/// How far past the end of a bad statement its probes may read (the rest of its line, up to this).
/// Probing the rest of the file instead made each explanation cost the length of the rest of the
/// line (pest's error finds the whole line) or of the file (a probe that parses indexes its lines),
/// so a long line of bad statements took quadratic time.
const PROBE_SLACK: usize = 256;

/// The text a probe reads: the bad statement (`start..end`), then the rest of its line, at most
/// [`PROBE_SLACK`] bytes of it. A statement never continues past its line (a block it opens parses
/// to its end either way, as the probe stops at the end of the text).
fn probe_window(text: &str, start: usize, end: usize) -> &str {
    let rest = text.get(start..).unwrap_or("");
    // A statement over a megabyte is junk, not a typo: its first megabyte says what is wrong, and
    // pest's error reads its whole line more than once (a 50 MB line took seconds).
    let mut own = end
        .saturating_sub(start)
        .min(rest.len())
        .min(MAX_FIX_WINDOW);
    while !rest.is_char_boundary(own) {
        own -= 1;
    }
    let mut limit = own.saturating_add(PROBE_SLACK).min(rest.len());
    while !rest.is_char_boundary(limit) {
        limit -= 1;
    }
    let after = rest.get(own..limit).unwrap_or("");
    let cut = match after.find('\n') {
        Some(newline) => own + newline + 1,
        None => limit,
    };
    rest.get(..cut).unwrap_or(rest)
}

/// Explains a line that did not parse as a statement of its block; `start..end` is what the parser
/// took as the bad statement.
pub fn bad_statement(
    file: FileId,
    text: &str,
    start: usize,
    end: usize,
    context: Place,
) -> Diagnostic {
    let rest = probe_window(text, start, end);
    let parsed = match probe(context) {
        Some(rule) => PlanParser::parse(rule, rest).map(|_| ()),
        None => Ok(()),
    };
    let error = match parsed {
        Err(error) => error,
        Ok(()) => {
            return from_pest_error(
                file,
                text,
                start,
                &pest::error::Error::new_from_pos(
                    ErrorVariant::CustomError {
                        message: String::new(),
                    },
                    pest::Position::from_start(rest),
                ),
                Some(context),
            );
        }
    };
    let error_at = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((position, _)) => position,
    };
    if let Some(diagnostic) = lexical(file, start, rest, error_at, context) {
        return diagnostic;
    }
    if let Some(diagnostic) = typing_mistake(file, start, rest, context) {
        return diagnostic;
    }
    // A statement that is fine in another block: say where it belongs.
    let elsewhere = [
        (Place::Top, Belongs::Top),
        (Place::Item, Belongs::Item),
        (Place::Goal, Belongs::Goal),
        (Place::Section, Belongs::Section),
        (Place::Plan, Belongs::Plan),
    ];
    for (other, belongs) in elsewhere {
        if other != context && allowed_in(other, rest) {
            let keyword: String = rest.chars().take_while(|c| !c.is_whitespace()).collect();
            return Problem::MisplacedStatement {
                keyword: shown(&keyword),
                place: where_in(context),
                belongs,
                span: Span::new(file, start, start + keyword.len()),
            }
            .into();
        }
    }
    from_pest_error(file, text, start, &error, Some(context))
}

/// The first line of a statement, without its line end.
fn first_line(rest: &str) -> &str {
    rest.split(['\n', '\r']).next().unwrap_or("")
}

/// The byte offsets in `line` of the characters outside strings (and before a comment).
fn outside_strings(line: &str) -> Vec<(usize, char)> {
    let mut outside = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut previous = None;
    for (at, character) in line.char_indices() {
        if in_string {
            if escaped {
                escaped = false;
            } else if character == '\\' {
                escaped = true;
            } else if character == '"' {
                in_string = false;
            }
        } else if character == '"' {
            in_string = true;
        } else if character == '/' && previous == Some('/') {
            outside.pop();
            break;
        } else {
            outside.push((at, character));
        }
        previous = Some(character);
    }
    outside
}

/// Mistakes people make typing a statement that parses once corrected: a keyword glued to its
/// argument (`牵头人事处`), several owners after `牵头`, a period written with `至` or `到`
/// (`二季度至三季度`). Each is checked by parsing the corrected statement with the block's probe.
fn typing_mistake(file: FileId, start: usize, rest: &str, context: Place) -> Option<Diagnostic> {
    let line = first_line(rest);
    let word_end = line.find(|c: char| c.is_whitespace()).unwrap_or(line.len());
    let word = &line[..word_end];
    // A keyword glued to the name after it: `牵头人事处` is one identifier.
    let glued = keywords::statements(context)
        .flat_map(|keyword| keyword.spellings().iter().copied())
        .filter(|spelling| {
            word.len() > spelling.len()
                && word.starts_with(spelling)
                && word[spelling.len()..]
                    .chars()
                    .next()
                    .is_some_and(|c| c == '_' || unicode_ident::is_xid_continue(c))
        })
        .max_by_key(|spelling| spelling.len());
    if let Some(spelling) = glued {
        let corrected = format!("{spelling} {}", &rest[spelling.len()..]);
        if allowed_in(context, &corrected) {
            let argument = &word[spelling.len()..];
            return Some(
                Problem::GluedKeyword {
                    word: shown(word),
                    keyword: spelling.to_string(),
                    argument: shown(argument),
                    span: Span::new(file, start, start + word.len()),
                }
                .into(),
            );
        }
    }
    // `牵头 A, B`: the lead is one owner.
    if context == Place::Item && Keyword::Lead.is(word) {
        let support = Keyword::Support.chinese();
        let corrected = format!("{support}{}", &rest[word.len()..]);
        if allowed_in(Place::Item, &corrected) {
            let owners = line[word.len()..].trim();
            let names: Vec<&str> = owners
                .split([',', '，', '、'])
                .map(str::trim)
                .filter(|name| !name.is_empty())
                .collect();
            let owners_at = start
                + word.len()
                + (line[word.len()..].len() - line[word.len()..].trim_start().len());
            return Some(
                Problem::SeveralLeads {
                    keyword: word.to_string(),
                    owners: names.iter().map(|name| shown(name)).collect(),
                    support,
                    span: Span::new(file, owners_at, owners_at + owners.len()),
                }
                .into(),
            );
        }
    }
    // A period written with `至` or `到` (`二季度至三季度`, `3月至5月`): planc writes `..`.
    for (at, character) in outside_strings(line) {
        if character != '至' && character != '到' {
            continue;
        }
        let corrected = format!("{}..{}", &rest[..at], &rest[at + character.len_utf8()..]);
        if allowed_in(context, &corrected) {
            let period = outside_strings(line)
                .iter()
                .rev()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(line.len(), |(end, c)| end + c.len_utf8());
            let from = line[..at]
                .rfind(char::is_whitespace)
                .map_or(0, |space| space + 1);
            let written = &line[from..period];
            let fixed = format!(
                "{}..{}",
                &line[from..at],
                &line[at + character.len_utf8()..period]
            );
            return Some(
                Problem::PeriodWithTo {
                    character,
                    fixed: shown(&fixed),
                    written: shown(written),
                    span: Span::new(file, start + at, start + at + character.len_utf8()),
                }
                .into(),
            );
        }
    }
    None
}

/// A block left open, found by indentation ([`unclosed_blocks`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unclosed {
    /// The first word of the line that opens the block (`事项`), as byte offsets.
    pub opener: (usize, usize),
    /// The line that shows the block has ended: its first word, or its `}`.
    pub evidence: (usize, usize),
    /// How the evidence line shows it.
    pub reason: &'static str,
}

/// The blocks of a file that are never closed, told by indentation: a block ends before the first
/// line indented less than the block's contents, or before a new `事项`/`部分`/… at the block's own
/// indentation, or at a `}` indented less than the line that opened it. Text with no indentation
/// says nothing. Braces inside strings and comments do not count.
pub fn unclosed_blocks(text: &str) -> Vec<Unclosed> {
    struct Open {
        indent: usize,
        opener: (usize, usize),
        contents: Option<usize>,
    }
    let mut stack: Vec<Open> = Vec::new();
    let mut found = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let outside = outside_strings(line);
        let Some(&(first_at, first)) = outside
            .iter()
            .find(|(_, c)| !matches!(c, ' ' | '\t' | '\u{3000}'))
        else {
            continue;
        };
        if line[first_at..].starts_with("//") {
            continue;
        }
        let indent = line[..first_at].chars().count();
        let word_end = line[first_at..]
            .find(|c: char| c.is_whitespace())
            .map_or(line.len(), |end| first_at + end);
        let word = &line[first_at..word_end];
        let block_keyword = keywords::lookup_all(word)
            .any(|keyword| keyword.layout() == keywords::Layout::Block && keyword != Keyword::Plan);
        while let Some(top) = stack.last_mut() {
            let reason = if first == '}' {
                (indent < top.indent)
                    .then_some("this `}` is indented less than the line that opens the block")
            } else {
                match top.contents {
                    None if indent > top.indent => {
                        top.contents = Some(indent);
                        None
                    }
                    None => None,
                    Some(contents)
                        if indent < contents && block_keyword && indent <= top.indent =>
                    {
                        Some("a new block starts at the indentation of the one still open")
                    }
                    Some(contents) if indent < contents => {
                        Some("this line is indented less than the block's contents")
                    }
                    Some(_) => None,
                }
            };
            let Some(reason) = reason else { break };
            let evidence = if first == '}' {
                (line_start + first_at, line_start + first_at + 1)
            } else {
                (line_start + first_at, line_start + word_end)
            };
            found.push(Unclosed {
                opener: top.opener,
                evidence,
                reason,
            });
            stack.pop();
        }
        for &(at, character) in &outside {
            match character {
                '{' => {
                    // The opener is the line's first word, up to the brace when it is glued on.
                    let end = if at > first_at {
                        word_end.min(at)
                    } else {
                        at + 1
                    };
                    stack.push(Open {
                        indent,
                        opener: (line_start + first_at, line_start + end),
                        contents: None,
                    });
                }
                '}' => {
                    stack.pop();
                }
                _ => {}
            }
        }
    }
    found
}

/// Turns a pest error into a diagnostic, with positions shifted by `offset`.
pub fn from_pest_error(
    file: FileId,
    text: &str,
    offset: usize,
    error: &pest::error::Error<Rule>,
    context: Option<Place>,
) -> Diagnostic {
    let position = match error.location {
        InputLocation::Pos(position) => position,
        InputLocation::Span((start, _)) => start,
    } + offset;
    let found = found_at(text, position);
    let mut words: Vec<String> = Vec::new();
    if let ErrorVariant::ParsingError { positives, .. } = &error.variant {
        for rule in positives {
            if let Some(place) = of_probe(*rule) {
                push_unique(&mut words, statements(place));
            } else if let Some(word) = describe(*rule) {
                push_unique(&mut words, word);
            }
        }
    }
    let expected = join_alternatives(&words);
    // A word that is itself one of those expected (`其中` in `其中 ［`) failed by what follows it:
    // show the rest of the line, so that found and expected differ.
    let found = match &expected {
        Some(expected)
            if !found.is_empty()
                && (expected.contains(&format!("`{found}`"))
                    || expected.contains(&format!("`{found} "))) =>
        {
            rest_of_line(text, position)
        }
        _ => found,
    };
    let span = Span::new(file, position, position + found.len());
    let wants_date = matches!(
        &error.variant,
        ErrorVariant::ParsingError { positives, .. } if positives.contains(&Rule::when)
    );
    let hint = if let Some(help) = found.chars().next().and_then(special_help) {
        SyntaxHint::Character(help)
    } else if wants_date && !found.is_empty() {
        SyntaxHint::Date(date_suggestion(found))
    } else if let Some(context) = context {
        SyntaxHint::Grammar(where_in(context))
    } else {
        SyntaxHint::None
    };
    Problem::Unexpected {
        expected,
        found: describe_found(found),
        hint,
        span,
    }
    .into()
}

/// Help for a word where a date was expected: a date for the common phrases planc does not read,
/// and the phrases it does.
fn date_suggestion(found: &str) -> String {
    const KNOWN: &[(&[&str], &str)] = &[
        (&["国庆前", "国庆节前"], "`9月30日` or `9月下旬`"),
        (&["国庆后", "国庆节后"], "`10月8日` or `10月中旬`"),
        (&["元旦前"], "`12月31日` or `12月下旬`"),
        (&["元旦后", "年初"], "`1月` or `1月上旬`"),
        (&["五一前", "劳动节前"], "`4月30日` or `4月下旬`"),
        (&["清明前"], "`4月上旬` or `4月3日`"),
        (&["月初"], "the month's `上旬`, e.g. `6月上旬`"),
        (&["月中"], "the month's `中旬`, e.g. `6月中旬`"),
        (&["月底", "月末"], "the month's end, e.g. `6月底`"),
        (&["年末", "年终"], "`年底` or `12月`"),
        (&["季末", "季度末"], "`3月底`, `6月底`, `9月底` or `12月底`"),
        (&["开学后", "开学初"], "`9月上旬` or `9月`"),
        (&["新学期", "下学期"], "`秋季学期` or `春季学期`"),
        (&["放假前", "暑假前", "暑期前"], "`6月下旬` or `6月底`"),
        (&["上学期"], "`春季学期`"),
    ];
    let accepted = "planc reads dates such as `2027-09-30`, `9月30日`, `9月`, `9月下旬`, \
                    `9月底前`, `Q3`, `下半年`, `2027年底`, `春节前`, `春节后`, `开学前`, `暑期`, `寒假`, \
                    `春季学期`, `秋季学期`, `年中` and `汛期前` (GRAMMAR.md, \"Dates as planners write \
                    them\")";
    match KNOWN.iter().find(|(words, _)| words.contains(&found)) {
        Some((_, date)) => format!("write `{found}` as a date, e.g. {date}; {accepted}"),
        None => format!("write a date: {accepted}"),
    }
}

fn push_unique(words: &mut Vec<String>, word: String) {
    if !words.contains(&word) {
        words.push(word);
    }
}

fn join_alternatives(words: &[String]) -> Option<String> {
    match words {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} or {}", init.join(", "), last)),
    }
}

/// The rest of the line from a position, without trailing spaces, at most 40 bytes of it.
fn rest_of_line(text: &str, position: usize) -> &str {
    let rest = text.get(position..).unwrap_or("");
    let line = rest.split(['\n', '\r']).next().unwrap_or("");
    let mut end = line.len().min(40);
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    line.get(..end).unwrap_or("").trim_end()
}

/// The word or symbol at a position, for "found …".
fn found_at(text: &str, position: usize) -> &str {
    let rest = text.get(position..).unwrap_or("");
    let mut end = 0;
    for (index, character) in rest.char_indices() {
        if character == '\n' || character == '\r' || (character.is_whitespace() && index > 0) {
            break;
        }
        end = index + character.len_utf8();
        if !(character.is_alphanumeric() || character == '_' || character == '.') {
            break;
        }
        if end >= 40 {
            break;
        }
    }
    rest.get(..end).unwrap_or("")
}

/// A rule in plain words, or `None` for rules that say nothing useful on their own.
fn describe(rule: Rule) -> Option<String> {
    let word = |keyword: Keyword| format!("`{}`", keyword.chinese());
    Some(match rule {
        Rule::ident | Rule::baseline_ref => "a name".to_string(),
        Rule::string => "a quoted string".to_string(),
        Rule::number | Rule::amount => "a number".to_string(),
        Rule::quantity => "a value such as `60%` or `44个`".to_string(),
        Rule::unit | Rule::unit_name => "a unit".to_string(),
        Rule::line_end => "the end of the line".to_string(),
        Rule::year => "a year such as `2020`".to_string(),
        Rule::date => "a date such as `2020-06-30`".to_string(),
        Rule::when
        | Rule::year_month
        | Rule::month_window
        | Rule::month_day
        | Rule::quarter
        | Rule::half
        | Rule::whole_period
        | Rule::year_named
        | Rule::month_tenth
        | Rule::month_end
        | Rule::named_time => {
            "a date or period such as `2020-06-30`, `6月`, `Q2` or `年内`".to_string()
        }
        Rule::month => "a month such as `4月`".to_string(),
        Rule::day_of_month => "a day of the month such as `28日`".to_string(),
        Rule::comparison
        | Rule::cmp_ge
        | Rule::cmp_gt
        | Rule::cmp_le
        | Rule::cmp_lt
        | Rule::cmp_eq => format!(
            "a comparison such as {} or {}",
            word(Keyword::Equal),
            word(Keyword::AtLeast)
        ),
        Rule::freq_weekly | Rule::freq_monthly | Rule::freq_quarterly | Rule::freq_yearly => {
            return keywords::expected("frequency");
        }
        Rule::range => "a range such as `3-4个`".to_string(),
        Rule::trend => word(Keyword::Trend),
        Rule::relative => word(Keyword::Vs),
        Rule::split => format!("a breakdown `{} {{ … }}`", Keyword::Split.chinese()),
        Rule::stretch => word(Keyword::Stretch),
        Rule::EOI => "the end of the line".to_string(),
        // Keywords and the rules listing several of them: named by the keyword table.
        _ => return keywords::expected(&format!("{rule:?}")),
    })
}

/// The ASCII character a look-alike stands for, and what to call the look-alike: full-width forms
/// and Chinese quotation marks typed where the grammar needs ASCII punctuation. `％`, `，`, `、`,
/// `；`, `～` and U+3000 are part of the grammar and not listed.
fn lookalike(character: char) -> Option<(char, &'static str)> {
    Some(match character {
        '“' | '”' | '„' | '‟' | '「' | '」' | '『' | '』' => {
            ('"', "Chinese quotation mark")
        }
        '＂' => ('"', "full-width"),
        '\u{FF01}'..='\u{FF5E}' if !matches!(character, '％' | '，' | '；' | '～') => {
            let ascii = char::from_u32(u32::from(character) - 0xFF01 + 0x21)?;
            (ascii, "full-width")
        }
        _ => return None,
    })
}

/// Keywords in their Traditional form, with the Simplified form planc reads. planc has one
/// vocabulary (GRAMMAR.md, "Keywords"); these are recognised only to say so.
const TRADITIONAL: &[(&str, &str)] = &[
    ("計量單位", "计量单位"),
    ("上年實際", "上年实际"),
    ("主要目標", "主要目标"),
    ("不低於", "不低于"),
    ("不少於", "不少于"),
    ("不超過", "不超过"),
    ("不高於", "不高于"),
    ("計劃", "计划"),
    ("計畫", "计划"),
    ("期間", "期间"),
    ("機關", "机关"),
    ("導言", "导言"),
    ("部門", "部门"),
    ("轄區", "辖区"),
    ("機構", "机构"),
    ("分組", "分组"),
    ("基線", "基线"),
    ("目標", "目标"),
    ("事項", "事项"),
    ("牽頭", "牵头"),
    ("指標", "指标"),
    ("力爭", "力争"),
    ("趨勢", "趋势"),
    ("時限", "时限"),
    ("開始", "开始"),
    ("時段", "时段"),
    ("後於", "后于"),
    ("依賴", "依赖"),
    ("節點", "节点"),
    ("週期", "周期"),
    ("標籤", "标签"),
    ("補班", "补班"),
    ("減少", "减少"),
    ("超過", "超过"),
    ("低於", "低于"),
    ("少於", "少于"),
    ("每週", "每周"),
    ("年內", "年内"),
    ("個月", "个月"),
    ("較", "较"),
    ("於", "于"),
    ("達", "达"),
    ("為", "为"),
    ("爲", "为"),
    ("週", "周"),
    ("號", "号"),
];

/// A character that may stand next to a keyword: not part of an identifier, or a digit (`達60%`,
/// `30號`).
fn keyword_boundary(character: Option<char>) -> bool {
    character.is_none_or(|c| c.is_ascii_digit() || !(c == '_' || unicode_ident::is_xid_continue(c)))
}

/// The longest bad statement whose look-alikes and Traditional keywords are tried in its place.
const MAX_FIX_WINDOW: usize = 1 << 20;

/// One character or word of a bad statement that planc reads in another form.
struct Fix {
    /// Byte offset in the window.
    at: usize,
    written: String,
    original: String,
    traditional: bool,
}

/// Explanations of a bad statement that come from its characters rather than its grammar: look-alike
/// punctuation, Traditional keywords, an unterminated string, a number in another notation.
/// `window` is the text from the statement's start (`start` in the file); `error_at` is where the
/// probe failed, in the window.
fn lexical(
    file: FileId,
    start: usize,
    window: &str,
    error_at: usize,
    context: Place,
) -> Option<Diagnostic> {
    let span = |from: usize, len: usize| Span::new(file, start + from, start + from + len);
    // Look-alikes and Traditional keywords, outside strings: when the statement parses with them
    // replaced, they are what is wrong.
    let mut fixed = String::with_capacity(window.len());
    let mut fixes: Vec<Fix> = Vec::new();
    let mut in_string = false;
    let mut opened_by_lookalike = false;
    let mut escaped = false;
    let mut previous: Option<char> = None;
    let mut index = 0;
    // Past a megabyte a statement is junk, not a typo: it is not scanned (a 50 MB line of junk took
    // 9 s here, comparing every Traditional keyword at every character).
    let scanned = if window.len() <= MAX_FIX_WINDOW {
        window
    } else {
        ""
    };
    while let Some(character) = scanned.get(index..).and_then(|rest| rest.chars().next()) {
        let rest = &scanned[index..];
        if in_string {
            let closes_lookalike = opened_by_lookalike
                && !escaped
                && lookalike(character).is_some_and(|(ascii, _)| ascii == '"');
            if closes_lookalike {
                fixed.push('"');
                fixes.push(Fix {
                    at: index,
                    written: "\"".to_string(),
                    original: character.to_string(),
                    traditional: false,
                });
                in_string = false;
            } else {
                fixed.push(character);
            }
            if escaped {
                escaped = false;
            } else if character == '\\' {
                escaped = true;
            } else if character == '"' || character == '\n' {
                in_string = false;
            }
        } else if let Some((ascii, _)) = lookalike(character) {
            fixed.push(ascii);
            in_string = ascii == '"';
            opened_by_lookalike = in_string;
            fixes.push(Fix {
                at: index,
                written: ascii_str(ascii).to_string(),
                original: character.to_string(),
                traditional: false,
            });
        } else if let Some((traditional, simplified)) = keyword_boundary(previous)
            .then(|| {
                TRADITIONAL.iter().find(|(traditional, _)| {
                    rest.starts_with(traditional)
                        && keyword_boundary(rest[traditional.len()..].chars().next())
                })
            })
            .flatten()
        {
            fixed.push_str(simplified);
            fixes.push(Fix {
                at: index,
                written: simplified.to_string(),
                original: (*traditional).to_string(),
                traditional: true,
            });
            index += traditional.len();
            previous = traditional.chars().last();
            continue;
        } else {
            fixed.push(character);
            in_string = character == '"';
            opened_by_lookalike = false;
        }
        previous = Some(character);
        index += character.len_utf8();
    }
    // (A second probe costs what the first did.)
    if !fixes.is_empty() && allowed_in(context, &fixed) {
        return fixes_diagnostic(&fixes, span);
    }
    // An unterminated string on the statement's first line, at or before where parsing stopped.
    let line = window.split('\n').next().unwrap_or("");
    if let Some(quote) = unterminated(line)
        && quote <= error_at
    {
        let content = line[quote + 1..].trim_end_matches(['\r', ' ', '\t']);
        return Some(
            Problem::StringNotClosed {
                span: span(quote, 1),
                end: span(quote + 1 + content.len(), 0),
                last: content
                    .chars()
                    .last()
                    .filter(|c| lookalike(*c).is_some())
                    .map(named),
            }
            .into(),
        );
    }
    // A number in scientific or hexadecimal notation where parsing stopped.
    notation_at(line, error_at).map(|(from, to, notation, amount)| {
        super::number::notation_error(
            &notation,
            span(from, to - from),
            amount,
            &line[amount.len() + from..],
        )
    })
}

fn ascii_str(ascii: char) -> &'static str {
    const ASCII: &str = "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~";
    let at = (u32::from(ascii) as usize).saturating_sub(0x21);
    ASCII.get(at..at + 1).unwrap_or("\"")
}

/// The diagnostic for look-alikes and Traditional keywords whose replacement makes the statement
/// parse; none when there are no fixes.
fn fixes_diagnostic(fixes: &[Fix], span: impl Fn(usize, usize) -> Span) -> Option<Diagnostic> {
    let mut respellings = digits_together(fixes).into_iter().map(|fix| Respelling {
        span: span(fix.at, fix.original.len()),
        named: fix.original.chars().next().map(named).unwrap_or_default(),
        original: fix.original,
        written: fix.written,
        traditional: fix.traditional,
    });
    let first = respellings.next()?;
    Some(
        Problem::Respelled {
            first,
            others: respellings.collect(),
        }
        .into(),
    )
}

/// Adjacent full-width digits (and a full-width point between them) taken as one fix, so that
/// `１２０` is named as the number `120` rather than as three characters.
fn digits_together(fixes: &[Fix]) -> Vec<Fix> {
    let is_digit = |fix: &Fix| {
        !fix.traditional
            && fix
                .original
                .chars()
                .all(|c| ('０'..='９').contains(&c) || c == '．')
    };
    let mut together: Vec<Fix> = Vec::with_capacity(fixes.len());
    for fix in fixes {
        match together.last_mut() {
            Some(last)
                if is_digit(last) && is_digit(fix) && last.at + last.original.len() == fix.at =>
            {
                last.original.push_str(&fix.original);
                last.written.push_str(&fix.written);
            }
            _ => together.push(Fix {
                at: fix.at,
                written: fix.written.clone(),
                original: fix.original.clone(),
                traditional: fix.traditional,
            }),
        }
    }
    together
}

/// A number in scientific or hexadecimal notation in `line`, outside strings, whose extent covers
/// `at`: its start, end, notation and amount (the digits before the notation).
fn notation_at(line: &str, at: usize) -> Option<(usize, usize, super::number::Notation, &str)> {
    let bytes = line.as_bytes();
    let mut in_string = false;
    let mut index = 0;
    while index < bytes.len() {
        let byte = bytes[index];
        if in_string {
            if byte == b'\\' {
                index += 1;
            } else if byte == b'"' {
                in_string = false;
            }
            index += 1;
            continue;
        }
        if byte == b'"' {
            in_string = true;
            index += 1;
            continue;
        }
        let previous = line[..index].chars().last();
        if byte.is_ascii_digit()
            && previous.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'))
        {
            let mut end = index;
            while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
                end += 1;
            }
            let amount = &line[index..end];
            let tail = &line[end..];
            if let Some(notation) = super::number::notation(amount, tail)
                && !matches!(notation, super::number::Notation::Traditional(..))
            {
                let token_end = end
                    + tail
                        .char_indices()
                        .take_while(|(i, c)| {
                            *i == 0 || c.is_ascii_hexdigit() || (*i == 1 && matches!(c, '+' | '-'))
                        })
                        .map(|(_, c)| c.len_utf8())
                        .sum::<usize>();
                if (index..=token_end).contains(&at) {
                    return Some((index, token_end, notation, amount));
                }
            }
            index = end.max(index + 1);
            continue;
        }
        index += line[index..].chars().next().map_or(1, char::len_utf8);
    }
    None
}

/// A character that must not be printed as it is: invisible, a control, or one that reorders text.
fn special_name(character: char) -> Option<&'static str> {
    Some(match character {
        '\u{0}' => "NUL byte",
        '\u{FEFF}' => "byte order mark",
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{2060}' => "word joiner",
        '\u{00A0}' => "no-break space",
        '\u{202F}' => "narrow no-break space",
        '\u{00AD}' => "soft hyphen",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{200E}'
        | '\u{200F}'
        | '\u{061C}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}' => "bidirectional control character",
        c if c.is_control() => "control character",
        c if c.is_whitespace() && c != ' ' && c != '\t' && c != '\u{3000}' => "space character",
        _ => return None,
    })
}

/// A character named for a message: its kind and code point, and itself only when printable.
fn named(character: char) -> String {
    let code = format!("U+{:04X}", u32::from(character));
    if let Some(name) = special_name(character) {
        let article = if name.starts_with(['a', 'e', 'i', 'o', 'u']) {
            "an"
        } else {
            "a"
        };
        return format!("{article} {name} ({code})");
    }
    match lookalike(character) {
        Some((_, kind @ "full-width")) => format!("the {kind} `{character}` ({code})"),
        Some((_, kind)) => format!("the {kind} `{character}` ({code})"),
        None => format!("`{character}` ({code})"),
    }
}

/// Text from the source for a message, with every character that must not be printed as it is
/// (invisible, a control such as NUL, or one that reorders text) written as its code point.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        if special_name(character).is_some() {
            out.push_str(&format!("<U+{:04X}>", u32::from(character)));
        } else {
            out.push(character);
        }
    }
    out
}

/// "found …" in words: the end of the line, a named character, or the text in backticks.
fn describe_found(found: &str) -> String {
    let mut chars = found.chars();
    match (chars.next(), chars.next()) {
        (None, _) => "the end of the line".to_string(),
        (Some(character), None)
            if special_name(character).is_some() || lookalike(character).is_some() =>
        {
            let mut words = named(character);
            if let Some((ascii, _)) = lookalike(character) {
                words.push_str(&format!(", not `{ascii}`"));
            }
            words
        }
        _ => format!("`{}`", shown(found)),
    }
}

/// A help line for a statement that stops at a character that must not be there.
fn special_help(character: char) -> Option<String> {
    if let Some((ascii, _)) = lookalike(character) {
        return Some(format!(
            "write `{ascii}`; full-width characters and Chinese quotation marks belong only inside strings"
        ));
    }
    Some(match (character, special_name(character)?) {
        ('\u{FEFF}', _) => {
            "remove it: a byte order mark may only stand at the very start of a file (joining files can leave one inside)"
                .to_string()
        }
        ('\u{0}', _) => "remove it: a plan is text, and text has no NUL bytes".to_string(),
        (c, name) if name.ends_with("space character") || matches!(c, '\u{00A0}' | '\u{202F}') => {
            "write an ordinary space".to_string()
        }
        _ => "remove it: it is invisible in most editors (it often comes from pasting from a web page or a word processor)"
            .to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A statement its block's probe reads (so no rule says what was expected) is still explained:
    /// "unexpected", what was found, and where to look.
    #[test]
    fn a_statement_nothing_explains_is_unexpected() {
        let text = "部门 办公室 多余";
        let error = pest::error::Error::new_from_pos(
            ErrorVariant::<Rule>::CustomError {
                message: String::new(),
            },
            pest::Position::new(text, "部门 办公室 ".len()).expect("a character boundary"),
        );
        let diagnostic = from_pest_error(FileId(0), text, 0, &error, Some(Place::Item));
        assert_eq!(diagnostic.problem, "syntax.unexpected");
        assert_eq!(diagnostic.message, "unexpected `多余`");
        assert_eq!(diagnostic.labels[0].text, "not understood");
        assert_eq!(
            diagnostic.help.as_deref(),
            Some("see GRAMMAR.md for the statements allowed in an item")
        );
    }

    /// Every Simplified form a Traditional keyword is pointed to is a spelling of the keyword table,
    /// so that the fix the message gives parses.
    #[test]
    fn traditional_forms_point_to_keywords() {
        for (traditional, simplified) in TRADITIONAL {
            // `号` is the day suffix of a date (`28号`), not a keyword.
            assert!(
                keywords::lookup(simplified).is_some() || *simplified == "号",
                "`{traditional}` → `{simplified}`, which is not in syntax::keywords"
            );
        }
    }

    #[test]
    fn each_block_names_its_statements() {
        let cases = [
            (
                Place::Item,
                "an item statement (`正文`, `牵头`, `配合`, `指标`, `时限`, `开始`, `时段`, `工期`, `后于`, `依赖`, `节点`, `周期`, `标签`, `事项`, `分别` or `已完成`)",
            ),
            (
                Place::Top,
                "a top-level statement (`计划`, `引入`, `计量单位`, `部门`, `辖区`, `机构`, `统称`, `分组`, `基线`, `参照`, `主要目标`, `部分`, `休息`, `补班` or `类别`)",
            ),
            (Place::Goals, "`正文` (text) or `目标` (goal)"),
            (
                Place::Plan,
                "`期间` (period), `机关` (org), `导言` (preamble), `假日` (holidays), `学期` (term), `编号` (numbering), `分工` (owner_note), `落款` (signed), `时限注明` (due_note) or `表格` (table)",
            ),
        ];
        for (context, statements) in cases {
            assert_eq!(super::statements(context), statements);
        }
    }
}
