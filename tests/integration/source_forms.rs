//! Documents in the form their sources have (issue 13, "Owners as the source shows them" and the
//! real plans): owner labels as the source writes them (`分工 分行 "责任单位"`), the deadline noted
//! under its label (`时限注明`), unnumbered levels (`编号 ""`), untitled sections, deadlines with
//! what is due (`时限 9月 "投入使用"`) and documents written as tables (`表格`). Each is held in
//! the Markdown, HTML and .docx documents, the export (and its schema), `diff` and `fmt`.

use crate::support::{Planc, Scratch};

use serde_json::Value;
use std::io::Read;

/// A 民生实事 table in the form of 大竹县2016年民生实事目标任务分解表 (plans/dazhu-livelihood-2016.plan).
const TABLE_PLAN: &str = r#"计划 "民生实事目标任务分解表" {
  期间 2023
  编号 "一、" "1"
  表格 序号 "序号", 事项 "民生实事", 单位 "责任单位", 时限 "完成时限"
}

计量单位 座 户

部门 县住建局
部门 县民政局
机构 县代建中心

部分 实事 "" {
  事项 天桥 "新建{天桥数}人行天桥。" {
    牵头 县住建局
    配合 县代建中心
    指标 天桥数 "新建人行天桥" 2座
    时限 9月 "投入使用"
  }

  事项 养老 "" {
    牵头 县民政局

    事项 养护楼 "开工建设县老年养护楼。" {
      时限 5月底前 "动工"
    }

    事项 老年大学 "开工建设老年大学。" {
      时限 12月底前
    }
  }

  事项 棚改 "完成棚户区改造{棚改户数}。" {
    牵头 县住建局
    指标 棚改户数 "完成棚户区改造" 2836户
    时限 12月底前
  }
}
"#;

/// A list of items without numbers or a heading, each followed by its owner and deadline lines,
/// as 2023年通州区重要民生实事项目 has them (plans/tongzhou-livelihood-2023.plan).
const LINES_PLAN: &str = r#"计划 "重要民生实事项目" {
  期间 2023
  编号 "" ""
  分工 分行 "责任单位" "配合单位"
  时限注明 "完成期限"
}

计量单位 个

部门 区教委
部门 区财政局

部分 教育 "" {
  事项 配套小学 "建成配套小学,提供学位{学位数},解决入学难问题" {
    牵头 区教委
    配合 区财政局
    指标 学位数 "配套小学提供学位" 1200个
    时限 2023年12月底前
  }
}
"#;

fn write(dir: &Scratch, name: &str, text: &str) -> String {
    dir.write(name, text)
        .to_str()
        .expect("a UTF-8 path")
        .to_string()
}

fn stdout(args: &[&str]) -> String {
    Planc::new().args(args).ok().stdout
}

#[test]
fn a_table_plan_checks_clean_and_prints_its_table() {
    let dir = Scratch::new("source-forms-table");
    let plan = write(&dir, "table.plan", TABLE_PLAN);
    let check = Planc::new().args(["check", &plan]).ok();
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    let markdown = stdout(&["doc", &plan, "--format", "md"]);
    // No heading for the untitled section; the heading row, the rule, a row per item, and the
    // sub-items of an item without a 子事项 column in rows of their own under it.
    assert_eq!(
        markdown,
        "# 民生实事目标任务分解表\n\n\
         | 序号 | 民生实事 | 责任单位 | 完成时限 |\n\
         |---|---|---|---|\n\
         | 1 | 新建2座人行天桥。 | 县住建局、县代建中心 | 9月投入使用 |\n\
         | 2 | 开工建设县老年养护楼。 | 县民政局 | 5月底前动工 |\n\
         |  | 开工建设老年大学。 |  | 12月底前 |\n\
         | 3 | 完成棚户区改造2836户。 | 县住建局 | 12月底前 |\n\n"
    );
    let html = stdout(&["doc", &plan, "--format", "html"]);
    assert!(html.contains("<table class=\"plan\">"), "{html}");
    assert!(
        html.contains("<tr><th>序号</th><th>民生实事</th><th>责任单位</th><th>完成时限</th></tr>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><td>2</td><td>开工建设县老年养护楼。</td><td>县民政局</td><td>5月底前动工</td></tr>"),
        "{html}"
    );
    assert!(
        !html.contains("<h2"),
        "an untitled section has no heading:\n{html}"
    );
}

#[test]
fn a_table_plan_is_a_table_in_the_docx() {
    let dir = Scratch::new("source-forms-docx");
    let plan = write(&dir, "table.plan", TABLE_PLAN);
    let bytes = Planc::new()
        .args(["doc", &plan, "--format", "docx"])
        .ok()
        .stdout_bytes;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut document = String::new();
    archive
        .by_name("word/document.xml")
        .expect("the document part")
        .read_to_string(&mut document)
        .expect("UTF-8 XML");
    let table = document
        .split("<w:tbl>")
        .nth(1)
        .and_then(|t| t.split("</w:tbl>").next())
        .expect("a table in the body");
    // Four grid columns, the heading row repeated on every page, then the cells in order.
    assert_eq!(table.matches("<w:gridCol ").count(), 4, "{table}");
    assert!(table.contains("<w:tblHeader/>"), "{table}");
    let cells: Vec<&str> = table
        .split("<w:t xml:space=\"preserve\">")
        .skip(1)
        .filter_map(|t| t.split("</w:t>").next())
        .collect();
    assert_eq!(
        cells[..8],
        [
            "序号",
            "民生实事",
            "责任单位",
            "完成时限",
            "1",
            "新建2座人行天桥。",
            "县住建局、县代建中心",
            "9月投入使用"
        ],
        "{table}"
    );
    assert!(
        !document.contains("Heading1"),
        "no heading for an untitled section"
    );
}

#[test]
fn owner_and_deadline_lines_use_the_sources_labels() {
    let dir = Scratch::new("source-forms-lines");
    let plan = write(&dir, "lines.plan", LINES_PLAN);
    let check = Planc::new().args(["check", &plan]).ok();
    assert!(!check.stderr.contains("warning"), "{}", check.stderr);
    let markdown = stdout(&["doc", &plan, "--format", "md"]);
    // No number, no heading, no `。` added to a title that is the whole text; the labels as given.
    assert_eq!(
        markdown,
        "# 重要民生实事项目\n\n\
         **建成配套小学,提供学位1200个,解决入学难问题**\n\n\
         责任单位：区教委\n\n\
         配合单位：区财政局\n\n\
         完成期限：2023年12月底前\n\n"
    );
    // Merged, the one label and the deadline inside the note.
    let merged = LINES_PLAN
        .replace(
            "分工 分行 \"责任单位\" \"配合单位\"",
            "分工 合并 \"责任科室\"",
        )
        .replace("时限注明 \"完成期限\"", "时限注明 \"完成时限:\"");
    let plan = write(&dir, "merged.plan", &merged);
    let markdown = stdout(&["doc", &plan, "--format", "md"]);
    assert!(
        markdown.contains("（责任科室：区教委、区财政局；完成时限:2023年12月底前）"),
        "{markdown}"
    );
}

#[test]
fn the_export_carries_the_form_and_matches_its_schema() {
    let dir = Scratch::new("source-forms-export");
    for (name, text) in [("table.plan", TABLE_PLAN), ("lines.plan", LINES_PLAN)] {
        let plan = write(&dir, name, text);
        let value: Value =
            serde_json::from_str(&stdout(&["export", &plan])).expect("export is JSON");
        let errors = crate::support::schema::schema_errors("schema/export.schema.json", &value);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
        if name == "table.plan" {
            assert_eq!(value["table"][3]["column"], "due");
            assert_eq!(value["table"][3]["heading"], "完成时限");
            assert_eq!(value["sections"][0]["items"][0]["due_what"], "投入使用");
            assert!(value["sections"][0]["items"][2].get("due_what").is_none());
            assert!(value.get("owner_labels").is_none());
        } else {
            assert_eq!(
                value["owner_labels"],
                serde_json::json!(["责任单位", "配合单位"])
            );
            assert_eq!(value["due_note"], "完成期限");
            assert_eq!(value["numbering"]["styles"][1], "");
            assert!(value.get("table").is_none());
        }
    }
}

#[test]
fn diff_shows_a_changed_table_label_and_what_is_due() {
    let dir = Scratch::new("source-forms-diff");
    let old = write(&dir, "old.plan", TABLE_PLAN);
    let new = write(
        &dir,
        "new.plan",
        &TABLE_PLAN
            .replace("单位 \"责任单位\"", "单位 \"责任部门\"")
            .replace("时限 9月 \"投入使用\"", "时限 9月 \"建成\"")
            .replace("2836户", "2863户"),
    );
    let run = Planc::new().args(["diff", &old, &new]).run();
    for expected in [
        "plan changed: table: 序号 序号, 事项 民生实事, 单位 责任单位, 时限 完成时限 → 序号 序号, 事项 民生实事, 单位 责任部门, 时限 完成时限",
        "timing changed: 天桥 (due_what): 投入使用 → 建成",
        "target raised: 棚改户数 (事项 棚改): 2836户 → 2863户",
    ] {
        assert!(
            run.stdout.contains(expected),
            "no `{expected}` in:\n{}",
            run.stdout
        );
    }
}

#[test]
fn fmt_keeps_the_new_header_statements_as_written() {
    for text in [TABLE_PLAN, LINES_PLAN] {
        let run = Planc::new().args(["fmt", "-"]).stdin(text).ok();
        assert_eq!(run.stdout, text, "the plan is already formatted");
    }
    let squeezed = TABLE_PLAN.replace(
        "表格 序号 \"序号\", 事项 \"民生实事\"",
        "表格 序号 \"序号\"，事项   \"民生实事\"",
    );
    let run = Planc::new().args(["fmt", "-"]).stdin(squeezed).ok();
    assert_eq!(run.stdout, TABLE_PLAN, "one layout of the columns");
}
