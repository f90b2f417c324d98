//! `planc graph`: DOT rendered by Graphviz, Mermaid flowchart, JSON nodes and edges.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Stdio};

const SAMPLE: &str = "tests/fixtures/schedule/sample.plan";
const BUNDLED: &str = "plans/changzhou-education-2020.plan";

fn ok(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the planc binary runs");
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8")
}

fn render_with_dot(text: &str) -> Option<String> {
    let Ok(mut child) = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
    else {
        if std::env::var_os("CI").is_some() {
            panic!("Graphviz `dot` is not available, and CI is set");
        }
        eprintln!("notice: Graphviz `dot` is not available (apt-get install graphviz); skipping");
        return None;
    };
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(text.as_bytes())
        .expect("write");
    let output = child.wait_with_output().expect("dot finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "dot rejected the graph: {stderr}");
    assert!(!stderr.contains("syntax error"), "{stderr}");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn dot_renders_with_graphviz() {
    for plan in [SAMPLE, BUNDLED] {
        let text = ok(&["graph", plan]);
        assert!(text.starts_with("digraph plan {"));
        if let Some(svg) = render_with_dot(&text) {
            assert!(svg.contains("<svg"));
            assert!(svg.contains("cluster_s0"), "sections are clusters");
        }
    }
}

#[test]
fn dot_marks_critical_edges_bold_and_groups_by_section() {
    let text = ok(&["graph", SAMPLE]);
    assert!(text.contains("subgraph cluster_s0 {"));
    assert!(text.contains("subgraph cluster_s1 {"));
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
    assert!(text.contains("m0 [shape=diamond"));
}

#[test]
fn mermaid_flowchart() {
    let text = ok(&["graph", SAMPLE, "--format", "mermaid"]);
    assert!(text.starts_with("flowchart LR\n"));
    assert!(text.contains("  i0 ==> i1\n"));
    assert!(text.contains("  i1 -. 开始 .-> i4\n"));
    assert!(text.contains("#quot;quoted#quot;"));
    assert_eq!(
        text.matches("subgraph").count(),
        text.matches("\n  end\n").count()
    );
}

#[test]
fn json_nodes_and_edges() {
    let value: Value = serde_json::from_str(&ok(&["graph", SAMPLE, "--format", "json"])).unwrap();
    assert_eq!(value["format"], "planc-graph");
    assert_eq!(value["nodes"].as_array().map(Vec::len), Some(8));
    let edges = value["edges"].as_array().unwrap();
    assert_eq!(edges.len(), 5);
    let ss = edges
        .iter()
        .find(|e| e["type"] == "start_to_start")
        .unwrap();
    assert_eq!(ss["lag"]["amount"], 5);
    assert_eq!(ss["lag"]["unit"], "workdays");
    assert_eq!(ss["critical"], false);
    assert!(edges.iter().any(|e| e["critical"] == true));
    // Deterministic.
    assert_eq!(
        ok(&["graph", BUNDLED, "--format", "json"]),
        ok(&["graph", BUNDLED, "--format", "json"])
    );
}
