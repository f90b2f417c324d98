//! The dependency graph as JSON: nodes and edges.

use crate::emit::schedule::Filter;
use crate::model::{DepKind, Node, Plan};
use crate::schedule::Schedule;
use serde_json::{Value, json};

fn key(plan: &Plan, node: Node) -> Value {
    let kind = match node {
        Node::Item(_) => "item",
        Node::Milestone(_) => "milestone",
    };
    json!({ "kind": kind, "id": plan.node_id(node) })
}

/// The dependency graph as a JSON value: `nodes` (items and milestones) and `edges`.
/// The filter is accepted for symmetry with the schedule renderers; the graph is always whole.
pub fn value(plan: &Plan, schedule: Option<&Schedule>, _filter: &Filter) -> Value {
    let mut nodes = Vec::new();
    for (i, item) in plan.items.iter_enumerated() {
        let slot = schedule.map(|s| &s.items[i]);
        nodes.push(json!({
            "kind": "item",
            "id": item.id,
            "number": item.number,
            "title": item.title,
            "section": plan.sections[item.section].id,
            "critical": slot.map(|s| s.critical),
            "start": slot.map(|s| s.start.to_string()),
            "finish": slot.map(|s| s.finish.to_string()),
        }));
    }
    for (m, milestone) in plan.milestones.iter_enumerated() {
        let slot = schedule.map(|s| &s.milestones[m]);
        let item = &plan.items[milestone.item];
        nodes.push(json!({
            "kind": "milestone",
            "id": milestone.id,
            "title": milestone.title,
            "item": item.id,
            "section": plan.sections[item.section].id,
            "critical": slot.map(|s| s.critical),
            "date": slot.map(|s| s.finish.to_string()),
        }));
    }
    let edges: Vec<Value> = plan
        .dependencies
        .iter_enumerated()
        .map(|(index, d)| {
            json!({
                "from": key(plan, d.prerequisite),
                "to": key(plan, d.dependent),
                "kind": match d.kind { DepKind::After => "after", DepKind::Needs => "needs" },
                "type": if d.from_start { "start_to_start" } else { "finish_to_start" },
                "lag": d.lag.map(|l| json!({ "amount": l.amount, "unit": l.unit })),
                "critical": schedule.map(|s| s.critical_dependencies.binary_search(&index).is_ok()),
            })
        })
        .collect();
    json!({
        "format": "planc-graph",
        "version": 1,
        "plan": plan.title,
        "nodes": nodes,
        "edges": edges,
    })
}

/// The dependency graph as pretty-printed JSON text with a final line end.
pub fn json(plan: &Plan, schedule: Option<&Schedule>, filter: &Filter) -> String {
    let mut text = serde_json::to_string_pretty(&value(plan, schedule, filter))
        .unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
