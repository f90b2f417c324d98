//! The built-in checklist templates (`templates/checklist.md.j2`, `templates/checklist.html.j2`)
//! written as code, so that a checklist of 100,000 checkboxes is appended to a string directly
//! instead of being converted to template values and interpreted. The output is byte for byte
//! that of the templates (`tests/templates.rs` renders both and compares them); a user's own
//! template in `--templates DIR` is still rendered by the template engine.

use super::{Checklist, ChecklistLabels};
use crate::emit::doc::templates::{html_escape_into, markdown_escape, markdown_inline};
use std::fmt::Write as _;

/// Appends one checklist as `checklist.md.j2` renders it; `first` is whether it is the first of
/// the lists rendered together (the others are preceded by a rule).
pub fn markdown(out: &mut String, list: &Checklist, labels: &ChecklistLabels, first: bool) {
    if !first {
        out.push_str("\n---\n\n");
    }
    let _ = write!(
        out,
        "# {}{}\n\n{} · {} {} · {} {} · {} {}",
        markdown_inline(&list.owner_name),
        labels.title_suffix,
        markdown_escape(&list.plan_title),
        labels.leads,
        list.leads,
        labels.supports,
        list.supports,
        labels.tasks,
        list.tasks
    );
    if !list.as_of.is_empty() {
        let _ = write!(
            out,
            " · {} {}：{} {}，{} {}",
            labels.as_of, list.as_of, labels.overdue, list.overdue, labels.due_soon, list.due_soon
        );
    }
    out.push('\n');
    for bucket in &list.buckets {
        let _ = write!(out, "\n## {}\n\n", markdown_inline(&bucket.label));
        for entry in &bucket.entries {
            let _ = write!(
                out,
                "- [ ] {} 〔{}〕",
                markdown_inline(&entry.text),
                entry.role
            );
            if !entry.due.is_empty() {
                let _ = write!(out, " {}：{}", labels.due, entry.due);
            }
            if !entry.date.is_empty() && entry.date != entry.due {
                let _ = write!(out, "（{}）", entry.date);
            }
            if !entry.status.is_empty() {
                let _ = write!(out, " **{}**", entry.status_label);
            }
            out.push('\n');
            for target in &entry.targets {
                let _ = writeln!(out, "  - {}", markdown_inline(target));
            }
        }
    }
}

/// The start of `checklist.html.j2`, up to `<body>`: `count` checklists follow, the first of them
/// `first` (the title names its owner when there is only one).
pub fn html_head(
    out: &mut String,
    count: usize,
    first: Option<&Checklist>,
    labels: &ChecklistLabels,
) {
    out.push_str(HTML_START);
    if count == 1
        && let Some(list) = first
    {
        html_escape_into(out, &list.owner_name);
        html_escape_into(out, &labels.title_suffix);
        out.push_str(" · ");
    }
    if let Some(list) = first {
        html_escape_into(out, &list.plan_title);
    }
    out.push_str(HTML_STYLE);
}

/// One checklist as the loop body of `checklist.html.j2` renders it.
pub fn html(out: &mut String, list: &Checklist, labels: &ChecklistLabels) {
    let text = |out: &mut String, text: &str| html_escape_into(out, text);
    out.push_str("<section class=\"owner\" id=\"owner-");
    text(out, &list.owner_id);
    out.push_str("\">\n<h1>");
    text(out, &list.owner_name);
    text(out, &labels.title_suffix);
    out.push_str("</h1>\n<p class=\"summary\">");
    text(out, &list.plan_title);
    out.push_str(" · ");
    text(out, &labels.leads);
    let _ = write!(out, " {} · ", list.leads);
    text(out, &labels.supports);
    let _ = write!(out, " {} · ", list.supports);
    text(out, &labels.tasks);
    let _ = write!(out, " {}", list.tasks);
    if !list.as_of.is_empty() {
        out.push_str(" · ");
        text(out, &labels.as_of);
        out.push(' ');
        text(out, &list.as_of);
        out.push('：');
        text(out, &labels.overdue);
        let _ = write!(out, " {}，", list.overdue);
        text(out, &labels.due_soon);
        let _ = write!(out, " {}", list.due_soon);
    }
    out.push_str("</p>\n");
    for bucket in &list.buckets {
        out.push_str("<h2>");
        text(out, &bucket.label);
        out.push_str("</h2>\n<ul class=\"tasks\">\n");
        for entry in &bucket.entries {
            out.push_str("<li class=\"kind-");
            text(out, &entry.kind);
            if !entry.status.is_empty() {
                out.push(' ');
                text(out, &entry.status);
            }
            out.push_str("\">");
            text(out, &entry.text);
            out.push_str("<span class=\"role ");
            text(out, &entry.role_key);
            out.push_str("\">");
            text(out, &entry.role);
            out.push_str("</span>");
            if !entry.due.is_empty() {
                out.push_str("<span class=\"due\">");
                text(out, &labels.due);
                out.push('：');
                text(out, &entry.due);
                if !entry.date.is_empty() && entry.date != entry.due {
                    out.push('（');
                    text(out, &entry.date);
                    out.push('）');
                }
                out.push_str("</span>");
            }
            if !entry.status.is_empty() {
                out.push_str("<span class=\"status\">");
                text(out, &entry.status_label);
                out.push_str("</span>");
            }
            if !entry.targets.is_empty() {
                out.push_str("<ul class=\"targets\">\n");
                for target in &entry.targets {
                    out.push_str("<li>");
                    text(out, target);
                    out.push_str("</li>\n");
                }
                out.push_str("</ul>\n");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</section>\n");
}

/// The end of `checklist.html.j2`.
pub const HTML_END: &str = "</body>\n</html>\n";

/// `checklist.html.j2` up to the title's text.
const HTML_START: &str = "<!DOCTYPE html>
<html lang=\"zh-CN\">
<head>
<meta charset=\"utf-8\">
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">
<meta name=\"generator\" content=\"planc\">
<title>";

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
