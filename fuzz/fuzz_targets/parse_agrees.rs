//! The two parsers agree, both ways: whenever the fast parser gives a tree for a text, pest gives
//! the same tree (spans included) and no diagnostic; and whenever pest reads a text without a
//! diagnostic, the fast parser takes it too, except for a bare `\r` line end (the documented
//! exception of `syntax::fast`). A failure here is a bug in `syntax::fast`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::source::FileId;
use planc::syntax::{parse_fast, parse_with_pest};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = FileId(0);
    let fast = parse_fast(file, text);
    let (pest, diagnostics) = parse_with_pest(file, text);
    match fast {
        Some(fast) => {
            assert!(
                diagnostics.is_empty(),
                "the fast parser took a text pest reports problems in: {:?}",
                diagnostics.first().map(|d| &d.message)
            );
            assert_eq!(format!("{fast:?}"), format!("{pest:?}"), "the trees differ");
        }
        None => {
            let bytes = text.as_bytes();
            let bare_cr = bytes
                .iter()
                .enumerate()
                .any(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            assert!(
                !diagnostics.is_empty() || bare_cr,
                "pest reads this text without a diagnostic, but the fast parser gave up on it"
            );
        }
    }
});
