//! Checking a plan whose sections were set aside as they were read (the loader's default) gives the
//! same plan and the same diagnostics as checking its whole syntax tree. A failure here is a bug in
//! `syntax::parse_folded`, `syntax::unfold` or the checker's numbering of folded declarations.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::check::check;
use planc::syntax::loader::{LoadOptions, MemoryFileSystem, load};
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let mut files = MemoryFileSystem::new();
    files.insert("plan.plan", data.to_vec());
    let outcome = |whole_tree: bool| {
        let options = LoadOptions {
            whole_tree,
            ..LoadOptions::default()
        };
        let loaded = load(&files, Path::new("plan.plan"), options).ok()?;
        let checked = check(loaded);
        Some(format!("{:?}\n{:?}", checked.plan, checked.diagnostics))
    };
    assert_eq!(outcome(false), outcome(true), "folded and whole-tree checks differ");
});
