//! The schedule as one self-contained HTML page: an SVG Gantt chart with sections as groups,
//! milestones, recurring occurrences, dependency arrows, the critical path highlighted and, when
//! a "today" inside the period is given, a today-line. No scripts, no external resources.

use super::util::{Filter, fit, one_line, owner_label, rows, xml};
use crate::model::{Node, Plan};
use crate::schedule::Schedule;
use jiff::civil::Date;
use std::fmt::Write as _;

const ROW: i64 = 22;
const LABEL: i64 = 420;
const CHART: i64 = 1100;
/// Top padding of the chart body.
const TOP: i64 = 4;
/// Height of the sticky header (title, legend, months).
const HEAD: i64 = 64;

/// Days from `from` to `to`.
fn days(from: Date, to: Date) -> i64 {
    from.until(to).map(|s| i64::from(s.get_days())).unwrap_or(0)
}

enum Row<'a> {
    Section(&'a str),
    Item(usize),
    Milestone(usize),
}

/// The schedule as a self-contained HTML page with an SVG Gantt chart. `today` draws a line when
/// it falls inside the period.
pub fn html(plan: &Plan, schedule: &Schedule, filter: &Filter, today: Option<Date>) -> String {
    let period = schedule.period;
    let total_days = (days(period.start, period.end) + 1).max(1);
    let x = |date: Date| LABEL + days(period.start, date).clamp(0, total_days) * CHART / total_days;
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
    let mut item_row = vec![None; plan.items.len()];
    let mut milestone_row = vec![None; plan.milestones.len()];
    for (index, item, _) in rows(plan, schedule, filter) {
        if current_section != Some(item.section) {
            current_section = Some(item.section);
            layout.push(Row::Section(
                plan.sections
                    .get(item.section)
                    .map(|s| s.title.as_str())
                    .unwrap_or(""),
            ));
        }
        if let Some(slot) = item_row.get_mut(index) {
            *slot = Some(layout.len());
        }
        layout.push(Row::Item(index));
        for &m in &item.milestones {
            if let Some(mslot) = schedule.milestones.get(m)
                && filter.date(mslot.finish)
                && let Some(slot) = milestone_row.get_mut(m)
            {
                *slot = Some(layout.len());
                layout.push(Row::Milestone(m));
            }
        }
    }
    let row_y = |row: usize| TOP + row as i64 * ROW;
    let height = row_y(layout.len()) + 10;
    let width = LABEL + CHART + 20;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img" aria-label="{}">"#,
        xml(&plan.title)
    );
    svg.push_str(r##"<defs><marker id="arrow" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#666"/></marker><marker id="arrow-crit" viewBox="0 0 6 6" refX="6" refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#c62828"/></marker></defs>"##);
    // Section bands and row stripes.
    for (row, entry) in layout.iter().enumerate() {
        let y = row_y(row);
        match entry {
            Row::Section(title) => {
                let _ = write!(
                    svg,
                    r##"<rect class="section" x="0" y="{y}" width="{width}" height="{ROW}"/><text class="section-title" x="6" y="{}">{}</text>"##,
                    y + 15,
                    xml(&fit(&one_line(title), 100))
                );
            }
            _ if row % 2 == 0 => {
                let _ = write!(
                    svg,
                    r##"<rect class="stripe" x="0" y="{y}" width="{width}" height="{ROW}"/>"##
                );
            }
            _ => {}
        }
    }
    // The sticky header: title, legend, months.
    let mut head = String::new();
    let _ = write!(
        head,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{HEAD}" viewBox="0 0 {width} {HEAD}">"#
    );
    let _ = write!(
        head,
        r##"<text class="title" x="6" y="20">{}</text><text class="legend" x="6" y="40">{} – {}　<tspan fill="#c62828">■</tspan> 关键 critical　<tspan fill="#5b8fc9">■</tspan> 其他 other　◆ 节点 milestone　<tspan fill="#ff9800">●</tspan> 周期 occurrence　<tspan fill="#9bb7d9">┅</tspan> 机动 slack</text>"##,
        xml(&plan.title),
        period.start,
        period.end
    );
    // Month grid.
    let mut month = Date::new(period.start.year(), period.start.month(), 1).unwrap_or(period.start);
    let mut guard = 0;
    while month <= period.end && guard < 1200 {
        guard += 1;
        let mx = x(month.max(period.start));
        let _ = write!(
            svg,
            r##"<line class="grid" x1="{mx}" y1="0" x2="{mx}" y2="{height}"/>"##
        );
        let _ = write!(
            head,
            r##"<line class="grid" x1="{mx}" y1="{}" x2="{mx}" y2="{HEAD}"/><text class="month" x="{}" y="{}">{}</text>"##,
            HEAD - 18,
            mx + 3,
            HEAD - 6,
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
    // Bars, milestones, occurrences.
    for (row, entry) in layout.iter().enumerate() {
        let y = row_y(row);
        match entry {
            Row::Section(_) => {}
            Row::Item(index) => {
                let (Some(item), Some(slot)) = (plan.items.get(*index), schedule.items.get(*index))
                else {
                    continue;
                };
                let indent = "　".repeat(item.level);
                let label = format!("{indent}{} {}", item.number, one_line(&item.title));
                let _ = write!(
                    svg,
                    r##"<text class="label" x="6" y="{}">{}</text>"##,
                    y + 15,
                    xml(&fit(&label, 52))
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
                // Ongoing work (no 工期, no 时段) is drawn lighter and labelled, never as critical.
                let ongoing = ongoing_label(slot, whole);
                let (class, extra) = match ongoing {
                    _ if slot.critical => ("bar crit", ""),
                    Some(_) => ("bar ongoing", r#" fill-opacity="0.35""#),
                    None => ("bar", ""),
                };
                let _ = write!(
                    svg,
                    r##"<rect class="{class}" x="{x1}" y="{}" width="{}" height="14" rx="2"{extra}><title>{}</title></rect>"##,
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
                        match ongoing {
                            _ if slot.critical => "（关键 critical）".to_string(),
                            Some(label) => format!("（{label} ongoing）"),
                            None => String::new(),
                        }
                    ))
                );
                if let Some(label) = ongoing {
                    let _ = write!(
                        svg,
                        r##"<text class="ongoing-label" x="{}" y="{}" font-size="10" fill="#2f4f6f">{label}</text>"##,
                        x1 + 4,
                        y + 15
                    );
                }
                for &r in &item.recurrences {
                    let title = plan
                        .recurrences
                        .get(r)
                        .map(|x| one_line(&x.title))
                        .unwrap_or_default();
                    for occurrence in schedule.occurrences_of(r) {
                        if !filter.date(occurrence.due) {
                            continue;
                        }
                        let _ = write!(
                            svg,
                            r##"<circle class="occ" cx="{}" cy="{}" r="4"><title>{}</title></circle>"##,
                            x(occurrence.due),
                            y + 11,
                            xml(&format!(
                                "{title}（第{}次）截至 {}",
                                occurrence.index, occurrence.due
                            ))
                        );
                    }
                }
            }
            Row::Milestone(m) => {
                let (Some(milestone), Some(slot)) =
                    (plan.milestones.get(*m), schedule.milestones.get(*m))
                else {
                    continue;
                };
                let _ = write!(
                    svg,
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
    // Dependency arrows.
    let critical: std::collections::HashSet<usize> =
        schedule.critical_dependencies.iter().copied().collect();
    let position = |node: Node| -> Option<(usize, Date, Date)> {
        match node {
            Node::Item(i) => {
                let slot = schedule.items.get(i)?;
                Some((item_row.get(i).copied().flatten()?, slot.start, slot.finish))
            }
            Node::Milestone(m) => {
                let slot = schedule.milestones.get(m)?;
                Some((
                    milestone_row.get(m).copied().flatten()?,
                    slot.finish,
                    slot.finish,
                ))
            }
        }
    };
    for (index, dependency) in plan.dependencies.iter().enumerate() {
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
        let _ = write!(
            svg,
            r##"<path class="{class}" d="M{x1},{y1} H{} V{y2} H{}" marker-end="url(#{marker})"/>"##,
            x1 + 4,
            x2.max(x1 + 4) + if x2 > x1 + 4 { 0 } else { 6 }
        );
    }
    if let Some(today) = today
        && period.contains(today)
    {
        let tx = x(today);
        let _ = write!(
            svg,
            r##"<line class="today" x1="{tx}" y1="0" x2="{tx}" y2="{height}"/>"##
        );
        let _ = write!(
            head,
            r##"<line class="today" x1="{tx}" y1="{}" x2="{tx}" y2="{HEAD}"/><text class="today-label" x="{}" y="{}">今天 {today}</text>"##,
            HEAD - 18,
            tx + 3,
            HEAD - 22
        );
    }
    head.push_str("</svg>");
    svg.push_str("</svg>");

    let mut page = String::new();
    page.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    let _ = writeln!(page, "<title>{} — 进度</title>", xml(&plan.title));
    page.push_str(r##"<style>
body{margin:0;padding:12px;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;background:#fff;color:#222}
svg{font-size:12px;display:block}
.head{position:sticky;top:0;background:#fff;z-index:1;border-bottom:1px solid #ccc}
.title{font-size:16px;font-weight:bold}.legend{fill:#555}
.section{fill:#e8eef7}.section-title{font-weight:bold;fill:#1a3d6d}
.stripe{fill:#fafafa}.grid{stroke:#ddd;stroke-width:1}.month{fill:#666;font-size:11px}
.label{fill:#222}.milestone-label{fill:#555}
.bar{fill:#5b8fc9}.bar.crit{fill:#c62828}.slack{fill:none;stroke:#9bb7d9;stroke-dasharray:2 2}
.ms{fill:#333}.ms.crit{fill:#c62828}.occ{fill:#ff9800;stroke:#fff;stroke-width:1}
.dep{fill:none;stroke:#888;stroke-width:1}.dep.crit{stroke:#c62828;stroke-width:2}
.today{stroke:#2e7d32;stroke-width:2;stroke-dasharray:4 3}.today-label{fill:#2e7d32}
</style>
</head>
<body>
"##);
    page.push_str("<div class=\"head\">");
    page.push_str(&head);
    page.push_str("</div>\n");
    page.push_str(&svg);
    page.push_str("\n</body>\n</html>\n");
    page
}

/// The label of an ongoing item's bar: 全年推进 when it runs the whole period (`whole`: the
/// first and last working days any item runs on), 持续推进 when it runs part of it; `None` for
/// other work.
fn ongoing_label(slot: &crate::schedule::Slot, whole: (Date, Date)) -> Option<&'static str> {
    if !slot.ongoing {
        return None;
    }
    Some(if (slot.start, slot.finish) == whole {
        "全年推进"
    } else {
        "持续推进"
    })
}
