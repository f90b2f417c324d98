//! `planc build`: every artefact an office hands out, written into one folder.
//!
//! The plan is checked and scheduled first; when that fails nothing is written. Each artefact is
//! written to a temporary file in the output folder as soon as it is rendered, and dropped from
//! memory; only when every one is written are they all renamed into place, so a build that fails
//! halfway leaves the folder as it was (and no folder it created). The same input gives
//! byte-identical output (no timestamps anywhere).
//!
//! planc writes only inside the folder (a link in it is refused, not followed) and only over files
//! it wrote before, which `.planc-manifest` lists; a file of the user's in the way stops the build
//! unless `--force`, and the files an earlier build wrote that this one does not are removed.

use crate::commands::doc::RenderOptions;
use crate::emit::build::{BuildOptions, Failure, Sink, render_all};
use crate::emit::checklist::Grouping;
use crate::output::BatchError;
use crate::output::manifest::{self, Manifest, ManifestError};
use crate::pipeline::CheckOptions;
use crate::pipeline::{OK, USAGE};
use std::collections::BTreeSet;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Arguments of `planc build`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The plan file.
    pub file: PathBuf,
    /// The output folder.
    #[arg(short, long, value_name = "DIR", default_value = "out")]
    pub output: PathBuf,
    /// Group checklist checkboxes by quarter or by month.
    #[arg(long, value_enum, default_value_t = Grouping::Quarter)]
    pub by: Grouping,
    /// Replace files in the output folder that planc did not write but that are in the way of an
    /// artefact (and a `.planc-manifest` that is not planc's). Links inside the folder are never
    /// followed, even so.
    #[arg(long)]
    pub force: bool,
    /// A progress file, or a folder of them (`*.progress`), as `planc status` reads: the
    /// checklists tick what they report done and mark what is overdue. Default: `progress/`
    /// beside the plan, when there is one.
    #[arg(long, value_name = "DIR")]
    pub progress: Option<PathBuf>,
    /// With progress files: the day the checklists are ticked as of (YYYY-MM-DD). Default: the
    /// latest reporting date.
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<jiff::civil::Date>,
    #[command(flatten)]
    pub render: RenderOptions,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Writes each artefact to a temporary file in the output folder as soon as it is rendered; the
/// files are renamed into place only when every artefact is written ([`crate::output::Batch`]).
struct FolderSink {
    batch: crate::output::Batch,
    progress: Progress,
    /// How many files were written, and how many of them are owners' Markdown checklists.
    files: usize,
    owners: usize,
}

impl Sink for FolderSink {
    fn artefact(
        &mut self,
        path: &str,
        write: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Failure> {
        self.batch
            .write(path, write)
            .map_err(|e| Failure::Write(e.to_string()))?;
        self.files += 1;
        if path.starts_with("checklists/") && path.ends_with(".md") && path != "checklists/index.md"
        {
            self.owners += 1;
        }
        self.progress.show(path);
        Ok(())
    }
}

/// Runs the command; returns the exit code.
pub fn run(args: Args, leftovers: &mut crate::pipeline::Leftovers) -> u8 {
    if let Err(code) = super::templates_exist(args.render.templates.as_deref()) {
        return code;
    }
    let today = match crate::commands::schedule::today(None) {
        Ok(today) => today,
        Err(message) => {
            eprintln!("error: PLANC_TODAY: {message}");
            return USAGE;
        }
    };
    // The plan, its schedule and its progress history (none: nothing ticked, the output as
    // without progress).
    let (plan, schedule, ticks) = match crate::commands::status::tracked(
        &args.file,
        args.progress.as_deref(),
        Vec::new(),
        &args.options,
    ) {
        Ok(tracked) => {
            let as_of = args
                .as_of
                .or_else(|| tracked.snapshots.last().map(|s| s.as_of));
            let ticks = as_of.filter(|_| !tracked.snapshots.is_empty()).map(|day| {
                let ticks = crate::progress::status::ticks(&tracked.plan, &tracked.snapshots, day);
                (day, std::sync::Arc::new(ticks))
            });
            (tracked.plan, tracked.schedule, ticks)
        }
        Err(code) => return code,
    };
    let previous = match Manifest::read(&args.output) {
        Ok(previous) => previous,
        Err(ManifestError::NotAManifest { .. }) if args.force => None,
        Err(error) => {
            eprintln!("error: {error}; nothing written");
            return USAGE;
        }
    };
    if let Some(previous) = &previous {
        for (line, text) in &previous.ignored {
            eprintln!(
                "warning: {}:{line}: `{text}` is not a path inside the folder; ignored",
                args.output.join(manifest::NAME).display()
            );
        }
    }
    let mut sink = FolderSink {
        batch: crate::output::Batch::new(&args.output),
        progress: Progress::new(plan.items.len()),
        files: 0,
        owners: 0,
    };
    let options = BuildOptions {
        render: args.render.render(),
        by: args.by,
        today,
        ticks,
    };
    let result = render_all(&plan, &schedule, &options, &mut sink);
    leftovers.keep((plan, schedule));
    sink.progress.finish();
    let FolderSink {
        mut batch,
        files,
        owners,
        ..
    } = sink;
    let written: Vec<String> = batch.pending().iter().map(|p| p.relative.clone()).collect();
    let listed = Manifest::render(written.iter().map(String::as_str));
    let prepared = result.and_then(|()| {
        batch
            .write(manifest::NAME, |out| out.write_all(listed.as_bytes()))
            .map_err(|e| Failure::Write(e.to_string()))
    });
    match prepared {
        Ok(()) => {}
        Err(Failure::Render(message) | Failure::Write(message)) => {
            eprintln!("error: {message}; nothing written");
            return USAGE;
        }
    }
    if let Err(code) = commit(batch, previous.as_ref(), &args) {
        return code;
    }
    eprintln!(
        "built {files} files in {}: document (md, html, docx), schedule (html, csv, ics, mermaid), graph (dot), checklists for {owners} owners (md, html) with an index, plan.json",
        args.output.display(),
    );
    if let Some(previous) = previous {
        remove_stale(&args.output, &previous, &written);
    }
    OK
}

/// Renames the batch into place, unless a file of the user's is in the way (and not `--force`).
fn commit(batch: crate::output::Batch, previous: Option<&Manifest>, args: &Args) -> Result<(), u8> {
    let in_the_way = in_the_way(&batch, previous);
    if !in_the_way.is_empty() && !args.force {
        let (them, were, are) = match in_the_way.len() {
            1 => ("it", "was", "is"),
            _ => ("them", "were", "are"),
        };
        eprintln!(
            "error: {} in `{}` {were} not written by planc and {are} in the way:",
            plural(in_the_way.len(), "file", "files"),
            args.output.display(),
        );
        const LISTED: usize = 20;
        for line in in_the_way.iter().take(LISTED) {
            eprintln!("  {line}");
        }
        if in_the_way.len() > LISTED {
            eprintln!("  … and {} more", in_the_way.len() - LISTED);
        }
        if previous.is_none() {
            eprintln!(
                "(the folder has no `{}`: if these files come from an older planc that kept no manifest, `--force` once is safe)",
                manifest::NAME
            );
        }
        eprintln!(
            "nothing written; move {them} away, or pass `--force` to replace {them} (files planc wrote are listed in `{}`)",
            manifest::NAME
        );
        return Err(USAGE);
    }
    batch.commit().map_err(|error| {
        let consequence = match error {
            BatchError::IsAFolder(_) => "nothing written",
            _ => "some files may already have been replaced",
        };
        eprintln!("error: {error}; {consequence}");
        USAGE
    })
}

/// Removes the files the previous manifest lists that this build did not write, and says so.
fn remove_stale(folder: &Path, previous: &Manifest, written: &[String]) {
    let now: BTreeSet<&str> = written.iter().map(String::as_str).collect();
    let stale = previous
        .paths
        .iter()
        .map(String::as_str)
        .filter(|path| !now.contains(path));
    let removal = manifest::remove_stale(folder, stale);
    if !removal.removed.is_empty() {
        eprintln!(
            "removed {} that an earlier build wrote and this one does not: {}",
            plural(removal.removed.len(), "file", "files"),
            abbreviated(&removal.removed)
        );
    }
    for (_, why) in &removal.kept {
        eprintln!("warning: {why}");
    }
}

/// The files about to be replaced that planc did not write: neither listed in the folder's
/// manifest nor already holding exactly the new bytes. Each as its path, with what it is when it is
/// not a regular file.
fn in_the_way(batch: &crate::output::Batch, previous: Option<&Manifest>) -> Vec<String> {
    let mut found = Vec::new();
    for pending in batch.pending() {
        if pending.relative == manifest::NAME {
            continue;
        }
        let Ok(metadata) = std::fs::symlink_metadata(&pending.destination) else {
            continue;
        };
        let kind = metadata.file_type();
        if kind.is_dir() {
            // Reported by the commit, which cannot replace a folder.
            continue;
        }
        let ours = previous.is_some_and(|m| m.paths.contains(&pending.relative));
        if kind.is_file() && (ours || same_bytes(&pending.temporary, &pending.destination)) {
            continue;
        }
        let what = if kind.is_symlink() {
            " (a symbolic link; it would be replaced, not followed)"
        } else if !kind.is_file() {
            " (not a regular file)"
        } else {
            ""
        };
        found.push(format!("{}{what}", pending.destination.display()));
    }
    found
}

/// Whether two regular files hold the same bytes.
fn same_bytes(a: &Path, b: &Path) -> bool {
    let size = |path: &Path| std::fs::metadata(path).map(|m| m.len()).ok();
    if size(a).is_none() || size(a) != size(b) {
        return false;
    }
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

fn plural(count: usize, one: &str, many: &str) -> String {
    format!("{count} {}", if count == 1 { one } else { many })
}

/// The first few paths of a list, then how many more.
fn abbreviated(paths: &[String]) -> String {
    const SHOWN: usize = 5;
    let mut text = paths
        .iter()
        .take(SHOWN)
        .map(|p| format!("`{p}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > SHOWN {
        text.push_str(&format!(" and {} more", paths.len() - SHOWN));
    }
    text
}

/// A one-line progress display on a terminal, for plans large enough to take a while.
struct Progress {
    enabled: bool,
    done: usize,
    last_shown: Option<std::time::Instant>,
}

/// Plans with at least this many items show progress.
const PROGRESS_FROM_ITEMS: usize = 2_000;

impl Progress {
    fn new(items: usize) -> Progress {
        use std::io::IsTerminal;
        Progress {
            enabled: items >= PROGRESS_FROM_ITEMS && std::io::stderr().is_terminal(),
            done: 0,
            last_shown: None,
        }
    }

    /// Shows the artefact finished last, at most ten times a second.
    fn show(&mut self, path: &str) {
        self.done += 1;
        if !self.enabled {
            return;
        }
        let now = std::time::Instant::now();
        if self
            .last_shown
            .is_some_and(|last| now.duration_since(last).as_millis() < 100)
        {
            return;
        }
        self.last_shown = Some(now);
        eprint!("\r\x1b[2Krendering: {} files done, last {path}", self.done);
    }

    /// Clears the line so the summary starts clean.
    fn finish(&self) {
        if self.enabled && self.last_shown.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}
