//! Plan snippets in the documentation, shared by the tests that read them.

/// Fenced blocks with no language tag (```text blocks hold notation, not plans).
pub fn plan_blocks(markdown: &str) -> Vec<String> {
    fenced_blocks(markdown, "")
}

/// The fenced blocks whose language tag is `tag` (`""`: none), in order.
pub fn fenced_blocks(markdown: &str, tag: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        match (&mut current, line.trim_start()) {
            (None, fence) if fence.strip_prefix("```") == Some(tag) => {
                current = Some(String::new());
            }
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

/// The ways a documentation snippet is tried, since most show a part of a plan: as it stands, as
/// the body of an item, of a section, and of a goal.
pub fn wrappings(block: &str) -> [String; 4] {
    [
        block.to_string(),
        format!("部分 s \"s\" {{\n  事项 i \"i\" {{\n{block}\n  }}\n}}\n"),
        format!("部分 s \"s\" {{\n{block}\n}}\n"),
        format!("主要目标 {{\n  目标 g \"g\" {{\n{block}\n  }}\n}}\n"),
    ]
}

/// The snippets of GRAMMAR.md, at least twelve (fewer means the reader lost them).
pub fn grammar_blocks() -> Vec<String> {
    let blocks = plan_blocks(include_str!("../../GRAMMAR.md"));
    assert!(blocks.len() >= 12, "found only {} examples", blocks.len());
    blocks
}
