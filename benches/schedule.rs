//! Speed of the scheduler on a synthetic 10,000-item plan (the same shape as
//! `tests/schedule_scale.rs`): critical path method, levelling, and rendering.

use criterion::{Criterion, criterion_group, criterion_main};
use planc::loader::{LoadOptions, MemoryFileSystem, load};
use planc::model::Plan;
use planc::schedule::{ScheduleOptions, schedule};
use std::hint::black_box;

/// A start-to-start spine through the even items, each odd item waiting for the one before it,
/// durations, year-long items, milestones, recurrences and owners with capacities.
fn synthetic(n: usize) -> String {
    let mut text = String::from("计划 \"synthetic\" {\n  期间 2020\n}\n计量单位 次\n");
    for d in 0..20 {
        text.push_str(&format!("部门 D{d} 容量 400\n"));
    }
    for i in 0..n {
        if i % 500 == 0 {
            if i > 0 {
                text.push_str("}\n");
            }
            text.push_str(&format!("部分 S{} \"section {}\" {{\n", i / 500, i / 500));
        }
        text.push_str(&format!(
            "  事项 T{i} \"item {i}\" {{\n    牵头 D{}\n",
            i % 20
        ));
        if i % 2 == 0 {
            if i >= 2 {
                text.push_str(&format!("    后于 T{} 开始\n", i - 2));
            }
        } else {
            text.push_str(&format!("    依赖 T{}\n", i - 1));
        }
        if i % 3 == 0 {
            text.push_str("    工期 5 工作日\n");
        } else {
            text.push_str("    时限 年内\n");
        }
        if i % 100 == 1 {
            text.push_str(&format!("    节点 M{i} \"m\" 时限 Q4 后于 T{i}\n"));
        }
        if i % 250 == 7 {
            text.push_str(&format!("    周期 R{i} \"r\" 每月 1次\n"));
        }
        text.push_str("  }\n");
    }
    text.push_str("}\n");
    text
}

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
