//! The checked plan as JSON, for other tools. The format is described by `schema/export.schema.json`.

use crate::model::*;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
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
    // The same serialization as `write_pretty`, into a value; it has no way to fail (every map key
    // is a string).
    serde_json::to_value(Export(plan)).unwrap_or(Value::Null)
}

/// Writes [`plan`] as pretty-printed JSON, byte for byte as `serde_json::to_writer_pretty` of
/// [`plan`] would, without building the JSON value: the sections and items are serialized
/// straight from the plan.
pub fn write_pretty(plan: &Plan, out: impl std::io::Write) -> serde_json::Result<()> {
    serde_json::to_writer_pretty(out, &Export(plan))
}

/// The plan as the export format serializes it.
struct Export<'a>(&'a Plan);

impl Serialize for Export<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let plan = self.0;
        let waits = Waits::of(plan);
        let head = head(plan);
        let mut map = serializer.serialize_map(None)?;
        if let Value::Object(fields) = &head {
            for (key, value) in fields {
                map.serialize_entry(key, value)?;
            }
        }
        let sections: Vec<SectionJson> = plan
            .sections
            .iter()
            .map(|section| SectionJson {
                plan,
                waits: &waits,
                section,
            })
            .collect();
        // Only when the plan states facts, so that the export of a plan without any is unchanged.
        if !plan.facts.is_empty() {
            map.serialize_entry("facts", &facts(plan))?;
        }
        map.serialize_entry("sections", &sections)?;
        map.end()
    }
}

/// The facts (`已完成`): results already achieved, each with where it stands.
fn facts(plan: &Plan) -> Vec<Value> {
    plan.facts
        .iter()
        .map(|fact| {
            let (kind, holder) = match fact.holder {
                FactHolder::Goal(g) => ("goal", plan.goals[g].id.as_str()),
                FactHolder::Section(s) => ("section", plan.sections[s].id.as_str()),
                FactHolder::Item(i) => ("item", plan.items[i].id.as_str()),
            };
            json!({
                "id": fact.id,
                "name": fact.title,
                "text": fact.render(),
                "value": fact.value.as_ref().map(decimal),
                "unit": fact.value.as_ref().map(|v| v.unit.name()),
                "bound": fact.bound.map(|above| if above { ">=" } else { "<=" }),
                "by": fact.by,
                "holder": { "kind": kind, "id": holder },
            })
        })
        .collect()
}

/// Everything but the sections, in the export's key order ("sections" comes last). A plan that
/// declares categories lists them after the baselines (a plan without has no such key, so its
/// export reads as before).
fn head(plan: &Plan) -> Value {
    let mut head = head_fields(plan);
    // The document's form as the source has it, only when the plan gives it (`分工` labels,
    // `时限注明`, `表格`), after `owner_note`: a plan without has no such keys.
    if let Value::Object(fields) = &mut head {
        let mut at = fields
            .keys()
            .position(|k| k == "owner_note")
            .map_or(fields.len(), |p| p + 1);
        let mut insert = |key: &str, value: Value| {
            fields.shift_insert(at, key.to_string(), value);
            at += 1;
        };
        if !plan.owner_labels.is_empty() {
            insert("owner_labels", json!(plan.owner_labels));
        }
        if let Some(label) = &plan.due_note {
            insert("due_note", json!(label));
        }
        if !plan.table.is_empty() {
            let columns: Vec<Value> = plan
                .table
                .iter()
                .map(|(kind, heading)| json!({ "column": kind, "heading": heading }))
                .collect();
            insert("table", Value::Array(columns));
        }
    }
    if !plan.categories.is_empty()
        && let Value::Object(fields) = &mut head
    {
        let categories: Vec<Value> = plan
            .categories
            .iter()
            .map(|c| json!({ "id": c.id, "name": c.display }))
            .collect();
        let at = fields
            .keys()
            .position(|k| k == "baselines")
            .map_or(fields.len(), |p| p + 1);
        fields.shift_insert(at, "categories".to_string(), Value::Array(categories));
    }
    head
}

fn head_fields(plan: &Plan) -> Value {
    json!({
        "format": FORMAT_VERSION,
        "title": plan.title,
        "org": plan.org,
        "owner_note": plan.owner_note,
        "signed": plan.signature.as_ref().map(|s| json!({
            "office": s.office,
            "date": s.date.map(|d| d.to_string()),
        })),
        "period": { "start": plan.period.start.to_string(), "end": plan.period.end.to_string() },
        "numbering": {
            "styles": plan.numbering.styles.iter().map(NumberStyle::written).collect::<Vec<_>>(),
            "per_section": plan.numbering.per_section,
        },
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
        "baselines": plan.baselines.iter().map(|b| {
            let mut baseline = json!({
                "id": b.id,
                "name": b.display,
                "value": b.value.as_ref().map(|v| v.value.normalize().to_string()),
                "unit": b.unit.name(),
                "supplied_later": b.value.is_none() && !b.reference,
            });
            // Only for a reference, so that the export of a plan without one stays as it was.
            if b.reference {
                baseline["reference"] = json!(true);
            }
            baseline
        }).collect::<Vec<_>>(),
        "goals_intro": plan.goals_intro.as_ref().map(|p| plan.render(p)),
        "goals": plan.goals.iter().map(|g| json!({
            "id": g.id,
            "title": g.title,
            "text": g.texts.iter().map(|p| plan.render(p)).collect::<Vec<_>>(),
            "targets": targets(plan, &g.targets),
        })).collect::<Vec<_>>(),
    })
}

/// The dependencies of every item and milestone (indices into [`Plan::dependencies`], in plan
/// order), found in one pass instead of one scan of all dependencies per item.
struct Waits {
    items: Arena<ItemId, Vec<DependencyId>>,
    milestones: Arena<MilestoneId, Vec<DependencyId>>,
}

impl Waits {
    fn of(plan: &Plan) -> Waits {
        let mut waits = Waits {
            items: plan.items.iter().map(|_| Vec::new()).collect(),
            milestones: plan.milestones.iter().map(|_| Vec::new()).collect(),
        };
        for (index, dependency) in plan.dependencies.iter_enumerated() {
            let list = match dependency.dependent {
                Node::Item(i) => &mut waits.items[i],
                Node::Milestone(m) => &mut waits.milestones[m],
            };
            list.push(index);
        }
        waits
    }

    /// The dependencies of `node`.
    fn of_node<'a>(&self, plan: &'a Plan, node: Node) -> Vec<InPlan<'a, Dependency>> {
        let list = match node {
            Node::Item(i) => &self.items[i],
            Node::Milestone(m) => &self.milestones[m],
        };
        list.iter()
            .map(|&d| &plan.dependencies[d])
            .map(|of| InPlan { plan, of })
            .collect()
    }
}

fn owner_id(plan: &Plan, index: OwnerId) -> &str {
    plan.owners[index].id.as_str()
}

/// Serializes a map from its entries in order.
macro_rules! map {
    ($serializer:expr, { $($key:literal: $value:expr),* $(,)? }) => {{
        let mut map = $serializer.serialize_map(None)?;
        $(map.serialize_entry($key, &$value)?;)*
        map.end()
    }};
}

struct SectionJson<'a> {
    plan: &'a Plan,
    waits: &'a Waits,
    section: &'a Section,
}

impl Serialize for SectionJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (plan, section) = (self.plan, self.section);
        let items: Vec<ItemJson> = section
            .items
            .iter()
            .map(|&index| ItemJson {
                plan,
                waits: self.waits,
                index,
            })
            .collect();
        map!(serializer, {
            "id": section.id,
            "number": chinese_numeral(section.ordinal),
            "heading_number": section.number,
            "title": section.title,
            "title_cites": title_cites(plan, section.title_prose.as_deref()),
            "text": texts(plan, &section.texts),
            "items": items,
        })
    }
}

struct ItemJson<'a> {
    plan: &'a Plan,
    waits: &'a Waits,
    index: ItemId,
}

impl Serialize for ItemJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (plan, waits) = (self.plan, self.waits);
        let item = &plan.items[self.index];
        let milestones: Vec<MilestoneJson> = item
            .milestones
            .iter()
            .map(|&m| (m, &plan.milestones[m]))
            .map(|(m, milestone)| MilestoneJson {
                milestone,
                dependencies: waits.of_node(plan, Node::Milestone(m)),
            })
            .collect();
        let recurrences: Vec<RecurrenceJson> = item
            .recurrences
            .iter()
            .map(|&r| &plan.recurrences[r])
            .map(RecurrenceJson)
            .collect();
        let children: Vec<ItemJson> = item
            .children
            .iter()
            .map(|&index| ItemJson { plan, waits, index })
            .collect();
        let owners: Vec<&str> = item
            .owner_indices()
            .into_iter()
            .map(|o| owner_id(plan, o))
            .collect();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("number", &item.number)?;
        map.serialize_entry("ordinal", &item.ordinal)?;
        map.serialize_entry("id", &item.id)?;
        map.serialize_entry("title", &item.title)?;
        map.serialize_entry(
            "title_cites",
            &title_cites(plan, item.title_prose.as_deref()),
        )?;
        map.serialize_entry("text", &texts(plan, &item.texts))?;
        map.serialize_entry("lead", &item.lead.as_ref().map(|l| l.name.as_str()))?;
        map.serialize_entry(
            "support",
            &item
                .support
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>(),
        )?;
        map.serialize_entry("owners", &owners)?;
        map.serialize_entry("targets", &targets(plan, &item.targets))?;
        map.serialize_entry("dependencies", &waits.of_node(plan, Node::Item(self.index)))?;
        map.serialize_entry("due", &item.due.as_ref().map(WindowJson))?;
        // What is due by then (`时限 9月 "投入使用"`), only when the plan says.
        if let Some(what) = &item.due_what {
            map.serialize_entry("due_what", what)?;
        }
        map.serialize_entry("start", &item.start.as_deref().map(WindowJson))?;
        map.serialize_entry("window", &item.window.as_deref().map(WindowJson))?;
        map.serialize_entry("duration", &item.duration.as_ref().map(DurationJson))?;
        map.serialize_entry("milestones", &milestones)?;
        map.serialize_entry("recurrences", &recurrences)?;
        map.serialize_entry("tags", &item.tags)?;
        map.serialize_entry("items", &children)?;
        map.end()
    }
}

/// The targets (and recurrences) a title cites, in order: `[]` for a title without citations.
fn title_cites<'a>(plan: &'a Plan, prose: Option<&Prose>) -> Vec<&'a str> {
    use crate::model::{Cite, Segment};
    let Some(prose) = prose else {
        return Vec::new();
    };
    prose
        .segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Cite(cite)
            | Segment::CitePart(cite, _)
            | Segment::CiteParts(cite)
            | Segment::CiteChange(cite) => Some(*cite),
            Segment::Text(_) | Segment::Literal(_) => None,
        })
        .map(|cite| match cite {
            Cite::Target(t) => plan.targets[t].id.as_str(),
            Cite::Recurrence(r) => plan.recurrences[r].id.as_str(),
            Cite::Fact(f) => plan.facts[f].id.as_str(),
            Cite::Group(g) => plan.groups[g].id.as_str(),
        })
        .collect()
}

/// Prose with its citations filled in.
fn texts(plan: &Plan, texts: &[Prose]) -> Vec<String> {
    texts.iter().map(|p| plan.render(p)).collect()
}

fn targets<'a>(plan: &'a Plan, indices: &[TargetId]) -> Vec<InPlan<'a, Target>> {
    indices
        .iter()
        .map(|&t| InPlan {
            plan,
            of: &plan.targets[t],
        })
        .collect()
}

/// The parts of a breakdown, for export.
fn parts<'a>(plan: &'a Plan, parts: &'a [Part]) -> Vec<InPlan<'a, Part>> {
    parts.iter().map(|of| InPlan { plan, of }).collect()
}

/// A piece of the plan (a dependency, a target, a part of a breakdown) as exported: with the
/// plan, whose names its export reads.
struct InPlan<'a, T> {
    plan: &'a Plan,
    of: &'a T,
}

struct WindowJson<'a>(&'a Window);

impl Serialize for WindowJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let w = self.0;
        map!(serializer, {
            "start": w.start.to_string(),
            "end": w.end.to_string(),
            "written": w.written,
        })
    }
}

struct DurationJson<'a>(&'a Duration);

impl Serialize for DurationJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        map!(serializer, { "amount": self.0.amount, "unit": self.0.unit })
    }
}

struct MilestoneJson<'a> {
    milestone: &'a Milestone,
    dependencies: Vec<InPlan<'a, Dependency>>,
}

impl Serialize for MilestoneJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let milestone = self.milestone;
        map!(serializer, {
            "id": milestone.id,
            "title": milestone.title,
            "due": milestone.due.as_ref().map(WindowJson),
            "dependencies": self.dependencies,
        })
    }
}

struct RecurrenceJson<'a>(&'a Recurrence);

impl Serialize for RecurrenceJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        map!(serializer, {
            "id": r.id,
            "title": r.title,
            "frequency": r.frequency,
            "count": r.count,
            "months": r.months,
            "day": r.day,
        })
    }
}

impl Serialize for InPlan<'_, Dependency> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.of;
        map!(serializer, {
            "on": self.plan.node_id(d.prerequisite),
            "kind": d.kind,
            "from_start": d.from_start,
            "lag": d.lag.as_ref().map(DurationJson),
        })
    }
}

fn decimal(quantity: &Quantity) -> String {
    quantity.value.normalize().to_string()
}

impl Serialize for InPlan<'_, Target> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (plan, target) = (self.plan, self.of);
        let baseline = |index: BaselineId| plan.baselines[index].id.as_str();
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &target.id)?;
        map.serialize_entry("metric", &target.metric)?;
        map.serialize_entry("stretch", &target.stretch)?;
        map.serialize_entry("text", &plan.render_target(target))?;
        match &target.kind {
            TargetKind::Value {
                comparison, value, ..
            } => {
                map.serialize_entry("kind", "value")?;
                map.serialize_entry("comparison", comparison.symbol())?;
                map.serialize_entry("value", &decimal(value))?;
                map.serialize_entry("unit", value.unit.name())?;
            }
            TargetKind::Range { low, high } => {
                map.serialize_entry("kind", "range")?;
                map.serialize_entry("comparison", "range")?;
                map.serialize_entry("low", &decimal(low))?;
                map.serialize_entry("high", &decimal(high))?;
                map.serialize_entry("unit", high.unit.name())?;
            }
            TargetKind::Trend(direction) => {
                map.serialize_entry("kind", "trend")?;
                map.serialize_entry("direction", direction)?;
            }
            TargetKind::Change {
                baseline: index,
                direction,
                amount,
                high,
            } => {
                map.serialize_entry("kind", "change")?;
                map.serialize_entry("baseline", &index.map(baseline))?;
                map.serialize_entry("direction", direction)?;
                map.serialize_entry("value", &decimal(amount))?;
                map.serialize_entry("unit", amount.unit.name())?;
                // A range of changes: `value` is its low end (only then, so that other exports
                // stay as they were).
                if let Some(high) = high {
                    map.serialize_entry("high", &decimal(high))?;
                }
            }
            TargetKind::VersusBaseline {
                comparison,
                baseline: index,
            } => {
                map.serialize_entry("kind", "baseline")?;
                map.serialize_entry("comparison", comparison.symbol())?;
                map.serialize_entry("baseline", &baseline(*index))?;
            }
        }
        // Only when given, so that the export of a plan without them stays as it was.
        if target.approx.is_some() {
            map.serialize_entry("approximate", &true)?;
        }
        if let Some(change) = &target.change {
            map.serialize_entry(
                "change",
                &json!({
                    "baseline": change.baseline.map(baseline),
                    "direction": change.direction,
                    "value": decimal(&change.amount),
                    "unit": change.amount.unit.name(),
                }),
            )?;
        }
        map.serialize_entry("parts", &parts(plan, &target.parts))?;
        map.serialize_entry("due", &target.due.as_deref().map(WindowJson))?;
        // Only on a count (`计数 …`), so that other targets export as before.
        if let Some(counted) = &target.counts {
            let (of, name) = match &counted.of {
                CountOf::SubItems => ("subitems", None),
                CountOf::Group(g) => ("group", Some(plan.groups[*g].id.as_str())),
                CountOf::Tag(tag) => ("tag", Some(tag.as_str())),
            };
            map.serialize_entry("counts", &json!({ "of": of, "name": name }))?;
        }
        map.end()
    }
}

impl Serialize for InPlan<'_, Part> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // An owner's part reads as it always did; any other label says what it is. A bound
        // (`超 4万`) and a nested breakdown are given only when the part has them.
        let (plan, part) = (self.plan, self.of);
        let quantity = &part.value;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("value", &decimal(quantity))?;
        map.serialize_entry("unit", quantity.unit.name())?;
        map.serialize_entry("written", &part.render())?;
        match &part.label {
            PartLabel::Owner(owner) => map.serialize_entry("owner", owner_id(plan, *owner))?,
            PartLabel::Group(group) => map.serialize_entry("group", &plan.groups[*group].id)?,
            PartLabel::Category(category) => {
                map.serialize_entry("category", &plan.categories[*category].id)?
            }
            PartLabel::Free(label) => map.serialize_entry("label", label)?,
        }
        if let Some((comparison, _)) = part.comparison {
            map.serialize_entry("comparison", comparison.symbol())?;
        }
        if !part.parts.is_empty() {
            map.serialize_entry("parts", &parts(plan, &part.parts))?;
        }
        map.end()
    }
}
