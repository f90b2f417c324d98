//! The schedule as a terminal table, aligned by display width (Chinese characters take two
//! columns).

use super::util::{Filter, fit, one_line, owner_label, rows};
use crate::diagnostic::Count;
use crate::model::Plan;
use crate::schedule::Schedule;
use unicode_width::UnicodeWidthStr;

/// Widest title shown, in display columns; longer titles end in `…`.
const TITLE_WIDTH: usize = 40;

/// Pads text with spaces to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    let mut out = text.to_string();
    for _ in text.width()..width {
        out.push(' ');
    }
    out
}

/// The schedule as an aligned table: number, title, lead owner, start, finish, slack, critical
/// mark; milestones under their item; then critical paths and overloads.
pub fn table(plan: &Plan, schedule: &Schedule, filter: &Filter) -> String {
    let mut lines: Vec<[String; 7]> = vec![[
        "No.".into(),
        "Item".into(),
        "Lead".into(),
        "Start".into(),
        "Finish".into(),
        "Slack".into(),
        "Critical".into(),
    ]];
    let mark = |critical: bool| if critical { "*" } else { "" }.to_string();
    for (_, item, slot) in rows(plan, schedule, filter) {
        let indent = "  ".repeat(item.level);
        lines.push([
            format!("{indent}{}", item.number),
            fit(&format!("{indent}{}", one_line(&item.title)), TITLE_WIDTH),
            owner_label(item),
            slot.start.to_string(),
            slot.finish.to_string(),
            slot.total_slack.to_string(),
            mark(slot.critical),
        ]);
        for (_, milestone, mslot) in filter.milestones(plan, schedule, item) {
            lines.push([
                String::new(),
                fit(
                    &format!("{indent}  ◆ {}", one_line(&milestone.title)),
                    TITLE_WIDTH,
                ),
                String::new(),
                mslot.finish.to_string(),
                mslot.finish.to_string(),
                mslot.total_slack.to_string(),
                mark(mslot.critical),
            ]);
        }
    }
    let mut widths = [0usize; 7];
    for line in &lines {
        for (w, cell) in widths.iter_mut().zip(line.iter()) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for (row, line) in lines.iter().enumerate() {
        let mut text = String::new();
        for (column, (cell, &w)) in line.iter().zip(widths.iter()).enumerate() {
            if column > 0 {
                text.push_str("  ");
            }
            // Numbers right-aligned (slack), the rest left-aligned.
            if column == 5 && row > 0 {
                text.push_str(&" ".repeat(w.saturating_sub(cell.width())));
                text.push_str(cell);
            } else {
                text.push_str(&pad(cell, w));
            }
        }
        out.push_str(text.trim_end());
        out.push('\n');
        if row == 0 {
            let total: usize = widths.iter().sum::<usize>() + 2 * (widths.len() - 1);
            out.push_str(&"-".repeat(total));
            out.push('\n');
        }
    }
    let shown = |node: crate::model::Node| match node {
        crate::model::Node::Item(i) => filter.item(plan, &plan.items[i], &schedule.items[i]),
        crate::model::Node::Milestone(m) => {
            let i = plan.milestones[m].item;
            filter.item(plan, &plan.items[i], &schedule.items[i])
        }
    };
    let chains: Vec<String> = schedule
        .critical_paths
        .iter()
        .filter(|path| path.len() > 1 && path.iter().any(|&n| shown(n)))
        .map(|path| {
            path.iter()
                .map(|&node| plan.node_id(node).to_string())
                .collect::<Vec<_>>()
                .join(" → ")
        })
        .collect();
    out.push('\n');
    let critical_items = schedule.items.iter().filter(|s| s.critical).count();
    let critical_milestones = schedule.milestones.iter().filter(|s| s.critical).count();
    if critical_items + critical_milestones == 0 {
        out.push_str(
            "Slack in working days; no critical path: no chain of work with a duration (工期).\n",
        );
    } else {
        out.push_str(&format!(
            "Slack in working days; critical = total slack {}: {critical_items} of {}, {critical_milestones} of {}.\n",
            schedule.critical_slack,
            Count::new(schedule.items.len(), "item"),
            Count::new(schedule.milestones.len(), "milestone"),
        ));
    }
    let ongoing = schedule.items.iter().filter(|s| s.ongoing).count();
    if ongoing > 0 {
        out.push_str(&format!(
            "Ongoing work (持续推进: no 工期 or 时段, it fills its time), never critical: {ongoing} of {}.\n",
            Count::new(schedule.items.len(), "item"),
        ));
    }
    for chain in chains {
        out.push_str(&format!("Critical chain: {chain}\n"));
    }
    for overload in schedule
        .overloads
        .iter()
        .filter(|o| filter.owner(plan, o.owner) && filter.overlaps(o.start, o.end))
    {
        let owner = plan.owners[overload.owner].id.as_str();
        let items: Vec<&str> = overload
            .items
            .iter()
            .map(|&i| plan.items[i].id.as_str())
            .collect();
        out.push_str(&format!(
            "Overload: {owner} runs {} items at once (capacity {}) from {} to {}: {}\n",
            overload.load,
            overload.capacity,
            overload.start,
            overload.end,
            items.join(", ")
        ));
    }
    out
}
