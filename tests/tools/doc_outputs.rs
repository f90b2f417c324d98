//! `planc doc --format docx` opened by LibreOffice Writer: converted to PDF, every title read
//! back with poppler's pdftotext.

use crate::support::{Planc, temp_dir};
use crate::{Check, LIBREOFFICE, PDFTOTEXT, run_tool};
use std::process::Command;

pub const CHECKS: &[Check] = &[Check {
    name: "doc_outputs::docx_opens_in_libreoffice",
    needs: &[LIBREOFFICE, PDFTOTEXT],
    run: docx_opens_in_libreoffice,
}];

const BUNDLED: &str = "plans/changzhou-education-2020.plan";

/// `planc ARGS`, which must succeed.
fn planc_ok(args: &[&str]) -> crate::support::Run {
    Planc::new().args(args).ok()
}

fn stdout_of(args: &[&str]) -> Vec<u8> {
    Planc::new().args(args).ok().stdout_bytes
}

/// Converts the .docx to PDF with LibreOffice and finds every item title in the text.
fn docx_opens_in_libreoffice() {
    let dir = temp_dir("doc-libreoffice");
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
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.join("profile").display()
    );
    let converted = run_tool(
        Command::new("libreoffice")
            .arg(&profile)
            .args(["--headless", "--convert-to", "pdf", "--outdir"])
            .arg(&dir)
            .arg(&docx),
    );
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
    let _ = std::fs::remove_dir_all(&dir);
}
