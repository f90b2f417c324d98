//! The manifest of an output folder: `.planc-manifest` lists every file `planc build` wrote there,
//! so that the next build replaces and removes only those and never a file someone else put in
//! the folder.
//!
//! The format is plain text: a first line that says what the file is, then one path per line,
//! relative to the folder, with `/` separators, sorted by their UTF-8 bytes (so the same build
//! gives the same manifest). A line that is not a plain path inside the folder (`..`, an absolute
//! path) is ignored with a warning: a manifest edited by hand can never make planc remove a file
//! outside the folder.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

/// The manifest's file name inside the output folder.
pub const NAME: &str = ".planc-manifest";

/// The first line of every manifest.
const HEADER: &str = "# planc manifest: the files `planc build` wrote in this folder; it replaces and removes only these (do not edit)";

/// The largest manifest read; a real one lists a few thousand paths.
const MAX_BYTES: u64 = 64 << 20;

/// The files planc wrote in a folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Manifest {
    /// Relative, `/`-separated paths.
    pub paths: BTreeSet<String>,
    /// Lines that were ignored, with their line numbers (1-based).
    pub ignored: Vec<(usize, String)>,
}

/// Why a manifest could not be read.
#[derive(Debug)]
pub enum ManifestError {
    /// The file at the manifest's name is not a manifest (something else, or not planc's).
    NotAManifest {
        /// Its path.
        path: PathBuf,
        /// Why not, in words.
        reason: String,
    },
    /// It could not be read.
    Io {
        /// Its path.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
}

impl std::fmt::Display for ManifestError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ManifestError::NotAManifest { path, reason } => write!(
                f,
                "`{}` is not a planc manifest ({reason}); move it away, or pass `--force` to replace it",
                path.display()
            ),
            ManifestError::Io { path, error } => f.write_str(&super::explain("read", path, error)),
        }
    }
}

impl Manifest {
    /// Reads the manifest of `folder`; `None` when there is none (or no folder).
    pub fn read(folder: &Path) -> Result<Option<Manifest>, ManifestError> {
        let path = folder.join(NAME);
        let not = |reason: &str| ManifestError::NotAManifest {
            path: path.clone(),
            reason: reason.to_string(),
        };
        let io = |error| ManifestError::Io {
            path: path.clone(),
            error,
        };
        let metadata = match std::fs::symlink_metadata(&path) {
            Ok(metadata) => metadata,
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
                ) =>
            {
                return Ok(None);
            }
            Err(error) => return Err(io(error)),
        };
        if metadata.file_type().is_symlink() {
            return Err(not("it is a symbolic link"));
        }
        if !metadata.is_file() {
            return Err(not("it is not a regular file"));
        }
        let mut bytes = Vec::new();
        std::fs::File::open(&path)
            .and_then(|file| file.take(MAX_BYTES + 1).read_to_end(&mut bytes))
            .map_err(io)?;
        if bytes.len() as u64 > MAX_BYTES {
            return Err(not("it is far too large"));
        }
        let text = String::from_utf8(bytes).map_err(|_| not("it is not UTF-8 text"))?;
        Manifest::parse(&text)
            .map(Some)
            .ok_or_else(|| not("its first line is not the manifest's"))
    }

    /// Parses a manifest's text; `None` when its first line is not the header.
    pub fn parse(text: &str) -> Option<Manifest> {
        let mut lines = text.lines();
        if lines.next() != Some(HEADER) {
            return None;
        }
        let mut manifest = Manifest::default();
        for (index, line) in lines.enumerate() {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if super::plain_components(line).is_some() {
                manifest.paths.insert(line.to_string());
            } else {
                manifest.ignored.push((index + 2, line.to_string()));
            }
        }
        Some(manifest)
    }

    /// The text of a manifest listing `paths`.
    pub fn render<'a>(paths: impl IntoIterator<Item = &'a str>) -> String {
        let paths: BTreeSet<&str> = paths.into_iter().collect();
        let mut text = String::from(HEADER);
        text.push('\n');
        for path in paths {
            text.push_str(path);
            text.push('\n');
        }
        text
    }
}

/// What [`remove_stale`] did.
#[derive(Debug, Default)]
pub struct Removal {
    /// The files removed.
    pub removed: Vec<String>,
    /// Files left in place, with why.
    pub kept: Vec<(String, String)>,
}

/// Removes the files `stale` (relative paths that a manifest listed) from `folder`, and then the
/// folders that removing them left empty. Only regular files are removed, and only when every
/// folder on the way is a real folder, not a link: nothing outside `folder` is ever touched.
pub fn remove_stale<'a>(folder: &Path, stale: impl IntoIterator<Item = &'a str>) -> Removal {
    let mut removal = Removal::default();
    let mut emptied = BTreeSet::new();
    for relative in stale {
        let Some(parts) = super::plain_components(relative) else {
            continue;
        };
        let mut path = folder.to_path_buf();
        let mut through_link = false;
        for part in parts.iter().take(parts.len().saturating_sub(1)) {
            path.push(part);
            if !std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                through_link = true;
                break;
            }
        }
        if through_link {
            // A link or a file on the way (or the folder is gone): the file is not reached.
            continue;
        }
        let path = folder.join(relative);
        match std::fs::symlink_metadata(&path) {
            Ok(metadata) if metadata.is_file() => match std::fs::remove_file(&path) {
                Ok(()) => {
                    removal.removed.push(relative.to_string());
                    let mut parent = path.parent().map(Path::to_path_buf);
                    while let Some(dir) = parent.filter(|dir| dir.as_path() != folder) {
                        emptied.insert(dir.clone());
                        parent = dir.parent().map(Path::to_path_buf);
                    }
                }
                Err(error) => removal.kept.push((
                    relative.to_string(),
                    super::explain("remove", &path, &error),
                )),
            },
            Ok(_) => removal.kept.push((
                relative.to_string(),
                format!(
                    "`{}` is no longer a regular file; left alone",
                    path.display()
                ),
            )),
            Err(_) => {}
        }
    }
    // Deepest first; only empty folders go.
    for dir in emptied.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
    removal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_reads_back_what_it_lists_and_ignores_paths_outside() {
        let text = Manifest::render(["b.md", "checklists/甲区.md", "a.md"]);
        assert_eq!(
            text.lines().skip(1).collect::<Vec<_>>(),
            ["a.md", "b.md", "checklists/甲区.md"]
        );
        let manifest = Manifest::parse(&format!("{text}../x\n/etc/passwd\na/../b\n"));
        let manifest = manifest.expect("a manifest");
        assert_eq!(manifest.paths.len(), 3);
        assert_eq!(
            manifest.ignored,
            [
                (5, "../x".to_string()),
                (6, "/etc/passwd".to_string()),
                (7, "a/../b".to_string())
            ]
        );
        assert!(Manifest::parse("notes\n").is_none());
    }
}
