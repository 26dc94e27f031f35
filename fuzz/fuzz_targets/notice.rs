//! Fuzz the notices typeset from arbitrary case text: a PDF or a clear error, never a panic or a typst failure.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../bodies/notice.rs");

fuzz_target!(|data: &[u8]| fuzz_notice(data));
