//! Usage lints: owners and items that are not connected.

use super::Resolver;
use crate::diagnostic::Problem;
use crate::model::*;
use crate::source::Span;

impl Resolver<'_> {
    /// Warnings about owners and items that are not connected.
    pub(super) fn check_usage(&mut self, plan: &mut Plan) {
        let mut used = vec![false; plan.owners.len()];
        for (index, item) in plan.items.iter().enumerate() {
            for reference in item.lead.iter().chain(&item.support) {
                for &owner in &reference.owners {
                    used[owner.index()] = true;
                }
            }
            // A sub-item is led by its item's lead; a top-level item needs its own.
            if item.lead.is_none()
                && item.parent.is_none()
                && !self.unresolved_leads.contains(&index)
            {
                let problem = if item.support.is_empty() {
                    Problem::NoOwner {
                        item: item.id.to_string(),
                        span: item.span,
                    }
                } else {
                    Problem::NoLead {
                        item: item.id.to_string(),
                        span: item.span,
                    }
                };
                self.diagnostics.push(problem.into());
            }
        }
        fn mark(parts: &[Part], used: &mut [bool]) {
            for part in parts {
                if let PartLabel::Owner(owner) = part.label {
                    used[owner.index()] = true;
                }
                mark(&part.parts, used);
            }
        }
        self.check_citations(plan);
        for target in &plan.targets {
            mark(&target.parts, &mut used);
            // What a count counts is named in the plan on purpose (`计数 GROUP`): the schools of a
            // building list, say, which lead nothing.
            if let Some(counted) = &target.counts
                && let CountOf::Group(group) = counted.of
            {
                for &owner in plan.groups[group].members.iter() {
                    used[owner.index()] = true;
                }
            }
        }
        for (owner, used) in plan.owners.iter().zip(used) {
            if !used {
                self.diagnostics.push(
                    Problem::UnusedOwner {
                        owner: owner.id.to_string(),
                        span: owner.span,
                    }
                    .into(),
                );
            }
        }
    }

    /// Warns when an owner both leads an item and is among its supporters (directly, or as a
    /// member of a group on either side).
    pub(super) fn lead_and_support(
        &mut self,
        owners: &Arena<OwnerId, Owner>,
        (lead, lead_span): (&OwnerRef, Span),
        (support, support_span): (&OwnerRef, Span),
    ) {
        let Some(&owner) = support
            .owners
            .iter()
            .find(|owner| lead.owners.contains(owner))
        else {
            return;
        };
        let name = owners[owner].id.clone();
        let via = |reference: &OwnerRef| {
            (reference.name.as_str() != name).then(|| reference.name.to_string())
        };
        self.diagnostics.push(
            Problem::LeadAndSupport {
                support_written: support.name.to_string(),
                lead_via: via(lead),
                support_via: via(support),
                owner: name,
                span: support_span,
                lead: lead_span,
            }
            .into(),
        );
    }

    /// Warns about targets cited in no text or title: the document prints a target only where it
    /// is cited (`{名称}`), so such a target's figure is missing from it.
    fn check_citations(&mut self, plan: &Plan) {
        let mut cited = vec![false; plan.targets.len()];
        let mut mark = |prose: &Prose| {
            for segment in &prose.segments {
                if let Segment::Cite(Cite::Target(target))
                | Segment::CitePart(Cite::Target(target), _)
                | Segment::CiteParts(Cite::Target(target)) = segment
                {
                    cited[target.index()] = true;
                }
            }
        };
        plan.preamble.iter().for_each(&mut mark);
        plan.goals_intro.iter().for_each(&mut mark);
        plan.goals_texts.iter().for_each(&mut mark);
        for goal in &plan.goals {
            goal.texts.iter().for_each(&mut mark);
        }
        for section in &plan.sections {
            section.title_prose.iter().for_each(|prose| mark(prose));
            section.texts.iter().for_each(&mut mark);
        }
        for item in &plan.items {
            item.title_prose.iter().for_each(|prose| mark(prose));
            item.texts.iter().for_each(&mut mark);
        }
        for (target, cited) in plan.targets.iter().zip(cited) {
            if cited {
                continue;
            }
            self.diagnostics.push(
                Problem::UncitedTarget {
                    target: target.id.to_string(),
                    span: target.span,
                }
                .into(),
            );
        }
    }
}
