//! Speed of each phase on synthetic plans from `examples/gen.rs`: parse (read + parse + lower),
//! check (resolve, values, graph, prose), schedule, and build (every artefact rendered in memory).
//!
//! ```sh
//! cargo bench --bench check                                               # 1k, 10k, 100k items
//! PLANC_BENCH_SIZES=1000,1000000 cargo bench --bench check                 # choose the sizes (build: below 1M)
//! ```
//!
//! BENCHMARKS.md has the results and the peak memory of the release binary at each size.

#[allow(dead_code, clippy::all)]
#[path = "../examples/gen.rs"]
mod generator;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use planc::emit::build::{BuildOptions, Render, artefacts};
use planc::emit::checklist::Grouping;
use planc::emit::doc::Lang;
use planc::schedule::{ScheduleOptions, schedule};
use planc::syntax::loader::{LoadOptions, Loaded, MemoryFileSystem, load};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

fn sizes() -> Vec<usize> {
    std::env::var("PLANC_BENCH_SIZES")
        .ok()
        .map(|list| {
            list.split(',')
                .filter_map(|n| n.trim().replace('_', "").parse().ok())
                .collect()
        })
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000])
}

/// Plans this large are not built in memory by the benchmark (see `phases`).
const BUILD_IN_MEMORY_LIMIT: usize = 1_000_000;

fn memory_fs(text: &str) -> MemoryFileSystem {
    let mut fs = MemoryFileSystem::new();
    fs.insert("plan.plan", text.as_bytes().to_vec());
    fs
}

fn load_plan(fs: &MemoryFileSystem) -> Loaded {
    load(fs, Path::new("plan.plan"), LoadOptions::default()).expect("the plan is in memory")
}

fn phases(c: &mut Criterion) {
    for items in sizes() {
        let text = generator::generate(&generator::Options::items(items));
        let fs = memory_fs(&text);
        let mut group = c.benchmark_group(format!("items_{items}"));
        group.throughput(Throughput::Elements(items as u64));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(if items >= 100_000 { 20 } else { 5 }));
        group.bench_function("parse", |b| b.iter(|| black_box(load_plan(&fs))));
        group.bench_function("check", |b| {
            b.iter_batched(
                || load_plan(&fs),
                |loaded| black_box(planc::check::check(loaded)),
                BatchSize::PerIteration,
            )
        });
        let checked = planc::check::check(load_plan(&fs));
        assert!(!checked.has_errors(), "the generated plan checks clean");
        let plan = checked.plan.expect("a plan");
        group.bench_function("schedule", |b| {
            b.iter(|| black_box(schedule(&plan, &ScheduleOptions::default())))
        });
        let scheduled = schedule(&plan, &ScheduleOptions::default()).expect("it schedules");
        let options = BuildOptions {
            render: Render {
                owners: false,
                annex: false,
                lang: Lang::Zh,
                templates: None,
            },
            by: Grouping::Quarter,
            today: None,
            ticks: None,
        };
        // `artefacts` keeps every output in memory: ~10 GB at a million items, and over a minute a
        // sample. BENCHMARKS.md has `planc build` of that size from the command line instead.
        if items >= BUILD_IN_MEMORY_LIMIT {
            eprintln!("items_{items}/build: skipped, see BENCHMARKS.md");
            group.finish();
            continue;
        }
        group.bench_function("build", |b| {
            b.iter(|| black_box(artefacts(&plan, &scheduled, &options)))
        });
        group.finish();
    }
}

criterion_group!(benches, phases);
criterion_main!(benches);
