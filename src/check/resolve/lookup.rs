//! Looking names up: owners, units, quantities and baselines, with "did you mean" for an unknown
//! name.

use super::{Resolver, spend};
use crate::check::names::Symbol;
use crate::diagnostic::{Code, Diagnostic, did_you_mean};
use crate::model::*;
use crate::syntax::ast;

impl Resolver<'_> {
    pub(super) fn lookup(&self, name: &str) -> Option<Symbol> {
        self.symbols.get(name).map(|(symbol, _)| symbol)
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

    pub(super) fn undefined(
        &mut self,
        code: Code,
        what: &str,
        name: &ast::Name,
        candidates: Vec<String>,
        declare: &str,
    ) {
        let (kind, symbol_span) = match self.symbols.get(name.node.as_str()) {
            Some((symbol, span)) => (Some(symbol.kind()), Some(span)),
            None => (None, None),
        };
        let mut diagnostic = match kind {
            Some(kind) => Diagnostic::error(
                code,
                format!("`{}` is {kind}, not {what}", name.node),
                name.span,
                format!("expected {what}"),
            ),
            None => Diagnostic::error(
                code,
                format!("`{}` is not declared", name.node),
                name.span,
                format!("expected {what}"),
            ),
        };
        if let Some(span) = symbol_span {
            diagnostic = diagnostic.with_label(span, "declared here");
        }
        diagnostic = match did_you_mean(&name.node, candidates.iter().map(String::as_str)) {
            Some(hint) => diagnostic.with_help(hint),
            None => diagnostic.with_help(declare.to_string()),
        };
        self.diagnostics.push(diagnostic);
    }

    pub(super) fn owner_ref(
        &mut self,
        name: ast::Name,
        plan_groups: &Arena<GroupId, Group>,
        plan_owners: &Arena<OwnerId, Owner>,
    ) -> Option<OwnerRef> {
        match self.lookup(&name.node) {
            Some(Symbol::Owner(index)) => Some(OwnerRef {
                name: name.node,
                owners: Owners::One(index),
            }),
            Some(Symbol::Group(index)) => Some(OwnerRef {
                name: name.node,
                owners: Owners::Group(plan_groups[index].members.clone()),
            }),
            None if let Some((index, owner)) = plan_owners
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
                self.undefined(
                    Code::UndefinedOwner,
                    "an owner",
                    &name,
                    candidates,
                    &format!("declare it, e.g. `部门 {} \"…\"`", name.node),
                );
                None
            }
        }
    }

    /// An owner's display name written where its identifier is expected (`牵头 组织人事处` for
    /// `部门 组织处 "组织人事处"`): the identifier is meant, not a new owner.
    fn display_name_used(&mut self, name: &ast::Name, owner: &Owner) {
        self.diagnostics.push(
            Diagnostic::error(
                Code::UndefinedOwner,
                format!(
                    "`{}` is the display name of the owner `{}`, not its name",
                    name.node, owner.id
                ),
                name.span,
                format!("did you mean `{}`?", owner.id),
            )
            .with_label(owner.span, "declared here")
            .with_help(format!(
                "write `{}`: statements name an owner by its identifier; its display name (`\"{}\"`) is what the documents print",
                owner.id, owner.display
            )),
        );
    }

    /// A group's member: an owner, or (reported) an owner's display name, read as that owner.
    pub(super) fn group_member(
        &mut self,
        name: &ast::Name,
        plan_owners: &Arena<OwnerId, Owner>,
    ) -> Option<OwnerId> {
        if self.lookup(&name.node).is_none()
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
                self.undefined(
                    Code::UndefinedOwner,
                    "an owner",
                    name,
                    candidates,
                    &format!("declare it, e.g. `辖区 {}`", name.node),
                );
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
                let mut diagnostic = Diagnostic::error(
                    Code::UndefinedUnit,
                    format!("the unit `{name}` is not declared"),
                    unit.span,
                    "unknown unit",
                );
                diagnostic = match did_you_mean(name, self.units.keys().map(String::as_str)) {
                    Some(hint) => diagnostic.with_help(hint),
                    None => diagnostic.with_help(format!("declare it with `计量单位 {name}`")),
                };
                self.diagnostics.push(diagnostic);
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
            None if self.units.contains_key(name.node.as_str())
                || matches!(name.node.as_str(), "个百分点" | "pp") =>
            {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::Syntax,
                        format!("the value before the unit `{}` is missing", name.node),
                        name.span,
                        "a unit without a number",
                    )
                    .with_help(format!(
                        "write the number before the unit, e.g. `39{}`",
                        name.node
                    )),
                );
                None
            }
            _ => {
                let candidates = self.names_where(|s| matches!(s, Symbol::Baseline(_)));
                self.undefined(
                    Code::MissingBaseline,
                    "a baseline",
                    name,
                    candidates,
                    &format!(
                        "declare the baseline: `基线 {0} \"…\" 52.1%` for a known value, or `基线 {0} \"…\" 上年实际 %` when the previous year's actual comes later",
                        name.node
                    ),
                );
                None
            }
        }
    }
}
