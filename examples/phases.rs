//! Times each phase of `planc check` on one plan and prints the peak memory after each:
//! `cargo run --release --example phases -- big.plan`. See BENCHMARKS.md.

use planc::syntax::loader::{DiskFileSystem, LoadOptions, load};
use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

/// Counts live heap bytes and allocations, to tell what the data needs from what the allocator keeps.
struct Counting;

static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
static LIVE_BLOCKS: AtomicUsize = AtomicUsize::new(0);
static PEAK_BYTES: AtomicUsize = AtomicUsize::new(0);
/// What the live blocks take in glibc's malloc: each block has an 8-byte header and is rounded up
/// to 16 bytes, with at least 32 bytes per block.
static CHUNK_BYTES: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let live = LIVE_BYTES.fetch_add(size, Ordering::Relaxed) + size;
    PEAK_BYTES.fetch_max(live, Ordering::Relaxed);
}

fn chunk(size: usize) -> usize {
    ((size + 8 + 15) & !15).max(32)
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        LIVE_BLOCKS.fetch_add(1, Ordering::Relaxed);
        CHUNK_BYTES.fetch_add(chunk(layout.size()), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        LIVE_BLOCKS.fetch_sub(1, Ordering::Relaxed);
        CHUNK_BYTES.fetch_sub(chunk(layout.size()), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        grew(new_size);
        LIVE_BYTES.fetch_sub(layout.size(), Ordering::Relaxed);
        CHUNK_BYTES.fetch_add(chunk(new_size), Ordering::Relaxed);
        CHUNK_BYTES.fetch_sub(chunk(layout.size()), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn live() -> String {
    format!(
        "live {} MB in {} blocks ({} MB in malloc chunks; at most {} MB live so far)",
        LIVE_BYTES.load(Ordering::Relaxed) >> 20,
        LIVE_BLOCKS.load(Ordering::Relaxed),
        CHUNK_BYTES.load(Ordering::Relaxed) >> 20,
        PEAK_BYTES.load(Ordering::Relaxed) >> 20
    )
}

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
        "load+parse: {:>8.3} s  peak {}  {}",
        started.elapsed().as_secs_f64(),
        peak_rss_mb(),
        live()
    );
    let started = Instant::now();
    let checked = planc::check::check(loaded);
    eprintln!(
        "check:      {:>8.3} s  peak {}  {}",
        started.elapsed().as_secs_f64(),
        peak_rss_mb(),
        live()
    );
    eprintln!("{} diagnostics", checked.diagnostics.len());
    let mut checked = checked;
    if std::env::var_os("BREAKDOWN").is_some() {
        use planc::model::{Item, OwnerRef, Quantity, Target, Window};
        use std::mem::size_of;
        eprintln!(
            "  sizes: Item {} B, Target {} B, Quantity {} B, OwnerRef {} B, Window {} B",
            size_of::<Item>(),
            size_of::<Target>(),
            size_of::<Quantity>(),
            size_of::<OwnerRef>(),
            size_of::<Window>()
        );
        if let Some(plan) = checked.plan.as_mut() {
            macro_rules! part {
                ($field:ident) => {{
                    let before = LIVE_BYTES.load(Ordering::Relaxed);
                    let blocks = LIVE_BLOCKS.load(Ordering::Relaxed);
                    let chunks = CHUNK_BYTES.load(Ordering::Relaxed);
                    drop(std::mem::take(&mut plan.$field));
                    eprintln!(
                        "  {:<14} {:>6} MB {:>9} blocks {:>6} MB in chunks",
                        stringify!($field),
                        (before - LIVE_BYTES.load(Ordering::Relaxed)) >> 20,
                        blocks - LIVE_BLOCKS.load(Ordering::Relaxed),
                        (chunks - CHUNK_BYTES.load(Ordering::Relaxed)) >> 20
                    );
                }};
            }
            part!(items);
            part!(targets);
            part!(milestones);
            part!(recurrences);
            part!(dependencies);
            part!(sections);
            part!(owners);
        }
        let before = LIVE_BYTES.load(Ordering::Relaxed);
        drop(std::mem::take(&mut checked.diagnostics));
        eprintln!(
            "  diagnostics {} MB",
            (before - LIVE_BYTES.load(Ordering::Relaxed)) >> 20
        );
        eprintln!("  rest: {}", live());
    }
    let started = Instant::now();
    drop(checked);
    eprintln!("drop:       {:>8.3} s", started.elapsed().as_secs_f64());
}
