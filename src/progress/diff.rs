//! What changed between two progress snapshots of one plan (`planc diff OLD.progress
//! NEW.progress`): which items advanced, which slipped, with their status, per cent complete,
//! red/amber/green and actual values before and after, and what became overdue.
//!
//! The earlier file is the state as of its day; the later one is read as the next report of the
//! same history (an item it does not mention keeps what the earlier one said).
//!
//! An item **slipped** when its red/amber/green got worse, it became overdue, a milestone or
//! occurrence of it became late, or it is newly reported 滞后 or 暂缓. It **advanced** when it did
//! not slip and it is newly 已完成, or its per cent complete or an actual value went up. Any other
//! difference is listed as **changed**.

use super::render::{Block, item_label, lead_name, moved, opt_pct};
use super::status::{Rag, Status};
use super::syntax::Status as Reported;
use crate::model::{ItemId, Plan, TargetId};
use jiff::civil::Date;
use rust_decimal::Decimal;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// How an item moved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// Got worse.
    Slipped,
    /// Got further.
    Advanced,
    /// Something else differs (a text, a value that went down without slipping).
    Changed,
}

impl Kind {
    /// The English name (JSON, the terminal).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Slipped => "slipped",
            Kind::Advanced => "advanced",
            Kind::Changed => "changed",
        }
    }

    /// The Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Kind::Slipped => "滞后加剧",
            Kind::Advanced => "取得进展",
            Kind::Changed => "有变化",
        }
    }
}

/// One target's actual before and after, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActualChange {
    /// Index into [`Plan::targets`].
    pub target: TargetId,
    /// Before (value, as written).
    pub before: Option<(Decimal, String)>,
    /// After.
    pub after: Option<(Decimal, String)>,
}

/// One item that differs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemChange {
    /// Index into [`Plan::items`].
    pub item: ItemId,
    /// How it moved.
    pub kind: Kind,
    /// Status before and after.
    pub status: (Reported, Reported),
    /// Per cent complete before and after.
    pub complete: (Option<Decimal>, Option<Decimal>),
    /// Red/amber/green before and after.
    pub rag: (Rag, Rag),
    /// Overdue after, not before.
    pub newly_overdue: bool,
    /// Actuals that differ.
    pub actuals: Vec<ActualChange>,
    /// Milestones and occurrences late after, not before: (title, due day).
    pub newly_late: Vec<(String, Date)>,
}

/// Two snapshots compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressDiff {
    /// The earlier reporting date.
    pub before: Date,
    /// The later one.
    pub after: Date,
    /// The items that differ, slipped first, then advanced, then changed; plan order within.
    pub items: Vec<ItemChange>,
}

impl ProgressDiff {
    /// How many items moved this way.
    pub fn count(&self, kind: Kind) -> usize {
        self.items.iter().filter(|c| c.kind == kind).count()
    }
}

/// Compares the state as of the earlier report with the state as of the later one.
pub fn compare(plan: &Plan, before: &Status, after: &Status) -> ProgressDiff {
    let late = |status: &Status| -> BTreeSet<(ItemId, String, Date)> {
        let milestones = status.late_milestones.iter().map(|m| {
            let milestone = &plan.milestones[m.milestone];
            (milestone.item, milestone.title.to_string(), m.due)
        });
        let occurrences = status.late_occurrences.iter().map(|o| {
            let recurrence = &plan.recurrences[o.recurrence];
            let title = format!("{}（第{}次）", recurrence.title, o.index);
            (recurrence.item, title, o.due)
        });
        milestones.chain(occurrences).collect()
    };
    let (late_before, late_after) = (late(before), late(after));
    let mut items = Vec::new();
    for (b, a) in before.items.iter().zip(after.items.iter()) {
        if b.item != a.item {
            continue;
        }
        let actuals: Vec<ActualChange> = before
            .targets
            .iter()
            .zip(after.targets.iter())
            .filter(|(tb, ta)| {
                ta.item == a.item && tb.target == ta.target && tb.actual != ta.actual
            })
            .map(|(tb, ta)| ActualChange {
                target: ta.target,
                before: tb.actual.clone(),
                after: ta.actual.clone(),
            })
            .collect();
        let newly_late: Vec<(String, Date)> = late_after
            .iter()
            .filter(|entry| entry.0 == a.item && !late_before.contains(*entry))
            .map(|(_, title, due)| (title.clone(), *due))
            .collect();
        let newly_overdue = a.overdue && !b.overdue;
        let differs = b.status != a.status
            || b.complete != a.complete
            || b.rag != a.rag
            || newly_overdue
            || !actuals.is_empty()
            || !newly_late.is_empty();
        if !differs {
            continue;
        }
        let newly_behind = matches!(a.status, Reported::Behind | Reported::Paused)
            && !matches!(b.status, Reported::Behind | Reported::Paused);
        // Red < Amber < Green: smaller is worse.
        let slipped = a.rag < b.rag || newly_overdue || !newly_late.is_empty() || newly_behind;
        let up = |pair: (Option<Decimal>, Option<Decimal>)| {
            pair.1.unwrap_or(Decimal::ZERO) > pair.0.unwrap_or(Decimal::ZERO)
        };
        let advanced = (a.status == Reported::Done && b.status != Reported::Done)
            || up((b.complete, a.complete))
            || actuals.iter().any(|c| {
                up((
                    c.before.as_ref().map(|v| v.0),
                    c.after.as_ref().map(|v| v.0),
                ))
            });
        let kind = if slipped {
            Kind::Slipped
        } else if advanced {
            Kind::Advanced
        } else {
            Kind::Changed
        };
        items.push(ItemChange {
            item: a.item,
            kind,
            status: (b.status, a.status),
            complete: (b.complete, a.complete),
            rag: (b.rag, a.rag),
            newly_overdue,
            actuals,
            newly_late,
        });
    }
    items.sort_by_key(|c| c.kind);
    ProgressDiff {
        before: before.as_of,
        after: after.as_of,
        items,
    }
}

fn actual_text(plan: &Plan, change: &ActualChange) -> String {
    let name = plan.targets[change.target].id.as_str();
    let shown =
        |v: &Option<(Decimal, String)>| v.as_ref().map_or("—".to_string(), |v| v.1.clone());
    format!(
        "{name} {} → {}",
        shown(&change.before),
        shown(&change.after)
    )
}

fn notes(plan: &Plan, change: &ItemChange) -> Vec<String> {
    let mut notes: Vec<String> = change
        .actuals
        .iter()
        .map(|a| actual_text(plan, a))
        .collect();
    if change.newly_overdue {
        notes.push("newly overdue".to_string());
    }
    for (title, due) in &change.newly_late {
        notes.push(format!("late: {title} (due {due})"));
    }
    notes
}

/// One line per item, for people.
pub fn human(plan: &Plan, old: &str, new: &str, diff: &ProgressDiff) -> String {
    let mut out = format!("{old} ({}) → {new} ({})\n", diff.before, diff.after);
    for change in &diff.items {
        let _ = write!(
            out,
            "{:<8}  {}: {}",
            change.kind.name(),
            item_label(plan, change.item),
            moved(change.status, change.complete, change.rag)
        );
        for note in notes(plan, change) {
            let _ = write!(out, "; {note}");
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} advanced, {} slipped, {} changed",
        diff.count(Kind::Advanced),
        diff.count(Kind::Slipped),
        diff.count(Kind::Changed)
    );
    out
}

/// The comparison as blocks of a 通报 section: a sentence and a table.
pub fn blocks(plan: &Plan, diff: &ProgressDiff) -> Vec<Block> {
    let date = |d: Date| format!("{}年{}月{}日", d.year(), d.month(), d.day());
    let mut blocks = vec![Block::Heading(format!(
        "进展对照（{} → {}）",
        date(diff.before),
        date(diff.after)
    ))];
    blocks.push(Block::Paragraph(format!(
        "{}项工作任务取得进展，{}项滞后加剧，{}项有其他变化。",
        diff.count(Kind::Advanced),
        diff.count(Kind::Slipped),
        diff.count(Kind::Changed)
    )));
    if diff.items.is_empty() {
        return blocks;
    }
    let header = [
        "变化",
        "工作任务",
        "牵头单位",
        "状态",
        "完成进度",
        "预警",
        "说明",
    ]
    .map(String::from)
    .to_vec();
    let rows = diff
        .items
        .iter()
        .map(|c| {
            let mut notes: Vec<String> = c.actuals.iter().map(|a| actual_text(plan, a)).collect();
            if c.newly_overdue {
                notes.push("逾期".to_string());
            }
            for (title, due) in &c.newly_late {
                notes.push(format!("{title}逾期（{due}）"));
            }
            vec![
                c.kind.zh().to_string(),
                item_label(plan, c.item),
                lead_name(plan, c.item),
                format!("{} → {}", c.status.0.zh(), c.status.1.zh()),
                format!("{} → {}", opt_pct(c.complete.0), opt_pct(c.complete.1)),
                format!("{} → {}", c.rag.0.zh(), c.rag.1.zh()),
                notes.join("；"),
            ]
        })
        .collect();
    blocks.push(Block::Table(header, rows));
    blocks
}

/// A Markdown 进展对照表, headed by the two files.
pub fn markdown(plan: &Plan, old: &str, new: &str, diff: &ProgressDiff) -> String {
    let mut out = format!("### `{old}` → `{new}`\n\n");
    out.push_str(&super::render::markdown(&blocks(plan, diff)));
    out
}

/// For tools.
pub fn json(plan: &Plan, old: &str, new: &str, diff: &ProgressDiff) -> serde_json::Value {
    use serde_json::json;
    let shown = |v: &Option<(Decimal, String)>| v.as_ref().map(|v| v.1.clone());
    json!({
        "old": old,
        "new": new,
        "as_of": [diff.before.to_string(), diff.after.to_string()],
        "summary": {
            "advanced": diff.count(Kind::Advanced),
            "slipped": diff.count(Kind::Slipped),
            "changed": diff.count(Kind::Changed),
        },
        "items": diff.items.iter().map(|c| json!({
            "id": plan.items[c.item].id.as_str(),
            "change": c.kind.name(),
            "status": [c.status.0.en(), c.status.1.en()],
            "complete": [c.complete.0.map(|v| v.to_string()), c.complete.1.map(|v| v.to_string())],
            "rag": [c.rag.0.name(), c.rag.1.name()],
            "newly_overdue": c.newly_overdue,
            "actuals": c.actuals.iter().map(|a| json!({
                "target": plan.targets[a.target].id.as_str(),
                "before": shown(&a.before),
                "after": shown(&a.after),
            })).collect::<Vec<_>>(),
            "newly_late": c.newly_late.iter().map(|(title, due)| json!({
                "title": title,
                "due": due.to_string(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
