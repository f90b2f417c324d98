//! The yearly work document, in the form such offices issue: title, preamble, main goals,
//! sections `一、`, items `（一）`, sub-items `1.` and `（1）`.
//!
//! [`Document::of`] turns the checked plan into a plain, serializable document model (every figure
//! filled in from the targets); the Markdown and HTML forms are rendered from it with templates the
//! user can override, the .docx form is written by [`docx`].

pub mod docx;
mod render;
pub mod templates;

use crate::model::{
    Comparison, ItemId, OwnerNote, OwnerRef, Part, PartLabel, Plan, TargetId, TargetKind,
    TrendDirection,
};
use serde::Serialize;
pub use templates::{TemplateError, TemplateSet};

/// The language of the labels the document adds (the plan's own text is never translated).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Lang {
    /// Chinese labels: 主要目标是：, 责任单位：, 重点工作任务分解表.
    #[default]
    Zh,
    /// English labels.
    En,
}

/// What the document shows beyond the plan's text.
#[derive(Debug, Clone, Default)]
pub struct DocOptions {
    /// After each item, `（责任单位：…）`.
    pub owners: bool,
    /// An annex: the table of key tasks (重点工作任务分解表).
    pub annex: bool,
    /// The language of the labels.
    pub lang: Lang,
    /// Each item's due day as the schedule has it (a working day), indexed like
    /// [`crate::model::Plan::items`]; empty before scheduling (the written deadline's last day).
    pub due_dates: Vec<Option<jiff::civil::Date>>,
}

/// The labels the document adds around the plan's text.
#[derive(Debug, Clone, Serialize)]
pub struct Labels {
    /// Opens the main goals paragraph.
    pub goals_lead: String,
    /// Before the owners of an item.
    pub owners: String,
    /// Before the lead, when lead and supporting owners are noted apart (`分工 分列`/`分行`).
    pub lead: String,
    /// Before the supporting owners, when noted apart from the lead.
    pub support: String,
    /// Separates the lead's part of a note from the supporting owners' part.
    pub note_separator: String,
    /// Separates names in a list.
    pub list_separator: String,
    /// The annex marker.
    pub annex: String,
    /// The annex title.
    pub annex_title: String,
    /// Column: number.
    pub col_number: String,
    /// Column: goal and task.
    pub col_task: String,
    /// Column: lead.
    pub col_lead: String,
    /// Column: responsible units.
    pub col_owners: String,
    /// Column: deadline.
    pub col_due: String,
    /// Before the targets of a task in the annex.
    pub targets: String,
    /// Before an item's deadline, when the plan notes deadlines (`时限注明`).
    pub due: String,
    /// The language code of the labels.
    pub lang: String,
}

impl Labels {
    /// The owner labels the plan gives as its source writes them (`分工 分行 "责任单位" "配合单位"`)
    /// in place of 牵头单位/责任单位, and the label of the deadline note (`时限注明 "完成期限"`).
    /// They are the plan's own words, so they stand in either language.
    fn apply_source_labels(&mut self, plan: &Plan, lang: Lang) {
        let colon = match lang {
            Lang::Zh => "：",
            Lang::En => ": ",
        };
        // A label written with its colon (`"责任单位:"`) is used as written.
        let with_colon = |label: &str| {
            if label.ends_with([':', '：']) {
                label.to_string()
            } else {
                format!("{label}{colon}")
            }
        };
        let mut given = plan.owner_labels.iter().map(|l| with_colon(l));
        match plan.owner_note {
            OwnerNote::Merged => {
                if let Some(label) = given.next() {
                    self.owners = label;
                }
            }
            OwnerNote::Separate | OwnerNote::Lines => {
                if let Some(label) = given.next() {
                    self.lead = label;
                }
                if let Some(label) = given.next() {
                    self.support = label;
                }
            }
        }
        if let Some(label) = &plan.due_note {
            self.due = with_colon(label);
        }
    }

    /// The labels of a language.
    pub fn of(lang: Lang) -> Labels {
        let s = |zh: &str, en: &str| match lang {
            Lang::Zh => zh.to_string(),
            Lang::En => en.to_string(),
        };
        Labels {
            goals_lead: s("主要目标是：", "Main goals: "),
            owners: s("责任单位：", "Responsible: "),
            lead: s("牵头单位：", "Lead: "),
            support: s("责任单位：", "Responsible: "),
            note_separator: s("；", "; "),
            list_separator: s("、", ", "),
            annex: s("附件", "Annex"),
            annex_title: s("重点工作任务分解表", "Key tasks and responsibilities"),
            col_number: s("序号", "No."),
            col_task: s("目标与任务", "Goal and task"),
            col_lead: s("牵头单位", "Lead"),
            col_owners: s("责任单位", "Responsible units"),
            col_due: s("完成时限", "Deadline"),
            targets: s("目标：", "Targets: "),
            due: s("完成时限：", "Deadline: "),
            lang: s("zh", "en"),
        }
    }
}

/// The document model the templates render.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// The title.
    pub title: String,
    /// The issuing organisation.
    pub org: Option<String>,
    /// Opening paragraphs.
    pub preamble: Vec<String>,
    /// The main goals paragraph, when the plan has goals.
    pub goals: Option<Goals>,
    /// Paragraphs after the goals paragraph.
    pub goals_texts: Vec<String>,
    /// Sections.
    pub sections: Vec<DocSection>,
    /// The annex rows, when the annex is asked for.
    pub annex: Option<Vec<AnnexRow>>,
    /// Whether each item ends with its owners.
    pub show_owners: bool,
    /// How owners are noted (`merged`, `separate` or `lines`), as the plan's `分工` says.
    pub owner_note: OwnerNote,
    /// The 落款 under the document, when the plan gives one.
    pub signature: Option<DocSignature>,
    /// The labels.
    pub labels: Labels,
    /// The headings of the table the document is (`表格`), in order; empty for prose.
    pub table_headings: Vec<String>,
}

/// The 落款: the issuing office and the date, right-aligned under the text (GB/T 9704).
#[derive(Debug, Clone, Serialize)]
pub struct DocSignature {
    /// The issuing office.
    pub office: String,
    /// The date as a 公文 writes it (`2023年3月28日`), or empty.
    pub date: String,
}

/// The main goals paragraph.
#[derive(Debug, Clone, Serialize)]
pub struct Goals {
    /// The opening sentence (may be empty).
    pub intro: String,
    /// The goals, in order.
    pub entries: Vec<GoalEntry>,
    /// The whole paragraph as it reads: lead, intro, `TITLE——TEXT；…。`.
    pub paragraph: String,
}

/// One main goal.
#[derive(Debug, Clone, Serialize)]
pub struct GoalEntry {
    /// The title.
    pub title: String,
    /// The text (paragraphs joined).
    pub text: String,
}

/// A section.
#[derive(Debug, Clone, Serialize)]
pub struct DocSection {
    /// `一`, `二`, ….
    pub number: String,
    /// `一、TITLE`; empty for a section without a title, which prints no heading.
    pub heading: String,
    /// The section's items as table rows, cell by cell, when the plan is a table (`表格`):
    /// a row per item, and one more per sub-item after the first when no column holds the
    /// sub-items (their cells empty where the item's span them). Empty for prose.
    pub table: Vec<Vec<String>>,
    /// The title.
    pub title: String,
    /// Intro paragraphs.
    pub texts: Vec<String>,
    /// Top-level items.
    pub items: Vec<DocItem>,
}

/// An item or sub-item.
#[derive(Debug, Clone, Serialize)]
pub struct DocItem {
    /// The plan identifier.
    pub id: String,
    /// 0 for `（一）`, 1 for `1.`, 2 for `（1）`.
    pub level: usize,
    /// The number as printed.
    pub number: String,
    /// The title as written.
    pub title: String,
    /// The title without a final sentence mark, for run-in headings.
    pub title_run_in: String,
    /// The sentence mark that ends the run-in heading: the title's own, or `。`.
    pub title_end: String,
    /// The paragraphs; the owners note ends the last one when owners are shown.
    pub paragraphs: Vec<String>,
    /// The paragraphs as written, without the owners note.
    pub texts: Vec<String>,
    /// `（责任单位：…）` (or `（牵头单位：…；责任单位：…）`), or empty when the item has no
    /// owners or they are noted as lines.
    pub owners_note: String,
    /// `牵头单位：…` and `责任单位：…` when the plan notes owners as lines (`分工 分行`).
    pub owner_lines: Vec<String>,
    /// The lead, as a display name.
    pub lead: String,
    /// The supporting owners, as display names.
    pub support: Vec<String>,
    /// The deadline as written (`年内`, `二季度`), or empty.
    pub due: String,
    /// The deadline's last day, or empty.
    pub due_date: String,
    /// The targets as they read in a table: `局属学校图书馆资源共享率达100%`.
    pub targets: Vec<String>,
    /// Sub-items.
    pub children: Vec<DocItem>,
}

/// A row of the annex table.
#[derive(Debug, Clone, Serialize)]
pub struct AnnexRow {
    /// A section row (a heading spanning the table) or a task row.
    pub section: bool,
    /// 序号: a running number for tasks, the section number for sections.
    pub number: String,
    /// The task: item number and title, then its targets; or the section heading.
    pub task: String,
    /// The item's targets.
    pub targets: Vec<String>,
    /// 牵头单位.
    pub lead: String,
    /// 责任单位 (supporting owners).
    pub owners: String,
    /// 完成时限.
    pub due: String,
    /// The item level (0 for `（一）`).
    pub level: usize,
}

/// Why the document could not be produced.
#[derive(Debug)]
pub enum DocError {
    /// A template failed.
    Template(TemplateError),
    /// The .docx archive could not be written.
    Docx(String),
}

impl std::fmt::Display for DocError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocError::Template(e) => e.fmt(f),
            DocError::Docx(e) => write!(f, "cannot write the .docx: {e}"),
        }
    }
}

impl std::error::Error for DocError {}

impl From<TemplateError> for DocError {
    fn from(e: TemplateError) -> Self {
        DocError::Template(e)
    }
}

/// The display name of an owner or group reference.
pub fn owner_ref_name(plan: &Plan, reference: &OwnerRef) -> String {
    match reference.owners.as_slice() {
        [single] if plan.groups.iter().all(|g| g.id != reference.name) => {
            plan.owners[*single].display.clone()
        }
        _ => reference.name.to_string(),
    }
}

/// A breakdown that is not only by owner, as it reads after its target in the document's list of
/// targets and the 分解表: `（其中义务教育学位1.2万个，高中学位8000个）`, a nested one inside its part
/// (`凉州区4所（小学2所，初中2所）`). `None` for no breakdown, or one by owners alone: each owner
/// reads its own part in its checklist, and the document keeps the form it always had.
pub fn breakdown_phrase(plan: &Plan, parts: &[Part], lang: Lang) -> Option<String> {
    let by_owner_only = parts
        .iter()
        .all(|p| matches!(p.label, PartLabel::Owner(_)) && p.parts.is_empty());
    if by_owner_only {
        return None;
    }
    Some(match lang {
        Lang::Zh => format!("（其中{}）", parts_list(plan, parts, lang)),
        Lang::En => format!(" (of which {})", parts_list(plan, parts, lang)),
    })
}

/// Parts as they read in a list: `义务教育学位1.2万个，高中学位8000个`, a nested breakdown inside
/// its part (`凉州区4所（小学2所，初中2所）`).
pub fn parts_list(plan: &Plan, parts: &[Part], lang: Lang) -> String {
    fn list(plan: &Plan, parts: &[Part], lang: Lang) -> String {
        let separator = match lang {
            Lang::Zh => "，",
            Lang::En => ", ",
        };
        parts
            .iter()
            .map(|p| {
                let nested = if p.parts.is_empty() {
                    String::new()
                } else {
                    match lang {
                        Lang::Zh => format!("（{}）", list(plan, &p.parts, lang)),
                        Lang::En => format!(" ({})", list(plan, &p.parts, lang)),
                    }
                };
                let label = plan.part_display(&p.label);
                match lang {
                    Lang::Zh => format!("{label}{}{nested}", p.render()),
                    Lang::En => format!("{label} {}{nested}", p.render()),
                }
            })
            .collect::<Vec<_>>()
            .join(separator)
    }
    list(plan, parts, lang)
}

/// A target as it reads in a table or checklist: metric, comparison, value.
pub fn target_phrase(plan: &Plan, index: TargetId) -> String {
    let target = &plan.targets[index];
    let value = plan.render_target(target);
    let relation = match &target.kind {
        TargetKind::Value {
            comparison, suffix, ..
        } => match (comparison, suffix) {
            (_, true) | (Comparison::Eq, _) => "达",
            (Comparison::Ge, false) => "不低于",
            (Comparison::Gt, false) => "超过",
            (Comparison::Le, false) => "不超过",
            (Comparison::Lt, false) => "低于",
            (Comparison::InStep, false) => "同步",
        }
        .to_string(),
        TargetKind::Range { .. } => "达".to_string(),
        TargetKind::Trend(_) => "保持".to_string(),
        TargetKind::Change {
            baseline,
            direction,
            ..
        } => match baseline {
            Some(baseline) => {
                let baseline = plan.baselines[*baseline].display.as_str();
                let verb = match direction {
                    TrendDirection::Down => "降低",
                    TrendDirection::Up | TrendDirection::Steady => "提高",
                };
                format!("较{baseline}{verb}")
            }
            None => match direction {
                TrendDirection::Down => "下降",
                TrendDirection::Up | TrendDirection::Steady => "增长",
            }
            .to_string(),
        },
        TargetKind::VersusBaseline { comparison, .. } => match comparison {
            Comparison::Eq => "等于",
            Comparison::Ge => "不低于",
            Comparison::Gt => "高于",
            Comparison::Le => "不高于",
            Comparison::Lt => "低于",
            Comparison::InStep => "同步于",
        }
        .to_string(),
    };
    let stretch = if target.stretch { "力争" } else { "" };
    let mut phrase = format!("{}{stretch}{relation}{value}", target.metric);
    if let Some(change) = &target.change {
        // The change stated beside the value: `专项债券达44000亿元，比上年增加5000亿元`.
        let against = match change.baseline {
            Some(baseline) => format!("较{}", plan.baselines[baseline].display),
            None => "比上年".to_string(),
        };
        let verb = match change.direction {
            TrendDirection::Down => "减少",
            TrendDirection::Up | TrendDirection::Steady => "增加",
        };
        phrase.push_str(&format!("，{against}{verb}{}", change.amount.render()));
    }
    phrase
}

/// Whether a character ends a sentence or clause.
fn is_sentence_mark(c: char) -> bool {
    matches!(
        c,
        '。' | '；' | '！' | '？' | '：' | '，' | '.' | ';' | '!' | '?'
    )
}

impl Document {
    /// The document of a plan.
    pub fn of(plan: &Plan, options: &DocOptions) -> Document {
        // A plan that says how its owners are noted (`分工`) has them noted.
        let with_owners;
        let options = if plan.owner_note_given && !options.owners {
            with_owners = DocOptions {
                owners: true,
                ..options.clone()
            };
            &with_owners
        } else {
            options
        };
        let mut labels = Labels::of(options.lang);
        labels.apply_source_labels(plan, options.lang);
        let goals = if plan.goals.is_empty() && plan.goals_intro.is_none() {
            None
        } else {
            let intro = plan
                .goals_intro
                .as_ref()
                .map(|p| plan.render(p))
                .unwrap_or_default();
            let entries: Vec<GoalEntry> = plan
                .goals
                .iter()
                .map(|g| GoalEntry {
                    title: g.title.clone(),
                    text: g
                        .texts
                        .iter()
                        .map(|p| plan.render(p))
                        .collect::<Vec<_>>()
                        .join(""),
                })
                .collect();
            let joined: Vec<String> = entries
                .iter()
                .map(|e| {
                    if e.text.is_empty() {
                        e.title.clone()
                    } else if e.title.is_empty() {
                        // A goal without a heading of its own (`目标 增长 "" { … }`): a national
                        // report lists its targets without one.
                        e.text.clone()
                    } else {
                        format!("{}——{}", e.title, e.text)
                    }
                })
                .collect();
            let mut paragraph = format!("{}{intro}{}", labels.goals_lead, joined.join("；"));
            if !joined.is_empty() && !paragraph.ends_with(is_sentence_mark) {
                paragraph.push('。');
            }
            Some(Goals {
                intro,
                entries,
                paragraph,
            })
        };
        let sections: Vec<DocSection> = plan
            .sections
            .iter()
            .map(|s| {
                let number = crate::model::chinese_numeral(s.ordinal);
                // A section without a title (a list of items, a table) prints no heading.
                let heading = if s.title.is_empty() {
                    String::new()
                } else {
                    format!("{}{}", s.number, s.title)
                };
                let items: Vec<DocItem> = s
                    .items
                    .iter()
                    .filter_map(|&i| doc_item(plan, i, options, &labels, 0))
                    .collect();
                DocSection {
                    heading,
                    table: table_rows(plan, &items, &labels),
                    number,
                    title: s.title.clone(),
                    texts: s.texts.iter().map(|p| plan.render(p)).collect(),
                    items,
                }
            })
            .collect();
        let annex = options.annex.then(|| annex_rows(&sections, &labels));
        Document {
            title: plan.title.clone(),
            org: plan.org.clone(),
            preamble: plan.preamble.iter().map(|p| plan.render(p)).collect(),
            goals,
            goals_texts: plan.goals_texts.iter().map(|p| plan.render(p)).collect(),
            sections,
            annex,
            show_owners: options.owners,
            owner_note: plan.owner_note,
            signature: plan.signature.as_ref().map(|s| DocSignature {
                office: s.office.clone(),
                date: s
                    .date
                    .map(|d| format!("{}年{}月{}日", d.year(), d.month(), d.day()))
                    .unwrap_or_default(),
            }),
            labels,
            table_headings: plan.table.iter().map(|(_, h)| h.clone()).collect(),
        }
    }

    /// The document as Markdown.
    pub fn markdown(&self, templates: &TemplateSet) -> Result<String, DocError> {
        if templates.overrides("doc.md.j2") {
            return Ok(templates.render("doc.md.j2", &serde_json::json!({ "doc": self }))?);
        }
        Ok(render::markdown(self))
    }

    /// The document as one self-contained HTML page.
    pub fn html(&self, templates: &TemplateSet) -> Result<String, DocError> {
        if templates.overrides("doc.html.j2") {
            return Ok(templates.render("doc.html.j2", &serde_json::json!({ "doc": self }))?);
        }
        Ok(render::html(self))
    }

    /// The document as a .docx (Office Open XML) file.
    pub fn docx(&self) -> Result<Vec<u8>, DocError> {
        docx::write(self).map_err(|e| DocError::Docx(e.to_string()))
    }
}

fn doc_item(
    plan: &Plan,
    index: ItemId,
    options: &DocOptions,
    labels: &Labels,
    depth: usize,
) -> Option<DocItem> {
    let item = &plan.items[index];
    // Guard against a malformed tree: the checker forbids cycles, but stay finite regardless.
    if depth > 16 {
        return None;
    }
    let lead = item
        .lead
        .as_ref()
        .map(|l| owner_ref_name(plan, l))
        .unwrap_or_default();
    let support: Vec<String> = item
        .support
        .iter()
        .map(|s| owner_ref_name(plan, s))
        .collect();
    let due_window = item.due.as_ref().or(item.window.as_deref());
    // The deadline as written, with what is due by then (`9月投入使用`).
    let due_text = match (&item.due, &item.due_what) {
        (Some(due), Some(what)) => format!("{}{what}", due.written),
        _ => due_window
            .map(|w| w.written.to_string())
            .unwrap_or_default(),
    };
    // The deadline noted with the owners, when the plan says so (`时限注明`).
    let due_noted = if plan.due_note.is_some() {
        due_text.clone()
    } else {
        String::new()
    };
    let (owners_note, owner_lines) = owners_note(
        plan.owner_note,
        &lead,
        &support,
        &due_noted,
        options,
        labels,
    );
    let texts: Vec<String> = item.texts.iter().map(|p| plan.render(p)).collect();
    let mut paragraphs = if texts.is_empty() {
        vec![String::new()]
    } else {
        texts.clone()
    };
    if options.owners
        && !owners_note.is_empty()
        && let Some(last) = paragraphs.last_mut()
    {
        last.push_str(&owners_note);
    }
    if options.owners {
        paragraphs.extend(owner_lines.iter().cloned());
    }
    let (title_run_in, title_end) = match item.title.chars().last() {
        Some(c) if is_sentence_mark(c) => (
            item.title[..item.title.len() - c.len_utf8()].to_string(),
            c.to_string(),
        ),
        // A title that is the item's whole text stands as written: no mark is added.
        _ if texts.is_empty() => (item.title.to_string(), String::new()),
        _ => (item.title.to_string(), "。".to_string()),
    };
    Some(DocItem {
        id: item.id.to_string(),
        level: item.level,
        number: item.number.to_string(),
        title: item.title.to_string(),
        title_run_in,
        title_end,
        paragraphs,
        texts,
        owners_note,
        owner_lines,
        lead,
        support,
        due: due_text,
        due_date: options
            .due_dates
            .get(index.index())
            .copied()
            .flatten()
            .or(due_window.map(|w| w.end))
            .map(|d| d.to_string())
            .unwrap_or_default(),
        targets: item
            .targets
            .iter()
            .map(|&t| {
                let phrase = target_phrase(plan, t);
                match breakdown_phrase(plan, &plan.targets[t].parts, options.lang) {
                    Some(parts) => format!("{phrase}{parts}"),
                    None => phrase,
                }
            })
            .collect(),
        children: item
            .children
            .iter()
            .filter_map(|&c| doc_item(plan, c, options, labels, depth + 1))
            .collect(),
    })
}

/// An item's owners as the plan notes them: one note (`（责任单位：…）`, the lead first; or
/// `（牵头单位：…；责任单位：…）`), or lines of their own (`牵头单位：…`, `责任单位：…`).
fn owners_note(
    style: OwnerNote,
    lead: &str,
    support: &[String],
    due: &str,
    options: &DocOptions,
    labels: &Labels,
) -> (String, Vec<String>) {
    let (open, close) = match options.lang {
        Lang::Zh => ("（", "）"),
        Lang::En => (" (", ")"),
    };
    let mut parts: Vec<String> = Vec::new();
    match style {
        OwnerNote::Merged => {
            let mut everyone: Vec<&str> = Vec::new();
            for name in std::iter::once(lead)
                .filter(|l| !l.is_empty())
                .chain(support.iter().map(String::as_str))
            {
                if !everyone.contains(&name) {
                    everyone.push(name);
                }
            }
            if !everyone.is_empty() {
                parts.push(format!(
                    "{}{}",
                    labels.owners,
                    everyone.join(&labels.list_separator)
                ));
            }
        }
        OwnerNote::Separate | OwnerNote::Lines => {
            if !lead.is_empty() {
                parts.push(format!("{}{lead}", labels.lead));
            }
            let others: Vec<&str> = support
                .iter()
                .map(String::as_str)
                .filter(|s| *s != lead)
                .collect();
            if !others.is_empty() {
                parts.push(format!(
                    "{}{}",
                    labels.support,
                    others.join(&labels.list_separator)
                ));
            }
        }
    }
    if !due.is_empty() {
        parts.push(format!("{}{due}", labels.due));
    }
    if parts.is_empty() {
        return (String::new(), Vec::new());
    }
    match style {
        OwnerNote::Lines => (String::new(), parts),
        _ => (
            format!("{open}{}{close}", parts.join(&labels.note_separator)),
            Vec::new(),
        ),
    }
}

/// The rows of a section when the plan is a table (`表格`): each item's cells in the order of the
/// columns. A `子事项` column holds the sub-items one after another (`1.… 2.…`); without one, each
/// sub-item has a row of its own under its item (its number, lead and support cells empty, its
/// title in the item's column, its own deadline), as a table with merged cells reads; the item's
/// own title, if it has one, opens the first of them.
fn table_rows(plan: &Plan, items: &[DocItem], labels: &Labels) -> Vec<Vec<String>> {
    use crate::syntax::ast::Column;
    if plan.table.is_empty() {
        return Vec::new();
    }
    let steps_column = plan.table.iter().any(|(c, _)| *c == Column::SubItems);
    let text = |item: &DocItem| {
        let mut cell = format!("{}{}", item.title_run_in, item.title_end);
        for paragraph in &item.texts {
            cell.push_str(paragraph);
        }
        cell
    };
    let cell = |item: &DocItem, column: Column, first: bool| -> String {
        match column {
            Column::Number => {
                if first {
                    item.number.clone()
                } else {
                    String::new()
                }
            }
            Column::Item => text(item),
            Column::SubItems => item
                .children
                .iter()
                .map(|c| format!("{}{}", c.number, text(c)))
                .collect::<Vec<_>>()
                .join(" "),
            Column::Lead => item.lead.clone(),
            Column::Support => item
                .support
                .iter()
                .filter(|s| **s != item.lead)
                .cloned()
                .collect::<Vec<_>>()
                .join(&labels.list_separator),
            Column::Owners => {
                let mut everyone: Vec<&str> = Vec::new();
                for name in std::iter::once(item.lead.as_str())
                    .filter(|l| !l.is_empty())
                    .chain(item.support.iter().map(String::as_str))
                {
                    if !everyone.contains(&name) {
                        everyone.push(name);
                    }
                }
                everyone.join(&labels.list_separator)
            }
            Column::Due => item.due.clone(),
        }
    };
    let mut rows = Vec::new();
    for item in items {
        if steps_column || item.children.is_empty() {
            rows.push(
                plan.table
                    .iter()
                    .map(|(c, _)| cell(item, *c, true))
                    .collect(),
            );
            continue;
        }
        // Sub-items in rows of their own; the item's number and owners span them.
        for (index, child) in item.children.iter().enumerate() {
            let first = index == 0;
            rows.push(
                plan.table
                    .iter()
                    .map(|(c, _)| match c {
                        Column::Number if first => item.number.clone(),
                        Column::Lead | Column::Support | Column::Owners if first => {
                            cell(item, *c, true)
                        }
                        Column::Number | Column::Lead | Column::Support | Column::Owners => {
                            String::new()
                        }
                        Column::Item if first => format!("{}{}", text(item), text(child)),
                        Column::Item | Column::SubItems | Column::Due => cell(child, *c, true),
                    })
                    .collect(),
            );
        }
    }
    rows
}

fn annex_rows(sections: &[DocSection], labels: &Labels) -> Vec<AnnexRow> {
    fn push_items(
        items: &[DocItem],
        labels: &Labels,
        counter: &mut usize,
        rows: &mut Vec<AnnexRow>,
    ) {
        for item in items {
            *counter += 1;
            let mut task = format!("{}{}", item.number, item.title);
            if !item.targets.is_empty() {
                task.push_str(&format!(
                    "（{}{}）",
                    labels.targets,
                    item.targets.join("；")
                ));
            }
            rows.push(AnnexRow {
                section: false,
                number: counter.to_string(),
                task,
                targets: item.targets.clone(),
                lead: item.lead.clone(),
                owners: item.support.join(&labels.list_separator),
                due: item.due.clone(),
                level: item.level,
            });
            push_items(&item.children, labels, counter, rows);
        }
    }
    let mut rows = Vec::new();
    let mut counter = 0;
    for section in sections {
        rows.push(AnnexRow {
            section: true,
            number: section.number.clone(),
            task: section.heading.clone(),
            targets: Vec::new(),
            lead: String::new(),
            owners: String::new(),
            due: String::new(),
            level: 0,
        });
        push_items(&section.items, labels, &mut counter, &mut rows);
    }
    rows
}
