//! The built-in checklist templates (`templates/checklist.md.j2`, `templates/checklist.html.j2`)
//! written as code: an owner's checkboxes ([`Lines`]) are written straight into the output,
//! without the strings of a [`super::Checklist`] or the template engine, so that a checklist of
//! 100,000 checkboxes costs little more than its text. The output is byte for byte that of the
//! templates (`tests/templates.rs` renders both and compares them); a user's own template in
//! `--templates DIR` is still rendered by the template engine.

use super::lines::{self, Line, Lines, Shared, Status, What};
use super::{ChecklistLabels, ChecklistOptions, bucket_id, bucket_of};
use crate::emit::doc::templates::{
    HTML_HEAD, html_escape_into, markdown_escape, markdown_inline_into,
};
use crate::model::{Plan, TargetId};
use std::fmt::Write as _;

/// What the checklists of one rendering share.
pub struct Page<'a> {
    /// The plan.
    pub plan: &'a Plan,
    /// What every owner's checklist reads.
    pub shared: &'a Shared,
    /// The options.
    pub options: &'a ChecklistOptions,
    /// The labels of the options' language.
    pub labels: &'a ChecklistLabels,
}

impl Page<'_> {
    fn owner_name(&self, lines: &Lines) -> &str {
        self.plan.owners[lines.owner].display.as_str()
    }

    fn owner_id(&self, lines: &Lines) -> &str {
        self.plan.owners[lines.owner].id.as_str()
    }

    /// The as-of day as `YYYY-MM-DD`, or empty.
    fn as_of(&self) -> String {
        self.options
            .as_of
            .map(|d| d.to_string())
            .unwrap_or_default()
    }

    /// Writes a checkbox's deadline and day into `due` and `day` (cleared first), as the
    /// templates read them: `entry.due` and `entry.date`.
    fn due_and_day(&self, line: &Line, due: &mut String, day: &mut String) {
        due.clear();
        day.clear();
        if let Some(date) = line.date {
            let _ = write!(day, "{date}");
        }
        match lines::due(self.plan, line) {
            Some(written) => due.push_str(written),
            None => due.push_str(day),
        }
    }

    /// The targets the checkbox lists (indices into [`Plan::targets`]): an item's, none for a
    /// milestone or an occurrence.
    fn targets(&self, line: &Line) -> impl Iterator<Item = TargetId> + use<'_> {
        let targets = match line.what {
            What::Item => self.plan.items[line.item].targets.as_slice(),
            _ => &[],
        };
        targets.iter().copied()
    }

    /// Writes a target as the checklist of `lines` shows it, through `escape`.
    fn target(&self, lines: &Lines, target: TargetId, escape: impl FnMut(&str)) {
        let lang = self.options.lang;
        lines::target(self.plan, self.shared, lines.owner, lang, target, escape);
    }
}

/// Appends one checklist as `checklist.md.j2` renders it; `first` is whether it is the first of
/// the lists rendered together (the others are preceded by a rule).
pub fn markdown(out: &mut String, page: &Page, lines: &Lines, first: bool) {
    let (plan, labels) = (page.plan, page.labels);
    if !first {
        out.push_str("\n---\n\n");
    }
    out.push_str("# ");
    markdown_inline_into(out, page.owner_name(lines));
    let _ = write!(
        out,
        "{}\n\n{} · {} {} · {} {} · {} {}",
        labels.title_suffix,
        markdown_escape(&plan.title),
        labels.leads,
        lines.leads,
        labels.supports,
        lines.supports,
        labels.tasks,
        lines.lines.len()
    );
    if page.options.as_of.is_some() {
        let _ = write!(
            out,
            " · {} {}：{} {}，{} {}",
            labels.as_of,
            page.as_of(),
            labels.overdue,
            lines.overdue,
            labels.due_soon,
            lines.due_soon
        );
        if page.options.progress.is_some() {
            let _ = write!(out, "，{} {}", labels.done, lines.done);
        }
    }
    out.push('\n');
    let (mut due, mut day) = (String::new(), String::new());
    by_date(
        out,
        page,
        lines,
        |out, label, _| {
            out.push_str("\n## ");
            markdown_inline_into(out, label);
            out.push_str("\n\n");
        },
        |out, line| {
            out.push_str(if line.status == Status::Done {
                "- [x] "
            } else {
                "- [ ] "
            });
            lines::text(plan, page.shared, page.options.lang, line, |piece| {
                markdown_inline_into(out, piece)
            });
            let _ = write!(out, " 〔{}〕", lines::role(line, labels));
            page.due_and_day(line, &mut due, &mut day);
            if !due.is_empty() {
                let _ = write!(out, " {}：{due}", labels.due);
            }
            if !day.is_empty() && day != due {
                let _ = write!(out, "（{day}）");
            }
            match line.status {
                Status::Open | Status::Done => {}
                Status::Overdue => {
                    let _ = write!(out, " **{}**", labels.overdue);
                }
                Status::Soon => {
                    let _ = write!(out, " **{}**", labels.due_soon);
                }
            }
            out.push('\n');
            for target in page.targets(line) {
                out.push_str("  - ");
                page.target(lines, target, |piece| markdown_inline_into(out, piece));
                out.push('\n');
            }
        },
    );
}

/// Writes the checkboxes of `lines` in the order they are listed: `heading` wherever the bucket
/// changes (with the bucket's label, and whether a bucket came before), `checkbox` for each.
///
/// The checkboxes are first written in plan order, into a buffer, and then copied out by date.
/// Written by date straight away, every checkbox would read its item from a different place in
/// the plan; a plan of 100,000 items outgrows the processor's cache, and those scattered reads
/// then cost more than writing the text twice.
fn by_date(
    out: &mut String,
    page: &Page,
    lines: &Lines,
    mut heading: impl FnMut(&mut String, &str, bool),
    mut checkbox: impl FnMut(&mut String, &Line),
) {
    let mut blocks = String::new();
    let mut ends = Vec::with_capacity(lines.lines.len());
    for line in &lines.lines {
        checkbox(&mut blocks, line);
        ends.push(blocks.len());
    }
    let mut current = None;
    for &index in &lines.by_date {
        let Some(line) = lines.lines.get(index) else {
            continue;
        };
        let id = bucket_id(line, page.options.by);
        if current != Some(id) {
            let (_, label) = bucket_of(line, page.options.by, page.options.lang, page.labels);
            heading(out, &label, current.is_some());
            current = Some(id);
        }
        let start = index
            .checked_sub(1)
            .and_then(|i| ends.get(i))
            .copied()
            .unwrap_or(0);
        let end = ends.get(index).copied().unwrap_or(start);
        out.push_str(blocks.get(start..end).unwrap_or_default());
    }
}

/// The start of `checklist.html.j2`, up to `<body>`: `count` checklists follow, the first of them
/// `first` (the title names its owner when there is only one).
pub fn html_head(
    out: &mut String,
    plan: &Plan,
    labels: &ChecklistLabels,
    count: usize,
    first: Option<&Lines>,
    options: &ChecklistOptions,
) {
    out.push_str(HTML_HEAD);
    out.push_str("<title>");
    if let Some(lines) = first {
        if count == 1 {
            let owner = &plan.owners[lines.owner];
            html_escape_into(out, owner.display.as_str());
            html_escape_into(out, &labels.title_suffix);
            out.push_str(" · ");
        }
        html_escape_into(out, &plan.title);
    }
    match options.progress {
        // Ticked checkboxes are drawn ticked; the style is only there when there are some.
        Some(_) => out.push_str(&HTML_STYLE.replacen("</style>", TICK_STYLE, 1)),
        None => out.push_str(HTML_STYLE),
    }
}

/// The style of ticked checkboxes, and the end of the style sheet.
const TICK_STYLE: &str = "li.done { color: #555; }
li.done::before { content: \"✓\"; font-size: 0.8em; line-height: 1.05em; text-align: center; color: #2e7d32; border-color: #2e7d32; }
li.done .status { color: #2e7d32; }
</style>";

/// One checklist as the loop body of `checklist.html.j2` renders it.
pub fn html(out: &mut String, page: &Page, lines: &Lines) {
    let (plan, labels) = (page.plan, page.labels);
    let text = |out: &mut String, text: &str| html_escape_into(out, text);
    out.push_str("<section class=\"owner\" id=\"owner-");
    text(out, page.owner_id(lines));
    out.push_str("\">\n<h1>");
    text(out, page.owner_name(lines));
    text(out, &labels.title_suffix);
    out.push_str("</h1>\n<p class=\"summary\">");
    text(out, &plan.title);
    out.push_str(" · ");
    text(out, &labels.leads);
    let _ = write!(out, " {} · ", lines.leads);
    text(out, &labels.supports);
    let _ = write!(out, " {} · ", lines.supports);
    text(out, &labels.tasks);
    let _ = write!(out, " {}", lines.lines.len());
    if page.options.as_of.is_some() {
        out.push_str(" · ");
        text(out, &labels.as_of);
        out.push(' ');
        text(out, &page.as_of());
        out.push('：');
        text(out, &labels.overdue);
        let _ = write!(out, " {}，", lines.overdue);
        text(out, &labels.due_soon);
        let _ = write!(out, " {}", lines.due_soon);
        if page.options.progress.is_some() {
            out.push('，');
            text(out, &labels.done);
            let _ = write!(out, " {}", lines.done);
        }
    }
    out.push_str("</p>\n");
    let (mut due, mut day) = (String::new(), String::new());
    let heading = |out: &mut String, label: &str, after: bool| {
        if after {
            out.push_str("</ul>\n");
        }
        out.push_str("<h2>");
        html_escape_into(out, label);
        out.push_str("</h2>\n<ul class=\"tasks\">\n");
    };
    by_date(out, page, lines, heading, |out, line| {
        let status = match line.status {
            Status::Open => None,
            Status::Overdue => Some(("overdue", &labels.overdue)),
            Status::Soon => Some(("soon", &labels.due_soon)),
            Status::Done => Some(("done", &labels.done)),
        };
        out.push_str("<li class=\"kind-");
        text(out, lines::kind(line));
        if let Some((key, _)) = status {
            out.push(' ');
            text(out, key);
        }
        out.push_str("\">");
        lines::text(plan, page.shared, page.options.lang, line, |piece| {
            html_escape_into(out, piece)
        });
        out.push_str("<span class=\"role ");
        text(out, lines::role_key(line));
        out.push_str("\">");
        text(out, lines::role(line, labels));
        out.push_str("</span>");
        page.due_and_day(line, &mut due, &mut day);
        if !due.is_empty() {
            out.push_str("<span class=\"due\">");
            text(out, &labels.due);
            out.push('：');
            text(out, &due);
            if !day.is_empty() && day != due {
                out.push('（');
                text(out, &day);
                out.push('）');
            }
            out.push_str("</span>");
        }
        if let Some((_, label)) = status {
            out.push_str("<span class=\"status\">");
            text(out, label);
            out.push_str("</span>");
        }
        if page.targets(line).next().is_some() {
            out.push_str("<ul class=\"targets\">\n");
            for target in page.targets(line) {
                out.push_str("<li>");
                page.target(lines, target, |piece| html_escape_into(out, piece));
                out.push_str("</li>\n");
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</li>\n");
    });
    if !lines.lines.is_empty() {
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The end of `checklist.html.j2`.
pub const HTML_END: &str = "</body>\n</html>\n";

/// `checklist.html.j2` from the end of the title to `<body>`.
const HTML_STYLE: &str = "</title>
<style>
@page { size: A4; margin: 20mm 18mm 20mm 20mm; @bottom-center { content: counter(page) \" / \" counter(pages); font-size: 9pt; } }
body { font-family: \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"Microsoft YaHei\", \"PingFang SC\", sans-serif; font-size: 11pt; line-height: 1.5; color: #111; max-width: 180mm; margin: 1.5em auto; padding: 0 1em; }
section.owner + section.owner { break-before: page; }
h1 { font-size: 17pt; margin: 0 0 0.2em; }
.summary { color: #444; margin: 0 0 1em; }
h2 { font-size: 13pt; border-bottom: 1px solid #999; margin: 1.2em 0 0.4em; break-after: avoid; }
ul.tasks { list-style: none; padding: 0; margin: 0; }
ul.tasks > li { position: relative; padding: 0.25em 0 0.25em 1.8em; border-bottom: 1px dotted #ccc; break-inside: avoid; }
ul.tasks > li::before { content: \"\"; position: absolute; left: 0.2em; top: 0.5em; width: 0.9em; height: 0.9em; border: 1.5px solid #222; border-radius: 2px; }
.role { font-size: 9pt; border: 1px solid #666; border-radius: 3px; padding: 0 0.3em; margin-left: 0.4em; white-space: nowrap; }
.role.lead { background: #222; color: #fff; border-color: #222; }
.due { color: #333; margin-left: 0.5em; white-space: nowrap; }
.status { font-weight: bold; margin-left: 0.5em; white-space: nowrap; }
li.overdue .status { color: #b00020; }
li.soon .status { color: #b35c00; }
li.overdue::before { border-color: #b00020; }
ul.targets { margin: 0.1em 0 0; padding-left: 1.2em; color: #333; font-size: 10pt; }
.kind-occurrence, .kind-milestone { color: #222; }
@media print { body { margin: 0; max-width: none; padding: 0; } }
</style>
</head>
<body>
";
