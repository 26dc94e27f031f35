//! What backup and restore ask of the engine: a consistent read, whether a database is empty,
//! which tables a table refers to, identity counters after a load, and the WAL checkpoint.

use sqlx::{Any, AnyConnection, AnyPool, Transaction};

use super::Engine;
use crate::StoreResult;

impl Engine {
    /// A read-only transaction that sees one moment of the database for as
    /// long as it lives, whatever writers commit meanwhile.
    ///
    /// SQLite (WAL journal): a read transaction keeps the snapshot of its
    /// first read, so one is made at once; writers go on appending to the WAL
    /// (the checkpoint waits for the reader). PostgreSQL: `REPEATABLE READ
    /// READ ONLY`, the same snapshot for every statement of the transaction.
    pub(crate) async fn begin_snapshot(
        self,
        pool: &AnyPool,
    ) -> StoreResult<Transaction<'static, Any>> {
        match self {
            Engine::Sqlite => {
                let mut tx = pool.begin().await?;
                sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM sqlite_master")
                    .fetch_one(&mut *tx)
                    .await?;
                Ok(tx)
            }
            Engine::Postgres => Ok(pool
                .begin_with("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
                .await?),
        }
    }

    /// The names of the tables in the database (`schema_migrations` included,
    /// the full-text index's derived tables left out).
    pub(crate) async fn table_names(self, conn: &mut AnyConnection) -> StoreResult<Vec<String>> {
        let sql = match self {
            Engine::Sqlite => {
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Engine::Postgres => {
                "SELECT table_name::text FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
            }
        };
        let names: Vec<String> = sqlx::query_scalar(sql).fetch_all(&mut *conn).await?;
        Ok(names
            .into_iter()
            .filter(|n| !super::is_derived_table(n))
            .collect())
    }

    /// The other tables `table`'s foreign keys refer to (itself left out).
    pub(crate) async fn referenced_tables(
        self,
        conn: &mut AnyConnection,
        table: &str,
    ) -> StoreResult<Vec<String>> {
        let sql = match self {
            Engine::Sqlite => "SELECT DISTINCT \"table\" FROM pragma_foreign_key_list($1)",
            Engine::Postgres => {
                "SELECT DISTINCT confrelid::regclass::text FROM pg_constraint WHERE contype = 'f' AND conrelid = $1::regclass"
            }
        };
        let mut names: Vec<String> = sqlx::query_scalar(sql)
            .bind(table)
            .fetch_all(&mut *conn)
            .await?;
        names.retain(|n| n != table);
        Ok(names)
    }

    /// After rows were loaded with their ids, move each identity counter past
    /// the largest id, so the next insert does not collide. SQLite keeps its
    /// counters up to date by itself.
    pub(crate) async fn advance_identities(
        self,
        conn: &mut AnyConnection,
        table: &str,
    ) -> StoreResult<()> {
        if let Engine::Postgres = self {
            let sequence: Option<String> = sqlx::query_scalar(
                "SELECT pg_get_serial_sequence(c.table_name::text, c.column_name::text)::text
                 FROM information_schema.columns c
                 WHERE c.table_schema = current_schema() AND c.table_name = $1 AND c.column_name = 'id'",
            )
            .bind(table)
            .fetch_optional(&mut *conn)
            .await?
            .flatten();
            if let Some(sequence) = sequence {
                // `table` is a name read back from the catalogue, quoted here.
                let sql = format!(
                    "SELECT setval($1::regclass, COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
                );
                sqlx::query(sqlx::AssertSqlSafe(sql))
                    .bind(sequence)
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Ok(())
    }

    /// Before closing: copy SQLite's write-ahead log into the database file
    /// and empty it, so the `.db` file alone holds every committed change.
    /// PostgreSQL keeps its own files.
    pub(crate) async fn checkpoint(self, pool: &AnyPool) -> StoreResult<()> {
        if let Engine::Sqlite = self {
            let mut conn = pool.acquire().await?;
            // A TRUNCATE checkpoint waits for readers and holds writers back
            // while it waits: briefly, then give up (the log stays valid).
            sqlx::query("PRAGMA busy_timeout = 2000")
                .execute(&mut *conn)
                .await?;
            // One row: (busy, pages in the log, pages checkpointed).
            let row = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .fetch_one(&mut *conn)
                .await;
            sqlx::query("PRAGMA busy_timeout = 15000")
                .execute(&mut *conn)
                .await?;
            let row = row?;
            let busy: i64 = sqlx::Row::try_get(&row, 0)?;
            if busy != 0 {
                return Err(crate::StoreError::Other(
                    "预写日志检查点未完成：仍有连接在读写数据库".into(),
                ));
            }
        }
        Ok(())
    }
}
