//! planc never harms a file: `fmt` keeps a file's mode, owner, links and read-only state; `build`
//! never writes outside its folder, replaces and removes only what it wrote itself, and leaves
//! nothing behind when it fails; a named pipe or another special file is refused, not waited on;
//! `check` and `fmt --check` change nothing. Unix only (see main.rs).

use crate::support::assert_contains;
use crate::support::build::{build, build_ok, files};
use crate::support::{BUNDLED, SMALL};
use crate::support::{Planc, temp_dir};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, SystemTime};

/// The uid and gid of `nobody`, to see that a file keeps an owner that is not the one running planc.
const NOBODY: u32 = 65534;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs planc and gives up (killing it) after 60 seconds, so that a command waiting forever on a
/// named pipe fails the test instead of hanging it.
fn planc(args: &[&str]) -> Output {
    Planc::new()
        .args(args)
        .time_limit(Duration::from_secs(60))
        .output()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// A plan that `fmt` changes: the small fixture with its indentation spoiled.
fn unformatted() -> String {
    let text = std::fs::read_to_string(root().join(SMALL)).expect("fixture");
    text.replace("  期间 2021", "期间     2021")
}

/// The unformatted plan as `fmt` formats it (computed once: the tests run in parallel).
fn formatted() -> String {
    static FORMATTED: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    FORMATTED.get_or_init(format_once).clone()
}

fn format_once() -> String {
    let dir = temp_dir("formatted");
    let path = dir.write("plan.plan", unformatted());
    let output = planc(&["fmt", &path.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = std::fs::read_to_string(&path).expect("read");
    assert_ne!(text, unformatted(), "the test plan must need formatting");
    text
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

/// Writes `text` to `path` with `mode` and a modification time long past, which it returns: a
/// command that rewrites the file changes that time.
fn write_aged(path: &Path, text: &str, mode: u32) -> SystemTime {
    std::fs::write(path, text).expect("write");
    set_mode(path, mode);
    let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
    std::fs::File::open(path)
        .expect("open")
        .set_modified(old)
        .expect("set mtime");
    old
}

fn set_mode(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// Whether this process may give files away (it runs as root); otherwise the owner checks are
/// skipped with a note.
fn can_chown(path: &Path) -> bool {
    match std::os::unix::fs::chown(path, Some(NOBODY), Some(NOBODY)) {
        Ok(()) => true,
        Err(error) => {
            eprintln!("note: owner preservation not tested: cannot chown to nobody ({error})");
            false
        }
    }
}

// ---------------------------------------------------------------------------------------------
// fmt

#[test]
fn fmt_keeps_the_mode_and_the_owner() {
    let dir = temp_dir("fmt-owner");
    let path = dir.write("plan.plan", unformatted());
    set_mode(&path, 0o640);
    let chowned = can_chown(&path);
    let inode = std::fs::metadata(&path).expect("metadata").ino();
    let output = planc(&["fmt", &path.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), formatted());
    let metadata = std::fs::metadata(&path).expect("metadata");
    assert_eq!(mode(&path), 0o640, "the mode changed");
    assert_eq!(
        metadata.ino(),
        inode,
        "the file was replaced, not rewritten"
    );
    if chowned {
        assert_eq!(
            (metadata.uid(), metadata.gid()),
            (NOBODY, NOBODY),
            "the owner changed"
        );
    }
}

#[test]
fn fmt_writes_through_a_symbolic_link_to_its_target() {
    let dir = temp_dir("fmt-symlink");
    let target = dir.join("real.plan");
    let link = dir.join("link.plan");
    std::fs::write(&target, unformatted()).expect("write");
    std::os::unix::fs::symlink("real.plan", &link).expect("symlink");
    let output = planc(&["fmt", &link.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let link_metadata = std::fs::symlink_metadata(&link).expect("metadata");
    assert!(
        link_metadata.file_type().is_symlink(),
        "the link is no longer a link"
    );
    assert_eq!(
        std::fs::read_link(&link).expect("read link"),
        Path::new("real.plan")
    );
    assert_eq!(
        std::fs::read_to_string(&target).expect("read"),
        formatted(),
        "the target was not formatted"
    );
}

#[test]
fn fmt_keeps_hard_links() {
    let dir = temp_dir("fmt-hardlink");
    let first = dir.join("a.plan");
    let second = dir.join("b.plan");
    std::fs::write(&first, unformatted()).expect("write");
    std::fs::hard_link(&first, &second).expect("hard link");
    let output = planc(&["fmt", &first.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&first).expect("read"), formatted());
    assert_eq!(
        std::fs::read_to_string(&second).expect("read"),
        formatted(),
        "the other name of the file kept the old text"
    );
    assert_eq!(std::fs::metadata(&first).expect("metadata").nlink(), 2);
}

#[test]
fn fmt_refuses_a_read_only_file_unless_forced() {
    let dir = temp_dir("fmt-readonly");
    let path = dir.write("plan.plan", unformatted());
    set_mode(&path, 0o444);
    let output = planc(&["fmt", &path.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("read-only")
            && message.contains("--force")
            && message.contains("plan.plan"),
        "{message}"
    );
    assert_eq!(std::fs::read_to_string(&path).expect("read"), unformatted());
    assert_eq!(mode(&path), 0o444);

    let output = planc(&["fmt", "--force", &path.to_string_lossy()]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&path).expect("read"), formatted());
    assert_eq!(
        mode(&path),
        0o444,
        "a forced read-only file stays read-only"
    );
}

#[test]
fn fmt_leaves_a_formatted_file_untouched() {
    let dir = temp_dir("fmt-unchanged");
    let path = dir.join("plan.plan");
    let old = write_aged(&path, &formatted(), 0o444);
    let output = planc(&["fmt", &path.to_string_lossy()]);
    assert!(
        output.status.success(),
        "a formatted read-only file is fine: {}",
        stderr(&output)
    );
    let metadata = std::fs::metadata(&path).expect("metadata");
    assert_eq!(
        metadata.modified().expect("mtime"),
        old,
        "the file was rewritten"
    );
}

#[test]
fn check_and_fmt_check_never_modify_a_file() {
    let dir = temp_dir("read-only-commands");
    let path = dir.join("plan.plan");
    let old = write_aged(&path, &unformatted(), 0o600);
    let inode = std::fs::metadata(&path).expect("metadata").ino();
    let name = path.to_string_lossy().into_owned();
    let output = planc(&["fmt", "--check", &name]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = planc(&["check", &name]);
    assert!(output.status.code().is_some(), "{}", stderr(&output));
    let metadata = std::fs::metadata(&path).expect("metadata");
    assert_eq!(std::fs::read_to_string(&path).expect("read"), unformatted());
    assert_eq!(metadata.modified().expect("mtime"), old);
    assert_eq!(metadata.ino(), inode);
    assert_eq!(mode(&path), 0o600);
    let entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("read dir")
        .flatten()
        .collect();
    assert_eq!(entries.len(), 1, "a file was added beside the plan");
}

// ---------------------------------------------------------------------------------------------
// named pipes and other special files

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo failed");
}

#[test]
fn a_named_pipe_as_the_plan_is_refused() {
    let dir = temp_dir("fifo-entry");
    let fifo = dir.join("plan.plan");
    mkfifo(&fifo);
    for command in ["check", "export", "build"] {
        let name = fifo.to_string_lossy().into_owned();
        let out = dir.join("out").to_string_lossy().into_owned();
        let args: Vec<&str> = if command == "build" {
            vec![command, &name, "-o", &out]
        } else {
            vec![command, &name]
        };
        let output = planc(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{command}: {}",
            stderr(&output)
        );
        let message = stderr(&output);
        assert!(
            message.contains("plan.plan") && message.contains("named pipe"),
            "{command}: {message}"
        );
    }
    let output = planc(&["fmt", &fifo.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("named pipe"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.join("out").exists());
}

#[test]
fn a_named_pipe_as_an_include_is_refused_where_it_is_included() {
    let dir = temp_dir("fifo-include");
    let text = std::fs::read_to_string(root().join(SMALL)).expect("fixture");
    let plan = dir.write("main.plan", format!("{text}\n引入 \"part.plan\"\n"));
    let line = text.lines().count() + 2;
    mkfifo(&dir.join("part.plan"));
    let output = planc(&["check", "--color", "never", &plan.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message
            .contains("cannot include `part.plan`: it is a named pipe (FIFO), not a regular file"),
        "{message}"
    );
    assert!(
        message.contains(&format!("main.plan:{line}:")),
        "located: {message}"
    );
}

#[test]
fn a_socket_or_a_device_as_the_plan_is_refused() {
    let dir = temp_dir("socket");
    let socket = dir.join("plan.plan");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).expect("bind");
    let output = planc(&["check", &socket.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("a socket"), "{}", stderr(&output));
    let output = planc(&["check", "/dev/null"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("a character device"),
        "{}",
        stderr(&output)
    );
}

// ---------------------------------------------------------------------------------------------
// build

/// Every path under a folder (files, links, folders), relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    fn walk(base: &Path, dir: &Path, into: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
            let path = entry.path();
            let relative = path
                .strip_prefix(base)
                .expect("under base")
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type().expect("file type");
            if kind.is_dir() {
                into.push(format!("{relative}/"));
                walk(base, &path, into);
            } else {
                into.push(relative);
            }
        }
    }
    let mut paths = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut paths);
    }
    paths.sort();
    paths
}

#[test]
fn build_does_not_follow_a_symbolic_link_inside_the_output_folder() {
    let dir = temp_dir("build-symlink");
    let out = dir.join("out");
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&out).expect("out");
    std::fs::create_dir_all(&elsewhere).expect("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, out.join("checklists")).expect("symlink");
    for extra in [&[][..], &["--force"][..]] {
        let output = build(SMALL, &out, extra);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        let message = stderr(&output);
        assert!(
            message.contains("checklists") && message.contains("symbolic link"),
            "the message names the link: {message}"
        );
        assert!(!message.contains("os error"), "{message}");
        assert_eq!(
            tree(&elsewhere),
            Vec::<String>::new(),
            "written outside the folder"
        );
        assert_eq!(
            tree(&out),
            ["checklists"],
            "written although the build failed"
        );
    }
}

#[test]
fn build_keeps_a_manifest_and_leaves_no_stale_files() {
    let dir = temp_dir("build-stale");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("out");
    std::fs::write(out.join("notes.txt"), "我的笔记").expect("notes");
    build_ok(BUNDLED, &out, &[]);
    let big = tree(&out);
    let manifest = std::fs::read_to_string(out.join(".planc-manifest")).expect("manifest");
    let listed: Vec<&str> = manifest.lines().filter(|l| !l.starts_with('#')).collect();
    let mut sorted = listed.clone();
    sorted.sort();
    assert_eq!(listed, sorted, "the manifest is sorted");
    let expected: Vec<&str> = big
        .iter()
        .map(String::as_str)
        .filter(|p| !p.ends_with('/') && *p != ".planc-manifest" && *p != "notes.txt")
        .collect();
    assert_eq!(
        listed, expected,
        "the manifest lists exactly the files planc wrote"
    );

    // A smaller plan into the same folder: the checklists of owners it does not have go.
    build_ok(SMALL, &out, &[]);
    let fresh = dir.join("fresh");
    build_ok(SMALL, &fresh, &[]);
    let mut expected = tree(&fresh);
    expected.push("notes.txt".to_string());
    expected.sort();
    assert_eq!(tree(&out), expected, "stale files left behind");
    assert_eq!(
        std::fs::read_to_string(out.join("notes.txt")).expect("notes"),
        "我的笔记"
    );
    assert_eq!(
        std::fs::read(out.join(".planc-manifest")).expect("manifest"),
        std::fs::read(fresh.join(".planc-manifest")).expect("manifest"),
        "the manifest depends on what was written only"
    );
}

#[test]
fn build_reports_a_users_file_in_the_way_unless_forced() {
    let dir = temp_dir("build-in-the-way");
    let out = dir.join("out");
    std::fs::create_dir_all(out.join("checklists")).expect("out");
    std::fs::write(out.join("document.md"), "我自己的文件").expect("mine");
    std::fs::write(out.join("checklists").join("甲区.md"), "我的清单").expect("mine");
    let before = tree(&out);
    let output = build(SMALL, &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("document.md")
            && message.contains("甲区.md")
            && message.contains("--force")
            && message.contains("not written by planc"),
        "{message}"
    );
    assert_eq!(tree(&out), before, "something was written");
    assert_eq!(
        std::fs::read_to_string(out.join("document.md")).expect("read"),
        "我自己的文件"
    );

    build_ok(SMALL, &out, &["--force"]);
    let document = std::fs::read_to_string(out.join("document.md")).expect("read");
    assert!(
        document.starts_with("# 2021年示范区教育工作要点"),
        "{document}"
    );
}

#[test]
fn build_replaces_a_link_in_the_way_only_when_forced_and_never_writes_through_it() {
    let dir = temp_dir("build-link-in-the-way");
    let out = dir.join("out");
    std::fs::create_dir_all(&out).expect("out");
    let victim = dir.write("victim.md", "keep");
    std::os::unix::fs::symlink(&victim, out.join("document.md")).expect("symlink");
    let output = build(SMALL, &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("document.md (a symbolic link"),
        "{message}"
    );
    assert!(
        std::fs::symlink_metadata(out.join("document.md"))
            .expect("metadata")
            .file_type()
            .is_symlink()
    );
    build_ok(SMALL, &out, &["--force"]);
    assert_eq!(std::fs::read_to_string(&victim).expect("victim"), "keep");
    assert!(
        std::fs::symlink_metadata(out.join("document.md"))
            .expect("metadata")
            .is_file(),
        "the link was replaced by the document"
    );
}

#[test]
fn build_removes_only_paths_inside_the_folder_that_it_listed() {
    let dir = temp_dir("build-manifest-escape");
    let out = dir.join("out");
    build_ok(SMALL, &out, &[]);
    dir.write("precious.txt", "keep");
    let elsewhere = dir.join("elsewhere");
    std::fs::create_dir_all(&elsewhere).expect("elsewhere");
    std::fs::write(elsewhere.join("x.md"), "keep").expect("x");
    std::os::unix::fs::symlink(&elsewhere, out.join("linked")).expect("symlink");
    // A manifest edited by hand to list paths outside the folder, and through a link.
    let mut manifest = std::fs::read_to_string(out.join(".planc-manifest")).expect("manifest");
    manifest.push_str("../precious.txt\n/etc/hostname\nlinked/x.md\n");
    std::fs::write(out.join(".planc-manifest"), manifest).expect("manifest");
    build_ok(SMALL, &out, &[]);
    assert_eq!(
        std::fs::read_to_string(dir.join("precious.txt")).expect("kept"),
        "keep"
    );
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("x.md")).expect("kept"),
        "keep"
    );
}

#[test]
fn a_failed_build_leaves_no_folder_behind() {
    let dir = temp_dir("build-no-empty-folders");
    let out = dir.join("new").join("out");
    let templates = crate::support::build::failing_checklist_template(&dir);
    let output = build(SMALL, &out, &["--templates", &templates.to_string_lossy()]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(!dir.join("new").exists(), "left behind: {:?}", tree(&dir));

    // The same in an existing folder: the `checklists` folder it made goes again.
    let existing = dir.join("existing");
    std::fs::create_dir_all(&existing).expect("existing");
    let output = build(
        SMALL,
        &existing,
        &["--templates", &templates.to_string_lossy()],
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(tree(&existing), Vec::<String>::new());
}

#[test]
fn an_output_path_that_is_a_file_is_explained_in_words() {
    let dir = temp_dir("build-file-in-the-way");
    let file = dir.write("out", "x");
    let output = build(SMALL, &file, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(!message.contains("os error"), "{message}");
    assert!(
        message.contains(&format!("`{}` is a file, not a folder", file.display())),
        "{message}"
    );
    assert!(message.contains("-o"), "says what to do: {message}");
    assert_eq!(std::fs::read_to_string(&file).expect("kept"), "x");

    // A file where the checklists folder goes.
    let out = dir.join("out2");
    std::fs::create_dir_all(&out).expect("out2");
    std::fs::write(out.join("checklists"), "x").expect("file");
    let output = build(SMALL, &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(!message.contains("os error"), "{message}");
    assert!(
        message.contains("checklists` is a file, not a folder"),
        "{message}"
    );
    assert_eq!(tree(&out), ["checklists"]);
}

#[test]
fn an_output_file_that_cannot_be_written_is_explained_in_words() {
    let dir = temp_dir("doc-output");
    std::fs::create_dir_all(dir.join("folder")).expect("folder");
    let cases = [
        (dir.join("folder"), "it is a folder, where a file is needed"),
        (
            dir.join("missing").join("x.md"),
            "its folder does not exist",
        ),
    ];
    for (path, words) in cases {
        for command in ["doc", "schedule", "checklist"] {
            let output = planc(&[command, SMALL, "-o", &path.to_string_lossy()]);
            assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
            let message = stderr(&output);
            assert!(
                message.contains(&format!("cannot write `{}`: {words}", path.display())),
                "{command}: {message}"
            );
            assert!(!message.contains("os error"), "{command}: {message}");
        }
    }
}

/// Runs `planc ARGS` reading `stdin` with its standard output going to `stdout`, killed after 60
/// seconds.
fn planc_into(args: &[&str], stdin: Stdio, stdout: Stdio) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(args)
        .current_dir(root())
        .stdin(stdin)
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .expect("planc starts");
    let started = SystemTime::now();
    while child.try_wait().expect("planc runs").is_none() {
        if started.elapsed().unwrap_or_default() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("planc {args:?} did not finish");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("planc's output")
}

#[test]
fn a_full_standard_output_is_said_the_same_way_by_every_command() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        println!("skipped: no /dev/full on this machine");
        assert!(std::env::var_os("CI").is_none(), "CI has /dev/full");
        return;
    };
    let old = "tests/fixtures/diff/items.old.plan";
    let new = "tests/fixtures/diff/items.new.plan";
    let text = "tests/fixtures/import/lishan-2023-task-division.txt";
    let runs: [&[&str]; 8] = [
        &["export", BUNDLED],
        &["schedule", BUNDLED],
        &["graph", BUNDLED],
        &["doc", BUNDLED],
        &["checklist", BUNDLED],
        &["diff", old, new],
        &["import", "-o", "-", text],
        &["fmt", "-"],
    ];
    for args in runs {
        let full = full.try_clone().expect("/dev/full again");
        let stdin = std::fs::File::open(root().join(SMALL)).expect("the small plan");
        let output = planc_into(args, Stdio::from(stdin), Stdio::from(full));
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).starts_with("error: cannot write to standard output: "),
            "{args:?}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    // The export of the bundled plan is larger than a pipe holds, so planc is still writing when
    // the reader goes away.
    for command in ["export", "checklist"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planc"))
            .args([command, BUNDLED])
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("planc starts");
        let mut first = [0u8; 16];
        let mut stdout = child.stdout.take().expect("a pipe");
        std::io::Read::read_exact(&mut stdout, &mut first).expect("the first bytes");
        drop(stdout);
        let output = child.wait_with_output().expect("planc ends");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{command}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), "", "{command}");
    }
}

#[test]
fn two_outputs_with_the_same_name_fail_the_build_before_anything_changes() {
    let dir = temp_dir("build-same-name");
    let out = dir.join("out");
    build_ok(SMALL, &out, &[]);
    let before = files(&out);
    // An owner called `index`: its checklist has the name of the checklist index.
    let text = std::fs::read_to_string(root().join(SMALL)).expect("fixture");
    let plan = dir.write(
        "index.plan",
        text.replace("乙区", "index")
            .replace("期间 2021", "期间 2021\n  导言 \"另一个\""),
    );
    let output = build(&plan.to_string_lossy(), &out, &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(
        message.contains("checklists/index.md") && message.contains("same name"),
        "{message}"
    );
    assert!(
        files(&out) == before,
        "the folder changed although the build failed"
    );
}

/// A small tmpfs mounted on a folder, unmounted when dropped (also when the test fails).
struct Tmpfs(PathBuf);

impl Tmpfs {
    /// Mounts one on `dir` (needs root); `None` with a note when that is not allowed here.
    fn mount(dir: &Path) -> Option<Tmpfs> {
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", "size=1m", "tmpfs"])
            .arg(dir)
            .stderr(Stdio::null())
            .status();
        match status {
            Ok(status) if status.success() => Some(Tmpfs(dir.to_path_buf())),
            _ => {
                eprintln!("note: a full disk not tested: cannot mount a tmpfs here (needs root)");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn fmt_on_a_full_disk_leaves_the_file_as_it_was() {
    let dir = temp_dir("fmt-full-disk");
    let Some(mounted) = Tmpfs::mount(&dir) else {
        return;
    };
    // A plan of 8,190 bytes (two pages of the tmpfs) whose formatted text needs a third page.
    let bundled = std::fs::read_to_string(root().join(BUNDLED)).expect("bundled plan");
    let mut text: String = bundled
        .lines()
        .map(|l| format!("{}\n", l.trim_start()))
        .collect();
    let pad = 8190 - text.len() - 4;
    text.push_str(&format!("// {}\n", "x".repeat(pad)));
    assert_eq!(text.len(), 8190);
    let path = dir.write("plan.plan", &text);
    // Fill the disk.
    let mut filler = std::fs::File::create(dir.join("fill")).expect("filler");
    while std::io::Write::write_all(&mut filler, &[0; 4096]).is_ok() {}
    drop(filler);
    let output = planc(&["fmt", &path.to_string_lossy()]);
    let after = std::fs::read_to_string(&path);
    drop(mounted);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    let message = stderr(&output);
    assert_contains(&message, &["the disk is full", "is unchanged"]);
    assert!(after.expect("read") == text, "the file changed");
}
