//! The 督查通报 as a Word document: the layout of the yearly document (the .docx writer of
//! `emit::doc`: title, date line, a heading per part), with each table of the 通报 a real Word
//! table (`w:tbl`, the `TableGrid` style of that writer, a repeated header row).
//!
//! The document is written by `emit::doc::docx::write` with one marker paragraph where each table
//! goes; the marker paragraphs of `word/document.xml` are then replaced by the tables, and every
//! other part of the archive is copied as it is.

use super::render::Block;
use crate::emit::doc::docx::xml_escape;
use std::io::{Read, Write};
use unicode_width::UnicodeWidthStr;

/// The width of the text block of a portrait A4 page in the 公文 layout (twips): 210 mm less the
/// 28 mm and 26 mm margins.
const TEXT_WIDTH: u32 = 8844;

/// The marker paragraph's text of table `n`: private-use characters no text of a plan contains.
fn marker(n: usize) -> String {
    format!("\u{E000}planc-table-{n}\u{E001}")
}

/// The 督查通报 as a .docx.
pub fn docx(blocks: &[Block]) -> Result<Vec<u8>, String> {
    use crate::emit::doc::{DocSection, Document, Labels, Lang};
    let mut document = Document {
        title: String::new(),
        org: None,
        preamble: Vec::new(),
        goals: None,
        goals_texts: Vec::new(),
        sections: Vec::new(),
        annex: None,
        show_owners: false,
        owner_note: Default::default(),
        signature: None,
        labels: Labels::of(Lang::Zh),
        table_headings: Vec::new(),
    };
    let mut tables = Vec::new();
    for block in blocks {
        let text = match block {
            Block::Title(text) => {
                document.title = text.clone();
                continue;
            }
            Block::Subtitle(text) => {
                document.preamble.push(text.clone());
                continue;
            }
            Block::Heading(text) => {
                document.sections.push(DocSection {
                    number: text.split('、').next().unwrap_or("").to_string(),
                    heading: text.clone(),
                    title: text
                        .split_once('、')
                        .map(|(_, t)| t.to_string())
                        .unwrap_or_else(|| text.clone()),
                    texts: Vec::new(),
                    items: Vec::new(),
                    table: Vec::new(),
                });
                continue;
            }
            Block::Paragraph(text) => text.clone(),
            Block::Table(header, rows) => {
                tables.push(table_xml(header, rows));
                marker(tables.len() - 1)
            }
        };
        match document.sections.last_mut() {
            Some(section) => section.texts.push(text),
            None => document.preamble.push(text),
        }
    }
    let bytes = crate::emit::doc::docx::write(&document)
        .map_err(|e| format!("cannot write the .docx: {e}"))?;
    if tables.is_empty() {
        return Ok(bytes);
    }
    with_tables(&bytes, &tables).map_err(|e| format!("cannot write the .docx: {e}"))
}

/// One table: a header row (repeated on each page, bold) and its rows; column widths by the
/// widest text of each column.
fn table_xml(header: &[String], rows: &[Vec<String>]) -> String {
    let columns = header.len().max(1);
    let weight = |column: usize| -> u32 {
        let widest = std::iter::once(header.get(column))
            .chain(rows.iter().map(|row| row.get(column)))
            .flatten()
            .map(|text| text.width())
            .max()
            .unwrap_or(0);
        u32::try_from(widest.clamp(4, 30)).unwrap_or(30)
    };
    let weights: Vec<u32> = (0..columns).map(weight).collect();
    let sum: u32 = weights.iter().sum::<u32>().max(1);
    let widths: Vec<u32> = weights.iter().map(|w| TEXT_WIDTH * w / sum).collect();
    let mut out = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/><w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>",
    );
    for width in &widths {
        out.push_str(&format!("<w:gridCol w:w=\"{width}\"/>"));
    }
    out.push_str("</w:tblGrid>");
    let row_xml = |out: &mut String, cells: &[String], head: bool| {
        out.push_str(if head {
            "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>"
        } else {
            "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        });
        for (column, width) in widths.iter().enumerate() {
            let text = cells.get(column).map(String::as_str).unwrap_or("");
            out.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/>"
            ));
            if head {
                out.push_str("<w:jc w:val=\"center\"/>");
            }
            out.push_str("</w:pPr>");
            if !text.is_empty() {
                out.push_str("<w:r>");
                if head {
                    out.push_str("<w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"黑体\" w:hint=\"eastAsia\"/></w:rPr>");
                }
                out.push_str(&format!(
                    "<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                    xml_escape(text)
                ));
            }
            out.push_str("</w:p></w:tc>");
        }
        out.push_str("</w:tr>");
    };
    row_xml(&mut out, header, true);
    for row in rows {
        row_xml(&mut out, row, false);
    }
    out.push_str("</w:tbl>");
    out
}

/// The archive with each marker paragraph of `word/document.xml` replaced by its table.
fn with_tables(bytes: &[u8], tables: &[String]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))?;
    let mut buffer = std::io::Cursor::new(Vec::new());
    {
        let mut writer = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .last_modified_time(zip::DateTime::default())
            .unix_permissions(0o644);
        for index in 0..archive.len() {
            let name = archive.by_index_raw(index)?.name()?.to_string();
            if name != "word/document.xml" {
                let file = archive.by_index_raw(index)?;
                writer.raw_copy_file(file)?;
                continue;
            }
            let mut xml = String::new();
            archive.by_index(index)?.read_to_string(&mut xml)?;
            for (n, table) in tables.iter().enumerate() {
                xml = replace_paragraph(&xml, &marker(n), table);
            }
            writer.start_file(name, options)?;
            writer.write_all(xml.as_bytes())?;
        }
        writer.finish()?;
    }
    Ok(buffer.into_inner())
}

/// `xml` with the paragraph (`<w:p>…</w:p>`) that holds `marker` replaced by `table`.
fn replace_paragraph(xml: &str, marker: &str, table: &str) -> String {
    let Some(at) = xml.find(marker) else {
        return xml.to_string();
    };
    let (Some(start), Some(end)) = (
        xml.get(..at).and_then(|before| before.rfind("<w:p>")),
        xml.get(at..)
            .and_then(|after| after.find("</w:p>"))
            .map(|end| at + end + "</w:p>".len()),
    ) else {
        return xml.to_string();
    };
    let mut out = String::with_capacity(xml.len() + table.len());
    out.push_str(xml.get(..start).unwrap_or(""));
    out.push_str(table);
    out.push_str(xml.get(end..).unwrap_or(""));
    out
}
