//! Pass 2: the plan built from the statements, in document order: sections, items, targets and
//! dependencies.

use super::citations::{ProseSlot, may_cite};
use super::{Resolver, unfold};
use crate::check::names::Symbol;
use crate::diagnostic::Problem;
use crate::diagnostic::problem::Wanted;
use crate::model::*;
use crate::source::{SourceMap, Span};
use crate::syntax::ast::{self, TopStmt};
use rustc_hash::FxHashMap;

impl<'a> Resolver<'a> {
    pub(super) fn build(&mut self, header: &ast::PlanHeader, statements: Vec<TopStmt>) -> Plan {
        let mut plan = Plan {
            title: header.title.node.clone(),
            org: header.orgs.first().map(|o| o.node.clone()),
            period: self.period,
            preamble: Vec::new(),
            units: Vec::new(),
            owners: Arena::new(),
            groups: Arena::new(),
            baselines: Arena::new(),
            categories: Vec::new(),
            goals_intro: None,
            goals_texts: Vec::new(),
            goals: Arena::new(),
            sections: Arena::new(),
            items: Arena::with_capacity(self.declared.items),
            targets: Arena::with_capacity(self.declared.targets),
            milestones: Arena::with_capacity(self.declared.milestones),
            recurrences: Arena::with_capacity(self.declared.recurrences),
            dependencies: Arena::with_capacity(self.declared.dependencies),
            facts: Arena::with_capacity(self.declared.facts),
            days_off: Vec::new(),
            workdays: Vec::new(),
            numbering: self.numbering(header),
            holiday_files: Vec::new(),
            owner_note: header
                .owner_notes
                .first()
                .map(|n| n.node.style)
                .unwrap_or_default(),
            owner_labels: header
                .owner_notes
                .first()
                .map(|n| n.node.labels.iter().map(|l| l.node.clone()).collect())
                .unwrap_or_default(),
            due_note: header.due_notes.first().map(|n| n.node.clone()),
            table: header
                .tables
                .first()
                .map(|t| {
                    t.node
                        .iter()
                        .map(|c| (c.kind, c.heading.node.clone()))
                        .collect()
                })
                .unwrap_or_default(),
            owner_note_given: !header.owner_notes.is_empty(),
            signature: header.signatures.first().map(|s| s.node.clone()),
        };
        plan.units = self
            .unit_names
            .iter()
            .filter(|u| u.as_str() != "个百分点")
            .cloned()
            .collect();
        // Owners and groups first: items refer to them.
        for statement in &statements {
            if let TopStmt::Owner(owner) = statement {
                let capacity = owner.capacity.as_ref().and_then(|c| {
                    let value = u32::try_from(c.node)
                        .ok()
                        .filter(|v| *v > 0 && c.node.fract().is_zero());
                    if value.is_none() {
                        self.diagnostics.push(
                            Problem::Capacity {
                                too_large: c.node.fract().is_zero()
                                    && c.node >= rust_decimal::Decimal::ONE,
                                span: c.span,
                            }
                            .into(),
                        );
                    }
                    value
                });
                if owner.kind == OwnerKind::Collective
                    && let Some(c) = &owner.capacity
                {
                    self.diagnostics.push(
                        Problem::CollectiveCapacity {
                            owner: owner.name.node.to_string(),
                            span: c.span,
                        }
                        .into(),
                    );
                }
                let capacity = if owner.kind == OwnerKind::Collective {
                    None
                } else {
                    capacity
                };
                plan.owners.push(Owner {
                    id: owner.name.node.to_string(),
                    kind: owner.kind,
                    display: owner
                        .display
                        .as_ref()
                        .map(|d| d.node.clone())
                        .unwrap_or_else(|| owner.name.node.to_string()),
                    capacity,
                    span: owner.name.span,
                });
            }
        }
        for statement in &statements {
            if let TopStmt::Group(group) = statement {
                let mut members = Vec::new();
                for member in &group.members {
                    if let Some(index) = self.group_member(member, &plan.owners) {
                        members.push(index);
                    }
                }
                plan.groups.push(Group {
                    id: group.name.node.to_string(),
                    members: members.into(),
                    span: group.name.span,
                });
            }
        }
        for statement in &statements {
            if let TopStmt::Baseline(baseline) = statement {
                let value = baseline.value.clone().map(|q| self.quantity(q));
                let unit = match (&value, &baseline.later_unit) {
                    (Some(value), _) => value.unit.clone(),
                    (None, later) => self.unit(later.clone()).0,
                };
                plan.baselines.push(Baseline {
                    id: baseline.name.node.to_string(),
                    display: baseline
                        .display
                        .as_ref()
                        .map(|d| d.node.clone())
                        .unwrap_or_else(|| baseline.name.node.to_string()),
                    value,
                    unit,
                    span: baseline.name.span,
                    reference: false,
                });
            }
            if let TopStmt::Reference(reference) = statement {
                plan.baselines.push(Baseline {
                    id: reference.name.node.to_string(),
                    display: reference
                        .display
                        .as_ref()
                        .map(|d| d.node.clone())
                        .unwrap_or_else(|| reference.name.node.to_string()),
                    value: None,
                    unit: Unit::None,
                    span: reference.name.span,
                    reference: true,
                });
            }
        }
        for statement in &statements {
            if let TopStmt::Category(category) = statement {
                plan.categories.push(Category {
                    id: category.name.node.clone(),
                    display: category
                        .display
                        .as_ref()
                        .map_or_else(|| category.name.node.clone(), |d| d.node.as_str().into()),
                    span: category.name.span,
                });
            }
        }
        // Targets, items, milestones, recurrences, in document order (matching pass 1's numbering).
        let mut pending_prose: Vec<(ProseSlot, Span)> = Vec::with_capacity(self.declared.items);
        for text in &header.preamble {
            pending_prose.push((ProseSlot::Preamble, text.span));
        }
        let mut top_items = 0;
        let sources: &'a SourceMap = self.sources;
        for statement in statements {
            match statement {
                TopStmt::Goals(goals) => {
                    if let Some(intro) = &goals.intro {
                        pending_prose.push((ProseSlot::GoalsIntro, intro.span));
                    }
                    for text in &goals.texts {
                        pending_prose.push((ProseSlot::GoalsText, text.span));
                    }
                    for goal in goals.goals {
                        let index = plan.goals.next_id();
                        for text in &goal.texts {
                            pending_prose.push((ProseSlot::Goal(index), text.span));
                        }
                        let mut targets = Vec::new();
                        for target in goal.targets {
                            targets.push(plan.targets.next_id());
                            let built = self.target(target, Holder::Goal(index));
                            plan.targets.push(built);
                        }
                        for statement in goal.respectively {
                            self.respectively(statement, &mut plan);
                        }
                        for fact in goal.facts {
                            self.fact(fact, FactHolder::Goal(index), &mut plan);
                        }
                        plan.goals.push(Goal {
                            id: goal.name.node.to_string(),
                            title: goal.title.node,
                            texts: Vec::new(),
                            targets,
                            span: goal.name.span,
                        });
                    }
                }
                TopStmt::Section(section) => {
                    self.section(section, &mut plan, &mut pending_prose, &mut top_items);
                }
                TopStmt::Folded(folded) => {
                    match unfold(sources, folded.span) {
                        Some(section) => {
                            self.section(section, &mut plan, &mut pending_prose, &mut top_items);
                        }
                        // Only if the text changed under the checker, which owns it.
                        None => self
                            .diagnostics
                            .push(Problem::SectionReread { span: folded.span }.into()),
                    }
                }
                TopStmt::DayOff(day) => {
                    if day.to.node < day.from.node {
                        self.diagnostics.push(
                            Problem::DaysOffInverted {
                                span: day.to.span,
                                first: day.from.span,
                            }
                            .into(),
                        );
                    } else {
                        self.inside_period(day.from.node, day.from.span, "the day off");
                        self.inside_period(day.to.node, day.to.span, "the day off");
                        plan.days_off.push((day.from.node, day.to.node));
                    }
                }
                TopStmt::Workday(day) => {
                    self.inside_period(day.date.node, day.date.span, "the working day");
                    plan.workdays.push(day.date.node);
                }
                _ => {}
            }
        }
        // The facts with a value are baselines too, after the declared ones (as pass 1 numbered
        // them).
        for index in plan.facts.ids() {
            let fact = &plan.facts[index];
            if let Some(value) = &fact.value {
                let baseline = Baseline {
                    id: fact.id.to_string(),
                    display: fact.title.clone(),
                    unit: value.unit.clone(),
                    value: Some(value.clone()),
                    span: fact.span,
                    reference: false,
                };
                plan.baselines.push(baseline);
            }
        }
        self.fill_prose(&mut plan, pending_prose);
        crate::check::values::infer_reference_units(&mut plan);
        plan
    }

    /// A fact (`已完成 …`): kept as written; its date is when it was achieved, so it is not
    /// checked against the period.
    fn fact(&mut self, fact: ast::FactStmt, holder: FactHolder, plan: &mut Plan) {
        let index = plan.facts.next_id();
        let value = fact.value.map(|q| self.quantity(q));
        let by = fact
            .by
            .as_ref()
            .map(|when| self.sources.slice(when.span).into());
        plan.facts.push(Fact {
            id: fact.name.node,
            title: fact.title.node,
            holder,
            value,
            bound: fact.bound,
            by,
            baseline: self.fact_baselines.get(index.index()).copied().flatten(),
            span: fact.name.span,
        });
    }

    /// A section and its items, in document order (matching pass 1's numbering).
    pub(super) fn section(
        &mut self,
        section: ast::SectionBlock,
        plan: &mut Plan,
        pending_prose: &mut Vec<(ProseSlot, Span)>,
        top_items: &mut usize,
    ) {
        let section_index = plan.sections.next_id();
        for text in &section.texts {
            pending_prose.push((ProseSlot::Section(section_index), text.span));
        }
        for fact in section.facts {
            self.fact(fact, FactHolder::Section(section_index), plan);
        }
        let mut items = Vec::new();
        if plan.numbering.per_section {
            *top_items = 0;
        }
        for item in section.items {
            *top_items += 1;
            items.push(self.item(
                item,
                section_index,
                None,
                *top_items,
                0,
                plan,
                pending_prose,
            ));
        }
        if may_cite(self.sources, section.title.span) {
            pending_prose.push((ProseSlot::SectionTitle(section_index), section.title.span));
        }
        plan.sections.push(Section {
            id: section.name.node.to_string(),
            ordinal: section_index.index() + 1,
            number: plan.numbering.section(section_index.index() + 1).into(),
            title: section.title.node,
            title_prose: None,
            texts: Vec::new(),
            items,
            span: section.name.span,
        });
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn item(
        &mut self,
        item: ast::ItemBlock,
        section: SectionId,
        parent: Option<ItemId>,
        ordinal: usize,
        level: usize,
        plan: &mut Plan,
        pending_prose: &mut Vec<(ProseSlot, Span)>,
    ) -> ItemId {
        let ast::ItemBlock {
            name,
            title,
            texts,
            leads,
            supports,
            targets: target_statements,
            respectively,
            dues,
            due_whats,
            starts,
            windows,
            durations,
            deps,
            milestones: milestone_statements,
            recurs,
            tags,
            facts,
            children: child_items,
        } = item;
        let index = plan.items.next_id();
        let number = plan.numbering.item(level, ordinal);
        if may_cite(self.sources, title.span) {
            pending_prose.push((ProseSlot::ItemTitle(index), title.span));
        }
        for text in &texts {
            pending_prose.push((ProseSlot::Item(index), text.span));
        }
        let lead = self.single(leads, "lead");
        let lead_span = lead.as_ref().map(|lead| lead.span);
        let lead = lead.and_then(|lead| self.owner_ref(lead, &plan.groups, &plan.owners));
        if lead.is_none() && lead_span.is_some() {
            self.unresolved_leads.insert(plan.items.len());
        }
        let mut support = Vec::with_capacity(supports.len());
        for name in supports {
            let span = name.span;
            if let Some(reference) = self.owner_ref(name, &plan.groups, &plan.owners) {
                if let (Some(lead), Some(lead_span)) = (&lead, lead_span) {
                    self.lead_and_support(&plan.owners, (lead, lead_span), (&reference, span));
                }
                support.push(reference);
            }
        }
        let due = self
            .single(dues, "due")
            .and_then(|w| self.checked_window(&w, "the deadline"));
        let start = self
            .single(starts, "start")
            .and_then(|w| self.checked_window(&w, "the start"));
        let window = self
            .single(windows, "window")
            .and_then(|w| self.checked_window(&w, "the window"));
        let duration = self.single(durations, "duration");
        let duration_span = duration.as_ref().map(|d| d.span);
        let duration = duration.map(|d| d.node);
        // A dependency belongs to the item first declared with this name (a second declaration
        // of the name is an error reported by `declare`).
        let dependent = match self.declared_as(name.span, &name.node, Symbol::Item(index)) {
            Some(Symbol::Item(declared)) => Some(declared),
            _ => None,
        };
        let span = name.span;
        plan.items.push(Item {
            id: name.node,
            ordinal,
            level,
            number,
            section,
            parent,
            children: Indices::new(),
            title: title.node.into(),
            title_prose: None,
            texts: SmallVec::new(),
            lead,
            support,
            targets: Indices::new(),
            due,
            due_what: due_whats.into_iter().next().map(|w| w.node.into()),
            start: start.map(Box::new),
            window: window.map(Box::new),
            duration,
            duration_span,
            milestones: Indices::new(),
            recurrences: Indices::new(),
            tags: tags.into_iter().map(|t| t.node).collect(),
            span,
        });
        let mut targets = Indices::with_capacity(target_statements.len());
        for target in target_statements {
            targets.push(plan.targets.next_id());
            let built = self.target(target, Holder::Item(index));
            if let (Some(target_due), Some(item_due)) = (&built.due, plan.items[index].due.as_ref())
                && target_due.end > item_due.end
            {
                self.diagnostics.push(
                    Problem::TargetAfterItem {
                        target: built.id.to_string(),
                        due: target_due.written.to_string(),
                        due_date: target_due.end,
                        deadline: item_due.written.to_string(),
                        deadline_date: item_due.end,
                        span: target_due.span,
                        deadline_span: item_due.span,
                    }
                    .into(),
                );
            }
            plan.targets.push(built);
        }
        for statement in respectively {
            self.respectively(statement, plan);
        }
        let mut milestones = Indices::with_capacity(milestone_statements.len());
        let mut milestone_deps = Vec::new();
        for milestone in milestone_statements {
            milestones.push(plan.milestones.next_id());
            let due = milestone
                .due
                .as_ref()
                .and_then(|w| self.checked_window(w, "the milestone date"));
            let numbered = Symbol::Milestone(plan.milestones.next_id());
            if let Some(Symbol::Milestone(declared)) =
                self.declared_as(milestone.name.span, &milestone.name.node, numbered)
            {
                milestone_deps.push((declared, milestone.deps));
            }
            let title = match milestone.title {
                Some(title) => title.node.into(),
                None => milestone.name.node.clone(),
            };
            plan.milestones.push(Milestone {
                id: milestone.name.node,
                title,
                item: index,
                due,
                span: milestone.name.span,
            });
        }
        let mut recurrences = Indices::with_capacity(recurs.len());
        for recur in recurs {
            recurrences.push(plan.recurrences.next_id());
            crate::check::values::check_recurrence(&recur, self.period, self.diagnostics);
            let count = u32::try_from(recur.count.value.trunc().mantissa())
                .ok()
                .filter(|_| recur.count.value.fract().is_zero());
            if count.is_none_or(|c| c == 0) {
                self.diagnostics.push(
                    Problem::RecurrenceCount {
                        quarterly: crate::syntax::keywords::Keyword::Quarterly.chinese(),
                        span: recur.count.span,
                    }
                    .into(),
                );
            }
            let written = self.quantity(recur.count);
            let title = match recur.title {
                Some(title) => title.node.into(),
                None => recur.name.node.clone(),
            };
            plan.recurrences.push(Recurrence {
                id: recur.name.node,
                title,
                item: index,
                frequency: recur.frequency,
                count: count.unwrap_or(1).max(1),
                written,
                months: recur.months.iter().map(|m| m.node).collect(),
                day: recur.day.as_ref().map(|d| d.node),
                span: recur.span,
            });
        }
        // Dependencies: every item and milestone index is known from the declarations.
        if let Some(dependent) = dependent {
            for dep in deps {
                self.dependency(Node::Item(dependent), dep, plan);
            }
        }
        for (dependent, deps) in milestone_deps {
            for dep in deps {
                self.dependency(Node::Milestone(dependent), dep, plan);
            }
        }
        for fact in facts {
            self.fact(fact, FactHolder::Item(index), plan);
        }
        let mut children = Indices::with_capacity(child_items.len());
        for (position, child) in child_items.into_iter().enumerate() {
            children.push(self.item(
                child,
                section,
                Some(index),
                position + 1,
                level + 1,
                plan,
                pending_prose,
            ));
        }
        let built = &mut plan.items[index];
        built.targets = targets;
        built.milestones = milestones;
        built.recurrences = recurrences;
        built.children = children;
        index
    }

    pub(super) fn target(&mut self, target: ast::TargetStmt, holder: Holder) -> Target {
        let kind = match target.value {
            ast::TargetValue::Trend(direction) => TargetKind::Trend(direction.node),
            ast::TargetValue::Change {
                baseline,
                direction,
                amount,
                high,
            } => {
                let mut amount = self.quantity(amount);
                let high = high.map(|high| Box::new(self.quantity(*high)));
                // `增长 4.5-5%`: the low end without a unit is in the high end's (as written).
                if let Some(high) = &high
                    && amount.unit == Unit::None
                {
                    amount.unit = high.unit.clone();
                }
                let index = match &baseline {
                    Some(name) => self.baseline_ref(name),
                    None => None,
                };
                match (baseline, index) {
                    (Some(_), None) => TargetKind::Trend(direction.node),
                    (_, index) => TargetKind::Change {
                        baseline: index,
                        direction: direction.node,
                        amount,
                        high,
                    },
                }
            }
            ast::TargetValue::Value {
                comparison,
                suffix,
                value,
            } => TargetKind::Value {
                comparison: comparison.node,
                suffix,
                value: self.quantity(value),
            },
            ast::TargetValue::Range { low, high } => TargetKind::Range {
                low: self.quantity(low).into(),
                high: self.quantity(high).into(),
            },
            ast::TargetValue::Baseline {
                comparison,
                baseline,
            } => match self.baseline_ref(&baseline) {
                Some(index) => TargetKind::VersusBaseline {
                    comparison: comparison.node,
                    baseline: index,
                },
                None => TargetKind::Trend(TrendDirection::Steady),
            },
        };
        let total = match &kind {
            TargetKind::Value { value, .. } => Some(value),
            _ => None,
        };
        let parts = match target.split {
            Some(split) => self.parts(split.parts, total),
            None => Vec::new(),
        };
        let metric = match target.metric {
            Some(metric) => metric.node.into(),
            None => target.name.node.clone(),
        };
        let due = target
            .due
            .as_ref()
            .and_then(|w| self.checked_window(w, "the target's due date"))
            .map(Box::new);
        let counts = target.counts.and_then(|counts| {
            let of = match counts.node {
                ast::CountOf::SubItems => CountOf::SubItems,
                ast::CountOf::Tag(tag) => CountOf::Tag(tag.node),
                ast::CountOf::Group(name) => match self.lookup(&name.node) {
                    Some(Symbol::Group(index)) => CountOf::Group(index),
                    _ => {
                        let candidates = self.names_where(|s| matches!(s, Symbol::Group(_)));
                        self.undefined(Wanted::Group, &name, candidates);
                        return None;
                    }
                },
            };
            Some(Box::new(Counted {
                of,
                span: counts.span,
            }))
        });
        let change = target.change.and_then(|change| {
            let baseline = match &change.baseline {
                Some(name) => Some(self.baseline_ref(name)?),
                None => None,
            };
            Some(Box::new(Change {
                baseline,
                direction: change.direction.node,
                amount: self.quantity(change.amount),
            }))
        });
        Target {
            id: target.name.node,
            metric,
            stretch: target.stretch,
            holder,
            kind,
            parts,
            due,
            counts,
            span: target.name.span,
            approx: target.approx,
            change,
        }
    }

    /// The parts of a breakdown, nested ones too; a part without a unit takes the total's.
    fn parts(&mut self, split: Vec<ast::SplitPart>, total: Option<&Quantity>) -> Vec<Part> {
        let mut seen: FxHashMap<CompactString, Span> = FxHashMap::default();
        let mut parts = Vec::with_capacity(split.len());
        for part in split {
            // An unknown label is reported once; its part still counts towards the sum, so the
            // breakdown is not reported again for it.
            let label = self
                .part_label(&part.label, part.free)
                .unwrap_or_else(|| PartLabel::Free(part.label.node.clone()));
            if let Some(first) = seen.get(&part.label.node) {
                self.diagnostics.push(
                    Problem::PartTwice {
                        owner: part.label.node.to_string(),
                        span: part.label.span,
                        first: *first,
                    }
                    .into(),
                );
                continue;
            }
            seen.insert(part.label.node.clone(), part.label.span);
            let unit_given = part.value.unit.is_some();
            let mut value = self.quantity(part.value);
            if !unit_given && let Some(total) = total {
                value.unit = total.unit.clone();
                value.unit_written = total.unit_written.clone();
            }
            let nested = match part.split {
                Some(split) => self.parts(split.parts, Some(&value)),
                None => Vec::new(),
            };
            parts.push(Part {
                label,
                comparison: part.comparison.map(|c| (c.node, part.suffix)),
                value,
                parts: nested,
                span: part.label.span,
            });
        }
        parts
    }

    /// `分别 T1, T2 其中 { … }`: gives each listed target the breakdown of its column.
    fn respectively(&mut self, statement: ast::Respectively, plan: &mut Plan) {
        let width = statement.targets.len();
        for row in &statement.rows {
            if row.values.len() != width {
                self.diagnostics.push(
                    Problem::RespectivelyWidth {
                        label: row.label.node.to_string(),
                        values: row.values.len(),
                        targets: statement
                            .targets
                            .iter()
                            .map(|t| t.node.to_string())
                            .collect(),
                        span: row.label.span,
                        keyword: statement.span,
                    }
                    .into(),
                );
                return;
            }
        }
        for (column, name) in statement.targets.iter().enumerate() {
            let index = match self.lookup(&name.node) {
                Some(Symbol::Target(index)) if index.index() < plan.targets.len() => index,
                _ => {
                    let candidates = self.names_where(|s| matches!(s, Symbol::Target(_)));
                    self.undefined(Wanted::RespectivelyTarget, name, candidates);
                    continue;
                }
            };
            if !plan.targets[index].parts.is_empty() {
                self.diagnostics.push(
                    Problem::BrokenDownTwice {
                        target: name.node.to_string(),
                        span: name.span,
                        target_span: plan.targets[index].span,
                    }
                    .into(),
                );
                continue;
            }
            let split: Vec<ast::SplitPart> = statement
                .rows
                .iter()
                .filter_map(|row| {
                    Some(ast::SplitPart {
                        label: row.label.clone(),
                        free: row.free,
                        comparison: None,
                        suffix: false,
                        value: row.values.get(column)?.clone(),
                        split: None,
                    })
                })
                .collect();
            let total = match &plan.targets[index].kind {
                TargetKind::Value { value, .. } => Some(value.clone()),
                _ => None,
            };
            let parts = self.parts(split, total.as_ref());
            plan.targets[index].parts = parts;
        }
    }

    fn dependency(&mut self, dependent: Node, dep: ast::DepRef, plan: &mut Plan) {
        let prerequisite = match self.lookup(&dep.target.node) {
            Some(Symbol::Item(index)) => Node::Item(index),
            Some(Symbol::Milestone(index)) => Node::Milestone(index),
            _ => {
                let candidates =
                    self.names_where(|s| matches!(s, Symbol::Item(_) | Symbol::Milestone(_)));
                self.undefined(Wanted::ItemOrMilestone, &dep.target, candidates);
                return;
            }
        };
        plan.dependencies.push(Dependency {
            dependent,
            prerequisite,
            kind: dep.kind,
            from_start: dep.from_start,
            lag: dep.lag.as_ref().map(|l| l.node),
            span: dep.target.span,
        });
    }
}
