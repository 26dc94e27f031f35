//! 备份与恢复 — a backup archive (.zip) of the database and the attachments, its manifest, restoring one, and the schedule.
//!
//! The archive holds `manifest.json`, `db/<table>.jsonl` (one JSON object a
//! row, the store's portable dump, tables in load order) and
//! `attachments/<shard>/<hash>` (the files as stored, sealed). It never
//! holds a key: the data key (and any other `*.key` file) stays with the
//! operator, apart from the backups.

pub mod check_archive;
pub mod restore_backup;
pub mod schedule;
pub mod take_backup;

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// What `manifest.json` says the archive is.
pub const FORMAT: &str = "xinfang-backup";
/// The archive layout this binary writes and reads.
pub const FORMAT_VERSION: u32 = 1;
/// The manifest's name in the archive.
pub const MANIFEST: &str = "manifest.json";

/// The manifest of a backup: what is in it, enough to check a restore.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always [`FORMAT`].
    pub format: String,
    /// The archive layout ([`FORMAT_VERSION`]).
    pub format_version: u32,
    /// The newest migration applied to the database backed up.
    pub schema_version: i64,
    /// `sqlite` or `postgres`: the engine it was read from (it restores into either).
    pub engine: String,
    /// When the snapshot was taken (RFC 3339, UTC).
    pub created_at: String,
    /// The xinfang version that wrote it.
    pub app_version: String,
    /// Every table, in load order, with its rows and the SHA-256 of its entry.
    pub tables: Vec<TableEntry>,
    /// The audit trail's head at the snapshot.
    pub audit: AuditHeadEntry,
    /// The attachment files.
    pub attachments: Attachments,
}

/// One table of the dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TableEntry {
    /// Table name; its rows are `db/<name>.jsonl`.
    pub name: String,
    /// Rows.
    pub rows: u64,
    /// SHA-256 of the `.jsonl` entry, hex.
    pub sha256: String,
}

/// The audit chain's head: row count and the last row's hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHeadEntry {
    /// Rows in the chain.
    pub rows: u64,
    /// The last row's hash.
    pub head: String,
}

/// The attachment files of a backup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachments {
    /// How many.
    pub count: u64,
    /// Their bytes together.
    pub bytes: u64,
    /// Each file.
    pub files: Vec<AttachmentEntry>,
}

/// One attachment file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentEntry {
    /// Path under the attachments directory (`ab/ab12…`); in the archive under `attachments/`.
    pub path: String,
    /// Size in bytes.
    pub bytes: u64,
    /// SHA-256 of the file as stored, hex.
    pub sha256: String,
}

/// The archive entry holding a table's rows.
pub fn table_entry_name(table: &str) -> String {
    format!("db/{table}.jsonl")
}

/// The archive entry holding an attachment file.
pub fn attachment_entry_name(path: &str) -> String {
    format!("attachments/{path}")
}

/// Whether a file name is a key file, which no backup may hold.
pub fn is_key_file(name: &str) -> bool {
    name.ends_with(".key")
}

/// The file an SQLite URL names (`sqlite://path?…` or `sqlite:path`).
pub fn sqlite_path(url: &str) -> Option<PathBuf> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then(|| PathBuf::from(path))
}
