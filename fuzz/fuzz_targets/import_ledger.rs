//! Fuzz the four ledger importers with arbitrary bytes: they must answer, never panic or hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use xinfang_domain::district::District;
use xinfang_forms::ledger::{Places, import_annex1, import_annex2, import_annex3, import_annex4};

fuzz_target!(|data: &[u8]| {
    let places = Places::of(&District::jianan());
    let _ = import_annex1(data, &places);
    let _ = import_annex2(data, &places);
    let _ = import_annex3(data, &places);
    let _ = import_annex4(data);
});
