//! The schedule as a Mermaid gantt chart.

use super::util::{Filter, one_line, rows};
use crate::model::Plan;
use crate::schedule::Schedule;

/// Text safe inside a Mermaid gantt line: no `:`, `;`, `#` or line ends.
fn clean(text: &str) -> String {
    one_line(text)
        .replace(':', "：")
        .replace(';', "；")
        .replace('#', "＃")
}

/// The schedule as a Mermaid `gantt` chart: sections as sections, critical items marked `crit`,
/// milestones as milestones. End dates are exclusive (the day after the finish).
pub fn gantt(plan: &Plan, schedule: &Schedule, filter: &Filter) -> String {
    let mut out = String::from("gantt\n");
    out.push_str(&format!("    title {}\n", clean(&plan.title)));
    out.push_str("    dateFormat YYYY-MM-DD\n    axisFormat %m-%d\n");
    let mut current_section = None;
    for (index, item, slot) in rows(plan, schedule, filter) {
        if current_section != Some(item.section) {
            current_section = Some(item.section);
            let title = plan.sections[item.section].title.as_str();
            out.push_str(&format!("    section {}\n", clean(title)));
        }
        let end = slot.finish.tomorrow().unwrap_or(slot.finish);
        let tag = if slot.critical { "crit, " } else { "" };
        out.push_str(&format!(
            "    {} {} :{tag}i{index}, {}, {end}\n",
            clean(&item.number),
            clean(&item.title),
            slot.start
        ));
        for (m, milestone, mslot) in filter.milestones(plan, schedule, item) {
            let tag = if mslot.critical { "crit, " } else { "" };
            out.push_str(&format!(
                "    {} :{tag}milestone, m{m}, {}, 0d\n",
                clean(&milestone.title),
                mslot.finish
            ));
        }
    }
    out
}
