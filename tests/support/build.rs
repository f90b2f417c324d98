//! `planc build` in a test: running it, and reading back the folder it wrote.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Output;

/// Runs `planc build PLAN -o OUT EXTRA…` (from the crate root); a build that hangs (waiting on
/// something in its folder) fails the test after five minutes.
pub fn build(plan: &str, out: &Path, extra: &[&str]) -> Output {
    super::Planc::new()
        .arg("build")
        .arg(plan)
        .arg("-o")
        .arg(out)
        .args(extra)
        .time_limit(std::time::Duration::from_secs(300))
        .output()
}

/// Every file under a folder, by relative path (`/` between folders), with its bytes.
pub fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, into: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(base, &path, into);
            } else {
                let relative = path
                    .strip_prefix(base)
                    .expect("under base")
                    .to_string_lossy()
                    .replace('\\', "/");
                into.insert(relative, std::fs::read(&path).expect("read"));
            }
        }
    }
    let mut map = BTreeMap::new();
    walk(dir, dir, &mut map);
    map
}

/// [`build`], which must succeed (else the test fails with what planc said).
pub fn build_ok(plan: &str, out: &Path, extra: &[&str]) -> Output {
    let output = build(plan, out, extra);
    assert!(
        output.status.success(),
        "planc build {plan} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// A templates folder in `dir` whose `checklist.html.j2` fails halfway through a build (it reads
/// an attribute no checklist has); returns the folder.
pub fn failing_checklist_template(dir: &super::Scratch) -> std::path::PathBuf {
    dir.write(
        "templates/checklist.html.j2",
        "{{ checklists[0].nothing.at_all }}",
    );
    dir.join("templates")
}
