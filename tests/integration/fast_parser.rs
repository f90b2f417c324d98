//! The fast parser agrees with pest, both ways. Whenever `syntax::parse_fast` gives a tree, the
//! pest path (`syntax::parse_with_pest`) gives the same tree (compared through `Debug`, spans
//! included) and no diagnostic; and whenever pest reads a text with no diagnostic, the fast parser
//! takes it too (a fast parser that silently gives up makes `check` ten times slower and changes
//! no output), except where [`fast_parser_may_give_up`] says. Every bundled and generated plan
//! takes the fast path.

use crate::support::{markdown, plan_files};

#[allow(dead_code, clippy::all)]
#[path = "../../examples/gen.rs"]
mod generator;

use markdown::plan_blocks;
use plan_files::plan_files;
use planc::source::FileId;
use planc::syntax::{parse_fast, parse_with_pest};
use proptest::prelude::*;
use std::path::PathBuf;

/// The documented exceptions (`syntax::fast`'s module documentation) to "pest reads it without a
/// diagnostic, so the fast parser takes it": a bare `\r` line end (the fast parser leaves old Mac
/// line ends to pest, whose span trimming counts lines by `\n` only).
fn fast_parser_may_give_up(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// Whether the fast parser took `text`; an error when it took it and pest disagrees, or when it
/// gave up on a text pest reads without a diagnostic (outside the documented exceptions).
fn agree(text: &str) -> Result<bool, String> {
    let fast = parse_fast(FileId(0), text);
    let (pest, diagnostics) = parse_with_pest(FileId(0), text);
    let Some(fast) = fast else {
        if diagnostics.is_empty() && !fast_parser_may_give_up(text) {
            return Err(format!(
                "pest reads this text without a diagnostic, but the fast parser gave up on it (so `planc check` takes the slow path)\n--- text:\n{text:?}"
            ));
        }
        return Ok(false);
    };
    if let Some(first) = diagnostics.first() {
        return Err(format!(
            "the fast parser took a text pest reports {} problem(s) in, the first: {} at {:?}\n--- text:\n{text:?}",
            diagnostics.len(),
            first.message,
            first.primary_span(),
        ));
    }
    let fast = format!("{fast:?}");
    let pest = format!("{pest:?}");
    if fast != pest {
        let at = fast
            .bytes()
            .zip(pest.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(fast.len().min(pest.len()));
        let around = |s: &str| {
            let mut start = at.saturating_sub(300);
            while !s.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (at + 300).min(s.len());
            while !s.is_char_boundary(end) {
                end += 1;
            }
            s[start..end].to_owned()
        };
        return Err(format!(
            "the trees differ at byte {at} of their Debug output\n--- fast:\n{}\n--- pest:\n{}\n--- text:\n{text:?}",
            around(&fast),
            around(&pest),
        ));
    }
    Ok(true)
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn bundled_plans_take_the_fast_path() {
    let files = plan_files(&root().join("plans"));
    assert!(files.len() >= 7, "found only {files:?}");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        assert_eq!(agree(&text), Ok(true), "{}", path.display());
    }
}

#[test]
fn test_plans_agree() {
    let files = plan_files(&root().join("tests"));
    assert!(files.len() >= 30, "found only {}", files.len());
    let mut fast = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        if agree(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())) {
            fast += 1;
        }
    }
    // Most test plans are free of syntax errors (they test the checker).
    assert!(fast * 2 > files.len(), "{fast} of {}", files.len());
    for name in ["syntax", "escape", "date", "number"] {
        let text = std::fs::read_to_string(root().join(format!("tests/cases/{name}.plan")))
            .expect("readable");
        assert_eq!(agree(&text), Ok(false), "{name}.plan has syntax problems");
    }
}

/// Collective owners, `分工` and `落款` (with and without a date) take the fast path to pest's tree.
#[test]
fn owner_notes_collectives_and_signatures_agree() {
    let lishan = std::fs::read_to_string(root().join("tests/fixtures/doc/lishan-owners.plan"))
        .expect("readable");
    assert_eq!(agree(&lishan), Ok(true));
    for header in [
        "owner_note merged\n  signed \"某区人民政府\"",
        "分工 分列\n  落款 \"某区人民政府\" 2023-03-28 // 成文日期",
        "分工　分行\n  落款 \"某区人民政府\"",
    ] {
        let text = format!(
            "计划 \"x\" {{\n  期间 2023\n  {header}\n}}\ncollective 各县区\n统称 区直各部门 \"区直各部门\"\n"
        );
        assert_eq!(agree(&text), Ok(true), "{text}");
    }
    // Not taken (pest reports them): a date in another form, an unknown style.
    for header in ["落款 \"某区\" 2023-3-28", "分工 混合"] {
        let text = format!("计划 \"x\" {{\n  期间 2023\n  {header}\n}}\n");
        assert_eq!(agree(&text), Ok(false), "{text}");
    }
}

#[test]
fn documentation_examples_agree() {
    for block in crate::support::markdown::grammar_blocks() {
        let mut taken = false;
        for text in &crate::support::markdown::wrappings(&block) {
            taken |= agree(text).unwrap_or_else(|e| panic!("{e}"));
        }
        assert!(
            taken,
            "no wrapping of this example takes the fast path:\n{block}"
        );
    }
    // The README's blocks: its tour plan, and sample output that is no plan at all.
    let mut tour = false;
    for block in plan_blocks(include_str!("../../README.md")) {
        let taken = agree(&block).unwrap_or_else(|e| panic!("{e}"));
        tour |= taken && block.contains("计划 ");
    }
    assert!(tour, "the README's tour plan takes the fast path");
}

#[test]
fn generated_plans_take_the_fast_path() {
    for seed in [1, 2, 7] {
        for items in [1, 10, 200, 1_000] {
            let mut options = generator::Options::items(items);
            options.seed = seed;
            options.section_size = 1 + (seed as usize * 13) % 60;
            let text = generator::generate(&options);
            assert_eq!(agree(&text), Ok(true), "seed {seed}, {items} items");
        }
    }
}

#[test]
fn a_large_plan_takes_the_fast_path_in_two_halves() {
    // Over a megabyte: the fast parser cuts it in two, and pest parses it in chunks.
    let text = generator::generate(&generator::Options::items(5_000));
    assert!(text.len() > 1 << 20);
    assert_eq!(agree(&text), Ok(true));
    // The same plan with one broken line in its second half: both parsers are needed.
    let broken = text.replacen("lead d", "lead 1", 4_000);
    assert!(parse_fast(FileId(0), &broken).is_none());
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(agree(&crlf), Ok(true));
    // Cut inside a block (no line holds only `}`): the halves fail, the whole file parses.
    let unindented = text.replace("\n  }", "\n}");
    assert_eq!(agree(&unindented), Ok(true));
}

#[test]
fn lexical_corners_agree() {
    let cases = [
        // Nothing at all.
        "",
        "\n\n",
        "// only a comment",
        "\u{feff}",
        // BOM, after leading spaces too; CRLF; U+3000; comments everywhere.
        "\u{feff}unit a\n",
        "  \u{feff}unit a\n",
        "unit a\r\nunit b\r\n",
        "unit a\runit b\r",
        "\u{3000}unit\u{3000}a // c\n// c\n",
        "unit a b // c \"x\n",
        // Keywords glued to words are identifiers.
        "unitx a\n",
        "unit in\n",
        "unit inch by_ 以上x\n",
        "部门 容量 容量 8\n",
        "部门 d \"D\" 容量 1.50\n",
        "部门 d 容量 99999999999999999999999999999999\n",
        "分组 g = a，b、c , d\n",
        "基线 b 5% 以上\n",
        "基线 b \"x\" 上年实际 %\n",
        "基线 b 上年实际 上年实际\n",
        "基线 b 13万人 // c\n",
        "休息 2020-05-06 .. 2020-05-08 \"r\"\n",
        "休息 2020-05-06..2020-05-08\n",
        "休息 2020-02-30\n",
        "补班 2020-05-09 \"r\" // c\n",
        "plan \"t\" {\n period 2020-01-01 .. 2020-12-31\n}\n",
        "plan \"t\" {\n period 2020-01-01\n}\n",
        "plan \"t\" { period 2020 }\n",
        "plan \"t\" {\r\n  period 2020 // c\r\n}\r\n",
        "plan \"a\\\"b\\\\c\\{\\}\\`\\n\" {\n}\n",
        "plan \"a\\q\" {\n}\n",
        "goals {\n}\n",
        "goals \"i\" { text \"x\" }\n",
        "unit a }\n",
        "unit a {\n",
        "section s \"t\" {\n item i \"t\" { lead d }\n}\n",
        "section s \"t\" {\n item i \"t\" // c\n}\n",
        "section s \"t\" {\n item i \"t\" {\n",
    ];
    for text in cases {
        agree(text).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// A section with items nested `items` deep, the innermost holding a breakdown: `items + 2`
/// braces deep.
fn nested(items: usize) -> String {
    let mut text = String::from("section s \"t\" {\n");
    for level in 0..items {
        text.push_str(&format!("item i{level} \"t\" {{\n"));
    }
    text.push_str("target t 5 split { a 5 }\n");
    for _ in 0..items {
        text.push_str("}\n");
    }
    text.push_str("}\n");
    text
}

#[test]
fn the_nesting_limit_is_pests() {
    let limit = planc::syntax::MAX_NESTING;
    assert_eq!(agree(&nested(limit - 2)), Ok(true));
    // One brace deeper, the nesting check reports it: the fast parser must not take it.
    assert_eq!(agree(&nested(limit - 1)), Ok(false));
    let (_, diagnostics) = parse_with_pest(FileId(0), &nested(limit - 1));
    assert_eq!(diagnostics.len(), 1);
}

/// A section with one item holding `statements`.
fn in_item(statements: &str) -> String {
    format!("section s \"t\" {{\n  item i \"t\" {{\n{statements}\n  }}\n}}\n")
}

#[test]
fn item_statement_corners_agree() {
    let statements = [
        "target t 趋势",
        "target t 趋势 上升",
        "target t trend upx",
        "target t 力争",
        "target t 力争 5",
        "target t 达60%",
        "target t 达 95% 以上",
        "target t 达95%以上",
        "target t 91.5分以上",
        "target t 不低于 15% 以上",
        "target t 不低于上年",
        "target t 不低于 上年",
        "target t 超过x",
        "target t 为民",
        "target t >= 3-4个",
        "target t 3 ～ 4 个",
        "target t 3至4",
        "target t 1.5万 ~ 2亿",
        "target t 99999999999999999999999999999亿",
        "target t 较 b 降低1个百分点",
        "target t 较 b 降低 1个 以上",
        "target t 较 b降低 1",
        "target t \"m\" 5 pcs split { a 1, b 2; c 3；d 4 }",
        "target t 5 其中 {\n a 1 // c\n b 4\n}",
        "target t 5 其中 { a 1% b 2 }",
        "target t 5 其中 { a 1 b 2 }",
        "target t 5 其中 {",
        "target t 5 其中 { a 1 } x",
        "target t \"m\" 5000个 时限 2023年",
        "target t 5 due 2023年6月底前 split { a 2, b 3 }",
        "target t 5 时限",
        "target t 5 时限 2023年 x",
        "target t 5 时限 Q5",
        "target t 5时限 年内",
        "target t 趋势 上升 时限 2022年",
        "target t 较 b 降低1个百分点 时限 2022年 .. 2023年",
        "due 2020-06-30",
        "due 2020-06-31",
        "due 2020-6",
        "due 2020-06-3",
        "due 2020-13",
        "due 3-4月",
        "due 3至13月",
        "due 6月30日",
        "due 2月30日",
        "due 12月",
        "due 123月",
        "due Q1 .. q4",
        "due Q5",
        "due 第一季度..四季度",
        "due H1",
        "due 下半年 // c",
        "due 年内",
        "due 年内x",
        "due year",
        "due 2020-03 .. ",
        "duration 5workdays",
        "duration 5 个月",
        "duration 100001 天",
        "duration 1.5 周",
        "after a 开始 + 3 天, b -2 workdays, c",
        "needs 开始 开始",
        "needs a +100001 day",
        "milestone m due 二季度 after a needs b due 6月",
        "milestone m \"n\"",
        "milestone 时限 时限 6月",
        "recur r \"n\" 每季度 1次",
        "recur r yearly 2 in 4月, 10月 by 28日",
        "recur r yearly 2 in 13月",
        "recur r monthly 1次 by 32",
        "recur r monthly 1次于1月",
        "tags a, b",
        "support a",
        "item j \"k\"",
        "item j \"k\" { item l \"m\" { lead d } }",
        "text \"a // b\" // c",
        "text \"\\n\"",
    ];
    let mut taken = 0;
    for statement in statements {
        if agree(&in_item(statement)).unwrap_or_else(|e| panic!("{e}")) {
            taken += 1;
        }
    }
    assert!(taken > statements.len() / 2, "{taken}");
}

/// Numbers the lowering rejects (too large, too precise, another notation): the fast parser gives
/// up on each, and pest reports it as `planc::number` with the message given; exact numbers are
/// taken by both with the same value.
#[test]
fn number_corners_agree() {
    let rejected = [
        (
            "target t 1.00000000000000000000000000001个",
            "is too precise",
        ),
        ("target t 79228162514264337593543950336", "is too large"),
        ("target t 79228162514264337593543950335万", "is too large"),
        ("target t 1e400个", "`1e400` is scientific notation"),
        ("target t 2.5E-3", "`2.5E-3` is scientific notation"),
        ("target t 0x10个", "`0x10` is hexadecimal notation"),
        ("target t 1-0x10个", "`0x10` is hexadecimal notation"),
        ("target t 13萬人次", "`萬` is the Traditional form of `万`"),
        (
            "target t 较 b 降低 1個百分點",
            "`個百分點` is the Traditional form of `个百分点`",
        ),
        ("target t 5 其中 { a 1e5 }", "`1e5` is scientific notation"),
        ("recur r 全年 1e1次", "`1e1` is scientific notation"),
    ];
    for (statement, message) in rejected {
        let text = in_item(statement);
        assert_eq!(
            agree(&text),
            Ok(false),
            "the fast parser took {statement:?}"
        );
        let (_, diagnostics) = parse_with_pest(FileId(0), &text);
        assert!(
            diagnostics
                .iter()
                .any(|d| d.code.name() == "number" && d.message.contains(message)),
            "{statement:?}: {diagnostics:#?}"
        );
    }
    let taken = [
        "target t 0.00000000000000000000000000001万",
        "target t 1.000000000000000000000000000000000个",
        "target t 7922816251426433759354395033.5",
        "target t 79228162514264337593543950335",
        "target t 1eV",
        "target t 10 x10",
        "target t 1.5万-2亿",
    ];
    for statement in taken {
        assert_eq!(
            agree(&in_item(statement)),
            Ok(true),
            "the fast parser declined {statement:?}"
        );
    }
    assert!(
        agree(&in_item("target t 1.00000000000000000000000000001 e5")).is_ok(),
        "a spaced unit is a unit"
    );
}

// ---------------------------------------------------------------- property tests

const BASES: [&str; 4] = [
    include_str!("../../plans/changzhou-education-2020.plan"),
    include_str!("../../plans/changzhou-education-2020/02-育人为本.plan"),
    include_str!("../fixtures/all-target-kinds.plan"),
    include_str!("../fixtures/schedule/sample.plan"),
];

/// Pieces inserted or substituted by the mutations: tokens, separators, keywords, odd characters.
const PIECES: &[&str] = &[
    // Numbers in other notations and forms the lowering rejects.
    "e5",
    "E-3",
    "x1F",
    "萬",
    "個百分點",
    "0.00000000000000000000000000001",
    "79228162514264337593543950335",
    " ",
    "\t",
    "\u{3000}",
    "\n",
    "\r\n",
    "\r",
    "//",
    "// c",
    "\"",
    "\\",
    "\\n",
    "\\q",
    "{",
    "}",
    "\u{feff}",
    "万",
    "亿",
    "以上",
    "以下",
    "其中",
    "split",
    "于",
    "in",
    "截至",
    "by",
    "x",
    "_",
    "0",
    "1",
    "9",
    "13",
    ".",
    "..",
    "-",
    "+",
    "~",
    "～",
    "至",
    "月",
    "日",
    "号",
    "Q2",
    "Q5",
    "第",
    "二",
    "季度",
    "H1",
    "上半年",
    "年内",
    "%",
    "％",
    "个",
    ",",
    "，",
    "、",
    ";",
    "；",
    "=",
    ">",
    ">=",
    "≥",
    "<",
    "达",
    "为",
    "不低于",
    "超",
    "逾",
    "趋势",
    "上升",
    "较",
    "降低",
    "力争",
    "开始",
    "工作日",
    "days",
    "item",
    "事项",
    "正文",
    "指标",
    "target",
    "时限",
    "due",
    "a",
    "é",
    "\u{301}",
    "١",
    "Ⅻ",
    "·",
    "\u{a0}",
    "2020-02-30",
    "2020-13",
    "2月30日",
    "99999999999999999999999999999",
];

#[derive(Debug, Clone)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, piece: usize },
    Replace { at: usize, piece: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1usize..4).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), any::<usize>()).prop_map(|(at, piece)| Mutation::Insert { at, piece }),
        (any::<usize>(), any::<usize>()).prop_map(|(at, piece)| Mutation::Replace { at, piece }),
    ]
}

fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<String> = text.chars().map(String::from).collect();
    for mutation in mutations {
        let count = chars.len().max(1);
        match *mutation {
            Mutation::Delete { at, len } => {
                let at = at % count;
                let end = (at + len).min(chars.len());
                chars.drain(at.min(end)..end);
            }
            Mutation::Insert { at, piece } => {
                let at = at % (chars.len() + 1);
                chars.insert(at, PIECES[piece % PIECES.len()].to_owned());
            }
            Mutation::Replace { at, piece } => {
                if let Some(slot) = chars.get_mut(at % count) {
                    *slot = PIECES[piece % PIECES.len()].to_owned();
                }
            }
        }
    }
    chars.concat()
}

/// Statements of an item, with `~` where the tokens are separated, `#` for a number and `@` for a
/// date (both drawn from lists with values the lowering rejects).
const ITEM_STATEMENTS: &[&str] = &[
    "正文~\"做{t1}和{t2}\"",
    "text~\"a\\\"b\\n\\{c\\}\\`\"",
    "牵头~d1",
    "lead~d1",
    "配合~d1~,~d2~、~d3",
    "指标~t1~\"m\"~力争~达~#%~以上",
    "指标~t2~#分~以上",
    "指标~t3~#~-~#~个",
    "指标~t4~趋势~上升",
    "指标~t5~较~b~降低~#~个百分点",
    "指标~t6~不低于~b",
    "target~t7~>=~#万~people",
    "target~t8~stretch~#亿",
    "指标~t9~#个~其中~{~a~#~,~b~#~}",
    "指标~t10~#~其中~{\n~a~#\n~b~#\n}",
    "指标~t11~逾~#~人次",
    "target~t12~<~#~%",
    "时限~年内",
    "时限~@",
    "due~2020-#",
    "due~Q2~..~Q3",
    "时限~#-#月",
    "时限~#月#日",
    "时限~#月#号~..~#月",
    "时限~第二季度",
    "时段~H1",
    "开始~上半年",
    "工期~#~工作日",
    "duration~#~weeks",
    "后于~a~开始~+~#~天",
    "needs~a~,~b~-#~workdays",
    "节点~m~\"n\"~时限~二季度~后于~a",
    "milestone~m2~due~@~needs~x",
    "周期~r~\"n\"~每季度~#次",
    "recur~r2~yearly~2次~in~#月~,~#月",
    "周期~r3~每月~1~次~截至~#日",
    "标签~a~,~b",
    "事项~sub~\"s\"",
    "事项~sub2~\"s\"~{\n~牵头~d\n~}",
];

/// Numbers valid everywhere a `#` stands, and numbers the lowering rejects in some places.
const NUMBERS: [&[&str]; 2] = [
    &["1", "2", "3", "5", "6", "9", "10", "11", "12"],
    &[
        "0",
        "13",
        "29",
        "30",
        "31",
        "32",
        "99",
        "100000",
        "100001",
        "1.5",
        "0.25",
        "99999999999999999999999999999",
    ],
];

/// Real dates, and dates the lowering rejects (or that only pass for some years).
const DATES: [&[&str]; 2] = [
    &["2020-06-30", "2020-02-29", "2020-01-01", "9999-12-31"],
    &[
        "2021-02-29",
        "2020-13-01",
        "2020-00-10",
        "0000-01-01",
        "2020-06-31",
    ],
];

/// One of two lists, the second one time in eight.
fn pick<'a>(lists: &[&[&'a str]; 2], choice: usize) -> &'a str {
    let list = if choice % 8 == 7 { lists[1] } else { lists[0] };
    list[(choice / 8) % list.len()]
}

const TOP_STATEMENTS: &[&str] = &[
    "计划~\"t\"~{\n~期间~2020\n~机关~\"o\"\n~导言~\"p\"\n}",
    "plan~\"t\"~{\n~period~@~..~@\n}",
    "计量单位~个~所",
    "部门~d1~\"D\"~容量~#",
    "辖区~z",
    "机构~u~\"U\"",
    "分组~g~=~a~,~b",
    "基线~b~\"x\"~上年实际~%",
    "基线~b2~#%",
    "休息~@~..~@~\"r\"",
    "补班~@",
    "引入~\"x.plan\"",
    "主要目标~\"i\"~{\n~目标~g~\"t\"~{\n~正文~\"x\"\n~指标~s~力争~#分~以上\n~}\n}",
];

/// What stands between tokens: pest's implicit whitespace. (The mutations glue and break tokens.)
const SEPARATORS: &[&str] = &[" ", " ", " ", "  ", "\t", "\u{3000}", " \u{3000}\t"];

fn fill(template: &str, choices: &[u8]) -> String {
    let mut out = String::new();
    let mut choices = choices.iter().map(|&c| usize::from(c)).cycle();
    let mut next = || choices.next().unwrap_or(0);
    for (index, part) in template.split('~').enumerate() {
        if index > 0 {
            out.push_str(SEPARATORS[next() % SEPARATORS.len()]);
        }
        for c in part.chars() {
            match c {
                '#' => out.push_str(pick(&NUMBERS, next())),
                '@' => out.push_str(pick(&DATES, next())),
                c => out.push(c),
            }
        }
    }
    out
}

/// A plan of top-level statements and one section whose item holds `items`.
fn statements_plan(
    top: &[(usize, Vec<u8>)],
    items: &[(usize, Vec<u8>)],
    crlf: bool,
    comments: bool,
) -> String {
    let mut text = String::new();
    let line_end = |text: &mut String, index: usize| {
        if comments && index.is_multiple_of(3) {
            text.push_str(" // note");
        }
        text.push('\n');
    };
    for (index, (statement, separators)) in top.iter().enumerate() {
        text.push_str(&fill(
            TOP_STATEMENTS[statement % TOP_STATEMENTS.len()],
            separators,
        ));
        line_end(&mut text, index);
    }
    text.push_str("部分 s \"t\" {");
    line_end(&mut text, 1);
    text.push_str("  事项 i \"t\" {");
    line_end(&mut text, 1);
    for (index, (statement, separators)) in items.iter().enumerate() {
        text.push_str("    ");
        text.push_str(&fill(
            ITEM_STATEMENTS[statement % ITEM_STATEMENTS.len()],
            separators,
        ));
        line_end(&mut text, index);
    }
    text.push_str("  }");
    line_end(&mut text, 1);
    text.push('}');
    line_end(&mut text, 1);
    if crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// Statement heads, each with the tokens that may follow it in some order.
const SOUPS: &[(&str, &[&str])] = &[
    (
        "指标 t",
        &[
            "\"m\"",
            "力争",
            "stretch",
            "达",
            "为",
            "=",
            ">",
            ">=",
            "≥",
            "<",
            "<=",
            "≤",
            "不低于",
            "不少于",
            "超过",
            "超",
            "逾",
            "不超过",
            "不高于",
            "低于",
            "少于",
            "5",
            "3.5",
            "1",
            "万",
            "亿",
            "%",
            "％",
            "个",
            "个百分点",
            "时限",
            "due",
            "2023年",
            "以上",
            "以下",
            "-",
            "~",
            "～",
            "至",
            "趋势",
            "trend",
            "上升",
            "up",
            "steady",
            "较",
            "vs",
            "b",
            "降低",
            "提高",
            "down",
            "其中",
            "split",
            "{",
            "}",
            "a",
            ",",
            "；",
            "\n",
        ],
    ),
    (
        "时限",
        &[
            "2020",
            "-",
            "06",
            "6",
            "30",
            "1",
            "12",
            "3",
            "月",
            "日",
            "号",
            "..",
            "~",
            "～",
            "至",
            "Q",
            "q",
            "Q2",
            "H1",
            "H2",
            "第",
            "一",
            "四",
            "季度",
            "上半年",
            "年内",
            "年底",
            "year",
        ],
    ),
    (
        "周期 r",
        &[
            "\"n\"",
            "每月",
            "monthly",
            "全年",
            "每季度",
            "weekly",
            "1",
            "2",
            "次",
            "in",
            "于",
            "截至",
            "by",
            "4月",
            "10月",
            "13月",
            ",",
            "、",
            "28",
            "日",
            "号",
            "以上",
            "pcs",
        ],
    ),
    (
        "依赖 a",
        &[
            ",",
            "b",
            "开始",
            "start",
            "+",
            "-",
            "3",
            "10",
            "天",
            "days",
            "day",
            "工作日",
            "workdays",
            "周",
            "个月",
            "month",
            "months",
            "weeks",
        ],
    ),
    (
        "节点 m",
        &[
            "\"n\"", "时限", "due", "6月", "Q2", "后于", "依赖", "after", "a", ",", "b", "开始",
        ],
    ),
    (
        "基线 b",
        &[
            "\"x\"",
            "上年实际",
            "previous",
            "%",
            "5",
            "万",
            "人",
            "以上",
            "其中",
            "in",
        ],
    ),
];

/// A plan whose only statement is a head of [`SOUPS`] and some of its tokens.
fn soup_plan(soup: usize, tokens: &[(usize, bool)]) -> String {
    let (head, pieces) = SOUPS[soup % SOUPS.len()];
    let mut statement = String::from(head);
    for &(token, glued) in tokens {
        if !glued {
            statement.push(' ');
        }
        statement.push_str(pieces[token % pieces.len()]);
    }
    if head.starts_with("基线") {
        format!("{statement}\n")
    } else if head.starts_with("指标") {
        format!(
            "主要目标 {{\n  目标 g \"g\" {{\n    {statement}\n  }}\n}}\n{}",
            in_item(&statement)
        )
    } else {
        in_item(&statement)
    }
}

fn statement() -> impl Strategy<Value = (usize, Vec<u8>)> {
    (
        any::<usize>(),
        proptest::collection::vec(any::<u8>(), 1..10),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn mutated_plans_agree(
        base in 0usize..BASES.len(),
        mutations in proptest::collection::vec(mutation(), 1..6),
    ) {
        let text = mutate(BASES[base], &mutations);
        if let Err(message) = agree(&text) {
            prop_assert!(false, "{}\nmutations: {:?}", message, mutations);
        }
    }

    #[test]
    fn statement_soups_agree(
        soup in 0usize..SOUPS.len(),
        tokens in proptest::collection::vec((any::<usize>(), any::<bool>()), 0..8),
    ) {
        let text = soup_plan(soup, &tokens);
        if let Err(message) = agree(&text) {
            prop_assert!(false, "{}", message);
        }
    }

    #[test]
    fn generated_statements_agree(
        top in proptest::collection::vec(statement(), 0..6),
        items in proptest::collection::vec(statement(), 0..12),
        crlf in any::<bool>(),
        comments in any::<bool>(),
        mutations in proptest::collection::vec(mutation(), 0..3),
    ) {
        let text = mutate(&statements_plan(&top, &items, crlf, comments), &mutations);
        if let Err(message) = agree(&text) {
            prop_assert!(false, "{}", message);
        }
    }
}

#[test]
fn calendar_header_statements_agree() {
    // Taken by the fast parser, with pest's tree.
    for text in [
        "plan \"t\" {\n period 2021 .. 2025\n}\n",
        "计划 \"t\" {\n  期间 2021..2025 // 十四五\n}\n",
        "计划 \"t\" {\n  期间\u{3000}2021\t..\u{3000}2025\n  假日 \"holidays/2027.txt\"\n}\n",
        "plan \"t\" {\n period 2027\n holidays \"h.txt\"\n holidays \"i.txt\"\n}\n",
    ] {
        assert_eq!(agree(text), Ok(true), "{text:?}");
    }
    // Broken: whichever parser takes them must agree with pest.
    for text in [
        "计划 \"t\" {\n  期间 2021 ..\n}\n",
        "计划 \"t\" {\n  期间 2021 .. 20255\n}\n",
        "计划 \"t\" {\n  期间 2021 .. 2025-01-01\n}\n",
        "计划 \"t\" {\n  期间 2021 ..2025x\n}\n",
        "计划 \"t\" {\n  假日\n}\n",
        "计划 \"t\" {\n  假日 h.txt\n}\n",
        "计划 \"t\" {\n  假日\"h.txt\"\n}\n",
        "计划 \"t\" {\n  假日x \"h.txt\"\n}\n",
    ] {
        agree(text).unwrap_or_else(|e| panic!("{e}"));
    }
}

#[test]
fn planner_dates_agree() {
    let taken = [
        "春节前",
        "春节后",
        "开学前",
        "暑期",
        "暑假",
        "寒假",
        "春季学期",
        "秋季学期",
        "年中",
        "汛期前",
        "6月上旬",
        "12月中旬",
        "2月下旬",
        "9月底",
        "9月底前",
        "2022年",
        "2022年底",
        "2022年底前",
        "春节后 .. 6月上旬",
        "2022年 .. 2023年底",
        "春季学期..暑期",
        "2023年6月",
        "2023年12月底前",
        "2023年6月上旬",
        "2023年下半年",
        "2023年春节前",
        "2023年汛期前 .. 2024年6月底",
    ];
    for when in taken {
        for keyword in ["时限", "时段", "开始"] {
            let text = in_item(&format!("{keyword} {when}"));
            assert_eq!(agree(&text), Ok(true), "{text:?}");
        }
        let text = in_item(&format!("节点 m \"m\" 时限 {when}"));
        assert_eq!(agree(&text), Ok(true), "{text:?}");
    }
    for text in [
        "计划 \"t\" {\n  学期 春季 2027-02-22 .. 2027-07-02\n  学期 秋季 2027-08-30..2028-01-22\n}\n",
        "plan \"t\" {\n term autumn 2027-09-01 .. 2028-01-20\n}\n",
    ] {
        assert_eq!(agree(text), Ok(true), "{text:?}");
    }
    // Broken or near misses: whichever parser takes them must agree with pest.
    let near = [
        "春节前后",
        "春节",
        "6月上旬末",
        "6月上",
        "13月上旬",
        "9月底后",
        "9月底前前",
        "2022年前",
        "2022年底后",
        "20222年",
        "22年",
        "暑期x",
        "年中前",
        "0月底",
        "2023年13月",
        "2023年0月上旬",
        "2023年6月30日",
        "2023年上旬",
        "2023年6月末",
        "2023年春节",
        "2023年春节前后",
        "2023年上半年底",
        "2023年6月底前x",
        "2023年123月",
    ];
    for when in near {
        agree(&in_item(&format!("时限 {when}"))).unwrap_or_else(|e| panic!("{e}"));
    }
    for text in [
        "计划 \"t\" {\n  学期 冬季 2027-02-22 .. 2027-07-02\n}\n",
        "计划 \"t\" {\n  学期 春季 2027-02-22\n}\n",
        "计划 \"t\" {\n  学期 春季 2027-02-30 .. 2027-07-02\n}\n",
        "计划 \"t\" {\n  学期春季 2027-02-22 .. 2027-07-02\n}\n",
    ] {
        agree(text).unwrap_or_else(|e| panic!("{e}"));
    }
}

/// A target that names its year (`时限 2023年`) takes the fast path, with the tree pest gives.
#[test]
fn target_due_takes_the_fast_path() {
    for statement in [
        "target t \"m\" 5000个 时限 2023年",
        "指标 t 5 due 2023年6月底前 其中 { a 2, b 3 }",
        "指标 t 趋势 上升 时限 2022年 .. 2023年",
    ] {
        assert_eq!(
            agree(&in_item(statement)),
            Ok(true),
            "{statement} should take the fast path"
        );
    }
}
