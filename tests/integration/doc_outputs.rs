//! `planc doc` on a small plan: snapshots of the Markdown and HTML (under tests/fixtures/doc/;
//! regenerate with UPDATE_EXPECT=1), the .docx unzipped and its XML checked, determinism,
//! options, template overrides. The conversion to PDF by LibreOffice is in tests/tools/doc_outputs.rs.

use crate::support::assert_contains;
use crate::support::{BUNDLED, SMALL};
use crate::support::{Planc, expect_file, planc::planc, temp_dir};

use std::io::Read;

fn stdout_of(args: &[&str]) -> Vec<u8> {
    Planc::new().args(args).ok().stdout_bytes
}

/// What `planc ARGS` prints, which must be UTF-8.
fn text_of(args: &[&str]) -> String {
    String::from_utf8(stdout_of(args)).expect("UTF-8")
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
    let md = text_of(&["doc", SMALL, "--owners", "--annex"]);
    expect_file("tests/fixtures/doc/small.md", &md);
}

#[test]
fn doc_markdown_plain_snapshot() {
    let md = text_of(&["doc", SMALL]);
    expect_file("tests/fixtures/doc/small-plain.md", &md);
    assert!(!md.contains("责任单位"), "owners only with --owners");
    assert!(
        !md.contains("重点工作任务分解表"),
        "annex only with --annex"
    );
}

#[test]
fn doc_html_snapshot() {
    let html = text_of(&["doc", SMALL, "--format", "html", "--owners", "--annex"]);
    expect_file("tests/fixtures/doc/small.html", &html);
    assert_contains(&html, &["@page", "size: A4"]);
    assert!(
        !html.contains("<link"),
        "self-contained: no external resources"
    );
    assert!(!html.contains("<script"), "no scripts");
}

#[test]
fn doc_english_labels() {
    let md = text_of(&["doc", SMALL, "--owners", "--annex", "--lang", "en"]);
    expect_file("tests/fixtures/doc/small-en.md", &md);
    assert_contains(
        &md,
        &[
            "Main goals: ",
            "(Responsible: 基础教育处, 各区)",
            "| No. | Goal and task | Lead | Responsible units | Deadline |",
        ],
    );
}

#[test]
fn doc_structure_and_figures() {
    let md = text_of(&["doc", SMALL, "--owners"]);
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
    // The annex table is as wide as the landscape page between its margins (16838 − 2098 − 1984
    // twips); it was written `{ANNEX_WIDTH}`, a name instead of a number, before.
    assert!(
        document.contains("<w:tblW w:w=\"12756\" w:type=\"dxa\"/>"),
        "the annex table's width"
    );
    for width in document.split("w:w=\"").skip(1) {
        let value = width.split('"').next().unwrap_or_default();
        assert!(
            value.parse::<i64>().is_ok(),
            "a width `{value}` that is not a number"
        );
    }
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
}

#[test]
fn doc_templates_can_be_overridden() {
    let dir = temp_dir("doc-templates");
    dir.write("doc.md.j2", "TITLE={{ doc.title }}\n{% for s in doc.sections %}\n{{ s.heading }}|{{ s.items | map(attribute=\"number\") | join(\",\") }}\n{% endfor %}\n");
    let dir_text = dir.to_string_lossy().into_owned();
    let md = text_of(&["doc", SMALL, "--templates", &dir_text]);
    assert_eq!(
        md,
        "TITLE=2021年示范区教育工作要点\n一、聚焦质量，深化教学改革|（一）\n二、聚焦健康，守护学生成长|（二）\n"
    );
    // The other templates stay built in.
    let html = text_of(&["doc", SMALL, "--format", "html", "--templates", &dir_text]);
    assert!(html.starts_with("<!DOCTYPE html>"));
    // A broken template is an error, not a panic.
    dir.write("doc.md.j2", "{% for %}");
    let output = planc(&["doc", SMALL, "--templates", &dir_text]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("doc.md.j2"));
}

#[test]
fn doc_refuses_a_plan_with_errors() {
    let dir = temp_dir("doc-errors");
    let plan = dir.write("bad.plan", "计划 \"X\" {\n  期间 2020\n}\n部分 甲 \"甲\" {\n  事项 乙 \"乙\" {\n    牵头 不存在\n  }\n}\n");
    let out = dir.join("x.md");
    let output = planc(&["doc", &plan.to_string_lossy(), "-o", &out.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "nothing written");
}

const LISHAN: &str = "tests/fixtures/doc/lishan-owners.plan";

/// The Lishan excerpt with its header's `分工` line replaced (or removed), in a temporary folder.
fn lishan_with(name: &str, note: Option<&str>) -> (crate::support::Scratch, String) {
    let text = std::fs::read_to_string(crate::support::root().join(LISHAN)).expect("the fixture");
    let text = match note {
        Some(note) => text.replace("  分工 分行\n", &format!("  {note}\n")),
        None => text.replace("  分工 分行\n", ""),
    };
    let dir = temp_dir(name);
    let path = dir.write("plan.plan", text);
    (dir, path.to_string_lossy().into_owned())
}

/// 13.7: lead and supporting owners as the source shows them: as lines (the Lishan document's
/// `牵头单位：…` / `责任单位：…`), apart in one note, or merged (the default, as before).
#[test]
fn owner_notes_as_the_source_shows_them() {
    let md = text_of(&["doc", LISHAN, "--owners"]);
    assert!(
        md.contains("**（三）固定资产投资增长15%左右**。\n\n牵头单位：区发改局\n\n责任单位：立山经济开发区、各街道、区直各部门\n\n"),
        "{md}"
    );
    assert!(!md.contains("（责任单位："), "no merged note: {md}");
    // Collective owners read as written, in the annex too.
    let annex = text_of(&["doc", LISHAN, "--annex"]);
    assert!(
        annex.contains(
            "| 6 | （六）居民收入增长与经济增长基本同步。 | 区发改局 | 各街道、各相关单位 |"
        ),
        "{annex}"
    );
    // The .docx: each line a paragraph of its own, in 楷体.
    let parts = docx_parts(&stdout_of(&["doc", LISHAN, "--format", "docx", "--owners"]));
    let texts: Vec<String> = paragraphs(part(&parts, "word/document.xml"))
        .into_iter()
        .map(|(_, t)| t)
        .collect();
    let at = texts
        .iter()
        .position(|t| t == "（五）一般公共预算收入增长8%左右。")
        .expect("the heading of （五）");
    assert_eq!(
        texts[at + 1..at + 3],
        [
            "牵头单位：区财政局".to_string(),
            "责任单位：立山经济开发区、各街道、税务局".to_string()
        ]
    );
    let html = text_of(&["doc", LISHAN, "--owners", "--format", "html"]);
    assert!(html.contains("<p class=\"item-text owners level-0\">牵头单位：区商务局</p>"));

    let (_dir, separate) = lishan_with("owners-separate", Some("分工 分列"));
    let md = text_of(&["doc", &separate, "--owners"]);
    assert!(
        md.contains("**（四）社会消费品零售总额增长9%左右**。（牵头单位：区商务局；责任单位：各街道、区市场局）\n\n"),
        "{md}"
    );
    let en = text_of(&["doc", &separate, "--owners", "--lang", "en"]);
    assert!(
        en.contains(" (Lead: 区商务局; Responsible: 各街道, 区市场局)"),
        "{en}"
    );

    let (_dir, merged) = lishan_with("owners-merged", None);
    let md = text_of(&["doc", &merged, "--owners"]);
    assert!(
        md.contains(
            "**（四）社会消费品零售总额增长9%左右**。（责任单位：区商务局、各街道、区市场局）\n\n"
        ),
        "{md}"
    );
}

/// 13.7: a collective owner is declared once; a misspelt one, or one never declared, is reported
/// where it is used; an unknown `分工` word is a syntax error at the word.
#[test]
fn collective_owner_mutations_are_reported() {
    let text = std::fs::read_to_string(crate::support::root().join(LISHAN)).expect("the fixture");
    let dir = temp_dir("collective-mutations");
    let cases = [
        (
            text.replace(
                "    配合 各街道, 各相关单位\n",
                "    配合 各街道, 各有关单位\n",
            ),
            "planc::undefined_owner",
            "`各有关单位` is not declared",
        ),
        (
            text.replace("统称 区直各部门\n", ""),
            "planc::undefined_owner",
            "`区直各部门` is not declared",
        ),
        (
            text.replace("  分工 分行\n", "  分工 分开\n"),
            "planc::syntax",
            "plan.plan:12:6",
        ),
    ];
    for (index, (mutated, code, place)) in cases.iter().enumerate() {
        assert_ne!(&text, mutated, "mutation {index} changed nothing");
        let path = dir.write("plan.plan", mutated);
        let output = planc(&["check", &path.to_string_lossy()]);
        let report = String::from_utf8_lossy(&output.stderr).into_owned()
            + &String::from_utf8_lossy(&output.stdout);
        assert_eq!(output.status.code(), Some(1), "{report}");
        assert!(report.contains(code), "mutation {index}: {report}");
        assert!(report.contains(place), "mutation {index}: {report}");
        assert!(report.contains("plan.plan:"), "located: {report}");
    }
}

/// 13.7: collective owners in the export (with the schema's `collective` kind), in checklists (a
/// list of their own), in fmt (unchanged by a second run) and in diff.
#[test]
fn collective_owners_in_export_checklists_fmt_and_diff() {
    let export: serde_json::Value =
        serde_json::from_slice(&stdout_of(&["export", LISHAN])).expect("JSON");
    let kinds: Vec<(String, String)> = export["owners"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|o| {
            (
                o["id"].as_str().unwrap_or("").to_string(),
                o["kind"].as_str().unwrap_or("").to_string(),
            )
        })
        .filter(|(_, k)| k == "collective")
        .collect();
    assert_eq!(
        kinds.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
        ["全区经济运行各专班", "各街道", "区直各部门", "各相关单位"]
    );
    assert_eq!(export["owner_note"], "lines");
    assert_eq!(
        export["signed"],
        serde_json::json!({ "office": "立山区人民政府", "date": "2023-03-28" })
    );
    let errors = crate::support::schema::schema_errors("schema/export.schema.json", &export);
    assert!(errors.is_empty(), "{errors:#?}");

    let checklist = text_of(&["checklist", LISHAN]);
    assert!(
        checklist.contains("# 各街道工作清单\n\n立山区政府2023年重点工作任务分解和责任分工方案 · 牵头事项 0 · 配合事项 4 · 待办 4"),
        "{checklist}"
    );

    let dir = temp_dir("collective-fmt");
    let path = dir.join("plan.plan");
    std::fs::copy(crate::support::root().join(LISHAN), &path).expect("copy");
    let path_text = path.to_string_lossy().into_owned();
    let before = stdout_of(&["doc", &path_text, "--owners", "--annex"]);
    assert!(planc(&["fmt", &path_text]).status.success());
    assert!(planc(&["fmt", "--check", &path_text]).status.success());
    let formatted = std::fs::read_to_string(&path).expect("read");
    for line in [
        "统称 各街道",
        "分工 分行",
        "落款 \"立山区人民政府\" 2023-03-28",
    ] {
        assert!(formatted.contains(line), "{line} in {formatted}");
    }
    assert_eq!(
        before,
        stdout_of(&["doc", &path_text, "--owners", "--annex"])
    );

    let old = dir.write(
        "old.plan",
        formatted
            .replace("统称 各相关单位\n", "")
            .replace("配合 各街道, 各相关单位", "配合 各街道"),
    );
    let diff = planc(&["diff", &old.to_string_lossy(), &path_text]);
    let diff = String::from_utf8_lossy(&diff.stdout).into_owned();
    assert_contains(
        &diff,
        &[
            "owner added: 各相关单位",
            "support changed: 居民收入: +各相关单位",
        ],
    );
    // A changed 落款 or `分工` is a change of the plan.
    let changed = dir.write(
        "changed.plan",
        formatted
            .replace("分工 分行", "分工 分列")
            .replace("2023-03-28", "2023-03-29"),
    );
    let diff = planc(&["diff", &path_text, &changed.to_string_lossy()]);
    let diff = String::from_utf8_lossy(&diff.stdout).into_owned();
    assert!(
        diff.contains(
            "plan changed: signed: 立山区人民政府 2023-03-28 → 立山区人民政府 2023-03-29"
        ),
        "{diff}"
    );
    assert!(
        diff.contains("plan changed: owner_note: lines → separate"),
        "{diff}"
    );
}

/// 13.10: the 落款 closes the document, right-aligned; absent when the plan gives none.
#[test]
fn the_signature_closes_the_document() {
    let md = text_of(&["doc", LISHAN]);
    assert!(md.ends_with("立山区人民政府\n\n2023年3月28日\n\n"), "{md}");
    let parts = docx_parts(&stdout_of(&["doc", LISHAN, "--format", "docx", "--annex"]));
    let document = part(&parts, "word/document.xml");
    let signed: Vec<String> = paragraphs(document)
        .into_iter()
        .filter(|(style, _)| style == "Signature")
        .map(|(_, t)| t)
        .collect();
    assert_eq!(signed, ["立山区人民政府", "2023年3月28日"]);
    // Before the annex, and the office centred over the date: a larger right indent.
    assert!(document.find("2023年3月28日") < document.find("重点工作任务分解表"));
    // 立山区人民政府 is 14 half characters, 2023年3月28日 13: the office four characters from the
    // margin (1280 twips), the date half a half character further in (80 twips).
    assert_contains(
        document,
        &[
            "<w:ind w:right=\"1280\" w:firstLine=\"0\"/></w:pPr><w:r><w:t xml:space=\"preserve\">立山区人民政府",
            "<w:ind w:right=\"1360\" w:firstLine=\"0\"/></w:pPr><w:r><w:t xml:space=\"preserve\">2023年3月28日",
        ],
    );
    let styles = part(&parts, "word/styles.xml");
    let signature = styles
        .split("<w:style ")
        .find(|s| s.contains("w:styleId=\"Signature\""))
        .expect("a Signature style");
    assert!(signature.contains("<w:jc w:val=\"right\"/>"));
    let small = text_of(&["doc", SMALL]);
    assert!(!small.contains("年3月28日"));
}

/// 13.10: every 公文 font names its fallbacks for Word and WPS (`w:altName`, PANOSE, charset).
#[test]
fn docx_fonts_name_their_fallbacks() {
    let parts = docx_parts(&stdout_of(&["doc", SMALL, "--format", "docx"]));
    let fonts = part(&parts, "word/fontTable.xml");
    for (font, fallback) in [
        ("方正小标宋简体", "宋体"),
        ("仿宋_GB2312", "仿宋,FangSong"),
        ("黑体", "SimHei"),
        ("楷体_GB2312", "楷体,KaiTi"),
    ] {
        let entry = fonts
            .split("<w:font ")
            .find(|f| f.starts_with(&format!("w:name=\"{font}\"")))
            .unwrap_or_else(|| panic!("no {font} in {fonts}"));
        let alternatives = entry
            .split("<w:altName w:val=\"")
            .nth(1)
            .and_then(|a| a.split('"').next())
            .unwrap_or_else(|| panic!("no altName for {font}"));
        assert!(alternatives.contains(fallback), "{font}: {alternatives}");
        assert!(entry.contains("<w:charset w:val=\"86\"/>"), "{font}");
        assert!(entry.contains("<w:panose1 w:val=\"0201"), "{font}");
    }
}
