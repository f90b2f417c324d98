//! `planc doc` on a small plan: snapshots of the Markdown and HTML (under tests/fixtures/doc/;
//! regenerate with UPDATE_EXPECT=1), the .docx unzipped and its XML checked, determinism,
//! options, template overrides. The conversion to PDF by LibreOffice is in tests/tools/doc_outputs.rs.

use crate::support::{Planc, expect_file, planc::planc, temp_dir};

use std::io::Read;

const SMALL: &str = "tests/fixtures/doc/small.plan";
const BUNDLED: &str = "plans/changzhou-education-2020.plan";

fn stdout_of(args: &[&str]) -> Vec<u8> {
    Planc::new().args(args).ok().stdout_bytes
}

fn docx_parts(bytes: &[u8]) -> Vec<(String, String)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut parts = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("an entry");
        let mut text = String::new();
        file.read_to_string(&mut text).expect("UTF-8 XML");
        let name = file.name().map(|n| n.to_string()).unwrap_or_default();
        parts.push((name, text));
    }
    parts
}

fn part<'a>(parts: &'a [(String, String)], name: &str) -> &'a str {
    parts
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, t)| t.as_str())
        .unwrap_or_else(|| panic!("no {name} in the .docx"))
}

/// The paragraphs of document.xml with their style: (style, text).
fn paragraphs(document: &str) -> Vec<(String, String)> {
    document
        .split("<w:p>")
        .skip(1)
        .map(|p| {
            let p = p.split("</w:p>").next().unwrap_or("");
            let style = p
                .split("<w:pStyle w:val=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .unwrap_or("")
                .to_string();
            let mut text = String::new();
            for run in p.split("<w:t").skip(1) {
                if let Some(start) = run.find('>')
                    && let Some(end) = run.find("</w:t>")
                    && start < end
                {
                    text.push_str(&run[start + 1..end]);
                }
            }
            (style, text)
        })
        .collect()
}

#[test]
fn doc_markdown_snapshot() {
    let md = String::from_utf8(stdout_of(&["doc", SMALL, "--owners", "--annex"])).expect("UTF-8");
    expect_file("tests/fixtures/doc/small.md", &md);
}

#[test]
fn doc_markdown_plain_snapshot() {
    let md = String::from_utf8(stdout_of(&["doc", SMALL])).expect("UTF-8");
    expect_file("tests/fixtures/doc/small-plain.md", &md);
    assert!(!md.contains("责任单位"), "owners only with --owners");
    assert!(
        !md.contains("重点工作任务分解表"),
        "annex only with --annex"
    );
}

#[test]
fn doc_html_snapshot() {
    let html = String::from_utf8(stdout_of(&[
        "doc", SMALL, "--format", "html", "--owners", "--annex",
    ]))
    .expect("UTF-8");
    expect_file("tests/fixtures/doc/small.html", &html);
    assert!(html.contains("@page"));
    assert!(html.contains("size: A4"));
    assert!(
        !html.contains("<link"),
        "self-contained: no external resources"
    );
    assert!(!html.contains("<script"), "no scripts");
}

#[test]
fn doc_english_labels() {
    let md = String::from_utf8(stdout_of(&[
        "doc", SMALL, "--owners", "--annex", "--lang", "en",
    ]))
    .expect("UTF-8");
    expect_file("tests/fixtures/doc/small-en.md", &md);
    assert!(md.contains("Main goals: "));
    assert!(md.contains("(Responsible: 基础教育处, 各区)"));
    assert!(md.contains("| No. | Goal and task | Lead | Responsible units | Deadline |"));
}

#[test]
fn doc_structure_and_figures() {
    let md = String::from_utf8(stdout_of(&["doc", SMALL, "--owners"])).expect("UTF-8");
    let expected_in_order = [
        "# 2021年示范区教育工作要点",
        "2021年是“十四五”开局之年。",
        "主要目标是：力争实现“两个提升”。教育质量显著提升——学业合格率达98%以上；办学条件显著提升——新建学校6所。",
        "## 一、聚焦质量，深化教学改革",
        "**（一）深化课堂教学改革**。推进10所课改实验学校建设，其中甲区7所。（责任单位：基础教育处、各区）",
        "**1.加强教研**。",
        "**（1）区域联合教研**。",
        "## 二、聚焦健康，守护学生成长",
        "**（二）开展视力筛查**。全年开展筛查2次。",
    ];
    let mut from = 0;
    for expected in expected_in_order {
        let at = md[from..]
            .find(expected)
            .unwrap_or_else(|| panic!("`{expected}` missing or out of order in:\n{md}"));
        from += at + expected.len();
    }
}

#[test]
fn docx_has_headings_fonts_layout_and_text() {
    let bytes = stdout_of(&["doc", SMALL, "--format", "docx", "--owners", "--annex"]);
    let parts = docx_parts(&bytes);
    let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "[Content_Types].xml",
            "_rels/.rels",
            "docProps/core.xml",
            "docProps/app.xml",
            "word/_rels/document.xml.rels",
            "word/document.xml",
            "word/styles.xml",
            "word/settings.xml",
            "word/fontTable.xml",
            "word/footer1.xml",
            "word/footer2.xml",
        ]
    );
    let document = part(&parts, "word/document.xml");
    let paras = paragraphs(document);
    let styled = |style: &str| -> Vec<String> {
        paras
            .iter()
            .filter(|(s, _)| s == style)
            .map(|(_, t)| t.clone())
            .collect()
    };
    assert_eq!(
        styled("Title"),
        ["2021年示范区教育工作要点", "重点工作任务分解表"]
    );
    assert_eq!(
        styled("Heading1"),
        ["一、聚焦质量，深化教学改革", "二、聚焦健康，守护学生成长"]
    );
    assert_eq!(
        styled("Heading2"),
        ["（一）深化课堂教学改革", "（二）开展视力筛查"]
    );
    assert_eq!(styled("Heading3"), ["1.加强教研"]);
    assert_eq!(styled("Heading4"), ["（1）区域联合教研"]);
    let body: Vec<String> = paras
        .iter()
        .filter(|(s, _)| s.is_empty())
        .map(|(_, t)| t.clone())
        .collect();
    assert!(body.contains(
        &"推进10所课改实验学校建设，其中甲区7所。（责任单位：基础教育处、各区）".to_string()
    ));
    assert!(body.contains(&"主要目标是：力争实现“两个提升”。教育质量显著提升——学业合格率达98%以上；办学条件显著提升——新建学校6所。".to_string()));
    // GB/T 9704 layout: A4, margins 37/35/28/26 mm, fixed 29pt lines, footer page numbers.
    assert!(document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"));
    assert!(
        document
            .contains("<w:pgMar w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1588\"")
    );
    assert!(
        document.contains("w:orient=\"landscape\""),
        "the annex is landscape"
    );
    assert!(
        document.contains("<w:tblHeader/>"),
        "the annex table repeats its header"
    );
    assert!(document.contains("<w:footerReference w:type=\"default\""));
    let styles = part(&parts, "word/styles.xml");
    for (id, name, level, font) in [
        ("Heading1", "heading 1", 0, "黑体"),
        ("Heading2", "heading 2", 1, "楷体_GB2312"),
        ("Heading3", "heading 3", 2, "仿宋_GB2312"),
        ("Heading4", "heading 4", 3, "仿宋_GB2312"),
    ] {
        let style = styles
            .split("<w:style ")
            .find(|s| s.contains(&format!("w:styleId=\"{id}\"")))
            .unwrap_or_else(|| panic!("no style {id}"));
        assert!(
            style.contains(&format!("<w:name w:val=\"{name}\"/>")),
            "{id} name"
        );
        assert!(
            style.contains(&format!("<w:outlineLvl w:val=\"{level}\"/>")),
            "{id} outline level"
        );
        assert!(
            style.contains(&format!("w:eastAsia=\"{font}\"")),
            "{id} font"
        );
        assert!(style.contains("<w:sz w:val=\"32\"/>"), "{id} is 16pt");
    }
    let title = styles
        .split("<w:style ")
        .find(|s| s.contains("w:styleId=\"Title\""))
        .expect("a Title style");
    assert!(title.contains("w:eastAsia=\"方正小标宋简体\""));
    assert!(title.contains("<w:sz w:val=\"44\"/>"), "the title is 22pt");
    assert!(styles.contains("w:eastAsia=\"仿宋_GB2312\""), "body font");
    assert!(
        styles.contains("w:line=\"580\" w:lineRule=\"exact\""),
        "29pt lines"
    );
    let footer = part(&parts, "word/footer1.xml");
    assert!(footer.contains(" PAGE "), "a page number field");
    assert!(footer.contains("— "));
    assert!(part(&parts, "word/settings.xml").contains("<w:evenAndOddHeaders/>"));
    let core = part(&parts, "docProps/core.xml");
    assert!(!core.contains("dcterms:created") && !core.contains("dcterms:modified"));
    assert!(core.contains("<dc:title>2021年示范区教育工作要点</dc:title>"));
}

#[test]
fn docx_is_deterministic() {
    let first = stdout_of(&["doc", BUNDLED, "--format", "docx", "--annex"]);
    let second = stdout_of(&["doc", BUNDLED, "--format", "docx", "--annex"]);
    assert!(first == second, "two runs give different .docx bytes");
}

#[test]
fn doc_writes_a_file_with_output() {
    let dir = temp_dir("doc-output");
    let path = dir.join("plan.docx");
    let path_text = path.to_string_lossy().into_owned();
    let output = planc(&["doc", SMALL, "--format", "docx", "-o", &path_text]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let bytes = std::fs::read(&path).expect("the file exists");
    assert!(bytes.starts_with(b"PK"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn doc_templates_can_be_overridden() {
    let dir = temp_dir("doc-templates");
    std::fs::write(
        dir.join("doc.md.j2"),
        "TITLE={{ doc.title }}\n{% for s in doc.sections %}\n{{ s.heading }}|{{ s.items | map(attribute=\"number\") | join(\",\") }}\n{% endfor %}\n",
    )
    .expect("write template");
    let dir_text = dir.to_string_lossy().into_owned();
    let md =
        String::from_utf8(stdout_of(&["doc", SMALL, "--templates", &dir_text])).expect("UTF-8");
    assert_eq!(
        md,
        "TITLE=2021年示范区教育工作要点\n一、聚焦质量，深化教学改革|（一）\n二、聚焦健康，守护学生成长|（二）\n"
    );
    // The other templates stay built in.
    let html = String::from_utf8(stdout_of(&[
        "doc",
        SMALL,
        "--format",
        "html",
        "--templates",
        &dir_text,
    ]))
    .expect("UTF-8");
    assert!(html.starts_with("<!DOCTYPE html>"));
    // A broken template is an error, not a panic.
    dir.write("doc.md.j2", "{% for %}");
    let output = planc(&["doc", SMALL, "--templates", &dir_text]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("doc.md.j2"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn doc_refuses_a_plan_with_errors() {
    let dir = temp_dir("doc-errors");
    let plan = dir.join("bad.plan");
    std::fs::write(&plan, "计划 \"X\" {\n  期间 2020\n}\n部分 甲 \"甲\" {\n  事项 乙 \"乙\" {\n    牵头 不存在\n  }\n}\n")
        .expect("write plan");
    let out = dir.join("x.md");
    let output = planc(&["doc", &plan.to_string_lossy(), "-o", &out.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}
