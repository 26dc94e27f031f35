//! The limits an imported ledger must stay within.

/// Largest upload accepted, in bytes (compressed).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Largest total uncompressed size of all the entries in the zip.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 256 * 1024 * 1024;
/// Highest compression ratio allowed for an entry larger than
/// [`RATIO_CHECK_FROM_BYTES`]; ordinary sheets compress 5–30 times.
pub const MAX_RATIO: u64 = 100;
/// Entries smaller than this are not ratio-checked (tiny XML parts
/// compress absurdly well and are harmless).
pub const RATIO_CHECK_FROM_BYTES: u64 = 1024 * 1024;
/// Most entries a workbook may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Most rows a sheet may use (the row number of the last non-empty cell).
pub const MAX_ROWS: u32 = 200_000;
/// Most columns a sheet may use (the column of the last non-empty cell).
pub const MAX_COLUMNS: u32 = 200;
/// Most worksheets searched for the ledger's header.
pub const MAX_SHEETS: usize = 20;
/// Rows searched from the top of a sheet for the header.
pub const HEADER_SEARCH_ROWS: u32 = 50;
/// Most cells covered by merged regions that are filled in while reading.
pub const MAX_MERGED_CELLS: u64 = 2_000_000;
