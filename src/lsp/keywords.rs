//! The keywords the editor offers and highlights: read from the language's one keyword table,
//! [`crate::syntax::keywords`].

use crate::syntax::keywords::{self, Keyword, Place};

/// The keywords that start a statement in a block, each with its Chinese and English spelling
/// (the English one, when the keyword has one), in the grammar's order.
pub fn statements(place: Place) -> impl Iterator<Item = (&'static str, Option<&'static str>)> {
    keywords::statements(place).map(|keyword| (keyword.chinese(), keyword.english()))
}

/// The block a keyword opens, when it opens one whose statements start with keywords.
pub fn block_of(word: &str) -> Option<Place> {
    match keywords::lookup_all(word).find(|k| {
        matches!(
            k,
            Keyword::Plan | Keyword::Goals | Keyword::Goal | Keyword::Section | Keyword::Item
        )
    })? {
        Keyword::Plan => Some(Place::Plan),
        Keyword::Goals => Some(Place::Goals),
        Keyword::Goal => Some(Place::Goal),
        Keyword::Section => Some(Place::Section),
        _ => Some(Place::Item),
    }
}

/// Whether a word is a keyword or fixed word of the language, in either spelling.
pub fn is_keyword(word: &str) -> bool {
    keywords::lookup(word).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The VS Code grammar highlights every keyword that starts a statement of a plan, in both
    /// languages.
    #[test]
    fn the_vscode_grammar_has_every_keyword() {
        let grammar = include_str!("../../editors/vscode/syntaxes/plan.tmLanguage.json");
        let json: serde_json::Value = serde_json::from_str(grammar).unwrap_or_default();
        let patterns = json["repository"]["keyword"]["patterns"].to_string();
        let mut checked = 0;
        for place in [
            Place::Top,
            Place::Plan,
            Place::Goals,
            Place::Goal,
            Place::Section,
            Place::Item,
        ] {
            for (chinese, english) in statements(place) {
                for word in std::iter::once(chinese).chain(english) {
                    checked += 1;
                    assert!(
                        patterns.contains(&format!("|{word}|"))
                            || patterns.contains(&format!("(?:{word}|"))
                            || patterns.contains(&format!("|{word})")),
                        "{word} is not highlighted"
                    );
                }
            }
        }
        assert!(checked > 50, "{checked}");
    }

    #[test]
    fn blocks_and_keywords() {
        assert_eq!(block_of("事项"), Some(Place::Item));
        assert_eq!(block_of("section"), Some(Place::Section));
        assert_eq!(block_of("牵头"), None);
        assert!(is_keyword("牵头") && is_keyword("needs") && !is_keyword("学位供给"));
        let item: Vec<_> = statements(Place::Item).collect();
        assert!(item.contains(&("牵头", Some("lead"))));
        assert!(!item.iter().any(|(zh, _)| *zh == "部门"));
    }
}
