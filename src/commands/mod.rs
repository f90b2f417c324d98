//! One module per subcommand; each owns its arguments and output, and gets its plan from `pipeline`.

pub mod build;
pub mod check;
pub mod checklist;
pub mod diff;
pub mod doc;
pub mod export;
pub mod fmt;
pub mod graph;
pub mod import;
pub mod import_progress;
pub mod lsp;
pub mod progress_diff;
pub mod schedule;
pub mod sheet;
pub mod status;
