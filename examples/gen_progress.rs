//! Writes a progress file with an entry for every item of a plan, for benchmarks of `planc status`
//! (BENCHMARKS.md, "Progress and status").
//!
//! `cargo run --release --example gen_progress -- PLAN AS_OF > PLAN_DIR/progress/AS_OF.progress`
//!
//! Deterministic: item `i` is 已完成 when `i % 10 == 0`, 滞后 when `i % 10 == 1`, else 推进中 with
//! `i % 100` per cent; every target of an item gets an actual (its value when done, else a third of it) in its unit.

use planc::model::{TargetKind, Unit};
use planc::syntax::loader::{DiskFileSystem, LoadOptions};
use std::io::Write;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(as_of)) = (args.next(), args.next()) else {
        eprintln!("usage: gen_progress PLAN AS_OF");
        std::process::exit(2);
    };
    let loaded = match planc::syntax::loader::load(
        &DiskFileSystem,
        std::path::Path::new(&path),
        LoadOptions::default(),
    ) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("cannot read {path}: {}", error.reason);
            std::process::exit(2);
        }
    };
    let checked = planc::check::check(loaded);
    let Some(plan) = checked.plan else {
        eprintln!("{path} has no plan");
        std::process::exit(1);
    };
    let out = progress(&plan, &as_of);
    let mut stdout = std::io::stdout().lock();
    if stdout.write_all(out.as_bytes()).is_err() {
        std::process::exit(2);
    }
}

/// The progress file: an entry for every item of `plan`, as of `as_of` (`YYYY-MM-DD`).
pub fn progress(plan: &planc::model::Plan, as_of: &str) -> String {
    let mut out = String::new();
    out.push_str(&format!("进展 \"{}\" 截至 {as_of}\n\n", plan.title));
    for (index, item) in plan.items.iter().enumerate() {
        let (status, percent) = match index % 10 {
            0 => ("已完成", 100),
            1 => ("滞后", index % 30),
            _ => ("推进中", index % 100),
        };
        out.push_str(&format!("事项 {} {status} {percent}% {{\n", item.id));
        for &target in &item.targets {
            let target = &plan.targets[target];
            let value = match &target.kind {
                TargetKind::Value { value, .. } => Some(value),
                TargetKind::Range { low, .. } => Some(low.as_ref()),
                _ => None,
            };
            if let Some(value) = value
                && value.unit != Unit::PercentPoint
            {
                let actual = if index % 10 == 0 {
                    value.value
                } else {
                    (value.value / rust_decimal::Decimal::from(3)).round_dp(0)
                };
                out.push_str(&format!(
                    "  指标 {} 实际 {actual}{}\n",
                    target.id, value.unit_written
                ));
            }
        }
        out.push_str("  存在问题 \"进度需加快\"\n}\n");
    }
    out
}
