//! Plan snippets in the documentation, shared by the tests that read them.

/// Fenced blocks with no language tag (```text blocks hold notation, not plans).
pub fn plan_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, "```") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (None, fence) if fence.starts_with("```") => current = Some("\u{0}skip".to_string()),
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            _ => {}
        }
    }
    blocks.retain(|b| !b.starts_with('\u{0}'));
    blocks
}
