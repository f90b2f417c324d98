//! The 台账 as a spreadsheet: written per owner for filling in (rust_xlsxwriter), read back and
//! validated cell by cell (calamine).
//!
//! A sheet has a title row (`《TITLE》工作台账（OWNER，截至DATE）`), a header row, and one row per
//! item the owner leads or supports, plus one row for each further target of the item. Column B
//! (标识) holds `ITEM` or `ITEM.TARGET`; it and the other identifying columns are locked (the sheet
//! is protected without a password, so that nobody changes them by accident). The status column
//! has a drop-down of the five statuses, 完成进度 accepts 0–100, and 完成值 shows the target's unit.

use super::check::target_unit;
use super::status::Status;
use super::syntax::Status as Reported;
use crate::model::{ItemId, OwnerId, Plan, TargetId, Unit};
use crate::schedule::Schedule;
use jiff::civil::Date;
use rust_decimal::Decimal;
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatBorder,
    Workbook,
};
use std::collections::HashMap;
use std::str::FromStr;

/// The columns, in order.
pub const COLUMNS: [&str; 13] = [
    "序号",
    "标识",
    "工作任务",
    "牵头单位",
    "责任单位",
    "完成时限",
    "目标值",
    "完成值",
    "完成进度",
    "状态",
    "完成情况",
    "存在问题",
    "下步打算",
];

const COL_ID: u16 = 1;
const COL_ACTUAL: u16 = 7;
const COL_PERCENT: u16 = 8;
const COL_STATUS: u16 = 9;
const COL_ACHIEVED: u16 = 10;
const COL_PROBLEMS: u16 = 11;
const COL_NEXT: u16 = 12;

/// The first row of data (0-based): after the title and the header.
const FIRST_ROW: u32 = 2;

/// The name of a sheet for an owner: its display name without the characters Excel forbids, at
/// most 31 characters.
pub fn sheet_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') {
                '_'
            } else {
                c
            }
        })
        .take(31)
        .collect();
    let cleaned = cleaned.trim_matches('\'').to_string();
    if cleaned.is_empty() {
        "台账".to_string()
    } else {
        cleaned
    }
}

fn owner_names(plan: &Plan, owners: &[OwnerId]) -> String {
    owners
        .iter()
        .map(|&o| plan.owners[o].display.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

fn unit_format(plan: &Plan, target: TargetId) -> String {
    let written = match Some(&plan.targets[target].kind) {
        Some(crate::model::TargetKind::Value { value, .. }) => value.unit_written.to_string(),
        Some(crate::model::TargetKind::Range { high, .. }) => high.unit_written.to_string(),
        _ => String::new(),
    };
    if written.is_empty() {
        "General".to_string()
    } else {
        format!("General\"{}\"", written.replace('"', ""))
    }
}

fn xlsx_error(error: rust_xlsxwriter::XlsxError) -> String {
    format!("cannot write the workbook: {error}")
}

/// Writes one workbook with a sheet per owner (indices into [`Plan::owners`]), filled in with the
/// latest status when one is given.
pub fn write(
    plan: &Plan,
    schedule: &Schedule,
    status: Option<&Status>,
    owners: &[OwnerId],
    as_of: Date,
) -> Result<Vec<u8>, String> {
    let mut workbook = Workbook::new();
    // The workbook's creation time is the 台账's as-of date, not the clock: the same plan and date
    // give the same bytes.
    let created = ExcelDateTime::from_ymd(
        u16::try_from(as_of.year()).map_err(|_| format!("the date {as_of} cannot be written"))?,
        u8::try_from(as_of.month()).unwrap_or(1),
        u8::try_from(as_of.day()).unwrap_or(1),
    )
    .map_err(xlsx_error)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let locked = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_background_color("#F2F2F2");
    let open = Format::new()
        .set_border(FormatBorder::Thin)
        .set_text_wrap()
        .set_unlocked();
    let header = Format::new()
        .set_border(FormatBorder::Thin)
        .set_bold()
        .set_background_color("#D9D9D9");
    let title_format = Format::new().set_bold().set_font_size(14);
    let percent = open.clone().set_num_format("General\"%\"");
    let mut unit_formats: HashMap<String, Format> = HashMap::new();
    let statuses: Vec<&str> = Reported::ALL.iter().map(|s| s.zh()).collect();
    let status_list = DataValidation::new()
        .allow_list_strings(&statuses)
        .map_err(xlsx_error)?
        .set_error_message("请从下拉列表中选择：未启动、推进中、已完成、滞后、暂缓")
        .map_err(xlsx_error)?;
    let percent_rule = DataValidation::new()
        .allow_decimal_number(DataValidationRule::Between(0.0, 100.0))
        .set_error_message("完成进度为0到100之间的数")
        .map_err(xlsx_error)?;
    let states: HashMap<ItemId, &super::status::ItemStatus> = status
        .map(|s| s.items.iter().map(|i| (i.item, i)).collect())
        .unwrap_or_default();
    let actuals: HashMap<TargetId, &(Decimal, String)> = status
        .map(|s| {
            s.targets
                .iter()
                .filter_map(|t| t.actual.as_ref().map(|a| (t.target, a)))
                .collect()
        })
        .unwrap_or_default();
    let mut used_names: Vec<String> = Vec::new();
    for &owner_index in owners {
        let owner = &plan.owners[owner_index];
        let mut name = sheet_name(&owner.display);
        if used_names.contains(&name) {
            name = sheet_name(&format!("{}_{}", owner.id, used_names.len()));
        }
        used_names.push(name.clone());
        let sheet = workbook.add_worksheet();
        sheet.set_name(&name).map_err(xlsx_error)?;
        sheet
            .write_string_with_format(
                0,
                0,
                format!(
                    "《{}》工作台账（{}，截至{as_of}）",
                    plan.title, owner.display
                ),
                &title_format,
            )
            .map_err(xlsx_error)?;
        for (column, title) in COLUMNS.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(0);
            sheet
                .write_string_with_format(1, column, *title, &header)
                .map_err(xlsx_error)?;
        }
        for (column, width) in [6, 16, 36, 14, 18, 11, 12, 12, 9, 9, 30, 24, 24]
            .into_iter()
            .enumerate()
        {
            sheet
                .set_column_width(u16::try_from(column).unwrap_or(0), width)
                .map_err(xlsx_error)?;
        }
        let mut row = FIRST_ROW;
        for (index, item) in plan.items.iter_enumerated() {
            if !item.owner_indices().contains(&owner_index) {
                continue;
            }
            let state = states.get(&index);
            let lead = item
                .lead
                .as_ref()
                .map(|l| owner_names(plan, &l.owners))
                .unwrap_or_default();
            let support: Vec<OwnerId> = item
                .support
                .iter()
                .flat_map(|s| s.owners.iter().copied())
                .collect();
            let due = schedule.items[index].finish.to_string();
            let targets: Vec<Option<TargetId>> = if item.targets.is_empty() {
                vec![None]
            } else {
                item.targets.iter().map(|&t| Some(t)).collect()
            };
            for (position, target) in targets.into_iter().enumerate() {
                let first = position == 0;
                let id = match target.map(|t| &plan.targets[t]) {
                    Some(t) => format!("{}.{}", item.id, t.id),
                    None => item.id.to_string(),
                };
                let fixed = [
                    item.number.to_string(),
                    id,
                    item.title.to_string(),
                    lead.clone(),
                    owner_names(plan, &support),
                    due.clone(),
                    target
                        .map(|t| &plan.targets[t])
                        .map(|t| format!("{}：{}", t.metric, plan.render_target(t)))
                        .unwrap_or_default(),
                ];
                for (column, text) in fixed.iter().enumerate() {
                    sheet
                        .write_string_with_format(
                            row,
                            u16::try_from(column).unwrap_or(0),
                            text,
                            &locked,
                        )
                        .map_err(xlsx_error)?;
                }
                match target {
                    Some(t) => {
                        let format = unit_formats
                            .entry(unit_format(plan, t))
                            .or_insert_with_key(|key| open.clone().set_num_format(key.as_str()))
                            .clone();
                        // An `Option` writes a blank cell, in the format the entry will take,
                        // where there is no actual yet.
                        let actual = actuals.get(&t).and_then(|(v, _)| f64::try_from(*v).ok());
                        sheet
                            .write_with_format(row, COL_ACTUAL, actual, &format)
                            .map_err(xlsx_error)?;
                    }
                    None => {
                        sheet
                            .write_blank(row, COL_ACTUAL, &locked)
                            .map_err(xlsx_error)?;
                    }
                }
                if first {
                    // Nothing reported yet: blank cells, in their columns' formats.
                    let complete = state
                        .and_then(|s| s.complete)
                        .and_then(|c| f64::try_from(c).ok());
                    sheet
                        .write_with_format(row, COL_PERCENT, complete, &percent)
                        .map_err(xlsx_error)?;
                    let reported = state.filter(|s| s.reported.is_some());
                    let texts = [
                        (COL_STATUS, reported.map(|s| s.status.zh().to_string())),
                        (COL_ACHIEVED, state.and_then(|s| s.achieved.clone())),
                        (COL_PROBLEMS, state.and_then(|s| s.problems.clone())),
                        (COL_NEXT, state.and_then(|s| s.next.clone())),
                    ];
                    for (column, text) in texts {
                        sheet
                            .write_with_format(row, column, text, &open)
                            .map_err(xlsx_error)?;
                    }
                } else {
                    for column in COL_PERCENT..=COL_NEXT {
                        sheet
                            .write_blank(row, column, &locked)
                            .map_err(xlsx_error)?;
                    }
                }
                row += 1;
            }
        }
        if row > FIRST_ROW {
            sheet
                .add_data_validation(FIRST_ROW, COL_STATUS, row - 1, COL_STATUS, &status_list)
                .map_err(xlsx_error)?;
            sheet
                .add_data_validation(FIRST_ROW, COL_PERCENT, row - 1, COL_PERCENT, &percent_rule)
                .map_err(xlsx_error)?;
        }
        sheet.set_freeze_panes(FIRST_ROW, 3).map_err(xlsx_error)?;
        sheet.protect();
    }
    if used_names.is_empty() {
        return Err("no owner to write a sheet for".to_string());
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// A problem in one cell of a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellProblem {
    /// Error or warning.
    pub severity: crate::diagnostic::Severity,
    /// The code.
    pub code: crate::diagnostic::Code,
    /// The sheet's name.
    pub sheet: String,
    /// The cell, e.g. `H5`.
    pub cell: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

/// `A1`-style name of a 0-based cell.
pub fn cell_name(row: u32, column: u16) -> String {
    let mut letters = String::new();
    let mut n = u32::from(column) + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.insert(0, char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    format!("{letters}{}", row + 1)
}

/// The entries read from workbooks, by item, and the reporting date their titles give.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// One entry per item, in the order first met.
    pub entries: Vec<super::check::Entry>,
    /// The date in the sheets' titles (`截至DATE`), when they agree.
    pub as_of: Option<Date>,
    /// Every problem found.
    pub problems: Vec<CellProblem>,
}

/// A cell's text, or `None` when empty.
fn cell_text(cell: Option<&calamine::Data>) -> Option<String> {
    use calamine::Data;
    match cell? {
        Data::Empty => None,
        Data::String(s) if s.trim().is_empty() => None,
        Data::String(s) => Some(s.trim().to_string()),
        Data::Float(f) => Some(f.to_string()),
        Data::Int(i) => Some(i.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::DateTime(d) => Some(d.to_string()),
        Data::Error(e) => Some(format!("{e:?}")),
    }
}

/// The number and unit of a `完成值` cell: a number, or text such as `9800个`.
fn split_number(text: &str) -> Option<(Decimal, String)> {
    let text = text.trim().replace(',', "");
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_ascii_digit() || *c == '.'))
        .map(|(i, _)| i)
        .unwrap_or(text.len());
    let (number, rest) = text.split_at(end);
    let (scale, rest) = if let Some(rest) = rest.strip_prefix('万') {
        (Decimal::from(10_000), rest)
    } else if let Some(rest) = rest.strip_prefix('亿') {
        (Decimal::from(100_000_000), rest)
    } else {
        (Decimal::ONE, rest)
    };
    let value = Decimal::from_str(number).ok()?.checked_mul(scale)?;
    Some((value.normalize(), rest.trim().to_string()))
}

fn float_decimal(value: f64) -> Option<Decimal> {
    // The shortest text that reads back as the same double: what the person typed.
    Decimal::from_str(&format!("{value}"))
        .ok()
        .map(|d| d.normalize())
}

/// Reads every sheet of a workbook against the plan.
pub fn read(plan: &Plan, bytes: &[u8], read: &mut Read) -> Result<(), String> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("not an .xlsx workbook: {e}"))?;
    let items: HashMap<&str, ItemId> = plan
        .items
        .iter_enumerated()
        .map(|(i, item)| (item.id.as_str(), i))
        .collect();
    let mut seen: HashMap<ItemId, usize> = HashMap::new();
    for name in workbook.sheet_names() {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| format!("cannot read sheet `{name}`: {e}"))?;
        let cell = |row: u32, column: u16| range.get_value((row, u32::from(column)));
        let mut problem = |row: u32, column: u16, code, message: String, help: &str| {
            read.problems.push(CellProblem {
                severity: crate::diagnostic::Severity::Error,
                code,
                sheet: name.clone(),
                cell: cell_name(row, column),
                message,
                help: help.to_string(),
            });
        };
        use crate::diagnostic::Code;
        let title = cell_text(cell(0, 0)).unwrap_or_default();
        let plan_title = title
            .strip_prefix('《')
            .and_then(|rest| rest.split_once('》'))
            .map(|(t, _)| t.to_string());
        if plan_title.as_deref() != Some(plan.title.as_str()) {
            problem(
                0,
                0,
                Code::ProgressPlan,
                format!(
                    "this sheet is not a 台账 of `{}`: its title reads `{title}`",
                    plan.title
                ),
                "import the sheets `planc sheet` wrote for this plan",
            );
            continue;
        }
        if let Some(date) = title
            .rsplit_once("截至")
            .and_then(|(_, rest)| rest.get(..10))
            .and_then(|d| d.parse::<Date>().ok())
        {
            read.as_of.get_or_insert(date);
        }
        for (column, expected) in COLUMNS.iter().enumerate() {
            let column = u16::try_from(column).unwrap_or(0);
            if cell_text(cell(1, column)).as_deref() != Some(expected) {
                problem(
                    1,
                    column,
                    Code::Syntax,
                    format!("the header of this column should read `{expected}`"),
                    "columns may not be moved, added or renamed",
                );
            }
        }
        let height = range.end().map(|(r, _)| r + 1).unwrap_or(0);
        for row in FIRST_ROW..height {
            let Some(id) = cell_text(cell(row, COL_ID)) else {
                if (0..COLUMNS.len())
                    .any(|c| cell_text(cell(row, u16::try_from(c).unwrap_or(0))).is_some())
                {
                    problem(
                        row,
                        COL_ID,
                        Code::ProgressUnknown,
                        "this row has no 标识".to_string(),
                        "rows may not be added: every row of a 台账 comes from the plan",
                    );
                }
                continue;
            };
            let (item_id, target_id) = match id.split_once('.') {
                Some((item, target)) => (item.to_string(), Some(target.to_string())),
                None => (id.clone(), None),
            };
            let Some(&item) = items.get(item_id.as_str()) else {
                let hint = crate::diagnostic::did_you_mean(&item_id, items.keys().copied())
                    .map(|h| format!("{h} "))
                    .unwrap_or_default();
                problem(
                    row,
                    COL_ID,
                    Code::ProgressUnknown,
                    format!("the plan has no item `{item_id}`: was this row's 标识 edited?"),
                    &format!("{hint}the identifying columns must stay as `planc sheet` wrote them"),
                );
                continue;
            };
            let plan_item = &plan.items[item];
            let target = match &target_id {
                None => None,
                Some(t) => match plan_item
                    .targets
                    .iter()
                    .copied()
                    .find(|&i| plan.targets[i].id.as_str() == t)
                {
                    Some(index) => Some(index),
                    None => {
                        problem(
                            row,
                            COL_ID,
                            Code::ProgressUnknown,
                            format!("`{item_id}` has no target `{t}`: was this row's 标识 edited?"),
                            "the identifying columns must stay as `planc sheet` wrote them",
                        );
                        continue;
                    }
                },
            };
            let position = *seen.entry(item).or_insert_with(|| {
                read.entries.push(super::check::Entry {
                    item,
                    ..Default::default()
                });
                read.entries.len() - 1
            });
            let Some(entry) = read.entries.get_mut(position) else {
                continue;
            };
            if let Some(target) = target {
                let expected = target_unit(plan, target);
                let value = match cell(row, COL_ACTUAL) {
                    None | Some(Data::Empty) => None,
                    Some(Data::Float(f)) => float_decimal(*f).map(|v| (v, None)),
                    Some(Data::Int(i)) => Some((Decimal::from(*i), None)),
                    Some(Data::String(s)) if s.trim().is_empty() => None,
                    Some(Data::String(s)) => match split_number(s) {
                        Some((v, unit)) => Some((v, Some(unit))),
                        None => {
                            problem(
                                row,
                                COL_ACTUAL,
                                Code::Syntax,
                                format!("`{s}` is not a number"),
                                "write the value reached so far as a number, e.g. `9800`",
                            );
                            None
                        }
                    },
                    Some(other) => {
                        problem(
                            row,
                            COL_ACTUAL,
                            Code::Syntax,
                            format!("`{other}` is not a number"),
                            "write the value reached so far as a number",
                        );
                        None
                    }
                };
                if let Some((value, unit)) = value {
                    let unit_ok = match (&unit, &expected) {
                        (None, _) | (_, None) => true,
                        (Some(u), Some(e)) => u.is_empty() || unit_matches(u, e),
                    };
                    if !unit_ok {
                        let shown = expected.as_ref().map(Unit::name).unwrap_or("");
                        problem(
                            row,
                            COL_ACTUAL,
                            Code::ProgressUnit,
                            format!(
                                "the actual is given in `{}`, but the target is measured in `{shown}`",
                                unit.unwrap_or_default()
                            ),
                            "give the number alone, in the target's unit",
                        );
                    } else if expected == Some(Unit::Percent) && value > Decimal::ONE_HUNDRED {
                        problem(
                            row,
                            COL_ACTUAL,
                            Code::ProgressShare,
                            format!("a share of {value}% is more than the whole"),
                            "a share is between 0 and 100",
                        );
                    } else {
                        let written = expected
                            .as_ref()
                            .map(|u| match u {
                                Unit::None => String::new(),
                                other => unit_written(plan, target)
                                    .unwrap_or_else(|| other.name().to_string()),
                            })
                            .unwrap_or_default();
                        entry
                            .actuals
                            .push((target, value, format!("{value}{written}")));
                    }
                }
            }
            match cell(row, COL_PERCENT) {
                None | Some(Data::Empty) => {}
                Some(Data::Float(f)) => match float_decimal(*f) {
                    Some(v) if v > Decimal::ONE_HUNDRED || v < Decimal::ZERO => problem(
                        row,
                        COL_PERCENT,
                        Code::ProgressShare,
                        format!("{v}% complete is not between 0 and 100"),
                        "per cent complete is between 0 and 100",
                    ),
                    Some(v) => entry.percent = Some(v),
                    None => {}
                },
                Some(Data::Int(i)) if (0..=100).contains(i) => {
                    entry.percent = Some(Decimal::from(*i))
                }
                Some(Data::Int(i)) => problem(
                    row,
                    COL_PERCENT,
                    Code::ProgressShare,
                    format!("{i}% complete is not between 0 and 100"),
                    "per cent complete is between 0 and 100",
                ),
                Some(Data::String(s)) if s.trim().is_empty() => {}
                Some(Data::String(s)) => {
                    match Decimal::from_str(s.trim().trim_end_matches(['%', '％'])) {
                        Ok(v) if v >= Decimal::ZERO && v <= Decimal::ONE_HUNDRED => {
                            entry.percent = Some(v.normalize())
                        }
                        Ok(v) => problem(
                            row,
                            COL_PERCENT,
                            Code::ProgressShare,
                            format!("{v}% complete is not between 0 and 100"),
                            "per cent complete is between 0 and 100",
                        ),
                        Err(_) => problem(
                            row,
                            COL_PERCENT,
                            Code::Syntax,
                            format!("`{s}` is not a per cent"),
                            "write a number between 0 and 100",
                        ),
                    }
                }
                Some(other) => problem(
                    row,
                    COL_PERCENT,
                    Code::Syntax,
                    format!("`{other}` is not a per cent"),
                    "write a number between 0 and 100",
                ),
            }
            match cell(row, COL_STATUS) {
                None | Some(Data::Empty) => {}
                Some(Data::String(s)) if s.trim().is_empty() => {}
                Some(Data::String(s)) => match Reported::from_word(s.trim()) {
                    Some(status) => entry.status = Some(status),
                    None => problem(
                        row,
                        COL_STATUS,
                        Code::Syntax,
                        format!("`{}` is not a status", s.trim()),
                        "choose one of 未启动, 推进中, 已完成, 滞后, 暂缓 from the drop-down",
                    ),
                },
                Some(other) => problem(
                    row,
                    COL_STATUS,
                    Code::Syntax,
                    format!("`{other}` is not a status"),
                    "choose one of 未启动, 推进中, 已完成, 滞后, 暂缓 from the drop-down",
                ),
            }
            for (column, slot) in [
                (COL_ACHIEVED, &mut entry.achieved),
                (COL_PROBLEMS, &mut entry.problems),
                (COL_NEXT, &mut entry.next),
            ] {
                match cell(row, column) {
                    None | Some(Data::Empty) => {}
                    Some(Data::String(s)) if s.trim().is_empty() => {}
                    Some(Data::String(s)) => *slot = Some(s.trim().replace(['\r', '\n'], " ")),
                    Some(other) => problem(
                        row,
                        column,
                        Code::Syntax,
                        format!("`{other}` in a text column"),
                        "this column takes text: write the figure with its words, e.g. `完成100场`",
                    ),
                }
            }
        }
    }
    Ok(())
}

fn unit_written(plan: &Plan, target: TargetId) -> Option<String> {
    match &plan.targets[target].kind {
        crate::model::TargetKind::Value { value, .. } => Some(value.unit_written.to_string()),
        crate::model::TargetKind::Range { high, .. } => Some(high.unit_written.to_string()),
        _ => None,
    }
}

fn unit_matches(written: &str, expected: &Unit) -> bool {
    match expected {
        Unit::None => written.is_empty(),
        Unit::Percent => matches!(written, "%" | "％"),
        Unit::PercentPoint => matches!(written, "个百分点" | "pp"),
        Unit::Named(name) => written == name.as_str(),
    }
}
