//! The checked plan as JSON, for other tools. The format is described by `schema/export.schema.json`.

use crate::model::*;
use serde::Serialize;
use serde_json::{Value, json};

/// The version of the export format; raised when a field changes meaning or disappears.
pub const FORMAT_VERSION: u32 = 1;

/// Counts of what a plan holds.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Sections.
    pub sections: usize,
    /// Items and sub-items.
    pub items: usize,
    /// Main goals.
    pub goals: usize,
    /// Targets of goals and items.
    pub targets: usize,
    /// Owners (not counting groups).
    pub owners: usize,
    /// Dependencies between items and milestones.
    pub dependencies: usize,
}

impl Summary {
    /// Counts a plan.
    pub fn of(plan: &Plan) -> Summary {
        Summary {
            sections: plan.sections.len(),
            items: plan.items.len(),
            goals: plan.goals.len(),
            targets: plan.targets.len(),
            owners: plan.owners.len(),
            dependencies: plan.dependencies.len(),
        }
    }

    /// Adds another plan's counts.
    pub fn add(&mut self, other: Summary) {
        self.sections += other.sections;
        self.items += other.items;
        self.goals += other.goals;
        self.targets += other.targets;
        self.owners += other.owners;
        self.dependencies += other.dependencies;
    }
}

/// The whole plan as a JSON value.
pub fn plan(plan: &Plan) -> Value {
    let waits = Waits::of(plan);
    let mut value = head(plan);
    if let Value::Object(map) = &mut value {
        let sections = plan.sections.iter().map(|s| section(plan, &waits, s));
        map.insert("sections".to_string(), Value::Array(sections.collect()));
    }
    value
}

/// Writes [`plan`] as pretty-printed JSON, byte for byte as `serde_json::to_writer_pretty` of
/// [`plan`] would, but holding the JSON value of one section at a time instead of the whole plan's.
pub fn write_pretty(plan: &Plan, out: impl std::io::Write) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(out, &Streamed(plan))
}

/// The plan, serialized section by section.
struct Streamed<'a>(&'a Plan);

impl Serialize for Streamed<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        struct Sections<'a>(&'a Plan, &'a Waits);
        impl Serialize for Sections<'_> {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let Sections(plan, waits) = *self;
                let mut seq = serializer.serialize_seq(Some(plan.sections.len()))?;
                for s in &plan.sections {
                    seq.serialize_element(&section(plan, waits, s))?;
                }
                seq.end()
            }
        }
        let plan = self.0;
        let waits = Waits::of(plan);
        let head = head(plan);
        let fields = head.as_object().map(|map| map.len()).unwrap_or(0);
        let mut map = serializer.serialize_map(Some(fields + 1))?;
        if let Value::Object(fields) = &head {
            for (key, value) in fields {
                map.serialize_entry(key, value)?;
            }
        }
        map.serialize_entry("sections", &Sections(plan, &waits))?;
        map.end()
    }
}

/// Everything but the sections, in the export's key order ("sections" comes last).
fn head(plan: &Plan) -> Value {
    json!({
        "format": FORMAT_VERSION,
        "title": plan.title,
        "org": plan.org,
        "period": { "start": plan.period.start.to_string(), "end": plan.period.end.to_string() },
        "preamble": plan.preamble.iter().map(|p| plan.render(p)).collect::<Vec<_>>(),
        "units": plan.units,
        "owners": plan.owners.iter().map(|o| json!({
            "id": o.id,
            "kind": o.kind,
            "name": o.display,
            "capacity": o.capacity,
        })).collect::<Vec<_>>(),
        "groups": plan.groups.iter().map(|g| json!({
            "id": g.id,
            "members": g.members.iter().map(|&m| owner_id(plan, m)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "baselines": plan.baselines.iter().map(|b| json!({
            "id": b.id,
            "name": b.display,
            "value": b.value.as_ref().map(|v| v.value.normalize().to_string()),
            "unit": b.unit.name(),
            "supplied_later": b.value.is_none(),
        })).collect::<Vec<_>>(),
        "goals_intro": plan.goals_intro.as_ref().map(|p| plan.render(p)),
        "goals": plan.goals.iter().map(|g| json!({
            "id": g.id,
            "title": g.title,
            "text": g.texts.iter().map(|p| plan.render(p)).collect::<Vec<_>>(),
            "targets": g.targets.iter().filter_map(|&t| plan.targets.get(t)).map(|t| target(plan, t)).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}

fn section(plan: &Plan, waits: &Waits, section: &Section) -> Value {
    json!({
        "id": section.id,
        "number": chinese_numeral(section.ordinal),
        "title": section.title,
        "text": section.texts.iter().map(|p| plan.render(p)).collect::<Vec<_>>(),
        "items": section.items.iter().map(|&i| item(plan, waits, i)).collect::<Vec<_>>(),
    })
}

/// The dependencies of every item and milestone (indices into [`Plan::dependencies`], in plan
/// order), found in one pass instead of one scan of all dependencies per item.
struct Waits {
    items: Vec<Vec<usize>>,
    milestones: Vec<Vec<usize>>,
}

impl Waits {
    fn of(plan: &Plan) -> Waits {
        let mut waits = Waits {
            items: vec![Vec::new(); plan.items.len()],
            milestones: vec![Vec::new(); plan.milestones.len()],
        };
        for (index, dependency) in plan.dependencies.iter().enumerate() {
            let list = match dependency.dependent {
                Node::Item(i) => waits.items.get_mut(i),
                Node::Milestone(m) => waits.milestones.get_mut(m),
            };
            if let Some(list) = list {
                list.push(index);
            }
        }
        waits
    }

    /// The dependencies of `node` as JSON.
    fn json(&self, plan: &Plan, node: Node) -> Vec<Value> {
        let list = match node {
            Node::Item(i) => self.items.get(i),
            Node::Milestone(m) => self.milestones.get(m),
        };
        list.map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|&d| plan.dependencies.get(d))
            .map(dependency_json(plan))
            .collect()
    }
}

fn owner_id(plan: &Plan, index: usize) -> String {
    plan.owners
        .get(index)
        .map(|o| o.id.clone())
        .unwrap_or_default()
}

fn window(window: &Option<Window>) -> Value {
    match window {
        Some(w) => {
            json!({ "start": w.start.to_string(), "end": w.end.to_string(), "written": w.written })
        }
        None => Value::Null,
    }
}

fn duration(duration: &Duration) -> Value {
    json!({ "amount": duration.amount, "unit": duration.unit })
}

fn item(plan: &Plan, waits: &Waits, index: usize) -> Value {
    let Some(item) = plan.items.get(index) else {
        return Value::Null;
    };
    let dependencies = waits.json(plan, Node::Item(index));
    json!({
        "number": item.number,
        "ordinal": item.ordinal,
        "id": item.id,
        "title": item.title,
        "text": item.texts.iter().map(|p| plan.render(p)).collect::<Vec<_>>(),
        "lead": item.lead.as_ref().map(|l| l.name.clone()),
        "support": item.support.iter().map(|s| s.name.clone()).collect::<Vec<_>>(),
        "owners": item.owner_indices().into_iter().map(|o| owner_id(plan, o)).collect::<Vec<_>>(),
        "targets": item.targets.iter().filter_map(|&t| plan.targets.get(t)).map(|t| target(plan, t)).collect::<Vec<_>>(),
        "dependencies": dependencies,
        "due": window(&item.due),
        "start": window(&item.start),
        "window": window(&item.window),
        "duration": item.duration.as_ref().map(duration),
        "milestones": item.milestones.iter().filter_map(|&m| plan.milestones.get(m).map(|ms| (m, ms))).map(|(m, ms)| json!({
            "id": ms.id,
            "title": ms.title,
            "due": window(&ms.due),
            "dependencies": waits.json(plan, Node::Milestone(m)),
        })).collect::<Vec<_>>(),
        "recurrences": item.recurrences.iter().filter_map(|&r| plan.recurrences.get(r)).map(|r| json!({
            "id": r.id,
            "title": r.title,
            "frequency": r.frequency,
            "count": r.count,
            "months": r.months,
            "day": r.day,
        })).collect::<Vec<_>>(),
        "tags": item.tags,
        "items": item.children.iter().map(|&c| self::item(plan, waits, c)).collect::<Vec<_>>(),
    })
}

fn dependency_json(plan: &Plan) -> impl Fn(&Dependency) -> Value + '_ {
    move |d| {
        json!({
            "on": plan.node_id(d.prerequisite),
            "kind": d.kind,
            "from_start": d.from_start,
            "lag": d.lag.as_ref().map(duration),
        })
    }
}

fn quantity(q: &Quantity) -> Value {
    json!({ "value": q.value.normalize().to_string(), "unit": q.unit.name(), "written": q.render() })
}

fn target(plan: &Plan, target: &Target) -> Value {
    let mut value = json!({
        "id": target.id,
        "metric": target.metric,
        "stretch": target.stretch,
        "text": plan.render_target(target),
    });
    let fields = match &target.kind {
        TargetKind::Value {
            comparison, value, ..
        } => json!({
            "kind": "value",
            "comparison": comparison.symbol(),
            "value": value.value.normalize().to_string(),
            "unit": value.unit.name(),
        }),
        TargetKind::Range { low, high } => json!({
            "kind": "range",
            "comparison": "range",
            "low": low.value.normalize().to_string(),
            "high": high.value.normalize().to_string(),
            "unit": high.unit.name(),
        }),
        TargetKind::Trend(direction) => json!({ "kind": "trend", "direction": direction }),
        TargetKind::Change {
            baseline,
            direction,
            amount,
        } => json!({
            "kind": "change",
            "baseline": plan.baselines.get(*baseline).map(|b| b.id.clone()),
            "direction": direction,
            "value": amount.value.normalize().to_string(),
            "unit": amount.unit.name(),
        }),
        TargetKind::VersusBaseline {
            comparison,
            baseline,
        } => json!({
            "kind": "baseline",
            "comparison": comparison.symbol(),
            "baseline": plan.baselines.get(*baseline).map(|b| b.id.clone()),
        }),
    };
    if let (Value::Object(map), Value::Object(extra)) = (&mut value, fields) {
        map.extend(extra);
        map.insert(
            "parts".to_string(),
            Value::Array(
                target
                    .parts
                    .iter()
                    .map(|p| {
                        let mut part = quantity(&p.value);
                        if let Value::Object(part_map) = &mut part {
                            part_map.insert(
                                "owner".to_string(),
                                Value::String(owner_id(plan, p.owner)),
                            );
                        }
                        part
                    })
                    .collect(),
            ),
        );
    }
    value
}
