//! An owner's checkboxes in a compact form: which item, milestone or occurrence each one is, its
//! date and status, and nothing else. Their texts are written from the plan only when needed:
//! straight into the output by the built-in renderer ([`super::render`]), or into the
//! [`Entry`] strings a template reads ([`Lines::checklist`]). Both write the texts through the
//! same functions here ([`text`], [`due`], [`target`]), so they cannot disagree.
//!
//! An owner with 100,000 checkboxes costs 100,000 small records and no string, where the
//! [`Checklist`] form costs about a dozen strings per checkbox.

use super::{
    Bucket, Checklist, ChecklistLabels, ChecklistOptions, DUE_SOON_DAYS, Entry, bucket_id,
    bucket_of, full_number, occurrence_table,
};
use crate::emit::doc::{Lang, parts_list, target_phrase};
use crate::model::{Arena, ItemId, MilestoneId, OwnerId, PartLabel, Plan, RecurrenceId, TargetId};
use crate::schedule::Schedule;
use jiff::civil::Date;

/// What every owner's checklist reads: computed once, not once per owner.
pub struct Shared {
    /// The due days of every recurrence's occurrences ([`occurrence_table`]).
    occurrences: Arena<RecurrenceId, Vec<Date>>,
    /// Every target as a phrase ([`target_phrase`]), indexed like [`Plan::targets`].
    phrases: Arena<TargetId, String>,
    /// Every item's full number ([`full_number`]), indexed like [`Plan::items`].
    numbers: Arena<ItemId, String>,
    /// Every item's due day as the schedule has it (a working day), indexed like
    /// [`Plan::items`].
    item_due: Arena<ItemId, Option<Date>>,
    /// Every milestone's day as the schedule has it, indexed like [`Plan::milestones`].
    milestone_due: Arena<MilestoneId, Option<Date>>,
    /// Every target's own due day as the schedule has it (`时限 2023年`), indexed like
    /// [`Plan::targets`].
    target_due: Arena<TargetId, Option<Date>>,
}

impl Shared {
    /// Everything the checklists of `plan` share, with its dates from `schedule`.
    pub fn of(plan: &Plan, schedule: &Schedule) -> Shared {
        Shared {
            occurrences: occurrence_table(plan, schedule),
            item_due: schedule.items.iter().map(|slot| slot.due).collect(),
            milestone_due: plan
                .milestones
                .iter_enumerated()
                .map(|(m, milestone)| {
                    let has_due = milestone.due.is_some();
                    Some(&schedule.milestones[m])
                        .filter(|_| has_due)
                        .map(|slot| slot.finish)
                })
                .collect(),
            target_due: plan.targets.ids().map(|t| schedule.targets[t]).collect(),
            phrases: plan.targets.ids().map(|t| target_phrase(plan, t)).collect(),
            numbers: plan.items.ids().map(|i| full_number(plan, i)).collect(),
        }
    }
}

/// One item of an owner's checklist: its index into [`Plan::items`] and whether the owner leads
/// it (else it supports it).
#[derive(Debug, Clone, Copy)]
pub struct Role {
    /// The item.
    pub item: ItemId,
    /// Whether the owner leads it.
    pub lead: bool,
}

/// What a checkbox is for.
#[derive(Debug, Clone, Copy)]
pub enum What {
    /// The item itself.
    Item,
    /// One of its milestones (index into [`Plan::milestones`]).
    Milestone(MilestoneId),
    /// One occurrence of its recurring work: the recurrence (index into [`Plan::recurrences`]),
    /// the occurrence's number from 1, and how many there are.
    Occurrence(RecurrenceId, usize, usize),
}

/// A checkbox's state on the as-of day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// No as-of day, or not due within [`DUE_SOON_DAYS`].
    Open,
    /// Due before the as-of day.
    Overdue,
    /// Due within [`DUE_SOON_DAYS`] after it.
    Soon,
    /// Reported done in the progress files.
    Done,
}

/// One checkbox.
#[derive(Debug, Clone, Copy)]
pub struct Line {
    /// Its day, if it has one.
    pub date: Option<Date>,
    /// The item (index into [`Plan::items`]).
    pub item: ItemId,
    /// Whether the owner leads the item.
    pub lead: bool,
    /// What it is for.
    pub what: What,
    /// Its state on the as-of day.
    pub status: Status,
    /// The first year of the whole years it runs (`年内`: the whole period), when it does: filed
    /// under 全年 (or the years of a multi-year period), not under its last quarter.
    pub whole_year: Option<i16>,
}

/// One owner's checkboxes, with the counts of its summary.
pub struct Lines {
    /// The owner (index into [`Plan::owners`]).
    pub owner: OwnerId,
    /// The checkboxes in plan order: each item, then its milestones and occurrences.
    pub lines: Vec<Line>,
    /// The checkboxes in the order they are listed (indices into `lines`): by date, undated last,
    /// in plan order among equals.
    pub by_date: Vec<usize>,
    /// Items led.
    pub leads: usize,
    /// Items supported.
    pub supports: usize,
    /// Checkboxes overdue on the as-of day.
    pub overdue: usize,
    /// Checkboxes due soon after the as-of day.
    pub due_soon: usize,
    /// Checkboxes ticked from the progress files.
    pub done: usize,
}

impl Lines {
    /// The checkboxes of `owner`, who leads or supports `items`.
    pub fn of(
        plan: &Plan,
        owner: OwnerId,
        items: &[Role],
        options: &ChecklistOptions,
        shared: &Shared,
    ) -> Lines {
        let mut lines = Vec::new();
        let (mut leads, mut supports) = (0, 0);
        for role in items {
            let item = &plan.items[role.item];
            if role.lead {
                leads += 1;
            } else {
                supports += 1;
            }
            let mut line = |date: Option<Date>, what: What, whole_year: Option<i16>| {
                lines.push(Line {
                    date,
                    item: role.item,
                    lead: role.lead,
                    what,
                    status: Status::Open,
                    whole_year,
                })
            };
            // The item itself (due on the working day the schedule uses), its milestones, every
            // occurrence of its recurring work.
            let window = item.due.as_ref().or(item.window.as_deref());
            let due = shared.item_due[role.item];
            // Whole-year work (`年内`), unless an enclosing item makes it due earlier.
            let whole_year = window
                .filter(|w| {
                    (w.start.month(), w.start.day(), w.end.month(), w.end.day()) == (1, 1, 12, 31)
                        && due
                            .is_none_or(|d| (d.year(), d.month()) == (w.end.year(), w.end.month()))
                })
                .map(|w| w.start.year());
            line(due.or(window.map(|w| w.end)), What::Item, whole_year);
            for &m in &item.milestones {
                let due = shared.milestone_due[m];
                line(due, What::Milestone(m), None);
            }
            for &r in &item.recurrences {
                let dates = shared.occurrences[r].as_slice();
                for (k, &date) in dates.iter().enumerate() {
                    line(Some(date), What::Occurrence(r, k + 1, dates.len()), None);
                }
            }
        }
        let (mut overdue, mut due_soon, mut done) = (0, 0, 0);
        if let Some(ticks) = &options.progress {
            for line in &mut lines {
                let item_done = ticks.items.get(line.item.index()).copied().unwrap_or(false);
                let ticked = item_done
                    || match line.what {
                        What::Item => false,
                        What::Milestone(m) => {
                            ticks.milestones.get(m.index()).copied().unwrap_or(false)
                        }
                        What::Occurrence(r, number, _) => ticks
                            .occurrences
                            .get(r.index())
                            .is_some_and(|&n| number <= n),
                    };
                if ticked {
                    line.status = Status::Done;
                    done += 1;
                }
            }
        }
        if let Some(as_of) = options.as_of {
            for line in &mut lines {
                let Some(date) = line.date else { continue };
                if line.status == Status::Done {
                    continue;
                }
                if date < as_of {
                    line.status = Status::Overdue;
                    overdue += 1;
                } else if as_of
                    .until(date)
                    .map(|span| span.get_days() as i64 <= DUE_SOON_DAYS)
                    .unwrap_or(false)
                {
                    line.status = Status::Soon;
                    due_soon += 1;
                }
            }
        }
        // A stable sort keeps plan order among equals.
        let mut by_date: Vec<usize> = (0..lines.len()).collect();
        by_date.sort_by_key(|&i| {
            lines
                .get(i)
                .map(|line| (line.date.is_none(), bucket_id(line, options.by), line.date))
        });
        Lines {
            owner,
            lines,
            by_date,
            leads,
            supports,
            overdue,
            due_soon,
            done,
        }
    }

    /// The checklist with every text written out, as templates read it; without its checkboxes
    /// (`buckets` empty) when `entries` is false.
    pub fn checklist(
        &self,
        plan: &Plan,
        shared: &Shared,
        options: &ChecklistOptions,
        entries: bool,
    ) -> Checklist {
        let labels = ChecklistLabels::of(options.lang);
        let owner = &plan.owners[self.owner];
        let (owner_id, owner_name) = (owner.id.clone(), owner.display.clone());
        let mut buckets: Vec<Bucket> = Vec::new();
        let mut current = None;
        for line in self.listed().filter(|_| entries) {
            let entry = self.entry(plan, shared, options.lang, &labels, line);
            let id = bucket_id(line, options.by);
            match buckets.last_mut() {
                Some(bucket) if current == Some(id) => bucket.entries.push(entry),
                _ => {
                    let (key, label) = bucket_of(line, options.by, options.lang, &labels);
                    current = Some(id);
                    buckets.push(Bucket {
                        key,
                        label,
                        entries: vec![entry],
                    });
                }
            }
        }
        Checklist {
            owner_id,
            owner_name,
            plan_title: plan.title.clone(),
            leads: self.leads,
            supports: self.supports,
            tasks: self.lines.len(),
            as_of: options.as_of.map(|d| d.to_string()).unwrap_or_default(),
            overdue: self.overdue,
            due_soon: self.due_soon,
            done: self.done,
            buckets,
        }
    }

    /// The checkboxes in the order they are listed.
    pub fn listed(&self) -> impl Iterator<Item = &Line> {
        self.by_date.iter().filter_map(|&i| self.lines.get(i))
    }

    fn entry(
        &self,
        plan: &Plan,
        shared: &Shared,
        lang: Lang,
        labels: &ChecklistLabels,
        line: &Line,
    ) -> Entry {
        let item = &plan.items[line.item];
        let mut text_of = String::new();
        text(plan, shared, lang, line, |piece| text_of.push_str(piece));
        let date = line.date.map(|d| d.to_string()).unwrap_or_default();
        let targets = match line.what {
            What::Item => item
                .targets
                .iter()
                .map(|&t| {
                    let mut phrase = String::new();
                    target(plan, shared, self.owner, lang, t, |piece| {
                        phrase.push_str(piece)
                    });
                    phrase
                })
                .collect(),
            _ => Vec::new(),
        };
        let (status, status_label) = match line.status {
            Status::Open => ("", ""),
            Status::Overdue => ("overdue", labels.overdue.as_str()),
            Status::Soon => ("soon", labels.due_soon.as_str()),
            Status::Done => ("done", labels.done.as_str()),
        };
        Entry {
            kind: kind(line).to_string(),
            item_id: item.id.to_string(),
            number: shared.numbers[line.item].clone(),
            item_title: item.title.to_string(),
            text: text_of,
            role_key: role_key(line).to_string(),
            role: role(line, labels).to_string(),
            due: due(plan, line).map_or_else(|| date.clone(), str::to_string),
            date,
            targets,
            status: status.to_string(),
            done: line.status == Status::Done,
            status_label: status_label.to_string(),
        }
    }
}

/// `item`, `milestone` or `occurrence`.
pub fn kind(line: &Line) -> &'static str {
    match line.what {
        What::Item => "item",
        What::Milestone(_) => "milestone",
        What::Occurrence(..) => "occurrence",
    }
}

/// `lead` or `support`.
pub fn role_key(line: &Line) -> &'static str {
    if line.lead { "lead" } else { "support" }
}

/// The role as a label.
pub fn role<'l>(line: &Line, labels: &'l ChecklistLabels) -> &'l str {
    if line.lead {
        &labels.lead
    } else {
        &labels.support
    }
}

/// Writes what the checkbox says, in pieces: the item's number and title, then the milestone's
/// title, or the recurrence's title and which occurrence it is.
pub fn text(plan: &Plan, shared: &Shared, lang: Lang, line: &Line, mut piece: impl FnMut(&str)) {
    piece(shared.numbers[line.item].as_str());
    piece(plan.items[line.item].title.as_str());
    match line.what {
        What::Item => {}
        What::Milestone(m) => {
            piece(" · ");
            piece(plan.milestones[m].title.as_str());
        }
        What::Occurrence(r, number, total) => {
            piece(" · ");
            piece(plan.recurrences[r].title.as_str());
            piece(&match lang {
                Lang::Zh => format!("（第{number}次，共{total}次）"),
                Lang::En => format!(" ({number} of {total})"),
            });
        }
    }
}

/// The deadline as written (`年内`, `二季度`; empty when there is none), or `None` when it is the
/// checkbox's day (an occurrence).
pub fn due<'p>(plan: &'p Plan, line: &Line) -> Option<&'p str> {
    match line.what {
        What::Item => {
            let item = &plan.items[line.item];
            let window = item.due.as_ref().or(item.window.as_deref());
            Some(window.map_or("", |w| w.written.as_str()))
        }
        What::Milestone(m) => {
            let due = plan.milestones[m].due.as_ref();
            Some(due.map_or("", |w| w.written.as_str()))
        }
        What::Occurrence(..) => None,
    }
}

/// A target's own due date as a checklist says it: a bare year (`2023年`) is due by its end
/// (`2023年底前`), a date already saying `前` is kept, any other window is due within it
/// (`2023年上半年内`).
fn due_phrase(written: &str) -> String {
    let bare_year = written
        .strip_suffix('年')
        .is_some_and(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()));
    if bare_year {
        format!("{written}底前")
    } else if written.ends_with('前') {
        written.to_string()
    } else {
        format!("{written}内")
    }
}

/// Writes one of an item's targets as a checklist shows it, in pieces: the phrase, then the
/// owner's part of a breakdown.
pub fn target(
    plan: &Plan,
    shared: &Shared,
    owner: OwnerId,
    lang: Lang,
    index: TargetId,
    mut piece: impl FnMut(&str),
) {
    piece(shared.phrases[index].as_str());
    let written = plan.targets[index].due.as_ref().map(|w| w.written.as_str());
    if let (Some(written), Some(day)) = (written, shared.target_due[index]) {
        piece(&match lang {
            Lang::Zh => format!("（{}，{day}）", due_phrase(written)),
            Lang::En => format!(" (due {written}, by {day})"),
        });
    }
    // An owner's own part (categories and free labels are no one's: they never reach a checklist).
    let part = plan.targets[index]
        .parts
        .iter()
        .find(|p| p.label == PartLabel::Owner(owner));
    if let Some(part) = part {
        let owner_name = plan.owners[owner].display.as_str();
        piece(match lang {
            Lang::Zh => "，其中",
            Lang::En => "; ",
        });
        piece(owner_name);
        if lang == Lang::En {
            piece("'s part: ");
        }
        piece(&part.render());
        if !part.parts.is_empty() {
            let nested = parts_list(plan, &part.parts, lang);
            piece(&match lang {
                Lang::Zh => format!("（{nested}）"),
                Lang::En => format!(" ({nested})"),
            });
        }
    }
}
