//! `planc diff`: what changed in meaning between two versions of a plan.

use crate::check::Checked;
use crate::diagnostic::Severity;
use crate::diff::{self, Change, Versions};
use crate::pipeline::{CheckOptions, style};
use crate::pipeline::{FAILED, OK, USAGE};
use crate::policy::{self, Policy, Violation};
use crate::syntax::loader::{self, DiskFileSystem, FileSystem, LoadOptions, ReadError};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How the report looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// One line per change, for people.
    Human,
    /// A Markdown 修改对照表 for a pull request comment.
    Md,
    /// JSON for tools.
    Json,
}

/// Arguments of `planc diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// `OLD NEW`: two plan files. With `--git`: the plan file to compare (default: the `plans`
    /// named in ./planc.toml, or every tracked plan with a header that no other file includes).
    pub files: Vec<PathBuf>,
    /// Compare the working tree with this git revision (e.g. `HEAD`, `origin/main`).
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,
    /// The report format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// The policy file (default: `planc.toml` beside the new plan, if there is one).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// With two progress files (`OLD.progress NEW.progress`): the plan they report on (default:
    /// the `.plan` in the folder above theirs that has their title).
    #[arg(long, value_name = "PLAN")]
    pub plan: Option<PathBuf>,
    #[command(flatten)]
    pub options: CheckOptions,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    // Two progress snapshots: what advanced, what slipped (src/commands/progress_diff.rs).
    if args.git.is_none()
        && let [old, new] = args.files.as_slice()
        && crate::commands::progress_diff::applies(&args.files)
    {
        let plan = args.plan.as_deref();
        return crate::commands::progress_diff::run(old, new, plan, args.format, &args.options);
    }
    let pairs: Vec<(String, Box<dyn FileSystem>, PathBuf)> =
        match (&args.git, args.files.as_slice()) {
            (None, [old, new]) => vec![(
                old.to_string_lossy().into_owned(),
                Box::new(DiskFileSystem) as Box<dyn FileSystem>,
                new.clone(),
            )],
            (None, _) => {
                eprintln!(
                    "error: give two plan files (`planc diff OLD NEW`) or `--git REV [FILE]`"
                );
                return USAGE;
            }
            (Some(rev), files) if files.len() <= 1 => {
                let files = match files.first() {
                    Some(file) => vec![file.clone()],
                    None => match entry_plans() {
                        Ok(files) => files,
                        Err(message) => {
                            eprintln!("error: {message}");
                            return USAGE;
                        }
                    },
                };
                files
                    .into_iter()
                    .map(|file| {
                        (
                            format!("{rev}:{}", file.display()),
                            Box::new(GitRevision { rev: rev.clone() }) as Box<dyn FileSystem>,
                            file,
                        )
                    })
                    .collect()
            }
            (Some(_), _) => {
                eprintln!("error: `--git REV` takes at most one plan file");
                return USAGE;
            }
        };
    let mut code = OK;
    let mut outputs = Vec::new();
    let mut json_reports = Vec::new();
    for (old_name, old_fs, new_path) in pairs {
        let old_path = if args.git.is_some() {
            new_path.clone()
        } else {
            args.files.first().cloned().unwrap_or_default()
        };
        let new_name = new_path.to_string_lossy().into_owned();
        let policy = match &args.policy {
            Some(path) => policy::load(path),
            None => policy::beside(&new_path),
        };
        let policy = match policy {
            Ok(policy) => policy,
            Err(error) => {
                eprintln!("error: {error}");
                return USAGE;
            }
        };
        let new = match load(
            &DiskFileSystem,
            &new_path,
            &new_name,
            &args.options,
            &policy,
        ) {
            Ok(checked) => checked,
            Err(failure) => {
                code = code.max(failure.code);
                json_reports.push(failure.json(&old_name, &new_name, "new"));
                continue;
            }
        };
        // A plan that did not exist at REV is compared with an empty plan: everything is added.
        let new_since_rev =
            args.git.is_some() && matches!(old_fs.read(&old_path), Err(ReadError::NotFound));
        let old = if new_since_rev {
            match new.plan.as_ref().map(empty_like) {
                Some(Ok(checked)) => checked,
                _ => {
                    code = code.max(FAILED);
                    continue;
                }
            }
        } else {
            match load(&*old_fs, &old_path, &old_name, &args.options, &policy) {
                Ok(checked) => checked,
                Err(failure) => {
                    code = code.max(failure.code);
                    json_reports.push(failure.json(&old_name, &new_name, "old"));
                    continue;
                }
            }
        };
        let (Some(old_plan), Some(new_plan)) = (&old.plan, &new.plan) else {
            code = code.max(FAILED);
            continue;
        };
        let changes = diff::compare(
            &Versions {
                old: old_plan,
                old_sources: &old.sources,
                new: new_plan,
                new_sources: &new.sources,
            },
            policy::is_weakening,
        );
        let mut violations = policy::check_changes(&policy, &changes, new_plan, &new.sources);
        // Plan rules: only what this change breaks (violations the old version did not have).
        let before: Vec<(&str, String)> = policy::check_plan(&policy, old_plan, &old.sources)
            .into_iter()
            .map(|v| (v.rule, v.message))
            .collect();
        violations.extend(
            policy::check_plan(&policy, new_plan, &new.sources)
                .into_iter()
                .filter(|v| !before.contains(&(v.rule, v.message.clone()))),
        );
        if violations.iter().any(|v| v.severity == Severity::Error) {
            code = code.max(FAILED);
        }
        match args.format {
            DiffFormat::Human => {
                outputs.push(human(&old_name, &new_name, &changes, &violations));
            }
            DiffFormat::Md => outputs.push(markdown(
                &old_name,
                &new_name,
                &changes,
                &violations,
                &policy,
            )),
            DiffFormat::Json => {
                let mut value = diff::json(&changes, &old_name, &new_name);
                if let Some(map) = value.as_object_mut() {
                    map.insert(
                        "violations".to_string(),
                        serde_json::to_value(&violations).unwrap_or_default(),
                    );
                }
                json_reports.push(value);
            }
        }
    }
    let text = match args.format {
        DiffFormat::Json => {
            let value = if json_reports.len() == 1 && !args.files.is_empty() {
                json_reports.pop().unwrap_or_default()
            } else {
                serde_json::Value::Array(json_reports)
            };
            let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
            text.push('\n');
            text
        }
        _ => outputs.join("\n"),
    };
    if let Err(failed) = super::print(&text) {
        return failed;
    }
    code
}

fn human(old: &str, new: &str, changes: &[Change], violations: &[Violation]) -> String {
    let mut out = format!("{old} → {new}\n");
    out.push_str(&diff::human(changes));
    for violation in violations {
        out.push_str(&violation.plain());
        out.push('\n');
    }
    out
}

fn markdown(
    old: &str,
    new: &str,
    changes: &[Change],
    violations: &[Violation],
    policy: &Policy,
) -> String {
    let mut out = diff::markdown(changes, old, new);
    if !violations.is_empty() {
        out.push_str("\n#### 规则检查\n\n");
        for violation in violations {
            let place = match (&violation.file, violation.line) {
                (Some(file), Some(line)) => format!("（{file}:{line}）"),
                _ => String::new(),
            };
            let mark = match violation.severity {
                Severity::Error => "❌",
                Severity::Warning => "⚠️",
            };
            out.push_str(&format!(
                "- {mark} `{}`：{}{place}\n",
                violation.rule, violation.message
            ));
        }
    } else if policy.path.is_some() {
        out.push_str("\n规则检查：通过。\n");
    }
    out
}

/// Why a version could not be compared: what `--format json` says instead of a list of changes.
struct LoadFailure {
    code: u8,
    message: String,
    diagnostics: Vec<crate::diagnostic::report::JsonDiagnostic>,
}

impl LoadFailure {
    /// `{"old", "new", "error": {"version", "message", "diagnostics"}}`: a tool reading stdout sees
    /// that nothing was compared, never an empty list of changes.
    fn json(self, old: &str, new: &str, version: &str) -> serde_json::Value {
        serde_json::json!({
            "old": old,
            "new": new,
            "error": {
                "version": version,
                "message": self.message,
                "diagnostics": self.diagnostics,
            },
        })
    }
}

/// Loads and checks one version under the policy's severities; prints its problems when it has
/// errors.
fn load(
    fs: &dyn FileSystem,
    path: &Path,
    name: &str,
    options: &CheckOptions,
    policy: &Policy,
) -> Result<Checked, LoadFailure> {
    let loaded = loader::load(
        fs,
        path,
        LoadOptions {
            allow_outside: options.allow_outside_includes,
            ..LoadOptions::default()
        },
    )
    .map_err(|error| {
        let message = format!("cannot read `{name}`: {}", error.reason);
        eprintln!("error: {message}");
        LoadFailure {
            code: USAGE,
            message,
            diagnostics: Vec::new(),
        }
    })?;
    let mut checked = crate::check::check(loaded);
    policy::apply_severity(policy, &mut checked.diagnostics);
    if checked.has_errors() || checked.plan.is_none() {
        let text = crate::diagnostic::report::human(
            &checked.diagnostics,
            &checked.sources,
            style(options.color),
        );
        let _ = std::io::stderr().write_all(text.as_bytes());
        let message = format!("`{name}` has errors; cannot compare it");
        eprintln!("error: {message}");
        return Err(LoadFailure {
            code: FAILED,
            message,
            diagnostics: checked
                .diagnostics
                .iter()
                .map(|d| crate::diagnostic::report::json_diagnostic(d, &checked.sources))
                .collect(),
        });
    }
    Ok(checked)
}

/// A plan with the header of `plan` and nothing else: the "before" of a plan file added since REV.
fn empty_like(plan: &crate::model::Plan) -> Result<Checked, u8> {
    let title = plan.title.replace('\\', "\\\\").replace('"', "\\\"");
    let text = format!(
        "plan \"{title}\" {{\n  period {} .. {}\n}}\n",
        plan.period.start, plan.period.end
    );
    let mut fs = loader::MemoryFileSystem::new();
    fs.insert("empty.plan", text);
    let loaded =
        loader::load(&fs, Path::new("empty.plan"), LoadOptions::default()).map_err(|_| FAILED)?;
    Ok(crate::check::check(loaded))
}

/// Files as they are in a git revision, read with `git show REV:./PATH`.
struct GitRevision {
    rev: String,
}

impl FileSystem for GitRevision {
    fn read(&self, path: &Path) -> Result<Vec<u8>, ReadError> {
        let path = loader::normalize(path);
        let spec = if path.is_absolute() {
            let top = git(&["rev-parse", "--show-toplevel"]).map_err(ReadError::Other)?;
            let top =
                std::fs::canonicalize(top.trim()).unwrap_or_else(|_| PathBuf::from(top.trim()));
            let relative = path.strip_prefix(&top).map_err(|_| {
                ReadError::Other("the file is outside the git repository".to_string())
            })?;
            format!(
                "{}:{}",
                self.rev,
                relative.to_string_lossy().replace('\\', "/")
            )
        } else {
            format!(
                "{}:./{}",
                self.rev,
                path.to_string_lossy().replace('\\', "/")
            )
        };
        let output = Command::new("git")
            .args(["show", &spec])
            .output()
            .map_err(|e| ReadError::Other(format!("cannot run git: {e}")))?;
        if output.status.success() {
            Ok(output.stdout)
        } else {
            let message = String::from_utf8_lossy(&output.stderr);
            if message.contains("does not exist") || message.contains("exists on disk, but not in")
            {
                Err(ReadError::NotFound)
            } else {
                Err(ReadError::Other(message.trim().to_string()))
            }
        }
    }
}

fn git(args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).trim().to_string());
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The plans `planc diff --git REV` compares when given no file: the `plans` named in the
/// `planc.toml` of the current folder, or else the tracked `.plan` files that have a plan header and
/// that no other tracked file includes.
fn entry_plans() -> Result<Vec<PathBuf>, String> {
    let here = Path::new(policy::FILE_NAME);
    if here.is_file() {
        let named = policy::load(here).map_err(|e| e.to_string())?.plans;
        if !named.is_empty() {
            return Ok(named);
        }
    }
    let listing = git(&["ls-files", "--", "*.plan"])?;
    let mut headed = Vec::new();
    let mut included = std::collections::BTreeSet::new();
    for line in listing.lines() {
        let path = PathBuf::from(line);
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let (tree, _) = crate::syntax::parse(crate::source::FileId(0), &text);
        let folder = path.parent().unwrap_or(Path::new(""));
        let mut has_header = false;
        for statement in &tree.statements {
            match statement {
                crate::syntax::ast::TopStmt::Plan(_) => has_header = true,
                crate::syntax::ast::TopStmt::Include(target) => {
                    included.insert(loader::normalize(&folder.join(&target.node)));
                }
                _ => {}
            }
        }
        if has_header {
            headed.push(path);
        }
    }
    let files: Vec<PathBuf> = headed
        .into_iter()
        .filter(|path| !included.contains(&loader::normalize(path)))
        .collect();
    if files.is_empty() {
        return Err("no plan file with a `plan` header is tracked here".to_string());
    }
    Ok(files)
}
