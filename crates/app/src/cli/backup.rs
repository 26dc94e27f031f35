//! `xinfang backup`, `xinfang restore`, and the scheduled-backup flags of `serve`.

use std::path::PathBuf;

use clap::Args;

use super::Cli;
use crate::config::BackupSchedule;
use crate::services::admin::backup::{restore_backup, schedule, sqlite_path, take_backup};
use crate::state::AppState;

/// Options of `xinfang backup`.
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The .zip to write (made whole or not at all; an existing file is replaced).
    #[arg(long)]
    out: PathBuf,
}

/// Options of `xinfang restore`.
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup (.zip) to restore.
    file: PathBuf,
}

/// The scheduled-backup flags of `serve`.
#[derive(Debug, Args)]
pub struct ScheduleArgs {
    /// Write a backup here at start and then every `--backup-every` (off when not given).
    #[arg(long, env = "XINFANG_BACKUP_DIR")]
    backup_dir: Option<PathBuf>,
    /// Time between scheduled backups: a whole number with d, h, m or s.
    #[arg(long, env = "XINFANG_BACKUP_EVERY", default_value = "24h")]
    backup_every: String,
    /// How many of the newest scheduled backups to keep.
    #[arg(long, env = "XINFANG_BACKUP_KEEP", default_value_t = 14)]
    backup_keep: usize,
}

impl ScheduleArgs {
    /// The schedule these flags describe, if any.
    pub fn schedule(&self) -> Result<Option<BackupSchedule>, String> {
        let Some(dir) = &self.backup_dir else {
            return Ok(None);
        };
        if self.backup_keep == 0 {
            return Err("--backup-keep 至少为 1".into());
        }
        Ok(Some(BackupSchedule {
            dir: dir.clone(),
            every: schedule::parse_every(&self.backup_every)?,
            keep: self.backup_keep,
        }))
    }
}

/// Take a backup and say what is in it.
pub async fn run_backup(cli: &Cli, args: &BackupArgs) -> Result<(), String> {
    let config = cli.config("xinfang-data");
    // Opening a data directory that has no database would make an empty one
    // (and a new key) and back that up: a mistyped --data-dir, refused.
    if let Some(db) = sqlite_path(&config.effective_database_url())
        && !db.exists()
    {
        return Err(format!(
            "没有可备份的数据库：{} 不存在（检查 --data-dir）",
            db.display()
        ));
    }
    let state = AppState::open(config).await?;
    // Not closed with a checkpoint: the server may be writing meanwhile.
    let m = take_backup::take_backup(&state.store, &state.config, &args.out, state.now()).await?;
    let rows: u64 = m.tables.iter().map(|t| t.rows).sum();
    println!("备份完成：{}", args.out.display());
    println!(
        "  数据库（{}，版本 {}）：{} 张表，{rows} 行",
        m.engine,
        m.schema_version,
        m.tables.len()
    );
    println!(
        "  附件：{} 个，{} 字节",
        m.attachments.count, m.attachments.bytes
    );
    println!("  审计日志：{} 条，末条哈希 {}", m.audit.rows, m.audit.head);
    println!(
        "  备份不含密钥：请另行保管 data.key 与 audit.key（或 XINFANG_DATA_KEY、XINFANG_AUDIT_KEY），不要与备份放在一起"
    );
    Ok(())
}

/// Restore a backup and report the counts.
pub async fn run_restore(cli: &Cli, args: &RestoreArgs) -> Result<(), String> {
    let config = cli.config("xinfang-data");
    let r = restore_backup::restore_backup(&args.file, &config).await?;
    println!(
        "恢复完成：{}（{} 创建于 {}，数据库版本 {} → {}）",
        xinfang_store::redact_url(&config.effective_database_url()),
        r.manifest.engine,
        r.manifest.created_at,
        r.manifest.schema_version,
        r.schema_version
    );
    for t in &r.manifest.tables {
        let n = r.tables.get(&t.name).copied().unwrap_or(0);
        println!("  {}：{n} 行", t.name);
    }
    println!("  附件：{} 个", r.attachments);
    println!("  审计日志：{} 条，哈希链校验通过", r.audit_rows);
    Ok(())
}
