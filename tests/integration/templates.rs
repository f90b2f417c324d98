//! planc renders its built-in Markdown and HTML templates (`templates/*.j2`) by code, for speed on
//! large plans (`src/emit/doc/render.rs`, `src/emit/checklist/render.rs`). These tests render the
//! same documents and checklists through the template engine as well, with the built-in templates
//! copied into a template folder, and require the same bytes: the templates stay the definition
//! of the output, and a change to one of them fails here until the code follows it. They also
//! check that a user's template still replaces the built-in one.

use crate::support::{Planc, temp_dir};

#[allow(dead_code, clippy::all)]
#[path = "../../examples/gen.rs"]
mod generator;

use planc::emit::checklist::{self, ChecklistOptions, Grouping};
use planc::emit::doc::templates::BUILTIN;
use planc::emit::doc::{DocOptions, Document, Lang, TemplateError, TemplateSet};
use planc::model::{OwnerId, Plan};
use planc::syntax::loader::{DiskFileSystem, LoadOptions, MemoryFileSystem, load};
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A template folder holding a copy of every built-in template: rendering with it goes through
/// the template engine.
fn engine_templates(name: &str) -> (crate::support::Scratch, TemplateSet) {
    let dir = temp_dir(name);
    for (file, source) in BUILTIN {
        dir.write(file, source);
    }
    let set = TemplateSet::with_folder(&dir);
    (dir, set)
}

fn checked(loaded: planc::syntax::loader::Loaded, name: &str) -> Plan {
    let checked = planc::check::check(loaded);
    assert!(!checked.has_errors(), "{name} checks clean");
    checked.plan.expect("a plan")
}

/// The plans compared: the bundled plan, the fixtures, text with markup characters everywhere,
/// and a generated plan of 300 items.
fn plans() -> Vec<(String, Plan)> {
    let mut plans = Vec::new();
    for file in [
        "plans/changzhou-education-2020.plan",
        "tests/fixtures/doc/small.plan",
        "tests/fixtures/doc/escapes.plan",
        "tests/fixtures/all-target-kinds.plan",
        "tests/fixtures/schedule/sample.plan",
    ] {
        let loaded = load(&DiskFileSystem, &root().join(file), LoadOptions::default())
            .expect("the plan loads");
        plans.push((file.to_string(), checked(loaded, file)));
    }
    let text = generator::generate(&generator::Options::items(300));
    let mut fs = MemoryFileSystem::new();
    fs.insert("generated.plan", text.into_bytes());
    let loaded = load(&fs, Path::new("generated.plan"), LoadOptions::default()).expect("loads");
    plans.push((
        "generated 300 items".to_string(),
        checked(loaded, "generated"),
    ));
    plans
}

/// Fails with the first line that differs, not with two texts of thousands of lines.
fn same(what: &str, code: &str, engine: &str) {
    if code == engine {
        return;
    }
    let line = code
        .lines()
        .zip(engine.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| code.lines().count().min(engine.lines().count()));
    panic!(
        "{what}: the code and the template differ at line {}:\n code:     {:?}\n template: {:?}\n({} and {} bytes)",
        line + 1,
        code.lines().nth(line),
        engine.lines().nth(line),
        code.len(),
        engine.len()
    );
}

#[test]
fn documents_match_their_templates() {
    let (_dir, engine) = engine_templates("templates-doc");
    let builtin = TemplateSet::builtin();
    for (name, plan) in plans() {
        for (owners, annex, lang) in [
            (false, false, Lang::Zh),
            (true, true, Lang::Zh),
            (true, false, Lang::En),
            (false, true, Lang::En),
        ] {
            let options = DocOptions {
                owners,
                annex,
                lang,
                ..DocOptions::default()
            };
            let doc = Document::of(&plan, &options);
            let what = format!("{name} with {options:?}");
            let (code, template) = (doc.markdown(&builtin), doc.markdown(&engine));
            same(
                &format!("doc.md.j2, {what}"),
                &code.expect("renders"),
                &template.expect("renders"),
            );
            let (code, template) = (doc.html(&builtin), doc.html(&engine));
            same(
                &format!("doc.html.j2, {what}"),
                &code.expect("renders"),
                &template.expect("renders"),
            );
        }
    }
}

/// `render_each` (what `planc checklist` writes) of `owners`, in one string.
fn render_each(
    plan: &Plan,
    owners: &[OwnerId],
    options: &ChecklistOptions,
    templates: &TemplateSet,
    html: bool,
) -> String {
    let mut text = String::new();
    let schedule = planc::schedule::schedule(plan, &Default::default()).expect("schedules");
    checklist::render_each(plan, &schedule, owners, options, templates, html, |piece| {
        text.push_str(piece);
        Ok::<(), TemplateError>(())
    })
    .expect("renders");
    text
}

/// `each_page` (what `planc build` writes) of every owner with items: summary, Markdown, HTML.
fn pages(
    plan: &Plan,
    options: &ChecklistOptions,
    templates: &TemplateSet,
) -> Vec<(String, usize, String, String)> {
    let mut pages = Vec::new();
    let owners = checklist::owners_with_items(plan);
    let schedule = planc::schedule::schedule(plan, &Default::default()).expect("schedules");
    checklist::each_page(
        plan,
        &schedule,
        &owners,
        options,
        templates,
        |summary, md, html| {
            assert!(summary.buckets.is_empty(), "a summary without checkboxes");
            pages.push((
                summary.owner_id,
                summary.tasks,
                md.to_string(),
                html.to_string(),
            ));
            Ok::<(), TemplateError>(())
        },
    )
    .expect("renders");
    pages
}

#[test]
fn checklists_match_their_templates() {
    let (_dir, engine) = engine_templates("templates-checklist");
    let builtin = TemplateSet::builtin();
    let day = |text: &str| text.parse().expect("a date");
    for (name, plan) in plans() {
        let start = plan.period.start;
        let owners = checklist::owners_with_items(&plan);
        for options in [
            ChecklistOptions::default(),
            ChecklistOptions {
                as_of: Some(day("2021-06-20")),
                by: Grouping::Month,
                lang: Lang::Zh,
                progress: None,
            },
            ChecklistOptions {
                as_of: Some(start),
                by: Grouping::Quarter,
                lang: Lang::En,
                progress: None,
            },
            // Ticked from progress: every third item done, every milestone, one occurrence each.
            ChecklistOptions {
                as_of: Some(start),
                by: Grouping::Quarter,
                lang: Lang::Zh,
                progress: Some(std::sync::Arc::new(checklist::Ticks {
                    items: (0..plan.items.len()).map(|i| i % 3 == 0).collect(),
                    milestones: vec![true; plan.milestones.len()],
                    occurrences: vec![1; plan.recurrences.len()],
                })),
            },
        ] {
            // Every owner with items, one owner, the same owner twice, every owner of the plan
            // (some without items).
            let all: Vec<OwnerId> = plan.owners.ids().collect();
            let first = owners.first().copied().into_iter().collect::<Vec<_>>();
            let twice = owners.iter().take(1).chain(owners.iter().take(1)).copied();
            for (which, owners) in [
                ("owners with items", Vec::new()),
                ("one owner", first),
                ("one owner twice", twice.collect()),
                ("every owner", all),
            ] {
                for html in [false, true] {
                    same(
                        &format!("checklist (html: {html}), {name}, {which}, {options:?}"),
                        &render_each(&plan, &owners, &options, &builtin, html),
                        &render_each(&plan, &owners, &options, &engine, html),
                    );
                }
            }
            // One owner per page, as `planc build` writes them.
            let (code, template) = (
                pages(&plan, &options, &builtin),
                pages(&plan, &options, &engine),
            );
            assert_eq!(code.len(), template.len());
            for (code, template) in code.iter().zip(&template) {
                let what = format!("{name}, page of {}, {options:?}", code.0);
                assert_eq!((&code.0, code.1), (&template.0, template.1), "{what}");
                same(&format!("checklist.md.j2, {what}"), &code.2, &template.2);
                same(&format!("checklist.html.j2, {what}"), &code.3, &template.3);
            }
        }
    }
}

/// A plan without owners has no checklists: the Markdown is empty, the HTML page has no section.
#[test]
fn no_checklists_match_their_templates() {
    let (_dir, engine) = engine_templates("templates-no-checklist");
    let loaded = load(
        &DiskFileSystem,
        &root().join("tests/fixtures/schedule/sample.plan"),
        LoadOptions::default(),
    )
    .expect("loads");
    let mut plan = checked(loaded, "sample");
    for item in &mut plan.items {
        item.lead = None;
        item.support.clear();
    }
    let options = ChecklistOptions::default();
    for html in [false, true] {
        let code = render_each(&plan, &[], &options, &TemplateSet::builtin(), html);
        same(
            &format!("no checklists (html: {html})"),
            &code,
            &render_each(&plan, &[], &options, &engine, html),
        );
        assert_eq!(code.is_empty(), !html);
    }
}

#[test]
fn a_users_checklist_template_replaces_the_built_in_one() {
    let dir = temp_dir("templates-user-checklist");
    dir.write(
        "checklist.md.j2",
        "{% for list in checklists %}{{ list.owner_id }}={{ list.tasks }};{% endfor %}",
    );
    let planc = |args: &[&str]| Planc::new().args(args).output();
    let folder = dir.to_string_lossy().into_owned();
    let plan = "tests/fixtures/doc/small.plan";
    let output = planc(&["checklist", plan, "--templates", &folder]);
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        "基教处=3;体卫处=3;甲区=6;乙区=6;"
    );
    // `build` uses it for every owner's file; the HTML stays built in.
    let out = dir.join("out");
    crate::support::build::build_ok(plan, &out, &["--templates", &folder]);
    let md = std::fs::read_to_string(out.join("checklists/甲区.md")).expect("written");
    assert_eq!(md, "甲区=6;");
    let html = std::fs::read_to_string(out.join("checklists/甲区.html")).expect("written");
    assert!(html.starts_with("<!DOCTYPE html>"));
}

#[test]
fn a_template_folder_that_is_not_there_is_a_usage_error_for_every_command() {
    let dir = temp_dir("templates-missing");
    let missing = dir.join("nowhere");
    let folder = missing.to_string_lossy().into_owned();
    let out = dir.join("out").to_string_lossy().into_owned();
    let plan = "tests/fixtures/doc/small.plan";
    for args in [
        vec!["doc", plan, "--templates", &folder],
        vec!["checklist", plan, "--templates", &folder],
        vec!["build", plan, "-o", &out, "--templates", &folder],
    ] {
        let run = Planc::new().args(&args).code(2);
        assert_eq!(
            run.stderr,
            format!("error: the template folder `{folder}` does not exist\n"),
            "{args:?}"
        );
        assert_eq!(run.stdout, "", "{args:?}");
    }
    assert!(!dir.join("out").exists(), "build wrote nothing");
}
