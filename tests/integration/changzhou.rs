//! The bundled plan, 《2020年常州教育工作要点》, against the seed text it was written from.

use crate::support::planc::{planc, planc_ok};

use serde_json::Value;

const PLAN: &str = "plans/changzhou-education-2020.plan";
const SEED: &str = include_str!("../fixtures/changzhou-2020-seed.txt");

fn export() -> Value {
    serde_json::from_str(&planc_ok(&["export", PLAN]).stdout).expect("export is JSON")
}

fn items(export: &Value) -> Vec<&Value> {
    export["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|section| section["items"].as_array().into_iter().flatten())
        .collect()
}

fn texts(value: &Value) -> String {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

#[test]
fn checks_clean_without_warnings() {
    let output = planc(&["check", "--deny-warnings", "--format", "json", PLAN]);
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON report");
    assert_eq!(report["diagnostics"], Value::Array(vec![]), "{report}");
    assert!(output.status.success());
    let summary = &report["summary"];
    assert_eq!(summary["sections"], 6);
    assert_eq!(summary["items"], 60);
    assert_eq!(summary["goals"], 5);
}

#[test]
fn every_item_reproduces_its_seed_paragraph_in_order() {
    let export = export();
    let seed_lines: Vec<&str> = SEED.lines().map(str::trim_end).collect();
    let mut last_line = 0;
    let items = items(&export);
    assert_eq!(items.len(), 60);
    for item in items {
        let paragraph = format!(
            "{}{}。{}",
            item["number"].as_str().unwrap_or(""),
            item["title"].as_str().unwrap_or(""),
            texts(&item["text"])
        );
        let position = seed_lines
            .iter()
            .position(|line| *line == paragraph)
            .unwrap_or_else(|| panic!("not in the seed verbatim:\n{paragraph}"));
        assert!(position > last_line, "item out of order: {paragraph}");
        last_line = position;
    }
}

#[test]
fn sections_and_goals_follow_the_seed() {
    let export = export();
    for (number, section) in ["一", "二", "三", "四", "五", "六"]
        .iter()
        .zip(export["sections"].as_array().into_iter().flatten())
    {
        let heading = format!("{number}、{}", section["title"].as_str().unwrap_or(""));
        assert!(
            SEED.lines().any(|line| line.trim_end() == heading),
            "section heading {heading}"
        );
        let intro = texts(&section["text"]);
        assert!(SEED.contains(&intro), "section intro of {heading}");
    }
    for goal in export["goals"].as_array().into_iter().flatten() {
        let sentence = format!(
            "{}——{}",
            goal["title"].as_str().unwrap_or(""),
            texts(&goal["text"])
        );
        assert!(SEED.contains(&sentence), "goal: {sentence}");
    }
    for paragraph in export["preamble"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        assert!(SEED.contains(paragraph), "preamble: {paragraph}");
    }
}

/// A figure as written in the seed: a number (or range) with its unit, e.g. `44个`, `3-4个`, `95.5%`.
fn figures(text: &str, units: &[String]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut found = Vec::new();
    let mut index = 0;
    let number_end = |mut i: usize| {
        while chars.get(i).is_some_and(char::is_ascii_digit) {
            i += 1;
        }
        if chars.get(i) == Some(&'.') && chars.get(i + 1).is_some_and(char::is_ascii_digit) {
            i += 1;
            while chars.get(i).is_some_and(char::is_ascii_digit) {
                i += 1;
            }
        }
        if matches!(chars.get(i), Some('万' | '亿')) {
            i += 1;
        }
        i
    };
    while index < chars.len() {
        let previous = index.checked_sub(1).and_then(|i| chars.get(i));
        if !chars.get(index).is_some_and(char::is_ascii_digit)
            || previous.is_some_and(|p| p.is_ascii_alphanumeric() || *p == '.' || *p == '+')
        {
            index += 1;
            continue;
        }
        let mut end = number_end(index);
        if chars.get(end) == Some(&'-') && chars.get(end + 1).is_some_and(char::is_ascii_digit) {
            end = number_end(end + 1);
        }
        let mut unit_start = end;
        while chars.get(unit_start) == Some(&' ') {
            unit_start += 1;
        }
        let rest: String = chars.iter().skip(unit_start).take(8).collect();
        let unit = if rest.starts_with('%') || rest.starts_with('％') {
            Some("%".to_string())
        } else {
            units
                .iter()
                .filter(|u| rest.starts_with(u.as_str()))
                .max_by_key(|u| u.chars().count())
                .cloned()
        };
        let number: String = chars
            .get(index..end)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        // `13万` is a figure even without a unit after it.
        let unit =
            unit.or_else(|| (number.ends_with('万') || number.ends_with('亿')).then(String::new));
        match unit {
            Some(unit) if !(number.len() == 4 && unit == "年" && !number.contains('.')) => {
                found.push(format!("{number}{unit}"));
                index = unit_start + unit.chars().count();
            }
            _ => index = end.max(index + 1),
        }
    }
    found
}

fn normalise(figure: &str) -> String {
    figure
        .replace('％', "%")
        .replace("以上", "")
        .replace("以下", "")
}

#[test]
fn every_seed_figure_is_a_target_of_its_item() {
    let export = export();
    let mut units: Vec<String> = export["units"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(String::from)
        .collect();
    units.push("个百分点".to_string());
    let seed_lines: Vec<&str> = SEED.lines().map(str::trim_end).collect();
    let mut total = 0;
    for item in items(&export) {
        let title = item["title"].as_str().unwrap_or("");
        let number = item["number"].as_str().unwrap_or("");
        let Some(line) = seed_lines
            .iter()
            .find(|l| l.starts_with(&format!("{number}{title}")))
        else {
            panic!("item {number} not in the seed");
        };
        let mut bound: Vec<String> = Vec::new();
        for target in item["targets"].as_array().into_iter().flatten() {
            bound.push(normalise(target["text"].as_str().unwrap_or("")));
            for part in target["parts"].as_array().into_iter().flatten() {
                bound.push(normalise(part["written"].as_str().unwrap_or("")));
            }
        }
        for recurrence in item["recurrences"].as_array().into_iter().flatten() {
            bound.push(format!("{}次", recurrence["count"]));
        }
        for figure in figures(line, &units) {
            total += 1;
            assert!(
                take(&mut bound, &figure),
                "{number}: the seed figure `{figure}` is not a target of the item (targets: {bound:?})"
            );
        }
    }
    // The main goals paragraph.
    let goals_line = seed_lines
        .iter()
        .find(|l| l.starts_with("主要目标是"))
        .copied()
        .unwrap_or("");
    let mut bound: Vec<String> = export["goals"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|g| g["targets"].as_array().into_iter().flatten())
        .map(|t| normalise(t["text"].as_str().unwrap_or("")))
        .collect();
    for figure in figures(goals_line, &units) {
        total += 1;
        assert!(
            take(&mut bound, &figure),
            "goals: the seed figure `{figure}` is not a goal target ({bound:?})"
        );
    }
    // 86 figures: counted by hand from the seed (numbers with a unit, %, or 万; years excluded).
    assert_eq!(total, 86, "the seed has 86 figures; the scan found {total}");
}

/// Removes one `figure` from the figures `bound` to a target; whether it was there.
fn take(bound: &mut Vec<String>, figure: &str) -> bool {
    let position = bound.iter().position(|b| b == figure);
    if let Some(position) = position {
        bound.remove(position);
    }
    position.is_some()
}

#[test]
fn figures_scan_finds_ranges_and_skips_years() {
    let units = vec!["个".to_string(), "年".to_string()];
    assert_eq!(
        figures(
            "2020年组建3-4个联盟，14.9年以上，达 100％，超13万。5G",
            &units
        ),
        vec!["3-4个", "14.9年", "100%", "13万"]
    );
}
