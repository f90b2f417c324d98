//! Writing output files: atomically (temporary file, then rename), so that an interrupted run never
//! leaves a half-written file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

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
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
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

/// Files written one at a time to temporary names beside their destinations, then renamed into
/// place together by [`Batch::commit`], so that the contents of each need to be in memory only
/// while it is written. A batch dropped without a successful commit removes its temporary
/// files, and no destination has changed (unless a rename in the commit itself failed).
#[derive(Debug, Default)]
pub struct Batch {
    /// Temporary file and destination of every file written so far.
    written: Vec<(PathBuf, PathBuf)>,
}

impl Batch {
    /// An empty batch.
    pub fn new() -> Batch {
        Batch::default()
    }

    /// Writes the file that will go to `path` (its folder is created) with `write`; on failure the
    /// batch's temporary files are removed and the path that failed is returned with the error.
    pub fn write<E: Into<std::io::Error>>(
        &mut self,
        path: &Path,
        write: impl FnOnce(&mut dyn Write) -> Result<(), E>,
    ) -> Result<(), (PathBuf, std::io::Error)> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && let Err(error) = std::fs::create_dir_all(parent)
        {
            self.remove_temporary_files();
            return Err((parent.to_path_buf(), error));
        }
        let temporary = temporary_name(path);
        let result = (|| {
            let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
            write(&mut file).map_err(Into::into)?;
            let file = file.into_inner().map_err(|e| e.into_error())?;
            file.sync_all()
        })();
        if let Err(error) = result {
            let _ = std::fs::remove_file(&temporary);
            self.remove_temporary_files();
            return Err((path.to_path_buf(), error));
        }
        self.written.push((temporary, path.to_path_buf()));
        Ok(())
    }

    /// Renames every file written into place.
    pub fn commit(mut self) -> Result<(), (PathBuf, std::io::Error)> {
        // A rename fails on a destination that is a folder: find that before replacing anything.
        if let Some((_, path)) = self.written.iter().find(|(_, path)| path.is_dir()) {
            let error = std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder");
            let path = path.clone();
            self.remove_temporary_files();
            return Err((path, error));
        }
        let written = std::mem::take(&mut self.written);
        for (index, (temporary, path)) in written.iter().enumerate() {
            if let Err(error) = std::fs::rename(temporary, path) {
                self.written = written.get(index..).unwrap_or_default().to_vec();
                self.remove_temporary_files();
                return Err((path.clone(), error));
            }
        }
        Ok(())
    }

    fn remove_temporary_files(&mut self) {
        for (temporary, _) in self.written.drain(..) {
            let _ = std::fs::remove_file(temporary);
        }
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.remove_temporary_files();
    }
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
