//! Writing output files: atomically (temporary file, then rename), so that an interrupted run never
//! leaves a half-written file behind.

use std::io::Write;
use std::path::Path;

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

/// Writes several files as one step: every file goes to a temporary name first, and only when all of
/// them are written are they renamed into place. If any write fails, the temporary files are removed
/// and no destination file has changed.
pub fn write_all_atomically(
    files: &[(std::path::PathBuf, &[u8])],
) -> Result<(), (std::path::PathBuf, std::io::Error)> {
    let mut written: Vec<(std::path::PathBuf, std::path::PathBuf)> = Vec::new();
    let cleanup = |written: &[(std::path::PathBuf, std::path::PathBuf)]| {
        for (temporary, _) in written {
            let _ = std::fs::remove_file(temporary);
        }
    };
    for (path, bytes) in files {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty())
            && let Err(error) = std::fs::create_dir_all(parent)
        {
            cleanup(&written);
            return Err((parent.to_path_buf(), error));
        }
        let temporary = temporary_name(path);
        let result = (|| {
            let mut file = std::fs::File::create(&temporary)?;
            file.write_all(bytes)?;
            file.sync_all()
        })();
        if let Err(error) = result {
            let _ = std::fs::remove_file(&temporary);
            cleanup(&written);
            return Err((path.clone(), error));
        }
        written.push((temporary, path.clone()));
    }
    // A rename fails on a destination that is a folder: find that before replacing anything.
    if let Some((_, path)) = written.iter().find(|(_, path)| path.is_dir()) {
        let error = std::io::Error::new(std::io::ErrorKind::IsADirectory, "it is a folder");
        let path = path.clone();
        cleanup(&written);
        return Err((path, error));
    }
    for (index, (temporary, path)) in written.iter().enumerate() {
        if let Err(error) = std::fs::rename(temporary, path) {
            cleanup(written.get(index..).unwrap_or_default());
            return Err((path.clone(), error));
        }
    }
    Ok(())
}

fn temporary_name(path: &Path) -> std::path::PathBuf {
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
