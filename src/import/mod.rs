//! `planc import`: a work document (plain text or .docx) to a .plan draft.
//!
//! The document is read into paragraphs ([`decode`], [`docx`]), its structure recognised (title,
//! preamble, main goals, sections `一、`, items `（一）`, sub-items `1.`/`（1）`, owner lines and
//! 分解表 rows), every figure in the prose bound to a target ([`figures`]), and the plan written in
//! canonical layout. What could not be bound stays in the prose and is listed in the [`Report`].

pub mod decode;
pub mod docx;
pub mod figures;

use figures::{Namer, Piece, Scanned, Target, Unbound, escape, pieces_to_string};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One paragraph of the source, with its line (text) or paragraph number (.docx), from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Para {
        text: String,
        line: usize,
    },
    /// A table row (cells' text), from a .docx.
    Row {
        cells: Vec<String>,
        line: usize,
    },
}

/// Paragraphs of a plain-text document: one per non-empty line.
pub fn text_blocks(text: &str) -> Vec<Block> {
    let lines: Vec<(String, usize)> = text
        .lines()
        .enumerate()
        .filter_map(|(n, line)| {
            let line = line.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
            (!line.is_empty()).then(|| (line.to_string(), n + 1))
        })
        .collect();
    join_wrapped(lines)
        .into_iter()
        .map(|(text, line)| Block::Para { text, line })
        .collect()
}

/// Rows of a CSV file (RFC 4180: quoted fields, doubled quotes, CRLF).
pub fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.trim_start_matches('\u{feff}').chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows.retain(|r| r.iter().any(|c| !c.trim().is_empty()));
    rows
}

/// Rows of a spreadsheet (.xlsx) 分解表: the cells of its first sheet that has a 分解表 header
/// (a task column and a 牵头/责任 column), or else of its first sheet, as text. A date cell reads
/// as planners write it (`6月底前` for a month's last day, else `6月15日`); a cell merged down a
/// column counts for each of its rows.
pub fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Vec<String>>, String> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not an .xlsx workbook: {e}"))?;
    let mut first: Option<Vec<Vec<String>>> = None;
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
        let mut rows: Vec<Vec<String>> = range
            .rows()
            .map(|row| {
                row.iter()
                    .map(|cell| match cell {
                        Data::Empty => String::new(),
                        Data::String(s) => s.trim().to_string(),
                        Data::Float(f) => f.to_string(),
                        Data::Int(i) => i.to_string(),
                        Data::Bool(b) => b.to_string(),
                        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                        Data::DateTime(d) => excel_date(d.as_f64()),
                        Data::Error(e) => format!("{e:?}"),
                    })
                    .collect()
            })
            .collect();
        // A cell merged down a column (a 牵头单位 shared by several tasks) holds its text in its
        // first row only: every row of it gets the text. (Cells merged across columns, a title
        // or a section row, are left as they are.)
        if let Some((top, left)) = range.start()
            && let Ok(merged) = workbook.merge_cells_by_sheet_name(&name)
        {
            for region in merged {
                let ((r0, c0), (r1, c1)) = (region.start, region.end);
                if c0 != c1 || r1 <= r0 || r0 < top || c0 < left {
                    continue;
                }
                let column = (c0 - left) as usize;
                let first = (r0 - top) as usize;
                let Some(text) = rows.get(first).and_then(|row| row.get(column)).cloned() else {
                    continue;
                };
                for row in rows
                    .iter_mut()
                    .take((r1 - top) as usize + 1)
                    .skip(first + 1)
                {
                    if let Some(cell) = row.get_mut(column)
                        && cell.is_empty()
                    {
                        *cell = text.clone();
                    }
                }
            }
        }
        rows.retain(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()));
        if rows.iter().any(|row| table_columns(row).is_some()) {
            return Ok(rows);
        }
        first.get_or_insert(rows);
    }
    first.ok_or_else(|| "the workbook has no sheets".to_string())
}

/// An Excel date serial (days since 1899-12-30) as planners write a deadline.
fn excel_date(serial: f64) -> String {
    let days = serial.floor();
    let date = (days.is_finite() && (0.0..=2_958_465.0).contains(&days))
        .then(|| {
            jiff::civil::date(1899, 12, 30)
                .checked_add(jiff::Span::new().days(days as i64))
                .ok()
        })
        .flatten();
    match date {
        Some(date) if date.day() == date.days_in_month() => format!("{}月底前", date.month()),
        Some(date) => format!("{}月{}日", date.month(), date.day()),
        None => serial.to_string(),
    }
}

/// Options of an import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The plan's year, when the document does not say.
    pub year: Option<i32>,
    /// One file per section: the folder name (relative to the entry file) for the section files.
    pub split: Option<String>,
    /// The source's name, for the header comment.
    pub source_name: String,
    /// A separate 分解表 (`--table`): rows of cells, the header row first.
    pub table: Option<Vec<Vec<String>>>,
}

/// A finding of the import that needs a person's eye.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub message: String,
}

/// Counts and findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub sections: usize,
    pub items: usize,
    pub sub_items: usize,
    pub goals: usize,
    pub targets: usize,
    /// Figures bound: targets plus the parts of breakdowns.
    pub figures_bound: usize,
    /// Figures left in prose.
    pub unbound: Vec<Note>,
    pub owners: usize,
    pub deadlines: usize,
    pub units: Vec<String>,
    pub ambiguous: Vec<Note>,
}

impl Report {
    /// All figures found.
    pub fn figures_found(&self) -> usize {
        self.figures_bound + self.unbound.len()
    }

    /// The report for people.
    pub fn human(&self) -> String {
        let mut out = format!(
            "imported: {} sections, {} items ({} sub-items), {} goals, {} targets binding {} of {} figures, {} owners, {} deadlines\n",
            self.sections,
            self.items,
            self.sub_items,
            self.goals,
            self.targets,
            self.figures_bound,
            self.figures_found(),
            self.owners,
            self.deadlines
        );
        if !self.units.is_empty() {
            out.push_str(&format!("units declared: {}\n", self.units.join(" ")));
        }
        if !self.unbound.is_empty() {
            out.push_str("figures left in the prose (not bound to a target):\n");
            for note in &self.unbound {
                out.push_str(&format!("  line {}: {}\n", note.line, note.message));
            }
        }
        if !self.ambiguous.is_empty() {
            out.push_str("to review:\n");
            for note in &self.ambiguous {
                out.push_str(&format!("  line {}: {}\n", note.line, note.message));
            }
        }
        out
    }
}

/// The import's result: the plan files (entry first; paths relative to the entry's folder, the
/// entry itself as `""`) and the report.
#[derive(Debug, Clone)]
pub struct Imported {
    pub files: Vec<(String, String)>,
    pub report: Report,
}

/// Why a document cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    NotAPlan(String),
    Format(String),
}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ImportError::NotAPlan(why) => write!(f, "not a work document: {why}"),
            ImportError::Format(why) => write!(
                f,
                "the generated plan could not be formatted ({why}); this is a bug in planc import"
            ),
        }
    }
}

// ------------------------------------------------------------------------ structure

#[derive(Debug, Clone, Default)]
struct Node {
    title: String,
    line: usize,
    /// 1 for `1.`, 2 for `（1）` (0 for an item).
    level: usize,
    texts: Vec<(String, usize)>,
    children: Vec<Node>,
    lead: Vec<String>,
    support: Vec<String>,
    due: Vec<String>,
}

#[derive(Debug, Clone, Default)]
struct Section {
    title: String,
    line: usize,
    /// Its items are numbered `1.` in the source (no `（一）` level).
    promoted: bool,
    texts: Vec<(String, usize)>,
    items: Vec<Node>,
}

#[derive(Debug, Clone, Default)]
struct Document {
    title: String,
    preamble: Vec<(String, usize)>,
    goals: Option<(String, usize)>,
    sections: Vec<Section>,
    /// The numbering styles as the source writes them: items (`（一）` or `(一)`), `1.`-level
    /// paragraphs (`1.`, `1、`, `1．`) and `（1）`-level ones.
    item_style: Option<String>,
    sub_style: Option<String>,
    sub2_style: Option<String>,
    /// Whether top-level items count from 1 again in a later section.
    restarts: Option<bool>,
}

impl Node {
    /// A heading or task at `line` of the given level (0 for an item): its run-in title
    /// (`split_title`), and the rest of the text as its first paragraph.
    fn from_text(text: &str, line: usize, level: usize) -> Node {
        let (title, body) = split_title(text);
        let mut node = Node {
            title,
            line,
            level,
            ..Node::default()
        };
        if !body.is_empty() {
            node.texts.push((body, line));
        }
        node
    }
}

impl Document {
    /// Before the first section heading, opens a section titled `title` to hold what comes at
    /// `line`, and says so in the report.
    fn open_default_section(&mut self, title: &str, line: usize, report: &mut Report, why: &str) {
        if self.sections.is_empty() {
            self.sections.push(Section {
                title: title.into(),
                line,
                ..Section::default()
            });
            report.ambiguous.push(Note {
                line,
                message: why.into(),
            });
        }
    }
}

/// The style of a numbered heading (`（一）`, `1.`, `(1)`) as a `编号` style: its number replaced
/// by `一` or `1`.
fn heading_style(line: &str) -> Option<String> {
    let mut style = String::new();
    let mut in_number = false;
    for c in line.chars().take(8) {
        let digit = c.is_ascii_digit() || NUMERALS.contains(c);
        if digit {
            if !in_number {
                style.push(if c.is_ascii_digit() { '1' } else { '一' });
                in_number = true;
            }
            continue;
        }
        if in_number {
            style.push(c);
            return Some(style);
        }
        style.push(c);
    }
    None
}

const NUMERALS: &str = "零一二三四五六七八九十百千";

/// Value of a Chinese numeral up to 999 (`十一` = 11, `二十` = 20).
pub fn numeral_value(text: &str) -> Option<usize> {
    let mut total = 0;
    let mut current = 0;
    if text.is_empty() {
        return None;
    }
    for c in text.chars() {
        let digit = "零一二三四五六七八九".chars().position(|d| d == c);
        match (digit, c) {
            (Some(d), _) => current = d,
            (None, '十') => {
                total += if current == 0 { 10 } else { current * 10 };
                current = 0;
            }
            (None, '百') => {
                total += if current == 0 { 100 } else { current * 100 };
                current = 0;
            }
            (None, '千') => {
                total += if current == 0 { 1000 } else { current * 1000 };
                current = 0;
            }
            _ => return None,
        }
    }
    Some(total + current)
}

fn section_heading(line: &str) -> Option<(usize, &str)> {
    let (number, rest) = line.split_once('、')?;
    if number.is_empty()
        || number.chars().count() > 6
        || !number.chars().all(|c| NUMERALS.contains(c))
    {
        return None;
    }
    Some((numeral_value(number)?, rest))
}

fn item_heading(line: &str) -> Option<(usize, &str)> {
    let rest = line.strip_prefix('（').or_else(|| line.strip_prefix('('))?;
    let close = rest.find(['）', ')'])?;
    let number = &rest[..close];
    if number.is_empty()
        || number.chars().count() > 8
        || !number.chars().all(|c| NUMERALS.contains(c))
    {
        return None;
    }
    let after = &rest[close..];
    let after = &after[after.chars().next()?.len_utf8()..];
    Some((numeral_value(number)?, after))
}

fn sub_heading(line: &str) -> Option<(usize, usize, &str)> {
    // `（1）…`
    if let Some(rest) = line.strip_prefix('（').or_else(|| line.strip_prefix('('))
        && let Some(close) = rest.find(['）', ')'])
    {
        let number = &rest[..close];
        if !number.is_empty() && number.len() <= 3 && number.chars().all(|c| c.is_ascii_digit()) {
            let after = &rest[close..];
            let after = &after[after.chars().next()?.len_utf8()..];
            return Some((2, number.parse().ok()?, after));
        }
    }
    // `1.…`, `1．…`, `1、…`
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    let mark = rest.chars().next()?;
    if !matches!(mark, '.' | '．' | '、') {
        return None;
    }
    let after = &rest[mark.len_utf8()..];
    if after.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((1, line[..digits].parse().ok()?, after))
}

/// The run-in title of an item line (up to the first `。`) and the rest. When that first sentence
/// holds a figure, the title ends at the clause before it (`，`, `；`, `：` kept as the title's end,
/// which the document reproduces), so that the figure can be a target of the prose.
fn split_title(text: &str) -> (String, String) {
    let (title, rest) = match text.find('。') {
        Some(at) => (
            text[..at].trim().to_string(),
            text[at + '。'.len_utf8()..].trim().to_string(),
        ),
        None => (text.trim().to_string(), String::new()),
    };
    let has_figure = |t: &str| !figures::scan(t, &mut Names::default()).targets.is_empty();
    if has_figure(&title)
        && let Some(clause) = title.find(['，', '；', '：'])
    {
        let mark = title[clause..].chars().next().map_or(0, char::len_utf8);
        let head = &title[..clause + mark];
        if !has_figure(head) {
            let mut tail = title[clause + mark..].trim().to_string();
            if text.contains('。') {
                tail.push('。');
                tail.push_str(&rest);
            }
            return (head.to_string(), tail);
        }
    }
    (title, rest)
}

/// Lines of text extracted from PDF are cut at the page width: a line that does not end a
/// sentence, followed by a line that starts no heading, continues the same paragraph.
fn join_wrapped(lines: Vec<(String, usize)>) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    for (line, n) in lines {
        let starts_block = section_heading(&line).is_some()
            || item_heading(&line).is_some()
            || sub_heading(&line).is_some()
            || is_owner_line(&line);
        let count = out.len();
        if let Some((last, _)) = out.last_mut()
            && !starts_block
            && count > 1
            && section_heading(last).is_none()
            && (item_heading(last).is_none() && sub_heading(last).is_none() || last.contains('。'))
            && last.chars().count() >= 20
            && !last.ends_with(|c: char| "。；！？：”」』）)]】.;!?:".contains(c))
        {
            last.push_str(&line);
            continue;
        }
        out.push((line, n));
    }
    out
}

const LEAD_LABELS: &[&str] = &["牵头单位", "牵头部门", "牵头"];
const SUPPORT_LABELS: &[&str] = &[
    "责任单位",
    "责任部门",
    "配合单位",
    "配合部门",
    "参与单位",
    "协办单位",
    "配合",
];
const DUE_LABELS: &[&str] = &["完成时限", "完成时间", "时间节点", "时限"];
/// Labels whose values are people, not owners: they end the value before them and are skipped.
const PERSON_LABELS: &[&str] = &["责任领导", "牵头领导", "分管领导", "联系人"];

/// `牵头单位：A；责任单位：B、C` (a whole line or a parenthesised note): owners and deadlines.
fn owner_fields(text: &str) -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
    let mut marks: Vec<(usize, usize, u8)> = Vec::new();
    for (labels, kind) in [
        (PERSON_LABELS, 3u8),
        (LEAD_LABELS, 0),
        (SUPPORT_LABELS, 1),
        (DUE_LABELS, 2),
    ] {
        for label in labels {
            for (at, _) in text.match_indices(label) {
                let after = at + label.len();
                let colon = text[after..].chars().next();
                if matches!(colon, Some('：' | ':')) && !marks.iter().any(|m| m.0 <= at && at < m.1)
                {
                    marks.push((at, after + colon.map_or(0, char::len_utf8), kind));
                }
            }
        }
    }
    if marks.is_empty() {
        return None;
    }
    marks.sort();
    let (mut lead, mut support, mut due) = (Vec::new(), Vec::new(), Vec::new());
    for (n, &(_, value_start, kind)) in marks.iter().enumerate() {
        let value_end = marks.get(n + 1).map_or(text.len(), |m| m.0);
        let value = text[value_start..value_end]
            .trim_matches(|c: char| c.is_whitespace() || "；;。，,（）()".contains(c));
        if kind == 2 {
            due.push(value.to_string());
            continue;
        }
        if kind == 3 {
            continue;
        }
        for name in value.split(['、', '，', ',', '；', ';', ' ', '/']) {
            let name = name.trim().trim_end_matches('等').trim();
            let name = name.trim_matches(|c: char| "（）()。".contains(c));
            if name.chars().count() >= 2 && name.chars().any(|c| !c.is_ascii_punctuation()) {
                let list = if kind == 0 { &mut lead } else { &mut support };
                if !list.iter().any(|n: &String| n == name) {
                    list.push(name.to_string());
                }
            }
        }
    }
    Some((lead, support, due))
}

/// A parenthesised owner note in a paragraph: `（牵头：市教育局；配合：各区）`.
fn owner_note(text: &str) -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
    let open = text.rfind(['（', '(', '[', '【'])?;
    let inside = &text[open..];
    let inside = &inside[inside.chars().next().map_or(0, char::len_utf8)..];
    let close = inside.find(['）', ')', ']', '】'])?;
    owner_fields(&inside[..close])
}

fn is_owner_line(text: &str) -> bool {
    LEAD_LABELS
        .iter()
        .chain(SUPPORT_LABELS)
        .chain(DUE_LABELS)
        .any(|label| {
            text.strip_prefix(label)
                .is_some_and(|rest| rest.starts_with(['：', ':']))
        })
}

/// Header cells of a 分解表, by role.
#[derive(Debug, Clone, Default)]
struct Columns {
    number: Option<usize>,
    task: Option<usize>,
    lead: Option<usize>,
    support: Option<usize>,
    due: Option<usize>,
}

fn table_columns(cells: &[String]) -> Option<Columns> {
    let mut columns = Columns::default();
    for (n, cell) in cells.iter().enumerate() {
        let cell: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
        if cell == "序号" || cell == "编号" {
            columns.number = Some(n);
        } else if cell.contains("牵头") {
            columns.lead = Some(n);
        } else if cell.contains("责任") || cell.contains("配合") || cell.contains("参与") {
            columns.support = Some(n);
        } else if cell.contains("时限") || cell.contains("时间") || cell.contains("进度") {
            columns.due = Some(n);
        } else if columns.task.is_none()
            && (cell.contains("任务")
                || cell.contains("内容")
                || cell.contains("事项")
                || cell.contains("工作")
                || cell.contains("措施"))
        {
            columns.task = Some(n);
        }
    }
    (columns.task.is_some() && (columns.lead.is_some() || columns.support.is_some()))
        .then_some(columns)
}

/// Owners and deadlines from a separate 分解表 (`--table`), matched to the document's items by the
/// row's number (序号, counting items straight through) or by the item's title in the task cell.
fn apply_table(
    doc: &mut Document,
    rows: &[Vec<String>],
    report: &mut Report,
) -> Result<(), ImportError> {
    let Some((header_at, columns)) = rows
        .iter()
        .enumerate()
        .find_map(|(n, row)| table_columns(row).map(|c| (n, c)))
    else {
        return Err(ImportError::NotAPlan(
            "the --table has no header row with a task column (任务/内容/事项) and a 牵头/责任 column".into(),
        ));
    };
    let mut items: Vec<&mut Node> = doc
        .sections
        .iter_mut()
        .flat_map(|s| s.items.iter_mut())
        .collect();
    let cell = |row: &[String], n: Option<usize>| {
        n.and_then(|n| row.get(n))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let split = |text: String| -> Vec<String> {
        text.split(['、', '，', ',', '；', ';', '\n', ' '])
            .map(|s| s.trim().trim_end_matches('等').to_string())
            .filter(|s| s.chars().count() >= 2)
            .collect()
    };
    for (n, row) in rows.iter().enumerate().skip(header_at + 1) {
        let task = cell(row, columns.task);
        if task.is_empty() {
            continue;
        }
        let number = cell(row, columns.number);
        let by_number = number
            .trim_matches(|c: char| "（）()、.．".contains(c))
            .parse::<usize>()
            .ok()
            .or_else(|| numeral_value(number.trim_matches(|c: char| "（）()、.．".contains(c))))
            .filter(|&k| k >= 1 && k <= items.len())
            .map(|k| k - 1);
        let by_title = || {
            items.iter().position(|item| {
                !item.title.is_empty()
                    && (task.contains(item.title.as_str())
                        || item
                            .title
                            .contains(task.split('。').next().unwrap_or(&task)))
            })
        };
        let Some(at) = by_number.or_else(by_title) else {
            report.ambiguous.push(Note {
                line: n + 1,
                message: format!(
                    "--table row {}: no item of the document matches `{task}`",
                    n + 1
                ),
            });
            continue;
        };
        let Some(item) = items.get_mut(at) else {
            continue;
        };
        item.lead.extend(split(cell(row, columns.lead)));
        item.support.extend(split(cell(row, columns.support)));
        let due = cell(row, columns.due);
        if !due.is_empty() {
            item.due.push(due);
        }
    }
    Ok(())
}

fn structure(blocks: &[Block], report: &mut Report) -> Result<Document, ImportError> {
    let mut doc = Document::default();
    let mut seen_title = false;
    let mut expected_section = 1;
    let mut expected_item = 1;
    let mut columns: Option<Columns> = None;
    for block in blocks {
        let (text, line) = match block {
            Block::Para { text, line } => (text.trim().to_string(), *line),
            Block::Row { cells, line } => {
                if let Some(found) = table_columns(cells) {
                    columns = Some(found);
                    continue;
                }
                let Some(cols) = &columns else {
                    report.ambiguous.push(Note {
                        line: *line,
                        message: "a table row without a 牵头/责任 header was kept as prose".into(),
                    });
                    let joined = cells.join(" ");
                    push_text(&mut doc, joined, *line);
                    continue;
                };
                table_row(&mut doc, cells, cols, *line, report);
                continue;
            }
        };
        columns = None;
        if text.is_empty() {
            continue;
        }
        if !seen_title {
            if text.starts_with("附件") && text.chars().count() <= 4 {
                report.ambiguous.push(Note {
                    line,
                    message: format!("`{text}` before the title was left out"),
                });
                continue;
            }
            if section_heading(&text).is_none() && item_heading(&text).is_none() {
                doc.title = text;
                seen_title = true;
                continue;
            }
            seen_title = true;
        }
        if let Some((number, title)) = section_heading(&text) {
            if number != expected_section {
                report.ambiguous.push(Note {
                    line,
                    message: format!("section numbered {number} where {expected_section} was expected; planc numbers sections in order"),
                });
            }
            expected_section = number + 1;
            doc.sections.push(Section {
                title: title.trim().to_string(),
                line,
                ..Section::default()
            });
            continue;
        }
        if let Some((number, rest)) = item_heading(&text) {
            doc.open_default_section(
                "工作任务",
                line,
                report,
                "items before any `一、` section were put in a section titled 工作任务",
            );
            if doc.item_style.is_none() {
                doc.item_style = heading_style(&text);
            }
            note_restart(&mut doc, number, false);
            if number != expected_item && number != 1 {
                report.ambiguous.push(Note {
                    line,
                    message: format!("item numbered （{}） where （{}） was expected; planc numbers items straight through the plan", crate::model::chinese_numeral(number), crate::model::chinese_numeral(expected_item)),
                });
            }
            expected_item = number + 1;
            let node = Node::from_text(rest, line, 0);
            if let Some(section) = doc.sections.last_mut() {
                section.items.push(node);
            }
            continue;
        }
        if let Some((level, number, rest)) = sub_heading(&text) {
            // A list of numbered tasks without sections (a 为民办实事 list, one page of a longer
            // 分解方案): one section holds them.
            doc.open_default_section(
                "工作任务",
                line,
                report,
                "numbered paragraphs before any `一、` section were put in a section titled 工作任务",
            );
            let style = if level == 1 {
                &mut doc.sub_style
            } else {
                &mut doc.sub2_style
            };
            if style.is_none() {
                *style = heading_style(&text);
            }
            let promoted = doc.sections.last().is_some_and(|section| {
                section.items.is_empty() || (section.promoted && level == 1)
            });
            if promoted {
                note_restart(&mut doc, number, true);
            }
            let Some(section) = doc.sections.last_mut() else {
                continue;
            };
            let mut node = Node::from_text(rest, line, level);
            let promote = section.items.is_empty() || (section.promoted && level == 1);
            match section.items.last_mut() {
                _ if promote => {
                    node.level = 0;
                    if !section.promoted {
                        report.ambiguous.push(Note {
                            line,
                            message: "numbered paragraphs `1.` directly in a section were made items (numbered as in the source with `编号`)".into(),
                        });
                    }
                    section.promoted = true;
                    section.items.push(node);
                }
                None => section.items.push(node),
                Some(item) => {
                    if level == 2
                        && let Some(parent) = item.children.last_mut().filter(|c| c.level == 1)
                    {
                        parent.children.push(node);
                    } else {
                        if level == 2 {
                            node.level = 1;
                        }
                        item.children.push(node);
                    }
                }
            }
            continue;
        }
        if text.starts_with("主要目标") && doc.sections.is_empty() && doc.goals.is_none() {
            doc.goals = Some((text, line));
            continue;
        }
        push_text(&mut doc, text, line);
    }
    if doc.sections.is_empty() {
        return Err(ImportError::NotAPlan(
            "no sections (`一、…`) or items (`（一）…`) were found".into(),
        ));
    }
    Ok(doc)
}

/// Records whether the first top-level item of a section after the first counts from 1 again.
/// Only headings of the kind the earlier section's items had count (`1.` directly in a section, or
/// `（一）`).
fn note_restart(doc: &mut Document, number: usize, promoted: bool) {
    let first_in_section = doc.sections.last().is_some_and(|s| s.items.is_empty());
    let earlier_items = doc
        .sections
        .iter()
        .rev()
        .skip(1)
        .find(|s| !s.items.is_empty())
        .is_some_and(|s| s.promoted == promoted);
    if doc.restarts.is_none() && first_in_section && earlier_items {
        doc.restarts = Some(number == 1);
    }
}

/// The `编号` statement for the numbering the source uses, when it is not the default.
fn numbering_of(doc: &Document) -> Option<String> {
    // The style of most top-level items: `1.` directly in sections, or `（一）`.
    let count = |promoted: bool| -> usize {
        doc.sections
            .iter()
            .filter(|s| s.promoted == promoted)
            .map(|s| s.items.len())
            .sum()
    };
    let promoted = count(true) > count(false);
    let or = |style: &Option<String>, default: &str| {
        style
            .clone()
            .filter(|s| crate::model::NumberStyle::parse(s).is_ok())
            .unwrap_or_else(|| default.to_string())
    };
    let styles = if promoted {
        vec![
            "一、".to_string(),
            or(&doc.sub_style, "1."),
            or(&doc.sub2_style, "（1）"),
        ]
    } else {
        vec![
            "一、".to_string(),
            or(&doc.item_style, "（一）"),
            or(&doc.sub_style, "1."),
            or(&doc.sub2_style, "（1）"),
        ]
    };
    let per_section = doc.restarts == Some(true);
    let parsed: Vec<crate::model::NumberStyle> = styles
        .iter()
        .filter_map(|s| crate::model::NumberStyle::parse(s).ok())
        .collect();
    if crate::model::Numbering::from_styles(parsed, per_section).is_default() {
        return None;
    }
    let mut statement = format!(
        "  编号 {}",
        styles
            .iter()
            .map(|s| format!("\"{}\"", escape(s)))
            .collect::<Vec<_>>()
            .join(" ")
    );
    if per_section {
        statement.push_str(" 按部分");
    }
    statement.push('\n');
    Some(statement)
}

fn push_text(doc: &mut Document, text: String, line: usize) {
    match doc.sections.last_mut() {
        None => doc.preamble.push((text, line)),
        Some(section) => match section.items.last_mut() {
            None => section.texts.push((text, line)),
            Some(item) => {
                let mut node = item;
                while node.children.last().is_some() {
                    let Some(last) = node.children.last_mut() else {
                        break;
                    };
                    node = last;
                }
                node.texts.push((text, line));
            }
        },
    }
}

fn table_row(
    doc: &mut Document,
    cells: &[String],
    cols: &Columns,
    line: usize,
    report: &mut Report,
) {
    let cell = |n: Option<usize>| {
        n.and_then(|n| cells.get(n))
            .map(|c| c.trim().to_string())
            .unwrap_or_default()
    };
    let task = cell(cols.task);
    if task.is_empty() {
        return;
    }
    doc.open_default_section(
        "重点工作任务",
        line,
        report,
        "a 分解表 before any section was put in a section titled 重点工作任务",
    );
    let mut node = Node::from_text(&task, line, 0);
    let split = |text: String| -> Vec<String> {
        text.split(['、', '，', ',', '；', ';', '\n', ' '])
            .map(|s| s.trim().trim_end_matches('等').to_string())
            .filter(|s| s.chars().count() >= 2)
            .collect()
    };
    node.lead = split(cell(cols.lead));
    node.support = split(cell(cols.support));
    let due = cell(cols.due);
    if !due.is_empty() {
        node.due.push(due);
    }
    if let Some(section) = doc.sections.last_mut() {
        section.items.push(node);
    }
}

// ------------------------------------------------------------------------ names

/// Whether a Chinese word is a keyword or fixed word of the language (`syntax::keywords`) or a
/// period word (`上半年`, `下半年`): such a word is not used as a name.
fn is_keyword(word: &str) -> bool {
    matches!(word, "上半年" | "下半年")
        || (!word.is_ascii() && crate::syntax::keywords::lookup(word).is_some())
}

/// An identifier for a name: its word characters (must start with a letter or `_`).
pub fn identifier_of(name: &str) -> String {
    let word: String = name
        .chars()
        .filter(|&c| unicode_ident::is_xid_continue(c))
        .collect();
    let word = word.trim_start_matches(|c: char| !unicode_ident::is_xid_start(c) && c != '_');
    if word.is_empty() {
        "名称".to_string()
    } else {
        word.to_string()
    }
}

#[derive(Debug, Default)]
struct Names {
    used: HashSet<String>,
}

impl Namer for Names {
    fn fresh(&mut self, wanted: &str) -> String {
        let base = if is_keyword(wanted) || wanted.starts_with(|c: char| c.is_ascii_digit()) {
            format!("{wanted}项")
        } else {
            wanted.to_string()
        };
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains(&id) || is_keyword(&id) {
            id = format!("{base}{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// Words that open a title but do not name it.
const TITLE_VERBS: &[&str] = &[
    "突出",
    "推进实施",
    "进一步",
    "完善",
    "夯实",
    "推进",
    "深化",
    "提升",
    "加强",
    "加快",
    "实施",
    "推动",
    "健全",
    "开展",
    "做好",
    "强化",
    "持续",
    "全面",
    "深入",
    "积极",
    "着力",
    "坚持",
    "大力",
    "扎实",
    "稳步",
    "不断",
];

fn id_from_title(title: &str, len: usize) -> String {
    let first = title
        .split(['，', '：', '；', ',', ':'])
        .next()
        .unwrap_or(title);
    // Numbers say little in a name: `2023年全区…` → `全区…`, `增长8%以上` → `增长以上`.
    let mut plain = String::new();
    let chars: Vec<char> = first.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            if chars.get(i) == Some(&'年') {
                i += 1;
            }
            continue;
        }
        plain.push(chars[i]);
        i += 1;
    }
    let word = figures::without_verbs(identifier_of(&plain), TITLE_VERBS);
    let short: String = word.chars().take(len).collect();
    let short = short.trim_start_matches(|c: char| !unicode_ident::is_xid_start(c) && c != '_');
    if short.is_empty() {
        "事项".to_string()
    } else {
        short.to_string()
    }
}

// ------------------------------------------------------------------------ owners and deadlines

fn owner_kind(name: &str) -> &'static str {
    const DISTRICT: &[&str] = &[
        "区",
        "县",
        "市",
        "镇",
        "乡",
        "街道",
        "本级",
        "政府",
        "管委会",
        "园区",
    ];
    const INSTITUTION: &[&str] = &[
        "大学",
        "学院",
        "学校",
        "中学",
        "小学",
        "幼儿园",
        "医院",
        "中心",
        "集团",
        "公司",
        "院",
        "馆",
        "站",
        "台",
        "所",
        "社",
    ];
    if INSTITUTION.iter().any(|e| name.ends_with(e)) {
        "机构"
    } else if DISTRICT.iter().any(|e| name.ends_with(e)) {
        "辖区"
    } else {
        "部门"
    }
}

/// The plan's period from the title or the first paragraphs: `2020`, or a multi-year range.
fn period_of(doc: &Document, year: Option<i32>) -> Option<(i32, i32)> {
    if let Some(year) = year {
        return Some((year, year));
    }
    let mut texts = vec![doc.title.as_str()];
    texts.extend(doc.preamble.iter().take(3).map(|(t, _)| t.as_str()));
    // A five-year plan named by its number: `“十四五”规划` is 2021–2025.
    for (name, first) in [
        ("十一五", 2006),
        ("十二五", 2011),
        ("十三五", 2016),
        ("十四五", 2021),
        ("十五五", 2026),
    ] {
        if doc.title.contains(name) && doc.title.contains("规划") {
            return Some((first, first + 4));
        }
    }
    for text in texts {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i + 4 <= chars.len() {
            let four: String = chars[i..i + 4].iter().collect();
            if four.chars().all(|c| c.is_ascii_digit())
                && (i == 0 || !chars[i - 1].is_ascii_digit())
                && let Ok(first) = four.parse::<i32>()
                && (1990..=2100).contains(&first)
            {
                let mut j = i + 4;
                if matches!(chars.get(j), Some('-' | '—' | '～' | '~' | '至')) {
                    j += 1;
                    if chars.get(j) == Some(&'—') {
                        j += 1;
                    }
                    let next: String = chars.iter().skip(j).take(4).collect();
                    if next.chars().count() == 4
                        && next.chars().all(|c| c.is_ascii_digit())
                        && let Ok(last) = next.parse::<i32>()
                        && last > first
                        && last - first < 10
                    {
                        return Some((first, last));
                    }
                }
                if chars.get(i + 4) == Some(&'年')
                    || (chars.get(i + 4) == Some(&' ') && chars.get(i + 5) == Some(&'年'))
                {
                    return Some((first, first));
                }
            }
            i += 1;
        }
    }
    None
}

/// A deadline written in the text, as a `时限` value, with an order key (the month it ends).
fn deadlines_in(text: &str) -> Vec<(u32, String)> {
    let mut found = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, _) in chars.iter().enumerate() {
        let rest: String = chars[i..chars.len().min(i + 6)].iter().collect();
        if rest.starts_with("年内") || rest.starts_with("年底") || rest.starts_with("全年") {
            found.push((12, "年内".to_string()));
        } else if rest.starts_with("上半年") {
            found.push((6, "上半年".to_string()));
        } else if rest.starts_with("下半年") {
            found.push((12, "下半年".to_string()));
        } else if rest.contains("季度") && rest.find("季度").is_some_and(|at| at <= 6) {
            let quarter = chars
                .get(i)
                .and_then(|&c| "一二三四".chars().position(|d| d == c))
                .or_else(|| {
                    chars
                        .get(i)
                        .and_then(|c| c.to_digit(10))
                        .map(|d| d as usize - 1)
                        .filter(|&d| d < 4)
                });
            if let Some(q) = quarter
                && chars.get(i + 1) == Some(&'季')
                && (i == 0 || chars[i - 1] != '每')
            {
                let names = ["第一季度", "第二季度", "第三季度", "第四季度"];
                found.push(((q as u32 + 1) * 3, names[q].to_string()));
            }
        }
        // `6月底前`, `10月前`, `6月底`
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_digit()) {
            let digits: String = chars[i..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let after: String = chars[i + digits.len()..].iter().take(3).collect();
            if (after.starts_with("月底") || after.starts_with("月前") || after.starts_with("月末"))
                && let Ok(month) = digits.parse::<u32>()
                && (1..=12).contains(&month)
                && !(i >= 1
                    && chars[i - 1] == '年'
                    && i >= 5
                    && !chars[i - 5..i - 1].iter().all(|c| c.is_ascii_digit()))
            {
                found.push((month, format!("{month}月")));
            }
        }
    }
    found
}

// ------------------------------------------------------------------------ the plan

struct Builder<'a> {
    names: Names,
    owners: Vec<String>,
    owner_ids: HashMap<String, String>,
    units: Vec<String>,
    /// Baselines of changes against last year: (identifier, display name).
    baselines: Vec<(String, String)>,
    report: &'a mut Report,
    multi_year: bool,
}

impl Builder<'_> {
    fn owner(&mut self, name: &str) -> String {
        if let Some(id) = self.owner_ids.get(name) {
            return id.clone();
        }
        let id = self.names.fresh(&identifier_of(name));
        self.owner_ids.insert(name.to_string(), id.clone());
        self.owners.push(name.to_string());
        id
    }

    fn note_unit(&mut self, unit: &str) {
        if !unit.is_empty()
            && !matches!(unit, "%" | "％" | "个百分点")
            && !self.units.iter().any(|u| u == unit)
        {
            self.units.push(unit.to_string());
        }
    }

    /// Scans a paragraph where targets may live; returns its `正文` text and its targets.
    fn bind(&mut self, text: &str, line: usize) -> (String, Vec<Target>) {
        let scanned: Scanned = figures::scan(text, &mut self.names);
        for unbound in &scanned.unbound {
            self.unbound(line, unbound);
        }
        let mut pieces = scanned.pieces;
        for piece in &mut pieces {
            if let Piece::Cite(_, Some(owner)) = piece {
                *owner = self.owner(owner);
            }
        }
        let mut targets = scanned.targets;
        for target in &mut targets {
            if target.change.is_some() {
                let id = self.names.fresh(&target.baseline());
                if id == target.baseline() {
                    self.baselines.push((id, format!("上年{}", target.name)));
                } else {
                    target.change = None;
                }
            }
        }
        for target in &targets {
            self.note_unit(&target.unit);
            self.report.targets += 1;
            self.report.figures_bound += 1 + target.parts.len();
        }
        for target in &mut targets {
            for part in &mut target.parts {
                part.0 = self.owner(&part.0);
            }
        }
        (pieces_to_string(&pieces), targets)
    }

    /// Scans a paragraph where no target can live: its figures are reported.
    fn prose_only(&mut self, text: &str, line: usize, place: &str) -> String {
        let mut scratch = Names::default();
        let scanned = figures::scan(text, &mut scratch);
        for target in &scanned.targets {
            self.report.unbound.push(Note {
                line,
                message: format!(
                    "`{}` in the {place} (targets live in goals and items)",
                    target
                        .written()
                        .trim_start_matches(|c: char| !c.is_ascii_digit())
                ),
            });
        }
        for unbound in &scanned.unbound {
            self.unbound(line, unbound);
        }
        escape(text)
    }

    fn unbound(&mut self, line: usize, unbound: &Unbound) {
        self.report.unbound.push(Note {
            line,
            message: format!("`{}`: {}", unbound.figure, unbound.reason),
        });
    }

    fn item(&mut self, node: &Node, indent: usize, out: &mut String) {
        let pad = "  ".repeat(indent);
        let id = self.names.fresh(&id_from_title(&node.title, 10));
        if node.level == 0 {
            self.report.items += 1;
        } else {
            self.report.sub_items += 1;
        }
        // The title's figures become targets cited from the title (`新建学校{新建学校}`).
        let (title, mut targets) = self.bind(&node.title, node.line);
        out.push_str(&format!("{pad}事项 {id} \"{title}\" {{\n"));
        let mut lead = node.lead.clone();
        let mut support = node.support.clone();
        let mut due_texts: Vec<String> = node.due.clone();
        let mut all_text = node.title.clone();
        for (text, _) in &node.texts {
            all_text.push_str(text);
            let fields = if is_owner_line(text) {
                owner_fields(text)
            } else {
                owner_note(text)
            };
            if let Some((l, s, d)) = fields {
                lead.extend(l);
                support.extend(s);
                due_texts.extend(d);
            }
        }
        if lead.len() > 1 {
            self.report.ambiguous.push(Note {
                line: node.line,
                message: format!(
                    "several lead owners ({}): the first leads, the others support",
                    lead.join("、")
                ),
            });
            let rest: Vec<String> = lead.drain(1..).collect();
            for name in rest.into_iter().rev() {
                support.insert(0, name);
            }
        }
        if let Some(name) = lead.first() {
            let owner = self.owner(name);
            out.push_str(&format!("{pad}  牵头 {owner}\n"));
        }
        let mut support_ids: Vec<String> = Vec::new();
        for name in &support {
            let owner = self.owner(name);
            if !support_ids.contains(&owner)
                && lead
                    .first()
                    .is_none_or(|l| self.owner_ids.get(l) != Some(&owner))
            {
                support_ids.push(owner);
            }
        }
        if !support_ids.is_empty() {
            out.push_str(&format!("{pad}  配合 {}\n", support_ids.join(", ")));
        }
        for (text, line) in &node.texts {
            let (prose, found) = self.bind(text, *line);
            out.push_str(&format!("{pad}  正文 \"{prose}\"\n"));
            targets.extend(found);
        }
        for target in &targets {
            out.push_str(&format!("{pad}  {}\n", target.statement()));
        }
        let mut due: Vec<(u32, String)> = Vec::new();
        for text in &due_texts {
            due.extend(deadlines_in(text));
            all_text.push_str(text);
        }
        if due.is_empty() {
            due = deadlines_in(&all_text);
        }
        if self.multi_year {
            if !due.is_empty() {
                self.report.ambiguous.push(Note {
                    line: node.line,
                    message: "a deadline in a multi-year plan was left in the prose (which year?)"
                        .into(),
                });
            }
        } else if let Some((_, when)) = due.iter().max_by_key(|(month, _)| *month) {
            out.push_str(&format!("{pad}  时限 {when}\n"));
            self.report.deadlines += 1;
        }
        for child in &node.children {
            self.item(child, indent + 1, out);
        }
        out.push_str(&format!("{pad}}}\n"));
    }

    fn goals(&mut self, text: &str, line: usize, out: &mut String) {
        let body = text
            .strip_prefix("主要目标是：")
            .or_else(|| text.strip_prefix("主要目标："))
            .or_else(|| text.strip_prefix("主要目标"))
            .unwrap_or(text);
        if !text.starts_with("主要目标是：") {
            self.report.ambiguous.push(Note {
                line,
                message:
                    "the goals paragraph will open with 主要目标是： in the regenerated document"
                        .into(),
            });
        }
        let first_dash = body.find("——");
        let (intro, rest) = match first_dash.and_then(|dash| body[..dash].rfind(['。', '：'])) {
            Some(end) => {
                let mark = body[end..].chars().next().map_or(0, char::len_utf8);
                (&body[..end + mark], &body[end + mark..])
            }
            None => ("", body),
        };
        let entries: Vec<&str> = rest.trim_end_matches('。').split('；').collect();
        let structured = first_dash.is_some() && entries.iter().all(|e| e.contains("——"));
        if !structured {
            out.push_str(&format!(
                "主要目标 \"{}\" {{\n}}\n\n",
                self.prose_only(body, line, "goals paragraph")
            ));
            return;
        }
        if intro.is_empty() {
            out.push_str("主要目标 {\n");
        } else {
            out.push_str(&format!(
                "主要目标 \"{}\" {{\n",
                self.prose_only(intro, line, "goals paragraph")
            ));
        }
        for entry in entries {
            let Some((title, text)) = entry.split_once("——") else {
                continue;
            };
            let id = self.names.fresh(&id_from_title(title, 10));
            self.report.goals += 1;
            out.push_str(&format!("  目标 {id} \"{}\" {{\n", escape(title)));
            let (prose, targets) = self.bind(text, line);
            out.push_str(&format!("    正文 \"{prose}\"\n"));
            for target in &targets {
                out.push_str(&format!("    {}\n", target.statement()));
            }
            out.push_str("  }\n");
        }
        out.push_str("}\n\n");
    }
}

/// Imports the blocks of a document.
pub fn import(blocks: &[Block], options: &Options) -> Result<Imported, ImportError> {
    let mut report = Report::default();
    let mut doc = structure(blocks, &mut report)?;
    if let Some(rows) = &options.table {
        apply_table(&mut doc, rows, &mut report)?;
    }
    let period = period_of(&doc, options.year);
    let (first, last) = match period {
        Some(p) => p,
        None => {
            return Err(ImportError::NotAPlan(
                "the document names no year (e.g. `2020年` in its title); give it with `--year`"
                    .into(),
            ));
        }
    };
    let mut builder = Builder {
        names: Names::default(),
        owners: Vec::new(),
        owner_ids: HashMap::new(),
        units: Vec::new(),
        baselines: Vec::new(),
        report: &mut report,
        multi_year: first != last,
    };
    // Owner names first, so that they keep their own names as identifiers.
    for section in &doc.sections {
        let mut stack: Vec<&Node> = section.items.iter().collect();
        while let Some(node) = stack.pop() {
            for name in node.lead.iter().chain(&node.support) {
                builder.owner(name);
            }
            for (text, _) in &node.texts {
                let fields = if is_owner_line(text) {
                    owner_fields(text)
                } else {
                    owner_note(text)
                };
                if let Some((lead, support, _)) = fields {
                    for name in lead.iter().chain(&support) {
                        builder.owner(name);
                    }
                }
            }
            stack.extend(node.children.iter());
        }
    }
    let title = if doc.title.is_empty() {
        options.source_name.clone()
    } else {
        doc.title.clone()
    };
    let mut header = String::new();
    header.push_str(&format!(
        "// 由 planc import 从《{}》生成的草稿：请核对各指标的名称、责任单位与时限。\n\n",
        options.source_name.replace('\n', " ")
    ));
    header.push_str(&format!("计划 \"{}\" {{\n", escape(&title)));
    if first == last {
        header.push_str(&format!("  期间 {first}\n"));
    } else {
        header.push_str(&format!("  期间 {first}-01-01 .. {last}-12-31\n"));
    }
    if let Some(numbering) = numbering_of(&doc) {
        header.push_str(&numbering);
    }
    let preamble: Vec<String> = doc
        .preamble
        .iter()
        .map(|(text, line)| builder.prose_only(text, *line, "preamble"))
        .collect();
    for paragraph in preamble {
        header.push_str(&format!("  导言 \"{paragraph}\"\n"));
    }
    header.push_str("}\n\n");
    let mut goals = String::new();
    if let Some((text, line)) = &doc.goals {
        builder.goals(text, *line, &mut goals);
    }
    let mut section_texts: Vec<(String, String)> = Vec::new();
    for (n, section) in doc.sections.iter().enumerate() {
        builder.report.sections += 1;
        let id = builder.names.fresh(&id_from_title(&section.title, 6));
        let mut out = format!("部分 {id} \"{}\" {{\n", escape(&section.title));
        for (text, line) in &section.texts {
            let prose = builder.prose_only(text, *line, "section's opening paragraph");
            out.push_str(&format!("  正文 \"{prose}\"\n"));
        }
        for item in &section.items {
            builder.item(item, 1, &mut out);
        }
        out.push_str("}\n");
        let _ = section.line;
        section_texts.push((format!("{:02}-{id}.plan", n + 1), out));
    }
    // Declarations.
    let mut declarations = String::new();
    if !builder.units.is_empty() {
        declarations.push_str(&format!("计量单位 {}\n\n", builder.units.join(" ")));
    }
    for (id, name) in &builder.baselines {
        declarations.push_str(&format!("基线 {id} \"{}\" 上年实际 %\n", escape(name)));
    }
    if !builder.baselines.is_empty() {
        declarations.push('\n');
    }
    let mut by_kind: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for name in &builder.owners {
        let id = builder.owner_ids.get(name).cloned().unwrap_or_default();
        let line = if id == *name {
            id
        } else {
            format!("{id} \"{}\"", escape(name))
        };
        by_kind.entry(owner_kind(name)).or_default().push(line);
    }
    for kind in ["部门", "辖区", "机构"] {
        if let Some(lines) = by_kind.get(kind) {
            for line in lines {
                declarations.push_str(&format!("{kind} {line}\n"));
            }
            declarations.push('\n');
        }
    }
    builder.report.owners = builder.owners.len();
    builder.report.units = builder.units.clone();
    let mut files = Vec::new();
    match &options.split {
        None => {
            let mut text = header + &declarations + &goals;
            for (_, section) in &section_texts {
                text.push_str(section);
                text.push('\n');
            }
            files.push((String::new(), format_plan(&text)?));
        }
        Some(folder) => {
            let mut text = header + &declarations + &goals;
            for (name, section) in &section_texts {
                text.push_str(&format!("引入 \"{folder}/{name}\"\n"));
                let comment = format!(
                    "// 第{}部分\n\n",
                    crate::model::chinese_numeral(files.len() + 1)
                );
                files.push((
                    format!("{folder}/{name}"),
                    format_plan(&(comment + section))?,
                ));
            }
            files.insert(0, (String::new(), format_plan(&text)?));
        }
    }
    Ok(Imported { files, report })
}

fn format_plan(text: &str) -> Result<String, ImportError> {
    match crate::format::format_source(crate::source::FileId(0), text) {
        Ok(formatted) => Ok(formatted),
        Err(crate::format::FormatError::Syntax(diagnostics)) => Err(ImportError::Format(
            diagnostics
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
                .join("; "),
        )),
        Err(crate::format::FormatError::Unsafe(why)) => Err(ImportError::Format(why)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numerals() {
        assert_eq!(numeral_value("十一"), Some(11));
        assert_eq!(numeral_value("二十"), Some(20));
        assert_eq!(numeral_value("五十三"), Some(53));
        assert_eq!(numeral_value("六十"), Some(60));
        assert_eq!(numeral_value("一百零一"), Some(101));
        assert_eq!(numeral_value("十x"), None);
        assert_eq!(numeral_value("九百九十九"), Some(999));
        assert_eq!(numeral_value("一千"), Some(1000));
    }

    #[test]
    fn owner_lines() {
        let (lead, support, due) =
            owner_fields("牵头单位：市教育局；责任单位：市财政局、各辖市区政府；完成时限：6月底前")
                .expect("fields");
        assert_eq!(lead, ["市教育局"]);
        assert_eq!(support, ["市财政局", "各辖市区政府"]);
        assert_eq!(due, ["6月底前"]);
    }

    #[test]
    fn deadlines() {
        assert_eq!(deadlines_in("年内竣工16所")[0].1, "年内");
        assert_eq!(deadlines_in("6月底前完成")[0].1, "6月");
        assert_eq!(deadlines_in("第三季度完成")[0].1, "第三季度");
        assert!(deadlines_in("每季度召开1次").is_empty());
    }
}
