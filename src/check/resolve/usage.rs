//! Usage lints: owners and items that are not connected.

use super::Resolver;
use crate::diagnostic::Problem;
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
                    Problem::NoOwner {
                        item: item.id.to_string(),
                        span: item.span,
                    }
                    .into(),
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
}
