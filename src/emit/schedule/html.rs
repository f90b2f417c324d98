//! The schedule as one self-contained HTML page: an SVG Gantt chart with sections as groups,
//! milestones, recurring occurrences, dependency arrows, the critical path highlighted and, when
//! a "today" inside the period is given, a today-line. No scripts, no external resources.
//!
//! Layout: a table of two columns, the labels and the chart, with the months as its header row
//! and one body row per section. On screen the page scrolls as a whole; the label column is
//! sticky on the left and the months sticky on top, so the chart scrolls under them. In print
//! (A4 landscape) both columns shrink by one factor to the page width, the months repeat on
//! every page (a table header does) and a section is not split across pages when it fits on one.
//! Every part is drawn in one coordinate system; each section's SVG shows its band of rows
//! through its `viewBox`, so an arrow between sections is drawn in each band it crosses and
//! joins up on screen.

use super::util::{Filter, fit, one_line, owner_label, rows, xml};
use crate::model::{Arena, DependencyId, ItemId, MilestoneId, Node, Plan};
use crate::schedule::{Schedule, Slot};
use jiff::civil::Date;
use std::fmt::Write as _;

/// Height of a row.
const ROW: i64 = 22;
/// Width of the label column.
const LABEL: i64 = 420;
/// Width of the period on the chart.
const CHART: i64 = 1100;
/// Width of the chart column: the period and room for a diamond or an arrow head at its end.
const CHART_PANE: i64 = CHART + 20;
/// Top padding of the chart body.
const TOP: i64 = 4;
/// Height of the months header.
const HEAD: i64 = 24;
/// The label drawn on an ongoing bar.
pub const ONGOING_LABEL: &str = "全年推进";

/// Days from `from` to `to`.
fn days(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

/// The class of an item's bar and the word written on it, if any. Classes: `bar` (other work),
/// `bar crit` (critical), `bar ongoing` (ongoing work: no 工期, no 时段; drawn lighter and labelled
/// [`ONGOING_LABEL`] when it runs the whole period, `whole` being the first and last working days
/// any item runs on, or 持续推进 when it runs part of it). Ongoing work is never critical.
fn bar_style(slot: &Slot, whole: (Date, Date)) -> (&'static str, Option<&'static str>) {
    if slot.critical {
        ("bar crit", None)
    } else if slot.ongoing {
        let label = if (slot.start, slot.finish) == whole {
            ONGOING_LABEL
        } else {
            "持续推进"
        };
        ("bar ongoing", Some(label))
    } else {
        ("bar", None)
    }
}

enum Row<'a> {
    Section(&'a str),
    Item(ItemId),
    Milestone(MilestoneId),
}

/// Something drawn on the chart that spans rows: kept with its vertical extent so that each
/// section's SVG takes only what shows in its band.
struct Spanning {
    top: i64,
    bottom: i64,
    svg: String,
}

/// The schedule as a self-contained HTML page with an SVG Gantt chart. `today` draws a line when
/// it falls inside the period.
pub fn html(plan: &Plan, schedule: &Schedule, filter: &Filter, today: Option<Date>) -> String {
    let period = schedule.period;
    let total_days = (days(period.start, period.end) + 1).max(1);
    let x = |date: Date| days(period.start, date).clamp(0, total_days) * CHART / total_days;
    let x_end = |date: Date| x(date.tomorrow().unwrap_or(date));
    // The first and last working days anything runs on: an ongoing bar spanning them runs all
    // year (全年推进).
    let whole = (
        schedule
            .items
            .iter()
            .map(|s| s.early_start)
            .min()
            .unwrap_or(period.start),
        schedule
            .items
            .iter()
            .map(|s| s.late_finish)
            .max()
            .unwrap_or(period.end),
    );

    // Rows.
    let mut layout: Vec<Row> = Vec::new();
    let mut current_section = None;
    let mut item_row: Arena<ItemId, Option<usize>> = plan.items.iter().map(|_| None).collect();
    let mut milestone_row: Arena<MilestoneId, Option<usize>> =
        plan.milestones.iter().map(|_| None).collect();
    for (index, item, _) in rows(plan, schedule, filter) {
        if current_section != Some(item.section) {
            current_section = Some(item.section);
            layout.push(Row::Section(plan.sections[item.section].title.as_str()));
        }
        item_row[index] = Some(layout.len());
        layout.push(Row::Item(index));
        for (m, _, _) in filter.milestones(plan, schedule, item) {
            milestone_row[m] = Some(layout.len());
            layout.push(Row::Milestone(m));
        }
    }
    let row_y = |row: usize| TOP + row as i64 * ROW;
    // What each row draws in the label column, behind the chart and on it: one text per pane,
    // rows in order, `*_at[row]` where a row starts.
    let mut label = String::new();
    let mut back = String::new();
    let mut svg = String::new();
    let (mut label_at, mut back_at, mut svg_at) = (Vec::new(), Vec::new(), Vec::new());
    for (row, entry) in layout.iter().enumerate() {
        let y = row_y(row);
        label_at.push(label.len());
        back_at.push(back.len());
        svg_at.push(svg.len());
        let bars = &mut back;
        match entry {
            Row::Section(title) => {
                let _ = write!(
                    label,
                    r##"<rect class="section" x="0" y="{y}" width="{LABEL}" height="{ROW}"/><text class="section-title" x="6" y="{}">{}</text>"##,
                    y + 15,
                    xml(&fit(&one_line(title), 68))
                );
                let _ = write!(
                    bars,
                    r##"<rect class="section" x="0" y="{y}" width="{CHART_PANE}" height="{ROW}"/>"##
                );
            }
            _ if row % 2 == 0 => {
                let _ = write!(
                    label,
                    r##"<rect class="stripe" x="0" y="{y}" width="{LABEL}" height="{ROW}"/>"##
                );
                let _ = write!(
                    bars,
                    r##"<rect class="stripe" x="0" y="{y}" width="{CHART_PANE}" height="{ROW}"/>"##
                );
            }
            _ => {}
        }
        match entry {
            Row::Section(_) => {}
            Row::Item(index) => {
                let (item, slot) = (&plan.items[*index], &schedule.items[*index]);
                let indent = "　".repeat(item.level);
                let text = format!("{indent}{} {}", item.number, one_line(&item.title));
                let _ = write!(
                    label,
                    r##"<text class="label" x="6" y="{}">{}</text>"##,
                    y + 15,
                    xml(&fit(&text, 52))
                );
                let x1 = x(slot.start);
                let x2 = x_end(slot.finish).max(x1 + 2);
                if slot.late_finish > slot.finish {
                    let sx = x_end(slot.late_finish);
                    let _ = write!(
                        svg,
                        r##"<rect class="slack" x="{x2}" y="{}" width="{}" height="6"/>"##,
                        y + 8,
                        (sx - x2).max(0)
                    );
                }
                let (class, note) = bar_style(slot, whole);
                let _ = write!(
                    svg,
                    r##"<rect class="{class}" x="{x1}" y="{}" width="{}" height="14" rx="2"><title>{}</title></rect>"##,
                    y + 4,
                    x2 - x1,
                    xml(&format!(
                        "{} {}\n{} – {}\n牵头 lead: {}\n机动 slack: {} 个工作日{}",
                        item.number,
                        one_line(&item.title),
                        slot.start,
                        slot.finish,
                        owner_label(item),
                        slot.total_slack,
                        match note {
                            _ if slot.critical => "（关键 critical）".to_string(),
                            Some(label) => format!("（{label} ongoing）"),
                            None => String::new(),
                        }
                    ))
                );
                if let Some(note) = note {
                    let _ = write!(
                        svg,
                        r##"<text class="bar-note" x="{}" y="{}">{note}</text>"##,
                        x1 + 4,
                        y + 15
                    );
                }
                for (recurrence, occurrence) in filter.occurrences(plan, schedule, item) {
                    let _ = write!(
                        svg,
                        r##"<circle class="occ" cx="{}" cy="{}" r="4"><title>{}</title></circle>"##,
                        x(occurrence.due),
                        y + 11,
                        xml(&format!(
                            "{}（第{}次）截至 {}",
                            one_line(&recurrence.title),
                            occurrence.index,
                            occurrence.due
                        ))
                    );
                }
            }
            Row::Milestone(m) => {
                let (milestone, slot) = (&plan.milestones[*m], &schedule.milestones[*m]);
                let _ = write!(
                    label,
                    r##"<text class="label milestone-label" x="6" y="{}">{}</text>"##,
                    y + 15,
                    xml(&fit(&format!("　◆ {}", one_line(&milestone.title)), 52))
                );
                let cx = x_end(slot.finish);
                let cy = y + 11;
                let class = if slot.critical { "ms crit" } else { "ms" };
                let _ = write!(
                    svg,
                    r##"<polygon class="{class}" points="{},{cy} {cx},{} {},{cy} {cx},{}"><title>{}</title></polygon>"##,
                    cx - 7,
                    cy - 7,
                    cx + 7,
                    cy + 7,
                    xml(&format!(
                        "◆ {}\n{}\n机动 slack: {} 个工作日",
                        one_line(&milestone.title),
                        slot.finish,
                        slot.total_slack
                    ))
                );
            }
        }
    }
    label_at.push(label.len());
    back_at.push(back.len());
    svg_at.push(svg.len());
    // Dependency arrows.
    let mut spanning: Vec<Spanning> = Vec::new();
    let critical: std::collections::HashSet<DependencyId> =
        schedule.critical_dependencies.iter().copied().collect();
    let position = |node: Node| -> Option<(usize, Date, Date)> {
        match node {
            Node::Item(i) => {
                let slot = &schedule.items[i];
                Some((item_row[i]?, slot.start, slot.finish))
            }
            Node::Milestone(m) => {
                let slot = &schedule.milestones[m];
                Some((milestone_row[m]?, slot.finish, slot.finish))
            }
        }
    };
    for (index, dependency) in plan.dependencies.iter_enumerated() {
        let (Some((from_row, from_start, from_finish)), Some((to_row, to_start, _))) = (
            position(dependency.prerequisite),
            position(dependency.dependent),
        ) else {
            continue;
        };
        let x1 = if dependency.from_start {
            x(from_start)
        } else {
            x_end(from_finish)
        };
        let x2 = match dependency.dependent {
            Node::Milestone(_) => x_end(to_start) - 7,
            Node::Item(_) => x(to_start),
        };
        let y1 = row_y(from_row) + 11;
        let y2 = row_y(to_row) + if to_row > from_row { 4 } else { 18 };
        let class = if critical.contains(&index) {
            "dep crit"
        } else {
            "dep"
        };
        let marker = if critical.contains(&index) {
            "arrow-crit"
        } else {
            "arrow"
        };
        spanning.push(Spanning {
            top: y1.min(y2) - 6,
            bottom: y1.max(y2) + 6,
            svg: format!(
                r##"<path class="{class}" d="M{x1},{y1} H{} V{y2} H{}" marker-end="url(#{marker})"/>"##,
                x1 + 4,
                x2.max(x1 + 4) + if x2 > x1 + 4 { 0 } else { 6 }
            ),
        });
    }
    // Months: a tick and a name on the header, a grid line down each section's band.
    let mut months = String::new();
    let _ = write!(
        months,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_PANE}" height="{HEAD}" viewBox="0 0 {CHART_PANE} {HEAD}">"#
    );
    let mut month_x = Vec::new();
    let mut month = Date::new(period.start.year(), period.start.month(), 1).unwrap_or(period.start);
    let mut guard = 0;
    while month <= period.end && guard < 1200 {
        guard += 1;
        let mx = x(month.max(period.start));
        month_x.push(mx);
        let _ = write!(
            months,
            r##"<line class="grid" x1="{mx}" y1="0" x2="{mx}" y2="{HEAD}"/><text class="month" x="{}" y="{}">{}</text>"##,
            mx + 3,
            HEAD - 7,
            if month.month() == 1 || guard == 1 {
                format!("{}-{:02}", month.year(), month.month())
            } else {
                format!("{}月", month.month())
            }
        );
        match month.checked_add(jiff::Span::new().months(1)) {
            Ok(next) => month = next,
            Err(_) => break,
        }
    }
    let today = today.filter(|&t| period.contains(t));
    if let Some(today) = today {
        let tx = x(today);
        let _ = write!(
            months,
            r##"<line class="today" x1="{tx}" y1="0" x2="{tx}" y2="{HEAD}"/>"##
        );
    }
    months.push_str("</svg>");

    // One band of rows per section.
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for (row, entry) in layout.iter().enumerate() {
        match (entry, bands.last_mut()) {
            (Row::Section(_), _) | (_, None) => bands.push((row, row + 1)),
            (_, Some(band)) => band.1 = row + 1,
        }
    }
    // The arrows each band shows: those whose extent meets it.
    let band_top = |band: &(usize, usize)| if band.0 == 0 { 0 } else { row_y(band.0) };
    let mut crossing: Vec<Vec<usize>> = vec![Vec::new(); bands.len()];
    for (index, piece) in spanning.iter().enumerate() {
        let from = bands
            .partition_point(|band| band_top(band) <= piece.top)
            .saturating_sub(1);
        for (band, list) in crossing.iter_mut().enumerate().skip(from) {
            let Some(&(first, end)) = bands.get(band) else {
                break;
            };
            if band_top(&(first, end)) >= piece.bottom {
                break;
            }
            list.push(index);
        }
    }
    let total = LABEL + CHART_PANE;
    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(page, "<title>{} — 进度</title>", xml(&plan.title));
    page.push_str(r##"<style>
body{margin:0;padding:12px;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;background:#fff;color:#222}
h1{font-size:16px;margin:0 0 4px}
.legend{font-size:12px;color:#555;margin:0 0 6px}.legend span{white-space:nowrap}
.key{font-style:normal}.key.crit{color:#c62828}.key.other{color:#5b8fc9}.key.ongoing{color:#b3c8e2}.key.occ{color:#ff9800}.key.slack{color:#9bb7d9}.key.today{color:#2e7d32}
table.gantt{border-collapse:collapse;border-spacing:0;table-layout:fixed}
.gantt th,.gantt td{padding:0;vertical-align:top}
.gantt svg{display:block;font-size:12px}
.gantt thead th{position:sticky;top:0;z-index:2;background:#fff;border-bottom:1px solid #ccc;font-size:12px;font-weight:normal;color:#666;text-align:left}
.gantt .lab{position:sticky;left:0;z-index:1;background:#fff;border-right:1px solid #ccc}
.gantt thead th.lab{z-index:3;padding-left:6px}
.section{fill:#e8eef7}.section-title{font-weight:bold;fill:#1a3d6d}
.stripe{fill:#fafafa}.grid{stroke:#ddd;stroke-width:1}.month{fill:#666;font-size:11px}
.label{fill:#222}.milestone-label{fill:#555}
.bar{fill:#5b8fc9}.bar.crit{fill:#c62828}.bar.ongoing{fill:#b3c8e2}.bar-note{fill:#1a3d6d;font-size:10px}
.slack{fill:none;stroke:#9bb7d9;stroke-dasharray:2 2}
.ms{fill:#333}.ms.crit{fill:#c62828}.occ{fill:#ff9800;stroke:#fff;stroke-width:1}
.dep{fill:none;stroke:#888;stroke-width:1}.dep.crit{stroke:#c62828;stroke-width:2}
.today{stroke:#2e7d32;stroke-width:2;stroke-dasharray:4 3}
@page{size:A4 landscape;margin:8mm}
@media print{
body{padding:0;-webkit-print-color-adjust:exact;print-color-adjust:exact}
h1{font-size:14px}
table.gantt{width:100%}
.gantt thead th,.gantt .lab{position:static}
.gantt svg{width:100%;height:auto}
.gantt tbody tr{break-inside:avoid}
"##);
    let _ = writeln!(
        page,
        "col.lab{{width:{}%}}col.chart{{width:{}%}}\n}}",
        percent(LABEL, total),
        percent(CHART_PANE, total)
    );
    let _ = writeln!(
        page,
        "col.lab{{width:{LABEL}px}}col.chart{{width:{CHART_PANE}px}}\n</style>\n</head>\n<body>"
    );
    page.push_str(r##"<svg width="0" height="0" style="position:absolute" aria-hidden="true"><defs><marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#666"/></marker><marker id="arrow-crit" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#c62828"/></marker></defs></svg>
"##);
    let _ = writeln!(page, "<h1>{}</h1>", xml(&plan.title));
    let _ = write!(
        page,
        "<p class=\"legend\"><span>{} – {}</span>　<span><i class=\"key crit\">■</i> 关键 critical</span>　<span><i class=\"key other\">■</i> 其他 other</span>　<span><i class=\"key ongoing\">■</i> {ONGOING_LABEL} ongoing</span>　<span>◆ 节点 milestone</span>　<span><i class=\"key occ\">●</i> 周期 occurrence</span>　<span><i class=\"key slack\">┅</i> 机动 slack</span>",
        period.start, period.end
    );
    if let Some(today) = today {
        let _ = write!(
            page,
            "　<span><i class=\"key today\">┆</i> 今天 today {today}</span>"
        );
    }
    page.push_str("</p>\n");
    let _ = write!(
        page,
        "<table class=\"gantt\" aria-label=\"{}\">\n<colgroup><col class=\"lab\"><col class=\"chart\"></colgroup>\n<thead><tr><th class=\"lab\">事项 item</th><th class=\"months\">",
        xml(&plan.title)
    );
    page.push_str(&months);
    page.push_str("</th></tr></thead>\n<tbody>\n");
    for (band, &(first, end)) in bands.iter().enumerate() {
        let top = if first == 0 { 0 } else { row_y(first) };
        let bottom = row_y(end) + if end == layout.len() { TOP + 2 } else { 0 };
        let height = bottom - top;
        page.push_str("<tr><td class=\"lab\">");
        let _ = write!(
            page,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{LABEL}" height="{height}" viewBox="0 {top} {LABEL} {height}">"#
        );
        page.push_str(pane(&label, &label_at, first, end));
        page.push_str("</svg></td><td class=\"chart\">");
        let _ = write!(
            page,
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="{CHART_PANE}" height="{height}" viewBox="0 {top} {CHART_PANE} {height}">"#
        );
        page.push_str(pane(&back, &back_at, first, end));
        for &mx in &month_x {
            let _ = write!(
                page,
                r##"<line class="grid" x1="{mx}" y1="{top}" x2="{mx}" y2="{bottom}"/>"##
            );
        }
        page.push_str(pane(&svg, &svg_at, first, end));
        for piece in crossing.get(band).into_iter().flatten() {
            if let Some(piece) = spanning.get(*piece) {
                page.push_str(&piece.svg);
            }
        }
        if let Some(today) = today {
            let tx = x(today);
            let _ = write!(
                page,
                r##"<line class="today" x1="{tx}" y1="{top}" x2="{tx}" y2="{bottom}"/>"##
            );
        }
        page.push_str("</svg></td></tr>\n");
    }
    if bands.is_empty() {
        page.push_str("<tr><td class=\"lab empty\">（无事项 no items）</td><td></td></tr>\n");
    }

    page.push_str("</tbody>\n</table>\n</body>\n</html>\n");
    page
}

/// The text of rows `first..end` of a pane whose rows start at `at`.
fn pane<'a>(text: &'a str, at: &[usize], first: usize, end: usize) -> &'a str {
    let from = at.get(first).copied().unwrap_or(0);
    let to = at.get(end).copied().unwrap_or(text.len());
    text.get(from..to).unwrap_or_default()
}

/// `part / whole` as a percentage with three decimals, e.g. `27.273`.
fn percent(part: i64, whole: i64) -> String {
    let thousandths = (part * 100_000 + whole / 2) / whole.max(1);
    format!("{}.{:03}", thousandths / 1000, thousandths % 1000)
}
