//! `planc doc --format docx` opened by LibreOffice Writer: converted to PDF, every title read
//! back with poppler's pdftotext.

use crate::support::BUNDLED;
use crate::support::{Planc, planc::planc_ok, temp_dir};
use crate::{Check, LIBREOFFICE, PDFINFO, PDFTOHTML, PDFTOTEXT, libreoffice_convert, run_tool};
use std::process::Command;

pub const CHECKS: &[Check] = checks!("doc_outputs":
    docx_opens_in_libreoffice needs [LIBREOFFICE, PDFTOTEXT],
    docx_renders_distinct_fonts_and_a_dense_annex needs [LIBREOFFICE, PDFTOTEXT, PDFINFO, PDFTOHTML],
);

fn stdout_of(args: &[&str]) -> Vec<u8> {
    Planc::new().args(args).ok().stdout_bytes
}

/// Writes the bundled plan's document (annex and owners included) as `dir/plan.docx`.
fn bundled_docx(dir: &std::path::Path) -> std::path::PathBuf {
    let docx = dir.join("plan.docx");
    planc_ok(&[
        "doc",
        BUNDLED,
        "--format",
        "docx",
        "--annex",
        "--owners",
        "-o",
        &docx.to_string_lossy(),
    ]);
    docx
}

/// Converts the .docx to PDF with LibreOffice and finds every item title in the text.
fn docx_opens_in_libreoffice() {
    let dir = temp_dir("doc-libreoffice");
    let docx = bundled_docx(&dir);
    let converted = run_tool(&mut libreoffice_convert(&dir, "pdf", &docx));
    let pdf = dir.join("plan.pdf");
    assert!(
        pdf.exists(),
        "no PDF: {}",
        String::from_utf8_lossy(&converted.stdout)
    );
    let text = Command::new("pdftotext")
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let text: String = String::from_utf8_lossy(&text.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let export = stdout_of(&["export", BUNDLED]);
    let export: serde_json::Value = serde_json::from_slice(&export).expect("JSON");
    let mut titles = Vec::new();
    for section in export["sections"].as_array().into_iter().flatten() {
        titles.push(format!(
            "{}、{}",
            section["number"].as_str().unwrap_or(""),
            section["title"].as_str().unwrap_or("")
        ));
        for item in section["items"].as_array().into_iter().flatten() {
            titles.push(format!(
                "{}{}",
                item["number"].as_str().unwrap_or(""),
                item["title"].as_str().unwrap_or("")
            ));
        }
    }
    assert!(titles.len() > 60);
    let mut missing = Vec::new();
    for title in &titles {
        let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
        if !text.contains(&title) {
            missing.push(title);
        }
    }
    assert!(
        missing.is_empty(),
        "titles not found in the PDF: {missing:?}"
    );
    assert!(text.contains("重点工作任务分解表"));
}

/// The font of the first text run on `page` that contains `text`, from `pdftohtml -xml`: its name
/// without the subset tag (`CAAAAA+`, which differs between subsets of one font), and whether it
/// is a bold face.
fn font_of(pdf: &std::path::Path, page: u32, text: &str) -> (String, bool) {
    let page = page.to_string();
    let output = Command::new("pdftohtml")
        .args(["-xml", "-i", "-stdout", "-f", &page, "-l", &page])
        .arg(pdf)
        .output()
        .expect("pdftohtml runs");
    let xml = String::from_utf8_lossy(&output.stdout);
    let line = xml
        .lines()
        .find(|l| l.starts_with("<text ") && l.contains(text))
        .unwrap_or_else(|| panic!("no `{text}` on page {page}:\n{xml}"));
    let id = line
        .split("font=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default();
    let family = xml
        .lines()
        .find(|l| l.contains("<fontspec ") && l.contains(&format!("id=\"{id}\"")))
        .and_then(|l| l.split("family=\"").nth(1)?.split('"').next())
        .unwrap_or_else(|| panic!("no font {id}:\n{xml}"));
    let name = family.split_once('+').map_or(family, |(_, name)| name);
    (name.to_string(), line.contains("<b>"))
}

/// 13.10: with the fallback chains of docs/fonts/planc-gb-fonts.conf (LibreOffice reads no fallback
/// from a .docx, only names through fontconfig), the PDF LibreOffice renders has a font for the title,
/// another for the 黑体 headings and another for the body, where all three were one substitute
/// font; and the 分解表 annex fits 8 pages (it took 14: 3–5 rows a page, `区` alone on a line).
fn docx_renders_distinct_fonts_and_a_dense_annex() {
    let dir = temp_dir("doc-fonts");
    let conf = dir.write("fonts.conf", format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n<fontconfig>\n\
  <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n  <include>{}</include>\n</fontconfig>\n",
            crate::support::root()
                .join("docs/fonts/planc-gb-fonts.conf")
                .display()
        ));
    let docx = bundled_docx(&dir);
    run_tool(libreoffice_convert(&dir, "pdf", &docx).env("FONTCONFIG_FILE", &conf));
    let pdf = dir.join("plan.pdf");
    let title = font_of(&pdf, 1, "年常州教育工作要点");
    let body = font_of(&pdf, 1, "年是全面建成小康社会");
    let heading = font_of(&pdf, 2, "一、突出规范为基");
    eprintln!("title {title:?}, heading {heading:?}, body {body:?}");
    assert_ne!(title, body, "title and body in one font");
    assert_ne!(heading, body, "headings and body in one font");
    assert_ne!(heading, title, "headings and title in one font");

    let info = Command::new("pdfinfo").arg(&pdf).output().expect("pdfinfo");
    let pages: u32 = String::from_utf8_lossy(&info.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("a page count");
    let page_text = |page: u32| {
        let page = page.to_string();
        let output = Command::new("pdftotext")
            .args(["-layout", "-f", &page, "-l", &page])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let first = (1..=pages)
        .find(|&p| page_text(p).contains("重点工作任务分解表"))
        .expect("the annex");
    let annex_pages = pages - first + 1;
    eprintln!("the annex: {annex_pages} pages of {pages}");
    assert!(
        annex_pages <= 8,
        "66 rows on {annex_pages} pages (it took 14)"
    );
    for page in first..=pages {
        let text = page_text(page);
        assert!(
            !text
                .split_whitespace()
                .any(|word| word == "区" || word == "号"),
            "a `区` or `号` alone on a line on page {page}:\n{text}"
        );
    }
}
