//! Messages for what people actually type: full-width punctuation, Traditional keywords,
//! unterminated strings, invisible characters, numbers in other notations, overflowing sums.
//! Each test checks the message and where it points.

use crate::support::assert_contains;
use crate::support::{Planc, temp_dir};

use crate::support::check::check_text;
use planc::diagnostic::{Diagnostic, Severity};

const HEADER: &str = "计划 \"示例\" {\n  期间 2020\n}\n计量单位 个\n部门 甲\n部门 乙\n";

/// The diagnostics of a plan made of the header and `body`, with the position (line, column in
/// characters) of each one's primary label.
fn check(body: &str) -> Vec<(Diagnostic, usize, usize)> {
    let text = format!("{HEADER}{body}");
    let checked = check_text("plan.plan", text.clone());
    checked
        .diagnostics
        .into_iter()
        .map(|d| {
            let start = d.primary_span().map_or(0, |s| s.start as usize);
            let before = &text[..start];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            (d, line, column)
        })
        .collect()
}

/// A body with one item holding `statement`, which is on line 10.
fn in_item(statement: &str) -> String {
    format!("部分 s \"节\" {{\n  事项 i \"事\" {{\n    牵头 甲\n    {statement}\n  }}\n}}\n")
}

/// The one error of a check, which must be at `line`:`column`.
fn only_error(body: &str, line: usize, column: usize) -> Diagnostic {
    let diagnostics = check(body);
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|(d, _, _)| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 1, "one error expected: {diagnostics:#?}");
    let (diagnostic, at_line, at_column) = errors[0].clone();
    assert_eq!(
        (at_line, at_column),
        (line, column),
        "position of {diagnostic:#?}"
    );
    diagnostic
}

fn help(diagnostic: &Diagnostic) -> &str {
    diagnostic.help.as_deref().unwrap_or("")
}

#[test]
fn a_full_width_brace_is_named() {
    let d = only_error(
        &in_item("指标 总数 \"总数\" 5个 其中 ｛ 甲 2, 乙 3 ｝"),
        10,
        22,
    );
    assert_eq!(
        d.message,
        "found the full-width `｛` (U+FF5B) instead of `{`"
    );
    assert!(help(&d).starts_with("write `{`"), "{d:#?}");
    assert_eq!(d.labels.len(), 2, "both braces are marked: {d:#?}");
}

#[test]
fn chinese_quotes_and_a_full_width_brace_at_the_top_level() {
    let d = only_error("部分 s “节” ｛ ｝\n", 7, 6);
    assert_eq!(
        d.message,
        "found the Chinese quotation mark `“` (U+201C) instead of `\"`"
    );
    assert_eq!(d.labels.len(), 4, "{d:#?}");
}

#[test]
fn a_full_width_quote_is_named() {
    let d = only_error(&in_item("正文 ＂文字＂"), 10, 8);
    assert_eq!(
        d.message,
        "found the full-width `＂` (U+FF02) instead of `\"`"
    );
}

#[test]
fn found_never_repeats_what_was_expected() {
    // `其中` is expected, and it is there: what is wrong is what follows it.
    let diagnostics = check(&in_item("指标 总数 \"总数\" 5个 其中 [ 甲 5 ]"));
    let (d, _, _) = &diagnostics[0];
    let found = d.message.rsplit("found ").next().unwrap_or("");
    assert_eq!(found, "`其中 [ 甲 5 ]`", "{d:#?}");
    let expected = d.message.split(", found").next().unwrap_or("");
    assert!(!expected.contains(found), "{d:#?}");
}

#[test]
fn traditional_keywords_are_named() {
    let d = only_error("計劃 \"x\" {\n  期間 2020\n}\n", 7, 1);
    assert_eq!(d.message, "`計劃` is the Traditional form of `计划`");
    assert!(help(&d).contains("write `计划`"), "{d:#?}");
    assert_eq!(d.labels.len(), 2, "`期間` is marked too: {d:#?}");
    for (statement, traditional, simplified) in [
        ("時限 年內", "時限", "时限"),
        ("指標 總數 \"總數\" 5個", "指標", "指标"),
        ("指标 a \"比例\" 達 60%", "達", "达"),
        ("指标 b \"比例\" 不低於 60%", "不低於", "不低于"),
        ("週期 c \"会\" 每週 1次", "週期", "周期"),
        ("節點 m \"节点\" 時限 6月30號", "節點", "节点"),
    ] {
        let diagnostics = check(&in_item(statement));
        let column = 5 + statement[..statement.find(traditional).unwrap_or(0)]
            .chars()
            .count();
        assert!(
            diagnostics.iter().any(|(d, line, at)| d.message
                == format!("`{traditional}` is the Traditional form of `{simplified}`")
                && (*line, *at) == (10, column)),
            "{statement}: {diagnostics:#?}"
        );
    }
    // At the top level: owners.
    let d = only_error("部門 丙\n", 7, 1);
    assert_eq!(d.message, "`部門` is the Traditional form of `部门`");
}

#[test]
fn an_unterminated_string_says_where_it_starts() {
    let d = only_error(&in_item("正文 \"没有结尾"), 10, 8);
    assert_eq!(d.message, "this string is never closed");
    assert_eq!(d.labels[0].text, "the string starts here");
    assert_eq!(d.labels[1].text, "the line ends before a closing `\"`");
    // Closed with a Chinese quotation mark.
    let d = only_error(&in_item("正文 \"没有结尾”"), 10, 8);
    assert_eq!(d.message, "this string is never closed");
    assert!(help(&d).contains("`”` (U+201D)"), "{d:#?}");
}

#[test]
fn invisible_characters_are_named_by_code_point() {
    for (line, character, name) in [
        (
            "部门 丙\u{200B}\n",
            '\u{200B}',
            "a zero-width space (U+200B)",
        ),
        ("部门\u{00A0}丙\n", '\u{00A0}', "a no-break space (U+00A0)"),
        (
            "\u{FEFF}部门 丙\n",
            '\u{FEFF}',
            "a byte order mark (U+FEFF)",
        ),
        (
            "部门 \u{202E}丙\n",
            '\u{202E}',
            "a bidirectional control character (U+202E)",
        ),
        ("\u{0}\n", '\u{0}', "a NUL byte (U+0000)"),
    ] {
        let diagnostics = check(line);
        let (d, _, _) = diagnostics
            .iter()
            .find(|(d, _, _)| d.code.name() == "syntax")
            .unwrap_or_else(|| panic!("{line:?}: {diagnostics:#?}"));
        assert!(d.message.ends_with(&format!("found {name}")), "{d:#?}");
        for diagnostic in &diagnostics {
            let (d, _, _) = diagnostic;
            let texts = std::iter::once(d.message.as_str())
                .chain(d.help.as_deref())
                .chain(d.labels.iter().map(|l| l.text.as_str()));
            for text in texts {
                assert!(!text.contains(character), "printed raw: {text:?}");
            }
        }
    }
}

#[test]
fn nul_bytes_are_never_printed() {
    let diagnostics = check(&format!(
        "{}引入 \"a\u{0}b.plan\"\n",
        in_item("正文 \"a\\\u{0}b\"")
    ));
    assert!(diagnostics.len() >= 2, "{diagnostics:#?}");
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|(d, _, _)| d.severity == Severity::Error)
        .collect();
    assert_eq!(errors.len(), 2, "{diagnostics:#?}");
    for (d, _, _) in errors {
        assert!(!d.message.contains('\u{0}'), "{d:#?}");
        assert!(d.message.contains("<U+0000>"), "{d:#?}");
    }
}

#[test]
fn scientific_and_hexadecimal_notation_are_not_numbers() {
    let d = only_error(&in_item("指标 t \"数\" 1e400个"), 10, 14);
    assert_eq!(
        d.message,
        "`1e400` is scientific notation, which is not a number here"
    );
    let d = only_error(&in_item("指标 t \"数\" 1e5个"), 10, 14);
    assert_eq!(help(&d), "write the number out in digits: `100000`");
    let d = only_error(&in_item("指标 t \"数\" 0x10个"), 10, 14);
    assert_eq!(
        d.message,
        "`0x10` is hexadecimal notation, which is not a number here"
    );
    assert_eq!(help(&d), "write the number in decimal digits: `16`");
    // A negative exponent does not parse as a quantity at all: the explanation is the same.
    let d = only_error(&in_item("指标 t \"数\" 2.5e-3个"), 10, 14);
    assert_eq!(
        d.message,
        "`2.5e-3` is scientific notation, which is not a number here"
    );
    assert_eq!(help(&d), "write the number out in digits: `0.0025`");
    let d = only_error(&in_item("指标 t \"数\" 13萬个"), 10, 14);
    assert_eq!(d.message, "`萬` is the Traditional form of `万`");
}

#[test]
fn a_value_that_cannot_be_kept_exactly_is_too_precise() {
    let d = only_error(
        &in_item("指标 t \"数\" 1.00000000000000000000000000001个"),
        10,
        14,
    );
    assert_eq!(
        d.message,
        "the number `1.0000000000000000000000…` is too precise"
    );
}

#[test]
fn a_breakdown_that_overflows_is_an_error() {
    // The parts add up past the largest value: before, the sum stopped at the largest value and
    // then equalled the total.
    let max = "79228162514264337593543950335";
    let d = only_error(
        &in_item(&format!("指标 t \"数\" {max}个 其中 {{ 甲 {max}, 乙 1 }}")),
        10,
        52,
    );
    assert_eq!(
        d.message,
        format!("the parts of `t` add up to more than {max}, the largest number planc can hold")
    );
    // No wrong figure is reported for a sum that overflows.
    let d = only_error(
        &in_item(&format!("指标 t \"数\" 5个 其中 {{ 甲 {max}, 乙 {max} }}")),
        10,
        24,
    );
    assert!(d.message.contains("add up to more than"), "{d:#?}");
}

#[test]
fn a_capacity_too_large_states_the_bound() {
    let d = only_error("部门 丙 容量 99999999999\n", 7, 9);
    assert_eq!(d.message, "a capacity must be at most 4294967295");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Pieces that the explanations look at: look-alikes, Traditional keywords, quotes, escapes,
    /// numbers in other notations, invisible characters.
    const PIECES: &[&str] = &[
        "“",
        "”",
        "｛",
        "｝",
        "＂",
        "［",
        "計劃",
        "時限",
        "年內",
        "達",
        "於",
        "號",
        "週",
        "\"",
        "\\",
        "\n",
        " ",
        "\u{0}",
        "\u{200B}",
        "\u{FEFF}",
        "\u{202E}",
        "1e5",
        "2.5E-3",
        "0x1F",
        "13萬",
        "指标 t ",
        "事项 i \"x\" {",
        "}",
        "{",
        "其中 ",
        "5个",
        "部分 s \"t\" {",
        "6月30",
        "é",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn any_mix_is_explained_without_panicking(picks in prop::collection::vec(0..PIECES.len(), 0..40)) {
            let body: String = picks.iter().map(|&i| PIECES[i]).collect();
            for (d, _, _) in check(&body) {
                prop_assert!(!d.message.contains(char::from(0)), "{:?}", d);
            }
            let body = in_item(&body);
            for (d, _, _) in check(&body) {
                prop_assert!(!d.message.contains(char::from(0)), "{:?}", d);
            }
        }
    }
}

/// No format prints a NUL, a control character or an invisible mark raw, in messages or in the
/// source lines drawn under a report; the lines keep their length, so the underline still points
/// at the character.
#[test]
fn reports_never_print_hidden_characters() {
    let dir = temp_dir("hidden");
    let body = "部分 s \"节\" {\n  事项 i \"事\" {\n    牵头 甲\u{200b}\n    正文 \"a\u{0}b\u{202e}c\"\n    时限\u{1b}[31m 年内\n  }\n}\n";
    dir.write("p.plan", format!("{HEADER}{body}"));
    for format in ["human", "json", "github", "sarif"] {
        let output = Planc::new()
            .dir(&dir)
            .args(["check", "--color", "never", "--format", format, "p.plan"])
            .output();
        assert_eq!(output.status.code(), Some(1), "{format}");
        let printed = [output.stdout, output.stderr].concat();
        let printed = String::from_utf8(printed).expect("UTF-8");
        for hidden in ['\u{0}', '\u{1b}', '\u{200b}', '\u{202e}'] {
            assert!(
                !printed.contains(hidden),
                "{format} prints U+{:04X}:\n{printed}",
                hidden as u32
            );
        }
        if format == "human" {
            assert_contains(&printed, &["牵头 甲\u{fffd}", "时限?[31m 年内"]);
        }
    }
}
