//! Checks of the dependency graph: cycles, and deadlines that come before the deadlines they wait for.

use crate::diagnostic::{Diagnostic, Label, Problem};
use crate::model::*;
use crate::source::Span;
use jiff::civil::Date;
use petgraph::graph::{DiGraph, NodeIndex};

/// The plan's items and milestones as a graph, edges from prerequisite to dependent.
///
/// Items are nodes `0..items`, in plan order, and milestones follow them.
pub struct DependencyGraph {
    /// The graph; edge weights index [`Plan::dependencies`].
    pub graph: DiGraph<Node, DependencyId>,
    items: usize,
    milestones: usize,
}

impl DependencyGraph {
    /// Graph index of a node of the plan.
    pub fn index(&self, node: Node) -> Option<NodeIndex> {
        match node {
            Node::Item(item) if item.index() < self.items => Some(NodeIndex::new(item.index())),
            Node::Milestone(milestone) if milestone.index() < self.milestones => {
                Some(NodeIndex::new(self.items + milestone.index()))
            }
            _ => None,
        }
    }
}

/// Builds the dependency graph.
pub fn build(plan: &Plan) -> DependencyGraph {
    let mut graph = DiGraph::with_capacity(
        plan.items.len() + plan.milestones.len(),
        plan.dependencies.len(),
    );
    for item in plan.items.ids() {
        graph.add_node(Node::Item(item));
    }
    for milestone in plan.milestones.ids() {
        graph.add_node(Node::Milestone(milestone));
    }
    let mut dependency_graph = DependencyGraph {
        graph,
        items: plan.items.len(),
        milestones: plan.milestones.len(),
    };
    for (position, dependency) in plan.dependencies.iter_enumerated() {
        if let (Some(from), Some(to)) = (
            dependency_graph.index(dependency.prerequisite),
            dependency_graph.index(dependency.dependent),
        ) {
            dependency_graph.graph.add_edge(from, to, position);
        }
    }
    dependency_graph
}

/// Reports cycles and impossible deadline orders.
pub fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    let dependency_graph = build(plan);
    let cycles = cycles(plan, &dependency_graph, diagnostics);
    if !cycles {
        deadline_order(plan, &dependency_graph, diagnostics);
    }
}

/// A chain of more nodes than this is written by its first [`CHAIN_HEAD`] and last [`CHAIN_TAIL`]
/// nodes, with "… N more …" between: a cycle of 200,000 items made a 45 MB message, and drawing
/// one label per dependency took minutes.
pub const CHAIN_SHOWN: usize = 12;
/// Nodes written at the start of a long chain.
pub const CHAIN_HEAD: usize = 6;
/// Nodes written at the end of a long chain.
pub const CHAIN_TAIL: usize = 5;

/// Whether the `index`th of `count` nodes of a chain is written out.
fn shown(index: usize, count: usize) -> bool {
    count <= CHAIN_SHOWN || index < CHAIN_HEAD || index + CHAIN_TAIL >= count
}

/// `a → b → … N more … → y → z`, the names of a chain of `count` nodes, of which `name` gives
/// those written out.
fn chain_text(count: usize, mut name: impl FnMut(usize) -> String) -> String {
    let mut out = String::new();
    for index in 0..count {
        if !shown(index, count) {
            if index == CHAIN_HEAD {
                out.push_str(&format!(" → … {} more …", count - CHAIN_HEAD - CHAIN_TAIL));
            }
            continue;
        }
        if index > 0 {
            out.push_str(" → ");
        }
        out.push_str(&name(index));
    }
    out
}

fn cycles(
    plan: &Plan,
    dependency_graph: &DependencyGraph,
    diagnostics: &mut Vec<Diagnostic>,
) -> bool {
    let graph = &dependency_graph.graph;
    let mut found = false;
    for component in petgraph::algo::kosaraju_scc(graph) {
        let self_loop = component.len() == 1
            && component
                .first()
                .is_some_and(|&node| graph.find_edge(node, node).is_some());
        if component.len() < 2 && !self_loop {
            continue;
        }
        found = true;
        // Walk the component from its earliest declared node, always to the earliest member next, until
        // a node repeats: that closes one full cycle.
        let members: std::collections::HashSet<NodeIndex> = component.iter().copied().collect();
        let Some(&start) = component
            .iter()
            .min_by_key(|&&n| graph.node_weight(n).copied())
        else {
            continue;
        };
        // `position` of each node on the walk so far, to find the repeat in constant time.
        let mut position: std::collections::HashMap<NodeIndex, usize> =
            std::collections::HashMap::with_capacity(component.len());
        position.insert(start, 0);
        let mut path = vec![start];
        let mut edges = Vec::new();
        let mut current = start;
        loop {
            let next = graph
                .edges(current)
                .filter(|edge| members.contains(&petgraph::visit::EdgeRef::target(edge)))
                .min_by_key(|edge| {
                    graph
                        .node_weight(petgraph::visit::EdgeRef::target(edge))
                        .copied()
                });
            let Some(edge) = next else {
                break;
            };
            let target = petgraph::visit::EdgeRef::target(&edge);
            edges.push(*edge.weight());
            if let Some(&first) = position.get(&target) {
                path.drain(..first);
                let keep = path.len();
                let drop = edges.len().saturating_sub(keep);
                edges.drain(..drop);
                path.push(target);
                break;
            }
            position.insert(target, path.len());
            path.push(target);
            current = target;
        }
        let names: Vec<String> = path
            .iter()
            .filter_map(|&n| graph.node_weight(n))
            .map(|&node| describe(plan, node))
            .collect();
        let steps: Vec<(usize, Span)> = edges
            .iter()
            .enumerate()
            .map(|(step, &e)| (step, plan.dependencies[e].span))
            .collect();
        let Some(&(_, first_span)) = steps.first() else {
            continue;
        };
        let message = chain_text(names.len(), |index| {
            names.get(index).cloned().unwrap_or_default()
        });
        // Label the dependencies between the names the message writes out (all of a short cycle).
        let also = steps
            .iter()
            .skip(1)
            .filter(|&&(step, _)| shown(step, names.len()) && shown(step + 1, names.len()))
            .map(|&(_, span)| span)
            .collect();
        let path: Vec<Label> = steps
            .iter()
            .map(|&(step, span)| Label {
                span,
                text: format!(
                    "{} → {}",
                    names.get(step).map_or("", String::as_str),
                    names.get(step + 1).map_or("", String::as_str)
                ),
            })
            .collect();
        let diagnostic: Diagnostic = Problem::DependencyCycle {
            chain: message,
            span: first_span,
            also,
            steps: steps.len(),
            cut: names.len() > CHAIN_SHOWN,
        }
        .into();
        diagnostics.push(diagnostic.with_path(path));
    }
    found
}

fn due_of(plan: &Plan, node: Node) -> Option<(Date, Span)> {
    match node {
        Node::Item(index) => plan.items[index].due.as_ref().map(|w| (w.end, w.span)),
        Node::Milestone(index) => plan.milestones[index].due.as_ref().map(|w| (w.end, w.span)),
    }
}

fn deadline_order(
    plan: &Plan,
    dependency_graph: &DependencyGraph,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let graph = &dependency_graph.graph;
    let Ok(order) = petgraph::algo::toposort(graph, None) else {
        return;
    };
    // The latest deadline among a node and everything it waits for, and the node that has it.
    let mut latest: Vec<Option<(Date, NodeIndex)>> = vec![None; graph.node_count()];
    let mut came_from: Vec<Option<NodeIndex>> = vec![None; graph.node_count()];
    // Steps from a node back to the holder of its latest deadline, so a long chain is written by
    // its ends without walking it (a walk per late deadline was quadratic on a long chain).
    let mut depth: Vec<usize> = vec![0; graph.node_count()];
    for &node in &order {
        let Some(&weight) = graph.node_weight(node) else {
            continue;
        };
        let own = due_of(plan, weight);
        let mut inherited: Option<(Date, NodeIndex, NodeIndex)> = None;
        for edge in graph.edges_directed(node, petgraph::Direction::Incoming) {
            let dependency = &plan.dependencies[*edge.weight()];
            if dependency.from_start {
                continue;
            }
            let source = petgraph::visit::EdgeRef::source(&edge);
            if let Some(&Some((date, holder))) = latest.get(source.index())
                && inherited.is_none_or(|(best, _, _)| date > best)
            {
                inherited = Some((date, holder, source));
            }
        }
        if let (Some((own_date, own_span)), Some((date, holder, via))) = (own, inherited)
            && date > own_date
        {
            {
                let mut chain = vec![node, via];
                let mut cursor = via;
                while cursor != holder && chain.len() < CHAIN_TAIL + 1 {
                    match came_from.get(cursor.index()) {
                        Some(&Some(previous)) => {
                            chain.push(previous);
                            cursor = previous;
                        }
                        _ => break,
                    }
                }
                // Nodes between the holder and the last one walked back to, left out.
                let left_out = if cursor == holder {
                    0
                } else {
                    depth.get(cursor.index()).copied().unwrap_or(0)
                };
                if cursor != holder {
                    chain.push(holder);
                }
                chain.reverse();
                let mut names: Vec<String> = chain
                    .iter()
                    .filter_map(|&n| graph.node_weight(n))
                    .map(|&n| describe(plan, n))
                    .collect();
                if left_out > 1 {
                    names.insert(1, format!("… {} more …", left_out - 1));
                }
                let holder_span = graph
                    .node_weight(holder)
                    .and_then(|&n| due_of(plan, n))
                    .map(|(_, span)| span);
                diagnostics.push(
                    Problem::DueBeforePrerequisite {
                        name: describe(plan, weight),
                        due: own_date,
                        prerequisite: graph
                            .node_weight(holder)
                            .map(|&n| describe(plan, n))
                            .unwrap_or_default(),
                        prerequisite_due: date,
                        chain: names,
                        span: own_span,
                        prerequisite_span: holder_span,
                    }
                    .into(),
                );
            }
        }
        let entry = match (own, inherited) {
            (Some((own_date, _)), Some((date, holder, via))) if date > own_date => {
                if let Some(slot) = came_from.get_mut(node.index()) {
                    *slot = Some(via);
                }
                set_depth(&mut depth, node, via);
                Some((date, holder))
            }
            (Some((own_date, _)), _) => Some((own_date, node)),
            (None, Some((date, holder, via))) => {
                if let Some(slot) = came_from.get_mut(node.index()) {
                    *slot = Some(via);
                }
                set_depth(&mut depth, node, via);
                Some((date, holder))
            }
            (None, None) => None,
        };
        if let Some(slot) = latest.get_mut(node.index()) {
            *slot = entry;
        }
    }
}

/// `node` is one step further from its deadline's holder than `via`.
fn set_depth(depth: &mut [usize], node: NodeIndex, via: NodeIndex) {
    let steps = depth.get(via.index()).copied().unwrap_or(0) + 1;
    if let Some(slot) = depth.get_mut(node.index()) {
        *slot = steps;
    }
}
