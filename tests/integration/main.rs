//! The integration tests: one binary, one module per area, all running the real `planc` binary
//! through `support::Planc` or the library directly. The checks that need a third-party tool are
//! in tests/tools/ (a separate binary, so that a missing tool shows as ignored in the summary).

#[path = "../support/mod.rs"]
mod support;

mod build;
mod calendar_years;
mod changzhou;
mod check_build;
mod checklist;
mod ci_formats;
mod counts_facts;
mod diagnostics;
mod diff;
mod diff_policy;
mod doc_outputs;
mod doc_seed;
mod docs;
mod export_schema;
mod fast_parser;
#[cfg(unix)]
mod file_safety;
mod fmt;
mod folded_sections;
mod graph_outputs;
mod growth;
mod harness;
mod hostile;
mod import;
mod lsp;
mod messages;
mod parts;
mod planner_dates;
mod planted;
mod policy_everywhere;
mod progress;
mod prose_figures;
mod real_plans;
mod robustness;
mod schedule_cpm;
mod schedule_outputs;
mod schedule_props;
mod schedule_rules;
mod schedule_scale;
mod source_forms;
mod target_due;
mod templates;
mod tidy;
mod titles;
mod typos;
