//! Figures in titles bound to targets (`事项 x "新建公办中小学{新建校数}"`) and numbering styles per
//! level (`编号 "一、" "1." "（1）"`): checked, rendered in every output that shows titles or
//! numbers, and a changed figure is followed (and reported, located) everywhere.

use crate::support::{Planc, temp_dir};
use std::path::Path;
use std::process::Output;

/// A plan whose items are `1.` directly under `一、`, with figures in its titles.
const PLAN: &str = r#"计划 "2023年某区教育工作要点" {
  期间 2023
  编号 "一、" "1." "（1）"
}

计量单位 所 个
部门 规划处 "发展规划处"

部分 学位 "扩大学位供给{新增学位}" {
  事项 新建学校 "新建公办中小学{新建校数}" {
    牵头 规划处
    正文 "全年新增学位{新增学位}。"
    指标 新建校数 "新建公办中小学" 12所
    指标 新增学位 "新增学位" 1.2万个
    时限 年内

    事项 小学 "新建小学{新建小学}" {
      牵头 规划处
      指标 新建小学 "新建小学" 3所
    }
  }

  事项 改造 "改造校舍{校舍}" {
    牵头 规划处
    指标 校舍 "改造校舍" 5所
    时限 10月
  }
}

部分 质量 "提高质量" {
  事项 课改 "推进课程改革" {
    牵头 规划处
    时限 年内
  }
}
"#;

fn planc(args: &[&str], dir: &Path) -> Output {
    Planc::new()
        .args(args)
        .dir(dir)
        .env("NO_COLOR", "1")
        .output()
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).expect("UTF-8")
}

/// The text of every output that shows item titles or numbers.
fn outputs(dir: &Path, plan: &str) -> Vec<(&'static str, String)> {
    let run = |args: &[&str]| stdout(&planc(args, dir));
    let docx = {
        let output = planc(&["doc", "--format", "docx", "-o", "doc.docx", plan], dir);
        assert!(output.status.success());
        crate::support::docx::document_xml(dir.join("doc.docx"))
    };
    vec![
        ("doc md", run(&["doc", "--format", "md", plan])),
        ("doc html", run(&["doc", "--format", "html", plan])),
        ("doc docx", docx),
        ("checklist", run(&["checklist", plan])),
        ("schedule table", run(&["schedule", plan])),
        ("schedule csv", run(&["schedule", "--format", "csv", plan])),
        (
            "schedule json",
            run(&["schedule", "--format", "json", plan]),
        ),
        ("schedule ics", run(&["schedule", "--format", "ics", plan])),
        (
            "schedule html",
            run(&["schedule", "--format", "html", plan]),
        ),
        ("graph dot", run(&["graph", "--format", "dot", plan])),
        (
            "graph mermaid",
            run(&["graph", "--format", "mermaid", plan]),
        ),
        ("export", run(&["export", plan])),
    ]
}

#[test]
fn title_figures_and_numbers_reach_every_output() {
    let dir = temp_dir("outputs");
    dir.write("p.plan", PLAN);
    let check = planc(&["check", "p.plan"], &dir);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    for (name, text) in outputs(&dir, "p.plan") {
        assert!(
            text.contains("新建公办中小学12所"),
            "{name}: the title's figure is missing:\n{text}"
        );
        assert!(
            !text.contains("{新建校数}"),
            "{name}: a citation is printed as written"
        );
        assert!(!text.contains("（一）"), "{name}: the default numbering");
    }
    let md = stdout(&planc(&["doc", "--format", "md", "p.plan"], &dir));
    for line in [
        "## 一、扩大学位供给1.2万个",
        "**1.新建公办中小学12所**",
        "**（1）新建小学3所**",
        "**2.改造校舍5所**",
        "## 二、提高质量",
        // Items count straight through the plan by default.
        "**3.推进课程改革**",
    ] {
        assert!(md.contains(line), "`{line}` missing:\n{md}");
    }
    let export: serde_json::Value =
        serde_json::from_str(&stdout(&planc(&["export", "p.plan"], &dir))).expect("JSON");
    assert_eq!(
        export["numbering"],
        serde_json::json!({ "styles": ["一、", "1.", "（1）", "①"], "per_section": false })
    );
    let section = &export["sections"][0];
    assert_eq!(section["heading_number"], "一、");
    assert_eq!(section["title"], "扩大学位供给1.2万个");
    assert_eq!(section["title_cites"], serde_json::json!(["新增学位"]));
    let item = &section["items"][0];
    assert_eq!(item["number"], "1.");
    assert_eq!(item["title"], "新建公办中小学12所");
    assert_eq!(item["title_cites"], serde_json::json!(["新建校数"]));
    assert_eq!(item["items"][0]["number"], "（1）");
    assert_eq!(
        export["sections"][1]["items"][0]["title_cites"],
        serde_json::json!([])
    );
}

#[test]
fn a_changed_title_figure_is_followed_and_a_wrong_one_is_reported_where_it_stands() {
    let dir = temp_dir("mutations");
    // The cited figure changes: every output follows, and diff reports the target, not the title.
    dir.write("old.plan", PLAN);
    dir.write(
        "new.plan",
        PLAN.replace("\"新建公办中小学\" 12所", "\"新建公办中小学\" 13所"),
    );
    for (name, text) in outputs(&dir, "new.plan") {
        assert!(
            text.contains("新建公办中小学13所") && !text.contains("新建公办中小学12所"),
            "{name}: the changed figure is not followed:\n{text}"
        );
    }
    let diff = stdout(&planc(&["diff", "old.plan", "new.plan"], &dir));
    assert!(
        diff.contains("target raised: 新建校数 (事项 新建学校): 12所 → 13所"),
        "{diff}"
    );
    assert!(!diff.contains("title changed"), "{diff}");
    // Likewise a figure cited in a section's title.
    dir.write(
        "new.plan",
        PLAN.replace("\"新增学位\" 1.2万个", "\"新增学位\" 1.3万个"),
    );
    let diff = stdout(&planc(&["diff", "old.plan", "new.plan"], &dir));
    assert!(diff.contains("target raised: 新增学位"), "{diff}");
    assert!(!diff.contains("section changed"), "{diff}");
    let md = stdout(&planc(&["doc", "--format", "md", "new.plan"], &dir));
    assert!(md.contains("## 一、扩大学位供给1.3万个"), "{md}");
    // A title citing another target is a title change, shown as written.
    dir.write(
        "new.plan",
        PLAN.replace("新建公办中小学{新建校数}", "新建公办中小学{新增学位}"),
    );
    let diff = stdout(&planc(&["diff", "old.plan", "new.plan"], &dir));
    assert!(
        diff.contains(
            "title changed: 新建学校: 新建公办中小学{新建校数} → 新建公办中小学{新增学位}"
        ),
        "{diff}"
    );
    // A misspelt citation: located at the citation, with did-you-mean.
    dir.write(
        "bad.plan",
        PLAN.replace("新建公办中小学{新建校数}", "新建公办中小学{新建校}"),
    );
    let output = planc(&["check", "--format", "json", "bad.plan"], &dir);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let diagnostic = report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "planc::undefined_target"))
        .unwrap_or_else(|| panic!("no undefined_target: {report}"));
    let label = &diagnostic["labels"][0];
    assert_eq!(label["line"], 10, "{diagnostic}");
    assert_eq!(label["column"], 19, "{diagnostic}");
    assert!(
        diagnostic["help"]
            .as_str()
            .is_some_and(|h| h.contains("新建校数")),
        "{diagnostic}"
    );
    // The figure typed into the title instead of cited: an unbound figure, at the figure.
    dir.write("bare.plan", PLAN.replace("改造校舍{校舍}", "改造校舍6所"));
    let output = planc(&["check", "--format", "json", "bare.plan"], &dir);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let diagnostic = report["diagnostics"]
        .as_array()
        .and_then(|all| all.iter().find(|d| d["code"] == "planc::unbound_figure"))
        .unwrap_or_else(|| panic!("no unbound_figure: {report}"));
    assert!(
        diagnostic["message"]
            .as_str()
            .is_some_and(|m| m.contains("`6所`")),
        "{diagnostic}"
    );
    assert_eq!(diagnostic["labels"][0]["line"], 23, "{diagnostic}");
    assert_eq!(diagnostic["labels"][0]["column"], 14, "{diagnostic}");
}

#[test]
fn numbering_styles_per_level() {
    let dir = temp_dir("numbering");
    // (statement, the first item's number, texts of the document)
    let cases: &[(&str, &str, &[&str])] = &[
        // The default: as before.
        (
            "",
            "（一）",
            &[
                "一、扩大学位",
                "（一）新建公办",
                "1.新建小学",
                "（二）改造",
                "（三）推进课程",
            ],
        ),
        // Items counted from 1 in each section.
        (
            "编号 \"一、\" \"（一）\" 按部分",
            "（一）",
            &[
                "（一）新建公办",
                "1.新建小学",
                "（二）改造",
                "（一）推进课程",
            ],
        ),
        // Other marks and counters; English keywords.
        (
            "numbering \"第一部分 \" \"(一)\" \"①\" per_section",
            "(一)",
            &[
                "第一部分 扩大学位",
                "第二部分 提高质量",
                "(一)新建公办",
                "①新建小学",
                "(二)改造",
                "(一)推进课程",
            ],
        ),
    ];
    for (statement, number, expected) in cases {
        let line = if statement.is_empty() {
            String::new()
        } else {
            format!("  {statement}\n")
        };
        let plan = PLAN.replace("  编号 \"一、\" \"1.\" \"（1）\"\n", &line);
        dir.write("p.plan", &plan);
        let md = stdout(&planc(&["doc", "--format", "md", "p.plan"], &dir));
        for text in *expected {
            assert!(md.contains(text), "{statement}: `{text}` missing:\n{md}");
        }
        let checklist = stdout(&planc(&["checklist", "p.plan"], &dir));
        assert!(
            checklist.contains(&format!("{number}新建公办中小学12所")),
            "{statement}: {checklist}"
        );
        // The formatter keeps the statement, and `fmt --check` finds nothing to change.
        crate::support::planc::assert_formatted(&dir, &["p.plan"], statement);
    }
    // A bad style is located at the style.
    let plan = PLAN.replace("\"1.\" \"（1）\"", "\"1.\" \"（十）\"");
    dir.write("bad.plan", &plan);
    let output = planc(&["check", "--format", "json", "bad.plan"], &dir);
    assert_eq!(output.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let diagnostic = &report["diagnostics"][0];
    assert_eq!(diagnostic["code"], "planc::numbering", "{report}");
    assert_eq!(diagnostic["labels"][0]["line"], 3);
    assert_eq!(diagnostic["labels"][0]["column"], 16);
}
