//! 恢复 — load a dump into an empty database: the schema of the backup's
//! version, every row in one transaction, counts checked before it commits.

use std::collections::BTreeMap;

use sqlx::{Any, Transaction};

use super::{DumpRow, values};
use crate::engine::{self, Schema};
use crate::{DataKey, Engine, Store, StoreError, StoreResult};

/// A database being loaded from a dump; nothing is visible until
/// [`Loader::finish`] commits.
#[derive(Debug)]
pub struct Loader {
    store: Store,
    schema: Schema,
    tx: Transaction<'static, Any>,
    /// The backup's schema version.
    version: i64,
}

impl Store {
    /// Open the database at `url` for loading a dump taken at
    /// `schema_version`: refused unless the database has no table at all;
    /// then its schema is built as it was at that version.
    pub async fn begin_load(url: &str, schema_version: i64) -> StoreResult<Loader> {
        if schema_version > crate::migrate::latest_schema_version() {
            return Err(StoreError::Conflict(format!(
                "备份的数据库版本 {schema_version} 比本程序（{}）新，请用更新的 xinfang 恢复",
                crate::migrate::latest_schema_version()
            )));
        }
        let (engine, pool) = engine::open(url).await?;
        let existing = {
            let mut conn = pool.acquire().await?;
            engine.table_names(&mut conn).await?
        };
        if !existing.is_empty() {
            pool.close().await;
            return Err(StoreError::Conflict(format!(
                "目标数据库不是空的（已有 {} 张表，如 {}），恢复只写入空数据库",
                existing.len(),
                existing[0]
            )));
        }
        // Loading needs no key: rows go in exactly as they were stored
        // (throw-away keys fill the fields; nothing here seals or chains).
        let key = DataKey::generate()?;
        let audit_key = crate::AuditKey::generate()?;
        let store = Store::on(engine, pool, &key, &audit_key);
        store.migrate_up_to(schema_version).await?;
        let schema = store.schema().await?;
        let tx = store.pool.begin().await?;
        Ok(Loader {
            store,
            schema,
            tx,
            version: schema_version,
        })
    }
}

impl Loader {
    /// The engine being loaded.
    pub fn engine(&self) -> Engine {
        self.store.engine
    }

    /// Insert `rows` into `table`, as they were (ids included).
    pub async fn rows(&mut self, table: &str, rows: &[DumpRow]) -> StoreResult<()> {
        let Some(shape) = self
            .schema
            .tables
            .get(table)
            .filter(|_| table != "schema_migrations")
        else {
            return Err(StoreError::Conflict(format!(
                "备份中的表 {table} 在该版本的数据库中不存在"
            )));
        };
        for row in rows {
            let mut cols = Vec::new();
            for name in row.keys() {
                if !shape.columns.contains_key(name) {
                    return Err(StoreError::Conflict(format!(
                        "备份中表 {table} 有数据库中不存在的列 {name}"
                    )));
                }
                cols.push(format!("\"{name}\""));
            }
            let marks: Vec<String> = (1..=cols.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "INSERT INTO \"{table}\" ({}) VALUES ({})",
                cols.join(", "),
                marks.join(", ")
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (name, value) in row {
                q = values::bind_value(q, table, name, &shape.columns[name].family, value)?;
            }
            q.execute(&mut *self.tx)
                .await
                .map_err(|e| StoreError::Conflict(format!("恢复表 {table} 的一行失败：{e}")))?;
        }
        Ok(())
    }

    /// Check every table holds exactly the rows `expected` says (tables not
    /// named there must be empty), move the identity counters on, and commit.
    /// Returns the counts as the database reports them. On any difference
    /// nothing is committed.
    pub async fn finish(
        mut self,
        expected: &BTreeMap<String, u64>,
    ) -> StoreResult<BTreeMap<String, u64>> {
        let engine = self.store.engine;
        let mut counts = BTreeMap::new();
        for table in super::load_order(engine, &mut self.tx).await? {
            let sql = format!("SELECT COUNT(*) FROM \"{table}\"");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&mut *self.tx)
                .await?;
            let want = expected.get(&table).copied().unwrap_or(0);
            if n as u64 != want {
                return Err(StoreError::Conflict(format!(
                    "表 {table} 恢复后有 {n} 行，备份清单记录 {want} 行"
                )));
            }
            engine.advance_identities(&mut self.tx, &table).await?;
            counts.insert(table, n as u64);
        }
        if let Some(unknown) = expected.keys().find(|t| !counts.contains_key(*t)) {
            return Err(StoreError::Conflict(format!(
                "备份清单中的表 {unknown} 在该版本的数据库中不存在"
            )));
        }
        // The full-text index is not in a backup: every case is indexed
        // when the database is opened (a backup from before the index gets
        // its list from the migration that makes it).
        if self.version >= crate::words::SINCE_VERSION {
            crate::words::mark_all_pending(&mut self.tx).await?;
        }
        self.tx.commit().await?;
        self.store.close().await;
        Ok(counts)
    }
}
