//! `planc graph` read back by Graphviz: the DOT renders, sections lay out in plan order, labels
//! break between words.

use crate::support::{BUNDLED, SAMPLE, stdout_of};
use crate::{Check, DOT, pipe_tool};
use serde_json::Value;
use std::process::Command;

pub const CHECKS: &[Check] = checks!("graph_outputs":
    dot_renders_with_graphviz needs [DOT],
    dot_lays_sections_out_in_plan_order needs [DOT],
    dot_labels_break_between_words_and_carry_their_milestones needs [DOT],
);

/// The SVG Graphviz draws, which it must draw without a warning.
fn render_with_dot(text: &str) -> String {
    let output = pipe_tool(Command::new("dot").arg("-Tsvg"), text);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.trim().is_empty(), "Graphviz warned: {stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn dot_renders_with_graphviz() {
    for plan in [SAMPLE, BUNDLED] {
        let text = stdout_of(&["graph", plan]);
        assert!(text.starts_with("digraph plan {"));
        let svg = render_with_dot(&text);
        assert!(svg.contains("<svg"));
        assert!(svg.contains("cluster_s0"), "sections are clusters");
    }
}

/// The text lines Graphviz drew in each node, by node name, from its SVG.
fn node_lines(svg: &str) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut nodes = std::collections::BTreeMap::new();
    for group in svg.split("<g id=\"node").skip(1) {
        let group = group.split("</g>\n</g>").next().unwrap_or(group);
        let title = group
            .split("<title>")
            .nth(1)
            .and_then(|t| t.split("</title>").next())
            .unwrap_or_default()
            .to_string();
        let lines: Vec<String> = group
            .split("<text")
            .skip(1)
            .filter_map(|t| t.split_once('>').map(|(_, rest)| rest))
            .filter_map(|t| t.split("</text>").next())
            .map(|t| {
                t.replace("&#45;", "-")
                    .replace("&quot;", "\"")
                    .replace("&amp;", "&")
            })
            .collect();
        nodes.insert(title, lines);
    }
    nodes
}

/// Clusters' bounding boxes and nodes' positions.
type Layout = (
    Vec<(String, [f64; 4])>,
    std::collections::BTreeMap<String, (f64, f64)>,
);

/// The bounding box (left, bottom, right, top) of each cluster, by name, from `dot -Tjson`,
/// and the position of each node.
fn layout(text: &str) -> Option<Layout> {
    let output = pipe_tool(Command::new("dot").arg("-Tjson"), text);
    let json: Value = serde_json::from_slice(&output.stdout).expect("dot's JSON");
    let number = |s: &str| -> Vec<f64> { s.split(',').filter_map(|n| n.parse().ok()).collect() };
    let mut clusters = Vec::new();
    let mut nodes = std::collections::BTreeMap::new();
    for object in json["objects"].as_array()? {
        let name = object["name"].as_str()?.to_string();
        if let Some(bb) = object["bb"].as_str() {
            let bb = number(bb);
            clusters.push((name, [bb[0], bb[1], bb[2], bb[3]]));
        } else if let Some(pos) = object["pos"].as_str() {
            let pos = number(pos);
            nodes.insert(name, (pos[0], pos[1]));
        }
    }
    Some((clusters, nodes))
}

fn dot_lays_sections_out_in_plan_order() {
    for plan in [SAMPLE, BUNDLED] {
        let text = stdout_of(&["graph", plan]);
        let (clusters, nodes) = layout(&text).expect("dot's JSON has the layout");
        // Clusters left to right in plan order, none overlapping the next.
        let mut clusters: Vec<(usize, [f64; 4])> = clusters
            .into_iter()
            .filter_map(|(name, bb)| Some((name.strip_prefix("cluster_s")?.parse().ok()?, bb)))
            .collect();
        clusters.sort_by_key(|&(s, _)| s);
        assert!(clusters.len() >= 2, "{plan}");
        for pair in clusters.windows(2) {
            assert!(pair[0].1[2] < pair[1].1[0], "{plan}: {pair:?}");
        }
        // Items that share a column are in plan order, top to bottom.
        let mut columns: std::collections::BTreeMap<i64, Vec<(usize, f64)>> = Default::default();
        for (name, (x, y)) in &nodes {
            if let Some(index) = name.strip_prefix('i').and_then(|i| i.parse::<usize>().ok()) {
                columns
                    .entry(x.round() as i64)
                    .or_default()
                    .push((index, *y));
            }
        }
        for column in columns.values_mut() {
            column.sort_by_key(|&(index, _)| index);
            for pair in column.windows(2) {
                assert!(
                    pair[0].1 > pair[1].1,
                    "{plan}: i{} is not above i{}",
                    pair[0].0,
                    pair[1].0
                );
            }
        }
    }
}

fn dot_labels_break_between_words_and_carry_their_milestones() {
    let text = stdout_of(&["graph", BUNDLED]);
    let svg = render_with_dot(&text);
    let nodes = node_lines(&svg);
    let json: Value =
        serde_json::from_str(&stdout_of(&["graph", BUNDLED, "--format", "json"])).unwrap();
    let items: Vec<&Value> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "item")
        .collect();
    // Words a break must never split.
    let words = [
        "融合",
        "资源",
        "信息化",
        "民办",
        "教育",
        "机制",
        "工程",
        "夯实",
        "共建",
        "中期",
    ];
    for (index, item) in items.iter().enumerate() {
        let lines = &nodes[&format!("i{index}")];
        let title = format!(
            "{} {}",
            item["number"].as_str().unwrap(),
            item["title"].as_str().unwrap()
        );
        // The item's lines come first and spell its title.
        let mut spelled = String::new();
        let mut count = 0;
        for line in lines {
            if spelled.replace(' ', "") == title.replace(' ', "") {
                break;
            }
            spelled.push_str(line);
            count += 1;
        }
        assert_eq!(
            spelled.replace(' ', ""),
            title.replace(' ', ""),
            "{lines:?}"
        );
        for pair in lines[..count].windows(2) {
            let joint = format!("{}|{}", pair[0], pair[1]);
            for word in words {
                for cut in 1..word.chars().count() {
                    let (a, b): (String, String) = (
                        word.chars().take(cut).collect(),
                        word.chars().skip(cut).collect(),
                    );
                    assert!(
                        !joint.contains(&format!("{a}|{b}")),
                        "{word} broken: {joint}"
                    );
                }
            }
        }
    }
    assert_eq!(nodes["i7"][..2], ["（八） 完善融合", "教育发展机制"]);
    // Each milestone is drawn inside its item's node.
    for milestone in json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|n| n["kind"] == "milestone")
    {
        let item = milestone["item"].as_str().unwrap();
        let index = items.iter().position(|i| i["id"] == item).unwrap();
        let lines = nodes[&format!("i{index}")].concat().replace(' ', "");
        let wanted = format!("◆{}", milestone["title"].as_str().unwrap()).replace(' ', "");
        assert!(
            lines.contains(&wanted),
            "{} not on i{index}: {lines}",
            milestone["title"]
        );
    }
    assert!(
        !nodes.keys().any(|name| name.starts_with('m')),
        "milestones are not nodes"
    );
}
