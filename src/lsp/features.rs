//! The editor features, each a pure function of one [`Analysis`] (or, for formatting, one text):
//! hover, definition, references, rename, completion, formatting, document symbols, semantic
//! tokens and folding ranges.

use super::analysis::Analysis;
use super::index::{
    Expect, Index, Kind, Namespace, Occurrence, Outline, PARTS_WORDS, Role, TokenKind, brace_pairs,
    citations,
};
use super::position;
use crate::model::{Cite, CompactString, Plan, TargetKind};
use crate::source::{FileId, SourceFile, SourceMap, Span};
use crate::syntax::keywords::Place;
use lsp_types::{
    CompletionItem, CompletionItemKind, DocumentSymbol, FoldingRange, FoldingRangeKind, Hover,
    HoverContents, Location, MarkupContent, MarkupKind, Position, Range, SemanticToken,
    SemanticTokenModifier, SemanticTokenType, SemanticTokensLegend, SymbolKind, TextEdit,
    WorkspaceEdit,
};
use std::collections::HashMap;

/// A request that cannot be answered, with the reason for the editor to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal(pub String);

fn plan_of(analysis: &Analysis) -> Option<&Plan> {
    analysis.checked.as_ref().ok()?.plan.as_ref()
}

fn sources_of(analysis: &Analysis) -> Option<&SourceMap> {
    Some(&analysis.checked.as_ref().ok()?.sources)
}

/// The name under the cursor and its namespace.
fn name_at(analysis: &Analysis, file: FileId, offset: usize) -> Option<(&Occurrence, &str)> {
    let occurrence = analysis.index().at(file, offset)?;
    let name = sources_of(analysis)?.slice(occurrence.span);
    Some((occurrence, name))
}

// ------------------------------------------------------------------------------------- hover

/// What the cursor is on, in words: for an item its number, owners, deadline and scheduled dates;
/// for a target its value as the document renders it and where it is cited; for an owner the
/// items it leads and supports; for a citation in prose the sentence as it will read.
pub fn hover(analysis: &Analysis, file: FileId, offset: usize) -> Option<Hover> {
    let source = analysis.file(file)?;
    let (occurrence, name) = name_at(analysis, file, offset)?;
    let index = analysis.index();
    let plan = plan_of(analysis);
    let namespace = occurrence.namespace();
    let kind = index.kind_of(namespace, name);
    let mut text = match (kind, plan) {
        (Some(kind), Some(plan)) => describe(analysis, plan, kind, name),
        (Some(kind), None) => format!("{} `{name}`", kind.words()),
        (None, _) => format!("`{name}` is not declared"),
    };
    if occurrence.role == Role::Refers(Expect::Cite)
        && let Some(plan) = plan
        && let Some(sentence) = sentence_at(source, index, file, occurrence.span, plan)
    {
        text = format!("{sentence}\n\n---\n\n{text}");
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(position::range(source, occurrence.span)),
    })
}

fn owner_names(plan: &Plan, reference: &crate::model::OwnerRef) -> String {
    let name = reference.name.as_str();
    if let Some(owner) = plan.owners.iter().find(|o| o.id == name) {
        if owner.display != owner.id {
            return format!("{}（{}）", owner.id, owner.display);
        }
        return owner.id.clone();
    }
    let members: Vec<&str> = reference
        .owners
        .iter()
        .map(|&i| &plan.owners[i])
        .map(|o| o.id.as_str())
        .collect();
    format!("{name}（{}）", members.join("、"))
}

/// An item as a list shows it: `（十一）学位供给`.
fn item_label(plan: &Plan, item: crate::model::ItemId) -> String {
    let item = &plan.items[item];
    format!("{}{}", item.number, item.id)
}

fn listed(labels: Vec<String>) -> String {
    const SHOWN: usize = 20;
    let more = labels.len().saturating_sub(SHOWN);
    let mut text = labels
        .into_iter()
        .take(SHOWN)
        .collect::<Vec<_>>()
        .join("、");
    if more > 0 {
        text.push_str(&format!(" … and {more} more"));
    }
    text
}

/// A target's breakdown as it reads in prose: `市本级8个，溧阳市4个`.
fn parts_text(plan: &Plan, target: &crate::model::Target) -> String {
    target
        .parts
        .iter()
        .map(|p| format!("{}{}", plan.part_display(&p.label), p.render()))
        .collect::<Vec<_>>()
        .join("，")
}

fn describe(analysis: &Analysis, plan: &Plan, kind: Kind, name: &str) -> String {
    let schedule = analysis
        .checked
        .as_ref()
        .ok()
        .and_then(|c| c.schedule.as_ref());
    let mut lines = Vec::new();
    match kind {
        Kind::Item => {
            let Some((at, item)) = plan.items.iter_enumerated().find(|(_, i)| i.id == name) else {
                return format!("item `{name}`");
            };
            lines.push(format!("**{}{}**", item.number, item.title));
            let s = &plan.sections[item.section];
            let section = format!(
                " · {}、{}",
                crate::model::chinese_numeral(s.ordinal),
                s.title
            );
            lines.push(format!("事项 `{name}`{section}"));
            if let Some(lead) = &item.lead {
                lines.push(format!("- 牵头：{}", owner_names(plan, lead)));
            }
            if !item.support.is_empty() {
                let names: Vec<String> =
                    item.support.iter().map(|r| owner_names(plan, r)).collect();
                lines.push(format!("- 配合：{}", names.join("、")));
            }
            if let Some(due) = &item.due {
                lines.push(format!("- 时限：{}（{}）", due.written, due.end));
            }
            if let Some(slot) = schedule.map(|s| &s.items[at]) {
                lines.push(format!(
                    "- 排期：{} 至 {}（{} 个工作日）{}",
                    slot.start,
                    slot.finish,
                    slot.duration,
                    if slot.critical { "，关键路径" } else { "" }
                ));
            }
            let targets: Vec<String> = item
                .targets
                .iter()
                .map(|&t| &plan.targets[t])
                .map(|t| format!("{} {}", t.id, plan.render_target(t)))
                .collect();
            if !targets.is_empty() {
                lines.push(format!("- 指标：{}", listed(targets)));
            }
        }
        Kind::Target => {
            let Some(target) = plan.targets.iter().find(|t| t.id == name) else {
                return format!("target `{name}`");
            };
            lines.push(format!(
                "**{}{}**",
                target.metric,
                if target.stretch { "（力争）" } else { "" }
            ));
            lines.push(format!("指标 `{name}`：**{}**", plan.render_target(target)));
            if !target.parts.is_empty() {
                lines.push(format!("- 其中：{}", parts_text(plan, target)));
            }
            let baseline = match &target.kind {
                TargetKind::Change { baseline, .. } => *baseline,
                TargetKind::VersusBaseline { baseline, .. } => Some(*baseline),
                _ => None,
            };
            if let Some(baseline) = baseline {
                let baseline = &plan.baselines[baseline];
                lines.push(format!("- 基线：{}（{}）", baseline.id, baseline.display));
            }
            match target.holder {
                crate::model::Holder::Item(item) => {
                    lines.push(format!("- 属于：{}", item_label(plan, item)));
                }
                crate::model::Holder::Goal(goal) => {
                    lines.push(format!("- 属于：主要目标 {}", plan.goals[goal].title));
                }
            }
            lines.push(format!("- 引用：{}", cited_where(analysis, name)));
        }
        Kind::Owner => {
            let Some((at, owner)) = plan.owners.iter_enumerated().find(|(_, o)| o.id == name)
            else {
                return format!("owner `{name}`");
            };
            let kind = match owner.kind {
                crate::model::OwnerKind::Department => "部门",
                crate::model::OwnerKind::District => "辖区",
                crate::model::OwnerKind::Institution => "机构",
                crate::model::OwnerKind::Collective => "统称",
            };
            lines.push(format!("**{}** {kind} `{name}`", owner.display));
            owner_items(plan, &[at], &mut lines);
        }
        Kind::Group => {
            let Some(group) = plan.groups.iter().find(|g| g.id == name) else {
                return format!("group `{name}`");
            };
            let members: Vec<String> = group
                .members
                .iter()
                .map(|&i| &plan.owners[i])
                .map(|o| o.id.clone())
                .collect();
            lines.push(format!("分组 `{name}`：{}", members.join("、")));
            let mut items = Vec::new();
            for (at, item) in plan.items.iter_enumerated() {
                if item
                    .lead
                    .iter()
                    .chain(&item.support)
                    .any(|r| r.name == name)
                {
                    items.push(item_label(plan, at));
                }
            }
            lines.push(format!("- 写在：{}", listed(items)));
        }
        Kind::Milestone => {
            if let Some((at, milestone)) = plan
                .milestones
                .iter_enumerated()
                .find(|(_, m)| m.id == name)
            {
                lines.push(format!("**{}** 节点 `{name}`", milestone.title));
                lines.push(format!("- 属于：{}", item_label(plan, milestone.item)));
                if let Some(due) = &milestone.due {
                    lines.push(format!("- 时限：{}（{}）", due.written, due.end));
                }
                if let Some(slot) = schedule.map(|s| &s.milestones[at]) {
                    lines.push(format!("- 排期：{}", slot.finish));
                }
            }
        }
        Kind::Recurrence => {
            if let Some((at, recurrence)) = plan
                .recurrences
                .iter_enumerated()
                .find(|(_, r)| r.id == name)
            {
                lines.push(format!(
                    "**{}** 周期 `{name}`：{}",
                    recurrence.title,
                    recurrence.written.render()
                ));
                lines.push(format!("- 属于：{}", item_label(plan, recurrence.item)));
                if let Some(schedule) = schedule {
                    let dates: Vec<String> = schedule
                        .occurrences_of(at)
                        .map(|o| o.due.to_string())
                        .collect();
                    if !dates.is_empty() {
                        lines.push(format!("- 排期：{}", listed(dates)));
                    }
                }
            }
        }
        Kind::Category => {
            if let Some(category) = plan.categories.iter().find(|c| c.id == name) {
                lines.push(format!("**{}** 类别 `{name}`", category.display));
            }
        }
        Kind::Fact => {
            if let Some(fact) = plan.facts.iter().find(|f| f.id == name) {
                lines.push(format!(
                    "**{}** 已完成 `{name}`：{}",
                    fact.title,
                    fact.render()
                ));
                if let Some(by) = &fact.by {
                    lines.push(format!("- 截至：{by}"));
                }
            }
        }
        Kind::Baseline => {
            if let Some(baseline) = plan.baselines.iter().find(|b| b.id == name) {
                let value = baseline
                    .value
                    .as_ref()
                    .map_or("上年实际（待填）".to_string(), |v| v.render());
                lines.push(format!("**{}** 基线 `{name}`：{value}", baseline.display));
            }
        }
        Kind::Section => {
            if let Some(section) = plan.sections.iter().find(|s| s.id == name) {
                lines.push(format!(
                    "**{}、{}** 部分 `{name}`，{} 个事项",
                    crate::model::chinese_numeral(section.ordinal),
                    section.title,
                    section.items.len()
                ));
            }
        }
        Kind::Goal => {
            if let Some(goal) = plan.goals.iter().find(|g| g.id == name) {
                lines.push(format!("**{}** 目标 `{name}`", goal.title));
            }
        }
        Kind::Unit => lines.push(format!("计量单位 `{name}`")),
    }
    lines.join("\n")
}

fn owner_items(plan: &Plan, owners: &[crate::model::OwnerId], lines: &mut Vec<String>) {
    let mut leads = Vec::new();
    let mut supports = Vec::new();
    for (at, item) in plan.items.iter_enumerated() {
        let has = |r: &crate::model::OwnerRef| r.owners.iter().any(|o| owners.contains(o));
        if item.lead.as_ref().is_some_and(has) {
            leads.push(item_label(plan, at));
        } else if item.support.iter().any(has) {
            supports.push(item_label(plan, at));
        }
    }
    lines.push(format!("- 牵头 {} 项：{}", leads.len(), listed(leads)));
    lines.push(format!(
        "- 配合 {} 项：{}",
        supports.len(),
        listed(supports)
    ));
}

/// Where a target is cited: each citation as `file:line` and the item it is in.
fn cited_where(analysis: &Analysis, name: &str) -> String {
    let (Some(sources), Some(plan)) = (sources_of(analysis), plan_of(analysis)) else {
        return String::new();
    };
    let index = analysis.index();
    let mut places = Vec::new();
    for occurrence in index.occurrences_of(sources, Namespace::Names, name) {
        if occurrence.role != Role::Refers(Expect::Cite) {
            continue;
        }
        let (file, line, _) = sources.position(occurrence.span);
        let short = file.rsplit('/').next().unwrap_or(&file).to_string();
        let inside = enclosing_item(index, occurrence.span)
            .and_then(|item| plan.items.position(|i| i.id == item.name))
            .map(|at| format!(" {}", item_label(plan, at)))
            .unwrap_or_default();
        places.push(format!("{short}:{line}{inside}"));
    }
    if places.is_empty() {
        "not cited in any text".to_string()
    } else {
        listed(places)
    }
}

/// The innermost item whose block holds a span.
fn enclosing_item(index: &Index, span: Span) -> Option<&Outline> {
    let mut nodes = index.outlines.get(&span.file)?.as_slice();
    let mut found = None;
    loop {
        let Some(node) = nodes
            .iter()
            .find(|n| n.span.start <= span.start && span.end <= n.span.end)
        else {
            return found;
        };
        if node.kind == Kind::Item {
            found = Some(node);
        }
        nodes = &node.children;
    }
}

/// The sentence of prose around a citation, as it will read with every figure filled in: from the
/// sentence end before it (。；！？ or the start of the text) to the one after it.
fn sentence_at(
    source: &SourceFile,
    index: &Index,
    file: FileId,
    span: Span,
    plan: &Plan,
) -> Option<String> {
    let tokens = index.tokens.get(&file)?;
    let at = span.start as usize;
    let token = tokens
        .iter()
        .find(|t| t.kind == TokenKind::Text && t.start < at && at < t.end)?;
    let text = &source.text;
    let inner_start = token.start + 1;
    let inner_end = if text.get(token.end - 1..token.end) == Some("\"") && token.end > inner_start {
        token.end - 1
    } else {
        token.end
    };
    let ends = ['。', '；', '！', '？'];
    let before = text.get(inner_start..at)?;
    let start = before
        .char_indices()
        .rev()
        .find(|(_, c)| ends.contains(c))
        .map_or(inner_start, |(i, c)| inner_start + i + c.len_utf8());
    let after = text.get(span.end as usize..inner_end)?;
    let end = after
        .char_indices()
        .find(|(_, c)| ends.contains(c))
        .map_or(inner_end, |(i, c)| span.end as usize + i + c.len_utf8());
    let cites = citations(text, token.start, token.end);
    let mut out = String::new();
    let mut chars = text.get(start..end)?.char_indices().peekable();
    while let Some((offset, character)) = chars.next() {
        let absolute = start + offset;
        match character {
            '\\' => {
                if let Some((_, escaped)) = chars.next() {
                    out.push(if escaped == 'n' { '\n' } else { escaped });
                }
            }
            '`' => {
                for (_, next) in chars.by_ref() {
                    if next == '`' {
                        break;
                    }
                    out.push(next);
                }
            }
            '{' => {
                let Some(cite) = cites.iter().find(|c| c.whole.0 == absolute) else {
                    out.push(character);
                    continue;
                };
                let name = text.get(cite.name.0..cite.name.1).unwrap_or("");
                let part = cite.part.and_then(|(a, b)| text.get(a..b));
                out.push_str(&format!("**{}**", render_citation(plan, name, part)));
                while chars.peek().is_some_and(|&(o, _)| start + o < cite.whole.1) {
                    chars.next();
                }
            }
            other => out.push(other),
        }
    }
    Some(out)
}

/// What a citation reads as: a target's value, a recurrence's count, a breakdown or one part of it.
fn render_citation(plan: &Plan, name: &str, part: Option<&str>) -> String {
    let raw = || match part {
        Some(part) => format!("{{{name}.{part}}}"),
        None => format!("{{{name}}}"),
    };
    if let Some(target) = plan.targets.iter().find(|t| t.id == name) {
        return match part {
            None => plan.render_target(target),
            Some(part) if PARTS_WORDS.contains(&part) => parts_text(plan, target),
            Some(path) => {
                let path: Vec<CompactString> = path.split('.').map(|l| l.trim().into()).collect();
                plan.part_at(target, &path).map_or_else(raw, |p| p.render())
            }
        };
    }
    match plan.recurrences.position(|r| r.id == name) {
        Some(at) if part.is_none() => plan.render_cite(Cite::Recurrence(at)),
        _ => raw(),
    }
}

// ------------------------------------------------------------------ definition, references

/// Where the name under the cursor is declared.
pub fn definition(analysis: &Analysis, file: FileId, offset: usize) -> Vec<Location> {
    let Some((occurrence, name)) = name_at(analysis, file, offset) else {
        return Vec::new();
    };
    analysis
        .index()
        .declarations(occurrence.namespace(), name)
        .iter()
        .filter_map(|o| analysis.location(o.span))
        .collect()
}

/// Every place the name under the cursor is written, in every file of the plan.
pub fn references(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    include_declaration: bool,
) -> Vec<Location> {
    let (Some((occurrence, name)), Some(sources)) =
        (name_at(analysis, file, offset), sources_of(analysis))
    else {
        return Vec::new();
    };
    analysis
        .index()
        .occurrences_of(sources, occurrence.namespace(), name)
        .filter(|o| include_declaration || matches!(o.role, Role::Refers(_)))
        .filter_map(|o| analysis.location(o.span))
        .collect()
}

// ------------------------------------------------------------------------------------ rename

/// The range of the name that would be renamed, with the name as a placeholder.
pub fn prepare_rename(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
) -> Result<(Range, String), Refusal> {
    let (occurrence, name) = name_at(analysis, file, offset)
        .ok_or_else(|| Refusal("there is no name here to rename".into()))?;
    if analysis
        .index()
        .kind_of(occurrence.namespace(), name)
        .is_none()
    {
        return Err(Refusal(format!("`{name}` is not declared in this plan")));
    }
    let source = analysis
        .file(file)
        .ok_or_else(|| Refusal("the file is not part of the plan".into()))?;
    Ok((position::range(source, occurrence.span), name.to_string()))
}

/// Whether a text is a name the grammar reads as one identifier and that is no keyword.
pub fn valid_name(name: &str, namespace: Namespace) -> Result<(), String> {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return Err("a name cannot be empty".into());
    };
    if !(first == '_' || unicode_ident::is_xid_start(first)) {
        return Err(format!(
            "`{name}` is not a valid name: a name starts with a letter, a Chinese character or `_`"
        ));
    }
    if let Some(bad) = chars.find(|&c| !(c == '_' || unicode_ident::is_xid_continue(c))) {
        return Err(format!(
            "`{name}` is not a valid name: `{bad}` cannot be part of a name (letters, digits, Chinese characters and `_` can)"
        ));
    }
    if super::keywords::is_keyword(name)
        || (namespace == Namespace::Names && PARTS_WORDS.contains(&name))
    {
        return Err(format!(
            "`{name}` is a keyword of the language and cannot be a name"
        ));
    }
    Ok(())
}

/// Renames the name under the cursor everywhere it is written, in every file of the plan; refused
/// when the new name is not a valid identifier or is already taken.
pub fn rename(
    analysis: &Analysis,
    file: FileId,
    offset: usize,
    new_name: &str,
) -> Result<WorkspaceEdit, Refusal> {
    let (occurrence, name) = name_at(analysis, file, offset)
        .ok_or_else(|| Refusal("there is no name here to rename".into()))?;
    let namespace = occurrence.namespace();
    let index = analysis.index();
    let sources =
        sources_of(analysis).ok_or_else(|| Refusal("the plan could not be read".into()))?;
    if index.kind_of(namespace, name).is_none() {
        return Err(Refusal(format!("`{name}` is not declared in this plan")));
    }
    valid_name(new_name, namespace).map_err(Refusal)?;
    if new_name == name {
        return Ok(WorkspaceEdit::default());
    }
    if let Some(taken) = index.declarations(namespace, new_name).first() {
        let (file, line, column) = sources.position(taken.span);
        let what = match taken.role {
            Role::Declares(kind) => kind.words(),
            Role::Refers(_) => "a name",
        };
        return Err(Refusal(format!(
            "`{new_name}` is already {what} ({file}:{line}:{column}); choose a name not taken"
        )));
    }
    // The map type is `WorkspaceEdit`'s own; a `Uri` hashes and compares by its text.
    #[allow(clippy::mutable_key_type)]
    let mut changes: HashMap<lsp_types::Uri, Vec<TextEdit>> = HashMap::new();
    for place in index.occurrences_of(sources, namespace, name) {
        if let Some(location) = analysis.location(place.span) {
            changes.entry(location.uri).or_default().push(TextEdit {
                range: location.range,
                new_text: new_name.to_string(),
            });
        }
    }
    Ok(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

// -------------------------------------------------------------------------------- completion

/// What fits at the cursor: owners and groups after 牵头/配合, items and milestones after
/// 后于/依赖, targets (and recurrences) inside `{…}` in prose, owners after `{id.`, declared units
/// right after a number, and at the start of a statement the keywords (Chinese and English) that
/// start a statement in the block the line is in.
pub fn completion(analysis: &Analysis, file: FileId, offset: usize) -> Vec<CompletionItem> {
    let (Some(source), Some(sources)) = (analysis.file(file), sources_of(analysis)) else {
        return keyword_items(Some(Place::Top));
    };
    let offset = offset.min(source.text.len());
    let line = source.line_index(offset);
    let start = source.line_bounds(line).map_or(0, |(s, _)| s);
    let prefix = source.text.get(start..offset).unwrap_or("");
    let index = analysis.index();
    let names = |kinds: &[Kind]| -> Vec<CompletionItem> {
        index
            .names_of(sources, kinds)
            .into_iter()
            .map(|(name, kind)| name_item(analysis, name, kind))
            .collect()
    };
    // Inside a string: only citations complete.
    if let Some(inside) = open_string(prefix) {
        let Some(open) = inside.rfind('{') else {
            return Vec::new();
        };
        let cite = inside.get(open + 1..).unwrap_or("");
        if cite.contains('}') {
            return Vec::new();
        }
        if let Some((target, _)) = cite.split_once('.') {
            let mut items: Vec<CompletionItem> = PARTS_WORDS
                .iter()
                .map(|word| CompletionItem {
                    label: (*word).to_string(),
                    kind: Some(CompletionItemKind::KEYWORD),
                    detail: Some("every part of the breakdown".into()),
                    ..CompletionItem::default()
                })
                .collect();
            if let Some(plan) = plan_of(analysis)
                && let Some(target) = plan.targets.iter().find(|t| t.id == target.trim())
            {
                for part in &target.parts {
                    items.push(CompletionItem {
                        label: plan.part_name(&part.label).to_string(),
                        kind: Some(CompletionItemKind::VARIABLE),
                        detail: Some(part.value.render()),
                        ..CompletionItem::default()
                    });
                }
            }
            return items;
        }
        return names(&[Kind::Target, Kind::Recurrence, Kind::Fact]);
    }
    let code = prefix.split("//").next().unwrap_or("");
    // Right after a number: a unit.
    if code.ends_with(|c: char| c.is_ascii_digit() || c == '万' || c == '亿') {
        let mut items = names(&[Kind::Unit]);
        for builtin in ["%", "个百分点"] {
            items.push(CompletionItem {
                label: builtin.into(),
                kind: Some(CompletionItemKind::UNIT),
                detail: Some("built-in unit".into()),
                ..CompletionItem::default()
            });
        }
        return items;
    }
    let words: Vec<&str> = code
        .split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|w| !w.is_empty())
        .collect();
    let finished = if code.ends_with(|c: char| c.is_whitespace() || ",，、=".contains(c)) {
        words.len()
    } else {
        words.len().saturating_sub(1)
    };
    let before = words.get(..finished).unwrap_or(&[]);
    let keyword = |names: &[&str]| before.iter().any(|w| names.contains(w));
    if keyword(&["后于", "after", "依赖", "needs"]) {
        return names(&[Kind::Item, Kind::Milestone]);
    }
    if before
        .first()
        .is_some_and(|w| ["牵头", "lead", "配合", "support"].contains(w))
    {
        return names(&[Kind::Owner, Kind::Group]);
    }
    if before
        .first()
        .is_some_and(|w| ["分组", "group"].contains(w))
        && code.contains('=')
    {
        return names(&[Kind::Owner]);
    }
    if before
        .first()
        .is_some_and(|w| ["计量单位", "unit"].contains(w))
    {
        return Vec::new();
    }
    if finished == 0 {
        return keyword_items(block_at(analysis, file, start));
    }
    Vec::new()
}

/// The part of a line after an unclosed `"` (outside comments), when the cursor is in a string.
fn open_string(prefix: &str) -> Option<&str> {
    let mut open = None;
    let mut escaped = false;
    let mut previous_slash = false;
    for (index, character) in prefix.char_indices() {
        match open {
            Some(_) if escaped => escaped = false,
            Some(_) if character == '\\' => escaped = true,
            Some(_) if character == '"' => open = None,
            Some(_) => {}
            None if character == '"' => open = Some(index + 1),
            None if character == '/' && previous_slash => return None,
            None => {}
        }
        previous_slash = open.is_none() && character == '/';
    }
    open.and_then(|start| prefix.get(start..))
}

fn name_item(analysis: &Analysis, name: String, kind: Kind) -> CompletionItem {
    let plan = plan_of(analysis);
    let detail = plan.and_then(|plan| match kind {
        Kind::Item => plan
            .items
            .iter()
            .find(|i| i.id == name)
            .map(|i| format!("{}{}", i.number, i.title)),
        Kind::Target => plan
            .targets
            .iter()
            .find(|t| t.id == name)
            .map(|t| format!("{} {}", t.metric, plan.render_target(t))),
        Kind::Owner => plan
            .owners
            .iter()
            .find(|o| o.id == name)
            .map(|o| o.display.clone()),
        Kind::Milestone => plan
            .milestones
            .iter()
            .find(|m| m.id == name)
            .map(|m| m.title.to_string()),
        Kind::Recurrence => plan
            .recurrences
            .iter()
            .find(|r| r.id == name)
            .map(|r| format!("{} {}", r.title, r.written.render())),
        Kind::Fact => plan
            .facts
            .iter()
            .find(|f| f.id == name)
            .map(|f| format!("{} {}", f.title, f.render())),
        _ => None,
    });
    CompletionItem {
        label: name,
        kind: Some(match kind {
            Kind::Owner | Kind::Group => CompletionItemKind::CLASS,
            Kind::Item => CompletionItemKind::FUNCTION,
            Kind::Target | Kind::Recurrence | Kind::Fact => CompletionItemKind::FIELD,
            Kind::Milestone => CompletionItemKind::EVENT,
            Kind::Unit => CompletionItemKind::UNIT,
            _ => CompletionItemKind::REFERENCE,
        }),
        detail: detail.or_else(|| Some(kind.words().to_string())),
        ..CompletionItem::default()
    }
}

/// The block a line starts in: the innermost `{` still open before it, by the keyword at the
/// start of that brace's line; `None` inside a block of no statements (a breakdown).
fn block_at(analysis: &Analysis, file: FileId, offset: usize) -> Option<Place> {
    let (Some(source), Some(tokens)) = (analysis.file(file), analysis.index().tokens.get(&file))
    else {
        return Some(Place::Top);
    };
    let mut open = Vec::new();
    for token in tokens.iter().take_while(|t| t.start < offset) {
        match token.kind {
            TokenKind::Open => open.push(token.start),
            TokenKind::Close => {
                open.pop();
            }
            _ => {}
        }
    }
    let Some(&brace) = open.last() else {
        return Some(Place::Top);
    };
    let line = source.line_index(brace);
    let (start, _) = source.line_bounds(line)?;
    let word = tokens
        .iter()
        .find(|t| t.start >= start && t.kind == TokenKind::Word)
        .and_then(|t| source.text.get(t.start..t.end))?;
    super::keywords::block_of(word)
}

fn keyword_items(place: Option<Place>) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    let Some(place) = place else {
        return items;
    };
    for (chinese, english) in super::keywords::statements(place) {
        items.push(CompletionItem {
            label: chinese.to_string(),
            kind: Some(CompletionItemKind::KEYWORD),
            detail: english.map(str::to_string),
            ..CompletionItem::default()
        });
        if let Some(english) = english {
            items.push(CompletionItem {
                label: english.to_string(),
                kind: Some(CompletionItemKind::KEYWORD),
                detail: Some(chinese.to_string()),
                ..CompletionItem::default()
            });
        }
    }
    items
}

// -------------------------------------------------------------------------------- formatting

/// The edits that give a text the `planc fmt` layout: none when it has it already; refused when
/// the text has syntax errors.
pub fn formatting(text: &str) -> Result<Vec<TextEdit>, Refusal> {
    let formatted = match crate::format::format_source(FileId(0), text) {
        Ok(formatted) => formatted,
        Err(crate::format::FormatError::Syntax(_)) => {
            return Err(Refusal(
                "the file has syntax errors; fix them to format it".into(),
            ));
        }
        Err(crate::format::FormatError::Unsafe(reason)) => return Err(Refusal(reason)),
    };
    if formatted == text {
        return Ok(Vec::new());
    }
    let file = SourceFile::new(String::new(), std::path::PathBuf::new(), text.to_string());
    Ok(vec![TextEdit {
        range: Range {
            start: Position::new(0, 0),
            end: position::position(&file, text.len()),
        },
        new_text: formatted,
    }])
}

// ------------------------------------------------------------------------------------ outline

/// Sections → items (and sub-items) → targets, milestones and recurrences; goals with their
/// targets.
#[allow(deprecated)] // `DocumentSymbol::deprecated` must be given, as `None`.
pub fn document_symbols(analysis: &Analysis, file: FileId) -> Vec<DocumentSymbol> {
    fn convert(source: &SourceFile, node: &Outline) -> DocumentSymbol {
        DocumentSymbol {
            name: node.name.clone(),
            detail: (!node.title.is_empty()).then(|| node.title.clone()),
            kind: match node.kind {
                Kind::Section => SymbolKind::NAMESPACE,
                Kind::Goal => SymbolKind::MODULE,
                Kind::Item => SymbolKind::FUNCTION,
                Kind::Target | Kind::Fact => SymbolKind::FIELD,
                Kind::Milestone | Kind::Recurrence => SymbolKind::EVENT,
                _ => SymbolKind::VARIABLE,
            },
            tags: None,
            deprecated: None,
            range: position::range(source, node.span),
            selection_range: position::range(source, node.selection),
            children: Some(node.children.iter().map(|c| convert(source, c)).collect()),
        }
    }
    let (Some(source), Some(outline)) = (analysis.file(file), analysis.index().outlines.get(&file))
    else {
        return Vec::new();
    };
    outline.iter().map(|node| convert(source, node)).collect()
}

// --------------------------------------------------------------------------- semantic tokens

/// The token types, in the order of the legend.
const TOKEN_TYPES: [SemanticTokenType; 13] = [
    SemanticTokenType::KEYWORD,
    SemanticTokenType::STRING,
    SemanticTokenType::NUMBER,
    SemanticTokenType::COMMENT,
    SemanticTokenType::NAMESPACE,
    SemanticTokenType::FUNCTION,
    SemanticTokenType::PROPERTY,
    SemanticTokenType::EVENT,
    SemanticTokenType::CLASS,
    SemanticTokenType::VARIABLE,
    SemanticTokenType::TYPE,
    SemanticTokenType::ENUM_MEMBER,
    SemanticTokenType::MODIFIER,
];

/// The legend the server announces.
pub fn legend() -> SemanticTokensLegend {
    SemanticTokensLegend {
        token_types: TOKEN_TYPES.to_vec(),
        token_modifiers: vec![SemanticTokenModifier::DECLARATION],
    }
}

fn type_of(kind: Kind) -> u32 {
    match kind {
        Kind::Section | Kind::Goal => 4,
        Kind::Item => 5,
        Kind::Target | Kind::Fact => 6,
        Kind::Milestone | Kind::Recurrence => 7,
        Kind::Owner | Kind::Group | Kind::Category => 8,
        Kind::Baseline => 9,
        Kind::Unit => 10,
    }
}

/// Semantic tokens of a file: keywords, strings (cut around citations), numbers, comments, and
/// every name by what it names, declarations marked.
pub fn semantic_tokens(analysis: &Analysis, file: FileId) -> Vec<SemanticToken> {
    let (Some(source), Some(sources)) = (analysis.file(file), sources_of(analysis)) else {
        return Vec::new();
    };
    let index = analysis.index();
    let Some(tokens) = index.tokens.get(&file) else {
        return Vec::new();
    };
    let text = &source.text;
    // (start, end, type, modifiers) in byte offsets.
    let mut spans: Vec<(usize, usize, u32, u32)> = Vec::new();
    let mut after_number = false;
    for token in tokens {
        match token.kind {
            TokenKind::Comment => spans.push((token.start, token.end, 3, 0)),
            TokenKind::Number => spans.push((token.start, token.end, 2, 0)),
            TokenKind::Text => {
                let mut at = token.start;
                for cite in citations(text, token.start, token.end) {
                    spans.push((at, cite.name.0, 1, 0));
                    let kind = index
                        .kind_of(
                            Namespace::Names,
                            text.get(cite.name.0..cite.name.1).unwrap_or(""),
                        )
                        .map_or(6, type_of);
                    spans.push((cite.name.0, cite.name.1, kind, 0));
                    at = cite.name.1;
                }
                spans.push((at, token.end, 1, 0));
            }
            TokenKind::Word => {
                let word = text.get(token.start..token.end).unwrap_or("");
                let named = index.at(file, token.start).filter(|o| {
                    o.span.start as usize == token.start && o.span.end as usize == token.end
                });
                if let Some(occurrence) = named {
                    let (kind, modifiers) = match occurrence.role {
                        Role::Declares(kind) => (Some(kind), 1),
                        Role::Refers(_) => (
                            index.kind_of(occurrence.namespace(), sources.slice(occurrence.span)),
                            0,
                        ),
                    };
                    spans.push((token.start, token.end, kind.map_or(9, type_of), modifiers));
                } else if super::keywords::is_keyword(word) {
                    spans.push((token.start, token.end, 0, 0));
                } else if after_number {
                    spans.push((token.start, token.end, 10, 0));
                }
            }
            TokenKind::Open | TokenKind::Close => {}
        }
        after_number = token.kind == TokenKind::Number;
    }
    let mut result = Vec::with_capacity(spans.len());
    let mut previous = Position::new(0, 0);
    for (start, end, kind, modifiers) in spans {
        if end <= start {
            continue;
        }
        let position = position::position(source, start);
        let length = text.get(start..end).map_or(0, |t| t.encode_utf16().count());
        // Spans come in document order, so the deltas are never negative.
        let delta_line = position.line.saturating_sub(previous.line);
        let delta_start = if delta_line == 0 {
            position.character.saturating_sub(previous.character)
        } else {
            position.character
        };
        result.push(SemanticToken {
            delta_line,
            delta_start,
            length: u32::try_from(length).unwrap_or(u32::MAX),
            token_type: kind,
            token_modifiers_bitset: modifiers,
        });
        previous = position;
    }
    result
}

// ---------------------------------------------------------------------------------- folding

/// Every block (`{` … `}` over more than one line) and every run of two or more comment lines.
pub fn folding_ranges(analysis: &Analysis, file: FileId) -> Vec<FoldingRange> {
    let (Some(source), Some(tokens)) = (analysis.file(file), analysis.index().tokens.get(&file))
    else {
        return Vec::new();
    };
    let line = |offset: usize| u32::try_from(source.line_index(offset)).unwrap_or(u32::MAX);
    let mut ranges = Vec::new();
    for (open, close) in brace_pairs(tokens) {
        let (Some(open), Some(close)) = (tokens.get(open), tokens.get(close)) else {
            continue;
        };
        let (first, last) = (line(open.start), line(close.start));
        if last > first + 1 {
            ranges.push(FoldingRange {
                start_line: first,
                end_line: last - 1,
                kind: Some(FoldingRangeKind::Region),
                ..FoldingRange::default()
            });
        }
    }
    let mut run: Option<(u32, u32)> = None;
    let flush = |run: Option<(u32, u32)>, ranges: &mut Vec<FoldingRange>| {
        if let Some((first, last)) = run
            && last > first
        {
            ranges.push(FoldingRange {
                start_line: first,
                end_line: last,
                kind: Some(FoldingRangeKind::Comment),
                ..FoldingRange::default()
            });
        }
    };
    for token in tokens.iter().filter(|t| t.kind == TokenKind::Comment) {
        let at = line(token.start);
        let whole_line = source
            .line_bounds(at as usize)
            .and_then(|(s, _)| source.text.get(s..token.start))
            .is_some_and(|before| before.trim().is_empty());
        if !whole_line {
            continue;
        }
        run = match run {
            Some((first, last)) if last + 1 == at => Some((first, at)),
            other => {
                flush(other, &mut ranges);
                Some((at, at))
            }
        };
    }
    flush(run, &mut ranges);
    ranges.sort_by_key(|r| (r.start_line, r.end_line));
    ranges
}
