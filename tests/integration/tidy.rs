//! The layering of ARCHITECTURE.md ("Module map"), held: every `crate::` path in `src/` is read,
//! and a module that imports from a layer above its own fails the test. A module may import from
//! its own layer and any layer below; nothing imports the CLI module `cli` (only `main.rs` calls
//! it, as `planc::cli::run`). A module's own `#[cfg(test)] mod tests` is not read: a unit test may
//! build its input with a higher phase (a scheduler test checks a plan first).

use std::path::{Path, PathBuf};

/// The layers, top first, and the top-level modules of each.
const LAYERS: &[(&str, &[&str])] = &[
    // argv → exit code; the only places that print and write files.
    ("CLI", &["cli", "commands", "lsp", "pipeline", "output"]),
    // What is made of a checked plan, and the other ways in.
    (
        "outputs and review",
        &["emit", "diff", "format", "import", "progress", "policy"],
    ),
    // `check` runs the scheduler (check::feasibility), so that a plan `check` accepts schedules.
    ("check", &["check"]),
    ("schedule", &["schedule"]),
    ("model", &["model"]),
    // Reading files (syntax::loader) and parsing them.
    ("syntax", &["syntax"]),
    // What every phase uses: spans and files, diagnostics and their rendering, the calendar.
    ("foundations", &["source", "diagnostic", "calendar"]),
];

/// Modules no other module may import.
const NOT_IMPORTED: &[&str] = &["cli"];

/// Imports against the layering that are allowed, each with its reason: (importing module,
/// imported top-level module, why). Empty: the code keeps its layers.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// The layer (0 = top) of a top-level module.
fn layer(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

/// The module path of a source file: `src/syntax/loader.rs` → `syntax::loader`.
fn module_path(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
        if last == "mod" {
            parts.pop();
        }
    }
    parts.join("::")
}

/// The code of a file without comments and without its `#[cfg(test)] mod tests`.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules a piece of code names through `crate::`, with the 1-based line:
/// `crate::a::b`, and each branch of `crate::{a, b::c}`.
fn imports(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        // `$crate::` and names ending in `crate` (`my_crate::`) are not this crate.
        if code[..at]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '$')
        {
            continue;
        }
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0usize;
            let mut start = 0;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => {
                        found.extend(first_ident(&group[start..i]).map(|m| (line, m)));
                        break;
                    }
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.extend(first_ident(&group[start..i]).map(|m| (line, m)));
                        start = i + 1;
                    }
                    _ => {}
                }
            }
        } else {
            found.extend(first_ident(rest).map(|m| (line, m)));
        }
    }
    found
}

fn first_ident(text: &str) -> Option<String> {
    let ident: String = text
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    (!ident.is_empty() && ident != "self").then_some(ident)
}

/// What is wrong with the imports of `module` (its code given): one line per import against the
/// layering.
fn violations(module: &str, text: &str) -> Vec<String> {
    let top = module.split("::").next().unwrap_or(module);
    let Some(own) = layer(top) else {
        return vec![format!(
            "`{module}` is in no layer: add `{top}` to LAYERS in tests/integration/tidy.rs and ARCHITECTURE.md"
        )];
    };
    let mut problems = Vec::new();
    for (line, imported) in imports(&code(text)) {
        if imported == top {
            continue;
        }
        if EXCEPTIONS
            .iter()
            .any(|(from, to, _)| *from == module && *to == imported)
        {
            continue;
        }
        if NOT_IMPORTED.contains(&imported.as_str()) {
            problems.push(format!(
                "{module}:{line}: imports `crate::{imported}`, which nothing may import"
            ));
            continue;
        }
        match layer(&imported) {
            Some(theirs) if theirs < own => problems.push(format!(
                "{module}:{line}: `{top}` ({}) imports `crate::{imported}` ({}), a layer above it",
                LAYERS[own].0, LAYERS[theirs].0
            )),
            Some(_) => {}
            None => problems.push(format!(
                "{module}:{line}: imports `crate::{imported}`, which is in no layer"
            )),
        }
    }
    problems
}

fn rust_files(folder: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(folder)
        .expect("src/ is readable")
        .map(|e| e.expect("src/ is readable").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_imports_only_from_its_layer_and_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    let mut read = 0;
    for file in &files {
        let relative = file.strip_prefix(&src).expect("below src/");
        if relative == Path::new("lib.rs") || relative == Path::new("main.rs") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("a source file is UTF-8");
        problems.extend(violations(&module_path(relative), &text));
        read += 1;
    }
    assert!(read > 50, "only {read} modules read from {}", src.display());
    assert!(
        problems.is_empty(),
        "imports against the layering:\n{}",
        problems.join("\n")
    );
}

#[test]
fn every_top_level_module_has_a_layer_and_every_layer_a_module() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("src/lib.rs is readable");
    let declared: Vec<&str> = lib
        .lines()
        .filter_map(|line| {
            let line = line.trim();
            ["pub mod ", "pub(crate) mod ", "mod "]
                .iter()
                .find_map(|prefix| line.strip_prefix(prefix))
        })
        .map(|rest| rest.trim_end_matches(';'))
        .collect();
    assert!(declared.len() > 10, "{declared:?}");
    for module in &declared {
        assert!(
            layer(module).is_some(),
            "`{module}` (lib.rs) is in no layer of tests/integration/tidy.rs"
        );
    }
    for (name, modules) in LAYERS {
        for module in *modules {
            assert!(
                declared.contains(module),
                "layer {name} names `{module}`, which lib.rs does not declare"
            );
        }
    }
}

#[test]
fn an_import_against_the_layering_is_found() {
    // Upwards, in a plain path, a grouped `use` across lines and an inline path.
    let found = violations("syntax::fast", "use crate::check::Checked;\n");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("syntax::fast:1") && found[0].contains("crate::check"),
        "{found:?}"
    );
    let found = violations(
        "schedule::cpm",
        "use crate::model::Plan;\nuse crate::{\n    calendar::Calendar,\n    emit::doc::{Document, Lang},\n};\n",
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].contains("schedule::cpm:2") && found[0].contains("crate::emit"),
        "{found:?}"
    );
    let found = violations("model", "fn f() { crate::pipeline::load(); }");
    assert_eq!(found.len(), 1, "{found:?}");
    // Nothing imports the CLI module, not even a command.
    let found = violations("commands::check", "use crate::cli::Cli;");
    assert_eq!(found.len(), 1, "{found:?}");
    // An unknown top-level module must be placed.
    assert_eq!(violations("newphase::x", "").len(), 1);
    assert_eq!(violations("emit", "use crate::newphase::X;").len(), 1);
}

#[test]
fn imports_down_and_within_a_layer_comments_and_unit_tests_pass() {
    let text = "use crate::diagnostic::{self, Code};\nuse crate::{diff::Change, model::Plan};\n\
                // use crate::cli::run;\n/// [`crate::commands`] is above\nfn f() { \
                crate::syntax::parse(); }\n#[cfg(test)]\nmod tests {\n    use crate::check::check;\n}\n";
    assert_eq!(violations("policy", text), Vec::<String>::new());
    assert_eq!(
        imports(&code(text))
            .into_iter()
            .map(|(_, m)| m)
            .collect::<Vec<_>>(),
        ["diagnostic", "diff", "model", "syntax"]
    );
    // `$crate::` and other crates' names are not this crate.
    assert!(imports("$crate::cli::run(); my_crate::cli::run();").is_empty());
}

/// What words a diagnostic: its raw constructors and the builders that add text to one.
const WORDING: &[&str] = &["Diagnostic::new(", ".with_help(", ".with_label("];

#[test]
fn diagnostics_are_worded_only_in_the_problem_module() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut problems = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("below src/");
        if relative.starts_with("diagnostic") {
            continue;
        }
        let name = relative.to_string_lossy().replace('\\', "/");
        let text = code(&std::fs::read_to_string(file).expect("a source file is UTF-8"));
        problems.extend(
            text.lines()
                .enumerate()
                .filter(|(_, line)| WORDING.iter().any(|w| line.contains(w)))
                .map(|(number, line)| format!("src/{name}:{}: {}", number + 1, line.trim())),
        );
    }
    assert!(
        problems.is_empty(),
        "a diagnostic worded outside src/diagnostic/problem.rs (add a `Problem` variant):\n{}",
        problems.join("\n")
    );
}
