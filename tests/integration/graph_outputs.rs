//! `planc graph`: DOT, Mermaid flowchart, JSON nodes and edges. The DOT rendered by Graphviz is
//! checked in tests/tools/graph_outputs.rs.

use crate::support::assert_contains;
use crate::support::{BUNDLED, SAMPLE, stdout_of};
use serde_json::Value;

#[test]
fn dot_marks_critical_edges_bold_and_groups_by_section() {
    let text = stdout_of(&["graph", SAMPLE]);
    assert_contains(&text, &["subgraph cluster_s0 {", "subgraph cluster_s1 {"]);
    // 调研 (i0) → 方案 (i1) is critical; 方案 → 平台 (start-to-start) is not.
    let edge = text
        .lines()
        .find(|l| l.trim_start().starts_with("i0 -> i1"))
        .unwrap();
    assert!(edge.contains("style=bold"), "{edge}");
    let ss = text
        .lines()
        .find(|l| l.trim_start().starts_with("i1 -> i4"))
        .unwrap();
    assert!(ss.contains("style=dashed") && !ss.contains("bold"), "{ss}");
    // The milestone is a row on its item, and its edge to its own item is not drawn.
    assert!(text.contains("<TD PORT=\"m0\""), "{text}");
    assert!(!text.contains("i0 -> i0:m0"), "{text}");
}

#[test]
fn mermaid_flowchart() {
    let text = stdout_of(&["graph", SAMPLE, "--format", "mermaid"]);
    assert!(text.starts_with("flowchart LR\n"));
    assert_contains(
        &text,
        &[
            "  i0 ==> i1\n",
            "  i1 -.->|\"开始\"| i4\n",
            // Sections in plan order, milestones on their item, labels broken between words.
            "  s0 ~~~ s1\n",
            "    i4[\"（五） 建设平台<br/>◆ 平台上线\"]\n",
        ],
    );
    assert!(
        !text.contains("{{"),
        "no milestone nodes of their own: {text}"
    );
    let bundled = stdout_of(&["graph", BUNDLED, "--format", "mermaid"]);
    assert!(
        bundled.contains("[\"（八） 完善融合<br/>教育发展机制\"]"),
        "{bundled}"
    );
    assert!(text.contains("#quot;quoted#quot;"));
    assert_eq!(
        text.matches("subgraph").count(),
        text.matches("\n  end\n").count()
    );
}

#[test]
fn json_nodes_and_edges() {
    let value: Value =
        serde_json::from_str(&stdout_of(&["graph", SAMPLE, "--format", "json"])).unwrap();
    assert_eq!(value["format"], "planc-graph");
    assert_eq!(value["nodes"].as_array().map(Vec::len), Some(8));
    let edges = value["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 5);
    let ss = crate::support::json::entry(&value["edges"], "type", "start_to_start");
    assert_eq!(ss["lag"]["amount"], 5);
    assert_eq!(ss["lag"]["unit"], "workdays");
    assert_eq!(ss["critical"], false);
    assert!(edges.iter().any(|e| e["critical"] == true));
    // Deterministic.
    assert_eq!(
        stdout_of(&["graph", BUNDLED, "--format", "json"]),
        stdout_of(&["graph", BUNDLED, "--format", "json"])
    );
}
