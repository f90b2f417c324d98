//! The dependency graph as a Mermaid flowchart.

use super::dot::{items_by_section, node_name};
use crate::emit::schedule::Filter;
use crate::model::{DependencyId, Node, Plan};
use crate::schedule::Schedule;
use std::fmt::Write as _;

/// Label text: one line, with the characters Mermaid reads as markup replaced.
fn escape(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('"', "#quot;")
        .replace('<', "#lt;")
        .replace('>', "#gt;")
}

/// A Mermaid label: quoted, with quotes and line ends replaced.
fn label(text: &str) -> String {
    format!("\"{}\"", escape(text))
}

/// A Mermaid label broken between words into lines of about `width` display columns.
fn wrapped(text: &str, width: usize) -> String {
    super::wrap::joined(text, width, escape, "<br/>")
}

/// The dependency graph as a Mermaid `flowchart LR`: sections as subgraphs, linked in plan order
/// by invisible links; each item's milestones are lines (◆) on its node, and a dependency of a
/// milestone meets its item, labelled with the milestone; critical dependencies are thick links.
/// The filter is accepted for symmetry with the schedule renderers; the graph is always whole.
pub fn flowchart(plan: &Plan, schedule: Option<&Schedule>, _filter: &Filter) -> String {
    let mut out = String::from("flowchart LR\n");
    let mut shown = Vec::new();
    for ((s, section), items) in plan.sections.iter().enumerate().zip(items_by_section(plan)) {
        if items.is_empty() {
            continue;
        }
        shown.push(s);
        let _ = writeln!(out, "  subgraph s{s} [{}]", label(&section.title));
        for (i, item) in items {
            let mut text = wrapped(&format!("{} {}", item.number, item.title), 22);
            for &m in &item.milestones {
                let milestone = &plan.milestones[m];
                text.push_str("<br/>");
                text.push_str(&wrapped(&format!("◆ {}", milestone.title), 22));
            }
            let _ = writeln!(out, "    {}[\"{text}\"]", node_name(Node::Item(i)));
        }
        out.push_str("  end\n");
    }
    if shown.len() > 1 {
        let chain: Vec<String> = shown.iter().map(|s| format!("s{s}")).collect();
        let _ = writeln!(out, "  {}", chain.join(" ~~~ "));
    }
    // A node as drawn: a milestone is on its item.
    let drawn = |node: Node| -> (Node, Option<String>) {
        match node {
            Node::Item(_) => (node, None),
            Node::Milestone(m) => {
                let milestone = &plan.milestones[m];
                (
                    Node::Item(milestone.item),
                    Some(format!("◆ {}", milestone.title)),
                )
            }
        }
    };
    let critical: std::collections::HashSet<DependencyId> = schedule
        .map(|s| s.critical_dependencies.iter().copied().collect())
        .unwrap_or_default();
    for (index, dependency) in plan.dependencies.iter_enumerated() {
        let (from, from_milestone) = drawn(dependency.prerequisite);
        let (to, to_milestone) = drawn(dependency.dependent);
        if from == to {
            // A milestone after its own item, or two milestones of one item: on the node.
            continue;
        }
        let mut words: Vec<String> = Vec::new();
        if dependency.from_start {
            words.push("开始".to_string());
        }
        words.extend(from_milestone);
        words.extend(to_milestone);
        let arrow = match (critical.contains(&index), dependency.from_start) {
            (true, _) => "==>",
            (false, true) => "-.->",
            (false, false) => "-->",
        };
        let text = if words.is_empty() {
            String::new()
        } else {
            format!("|{}|", label(&words.join(" · ")))
        };
        let _ = writeln!(out, "  {} {arrow}{text} {}", node_name(from), node_name(to));
    }
    let critical_nodes: Vec<String> = plan
        .items
        .ids()
        .map(Node::Item)
        .filter(|&n| {
            schedule
                .map(|s| s.slot(n))
                .is_some_and(|slot| slot.critical)
        })
        .map(node_name)
        .collect();
    if !critical_nodes.is_empty() {
        out.push_str("  classDef critical stroke:#c62828,stroke-width:2px\n");
        for chunk in critical_nodes.chunks(50) {
            let _ = writeln!(out, "  class {} critical", chunk.join(","));
        }
    }
    out
}
