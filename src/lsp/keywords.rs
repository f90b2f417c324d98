//! The keywords the editor offers and highlights, in Chinese and English.
//!
//! Until the one keyword table of the language (`syntax::keywords`) exists, this list is read off
//! the `kw_*` rules of `grammar/plan.pest` (a test checks that every Chinese and English spelling
//! here is in the grammar).

/// Every statement keyword: (Chinese, English).
const PAIRS: [(&str, &str); 42] = [
    ("计划", "plan"),
    ("期间", "period"),
    ("机关", "org"),
    ("导言", "preamble"),
    ("引入", "include"),
    ("计量单位", "unit"),
    ("部门", "department"),
    ("辖区", "district"),
    ("机构", "institution"),
    ("分组", "group"),
    ("容量", "capacity"),
    ("基线", "baseline"),
    ("上年实际", "previous"),
    ("主要目标", "goals"),
    ("目标", "goal"),
    ("部分", "section"),
    ("事项", "item"),
    ("正文", "text"),
    ("牵头", "lead"),
    ("配合", "support"),
    ("指标", "target"),
    ("力争", "stretch"),
    ("趋势", "trend"),
    ("较", "vs"),
    ("时限", "due"),
    ("开始", "start"),
    ("时段", "window"),
    ("工期", "duration"),
    ("后于", "after"),
    ("依赖", "needs"),
    ("节点", "milestone"),
    ("周期", "recur"),
    ("标签", "tags"),
    ("其中", "split"),
    ("于", "in"),
    ("截至", "by"),
    ("休息", "dayoff"),
    ("补班", "workday"),
    ("假日", "holidays"),
    ("学期", "term"),
    ("每周", "weekly"),
    ("每月", "monthly"),
];

/// Other words of the grammar that read as keywords: frequencies, directions, comparisons, times.
const OTHER: [&str; 33] = [
    "每季度",
    "quarterly",
    "全年",
    "每年",
    "yearly",
    "上升",
    "下降",
    "保持",
    "up",
    "down",
    "steady",
    "提高",
    "增加",
    "降低",
    "减少",
    "以上",
    "以下",
    "不低于",
    "不少于",
    "超过",
    "逾",
    "超",
    "不超过",
    "不高于",
    "低于",
    "少于",
    "达",
    "为",
    "年内",
    "年底",
    "春季",
    "秋季",
    "工作日",
];

/// The keyword pairs, (Chinese, English), in grammar order.
pub fn pairs() -> impl Iterator<Item = (&'static str, &'static str)> {
    PAIRS.iter().copied()
}

/// Whether a word is a keyword of the language (either spelling).
pub fn is_keyword(word: &str) -> bool {
    PAIRS.iter().any(|&(zh, en)| zh == word || en == word) || OTHER.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every spelling listed is one the grammar's keyword rules accept.
    #[test]
    fn every_keyword_is_in_the_grammar() {
        let grammar = include_str!("../../grammar/plan.pest");
        for (zh, en) in pairs() {
            assert!(grammar.contains(&format!("\"{zh}\"")), "{zh}");
            assert!(grammar.contains(&format!("\"{en}\"")), "{en}");
        }
        for word in OTHER {
            assert!(grammar.contains(&format!("\"{word}\"")), "{word}");
        }
    }

    /// The VS Code grammar highlights every keyword, in both languages.
    #[test]
    fn the_vscode_grammar_has_every_keyword() {
        let grammar = include_str!("../../editors/vscode/syntaxes/plan.tmLanguage.json");
        let json: serde_json::Value = serde_json::from_str(grammar).unwrap_or_default();
        let patterns = json["repository"]["keyword"]["patterns"].to_string();
        for (zh, en) in pairs() {
            for word in [zh, en] {
                assert!(
                    patterns.contains(&format!("|{word}|"))
                        || patterns.contains(&format!("(?:{word}|"))
                        || patterns.contains(&format!("|{word})")),
                    "{word} is not highlighted"
                );
            }
        }
    }
}
