//! `planc fmt`: the canonical layout (a golden file), idempotence, and "the formatted plan is the same
//! plan" (its export JSON is identical) for every plan in the repository and for perturbed copies.
//!
//! The golden test prints the new layout when it changes; paste it into `MESSY_FORMATTED` after
//! checking it.

use crate::support::{Planc, plan_files, temp_dir};

use plan_files::plan_files;
use planc::format::{FormatError, format_source};
use planc::source::FileId;
use planc::syntax::loader::{DiskFileSystem, LoadOptions};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fmt(text: &str) -> String {
    match format_source(FileId(0), text) {
        Ok(formatted) => formatted,
        Err(error) => panic!("cannot format: {error:?}\n{text}"),
    }
}

/// The export JSON of an entry file, with `written` forms of dates cut at a comment and trimmed (the
/// checker takes the source text of a date, which can run on into the spaces and comment after it).
fn export(path: &Path) -> Option<serde_json::Value> {
    let loaded = planc::syntax::loader::load(&DiskFileSystem, path, LoadOptions::default()).ok()?;
    let checked = planc::check::check(loaded);
    let plan = checked.plan?;
    let mut value = planc::emit::export::plan(&plan);
    let mut stack = vec![&mut value];
    while let Some(node) = stack.pop() {
        match node {
            serde_json::Value::Object(map) => {
                for (key, child) in map.iter_mut() {
                    if key == "written"
                        && let serde_json::Value::String(text) = child
                    {
                        let cut = text.split("//").next().unwrap_or("").trim().to_string();
                        *text = cut;
                        continue;
                    }
                    stack.push(child);
                }
            }
            serde_json::Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    Some(value)
}

fn has_header(text: &str) -> bool {
    let (tree, _) = planc::syntax::parse(FileId(0), text);
    tree.statements
        .iter()
        .any(|s| matches!(s, planc::syntax::ast::TopStmt::Plan(_)))
}

fn copy_tree(from: &Path, to: &Path) {
    for file in plan_files(from) {
        let relative = file.strip_prefix(from).expect("inside");
        let target = to.join(relative);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).expect("dir");
        }
        std::fs::copy(&file, &target).expect("copy");
    }
}

/// Formats every file of a copy of `dir` (skipping files with syntax errors) and checks that each
/// formatted file is a fixed point and that every entry plan exports the same JSON as before.
fn check_tree(dir: &Path, name: &str) -> usize {
    let copy = temp_dir(name);
    copy_tree(dir, &copy);
    let mut formatted_count = 0;
    let files = plan_files(&copy);
    let mut entries = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read");
        if has_header(&text) {
            entries.push((file.clone(), export(file)));
        }
        match format_source(FileId(0), &text) {
            Ok(formatted) => {
                assert_eq!(
                    fmt(&formatted),
                    formatted,
                    "fmt is not idempotent on {}",
                    file.display()
                );
                std::fs::write(file, formatted).expect("write");
                formatted_count += 1;
            }
            Err(FormatError::Syntax(_)) => {}
            Err(FormatError::Unsafe(reason)) => panic!("{}: {reason}", file.display()),
        }
    }
    for (file, before) in entries {
        assert_eq!(
            export(&file),
            before,
            "export changed after fmt: {}",
            file.display()
        );
    }
    formatted_count
}

/// A plan in a messy layout: English and Chinese keywords, comments everywhere, statements out of
/// order, odd spacing and separators (it starts with a BOM).
const MESSY: &str = concat!(
    "\u{feff}",
    r#"// 文件开头的注释
// 第二行

plan "English and 中文 keywords"{
period 2020-01-01..2020-12-31
   org "机关"   // 行尾注释
}
unit 个 所   人次 次
计量单位 场
department 甲处 "甲处"   容量 3
部门 乙处
district 东区
辖区 西区
分组 两区 = 东区、西区

// 基线
基线 上年比例 "上年比例" 上年实际 %
baseline 上年数 "上年数" 100 人次
休息 2020-10-09 .. 2020-10-10 "调休"
补班 2020-10-11
goals "开篇" {
  goal 目标一 "目标一" {
    text "目标{目标值}"
    target 目标值 "目标值" stretch 91.5 所 以上
  }
  目标 目标二 "目标二" {
    指标 趋势值 "趋势" 趋势 上升
  }
}
section 一 "第一部分" {
  text "导语"
  item 甲 "事项甲" {
    tags 基础 , 重点
    // 关于时限
    due 2020-06
    after 乙 start +3 workdays ,  乙节点
    milestone 甲节点 "甲节点" due 5月 after 乙
    recur 例会 "例会" monthly 1 次 by 28日
    text "完成{数量}，{人次}，{分解.其中}，占比{比例}"
    support 乙处，两区
    lead 甲处 // 牵头
    target 数量 "数量" 达  3-4个
    target 人次 "人次" >= 13万 人次
    target 比例 "比例" 较 上年比例 降低 1 个百分点
    target 分解 "分解" 10所 split { // 分解
      东区 6 ;西区 4 }
    duration 10 workdays
    window Q1..Q2
    start 2月
    item 甲一 "子事项" {
      lead 乙处
      due H1
    }
    target 不低 "不低于" 不低于 上年数
  }
  item 乙 "事项乙" {
    lead 乙处
    milestone 乙节点 "乙节点" 时限 3月
    due 4月
  }
  item 丙 "无块事项" { lead 甲处 }
}
// 文件结尾
"#
);

/// [`MESSY`] in the canonical layout.
const MESSY_FORMATTED: &str = r#"// 文件开头的注释
// 第二行

plan "English and 中文 keywords" {
  period 2020-01-01 .. 2020-12-31
  org "机关" // 行尾注释
}

unit 个 所 人次 次
计量单位 场
department 甲处 "甲处" 容量 3
部门 乙处
district 东区
辖区 西区
分组 两区 = 东区, 西区

// 基线
基线 上年比例 "上年比例" 上年实际 %
baseline 上年数 "上年数" 100人次
休息 2020-10-09 .. 2020-10-10 "调休"
补班 2020-10-11

goals "开篇" {
  goal 目标一 "目标一" {
    text "目标{目标值}"
    target 目标值 "目标值" stretch 91.5所 以上
  }
  目标 目标二 "目标二" {
    指标 趋势值 "趋势" 趋势 上升
  }
}

section 一 "第一部分" {
  text "导语"

  item 甲 "事项甲" {
    lead 甲处 // 牵头
    support 乙处, 两区
    text "完成{数量}，{人次}，{分解.其中}，占比{比例}"
    target 数量 "数量" 达 3-4个
    target 人次 "人次" >= 13万人次
    target 比例 "比例" 较 上年比例 降低 1个百分点
    target 分解 "分解" 10所 split { // 分解
      东区 6, 西区 4
    }
    target 不低 "不低于" 不低于 上年数
    // 关于时限
    due 2020-06
    start 2月
    window Q1..Q2
    duration 10 workdays
    after 乙 start +3 workdays, 乙节点
    milestone 甲节点 "甲节点" due 5月 after 乙
    recur 例会 "例会" monthly 1次 by 28日
    tags 基础, 重点

    item 甲一 "子事项" {
      lead 乙处
      due H1
    }
  }

  item 乙 "事项乙" {
    lead 乙处
    due 4月
    milestone 乙节点 "乙节点" 时限 3月
  }

  item 丙 "无块事项" {
    lead 甲处
  }
}
// 文件结尾
"#;

#[test]
fn golden_layout() {
    let actual = fmt(MESSY);
    assert!(
        actual == MESSY_FORMATTED,
        "the canonical layout changed; the new output is:\n{actual}"
    );
    assert_eq!(fmt(MESSY_FORMATTED), MESSY_FORMATTED);
    // The messy plan is a valid plan, and formatting keeps its meaning.
    let dir = temp_dir("fmt-golden");
    let path = dir.write("messy.plan", MESSY);
    let loaded =
        planc::syntax::loader::load(&DiskFileSystem, &path, LoadOptions::default()).expect("load");
    assert!(!planc::check::check(loaded).has_errors());
    let before = export(&path);
    std::fs::write(&path, MESSY_FORMATTED).expect("write");
    assert_eq!(export(&path), before);
}

#[test]
fn bundled_plans_are_formatted() {
    for file in plan_files(&root().join("plans")) {
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(
            fmt(&text) == text,
            "{} is not formatted: run `planc fmt {}`",
            file.display(),
            file.display()
        );
    }
}

#[test]
fn every_plan_in_the_repository_keeps_its_meaning() {
    let bundled = check_tree(&root().join("plans"), "plans");
    assert!(bundled >= 7);
    check_tree(&root().join("tests/cases"), "cases");
    check_tree(&root().join("tests/fixtures"), "fixtures");
}

#[test]
fn comments_stay_with_their_statements() {
    let input = "计划 \"x\" {\n  期间 2020\n}\n部门 甲\n部分 a \"b\" {\n  事项 i \"t\" {\n    // 为什么是六月\n    时限 6月 // 六月底\n    牵头 甲 // 牵头单位\n  }\n}\n";
    let expected = "计划 \"x\" {\n  期间 2020\n}\n\n部门 甲\n\n部分 a \"b\" {\n  事项 i \"t\" {\n    牵头 甲 // 牵头单位\n    // 为什么是六月\n    时限 6月 // 六月底\n  }\n}\n";
    assert_eq!(fmt(input), expected);
}

#[test]
fn units_starting_with_wan_stay_apart() {
    // `13 万人次` is 13 of the unit 万人次; glued it would read as 130000 人次.
    let input = "计量单位 万人次\n部门 甲\n部分 a \"b\" {\n  事项 i \"t\" {\n    指标 x \"m\" 13 万人次\n  }\n}\n";
    assert!(fmt(input).contains("指标 x \"m\" 13 万人次\n"));
}

#[test]
fn syntax_errors_are_refused() {
    let result = format_source(FileId(0), "部分 a \"b\" {\n  事项 ???\n}\n");
    assert!(matches!(result, Err(FormatError::Syntax(d)) if !d.is_empty()));
    // Found by fuzzing: a statement in the wrong block is refused too, not formatted into text that
    // then fails the formatter's own check.
    let misplaced = format_source(FileId(0), "org\"\"");
    assert!(
        matches!(&misplaced, Err(FormatError::Syntax(d)) if !d.is_empty()),
        "{misplaced:?}"
    );
}

#[test]
fn cli_check_write_and_stdin() {
    let dir = temp_dir("fmt-cli");
    let messy = "部门 甲\n部分 a \"b\" {\n事项 i \"t\" {\n牵头   甲\n}\n}\n";
    let formatted = "部门 甲\n\n部分 a \"b\" {\n  事项 i \"t\" {\n    牵头 甲\n  }\n}\n";
    let path = dir.write("part.plan", messy);

    // --check: exit 1, a diff on stdout, the file unchanged.
    let output = Planc::new().args(["fmt", "--check"]).arg(&path).output();
    assert_eq!(output.status.code(), Some(1));
    let diff = String::from_utf8(output.stdout).expect("utf-8");
    assert!(
        diff.contains("-牵头   甲\n") && diff.contains("+    牵头 甲\n"),
        "{diff}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), messy);

    // Formatting in place (an included file without a plan header formats too).
    let output = Planc::new().arg("fmt").arg(&path).output();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), formatted);
    let output = Planc::new().args(["fmt", "--check"]).arg(&path).output();
    assert_eq!(output.status.code(), Some(0));
    assert!(output.stdout.is_empty());

    // `-`: standard input to standard output.
    let output = Planc::new().args(["fmt", "-"]).stdin(messy).output();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8(output.stdout).expect("utf-8"), formatted);

    // A syntax error: exit 1, the file untouched.
    let broken = dir.write("broken.plan", "部分 {\n");
    let output = Planc::new().arg("fmt").arg(&broken).output();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&broken).expect("read"), "部分 {\n");
}

// ------------------------------------------------------------------ perturbed layouts

/// A tiny deterministic generator, so a failing seed reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Splits a line into code, string and comment pieces; only code may be re-spaced.
fn pieces(line: &str) -> Vec<(bool, String)> {
    let mut out: Vec<(bool, String)> = Vec::new();
    let mut current = String::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        if in_string {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                out.push((false, std::mem::take(&mut current)));
                in_string = false;
            }
            continue;
        }
        if c == '"' {
            out.push((true, std::mem::take(&mut current)));
            current.push(c);
            in_string = true;
            continue;
        }
        if c == '/' && chars.peek() == Some(&'/') {
            out.push((true, std::mem::take(&mut current)));
            current.push(c);
            current.extend(chars.by_ref());
            out.push((false, std::mem::take(&mut current)));
            return out;
        }
        current.push(c);
    }
    out.push((!in_string, current));
    out
}

/// Changes the layout of a plan without changing its meaning.
fn perturb(text: &str, seed: u64) -> String {
    let mut rng = Rng(seed | 1);
    let units = ["个", "所", "名", "人次", "场", "项", "次", "分", "%"];
    let mut out = String::new();
    if rng.chance(20) {
        out.push('\u{feff}');
    }
    let crlf = rng.chance(25);
    let end = if crlf { "\r\n" } else { "\n" };
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = ["", " ", "    ", "\t", "      ", "\u{3000}"][rng.below(6) as usize];
        let mut new_line = String::from(if trimmed.is_empty() { "" } else { indent });
        for (code, piece) in pieces(trimmed) {
            if !code {
                new_line.push_str(&piece);
                continue;
            }
            let chars: Vec<char> = piece.chars().collect();
            for (index, &c) in chars.iter().enumerate() {
                match c {
                    ' ' => new_line.push_str(["  ", "\t", " ", " \u{3000}"][rng.below(4) as usize]),
                    ',' => new_line.push_str([",", "，", "、", " ,"][rng.below(4) as usize]),
                    _ => new_line.push(c),
                }
                // `44个` → `44 个` when the number stands alone.
                let next = chars
                    .get(index + 1..)
                    .map(|rest| rest.iter().collect::<String>());
                if c.is_ascii_digit()
                    && next.as_deref().is_some_and(|rest| {
                        units.iter().any(|u| rest.starts_with(u))
                            && !rest.starts_with("个月")
                            && !rest.starts_with("个百分点")
                    })
                    && leading_number_starts_after_space(&chars, index)
                    && rng.chance(50)
                {
                    new_line.push(' ');
                }
            }
        }
        if rng.chance(15) {
            new_line.push_str("  ");
        }
        out.push_str(&new_line);
        out.push_str(end);
        if (trimmed.ends_with('{') || trimmed.is_empty()) && rng.chance(30) {
            out.push_str(end);
        }
    }
    out
}

/// Whether the run of digits (and `.`) ending at `index` starts right after white space.
fn leading_number_starts_after_space(chars: &[char], index: usize) -> bool {
    let mut start = index;
    while start > 0
        && chars
            .get(start - 1)
            .is_some_and(|c| c.is_ascii_digit() || *c == '.')
    {
        start -= 1;
    }
    start > 0 && chars.get(start - 1).is_some_and(|c| *c == ' ')
}

fn corpus() -> Vec<(PathBuf, String)> {
    let mut files = plan_files(&root().join("plans"));
    files.extend(plan_files(&root().join("tests/fixtures/diff")));
    let mut corpus: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).expect("read");
            (f, text)
        })
        .collect();
    corpus.push((
        PathBuf::from("MESSY_FORMATTED"),
        MESSY_FORMATTED.to_string(),
    ));
    corpus
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn layout_does_not_matter(seed in any::<u64>(), which in 0usize..64) {
        let corpus = corpus();
        let (path, original) = &corpus[which % corpus.len()];
        let canonical = fmt(original);
        let perturbed = perturb(original, seed);
        let formatted = match format_source(FileId(0), &perturbed) {
            Ok(formatted) => formatted,
            Err(error) => panic!("{}: {error:?}\n{perturbed}", path.display()),
        };
        prop_assert_eq!(&formatted, &canonical, "{}", path.display());
        prop_assert_eq!(fmt(&formatted), formatted.clone());
    }
}

#[test]
fn perturbed_entry_plans_export_the_same() {
    let dir = temp_dir("fmt-perturb");
    for seed in [3u64, 17, 99, 12345] {
        let _ = std::fs::remove_dir_all(&dir);
        copy_tree(&root().join("plans"), &dir);
        let entry = dir.join("changzhou-education-2020.plan");
        let before = export(&entry);
        for file in plan_files(&dir) {
            let text = std::fs::read_to_string(&file).expect("read");
            std::fs::write(&file, perturb(&text, seed)).expect("write");
        }
        assert_eq!(
            export(&entry),
            before,
            "seed {seed}: perturbing changed the plan"
        );
        for file in plan_files(&dir) {
            let text = std::fs::read_to_string(&file).expect("read");
            std::fs::write(&file, fmt(&text)).expect("write");
        }
        assert_eq!(export(&entry), before, "seed {seed}: fmt changed the plan");
    }
}
