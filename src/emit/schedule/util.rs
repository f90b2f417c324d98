//! Shared helpers of the schedule renderers.

use crate::model::{Item, ItemId, Milestone, MilestoneId, OwnerId, Plan, Recurrence};
use crate::schedule::{Occurrence, Schedule, Slot};
use jiff::civil::Date;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Which rows a renderer shows: all when every field is `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only items this owner (or group) leads or supports, by name.
    pub owner: Option<String>,
    /// Only items that run in this date range (inclusive), e.g. a quarter or a month.
    pub range: Option<(Date, Date)>,
}

impl Filter {
    /// Whether an item passes the filter, on its planned dates.
    pub fn item(&self, plan: &Plan, item: &Item, slot: &Slot) -> bool {
        if let Some(owner) = &self.owner {
            let wanted: Vec<OwnerId> = plan
                .owners
                .ids()
                .find(|&o| &plan.owners[o].id == owner)
                .map(|o| vec![o])
                .or_else(|| {
                    plan.groups
                        .iter()
                        .find(|g| &g.id == owner)
                        .map(|g| g.members.to_vec())
                })
                .unwrap_or_default();
            let named = item
                .lead
                .iter()
                .chain(item.support.iter())
                .any(|r| r.name == *owner);
            let involved = item.owner_indices().iter().any(|o| wanted.contains(o));
            if !named && !involved {
                return false;
            }
        }
        if let Some((from, to)) = self.range
            && (slot.finish < from || slot.start > to)
        {
            return false;
        }
        true
    }

    /// Whether an owner (index into [`Plan::owners`]) passes the owner part of the filter.
    pub fn owner(&self, plan: &Plan, owner: OwnerId) -> bool {
        let Some(name) = &self.owner else {
            return true;
        };
        &plan.owners[owner].id == name
            || plan
                .groups
                .iter()
                .any(|g| &g.id == name && g.members.contains(&owner))
    }

    /// Whether a date range overlaps the date part of the filter.
    pub fn overlaps(&self, start: Date, end: Date) -> bool {
        self.range
            .is_none_or(|(from, to)| start <= to && end >= from)
    }

    /// Whether a date passes the date part of the filter.
    pub fn date(&self, date: Date) -> bool {
        self.range
            .is_none_or(|(from, to)| from <= date && date <= to)
    }

    /// The milestones of `item` whose day passes the date part of the filter, with their slots.
    pub fn milestones<'a>(
        &'a self,
        plan: &'a Plan,
        schedule: &'a Schedule,
        item: &'a Item,
    ) -> impl Iterator<Item = (MilestoneId, &'a Milestone, &'a Slot)> + 'a {
        item.milestones
            .iter()
            .map(|&m| (m, &plan.milestones[m], &schedule.milestones[m]))
            .filter(|(_, _, slot)| self.date(slot.finish))
    }

    /// The occurrences of `item`'s recurring work whose due day passes the date part of the
    /// filter, recurrence by recurrence.
    pub fn occurrences<'a>(
        &'a self,
        plan: &'a Plan,
        schedule: &'a Schedule,
        item: &'a Item,
    ) -> impl Iterator<Item = (&'a Recurrence, &'a Occurrence)> + 'a {
        item.recurrences.iter().flat_map(move |&r| {
            schedule
                .occurrences_of(r)
                .filter(|occurrence| self.date(occurrence.due))
                .map(move |occurrence| (&plan.recurrences[r], occurrence))
        })
    }
}

/// The lead owner as written, or an empty string.
pub fn owner_label(item: &Item) -> String {
    item.lead
        .as_ref()
        .map(|r| r.name.to_string())
        .unwrap_or_default()
}

/// Items in plan order with their slots, passing the filter.
pub(crate) fn rows<'a>(
    plan: &'a Plan,
    schedule: &'a Schedule,
    filter: &'a Filter,
) -> impl Iterator<Item = (ItemId, &'a Item, &'a Slot)> + 'a {
    plan.items
        .iter_enumerated()
        .zip(schedule.items.iter())
        .map(|((index, item), slot)| (index, (item, slot)))
        .filter(move |(_, (item, slot))| filter.item(plan, item, slot))
        .map(|(index, (item, slot))| (index, item, slot))
}

/// A title with every run of whitespace (line ends included) made one space.
pub(crate) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Escapes text for XML/HTML content and attributes.
pub(crate) fn xml(text: &str) -> String {
    crate::emit::markup::escape(text, Some("&#39;"), |c| {
        ((c as u32) < 0x20 && c != '\n' && c != '\t').then_some(" ")
    })
}

/// A 64-bit FNV-1a hash, for stable identifiers.
pub(crate) fn fnv(text: &str) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

/// Cuts text to at most `width` display columns, ending in `…` when cut.
pub fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}
