//! Breaks graph labels into lines between words, never inside one (融合, 资源, 信息化).
//!
//! Chinese has no spaces, so the word boundaries come from ICU4X's dictionary segmenter (the
//! Unicode Consortium's, with compiled data: no start-up cost, about 3 MB in the binary). Its
//! dictionary cuts some words a planner reads as one (夯|实, 共|建, 信息|化), so single
//! characters are glued: a run of single characters is one unit (夯实, 共建); a lone one joins the
//! word before it (信息化, 第五轮), except a preposition, conjunction or prefix that begins a
//! phrase (对, 与, 第, 各…), which joins the word after it; a two-character word between two lone
//! characters (民|办学|校, a misreading of 民办|学校) makes one unit with them. Opening brackets and quotes join the
//! word after them, all other punctuation the word before, and letters and digits written
//! together (`1+X`, `APP`, `2020`) stay together. Lines are then filled to a balanced width.

use icu_segmenter::WordSegmenter;
use icu_segmenter::options::WordBreakInvariantOptions;
use unicode_width::UnicodeWidthStr;

/// Characters that begin the phrase they stand in front of.
const LEADING: &str = "对向在从与和及并把被将以为由第各每全";
/// Punctuation that opens: it joins the unit after it.
const OPENING: &str = "“‘《（(「『【[〔";

/// What a segment is made of, for gluing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Two or more Chinese characters: a word.
    Word,
    /// One Chinese character.
    Single,
    /// Letters, digits and ASCII symbols written together.
    Latin,
    /// An opening bracket or quote.
    Opening,
    /// Other punctuation.
    Closing,
    /// White space: a break that is not printed at a line end.
    Space,
}

fn kind(segment: &str) -> Kind {
    let mut chars = segment.chars();
    let Some(first) = chars.next() else {
        return Kind::Space;
    };
    if first.is_whitespace() {
        Kind::Space
    } else if OPENING.contains(first) {
        Kind::Opening
    } else if is_han(first) {
        if chars.next().is_some() {
            Kind::Word
        } else {
            Kind::Single
        }
    } else if first.is_ascii_graphic() || first.is_alphanumeric() {
        Kind::Latin
    } else {
        Kind::Closing
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// The text cut into units that a line break may fall between, spaces as their own units.
pub fn units(text: &str) -> Vec<String> {
    let segmenter = WordSegmenter::new_dictionary(WordBreakInvariantOptions::default());
    let breaks: Vec<usize> = segmenter.segment_str(text).collect();
    let segments: Vec<(&str, Kind)> = breaks
        .windows(2)
        .filter_map(|w| text.get(w[0]..w[1]))
        .filter(|s| !s.is_empty())
        .map(|s| (s, kind(s)))
        .collect();
    // Runs of single characters become one unit; a lone one joins a neighbour.
    let mut merged: Vec<(String, Kind)> = Vec::new();
    let mut i = 0;
    while let Some(&(segment, k)) = segments.get(i) {
        if k == Kind::Single {
            let mut run = String::from(segment);
            let mut j = i + 1;
            while let Some(&(next, Kind::Single)) = segments.get(j) {
                run.push_str(next);
                j += 1;
            }
            let lone = j == i + 1;
            // A|BC|D, both ends lone: most often the dictionary misread AB|CD (民|办学|校 for
            // 民办|学校); one unit of four never breaks inside a word.
            if lone
                && let (Some(&(middle, Kind::Word)), Some(&(last, Kind::Single))) =
                    (segments.get(j), segments.get(j + 1))
                && middle.chars().count() == 2
                && !matches!(segments.get(j + 2), Some((_, Kind::Single)))
            {
                merged.push((format!("{run}{middle}{last}"), Kind::Word));
                i = j + 2;
                continue;
            }
            let leading = run.chars().next().is_some_and(|c| LEADING.contains(c));
            let next_is_word = matches!(segments.get(j), Some((_, Kind::Word)));
            match merged.last_mut() {
                Some((previous, Kind::Word)) if lone && !(leading && next_is_word) => {
                    previous.push_str(&run);
                }
                _ if lone && next_is_word => {
                    if let Some(&(next, _)) = segments.get(j) {
                        run.push_str(next);
                    }
                    j += 1;
                    merged.push((run, Kind::Word));
                }
                _ => merged.push((run, Kind::Word)),
            }
            i = j;
        } else {
            merged.push((segment.to_string(), k));
            i += 1;
        }
    }
    // Punctuation and Latin runs glue to their neighbours.
    let mut out: Vec<(String, Kind)> = Vec::new();
    let mut pending_open = String::new();
    for (unit, k) in merged {
        match k {
            Kind::Opening => pending_open.push_str(&unit),
            Kind::Closing => match out.last_mut() {
                Some((previous, pk)) if *pk != Kind::Space => {
                    previous.push_str(&unit);
                    *pk = Kind::Closing;
                }
                _ => out.push((std::mem::take(&mut pending_open) + &unit, Kind::Closing)),
            },
            Kind::Latin => match out.last_mut() {
                Some((previous, Kind::Latin)) if pending_open.is_empty() => {
                    previous.push_str(&unit);
                }
                _ => out.push((std::mem::take(&mut pending_open) + &unit, Kind::Latin)),
            },
            k => out.push((std::mem::take(&mut pending_open) + &unit, k)),
        }
    }
    if !pending_open.is_empty() {
        match out.last_mut() {
            Some((previous, _)) => previous.push_str(&pending_open),
            None => out.push((pending_open, Kind::Closing)),
        }
    }
    out.into_iter().map(|(unit, _)| unit).collect()
}

/// `text` broken between words into lines of about `width` columns (see [`lines`]), each line
/// escaped by `escape` for the output format, joined by that format's line break `separator`.
pub fn joined(
    text: &str,
    width: usize,
    escape: impl Fn(&str) -> String,
    separator: &str,
) -> String {
    lines(text, width)
        .iter()
        .map(|line| escape(line))
        .collect::<Vec<_>>()
        .join(separator)
}

/// Breaks text into as few lines of at most `width` display columns as the [`units`] allow,
/// as even as they can be (the widest line as narrow as possible), breaking only between units.
/// A text of more than 64 units (no title is that long) is filled line by line instead.
/// A unit wider than the line gets a line of its own; one more than half as wide again is cut
/// by characters, the only break inside a unit.
pub fn lines(text: &str, width: usize) -> Vec<String> {
    let width = width.max(2);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.width() <= width {
        return vec![text];
    }
    // Units with whether a space stands before them.
    let mut pieces: Vec<(String, bool)> = Vec::new();
    let mut space = false;
    for unit in units(&text) {
        if unit.trim().is_empty() {
            space = !pieces.is_empty();
            continue;
        }
        if unit.width() > width + width / 2 {
            let mut chunk = String::new();
            for c in unit.chars() {
                if !chunk.is_empty() && chunk.width() + c.to_string().width() > width {
                    pieces.push((std::mem::take(&mut chunk), std::mem::take(&mut space)));
                }
                chunk.push(c);
            }
            pieces.push((chunk, std::mem::take(&mut space)));
        } else {
            pieces.push((unit, std::mem::take(&mut space)));
        }
    }
    let line_width = |from: usize, to: usize| -> usize {
        pieces
            .get(from..to)
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(k, (unit, space))| unit.width() + usize::from(*space && k > 0))
            .sum()
    };
    let cap = pieces
        .iter()
        .map(|(unit, _)| unit.width())
        .max()
        .unwrap_or(0)
        .max(width);
    let breaks = if pieces.len() > 64 {
        greedy(&pieces, cap, &line_width)
    } else {
        balanced(pieces.len(), cap, &line_width)
    };
    let mut out = Vec::new();
    let mut from = 0;
    for to in breaks {
        let mut line = String::new();
        for (k, (unit, space)) in pieces.get(from..to).unwrap_or_default().iter().enumerate() {
            if *space && k > 0 {
                line.push(' ');
            }
            line.push_str(unit);
        }
        out.push(line);
        from = to;
    }
    out
}

/// Line ends (exclusive piece indices) filling each line up to `cap`.
fn greedy(
    pieces: &[(String, bool)],
    cap: usize,
    width: &dyn Fn(usize, usize) -> usize,
) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut from = 0;
    for to in 1..=pieces.len() {
        if to - 1 > from && width(from, to) > cap {
            ends.push(to - 1);
            from = to - 1;
        }
    }
    ends.push(pieces.len());
    ends
}

/// Line ends for the fewest lines within `cap`, then the narrowest widest line.
fn balanced(n: usize, cap: usize, width: &dyn Fn(usize, usize) -> usize) -> Vec<usize> {
    // fewest[j]: the fewest lines for the first j pieces.
    let mut fewest = vec![usize::MAX; n + 1];
    fewest[0] = 0;
    for j in 1..=n {
        for i in (0..j).rev() {
            if j - i > 1 && width(i, j) > cap {
                break;
            }
            if fewest[i] != usize::MAX {
                fewest[j] = fewest[j].min(fewest[i] + 1);
            }
        }
    }
    let lines = fewest[n];
    // best[k][j]: the narrowest widest line for the first j pieces in k lines, and where the
    // last line starts.
    let mut best = vec![vec![(usize::MAX, 0); n + 1]; lines + 1];
    best[0][0] = (0, 0);
    for k in 1..=lines {
        for j in 1..=n {
            for i in (0..j).rev() {
                let w = width(i, j);
                if j - i > 1 && w > cap {
                    break;
                }
                let (before, _) = best[k - 1][i];
                if before != usize::MAX && before.max(w) < best[k][j].0 {
                    best[k][j] = (before.max(w), i);
                }
            }
        }
    }
    let mut ends = Vec::with_capacity(lines);
    let mut j = n;
    for k in (1..=lines).rev() {
        ends.push(j);
        j = best[k][j].1;
    }
    ends.reverse();
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str) -> String {
        units(text).join("|")
    }

    #[test]
    fn units_keep_words_whole() {
        assert_eq!(
            joined("完善教育资源共建共享机制"),
            "完善|教育|资源|共建|共享|机制"
        );
        assert_eq!(joined("完善融合教育发展机制"), "完善|融合|教育|发展|机制");
        assert_eq!(
            joined("完善民办学校监督管理制度"),
            "完善|民办学校|监督|管理|制度"
        );
        assert_eq!(
            joined("夯实教育信息化基础设施建设工程"),
            "夯实|教育|信息化|基础|设施|建设|工程"
        );
        assert_eq!(
            joined("第五轮学校主动发展规划中期评估"),
            "第五轮|学校|主动|发展|规划|中期|评估"
        );
        assert_eq!(
            joined("出版“集团化办学”系列丛书"),
            "出版|“集团化|办学”|系列|丛书"
        );
        assert_eq!(joined("完善“1+X”教育人事制度"), "完善|“1+X”|教育|人事|制度");
        assert_eq!(
            joined("（一） 开展调研，形成报告"),
            "（一）| |开展|调研，|形成|报告"
        );
    }

    #[test]
    fn a_leading_preposition_joins_the_phrase_after_it() {
        let units = units("推进实施校园体育设施对社会开放共享");
        assert!(units.contains(&"对社会".to_string()), "{units:?}");
    }

    #[test]
    fn lines_are_balanced_and_break_between_units() {
        assert_eq!(
            lines("（八） 完善融合教育发展机制", 24),
            ["（八） 完善融合", "教育发展机制"]
        );
        assert_eq!(lines("短标题", 24), ["短标题"]);
        for text in [
            "（十一） 夯实学位资源供给项目建设工程",
            "制定2020年度全面从严治党“两个责任”责任清单",
            "“享去”APP手机网络平台试运行",
        ] {
            let broken = lines(text, 24);
            assert!(broken.len() > 1, "{broken:?}");
            let units = units(&text.split_whitespace().collect::<Vec<_>>().join(" "));
            // Every line is a run of whole units.
            let mut rest: &[String] = &units;
            for line in &broken {
                let mut taken = String::new();
                while taken.trim() != line.as_str() {
                    let (first, tail) = rest.split_first().expect("a line of whole units");
                    taken.push_str(first);
                    rest = tail;
                }
            }
        }
    }

    /// Breaks `text` into lines of `width` and asserts that none is wider and that together
    /// they are the text.
    fn assert_broken_within(text: &str, width: usize) {
        let broken = lines(text, width);
        assert!(broken.iter().all(|l| l.width() <= width), "{broken:?}");
        assert_eq!(broken.concat(), text);
    }

    #[test]
    fn a_very_long_text_is_filled_line_by_line() {
        assert_broken_within(&"完善教育资源共建共享机制，".repeat(200), 24);
    }

    #[test]
    fn an_overlong_run_is_cut_by_characters() {
        assert_broken_within(&"一".repeat(60), 20);
    }
}
