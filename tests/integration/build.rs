//! `planc build`: every artefact in one folder, byte-identical on every run, nothing written when
//! the plan has errors.

use crate::support::build::{build, build_ok, files};
use crate::support::temp_dir;
use crate::support::{BUNDLED, SMALL};

#[test]
fn build_writes_every_artefact() {
    let dir = temp_dir("build-all");
    let out = dir.join("out");
    let output = build_ok(SMALL, &out, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary: Vec<&str> = stderr.lines().filter(|l| l.starts_with("built ")).collect();
    assert_eq!(summary.len(), 1, "one summary line: {stderr}");
    assert!(
        summary[0].starts_with("built 19 files in "),
        "{}",
        summary[0]
    );
    let names: Vec<String> = files(&out).into_keys().collect();
    assert_eq!(
        names,
        [
            ".planc-manifest",
            "checklists/index.html",
            "checklists/index.md",
            "checklists/乙区.html",
            "checklists/乙区.md",
            "checklists/体卫处.html",
            "checklists/体卫处.md",
            "checklists/基教处.html",
            "checklists/基教处.md",
            "checklists/甲区.html",
            "checklists/甲区.md",
            "document.docx",
            "document.html",
            "document.md",
            "graph.dot",
            "plan.json",
            "schedule.csv",
            "schedule.html",
            "schedule.ics",
            "schedule.mmd",
        ]
        .map(String::from)
        .to_vec(),
        "the files written"
    );
    let all = files(&out);
    let text = |name: &str| String::from_utf8(all[name].clone()).expect("UTF-8");
    assert!(text("document.md").starts_with("# 2021年示范区教育工作要点\n"));
    assert!(text("checklists/index.md").contains("[甲区](甲区.md)"));
    assert!(text("schedule.ics").starts_with("BEGIN:VCALENDAR"));
    assert!(text("graph.dot").contains("digraph"));
    let json: serde_json::Value = serde_json::from_slice(&all["plan.json"]).expect("JSON");
    assert_eq!(json["title"], "2021年示范区教育工作要点");
    assert!(all["document.docx"].starts_with(b"PK"));
    // The manifest lists every other file, sorted, after its header line.
    let manifest = text(".planc-manifest");
    assert!(manifest.starts_with("# planc manifest: "), "{manifest}");
    assert_eq!(
        manifest.lines().skip(1).collect::<Vec<_>>(),
        names.iter().skip(1).map(String::as_str).collect::<Vec<_>>()
    );
}

#[test]
fn build_is_byte_identical_on_every_run() {
    let dir = temp_dir("build-twice");
    let (first, second) = (dir.join("a"), dir.join("b"));
    for out in [&first, &second] {
        build_ok(BUNDLED, out, &["--owners", "--annex"]);
    }
    let (a, b) = (files(&first), files(&second));
    assert_eq!(
        a.keys().collect::<Vec<_>>(),
        b.keys().collect::<Vec<_>>(),
        "the same files"
    );
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between two builds");
    }
    // Building again into the same folder leaves the same bytes.
    build_ok(BUNDLED, &first, &["--owners", "--annex"]);
    assert!(files(&first) == a, "rebuilding in place changed the output");
}

#[test]
fn build_writes_nothing_when_the_plan_has_errors() {
    let dir = temp_dir("build-errors");
    let plan = dir.write("bad.plan", "计划 \"X\" {\n  期间 2020\n}\n部分 甲 \"甲\" {\n  事项 乙 \"乙\" {\n    牵头 不存在\n  }\n}\n");
    let out = dir.join("out");
    let output = build(&plan.to_string_lossy(), &out, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(!out.exists(), "nothing written");
}

#[test]
fn a_folder_that_cannot_take_one_file_keeps_every_old_artefact() {
    let out = temp_dir("build-all-or-nothing");
    build_ok(SMALL, &out, &[]);
    let before = files(&out);
    // Make one destination impossible to replace: `graph.dot` becomes a folder.
    std::fs::remove_file(out.join("graph.dot")).expect("remove graph.dot");
    std::fs::create_dir(out.join("graph.dot")).expect("folder in its place");
    std::fs::write(out.join("graph.dot").join("keep"), b"x").expect("make it non-empty");
    // A different plan would change every file; none may change.
    let second = build(BUNDLED, &out, &[]);
    assert_eq!(
        second.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    let after = files(&out);
    for (path, bytes) in &before {
        if path == "graph.dot" {
            continue;
        }
        assert!(
            after.get(path) == Some(bytes),
            "{path} changed although the build failed"
        );
    }
    assert!(
        after.keys().all(|path| !path.contains("planc-tmp")),
        "temporary files left behind: {:?}",
        after.keys().collect::<Vec<_>>()
    );
}

#[test]
fn a_template_that_fails_halfway_leaves_the_folder_as_it_was() {
    let dir = temp_dir("build-template-fails");
    let out = dir.join("out");
    build_ok(SMALL, &out, &[]);
    let before = files(&out);
    // The documents and schedules are rendered and written to temporary files before the first
    // checklist fails.
    let templates = crate::support::build::failing_checklist_template(&dir);
    let second = build(
        BUNDLED,
        &out,
        &["--templates", &templates.to_string_lossy()],
    );
    assert_eq!(second.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("checklist.html.j2") && stderr.contains("nothing written"),
        "{stderr}"
    );
    assert!(
        files(&out) == before,
        "the folder changed although the build failed"
    );
}
