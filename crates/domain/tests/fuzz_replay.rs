//! The registration and step-input fuzz targets' bodies (fuzz/bodies/),
//! replayed over their committed seeds and a fixed set of mutations of
//! each, so that the normal suite keeps what a fuzzing run once proved.
//! The long runs are manual (README: Fuzzing).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

include!("../../../fuzz/bodies/registration.rs");
include!("../../../fuzz/bodies/step_input.rs");

/// The seed files of one fuzz target.
fn seeds(target: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no seeds in {}", dir.display());
    files.iter().map(|f| std::fs::read(f).unwrap()).collect()
}

/// `n` mutations of `seed` (bytes replaced, inserted, removed; characters
/// that have broken parsers before spliced in), from a fixed generator.
fn mutations(seed: &[u8], n: usize) -> Vec<Vec<u8>> {
    const SPLICES: &[&[u8]] = &[
        b"\0",
        b"\x1b",
        b"\r\n",
        b"\x7f",
        "\u{202E}".as_bytes(),
        "\u{2028}".as_bytes(),
        b"\"",
        b"|",
        b"{",
        b"[",
        b"9999-12-31",
        b"0000-01-01",
        b"-1",
        b"\xff\xfe",
    ];
    let mut state = 0x9E37_79B9_7F4A_7C15_u64 ^ seed.len() as u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..n)
        .map(|_| {
            let mut m = seed.to_vec();
            for _ in 0..=next() % 4 {
                let at = if m.is_empty() {
                    0
                } else {
                    (next() as usize) % m.len()
                };
                match next() % 4 {
                    0 if !m.is_empty() => m[at] = next() as u8,
                    1 => m.insert(at, next() as u8),
                    2 if !m.is_empty() => {
                        m.remove(at);
                    }
                    _ => {
                        let s = SPLICES[(next() as usize) % SPLICES.len()];
                        m.splice(at..at, s.iter().copied());
                    }
                }
            }
            m
        })
        .collect()
}

#[test]
fn registration_bodies_never_panic() {
    for seed in seeds("registration") {
        fuzz_registration(&seed);
        for m in mutations(&seed, 300) {
            fuzz_registration(&m);
        }
    }
}

#[test]
fn step_inputs_never_panic() {
    for seed in seeds("step_input") {
        fuzz_step_input(&seed);
        for m in mutations(&seed, 100) {
            fuzz_step_input(&m);
        }
    }
}

#[test]
fn the_seeds_reach_both_answers() {
    // The seeds are worth replaying only if some are accepted and some refused.
    let accepted = seeds("registration")
        .iter()
        .filter_map(|s| serde_json::from_slice::<serde_json::Value>(s).ok())
        .filter_map(|v| {
            serde_json::from_value::<xinfang_domain::case::RegistrationInput>(fuzz_stringify(v))
                .ok()
        })
        .map(|i| i.parse().is_ok())
        .collect::<Vec<_>>();
    assert!(
        accepted.contains(&true) && accepted.contains(&false),
        "{accepted:?}"
    );
}
