//! Speed of the scheduler on a synthetic 10,000-item plan (the same shape as
//! `tests/schedule_scale.rs`): critical path method, levelling, and rendering.

use criterion::{Criterion, criterion_group, criterion_main};
use planc::model::Plan;
use planc::schedule::{ScheduleOptions, schedule};
use planc::syntax::loader::{LoadOptions, MemoryFileSystem, load};
use std::hint::black_box;

#[path = "../tests/support/synthetic_schedule.rs"]
mod synthetic_schedule;
use synthetic_schedule::synthetic;

/// Checks the plan.
fn plan(n: usize) -> Option<Plan> {
    let text = synthetic(n);
    let mut fs = MemoryFileSystem::new();
    fs.insert("big.plan", text.into_bytes());
    let loaded = load(
        &fs,
        std::path::Path::new("big.plan"),
        LoadOptions::default(),
    )
    .ok()?;
    planc::check::check(loaded).plan
}

fn bench(c: &mut Criterion) {
    let Some(plan) = plan(10_000) else {
        eprintln!("the synthetic plan did not check");
        return;
    };
    let mut group = c.benchmark_group("schedule_10k");
    group.sample_size(20);
    group.bench_function("cpm", |b| {
        b.iter(|| schedule(black_box(&plan), &ScheduleOptions::default()).is_ok())
    });
    group.bench_function("cpm_and_levelling", |b| {
        b.iter(|| schedule(black_box(&plan), &ScheduleOptions { level: true }).is_ok())
    });
    if let Ok(s) = schedule(&plan, &ScheduleOptions::default()) {
        let filter = planc::emit::schedule::Filter::default();
        group.bench_function("table", |b| {
            b.iter(|| planc::emit::schedule::table::table(black_box(&plan), &s, &filter).len())
        });
        group.bench_function("html", |b| {
            b.iter(|| planc::emit::schedule::html::html(black_box(&plan), &s, &filter, None).len())
        });
        group.bench_function("ics", |b| {
            b.iter(|| planc::emit::schedule::ics::ics(black_box(&plan), &s, &filter).len())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
