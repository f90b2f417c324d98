//! `planc schedule`: when everything happens, and what is critical.

use crate::emit::doc::Lang;
use crate::emit::schedule::{self as emit, Filter};
use crate::model::Plan;
use crate::pipeline::CheckOptions;
use crate::pipeline::{FAILED, USAGE};
use crate::schedule::{Schedule, ScheduleOptions};
use jiff::civil::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScheduleFormat {
    /// An aligned table for the terminal.
    Table,
    /// CSV for spreadsheets (UTF-8 with BOM, CRLF; occurrences as rows; headers per --lang).
    Csv,
    /// JSON (see schema/schedule.schema.json).
    Json,
    /// iCalendar: a one-day event per item (on its due date), milestone and occurrence.
    Ics,
    /// A Mermaid gantt chart.
    Mermaid,
    /// One self-contained HTML page with an SVG Gantt chart.
    Html,
}

/// Arguments of `planc schedule`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// The output format.
    #[arg(long, value_enum, default_value_t = ScheduleFormat::Table)]
    pub format: ScheduleFormat,
    /// Only items this owner or group leads or supports.
    #[arg(long, value_name = "OWNER")]
    pub owner: Option<String>,
    /// Only items running in this quarter: Q1–Q4, 1–4 or 一季度–四季度.
    #[arg(long, value_name = "QUARTER", conflicts_with = "month")]
    pub quarter: Option<String>,
    /// Only items running in this month: 1–12, 3月 or 2020-03.
    #[arg(long, value_name = "MONTH")]
    pub month: Option<String>,
    /// Move items within their slack to resolve owner overloads.
    #[arg(long)]
    pub level: bool,
    /// The day the HTML chart marks as today (default: the PLANC_TODAY variable; never the clock).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
    /// The language of the CSV headers (default: zh when the plan's title is Chinese, else en).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Parses a quarter (`Q2`, `2`, `二季度`) into its first and last day in `year`.
pub fn parse_quarter(text: &str, year: i16) -> Option<(Date, Date)> {
    let t = text.trim().trim_start_matches(['Q', 'q', '第']);
    let t = t.trim_end_matches("季度");
    let quarter: i8 = match t {
        "1" | "一" => 1,
        "2" | "二" => 2,
        "3" | "三" => 3,
        "4" | "四" => 4,
        _ => return None,
    };
    let first = Date::new(year, (quarter - 1) * 3 + 1, 1).ok()?;
    let last = Date::new(year, quarter * 3, 1).ok()?.last_of_month();
    Some((first, last))
}

/// Parses a month (`3`, `03`, `3月`, `2020-03`) into its first and last day (`year` unless given).
pub fn parse_month(text: &str, year: i16) -> Option<(Date, Date)> {
    let t = text.trim().trim_end_matches('月');
    let (year, month) = match t.split_once('-') {
        Some((y, m)) => (y.parse().ok()?, m.parse().ok()?),
        None => (year, t.parse().ok()?),
    };
    let first = Date::new(year, month, 1).ok()?;
    Some((first, first.last_of_month()))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    text.trim().parse().ok()
}

/// The "today" for charts: the option, else `PLANC_TODAY`; `Err` names a bad value.
pub fn today(option: Option<&str>) -> Result<Option<Date>, String> {
    let text = match option {
        Some(text) => Some(text.to_string()),
        None => std::env::var("PLANC_TODAY")
            .ok()
            .filter(|v| !v.trim().is_empty()),
    };
    match text {
        None => Ok(None),
        Some(text) => parse_date(&text)
            .map(Some)
            .ok_or_else(|| format!("`{text}` is not a date (YYYY-MM-DD)")),
    }
}

/// Renders a schedule in one format; `lang` names the CSV's header language (else the plan's).
pub fn render(
    plan: &Plan,
    schedule: &Schedule,
    format: ScheduleFormat,
    filter: &Filter,
    today: Option<Date>,
    lang: Option<Lang>,
) -> String {
    match format {
        ScheduleFormat::Table => emit::table::table(plan, schedule, filter),
        ScheduleFormat::Csv => emit::csv::csv_in(
            plan,
            schedule,
            filter,
            lang.unwrap_or_else(|| emit::csv::plan_lang(plan)),
        ),
        ScheduleFormat::Json => emit::json::json(plan, schedule, filter),
        ScheduleFormat::Ics => emit::ics::ics(plan, schedule, filter),
        ScheduleFormat::Mermaid => emit::mermaid::gantt(plan, schedule, filter),
        ScheduleFormat::Html => emit::html::html(plan, schedule, filter, today),
    }
}

/// Checks and schedules a plan file, printing diagnostics; `Err` is the exit code.
pub fn scheduled_plan(
    path: &Path,
    options: &CheckOptions,
    schedule_options: &ScheduleOptions,
) -> Result<(Plan, Schedule), u8> {
    let (plan, mut checked) = crate::pipeline::checked_plan(path, options)?;
    // The check scheduled the plan already (levelled when planc.toml asks for it); only
    // `--level` without planc.toml's asking schedules again.
    let level = schedule_options.level || checked.level;
    let scheduled = match checked.schedule.take() {
        Some(schedule) if schedule.leveled == level => Ok(schedule),
        _ => crate::schedule::schedule(&plan, &ScheduleOptions { level }),
    };
    match scheduled {
        Ok(schedule) => Ok((plan, schedule)),
        Err(diagnostics) => {
            let text = crate::diagnostic::report::human(
                &diagnostics,
                &checked.sources,
                crate::pipeline::style(options.color),
            );
            let _ = std::io::stderr().write_all(text.as_bytes());
            eprintln!(
                "error: `{}` cannot be scheduled; nothing written",
                path.display()
            );
            Err(FAILED)
        }
    }
}

/// Kept here for the callers that name it so (`commands::status`).
pub use super::write_output;

/// Runs the command; returns the exit code.
pub fn run(args: Args, leftovers: &mut crate::pipeline::Leftovers) -> u8 {
    let today = match today(args.today.as_deref()) {
        Ok(today) => today,
        Err(message) => {
            eprintln!("error: --today / PLANC_TODAY: {message}");
            return USAGE;
        }
    };
    let (plan, schedule) = match scheduled_plan(
        &args.file,
        &args.options,
        &ScheduleOptions { level: args.level },
    ) {
        Ok(pair) => pair,
        Err(code) => return code,
    };
    let year = plan.period.start.year();
    let range = match (&args.quarter, &args.month) {
        (Some(q), _) => match parse_quarter(q, year) {
            Some(range) => Some(range),
            None => {
                eprintln!("error: --quarter `{q}` is not a quarter (Q1–Q4, 1–4, 一季度–四季度)");
                return USAGE;
            }
        },
        (None, Some(m)) => match parse_month(m, year) {
            Some(range) => Some(range),
            None => {
                eprintln!("error: --month `{m}` is not a month (1–12, 3月, 2020-03)");
                return USAGE;
            }
        },
        (None, None) => None,
    };
    if let Some(owner) = &args.owner
        && !plan.owners.iter().any(|o| &o.id == owner)
        && !plan.groups.iter().any(|g| &g.id == owner)
    {
        let names = plan
            .owners
            .iter()
            .map(|o| o.id.as_str())
            .chain(plan.groups.iter().map(|g| g.id.as_str()));
        let hint = crate::diagnostic::did_you_mean(owner, names)
            .map(|h| format!("; {h}"))
            .unwrap_or_default();
        eprintln!("error: --owner `{owner}` is not an owner or group of the plan{hint}");
        return USAGE;
    }
    let filter = Filter {
        owner: args.owner.clone(),
        range,
    };
    let text = render(&plan, &schedule, args.format, &filter, today, args.lang);
    let code = write_output(args.output.as_deref(), &text);
    leftovers.keep((plan, schedule, text));
    code
}
