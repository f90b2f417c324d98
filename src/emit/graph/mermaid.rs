//! The dependency graph as a Mermaid flowchart.

use super::dot::{items_by_section, node_name};
use crate::emit::schedule::Filter;
use crate::model::{Node, Plan};
use crate::schedule::Schedule;
use std::fmt::Write as _;

/// A Mermaid label: quoted, with quotes and line ends replaced.
fn label(text: &str) -> String {
    let text: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('"', "#quot;");
    format!("\"{text}\"")
}

/// The dependency graph as a Mermaid `flowchart LR`: sections as subgraphs, milestones as
/// hexagons, critical dependencies as thick links.
/// The filter is accepted for symmetry with the schedule renderers; the graph is always whole.
pub fn flowchart(plan: &Plan, schedule: Option<&Schedule>, _filter: &Filter) -> String {
    let mut out = String::from("flowchart LR\n");
    for ((s, section), items) in plan.sections.iter().enumerate().zip(items_by_section(plan)) {
        let _ = writeln!(out, "  subgraph s{s} [{}]", label(&section.title));
        for (i, item) in items {
            let _ = writeln!(
                out,
                "    {}[{}]",
                node_name(Node::Item(i)),
                label(&format!("{} {}", item.number, item.title))
            );
            for &m in &item.milestones {
                if let Some(milestone) = plan.milestones.get(m) {
                    let _ = writeln!(
                        out,
                        "    {}{{{{{}}}}}",
                        node_name(Node::Milestone(m)),
                        label(&format!("◆ {}", milestone.title))
                    );
                }
            }
        }
        out.push_str("  end\n");
    }
    let critical: std::collections::HashSet<usize> = schedule
        .map(|s| s.critical_dependencies.iter().copied().collect())
        .unwrap_or_default();
    for (index, dependency) in plan.dependencies.iter().enumerate() {
        let arrow = match (critical.contains(&index), dependency.from_start) {
            (true, true) => "== 开始 ==>",
            (true, false) => "==>",
            (false, true) => "-. 开始 .->",
            (false, false) => "-->",
        };
        let _ = writeln!(
            out,
            "  {} {arrow} {}",
            node_name(dependency.prerequisite),
            node_name(dependency.dependent)
        );
    }
    let critical_nodes: Vec<String> = plan
        .items
        .iter()
        .enumerate()
        .map(|(i, _)| Node::Item(i))
        .chain((0..plan.milestones.len()).map(Node::Milestone))
        .filter(|&n| {
            schedule
                .and_then(|s| s.slot(n))
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
