//! Progress files written from resolved entries (by `planc import-progress`), in one canonical
//! layout: the header, then one entry per item in plan order.

use super::check::Entry;
use crate::model::Plan;
use jiff::civil::Date;
use std::fmt::Write as _;

/// A string literal of the language: `"…"` with `"`, `\`, `{`, `}` and `` ` `` escaped.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' | '{' | '}' | '`' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Merges `newer` into `older`: what the newer entry gives replaces the older's; milestones,
/// occurrences and actuals it does not mention are kept.
pub fn merge(older: &mut Entry, newer: Entry) {
    if newer.status.is_some() {
        older.status = newer.status;
    }
    if newer.percent.is_some() {
        older.percent = newer.percent;
    }
    if newer.done.is_some() {
        older.done = newer.done;
    }
    for (slot, text) in [
        (&mut older.achieved, newer.achieved),
        (&mut older.problems, newer.problems),
        (&mut older.next, newer.next),
    ] {
        if text.is_some() {
            *slot = text;
        }
    }
    for actual in newer.actuals {
        match older.actuals.iter_mut().find(|a| a.0 == actual.0) {
            Some(slot) => *slot = actual,
            None => older.actuals.push(actual),
        }
    }
    for milestone in newer.milestones {
        if !older.milestones.iter().any(|m| m.0 == milestone.0) {
            older.milestones.push(milestone);
        }
    }
    for occurrence in newer.occurrences {
        match older.occurrences.iter_mut().find(|o| o.0 == occurrence.0) {
            Some(slot) => *slot = occurrence,
            None => older.occurrences.push(occurrence),
        }
    }
}

/// The text of a progress file.
pub fn file(plan: &Plan, as_of: Date, entries: &[Entry]) -> String {
    let mut sorted: Vec<&Entry> = entries.iter().collect();
    sorted.sort_by_key(|e| e.item);
    let mut out = format!("进展 {} 截至 {as_of}\n", quote(&plan.title));
    for entry in sorted {
        let item = &plan.items[entry.item];
        out.push('\n');
        let _ = write!(out, "事项 {}", item.id);
        if let Some(status) = entry.status {
            let _ = write!(out, " {}", status.zh());
        }
        if let Some(percent) = entry.percent {
            let _ = write!(out, " {}%", percent.normalize());
        }
        let mut body = Vec::new();
        let mut actuals: Vec<_> = entry.actuals.iter().collect();
        actuals.sort_by_key(|a| a.0);
        for (target, _, written) in actuals {
            {
                let target = &plan.targets[*target];
                body.push(format!("指标 {} 实际 {written}", target.id));
            }
        }
        for (milestone, date) in &entry.milestones {
            {
                let milestone = &plan.milestones[*milestone];
                body.push(format!("节点 {} 完成 {date}", milestone.id));
            }
        }
        for (recurrence, dates) in &entry.occurrences {
            {
                let recurrence = &plan.recurrences[*recurrence];
                let dates: Vec<String> = dates.iter().map(Date::to_string).collect();
                body.push(format!("周期 {} 完成 {}", recurrence.id, dates.join(", ")));
            }
        }
        if let Some(done) = entry.done {
            body.push(format!("完成 {done}"));
        }
        for (keyword, text) in [
            ("完成情况", &entry.achieved),
            ("存在问题", &entry.problems),
            ("下步打算", &entry.next),
        ] {
            if let Some(text) = text {
                body.push(format!("{keyword} {}", quote(text)));
            }
        }
        if body.is_empty() {
            out.push('\n');
        } else {
            out.push_str(" {\n");
            for line in body {
                let _ = writeln!(out, "  {line}");
            }
            out.push_str("}\n");
        }
    }
    out
}
