//! Reading a schedule in a test: an item's or milestone's slot by its id, dates written as
//! `2020-03-02`, and tables of expected spans whose failure names the row.

use jiff::civil::Date;
use planc::diagnostic::{Code, Diagnostic};
use planc::model::Plan;
use planc::schedule::{Schedule, Slot};

/// A date written `YYYY-MM-DD` (a test's own constant: a bad one fails the test).
pub fn day(text: &str) -> Date {
    text.parse()
        .unwrap_or_else(|e| panic!("`{text}` is not a date: {e}"))
}

/// The slot of the item `id`.
pub fn item<'a>(plan: &Plan, s: &'a Schedule, id: &str) -> &'a Slot {
    &s.items[found(plan.items.position(|i| i.id == id), "item", id)]
}

/// The slot of the milestone `id`.
pub fn milestone<'a>(plan: &Plan, s: &'a Schedule, id: &str) -> &'a Slot {
    &s.milestones[found(plan.milestones.position(|m| m.id == id), "milestone", id)]
}

fn found<T>(index: Option<T>, what: &str, id: &str) -> T {
    index.unwrap_or_else(|| panic!("no {what} `{id}`"))
}

/// When a slot starts and finishes.
pub fn span(slot: &Slot) -> (Date, Date) {
    (slot.start, slot.finish)
}

/// Each row's item starts and finishes on the row's dates (`(id, start, finish)`); a failure
/// names the item.
pub fn assert_spans(plan: &Plan, s: &Schedule, rows: &[(&str, &str, &str)]) {
    for &(id, start, finish) in rows {
        assert_eq!(span(item(plan, s, id)), (day(start), day(finish)), "{id}");
    }
}

/// The one diagnostic of `diagnostics`, which must have `code`.
pub fn the_one(diagnostics: &[Diagnostic], code: Code) -> &Diagnostic {
    assert_eq!(
        diagnostics.len(),
        1,
        "one diagnostic expected: {diagnostics:#?}"
    );
    assert_eq!(diagnostics[0].code, code, "{}", diagnostics[0].message);
    &diagnostics[0]
}
