//! The two parsers agree: whenever the fast parser gives a tree for a text, pest gives the same
//! tree (spans included) and no diagnostic. A failure here is a bug in `syntax::fast`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::source::FileId;
use planc::syntax::{parse_fast, parse_with_pest};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = FileId(0);
    if let Some(fast) = parse_fast(file, text) {
        let (pest, diagnostics) = parse_with_pest(file, text);
        assert!(
            diagnostics.is_empty(),
            "the fast parser took a text pest reports problems in: {:?}",
            diagnostics.first().map(|d| &d.message)
        );
        assert_eq!(format!("{fast:?}"), format!("{pest:?}"), "the trees differ");
    }
});
