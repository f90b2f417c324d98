//! Looking names up: owners, units, quantities and baselines, with "did you mean" for an unknown
//! name.

use super::{Resolver, spend};
use crate::check::names::Symbol;
use crate::diagnostic::problem::Wanted;
use crate::diagnostic::{Problem, closest};
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast;

impl Resolver<'_> {
    pub(super) fn lookup(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name).map(|(symbol, _)| symbol)
    }

    /// What the name declared at `span` stands for: `numbered`, what pass 1 numbered it, unless
    /// it was declared again, and then the first declaration's symbol. Pass 2 knows the number
    /// without a look-up, which in a table of millions of names misses the cache each time.
    pub(super) fn declared_as(&self, span: Span, name: &str, numbered: Symbol) -> Option<Symbol> {
        if self.redeclared.contains(&span) {
            return self.lookup(name);
        }
        debug_assert_eq!(
            self.lookup(name),
            Some(numbered),
            "pass 1 numbered `{name}` so"
        );
        Some(numbered)
    }

    /// The declared names of some kinds, to suggest one for an unknown name; none once the run's
    /// [`SUGGESTION_BUDGET`](super::SUGGESTION_BUDGET) is spent. Unsorted: `did_you_mean` does
    /// not depend on the order.
    pub(super) fn names_where(&self, keep: impl Fn(Symbol) -> bool) -> Vec<String> {
        let count = self
            .symbols
            .iter()
            .filter(|(_, symbol)| keep(*symbol))
            .count();
        if !spend(&self.suggestion_budget, count) {
            return Vec::new();
        }
        self.symbols
            .iter()
            .filter(|(_, symbol)| keep(*symbol))
            .map(|(name, _)| name.to_string())
            .collect()
    }

    pub(super) fn undefined(&mut self, wanted: Wanted, name: &ast::Name, candidates: Vec<String>) {
        let found = self
            .symbols
            .get(name.node.as_str())
            .map(|(symbol, span)| (symbol.kind(), span));
        self.diagnostics.push(
            Problem::Undefined {
                wanted,
                name: name.node.to_string(),
                found,
                suggestion: closest(&name.node, candidates.iter().map(String::as_str)),
                span: name.span,
            }
            .into(),
        );
    }

    pub(super) fn owner_ref(
        &mut self,
        name: ast::Name,
        plan_groups: &Arena<GroupId, Group>,
        plan_owners: &Arena<OwnerId, Owner>,
    ) -> Option<OwnerRef> {
        // Names are declared once, so an owner found in the small table is the one in `symbols`.
        let symbol = match self.owner_symbols.get(name.node.as_str()) {
            Some(&symbol) => Some(symbol),
            None => self.lookup(&name.node),
        };
        match symbol {
            Some(Symbol::Owner(index)) => Some(OwnerRef {
                name: name.node,
                owners: Owners::One(index),
            }),
            Some(Symbol::Group(index)) => Some(OwnerRef {
                name: name.node,
                owners: Owners::Group(plan_groups[index].members.clone()),
            }),
            // (Each look-up spends from the run's suggestion budget, as "did you mean" does: a
            // plan of thousands of unknown names stays linear.)
            None if spend(&self.suggestion_budget, plan_owners.len())
                && let Some((index, owner)) = plan_owners
                    .iter_enumerated()
                    .find(|(_, owner)| owner.display == name.node.as_str()) =>
            {
                // Reported, and read as the owner meant: no "has no lead" or "has no items"
                // follows from it.
                self.display_name_used(&name, owner);
                Some(OwnerRef {
                    name: owner.id.as_str().into(),
                    owners: Owners::One(index),
                })
            }
            _ => {
                let candidates =
                    self.names_where(|s| matches!(s, Symbol::Owner(_) | Symbol::Group(_)));
                self.undefined(Wanted::Owner, &name, candidates);
                None
            }
        }
    }

    /// A part's label: a free label, or an owner, group or category declared under that name.
    pub(super) fn part_label(&mut self, name: &ast::Name, free: bool) -> Option<PartLabel> {
        if free {
            return Some(PartLabel::Free(name.node.clone()));
        }
        match self.lookup(&name.node) {
            Some(Symbol::Owner(index)) => Some(PartLabel::Owner(index)),
            Some(Symbol::Group(index)) => Some(PartLabel::Group(index)),
            Some(Symbol::Category(index)) => Some(PartLabel::Category(index as usize)),
            _ => {
                let candidates = self.names_where(|s| {
                    matches!(s, Symbol::Owner(_) | Symbol::Group(_) | Symbol::Category(_))
                });
                self.undefined(Wanted::PartLabel, name, candidates);
                None
            }
        }
    }

    /// An owner's display name written where its identifier is expected (`牵头 组织人事处` for
    /// `部门 组织处 "组织人事处"`): the identifier is meant, not a new owner.
    fn display_name_used(&mut self, name: &ast::Name, owner: &Owner) {
        self.diagnostics.push(
            Problem::OwnerDisplayName {
                written: name.node.to_string(),
                owner: owner.id.clone(),
                span: name.span,
                declared: owner.span,
            }
            .into(),
        );
    }

    /// A group's member: an owner, or (reported) an owner's display name, read as that owner.
    pub(super) fn group_member(
        &mut self,
        name: &ast::Name,
        plan_owners: &Arena<OwnerId, Owner>,
    ) -> Option<OwnerId> {
        if self.lookup(&name.node).is_none()
            && spend(&self.suggestion_budget, plan_owners.len())
            && let Some((index, owner)) = plan_owners
                .iter_enumerated()
                .find(|(_, owner)| owner.display == name.node.as_str())
        {
            self.display_name_used(name, owner);
            return Some(index);
        }
        self.owner_only(name)
    }

    pub(super) fn owner_only(&mut self, name: &ast::Name) -> Option<OwnerId> {
        match self.lookup(&name.node) {
            Some(Symbol::Owner(index)) => Some(index),
            _ => {
                let candidates = self.names_where(|s| matches!(s, Symbol::Owner(_)));
                self.undefined(Wanted::Member, name, candidates);
                None
            }
        }
    }

    pub(super) fn unit(&mut self, unit: Option<ast::Name>) -> (Unit, CompactString) {
        let Some(unit) = unit else {
            return (Unit::None, CompactString::default());
        };
        let resolved = match unit.node.as_str() {
            "%" | "％" => Unit::Percent,
            "个百分点" | "pp" => Unit::PercentPoint,
            name if self.units.contains_key(name) => Unit::Named(name.into()),
            name => {
                let glued = name
                    .strip_suffix("左右")
                    .filter(|unit| self.units.contains_key(*unit));
                self.diagnostics.push(
                    match glued {
                        // `1.4万斤左右`: `左右` glued to the unit reads as part of its name.
                        Some(declared) => Problem::OrSoGlued {
                            unit: name.to_string(),
                            declared: declared.to_string(),
                            span: unit.span,
                        },
                        None => Problem::UndefinedUnit {
                            unit: name.to_string(),
                            suggestion: closest(name, self.units.keys().map(String::as_str)),
                            span: unit.span,
                        },
                    }
                    .into(),
                );
                Unit::Named(name.into())
            }
        };
        (resolved, unit.node)
    }

    pub(super) fn quantity(&mut self, quantity: ast::Quantity) -> Quantity {
        let (unit, unit_written) = self.unit(quantity.unit);
        Quantity {
            value: quantity.value,
            written: quantity.written,
            unit,
            unit_written,
            span: quantity.span,
        }
    }

    pub(super) fn baseline_ref(&mut self, name: &ast::Name) -> Option<BaselineId> {
        match self.lookup(&name.node) {
            Some(Symbol::Baseline(index)) => Some(index),
            Some(Symbol::Fact(fact)) => {
                let baseline = self.fact_baselines.get(fact.index()).copied().flatten();
                if baseline.is_none() {
                    self.diagnostics.push(
                        Problem::FactWithoutValue {
                            name: name.node.to_string(),
                            span: name.span,
                        }
                        .into(),
                    );
                }
                baseline
            }
            None if self.units.contains_key(name.node.as_str())
                || matches!(name.node.as_str(), "个百分点" | "pp") =>
            {
                self.diagnostics.push(
                    Problem::UnitWithoutNumber {
                        unit: name.node.to_string(),
                        span: name.span,
                    }
                    .into(),
                );
                None
            }
            _ => {
                let candidates = self.names_where(|s| matches!(s, Symbol::Baseline(_)));
                self.undefined(Wanted::Baseline, name, candidates);
                None
            }
        }
    }
}
