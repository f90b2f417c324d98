//! `planc import` of .docx files made by python-docx (tests/support/make_docx.py): the seed with
//! automatic numbering, and a table of items. The helpers are those of the import tests
//! (tests/integration/import.rs), included here.

use crate::{Check, python_module, run_tool};
use std::path::Path;
use std::process::Command;

#[allow(dead_code)]
#[path = "../integration/import.rs"]
mod area;
use area::{SEED, assert_seed_import, import_with_table, planc, stderr, summary, temp_dir};

pub const CHECKS: &[Check] = checks!("import":
    seed_docx_with_automatic_numbering_imports_like_the_text needs [PYTHON_DOCX],
    docx_table_rows_become_items_with_owners_and_deadlines needs [PYTHON_DOCX],
    a_separate_xlsx_table_gives_owners_and_deadlines needs [OPENPYXL],
);

const PYTHON_DOCX: crate::Tool = python_module("docx", "pip install python-docx");
const OPENPYXL: crate::Tool = python_module("openpyxl", "pip install openpyxl");

/// Runs tests/support/make_docx.py (python-docx, which the harness found before the check ran).
fn make_docx(args: &[&str], dir: &Path) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/support/make_docx.py");
    run_tool(
        Command::new("python3")
            .arg(script)
            .args(args)
            .current_dir(dir),
    );
}

fn seed_docx_with_automatic_numbering_imports_like_the_text() {
    let dir = temp_dir("docx");
    dir.write("seed.txt", SEED);
    make_docx(&["seed", "seed.txt", "seed.docx"], &dir);
    // The numbering labels are not in the paragraphs' text: numbering.xml makes them.
    let document = crate::support::docx::document_xml(dir.join("seed.docx"));
    assert!(!document.contains("（十一）") && document.contains("w:numId"));
    let from_docx = assert_seed_import(&dir, "seed.docx", &[]);
    std::fs::remove_file(dir.join("seed.plan")).expect("remove");
    let from_text = assert_seed_import(&dir, "seed.txt", &[]);
    assert_eq!(
        from_docx.replace("《seed.docx》", "《seed.txt》"),
        from_text
    );
}

fn docx_table_rows_become_items_with_owners_and_deadlines() {
    let dir = temp_dir("table");
    make_docx(&["table", "table.docx"], &dir);
    let output = planc(&["import", "table.docx", "-o", "t.plan"], &dir);
    assert!(output.status.success(), "{}", stderr(&output));
    let plan = std::fs::read_to_string(dir.join("t.plan")).expect("plan");
    crate::support::assert_contains(
        &plan,
        &[
            // The section's `一、` comes from its paragraph style's numbering.
            "部分 重点工作任务 \"重点工作任务分解表\"",
            "事项 新建改扩建学校 \"新建改扩建学校\"",
            "牵头 市教育局",
            "配合 市发改委, 市财政局",
            "时限 12月",
            "时限 6月",
            "时限 第三季度",
            "1.2万人次 以上",
            "机构 市电教馆",
        ],
    );
    assert!(
        stderr(&output).contains("several lead owners"),
        "{}",
        stderr(&output)
    );
    let summary = summary(&dir.join("t.plan"), &dir);
    assert_eq!(summary["errors"], 0);
    assert_eq!(summary["items"], 3);
    assert_eq!(summary["targets"], 4);
}

/// The same 分解表 as an .xlsx workbook written by openpyxl (as an office would save it): a title
/// row above the header, a second sheet of notes, the 序号 as numbers, a deadline as a date and a
/// 责任单位 cell merged down two rows.
fn a_separate_xlsx_table_gives_owners_and_deadlines() {
    let dir = temp_dir("xlsx");
    dir.write("p.txt", area::TABLED_DOCUMENT);
    let script = r#"
import datetime, openpyxl
book = openpyxl.Workbook()
notes = book.active
notes.title = "说明"
notes.append(["本表由区政府办公室汇总"])
sheet = book.create_sheet("分解表")
sheet.append(["2021年重点工作任务分解表"])
sheet.append(["序号", "重点任务", "牵头单位", "责任单位", "完成时限"])
sheet.append([1, "完善党建制度", "区委教育工委", "区教育局、各街道", datetime.date(2021, 6, 30)])
sheet.append([2, "推进学校建设", "区发改局", None, "第四季度"])
sheet.merge_cells("D3:D4")
book.save("t.xlsx")
"#;
    run_tool(
        Command::new("python3")
            .args(["-c", script])
            .current_dir(&dir),
    );
    let (plan, _) = import_with_table(&dir, "t.xlsx");
    assert!(!plan.contains("本表"), "{plan}");
    // The 责任单位 cell merged down both rows counts for both tasks.
    assert_eq!(plan.matches("配合 区教育局, 各街道").count(), 2, "{plan}");
    assert_eq!(summary(&dir.join("p.plan"), &dir)["errors"], 0);
}
