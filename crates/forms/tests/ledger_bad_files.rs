//! Ledger import against broken and hostile files: the committed corpus in
//! `tests/bad-ledgers/` gives exactly the Chinese refusals and row problems
//! listed in its `expected.json`; what is too big to commit is made here;
//! nothing panics.
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use jiff::civil::date;
use serde::{Deserialize, Serialize};
use xinfang_forms::ledger::*;

mod common;
use common::*;

/// The corpus's own builders, shared with `cargo run --example bad_ledgers`.
#[path = "../examples/bad_ledgers.rs"]
mod maker;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/bad-ledgers")
}

/// One line of `expected.json`: a file, the annex it is imported as, and
/// either the refusal or every row problem as (row, column, value, reason).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Expected {
    file: String,
    annex: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    refused: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    problems: Vec<(usize, String, String, String)>,
}

fn import_as(annex: u8, bytes: &[u8]) -> Result<(), ImportErrors> {
    match annex {
        1 => import_annex1(bytes, &jianan()).map(drop),
        2 => import_annex2(bytes, &jianan()).map(drop),
        3 => import_annex3(bytes, &jianan()).map(drop),
        _ => import_annex4(bytes).map(drop),
    }
}

/// `expected.json` laid out a file to a line and a problem to a line.
fn render(all: &[Expected]) -> String {
    let lines: Vec<String> = all
        .iter()
        .map(|e| {
            let mut out = format!(
                "  {{\"file\": {}, \"annex\": {}",
                serde_json::to_string(&e.file).unwrap(),
                e.annex
            );
            if let Some(r) = &e.refused {
                out += &format!(
                    ",\n    \"refused\": {}}}",
                    serde_json::to_string(r).unwrap()
                );
            } else {
                let problems: Vec<String> = e
                    .problems
                    .iter()
                    .map(|p| format!("      {}", serde_json::to_string(p).unwrap()))
                    .collect();
                out += &format!(",\n    \"problems\": [\n{}\n    ]}}", problems.join(",\n"));
            }
            out
        })
        .collect();
    format!("[\n{}\n]\n", lines.join(",\n"))
}

/// Every corpus file gives its expected refusal or problems. With
/// `XINFANG_BLESS=1` the test writes what it found to `expected.json`
/// instead (review the diff before committing it).
#[test]
fn the_committed_corpus_gives_its_expected_chinese_errors() {
    let dir = corpus_dir();
    let expected: Vec<Expected> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".xlsx"))
        .collect();
    files.sort();
    let listed: Vec<&str> = expected.iter().map(|e| e.file.as_str()).collect();
    assert_eq!(
        listed, files,
        "expected.json lists every corpus file, in order"
    );
    let actual: Vec<Expected> = expected
        .iter()
        .map(|e| {
            let bytes = std::fs::read(dir.join(&e.file)).unwrap();
            let err = import_as(e.annex, &bytes).expect_err(&format!("{} must be refused", e.file));
            let problems: Vec<_> = err
                .problems()
                .iter()
                .map(|p| (p.row, p.column.clone(), p.value.clone(), p.reason.clone()))
                .collect();
            Expected {
                file: e.file.clone(),
                annex: e.annex,
                refused: problems.is_empty().then(|| err.to_string()),
                problems,
            }
        })
        .collect();
    if std::env::var_os("XINFANG_BLESS").is_some() {
        std::fs::write(dir.join("expected.json"), render(&actual)).unwrap();
        return;
    }
    for (a, e) in actual.iter().zip(&expected) {
        assert_eq!(a, e, "{}", e.file);
    }
    // The layout is the one `render` writes, so a bless changes only what changed.
    assert_eq!(
        render(&expected),
        std::fs::read_to_string(dir.join("expected.json")).unwrap()
    );
}

/// The committed files are what `cargo run --example bad_ledgers` makes, byte for byte.
#[test]
fn the_maker_makes_the_committed_files() {
    for (name, bytes) in maker::files() {
        let committed = std::fs::read(corpus_dir().join(name)).unwrap();
        assert!(
            committed == bytes,
            "{name} differs: run the bad_ledgers example again"
        );
    }
}

fn header() -> LedgerHeader {
    LedgerHeader {
        org_name: "张潘镇人民政府".into(),
        phone: "0374-5012345".into(),
        title: None,
        period: None,
        extra_columns: false,
    }
}

/// Each of the four ledgers, exported and tried as every other one, is
/// named as the annex it is.
#[test]
fn each_importer_refuses_another_annex() {
    let annex3 = annex3_xlsx(&header(), &[]).unwrap();
    let err = import_annex1(&annex3, &jianan()).unwrap_err();
    assert!(
        matches!(
            err,
            ImportErrors::File(FileRefusal::WrongAnnex {
                annex: 1,
                found: 3,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "文件是附件3《乡镇涉贫信访干部队伍统计表》，不是附件1《不稳定因素排查处置台账》，请在“附件3”处导入，或改用附件1的模板"
    );
    // Each of the four, tried as every other one.
    let files = [
        annex1_xlsx(&header(), &[]).unwrap(),
        annex2_xlsx(&header(), &[]).unwrap(),
        annex3,
        annex4_xlsx(&header(), &[]).unwrap(),
    ];
    type Importer = fn(&[u8]) -> Result<(), ImportErrors>;
    let importers: [Importer; 4] = [
        |b| import_annex1(b, &jianan()).map(drop),
        |b| import_annex2(b, &jianan()).map(drop),
        |b| import_annex3(b, &jianan()).map(drop),
        |b| import_annex4(b).map(drop),
    ];
    for (i, import) in importers.iter().enumerate() {
        for (j, file) in files.iter().enumerate() {
            if i != j {
                let err = import(file).unwrap_err();
                assert!(
                    matches!(err, ImportErrors::File(FileRefusal::WrongAnnex { annex, found, .. })
                        if usize::from(annex) == i + 1 && usize::from(found) == j + 1),
                    "annex {} as {}: {err}",
                    j + 1,
                    i + 1
                );
            }
        }
    }
}

fn refusal(bytes: &[u8]) -> FileRefusal {
    match import_annex1(bytes, &jianan()) {
        Err(ImportErrors::File(f)) => f,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn formulas_use_cached_values_and_uncalculated_ones_are_reported() {
    let header = maker::flat_header();
    let mut cached = maker::GOOD;
    cached[1] = "=DATE(2022,3,5)|44625";
    let ok = maker::raw_xlsx(&(maker::raw_row(0, &header) + &maker::raw_row(1, &cached[..16])));
    assert_eq!(
        import_annex1(&ok, &jianan()).unwrap()[0].screened_on,
        date(2022, 3, 5)
    );
}

#[test]
fn a_corrupted_sheet_inside_a_sound_zip() {
    // Damage the deflated sheet in the middle: the zip opens, the sheet does not.
    let header = maker::flat_header();
    let mut damaged = maker::raw_xlsx(
        &(maker::raw_row(0, &header) + &maker::raw_row(1, &maker::GOOD[..16]).repeat(50)),
    );
    let n = damaged.len();
    for b in &mut damaged[n / 2 - 40..n / 2] {
        *b ^= 0x5A;
    }
    assert!(matches!(
        refusal(&damaged),
        FileRefusal::Unreadable { .. } | FileRefusal::BrokenZip
    ));
    assert_eq!(refusal(b""), FileRefusal::Empty);
    assert_eq!(refusal(b"%PDF-1.7\n"), FileRefusal::NotXlsx);
    let empty_zip = maker::zip_of(&[], zip::CompressionMethod::Stored);
    assert_eq!(refusal(&empty_zip), FileRefusal::NotXlsx);
}

#[test]
fn too_much_to_unpack_and_a_lying_directory() {
    let names: Vec<String> = (0..300).map(|i| format!("xl/media/image{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("xl/workbook.xml", b"<workbook/>")];
    entries.extend(names.iter().map(|n| (n.as_str(), &b"0123456789"[..])));
    let mut many = maker::zip_of(&entries, zip::CompressionMethod::Stored);
    maker::declare_sizes(&mut many, 1_000_000, None);
    assert_eq!(
        refusal(&many),
        FileRefusal::TooLargeUnpacked {
            max: limits::MAX_UNCOMPRESSED_BYTES
        }
    );
    // A sheet that says it is small but inflates to more is stopped while reading.
    let header = maker::flat_header();
    let mut liar = maker::raw_xlsx(
        &(maker::raw_row(0, &header) + &maker::raw_row(1, &maker::GOOD[..16]).repeat(200)),
    );
    maker::declare_sizes(&mut liar, 100, Some("xl/worksheets/sheet1.xml"));
    let r = refusal(&liar);
    assert!(
        matches!(r, FileRefusal::Unreadable { ref detail } if detail.contains("declared")),
        "{r:?}"
    );
}

/// Too big to commit: a 64 MB upload is refused by its size before any reading.
#[test]
fn a_huge_upload_is_refused_by_size() {
    let mut huge = b"PK\x03\x04".to_vec();
    huge.resize(limits::MAX_FILE_BYTES as usize + 1, 0);
    let r = refusal(&huge);
    assert!(matches!(r, FileRefusal::TooLarge { .. }));
    assert_eq!(
        r.to_string(),
        "文件过大（67108865字节），最大允许67108864字节"
    );
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = import_annex1(&bytes, &jianan());
            let _ = import_annex4(&bytes);
        }

        #[test]
        fn zip_like_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            let _ = import_annex2(&bytes, &jianan());
        }

        #[test]
        fn a_damaged_real_ledger_never_panics(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let mut bytes = flat_sheet(&[GOOD, GOOD]);
            for (at, b) in flips {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let _ = import_annex1(&bytes, &jianan());
            let _ = import_annex3(&bytes, &jianan());
        }
    }
}
