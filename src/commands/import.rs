//! `planc import`: a work document (text or .docx) to a .plan draft that checks.

use crate::import::{self, Block, decode::Encoding};
use crate::pipeline::{FAILED, OK, USAGE};
use std::path::{Path, PathBuf};

/// Arguments of `planc import`.
#[derive(Debug, Clone, clap::Args)]
pub struct Args {
    /// The document: plain text (UTF-8, GB18030/GBK) or .docx.
    pub file: PathBuf,
    /// The plan to write (default: the document's name with `.plan`); `-` writes to standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// One file per section, in a folder named after the plan (as the bundled plan is laid out).
    #[arg(long)]
    pub split: bool,
    /// The text encoding (detected when not given).
    #[arg(long, value_enum)]
    pub encoding: Option<Encoding>,
    /// The plan's year, when the document does not name it.
    #[arg(long)]
    pub year: Option<i32>,
    /// A separate 分解表 as .xlsx or CSV (UTF-8 or GBK): owners and deadlines by item (序号, or
    /// the item's title in the task column), with columns like 牵头单位, 责任单位, 完成时限.
    #[arg(long, value_name = "XLSX|CSV")]
    pub table: Option<PathBuf>,
    /// Overwrite existing files.
    #[arg(long)]
    pub force: bool,
}

/// Runs the command; returns the exit code.
pub fn run(args: Args) -> u8 {
    let name = args.file.to_string_lossy().into_owned();
    let bytes = match std::fs::read(&args.file) {
        Ok(bytes) => bytes,
        Err(error) => {
            eprintln!("error: cannot read `{name}`: {error}");
            return USAGE;
        }
    };
    let blocks = match read_blocks(&args.file, &bytes, args.encoding) {
        Ok(blocks) => blocks,
        Err(why) => {
            eprintln!("error: `{name}`: {why}");
            return USAGE;
        }
    };
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.file.with_extension("plan"));
    let to_stdout = output.as_os_str() == "-";
    if to_stdout && args.split {
        eprintln!("error: `--split` writes several files; give `--output FILE.plan`, not `-`");
        return USAGE;
    }
    let stem = output
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    let table = match &args.table {
        None => None,
        Some(path) => {
            let shown = path.to_string_lossy().into_owned();
            let extension = path
                .extension()
                .map(|e| e.to_string_lossy().to_ascii_lowercase());
            if extension.as_deref() == Some("xls") {
                eprintln!(
                    "error: `{shown}`: an old Excel .xls workbook is not read; save it as .xlsx or CSV (UTF-8 or GBK)"
                );
                return USAGE;
            }
            let bytes = match std::fs::read(path) {
                Ok(bytes) => bytes,
                Err(error) => {
                    eprintln!("error: cannot read `{shown}`: {error}");
                    return USAGE;
                }
            };
            if extension.as_deref() == Some("xlsx") || bytes.starts_with(b"PK\x03\x04") {
                match import::xlsx_rows(&bytes) {
                    Ok(rows) => Some(rows),
                    Err(why) => {
                        eprintln!(
                            "error: `{shown}`: {why}; give the 分解表 as .xlsx or CSV (UTF-8 or GBK)"
                        );
                        return USAGE;
                    }
                }
            } else {
                match import::decode::decode(&bytes, args.encoding) {
                    Ok((text, _)) => Some(import::csv_rows(&text)),
                    Err(why) => {
                        eprintln!("error: `{shown}`: {why}");
                        return USAGE;
                    }
                }
            }
        }
    };
    let options = import::Options {
        table,
        year: args.year,
        split: args.split.then(|| stem.clone()),
        source_name: args
            .file
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    let imported = match import::import(&blocks, &options) {
        Ok(imported) => imported,
        Err(why) => {
            eprintln!("error: `{name}`: {why}");
            return USAGE;
        }
    };
    // Check the plan before writing anything.
    let folder = output.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut memory = crate::syntax::loader::MemoryFileSystem::new();
    let entry = PathBuf::from("/import").join(output.file_name().unwrap_or_default());
    for (path, text) in &imported.files {
        let at = if path.is_empty() {
            entry.clone()
        } else {
            PathBuf::from("/import").join(path)
        };
        memory.insert(at, text.clone());
    }
    let checked = match crate::syntax::loader::load(
        &memory,
        &entry,
        crate::syntax::loader::LoadOptions::default(),
    ) {
        Ok(loaded) => crate::check::check(loaded),
        Err(error) => {
            eprintln!(
                "error: the imported plan could not be read back: {:?} (a bug in planc import)",
                error.reason
            );
            return FAILED;
        }
    };
    let errors = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == crate::diagnostic::Severity::Error)
        .count();
    let warnings = checked.diagnostics.len() - errors;
    if to_stdout {
        let text = imported
            .files
            .first()
            .map(|(_, t)| t.as_str())
            .unwrap_or_default();
        if let Err(code) = crate::commands::print(text) {
            return code;
        }
    } else {
        let targets: Vec<PathBuf> = imported
            .files
            .iter()
            .map(|(path, _)| {
                if path.is_empty() {
                    output.clone()
                } else {
                    folder.join(path)
                }
            })
            .collect();
        let source = std::fs::canonicalize(&args.file).ok();
        if let Some(same) = targets
            .iter()
            .find(|p| source.is_some() && std::fs::canonicalize(p).ok() == source)
        {
            eprintln!(
                "error: `{}` is the document being imported; give `--output` another name",
                same.display()
            );
            return USAGE;
        }
        if !args.force
            && let Some(existing) = targets.iter().find(|p| p.exists())
        {
            eprintln!(
                "error: `{}` exists; nothing was written (give `--force` to overwrite, or `--output` another name)",
                existing.display()
            );
            return USAGE;
        }
        for (path, (_, text)) in targets.iter().zip(&imported.files) {
            if let Some(parent) = path.parent()
                && !parent.as_os_str().is_empty()
                && let Err(error) = std::fs::create_dir_all(parent)
            {
                eprintln!("error: cannot create `{}`: {error}", parent.display());
                return USAGE;
            }
            if let Err(error) = crate::output::write_atomically(path, text.as_bytes()) {
                eprintln!("error: cannot write `{}`: {error}", path.display());
                return USAGE;
            }
        }
        eprintln!(
            "wrote {}",
            targets
                .iter()
                .map(|p| format!("`{}`", p.display()))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    eprint!("{}", imported.report.human());
    eprintln!(
        "check: {errors} errors, {warnings} warnings (run `planc check` on the plan for details)"
    );
    if errors > 0 {
        let report = crate::diagnostic::report::human(
            &checked.diagnostics,
            &checked.sources,
            crate::pipeline::style(crate::pipeline::Color::Auto),
        );
        eprint!("{report}");
        return FAILED;
    }
    OK
}

/// The document's paragraphs, from text or .docx.
pub fn read_blocks(
    path: &Path,
    bytes: &[u8],
    encoding: Option<Encoding>,
) -> Result<Vec<Block>, String> {
    let is_docx_name = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
    if bytes.starts_with(b"PK\x03\x04") || is_docx_name {
        return import::docx::blocks(bytes).map_err(|e| e.to_string());
    }
    let (text, _) = import::decode::decode(bytes, encoding).map_err(|e| e.to_string())?;
    Ok(import::text_blocks(&text))
}
