//! Writing output files without harming anything else.
//!
//! - A new output file is written atomically (temporary file, then rename), so that an interrupted
//!   run never leaves a half-written file behind ([`write_atomically`]).
//! - A source file that `planc fmt` changes is rewritten in place, once the new text is complete
//!   and checked, so that it keeps its mode, owner, hard links and symbolic links
//!   ([`rewrite_in_place`]).
//! - `planc build` writes into one folder all or nothing, never outside it, and replaces or removes
//!   only the files it wrote itself ([`Batch`], [`manifest`]).
//!
//! Operating-system errors are said in words: what path, what is wrong, what to do ([`explain`]).

pub mod manifest;

use std::collections::BTreeSet;
use std::fs::{File, OpenOptions};
use std::io::{Read, Seek, Write};
use std::path::{Component, Path, PathBuf};

/// Writes `bytes` to `path` through a temporary file in the same folder, then renames it into place.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomically_with(path, |file| file.write_all(bytes))
}

/// [`write_atomically`] with the contents written by `write`, piece by piece, so that they need
/// not be held in memory at once. When `write` fails, the temporary file is removed and `path`
/// is left as it was.
pub fn write_atomically_with<E: From<std::io::Error>>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let temporary = temporary_name(path);
    let result = (|| {
        let mut file = std::io::BufWriter::new(create_temporary(&temporary)?);
        write(&mut file)?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Creates a temporary file that did not exist: a link or a file of the same name (left by a run
/// that was killed) is removed first, never written through.
fn create_temporary(path: &Path) -> std::io::Result<File> {
    let create = || OpenOptions::new().write(true).create_new(true).open(path);
    match create() {
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            std::fs::remove_file(path)?;
            create()
        }
        other => other,
    }
}

/// Why [`rewrite_in_place`] did not rewrite a file.
#[derive(Debug)]
pub enum RewriteError {
    /// The file no longer holds the text that was formatted: something changed it meanwhile.
    Changed,
    /// The file could not be opened or written; `restored` tells whether its old text is back.
    Io {
        /// What was being done, e.g. "open".
        action: &'static str,
        /// The operating system's error.
        error: std::io::Error,
        /// Whether the old text was written back after a failed write (true when nothing had
        /// been written yet).
        restored: bool,
    },
}

/// Replaces the text of the existing file `path`, which holds `old`, by `new`, in place: the same
/// file is opened and overwritten (through a symbolic link, to its target), so its mode, owner,
/// hard links, extended attributes and identity are kept. `new` must be complete and checked
/// before this is called. The file is read again first and nothing is written if it no longer
/// holds `old`. When a write fails halfway (a full disk), `old` is written back. With `unlock`, a
/// file without write permission is made writable for the moment it is opened and then given its
/// mode back at once (the open file stays writable).
pub fn rewrite_in_place(
    path: &Path,
    old: &[u8],
    new: &[u8],
    unlock: bool,
) -> Result<(), RewriteError> {
    let failed = |action, error| RewriteError::Io {
        action,
        error,
        restored: true,
    };
    let mut file = open_for_rewrite(path, unlock).map_err(|e| failed("write", e))?;
    let metadata = file.metadata().map_err(|e| failed("write", e))?;
    crate::syntax::loader::regular(&metadata).map_err(|reason| {
        let error = std::io::Error::new(std::io::ErrorKind::InvalidInput, reason.to_string());
        failed("write", error)
    })?;
    let mut current = Vec::with_capacity(old.len());
    file.read_to_end(&mut current)
        .map_err(|e| failed("read", e))?;
    if current != old {
        return Err(RewriteError::Changed);
    }
    let overwrite = |file: &mut File, bytes: &[u8]| -> std::io::Result<()> {
        file.rewind()?;
        file.write_all(bytes)?;
        file.set_len(bytes.len() as u64)?;
        file.sync_all()
    };
    match overwrite(&mut file, new) {
        Ok(()) => Ok(()),
        Err(error) => Err(RewriteError::Io {
            action: "write",
            error,
            restored: overwrite(&mut file, old).is_ok(),
        }),
    }
}

/// Opens an existing file for reading and writing, without creating or truncating it.
fn open_for_rewrite(path: &Path, unlock: bool) -> std::io::Result<File> {
    let open = || OpenOptions::new().read(true).write(true).open(path);
    match open() {
        Err(error) if error.kind() == std::io::ErrorKind::PermissionDenied && unlock => {
            let original = std::fs::metadata(path)?.permissions();
            let writable = owner_writable(&original);
            std::fs::set_permissions(path, writable)?;
            let file = open();
            // The mode goes back whether or not the file opened.
            let restored = std::fs::set_permissions(path, original);
            let file = file?;
            restored?;
            Ok(file)
        }
        other => other,
    }
}

/// `permissions` with write permission for the file's owner added.
fn owner_writable(permissions: &std::fs::Permissions) -> std::fs::Permissions {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::Permissions::from_mode(permissions.mode() | 0o200)
    }
    #[cfg(not(unix))]
    {
        let mut writable = permissions.clone();
        writable.set_readonly(false);
        writable
    }
}

/// An operating-system error on `path` while doing `action` ("write", "create the folder", …), in
/// words: what path, what is wrong and, where it helps, what to do.
pub fn explain(action: &str, path: &Path, error: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let path = path.display();
    let what = match error.kind() {
        ErrorKind::PermissionDenied => {
            "permission denied (check who may write to it and to its folder)".to_string()
        }
        ErrorKind::ReadOnlyFilesystem => "its file system is mounted read-only".to_string(),
        ErrorKind::StorageFull => "the disk is full (free some space and run again)".to_string(),
        ErrorKind::QuotaExceeded => "the disk quota is used up".to_string(),
        ErrorKind::FileTooLarge => "the file would be too large for its file system".to_string(),
        ErrorKind::NotADirectory => "a part of its path is a file, not a folder".to_string(),
        ErrorKind::IsADirectory => "it is a folder, where a file is needed".to_string(),
        ErrorKind::AlreadyExists => "something of that name is already there".to_string(),
        ErrorKind::NotFound => "its folder does not exist".to_string(),
        ErrorKind::InvalidFilename => "the name is too long or not allowed there".to_string(),
        ErrorKind::InvalidInput => error.to_string(),
        _ => format!("{error}"),
    };
    format!("cannot {action} `{path}`: {what}")
}

/// A file to be renamed into place by [`Batch::commit`].
#[derive(Debug, Clone)]
pub struct Pending {
    /// The path relative to the batch's folder, with `/` separators.
    pub relative: String,
    /// Where it was written.
    pub temporary: PathBuf,
    /// Where it goes.
    pub destination: PathBuf,
}

/// Why a [`Batch`] could not write or commit.
#[derive(Debug)]
pub enum BatchError {
    /// A symbolic link inside the folder, on the way to a file: it is not followed.
    Link {
        /// The link.
        path: PathBuf,
        /// What it points to, when that can be read.
        target: Option<PathBuf>,
    },
    /// Something that is not a folder where a folder is needed.
    NotAFolder {
        /// The path.
        path: PathBuf,
        /// Whether it is the output folder itself.
        root: bool,
    },
    /// A folder where a file goes.
    IsAFolder(PathBuf),
    /// A name that is not a plain path inside the folder (a bug in the caller).
    BadName(String),
    /// A path written twice in one batch: two outputs with the same name.
    Twice(PathBuf),
    /// An operating-system error.
    Io {
        /// What was being done.
        action: &'static str,
        /// On what.
        path: PathBuf,
        /// The error.
        error: std::io::Error,
    },
}

impl std::fmt::Display for BatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let elsewhere = "or build into another folder with `-o`";
        match self {
            BatchError::Link { path, target } => {
                let to = target
                    .as_ref()
                    .map(|t| format!(" to `{}`", t.display()))
                    .unwrap_or_default();
                write!(
                    f,
                    "`{}` is a symbolic link{to}: planc does not follow links inside its output folder, so that it never writes outside it; remove the link, {elsewhere}",
                    path.display()
                )
            }
            BatchError::NotAFolder { path, root: true } => write!(
                f,
                "the output folder `{}` is a file, not a folder; move the file away, {elsewhere}",
                path.display()
            ),
            BatchError::NotAFolder { path, root: false } => write!(
                f,
                "`{}` is a file, not a folder, and planc needs a folder there; move the file away, {elsewhere}",
                path.display()
            ),
            BatchError::IsAFolder(path) => write!(
                f,
                "`{}` is a folder, and planc writes a file there; move the folder away, {elsewhere}",
                path.display()
            ),
            BatchError::Twice(path) => write!(
                f,
                "two outputs of this build have the same name, `{}` (an owner whose name makes the same file name as another owner's, or as the checklist index); rename one of them",
                path.display()
            ),
            BatchError::BadName(name) => {
                write!(f, "`{name}` is not a path inside the output folder")
            }
            BatchError::Io {
                action,
                path,
                error,
            } => f.write_str(&explain(action, path, error)),
        }
    }
}

/// Files written one at a time to temporary names beside their destinations inside one folder,
/// then renamed into place together by [`Batch::commit`], so that the contents of each need to be
/// in memory only while it is written.
///
/// Nothing is written outside the folder: a symbolic link inside it on the way to a file is
/// refused, not followed (the folder itself may be a link). A batch dropped without a successful
/// commit removes its temporary files and the folders it created, and no destination has changed
/// (unless a rename in the commit itself failed).
#[derive(Debug)]
pub struct Batch {
    /// The output folder.
    root: PathBuf,
    /// Every file written so far.
    written: Vec<Pending>,
    /// Folders this batch created, outermost first.
    created: Vec<PathBuf>,
    /// Folders known to be real folders (not links) inside the root, and the root itself.
    folders: BTreeSet<PathBuf>,
    /// The relative path of every file written, to refuse writing one twice.
    names: BTreeSet<String>,
    committed: bool,
}

impl Batch {
    /// An empty batch writing into `root`, which need not exist yet.
    pub fn new(root: impl Into<PathBuf>) -> Batch {
        Batch {
            root: root.into(),
            written: Vec::new(),
            created: Vec::new(),
            folders: BTreeSet::new(),
            names: BTreeSet::new(),
            committed: false,
        }
    }

    /// The files written so far, in order.
    pub fn pending(&self) -> &[Pending] {
        &self.written
    }

    /// Writes the file that will go to `relative` (a `/`-separated path inside the folder; its
    /// folders are created) with `write`. On failure nothing more is written; the batch cleans up
    /// when dropped.
    pub fn write<E: Into<std::io::Error>>(
        &mut self,
        relative: &str,
        write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<(), BatchError> {
        let parts =
            plain_components(relative).ok_or_else(|| BatchError::BadName(relative.to_string()))?;
        let Some((name, folders)) = parts.split_last() else {
            return Err(BatchError::BadName(relative.to_string()));
        };
        if self.names.contains(relative) {
            return Err(BatchError::Twice(self.root.join(relative)));
        }
        let mut folder = self.root.clone();
        self.ensure_root()?;
        for part in folders {
            folder.push(part);
            self.ensure_folder(&folder)?;
        }
        let destination = folder.join(name);
        let temporary = temporary_name(&destination);
        let result = (|| {
            let mut file = std::io::BufWriter::new(create_temporary(&temporary)?);
            write(&mut file).map_err(Into::into)?;
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()
        })();
        if let Err(error) = result {
            let _ = std::fs::remove_file(&temporary);
            return Err(BatchError::Io {
                action: "write",
                path: destination,
                error,
            });
        }
        self.names.insert(relative.to_string());
        self.written.push(Pending {
            relative: relative.to_string(),
            temporary,
            destination,
        });
        Ok(())
    }

    /// Makes sure the output folder exists (creating it and any missing folders above it).
    fn ensure_root(&mut self) -> Result<(), BatchError> {
        if self.folders.contains(&self.root) {
            return Ok(());
        }
        let root = self.root.clone();
        // The output folder may itself be a link to a folder: the user named it.
        match std::fs::metadata(&root) {
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(BatchError::NotAFolder {
                    path: root,
                    root: true,
                });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                if let Ok(link) = std::fs::symlink_metadata(&root)
                    && link.file_type().is_symlink()
                {
                    return Err(BatchError::Link {
                        target: std::fs::read_link(&root).ok(),
                        path: root,
                    });
                }
                let mut missing: Vec<&Path> = root
                    .ancestors()
                    .filter(|p| !p.as_os_str().is_empty())
                    .take_while(|p| std::fs::symlink_metadata(p).is_err())
                    .collect();
                missing.reverse();
                for folder in missing {
                    match std::fs::create_dir(folder) {
                        Ok(()) => self.created.push(folder.to_path_buf()),
                        Err(error) => {
                            return Err(folder_error(folder, error, folder == root.as_path()));
                        }
                    }
                }
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotADirectory => {
                // A file on the way to the folder: name it.
                let file = root
                    .ancestors()
                    .skip(1)
                    .find(|p| std::fs::metadata(p).is_ok_and(|m| !m.is_dir()));
                return Err(BatchError::NotAFolder {
                    path: file.unwrap_or(&root).to_path_buf(),
                    root: file.is_none(),
                });
            }
            Err(error) => return Err(folder_error(&root, error, true)),
        }
        self.folders.insert(root);
        Ok(())
    }

    /// Makes sure `folder` (inside the root) is a real folder, creating it when it is missing.
    fn ensure_folder(&mut self, folder: &Path) -> Result<(), BatchError> {
        if self.folders.contains(folder) {
            return Ok(());
        }
        match std::fs::symlink_metadata(folder) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                return Err(BatchError::Link {
                    path: folder.to_path_buf(),
                    target: std::fs::read_link(folder).ok(),
                });
            }
            Ok(metadata) if metadata.is_dir() => {}
            Ok(_) => {
                return Err(BatchError::NotAFolder {
                    path: folder.to_path_buf(),
                    root: false,
                });
            }
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                std::fs::create_dir(folder).map_err(|e| folder_error(folder, e, false))?;
                self.created.push(folder.to_path_buf());
            }
            Err(error) => return Err(folder_error(folder, error, false)),
        }
        self.folders.insert(folder.to_path_buf());
        Ok(())
    }

    /// Renames every file written into place.
    pub fn commit(mut self) -> Result<(), BatchError> {
        // A rename fails on a destination that is a folder: find that before replacing anything.
        if let Some(pending) = self.written.iter().find(|p| {
            std::fs::symlink_metadata(&p.destination).is_ok_and(|m| m.file_type().is_dir())
        }) {
            return Err(BatchError::IsAFolder(pending.destination.clone()));
        }
        let written = std::mem::take(&mut self.written);
        for (index, pending) in written.iter().enumerate() {
            if let Err(error) = std::fs::rename(&pending.temporary, &pending.destination) {
                self.written = written.get(index..).unwrap_or_default().to_vec();
                return Err(BatchError::Io {
                    action: "write",
                    path: pending.destination.clone(),
                    error,
                });
            }
        }
        self.committed = true;
        Ok(())
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        for pending in self.written.drain(..) {
            let _ = std::fs::remove_file(pending.temporary);
        }
        if !self.committed {
            // Innermost first; a folder that is not empty (a rename went through) stays.
            for folder in self.created.iter().rev() {
                let _ = std::fs::remove_dir(folder);
            }
        }
    }
}

/// A folder that could not be created or looked at.
fn folder_error(folder: &Path, error: std::io::Error, root: bool) -> BatchError {
    match error.kind() {
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => {
            BatchError::NotAFolder {
                path: folder.to_path_buf(),
                root,
            }
        }
        _ => BatchError::Io {
            action: "create the folder",
            path: folder.to_path_buf(),
            error,
        },
    }
}

/// The parts of a `/`-separated relative path, when every one is a plain name (no `..`, `.`, root
/// or empty part).
pub fn plain_components(relative: &str) -> Option<Vec<&str>> {
    if relative.is_empty() || relative.contains('\\') || relative.contains('\0') {
        return None;
    }
    let parts: Vec<&str> = relative.split('/').collect();
    let plain = parts.iter().all(|part| {
        let mut components = Path::new(part).components();
        matches!(components.next(), Some(Component::Normal(_))) && components.next().is_none()
    });
    plain.then_some(parts)
}

fn temporary_name(path: &Path) -> PathBuf {
    let folder = match path.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    folder.join(format!(".{name}.planc-tmp-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("planc-output-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_not_rewritten() {
        let dir = temp_dir("changed");
        let path = dir.join("plan.plan");
        std::fs::write(&path, "edited meanwhile").expect("write");
        let result = rewrite_in_place(&path, b"as read", b"formatted", false);
        assert!(matches!(result, Err(RewriteError::Changed)), "{result:?}");
        assert_eq!(
            std::fs::read_to_string(&path).expect("read"),
            "edited meanwhile"
        );
        rewrite_in_place(&path, b"edited meanwhile", b"short", false).expect("rewritten");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "short");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_the_temporary_name_is_not_written_through() {
        let dir = temp_dir("temporary-link");
        let victim = dir.join("victim.txt");
        std::fs::write(&victim, "keep").expect("victim");
        let path = dir.join("out.txt");
        std::os::unix::fs::symlink(&victim, temporary_name(&path)).expect("link");
        write_atomically(&path, b"new").expect("written");
        assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep");
        let metadata = std::fs::symlink_metadata(&path).expect("metadata");
        assert!(metadata.is_file(), "the output is a regular file");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_batch_takes_only_plain_paths_inside_its_folder() {
        let dir = temp_dir("plain");
        let mut batch = Batch::new(dir.join("out"));
        for name in ["../x", "/etc/x", "a/./b", "a//b", "", "a\\b"] {
            let result = batch.write(name, |out| out.write_all(b"x"));
            assert!(
                matches!(result, Err(BatchError::BadName(_))),
                "{name}: {result:?}"
            );
        }
        batch
            .write("a/b.md", |out| out.write_all(b"x"))
            .expect("written");
        drop(batch);
        assert!(
            !dir.join("out").exists(),
            "a dropped batch leaves no folder"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
