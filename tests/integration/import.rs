//! `planc import`: the seed document (text, GBK, .docx) imports to a plan that checks, binds its
//! figures and regenerates the source; every recognised figure form; every bad input. The .docx
//! imports (python-docx) are in tests/tools/import.rs.

use crate::support::{Planc, similarity};

use similarity::{normalise, similarity, strip_markdown};

use std::path::Path;
use std::process::Output;

pub(crate) const SEED: &str = include_str!("../fixtures/doc/seed-changzhou-2020.txt");

pub(crate) fn planc(args: &[&str], dir: &Path) -> Output {
    Planc::new().args(args).dir(dir).output()
}

pub(crate) use crate::support::temp_dir;

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// `binding N of M figures` from the import report.
fn figures(report: &str) -> (usize, usize) {
    let after = report
        .split("binding ")
        .nth(1)
        .expect("the report counts figures");
    let mut words = after.split_whitespace();
    let bound = words.next().and_then(|w| w.parse().ok()).expect("bound");
    let _of = words.next();
    let found = words.next().and_then(|w| w.parse().ok()).expect("found");
    (bound, found)
}

pub(crate) fn summary(plan: &Path, dir: &Path) -> serde_json::Value {
    let output = planc(&["check", "--format", "json", &plan.to_string_lossy()], dir);
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("check prints JSON");
    json["summary"].clone()
}

/// The document regenerated from a plan, as plain text lines.
fn regenerated(plan: &Path, dir: &Path) -> String {
    let output = planc(&["doc", "--format", "md", &plan.to_string_lossy()], dir);
    assert!(output.status.success(), "{}", stderr(&output));
    strip_markdown(&String::from_utf8(output.stdout).expect("UTF-8"))
}

/// Section headings and item titles of a source, in order.
fn titles(source: &str) -> Vec<String> {
    let numerals = "一二三四五六七八九十";
    let mut titles = Vec::new();
    for line in source.lines().map(str::trim) {
        if line
            .split_once('、')
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| numerals.contains(c)))
        {
            titles.push(line.to_string());
        } else if let Some(rest) = line.strip_prefix('（')
            && let Some((number, after)) = rest.split_once('）')
            && !number.is_empty()
            && number.chars().all(|c| numerals.contains(c))
        {
            titles.push(format!(
                "（{number}）{}",
                after.split('。').next().unwrap_or(after)
            ));
        }
    }
    titles
}

/// Imports `file` in `dir` to `out` and checks the seed's done-when numbers.
pub(crate) fn assert_seed_import(dir: &Path, file: &str, extra: &[&str]) -> String {
    let mut args = vec!["import", file, "-o", "seed.plan"];
    args.extend_from_slice(extra);
    let output = planc(&args, dir);
    let report = stderr(&output);
    assert!(output.status.success(), "import failed: {report}");
    let plan = dir.join("seed.plan");
    let summary = summary(&plan, dir);
    assert_eq!(
        summary["errors"], 0,
        "the imported plan has errors: {report}"
    );
    assert_eq!(summary["sections"], 6, "{summary}");
    assert_eq!(summary["items"], 60, "{summary}");
    let (bound, found) = figures(&report);
    eprintln!("{file}: {bound} of {found} figures bound");
    assert!(bound >= 85, "only {bound} figures bound: {report}");
    let text = regenerated(&plan, dir);
    let mut from = 0;
    let titles = titles(SEED);
    assert_eq!(titles.len(), 66);
    for title in &titles {
        match text[from..].find(title.as_str()) {
            Some(at) => from += at + title.len(),
            None => panic!("`{title}` is missing or out of order in the regenerated document"),
        }
    }
    let ratio = similarity(&normalise(SEED), &text);
    eprintln!("{file}: similarity {ratio:.4}");
    assert!(ratio >= 0.99, "similarity {ratio:.4} is below 0.99");
    std::fs::read_to_string(&plan).expect("plan written")
}

#[test]
fn seed_text_imports_checks_and_regenerates() {
    let dir = temp_dir("seed");
    dir.write("seed.txt", SEED);
    let plan = assert_seed_import(&dir, "seed.txt", &[]);
    // Breakdowns cite their parts; figures with comparisons keep them.
    crate::support::assert_contains(
        &plan,
        &[
            "其中 {",
            "不低于 15%",
            "超 13万",
            "力争 逾 5500人次",
            "3-4个",
            "基线 上年中小学生近视率 \"上年全市中小学生近视率\" 上年实际 %",
            "力争 较 上年中小学生近视率 降低 1个百分点",
            "辖区 溧阳市",
        ],
    );
    // Canonical layout: `planc fmt --check` finds nothing to change.
    crate::support::planc::assert_formatted(&dir, &["seed.plan"], "the imported seed");
}

#[test]
fn seed_in_gbk_imports_to_the_same_plan() {
    let dir = temp_dir("gbk");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(SEED);
    assert!(!unmappable, "the seed is GBK-encodable");
    dir.write("seed.txt", &bytes);
    let detected = assert_seed_import(&dir, "seed.txt", &[]);
    std::fs::remove_file(dir.join("seed.plan")).expect("remove");
    let named = assert_seed_import(&dir, "seed.txt", &["--encoding", "gbk"]);
    assert_eq!(detected, named);
    dir.write("utf8.txt", SEED);
    let output = planc(&["import", "utf8.txt", "-o", "-"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        detected.replace("《seed.txt》", "《utf8.txt》")
    );
}

#[test]
fn split_writes_one_file_per_section() {
    let dir = temp_dir("split");
    dir.write("seed.txt", SEED);
    let output = planc(&["import", "seed.txt", "--split", "-o", "cz.plan"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let mut files: Vec<String> = std::fs::read_dir(dir.join("cz"))
        .expect("section folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "{files:?}");
    assert!(files[0].starts_with("01-"), "{files:?}");
    let summary = summary(&dir.join("cz.plan"), &dir);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["items"], 60);
    crate::support::planc::assert_formatted(
        &dir,
        &["cz.plan", &format!("cz/{}", files[0])],
        "the split import",
    );
}

#[test]
fn existing_files_are_kept_unless_forced() {
    let dir = temp_dir("force");
    dir.write("seed.txt", SEED);
    dir.write("seed.plan", "mine");
    let output = planc(&["import", "seed.txt"], &dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--force"), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.join("seed.plan")).expect("read"),
        "mine"
    );
    // With --split, an existing section file stops the whole import before anything is written.
    std::fs::create_dir_all(dir.join("cz")).expect("dir");
    let first = "cz/01-规范为基.plan";
    dir.write(first, "mine");
    let output = planc(&["import", "seed.txt", "--split", "-o", "cz.plan"], &dir);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!dir.join("cz.plan").exists());
    // Never the document itself, even with --force.
    let output = planc(&["import", "seed.txt", "-o", "seed.txt", "--force"], &dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the document being imported"),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("seed.txt")).expect("read"),
        SEED
    );
    let output = planc(&["import", "seed.txt", "--force"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        std::fs::read_to_string(dir.join("seed.plan"))
            .expect("read")
            .contains("计划")
    );
}

#[test]
fn bad_input_is_refused_with_exit_2() {
    let dir = temp_dir("bad");
    let (gbk, _, _) = encoding_rs::GBK.encode(SEED);
    let cases: Vec<(&str, Vec<u8>, Vec<&str>, &str)> = vec![
        ("empty.txt", Vec::new(), vec![], "empty"),
        ("blank.txt", b"  \n\n ".to_vec(), vec![], "empty"),
        (
            "binary.txt",
            vec![0, 1, 2, 3, 0, 255, 0, 7],
            vec![],
            "binary",
        ),
        (
            "fake.docx",
            "一、不是压缩包".as_bytes().to_vec(),
            vec![],
            "is not one",
        ),
        (
            "broken.docx",
            b"PK\x03\x04 truncated".to_vec(),
            vec![],
            "is not one",
        ),
        ("scan.pdf", b"%PDF-1.7\n...".to_vec(), vec![], "PDF"),
        (
            "old.doc",
            vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            vec![],
            ".doc",
        ),
        (
            "gbk.txt",
            gbk.to_vec(),
            vec!["--encoding", "utf-8"],
            "not valid UTF-8",
        ),
        (
            "utf8.txt",
            SEED.as_bytes().to_vec(),
            vec!["--encoding", "gbk"],
            "UTF-8",
        ),
        (
            "latin.txt",
            vec![b'a', 0xFF, 0xFE, 0x80, b'b', 0x81],
            vec![],
            "neither UTF-8 nor GB18030",
        ),
        (
            "prose.txt",
            "今天天气很好。\n我们去公园。\n".as_bytes().to_vec(),
            vec![],
            "not a work document",
        ),
        (
            "noyear.txt",
            "教育工作要点\n一、加强党建\n（一）完善制度。建立制度。\n"
                .as_bytes()
                .to_vec(),
            vec![],
            "--year",
        ),
    ];
    for (name, bytes, extra, expected) in cases {
        dir.write(name, &bytes);
        let mut args = vec!["import", name, "-o", "out.plan"];
        args.extend(extra);
        let output = planc(&args, &dir);
        let message = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{name}: {message}");
        assert!(
            message.contains(expected),
            "{name}: `{expected}` not in: {message}"
        );
        assert!(
            message.contains(name),
            "{name}: the file is named: {message}"
        );
        assert!(!message.contains("panicked"), "{message}");
        assert!(!dir.join("out.plan").exists(), "{name}: nothing is written");
    }
    // A zip that is not a Word document.
    let mut zip_bytes = Vec::new();
    {
        let mut archive = zip::ZipWriter::new(std::io::Cursor::new(&mut zip_bytes));
        archive
            .start_file("hello.txt", zip::write::SimpleFileOptions::default())
            .expect("zip");
        std::io::Write::write_all(&mut archive, b"hello").expect("zip");
        archive.finish().expect("zip");
    }
    dir.write("other.docx", &zip_bytes);
    let output = planc(&["import", "other.docx", "-o", "out.plan"], &dir);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("word/document.xml"),
        "{}",
        stderr(&output)
    );
    // The year can be given.
    let output = planc(&["import", "noyear.txt", "--year", "2021", "-o", "-"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(String::from_utf8_lossy(&output.stdout).contains("期间 2021"));
}

#[test]
fn owners_and_deadlines_are_read() {
    let dir = temp_dir("owners");
    let text = "2021年某市教育工作要点\n\
        一、加强党的建设\n\
        （一）完善党建制度。建成示范点12个，其中甲区5个，乙区7个。\n\
        牵头单位：市教育局；责任单位：市财政局、各区教育局；完成时限：6月底前\n\
        （二）推进学校建设。新建学校3所，年内完成（牵头：市发改委；配合：市教育局）。\n\
        1.新建小学。新建小学2所，第三季度完成。\n\
        2.新建初中。新建初中1所。\n";
    dir.write("p.txt", text);
    let output = planc(&["import", "p.txt", "-o", "p.plan"], &dir);
    let report = stderr(&output);
    assert!(output.status.success(), "{report}");
    let plan = std::fs::read_to_string(dir.join("p.plan")).expect("plan");
    crate::support::assert_contains(
        &plan,
        &[
            "部门 市教育局",
            "部门 市财政局",
            "部门 各区教育局",
            "部门 市发改委",
            "辖区 甲区",
            "牵头 市教育局",
            "配合 市财政局, 各区教育局",
            "牵头 市发改委",
            "时限 6月",
            "时限 年内",
            "时限 第三季度",
            "甲区 5个, 乙区 7个",
        ],
    );
    let summary = summary(&dir.join("p.plan"), &dir);
    assert_eq!(summary["errors"], 0, "{plan}");
    assert_eq!(summary["items"], 4, "{summary}");
    assert!(report.contains("6 owners"), "{report}");
    // The regenerated document reads as the source.
    let ratio = similarity(&normalise(text), &regenerated(&dir.join("p.plan"), &dir));
    assert!(ratio >= 0.97, "similarity {ratio:.4}");
}

/// Gives each target the identifier it asks for, numbered when taken.
struct Ids(Vec<String>);

impl planc::import::figures::Namer for Ids {
    fn fresh(&mut self, wanted: &str) -> String {
        let mut id = wanted.to_string();
        let mut n = 2;
        while self.0.contains(&id) {
            id = format!("{wanted}{n}");
            n += 1;
        }
        self.0.push(id.clone());
        id
    }
}

#[test]
fn each_figure_form_becomes_a_cited_target() {
    use planc::import::figures::{pieces_to_string, scan};
    // sentence → (prose with citations, target statements)
    let table: &[(&str, &str, &[&str])] = &[
        (
            "新增学位14310个。",
            "新增学位{学位}。",
            &["指标 学位 \"新增学位\" 14310个"],
        ),
        (
            "综合得分91.5分以上",
            "综合得分{综合得分}",
            &["指标 综合得分 \"综合得分\" 91.5分 以上"],
        ),
        (
            "交流比例不低于15%",
            "交流比例不低于{交流比例}",
            &["指标 交流比例 \"交流比例\" 不低于 15%"],
        ),
        (
            "帮困奖优逾5500人次",
            "帮困奖优逾{帮困奖优}",
            &["指标 帮困奖优 \"帮困奖优\" 逾 5500人次"],
        ),
        (
            "参训人次超13万。",
            "参训人次超{参训人次}。",
            &["指标 参训人次 \"参训人次\" 超 13万"],
        ),
        (
            "共享率达100%",
            "共享率达{共享率}",
            &["指标 共享率 \"共享率\" 达 100%"],
        ),
        (
            "“明厨亮灶”建设达 100％",
            "“明厨亮灶”建设达 {明厨亮灶建设}",
            &["指标 明厨亮灶建设 \"“明厨亮灶”建设\" 达 100％"],
        ),
        (
            "力争满意率达95%以上",
            "力争满意率达{满意率}",
            &["指标 满意率 \"满意率\" 力争 达 95% 以上"],
        ),
        (
            "组建3-4个学科联盟",
            "组建{学科联盟}学科联盟",
            &["指标 学科联盟 \"组建学科联盟\" 3-4个"],
        ),
        // A change in a share against last year; the import declares the baseline `上年近视率`.
        (
            "力争近视率较上年降低1个百分点",
            "力争近视率较上年降低{近视率}",
            &["指标 近视率 \"近视率\" 力争 较 上年近视率 降低 1个百分点"],
        ),
        (
            "优良率比上年提高2个百分点",
            "优良率比上年提高{优良率}",
            &["指标 优良率 \"优良率\" 较 上年优良率 提高 2个百分点"],
        ),
        (
            "投入资金3.5亿元",
            "投入资金{投入资金}",
            &["指标 投入资金 \"投入资金\" 3.5亿元"],
        ),
        (
            "空气优良率不超过5%以内",
            "空气优良率不超过{空气优良率}以内",
            &["指标 空气优良率 \"空气优良率\" <= 5%"],
        ),
        (
            "项目44个，其中市本级8个，溧阳市4个，金坛区32个；",
            "项目{项目}，其中市本级{项目.市本级}，溧阳市{项目.溧阳市}，金坛区{项目.金坛区}；",
            &["指标 项目 \"项目\" 44个 其中 { 市本级 8个, 溧阳市 4个, 金坛区 32个 }"],
        ),
        (
            "小学、初中学业合格率分别达99.45%、96.6%，",
            "小学、初中学业合格率分别达{小学学业合格率}、{初中学业合格率}，",
            &[
                "指标 小学学业合格率 \"小学学业合格率\" 达 99.45%",
                "指标 初中学业合格率 \"初中学业合格率\" 达 96.6%",
            ],
        ),
        (
            "计划新增省优质幼儿园10所、市优质幼儿园18所",
            "计划新增省优质幼儿园{省优质幼儿园}、市优质幼儿园{市优质幼儿园}",
            &[
                "指标 省优质幼儿园 \"新增省优质幼儿园\" 10所",
                "指标 市优质幼儿园 \"市优质幼儿园\" 18所",
            ],
        ),
        // A range runs from low to high: `90-4个` is not one (and not a figure).
        ("覆盖率达90-4个", "覆盖率达90-4个", &[]),
        // Not figures: years, months, codes, versions, ordinals, bare numbers.
        (
            "2020年6月底前，规范12345热线，“5G”2.0时代，“3+4”，第5批",
            "2020年6月底前，规范12345热线，“5G”2.0时代，“3+4”，第5批",
            &[],
        ),
    ];
    for (sentence, prose, statements) in table {
        let scanned = scan(sentence, &mut Ids(Vec::new()));
        assert_eq!(
            &pieces_to_string(&scanned.pieces),
            prose,
            "prose of `{sentence}`"
        );
        let got: Vec<String> = scanned.targets.iter().map(|t| t.statement()).collect();
        assert_eq!(&got, statements, "targets of `{sentence}`");
    }
    // A share above 100% stays in the prose and is reported.
    let scanned = scan("产值增长150%", &mut Ids(Vec::new()));
    assert!(scanned.targets.is_empty());
    assert_eq!(scanned.unbound.len(), 1);
}

/// Real public work documents of other layouts (tests/fixtures/import/, each with its source URL in a
/// header): the import checks without errors, regenerates the source, and binds what the language
/// lets it bind. The numbers measured are in README.md.
#[test]
fn real_documents_of_other_layouts_import() {
    struct Case {
        file: &'static str,
        /// Least similarity of the regenerated document to the source.
        similarity: f32,
        /// Items (with sub-items) expected.
        items: u64,
        /// (figures bound, figures found).
        figures: (usize, usize),
        /// Owners declared.
        owners: &'static str,
    }
    let cases = [
        // 一、 sections, `1.` items, 牵头单位/责任单位 lines; the figures stand in one-clause run-in
        // titles (`1.努力实现地区生产总值增长6.2%左右。`), bound as targets cited from the title.
        Case {
            file: "lishan-2023-task-division.txt",
            similarity: 0.95,
            items: 6,
            figures: (5, 5),
            owners: "11 owners",
        },
        // A 政府工作报告 task list: `1.` goals and `(一)` areas with `12.` tasks, `(责任领导:…;牵头单位:…)` notes.
        Case {
            file: "xianan-2023-work-report-tasks.txt",
            similarity: 0.95,
            items: 13,
            figures: (8, 8),
            owners: "13 owners",
        },
        // One page of a city's 政府工作报告 task list: `——` headings over tasks numbered from 204,
        // several figures in one task, `(牵头单位:…;责任单位:…)` notes.
        Case {
            file: "wuhan-2023-work-report-tasks-education.txt",
            similarity: 0.95,
            items: 8,
            figures: (6, 6),
            owners: "13 owners",
        },
        // A district's 为民办实事 list: numbered tasks without sections, figures with 万 and 平方米.
        Case {
            file: "haimen-2020-education-practical-projects.txt",
            similarity: 0.95,
            items: 7,
            figures: (3, 3),
            owners: "0 owners",
        },
        // Another city's 教育工作要点, extracted from PDF: lines cut at the page width, `（责任单位：…）`.
        Case {
            file: "city-education-2022-work-points.txt",
            similarity: 0.95,
            items: 1,
            figures: (0, 0),
            owners: "1 owners",
        },
        // A multi-year plan (2016–2020, named “十三五”).
        Case {
            file: "national-education-13th-five-year-plan.txt",
            similarity: 0.95,
            items: 1,
            figures: (0, 0),
            owners: "0 owners",
        },
    ];
    let dir = temp_dir("real");
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    for case in cases {
        let source = std::fs::read_to_string(fixtures.join(case.file)).expect("fixture");
        assert!(
            source.starts_with("# source: http"),
            "{}: the source URL heads the fixture",
            case.file
        );
        let text: String = source
            .lines()
            .filter(|line| !line.starts_with('#'))
            .map(|line| format!("{line}\n"))
            .collect();
        dir.write(case.file, &text);
        let plan = case.file.replace(".txt", ".plan");
        let output = planc(&["import", case.file, "-o", &plan], &dir);
        let report = stderr(&output);
        assert!(output.status.success(), "{}: {report}", case.file);
        let summary = summary(&dir.join(&plan), &dir);
        assert_eq!(summary["errors"], 0, "{}: {report}", case.file);
        assert_eq!(summary["items"], case.items, "{}: {summary}", case.file);
        let (bound, found) = figures(&report);
        assert_eq!((bound, found), case.figures, "{}: {report}", case.file);
        // At least 90% of the figures found are bound.
        assert!(bound * 10 >= found * 9, "{}: {report}", case.file);
        assert!(report.contains(case.owners), "{}: {report}", case.file);
        let ratio = similarity(&normalise(&text), &regenerated(&dir.join(&plan), &dir));
        eprintln!(
            "{}: similarity {ratio:.4}, figures {:?}",
            case.file, case.figures
        );
        assert!(
            ratio >= case.similarity,
            "{}: similarity {ratio:.4}",
            case.file
        );
    }
}

/// Imports `p.txt` of `dir` with the 分解表 `table` into `p.plan`; requires success and the owners
/// and deadlines of the two tasks both table tests use. Gives the plan and the report.
pub(crate) fn import_with_table(dir: &Path, table: &str) -> (String, String) {
    let output = planc(&["import", "p.txt", "--table", table, "-o", "p.plan"], dir);
    let report = stderr(&output);
    assert!(output.status.success(), "{report}");
    let plan = std::fs::read_to_string(dir.join("p.plan")).expect("plan");
    crate::support::assert_contains(
        &plan,
        &[
            "牵头 区委教育工委",
            "配合 区教育局, 各街道",
            "时限 6月",
            "牵头 区发改局",
            "时限 第四季度",
        ],
    );
    (plan, report)
}

/// The document whose tasks the 分解表 tests give owners and deadlines (as CSV here, as .xlsx in
/// tests/tools/import.rs).
pub(crate) const TABLED_DOCUMENT: &str = "2021年某区教育工作要点\n\
    一、加强党的建设\n\
    （一）完善党建制度。建成示范点12个。\n\
    （二）推进学校建设。新建学校3所。\n";

#[test]
fn a_separate_table_gives_owners_and_deadlines() {
    let dir = temp_dir("csv");
    dir.write("p.txt", TABLED_DOCUMENT);
    // Excel saves CSV in GBK on Chinese Windows.
    let csv = "序号,重点任务,牵头单位,责任单位,完成时限\r\n\
        1,完善党建制度,区委教育工委,\"区教育局、各街道\",6月底前\r\n\
        ,推进学校建设。新建学校3所,区发改局,区教育局,第四季度\r\n\
        ,一项文件里没有的任务,区财政局,,年内\r\n";
    let (gbk, _, _) = encoding_rs::GBK.encode(csv);
    dir.write("t.csv", &gbk);
    let (plan, report) = import_with_table(&dir, "t.csv");
    assert!(!plan.contains("区财政局"), "{plan}");
    assert!(
        report.contains("no item of the document matches `一项文件里没有的任务`"),
        "{report}"
    );
    assert_eq!(summary(&dir.join("p.plan"), &dir)["errors"], 0);
    // A broken workbook is refused with the way out.
    dir.write("t.xlsx", b"PK\x03\x04");
    let output = planc(
        &["import", "p.txt", "--table", "t.xlsx", "-o", "q.plan"],
        &dir,
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("CSV"), "{}", stderr(&output));
    assert!(!dir.join("q.plan").exists());
}

#[test]
fn what_cannot_be_bound_stays_in_the_prose_and_is_reported() {
    let dir = temp_dir("unbound");
    let text = "2021年某区工作要点\n\
        去年新增学位3000个。\n\
        一、推进发展\n\
        （一）扩大投入。产值增长150%，新建学校3所。\n";
    dir.write("u.txt", text);
    let output = planc(&["import", "u.txt", "-o", "u.plan"], &dir);
    let report = stderr(&output);
    assert!(output.status.success(), "{report}");
    assert_eq!(figures(&report), (1, 3), "{report}");
    crate::support::assert_contains(
        &report,
        &[
            "line 2: `3000个` in the preamble",
            "line 4: `150%`: a share above 100%",
        ],
    );
    let plan = std::fs::read_to_string(dir.join("u.plan")).expect("plan");
    assert!(plan.contains("产值增长150%，新建学校{"), "{plan}");
    // The document still reads as the source.
    let ratio = similarity(&normalise(text), &regenerated(&dir.join("u.plan"), &dir));
    assert!(ratio >= 0.99, "similarity {ratio:.4}");
}

/// A figure in a one-clause run-in title becomes a target the title cites, and the plan numbers its
/// items as the source does (`1.` directly under `一、`, counting from 1 in each section).
#[test]
fn title_figures_are_bound_and_numbering_follows_the_source() {
    let dir = temp_dir("titles");
    let text = "某区2023年重点工作任务分解方案\n\
        一、主要预期目标\n\
        1.地区生产总值增长6%以上。\n\
        牵头单位：区发改局\n\
        2.新建公办中小学12所。\n\
        牵头单位：区教育局\n\
        二、重点任务\n\
        1.城镇登记失业率控制在4.5%以内。\n\
        牵头单位：区人社局\n";
    dir.write("p.txt", text);
    let output = planc(&["import", "p.txt", "-o", "p.plan"], &dir);
    let report = stderr(&output);
    assert!(output.status.success(), "{report}");
    assert_eq!(figures(&report), (3, 3), "{report}");
    let plan = std::fs::read_to_string(dir.join("p.plan")).expect("plan");
    crate::support::assert_contains(
        &plan,
        &[
            "编号 \"一、\" \"1.\" \"（1）\" 按部分",
            "\"新建公办中小学{",
            " 12所\n",
            "<= 4.5%",
        ],
    );
    assert_eq!(summary(&dir.join("p.plan"), &dir)["errors"], 0);
    assert_eq!(summary(&dir.join("p.plan"), &dir)["warnings"], 0);
    let document = regenerated(&dir.join("p.plan"), &dir);
    for line in [
        "一、主要预期目标",
        "1.地区生产总值增长6%以上。",
        "2.新建公办中小学12所。",
        "二、重点任务",
        "1.城镇登记失业率控制在4.5%以内。",
    ] {
        assert!(document.contains(line), "`{line}` missing:\n{document}");
    }
    // A changed figure in the plan changes the title it is cited from.
    dir.write("p.plan", plan.replace(" 12所\n", " 13所\n"));
    let regenerated = regenerated(&dir.join("p.plan"), &dir);
    assert!(
        regenerated.contains("2.新建公办中小学13所。"),
        "{regenerated}"
    );
}
