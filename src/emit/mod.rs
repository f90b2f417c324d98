//! Renderers of the checked plan.

pub mod checklist;
pub mod doc;
pub mod graph;
pub mod schedule;
