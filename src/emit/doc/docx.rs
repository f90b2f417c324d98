//! The document as a .docx (WordprocessingML) in the usual 公文 layout (GB/T 9704): A4, margins
//! 37/35/28/26 mm, title in 方正小标宋简体 22pt, body 仿宋_GB2312 16pt with a fixed 29pt line,
//! level-1 headings 黑体, level-2 楷体, page numbers `— N —` in the footer (odd pages right,
//! even pages left).
//!
//! The parts are written by hand: every heading uses a real Heading style with its outline level,
//! fonts are set for East Asian text, and the archive is deterministic (fixed entry order and
//! times, no dates in the document properties), so the same plan gives the same bytes.

use super::{AnnexRow, DocItem, Document};
use std::io::Write;
use zip::write::SimpleFileOptions;

const BODY_FONT: &str = "仿宋_GB2312";
const TITLE_FONT: &str = "方正小标宋简体";
const HEI_FONT: &str = "黑体";
const KAI_FONT: &str = "楷体_GB2312";
const SONG_FONT: &str = "宋体";
const LATIN_FONT: &str = "Times New Roman";

/// 3号 = 16pt, in half-points.
const BODY_SIZE: u32 = 32;
/// 2号 = 22pt, in half-points.
const TITLE_SIZE: u32 = 44;
/// 4号 = 14pt, in half-points (page numbers).
const FOOTER_SIZE: u32 = 28;
/// 五号 = 10.5pt, in half-points (the annex table).
const TABLE_SIZE: u32 = 21;
/// The annex table's exact line: 14pt, in twentieths of a point.
const TABLE_LINE: u32 = 280;
/// The fixed line pitch: 29pt, in twentieths of a point.
const LINE: u32 = 580;

/// A4, in twips.
const PAGE_WIDTH: u32 = 11906;
const PAGE_HEIGHT: u32 = 16838;
/// Margins in twips: 37 mm, 35 mm, 28 mm, 26 mm.
const MARGIN_TOP: u32 = 2098;
const MARGIN_BOTTOM: u32 = 1984;
const MARGIN_LEFT: u32 = 1588;
const MARGIN_RIGHT: u32 = 1474;
/// The width of the text block of the landscape annex.
const ANNEX_WIDTH: u32 = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM;
/// Annex columns, in twips: 序号, 牵头单位, 责任单位, 完成时限 (the task takes the rest).
const ANNEX_NUMBER_WIDTH: u32 = 700;
const ANNEX_LEAD_WIDTH: u32 = 2450;
const ANNEX_OWNERS_WIDTH: u32 = 3600;
const ANNEX_DUE_WIDTH: u32 = 1100;

/// Writes the .docx archive.
pub fn write(doc: &Document) -> Result<Vec<u8>, zip::result::ZipError> {
    let parts: Vec<(&str, String)> = vec![
        ("[Content_Types].xml", content_types()),
        ("_rels/.rels", root_rels()),
        ("docProps/core.xml", core(doc)),
        ("docProps/app.xml", app()),
        ("word/_rels/document.xml.rels", document_rels()),
        ("word/document.xml", document(doc)),
        ("word/styles.xml", styles()),
        ("word/settings.xml", settings()),
        ("word/fontTable.xml", font_table()),
        ("word/footer1.xml", footer(false)),
        ("word/footer2.xml", footer(true)),
    ];
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut archive = zip::ZipWriter::new(&mut buffer);
        let options = SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for (name, text) in parts {
            archive.start_file(name, options)?;
            archive.write_all(text.as_bytes())?;
        }
        archive.finish()?;
    }
    Ok(buffer.into_inner())
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(text: &str) -> String {
    // Control characters other than tab and line ends are forbidden in XML 1.0: dropped.
    crate::emit::markup::escape(text, Some("&apos;"), |c| {
        ((c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r')).then_some("")
    })
}

const XML_HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const W_NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

fn content_types() -> String {
    format!(
        "{XML_HEADER}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/word/footer2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>"
    )
}

fn root_rels() -> String {
    format!(
        "{XML_HEADER}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
</Relationships>"
    )
}

fn document_rels() -> String {
    format!(
        "{XML_HEADER}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
<Relationship Id=\"rId4\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>\
<Relationship Id=\"rId5\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer2.xml\"/>\
</Relationships>"
    )
}

/// Document properties without dates, so that output is reproducible.
fn core(doc: &Document) -> String {
    let creator = doc
        .org
        .as_deref()
        .map(|o| format!("<dc:creator>{}</dc:creator>", xml_escape(o)))
        .unwrap_or_default();
    format!(
        "{XML_HEADER}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:title>{}</dc:title>{creator}<dc:language>zh-CN</dc:language></cp:coreProperties>",
        xml_escape(&doc.title)
    )
}

fn app() -> String {
    format!(
        "{XML_HEADER}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
<Application>planc</Application><DocSecurity>0</DocSecurity></Properties>"
    )
}

fn settings() -> String {
    format!(
        "{XML_HEADER}<w:settings {W_NS}>\
<w:defaultTabStop w:val=\"420\"/>\
<w:evenAndOddHeaders/>\
<w:characterSpacingControl w:val=\"compressPunctuation\"/>\
<w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>\
</w:settings>"
    )
}

/// The fonts a 公文 names, each with the fallback chain Word and WPS use when it is missing:
/// `w:altName` (ECMA-376 §17.8.3.1: a comma-separated list of names to look for instead), the
/// PANOSE-1 classification, the GB2312 character set (`86`) and the family of the common Windows
/// font of the same style. LibreOffice reads none of these (its importer skips `altName`,
/// `panose1` and `family`): it finds a missing font by name through its own replacement table and
/// fontconfig, for which `docs/fonts/planc-gb-fonts.conf` gives the same chains.
const FONTS: &[(&str, &str, &str, &str, &str)] = &[
    // (name, altName chain, panose1, family, pitch)
    (
        TITLE_FONT,
        "方正小标宋_GBK,华文中宋,STZhongsong,宋体,SimSun",
        "02010600030101010101",
        "roman",
        "variable",
    ),
    (
        BODY_FONT,
        "仿宋,FangSong,仿宋_GB2312",
        "02010609030101010101",
        "modern",
        "fixed",
    ),
    (
        HEI_FONT,
        "SimHei,Heiti SC,Microsoft YaHei",
        "02010609060101010101",
        "modern",
        "fixed",
    ),
    (
        KAI_FONT,
        "楷体,KaiTi,Kaiti SC",
        "02010609030101010101",
        "modern",
        "fixed",
    ),
    (
        SONG_FONT,
        "SimSun",
        "02010600030101010101",
        "auto",
        "variable",
    ),
    (
        "仿宋",
        "FangSong",
        "02010609060101010101",
        "modern",
        "fixed",
    ),
    ("楷体", "KaiTi", "02010609060101010101", "modern", "fixed"),
];

fn font_table() -> String {
    let mut fonts = format!(
        "<w:font w:name=\"{LATIN_FONT}\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/><w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>"
    );
    for (name, alternatives, panose, family, pitch) in FONTS {
        fonts.push_str(&format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alternatives}\"/><w:panose1 w:val=\"{panose}\"/>\
<w:charset w:val=\"86\"/><w:family w:val=\"{family}\"/><w:pitch w:val=\"{pitch}\"/></w:font>"
        ));
    }
    format!("{XML_HEADER}<w:fonts {W_NS}>{fonts}</w:fonts>")
}

/// Run properties: East Asian and Latin fonts, size.
fn run_fonts(east_asia: &str, latin: &str, size: u32) -> String {
    run_properties(east_asia, latin, false, size)
}

/// Run properties in schema order: fonts, bold, size.
fn run_properties(east_asia: &str, latin: &str, bold: bool, size: u32) -> String {
    let bold = if bold { "<w:b/><w:bCs/>" } else { "" };
    format!(
        "<w:rFonts w:ascii=\"{latin}\" w:hAnsi=\"{latin}\" w:eastAsia=\"{east_asia}\" w:cs=\"{latin}\" w:hint=\"eastAsia\"/>\
{bold}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>"
    )
}

fn styles() -> String {
    let heading = |id: &str, name: &str, level: u32, font: &str, bold: bool| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"{id}\"><w:name w:val=\"{name}\"/>\
<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE}\" w:lineRule=\"exact\"/>\
<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/><w:outlineLvl w:val=\"{level}\"/></w:pPr>\
<w:rPr>{}</w:rPr></w:style>",
            run_properties(font, LATIN_FONT, bold, BODY_SIZE)
        )
    };
    format!(
        "{XML_HEADER}<w:styles {W_NS}>\
<w:docDefaults><w:rPrDefault><w:rPr>{}<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{LINE}\" w:lineRule=\"exact\"/><w:jc w:val=\"both\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:widowControl w:val=\"0\"/><w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/></w:pPr><w:rPr>{}</w:rPr></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/><w:uiPriority w:val=\"1\"/><w:semiHidden/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:keepNext/><w:spacing w:before=\"0\" w:after=\"{LINE}\" w:line=\"{}\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"center\"/><w:outlineLvl w:val=\"9\"/></w:pPr>\
<w:rPr>{}</w:rPr></w:style>\
{}{}{}{}\
<w:style w:type=\"paragraph\" w:styleId=\"AnnexMarker\"><w:name w:val=\"Annex Marker\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Title\"/>\
<w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr><w:rPr>{}</w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:snapToGrid w:val=\"0\"/><w:spacing w:before=\"0\" w:after=\"0\" w:line=\"{TABLE_LINE}\" w:lineRule=\"exact\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/><w:jc w:val=\"left\"/></w:pPr>\
<w:rPr>{}</w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Signature\"><w:name w:val=\"Signature\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\" w:right=\"1280\"/><w:jc w:val=\"right\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:uiPriority w:val=\"99\"/>\
<w:pPr><w:tabs><w:tab w:val=\"center\" w:pos=\"4153\"/><w:tab w:val=\"right\" w:pos=\"8306\"/></w:tabs><w:spacing w:line=\"240\" w:lineRule=\"auto\"/><w:ind w:firstLineChars=\"0\" w:firstLine=\"0\"/></w:pPr>\
<w:rPr>{}</w:rPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:uiPriority w:val=\"99\"/><w:semiHidden/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"TableNormal\"/>\
<w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders></w:tblPr></w:style>\
</w:styles>",
        run_fonts(BODY_FONT, LATIN_FONT, BODY_SIZE),
        run_fonts(BODY_FONT, LATIN_FONT, BODY_SIZE),
        LINE * 3 / 2,
        run_fonts(TITLE_FONT, LATIN_FONT, TITLE_SIZE),
        heading("Heading1", "heading 1", 0, HEI_FONT, false),
        heading("Heading2", "heading 2", 1, KAI_FONT, false),
        heading("Heading3", "heading 3", 2, BODY_FONT, true),
        heading("Heading4", "heading 4", 3, BODY_FONT, false),
        run_fonts(HEI_FONT, LATIN_FONT, BODY_SIZE),
        run_fonts(BODY_FONT, LATIN_FONT, TABLE_SIZE),
        run_fonts(SONG_FONT, LATIN_FONT, FOOTER_SIZE),
    )
}

/// A footer with the page number as `— N —`, right-aligned (odd pages) or left-aligned (even).
fn footer(even: bool) -> String {
    let (jc, indent) = if even {
        ("left", "<w:ind w:left=\"320\" w:firstLine=\"0\"/>")
    } else {
        ("right", "<w:ind w:right=\"320\" w:firstLine=\"0\"/>")
    };
    let text = |t: &str| format!("<w:r><w:t xml:space=\"preserve\">{t}</w:t></w:r>");
    format!(
        "{XML_HEADER}<w:ftr {W_NS}><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{indent}<w:jc w:val=\"{jc}\"/></w:pPr>\
{}<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>{}</w:p></w:ftr>",
        text("— "),
        text(" —"),
    )
}

/// One paragraph of runs.
struct Para {
    style: Option<&'static str>,
    runs: Vec<Run>,
}

struct Run {
    text: String,
    font: Option<&'static str>,
    bold: bool,
}

impl Para {
    fn new(style: Option<&'static str>) -> Para {
        Para {
            style,
            runs: Vec::new(),
        }
    }

    fn text(mut self, text: &str) -> Para {
        if !text.is_empty() {
            self.runs.push(Run {
                text: text.to_string(),
                font: None,
                bold: false,
            });
        }
        self
    }

    fn styled(mut self, text: &str, font: &'static str, bold: bool) -> Para {
        if !text.is_empty() {
            self.runs.push(Run {
                text: text.to_string(),
                font: Some(font),
                bold,
            });
        }
        self
    }

    fn xml(&self, out: &mut String) {
        out.push_str("<w:p>");
        if let Some(style) = self.style {
            out.push_str(&format!("<w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>"));
        }
        for run in &self.runs {
            run.xml(out);
        }
        out.push_str("</w:p>");
    }
}

impl Run {
    fn xml(&self, out: &mut String) {
        out.push_str("<w:r>");
        if self.font.is_some() || self.bold {
            out.push_str("<w:rPr>");
            if let Some(font) = self.font {
                out.push_str(&format!(
                    "<w:rFonts w:ascii=\"{LATIN_FONT}\" w:hAnsi=\"{LATIN_FONT}\" w:eastAsia=\"{font}\" w:hint=\"eastAsia\"/>"
                ));
            }
            if self.bold {
                out.push_str("<w:b/><w:bCs/>");
            }
            out.push_str("</w:rPr>");
        }
        out.push_str(&format!(
            "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            xml_escape(&self.text)
        ));
    }
}

fn document(doc: &Document) -> String {
    let mut body = String::new();
    Para::new(Some("Title")).text(&doc.title).xml(&mut body);
    for paragraph in &doc.preamble {
        Para::new(None).text(paragraph).xml(&mut body);
    }
    if let Some(goals) = &doc.goals {
        Para::new(None).text(&goals.paragraph).xml(&mut body);
    }
    for paragraph in &doc.goals_texts {
        Para::new(None).text(paragraph).xml(&mut body);
    }
    for section in &doc.sections {
        if !section.heading.is_empty() {
            Para::new(Some("Heading1"))
                .text(&section.heading)
                .xml(&mut body);
        }
        for paragraph in &section.texts {
            Para::new(None).text(paragraph).xml(&mut body);
        }
        if doc.table_headings.is_empty() {
            for item in &section.items {
                item_xml(doc, item, &mut body, 0);
            }
        } else {
            plan_table_xml(&doc.table_headings, &section.table, &mut body);
        }
    }
    if let Some(signature) = &doc.signature {
        signature_xml(signature, &mut body);
    }
    if let Some(rows) = &doc.annex {
        annex_xml(doc, rows, &mut body);
    }
    // The body is portrait; the annex, when there is one, is a landscape section of its own.
    let final_section = if doc.annex.is_some() {
        section_properties(true)
    } else {
        section_properties(false)
    };
    format!("{XML_HEADER}<w:document {W_NS}><w:body>{body}{final_section}</w:body></w:document>")
}

/// Section properties: A4 with the GB/T 9704 margins, portrait or landscape (margins turned
/// with the page), footers with page numbers.
fn section_properties(landscape: bool) -> String {
    let (width, height, orient, top, right, bottom, left) = if landscape {
        (
            PAGE_HEIGHT,
            PAGE_WIDTH,
            " w:orient=\"landscape\"",
            MARGIN_LEFT,
            MARGIN_TOP,
            MARGIN_RIGHT,
            MARGIN_BOTTOM,
        )
    } else {
        (
            PAGE_WIDTH,
            PAGE_HEIGHT,
            "",
            MARGIN_TOP,
            MARGIN_RIGHT,
            MARGIN_BOTTOM,
            MARGIN_LEFT,
        )
    };
    format!(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:footerReference w:type=\"even\" r:id=\"rId5\"/>\
<w:pgSz w:w=\"{width}\" w:h=\"{height}\"{orient}/>\
<w:pgMar w:top=\"{top}\" w:right=\"{right}\" w:bottom=\"{bottom}\" w:left=\"{left}\" w:header=\"851\" w:footer=\"992\" w:gutter=\"0\"/>\
<w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" w:linePitch=\"{LINE}\"/></w:sectPr>"
    )
}

/// An item: its number and title as a heading (`（一）` Heading 2 in 楷体, `1.` Heading 3,
/// `（1）` Heading 4), then its paragraphs; the owners note ends the last one.
fn item_xml(doc: &Document, item: &DocItem, out: &mut String, depth: usize) {
    let style = match item.level {
        0 => "Heading2",
        1 => "Heading3",
        _ => "Heading4",
    };
    Para::new(Some(style))
        .text(&format!("{}{}", item.number, item.title))
        .xml(out);
    let count = item.texts.len();
    for (index, paragraph) in item.texts.iter().enumerate() {
        let mut para = Para::new(None).text(paragraph);
        if doc.show_owners && index + 1 == count {
            para = para.styled(&item.owners_note, KAI_FONT, false);
        }
        para.xml(out);
    }
    if doc.show_owners && count == 0 && !item.owners_note.is_empty() {
        Para::new(None)
            .styled(&item.owners_note, KAI_FONT, false)
            .xml(out);
    }
    if doc.show_owners {
        for line in &item.owner_lines {
            Para::new(None).styled(line, KAI_FONT, false).xml(out);
        }
    }
    if depth < 16 {
        for child in &item.children {
            item_xml(doc, child, out, depth + 1);
        }
    }
}

/// The 落款 (GB/T 9704 §7.3.5.1): after an empty line, the date four characters from the right
/// margin and the issuing office centred over it (right-aligned, with the indent that centres
/// it); when the office is the wider, the date is centred under it instead.
fn signature_xml(signature: &super::DocSignature, out: &mut String) {
    /// Width in half characters: a CJK character is two, a digit or Latin letter one.
    fn halves(text: &str) -> u32 {
        text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
    }
    // Four characters of 16pt, and a half character (8pt), in twips.
    let (right, half) = (4 * 320, 160);
    let (office, date) = (halves(&signature.office), halves(&signature.date));
    let indent = |own: u32, other: u32| right + other.saturating_sub(own) * half / 2;
    let (office_right, date_right) = if signature.date.is_empty() {
        (right, right)
    } else {
        (indent(office, date), indent(date, office))
    };
    Para::new(None).xml(out);
    for (text, indent) in [
        (&signature.office, office_right),
        (&signature.date, date_right),
    ] {
        if text.is_empty() {
            continue;
        }
        out.push_str(&format!(
            "<w:p><w:pPr><w:pStyle w:val=\"Signature\"/><w:ind w:right=\"{indent}\" w:firstLine=\"0\"/></w:pPr>"
        ));
        Run {
            text: text.clone(),
            font: None,
            bold: false,
        }
        .xml(out);
        out.push_str("</w:p>");
    }
}

/// A section's items as the table the plan is (`表格`), across the portrait text width: a
/// heading row in 黑体 repeated on every page, then a row per item in the table's 五号 text. The
/// widest text columns (the item, its sub-items) share what the narrow ones leave.
fn plan_table_xml(headings: &[String], rows: &[Vec<String>], out: &mut String) {
    const NARROW: u32 = 1500;
    let width = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
    let is_wide: Vec<bool> = (0..headings.len())
        .map(|column| column_is_wide(rows, column))
        .collect();
    let wide = is_wide.iter().filter(|w| **w).count() as u32;
    let narrow = is_wide.len() as u32 - wide;
    let wide_width = width.saturating_sub(narrow * NARROW) / wide.max(1);
    let widths: Vec<u32> = is_wide
        .iter()
        .map(|&w| if w { wide_width } else { NARROW })
        .collect();
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>"
    ));
    for width in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    out.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (width, heading) in widths.iter().zip(headings) {
        table_cell(out, *width, 1, heading, Some(HEI_FONT), false);
    }
    out.push_str("</w:tr>");
    for row in rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (width, text) in widths.iter().zip(row) {
            table_cell(out, *width, 1, text, None, false);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // A table must be followed by a paragraph before the next block.
    Para::new(None).xml(out);
}

/// One cell of a table (the plan table, the annex), `width` twips wide and spanning `span` grid
/// columns, its text vertically centred in the `TableText` style (and centred across when
/// `center`): the one place a table cell's XML is written.
fn table_cell(
    out: &mut String,
    width: u32,
    span: u32,
    text: &str,
    font: Option<&'static str>,
    center: bool,
) {
    out.push_str(&format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    ));
    if span > 1 {
        out.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
    }
    out.push_str(
        "<w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>",
    );
    if center {
        out.push_str("<w:jc w:val=\"center\"/>");
    }
    out.push_str("</w:pPr>");
    if !text.is_empty() {
        Run {
            text: text.to_string(),
            font,
            bold: false,
        }
        .xml(out);
    }
    out.push_str("</w:p></w:tc>");
}

/// Whether a column of a plan table holds long text (a cell of more than eight characters).
fn column_is_wide(rows: &[Vec<String>], column: usize) -> bool {
    rows.iter()
        .any(|row| row.get(column).is_some_and(|c| c.chars().count() > 8))
}

fn annex_xml(doc: &Document, rows: &[AnnexRow], out: &mut String) {
    // End the portrait section: the annex starts a landscape page.
    out.push_str(&format!(
        "<w:p><w:pPr>{}</w:pPr></w:p>",
        section_properties(false)
    ));
    Para::new(Some("AnnexMarker"))
        .text(&doc.labels.annex)
        .xml(out);
    Para::new(Some("Title"))
        .text(&doc.labels.annex_title)
        .xml(out);
    // Fixed columns sized for 五号 text (210 twips a character, 216 of cell margins): 序号 three
    // digits, 牵头单位 ten characters, 责任单位 sixteen (`组织人事处、财务审计处、各辖市区` on
    // one line, no `区` alone), 完成时限 four; the task takes the rest.
    let widths = [
        ANNEX_NUMBER_WIDTH,
        ANNEX_WIDTH - ANNEX_NUMBER_WIDTH - ANNEX_LEAD_WIDTH - ANNEX_OWNERS_WIDTH - ANNEX_DUE_WIDTH,
        ANNEX_LEAD_WIDTH,
        ANNEX_OWNERS_WIDTH,
        ANNEX_DUE_WIDTH,
    ];
    out.push_str(&format!(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{ANNEX_WIDTH}\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr><w:tblGrid>",
    ));
    for width in widths {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let labels = &doc.labels;
    out.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (width, label) in widths.iter().zip([
        &labels.col_number,
        &labels.col_task,
        &labels.col_lead,
        &labels.col_owners,
        &labels.col_due,
    ]) {
        table_cell(out, *width, 1, label, Some(HEI_FONT), true);
    }
    out.push_str("</w:tr>");
    for row in rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        if row.section {
            table_cell(out, ANNEX_WIDTH, 5, &row.task, Some(HEI_FONT), false);
        } else {
            let [w0, w1, w2, w3, w4] = widths;
            table_cell(out, w0, 1, &row.number, None, true);
            table_cell(out, w1, 1, &row.task, None, false);
            table_cell(out, w2, 1, &row.lead, None, true);
            table_cell(out, w3, 1, &row.owners, None, true);
            table_cell(out, w4, 1, &row.due, None, true);
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    // A paragraph must follow a table at the end of the body.
    Para::new(None).xml(out);
}
