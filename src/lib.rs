//! planc: a plan-as-code compiler for yearly work plans.
//!
//! Data flows one way: [`loader`] reads files, [`syntax`] parses them into a syntax tree,
//! [`check`] resolves and checks it into a [`model::Plan`], and the output modules render the plan.

pub mod calendar;
pub mod check;
pub mod cli;
pub mod commands;
pub mod diagnostic;
pub mod diff;
pub mod emit;
pub mod export;
pub mod format;
pub mod import;
pub mod loader;
pub mod lsp;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod policy;
pub mod progress;
pub mod report;
pub mod report_ci;
pub mod schedule;
pub mod source;
pub mod syntax;
