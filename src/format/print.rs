//! Printing statements: the walk over the concrete tree that prints every block and its
//! children in the canonical layout, with their comments.

use super::comments::{Comment, Leading, Lines, attach, attach_header, scan_comments};
use super::layout::{effective_end, header, is_block, item_rank, keyword_of, render};
use super::{FormatError, parse_root};
use crate::syntax::Rule;
use crate::syntax::keywords::Keyword;
use pest::iterators::Pair;

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

/// Formats text that parses without syntax errors.
pub(super) fn format_unchecked(text: &str) -> Result<String, FormatError> {
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
        let breakdown = match rule {
            Rule::target_stmt => target_breakdown(&child.pair),
            Rule::respectively_stmt => Some(respectively_breakdown(text, &child.pair)),
            _ => None,
        };
        if let Some(breakdown) = breakdown {
            print_breakdown(
                &mut printer,
                text,
                &comments,
                &lines,
                depth,
                &child,
                breakdown,
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

/// A breakdown printed as a block: a target's `其中 { … }` or a `分别 … 其中 { … }`.
struct Breakdown<'i> {
    /// What comes before the breakdown's keyword, rendered.
    head: String,
    /// The breakdown's keyword as written.
    keyword: String,
    /// The parts (or rows), in order.
    parts: Vec<Pair<'i, Rule>>,
    /// From the keyword (or the `{`) to the `}`.
    span: pest::Span<'i>,
}

/// A target with a breakdown (`其中 { … }`): the target's text before it, the keyword and the parts.
fn target_breakdown<'i>(target: &Pair<'i, Rule>) -> Option<Breakdown<'i>> {
    let split = target
        .clone()
        .into_inner()
        .find(|p| p.as_rule() == Rule::split)?;
    let head: Vec<String> = target
        .clone()
        .into_inner()
        .filter(|p| p.as_rule() != Rule::split)
        .map(|p| render(&p))
        .collect();
    Some(Breakdown {
        head: head.join(" "),
        keyword: split
            .clone()
            .into_inner()
            .next()
            .map(|k| k.as_str().to_string())
            .unwrap_or_default(),
        parts: split
            .clone()
            .into_inner()
            .filter(|p| p.as_rule() == Rule::split_part)
            .collect(),
        span: split.as_span(),
    })
}

/// `分别 T1, T2 其中 {`, then a row a line.
fn respectively_breakdown<'i>(text: &'i str, statement: &Pair<'i, Rule>) -> Breakdown<'i> {
    let mut keyword = String::new();
    let mut targets = Vec::new();
    let mut split_keyword = String::new();
    let mut parts = Vec::new();
    for inner in statement.clone().into_inner() {
        match inner.as_rule() {
            Rule::kw_respectively => keyword = inner.as_str().to_string(),
            Rule::ident => targets.push(inner.as_str().to_string()),
            Rule::kw_split => split_keyword = inner.as_str().to_string(),
            Rule::respectively_row => parts.push(inner),
            _ => {}
        }
    }
    let span = statement.as_span();
    let open = text
        .get(span.start()..span.end())
        .and_then(|s| s.find('{'))
        .map_or(span.start(), |i| span.start() + i);
    Breakdown {
        head: format!("{keyword} {}", targets.join(", ")),
        keyword: split_keyword,
        parts,
        span: pest::Span::new(text, open, span.end()).unwrap_or(span),
    }
}

#[allow(clippy::too_many_arguments)]
fn print_breakdown(
    printer: &mut Printer,
    text: &str,
    comments: &[Comment],
    lines: &Lines,
    depth: usize,
    child: &Child<'_>,
    breakdown: Breakdown<'_>,
    blank: bool,
) {
    let Breakdown {
        head,
        keyword,
        parts,
        span,
    } = breakdown;
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
            format!("{head} {keyword} {{"),
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
