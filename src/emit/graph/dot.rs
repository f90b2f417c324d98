//! The dependency graph as Graphviz DOT: sections as clusters, milestones as diamonds, critical
//! dependencies bold and red.

use crate::emit::schedule::Filter;
use crate::model::{DependencyId, ItemId, MilestoneId, Node, Plan};
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

/// A DOT string broken between words into lines of about `width` display columns.
fn quote_wrapped(text: &str, width: usize) -> String {
    let inside_quotes = |line: &str| {
        let quoted = quote(line);
        quoted
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or_default()
            .to_string()
    };
    format!(
        "\"{}\"",
        super::wrap::joined(text, width, inside_quotes, "\\n")
    )
}

/// Escapes text for a Graphviz HTML-like label.
fn html_text(text: &str) -> String {
    crate::emit::markup::escape(text, None, |c| c.is_control().then_some(" "))
}

/// Text for an HTML-like label, broken between words into lines of about `width` columns.
fn html_wrapped(text: &str, width: usize) -> String {
    super::wrap::joined(text, width, html_text, "<BR/>")
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

/// Where an edge meets a node: an item, or a milestone's row on its item (`i4:m1`).
fn endpoint(plan: &Plan, node: Node) -> String {
    match node {
        Node::Item(i) => format!("i{i}"),
        Node::Milestone(m) => format!("i{}:m{m}", plan.milestones[m].item),
    }
}

/// The items of each section (indexed like [`Plan::sections`]) in plan order, with their indices:
/// one pass over the items, not one per section.
pub(crate) fn items_by_section(plan: &Plan) -> Vec<Vec<(ItemId, &crate::model::Item)>> {
    let mut by_section = vec![Vec::new(); plan.sections.len()];
    for (i, item) in plan.items.iter_enumerated() {
        by_section[item.section.index()].push((i, item));
    }
    by_section
}

fn critical(schedule: Option<&Schedule>, node: Node) -> bool {
    schedule
        .map(|s| s.slot(node))
        .is_some_and(|slot| slot.critical)
}

/// The column of each item inside its section: the longest chain of dependencies inside the
/// section that ends at it (0 for an item that waits for nothing there). Items of one column
/// never depend on each other, so they can share a rank.
fn columns(
    plan: &Plan,
    item_of: &dyn Fn(Node) -> usize,
    section_of: &dyn Fn(Node) -> usize,
) -> Vec<usize> {
    let n = plan.items.len();
    let mut next: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut waiting = vec![0usize; n];
    for dependency in &plan.dependencies {
        let (from, to) = (
            item_of(dependency.prerequisite),
            item_of(dependency.dependent),
        );
        if from != to
            && section_of(dependency.prerequisite) == section_of(dependency.dependent)
            && let (Some(list), Some(count)) = (next.get_mut(from), waiting.get_mut(to))
        {
            list.push(to);
            *count += 1;
        }
    }
    // Longest path by Kahn's order; an item left in a cycle (which `check` reports) stays at 0.
    let mut column = vec![0usize; n];
    let mut ready: Vec<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    while let Some(from) = ready.pop() {
        let here = column[from];
        for &to in &next[from] {
            column[to] = column[to].max(here + 1);
            waiting[to] -= 1;
            if waiting[to] == 0 {
                ready.push(to);
            }
        }
    }
    column
}

/// The dependency graph in DOT. With a schedule, critical nodes and dependencies are highlighted.
/// The filter is accepted for symmetry with the schedule renderers; the graph is always whole.
///
/// Sections are clusters, left to right in plan order: an invisible point between two clusters
/// comes after every node of the first and before every node of the second, and a dependency
/// that points back to an earlier section does not rank its nodes. A milestone is a row on its
/// item's node, and its dependencies meet that row.
pub fn dot(plan: &Plan, schedule: Option<&Schedule>, _filter: &Filter) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "digraph plan {{");
    let _ = writeln!(
        out,
        "  graph [rankdir=LR, label={}, labelloc=t, fontname=\"Noto Sans CJK SC\", compound=true, newrank=true, remincross=false];",
        quote(&plan.title)
    );
    out.push_str("  node [shape=box, style=\"rounded,filled\", fillcolor=\"#eef3fa\", fontname=\"Noto Sans CJK SC\", fontsize=11];\n");
    out.push_str("  edge [color=\"#777777\", fontname=\"Noto Sans CJK SC\", fontsize=9];\n");
    let by_section = items_by_section(plan);
    let item_id = |node: Node| -> ItemId {
        match node {
            Node::Item(i) => i,
            Node::Milestone(m) => plan.milestones[m].item,
        }
    };
    let item_of = |node: Node| -> usize { item_id(node).index() };
    let section_of = |node: Node| -> usize { plan.items[item_id(node)].section.index() };
    let column = columns(plan, &item_of, &section_of);
    for ((s, section), items) in plan.sections.iter().enumerate().zip(&by_section) {
        let _ = writeln!(out, "  subgraph cluster_s{s} {{");
        let _ = writeln!(out, "    label={};", quote_wrapped(&section.title, 40));
        out.push_str("    style=\"rounded\"; color=\"#9bb7d9\";\n");
        for &(i, item) in items {
            let node = Node::Item(i);
            let title = format!("{} {}", item.number, item.title);
            let milestones: Vec<(MilestoneId, &crate::model::Milestone)> = item
                .milestones
                .iter()
                .map(|&m| (m, &plan.milestones[m]))
                .collect();
            let mut attrs = if milestones.is_empty() {
                format!("label={}", quote_wrapped(&title, 24))
            } else {
                let mut label = format!(
                    "label=<<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"3\" CELLPADDING=\"2\"><TR><TD>{}</TD></TR>",
                    html_wrapped(&title, 24)
                );
                for (m, milestone) in milestones {
                    let color = if critical(schedule, Node::Milestone(m)) {
                        "#c62828"
                    } else {
                        "#d4a72c"
                    };
                    let _ = write!(
                        label,
                        "<TR><TD PORT=\"m{m}\" BGCOLOR=\"#fff7e0\" COLOR=\"{color}\" BORDER=\"1\" ALIGN=\"LEFT\">◆ {}</TD></TR>",
                        html_wrapped(&milestone.title, 22)
                    );
                }
                label.push_str("</TABLE>>");
                label
            };
            if critical(schedule, node) {
                attrs.push_str(", penwidth=2, color=\"#c62828\", fillcolor=\"#fdecea\"");
            }
            if let Some(slot) = schedule.map(|sc| sc.slot(node)) {
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
        }
        // Items of one column (as many dependencies inside the section before them) stand top
        // to bottom in plan order, held by invisible edges within the column (a flat edge puts
        // its head above its tail in a left-to-right layout, hence the reversed chain).
        let mut by_column: std::collections::BTreeMap<usize, Vec<String>> = Default::default();
        for &(i, _) in items.iter().rev() {
            by_column
                .entry(column[i.index()])
                .or_default()
                .push(format!("i{i}"));
        }
        for nodes in by_column.values().filter(|nodes| nodes.len() > 1) {
            let _ = writeln!(
                out,
                "    {{ rank=same; {} [style=invis]; }}",
                nodes.join(" -> ")
            );
        }
        out.push_str("  }\n");
    }
    // Clusters in plan order: the invisible point `o{k}` comes after every node of the section
    // before it and before every node of section k.
    let mut before: Vec<String> = Vec::new();
    for (k, items) in by_section
        .iter()
        .filter(|items| !items.is_empty())
        .enumerate()
    {
        let _ = writeln!(
            out,
            "  o{k} [shape=point, style=invis, width=0, height=0, label=\"\"];"
        );
        let starts: Vec<String> = items.iter().map(|&(i, _)| format!("i{i}")).collect();
        if !before.is_empty() {
            let _ = writeln!(out, "  {{{}}} -> o{k} [style=invis];", before.join(" "));
        }
        let _ = writeln!(out, "  o{k} -> {{{}}} [style=invis];", starts.join(" "));
        before = starts;
    }
    let critical_edges: std::collections::HashSet<DependencyId> = schedule
        .map(|s| s.critical_dependencies.iter().copied().collect())
        .unwrap_or_default();
    for (index, dependency) in plan.dependencies.iter_enumerated() {
        // A milestone after its own item is already drawn on it.
        if matches!(
            (dependency.prerequisite, dependency.dependent),
            (Node::Item(_), Node::Milestone(_)) | (Node::Milestone(_), Node::Item(_))
        ) && item_of(dependency.prerequisite) == item_of(dependency.dependent)
        {
            continue;
        }
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
        if section_of(dependency.prerequisite) != section_of(dependency.dependent) {
            attrs.push("constraint=false".to_string());
        }
        let attrs = if attrs.is_empty() {
            String::new()
        } else {
            format!(" [{}]", attrs.join(", "))
        };
        let _ = writeln!(
            out,
            "  {} -> {}{attrs};",
            endpoint(plan, dependency.prerequisite),
            endpoint(plan, dependency.dependent)
        );
    }
    out.push_str("}\n");
    out
}
