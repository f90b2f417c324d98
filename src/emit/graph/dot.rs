//! The dependency graph as Graphviz DOT: sections as clusters, milestones as diamonds, critical
//! dependencies bold and red.

use crate::emit::schedule::Filter;
use crate::model::{Node, Plan};
use crate::schedule::Schedule;
use std::fmt::Write as _;

/// Quotes a DOT string.
pub(crate) fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Breaks a label into balanced lines of at most about `width` display columns.
fn wrap(text: &str, width: usize) -> String {
    use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
    let total = text.width();
    let lines = total.div_ceil(width.max(1)).max(1);
    let width = total.div_ceil(lines).max(1);
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            out.push('\n');
            used = 0;
        }
        out.push(c);
        used += w;
    }
    out
}

/// A DOT string broken into lines of about `width` display columns.
fn quote_wrapped(text: &str, width: usize) -> String {
    let lines: Vec<String> = wrap(text, width)
        .split('\n')
        .map(|line| {
            let quoted = quote(line);
            quoted
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    format!("\"{}\"", lines.join("\\n"))
}

/// A lag as written in the plan, e.g. `+5 工作日`.
fn lag_text(lag: crate::model::Duration) -> String {
    let unit = match lag.unit {
        crate::model::DurationUnit::Workdays => "工作日",
        crate::model::DurationUnit::Days => "天",
        crate::model::DurationUnit::Weeks => "周",
        crate::model::DurationUnit::Months => "个月",
    };
    format!("{:+} {unit}", lag.amount)
}

/// The DOT identifier of a node: `i12` for items, `m3` for milestones.
pub fn node_name(node: Node) -> String {
    match node {
        Node::Item(i) => format!("i{i}"),
        Node::Milestone(m) => format!("m{m}"),
    }
}

/// The items of each section (indexed like [`Plan::sections`]) in plan order, with their indices:
/// one pass over the items, not one per section.
pub(crate) fn items_by_section(plan: &Plan) -> Vec<Vec<(usize, &crate::model::Item)>> {
    let mut by_section = vec![Vec::new(); plan.sections.len()];
    for (i, item) in plan.items.iter().enumerate() {
        if let Some(list) = by_section.get_mut(item.section) {
            list.push((i, item));
        }
    }
    by_section
}

fn critical(schedule: Option<&Schedule>, node: Node) -> bool {
    schedule
        .and_then(|s| s.slot(node))
        .is_some_and(|slot| slot.critical)
}

/// The dependency graph in DOT. With a schedule, critical nodes and dependencies are highlighted.
/// The filter is accepted for symmetry with the schedule renderers; the graph is always whole.
pub fn dot(plan: &Plan, schedule: Option<&Schedule>, _filter: &Filter) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph plan {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, label={}, labelloc=t, fontname=\"Noto Sans CJK SC\", compound=true];",
        quote(&plan.title)
    );
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fa\", fontname=\"Noto Sans CJK SC\", fontsize=11];\n");
    out.push_str("  edge [color=\"#777777\", fontname=\"Noto Sans CJK SC\", fontsize=9];\n");
    for ((s, section), items) in plan.sections.iter().enumerate().zip(items_by_section(plan)) {
        let _ = writeln!(out, "  subgraph cluster_s{s} {{");
        let _ = writeln!(out, "    label={};", quote(&section.title));
        out.push_str("    style=\"rounded\"; color=\"#9bb7d9\";\n");
        for (i, item) in items {
            let node = Node::Item(i);
            let mut attrs = format!(
                "label={}",
                quote_wrapped(&format!("{} {}", item.number, item.title), 24)
            );
            if critical(schedule, node) {
                attrs.push_str(", penwidth=2, color=\"#c62828\", fillcolor=\"#fdecea\"");
            }
            if let Some(slot) = schedule.and_then(|sc| sc.slot(node)) {
                let _ = write!(
                    attrs,
                    ", tooltip={}",
                    quote(&format!(
                        "{} – {}，机动 {}",
                        slot.start, slot.finish, slot.total_slack
                    ))
                );
            }
            let _ = writeln!(out, "    {} [{attrs}];", node_name(node));
            for &m in &item.milestones {
                let Some(milestone) = plan.milestones.get(m) else {
                    continue;
                };
                let node = Node::Milestone(m);
                let mut attrs = format!(
                    "shape=diamond, style=filled, fillcolor=\"#fff7e0\", label={}",
                    quote_wrapped(&milestone.title, 20)
                );
                if critical(schedule, node) {
                    attrs.push_str(", penwidth=2, color=\"#c62828\"");
                }
                let _ = writeln!(out, "    {} [{attrs}];", node_name(node));
            }
        }
        out.push_str("  }\n");
    }
    let critical_edges: std::collections::HashSet<usize> = schedule
        .map(|s| s.critical_dependencies.iter().copied().collect())
        .unwrap_or_default();
    for (index, dependency) in plan.dependencies.iter().enumerate() {
        let mut attrs = Vec::new();
        let critical = critical_edges.contains(&index);
        if dependency.from_start {
            attrs.push("label=\"开始\"".to_string());
            attrs.push(
                if critical {
                    "style=\"dashed,bold\""
                } else {
                    "style=dashed"
                }
                .to_string(),
            );
        } else if critical {
            attrs.push("style=bold".to_string());
        }
        if let Some(lag) = dependency.lag {
            attrs.push(format!("taillabel={}", quote(&lag_text(lag))));
        }
        if critical {
            attrs.push("penwidth=2.5".to_string());
            attrs.push("color=\"#c62828\"".to_string());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(
            out,
            "  {} -> {}{attrs};",
            node_name(dependency.prerequisite),
            node_name(dependency.dependent)
        );
    }
    out.push_str("}\n");
    out
}
