//! The first gate for an uploaded file: is it an .xlsx at all, and is it safe to unpack?
//!
//! Runs on the zip central directory only — nothing is decompressed here —
//! so a zip bomb is refused before calamine inflates a byte of it. The zip
//! crate also refuses, while reading, any entry that inflates past the size
//! its directory declared, so a lying directory cannot slip one through.

use std::io::Cursor;

use super::limits::*;
use super::problems::FileRefusal;

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const EMPTY_ZIP_MAGIC: &[u8] = b"PK\x05\x06";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Checks that `bytes` is a zip holding an Excel workbook whose entries
/// inflate to a sane size.
pub(crate) fn inspect(bytes: &[u8]) -> Result<(), FileRefusal> {
    if bytes.is_empty() {
        return Err(FileRefusal::Empty);
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(FileRefusal::TooLarge {
            bytes: bytes.len() as u64,
            max: MAX_FILE_BYTES,
        });
    }
    if bytes.starts_with(OLE_MAGIC) {
        // .xls (BIFF) and encrypted .xlsx both live in an OLE container.
        return Err(FileRefusal::OldFormatOrEncrypted);
    }
    if !(bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(EMPTY_ZIP_MAGIC)) {
        return Err(FileRefusal::NotXlsx);
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| FileRefusal::BrokenZip)?;
    if zip.len() > MAX_ENTRIES {
        return Err(FileRefusal::TooManyEntries {
            entries: zip.len(),
            max: MAX_ENTRIES,
        });
    }
    let mut total: u64 = 0;
    let mut has_workbook = false;
    let mut has_word = false;
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| FileRefusal::BrokenZip)?;
        let name = entry.name().map_err(|_| FileRefusal::BrokenZip)?;
        has_workbook |= name.starts_with("xl/");
        has_word |= name.starts_with("word/");
        let size = entry.size();
        let packed = entry.compressed_size().max(1);
        if size >= RATIO_CHECK_FROM_BYTES && size / packed > MAX_RATIO {
            return Err(FileRefusal::ZipBomb {
                entry: name.into_owned(),
                ratio: size / packed,
            });
        }
        total = total.saturating_add(size);
        if total > MAX_UNCOMPRESSED_BYTES {
            return Err(FileRefusal::TooLargeUnpacked {
                max: MAX_UNCOMPRESSED_BYTES,
            });
        }
    }
    if has_workbook {
        Ok(())
    } else if has_word {
        Err(FileRefusal::WordDocument)
    } else {
        Err(FileRefusal::NotXlsx)
    }
}
