//! `planc lsp`: the Language Server Protocol over standard input and output.
//!
//! Built on `lsp-server` and `lsp-types` (rust-analyzer's synchronous crates) rather than an async
//! framework: planc has no async runtime, checking is CPU work on one plan, and a plain main loop
//! with a check thread and a few request threads makes "the newest text wins" explicit
//! ([`server`]). Diagnostics come from the same pipeline as `planc check`
//! ([`crate::pipeline::check_with`]); the editor features read one checked version of the plan
//! ([`analysis::Analysis`]) and its index of names ([`index`]).

pub mod analysis;
pub mod features;
pub mod index;
mod keywords;
pub mod position;
pub mod server;

pub use server::run;
