//! Usage lints: owners and items that are not connected.

use super::Resolver;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;

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
            if item.lead.is_none() && item.support.is_empty() && item.parent.is_none() {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::NoOwner,
                        format!("item `{}` has no owner", item.id),
                        item.span,
                        "no `lead` or `support`",
                    )
                    .with_help("add `牵头 OWNER` to the item"),
                );
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
        for target in &plan.targets {
            mark(&target.parts, &mut used);
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
}
