//! Renderers of a [`Schedule`](crate::schedule::Schedule): terminal table, CSV, JSON, iCalendar,
//! Mermaid gantt and a self-contained HTML/SVG Gantt chart.

pub mod csv;
pub mod html;
pub mod ics;
pub mod json;
pub mod mermaid;
pub mod table;
mod util;

pub use util::{Filter, owner_label};
