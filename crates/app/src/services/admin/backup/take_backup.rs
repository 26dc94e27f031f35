//! `xinfang backup`: one consistent snapshot of the database plus the attachment files, into a .zip written whole or not at all.

use std::fs::File;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use xinfang_store::{DumpRow, DumpSink, Store};
use zip::write::SimpleFileOptions;

use super::{
    AttachmentEntry, Attachments, AuditHeadEntry, FORMAT, FORMAT_VERSION, MANIFEST, Manifest,
    TableEntry, attachment_entry_name, is_key_file, table_entry_name,
};
use crate::config::Config;

/// Write a backup of `store` and the attachments of `config` to `out`,
/// taken at `now`, and return its manifest. Works while the server runs:
/// the database is read in one snapshot; attachments are copied after it,
/// so every file a snapshot row names is already on disk (files are
/// written before their row commits). `out` appears only once complete.
pub async fn take_backup(
    store: &Store,
    config: &Config,
    out: &Path,
    now: jiff::Timestamp,
) -> Result<Manifest, String> {
    let partial = partial_path(out)?;
    let result = write_archive(store, config, &partial, now).await;
    match result {
        Ok(manifest) => {
            std::fs::rename(&partial, out)
                .map_err(|e| format!("无法写入备份文件 {}：{e}", out.display()))?;
            if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
                // The rename itself survives a power cut once the directory is synced.
                if let Ok(d) = File::open(dir) {
                    let _ = d.sync_all();
                }
            }
            Ok(manifest)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}

/// A hidden file beside `out`, so the final rename stays on one file system.
fn partial_path(out: &Path) -> Result<PathBuf, String> {
    let name = out
        .file_name()
        .ok_or_else(|| format!("备份文件名无效：{}", out.display()))?
        .to_string_lossy()
        .into_owned();
    let dir = out.parent().map(Path::to_path_buf).unwrap_or_default();
    if !dir.as_os_str().is_empty() {
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("无法创建备份目录 {}：{e}", dir.display()))?;
    }
    let mut salt = [0u8; 6];
    getrandom::fill(&mut salt).map_err(|e| e.to_string())?;
    Ok(dir.join(format!(".{name}.{}.partial", hex::encode(salt))))
}

async fn write_archive(
    store: &Store,
    config: &Config,
    partial: &Path,
    now: jiff::Timestamp,
) -> Result<Manifest, String> {
    let file = File::create(partial)
        .map_err(|e| format!("无法创建备份文件 {}：{e}", partial.display()))?;
    let mut sink = ZipSink {
        zip: zip::ZipWriter::new(file),
        current: None,
        hashes: Vec::new(),
    };
    let summary = store.dump(&mut sink).await.map_err(|e| e.to_string())?;
    sink.end_table();
    let ZipSink {
        mut zip, hashes, ..
    } = sink;
    let tables = summary
        .tables
        .iter()
        .map(|(name, rows)| TableEntry {
            name: name.clone(),
            rows: *rows,
            sha256: hashes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, h)| h.clone())
                .unwrap_or_default(),
        })
        .collect();
    let mut manifest = Manifest {
        format: FORMAT.into(),
        format_version: FORMAT_VERSION,
        schema_version: summary.schema_version,
        engine: engine_name(summary.engine).into(),
        created_at: now.to_string(),
        app_version: env!("CARGO_PKG_VERSION").into(),
        tables,
        audit: AuditHeadEntry {
            rows: summary.audit_head.rows,
            head: summary.audit_head.hash,
        },
        attachments: Attachments::default(),
    };
    let root = config.attachments_dir();
    // Reading and compressing files blocks: off the async workers.
    tokio::task::spawn_blocking(move || {
        manifest.attachments = copy_attachments(&mut zip, &root)?;
        let text = serde_json::to_vec_pretty(&manifest).map_err(|e| e.to_string())?;
        zip.start_file(MANIFEST, deflated()).map_err(zip_err)?;
        zip.write_all(&text).map_err(io_err)?;
        let file = zip.finish().map_err(zip_err)?;
        file.sync_all().map_err(io_err)?;
        Ok(manifest)
    })
    .await
    .map_err(|e| format!("备份中断：{e}"))?
}

/// The name of an engine in a manifest.
pub fn engine_name(engine: xinfang_store::Engine) -> &'static str {
    match engine {
        xinfang_store::Engine::Sqlite => "sqlite",
        xinfang_store::Engine::Postgres => "postgres",
    }
}

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated)
}

fn zip_err(e: zip::result::ZipError) -> String {
    format!("写备份文件失败：{e}")
}

fn io_err(e: std::io::Error) -> String {
    format!("写备份文件失败：{e}")
}

/// The dump's rows into one `.jsonl` entry per table, hashed as written.
struct ZipSink {
    zip: zip::ZipWriter<File>,
    current: Option<(String, Sha256)>,
    hashes: Vec<(String, String)>,
}

impl ZipSink {
    fn end_table(&mut self) {
        if let Some((name, hasher)) = self.current.take() {
            self.hashes.push((name, hex::encode(hasher.finalize())));
        }
    }
}

impl DumpSink for ZipSink {
    fn begin_table(&mut self, table: &str) -> std::io::Result<()> {
        self.end_table();
        self.zip
            .start_file(table_entry_name(table), deflated())
            .map_err(std::io::Error::other)?;
        self.current = Some((table.to_string(), Sha256::new()));
        Ok(())
    }

    fn row(&mut self, row: &DumpRow) -> std::io::Result<()> {
        let mut line = serde_json::to_vec(row)?;
        line.push(b'\n');
        self.zip.write_all(&line)?;
        if let Some((_, hasher)) = &mut self.current {
            hasher.update(&line);
        }
        Ok(())
    }
}

/// Copy every attachment file (`<shard>/<hash>`, as stored) into the
/// archive, hashing each. Temporary files of writes in progress (named with
/// a leading dot) and key files are left out.
fn copy_attachments(zip: &mut zip::ZipWriter<File>, root: &Path) -> Result<Attachments, String> {
    let mut out = Attachments::default();
    let Ok(shards) = std::fs::read_dir(root) else {
        return Ok(out);
    };
    let mut shards: Vec<_> = shards.filter_map(Result::ok).collect();
    shards.sort_by_key(|e| e.file_name());
    // Sealed files do not compress: stored as they are.
    let stored = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(true);
    for shard in shards {
        if !shard.path().is_dir() {
            continue;
        }
        let shard_name = shard.file_name().to_string_lossy().into_owned();
        let mut files: Vec<_> = std::fs::read_dir(shard.path())
            .map_err(io_err)?
            .filter_map(Result::ok)
            .collect();
        files.sort_by_key(|e| e.file_name());
        for f in files {
            let name = f.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || is_key_file(&name) || !f.path().is_file() {
                continue;
            }
            let path = format!("{shard_name}/{name}");
            zip.start_file(attachment_entry_name(&path), stored)
                .map_err(zip_err)?;
            let mut src = File::open(f.path()).map_err(io_err)?;
            let mut hasher = Sha256::new();
            let mut buf = vec![0u8; 64 * 1024];
            let mut bytes = 0u64;
            loop {
                let n = src.read(&mut buf).map_err(io_err)?;
                if n == 0 {
                    break;
                }
                hasher.update(&buf[..n]);
                zip.write_all(&buf[..n]).map_err(io_err)?;
                bytes += n as u64;
            }
            out.count += 1;
            out.bytes += bytes;
            out.files.push(AttachmentEntry {
                path,
                bytes,
                sha256: hex::encode(hasher.finalize()),
            });
        }
    }
    Ok(out)
}
