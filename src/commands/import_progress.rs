//! `planc import-progress`: filled 台账 workbooks back into a progress file.

use crate::commands::status::{default_progress_dir, tracked};
use crate::diagnostic::Severity;
use crate::pipeline::CheckOptions;
use crate::pipeline::{FAILED, OK, USAGE};
use crate::progress::{self, ProgressSource, sheet};
use jiff::civil::Date;
use std::path::PathBuf;

/// Arguments of `planc import-progress`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// The filled workbooks (.xlsx) written by `planc sheet`.
    #[arg(required = true)]
    pub sheets: Vec<PathBuf>,
    /// The reporting date (YYYY-MM-DD). Default: the date in the sheets' titles.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<Date>,
    /// The progress folder to write into. Default: `progress/` beside the plan.
    #[arg(long, value_name = "DIR")]
    pub progress: Option<PathBuf>,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let folder = args
        .progress
        .clone()
        .unwrap_or_else(|| default_progress_dir(&args.file));
    if folder.is_file() {
        eprintln!(
            "error: --progress `{}` is a file; give the folder the progress files are kept in",
            folder.display()
        );
        return USAGE;
    }
    let tracked = match tracked(
        &args.file,
        Some(&folder).filter(|f| f.is_dir()).map(|f| f.as_path()),
        Vec::new(),
        &args.options,
    ) {
        Ok(tracked) => tracked,
        Err(code) => return code,
    };
    let plan = &tracked.plan;
    let mut read = sheet::Read::default();
    let mut errors = 0;
    for path in &args.sheets {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => {
                eprintln!("error: cannot read `{}`: {error}", path.display());
                return USAGE;
            }
        };
        let before = read.problems.len();
        if let Err(message) = sheet::read(plan, &bytes, &mut read) {
            eprintln!("error: `{}`: {message}", path.display());
            return USAGE;
        }
        for problem in read.problems.get(before..).unwrap_or_default() {
            let severity = match problem.severity {
                Severity::Error => {
                    errors += 1;
                    "error"
                }
                Severity::Warning => "warning",
            };
            eprintln!(
                "{} {}!{}: {severity}[{}]: {}\n  help: {}",
                path.display(),
                problem.sheet,
                problem.cell,
                problem.code.full(),
                problem.message,
                problem.help
            );
        }
    }
    if errors > 0 {
        eprintln!(
            "error: {errors} problem{} in the workbooks; nothing written",
            if errors == 1 { "" } else { "s" }
        );
        return FAILED;
    }
    let Some(day) = args.as_of.or(read.as_of) else {
        eprintln!("error: the sheets do not say their reporting date: give --as-of YYYY-MM-DD");
        return USAGE;
    };
    // The entries of the file of that day, if there is one, updated with the sheets'.
    let mut entries = tracked
        .snapshots
        .iter()
        .find(|s| s.as_of == day)
        .map(|s| s.entries.clone())
        .unwrap_or_default();
    let count = read.entries.len();
    for entry in read.entries {
        match entries.iter_mut().find(|e| e.item == entry.item) {
            Some(older) => progress::write::merge(older, entry),
            None => entries.push(entry),
        }
    }
    let text = progress::write::file(plan, day, &entries);
    let path = folder.join(format!("{day}.progress"));
    // The file as it will be, checked with the others, before anything is written.
    let mut others = match crate::commands::status::read_progress(&folder, false) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    others.retain(|f| f.path != path);
    others.push(ProgressSource {
        name: path.display().to_string(),
        path: path.clone(),
        text: text.clone(),
    });
    let mut sources = tracked.sources.clone();
    let mut diagnostics = Vec::new();
    let trees = progress::parse_all(&mut sources, others, &mut diagnostics);
    progress::check::check(plan, &tracked.schedule, trees, &mut diagnostics);
    crate::diagnostic::sort(&mut diagnostics);
    if !diagnostics.is_empty() {
        let report = crate::diagnostic::report::human(
            &diagnostics,
            &sources,
            crate::pipeline::style(args.options.color),
        );
        eprint!("{report}");
    }
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        eprintln!("error: the imported progress has errors; nothing written");
        return FAILED;
    }
    if let Err(error) = std::fs::create_dir_all(&folder) {
        eprintln!("error: cannot create `{}`: {error}", folder.display());
        return USAGE;
    }
    match crate::output::write_atomically(&path, text.as_bytes()) {
        Ok(()) => {
            eprintln!(
                "wrote `{}`: {count} item{} from the sheets",
                path.display(),
                if count == 1 { "" } else { "s" }
            );
            OK
        }
        Err(error) => {
            eprintln!("error: cannot write `{}`: {error}", path.display());
            USAGE
        }
    }
}
