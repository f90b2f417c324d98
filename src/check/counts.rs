//! Counts that count something (`指标 开工项目 "…" 6个 计数 子事项`): the number a count target
//! states against the things it names — the sub-items of its item, the members of a group, the
//! items with a tag. A list edited without its count (a project added, the count left at 5) is
//! `planc::count_mismatch`.
//!
//! The count's comparator is honoured: `6个` (or `为6个`) must equal what is counted; `6个以上`,
//! `不少于6个` mean at least 6; `超6个`/`逾6个` more than 6; `6个以下`, `不超过6个` at most 6;
//! `少于6个` fewer than 6; a range `5-7个` holds any number in it.

use crate::diagnostic::{Diagnostic, Problem};
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast::Comparison as ast_cmp;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Compares every count target with what it counts.
pub fn check(plan: &Plan, diagnostics: &mut Vec<Diagnostic>) {
    for target in &plan.targets {
        if let Some(counted) = &target.counts {
            check_one(plan, target, counted, diagnostics);
        }
    }
}

/// The things a count counts (each one's name and where it is declared, in document order) and
/// what they are; `None` for sub-items of a goal's target.
type Things<'a> = Vec<(&'a str, Span)>;

fn counted_things<'a>(
    plan: &'a Plan,
    target: &Target,
    of: &'a CountOf,
) -> Option<(Things<'a>, String)> {
    match of {
        CountOf::SubItems => match target.holder {
            Holder::Item(item) => Some((
                plan.items[item]
                    .children
                    .iter()
                    .map(|&child| (plan.items[child].id.as_str(), plan.items[child].span))
                    .collect(),
                format!("`{}`'s sub-items", plan.items[item].id),
            )),
            Holder::Goal(_) => None,
        },
        CountOf::Group(group) => {
            let group = &plan.groups[*group];
            Some((
                group
                    .members
                    .iter()
                    .map(|&owner| (plan.owners[owner].id.as_str(), plan.owners[owner].span))
                    .collect(),
                format!("the members of `{}`", group.id),
            ))
        }
        CountOf::Tag(tag) => Some((
            plan.items
                .iter()
                .filter(|item| item.tags.iter().any(|t| t == tag))
                .map(|item| (item.id.as_str(), item.span))
                .collect(),
            format!("the items tagged `{tag}`"),
        )),
    }
}

fn check_one(plan: &Plan, target: &Target, counted: &Counted, diagnostics: &mut Vec<Diagnostic>) {
    let Some((things, what)) = counted_things(plan, target, &counted.of) else {
        diagnostics.push(
            Problem::CountOnGoal {
                target: target.id.to_string(),
                clause: counted.span,
            }
            .into(),
        );
        return;
    };
    let n = Decimal::from(things.len());
    // (where the number is, the number as written, whether `n` satisfies it, how it reads)
    let (span, written, holds, says) = match &target.kind {
        TargetKind::Value {
            comparison, value, ..
        } => {
            let holds = match comparison {
                ast_cmp::Eq | ast_cmp::InStep => n == value.value,
                ast_cmp::Ge => n >= value.value,
                ast_cmp::Gt => n > value.value,
                ast_cmp::Le => n <= value.value,
                ast_cmp::Lt => n < value.value,
            };
            let says = match comparison {
                ast_cmp::Eq | ast_cmp::InStep => value.written.to_string(),
                ast_cmp::Ge => format!("at least {}", value.written),
                ast_cmp::Gt => format!("more than {}", value.written),
                ast_cmp::Le => format!("at most {}", value.written),
                ast_cmp::Lt => format!("fewer than {}", value.written),
            };
            (value.span, value.render(), holds, says)
        }
        TargetKind::Range { low, high } => (
            Span {
                file: low.span.file,
                start: low.span.start,
                end: if high.span.file == low.span.file {
                    high.span.end
                } else {
                    low.span.end
                },
            },
            format!("{}-{}{}", low.written, high.written, high.unit_written),
            n >= low.value && n <= high.value,
            format!("{} to {}", low.written, high.written),
        ),
        _ => {
            diagnostics.push(
                Problem::CountWithoutNumber {
                    target: target.id.to_string(),
                    what,
                    clause: counted.span,
                }
                .into(),
            );
            return;
        }
    };
    if holds {
        return;
    }
    // Past the number of a count that may not be exceeded, each thing is one the count leaves out.
    let stated = match &target.kind {
        TargetKind::Value {
            comparison: ast_cmp::Eq | ast_cmp::Le | ast_cmp::Lt,
            value,
            ..
        } => value.value.trunc().to_usize(),
        _ => None,
    };
    diagnostics.push(
        Problem::CountMismatch {
            target: target.id.to_string(),
            written,
            says,
            what,
            things: things
                .into_iter()
                .map(|(name, span)| (name.to_string(), span))
                .collect(),
            stated,
            value: span,
            clause: counted.span,
        }
        .into(),
    );
}
