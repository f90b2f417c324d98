//! Status reports: a table for the terminal, the 督查通报 (Markdown or HTML, as blocks shared by
//! both), a one-page HTML dashboard with inline SVG charts (no script), and JSON.

use super::status::{Counts, Rag, Status};
use super::syntax::Status as Reported;
use crate::emit::doc::Lang;
use crate::model::{ItemId, OwnerId, Plan, SectionId, TargetId, chinese_numeral};
use rust_decimal::Decimal;
use std::fmt::Write as _;
use unicode_width::UnicodeWidthStr;

/// One block of the 督查通报.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// The title.
    Title(String),
    /// The line under the title.
    Subtitle(String),
    /// A heading: 一、总体情况.
    Heading(String),
    /// A paragraph.
    Paragraph(String),
    /// A table: header and rows.
    Table(Vec<String>, Vec<Vec<String>>),
}

fn pct(value: Decimal) -> String {
    let mut out = String::new();
    write_pct(&mut out, value);
    out
}

/// A share as the tables show it (`12.5%`), onto `out`.
fn write_pct(out: &mut String, value: Decimal) {
    let _ = write!(out, "{}%", value.round_dp(1).normalize());
}

pub(crate) fn opt_pct(value: Option<Decimal>) -> String {
    value.map(pct).unwrap_or_else(|| "—".to_string())
}

/// How an item moved between two days, for people: `推进中 → 滞后, 15% → 58%, green → amber`.
pub(crate) fn moved(
    status: (Reported, Reported),
    complete: (Option<Decimal>, Option<Decimal>),
    rag: (Rag, Rag),
) -> String {
    format!(
        "{} → {}, {} → {}, {} → {}",
        status.0.zh(),
        status.1.zh(),
        opt_pct(complete.0),
        opt_pct(complete.1),
        rag.0.name(),
        rag.1.name()
    )
}

fn date_zh(date: jiff::civil::Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

pub(crate) fn item_label(plan: &Plan, item: ItemId) -> String {
    let i = &plan.items[item];
    format!("{}{}", i.number, i.title)
}

pub(crate) fn lead_name(plan: &Plan, item: ItemId) -> String {
    plan.items[item]
        .lead
        .as_ref()
        .map(|lead| {
            lead.owners
                .iter()
                .map(|&o| plan.owners[o].display.as_str())
                .collect::<Vec<_>>()
                .join("、")
        })
        .unwrap_or_default()
}

fn group_number(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (position, c) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn number(value: Decimal) -> String {
    let value = value.normalize();
    if value.fract().is_zero() && value.abs() < Decimal::from(1_000_000_000_000u64) {
        let whole = value.trunc().to_string();
        match whole.parse::<usize>() {
            Ok(n) => group_number(n),
            Err(_) => whole,
        }
    } else {
        value.to_string()
    }
}

/// The unit of a target as written in the plan (`个`, `％`).
fn unit_written(plan: &Plan, target: TargetId) -> String {
    match Some(&plan.targets[target].kind) {
        Some(crate::model::TargetKind::Value { value, .. }) => value.unit_written.to_string(),
        Some(crate::model::TargetKind::Range { high, .. }) => high.unit_written.to_string(),
        _ => String::new(),
    }
}

fn status_counts(counts: &Counts) -> String {
    Reported::ALL
        .iter()
        .zip(counts.by_status.iter())
        .filter(|(_, n)| **n > 0)
        .map(|(s, n)| format!("{}{n}项", s.zh()))
        .collect::<Vec<_>>()
        .join("，")
}

/// The summary of the whole plan: its items by reported status and by RAG, and the mean per cent
/// complete against the mean 序时进度; in Chinese for the 督查通报, in English for the terminal.
fn summary(total: &Counts, lang: Lang) -> String {
    let items = total.total();
    let statuses = status_counts(total);
    let [red, amber, green] = total.by_rag;
    let complete = pct(total.mean_complete());
    let schedule = pct(total.mean_schedule());
    match lang {
        Lang::Zh => format!(
            "全部{items}项工作任务中，{statuses}。按序时进度评估，红色预警{red}项，黄色预警{amber}项，绿色{green}项；平均完成进度{complete}，平均序时进度{schedule}。"
        ),
        Lang::En => format!(
            "{items} items: {statuses}; red {red}, amber {amber}, green {green}; complete {complete} against 序时 {schedule}"
        ),
    }
}

/// The 督查通报 as blocks.
pub fn bulletin(plan: &Plan, status: &Status) -> Vec<Block> {
    let mut blocks = vec![
        Block::Title(format!("关于《{}》推进情况的督查通报", plan.title)),
        Block::Subtitle(format!(
            "（截至{}{}）",
            date_zh(status.as_of),
            if status.reports.is_empty() {
                "，尚无进展报送".to_string()
            } else {
                format!(
                    "，依据{}的进展报送",
                    status
                        .reports
                        .iter()
                        .map(|d| date_zh(*d))
                        .collect::<Vec<_>>()
                        .join("、")
                )
            }
        )),
    ];
    let total = &status.total;
    let mut heading = 0;
    let mut next_heading = |text: &str| {
        heading += 1;
        Block::Heading(format!("{}、{text}", chinese_numeral(heading)))
    };
    blocks.push(next_heading("总体情况"));
    blocks.push(Block::Paragraph(summary(total, Lang::Zh)));
    blocks.push(next_heading("滞后事项"));
    let behind: Vec<_> = status
        .items
        .iter()
        .filter(|i| i.rag != Rag::Green)
        .collect();
    if behind.is_empty() {
        blocks.push(Block::Paragraph("无红色、黄色预警事项。".to_string()));
    } else {
        blocks.push(Block::Paragraph(format!(
            "以下{}项工作任务进度落后于序时或逾期（红色：逾期或落后序时{}个百分点以上；黄色：落后序时{}个百分点以上、报送滞后或暂缓、节点逾期）。",
            behind.len(),
            super::status::RED_POINTS,
            super::status::AMBER_POINTS
        )));
        let rows = behind
            .iter()
            .map(|i| {
                vec![
                    i.rag.zh().to_string(),
                    item_label(plan, i.item),
                    lead_name(plan, i.item),
                    i.status.zh().to_string(),
                    opt_pct(i.complete),
                    pct(i.schedule),
                    if i.overdue {
                        format!("已逾期（{}）", i.finish)
                    } else {
                        i.finish.to_string()
                    },
                    i.problems.clone().unwrap_or_default(),
                ]
            })
            .collect();
        blocks.push(Block::Table(
            [
                "预警",
                "工作任务",
                "牵头单位",
                "状态",
                "完成进度",
                "序时进度",
                "完成时限",
                "存在问题",
            ]
            .map(String::from)
            .to_vec(),
            rows,
        ));
    }
    blocks.push(next_heading("指标完成情况"));
    let rows: Vec<Vec<String>> = status
        .targets
        .iter()
        .map(|t| {
            let target = &plan.targets[t.target];
            vec![
                target.metric.to_string(),
                plan.render_target(target),
                t.actual
                    .as_ref()
                    .map(|(_, shown)| shown.clone())
                    .unwrap_or_else(|| "未报送".to_string()),
                opt_pct(t.share),
                match t.met {
                    Some(true) => "已达成".to_string(),
                    Some(false) => "未达成".to_string(),
                    None => "—".to_string(),
                },
                t.projection
                    .map(|p| {
                        format!(
                            "按当前进度，至{}月{}日约{}{}",
                            t.deadline.month(),
                            t.deadline.day(),
                            number(p),
                            unit_written(plan, t.target)
                        )
                    })
                    .unwrap_or_default(),
            ]
        })
        .collect();
    blocks.push(Block::Table(
        ["指标", "目标值", "完成值", "完成比例", "达成情况", "预计"]
            .map(String::from)
            .to_vec(),
        rows,
    ));
    blocks.push(next_heading("逾期节点"));
    if status.late_milestones.is_empty() && status.late_occurrences.is_empty() {
        blocks.push(Block::Paragraph("无逾期节点。".to_string()));
    } else {
        let mut rows = Vec::new();
        for late in &status.late_milestones {
            {
                let milestone = &plan.milestones[late.milestone];
                rows.push(vec![
                    item_label(plan, milestone.item),
                    milestone.title.to_string(),
                    late.due.to_string(),
                    lead_name(plan, milestone.item),
                ]);
            }
        }
        for late in &status.late_occurrences {
            {
                let recurrence = &plan.recurrences[late.recurrence];
                rows.push(vec![
                    item_label(plan, recurrence.item),
                    format!("{}（第{}次）", recurrence.title, late.index),
                    late.due.to_string(),
                    lead_name(plan, recurrence.item),
                ]);
            }
        }
        blocks.push(Block::Table(
            ["工作任务", "节点", "应完成", "牵头单位"]
                .map(String::from)
                .to_vec(),
            rows,
        ));
    }
    blocks.push(next_heading("各单位推进情况"));
    blocks.push(counts_table(
        status.owners.iter().map(|c| {
            let owner = &plan.owners[OwnerId::from_index(c.index)];
            (owner.display.clone(), c)
        }),
        Some(plan),
    ));
    blocks.push(next_heading("各部分推进情况"));
    blocks.push(counts_table(
        status.sections.iter().map(|c| {
            let section = &plan.sections[SectionId::from_index(c.index)];
            (section.title.clone(), c)
        }),
        None,
    ));
    blocks
}

/// The part of the 督查通报 that compares with an earlier day: what advanced, what slipped.
pub fn changes_blocks(
    plan: &Plan,
    since: jiff::civil::Date,
    changes: &[super::status::Change],
) -> Vec<Block> {
    let mut blocks = vec![Block::Heading(format!("与{}相比", date_zh(since)))];
    let row = |c: &super::status::Change| {
        vec![
            item_label(plan, c.item),
            lead_name(plan, c.item),
            format!("{} → {}", c.status.0.zh(), c.status.1.zh()),
            format!("{} → {}", opt_pct(c.complete.0), opt_pct(c.complete.1)),
            format!("{} → {}", c.rag.0.zh(), c.rag.1.zh()),
        ]
    };
    let header = ["工作任务", "牵头单位", "状态", "完成进度", "预警"]
        .map(String::from)
        .to_vec();
    let slipped: Vec<Vec<String>> = changes.iter().filter(|c| c.slipped()).map(row).collect();
    let advanced: Vec<Vec<String>> = changes.iter().filter(|c| c.advanced()).map(row).collect();
    blocks.push(Block::Paragraph(format!(
        "{}项工作任务取得进展，{}项预警升级。",
        advanced.len(),
        slipped.len()
    )));
    if !slipped.is_empty() {
        blocks.push(Block::Paragraph("预警升级的事项：".to_string()));
        blocks.push(Block::Table(header.clone(), slipped));
    }
    if !advanced.is_empty() {
        blocks.push(Block::Paragraph("取得进展的事项：".to_string()));
        blocks.push(Block::Table(header, advanced));
    }
    blocks
}

/// What advanced and what slipped, for the terminal.
pub fn changes_human(
    plan: &Plan,
    since: jiff::civil::Date,
    changes: &[super::status::Change],
) -> String {
    let mut out = format!("\nsince {since}:\n");
    for change in changes.iter().filter(|c| c.slipped() || c.advanced()) {
        let _ = writeln!(
            out,
            "  {} {}: {}",
            if change.slipped() {
                "slipped "
            } else {
                "advanced"
            },
            clip(&item_label(plan, change.item), 30),
            moved(change.status, change.complete, change.rag)
        );
    }
    out
}

/// What advanced and what slipped, for tools.
pub fn changes_json(
    plan: &Plan,
    since: jiff::civil::Date,
    changes: &[super::status::Change],
) -> serde_json::Value {
    use serde_json::json;
    json!({
        "since": since.to_string(),
        "items": changes.iter().map(|c| {
            let item = &plan.items[c.item];
            json!({
                "id": item.id.as_str(),
                "advanced": c.advanced(),
                "slipped": c.slipped(),
                "status": [c.status.0.en(), c.status.1.en()],
                "complete": [c.complete.0.map(|v| v.to_string()), c.complete.1.map(|v| v.to_string())],
                "rag": [c.rag.0.name(), c.rag.1.name()],
            })
        }).collect::<Vec<_>>(),
    })
}

fn counts_table<'a>(
    rows: impl Iterator<Item = (String, &'a Counts)>,
    overdue_of: Option<&Plan>,
) -> Block {
    let mut header: Vec<String> = vec!["".to_string(), "事项".to_string()];
    header.extend(Reported::ALL.iter().map(|s| s.zh().to_string()));
    header.extend(["红", "黄", "绿", "完成进度", "序时进度"].map(String::from));
    if overdue_of.is_some() {
        header.push("逾期事项".to_string());
    }
    let rows = rows
        .map(|(name, counts)| {
            let mut row = vec![name, counts.total().to_string()];
            row.extend(counts.by_status.iter().map(|n| n.to_string()));
            row.extend(counts.by_rag.iter().map(|n| n.to_string()));
            row.push(pct(counts.mean_complete()));
            row.push(pct(counts.mean_schedule()));
            if let Some(plan) = overdue_of {
                row.push(
                    counts
                        .overdue
                        .iter()
                        .map(|&i| plan.items[i].number.to_string())
                        .collect::<Vec<_>>()
                        .join("、"),
                );
            }
            row
        })
        .collect();
    Block::Table(header, rows)
}

fn md_cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// The 督查通报 in Markdown.
pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    for block in blocks {
        match block {
            Block::Title(text) => {
                let _ = writeln!(out, "# {text}\n");
            }
            Block::Subtitle(text) | Block::Paragraph(text) => {
                let _ = writeln!(out, "{text}\n");
            }
            Block::Heading(text) => {
                let _ = writeln!(out, "## {text}\n");
            }
            Block::Table(header, rows) => {
                let _ = writeln!(
                    out,
                    "| {} |",
                    header
                        .iter()
                        .map(|h| md_cell(h))
                        .collect::<Vec<_>>()
                        .join(" | ")
                );
                let _ = writeln!(out, "|{}", "---|".repeat(header.len()));
                for row in rows {
                    let _ = writeln!(
                        out,
                        "| {} |",
                        row.iter()
                            .map(|c| md_cell(c))
                            .collect::<Vec<_>>()
                            .join(" | ")
                    );
                }
                out.push('\n');
            }
        }
    }
    out
}

/// Escapes text for HTML.
pub fn escape(text: &str) -> String {
    crate::emit::markup::escape(text, Some("&#39;"), |_| None)
}

const BULLETIN_CSS: &str = "body{font-family:'FangSong','STFangsong','Noto Serif CJK SC',serif;font-size:16pt;line-height:1.8;max-width:210mm;margin:2em auto;padding:0 2em}
h1{font-family:'FZXiaoBiaoSong-B05S','SimSun','Noto Serif CJK SC',serif;font-size:22pt;text-align:center;font-weight:normal;margin-bottom:0.2em}
.subtitle{text-align:center;font-family:'KaiTi','STKaiti',serif}
h2{font-family:'SimHei','Noto Sans CJK SC',sans-serif;font-size:16pt;font-weight:normal;margin:1em 0 0.3em}
p{text-indent:2em;margin:0.3em 0}
table{border-collapse:collapse;width:100%;font-size:11pt;line-height:1.4;margin:0.5em 0}
th,td{border:1px solid #444;padding:2px 4px;vertical-align:top}
th{background:#eee;font-weight:normal}
@media print{body{margin:0;max-width:none}}";

/// The 督查通报 as one HTML page in the layout of an official document.
pub fn html(blocks: &[Block]) -> String {
    let title = blocks
        .iter()
        .find_map(|b| match b {
            Block::Title(t) => Some(t.as_str()),
            _ => None,
        })
        .unwrap_or("");
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n{BULLETIN_CSS}\n</style>\n</head>\n<body>\n",
        escape(title)
    );
    for block in blocks {
        match block {
            Block::Title(text) => {
                let _ = writeln!(out, "<h1>{}</h1>", escape(text));
            }
            Block::Subtitle(text) => {
                let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", escape(text));
            }
            Block::Heading(text) => {
                let _ = writeln!(out, "<h2>{}</h2>", escape(text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(out, "<p>{}</p>", escape(text));
            }
            Block::Table(header, rows) => {
                out.push_str("<table>\n<tr>");
                for h in header {
                    let _ = write!(out, "<th>{}</th>", escape(h));
                }
                out.push_str("</tr>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for c in row {
                        let _ = write!(out, "<td>{}</td>", escape(c));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</table>\n");
            }
        }
    }
    out.push_str("</body>\n</html>\n");
    out
}

fn pad(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + width);
    push_padded(&mut out, text, width);
    out
}

/// `text` and spaces after it up to `width` columns, onto `out`.
fn push_padded(out: &mut String, text: &str, width: usize) {
    out.push_str(text);
    for _ in text.width()..width {
        out.push(' ');
    }
}

fn clip(text: &str, width: usize) -> String {
    let mut out = String::new();
    push_clipped(&mut out, text, width);
    out
}

/// `text` onto `out`, cut with `…` where it would reach `width` columns.
fn push_clipped(out: &mut String, text: &str, width: usize) {
    let start = out.len();
    let mut one = [0u8; 4];
    for c in text.chars() {
        let shown = out.get(start..).map_or(0, UnicodeWidthStr::width);
        if shown + UnicodeWidthStr::width(&*c.encode_utf8(&mut one)) > width.saturating_sub(1) {
            out.push('…');
            return;
        }
        out.push(c);
    }
}

/// A table for the terminal: the summary, then every item that is not green, then targets not met
/// and overdue checkpoints.
pub fn human(plan: &Plan, status: &Status) -> String {
    let mut out = String::new();
    let total = &status.total;
    let _ = writeln!(
        out,
        "{} — as of {} ({})",
        plan.title,
        status.as_of,
        if status.reports.is_empty() {
            "no progress reported".to_string()
        } else {
            format!(
                "reports {}",
                status
                    .reports
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    let _ = writeln!(out, "{}\n", summary(total, Lang::En));
    let _ = writeln!(
        out,
        "{} {} {} {} {} {} lead",
        pad("RAG", 5),
        pad("item", 34),
        pad("status", 8),
        pad("done", 7),
        pad("序时", 7),
        pad("due", 11),
    );
    // The rows of the items not green and the lines of the targets not met are most of a large
    // plan's table: the rows of the last items and the lines are written on another thread
    // meanwhile. The lines take about as long as the rows of two items in five (profiled at
    // 100,000 items), so this thread writes the rows of the first 70% and the two finish together.
    let cut = status.items.len() / 10 * 7;
    let rest = |out| item_rows(plan, &status.items[cut..], out);
    let (mut out, (rows, unmet)) = std::thread::scope(|scope| {
        let second = (status.items.len() >= PARALLEL_ROWS)
            .then(|| {
                std::thread::Builder::new()
                    .spawn_scoped(scope, || (rest(String::new()), unmet_lines(plan, status)))
                    .ok()
            })
            .flatten();
        let out = item_rows(plan, &status.items[..cut], out);
        let second = second
            .and_then(|thread| thread.join().ok())
            .unwrap_or_else(|| (rest(String::new()), unmet_lines(plan, status)));
        (out, second)
    });
    out.push_str(&rows);
    let green = status.items.iter().filter(|i| i.rag == Rag::Green).count();
    let _ = writeln!(out, "… and {green} green items\n");
    out.push_str(&unmet);
    for late in &status.late_milestones {
        {
            let m = &plan.milestones[late.milestone];
            let _ = writeln!(
                out,
                "overdue milestone: {} {} (due {})",
                m.id, m.title, late.due
            );
        }
    }
    for late in &status.late_occurrences {
        {
            let r = &plan.recurrences[late.recurrence];
            let _ = writeln!(
                out,
                "overdue occurrence: {} {} #{} (due {})",
                r.id, r.title, late.index, late.due
            );
        }
    }
    out
}

/// Tables of plans with at least this many items are written on two threads.
const PARALLEL_ROWS: usize = 20_000;

/// `out` followed by the table's row of every item of `items` that is not green.
fn item_rows(plan: &Plan, items: &[super::status::ItemStatus], mut out: String) -> String {
    // Written cell by cell into `out` (and one scratch string), not through a string per cell:
    // a large plan has a hundred thousand rows.
    let (mut label, mut cell) = (String::new(), String::new());
    for item in items.iter().filter(|i| i.rag != Rag::Green) {
        push_padded(&mut out, item.rag.name(), 5);
        out.push(' ');
        let i = &plan.items[item.item];
        label.clear();
        let _ = write!(label, "{}{}", i.number, i.title);
        cell.clear();
        push_clipped(&mut cell, &label, 34);
        push_padded(&mut out, &cell, 34);
        out.push(' ');
        push_padded(&mut out, item.status.zh(), 8);
        out.push(' ');
        cell.clear();
        match item.complete {
            Some(complete) => write_pct(&mut cell, complete),
            None => cell.push('—'),
        }
        push_padded(&mut out, &cell, 7);
        out.push(' ');
        cell.clear();
        write_pct(&mut cell, item.schedule);
        push_padded(&mut out, &cell, 7);
        out.push(' ');
        cell.clear();
        let _ = write!(cell, "{}", item.finish);
        if item.overdue {
            cell.push('!');
        }
        push_padded(&mut out, &cell, 11);
        out.push(' ');
        if let Some(lead) = &i.lead {
            for (n, &owner) in lead.owners.iter().enumerate() {
                if n > 0 {
                    out.push('、');
                }
                out.push_str(&plan.owners[owner].display);
            }
        }
        out.push('\n');
    }
    out
}

/// The lines of the targets not yet met, and a blank line after them.
fn unmet_lines(plan: &Plan, status: &Status) -> String {
    let mut out = String::new();
    let unmet: Vec<_> = status
        .targets
        .iter()
        .filter(|t| t.met == Some(false))
        .collect();
    if !unmet.is_empty() {
        let _ = writeln!(out, "targets not yet met:");
        for t in unmet {
            let target = &plan.targets[t.target];
            let _ = write!(
                out,
                "  {}: {} of {}",
                target.id,
                t.actual.as_ref().map(|(_, s)| s.as_str()).unwrap_or("—"),
                plan.render_target(target)
            );
            if let Some(share) = t.share {
                let _ = write!(out, " ({})", pct(share));
            }
            if let Some(projection) = t.projection {
                let _ = write!(
                    out,
                    "; at this pace {}{} of {} by {}",
                    number(projection),
                    unit_written(plan, t.target),
                    plan.render_target(target),
                    t.deadline
                );
            }
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// The status as JSON: items and targets are written straight from these records (a
/// `serde_json::Value` of 100,000 items took seconds to build), the small parts as values.
#[derive(Debug, serde::Serialize)]
pub struct StatusJson<'a> {
    plan: &'a str,
    as_of: String,
    reports: Vec<String>,
    total: serde_json::Value,
    items: Vec<ItemJson<'a>>,
    targets: Vec<TargetJson<'a>>,
    owners: Vec<serde_json::Value>,
    sections: Vec<serde_json::Value>,
    late_milestones: Vec<serde_json::Value>,
    late_occurrences: Vec<serde_json::Value>,
    burnup: Vec<serde_json::Value>,
    /// What advanced and what slipped, with `--since`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub changes: Option<serde_json::Value>,
}

#[derive(Debug, serde::Serialize)]
struct ItemJson<'a> {
    id: &'a str,
    number: &'a str,
    title: &'a str,
    status: &'static str,
    reported: Option<String>,
    complete: Option<String>,
    schedule: String,
    rag: &'static str,
    overdue: bool,
    start: String,
    finish: String,
    next_due: Option<String>,
    achieved: Option<&'a str>,
    problems: Option<&'a str>,
    next: Option<&'a str>,
}

#[derive(Debug, serde::Serialize)]
struct TargetJson<'a> {
    id: &'a str,
    item: Option<&'a str>,
    target: String,
    actual: Option<String>,
    actual_written: Option<&'a str>,
    share: Option<String>,
    met: Option<bool>,
    projection: Option<String>,
    deadline: String,
}

/// The status as JSON.
pub fn json<'a>(plan: &'a Plan, status: &'a Status) -> StatusJson<'a> {
    use serde_json::json;
    let counts = |c: &Counts| {
        let by_status: serde_json::Map<String, serde_json::Value> = Reported::ALL
            .iter()
            .zip(c.by_status.iter())
            .map(|(s, n)| (s.en().to_string(), json!(n)))
            .collect();
        json!({
            "items": c.total(),
            "by_status": by_status,
            "red": c.by_rag[0], "amber": c.by_rag[1], "green": c.by_rag[2],
            "complete": c.mean_complete().to_string(),
            "schedule": c.mean_schedule().to_string(),
            "overdue": c.overdue.iter().map(|&i| plan.items[i].id.as_str()).collect::<Vec<_>>(),
        })
    };
    // An owner's or a section's counts: the counts, then its id.
    let with_id = |c: &Counts, id: serde_json::Value| {
        let mut value = counts(c);
        value["id"] = id;
        value
    };
    StatusJson {
        plan: &plan.title,
        as_of: status.as_of.to_string(),
        reports: status.reports.iter().map(|d| d.to_string()).collect(),
        total: counts(&status.total),
        items: status
            .items
            .iter()
            .map(|i| {
                let item = &plan.items[i.item];
                ItemJson {
                    id: item.id.as_str(),
                    number: item.number.as_str(),
                    title: item.title.as_str(),
                    status: i.status.en(),
                    reported: i.reported.map(|d| d.to_string()),
                    complete: i.complete.map(|c| c.to_string()),
                    schedule: i.schedule.to_string(),
                    rag: i.rag.name(),
                    overdue: i.overdue,
                    start: i.start.to_string(),
                    finish: i.finish.to_string(),
                    next_due: i.next_due.map(|d| d.to_string()),
                    achieved: i.achieved.as_deref(),
                    problems: i.problems.as_deref(),
                    next: i.next.as_deref(),
                }
            })
            .collect(),
        targets: status
            .targets
            .iter()
            .map(|t| {
                let target = &plan.targets[t.target];
                TargetJson {
                    id: target.id.as_str(),
                    item: Some(plan.items[t.item].id.as_str()),
                    target: plan.render_target(target),
                    actual: t.actual.as_ref().map(|(v, _)| v.to_string()),
                    actual_written: t.actual.as_ref().map(|(_, s)| s.as_str()),
                    share: t.share.map(|s| s.to_string()),
                    met: t.met,
                    projection: t.projection.map(|p| p.to_string()),
                    deadline: t.deadline.to_string(),
                }
            })
            .collect(),
        owners: status
            .owners
            .iter()
            .map(|c| with_id(c, json!(plan.owners[OwnerId::from_index(c.index)].id)))
            .collect(),
        sections: status
            .sections
            .iter()
            .map(|c| with_id(c, json!(plan.sections[SectionId::from_index(c.index)].id)))
            .collect(),
        late_milestones: status
            .late_milestones
            .iter()
            .map(|l| {
                let m = &plan.milestones[l.milestone];
                json!({"id": m.id.as_str(), "due": l.due.to_string()})
            })
            .collect(),
        late_occurrences: status
            .late_occurrences
            .iter()
            .map(|l| {
                let r = &plan.recurrences[l.recurrence];
                json!({"id": r.id.as_str(), "index": l.index, "due": l.due.to_string()})
            })
            .collect(),
        burnup: status
            .burnup
            .iter()
            .map(|b| json!({"date": b.date.to_string(), "done": b.done, "planned": b.planned}))
            .collect(),
        changes: None,
    }
}

/// Horizontal bars: one row per label, a bar of per cent complete and a mark at 序时.
fn bars_svg(title: &str, rows: &[(String, Decimal, Decimal, Rag)]) -> String {
    let row_height = 22;
    let label_width = 220;
    let bar_width = 360;
    let height = 30 + rows.len() * row_height + 10;
    let width = label_width + bar_width + 70;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">\n<text x=\"0\" y=\"16\" class=\"title\">{}</text>\n",
        escape(title),
        escape(title)
    );
    for (position, (label, complete, schedule, rag)) in rows.iter().enumerate() {
        let y = 30 + position * row_height;
        let fraction = |v: &Decimal| {
            let v = (*v).clamp(Decimal::ZERO, Decimal::ONE_HUNDRED);
            (v * Decimal::from(bar_width) / Decimal::ONE_HUNDRED)
                .round()
                .to_string()
        };
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n<rect x=\"{label_width}\" y=\"{y}\" width=\"{bar_width}\" height=\"14\" fill=\"#eee\"/>\n<rect class=\"bar\" x=\"{label_width}\" y=\"{y}\" width=\"{}\" height=\"14\" fill=\"{}\"/>\n<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{}\" stroke=\"#000\" stroke-width=\"2\"/>\n<text x=\"{}\" y=\"{}\">{}</text>",
            label_width - 6,
            y + 12,
            escape(&clip(label, 20)),
            fraction(complete),
            rag.colour(),
            y - 2,
            y + 16,
            label_width + bar_width + 6,
            y + 12,
            pct(*complete),
            x = label_width + fraction(schedule).parse::<usize>().unwrap_or(0),
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// The bars of a list of counts (per section or per owner): the name, the mean per cent complete,
/// the mean 序时进度 and the colour.
fn count_bars(
    counts: &[Counts],
    name: impl Fn(usize) -> Option<String>,
) -> Vec<(String, Decimal, Decimal, Rag)> {
    counts
        .iter()
        .filter_map(|c| {
            Some((
                name(c.index)?,
                c.mean_complete(),
                c.mean_schedule(),
                counts_rag(c),
            ))
        })
        .collect()
}

fn counts_rag(counts: &Counts) -> Rag {
    if counts.by_rag[0] > 0 {
        Rag::Red
    } else if counts.by_rag[1] > 0 {
        Rag::Amber
    } else {
        Rag::Green
    }
}

fn burnup_svg(status: &Status) -> String {
    let (width, height) = (420usize, 220usize);
    let (left, bottom, top, right) = (40usize, 30usize, 30usize, 20usize);
    let points = &status.burnup;
    // The scale: the largest count drawn, at least 4, so that a few items done are visible.
    let total = points
        .iter()
        .map(|p| p.done.max(p.planned))
        .max()
        .unwrap_or(0)
        .max(4);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"燃尽（累计完成）\">\n<text x=\"0\" y=\"16\" class=\"title\">累计完成事项（实线）与计划完成（虚线）</text>\n<line x1=\"{left}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#444\"/>\n<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{}\" stroke=\"#444\"/>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{total}</text>\n<text x=\"{}\" y=\"{}\" text-anchor=\"end\">0</text>\n",
        height - bottom,
        width - right,
        height - bottom,
        height - bottom,
        left - 4,
        top + 4,
        left - 4,
        height - bottom
    );
    let plot_width = width - left - right;
    let plot_height = height - top - bottom;
    let x_of = |i: usize| {
        if points.len() <= 1 {
            left + plot_width / 2
        } else {
            left + i * plot_width / (points.len() - 1)
        }
    };
    let y_of = |n: usize| height - bottom - n.min(total) * plot_height / total;
    for (series, dash, colour) in [("done", "", "#1565c0"), ("planned", "6,4", "#888")] {
        let coordinates: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let n = if series == "done" { p.done } else { p.planned };
                format!("{},{}", x_of(i), y_of(n))
            })
            .collect();
        let _ = writeln!(
            svg,
            "<polyline class=\"{series}\" points=\"{}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2\" stroke-dasharray=\"{dash}\"/>",
            coordinates.join(" ")
        );
        for (i, p) in points.iter().enumerate() {
            let n = if series == "done" { p.done } else { p.planned };
            let _ = writeln!(
                svg,
                "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{colour}\"/>",
                x_of(i),
                y_of(n)
            );
        }
    }
    for (i, p) in points.iter().enumerate() {
        let _ = writeln!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}-{:02}</text><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" fill=\"#1565c0\">{}</text>",
            x_of(i),
            height - bottom + 16,
            p.date.month(),
            p.date.day(),
            x_of(i),
            y_of(p.done) - 6,
            p.done
        );
    }
    svg.push_str("</svg>\n");
    svg
}

const DASHBOARD_CSS: &str =
    "body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:16px;color:#222}
h1{font-size:20px;margin:0 0 4px}
.sub{color:#555;margin:0 0 12px}
.tiles{display:flex;gap:10px;flex-wrap:wrap;margin-bottom:12px}
.tile{border:1px solid #ccc;border-radius:4px;padding:6px 12px;min-width:80px}
.tile b{display:block;font-size:22px}
.red b{color:#c62828}.amber b{color:#ef8f00}.green b{color:#2e7d32}
.grid{display:flex;flex-wrap:wrap;gap:16px}
svg.chart text{font-size:12px}
svg.chart text.title{font-size:14px;font-weight:bold}
table{border-collapse:collapse;font-size:12px}
td,th{border:1px solid #ccc;padding:2px 6px}";

/// The one-page dashboard: tiles, progress bars per section and owner (bar = per cent complete,
/// black mark = 序时), actual-vs-target bars and a burn-up over the reporting dates, all inline SVG.
pub fn dashboard(plan: &Plan, status: &Status) -> String {
    let total = &status.total;
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{} 推进情况</title>\n<style>\n{DASHBOARD_CSS}\n</style>\n</head>\n<body>\n<h1>{} 推进情况</h1>\n<p class=\"sub\">截至{}；序时进度为已过工作日占计划工作日的比例；条形为完成进度，黑线为序时进度</p>\n<div class=\"tiles\">\n",
        escape(&plan.title),
        escape(&plan.title),
        date_zh(status.as_of)
    );
    let _ = writeln!(
        out,
        "<div class=\"tile\"><b>{}</b>事项</div>",
        total.total()
    );
    for (s, n) in Reported::ALL.iter().zip(total.by_status.iter()) {
        let _ = writeln!(out, "<div class=\"tile\"><b>{n}</b>{}</div>", s.zh());
    }
    for (r, n) in Rag::ALL.iter().zip(total.by_rag.iter()) {
        let _ = writeln!(
            out,
            "<div class=\"tile {}\"><b>{n}</b>{}色</div>",
            r.name(),
            r.zh()
        );
    }
    out.push_str("</div>\n<div class=\"grid\">\n");
    let sections = count_bars(&status.sections, |index| {
        Some(plan.sections[SectionId::from_index(index)].title.clone())
    });
    out.push_str(&bars_svg("各部分完成进度", &sections));
    let owners = count_bars(&status.owners, |index| {
        Some(plan.owners[OwnerId::from_index(index)].display.clone())
    });
    out.push_str(&bars_svg("各单位完成进度", &owners));
    // Each item's 序时进度, looked up once per target (not by a search of all items per target).
    let mut schedule_of = std::collections::HashMap::new();
    for item in &status.items {
        schedule_of.entry(item.item).or_insert(item.schedule);
    }
    let targets: Vec<_> = status
        .targets
        .iter()
        .filter_map(|t| {
            let share = t.share?;
            let target = &plan.targets[t.target];
            let schedule = schedule_of.get(&t.item).copied().unwrap_or(Decimal::ZERO);
            let rag = if t.met == Some(true) {
                Rag::Green
            } else if schedule - share > Decimal::from(super::status::AMBER_POINTS) {
                Rag::Amber
            } else {
                Rag::Green
            };
            Some((target.metric.to_string(), share, schedule, rag))
        })
        .collect();
    out.push_str(&bars_svg("指标完成比例（实际/目标）", &targets));
    out.push_str(&burnup_svg(status));
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

/// The 督查通报 as a Word document, its tables real Word tables ([`super::docx`]).
pub fn docx(blocks: &[Block]) -> Result<Vec<u8>, String> {
    super::docx::docx(blocks)
}
