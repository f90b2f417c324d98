//! `planc fmt` round trip: whatever it formats, it formats again to the same text (idempotent), and
//! it never declares its own output unsafe. Text with syntax errors is refused, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::format::{FormatError, format_source};
use planc::source::FileId;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = FileId(0);
    match format_source(file, text) {
        Ok(once) => match format_source(file, &once) {
            Ok(twice) => assert_eq!(once, twice, "formatting is not idempotent"),
            Err(error) => panic!("formatted text does not format again: {error:?}"),
        },
        Err(FormatError::Syntax(_)) => {}
        Err(FormatError::Unsafe(message)) => {
            panic!("the formatter refused its own output: {message}")
        }
    }
});
