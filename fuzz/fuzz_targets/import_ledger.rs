//! Fuzz the four ledger importers with arbitrary bytes: they must answer, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinfang_forms::ledger::{import_annex1, import_annex2, import_annex3, import_annex4};

fuzz_target!(|data: &[u8]| {
    let _ = import_annex1(data);
    let _ = import_annex2(data);
    let _ = import_annex3(data);
    let _ = import_annex4(data);
});
