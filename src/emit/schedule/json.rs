//! The schedule as JSON, described by `schema/schedule.schema.json`.

use super::util::{Filter, rows};
use crate::model::{Node, Plan};
use crate::schedule::{Schedule, Slot};
use serde_json::{Map, Value, json};

fn slot_json(object: &mut Map<String, Value>, slot: &Slot) {
    object.insert("start".into(), json!(slot.start.to_string()));
    object.insert("finish".into(), json!(slot.finish.to_string()));
    object.insert("early_start".into(), json!(slot.early_start.to_string()));
    object.insert("early_finish".into(), json!(slot.early_finish.to_string()));
    object.insert("late_start".into(), json!(slot.late_start.to_string()));
    object.insert("late_finish".into(), json!(slot.late_finish.to_string()));
    object.insert("workdays".into(), json!(slot.duration));
    object.insert("total_slack".into(), json!(slot.total_slack));
    object.insert("free_slack".into(), json!(slot.free_slack));
    object.insert("critical".into(), json!(slot.critical));
    object.insert("ongoing".into(), json!(slot.ongoing));
    object.insert("due".into(), json!(slot.due.map(|d| d.to_string())));
    object.insert("rule".into(), json!(slot.rule.name()));
    object.insert("shifted".into(), json!(slot.shifted));
}

fn node_ref(plan: &Plan, node: Node) -> Value {
    let kind = match node {
        Node::Item(_) => "item",
        Node::Milestone(_) => "milestone",
    };
    json!({ "kind": kind, "id": plan.node_id(node) })
}

/// The schedule as a JSON value (items, milestones, occurrences, critical paths, overloads).
pub fn value(plan: &Plan, schedule: &Schedule, filter: &Filter) -> Value {
    let mut items = Vec::new();
    let mut milestones = Vec::new();
    let mut occurrences = Vec::new();
    for (_, item, slot) in rows(plan, schedule, filter) {
        let mut object = Map::new();
        object.insert("id".into(), json!(item.id));
        object.insert("number".into(), json!(item.number));
        object.insert("level".into(), json!(item.level));
        object.insert("title".into(), json!(item.title));
        object.insert("section".into(), json!(plan.sections[item.section].id));
        object.insert(
            "parent".into(),
            json!(item.parent.map(|p| &plan.items[p]).map(|p| p.id.clone())),
        );
        object.insert(
            "lead".into(),
            json!(item.lead.as_ref().map(|r| r.name.clone())),
        );
        let target_dues: Vec<Value> = item
            .targets
            .iter()
            .filter_map(|&t| {
                let target = &plan.targets[t];
                let written = target.due.as_ref()?;
                let due = schedule.targets[t]?;
                Some(json!({
                    "id": target.id,
                    "metric": target.metric,
                    "due": due.to_string(),
                    "written": written.written,
                }))
            })
            .collect();
        object.insert("target_dues".into(), Value::Array(target_dues));
        slot_json(&mut object, slot);
        items.push(Value::Object(object));
        for (_, milestone, mslot) in filter.milestones(plan, schedule, item) {
            let mut object = Map::new();
            object.insert("id".into(), json!(milestone.id));
            object.insert("title".into(), json!(milestone.title));
            object.insert("item".into(), json!(item.id));
            object.insert(
                "due".into(),
                json!(milestone.due.as_ref().map(|d| d.end.to_string())),
            );
            slot_json(&mut object, mslot);
            milestones.push(Value::Object(object));
        }
        for (recurrence, occurrence) in filter.occurrences(plan, schedule, item) {
            occurrences.push(json!({
                "recurrence": recurrence.id,
                "title": recurrence.title,
                "item": item.id,
                "index": occurrence.index,
                "start": occurrence.start.to_string(),
                "due": occurrence.due.to_string(),
            }));
        }
    }
    let critical_paths: Vec<Value> = schedule
        .critical_paths
        .iter()
        .map(|path| Value::Array(path.iter().map(|&n| node_ref(plan, n)).collect()))
        .collect();
    let critical_dependencies: Vec<Value> = schedule
        .critical_dependencies
        .iter()
        .map(|&d| &plan.dependencies[d])
        .map(|d| {
            json!({
                "from": node_ref(plan, d.prerequisite),
                "to": node_ref(plan, d.dependent),
            })
        })
        .collect();
    let overloads: Vec<Value> = schedule
        .overloads
        .iter()
        .map(|o| {
            json!({
                "owner": plan.owners[o.owner].id.clone(),
                "start": o.start.to_string(),
                "end": o.end.to_string(),
                "load": o.load,
                "capacity": o.capacity,
                "items": o.items.iter().map(|&i| plan.items[i].id.clone()).collect::<Vec<_>>(),
            })
        })
        .collect();
    json!({
        "format": "planc-schedule",
        "version": 1,
        "plan": plan.title,
        "period": { "start": schedule.period.start.to_string(), "end": schedule.period.end.to_string() },
        "workdays": schedule.workdays,
        "leveled": schedule.leveled,
        "critical_slack": schedule.critical_slack,
        "items": items,
        "milestones": milestones,
        "occurrences": occurrences,
        "critical_paths": critical_paths,
        "critical_dependencies": critical_dependencies,
        "overloads": overloads,
    })
}

/// The schedule as pretty-printed JSON text with a final line end.
pub fn json(plan: &Plan, schedule: &Schedule, filter: &Filter) -> String {
    let mut text = serde_json::to_string_pretty(&value(plan, schedule, filter))
        .unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
