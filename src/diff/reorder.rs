//! Items that moved among their siblings: those kept in both versions, in the same container,
//! that are not on a longest run kept in order.

use super::change::Container;
use super::describe::container;
use crate::model::Plan;
use std::collections::{BTreeMap, BTreeSet};

/// Items (indices into the new plan) whose place among their siblings changed: the siblings kept in
/// both versions, in the same container, that are not on a longest run kept in order.
pub(super) fn reordered(old: &Plan, new: &Plan) -> BTreeSet<usize> {
    let mut moved = BTreeSet::new();
    let old_position: BTreeMap<&str, (Container, usize)> = old
        .items
        .iter()
        .enumerate()
        .map(|(i, item)| (item.id.as_str(), (container(old, item), i)))
        .collect();
    let mut groups: BTreeMap<Container, Vec<(usize, usize)>> = BTreeMap::new();
    for (index, item) in new.items.iter().enumerate() {
        let here = container(new, item);
        if let Some((there, old_index)) = old_position.get(item.id.as_str())
            && *there == here
        {
            groups.entry(here).or_default().push((index, *old_index));
        }
    }
    for siblings in groups.values() {
        let keep = longest_increasing(siblings);
        for (position, (index, _)) in siblings.iter().enumerate() {
            if !keep.contains(&position) {
                moved.insert(*index);
            }
        }
    }
    moved
}

/// Positions of a longest run whose old indices increase (quadratic; sibling lists are short).
fn longest_increasing(pairs: &[(usize, usize)]) -> BTreeSet<usize> {
    let count = pairs.len();
    let mut length = vec![1usize; count];
    let mut previous: Vec<Option<usize>> = vec![None; count];
    for i in 0..count {
        for j in 0..i {
            if let (Some(a), Some(b)) = (pairs.get(j), pairs.get(i))
                && a.1 < b.1
                && length.get(j).copied().unwrap_or(0) + 1 > length.get(i).copied().unwrap_or(0)
            {
                let value = length.get(j).copied().unwrap_or(0) + 1;
                if let Some(slot) = length.get_mut(i) {
                    *slot = value;
                }
                if let Some(slot) = previous.get_mut(i) {
                    *slot = Some(j);
                }
            }
        }
    }
    let mut best = None;
    let mut best_length = 0;
    for (i, &l) in length.iter().enumerate() {
        if l > best_length {
            best_length = l;
            best = Some(i);
        }
    }
    let mut keep = BTreeSet::new();
    while let Some(i) = best {
        keep.insert(i);
        best = previous.get(i).copied().flatten();
    }
    keep
}
