//! The critical path method over working-day indices.
//!
//! Working day `k` is the `k`-th working day on or after an origin well before the period. Work
//! that starts on day `s` and takes `d` working days occupies `[s, s + d)`; its start boundary is
//! `s` and its finish boundary `s + d`. A milestone is a single boundary: the end of its day.

use super::{Occurrence, Overload, Rule, Schedule, Slot};
use crate::calendar::Calendar;
use crate::diagnostic::{Diagnostic, Problem};
use crate::model::describe;
use crate::model::{
    Arena, DependencyId, Duration, DurationUnit, Item, ItemId, MilestoneId, Node, Period, Plan,
};
use crate::source::Span;
use jiff::civil::Date;
use std::collections::VecDeque;

/// Converts between dates and working-day indices.
pub(crate) struct Timeline<'a> {
    calendar: &'a Calendar,
    origin: Date,
    /// Start boundary of the first working day of the period.
    pub start: i64,
    /// Finish boundary of the last working day of the period.
    pub end: i64,
}

impl<'a> Timeline<'a> {
    /// The timeline of a period.
    pub fn new(calendar: &'a Calendar, period: Period) -> Timeline<'a> {
        let origin = period
            .start
            .checked_sub(jiff::Span::new().days(3660))
            .unwrap_or(period.start);
        let mut timeline = Timeline {
            calendar,
            origin,
            start: 0,
            end: 0,
        };
        timeline.start = timeline.on_or_after(period.start);
        timeline.end = timeline.through(period.end) + 1;
        timeline
    }

    /// Index of the last working day on or before `date`.
    pub fn through(&self, date: Date) -> i64 {
        self.calendar.workdays_between(self.origin, date)
    }

    /// Index of the first working day on or after `date`.
    pub fn on_or_after(&self, date: Date) -> i64 {
        let n = self.through(date);
        if self.calendar.is_workday(date) {
            n
        } else {
            n + 1
        }
    }

    /// The date of working day `k`.
    pub fn day(&self, k: i64) -> Date {
        self.calendar.add_workdays(self.origin, k.max(1))
    }

    /// The working days covered by `amount` calendar units from day `s`, at least 1 when
    /// `amount >= 1`; 0 otherwise.
    fn calendar_length(&self, s: i64, amount: i64, unit: DurationUnit) -> i64 {
        if amount <= 0 {
            return 0;
        }
        let start = self.day(s);
        let end = add_calendar(start, amount, unit)
            .and_then(|d| d.yesterday().ok())
            .unwrap_or(Date::MAX);
        (self.through(end) - s + 1).max(1)
    }

    /// The length in working days of a duration starting on day `s`.
    pub fn length(&self, s: i64, duration: Duration) -> i64 {
        match duration.unit {
            DurationUnit::Workdays => duration.amount.clamp(0, LIMIT),
            unit => self.calendar_length(s, duration.amount, unit),
        }
    }

    /// A lag in working days, measured from boundary `at`.
    pub fn lag(&self, at: i64, lag: Option<Duration>) -> i64 {
        let Some(lag) = lag else {
            return 0;
        };
        match lag.unit {
            DurationUnit::Workdays => lag.amount.clamp(-LIMIT, LIMIT),
            unit => {
                let from = self.day(at);
                match add_calendar(from, lag.amount, unit) {
                    Some(to) => self.on_or_after(to) - at,
                    None => lag.amount.signum() * LIMIT,
                }
            }
        }
    }
}

/// The largest duration or lag taken at face value, in working days (about 4,000 years): larger
/// ones are clamped so that no arithmetic can overflow.
const LIMIT: i64 = 1_000_000;

/// `date` plus `amount` days, weeks or months (negative goes back); `None` on overflow.
fn add_calendar(date: Date, amount: i64, unit: DurationUnit) -> Option<Date> {
    let amount = amount.clamp(-100_000, 100_000);
    let span = match unit {
        DurationUnit::Workdays | DurationUnit::Days => jiff::Span::new().try_days(amount).ok()?,
        DurationUnit::Weeks => jiff::Span::new().try_weeks(amount).ok()?,
        DurationUnit::Months => jiff::Span::new().try_months(amount).ok()?,
    };
    date.checked_add(span).ok()
}

/// How long a node takes.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// A duration (`工期`).
    Fixed(Duration),
    /// Ongoing work without a duration or a window: it fills the time up to its deadline.
    Fill,
    /// Work without a duration in its own window (`时段`): it runs to the window's end.
    Window,
    /// A milestone, at its due date if it has one.
    Milestone(Option<i64>),
}

/// One bound with where it was written (`None`: the plan period).
#[derive(Debug, Clone, Copy)]
struct Bound {
    at: i64,
    span: Option<Span>,
}

/// The result of the critical path method, in boundaries.
pub(crate) struct Cpm {
    pub items: usize,
    pub es: Vec<i64>,
    pub ef: Vec<i64>,
    pub ls: Vec<i64>,
    pub lf: Vec<i64>,
    pub dur: Vec<i64>,
    pub ff: Vec<i64>,
    pub rule: Vec<Rule>,
    pub planned: Vec<i64>,
    /// Lag of each dependency, in working days.
    pub lag: Arena<DependencyId, i64>,
    /// Incoming edges of each node: (prerequisite node, dependency).
    pub preds: Vec<Vec<(usize, DependencyId)>>,
    pub critical_slack: i64,
    pub critical: Vec<bool>,
    /// Ongoing work (no duration, no window): it fills its time and is never critical.
    pub ongoing: Vec<bool>,
    /// Each node's own deadline (boundary), when the plan gives one (`None`: the period end).
    pub due: Vec<Option<i64>>,
    pub critical_deps: Vec<DependencyId>,
    pub critical_paths: Vec<Vec<usize>>,
}

fn node_index(plan: &Plan, node: Node) -> Option<usize> {
    match node {
        Node::Item(i) if i.index() < plan.items.len() => Some(i.index()),
        Node::Milestone(m) if m.index() < plan.milestones.len() => {
            Some(plan.items.len() + m.index())
        }
        _ => None,
    }
}

/// The node of an index.
pub(crate) fn node_of(plan: &Plan, index: usize) -> Node {
    if index < plan.items.len() {
        Node::Item(ItemId::from_index(index))
    } else {
        Node::Milestone(MilestoneId::from_index(index - plan.items.len()))
    }
}

/// The item at node `index`, `None` for a milestone node.
pub(super) fn item_at(plan: &Plan, index: usize) -> Option<&Item> {
    match node_of(plan, index) {
        Node::Item(item) => Some(&plan.items[item]),
        Node::Milestone(_) => None,
    }
}

/// Where a node is declared.
fn span_of(plan: &Plan, node: Node) -> Span {
    match node {
        Node::Item(i) => plan.items[i].span,
        Node::Milestone(m) => plan.milestones[m].span,
    }
}

/// The items an item is inside, nearest first (bounded, so a malformed parent chain cannot loop).
fn ancestors(plan: &Plan, item: ItemId) -> Vec<ItemId> {
    let mut out = Vec::new();
    let mut current = plan.items[item].parent;
    while let Some(parent) = current {
        if out.len() > plan.items.len() || out.contains(&parent) {
            break;
        }
        out.push(parent);
        current = plan.items[parent].parent;
    }
    out
}

/// Runs the critical path method; impossible dates become diagnostics.
pub(crate) fn run(plan: &Plan, timeline: &Timeline, diagnostics: &mut Vec<Diagnostic>) -> Cpm {
    let items = plan.items.len();
    let count = items + plan.milestones.len();
    // Constraints of each node.
    let mut floor = vec![timeline.start; count];
    let mut floor_span: Vec<Option<Span>> = vec![None; count];
    let mut deadline = vec![
        Bound {
            at: timeline.end,
            span: None
        };
        count
    ];
    let mut kind = vec![Kind::Fill; count];
    let mut rule = vec![Rule::Period; count];
    for (id, item) in plan.items.iter_enumerated() {
        let index = id.index();
        let mut chain = vec![id];
        chain.extend(ancestors(plan, id));
        for &holder in &chain {
            let holder = &plan.items[holder];
            for window in holder
                .window
                .as_deref()
                .into_iter()
                .chain(holder.start.as_deref())
            {
                let at = timeline.on_or_after(window.start);
                if at > floor[index] {
                    floor[index] = at;
                    floor_span[index] = Some(window.span);
                }
            }
            for window in holder
                .window
                .as_deref()
                .into_iter()
                .chain(holder.due.as_ref())
            {
                let at = timeline.through(window.end) + 1;
                // A deadline the plan writes (even one that is the period's end, `年内`) is the
                // item's own: it is its due date and where its diagnostics point.
                if at < deadline[index].at
                    || (at == deadline[index].at && deadline[index].span.is_none())
                {
                    deadline[index] = Bound {
                        at,
                        span: Some(window.span),
                    };
                }
            }
        }
        rule[index] = if item.duration.is_some() {
            Rule::Duration
        } else if item.window.is_some() {
            Rule::Window
        } else if item.due.is_some() {
            Rule::Due
        } else {
            Rule::Period
        };
        if let Some(duration) = item.duration {
            kind[index] = Kind::Fixed(duration);
        } else if item.window.is_some() {
            kind[index] = Kind::Window;
        }
    }
    for (m, milestone) in plan.milestones.iter().enumerate() {
        let index = items + m;
        rule[index] = Rule::Milestone;
        floor[index] = timeline.start + 1;
        let anchor = milestone
            .due
            .as_ref()
            .map(|due| (timeline.through(due.end) + 1, due.span));
        kind[index] = Kind::Milestone(anchor.map(|(at, _)| at));
        if let Some((at, span)) = anchor
            && at <= deadline[index].at
        {
            deadline[index] = Bound {
                at,
                span: Some(span),
            };
        }
    }

    // Edges.
    let mut preds: Vec<Vec<(usize, DependencyId)>> = vec![Vec::new(); count];
    let mut succs: Vec<Vec<(usize, DependencyId)>> = vec![Vec::new(); count];
    for (position, dependency) in plan.dependencies.iter_enumerated() {
        if let (Some(from), Some(to)) = (
            node_index(plan, dependency.prerequisite),
            node_index(plan, dependency.dependent),
        ) {
            preds[to].push((from, position));
            succs[from].push((to, position));
        }
    }

    // Topological order (Kahn), in plan order among ready nodes.
    let mut indegree: Vec<usize> = preds.iter().map(Vec::len).collect();
    let mut queue: VecDeque<usize> = (0..count).filter(|&n| indegree[n] == 0).collect();
    let mut order = Vec::with_capacity(count);
    while let Some(node) = queue.pop_front() {
        order.push(node);
        for &(next, _) in &succs[node] {
            indegree[next] -= 1;
            if indegree[next] == 0 {
                queue.push_back(next);
            }
        }
    }
    if order.len() < count {
        if let Some(stuck) = (0..count).find(|&n| indegree[n] > 0) {
            let node = node_of(plan, stuck);
            let span = span_of(plan, node);
            {
                diagnostics.push(
                    Problem::ScheduleCycle {
                        name: describe(plan, node),
                        span,
                    }
                    .into(),
                );
            }
        }
        // Schedule what can be scheduled; the rest keeps period dates.
        let seen: Vec<bool> = {
            let mut seen = vec![false; count];
            for &n in &order {
                seen[n] = true;
            }
            seen
        };
        order.extend((0..count).filter(|&n| !seen[n]));
    }

    let lag_of = |position: DependencyId| plan.dependencies[position].lag;
    let from_start = |position: DependencyId| plan.dependencies[position].from_start;

    // Pass 1, backward with the least durations: how late fill items may finish, and how many fill
    // items still follow each node (for an even split of shared time).
    let min_dur = |node: usize| match kind[node] {
        Kind::Fixed(duration) => timeline.length(timeline.start, duration),
        Kind::Fill | Kind::Window => 1,
        Kind::Milestone(_) => 0,
    };
    let mut ls1 = vec![0i64; count];
    let mut lf1 = vec![0i64; count];
    let mut fills_after = vec![0i64; count];
    for &node in order.iter().rev() {
        let mut lf = deadline[node].at;
        let mut after = 0;
        for &(next, position) in &succs[node] {
            let lag = timeline.lag(ls1[next], lag_of(position));
            let bound = if from_start(position) {
                ls1[next] - lag + min_dur(node)
            } else {
                after = after.max(fills_after[next]);
                ls1[next] - lag
            };
            lf = lf.min(bound);
        }
        lf1[node] = lf;
        ls1[node] = lf - min_dur(node);
        fills_after[node] = after + i64::from(matches!(kind[node], Kind::Fill));
        if matches!(kind[node], Kind::Window) {
            // A window is where the work happens: what comes before it finishes by the time the
            // window opens, and shares no time with what comes after it.
            ls1[node] = ls1[node].min(floor[node]);
            fills_after[node] = 0;
        }
    }

    // Pass 2, forward.
    let mut es = vec![0i64; count];
    let mut ef = vec![0i64; count];
    let mut dur = vec![0i64; count];
    let mut driver: Vec<Option<DependencyId>> = vec![None; count];
    let mut lag: Arena<DependencyId, i64> = plan.dependencies.iter().map(|_| 0).collect();
    for &node in &order {
        let mut from_preds: Option<i64> = None;
        let mut best_driver = None;
        for &(prev, position) in &preds[node] {
            let base = if from_start(position) {
                es[prev]
            } else {
                ef[prev]
            };
            let l = timeline.lag(base, lag_of(position));
            lag[position] = l;
            let bound = base + l;
            if from_preds.is_none_or(|b| bound > b) {
                from_preds = Some(bound);
                best_driver = Some(position);
            }
        }
        // Work (fixed, window, fill) starts at its floor, or later when a predecessor lets it
        // start only later: that predecessor then drives it.
        let start = from_preds.map_or(floor[node], |p| p.max(floor[node]));
        if start > floor[node] && !matches!(kind[node], Kind::Milestone(_)) {
            driver[node] = best_driver;
        }
        match kind[node] {
            Kind::Milestone(anchor) => {
                let at = match (anchor, from_preds) {
                    (Some(a), Some(p)) if p > a => {
                        driver[node] = best_driver;
                        p
                    }
                    (Some(a), _) => a,
                    (None, Some(p)) => {
                        driver[node] = best_driver;
                        p.max(floor[node])
                    }
                    (None, None) => timeline.end,
                };
                es[node] = at;
                ef[node] = at;
            }
            Kind::Fixed(duration) => {
                es[node] = start;
                dur[node] = timeline.length(start, duration);
                ef[node] = start + dur[node];
            }
            Kind::Window => {
                // The window keeps its end, whatever waits for it; what it waits for can only
                // delay its start.
                es[node] = start;
                ef[node] = deadline[node].at.max(start);
                dur[node] = ef[node] - start;
            }
            Kind::Fill => {
                let available = lf1[node] - start;
                let share = (available / fills_after[node].max(1)).max(1);
                es[node] = start;
                dur[node] = share;
                ef[node] = start + share;
            }
        }
    }

    // Impossible dates.
    let explain = Explain {
        plan,
        timeline,
        deadline: &deadline,
        es: &es,
        ef: &ef,
        driver: &driver,
        floor: &floor,
        floor_span: &floor_span,
    };
    let mut late = vec![false; count];
    let mut tainted = vec![false; count];
    for &node in &order {
        if let Some(position) = driver[node]
            && let Some(prev) = node_index(plan, plan.dependencies[position].prerequisite)
        {
            tainted[node] = tainted[prev] || late[prev];
        }
        let over = match kind[node] {
            Kind::Milestone(_) => ef[node] > deadline[node].at,
            // A window needs at least one of its working days; zero-length work sits on a
            // working day (the one it starts on) before its deadline.
            Kind::Window => es[node] >= deadline[node].at,
            _ => ef[node] > deadline[node].at || (dur[node] == 0 && es[node] >= deadline[node].at),
        };
        if over {
            late[node] = true;
            if tainted[node] {
                continue;
            }
            if let Some(diagnostic) = explain.too_long(node, kind[node]) {
                diagnostics.push(diagnostic);
            } else if matches!(kind[node], Kind::Window) {
                diagnostics.push(explain.window(node));
            } else {
                diagnostics.push(explain.late(node));
            }
        }
    }

    // Pass 3, backward with the real durations. Ongoing work has no length of its own: it
    // fills whatever time it is given, so it counts as its least length (one working day) here,
    // and the work before it keeps the slack it really has.
    let least = |node: usize| match kind[node] {
        Kind::Fill => dur[node].min(1),
        _ => dur[node],
    };
    let mut ls = vec![0i64; count];
    let mut lf = vec![0i64; count];
    let mut ff = vec![0i64; count];
    for &node in order.iter().rev() {
        let mut latest = deadline[node].at;
        // What waits for its start (start-to-start) bounds its start directly.
        let mut latest_start = i64::MAX;
        let mut free = deadline[node].at - ef[node];
        for &(next, position) in &succs[node] {
            let l = lag[position];
            if from_start(position) {
                latest_start = latest_start.min(ls[next] - l);
                latest = latest.min(ls[next] - l + dur[node]);
                free = free.min(es[next] - l - es[node]);
            } else {
                latest = latest.min(ls[next] - l);
                free = free.min(es[next] - l - ef[node]);
            }
        }
        lf[node] = latest;
        ls[node] = (latest - least(node)).min(latest_start);
        ff[node] = free;
    }

    // Critical nodes, dependencies and paths. Ongoing work has no length of its own (it fills
    // the time it is given), so it is never critical. Critical is the least total slack of work
    // with a duration; a window or a milestone is critical only on a chain of tight
    // dependencies, at that slack, that holds such work.
    let ongoing: Vec<bool> = kind.iter().map(|k| matches!(k, Kind::Fill)).collect();
    let slack: Vec<i64> = (0..count).map(|n| lf[n] - ef[n]).collect();
    let timed = |n: usize| matches!(kind[n], Kind::Fixed(_)) && dur[n] > 0;
    let critical_slack = (0..count)
        .filter(|&n| timed(n))
        .map(|n| slack[n])
        .min()
        .unwrap_or(0);
    let mut candidate: Vec<bool> = (0..count)
        .map(|n| !ongoing[n] && slack[n] == critical_slack)
        .collect();
    if !(0..count).any(timed) {
        candidate.fill(false);
    }
    let mut tight_deps = Vec::new();
    for (position, dependency) in plan.dependencies.iter_enumerated() {
        let (Some(from), Some(to)) = (
            node_index(plan, dependency.prerequisite),
            node_index(plan, dependency.dependent),
        ) else {
            continue;
        };
        if !(candidate[from] && candidate[to]) {
            continue;
        }
        let l = lag[position];
        let tight = if dependency.from_start {
            es[to] == es[from] + l
        } else {
            es[to] == ef[from] + l
        };
        if tight {
            tight_deps.push((position, from, to));
        }
    }
    // Chains of tight dependencies (union-find); a chain is critical when it holds timed work.
    let mut parent: Vec<usize> = (0..count).collect();
    let find = |parent: &mut Vec<usize>, mut n: usize| {
        while parent[n] != n {
            parent[n] = parent[parent[n]];
            n = parent[n];
        }
        n
    };
    for &(_, from, to) in &tight_deps {
        let (a, b) = (find(&mut parent, from), find(&mut parent, to));
        if a != b {
            parent[a.max(b)] = a.min(b);
        }
    }
    let mut holds_work = vec![false; count];
    for n in (0..count).filter(|&n| candidate[n] && timed(n)) {
        let root = find(&mut parent, n);
        holds_work[root] = true;
    }
    let critical: Vec<bool> = (0..count)
        .map(|n| candidate[n] && holds_work[find(&mut parent, n)])
        .collect();
    let mut critical_deps = Vec::new();
    let mut critical_in = vec![false; count];
    let mut critical_out: Vec<Vec<usize>> = vec![Vec::new(); count];
    for &(position, from, to) in &tight_deps {
        if critical[from] && critical[to] {
            critical_deps.push(position);
            critical_in[to] = true;
            critical_out[from].push(to);
        }
    }
    for outs in &mut critical_out {
        outs.sort_unstable();
    }
    let mut critical_paths = Vec::new();
    let mut starts: Vec<usize> = (0..count)
        .filter(|&n| critical[n] && !critical_in[n])
        .collect();
    starts.sort_by_key(|&n| (es[n], n));
    // Every chain from a start to an end, depth-first with an explicit stack (no recursion),
    // at most MAX_PATHS of them.
    const MAX_PATHS: usize = 1000;
    'starts: for start in starts {
        let mut path = vec![start];
        let mut next_child = vec![0usize];
        while let (Some(&node), Some(child)) = (path.last(), next_child.last_mut()) {
            if let Some(&next) = critical_out[node].get(*child) {
                *child += 1;
                path.push(next);
                next_child.push(0);
                continue;
            }
            if *child == 0 {
                critical_paths.push(path.clone());
                if critical_paths.len() >= MAX_PATHS {
                    break 'starts;
                }
            }
            path.pop();
            next_child.pop();
        }
    }

    let planned = es.clone();
    Cpm {
        items,
        es,
        ef,
        ls,
        lf,
        dur,
        ff,
        rule,
        planned,
        lag,
        preds,
        critical_slack,
        critical,
        ongoing,
        due: deadline.iter().map(|b| b.span.map(|_| b.at)).collect(),
        critical_deps,
        critical_paths,
    }
}

/// What the forward pass found, for explaining a date that cannot be met.
struct Explain<'a> {
    plan: &'a Plan,
    timeline: &'a Timeline<'a>,
    deadline: &'a [Bound],
    es: &'a [i64],
    ef: &'a [i64],
    /// The dependency that set each node's earliest start.
    driver: &'a [Option<DependencyId>],
    /// Each node's earliest possible start of its own (`开始`, `时段`, the period) and where it is
    /// written.
    floor: &'a [i64],
    floor_span: &'a [Option<Span>],
}

impl Explain<'_> {
    /// The diagnostic for work whose duration is longer than the time it may take at all: the
    /// working days from its earliest possible start (`开始`, `时段`, the period) to its deadline,
    /// whatever it waits for. `None` when the duration fits (the work is late for another reason).
    fn too_long(&self, node: usize, kind: Kind) -> Option<Diagnostic> {
        let Kind::Fixed(duration) = kind else {
            return None;
        };
        let item = item_at(self.plan, node)?;
        let length = self.timeline.length(self.floor[node], duration);
        let bound = self.deadline[node];
        let room = (bound.at - self.floor[node]).max(0);
        if length <= room {
            return None;
        }
        let name = describe(self.plan, node_of(self.plan, node));
        let from = self.timeline.day(self.floor[node]);
        let to = self.timeline.day(bound.at - 1);
        let primary = item.duration_span.unwrap_or(item.span);
        Some(
            Problem::TooLong {
                name,
                length,
                room,
                from,
                to,
                span: primary,
                window: bound.span,
                floor: self.floor_span.get(node).copied().flatten(),
            }
            .into(),
        )
    }

    /// The diagnostic for a window (`时段`) that its dependencies make impossible: what it waits for
    /// finishes after the window ends.
    fn window(&self, node: usize) -> Diagnostic {
        let name = describe(self.plan, node_of(self.plan, node));
        let item = item_at(self.plan, node);
        let window = item.and_then(|i| i.window.as_deref());
        let end = self.timeline.day(self.deadline[node].at - 1);
        let written = window.map(|w| w.written.to_string());
        let primary = window
            .map(|w| w.span)
            .or(self.deadline[node].span)
            .or(item.map(|i| i.span))
            .unwrap_or(Span::new(crate::source::FileId(0), 0, 0));
        let waits = self.driver[node].map(|position| {
            let dependency = &self.plan.dependencies[position];
            let finishes = node_index(self.plan, dependency.prerequisite).map(|p| {
                let at = if self.ef[p] > self.es[p] || p >= self.plan.items.len() {
                    self.ef[p] - 1
                } else {
                    self.es[p]
                };
                self.timeline.day(at)
            });
            (
                describe(self.plan, dependency.prerequisite),
                finishes,
                dependency.span,
            )
        });
        Problem::WindowImpossible {
            name,
            written,
            end,
            waits,
            start: self.timeline.day(self.es[node]),
            span: primary,
        }
        .into()
    }

    /// The diagnostic for a node that cannot meet its deadline, with the chain that forces it late.
    fn late(&self, node: usize) -> Diagnostic {
        let who = node_of(self.plan, node);
        let name = describe(self.plan, who);
        let bound = self.deadline[node];
        let due = self.timeline.day(bound.at - 1);
        let finish = self.timeline.day(self.ef[node] - 1);
        // The chain, from the node whose own start set the pace to this node.
        let mut chain = vec![node];
        let mut edges = Vec::new();
        let mut cursor = node;
        while let Some(position) = self.driver[cursor] {
            let Some(prev) = node_index(self.plan, self.plan.dependencies[position].prerequisite)
            else {
                break;
            };
            if chain.len() > self.driver.len() {
                break;
            }
            edges.push(position);
            chain.push(prev);
            cursor = prev;
        }
        chain.reverse();
        edges.reverse();
        let describe_with_dates = |n: usize| {
            let start = self.timeline.day(self.es[n]);
            let end = self.timeline.day(self.ef[n] - 1);
            if self.ef[n] <= self.es[n] {
                format!("{} ({})", describe(self.plan, node_of(self.plan, n)), end)
            } else {
                format!(
                    "{} ({start} – {end})",
                    describe(self.plan, node_of(self.plan, n))
                )
            }
        };
        let is_milestone = matches!(who, Node::Milestone(_));
        let own_span = span_of(self.plan, who);
        let waits = edges
            .iter()
            .map(|&position| self.plan.dependencies[position].span)
            .collect();
        let mut root_label = None;
        if let Some(&root) = chain.first() {
            let root_span = match node_of(self.plan, root) {
                Node::Item(i) => {
                    let x = &self.plan.items[i];
                    x.window
                        .as_ref()
                        .or(x.start.as_ref())
                        .map(|w| w.span)
                        .or(Some(x.span))
                }
                Node::Milestone(m) => {
                    let x = &self.plan.milestones[m];
                    x.due.as_ref().map(|w| w.span).or(Some(x.span))
                }
            };
            let root_span = self.floor_span.get(root).copied().flatten().or(root_span);
            if (root != node || self.floor_span.get(root).copied().flatten().is_some())
                && let Some(span) = root_span
            {
                root_label = Some((span, self.timeline.day(self.floor[root].max(self.es[root]))));
            }
        }
        let chain = if chain.len() > 1 {
            chain.iter().map(|&n| describe_with_dates(n)).collect()
        } else {
            Vec::new()
        };
        Problem::Late {
            name,
            milestone: is_milestone,
            due,
            finish,
            deadline: bound.span,
            span: own_span,
            waits,
            root: root_label,
            chain,
            earliest: self.timeline.day(self.es[node]),
        }
        .into()
    }
}

impl Cpm {
    /// The days node `n` may run on: from its earliest start to its latest finish.
    pub(crate) fn span(&self, timeline: &Timeline, n: usize) -> (Date, Date) {
        let start = timeline.day(self.es[n]);
        let finish = if self.lf[n] > self.es[n] {
            timeline.day(self.lf[n] - 1)
        } else {
            start
        };
        (start, finish.max(start))
    }

    /// Turns boundaries into dates.
    pub(crate) fn into_schedule(
        self,
        plan: &Plan,
        timeline: &Timeline,
        occurrences: Vec<Occurrence>,
        overloads: Vec<Overload>,
        leveled: bool,
    ) -> Schedule {
        let count = self.es.len();
        let slot = |n: usize| {
            let dur = self.dur[n];
            let milestone = n >= self.items;
            let span = |s: i64, f: i64| {
                if dur > 0 {
                    (timeline.day(s), timeline.day(f - 1))
                } else if milestone {
                    // A milestone is the end of its day.
                    (timeline.day(f - 1), timeline.day(f - 1))
                } else {
                    // Zero-length work sits on the working day it starts on.
                    (timeline.day(s), timeline.day(s))
                }
            };
            let planned = self.planned[n];
            let (start, finish) = span(planned, planned + dur);
            let (early_start, early_finish) = span(self.es[n], self.ef[n]);
            let (late_start, late_finish) = span(self.ls[n], self.lf[n]);
            Slot {
                start,
                finish,
                early_start,
                early_finish,
                late_start,
                late_finish,
                duration: dur,
                total_slack: self.lf[n] - self.ef[n],
                free_slack: self.ff[n],
                critical: self.critical[n],
                ongoing: self.ongoing[n],
                due: self.due[n].map(|at| timeline.day(at - 1)),
                rule: self.rule[n],
                shifted: planned - self.es[n],
            }
        };
        let items = (0..self.items.min(count)).map(slot).collect();
        let milestones = (self.items..count).map(slot).collect();
        let critical_paths = self
            .critical_paths
            .iter()
            .map(|path| path.iter().map(|&n| node_of(plan, n)).collect())
            .collect();
        let mut critical_dependencies = self.critical_deps.clone();
        critical_dependencies.sort_unstable();
        Schedule {
            period: plan.period,
            items,
            milestones,
            occurrences,
            targets: plan
                .targets
                .iter()
                .map(|t| {
                    t.due
                        .as_ref()
                        .map(|w| timeline.day(timeline.through(w.end)))
                })
                .collect(),
            critical_slack: self.critical_slack,
            critical_paths,
            critical_dependencies,
            overloads,
            leveled,
            workdays: timeline.end - timeline.start,
        }
    }
}
