//! .docx to paragraphs: the text of `word/document.xml`, Word's automatic numbering
//! (`word/numbering.xml`, also through paragraph styles) resolved into the visible labels
//! (`一、`, `（一）`, `1.`), and tables as rows of cells.

use super::Block;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Why a .docx cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxError {
    NotZip(String),
    NotWord,
    Xml(String, String),
}

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DocxError::NotZip(why) => write!(
                f,
                "not a .docx: a .docx is a zip archive, and this file is not one ({why})"
            ),
            DocxError::NotWord => write!(
                f,
                "not a Word document: the zip archive has no `word/document.xml`"
            ),
            DocxError::Xml(part, why) => {
                write!(f, "`{part}` in the .docx is not well-formed XML: {why}")
            }
        }
    }
}

/// A small element tree (local names only).
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Child>,
}

#[derive(Debug)]
enum Child {
    Element(Element),
    Text(String),
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|c| match c {
            Child::Element(e) => Some(e),
            Child::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    fn text(&self) -> String {
        let mut out = String::new();
        for child in &self.children {
            if let Child::Text(t) = child {
                out.push_str(t);
            }
        }
        out
    }
}

fn local(name: &str) -> String {
    match name.rsplit_once(':') {
        Some((_, l)) => l.to_string(),
        None => name.to_string(),
    }
}

/// An element (no children yet) from its start tag: its local name and attributes.
fn element(start: &BytesStart) -> Result<Element, quick_xml::Error> {
    let mut element = Element {
        name: local(start.name().as_ref()),
        ..Element::default()
    };
    for attr in start.attributes().flatten() {
        let value = attr.normalized_value(XmlVersion::Implicit1_0)?;
        element
            .attrs
            .push((local(attr.key.as_ref()), value.into_owned()));
    }
    Ok(element)
}

fn parse(part: &str, xml: &str) -> Result<Element, DocxError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let bad = |why: String| DocxError::Xml(part.to_string(), why);
    loop {
        let event = reader.read_event().map_err(|e| bad(e.to_string()))?;
        match event {
            Event::Start(start) => {
                let element = element(&start).map_err(|e| bad(e.to_string()))?;
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = element(&start).map_err(|e| bad(e.to_string()))?;
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Child::Element(element));
                }
            }
            Event::End(_) => {
                let Some(element) = stack.pop() else {
                    return Err(bad("an end tag without a start".into()));
                };
                match stack.last_mut() {
                    Some(parent) => parent.children.push(Child::Element(element)),
                    None => return Err(bad("an end tag without a start".into())),
                }
            }
            Event::Text(text) => {
                if let Some(parent) = stack.last_mut() {
                    parent
                        .children
                        .push(Child::Text(text.xml10_content().into_owned()));
                }
            }
            Event::CData(data) => {
                if let Some(parent) = stack.last_mut() {
                    parent
                        .children
                        .push(Child::Text(data.xml10_content().into_owned()));
                }
            }
            Event::GeneralRef(reference) => {
                let resolved = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = reference.xml10_content();
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .unwrap_or("")
                            .to_string()
                    }
                };
                if let Some(parent) = stack.last_mut() {
                    parent.children.push(Child::Text(resolved));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() != 1 {
        return Err(bad("the document ends inside an element".into()));
    }
    stack.pop().ok_or_else(|| bad("no root element".into()))
}

/// One level of a numbering definition.
#[derive(Debug, Clone, Default)]
struct Level {
    format: String,
    text: String,
    start: usize,
}

#[derive(Debug, Default)]
struct Numbering {
    /// abstractNumId → levels by ilvl.
    abstracts: HashMap<String, HashMap<usize, Level>>,
    /// numId → (abstractNumId, start overrides by ilvl).
    nums: HashMap<String, (String, HashMap<usize, usize>)>,
}

fn numbering(root: &Element) -> Numbering {
    let mut out = Numbering::default();
    let Some(numbering) = root.child("numbering") else {
        return out;
    };
    for element in numbering.elements() {
        match element.name.as_str() {
            "abstractNum" => {
                let id = element
                    .attr("abstractNumId")
                    .unwrap_or_default()
                    .to_string();
                let mut levels = HashMap::new();
                for lvl in element.elements().filter(|e| e.name == "lvl") {
                    let ilvl = lvl.attr("ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                    let value = |name: &str| {
                        lvl.child(name)
                            .and_then(|e| e.attr("val"))
                            .unwrap_or_default()
                            .to_string()
                    };
                    levels.insert(
                        ilvl,
                        Level {
                            format: value("numFmt"),
                            text: value("lvlText"),
                            start: value("start").parse().unwrap_or(1),
                        },
                    );
                }
                out.abstracts.insert(id, levels);
            }
            "num" => {
                let id = element.attr("numId").unwrap_or_default().to_string();
                let abstract_id = element
                    .child("abstractNumId")
                    .and_then(|e| e.attr("val"))
                    .unwrap_or_default()
                    .to_string();
                let mut overrides = HashMap::new();
                for o in element.elements().filter(|e| e.name == "lvlOverride") {
                    if let (Some(ilvl), Some(start)) = (
                        o.attr("ilvl").and_then(|v| v.parse().ok()),
                        o.child("startOverride")
                            .and_then(|e| e.attr("val"))
                            .and_then(|v| v.parse().ok()),
                    ) {
                        overrides.insert(ilvl, start);
                    }
                }
                out.nums.insert(id, (abstract_id, overrides));
            }
            _ => {}
        }
    }
    out
}

/// Paragraph styles' numbering (`w:style/w:pPr/w:numPr`), following `basedOn`.
fn style_numbering(root: &Element) -> HashMap<String, (String, usize)> {
    type StyleNumbering = (Option<(String, usize)>, Option<String>);
    let mut direct: HashMap<String, StyleNumbering> = HashMap::new();
    if let Some(styles) = root.child("styles") {
        for style in styles.elements().filter(|e| e.name == "style") {
            let Some(id) = style.attr("styleId") else {
                continue;
            };
            let num = style.child("pPr").and_then(num_pr);
            let based = style
                .child("basedOn")
                .and_then(|e| e.attr("val"))
                .map(str::to_string);
            direct.insert(id.to_string(), (num, based));
        }
    }
    let mut out = HashMap::new();
    for id in direct.keys() {
        let mut at = Some(id.clone());
        let mut depth = 0;
        while let Some(current) = at {
            depth += 1;
            if depth > 20 {
                break;
            }
            match direct.get(&current) {
                Some((Some(num), _)) => {
                    out.insert(id.clone(), num.clone());
                    break;
                }
                Some((None, based)) => at = based.clone(),
                None => break,
            }
        }
    }
    out
}

fn num_pr(ppr: &Element) -> Option<(String, usize)> {
    let num = ppr.child("numPr")?;
    let id = num.child("numId")?.attr("val")?.to_string();
    let ilvl = num
        .child("ilvl")
        .and_then(|e| e.attr("val"))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    Some((id, ilvl))
}

/// A counter in a numbering format.
fn format_number(n: usize, format: &str) -> String {
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "chineseLegalSimplified"
        | "japaneseCounting"
        | "ideographDigital"
        | "taiwaneseCounting" => crate::model::chinese_numeral(n),
        "upperLetter" => letter(n, b'A'),
        "lowerLetter" => letter(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "decimalFullWidth" => n
            .to_string()
            .chars()
            .filter_map(|c| c.to_digit(10))
            .filter_map(|d| char::from_u32(0xFF10 + d))
            .collect(),
        "none" => String::new(),
        _ => n.to_string(),
    }
}

fn letter(n: usize, base: u8) -> String {
    let index = (n.max(1) - 1) % 26;
    let c = char::from(base + u8::try_from(index).unwrap_or(0));
    c.to_string().repeat((n.max(1) - 1) / 26 + 1)
}

fn roman(mut n: usize) -> String {
    const TABLE: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

/// Counters of Word's numbering, per abstract definition.
#[derive(Debug, Default)]
struct Counters {
    counts: HashMap<String, Vec<usize>>,
}

impl Counters {
    fn label(&mut self, numbering: &Numbering, num_id: &str, ilvl: usize) -> Option<String> {
        let (abstract_id, overrides) = numbering.nums.get(num_id)?;
        let levels = numbering.abstracts.get(abstract_id)?;
        let level = levels.get(&ilvl)?;
        if level.format == "bullet" {
            return None;
        }
        let counts = self.counts.entry(abstract_id.clone()).or_default();
        if counts.len() <= ilvl {
            counts.resize(ilvl + 1, 0);
        }
        let start_of = |l: usize| {
            overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(&l).map(|lv| lv.start))
                .unwrap_or(1)
        };
        counts[ilvl] = if counts[ilvl] == 0 {
            start_of(ilvl)
        } else {
            counts[ilvl] + 1
        };
        counts.truncate(ilvl + 1);
        let mut text = String::new();
        let mut chars = level.text.chars().peekable();
        while let Some(c) = chars.next() {
            if c == '%'
                && let Some(d) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let l = (d as usize).saturating_sub(1);
                let value = counts
                    .get(l)
                    .copied()
                    .filter(|&v| v > 0)
                    .unwrap_or_else(|| start_of(l));
                let format = levels.get(&l).map_or("decimal", |lv| lv.format.as_str());
                text.push_str(&format_number(value, format));
            } else {
                text.push(c);
            }
        }
        Some(text)
    }
}

fn read_part(archive: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut file = archive.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

/// Paragraph text: runs' `w:t`, tabs and breaks.
fn paragraph_text(p: &Element, out: &mut String) {
    for child in p.elements() {
        match child.name.as_str() {
            "t" => out.push_str(&child.text()),
            "tab" => out.push('\t'),
            "br" | "cr" => out.push('\n'),
            "pPr" | "rPr" | "instrText" | "del" | "delText" => {}
            _ => paragraph_text(child, out),
        }
    }
}

/// The paragraphs and table rows of a .docx.
pub fn blocks(bytes: &[u8]) -> Result<Vec<Block>, DocxError> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError::NotZip(e.to_string()))?;
    let document = read_part(&mut archive, "word/document.xml").ok_or(DocxError::NotWord)?;
    let numbering_xml = read_part(&mut archive, "word/numbering.xml");
    let styles_xml = read_part(&mut archive, "word/styles.xml");
    let root = parse("word/document.xml", &document)?;
    let numbering = match numbering_xml {
        Some(xml) => numbering(&parse("word/numbering.xml", &xml)?),
        None => Numbering::default(),
    };
    let styles = match styles_xml {
        Some(xml) => style_numbering(&parse("word/styles.xml", &xml)?),
        None => HashMap::new(),
    };
    let body = root
        .child("document")
        .and_then(|d| d.child("body"))
        .ok_or(DocxError::NotWord)?;
    let mut counters = Counters::default();
    let mut out = Vec::new();
    let mut n = 0;
    for element in body.elements() {
        match element.name.as_str() {
            "p" => {
                n += 1;
                let mut text = String::new();
                paragraph_text(element, &mut text);
                let ppr = element.child("pPr");
                let num = ppr.and_then(num_pr).or_else(|| {
                    ppr.and_then(|p| p.child("pStyle"))
                        .and_then(|s| s.attr("val"))
                        .and_then(|s| styles.get(s).cloned())
                });
                let label = num.and_then(|(id, ilvl)| counters.label(&numbering, &id, ilvl));
                if text.trim().is_empty() {
                    continue;
                }
                let text = match label {
                    Some(label) => format!("{label}{}", text.trim_start()),
                    None => text,
                };
                for line in text.split('\n') {
                    let line = line.trim();
                    if !line.is_empty() {
                        out.push(Block::Para {
                            text: line.to_string(),
                            line: n,
                        });
                    }
                }
            }
            "tbl" => {
                for row in element.elements().filter(|e| e.name == "tr") {
                    n += 1;
                    let cells: Vec<String> = row
                        .elements()
                        .filter(|e| e.name == "tc")
                        .map(|cell| {
                            let mut parts = Vec::new();
                            for p in cell.elements().filter(|e| e.name == "p") {
                                let mut text = String::new();
                                paragraph_text(p, &mut text);
                                if !text.trim().is_empty() {
                                    parts.push(text.trim().to_string());
                                }
                            }
                            parts.join("")
                        })
                        .collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        out.push(Block::Row { cells, line: n });
                    }
                }
            }
            _ => {}
        }
    }
    if out.is_empty() {
        return Err(DocxError::NotWord);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(format_number(11, "chineseCounting"), "十一");
        assert_eq!(format_number(3, "decimal"), "3");
        assert_eq!(format_number(4, "upperRoman"), "IV");
        assert_eq!(format_number(2, "lowerLetter"), "b");
    }

    #[test]
    fn not_a_zip() {
        assert!(matches!(
            blocks(b"PK\x03\x04garbage"),
            Err(DocxError::NotZip(_))
        ));
    }
}
