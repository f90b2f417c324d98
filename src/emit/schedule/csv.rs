//! The schedule as CSV for spreadsheets: UTF-8 with a byte-order mark (Excel reads a BOM-less CSV
//! in the system's legacy code page, GBK on a Chinese Windows, and garbles UTF-8), CRLF line
//! ends, RFC 4180 quoting. Headers are in the plan's language; each recurring occurrence is a row
//! of its own after its item.

use super::util::{Filter, one_line, owner_label, rows};
use crate::emit::doc::Lang;
use crate::model::Plan;
use crate::schedule::{Occurrence, Schedule, Slot};

/// The column headers, English then Chinese.
const HEADERS: [(&str, &str); 16] = [
    ("kind", "类型"),
    ("number", "序号"),
    ("id", "名称"),
    ("title", "标题"),
    ("section", "部分"),
    ("lead", "牵头单位"),
    ("start", "开始"),
    ("finish", "完成"),
    ("early_start", "最早开始"),
    ("early_finish", "最早完成"),
    ("late_start", "最迟开始"),
    ("late_finish", "最迟完成"),
    ("workdays", "工作日"),
    ("total_slack", "总机动"),
    ("free_slack", "自由机动"),
    ("critical", "关键"),
];

/// The words the rows use, in one language.
struct Words {
    item: &'static str,
    milestone: &'static str,
    occurrence: &'static str,
    yes: &'static str,
    no: &'static str,
}

impl Words {
    fn of(lang: Lang) -> Words {
        match lang {
            Lang::Zh => Words {
                item: "事项",
                milestone: "节点",
                occurrence: "周期",
                yes: "是",
                no: "否",
            },
            Lang::En => Words {
                item: "item",
                milestone: "milestone",
                occurrence: "occurrence",
                yes: "yes",
                no: "no",
            },
        }
    }
}

/// The language a plan's outputs label themselves in by default: Chinese when its title has a
/// Chinese character, English otherwise.
pub fn plan_lang(plan: &Plan) -> Lang {
    let han = |c: char| matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}');
    if plan.title.chars().any(han) {
        Lang::Zh
    } else {
        Lang::En
    }
}

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

fn slot_fields(slot: &Slot, words: &Words) -> Vec<String> {
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
        if slot.critical { words.yes } else { words.no }.to_string(),
    ]
}

/// The dates of an occurrence: it can happen from `start` and is due by `due`; the CPM columns
/// stay empty.
fn occurrence_fields(occurrence: &Occurrence) -> Vec<String> {
    let mut fields = vec![occurrence.start.to_string(), occurrence.due.to_string()];
    fields.resize(HEADERS.len() - 6, String::new());
    fields
}

/// The schedule as CSV in the plan's language ([`plan_lang`]).
pub fn csv(plan: &Plan, schedule: &Schedule, filter: &Filter) -> String {
    csv_in(plan, schedule, filter, plan_lang(plan))
}

/// The schedule as CSV with headers in `lang`: one row per item, then its milestones and its
/// recurring occurrences (by recurrence, then date), with every date and slack.
pub fn csv_in(plan: &Plan, schedule: &Schedule, filter: &Filter, lang: Lang) -> String {
    let words = Words::of(lang);
    let mut out = String::from("\u{feff}");
    let headers: Vec<String> = HEADERS
        .iter()
        .map(|(en, zh)| match lang {
            Lang::Zh => (*zh).to_string(),
            Lang::En => (*en).to_string(),
        })
        .collect();
    record(&mut out, &headers);
    for (_, item, slot) in rows(plan, schedule, filter) {
        let section = plan.sections[item.section].title.clone();
        let lead = owner_label(item);
        // A row of the item: what kind, its id and title, then its dates.
        let row = |out: &mut String, kind: &str, id: String, title: String, dates: Vec<String>| {
            let mut fields = vec![
                kind.to_string(),
                item.number.to_string(),
                id,
                title,
                section.clone(),
                lead.clone(),
            ];
            fields.extend(dates);
            record(out, &fields);
        };
        // The item, then its milestones: rows with every CPM date.
        let milestones = filter
            .milestones(plan, schedule, item)
            .map(|(_, milestone, slot)| (words.milestone, &milestone.id, &*milestone.title, slot));
        for (kind, id, title, slot) in
            std::iter::once((words.item, &item.id, &*item.title, slot)).chain(milestones)
        {
            let dates = slot_fields(slot, &words);
            row(&mut out, kind, id.to_string(), one_line(title), dates);
        }
        for (recurrence, occurrence) in filter.occurrences(plan, schedule, item) {
            let title = match lang {
                Lang::Zh => format!(
                    "{}（第{}次）",
                    one_line(&recurrence.title),
                    occurrence.index
                ),
                Lang::En => format!("{} (#{})", one_line(&recurrence.title), occurrence.index),
            };
            row(
                &mut out,
                words.occurrence,
                format!("{}#{}", recurrence.id, occurrence.index),
                title,
                occurrence_fields(occurrence),
            );
        }
    }
    out
}
