//! Per-owner checklists: the items an owner leads and supports, with their numbers, titles,
//! targets (and the owner's part of a breakdown), deadlines, milestones and every occurrence of
//! recurring work as its own checkbox, grouped by quarter or month.

mod lines;
mod render;

use crate::emit::doc::{Lang, TemplateError, TemplateSet};
use crate::model::{Arena, ItemId, OwnerId, Plan, RecurrenceId};
use crate::schedule::Schedule;
use jiff::civil::Date;
use lines::{Line, Lines, Role, Shared};
use serde::Serialize;

/// How checkboxes are grouped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Grouping {
    /// By quarter.
    #[default]
    Quarter,
    /// By month.
    Month,
}

/// What the checklists show.
#[derive(Debug, Clone, Default)]
pub struct ChecklistOptions {
    /// Marks what is overdue or due soon on this day.
    pub as_of: Option<Date>,
    /// Grouping of the checkboxes.
    pub by: Grouping,
    /// The language of the labels.
    pub lang: Lang,
    /// What the progress files report done by the as-of day: those checkboxes are ticked (and
    /// never overdue). `None`: no progress files, nothing ticked.
    pub progress: Option<std::sync::Arc<Ticks>>,
}

/// What is done, from the progress history as of a day ([`crate::progress::status::ticks`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ticks {
    /// Items reported 已完成, indexed like [`Plan::items`]. Everything of a done item is done.
    pub items: Vec<bool>,
    /// Milestones reported done, indexed like [`Plan::milestones`].
    pub milestones: Vec<bool>,
    /// How many occurrences of each recurrence were reported done (the first ones count as done),
    /// indexed like [`Plan::recurrences`].
    pub occurrences: Vec<usize>,
}

/// How many days ahead counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 14;

/// At most this many occurrences of one recurrence are listed.
const MAX_OCCURRENCES: usize = 1000;

/// The labels of the checklists.
#[derive(Debug, Clone, Serialize)]
pub struct ChecklistLabels {
    /// After the owner's name in the heading.
    pub title_suffix: String,
    /// Lead role.
    pub lead: String,
    /// Support role.
    pub support: String,
    /// Before a deadline.
    pub due: String,
    /// Overdue.
    pub overdue: String,
    /// Due soon.
    pub due_soon: String,
    /// Before the as-of day.
    pub as_of: String,
    /// Checkboxes without a date.
    pub no_date: String,
    /// Done (ticked from the progress files).
    pub done: String,
    /// Items led.
    pub leads: String,
    /// Items supported.
    pub supports: String,
    /// Checkboxes.
    pub tasks: String,
    /// The index title.
    pub index_title: String,
    /// The language code.
    pub lang: String,
}

impl ChecklistLabels {
    /// The labels of a language.
    pub fn of(lang: Lang) -> ChecklistLabels {
        let s = |zh: &str, en: &str| match lang {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        };
        ChecklistLabels {
            title_suffix: s("工作清单", " checklist"),
            lead: s("牵头", "lead"),
            support: s("配合", "support"),
            due: s("时限", "due"),
            overdue: s("已逾期", "overdue"),
            due_soon: s("即将到期", "due soon"),
            as_of: s("截至", "as of"),
            no_date: s("未定时限", "No date"),
            done: s("已完成", "done"),
            leads: s("牵头事项", "items led"),
            supports: s("配合事项", "items supported"),
            tasks: s("待办", "checkboxes"),
            index_title: s("各单位工作清单", "Checklists by owner"),
            lang: s("zh", "en"),
        }
    }
}

/// One owner's checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Checklist {
    /// The owner's identifier (also the file name in `planc build`).
    pub owner_id: String,
    /// The owner's display name.
    pub owner_name: String,
    /// The plan title.
    pub plan_title: String,
    /// How many items it leads.
    pub leads: usize,
    /// How many items it supports.
    pub supports: usize,
    /// How many checkboxes.
    pub tasks: usize,
    /// The as-of day, or empty.
    pub as_of: String,
    /// Checkboxes overdue on the as-of day.
    pub overdue: usize,
    /// Checkboxes due soon after the as-of day.
    pub due_soon: usize,
    /// Checkboxes ticked from the progress files.
    pub done: usize,
    /// Checkboxes by quarter or month.
    pub buckets: Vec<Bucket>,
}

/// Checkboxes of one quarter or month.
#[derive(Debug, Clone, Serialize)]
pub struct Bucket {
    /// `2020-Q1`, `2020-03`, or `none`.
    pub key: String,
    /// `第一季度（1—3月）`, `2020年3月`, `未定时限`.
    pub label: String,
    /// The checkboxes, by date.
    pub entries: Vec<Entry>,
}

/// One checkbox.
#[derive(Debug, Clone, Serialize)]
pub struct Entry {
    /// `item`, `milestone` or `occurrence`.
    pub kind: String,
    /// The item's identifier.
    pub item_id: String,
    /// The item's full number, e.g. `（三）` or `（三）1.`.
    pub number: String,
    /// The item's title.
    pub item_title: String,
    /// What the checkbox says.
    pub text: String,
    /// `lead` or `support`.
    pub role_key: String,
    /// The role as a label.
    pub role: String,
    /// The deadline as written (`年内`, `二季度`), or the day.
    pub due: String,
    /// The day, `YYYY-MM-DD`, or empty.
    pub date: String,
    /// The item's targets, with this owner's part of a breakdown (item checkboxes only).
    pub targets: Vec<String>,
    /// `overdue`, `soon`, `done` (ticked from the progress files), or empty.
    pub status: String,
    /// Whether the progress files report it done.
    pub done: bool,
    /// The status as a label, or empty.
    pub status_label: String,
}

/// The index of all checklists.
#[derive(Debug, Clone, Serialize)]
pub struct IndexEntry {
    /// The owner's identifier.
    pub owner_id: String,
    /// The owner's display name.
    pub owner_name: String,
    /// Items led.
    pub leads: usize,
    /// Items supported.
    pub supports: usize,
    /// Checkboxes.
    pub tasks: usize,
    /// The checklist's file name without extension, as `planc build` writes it.
    pub file: String,
}

/// The full number of an item: its parents' numbers, then its own.
pub fn full_number(plan: &Plan, index: ItemId) -> String {
    let mut parts = Vec::new();
    let mut current = Some(index);
    let mut guard = 0;
    while let Some(i) = current {
        let item = &plan.items[i];
        parts.push(item.number.clone());
        current = item.parent;
        guard += 1;
        if guard > 32 {
            break;
        }
    }
    parts.reverse();
    parts.concat()
}

/// An owner identifier as a file name: identifiers are Unicode words, but stay safe regardless.
pub fn file_stem(id: &str) -> String {
    let stem: String = id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "_".to_string()
    } else {
        stem
    }
}

/// The owners (indices) that have at least one item, in declaration order.
pub fn owners_with_items(plan: &Plan) -> Vec<OwnerId> {
    items_by_owner(plan)
        .iter_enumerated()
        .filter(|(_, items)| !items.is_empty())
        .map(|(owner, _)| owner)
        .collect()
}

/// For every owner (indexed like [`Plan::owners`]), the items it leads or supports, in plan order.
/// One pass over the items, so that all checklists together cost items + owners, not their product.
fn items_by_owner(plan: &Plan) -> Arena<OwnerId, Vec<Role>> {
    let mut items: Arena<OwnerId, Vec<Role>> = plan.owners.iter().map(|_| Vec::new()).collect();
    for (index, item) in plan.items.iter_enumerated() {
        let references = item.lead.iter().map(|r| (true, r));
        let references = references.chain(item.support.iter().map(|r| (false, r)));
        for (lead, reference) in references {
            for &owner in &reference.owners {
                // An owner named twice for one item (as lead and in a supporting group) gets
                // the item once, as lead when it leads: the lead comes first.
                let list = &mut items[owner];
                if list.last().is_none_or(|role| role.item != index) {
                    list.push(Role { item: index, lead });
                }
            }
        }
    }
    items
}

/// Finds an owner by identifier or display name.
pub fn find_owner(plan: &Plan, name: &str) -> Option<OwnerId> {
    let owners = &plan.owners;
    owners
        .ids()
        .find(|&o| owners[o].id == name)
        .or_else(|| owners.ids().find(|&o| owners[o].display == name))
}

/// The due days of every recurrence's occurrences, indexed like [`Plan::recurrences`], as the
/// schedule has them: one definition of when occurrences fall ([`crate::schedule::recur`]).
pub fn occurrence_table(plan: &Plan, schedule: &Schedule) -> Arena<RecurrenceId, Vec<Date>> {
    plan.recurrences
        .ids()
        .map(|r| {
            let mut dates: Vec<(usize, Date)> = schedule
                .occurrences_of(r)
                .map(|o| (o.index, o.due))
                .collect();
            dates.sort();
            dates.truncate(MAX_OCCURRENCES);
            dates.into_iter().map(|(_, d)| d).collect()
        })
        .collect()
}

/// The checklist of one owner (index into [`Plan::owners`]).
pub fn checklist(
    plan: &Plan,
    schedule: &Schedule,
    owner: OwnerId,
    options: &ChecklistOptions,
) -> Checklist {
    let items = items_by_owner(plan);
    let mine = items[owner].as_slice();
    let shared = Shared::of(plan, schedule);
    Lines::of(plan, owner, mine, options, &shared).checklist(plan, &shared, options, true)
}

/// The checklists of the given owners, or of every owner with items when `owners` is empty.
pub fn checklists(
    plan: &Plan,
    schedule: &Schedule,
    owners: &[OwnerId],
    options: &ChecklistOptions,
) -> Vec<Checklist> {
    let owners = if owners.is_empty() {
        owners_with_items(plan)
    } else {
        owners.to_vec()
    };
    let mut lists = Vec::with_capacity(owners.len());
    let _: Result<(), ()> = each_checklist(plan, schedule, &owners, options, |list| {
        lists.push(list);
        Ok(())
    });
    lists
}

/// Builds the checklists of `owners` one at a time and hands each to `use_list`, so that a caller
/// rendering them needs memory for one checklist at a time, not for all of them.
pub fn each_checklist<E>(
    plan: &Plan,
    schedule: &Schedule,
    owners: &[OwnerId],
    options: &ChecklistOptions,
    mut use_list: impl FnMut(Checklist) -> Result<(), E>,
) -> Result<(), E> {
    each_lines(plan, schedule, owners, options, |lines, shared| {
        use_list(lines.checklist(plan, shared, options, true))
    })
}

/// The checkboxes of `owners`, one owner at a time.
fn each_lines<E>(
    plan: &Plan,
    schedule: &Schedule,
    owners: &[OwnerId],
    options: &ChecklistOptions,
    mut use_lines: impl FnMut(Lines, &Shared) -> Result<(), E>,
) -> Result<(), E> {
    let shared = Shared::of(plan, schedule);
    let items = items_by_owner(plan);
    for &owner in owners {
        let mine = items[owner].as_slice();
        use_lines(Lines::of(plan, owner, mine, options, &shared), &shared)?;
    }
    Ok(())
}

/// The template of a format: `checklist.html.j2` or `checklist.md.j2`.
fn template_name(html: bool) -> &'static str {
    if html {
        "checklist.html.j2"
    } else {
        "checklist.md.j2"
    }
}

/// Renders checklists with a template: as one printable HTML page with `checklist.html.j2`
/// (`html`), else as Markdown task lists with `checklist.md.j2`.
pub fn templated(
    lists: &[Checklist],
    options: &ChecklistOptions,
    templates: &TemplateSet,
    html: bool,
) -> Result<String, TemplateError> {
    templates.render(template_name(html), &context(lists, options))
}

/// Renders the checklists of `owners` (every owner with items when empty) as one Markdown text
/// (`html` false) or one HTML page, handing it to `write` in pieces. The pieces joined are
/// [`templated`] of [`checklists`]. With the built-in template, one owner's
/// checklist is built, written and dropped at a time, so memory does not grow with the number of
/// owners; a user's template sees every checklist at once, so then all are built together.
pub fn render_each<E: From<TemplateError>>(
    plan: &Plan,
    schedule: &Schedule,
    owners: &[OwnerId],
    options: &ChecklistOptions,
    templates: &TemplateSet,
    html: bool,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let owners = if owners.is_empty() {
        owners_with_items(plan)
    } else {
        owners.to_vec()
    };
    if templates.overrides(template_name(html)) {
        let lists = checklists(plan, schedule, &owners, options);
        return write(&templated(&lists, options, templates, html)?);
    }
    let labels = ChecklistLabels::of(options.lang);
    let mut out = String::new();
    let mut first = true;
    each_lines(plan, schedule, &owners, options, |lines, shared| {
        let page = render::Page {
            plan,
            shared,
            options,
            labels: &labels,
        };
        if html {
            if first {
                render::html_head(&mut out, plan, &labels, owners.len(), Some(&lines), options);
            }
            render::html(&mut out, &page, &lines);
        } else {
            render::markdown(&mut out, &page, &lines, first);
        }
        first = false;
        write(&out)?;
        out.clear();
        Ok::<(), E>(())
    })?;
    if html {
        if first {
            render::html_head(&mut out, plan, &labels, 0, None, options);
        }
        out.push_str(render::HTML_END);
    }
    write(&out)
}

/// Renders the checklist of each of `owners` on its own (as [`templated`] of a list of just it,
/// in both formats), one owner at a time, and hands `use_pages` the checklist's summary (without its
/// checkboxes: `buckets` is empty), its Markdown and its HTML.
pub fn each_page<E: From<TemplateError>>(
    plan: &Plan,
    schedule: &Schedule,
    owners: &[OwnerId],
    options: &ChecklistOptions,
    templates: &TemplateSet,
    mut use_pages: impl FnMut(Checklist, &str, &str) -> Result<(), E>,
) -> Result<(), E> {
    let labels = ChecklistLabels::of(options.lang);
    let engine = [false, true].map(|html| templates.overrides(template_name(html)));
    let (mut md, mut html) = (String::new(), String::new());
    each_lines(plan, schedule, owners, options, |lines, shared| {
        let page = render::Page {
            plan,
            shared,
            options,
            labels: &labels,
        };
        md.clear();
        html.clear();
        // Only a user's template needs the checkboxes' strings.
        let list = lines.checklist(plan, shared, options, engine.contains(&true));
        let one = std::slice::from_ref(&list);
        if engine[0] {
            md.push_str(&templated(one, options, templates, false)?);
        } else {
            render::markdown(&mut md, &page, &lines, true);
        }
        if engine[1] {
            html.push_str(&templated(one, options, templates, true)?);
        } else {
            render::html_head(&mut html, plan, &labels, 1, Some(&lines), options);
            render::html(&mut html, &page, &lines);
            html.push_str(render::HTML_END);
        }
        let mut summary = list;
        summary.buckets = Vec::new();
        use_pages(summary, &md, &html)
    })
}

/// The index of checklists, as Markdown (`md`) or HTML (`html`) linking `OWNER.md`/`OWNER.html`.
pub fn index(
    plan: &Plan,
    lists: &[Checklist],
    options: &ChecklistOptions,
    templates: &TemplateSet,
    html: bool,
) -> Result<String, TemplateError> {
    let entries: Vec<IndexEntry> = lists
        .iter()
        .map(|l| IndexEntry {
            owner_id: l.owner_id.clone(),
            owner_name: l.owner_name.clone(),
            leads: l.leads,
            supports: l.supports,
            tasks: l.tasks,
            file: file_stem(&l.owner_id),
        })
        .collect();
    let context = serde_json::json!({
        "plan_title": plan.title,
        "owners": entries,
        "labels": ChecklistLabels::of(options.lang),
    });
    let name = if html {
        "checklist-index.html.j2"
    } else {
        "checklist-index.md.j2"
    };
    templates.render(name, &context)
}

fn context(lists: &[Checklist], options: &ChecklistOptions) -> serde_json::Value {
    serde_json::json!({
        "checklists": lists,
        "labels": ChecklistLabels::of(options.lang),
        "as_of": options.as_of.map(|d| d.to_string()).unwrap_or_default(),
        "ticked": options.progress.is_some(),
    })
}

/// What tells buckets apart: the year and month or quarter of a date (`None`: no date), with
/// month or quarter 0 for work that runs the whole year. Equal exactly when [`bucket_of`] gives
/// the same key.
fn bucket_id(line: &Line, by: Grouping) -> Option<(i16, i8)> {
    line.date.map(|date| match by {
        _ if let Some(first) = line.whole_year => (first, 0),
        Grouping::Month => (date.year(), date.month()),
        Grouping::Quarter => (date.year(), (date.month() - 1) / 3 + 1),
    })
}

fn bucket_of(line: &Line, by: Grouping, lang: Lang, labels: &ChecklistLabels) -> (String, String) {
    let Some(date) = line.date else {
        return ("none".to_string(), labels.no_date.clone());
    };
    if let Some(first) = line.whole_year {
        let year = date.year();
        let label = match lang {
            Lang::Zh if first < year => format!("{first}—{year}年全期"),
            Lang::Zh => format!("{year}年全年"),
            Lang::En if first < year => format!("{first}–{year}, whole period"),
            Lang::En => format!("{year}, whole year"),
        };
        return (format!("{first:04}-all"), label);
    }
    let (year, month) = (date.year(), date.month());
    match by {
        Grouping::Month => (
            format!("{year:04}-{month:02}"),
            match lang {
                Lang::Zh => format!("{year}年{month}月"),
                Lang::En => format!("{year}-{month:02}"),
            },
        ),
        Grouping::Quarter => {
            let quarter = (month - 1) / 3 + 1;
            let first = (quarter - 1) * 3 + 1;
            let label = match lang {
                Lang::Zh => format!(
                    "{year}年第{}季度（{first}—{}月）",
                    crate::model::chinese_numeral(quarter as usize),
                    first + 2
                ),
                Lang::En => {
                    const MONTHS: [&str; 12] = [
                        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                        "Nov", "Dec",
                    ];
                    let name = |m: i8| MONTHS.get((m - 1) as usize).copied().unwrap_or("");
                    format!("{year} Q{quarter} ({}–{})", name(first), name(first + 2))
                }
            };
            (format!("{year:04}-Q{quarter}"), label)
        }
    }
}
