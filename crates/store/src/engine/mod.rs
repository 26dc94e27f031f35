//! The engine seam: every difference between SQLite and PostgreSQL lives in this module.
//!
//! The rest of the store writes one SQL text for both engines (sqlx's `Any`
//! driver, `$1` parameters, Unix-millisecond times, 0/1 flags). Where the
//! engines must differ — connecting, serialising writers, locks, migration
//! texts, date bucketing, text matching, reading the schema back — the code
//! asks [`Engine`] here, and nothing outside this module matches on it.

mod schema;
mod snapshot;
mod sql;
mod words;

pub(crate) use words::{FrequentWords, WordsRow, is_derived_table};

use std::sync::Arc;
use std::time::Duration;

use sqlx::any::AnyPoolOptions;
use sqlx::{AnyConnection, AnyPool, Executor};
use tokio::sync::{Mutex, MutexGuard};

use crate::{StoreError, StoreResult, redact_url};

pub use schema::{Column, Index, Schema, Table, TypeFamily};
pub use sql::DateBucket;
pub(crate) use sql::planned_rows;

/// Which database engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// Embedded SQLite file.
    Sqlite,
    /// PostgreSQL server.
    Postgres,
}

/// A named lock that orders work across connections (and, on PostgreSQL,
/// across servers sharing the database).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lock {
    /// Held while migrations run, so two starting servers do not race.
    Migrations,
    /// Held by a transaction appending to the audit chain, so the chain stays linear.
    AuditChain,
}

impl Lock {
    /// The PostgreSQL advisory lock key.
    fn key(self) -> i64 {
        match self {
            Lock::Migrations => 7_251_001,
            Lock::AuditChain => 7_251_002,
        }
    }
}

/// Open a pool on the database `url` names, with the engine it runs.
pub(crate) async fn open(url: &str) -> StoreResult<(Engine, AnyPool)> {
    let engine = Engine::from_url(url)?;
    Ok((engine, engine.connect(url).await?))
}

/// How long a pooled connection may sit idle and still be handed out
/// unchecked. One idle for longer is pinged first, and replaced if the
/// server has gone away (restarted, or the network dropped it); a busy
/// server's connections are back in the pool within milliseconds and are
/// never pinged. sqlx itself pings every connection given back, and closes
/// one that fails.
pub(crate) const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

impl Engine {
    /// The engine a database URL names (`sqlite:` or `postgres:`/`postgresql:`).
    pub fn from_url(url: &str) -> StoreResult<Engine> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Engine::Postgres)
        } else {
            Err(StoreError::Other(format!(
                "不支持的数据库地址（应以 sqlite: 或 postgres: 开头）：{}",
                redact_url(url)
            )))
        }
    }

    /// Open a pool. A connection is handed out without a ping unless it
    /// sat idle for [`PING_AFTER_IDLE`] (sqlx pings at every acquire by
    /// default: a round trip before each statement a request runs on the
    /// pool, on top of the one sqlx makes when it takes the connection
    /// back). SQLite connections wait for a busy file rather than fail,
    /// enforce foreign keys and write a WAL journal synced at every commit
    /// (`synchronous = FULL`: a change acknowledged to a user survives a power
    /// cut, for about 2 ms a registration — see BENCHMARKS.md; `NORMAL` would
    /// sync only at checkpoints and could lose the newest commits).
    /// PostgreSQL connections compile no query to machine code (`jit =
    /// off`): its cost estimates for a list that walks an index until a page
    /// is full run to millions, past `jit_above_cost`, and compiling took
    /// about 60 ms of a township's search that runs in 6 (BENCHMARKS.md).
    /// They also sort and hash in 16 MB at least (`work_mem`; a server's
    /// larger setting is kept): a search as written of one character
    /// (`'^危':*`) gathers every gram beginning with it in a bitmap of
    /// `work_mem`, which at the default 4 MB lost its rows for whole pages,
    /// and each page's cases were read again (a township's `危` 120–138 ms,
    /// 36–46 with 16 MB).
    async fn connect(self, url: &str) -> StoreResult<AnyPool> {
        sqlx::any::install_default_drivers();
        let options = AnyPoolOptions::new()
            .acquire_timeout(Duration::from_secs(30))
            .test_before_acquire(false)
            .before_acquire(|conn, meta| {
                Box::pin(async move {
                    if meta.idle_for > PING_AFTER_IDLE {
                        sqlx::Connection::ping(conn).await?;
                    }
                    Ok(true)
                })
            });
        match self {
            Engine::Sqlite => {
                let pool = options
                    .max_connections(8)
                    .after_connect(|conn, _meta| {
                        Box::pin(async move {
                            conn.execute("PRAGMA busy_timeout = 15000").await?;
                            conn.execute("PRAGMA foreign_keys = ON").await?;
                            conn.execute("PRAGMA synchronous = FULL").await?;
                            Ok(())
                        })
                    })
                    .connect(url)
                    .await?;
                sqlx::query("PRAGMA journal_mode = WAL")
                    .execute(&pool)
                    .await?;
                Ok(pool)
            }
            Engine::Postgres => Ok(options
                .max_connections(10)
                .after_connect(|conn, _meta| {
                    Box::pin(async move {
                        conn.execute("SET jit = off").await?;
                        conn.execute(
                            "SELECT set_config('work_mem', '16MB', false) WHERE \
                             pg_size_bytes(current_setting('work_mem')) < pg_size_bytes('16MB')",
                        )
                        .await?;
                        Ok(())
                    })
                })
                .connect(url)
                .await?),
        }
    }

    /// The gate writers of this process pass: one at a time on SQLite (so
    /// concurrent officers queue for milliseconds instead of seeing "database
    /// is locked"), open on PostgreSQL, where row locks do that work.
    pub(crate) fn write_gate(self) -> WriteGate {
        WriteGate(match self {
            Engine::Sqlite => Some(Arc::new(Mutex::new(()))),
            Engine::Postgres => None,
        })
    }

    /// Of a migration's two texts, the one for this engine.
    pub(crate) fn pick<'a>(self, sqlite: &'a str, postgres: &'a str) -> &'a str {
        match self {
            Engine::Sqlite => sqlite,
            Engine::Postgres => postgres,
        }
    }

    /// After the migrations: where SQLite keeps statistics of the indexes
    /// (`sqlite_stat1`, written by an `ANALYZE` — after `generate`, never
    /// in a district's own database), those of an index a migration added
    /// are read too. Without them SQLite took a new index for a tiny one
    /// beside indexes known to be large: a department's page at offset
    /// 50 000 of a million cases sorted its 70 000 assignments off the new
    /// index (39 ms) rather than walking the one in the page's order
    /// (6 ms). PostgreSQL keeps statistics of columns, not of indexes.
    pub(crate) async fn complete_statistics(self, conn: &mut AnyConnection) -> StoreResult<()> {
        if self != Engine::Sqlite {
            return Ok(());
        }
        let kept: Option<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'",
        )
        .fetch_optional(&mut *conn)
        .await?;
        if kept.is_none() {
            return Ok(());
        }
        let missing: Vec<String> = sqlx::query_scalar(
            "SELECT m.name FROM sqlite_master m
             WHERE m.type = 'index' AND m.name NOT LIKE 'sqlite_autoindex%'
               AND m.tbl_name IN (SELECT tbl FROM sqlite_stat1)
               AND m.name NOT IN (SELECT idx FROM sqlite_stat1 WHERE idx IS NOT NULL)
             ORDER BY m.name",
        )
        .fetch_all(&mut *conn)
        .await?;
        for (i, index) in missing.iter().enumerate() {
            if i == 0 {
                sqlx::query(self.analyze()[0]).execute(&mut *conn).await?;
            }
            sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE \"{index}\"")))
                .execute(&mut *conn)
                .await?;
            tracing::info!(index, "read the statistics of a new index");
        }
        Ok(())
    }

    /// Take `lock` for the connection's session, until [`Engine::unlock_session`].
    /// On SQLite the write gate already serialises this process and the file
    /// lock serialises processes, so there is nothing to take.
    pub(crate) async fn lock_session(
        self,
        conn: &mut AnyConnection,
        lock: Lock,
    ) -> StoreResult<()> {
        if let Engine::Postgres = self {
            sqlx::query("SELECT pg_advisory_lock($1)")
                .bind(lock.key())
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Release a lock taken with [`Engine::lock_session`].
    pub(crate) async fn unlock_session(
        self,
        conn: &mut AnyConnection,
        lock: Lock,
    ) -> StoreResult<()> {
        if let Engine::Postgres = self {
            sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(lock.key())
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Take `lock` until the end of the transaction running on `conn`.
    /// PostgreSQL: a transaction-scoped advisory lock, so concurrent
    /// transactions (from any server) queue here. SQLite: nothing to take —
    /// the write gate serialises this process, and a transaction of another
    /// process that read before this one committed fails on its first write
    /// (a stale snapshot cannot be written on) rather than interleaving.
    pub(crate) async fn lock_transaction(
        self,
        conn: &mut AnyConnection,
        lock: Lock,
    ) -> StoreResult<()> {
        if let Engine::Postgres = self {
            sqlx::query("SELECT pg_advisory_xact_lock($1)")
                .bind(lock.key())
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }
}

/// Serialises the writers of one process where the engine needs it.
#[derive(Debug, Clone)]
pub(crate) struct WriteGate(Option<Arc<Mutex<()>>>);

impl WriteGate {
    /// Wait for the gate; the write may proceed while the guard lives.
    pub(crate) async fn enter(&self) -> Option<MutexGuard<'_, ()>> {
        match &self.0 {
            Some(m) => Some(m.lock().await),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::{DataKey, Store};

    /// A fresh keys pair for a store opened in a test.
    fn keys() -> (DataKey, crate::AuditKey) {
        (
            DataKey::generate().unwrap(),
            crate::AuditKey::generate().unwrap(),
        )
    }

    /// The test server's admin url and a fresh database on it, or `None`
    /// when no PostgreSQL is configured (`XINFANG_TEST_PG` unset or empty).
    async fn postgres_database() -> Option<(String, String)> {
        let admin = std::env::var("XINFANG_TEST_PG").ok()?;
        if admin.trim().is_empty() {
            return None;
        }
        let url = crate::testing::fresh_test_database(&admin, "lock")
            .await
            .unwrap();
        Some((admin, url))
    }

    /// A store on a fresh PostgreSQL database when one is configured, else
    /// on a SQLite file in `dir`.
    async fn store(dir: &tempfile::TempDir) -> Store {
        let url = match postgres_database().await {
            Some((_, url)) => url,
            None => format!("sqlite://{}?mode=rwc", dir.path().join("l.db").display()),
        };
        let (data, audit) = keys();
        Store::connect(&url, &data, &audit).await.unwrap()
    }

    /// Three connections of the pool held at once: a setting made as each
    /// connection opens must hold on every one, not only the first.
    async fn connections(s: &Store) -> Vec<sqlx::pool::PoolConnection<sqlx::Any>> {
        let mut conns = Vec::new();
        for _ in 0..3 {
            conns.push(s.pool.acquire().await.unwrap());
        }
        conns
    }

    /// Whether another transaction could take `lock` now, without waiting.
    async fn free_elsewhere(s: &Store, lock: Lock) -> bool {
        let mut tx = s.pool.begin().await.unwrap();
        let free = match s.engine {
            Engine::Postgres => {
                sqlx::query_scalar::<_, bool>("SELECT pg_try_advisory_xact_lock($1)")
                    .bind(lock.key())
                    .fetch_one(&mut *tx)
                    .await
                    .unwrap()
            }
            // The write gate, not a database lock, serialises SQLite writers.
            Engine::Sqlite => s.gate.0.as_ref().is_some_and(|m| m.try_lock().is_ok()),
        };
        tx.rollback().await.unwrap();
        free
    }

    #[tokio::test]
    async fn sqlite_syncs_every_commit_to_its_write_ahead_log() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("d.db").display());
        let (data, audit) = keys();
        let s = Store::connect(&url, &data, &audit).await.unwrap();
        for c in &mut connections(&s).await {
            let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
                .fetch_one(&mut **c)
                .await
                .unwrap();
            assert_eq!(sync, 2, "synchronous = FULL");
            let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
                .fetch_one(&mut **c)
                .await
                .unwrap();
            assert_eq!(mode, "wal");
        }
    }

    #[tokio::test]
    async fn postgres_compiles_no_query_on_any_connection() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir).await;
        if s.engine != Engine::Postgres {
            return;
        }
        for c in &mut connections(&s).await {
            let jit: String = sqlx::query_scalar("SHOW jit")
                .fetch_one(&mut **c)
                .await
                .unwrap();
            assert_eq!(jit, "off");
        }
    }

    /// Each connection's `work_mem`.
    async fn work_mem(s: &Store) -> Vec<String> {
        let mut seen = Vec::new();
        for c in &mut connections(s).await {
            seen.push(
                sqlx::query_scalar::<_, String>("SHOW work_mem")
                    .fetch_one(&mut **c)
                    .await
                    .unwrap(),
            );
        }
        seen
    }

    #[tokio::test]
    async fn postgres_connections_hash_in_16_mb_at_least_and_keep_a_larger_setting() {
        let Some((_, url)) = postgres_database().await else {
            return;
        };
        let (data, audit) = keys();
        // The server's default is 4 MB: raised on every connection.
        let s = Store::connect(&url, &data, &audit).await.unwrap();
        assert_eq!(work_mem(&s).await, ["16MB"; 3]);
        // A database set to more keeps it.
        sqlx::query(
            "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I SET work_mem = %L', \
             current_database(), '64MB'); END $$",
        )
        .execute(&s.pool)
        .await
        .unwrap();
        s.close().await;
        let s = Store::connect(&url, &data, &audit).await.unwrap();
        assert_eq!(work_mem(&s).await, ["64MB"; 3]);
        s.close().await;
    }

    /// A connection the server ended while it sat idle in the pool (a
    /// restart, a dropped network) is pinged before it is handed out again
    /// and replaced: the statements after it find the database.
    #[tokio::test]
    async fn a_connection_ended_while_idle_is_replaced_before_it_is_handed_out() {
        let Some((admin, url)) = postgres_database().await else {
            return;
        };
        let (data, audit) = keys();
        let s = Store::connect(&url, &data, &audit).await.unwrap();
        let db: String = sqlx::query_scalar("SELECT CAST(current_database() AS TEXT)")
            .fetch_one(&s.pool)
            .await
            .unwrap();
        drop(connections(&s).await);
        // sqlx pings each connection given back before it is idle again.
        tokio::time::sleep(Duration::from_millis(200)).await;
        let mut other = <sqlx::AnyConnection as sqlx::Connection>::connect(&admin)
            .await
            .unwrap();
        let ended: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = $1 AND pid <> pg_backend_pid()) t",
        )
        .bind(&db)
        .fetch_one(&mut other)
        .await
        .unwrap();
        assert!(ended >= 3, "{ended} connections ended");
        tokio::time::sleep(PING_AFTER_IDLE + Duration::from_millis(300)).await;
        for i in 0..6 {
            let one: i64 = sqlx::query_scalar("SELECT CAST(1 AS BIGINT)")
                .fetch_one(&s.pool)
                .await
                .unwrap_or_else(|e| {
                    panic!("statement {i} after the server ended the pool's connections: {e}")
                });
            assert_eq!(one, 1);
        }
        s.close().await;
    }

    #[tokio::test]
    async fn a_transaction_lock_is_held_until_the_transaction_ends() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir).await;
        let mut w = s.write().await.unwrap();
        s.engine
            .lock_transaction(w.conn(), Lock::AuditChain)
            .await
            .unwrap();
        // Held while the write is open (on SQLite: by the write's gate).
        assert!(!free_elsewhere(&s, Lock::AuditChain).await);
        w.rollback().await.unwrap();
        assert!(free_elsewhere(&s, Lock::AuditChain).await);
    }
}
