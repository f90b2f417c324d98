//! One module per subcommand beyond `check` and `export`; each owns its arguments and output.

pub mod build;
pub mod checklist;
pub mod diff;
pub mod doc;
pub mod fmt;
pub mod graph;
pub mod import_progress;
pub mod schedule;
pub mod sheet;
pub mod status;
