//! Times each phase of `planc check` on one plan and prints the peak memory after each:
//! `cargo run --release --example phases -- big.plan`. See BENCHMARKS.md.

use planc::loader::{DiskFileSystem, LoadOptions, load};
use std::path::PathBuf;
use std::time::Instant;

fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("VmHWM:"))
                .map(|line| line.trim_start_matches("VmHWM:").trim().to_owned())
        })
        .unwrap_or_else(|| "?".to_owned())
}

fn main() {
    let Some(path) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: phases PLAN");
        std::process::exit(2);
    };
    let started = Instant::now();
    let loaded = match load(&DiskFileSystem, &path, LoadOptions::default()) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("{error:?}");
            std::process::exit(2);
        }
    };
    eprintln!(
        "load+parse: {:>8.3} s  peak {}",
        started.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    let started = Instant::now();
    let checked = planc::check::check(loaded);
    eprintln!(
        "check:      {:>8.3} s  peak {}",
        started.elapsed().as_secs_f64(),
        peak_rss_mb()
    );
    eprintln!("{} diagnostics", checked.diagnostics.len());
    let started = Instant::now();
    drop(checked);
    eprintln!("drop:       {:>8.3} s", started.elapsed().as_secs_f64());
}
