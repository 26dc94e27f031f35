//! 定期备份 — `serve --backup-dir`: a backup every so often beside the server, named by its time, keeping the newest N.

use std::path::PathBuf;
use std::time::Duration;

use xinfang_domain::permission::{Permission, Place, may};

use crate::config::BackupSchedule;
use crate::state::AppState;

/// Scheduled backups are named `xinfang-backup-<UTC time>.zip`, so names sort by time.
const PREFIX: &str = "xinfang-backup-";
const SUFFIX: &str = ".zip";

/// Read a period: a whole number with `d`, `h`, `m` or `s` (`24h`, `30m`, `7d`).
pub fn parse_every(text: &str) -> Result<Duration, String> {
    let t = text.trim();
    let bad = || format!("备份间隔“{text}”有误：应为正整数加单位 d、h、m 或 s，如 24h");
    let unit = t.chars().last().ok_or_else(bad)?;
    let n: u64 = t[..t.len() - unit.len_utf8()].parse().map_err(|_| bad())?;
    let seconds = match unit {
        'd' => n.checked_mul(86_400),
        'h' => n.checked_mul(3_600),
        'm' => n.checked_mul(60),
        's' => Some(n),
        _ => None,
    }
    .filter(|s| *s > 0)
    .ok_or_else(bad)?;
    Ok(Duration::from_secs(seconds))
}

/// The file name of a backup taken at `at`.
pub fn file_name(at: jiff::Timestamp) -> String {
    format!("{PREFIX}{}{SUFFIX}", at.strftime("%Y%m%dT%H%M%S%.3fZ"))
}

/// Take one scheduled backup into the schedule's directory, then remove
/// all but the newest `keep`. Returns the new file.
pub async fn run_once(state: &AppState, schedule: &BackupSchedule) -> Result<PathBuf, String> {
    let now = state.now();
    let out = schedule.dir.join(file_name(now));
    let manifest = super::take_backup::take_backup(&state.store, &state.config, &out, now).await?;
    let removed = prune(schedule, &out)?;
    tracing::info!(
        file = %out.display(),
        tables = manifest.tables.len(),
        attachments = manifest.attachments.count,
        audit_rows = manifest.audit.rows,
        removed = removed.len(),
        "定期备份完成"
    );
    Ok(out)
}

/// Remove the oldest scheduled backups beyond the newest `keep` (never
/// `just_written`, and never a file that is not a scheduled backup), and
/// the pieces of scheduled backups that a stop cut short.
pub fn prune(
    schedule: &BackupSchedule,
    just_written: &std::path::Path,
) -> Result<Vec<PathBuf>, String> {
    let all: Vec<String> = std::fs::read_dir(&schedule.dir)
        .map_err(|e| format!("无法读取备份目录 {}：{e}", schedule.dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    // What a backup cut short by a stop left behind (written under a hidden name).
    for n in all
        .iter()
        .filter(|n| n.starts_with(&format!(".{PREFIX}")) && n.ends_with(".partial"))
    {
        let _ = std::fs::remove_file(schedule.dir.join(n));
    }
    let mut names: Vec<String> = all
        .into_iter()
        .filter(|n| n.starts_with(PREFIX) && n.ends_with(SUFFIX))
        .collect();
    names.sort();
    let keep = schedule.keep.max(1);
    let mut removed = Vec::new();
    if names.len() > keep {
        for n in &names[..names.len() - keep] {
            let path = schedule.dir.join(n);
            if path == just_written {
                continue;
            }
            std::fs::remove_file(&path)
                .map_err(|e| format!("无法删除旧备份 {}：{e}", path.display()))?;
            removed.push(path);
        }
    }
    Ok(removed)
}

/// Back up at start and then every `schedule.every`, until the server stops.
/// A failed backup is logged as an error (with its cause), put in the
/// administrators' 通知, and tried again at the next period; it never stops
/// the server.
pub async fn run_every(state: AppState, schedule: BackupSchedule) {
    let mut tick = tokio::time::interval(schedule.every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let pass = state.clone();
        let plan = schedule.clone();
        // A task of its own, so a panic in one backup cannot take the server down.
        match tokio::spawn(async move { run_once(&pass, &plan).await }).await {
            Ok(Ok(_)) => {}
            // The administrators are told first and the error logged after,
            // so whoever reads the log line finds the notice already written.
            Ok(Err(e)) => {
                tell_administrators(&state, &schedule, &e).await;
                tracing::error!(error = %e, dir = %schedule.dir.display(), "定期备份失败");
            }
            Err(e) => {
                tell_administrators(&state, &schedule, &e.to_string()).await;
                tracing::error!(error = %e, "定期备份异常终止");
            }
        }
    }
}

/// Put a failed backup in the inbox (通知) of every active 系统管理员.
async fn tell_administrators(state: &AppState, schedule: &BackupSchedule, error: &str) {
    let here = Place::Somewhere;
    let admins: Vec<i64> = match state.store.list_users().await {
        Ok(users) => users
            .iter()
            .filter(|u| u.active && may(&u.actor(), Permission::ManageUsers, &here))
            .map(|u| u.id)
            .collect(),
        Err(e) => {
            tracing::error!(error = %e, "cannot list the administrators to tell of the failed backup");
            return;
        }
    };
    let body = format!(
        "备份目录 {}：{error}。请检查磁盘空间和目录权限；下一次定期备份仍会进行。",
        schedule.dir.display()
    );
    if let Err(e) = state
        .store
        .notify_users(&admins, "定期备份失败", &body, state.now())
        .await
    {
        tracing::error!(error = %e, "cannot tell the administrators of the failed backup");
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn periods_read_with_their_unit() {
        assert_eq!(parse_every("24h").unwrap(), Duration::from_secs(86_400));
        assert_eq!(parse_every("30m").unwrap(), Duration::from_secs(1_800));
        assert_eq!(parse_every("7d").unwrap(), Duration::from_secs(604_800));
        assert_eq!(parse_every("5s").unwrap(), Duration::from_secs(5));
        for bad in ["", "24", "h", "0h", "-1h", "1.5h", "24 小时"] {
            let e = parse_every(bad).unwrap_err();
            assert!(e.contains("备份间隔"), "{bad}: {e}");
        }
    }

    #[test]
    fn names_sort_by_time_and_only_the_newest_are_kept() {
        let at = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
        assert_eq!(
            file_name(at("2026-12-02T08:30:05.042Z")),
            "xinfang-backup-20261202T083005.042Z.zip"
        );
        let dir = tempfile::tempdir().unwrap();
        let times = [
            "2026-12-01T23:59:59Z",
            "2026-12-02T00:00:00Z",
            "2026-12-02T08:00:00.5Z",
            "2026-11-30T12:00:00Z",
        ];
        for t in times {
            std::fs::write(dir.path().join(file_name(at(t))), b"zip").unwrap();
        }
        std::fs::write(dir.path().join("手工备份.zip"), b"zip").unwrap();
        let cut_short = format!(".{}.0a1b2c.partial", file_name(at(times[0])));
        std::fs::write(dir.path().join(cut_short), b"half").unwrap();
        let schedule = BackupSchedule {
            dir: dir.path().to_path_buf(),
            every: Duration::from_secs(1),
            keep: 2,
        };
        let newest = dir.path().join(file_name(at(times[2])));
        let removed = prune(&schedule, &newest).unwrap();
        assert_eq!(removed.len(), 2);
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "xinfang-backup-20261202T000000.000Z.zip",
                "xinfang-backup-20261202T080000.500Z.zip",
                "手工备份.zip"
            ]
        );
    }
}
