//! `planc diff`: what changed in meaning between two versions of a plan.
//!
//! Both versions are checked plans; items, targets, milestones and recurrences are matched by their
//! identifiers, so renaming a title, renumbering or moving an item is reported as such, and a change
//! of layout (what `planc fmt` does) is no change at all.
//!
//! - [`change`]: what a change is, its before and after as typed values;
//! - [`compare`](mod@compare): matching the two plans and listing the changes;
//! - `reorder`: which items moved among their siblings;
//! - `describe`: the model's things as values;
//! - [`render`]: the one place where values and changes become text (people, Markdown, JSON).
//!
//! Whether a change weakens a commitment is the policy's rule ([`crate::policy::is_weakening`]).

pub mod change;
pub mod compare;
mod describe;
pub mod render;
mod reorder;

pub use change::Change;
pub use compare::{Versions, compare};
pub use render::{human, json, markdown};
