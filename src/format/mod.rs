//! `planc fmt`: one canonical layout for `.plan` files, keeping every comment.
//!
//! The formatter re-emits each statement from the concrete parse tree (so keyword spellings,
//! Chinese or English, are kept as written) and attaches every comment to the statement it
//! precedes or trails. The canonical layout:
//!
//! - two spaces of indentation per block level, one space between tokens, no trailing spaces, LF
//!   line ends, no BOM, one newline at the end;
//! - a quantity is glued to its unit (`44个`, `91.5分`); `以上`/`以下` follow after one space; a range
//!   is written `3-4个`; list items are separated by `, `; breakdown parts keep their grouping on
//!   lines, one indented line per source line, parts separated by `, `;
//! - numbers, dates and periods (`WHEN`) keep their written form, because the written form is part of
//!   the plan (prose renders `13万`, the export carries `written`); strings are kept byte for byte,
//!   since every escape a valid string can hold changes what the prose means;
//! - item statements come in a fixed order: lead, support, text, targets, due, start, window,
//!   duration, after/needs, milestones, recurrences, tags, sub-items. Statements of one kind keep
//!   their relative order (so the meaning, including the order of dependencies, is unchanged).
//!   Other blocks keep their statements in source order;
//! - a blank line between top-level statements when either is a block, before every item that is
//!   not first in its block; elsewhere at most one blank line is kept where the source had one (none
//!   inside items, none right after `{` or before `}`).
//!
//! A file with syntax errors is not formatted. A file that is only included (no plan header) formats
//! like any other.

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::FileId;
use crate::syntax::Rule;
use crate::syntax::keywords::{self, Keyword, Layout};
use pest::iterators::Pair;
use std::sync::LazyLock;

/// Why a file could not be formatted.
#[derive(Debug, Clone)]
pub enum FormatError {
    /// The file has syntax errors (spans refer to the file id given).
    Syntax(Vec<Diagnostic>),
    /// The formatter could not guarantee that the result means the same (a bug; nothing is written).
    Unsafe(String),
}

/// Formats one file's text. `file` is the id used in the spans of syntax diagnostics.
pub fn format_source(file: FileId, text: &str) -> Result<String, FormatError> {
    let (_, diagnostics) = crate::syntax::parse(file, text);
    let syntax: Vec<Diagnostic> = diagnostics
        .into_iter()
        // Any error the parser reports (a syntax error, a statement in the wrong block, a bad escape,
        // number or date) means the layout cannot be trusted: refuse rather than guess.
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !syntax.is_empty() {
        return Err(FormatError::Syntax(syntax));
    }
    let output = format_unchecked(text)?;
    // Safety net: the result must parse, hold the same tokens and the same comments.
    let (_, after) = crate::syntax::parse(file, &output);
    if after.iter().any(|d| d.severity == Severity::Error) {
        return Err(FormatError::Unsafe(
            "the formatted text does not parse".to_string(),
        ));
    }
    if fingerprint(text)? != fingerprint(&output)? {
        return Err(FormatError::Unsafe(
            "the formatted text would not hold the same tokens and comments".to_string(),
        ));
    }
    Ok(output)
}

/// Tokens (rule and text of every leaf, as a sorted multiset) and the sorted comments of a text.
type Fingerprint = (Vec<(String, String)>, Vec<String>);

/// Computes the [`Fingerprint`] of a text.
fn fingerprint(text: &str) -> Result<Fingerprint, FormatError> {
    let root = parse_root(text)?;
    let mut leaves = Vec::new();
    let mut stack = vec![root];
    while let Some(pair) = stack.pop() {
        let rule = pair.as_rule();
        let inner: Vec<Pair<'_, Rule>> = pair.clone().into_inner().collect();
        if inner.is_empty() || is_leaf(rule) {
            if !matches!(rule, Rule::line_end | Rule::EOI) {
                leaves.push((format!("{rule:?}"), leaf_text(&pair)));
            }
        } else {
            stack.extend(inner);
        }
    }
    leaves.sort();
    let mut comments: Vec<String> = scan_comments(text).into_iter().map(|c| c.text).collect();
    comments.sort();
    Ok((leaves, comments))
}

fn parse_root(text: &str) -> Result<Pair<'_, Rule>, FormatError> {
    crate::syntax::concrete(text)
        .map_err(|e| FormatError::Unsafe(format!("the file does not parse: {e}")))
}

/// Rules rendered from their text as a whole.
fn is_leaf(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::string | Rule::amount | Rule::when | Rule::cmp_suffix
    )
}

/// The text of a rule printed as written. A `when` is cut to its parts: its span can take in the
/// spaces and comment after it (the optional `..` part skips them before failing).
fn leaf_text(pair: &Pair<'_, Rule>) -> String {
    if pair.as_rule() != Rule::when {
        return pair.as_str().to_string();
    }
    let span = pair.as_span();
    let end = pair
        .clone()
        .into_inner()
        .last()
        .map(|p| p.as_span().end())
        .unwrap_or(span.end());
    let start = span.start();
    pair.get_input()
        .get(start..end)
        .unwrap_or(pair.as_str())
        .to_string()
}

/// Where a statement really ends. A rule that ends in an optional part can take in the spaces and
/// the comment after it, so the end is taken from its last token; blocks and breakdowns end at `}`.
fn effective_end(pair: &Pair<'_, Rule>) -> usize {
    let mut current = pair.clone();
    loop {
        let rule = current.as_rule();
        if is_block(&current) || rule == Rule::split {
            return current.as_span().end();
        }
        let last = current
            .clone()
            .into_inner()
            .filter(|p| !matches!(p.as_rule(), Rule::line_end | Rule::EOI))
            .last();
        match last {
            Some(last) => current = last,
            None => return current.as_span().end(),
        }
    }
}

/// A `//` comment.
#[derive(Debug, Clone)]
struct Comment {
    /// Byte offset of `//`.
    start: usize,
    /// 0-based line.
    line: usize,
    /// From `//` to the end of the line, trailing spaces removed.
    text: String,
    /// Whether only white space precedes it on its line.
    own_line: bool,
}

/// Finds the comments of a file that parses: `//` outside strings.
fn scan_comments(text: &str) -> Vec<Comment> {
    let mut comments = Vec::new();
    let mut offset = 0;
    for (line_number, line) in text.split('\n').enumerate() {
        if let Some(index) = crate::syntax::comment_start(line) {
            let own_line = line.get(..index).is_some_and(|before| {
                before
                    .chars()
                    .all(|c| c == ' ' || c == '\t' || c == '\u{3000}' || c == '\u{feff}')
            });
            comments.push(Comment {
                start: offset + index,
                line: line_number,
                text: line.get(index..).unwrap_or("").trim_end().to_string(),
                own_line,
            });
        }
        offset += line.len() + 1;
    }
    comments
}

/// 0-based line of every byte offset, by binary search over line starts.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        for (index, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                starts.push(index + 1);
            }
        }
        Lines { starts }
    }

    fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }
}

/// A comment to print on its own line, and whether a blank line comes before it.
type Leading = Vec<(String, bool)>;

/// How a block's comments attach to its children.
struct Attached {
    /// The comment on the line of `{`.
    header: Option<String>,
    /// Per child: own-line comments before it.
    leading: Vec<Leading>,
    /// Per child: whether the source has a blank line before it (or before its first comment).
    blank: Vec<bool>,
    /// Per child: the comment on the line where it ends.
    trailing: Vec<Option<String>>,
    /// Own-line comments after the last child.
    end: Leading,
}

/// Splits the comments between `open` (just after `{`, or the start of the file) and `close` (the
/// `}`, or the end of the file) among the children, given as byte ranges in source order.
fn attach(
    comments: &[Comment],
    lines: &Lines,
    open: usize,
    close: usize,
    children: &[(usize, usize)],
) -> Attached {
    let mut attached = Attached {
        header: None,
        leading: vec![Vec::new(); children.len()],
        blank: vec![false; children.len()],
        trailing: vec![None; children.len()],
        end: Vec::new(),
    };
    let first = comments.partition_point(|c| c.start < open);
    let mut cursor = first;
    // The line of the last thing printed: `{`, a child's end, or a comment.
    let mut previous_line = lines.line(open);
    let mut previous_child: Option<usize> = None;
    let open_line = lines.line(open);
    for (index, &(start, end)) in children.iter().enumerate() {
        while let Some(comment) = comments.get(cursor).filter(|c| c.start < start) {
            cursor += 1;
            if !comment.own_line {
                match previous_child {
                    Some(child) => {
                        if let Some(slot) = attached.trailing.get_mut(child) {
                            *slot = Some(comment.text.clone());
                        }
                    }
                    None if comment.line == open_line => {
                        attached.header = Some(comment.text.clone())
                    }
                    None => {}
                }
                continue;
            }
            let blank = comment.line > previous_line + 1;
            if let Some(slot) = attached.leading.get_mut(index) {
                slot.push((comment.text.clone(), blank));
            }
            previous_line = comment.line;
        }
        if let Some(slot) = attached.blank.get_mut(index) {
            *slot = lines.line(start) > previous_line + 1;
        }
        // Comments inside the child belong to it.
        while comments.get(cursor).is_some_and(|c| c.start < end) {
            cursor += 1;
        }
        previous_line = lines.line(end.saturating_sub(1).max(start));
        previous_child = Some(index);
    }
    while let Some(comment) = comments.get(cursor).filter(|c| c.start < close) {
        cursor += 1;
        if !comment.own_line {
            match previous_child {
                Some(child) => {
                    if let Some(slot) = attached.trailing.get_mut(child) {
                        *slot = Some(comment.text.clone());
                    }
                }
                None if comment.line == open_line => attached.header = Some(comment.text.clone()),
                None => {}
            }
            continue;
        }
        let blank = comment.line > previous_line + 1;
        attached.end.push((comment.text.clone(), blank));
        previous_line = comment.line;
    }
    attached
}

/// What kind of block a frame prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    Top,
    Item,
    Section,
    Other,
}

/// One child of a block, ready to print.
struct Child<'i> {
    pair: Pair<'i, Rule>,
    leading: Leading,
    blank: bool,
    /// A blank line is required before it (top level, next to a block).
    force: bool,
    trailing: Option<String>,
}

/// A block being printed.
struct Open<'i> {
    kind: Frame,
    depth: usize,
    children: std::vec::IntoIter<Child<'i>>,
    end: Leading,
    /// The `}` line (with its comment); `None` for the file.
    close: Option<String>,
    first: bool,
}

struct Printer {
    out: Vec<String>,
    /// At the start of the file or just after a `{` line: no blank line here.
    opened: bool,
}

impl Printer {
    fn line(&mut self, depth: usize, text: &str, blank: bool) {
        if blank && !self.opened {
            self.out.push(String::new());
        }
        self.opened = false;
        self.out.push(format!("{}{}", "  ".repeat(depth), text));
    }

    fn open(&mut self, depth: usize, text: &str, blank: bool) {
        self.line(depth, text, blank);
        self.opened = true;
    }

    fn comments(&mut self, depth: usize, comments: &Leading, first_blank: Option<bool>) {
        for (index, (text, blank)) in comments.iter().enumerate() {
            let blank = match (index, first_blank) {
                (0, Some(forced)) => forced,
                _ => *blank,
            };
            self.line(depth, text, blank);
        }
    }
}

fn with_comment(text: String, comment: &Option<String>) -> String {
    match comment {
        Some(comment) => format!("{text} {comment}"),
        None => text,
    }
}

/// The grammar rules that are words of the keyword table (`kw_plan`, `freq_weekly`, …).
static KEYWORD_RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
    Rule::all_rules()
        .iter()
        .copied()
        .filter(|rule| {
            let name = format!("{rule:?}");
            keywords::ALL.iter().any(|entry| entry.rule == name)
        })
        .collect()
});

/// The keyword a statement (or part of one) starts with, if it starts with one.
fn keyword_of(pair: &Pair<'_, Rule>) -> Option<Keyword> {
    let first = pair.clone().into_inner().next()?;
    if !KEYWORD_RULES.contains(&first.as_rule()) {
        return None;
    }
    keywords::lookup(first.as_str())
}

/// Whether a statement is a block (by the layout of its keyword in the keyword table): header
/// pairs come first, then statements, then the `}`.
fn is_block(pair: &Pair<'_, Rule>) -> bool {
    keyword_of(pair).is_some_and(|keyword| keyword.layout() == Layout::Block)
}

/// The pairs of a block's header: its keyword, then its names and title.
fn header<'i>(pair: &Pair<'i, Rule>) -> impl Iterator<Item = Pair<'i, Rule>> {
    pair.clone()
        .into_inner()
        .enumerate()
        .take_while(|(index, p)| *index == 0 || matches!(p.as_rule(), Rule::ident | Rule::string))
        .map(|(_, p)| p)
}

/// The canonical position of an item statement (the keyword table's `item_rank`).
fn item_rank(pair: &Pair<'_, Rule>) -> u8 {
    keyword_of(pair)
        .and_then(Keyword::item_rank)
        .unwrap_or(u8::MAX)
}

/// Formats text that parses without syntax errors.
fn format_unchecked(text: &str) -> Result<String, FormatError> {
    let root = parse_root(text)?;
    let comments = scan_comments(text);
    let lines = Lines::new(text);
    let mut printer = Printer {
        out: Vec::new(),
        opened: true,
    };
    let top: Vec<Pair<'_, Rule>> = root
        .clone()
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::line_end | Rule::EOI))
        .collect();
    let mut stack = vec![open_frame(
        Frame::Top,
        0,
        top,
        &comments,
        &lines,
        0,
        text.len(),
        None,
    )];
    while let Some(frame) = stack.last_mut() {
        let Some(child) = frame.children.next() else {
            let depth = frame.depth;
            let end = std::mem::take(&mut frame.end);
            let close = frame.close.take();
            printer.comments(depth, &end, None);
            if let Some(close) = close {
                printer.line(depth.saturating_sub(1), &close, false);
            }
            stack.pop();
            continue;
        };
        let kind = frame.kind;
        let depth = frame.depth;
        let first = std::mem::replace(&mut frame.first, false);
        let rule = child.pair.as_rule();
        let forced = if first {
            Some(false)
        } else {
            match kind {
                Frame::Top if child.force => Some(true),
                Frame::Top => None,
                Frame::Section | Frame::Item if keyword_of(&child.pair) == Some(Keyword::Item) => {
                    Some(true)
                }
                Frame::Item => Some(false),
                _ => None,
            }
        };
        let mut statement_blank = if child.leading.is_empty() {
            forced.unwrap_or(child.blank)
        } else {
            child.blank
        };
        if first && child.leading.is_empty() {
            statement_blank = false;
        }
        printer.comments(depth, &child.leading, forced);
        if is_block(&child.pair) && has_braces(text, &child.pair) {
            let header_text: Vec<String> = header(&child.pair)
                .map(|p| p.as_str().to_string())
                .collect();
            let body: Vec<Pair<'_, Rule>> = child
                .pair
                .clone()
                .into_inner()
                .skip(header_text.len())
                .filter(|p| !matches!(p.as_rule(), Rule::line_end | Rule::EOI))
                .collect();
            let header_end = header(&child.pair)
                .last()
                .map(|p| p.as_span().end())
                .unwrap_or(child.pair.as_span().start());
            let open = text
                .get(header_end..)
                .and_then(|rest| rest.find('{'))
                .map(|i| header_end + i + 1)
                .unwrap_or(header_end);
            let close = child.pair.as_span().end().saturating_sub(1).max(open);
            let child_kind = match keyword_of(&child.pair) {
                Some(Keyword::Item) => Frame::Item,
                Some(Keyword::Section) => Frame::Section,
                _ => Frame::Other,
            };
            let mut frame = open_frame(
                child_kind,
                depth + 1,
                body,
                &comments,
                &lines,
                open,
                close,
                Some(with_comment("}".to_string(), &child.trailing)),
            );
            let header_comment = attach_header(&comments, &lines, open);
            printer.open(
                depth,
                &with_comment(format!("{} {{", header_text.join(" ")), &header_comment),
                statement_blank,
            );
            frame.first = true;
            stack.push(frame);
            continue;
        }
        if rule == Rule::target_stmt
            && let Some(split) = child
                .pair
                .clone()
                .into_inner()
                .find(|p| p.as_rule() == Rule::split)
        {
            print_split_target(
                &mut printer,
                text,
                &comments,
                &lines,
                depth,
                &child,
                split,
                statement_blank,
            );
            continue;
        }
        printer.line(
            depth,
            &with_comment(render(&child.pair), &child.trailing),
            statement_blank,
        );
    }
    let mut output = printer.out.join("\n");
    while output.ends_with('\n') {
        output.pop();
    }
    if !output.is_empty() {
        output.push('\n');
    }
    Ok(output)
}

fn attach_header(comments: &[Comment], lines: &Lines, open: usize) -> Option<String> {
    let line = lines.line(open.saturating_sub(1));
    let first = comments.partition_point(|c| c.start < open);
    comments
        .get(first)
        .filter(|c| c.line == line && !c.own_line)
        .map(|c| c.text.clone())
}

/// Whether a block statement has its `{ … }` (an item may have none).
fn has_braces(text: &str, pair: &Pair<'_, Rule>) -> bool {
    let header_end = header(pair)
        .last()
        .map(|p| p.as_span().end())
        .unwrap_or(pair.as_span().start());
    text.get(header_end..pair.as_span().end())
        .is_some_and(|rest| rest.trim_start().starts_with('{'))
}

#[allow(clippy::too_many_arguments)]
fn open_frame<'i>(
    kind: Frame,
    depth: usize,
    body: Vec<Pair<'i, Rule>>,
    comments: &[Comment],
    lines: &Lines,
    open: usize,
    close: usize,
    close_line: Option<String>,
) -> Open<'i> {
    let ranges: Vec<(usize, usize)> = body
        .iter()
        .map(|p| (p.as_span().start(), effective_end(p)))
        .collect();
    let mut attached = attach(comments, lines, open, close, &ranges);
    let mut children: Vec<Child<'i>> = body
        .into_iter()
        .enumerate()
        .map(|(index, pair)| Child {
            pair,
            leading: std::mem::take(attached.leading.get_mut(index).unwrap_or(&mut Vec::new())),
            blank: attached.blank.get(index).copied().unwrap_or(false),
            force: false,
            trailing: attached.trailing.get_mut(index).and_then(Option::take),
        })
        .collect();
    if kind == Frame::Item {
        children.sort_by_key(|c| item_rank(&c.pair));
    }
    if kind == Frame::Top {
        // A blank line between top-level statements when either is a block.
        let mut previous_block = false;
        for (index, child) in children.iter_mut().enumerate() {
            let block = is_block(&child.pair);
            if index > 0 && (block || previous_block) {
                child.force = true;
            }
            previous_block = block;
        }
    }
    let end = attached.end;
    Open {
        kind,
        depth,
        children: children.into_iter(),
        end,
        close: close_line,
        first: true,
    }
}

#[allow(clippy::too_many_arguments)]
fn print_split_target(
    printer: &mut Printer,
    text: &str,
    comments: &[Comment],
    lines: &Lines,
    depth: usize,
    child: &Child<'_>,
    split: Pair<'_, Rule>,
    blank: bool,
) {
    let head: Vec<String> = child
        .pair
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() != Rule::split)
        .map(|p| render(&p))
        .collect();
    let mut keyword = String::new();
    let mut parts: Vec<Pair<'_, Rule>> = Vec::new();
    for inner in split.clone().into_inner() {
        match inner.as_rule() {
            Rule::split_part => parts.push(inner),
            // The breakdown's keyword comes first.
            _ if keyword.is_empty() => keyword = inner.as_str().to_string(),
            _ => {}
        }
    }
    let span = split.as_span();
    let open = text
        .get(span.start()..span.end())
        .and_then(|s| s.find('{'))
        .map(|i| span.start() + i + 1)
        .unwrap_or(span.start());
    let close = span.end().saturating_sub(1).max(open);
    // Parts grouped by the source line they start on.
    let mut groups: Vec<(usize, usize, Vec<String>)> = Vec::new();
    for part in &parts {
        let line = lines.line(part.as_span().start());
        let rendered = render(part);
        match groups.last_mut() {
            Some(group) if lines.line(group.0) == line => {
                group.1 = effective_end(part);
                group.2.push(rendered);
            }
            _ => groups.push((part.as_span().start(), effective_end(part), vec![rendered])),
        }
    }
    let ranges: Vec<(usize, usize)> = groups.iter().map(|g| (g.0, g.1)).collect();
    let attached = attach(comments, lines, open, close, &ranges);
    let header_comment = attach_header(comments, lines, open);
    printer.open(
        depth,
        &with_comment(
            format!("{} {keyword} {{", head.join(" ")),
            &header_comment.or(attached.header),
        ),
        blank,
    );
    for (index, group) in groups.iter().enumerate() {
        if let Some(leading) = attached.leading.get(index) {
            let leading: Leading = leading.iter().map(|(t, _)| (t.clone(), false)).collect();
            printer.comments(depth + 1, &leading, None);
        }
        let trailing = attached.trailing.get(index).cloned().flatten();
        printer.line(
            depth + 1,
            &with_comment(group.2.join(", "), &trailing),
            false,
        );
    }
    let end: Leading = attached
        .end
        .iter()
        .map(|(t, _)| (t.clone(), false))
        .collect();
    printer.comments(depth + 1, &end, None);
    printer.line(
        depth,
        &with_comment("}".to_string(), &child.trailing),
        false,
    );
}

/// Glues a unit to its number (`44个`), except a unit starting with `万` or `亿`, which glued would
/// read as a magnitude (`13 万人次` is 13 of the unit `万人次`; `13万人次` is 130000 人次).
fn push_unit(text: &mut String, unit: &str) {
    if unit.starts_with('万') || unit.starts_with('亿') {
        text.push(' ');
    }
    text.push_str(unit);
}

/// Renders a statement (or part of one) on one line. The nesting of these rules is fixed by the
/// grammar (no rule below a statement refers back to a statement), so the recursion is bounded.
fn render(pair: &Pair<'_, Rule>) -> String {
    let rule = pair.as_rule();
    let inner: Vec<Pair<'_, Rule>> = pair
        .clone()
        .into_inner()
        .filter(|p| !matches!(p.as_rule(), Rule::line_end | Rule::EOI))
        .collect();
    if inner.is_empty() || is_leaf(rule) {
        return leaf_text(pair);
    }
    match (rule, keyword_of(pair)) {
        (Rule::quantity, _) => {
            let mut text = String::new();
            let mut suffix = None;
            for part in &inner {
                match part.as_rule() {
                    Rule::cmp_suffix => suffix = Some(part.as_str()),
                    Rule::unit => push_unit(&mut text, part.as_str()),
                    _ => text.push_str(part.as_str()),
                }
            }
            if let Some(suffix) = suffix {
                text.push(' ');
                text.push_str(suffix);
            }
            text
        }
        (Rule::range, _) => {
            let mut amounts = Vec::new();
            let mut unit = "";
            for part in &inner {
                match part.as_rule() {
                    Rule::amount => amounts.push(part.as_str()),
                    _ => unit = part.as_str(),
                }
            }
            let mut text = amounts.join("-");
            push_unit(&mut text, unit);
            text
        }
        (Rule::lag, _) => inner
            .iter()
            .map(|p| match p.as_rule() {
                Rule::duration_unit => format!(" {}", p.as_str()),
                _ => p.as_str().to_string(),
            })
            .collect(),
        // A keyword and a list: `配合 a, b`, `依赖 a, b`, `于 3月, 6月`.
        (
            _,
            Some(Keyword::Support | Keyword::Tags | Keyword::After | Keyword::Needs | Keyword::In),
        ) => {
            let mut parts = inner.iter();
            let keyword = parts.next().map(render).unwrap_or_default();
            let list: Vec<String> = parts.map(render).collect();
            format!("{keyword} {}", list.join(", "))
        }
        (_, Some(Keyword::Group)) => {
            let rendered: Vec<String> = inner.iter().map(render).collect();
            match rendered.as_slice() {
                [keyword, name, members @ ..] => {
                    format!("{keyword} {name} = {}", members.join(", "))
                }
                _ => rendered.join(" "),
            }
        }
        // Dates: `期间 2020-01-01 .. 2020-12-31`.
        (_, Some(Keyword::Period | Keyword::DayOff | Keyword::Term)) => {
            let mut text = String::new();
            let mut previous_date = false;
            for part in &inner {
                let is_date = matches!(part.as_rule(), Rule::date | Rule::year);
                if !text.is_empty() {
                    text.push_str(if is_date && previous_date {
                        " .. "
                    } else {
                        " "
                    });
                }
                text.push_str(&render(part));
                previous_date = is_date;
            }
            text
        }
        _ => inner.iter().map(render).collect::<Vec<_>>().join(" "),
    }
}
