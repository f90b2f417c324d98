//! The one way every command gets its plan: load the entry file, check it, apply the `planc.toml`
//! beside it, and print its diagnostics; plus what every command shares (the check options, how
//! reports look, the exit codes).

use crate::check::{self, Checked};
use crate::diagnostic::report::{self, Style};
use crate::syntax::loader::{self, DiskFileSystem, LoadOptions};
use clap::ValueEnum;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Exit code: no errors (and no warnings, with `--deny-warnings`).
pub const OK: u8 = 0;
/// Exit code: the plan has errors, or a rule, check or comparison failed.
pub const FAILED: u8 = 1;
/// Exit code: a usage or I/O problem (a file that cannot be read, a bad `planc.toml`).
pub const USAGE: u8 = 2;

/// Options shared by every command that checks a plan.
#[derive(Debug, Clone, clap::Args)]
pub struct CheckOptions {
    /// Fail on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Allow `include` of files outside the entry file's folder.
    #[arg(long)]
    pub allow_outside_includes: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    pub color: Color,
}

/// When to use colour.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum Color {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// How reports look on this stderr with this colour choice.
pub fn style(color: Color) -> Style {
    let terminal = std::io::stderr().is_terminal();
    let color = match color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
    };
    let width = if terminal {
        terminal_width().unwrap_or(100)
    } else {
        100
    };
    Style { color, width }
}

fn terminal_width() -> Option<usize> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}

/// Loads and checks one entry file and applies the `planc.toml` beside it, or explains on stderr
/// why it could not be read. The one way every command gets its plan.
pub fn load_and_check(path: &Path, options: &CheckOptions) -> Result<Checked, u8> {
    check_with(&DiskFileSystem, path, options).map_err(|message| {
        eprintln!("error: {message}");
        USAGE
    })
}

/// [`load_and_check`] reading the plan's files through `fs` (the language server reads the
/// editor's unsaved texts this way), and saying why the entry file or `planc.toml` could not be
/// read instead of printing it.
pub fn check_with(
    fs: &dyn crate::syntax::loader::FileSystem,
    path: &Path,
    options: &CheckOptions,
) -> Result<Checked, String> {
    check_beside(fs, path, options, NOTHING_BESIDE).map(|(checked, _)| checked)
}

/// No work beside the schedule ([`check::check`]).
const NOTHING_BESIDE: Option<fn(&crate::model::Plan, &mut crate::source::SourceMap)> = None;

/// [`check_with`], running `beside` (if any) while the plan is scheduled
/// ([`check::check_beside`]).
fn check_beside<T>(
    fs: &dyn crate::syntax::loader::FileSystem,
    path: &Path,
    options: &CheckOptions,
    beside: Option<impl FnOnce(&crate::model::Plan, &mut crate::source::SourceMap) -> T>,
) -> Result<(Checked, Option<T>), String> {
    let load_options = LoadOptions {
        allow_outside: options.allow_outside_includes,
        ..LoadOptions::default()
    };
    let (mut checked, done_beside) = match loader::load(fs, path, load_options) {
        Ok(loaded) => match beside {
            Some(beside) => check::check_beside(loaded, beside),
            None => (check::check(loaded), None),
        },
        Err(error) => {
            return Err(format!(
                "cannot read `{}`: {}",
                error.path.display(),
                error.reason
            ));
        }
    };
    match crate::policy::apply(path, &mut checked) {
        Ok(violations) => {
            checked.diagnostics.extend(
                violations
                    .iter()
                    .filter_map(crate::policy::Violation::to_diagnostic),
            );
            crate::diagnostic::sort(&mut checked.diagnostics);
            Ok((checked, done_beside))
        }
        Err(error) => Err(error.to_string()),
    }
}

/// Whether the check fails under these options.
pub fn failed(checked: &Checked, options: &CheckOptions) -> bool {
    checked.has_errors() || (options.deny_warnings && checked.has_warnings())
}

/// For commands that produce output from a plan: prints the diagnostics, and returns the plan only
/// when the check passed. Otherwise returns the exit code.
pub fn checked_plan(
    path: &Path,
    options: &CheckOptions,
) -> Result<(crate::model::Plan, Checked), u8> {
    checked(path, options, NOTHING_BESIDE).map(|(plan, checked, _)| (plan, checked))
}

/// [`checked_plan`] running `beside` while the plan is scheduled ([`check::check_beside`]): its
/// result, when the plan was built without errors.
pub fn checked_plan_beside<T>(
    path: &Path,
    options: &CheckOptions,
    beside: impl FnOnce(&crate::model::Plan, &mut crate::source::SourceMap) -> T,
) -> Result<(crate::model::Plan, Checked, Option<T>), u8> {
    checked(path, options, Some(beside))
}

/// [`checked_plan`] or [`checked_plan_beside`].
fn checked<T>(
    path: &Path,
    options: &CheckOptions,
    beside: Option<impl FnOnce(&crate::model::Plan, &mut crate::source::SourceMap) -> T>,
) -> Result<(crate::model::Plan, Checked, Option<T>), u8> {
    let (mut checked, done_beside) =
        check_beside(&DiskFileSystem, path, options, beside).map_err(|message| {
            eprintln!("error: {message}");
            USAGE
        })?;
    if !checked.diagnostics.is_empty() {
        let text = report::human(&checked.diagnostics, &checked.sources, style(options.color));
        let _ = std::io::stderr().write_all(text.as_bytes());
    }
    if failed(&checked, options) {
        eprintln!("error: `{}` has errors; nothing written", path.display());
        return Err(FAILED);
    }
    match checked.plan.take() {
        Some(plan) => Ok((plan, checked, done_beside)),
        None => Err(FAILED),
    }
}

/// The big values a command is done with (its plan, schedule, rendered text), handed up to `main`
/// instead of freed: freeing a large plan one string at a time takes longer than checking it (a
/// third of a second at 100,000 items, seconds at a million), and the operating system takes the
/// memory back at once on exit. Nothing in a plan holds a file or a lock, so nothing is lost by
/// it. A command calls [`Leftovers::keep`]; only `main` calls [`Leftovers::exit_without_freeing`].
#[derive(Default)]
pub struct Leftovers(Vec<Box<dyn std::any::Any>>);

impl Leftovers {
    /// Keeps `value` until the process exits (moving it into a box moves only its top level).
    pub fn keep<T: 'static>(&mut self, value: T) {
        self.0.push(Box::new(value));
    }

    /// Lets go of everything kept without freeing it; called once, by `main`, as the process ends.
    pub fn exit_without_freeing(self) {
        std::mem::forget(self);
    }
}
