//! `planc status`: where the plan stands as of a day, from its progress files.

use crate::calendar::Calendar;
use crate::model::Plan;
use crate::pipeline::CheckOptions;
use crate::pipeline::{FAILED, OK, USAGE};
use crate::progress::{self, ProgressSource, Snapshot, render};
use crate::schedule::{Schedule, ScheduleOptions};
use crate::source::SourceMap;
use jiff::civil::Date;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output formats of the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// A table for the terminal.
    Human,
    /// The 督查通报 in Markdown.
    Md,
    /// The 督查通报 as an HTML page in the layout of an official document.
    Html,
    /// The 督查通报 as a Word document (.docx; needs `-o`).
    Docx,
    /// A one-page HTML dashboard with charts (inline SVG, no script).
    Dashboard,
    /// Everything, for tools.
    Json,
}

/// Arguments of `planc status`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// A progress file, or a folder of them (`*.progress`). Default: `progress/` beside the plan.
    #[arg(long, value_name = "DIR")]
    pub progress: Option<PathBuf>,
    /// The day to report on (YYYY-MM-DD). Default: the latest reporting date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// Also compare with this earlier day (YYYY-MM-DD): what advanced, what slipped.
    #[arg(long, value_name = "DATE")]
    pub since: Option<Date>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// A checked plan, its schedule and calendar, and its checked progress history.
pub struct Tracked {
    /// The plan.
    pub plan: Plan,
    /// Its schedule.
    pub schedule: Schedule,
    /// Its working-day calendar.
    pub calendar: Calendar,
    /// The progress files, by reporting date.
    pub snapshots: Vec<Snapshot>,
    /// Every file read, plan and progress.
    pub sources: SourceMap,
}

/// `PLANC_TIMINGS=1`: how long each step of `planc status` took, on standard error, as wall time
/// and as the CPU time of the main thread (from `/proc/thread-self/schedstat`, on Linux), which
/// the other processes of a loaded machine do not inflate: the main thread's CPU time is what the
/// run would take with a core to itself; and the memory resident after each step
/// (`/proc/self/status`). BENCHMARKS.md quotes them.
struct Timings {
    on: bool,
    wall: std::time::Instant,
    cpu: Option<std::time::Duration>,
}

impl Timings {
    fn start() -> Timings {
        let on = std::env::var_os("PLANC_TIMINGS").is_some_and(|v| !v.is_empty() && v != "0");
        Timings {
            on,
            wall: std::time::Instant::now(),
            cpu: if on { thread_cpu() } else { None },
        }
    }

    /// Prints the step just finished and starts the next.
    fn step(&mut self, name: &str) {
        if !self.on {
            return;
        }
        let cpu = thread_cpu();
        let spent = match (self.cpu, cpu) {
            (Some(before), Some(after)) => format!("{:.3} s", (after - before).as_secs_f64()),
            _ => "?".to_string(),
        };
        let resident = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|status| {
                let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
                Some(line.trim_start_matches("VmRSS:").trim().to_string())
            })
            .unwrap_or_else(|| "?".to_string());
        eprintln!(
            "planc status: {name:<28} {:.3} s wall, {spent} CPU on the main thread, {resident} resident",
            self.wall.elapsed().as_secs_f64()
        );
        *self = Timings {
            on: true,
            wall: std::time::Instant::now(),
            cpu,
        };
    }
}

/// The CPU time this thread has run, where the system says.
fn thread_cpu() -> Option<std::time::Duration> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = text.split_whitespace().next()?.parse().ok()?;
    Some(std::time::Duration::from_nanos(nanos))
}

/// The progress files at `path`: the file itself, or every `*.progress` in the folder, by name.
/// A missing default folder is an empty history.
pub fn read_progress(path: &Path, required: bool) -> Result<Vec<ProgressSource>, String> {
    if path.is_file() {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        return Ok(vec![ProgressSource {
            name: path.display().to_string(),
            path: path.to_path_buf(),
            text,
        }]);
    }
    if !path.is_dir() {
        return if required {
            Err(format!("no progress file or folder `{}`", path.display()))
        } else {
            Ok(Vec::new())
        };
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "progress") && p.is_file())
        .collect();
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
        files.push(ProgressSource {
            name: path.display().to_string(),
            path,
            text,
        });
    }
    Ok(files)
}

/// The default progress folder: `progress/` beside the plan.
pub fn default_progress_dir(plan: &Path) -> PathBuf {
    plan.parent()
        .map(|p| p.join("progress"))
        .unwrap_or_else(|| PathBuf::from("progress"))
}

/// Checks and schedules the plan, reads and checks its progress files, and prints every problem.
/// `Err` is the exit code.
pub fn tracked(
    path: &Path,
    progress: Option<&Path>,
    extra: Vec<ProgressSource>,
    options: &CheckOptions,
) -> Result<Tracked, u8> {
    let folder = progress
        .map(Path::to_path_buf)
        .unwrap_or_else(|| default_progress_dir(path));
    // The progress files are read and parsed on a second thread while the plan is loaded and
    // checked on this one. They are checked against the plan on this thread while the plan's
    // schedule is made on the other, and against the schedule once it is made.
    let read = || read_progress(&folder, progress.is_some()).map(progress::prepare);
    let only_this_plan = progress.is_none();
    let mut timings = Timings::start();
    let mut extra = Some(extra);
    let (checked, names) = std::thread::scope(|scope| {
        let mut reader = std::thread::Builder::new().spawn_scoped(scope, read).ok();
        let mut join = move || match reader.take() {
            Some(reader) => reader.join().unwrap_or_else(|_| read()),
            None => read(),
        };
        let mut read_files = None;
        let checked =
            crate::pipeline::checked_plan_beside(path, options, |plan, sources: &mut SourceMap| {
                let files = join();
                progress_names(plan, sources, files, extra.take(), only_this_plan)
            });
        if !matches!(checked, Ok((_, _, Some(_)))) {
            read_files = Some(join());
        }
        (checked, read_files)
    });
    timings.step("load, check, schedule the plan");
    let (plan, mut checked, names_beside) = checked?;
    let mut sources = std::mem::take(&mut checked.sources);
    let style = crate::pipeline::style(options.color);
    // The check scheduled the plan already (levelled when planc.toml asks for it), as
    // `schedule::scheduled_plan` uses it: the same schedule as the checklists, not a second one.
    let level = checked.level;
    let scheduled = match checked.schedule.take() {
        Some(schedule) if schedule.leveled == level => Ok(schedule),
        _ => crate::schedule::schedule(&plan, &ScheduleOptions { level }),
    };
    let scheduled = scheduled
        .map_err(|diagnostics| vec![diagnostics])
        .and_then(|schedule| {
            crate::schedule::calendar(&plan)
                .map(|calendar| (schedule, calendar))
                .map_err(|d| vec![vec![d]])
        });
    let (schedule, calendar) = match scheduled {
        Ok(pair) => pair,
        Err(diagnostics) => {
            let diagnostics: Vec<_> = diagnostics.into_iter().flatten().collect();
            let text = crate::diagnostic::report::human(&diagnostics, &sources, style);
            let _ = std::io::stderr().write_all(text.as_bytes());
            eprintln!(
                "error: `{}` cannot be scheduled; nothing written",
                path.display()
            );
            return Err(FAILED);
        }
    };
    // When the plan had errors at first (that planc.toml then allowed), its progress files were
    // not checked beside the schedule: they are now.
    let checked_names = match (names_beside, names) {
        (Some(done), _) => done,
        (None, Some(files)) => {
            progress_names(&plan, &mut sources, files, extra.take(), only_this_plan)
        }
        (None, None) => Err("the progress files were not read".to_string()),
    };
    let (unscheduled, mut diagnostics) = match checked_names {
        Ok(pair) => pair,
        Err(message) => {
            eprintln!("error: {message}");
            return Err(USAGE);
        }
    };
    let snapshots = unscheduled.finish(&plan, &schedule, &mut diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    timings.step("check the progress files");
    if !diagnostics.is_empty() {
        let text = crate::diagnostic::report::human(&diagnostics, &sources, style);
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    let errors = diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let warnings = diagnostics
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Warning);
    if errors || (options.deny_warnings && warnings) {
        eprintln!("error: the progress files have errors; nothing written");
        return Err(FAILED);
    }
    Ok(Tracked {
        plan,
        schedule,
        calendar,
        snapshots,
        sources,
    })
}

/// The progress files added to `sources` and checked against the plan alone (the first half of
/// [`progress::check::check`]), with the problems found. With `only_this_plan` (the default folder
/// beside the plan, shared by the plans of that folder) a file whose header names another plan is
/// that plan's and left out; a folder or file given with `--progress` is this plan's, and such a
/// file is reported.
fn progress_names(
    plan: &Plan,
    sources: &mut SourceMap,
    files: Result<Vec<progress::Prepared>, String>,
    extra: Option<Vec<ProgressSource>>,
    only_this_plan: bool,
) -> Result<
    (
        progress::check::Unscheduled,
        Vec<crate::diagnostic::Diagnostic>,
    ),
    String,
> {
    let mut files = files?;
    files.extend(progress::prepare(extra.unwrap_or_default()));
    let mut diagnostics = Vec::new();
    let mut trees = progress::add_all(sources, files, &mut diagnostics);
    if only_this_plan {
        trees.retain(|(_, tree)| {
            tree.header
                .as_ref()
                .is_none_or(|header| header.plan.node == plan.title)
        });
    }
    let unscheduled = progress::check::check_names(plan, trees, &mut diagnostics);
    Ok((unscheduled, diagnostics))
}

/// The day to report on: the option, else the latest reporting date.
pub fn as_of(option: Option<Date>, snapshots: &[Snapshot]) -> Result<Date, String> {
    option
        .or_else(|| snapshots.last().map(|s| s.as_of))
        .ok_or_else(|| {
            "no progress file was found, so there is no day to report on: give --as-of YYYY-MM-DD"
                .to_string()
        })
}

/// Runs the command; returns the exit code.
pub fn run(args: Args, leftovers: &mut crate::pipeline::Leftovers) -> u8 {
    let tracked = match tracked(
        &args.file,
        args.progress.as_deref(),
        Vec::new(),
        &args.options,
    ) {
        Ok(tracked) => tracked,
        Err(code) => return code,
    };
    let day = match as_of(args.as_of, &tracked.snapshots) {
        Ok(day) => day,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    if !tracked.plan.period.contains(day) {
        eprintln!(
            "error: --as-of {day} is outside the plan period {} .. {}",
            tracked.plan.period.start, tracked.plan.period.end
        );
        return USAGE;
    }
    let mut timings = Timings::start();
    let status = progress::status::compute(
        &tracked.plan,
        &tracked.schedule,
        &tracked.calendar,
        &tracked.snapshots,
        day,
    );
    timings.step("status");
    if let Some(since) = args.since
        && (since >= day || !tracked.plan.period.contains(since))
    {
        eprintln!("error: --since {since} must be a day of the plan period before {day}");
        return USAGE;
    }
    let changes = args.since.map(|since| {
        let before = progress::status::compute(
            &tracked.plan,
            &tracked.schedule,
            &tracked.calendar,
            &tracked.snapshots,
            since,
        );
        (since, progress::status::changes(&before, &status))
    });
    let bulletin = || {
        let mut blocks = render::bulletin(&tracked.plan, &status);
        if let Some((since, changes)) = &changes {
            let mut extra = render::changes_blocks(&tracked.plan, *since, changes);
            // Numbered after the parts before it.
            let parts = blocks
                .iter()
                .filter(|b| matches!(b, render::Block::Heading(_)))
                .count();
            if let Some(render::Block::Heading(text)) = extra.first_mut() {
                *text = format!("{}、{text}", crate::model::chinese_numeral(parts + 1));
            }
            blocks.extend(extra);
        }
        blocks
    };
    if args.format == StatusFormat::Docx {
        let Some(output) = &args.output else {
            eprintln!("error: --format docx writes a file: give -o FILE.docx");
            return USAGE;
        };
        let bytes = match render::docx(&bulletin()) {
            Ok(bytes) => bytes,
            Err(message) => {
                eprintln!("error: {message}");
                return USAGE;
            }
        };
        return match crate::output::write_atomically(output, &bytes) {
            Ok(()) => OK,
            Err(error) => {
                eprintln!("error: cannot write `{}`: {error}", output.display());
                USAGE
            }
        };
    }
    let text = match args.format {
        StatusFormat::Human => {
            let mut text = render::human(&tracked.plan, &status);
            if let Some((since, changes)) = &changes {
                text.push_str(&render::changes_human(&tracked.plan, *since, changes));
            }
            text
        }
        StatusFormat::Md => render::markdown(&bulletin()),
        StatusFormat::Html => render::html(&bulletin()),
        StatusFormat::Dashboard => render::dashboard(&tracked.plan, &status),
        StatusFormat::Docx => String::new(),
        StatusFormat::Json => {
            let mut value = render::json(&tracked.plan, &status);
            if let Some((since, changes)) = &changes {
                value.changes = Some(render::changes_json(&tracked.plan, *since, changes));
            }
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    timings.step("render");
    let code = crate::commands::schedule::write_output(args.output.as_deref(), &text);
    timings.step("write");
    leftovers.keep((tracked, status, text));
    code
}
