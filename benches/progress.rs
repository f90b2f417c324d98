//! Speed of progress files and `planc status` on synthetic plans from `examples/gen.rs` with an
//! entry for every item from `examples/gen_progress.rs`: parsing the progress file (the fast
//! parser and pest, the parser of record), checking it against the plan, the status as of its
//! day, and the terminal table.
//!
//! ```sh
//! cargo bench --bench progress                                   # 10k and 100k items
//! PLANC_BENCH_SIZES=1000 cargo bench --bench progress            # choose the sizes
//! ```
//!
//! BENCHMARKS.md, "Progress, status and the 台账", has the results and the release binary's times.

#[allow(dead_code, clippy::all)]
#[path = "../examples/gen_progress.rs"]
mod gen_progress;
#[allow(dead_code, clippy::all)]
#[path = "../examples/gen.rs"]
mod generator;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use planc::source::{FileId, SourceMap};
use planc::syntax::loader::{LoadOptions, MemoryFileSystem, load};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

fn sizes() -> Vec<usize> {
    std::env::var("PLANC_BENCH_SIZES")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![10_000, 100_000])
}

fn progress(c: &mut Criterion) {
    for items in sizes() {
        let text = generator::generate(&generator::Options::items(items));
        let mut fs = MemoryFileSystem::new();
        fs.insert("plan.plan", text.as_bytes().to_vec());
        let loaded = load(&fs, Path::new("plan.plan"), LoadOptions::default()).expect("in memory");
        let checked = planc::check::check(loaded);
        assert!(!checked.has_errors(), "the generated plan checks clean");
        let plan = checked.plan.expect("a plan");
        let schedule =
            planc::schedule::schedule(&plan, &planc::schedule::ScheduleOptions::default())
                .expect("it schedules");
        let calendar = planc::schedule::calendar(&plan).expect("a calendar");
        let file = gen_progress::progress(&plan, "2020-06-30");
        let mut group = c.benchmark_group(format!("progress_{items}"));
        group.throughput(Throughput::Elements(items as u64));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(if items >= 100_000 { 10 } else { 3 }));
        group.bench_function("parse_fast", |b| {
            b.iter(|| black_box(planc::progress::fast::parse(FileId(0), &file)))
        });
        group.bench_function("parse_pest", |b| {
            b.iter(|| black_box(planc::progress::syntax::parse_with_pest(FileId(0), &file)))
        });
        let parse_and_check = || {
            let mut sources = SourceMap::new();
            let mut diagnostics = Vec::new();
            let trees = planc::progress::parse_all(
                &mut sources,
                vec![planc::progress::ProgressSource {
                    name: "2020-06-30.progress".to_string(),
                    path: PathBuf::from("2020-06-30.progress"),
                    text: file.clone(),
                }],
                &mut diagnostics,
            );
            planc::progress::check::check(&plan, &schedule, trees, &mut diagnostics)
        };
        let snapshots = parse_and_check();
        assert_eq!(snapshots.len(), 1, "the progress file checks clean");
        group.bench_function("parse_and_check", |b| {
            b.iter(|| black_box(parse_and_check()))
        });
        let day = "2020-06-30".parse().expect("a date");
        group.bench_function("status", |b| {
            b.iter(|| {
                black_box(planc::progress::status::compute(
                    &plan, &schedule, &calendar, &snapshots, day,
                ))
            })
        });
        let status = planc::progress::status::compute(&plan, &schedule, &calendar, &snapshots, day);
        group.bench_function("table", |b| {
            b.iter(|| black_box(planc::progress::render::human(&plan, &status)))
        });
        group.finish();
    }
}

criterion_group!(benches, progress);
criterion_main!(benches);
