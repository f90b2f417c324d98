//! The document regenerated from the bundled plan reproduces the seed text it was written from:
//! every section and item title in order, every figure, and the prose, measured by a
//! character-level similarity ratio.

use crate::support::assert_contains;
use crate::support::{Planc, similarity, temp_dir};

use similarity::{document_text, normalise, similarity};

const PLAN: &str = "plans/changzhou-education-2020.plan";
const SEED: &str = include_str!("../fixtures/doc/seed-changzhou-2020.txt");
/// Measured 0.9999 when written (the only difference is the seed's leading `附件` line).
const MIN_RATIO: f32 = 0.99;

/// Section headings (`一、…`) and item titles (`（一）…` up to the first `。`) of the seed.
fn seed_titles(seed: &str) -> Vec<String> {
    let numerals = "一二三四五六七八九十";
    let mut titles = Vec::new();
    for line in seed.lines().map(str::trim) {
        let section = line
            .split_once('、')
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| numerals.contains(c)));
        if section {
            titles.push(line.to_string());
            continue;
        }
        if let Some(rest) = line.strip_prefix('（')
            && let Some((number, after)) = rest.split_once('）')
            && !number.is_empty()
            && number.chars().all(|c| numerals.contains(c))
        {
            let title = after.split('。').next().unwrap_or(after);
            titles.push(format!("（{number}）{title}"));
        }
    }
    titles
}

#[test]
fn doc_reproduces_every_seed_title_in_order() {
    let text = document_text(PLAN);
    let titles = seed_titles(SEED);
    assert_eq!(
        titles.len(),
        66,
        "the seed has 6 sections and 60 items: {titles:?}"
    );
    let mut from = 0;
    for title in &titles {
        match text[from..].find(title.as_str()) {
            Some(at) => from += at + title.len(),
            None => panic!("`{title}` is missing or out of order in the rendered document"),
        }
    }
}

#[test]
fn doc_is_similar_to_the_seed() {
    let text = document_text(PLAN);
    let seed = normalise(SEED);
    let ratio = similarity(&seed, &text);
    eprintln!(
        "seed similarity (character-level, rendered Markdown without markup vs seed): {ratio:.4}"
    );
    assert!(
        ratio >= MIN_RATIO,
        "similarity {ratio:.4} is below {MIN_RATIO}"
    );
}

#[test]
fn doc_lines_match_the_seed_lines() {
    // Every non-empty seed line except the attachment marker is a line of the document.
    let text = document_text(PLAN);
    let lines: Vec<&str> = text.lines().collect();
    let mut missing = Vec::new();
    for line in SEED.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if line == "附件" {
            continue;
        }
        if !lines.contains(&line) {
            missing.push(line.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "seed lines not reproduced: {missing:#?}"
    );
}

#[test]
fn figures_follow_the_targets() {
    // Changing a target in the plan changes the document.
    let folder = temp_dir("doc-figures");
    let source =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/doc/small.plan");
    let text = std::fs::read_to_string(source).expect("plan");
    let changed = text.replace("达 98% 以上", "达 99.5% 以上").replace(
        "10所 其中 {\n      甲区 7, 乙区 3",
        "12所 其中 {\n      甲区 8, 乙区 4",
    );
    assert_ne!(text, changed, "the fixture still has its targets");
    let entry = folder.write("changed.plan", changed);
    let output = Planc::new()
        .args(["doc", "--format", "md"])
        .arg(&entry)
        .output();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let markdown = String::from_utf8_lossy(&output.stdout);
    assert_contains(
        &markdown,
        &[
            "学业合格率达99.5%以上",
            "推进12所课改实验学校建设，其中甲区8所。",
        ],
    );
    assert!(!markdown.contains("98%"));
}
