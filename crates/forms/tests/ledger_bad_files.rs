//! Ledger import against broken and hostile files: each refused with its Chinese reason, never a panic.
#![allow(clippy::unwrap_used)]

use std::io::{Cursor, Write};

use jiff::civil::date;
use xinfang_forms::ledger::*;
use zip::write::SimpleFileOptions;

mod common;
use common::*;

fn refusal(bytes: &[u8]) -> FileRefusal {
    match import_annex1(bytes) {
        Err(ImportErrors::File(f)) => f,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

fn zip_of(entries: &[(&str, &[u8])], method: zip::CompressionMethod) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data) in entries {
        w.start_file(
            *name,
            SimpleFileOptions::default().compression_method(method),
        )
        .unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A hand-made workbook whose one sheet holds `sheet_data` (the inside of `<sheetData>`).
fn raw_xlsx(sheet_data: &str) -> Vec<u8> {
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
    );
    zip_of(
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ],
        zip::CompressionMethod::Deflated,
    )
}

fn col_name(mut c: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap()
}

fn raw_row(r: u32, cells: &[&str]) -> String {
    let mut out = format!(r#"<row r="{}">"#, r + 1);
    for (c, s) in (0u32..).zip(cells) {
        if let Some(f) = s.strip_prefix('=') {
            // "=FORMULA" or "=FORMULA|cached"
            match f.split_once('|') {
                Some((f, v)) => {
                    out += &format!(
                        r#"<c r="{}{}"><f>{f}</f><v>{v}</v></c>"#,
                        col_name(c),
                        r + 1
                    )
                }
                None => out += &format!(r#"<c r="{}{}"><f>{f}</f></c>"#, col_name(c), r + 1),
            }
        } else if !s.is_empty() {
            out += &format!(
                r#"<c r="{}{}" t="inlineStr"><is><t>{s}</t></is></c>"#,
                col_name(c),
                r + 1
            );
        }
    }
    out + "</row>"
}

#[test]
fn formulas_use_cached_values_and_uncalculated_ones_are_reported() {
    let mut cached = GOOD;
    cached[1] = "=DATE(2022,3,5)|44625";
    let mut uncalculated = GOOD;
    uncalculated[1] = "=TODAY()";
    let ok = raw_xlsx(&(raw_row(0, &FLAT_HEADER) + &raw_row(1, &cached)));
    assert_eq!(import_annex1(&ok).unwrap()[0].screened_on, date(2022, 3, 5));
    let bad =
        raw_xlsx(&(raw_row(0, &FLAT_HEADER) + &raw_row(1, &cached) + &raw_row(2, &uncalculated)));
    let err = import_annex1(&bad).unwrap_err();
    let p = &err.problems()[0];
    assert_eq!((p.row, p.column.as_str()), (3, "排查时间"));
    assert!(
        p.reason.starts_with("单元格是公式但没有计算结果"),
        "{}",
        p.reason
    );
}

#[test]
fn not_an_xlsx() {
    assert_eq!(refusal(b""), FileRefusal::Empty);
    assert_eq!(
        refusal("姓名,电话\n王建国,138".as_bytes()),
        FileRefusal::NotXlsx
    );
    assert_eq!(refusal(b"%PDF-1.7\n"), FileRefusal::NotXlsx);
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
    assert_eq!(refusal(&ole), FileRefusal::OldFormatOrEncrypted);
    let empty_zip = zip_of(&[], zip::CompressionMethod::Stored);
    assert_eq!(refusal(&empty_zip), FileRefusal::NotXlsx);
    assert!(refusal(b"hello").to_string().contains("不是Excel工作簿"));
}

#[test]
fn a_word_document_renamed_to_xlsx() {
    let docx = zip_of(
        &[
            ("[Content_Types].xml", b"<Types/>"),
            (
                "word/document.xml",
                "<w:document>信访事项受理告知书</w:document>".as_bytes(),
            ),
        ],
        zip::CompressionMethod::Deflated,
    );
    let r = refusal(&docx);
    assert_eq!(r, FileRefusal::WordDocument);
    assert_eq!(
        r.to_string(),
        "文件是Word文档，不是Excel表格，请使用台账的Excel模板填写"
    );
}

#[test]
fn a_truncated_or_corrupted_zip() {
    let good = flat_sheet(&[GOOD]);
    assert_eq!(refusal(&good[..good.len() / 2]), FileRefusal::BrokenZip);
    // Damage the deflated sheet in the middle: the zip opens, the sheet does not.
    let mut damaged = raw_xlsx(&(raw_row(0, &FLAT_HEADER) + &raw_row(1, &GOOD).repeat(50)));
    let n = damaged.len();
    for b in &mut damaged[n / 2 - 40..n / 2] {
        *b ^= 0x5A;
    }
    assert!(matches!(
        refusal(&damaged),
        FileRefusal::Unreadable { .. } | FileRefusal::BrokenZip
    ));
}

#[test]
fn a_zip_bomb_is_refused_from_its_directory() {
    let zeros = vec![b' '; 20 * 1024 * 1024];
    let bomb = zip_of(
        &[
            ("xl/workbook.xml", WORKBOOK.as_bytes()),
            ("xl/worksheets/sheet1.xml", &zeros),
        ],
        zip::CompressionMethod::Deflated,
    );
    assert!(bomb.len() < 200 * 1024, "{}", bomb.len());
    let r = refusal(&bomb);
    assert!(
        matches!(r, FileRefusal::ZipBomb { ref entry, ratio } if entry == "xl/worksheets/sheet1.xml" && ratio > 100),
        "{r:?}"
    );
    assert!(r.to_string().contains("疑似恶意文件"));
}

/// Sets the declared uncompressed size of every entry, in both the local
/// headers and the central directory.
fn declare_sizes(zip: &mut [u8], size: u32, only: Option<&str>) {
    let mut i = 0;
    while i + 46 < zip.len() {
        let sig = u32::from_le_bytes(zip[i..i + 4].try_into().unwrap());
        let (size_at, name_len_at, name_at) = match sig {
            0x0403_4b50 => (22, 26, 30),
            0x0201_4b50 => (24, 28, 46),
            _ => {
                i += 1;
                continue;
            }
        };
        let len = u16::from_le_bytes(
            zip[i + name_len_at..i + name_len_at + 2]
                .try_into()
                .unwrap(),
        ) as usize;
        let name = String::from_utf8_lossy(&zip[i + name_at..i + name_at + len]).to_string();
        if only.is_none_or(|o| o == name) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
        }
        i += 4;
    }
}

#[test]
fn too_much_to_unpack_and_a_lying_directory() {
    let names: Vec<String> = (0..300).map(|i| format!("xl/media/image{i}.bin")).collect();
    let mut entries: Vec<(&str, &[u8])> = vec![("xl/workbook.xml", b"<workbook/>")];
    entries.extend(names.iter().map(|n| (n.as_str(), &b"0123456789"[..])));
    let mut many = zip_of(&entries, zip::CompressionMethod::Stored);
    declare_sizes(&mut many, 1_000_000, None);
    assert_eq!(
        refusal(&many),
        FileRefusal::TooLargeUnpacked {
            max: limits::MAX_UNCOMPRESSED_BYTES
        }
    );
    // A sheet that says it is small but inflates to more is stopped while reading.
    let mut liar = raw_xlsx(&(raw_row(0, &FLAT_HEADER) + &raw_row(1, &GOOD).repeat(200)));
    declare_sizes(&mut liar, 100, Some("xl/worksheets/sheet1.xml"));
    let r = refusal(&liar);
    assert!(
        matches!(r, FileRefusal::Unreadable { ref detail } if detail.contains("declared")),
        "{r:?}"
    );
}

#[test]
fn a_huge_upload_is_refused_by_size() {
    let mut huge = b"PK\x03\x04".to_vec();
    huge.resize(limits::MAX_FILE_BYTES as usize + 1, 0);
    assert!(matches!(refusal(&huge), FileRefusal::TooLarge { .. }));
}

#[test]
fn a_sheet_past_the_row_or_column_limits() {
    let far_row = raw_xlsx(
        &(raw_row(0, &FLAT_HEADER)
            + r#"<row r="300000"><c r="A300000" t="inlineStr"><is><t>x</t></is></c></row>"#),
    );
    assert_eq!(
        refusal(&far_row),
        FileRefusal::TooManyRows {
            max: limits::MAX_ROWS
        }
    );
    let wide: Vec<String> = (0..3000).map(|i| format!("列{i}")).collect();
    let wide: Vec<&str> = wide.iter().map(String::as_str).collect();
    let thousands_of_columns = raw_xlsx(&raw_row(0, &wide));
    let r = refusal(&thousands_of_columns);
    assert_eq!(
        r,
        FileRefusal::TooManyColumns {
            max: limits::MAX_COLUMNS
        }
    );
    assert_eq!(r.to_string(), "工作表列数超过200列，不是台账模板的格式");
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = import_annex1(&bytes);
            let _ = import_annex4(&bytes);
        }

        #[test]
        fn zip_like_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let mut bytes = b"PK\x03\x04".to_vec();
            bytes.extend(tail);
            let _ = import_annex2(&bytes);
        }

        #[test]
        fn a_damaged_real_ledger_never_panics(flips in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8)) {
            let mut bytes = flat_sheet(&[GOOD, GOOD]);
            for (at, b) in flips {
                let i = at.index(bytes.len());
                bytes[i] = b;
            }
            let _ = import_annex1(&bytes);
            let _ = import_annex3(&bytes);
        }
    }
}
