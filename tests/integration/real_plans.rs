//! Real public work plans, written as `.plan` files under `plans/` (issue 13, "Proof on real
//! documents"). Each row names the plan, the source text it was written from (kept under
//! tests/fixtures/real/, its origin cited in the plan's first comment) and the similarity its
//! regenerated document had when the row was written. For each plan:
//! - `planc check` accepts it with no error and no warning (no false alarm on a correct plan);
//! - `planc doc --format md` reproduces the source: character similarity at least
//!   [`MIN_RATIO`] after the normalisation of tests/doc_seed.rs, and within 0.002 of the number
//!   recorded here (so a change that lowers it is seen, and a change that raises it updates the row).

use crate::support::{planc::planc, similarity};

use similarity::{document_text, normalise, similarity};

/// The least similarity a real plan's document may have to its source.
const MIN_RATIO: f32 = 0.97;

/// (plan, source text, similarity measured when written). Add a row per real plan.
const REAL_PLANS: &[(&str, &str, f32)] = &[
    // Rows are added by the plans' authors.
    (
        "plans/government-work-report-2025.plan",
        "tests/fixtures/real/government-work-report-2025.txt",
        0.9839,
    ),
    (
        "plans/shanghai-government-work-report-2019.plan",
        "tests/fixtures/real/shanghai-government-work-report-2019.txt",
        0.9823,
    ),
    (
        "plans/shenzhen-degrees-2022.plan",
        "tests/fixtures/real/shenzhen-degrees-2022.txt",
        0.9839,
    ),
    (
        "plans/wuwei-new-schools-2021.plan",
        "tests/fixtures/real/wuwei-new-schools-2021.txt",
        0.9942,
    ),
    // 立山区政府2023年重点工作任务分解和责任分工方案 (鞍山市立山区人民政府): 牵头/责任单位 lines.
    (
        "plans/lishan-2023-tasks.plan",
        "tests/fixtures/real/lishan-2023-tasks.txt",
        0.9868,
    ),
    // 《2023年通州区重要民生实事项目》教育项目 (北京市通州区, via 北京小升初网): 责任单位/完成期限 lines.
    (
        "plans/tongzhou-livelihood-2023.plan",
        "tests/fixtures/real/tongzhou-livelihood-2023.txt",
        1.0,
    ),
    // 2022年临安区政府民生实事项目 (杭州市临安区人民政府): a table with 实施计划 and 责任/配合单位.
    (
        "plans/linan-livelihood-2022.plan",
        "tests/fixtures/real/linan-livelihood-2022.txt",
        0.9834,
    ),
    // 2016年民生实事目标任务分解表 (大竹县人民政府办公室): a table with 责任单位 and 完成时限.
    (
        "plans/dazhu-livelihood-2016.plan",
        "tests/fixtures/real/dazhu-livelihood-2016.txt",
        0.9864,
    ),
];

#[test]
fn table_cells_reads_a_row_cell_by_cell() {
    assert_eq!(
        table_cells("标题\n| 序号 | 事项 |\n|---|---|\n| 1 |  |\n正文"),
        "标题\n序号\n事项\n1\n正文"
    );
}

/// A text with its table rows (`| a | b |`, Markdown's or a source's) read cell by cell, one
/// cell a line, empty cells and the Markdown rule row (`|---|---|`) left out: how a table's text
/// reads in the source fetched (each cell a line), so a plan written as a table (`表格`) is
/// compared with its source by the cells' text, not by the signs that draw the table.
fn table_cells(text: &str) -> String {
    let mut lines = Vec::new();
    for line in text.lines() {
        if !line.contains('|') {
            lines.push(line.to_string());
            continue;
        }
        for cell in line.split('|').map(str::trim) {
            if !cell.is_empty() && !cell.chars().all(|c| c == '-') {
                lines.push(cell.to_string());
            }
        }
    }
    lines.join("\n")
}

#[test]
fn real_plans_check_with_no_error_and_no_warning() {
    // Issue 13 asks for at least four real plans of different kinds.
    assert!(
        REAL_PLANS.len() >= 4,
        "only {} real plans",
        REAL_PLANS.len()
    );
    for plan in REAL_PLANS.iter().map(|row| row.0) {
        let output = planc(&["check", plan]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "planc check {plan} failed:\n{stderr}"
        );
        assert!(
            !stderr.contains("warning"),
            "planc check {plan} warns on a correct plan:\n{stderr}"
        );
    }
}

#[test]
fn real_plans_reproduce_their_sources() {
    for (plan, source, recorded) in REAL_PLANS {
        let text = table_cells(&document_text(plan));
        let source_text = std::fs::read_to_string(source)
            .unwrap_or_else(|error| panic!("cannot read {source}: {error}"));
        let ratio = similarity(&table_cells(&normalise(&source_text)), &text);
        eprintln!("{plan}: similarity {ratio:.4} (recorded {recorded:.4})");
        assert!(
            ratio >= MIN_RATIO,
            "{plan}: similarity {ratio:.4} is below {MIN_RATIO}"
        );
        assert!(
            (ratio - recorded).abs() <= 0.002,
            "{plan}: similarity {ratio:.4} differs from the recorded {recorded:.4}: update the row"
        );
    }
}

/// `check` is the gate: a real plan it accepts builds. Every real plan shares `plans/progress/`
/// (the bundled plan's history) with the others, so this also holds that progress files written
/// for another plan of the default folder are that plan's, not errors of this one.
#[test]
fn real_plans_build() {
    let dir = crate::support::Scratch::new("real-plans-build");
    let plans = REAL_PLANS.iter().map(|row| row.0);
    for (index, plan) in plans.enumerate() {
        let out = dir.path().join(index.to_string());
        let output = planc(&["build", plan, "-o", out.to_str().expect("a UTF-8 path")]);
        assert!(
            output.status.success(),
            "planc build {plan} failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(out.join("plan.json").is_file(), "{plan}: no plan.json");
    }
}
