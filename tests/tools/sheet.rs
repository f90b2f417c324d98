//! The 台账 round trip: `planc sheet` writes a workbook, Python's openpyxl (a third-party program)
//! fills it in as an office would, `planc import-progress` reads it back. Every value must arrive
//! exactly; bad cells are reported as `file.xlsx sheet!cell` and nothing is written; LibreOffice
//! opens the workbook. Every check here needs openpyxl or LibreOffice, so the file is a module of
//! the tools harness (tests/tools/main.rs), which shows them as ignored when the tool is missing.

use crate::support::assert_contains;
use crate::support::plan_files::copy_bundled_plan;
use crate::support::planc::{planc, planc_ok};
use crate::support::{Scratch, root};
use crate::{Check, LIBREOFFICE, Tool, libreoffice_convert, python_module, run_tool};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const CHECKS: &[Check] = checks!("sheet":
    a_sheet_filled_by_openpyxl_imports_exactly needs [OPENPYXL],
    bad_cells_are_located_and_nothing_is_written needs [OPENPYXL],
    libreoffice_opens_the_workbook needs [LIBREOFFICE],
);

const OPENPYXL: Tool = python_module("openpyxl", "pip install openpyxl");

/// A copy of the bundled plan with the first two reports of its sample history.
fn workspace(name: &str) -> Scratch {
    let dir = Scratch::new(name);
    std::fs::create_dir_all(dir.join("plan/progress")).expect("temp dir");
    copy_bundled_plan(&dir.join("plan"), "plan.plan");
    for date in ["2020-03-31", "2020-06-30"] {
        std::fs::copy(
            root().join(format!("plans/progress/{date}.progress")),
            dir.join(format!("plan/progress/{date}.progress")),
        )
        .expect("copy progress");
    }
    dir
}

/// A [`workspace`], and the 台账 of 规划处 as of 2020-09-30 that `planc sheet` writes into it as
/// `book`: the folder, the plan's path and the workbook's path.
fn planning_office_sheet(name: &str, book: &str) -> (Scratch, PathBuf, PathBuf) {
    let dir = workspace(name);
    let plan = dir.join("plan/plan.plan");
    let book = dir.join(book);
    planc_ok(&[
        "sheet",
        plan.to_str().expect("path"),
        "--owner",
        "规划处",
        "--as-of",
        "2020-09-30",
        "-o",
        book.to_str().expect("path"),
    ]);
    (dir, plan, book)
}

fn python(script: &str) {
    run_tool(Command::new("python3").args(["-c", script]));
}

/// Fills rows by their 标识 (column B): {id: {column letter: value}}.
fn fill(input: &Path, output: &Path, cells: &str) {
    python(&format!(
        r#"
import openpyxl, json
cells = json.loads({cells:?})
wb = openpyxl.load_workbook({input:?})
ws = wb.active
for row in ws.iter_rows(min_row=3):
    values = cells.get(row[1].value)
    if values:
        for letter, value in values.items():
            ws[letter + str(row[0].row)] = value
wb.save({output:?})
"#,
        input = input.display().to_string(),
        output = output.display().to_string(),
    ));
}

const FILLED: &str = r#"{
  "学位供给.重点项目": {"H": 41, "I": 55.5, "J": "滞后", "K": "开工41个，竣工9所；\"两路\"{并进}\\", "L": "3个项目仍未开工", "M": "一事一议"},
  "学位供给.竣工学校": {"H": 9},
  "学位供给.新增学位": {"H": 7800.25},
  "高中统筹": {"I": 45, "J": "推进中", "K": "统筹方案已审定", "L": null},
  "教育规划": {"J": "已完成", "I": 100}
}"#;

fn a_sheet_filled_by_openpyxl_imports_exactly() {
    let (dir, plan, book) = planning_office_sheet("roundtrip", "规划处.xlsx");
    // What planc wrote: locked identifying columns, a protected sheet, the status drop-down,
    // the previous report filled in, the unit kept in the number format.
    python(&format!(
        r#"
import openpyxl
wb = openpyxl.load_workbook({book:?})
ws = wb["发展规划处"]
assert ws.protection.sheet
assert [c.value for c in ws[2]] == ["序号","标识","工作任务","牵头单位","责任单位","完成时限","目标值","完成值","完成进度","状态","完成情况","存在问题","下步打算"], [c.value for c in ws[2]]
rows = {{r[1].value: r for r in ws.iter_rows(min_row=3)}}
r = rows["学位供给.新增学位"]
assert r[1].protection.locked and r[2].protection.locked and r[6].protection.locked
assert not r[7].protection.locked
assert r[7].value == 3200, r[7].value
assert r[7].number_format == 'General"个"', r[7].number_format
first = rows["学位供给.重点项目"]
assert first[9].value == "滞后" and first[8].value == 30
lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
assert lists and "未启动" in lists[0].formula1 and "暂缓" in lists[0].formula1, lists
"#,
        book = book.display().to_string()
    ));
    let filled = dir.join("filled.xlsx");
    fill(&book, &filled, FILLED);
    let output = planc(&[
        "import-progress",
        plan.to_str().expect("path"),
        filled.to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let written = std::fs::read_to_string(dir.join("plan/progress/2020-09-30.progress"))
        .expect("the progress file of the sheets' date");
    for line in [
        "事项 学位供给 滞后 55.5% {",
        "  指标 重点项目 实际 41个",
        "  指标 竣工学校 实际 9所",
        "  指标 新增学位 实际 7800.25个",
        r#"  完成情况 "开工41个，竣工9所；\"两路\"\{并进\}\\""#,
        "  存在问题 \"3个项目仍未开工\"",
        "  下步打算 \"一事一议\"",
        "事项 高中统筹 推进中 45% {",
        "  完成情况 \"统筹方案已审定\"",
        "事项 教育规划 已完成 100%",
    ] {
        assert!(
            written.lines().any(|l| l == line),
            "missing `{line}` in:\n{written}"
        );
    }
    // A cell emptied in the sheet is not reported again.
    assert!(!written.contains("尚待市政府审定"), "{written}");
    // The file reads back through the parser with the values the sheet held.
    let json = planc(&["status", plan.to_str().expect("path"), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let item = json["items"]
        .as_array()
        .and_then(|items| items.iter().find(|i| i["id"] == "学位供给"))
        .expect("学位供给");
    assert_eq!(item["achieved"], "开工41个，竣工9所；\"两路\"{并进}\\");
    assert_eq!(item["complete"], "55.5");
    let target = json["targets"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["id"] == "新增学位"))
        .expect("新增学位");
    assert_eq!(target["actual"], "7800.25");
}

fn bad_cells_are_located_and_nothing_is_written() {
    let (dir, plan, book) = planning_office_sheet("bad", "规划处.xlsx");
    let filled = dir.join("bad.xlsx");
    fill(
        &book,
        &filled,
        r#"{
          "学位供给.重点项目": {"J": "进行中", "K": 100, "I": 120},
          "学位供给.竣工学校": {"H": "9个"},
          "学位供给.新增学位": {"B": "学位供应.新增学位"},
          "高中统筹": {"H": "很多"}
        }"#,
    );
    let output = planc(&[
        "import-progress",
        plan.to_str().expect("path"),
        filled.to_str().expect("path"),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    let name = filled.display().to_string();
    for (cell, code) in [
        ("J4", "planc::syntax"),
        ("K4", "planc::syntax"),
        ("I4", "planc::progress_share"),
        ("H5", "planc::progress_unit"),
        ("B6", "planc::progress_unknown"),
    ] {
        let located = format!("{name} 发展规划处!{cell}: error[{code}]");
        assert!(
            stderr.contains(&located),
            "missing `{located}` in:\n{stderr}"
        );
    }
    assert_contains(&stderr, &["did you mean `学位供给`?", "nothing written"]);
    assert!(
        !dir.join("plan/progress/2020-09-30.progress").exists(),
        "nothing is written when a cell is wrong"
    );
}

/// LibreOffice opens the workbook without repair: a headless conversion to CSV succeeds and
/// holds the rows.
fn libreoffice_opens_the_workbook() {
    let (dir, _plan, book) = planning_office_sheet("libreoffice", "taizhang.xlsx");
    let converted = libreoffice_convert(&dir, "csv:Text - txt - csv (StarCalc):44,34,76", &book)
        .output()
        .expect("libreoffice runs");
    let csv = std::fs::read_to_string(dir.join("taizhang.csv")).unwrap_or_default();
    assert!(
        csv.contains("学位供给.新增学位") && csv.contains("新增学位：14310个"),
        "LibreOffice did not read the workbook: {}\n{csv}",
        String::from_utf8_lossy(&converted.stderr)
    );
}
