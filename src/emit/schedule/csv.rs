//! The schedule as CSV for spreadsheets: UTF-8 with a BOM (so Excel reads Chinese correctly),
//! CRLF line ends, RFC 4180 quoting.

use super::util::{Filter, one_line, owner_label, rows};
use crate::model::Plan;
use crate::schedule::{Schedule, Slot};

/// Quotes one field when it holds a comma, a quote or a line end (RFC 4180).
fn field(text: &str) -> String {
    if text.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn record(out: &mut String, fields: &[String]) {
    let quoted: Vec<String> = fields.iter().map(|f| field(f)).collect();
    out.push_str(&quoted.join(","));
    out.push_str("\r\n");
}

fn slot_fields(slot: &Slot) -> Vec<String> {
    vec![
        slot.start.to_string(),
        slot.finish.to_string(),
        slot.early_start.to_string(),
        slot.early_finish.to_string(),
        slot.late_start.to_string(),
        slot.late_finish.to_string(),
        slot.duration.to_string(),
        slot.total_slack.to_string(),
        slot.free_slack.to_string(),
        if slot.critical { "yes" } else { "no" }.to_string(),
    ]
}

/// The schedule as CSV: one row per item and milestone, with every date and slack.
pub fn csv(plan: &Plan, schedule: &Schedule, filter: &Filter) -> String {
    let mut out = String::from("\u{feff}");
    record(
        &mut out,
        &[
            "kind",
            "number",
            "id",
            "title",
            "section",
            "lead",
            "start",
            "finish",
            "early_start",
            "early_finish",
            "late_start",
            "late_finish",
            "workdays",
            "total_slack",
            "free_slack",
            "critical",
        ]
        .map(String::from),
    );
    for (_, item, slot) in rows(plan, schedule, filter) {
        let section = plan
            .sections
            .get(item.section)
            .map(|s| s.title.clone())
            .unwrap_or_default();
        let mut fields = vec![
            "item".to_string(),
            item.number.to_string(),
            item.id.to_string(),
            one_line(&item.title),
            section.clone(),
            owner_label(item),
        ];
        fields.extend(slot_fields(slot));
        record(&mut out, &fields);
        for &m in &item.milestones {
            let (Some(milestone), Some(mslot)) =
                (plan.milestones.get(m), schedule.milestones.get(m))
            else {
                continue;
            };
            if !filter.date(mslot.finish) {
                continue;
            }
            let mut fields = vec![
                "milestone".to_string(),
                item.number.to_string(),
                milestone.id.to_string(),
                one_line(&milestone.title),
                section.clone(),
                owner_label(item),
            ];
            fields.extend(slot_fields(mslot));
            record(&mut out, &fields);
        }
    }
    out
}
