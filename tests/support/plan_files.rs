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

/// Copies the bundled plan into `to`: its entry file (as `entry`, e.g.
/// `changzhou-education-2020.plan`) and the folder of section files it includes. Returns the
/// entry's path.
pub fn copy_bundled_plan(to: &Path, entry: &str) -> PathBuf {
    let plans = super::root().join("plans");
    let sections = to.join("changzhou-education-2020");
    std::fs::create_dir_all(&sections).expect("create the copy's folders");
    let copy = to.join(entry);
    std::fs::copy(plans.join("changzhou-education-2020.plan"), &copy).expect("copy the entry");
    for entry in std::fs::read_dir(plans.join("changzhou-education-2020")).expect("the sections") {
        let path = entry.expect("a section file").path();
        if let Some(file) = path.file_name().filter(|_| path.is_file()) {
            std::fs::copy(&path, sections.join(file)).expect("copy a section file");
        }
    }
    copy
}
