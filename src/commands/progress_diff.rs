//! The progress part of `planc diff`: two progress snapshots of one plan (`planc diff
//! progress/2020-06-30.progress progress/2020-09-30.progress`), compared by
//! [`crate::progress::diff`].

use crate::commands::diff::DiffFormat;
use crate::commands::status::{read_progress, tracked};
use crate::pipeline::CheckOptions;
use crate::pipeline::{OK, USAGE};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether `planc diff OLD NEW` compares progress files (both end in `.progress`).
pub fn applies(files: &[PathBuf]) -> bool {
    files.len() == 2
        && files
            .iter()
            .all(|f| f.extension().is_some_and(|e| e == "progress"))
}

/// The plan a progress file reports on, when not given: the one `.plan` file in the folder above
/// the file's folder (`plans/progress/x.progress` → `plans/*.plan`) that names the file's title.
fn find_plan(progress: &Path, text: &str) -> Result<PathBuf, String> {
    let (tree, _) = crate::progress::syntax::parse(crate::source::FileId(0), text);
    let title = tree.header.map(|h| h.plan.node).ok_or_else(|| {
        format!(
            "`{}` has no header naming its plan; give --plan PLAN",
            progress.display()
        )
    })?;
    let folder = progress
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let folder = if folder.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        folder
    };
    let quoted = format!("\"{}\"", title.replace('\\', "\\\\").replace('"', "\\\""));
    let mut found: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map_err(|e| format!("cannot read `{}`: {e}; give --plan PLAN", folder.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "plan") && p.is_file())
        .filter(|p| std::fs::read_to_string(p).is_ok_and(|t| t.contains(&quoted)))
        .collect();
    found.sort();
    match found.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!(
            "no plan titled `{title}` in `{}`; give --plan PLAN",
            folder.display()
        )),
        _ => Err(format!(
            "several plans in `{}` name `{title}`; give --plan PLAN",
            folder.display()
        )),
    }
}

/// Compares two progress files of one plan; returns the exit code.
pub fn run(
    old: &Path,
    new: &Path,
    plan: Option<&Path>,
    format: DiffFormat,
    options: &CheckOptions,
) -> u8 {
    let mut new_files = match read_progress(new, true) {
        Ok(files) => files,
        Err(message) => {
            eprintln!("error: {message}");
            return USAGE;
        }
    };
    let plan = match plan {
        Some(plan) => plan.to_path_buf(),
        None => {
            let text = new_files.first().map(|f| f.text.as_str()).unwrap_or("");
            match find_plan(new, text) {
                Ok(plan) => plan,
                Err(message) => {
                    eprintln!("error: {message}");
                    return USAGE;
                }
            }
        }
    };
    let Some(new_file) = new_files.pop() else {
        eprintln!("error: `{}` is not a progress file", new.display());
        return USAGE;
    };
    let tracked = match tracked(&plan, Some(old), vec![new_file], options) {
        Ok(tracked) => tracked,
        Err(code) => return code,
    };
    let [first, second] = tracked.snapshots.as_slice() else {
        eprintln!(
            "error: `{}` and `{}` must each report on one day of the plan",
            old.display(),
            new.display()
        );
        return USAGE;
    };
    let old_is_first = tracked
        .sources
        .get(first.file)
        .is_some_and(|f| f.path == old);
    if !old_is_first {
        eprintln!(
            "error: `{}` reports as of {}, after `{}` ({}): give the earlier file first",
            old.display(),
            second.as_of,
            new.display(),
            first.as_of
        );
        return USAGE;
    }
    let status = |count: usize, day| {
        crate::progress::status::compute(
            &tracked.plan,
            &tracked.schedule,
            &tracked.calendar,
            tracked.snapshots.get(..count).unwrap_or_default(),
            day,
        )
    };
    let before = status(1, first.as_of);
    let after = status(2, second.as_of);
    let diff = crate::progress::diff::compare(&tracked.plan, &before, &after);
    let (old_name, new_name) = (old.display().to_string(), new.display().to_string());
    let plan = &tracked.plan;
    let text = match format {
        DiffFormat::Human => crate::progress::diff::human(plan, &old_name, &new_name, &diff),
        DiffFormat::Md => crate::progress::diff::markdown(plan, &old_name, &new_name, &diff),
        DiffFormat::Json => {
            let value = crate::progress::diff::json(plan, &old_name, &new_name, &diff);
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
    };
    let mut stdout = std::io::stdout().lock();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => OK,
        Err(_) => USAGE,
    }
}
