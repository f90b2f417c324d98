//! Owner capacity: overload periods, and levelling items within their slack.
//!
//! Only lead owners count (a group as lead counts for each member); milestones and zero-length
//! items take no capacity. An item and its sub-items count once: a sub-item takes no capacity
//! of an owner that leads an item it is inside (the work is part of that item). Levelling never
//! moves a sub-item outside its parent item's planned dates.

use super::Overload;
use super::cpm::{Cpm, Timeline};
use crate::model::{Arena, DependencyId, ItemId, OwnerId, Plan};
use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// The capacity-limited lead owners of each item.
fn limited_leads(plan: &Plan) -> Vec<Vec<(OwnerId, u32)>> {
    plan.items
        .iter()
        .map(|item| {
            let mut owners: Vec<(OwnerId, u32)> = Vec::new();
            if let Some(lead) = &item.lead {
                for &owner in &lead.owners {
                    if let Some(capacity) = plan.owners[owner].capacity
                        && !owners.iter().any(|&(o, _)| o == owner)
                    {
                        owners.push((owner, capacity));
                    }
                }
            }
            owners
        })
        .collect()
}

/// The capacity-limited lead owners each item counts for: its own, without those that lead an
/// item it is inside.
fn counted_leads(plan: &Plan) -> Vec<Vec<(OwnerId, u32)>> {
    let mut leads = limited_leads(plan);
    for (own, index) in leads.iter_mut().zip(plan.items.ids()) {
        if own.is_empty() {
            continue;
        }
        let mut current = plan.items[index].parent;
        let mut guard = 0;
        while let Some(parent) = current {
            guard += 1;
            if guard > plan.items.len() || parent == index {
                break;
            }
            let above: Vec<OwnerId> = limited_leads_of(plan, parent);
            own.retain(|(owner, _)| !above.contains(owner));
            current = plan.items[parent].parent;
        }
    }
    leads
}

/// The capacity-limited lead owners of one item.
fn limited_leads_of(plan: &Plan, item: ItemId) -> Vec<OwnerId> {
    let Some(lead) = plan.items[item].lead.as_ref() else {
        return Vec::new();
    };
    lead.owners
        .iter()
        .copied()
        .filter(|&owner| plan.owners[owner].capacity.is_some())
        .collect()
}

/// Moves items later within their slack so that no capacity-limited lead owner is overloaded,
/// where that is possible. Dependencies stay satisfied and no item moves past its latest start.
pub(crate) fn level(plan: &Plan, timeline: &Timeline, cpm: &mut Cpm) {
    let leads = counted_leads(plan);
    if leads.iter().all(Vec::is_empty) {
        return;
    }
    let count = cpm.es.len();
    // Load per owner per working day, over the span every planned date can reach.
    let lo = cpm
        .es
        .iter()
        .copied()
        .min()
        .unwrap_or(timeline.start)
        .min(timeline.start);
    let hi = cpm
        .lf
        .iter()
        .chain(cpm.ef.iter())
        .copied()
        .max()
        .unwrap_or(timeline.end)
        .max(timeline.end);
    let width = usize::try_from(hi - lo + 1).unwrap_or(0);
    let mut load: Arena<OwnerId, Vec<u32>> = plan.owners.iter().map(|_| Vec::new()).collect();
    for owner_leads in &leads {
        for &(owner, _) in owner_leads {
            let row = &mut load[owner];
            if row.is_empty() {
                *row = vec![0; width];
            }
        }
    }
    let offset = |t: i64| usize::try_from(t - lo).ok();

    // Successor lists for the priority-ordered topological walk.
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut indegree = vec![0usize; count];
    for (node, preds) in cpm.preds.iter().enumerate() {
        for &(prev, _) in preds {
            if let Some(list) = succs.get_mut(prev) {
                list.push(node);
                indegree[node] += 1;
            }
        }
    }
    // A sub-item is placed after its parent item, inside the parent's planned dates. (A parent
    // that waits for its own sub-item makes a cycle here: both keep their earliest dates.)
    let parent_of = |node: usize| {
        super::cpm::item_at(plan, node)
            .and_then(|i| i.parent)
            .map(ItemId::index)
            .filter(|&p| p < count && p != node)
    };
    for (node, degree) in indegree.iter_mut().enumerate().take(plan.items.len()) {
        if let Some(parent) = parent_of(node) {
            succs[parent].push(node);
            *degree += 1;
        }
    }
    let key = |n: usize, cpm: &Cpm| Reverse((cpm.es[n], cpm.lf[n] - cpm.ef[n], n));
    let mut heap: BinaryHeap<Reverse<(i64, i64, usize)>> = (0..count)
        .filter(|&n| indegree[n] == 0)
        .map(|n| key(n, cpm))
        .collect();
    let from_start = |position: DependencyId| plan.dependencies[position].from_start;
    while let Some(Reverse((_, _, node))) = heap.pop() {
        // Earliest start given the planned dates of what it waits for.
        let mut earliest = cpm.es[node];
        for &(prev, position) in &cpm.preds[node] {
            let l = cpm.lag[position];
            let bound = if from_start(position) {
                cpm.planned[prev] + l
            } else {
                cpm.planned[prev] + cpm.dur[prev] + l
            };
            earliest = earliest.max(bound);
        }
        // Inside the parent: a parent moved later carries its sub-items with it.
        let mut parent_end = i64::MAX;
        if let Some(parent) = parent_of(node) {
            if cpm.es[node] >= cpm.es[parent] {
                earliest = earliest.max(earliest + cpm.planned[parent] - cpm.es[parent]);
            }
            parent_end = cpm.planned[parent] + cpm.dur[parent];
        }
        let owners = leads.get(node).map(Vec::as_slice).unwrap_or(&[]);
        // Ongoing work is not moved: it fills its time, so when what it waits for moved later it
        // starts later and keeps its finish.
        let ongoing = cpm.ongoing.get(node).copied().unwrap_or(false);
        if ongoing && earliest > cpm.es[node] {
            cpm.dur[node] = (cpm.ef[node] - earliest).max(1);
        }
        let dur = cpm.dur[node];
        let mut start = earliest;
        if dur > 0 && !owners.is_empty() && !ongoing {
            // The latest start that keeps its whole length before its latest finish (for
            // ongoing work, `ls` counts only its least length).
            let latest = (cpm.lf[node] - dur).min(parent_end.saturating_sub(dur));
            let mut candidate = earliest;
            let mut found = None;
            let mut guard = 0usize;
            while candidate <= latest && guard <= width + 1 {
                guard += 1;
                // The last overloaded day in [candidate, candidate + dur), if any.
                let mut blocked = None;
                for t in (candidate..candidate + dur).rev() {
                    let full = owners.iter().any(|&(owner, capacity)| {
                        offset(t)
                            .and_then(|o| load[owner].get(o))
                            .is_some_and(|&used| used >= capacity)
                    });
                    if full {
                        blocked = Some(t);
                        break;
                    }
                }
                match blocked {
                    None => {
                        found = Some(candidate);
                        break;
                    }
                    Some(t) => candidate = t + 1,
                }
            }
            start = found.unwrap_or(earliest);
        }
        cpm.planned[node] = start;
        for &(owner, _) in owners {
            {
                let row = &mut load[owner];
                for t in start..start + dur {
                    if let Some(cell) = offset(t).and_then(|o| row.get_mut(o)) {
                        *cell += 1;
                    }
                }
            }
        }
        for &next in &succs[node] {
            indegree[next] -= 1;
            if indegree[next] == 0 {
                heap.push(key(next, cpm));
            }
        }
    }
}

/// Periods where a capacity-limited lead owner runs more items than its capacity, on the
/// planned dates.
pub(crate) fn overloads(plan: &Plan, timeline: &Timeline, cpm: &Cpm) -> Vec<Overload> {
    let leads = counted_leads(plan);
    let mut per_owner: Arena<OwnerId, Vec<(i64, i64, usize)>> =
        plan.owners.iter().map(|_| Vec::new()).collect();
    for (item, owners) in leads.iter().enumerate() {
        let dur = cpm.dur.get(item).copied().unwrap_or(0);
        if dur <= 0 {
            continue;
        }
        let start = cpm.planned.get(item).copied().unwrap_or(0);
        for &(owner, _) in owners {
            per_owner[owner].push((start, start + dur, item));
        }
    }
    let mut out = Vec::new();
    for (owner, spans) in per_owner.iter_enumerated() {
        let Some(capacity) = plan.owners[owner].capacity else {
            continue;
        };
        if spans.len() <= capacity as usize {
            continue;
        }
        // Events: (time, +1/-1, item); ends before starts at the same boundary.
        let mut events: Vec<(i64, i8, usize)> = Vec::with_capacity(spans.len() * 2);
        for &(s, f, item) in spans {
            events.push((s, 1, item));
            events.push((f, -1, item));
        }
        events.sort_unstable();
        let mut active: BTreeSet<usize> = BTreeSet::new();
        let mut current: Option<(i64, u32, BTreeSet<usize>)> = None;
        let mut index = 0;
        while index < events.len() {
            let time = events[index].0;
            while index < events.len() && events[index].0 == time {
                let (_, delta, item) = events[index];
                if delta < 0 {
                    active.remove(&item);
                } else {
                    active.insert(item);
                }
                index += 1;
            }
            let running = u32::try_from(active.len()).unwrap_or(u32::MAX);
            if running > capacity {
                match &mut current {
                    Some((_, peak, items)) => {
                        *peak = (*peak).max(running);
                        items.extend(active.iter().copied());
                    }
                    None => current = Some((time, running, active.clone())),
                }
            } else if let Some((start, peak, items)) = current.take() {
                out.push(Overload {
                    owner,
                    start: timeline.day(start),
                    end: timeline.day(time - 1),
                    load: peak,
                    capacity,
                    items: items.into_iter().map(ItemId::from_index).collect(),
                });
            }
        }
    }
    out
}
