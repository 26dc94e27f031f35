//! `xinfang restore`: a backup into an empty data directory (and, for PostgreSQL, an empty database), checked before and after.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use xinfang_store::{DumpRow, Store};

use super::check_archive::{self, Archive};
use super::{Manifest, attachment_entry_name, is_key_file, sqlite_path, table_entry_name};
use crate::config::Config;

/// Rows inserted per call to the store.
const BATCH: usize = 500;

/// What a restore put back.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    /// The backup's manifest.
    pub manifest: Manifest,
    /// Rows per table, as the restored database counts them (before any
    /// newer migration ran).
    pub tables: BTreeMap<String, u64>,
    /// Attachment files restored.
    pub attachments: u64,
    /// Rows of the audit chain, verified after restoring.
    pub audit_rows: i64,
    /// The schema version the database was migrated to.
    pub schema_version: i64,
}

/// Restore the backup at `file` into the data directory and database of
/// `config`. Refused when the target already holds a database or anything
/// but key files, or when the data key or the audit key is missing (the operator puts
/// them there first: without them the personal data cannot be read nor the
/// chain verified). The archive
/// is checked whole against its manifest before anything is written; the
/// rows go in one transaction whose counts must match the manifest; then
/// newer migrations run and the audit chain is verified.
pub async fn restore_backup(file: &Path, config: &Config) -> Result<RestoreReport, String> {
    let (mut zip, manifest) = check_archive::open(file)?;
    let url = config.effective_database_url();
    check_target(config, &url)?;
    let key = restore_key(config)?;
    check_archive::verify(&mut zip, &manifest)?;
    let result = load(&mut zip, &manifest, config, &url, &key).await;
    if result.is_err() {
        remove_partial(config, &url);
    }
    result
}

async fn load(
    zip: &mut Archive,
    manifest: &Manifest,
    config: &Config,
    url: &str,
    key: &RestoreKeys,
) -> Result<RestoreReport, String> {
    std::fs::create_dir_all(&config.data_dir)
        .map_err(|e| format!("无法创建数据目录 {}：{e}", config.data_dir.display()))?;
    let mut loader = Store::begin_load(url, manifest.schema_version)
        .await
        .map_err(|e| e.to_string())?;
    for t in &manifest.tables {
        let name = table_entry_name(&t.name);
        let mut lines = BufReader::new(zip.by_name(&name).map_err(|e| e.to_string())?).split(b'\n');
        loop {
            let mut batch: Vec<DumpRow> = Vec::with_capacity(BATCH);
            for line in lines.by_ref().take(BATCH) {
                let line = line.map_err(|e| format!("无法读取 {name}：{e}"))?;
                batch.push(
                    serde_json::from_slice(&line)
                        .map_err(|e| format!("{name} 中有一行无法读取：{e}"))?,
                );
            }
            if batch.is_empty() {
                break;
            }
            loader
                .rows(&t.name, &batch)
                .await
                .map_err(|e| e.to_string())?;
        }
    }
    let expected: BTreeMap<String, u64> = manifest
        .tables
        .iter()
        .map(|t| (t.name.clone(), t.rows))
        .collect();
    let tables = loader.finish(&expected).await.map_err(|e| e.to_string())?;
    let attachments = extract_attachments(zip, manifest, &config.attachments_dir())?;
    // Newer migrations, the data key's check against the restored data.
    let store = Store::connect(url, &key.data, &key.audit)
        .await
        .map_err(|e| e.to_string())?;
    let audit_rows = verify_chain(&store, &manifest.audit).await;
    store.close().await;
    let audit_rows = audit_rows?;
    Ok(RestoreReport {
        manifest: manifest.clone(),
        tables,
        attachments,
        audit_rows,
        schema_version: xinfang_store::latest_schema_version(),
    })
}

/// The audit chain of the restored database, checked by the store's own
/// verification under the audit key and held against the backup's audit head
/// as an anchor (the head row must be there with its hash): the one place a
/// restore asks for it.
async fn verify_chain(store: &Store, head: &super::AuditHeadEntry) -> Result<i64, String> {
    let anchor = xinfang_store::AuditAnchor {
        count: i64::try_from(head.rows).map_err(|_| "备份清单中的审计行数有误".to_string())?,
        hash: head.head.clone(),
    };
    let (v, check) = store
        .check_audit_anchor(&anchor)
        .await
        .map_err(|e| e.to_string())?;
    if let Some(id) = v.first_broken {
        return Err(format!("恢复后审计日志第 {id} 条记录校验失败：哈希链断裂"));
    }
    match check {
        xinfang_store::AnchorCheck::Holds => Ok(v.rows),
        xinfang_store::AnchorCheck::Short { rows } => Err(format!(
            "恢复后审计日志只有 {rows} 条，备份时有 {} 条",
            head.rows
        )),
        xinfang_store::AnchorCheck::Differs { id } => Err(format!(
            "恢复后审计日志第 {id} 条记录与备份清单中的审计链头不同"
        )),
    }
}

/// Refuse a target that already holds data: anything in the data
/// directory but key files, or (SQLite elsewhere) an existing database file.
fn check_target(config: &Config, url: &str) -> Result<(), String> {
    if let Ok(entries) = std::fs::read_dir(&config.data_dir) {
        let mut found: Vec<String> = entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| !is_key_file(n))
            .collect();
        if !found.is_empty() {
            found.sort();
            return Err(format!(
                "数据目录 {} 不是空的（已有 {}）：恢复只写入空的数据目录（可预先放入密钥文件）",
                config.data_dir.display(),
                found.join("、")
            ));
        }
    }
    if let Some(db) = sqlite_path(url)
        && db.exists()
    {
        return Err(format!(
            "数据库文件 {} 已存在：恢复只写入新数据库",
            db.display()
        ));
    }
    Ok(())
}

/// The data key the backup's personal data was sealed with: it must be
/// there already (`XINFANG_DATA_KEY`, or `data.key` in the data directory) —
/// a restore never makes a new one.
fn restore_key(config: &Config) -> Result<RestoreKeys, String> {
    let missing = |given: bool, file: &str, var: &str, what: &str| {
        let path = config.data_dir.join(file);
        (!given && !path.exists()).then(|| {
            format!(
                "缺少{what}：请先把备份时所用的 {file} 放到 {}，或设置 {var}（备份中不含密钥）",
                path.display()
            )
        })
    };
    if let Some(e) = missing(
        config.data_key.is_some(),
        "data.key",
        "XINFANG_DATA_KEY",
        "数据密钥",
    ) {
        return Err(e);
    }
    if let Some(e) = missing(
        config.audit_key.is_some(),
        "audit.key",
        "XINFANG_AUDIT_KEY",
        "审计密钥",
    ) {
        return Err(e);
    }
    Ok(RestoreKeys {
        data: config.data_key()?,
        audit: config.audit_key()?,
    })
}

/// The two keys a restore needs, both placed by the operator beforehand:
/// the data key reads the personal data, the audit key verifies the chain.
struct RestoreKeys {
    data: xinfang_store::DataKey,
    audit: xinfang_store::AuditKey,
}

/// Write each attachment file (already checked against the manifest)
/// under `root`, whole or not at all, checking its hash again as written.
fn extract_attachments(zip: &mut Archive, manifest: &Manifest, root: &Path) -> Result<u64, String> {
    let io = |e: std::io::Error| format!("无法写入附件：{e}");
    for a in &manifest.attachments.files {
        let target = root.join(&a.path);
        let dir = target.parent().map(Path::to_path_buf).unwrap_or_default();
        std::fs::create_dir_all(&dir).map_err(io)?;
        let tmp = dir.join(format!(".{}.restore.tmp", a.sha256));
        let mut entry = zip
            .by_name(&attachment_entry_name(&a.path))
            .map_err(|e| e.to_string())?;
        let mut out = std::fs::File::create(&tmp).map_err(io)?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = std::io::Read::read(&mut entry, &mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n]).map_err(io)?;
        }
        out.sync_all().map_err(io)?;
        if hex::encode(hasher.finalize()) != a.sha256 {
            let _ = std::fs::remove_file(&tmp);
            return Err(format!("附件 {} 与清单中的校验值不符：备份被改动", a.path));
        }
        std::fs::rename(&tmp, &target).map_err(io)?;
    }
    Ok(manifest.attachments.count)
}

/// After a failed restore, take away what it wrote, so the target is empty
/// again (a PostgreSQL database keeps the tables the migrations made, with
/// no rows: the operator drops and re-creates it).
fn remove_partial(config: &Config, url: &str) {
    if let Some(db) = sqlite_path(url) {
        for suffix in ["", "-wal", "-shm"] {
            let mut p = db.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(p));
        }
    }
    let _ = std::fs::remove_dir_all(config.attachments_dir());
}
