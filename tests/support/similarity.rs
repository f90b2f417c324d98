//! How a regenerated document is compared with its source text: the same normalisation and the same
//! character-level similarity ratio for the seed (tests/doc_seed.rs) and for imported documents
//! (tests/import.rs).

/// The plan's document (`planc doc PLAN --format md`) as compared with a source: Markdown stripped
/// by [`strip_markdown`].
pub fn document_text(plan: &str) -> String {
    let output = super::planc::planc(&["doc", plan, "--format", "md"]);
    assert!(
        output.status.success(),
        "planc doc {plan} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    strip_markdown(&String::from_utf8(output.stdout).expect("the document is UTF-8"))
}

/// Markdown to plain text: no heading marks, no emphasis, no escapes, no blank lines.
pub fn strip_markdown(markdown: &str) -> String {
    let mut lines = Vec::new();
    for line in markdown.lines() {
        let line = line.trim_start_matches('#').trim();
        if line.is_empty() {
            continue;
        }
        let mut text = String::new();
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    if let Some(next) = chars.next() {
                        text.push(next);
                    }
                }
                '*' if chars.peek() == Some(&'*') => {
                    chars.next();
                }
                c => text.push(c),
            }
        }
        lines.push(text);
    }
    lines.join("\n")
}

/// A source text as compared: lines trimmed, blank lines dropped.
pub fn normalise(source: &str) -> String {
    source
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The character-level similarity ratio of two texts (1.0: identical).
pub fn similarity(a: &str, b: &str) -> f32 {
    similar::TextDiff::configure()
        .timeout(std::time::Duration::from_secs(60))
        .diff_chars(a, b)
        .ratio()
}
