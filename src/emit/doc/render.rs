//! The built-in document templates (`templates/doc.md.j2`, `templates/doc.html.j2`) written as
//! code, so that a document of 100,000 items is appended to a string directly instead of being
//! converted to template values and interpreted. The output is byte for byte that of the
//! templates (`tests/templates.rs` renders both and compares them); a user's own template in
//! `--templates DIR` is still rendered by the template engine.

use super::templates::{
    HTML_HEAD, html_escape_into, markdown_cell, markdown_escape, markdown_inline,
};
use super::{DocItem, Document};
use std::fmt::Write as _;

/// The document as `doc.md.j2` renders it.
pub fn markdown(doc: &Document) -> String {
    let mut out = String::new();
    let paragraph = |out: &mut String, text: &str| {
        out.push_str(&markdown_escape(text));
        out.push_str("\n\n");
    };
    let _ = write!(out, "# {}\n\n", markdown_inline(&doc.title));
    for text in &doc.preamble {
        paragraph(&mut out, text);
    }
    if let Some(goals) = &doc.goals {
        paragraph(&mut out, &goals.paragraph);
    }
    for text in &doc.goals_texts {
        paragraph(&mut out, text);
    }
    for section in &doc.sections {
        if !section.heading.is_empty() {
            let _ = write!(out, "## {}\n\n", markdown_inline(&section.heading));
        }
        for text in &section.texts {
            paragraph(&mut out, text);
        }
        if doc.table_headings.is_empty() {
            for item in &section.items {
                markdown_item(&mut out, item);
            }
        } else {
            markdown_table(&mut out, &doc.table_headings, &section.table);
        }
    }
    if let Some(signature) = &doc.signature {
        paragraph(&mut out, &signature.office);
        if !signature.date.is_empty() {
            paragraph(&mut out, &signature.date);
        }
    }
    if let Some(rows) = doc.annex.as_ref().filter(|rows| !rows.is_empty()) {
        let labels = &doc.labels;
        out.push_str("---\n\n");
        paragraph(&mut out, &labels.annex);
        let _ = write!(
            out,
            "## {}\n\n| {} | {} | {} | {} | {} |\n|---|---|---|---|---|\n",
            markdown_inline(&labels.annex_title),
            labels.col_number,
            labels.col_task,
            labels.col_lead,
            labels.col_owners,
            labels.col_due
        );
        for row in rows {
            if row.section {
                let _ = writeln!(
                    out,
                    "| {} | **{}** | | | |",
                    markdown_cell(&row.number),
                    markdown_cell(&row.task)
                );
            } else {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} |",
                    markdown_cell(&row.number),
                    markdown_cell(&row.task),
                    markdown_cell(&row.lead),
                    markdown_cell(&row.owners),
                    markdown_cell(&row.due)
                );
            }
        }
    }
    out
}

/// A section's items as the table the plan is (`表格`): a heading row, then a row per item.
fn markdown_table(out: &mut String, headings: &[String], rows: &[Vec<String>]) {
    out.push('|');
    for heading in headings {
        let _ = write!(out, " {} |", markdown_cell(heading));
    }
    out.push_str("\n|");
    for _ in headings {
        out.push_str("---|");
    }
    out.push('\n');
    for row in rows {
        out.push('|');
        for cell in row {
            let _ = write!(out, " {} |", markdown_cell(cell));
        }
        out.push('\n');
    }
    out.push('\n');
}

/// An item and its sub-items, as the recursive loop of `doc.md.j2` renders them.
fn markdown_item(out: &mut String, item: &DocItem) {
    let (first, rest) = item.paragraphs.split_first().unwrap_or((&EMPTY, &[]));
    let _ = write!(
        out,
        "**{}{}**{}{}\n\n",
        markdown_inline(&item.number),
        markdown_inline(&item.title_run_in),
        item.title_end,
        markdown_inline(first)
    );
    for text in rest {
        out.push_str(&markdown_escape(text));
        out.push_str("\n\n");
    }
    for child in &item.children {
        markdown_item(out, child);
    }
}

/// An item without paragraphs reads as one with an empty paragraph.
static EMPTY: String = String::new();

/// The document as `doc.html.j2` renders it.
pub fn html(doc: &Document) -> String {
    let mut out = String::new();
    let text = |out: &mut String, text: &str| html_escape_into(out, text);
    let paragraph = |out: &mut String, body: &str| {
        out.push_str("<p>");
        html_escape_into(out, body);
        out.push_str("</p>\n");
    };
    out.push_str(HTML_HEAD);
    if let Some(org) = doc.org.as_deref().filter(|org| !org.is_empty()) {
        out.push_str("<meta name=\"author\" content=\"");
        text(&mut out, org);
        out.push_str("\">\n");
    }
    out.push_str("<title>");
    text(&mut out, &doc.title);
    out.push_str("</title>\n");
    out.push_str(HTML_STYLE);
    out.push_str("</head>\n<body>\n<h1 class=\"title\">");
    text(&mut out, &doc.title);
    out.push_str("</h1>\n");
    for body in &doc.preamble {
        paragraph(&mut out, body);
    }
    if let Some(goals) = &doc.goals {
        out.push_str("<p class=\"goals\">");
        text(&mut out, &goals.paragraph);
        out.push_str("</p>\n");
    }
    for body in &doc.goals_texts {
        paragraph(&mut out, body);
    }
    for section in &doc.sections {
        if !section.heading.is_empty() {
            out.push_str("<h2 id=\"section-");
            text(&mut out, &section.number);
            out.push_str("\">");
            text(&mut out, &section.heading);
            out.push_str("</h2>\n");
        }
        for body in &section.texts {
            paragraph(&mut out, body);
        }
        if doc.table_headings.is_empty() {
            for item in &section.items {
                html_item(&mut out, doc, item);
            }
        } else {
            out.push_str("<table class=\"plan\">\n<thead>\n<tr>");
            for heading in &doc.table_headings {
                out.push_str("<th>");
                text(&mut out, heading);
                out.push_str("</th>");
            }
            out.push_str("</tr>\n</thead>\n<tbody>\n");
            for row in &section.table {
                out.push_str("<tr>");
                for cell in row {
                    out.push_str("<td>");
                    text(&mut out, cell);
                    out.push_str("</td>");
                }
                out.push_str("</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n");
        }
    }
    if let Some(signature) = &doc.signature {
        out.push_str("<p class=\"signature\">");
        text(&mut out, &signature.office);
        if !signature.date.is_empty() {
            out.push_str("<br>");
            text(&mut out, &signature.date);
        }
        out.push_str("</p>\n");
    }
    if let Some(rows) = doc.annex.as_ref().filter(|rows| !rows.is_empty()) {
        let labels = &doc.labels;
        out.push_str("<section class=\"annex\">\n<p class=\"marker\">");
        text(&mut out, &labels.annex);
        out.push_str("</p>\n<h2>");
        text(&mut out, &labels.annex_title);
        out.push_str("</h2>\n<table>\n<colgroup><col class=\"number\"><col class=\"task\"><col class=\"lead\"><col class=\"owners\"><col class=\"due\"></colgroup>\n<thead>\n<tr>");
        for label in [
            &labels.col_number,
            &labels.col_task,
            &labels.col_lead,
            &labels.col_owners,
            &labels.col_due,
        ] {
            out.push_str("<th>");
            text(&mut out, label);
            out.push_str("</th>");
        }
        out.push_str("</tr>\n</thead>\n<tbody>\n");
        for row in rows {
            if row.section {
                out.push_str("<tr class=\"section\"><td colspan=\"5\">");
                text(&mut out, &row.task);
                out.push_str("</td></tr>\n");
            } else {
                out.push_str("<tr><td class=\"number\">");
                text(&mut out, &row.number);
                out.push_str("</td><td>");
                text(&mut out, &row.task);
                out.push_str("</td><td>");
                text(&mut out, &row.lead);
                out.push_str("</td><td>");
                text(&mut out, &row.owners);
                out.push_str("</td><td class=\"due\">");
                text(&mut out, &row.due);
                out.push_str("</td></tr>\n");
            }
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// An item and its sub-items, as the recursive loop of `doc.html.j2` renders them.
fn html_item(out: &mut String, doc: &Document, item: &DocItem) {
    let owners = doc.show_owners && !item.owners_note.is_empty();
    let owners_note = |out: &mut String| {
        out.push_str("<span class=\"owners\">");
        html_escape_into(out, &item.owners_note);
        out.push_str("</span>");
    };
    let _ = write!(out, "<p class=\"item level-{}\" id=\"item-", item.level);
    html_escape_into(out, &item.id);
    out.push_str("\"><span class=\"run-in\">");
    html_escape_into(out, &item.number);
    html_escape_into(out, &item.title_run_in);
    html_escape_into(out, &item.title_end);
    out.push_str("</span>");
    if let Some(first) = item.texts.first() {
        html_escape_into(out, first);
    }
    if owners && item.texts.len() <= 1 {
        owners_note(out);
    }
    out.push_str("</p>\n");
    let rest = item.texts.get(1..).unwrap_or_default();
    for (index, body) in rest.iter().enumerate() {
        let _ = write!(out, "<p class=\"item-text level-{}\">", item.level);
        html_escape_into(out, body);
        if owners && index + 1 == rest.len() {
            owners_note(out);
        }
        out.push_str("</p>\n");
    }
    if doc.show_owners {
        for line in &item.owner_lines {
            let _ = write!(out, "<p class=\"item-text owners level-{}\">", item.level);
            html_escape_into(out, line);
            out.push_str("</p>\n");
        }
    }
    for child in &item.children {
        html_item(out, doc, child);
    }
}

/// The style sheet of `doc.html.j2`.
const HTML_STYLE: &str = r##"<style>
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {
    content: "— " counter(page) " —";
    font-family: "SimSun", "宋体", "Songti SC", "Noto Serif CJK SC", serif;
    font-size: 14pt;
  }
}
@page annex {
  size: A4 landscape;
  margin: 28mm 37mm 26mm 35mm;
}
:root {
  --body-font: "FangSong_GB2312", "仿宋_GB2312", "FangSong", "仿宋", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", serif;
  --title-font: "FZXiaoBiaoSong-B05S", "方正小标宋简体", "FZXiaoBiaoSong-B05", "SimSun", "Noto Serif CJK SC", serif;
  --heading-font: "SimHei", "黑体", "Heiti SC", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif;
  --kai-font: "KaiTi_GB2312", "楷体_GB2312", "KaiTi", "楷体", "STKaiti", "Noto Serif CJK SC", serif;
}
html { background: #e8e8e8; }
body {
  font-family: var(--body-font);
  font-size: 16pt;
  line-height: 28.95pt;
  color: #000;
  background: #fff;
  max-width: 156mm;
  margin: 2em auto;
  padding: 37mm 26mm 35mm 28mm;
  box-shadow: 0 0 6px rgba(0, 0, 0, 0.25);
}
p { margin: 0; text-indent: 2em; text-align: justify; }
h1.title {
  font-family: var(--title-font);
  font-size: 22pt;
  font-weight: normal;
  line-height: 1.5;
  text-align: center;
  margin: 0 0 28.95pt;
}
h2 {
  font-family: var(--heading-font);
  font-size: 16pt;
  font-weight: normal;
  margin: 0;
  text-indent: 2em;
  line-height: 28.95pt;
  break-after: avoid;
}
.run-in { font-family: var(--kai-font); }
.level-1 .run-in, .level-2 .run-in { font-family: var(--body-font); }
.level-1 .run-in { font-weight: bold; }
.owners { font-family: var(--kai-font); }
.signature { text-align: right; text-indent: 0; margin-right: 4em; }
.annex { break-before: page; page: annex; }
.annex .marker { font-family: var(--heading-font); text-indent: 0; }
.annex h2 {
  font-family: var(--title-font);
  font-size: 22pt;
  text-align: center;
  text-indent: 0;
  margin: 14pt 0;
  line-height: 1.5;
}
table { border-collapse: collapse; width: 100%; font-size: 12pt; line-height: 1.5; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; }
th { font-family: var(--heading-font); font-weight: normal; white-space: nowrap; }
col.number { width: 3.5em; }
col.lead { width: 9em; }
col.owners { width: 12em; }
col.due { width: 6em; }
td.number, td.due { text-align: center; white-space: nowrap; }
tr.section td { font-family: var(--heading-font); }
thead { display: table-header-group; }
tr { break-inside: avoid; }
@media print {
  html { background: none; }
  body { max-width: none; margin: 0; padding: 0; box-shadow: none; }
}
</style>
"##;
