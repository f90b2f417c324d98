//! Any bytes as a plan file: loading, parsing, checking, reporting, exporting and scheduling never
//! panic. A crash found here is a bug in planc.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::syntax::loader::{LoadOptions, MemoryFileSystem, load};
use planc::diagnostic::report::Style;
use planc::schedule::{ScheduleOptions, schedule};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut fs = MemoryFileSystem::new();
    fs.insert("plan.plan", data.to_vec());
    let Ok(loaded) = load(&fs, Path::new("plan.plan"), LoadOptions::default()) else {
        return;
    };
    let checked = planc::check::check(loaded);
    let style = Style {
        color: false,
        width: 80,
    };
    let _ = planc::diagnostic::report::human(&checked.diagnostics, &checked.sources, style);
    for diagnostic in &checked.diagnostics {
        let _ = planc::diagnostic::report::json_diagnostic(diagnostic, &checked.sources);
    }
    if let Some(plan) = &checked.plan
        && !checked.has_errors()
    {
        let _ = planc::emit::export::plan(plan);
        let _ = schedule(plan, &ScheduleOptions::default());
        let _ = schedule(plan, &ScheduleOptions { level: true });
    }
});
