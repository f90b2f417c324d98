//! Usage lints: owners and items that are not connected.

use super::Resolver;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;

impl Resolver<'_> {
    /// Warnings about owners and items that are not connected.
    pub(super) fn check_usage(&mut self, plan: &mut Plan) {
        let mut used = vec![false; plan.owners.len()];
        for item in &plan.items {
            for reference in item.lead.iter().chain(&item.support) {
                for &owner in &reference.owners {
                    used[owner.index()] = true;
                }
            }
            // A sub-item is led by its item's lead; a top-level item needs its own.
            if item.lead.is_none() && item.parent.is_none() {
                let diagnostic = if item.support.is_empty() {
                    Diagnostic::warning(
                        Code::NoOwner,
                        format!("item `{}` has no owner", item.id),
                        item.span,
                        "no `lead` or `support`",
                    )
                    .with_help("add `牵头 OWNER` to the item")
                } else {
                    Diagnostic::warning(
                        Code::NoOwner,
                        format!("item `{}` has supporters but no lead", item.id),
                        item.span,
                        "no `lead`",
                    )
                    .with_help(
                        "add `牵头 OWNER`, the one owner who answers for the item; `配合` lists those who help",
                    )
                };
                self.diagnostics.push(diagnostic);
            }
        }
        self.check_citations(plan);
        for target in &plan.targets {
            for part in &target.parts {
                used[part.owner.index()] = true;
            }
        }
        for (owner, used) in plan.owners.iter().zip(used) {
            if !used {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::UnusedOwner,
                        format!("owner `{}` has no items", owner.id),
                        owner.span,
                        "declared but never assigned",
                    )
                    .with_help("make it the lead or a supporter of an item, or remove it"),
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
        let name = &owners[owner].id;
        let via = |reference: &OwnerRef| {
            if reference.name.as_str() == name {
                String::new()
            } else {
                format!(" (a member of `{}`)", reference.name)
            }
        };
        self.diagnostics.push(
            Diagnostic::warning(
                Code::LeadAndSupport,
                format!("`{name}` both leads and supports this item"),
                support_span,
                format!("a supporter{}", via(support)),
            )
            .with_label(lead_span, format!("the lead{}", via(lead)))
            .with_help(format!(
                "remove `{}` from `配合`: the lead already answers for the item; an owner is the lead or a supporter, not both",
                support.name
            )),
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
                Diagnostic::warning(
                    Code::UncitedTarget,
                    format!(
                        "target `{}` is cited in no text or title: its figure is missing from the document",
                        target.id
                    ),
                    target.span,
                    "never cited",
                )
                .with_help(format!(
                    "write `{{{}}}` in the text where the figure belongs (the document prints a target only where it is cited)",
                    target.id
                )),
            );
        }
    }
}
