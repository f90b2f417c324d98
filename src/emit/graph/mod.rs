//! Renderers of the dependency graph: Graphviz DOT, Mermaid flowchart and JSON.

pub mod dot;
pub mod json;
pub mod mermaid;
pub mod wrap;
