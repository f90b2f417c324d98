//! The schedule as iCalendar (RFC 5545): one single-day, all-day event per item (on the day it is
//! due, its planned span in the description), per milestone and per recurring occurrence.
//!
//! An item is not one event spanning its dates: most items of a yearly plan run all year, and a
//! calendar app would show each as an all-day banner on every day of the year. A VTODO with a
//! DUE was the other choice, but Google Calendar and Outlook ignore or mangle VTODO on import,
//! while every calendar program shows a VEVENT. UIDs are derived from the plan title and the
//! names in it, so importing a new version updates events instead of duplicating them. No clock:
//! DTSTAMP is the period start.

use super::util::{Filter, fnv, one_line, owner_label, rows};
use crate::emit::doc::target_phrase;
use crate::model::Plan;
use crate::schedule::Schedule;
use jiff::civil::Date;

/// Escapes a TEXT value.
fn text(value: &str) -> String {
    crate::emit::markup::replace_chars(value, |c| match c {
        '\\' => Some("\\\\"),
        ';' => Some("\\;"),
        ',' => Some("\\,"),
        '\n' => Some("\\n"),
        '\r' => Some(""),
        _ => None,
    })
}

/// Appends one content line, folded at 75 octets without splitting a character, ending in CRLF.
fn line(out: &mut String, content: &str) {
    let mut used = 0;
    let mut first = true;
    for c in content.chars() {
        let limit = if first { 75 } else { 74 };
        if used + c.len_utf8() > limit {
            out.push_str("\r\n ");
            used = 0;
            first = false;
        }
        out.push(c);
        used += c.len_utf8();
    }
    out.push_str("\r\n");
}

fn compact(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

/// A stable UID for one event.
fn uid(plan: &Plan, kind: &str, key: &str) -> String {
    format!(
        "{kind}-{:016x}@planc",
        fnv(&format!("{}\u{1f}{kind}\u{1f}{key}", plan.title))
    )
}

struct Event<'a> {
    uid: String,
    day: Date,
    summary: String,
    description: String,
    category: &'a str,
}

fn event(out: &mut String, stamp: &str, event: &Event) {
    line(out, "BEGIN:VEVENT");
    line(out, &format!("UID:{}", event.uid));
    line(out, &format!("DTSTAMP:{stamp}"));
    line(out, &format!("DTSTART;VALUE=DATE:{}", compact(event.day)));
    // DTEND is exclusive (RFC 5545 3.6.1): the next day makes a one-day event.
    let end = event.day.tomorrow().unwrap_or(event.day);
    line(out, &format!("DTEND;VALUE=DATE:{}", compact(end)));
    line(out, &format!("SUMMARY:{}", text(&event.summary)));
    if !event.description.is_empty() {
        line(out, &format!("DESCRIPTION:{}", text(&event.description)));
    }
    if !event.category.is_empty() {
        line(out, &format!("CATEGORIES:{}", text(event.category)));
    }
    line(out, "TRANSP:TRANSPARENT");
    line(out, "END:VEVENT");
}

/// The schedule as an iCalendar file (CRLF line ends, folded lines).
pub fn ics(plan: &Plan, schedule: &Schedule, filter: &Filter) -> String {
    let mut out = String::new();
    let stamp = format!("{}T000000Z", compact(schedule.period.start));
    line(&mut out, "BEGIN:VCALENDAR");
    line(&mut out, "VERSION:2.0");
    line(&mut out, "PRODID:-//planc//planc schedule//EN");
    line(&mut out, "CALSCALE:GREGORIAN");
    line(&mut out, "METHOD:PUBLISH");
    line(
        &mut out,
        &format!("X-WR-CALNAME:{}", text(&one_line(&plan.title))),
    );
    for (_, item, slot) in rows(plan, schedule, filter) {
        let category = plan.sections[item.section].title.as_str();
        let lead = owner_label(item);
        let mut description = format!(
            "{} {}\n{}计划 {} – {}，机动 {} 个工作日{}",
            item.number,
            one_line(&item.title),
            if lead.is_empty() {
                String::new()
            } else {
                format!("牵头：{lead}\n")
            },
            slot.start,
            slot.finish,
            slot.total_slack,
            if slot.critical { "（关键）" } else { "" }
        );
        if let Some(due) = &item.due {
            description.push_str(&format!("\n时限：{}", due.written));
        }
        event(
            &mut out,
            &stamp,
            &Event {
                uid: uid(plan, "item", &item.id),
                day: slot.finish,
                summary: format!("{} {}（截止）", item.number, one_line(&item.title)),
                description,
                category,
            },
        );
        // A target that names its year (`时限 2023年`): an event on its due day.
        for &t in &item.targets {
            let (target, Some(day)) = (&plan.targets[t], schedule.targets[t]) else {
                continue;
            };
            let Some(due) = &target.due else {
                continue;
            };
            if !filter.date(day) {
                continue;
            }
            event(
                &mut out,
                &stamp,
                &Event {
                    uid: uid(plan, "target", &target.id),
                    day,
                    summary: format!("◎ {}（{}）", one_line(&target_phrase(plan, t)), due.written),
                    description: format!("{} {}", item.number, one_line(&item.title)),
                    category,
                },
            );
        }
        for (_, milestone, mslot) in filter.milestones(plan, schedule, item) {
            event(
                &mut out,
                &stamp,
                &Event {
                    uid: uid(plan, "milestone", &milestone.id),
                    day: mslot.finish,
                    summary: format!("◆ {}", one_line(&milestone.title)),
                    description: format!("{} {}", item.number, one_line(&item.title)),
                    category,
                },
            );
        }
        for (recurrence, occurrence) in filter.occurrences(plan, schedule, item) {
            event(
                &mut out,
                &stamp,
                &Event {
                    uid: uid(
                        plan,
                        "occurrence",
                        &format!("{}#{}", recurrence.id, occurrence.index),
                    ),
                    day: occurrence.due,
                    summary: format!(
                        "{}（第{}次）",
                        one_line(&recurrence.title),
                        occurrence.index
                    ),
                    description: format!(
                        "{} {}\n可自 {} 起，截至 {}",
                        item.number,
                        one_line(&item.title),
                        occurrence.start,
                        occurrence.due
                    ),
                    category,
                },
            );
        }
    }
    line(&mut out, "END:VCALENDAR");
    out
}
