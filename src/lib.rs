//! planc: a plan-as-code compiler for yearly work plans.
//!
//! Data flows one way: [`syntax::loader`] reads files, [`syntax`] parses them into a syntax tree,
//! [`check`] resolves and checks it into a [`model::Plan`] (and schedules it with [`schedule`]),
//! and the output modules render the plan. The modules are listed by layer, top first; a module
//! imports only from its own layer and the layers below it (`tests/integration/tidy.rs` holds the code to
//! that, and ARCHITECTURE.md draws the map).

#![forbid(unsafe_code)]

// The command line: argv → exit code; the only places that print and write files.
pub mod cli;
pub mod commands;
pub(crate) mod output;
pub(crate) mod pipeline;

// Outputs and review: what is made of a checked plan.
pub(crate) mod diff;
pub mod emit;
pub mod format;
pub mod import;
pub mod policy;
pub mod progress;

// The phases that turn text into a checked, scheduled plan, one layer each.
pub mod check;

pub mod schedule;

pub mod model;

pub mod syntax;

// Foundations every phase uses.
pub mod calendar;
pub mod diagnostic;
pub mod source;
