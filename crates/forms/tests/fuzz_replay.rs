//! The notice fuzz target's body (fuzz/bodies/notice.rs) replayed over its
//! committed seeds and a few fixed mutations of each: every notice prints
//! or is refused naming a field. The long runs are manual (README: Fuzzing).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

include!("../../../fuzz/bodies/notice.rs");

#[test]
fn notices_print_or_name_the_field_for_any_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/notice");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(files.len() >= 3, "{}", dir.display());
    for f in files {
        let seed = std::fs::read(&f).unwrap();
        fuzz_notice(&seed);
        // A few cuts of each seed: fields shift into one another.
        for cut in [1, 7, 31] {
            if seed.len() > cut {
                fuzz_notice(&seed[cut..]);
                fuzz_notice(&seed[..seed.len() - cut]);
            }
        }
    }
}
