//! How long `planc lsp` takes to answer an edit: re-check after a change of a generated plan of
//! 1,000 and 10,000 items (`examples/gen.rs`).
//!
//! - `recheck`, in process: what the check thread does for one change: apply the incremental
//!   change to the text, run the pipeline over the open text (load, check, `planc.toml`, schedule)
//!   and turn the diagnostics into LSP form.
//! - `index_hover`, in process: the first request after a re-check: the index of names is built
//!   (once per checked version) and a hover answered.
//! - `did_change_to_diagnostics`, end to end: the release binary spawned as `planc lsp`, a
//!   `didChange` written to its standard input, until the `publishDiagnostics` of that version is
//!   read from its standard output.
//!
//! ```sh
//! cargo bench --bench lsp                          # 1k and 10k items
//! PLANC_BENCH_SIZES=100000 cargo bench --bench lsp
//! ```
//!
//! BENCHMARKS.md has the results.

#[allow(dead_code, clippy::all)]
#[path = "../examples/gen.rs"]
mod generator;

use criterion::{Criterion, criterion_group, criterion_main};
use lsp_server::{Message, Notification, Request, RequestId};
use lsp_types::{Position, Range};
use planc::lsp::analysis::{Overlay, analyze};
use planc::lsp::{features, position};
use planc::source::FileId;
use serde_json::json;
use std::collections::HashMap;
use std::hint::black_box;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

fn sizes() -> Vec<usize> {
    std::env::var("PLANC_BENCH_SIZES")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 10_000])
}

/// The edit: a comment line inserted at the start of the text, or removed again.
fn edit(toggle: bool) -> (Range, &'static str) {
    if toggle {
        (
            Range::new(Position::new(0, 0), Position::new(0, 0)),
            "// 改\n",
        )
    } else {
        (Range::new(Position::new(0, 0), Position::new(1, 0)), "")
    }
}

fn in_process(c: &mut Criterion, items: usize, dir: &Path, text: &str) {
    let path = dir.join(format!("plan-{items}.plan"));
    std::fs::write(&path, text).expect("write the plan");
    let path = std::fs::canonicalize(&path).expect("canonical path");
    let uri = position::uri_of(&path).expect("a file URI");
    let mut group = c.benchmark_group(format!("lsp_{items}"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    let mut current = text.to_string();
    let mut toggle = true;
    group.bench_function("recheck", |b| {
        b.iter(|| {
            let (range, new_text) = edit(toggle);
            toggle = !toggle;
            current = position::apply_change(&current, Some(range), new_text);
            let overlay = Overlay {
                texts: HashMap::from([(path.clone(), Arc::from(current.as_str()))]),
            };
            let open = HashMap::from([(path.clone(), (uri.clone(), 1))]);
            let analysis = analyze(&path, &overlay, &open);
            black_box(analysis.diagnostics(Some(&uri)))
        })
    });
    let overlay = Overlay {
        texts: HashMap::from([(path.clone(), Arc::from(text))]),
    };
    let open = HashMap::from([(path.clone(), (uri.clone(), 1))]);
    // The hover is on the name of the last item, the far end of the index.
    let offset = text.rfind("事项 ").map_or(0, |at| at + "事项 ".len() + 1);
    group.bench_function("index_hover", |b| {
        b.iter_batched(
            || analyze(&path, &overlay, &open),
            |analysis| black_box(features::hover(&analysis, FileId(0), offset)),
            criterion::BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn send(stdin: &mut impl Write, message: Message) {
    message.write(stdin).expect("write to planc lsp");
    stdin.flush().expect("flush");
}

/// Reads messages until the diagnostics of `version` arrive.
fn until_published(reader: &mut impl std::io::BufRead, version: i32) {
    loop {
        match Message::read(reader).expect("read from planc lsp") {
            Some(Message::Notification(n))
                if n.method == "textDocument/publishDiagnostics"
                    && n.params["version"] == json!(version) =>
            {
                assert_eq!(n.params["diagnostics"], json!([]), "the plan checks clean");
                return;
            }
            Some(_) => {}
            None => panic!("planc lsp closed its output"),
        }
    }
}

fn end_to_end(c: &mut Criterion, items: usize, dir: &Path, text: &str) {
    let path = std::fs::canonicalize(dir)
        .expect("dir")
        .join(format!("plan-{items}.plan"));
    std::fs::write(&path, text).expect("write the plan");
    let uri = position::uri_of(&path).expect("a file URI");
    let mut child = Command::new(env!("CARGO_BIN_EXE_planc"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("planc lsp starts");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    send(
        &mut stdin,
        Message::Request(Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({"processId": null, "capabilities": {}}),
        )),
    );
    let _ = Message::read(&mut reader);
    send(
        &mut stdin,
        Message::Notification(Notification::new("initialized".into(), json!({}))),
    );
    send(
        &mut stdin,
        Message::Notification(Notification::new(
            "textDocument/didOpen".into(),
            json!({"textDocument": {"uri": uri, "languageId": "plan", "version": 1, "text": text}}),
        )),
    );
    until_published(&mut reader, 1);
    let mut version = 1;
    let cpu_before = cpu_ticks(child.id());
    let mut group = c.benchmark_group(format!("lsp_{items}"));
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(500));
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("did_change_to_diagnostics", |b| {
        b.iter_custom(|iterations| {
            let mut total = Duration::ZERO;
            for _ in 0..iterations {
                version += 1;
                let (range, new_text) = edit(version % 2 == 0);
                let started = Instant::now();
                send(
                    &mut stdin,
                    Message::Notification(Notification::new(
                        "textDocument/didChange".into(),
                        json!({"textDocument": {"uri": uri, "version": version},
                               "contentChanges": [{"range": range, "text": new_text}]}),
                    )),
                );
                until_published(&mut reader, version);
                total += started.elapsed();
            }
            total
        })
    });
    group.finish();
    // The server's own CPU time per re-check (user + system, from /proc): less disturbed by other
    // processes on a busy machine than the wall-clock time above.
    if let (Some(before), Some(after)) = (cpu_before, cpu_ticks(child.id())) {
        let checks = f64::from((version - 1).max(1));
        println!(
            "lsp_{items}/server_cpu_per_recheck: {:.1} ms over {checks} re-checks",
            after.saturating_sub(before) as f64 * 10.0 / checks
        );
    }
    send(
        &mut stdin,
        Message::Request(Request::new(
            RequestId::from(2),
            "shutdown".into(),
            json!(null),
        )),
    );
    send(
        &mut stdin,
        Message::Notification(Notification::new("exit".into(), json!(null))),
    );
    let _ = child.wait();
}

/// User plus system time of a process, in clock ticks (1/100 s on Linux), from `/proc/PID/stat`.
fn cpu_ticks(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // The fields after the command name (which is in parentheses and may hold spaces).
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let user: u64 = fields.get(11)?.parse().ok()?;
    let system: u64 = fields.get(12)?.parse().ok()?;
    Some(user + system)
}

fn benches(c: &mut Criterion) {
    let dir: PathBuf = std::env::temp_dir().join(format!("planc-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("bench folder");
    for items in sizes() {
        let text = generator::generate(&generator::Options::items(items));
        in_process(c, items, &dir, &text);
        end_to_end(c, items, &dir, &text);
    }
    let _ = std::fs::remove_dir_all(&dir);
}

criterion_group!(lsp, benches);
criterion_main!(lsp);
