//! Comments: found in the text and re-attached to the statement they precede or trail, or to
//! the `{` line of a block.

/// A `//` comment.
#[derive(Debug, Clone)]
pub(super) struct Comment {
    /// Byte offset of `//`.
    pub(super) start: usize,
    /// 0-based line.
    pub(super) line: usize,
    /// From `//` to the end of the line, trailing spaces removed.
    pub(super) text: String,
    /// Whether only white space precedes it on its line.
    pub(super) own_line: bool,
}

/// Finds the comments of a file that parses: `//` outside strings.
pub(super) fn scan_comments(text: &str) -> Vec<Comment> {
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
pub(super) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(super) fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        for (index, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                starts.push(index + 1);
            }
        }
        Lines { starts }
    }

    pub(super) fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }
}

/// A comment to print on its own line, and whether a blank line comes before it.
pub(super) type Leading = Vec<(String, bool)>;

/// How a block's comments attach to its children.
pub(super) struct Attached {
    /// The comment on the line of `{`.
    pub(super) header: Option<String>,
    /// Per child: own-line comments before it.
    pub(super) leading: Vec<Leading>,
    /// Per child: whether the source has a blank line before it (or before its first comment).
    pub(super) blank: Vec<bool>,
    /// Per child: the comment on the line where it ends.
    pub(super) trailing: Vec<Option<String>>,
    /// Own-line comments after the last child.
    pub(super) end: Leading,
}

/// Splits the comments between `open` (just after `{`, or the start of the file) and `close` (the
/// `}`, or the end of the file) among the children, given as byte ranges in source order.
pub(super) fn attach(
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
    // Each child, then the end of the block (`close`, no child): the comments before it go to it.
    let boundaries = children
        .iter()
        .map(|&(start, end)| (start, Some(end)))
        .chain(std::iter::once((close, None)));
    for (index, (start, end)) in boundaries.enumerate() {
        let mut leading = Leading::new();
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
            leading.push((comment.text.clone(), blank));
            previous_line = comment.line;
        }
        let Some(end) = end else {
            attached.end = leading;
            break;
        };
        if let Some(slot) = attached.leading.get_mut(index) {
            *slot = leading;
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
    attached
}

pub(super) fn attach_header(comments: &[Comment], lines: &Lines, open: usize) -> Option<String> {
    let line = lines.line(open.saturating_sub(1));
    let first = comments.partition_point(|c| c.start < open);
    comments
        .get(first)
        .filter(|c| c.line == line && !c.own_line)
        .map(|c| c.text.clone())
}
