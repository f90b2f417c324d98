//! Escaping text: for XML and HTML, the one rule every markup renderer shares, and the loop of
//! every escaper.

/// Escapes `&`, `<`, `>` and `"` as entities, `'` as `apostrophe` where one is given, and every
/// other character that `other` maps to `Some(replacement)` (`""` drops it); the rest stay as
/// they are. The renderers differ only in the apostrophe they can read and in what they do with
/// control characters.
pub fn escape<'a>(
    text: &str,
    apostrophe: Option<&'a str>,
    other: impl Fn(char) -> Option<&'a str>,
) -> String {
    replace_chars(text, |c| match c {
        '&' => Some("&amp;"),
        '<' => Some("&lt;"),
        '>' => Some("&gt;"),
        '"' => Some("&quot;"),
        '\'' if apostrophe.is_some() => apostrophe,
        c => other(c),
    })
}

/// `text` with every character that `replace` maps to `Some(replacement)` replaced (`""` drops
/// it), the others kept: the loop of every escaper (markup, iCalendar text, …).
pub fn replace_chars<'a>(text: &str, replace: impl Fn(char) -> Option<&'a str>) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match replace(c) {
            Some(replacement) => out.push_str(replacement),
            None => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn escapes_the_markup_characters_and_maps_the_rest() {
        let drop_tabs = |c: char| (c == '\t').then_some("");
        assert_eq!(
            escape("a<b>&\"c\"'\t教育", Some("&#39;"), drop_tabs),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;教育"
        );
        assert_eq!(escape("it's", None, |_| None), "it's");
    }
}
