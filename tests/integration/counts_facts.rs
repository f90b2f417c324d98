//! Counts that count something (`计数 子事项 | GROUP | 标签 TAG`) and facts (`已完成`), issue 13
//! points 4 and 6: the checker catches a count and its list disagreeing (located at the count),
//! facts read in the documents and the export and nowhere else, a fact serves as a baseline, and
//! `diff` shows a changed fact or count.

use crate::support::assert_contains;
use crate::support::{Planc, read, temp_dir};

use serde_json::Value;

const FIXTURE: &str = "tests/fixtures/counts-facts.plan";
const WUWEI: &str = "plans/wuwei-new-schools-2021.plan";

/// `text` with `from` replaced once by `to` (which must be there).
fn mutate(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` is not in the plan");
    text.replacen(from, to, 1)
}

use crate::support::check::planc_check as check;

/// `FILE:LINE:COL` (1-based, columns in characters) of the first `needle` on the line holding
/// `line_with`.
fn location(name: &str, text: &str, line_with: &str, needle: &str) -> String {
    let (index, line) = text
        .lines()
        .enumerate()
        .find(|(_, line)| line.contains(line_with))
        .expect("the line is in the plan");
    let byte = line.find(needle).expect("the needle is on the line");
    let column = line[..byte].chars().count() + 1;
    format!("{name}:{}:{column}", index + 1)
}

fn assert_count_mismatch(report: &str, at: &str) {
    assert!(report.contains("planc::count_mismatch"), "{report}");
    assert!(report.contains(at), "not located at {at}:\n{report}");
}

#[test]
fn the_real_plan_checks_clean_and_every_count_holds() {
    let run = Planc::new().args(["check", WUWEI]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let export: Value =
        serde_json::from_str(&Planc::new().args(["export", WUWEI]).ok().stdout).expect("JSON");
    let counts = export.to_string().matches("\"counts\":").count();
    assert_eq!(
        counts, 7,
        "every step's figure and the nine schools are counts"
    );
}

#[test]
fn a_project_added_to_the_list_is_reported_at_its_count() {
    // The classic edit mistake: 古浪县第五幼儿园 joins the list of projects that start in
    // March-April, and the count stays at 6.
    let text = read(WUWEI);
    let mutated = mutate(
        &text,
        "分组 开复工学校 = 祁连路小学,",
        "分组 开复工学校 = 古浪五幼, 祁连路小学,",
    );
    let (code, report) = check("wuwei.plan", &mutated);
    assert_eq!(code, 1, "{report}");
    assert_count_mismatch(
        &report,
        &location("wuwei.plan", &mutated, "指标 开复工数", "6所"),
    );
    assert_contains(
        &report,
        &["the count says 6, the list has 7", "past the count"],
    );
    // Only that count is wrong.
    assert_eq!(
        report.matches("planc::count_mismatch").count(),
        1,
        "{report}"
    );
}

#[test]
fn a_changed_count_is_reported_where_it_is_written() {
    let text = read(WUWEI);
    for (line_with, from, to) in [
        ("指标 竣工数", "5所", "6所"),
        ("指标 新建学校", "9所", "8所"),
        ("指标 手续数", "3所", "2所"),
    ] {
        // The figure on that target's line only.
        let mutated: String = text
            .lines()
            .map(|line| {
                if line.contains(line_with) {
                    mutate(line, from, to)
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let (code, report) = check("wuwei.plan", &mutated);
        assert_eq!(code, 1, "{report}");
        let written = to;
        assert_count_mismatch(
            &report,
            &location("wuwei.plan", &mutated, line_with, written),
        );
    }
}

#[test]
fn sub_items_groups_and_tags_are_counted() {
    let text = read(FIXTURE);
    let (code, report) = check("fixture.plan", &text);
    assert_eq!(code, 0, "{report}");
    // A sub-item added: 4 under a count of 3.
    let added = mutate(
        &text,
        "    事项 城关四小 \"古浪县城关第四小学\"\n",
        "    事项 城关四小 \"古浪县城关第四小学\"\n\n    事项 大靖三小 \"古浪县大靖镇第三小学\"\n",
    );
    let (code, report) = check("fixture.plan", &added);
    assert_eq!(code, 1, "{report}");
    assert_count_mismatch(
        &report,
        &location("fixture.plan", &added, "指标 开工项目", "3所"),
    );
    assert!(report.contains("`大靖三小` is past the count"), "{report}");
    // A sub-item removed.
    let removed = mutate(&text, "    事项 第一幼儿园 \"凉州区第一幼儿园\"\n", "");
    let (_, report) = check("fixture.plan", &removed);
    assert!(
        report.contains("the count says 3, the list has 2"),
        "{report}"
    );
    // A group member added.
    let grown = text
        .replace("辖区 古浪县\n", "辖区 古浪县\n辖区 天祝县\n")
        .replace(
            "分组 各县区 = 凉州区, 古浪县",
            "分组 各县区 = 凉州区, 古浪县, 天祝县",
        );
    let (_, report) = check("fixture.plan", &grown);
    assert_count_mismatch(
        &report,
        &location("fixture.plan", &grown, "指标 县区数", "2个"),
    );
    // The only tagged item loses its tag: at least 1 is not met.
    let untagged = mutate(&text, "      标签 试点\n", "");
    let (_, report) = check("fixture.plan", &untagged);
    assert_count_mismatch(
        &report,
        &location("fixture.plan", &untagged, "指标 试点数", "1所"),
    );
    assert!(
        report.contains("the count says at least 1, the list has 0"),
        "{report}"
    );
}

/// A plan whose one item has three sub-items and the target `COUNT 计数 子事项`.
fn three_sub_items(count: &str) -> String {
    format!(
        "计划 \"p\" {{\n  期间 2021\n}}\n计量单位 所\n辖区 a\n部分 s \"s\" {{\n  事项 i \"i\" {{\n    牵头 a\n    正文 \"{{t}}\"\n    指标 t \"t\" {count} 计数 子事项\n    事项 x \"x\"\n    事项 y \"y\"\n    事项 z \"z\"\n  }}\n}}\n"
    )
}

#[test]
fn a_count_keeps_its_comparator() {
    for (count, holds) in [
        ("3所", true),
        ("为3所", true),
        ("2所", false),
        ("4所", false),
        ("2所 以上", true),
        ("不少于 3所", true),
        ("不少于 4所", false),
        ("超 2所", true),
        ("超 3所", false),
        ("不超过 3所", true),
        ("不超过 2所", false),
        ("少于 4所", true),
        ("3所 以下", true),
        ("2-4所", true),
        ("4-5所", false),
    ] {
        let (code, report) = check("p.plan", &three_sub_items(count));
        assert_eq!(code == 0, holds, "{count}: {report}");
        if !holds {
            assert!(
                report.contains("planc::count_mismatch"),
                "{count}: {report}"
            );
        }
    }
}

#[test]
fn a_count_that_cannot_count_is_an_error() {
    // Nothing to count: a goal's target has no sub-items.
    let goal = "计划 \"p\" {\n  期间 2021\n}\n计量单位 所\n主要目标 {\n  目标 g \"g\" {\n    正文 \"{t}\"\n    指标 t \"t\" 3所 计数 子事项\n  }\n}\n";
    let (code, report) = check("goal.plan", goal);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("belongs to a goal"), "{report}");
    // No number to compare.
    let (_, report) = check("trend.plan", &three_sub_items("趋势 上升"));
    assert!(report.contains("states no number"), "{report}");
    // A group that is not declared.
    let text = three_sub_items("3所").replace("计数 子事项", "计数 各县区");
    let (code, report) = check("group.plan", &text);
    assert_eq!(code, 1, "{report}");
    assert!(report.contains("`各县区` is not declared"), "{report}");
}

fn export(plan: &str) -> Value {
    serde_json::from_str(&Planc::new().args(["export", plan]).ok().stdout).expect("JSON")
}

#[test]
fn the_export_has_the_counts_and_the_facts() {
    let export = export(FIXTURE);
    let errors = crate::support::schema::schema_errors("schema/export.schema.json", &export);
    assert!(errors.is_empty(), "{errors:#?}");
    let facts: Vec<(&str, &str, &str)> = export["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .map(|f| {
            (
                f["id"].as_str().unwrap_or(""),
                f["holder"]["kind"].as_str().unwrap_or(""),
                f["text"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            ("已建学校", "goal", "30所"),
            ("均已开工", "section", "续建项目均已开工"),
            ("手续", "item", "3所"),
        ]
    );
    assert_eq!(export["facts"][0]["by"], "2020年底");
    let targets = &export["sections"][0]["items"][0]["targets"];
    let counts: Vec<String> = (0..3).map(|i| targets[i]["counts"].to_string()).collect();
    assert_eq!(
        counts,
        [
            r#"{"of":"subitems","name":null}"#,
            r#"{"of":"group","name":"各县区"}"#,
            r#"{"of":"tag","name":"试点"}"#
        ]
    );
    // The fact is the baseline of a change.
    let change = &export["goals"][0]["targets"][0];
    assert_eq!(change["kind"], "change");
    assert_eq!(change["baseline"], "已建学校");
    // A plan without counts or facts exports no such keys.
    let plain = export_text("plans/changzhou-education-2020.plan");
    assert!(!plain.contains("\"facts\"") && !plain.contains("\"counts\""));
}

fn export_text(plan: &str) -> String {
    Planc::new().args(["export", plan]).ok().stdout
}

#[test]
fn facts_read_in_the_documents_and_nowhere_else() {
    let dir = temp_dir("facts-build");
    Planc::new()
        .args(["build", FIXTURE, "-o"])
        .arg(dir.path())
        .ok();
    let in_prose = ["上年已建成学校30所", "续建项目均已开工。"];
    for document in ["document.md", "document.html"] {
        let text = std::fs::read_to_string(dir.join(document)).expect("document");
        for fact in in_prose {
            assert!(text.contains(fact), "{document} lacks {fact}");
        }
    }
    let xml = crate::support::docx::document_xml(dir.join("document.docx"));
    assert!(xml.contains("续建项目均已开工"), "the .docx lacks the fact");
    // Schedule (HTML, CSV, ICS, Mermaid), graph and checklists: no fact, by name or by title.
    let mut checked = 0;
    let mut stack = vec![dir.path().to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with("document.") || name == "plan.json" || name.starts_with('.') {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for word in [
                "已建学校",
                "上年已建成学校",
                "均已开工",
                "开工手续已办结",
                "手续",
            ] {
                assert!(!text.contains(word), "{name} mentions the fact `{word}`");
            }
            checked += 1;
        }
    }
    assert!(checked >= 8, "only {checked} outputs checked");
    let schedule = Planc::new()
        .args(["schedule", FIXTURE, "--format", "json"])
        .ok()
        .stdout;
    assert!(!schedule.contains("已建学校") && !schedule.contains("开工手续已办结"));
}

#[test]
fn a_fact_without_a_figure_is_no_baseline() {
    let text = mutate(
        &read(FIXTURE),
        "较 已建学校 增加 5所",
        "较 均已开工 增加 5所",
    );
    let (code, report) = check("fixture.plan", &text);
    assert_eq!(code, 1, "{report}");
    assert_contains(
        &report,
        &["planc::missing_baseline", "has no figure to compare with"],
    );
}

#[test]
fn the_formatter_keeps_counts_and_facts() {
    let text = read(FIXTURE);
    let formatted = Planc::new()
        .args(["fmt", "-"])
        .stdin(text.clone())
        .ok()
        .stdout;
    assert_eq!(formatted, text, "the fixture is in the canonical layout");
    // English keywords and loose spacing come back to the same tree.
    let english = text
        .replace("计数 子事项", "counts   subitems")
        .replace("计数 标签 试点", "counts tags 试点")
        .replace("已完成 手续", "fact  手续");
    let again = Planc::new().args(["fmt", "-"]).stdin(english).ok().stdout;
    let (code, report) = check("again.plan", &again);
    assert_eq!(code, 0, "{report}");
    assert_eq!(export_of_text(&again), export(FIXTURE));
}

fn export_of_text(text: &str) -> Value {
    let dir = temp_dir("counts-export");
    let path = dir.write("counts-facts.plan", text);
    serde_json::from_str(&Planc::new().arg("export").arg(&path).ok().stdout).expect("JSON")
}

#[test]
fn diff_shows_a_changed_fact_and_a_changed_count() {
    let text = read(FIXTURE);
    let changed = mutate(&text, "30所 截至 2020年底", "31所 截至 2020年底");
    let changed = mutate(&changed, "1所 计数 标签 试点", "1所 计数 子事项");
    let dir = temp_dir("counts-diff");
    let old = dir.write("old.plan", &text);
    let new = dir.write("new.plan", &changed);
    let run = Planc::new().arg("diff").arg(&old).arg(&new).run();
    assert!(
        run.stdout
            .contains("fact changed: 已建学校 (目标 学校): 上年已建成学校 30所 截至 2020年底 → 上年已建成学校 31所 截至 2020年底"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("count changed: 试点数 (事项 开复工): 计数 标签 试点 → 计数 子事项"),
        "{}",
        run.stdout
    );
}

#[test]
fn diff_shows_a_project_added_to_a_counted_list() {
    let text = read(WUWEI);
    let grown = mutate(
        &text,
        "分组 开复工学校 = 祁连路小学,",
        "分组 开复工学校 = 古浪五幼, 祁连路小学,",
    );
    let grown = mutate(
        &grown,
        "\"开复工学校建设项目\" 6所",
        "\"开复工学校建设项目\" 7所",
    );
    let dir = temp_dir("counts-diff-list");
    let new = dir.write("new.plan", &grown);
    let run = Planc::new().arg("diff").arg(WUWEI).arg(&new).ok();
    assert!(
        run.stdout
            .contains("target raised: 开复工数 (事项 开复工): 6所 → 7所"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "group changed: 开复工学校: 祁连路小学、凉州一幼、城关四小、大靖三小、大靖二幼、华藏寺村幼儿园 → 古浪五幼、祁连路小学、"
        ),
        "{}",
        run.stdout
    );
}
