//! xinfang-store: the only crate that writes SQL; one code path for SQLite and PostgreSQL.
//!
//! Built on sqlx's `Any` driver: every statement uses `$1`-style parameters
//! (both engines accept them), times are Unix milliseconds, flags are 0/1.
//! On SQLite all writes pass one in-process writer lock, so concurrent
//! officers queue for a few milliseconds instead of seeing "database is
//! locked"; on PostgreSQL row locks do that work.

mod audit;
mod case_ledgers;
mod cases;
mod choices;
mod codec;
mod ledger_cases;
mod migrate;
mod milestones;
mod notifications;
mod orgs;
mod params;
mod personal;
mod reference;
mod roster;
mod screenings;
mod sweep;
pub mod testing;
mod users;
pub mod vault;

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{AnyPool, Executor};
use tokio::sync::{Mutex, MutexGuard};

pub use audit::{AuditEntry, AuditFilter, AuditVerification};
pub use case_ledgers::{BacklogChange, CaseLedger, CaseLedgerWrite, FollowUp};
pub use cases::{
    AttachmentRecord, CaseFilter, CaseListItem, CaseSort, EventRecord, NewAttachment, Page,
    StepChange,
};
pub use choices::UserChoice;
pub use ledger_cases::{LedgerCaseRow, LedgerEvent, LedgerQuery};
pub use milestones::{MilestoneRow, StoredMilestone, TodoBucket, TodoFilter, TodoItem};
pub use notifications::{Delivery, NewNotice, Notification, Webhook};
pub use roster::RosterEntry;
pub use screenings::{ImportCounts, NewScreening, ScreeningFilter, ScreeningRecord};
pub use sweep::{CaseNotice, NoticeText, RaisedNotice, SweepMilestone};
pub use users::{NewUser, SessionRecord, UserRecord};
pub use vault::{DataKey, Secret, Vault};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist (or is outside the caller's scope).
    #[error("未找到{0}")]
    NotFound(String),
    /// A concurrent change or a uniqueness rule got in the way.
    #[error("{0}")]
    Conflict(String),
    /// Anything else: the database failed.
    #[error("数据库错误：{0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            return StoreError::Conflict(format!("数据重复：{}", db.message()));
        }
        StoreError::Other(e.to_string())
    }
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Which database engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// The database handle shared by the whole app.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    writer: Arc<Mutex<()>>,
    vault: Arc<Vault>,
}

impl Store {
    /// Connect to `url` (`sqlite://path?mode=rwc` or `postgres://…`), run
    /// pending migrations, and seal any personal data still in plaintext
    /// with `key` (see [`vault`]).
    pub async fn connect(url: &str, key: &DataKey) -> StoreResult<Store> {
        install_default_drivers();
        let engine = if url.starts_with("sqlite:") {
            Engine::Sqlite
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Engine::Postgres
        } else {
            return Err(StoreError::Other(format!(
                "不支持的数据库地址（应以 sqlite: 或 postgres: 开头）：{}",
                redact_url(url)
            )));
        };
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(30));
        let pool = match engine {
            Engine::Sqlite => {
                options
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("PRAGMA busy_timeout = 15000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA synchronous = NORMAL").await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?
            }
            Engine::Postgres => options.max_connections(10).connect(url).await?,
        };
        if engine == Engine::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        let store = Store {
            pool,
            engine,
            writer: Arc::new(Mutex::new(())),
            vault: Arc::new(Vault::new(key)),
        };
        store.migrate().await?;
        store.check_data_key().await?;
        store.seal_personal_data().await?;
        Ok(store)
    }

    /// The engine in use.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// Close all connections.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Serialise writers on SQLite (PostgreSQL relies on row locks instead).
    async fn write_guard(&self) -> Option<MutexGuard<'_, ()>> {
        match self.engine {
            Engine::Sqlite => Some(self.writer.lock().await),
            Engine::Postgres => None,
        }
    }

    /// Read a setting.
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let v = sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(v)
    }
}

/// A database URL with its password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            match cred.split_once(':') {
                Some((user, _)) => format!("{}://{}:***@{}", &url[..s], user, &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://x:secret@127.0.0.1:5432/db"),
            "postgres://x:***@127.0.0.1:5432/db"
        );
        assert_eq!(redact_url("sqlite:///tmp/a.db"), "sqlite:///tmp/a.db");
    }
}
