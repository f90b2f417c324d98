//! Renderers of the checked plan.

pub mod build;
pub mod checklist;
pub mod doc;
pub mod export;
pub mod graph;
pub mod markup;
pub mod schedule;
