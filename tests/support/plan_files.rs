//! Finding the `.plan` files of the repository, for tests that run over all of them.

use std::path::{Path, PathBuf};

/// Every `.plan` file under a folder, sorted.
pub fn plan_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "plan") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}
