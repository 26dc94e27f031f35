//! 备份 — every table read in one consistent snapshot, row by row, in a
//! portable form (a JSON object per row) that loads into either engine.
//!
//! The dump is the same for SQLite and PostgreSQL: column values as JSON
//! (integers as numbers, text as strings, blobs as hex), tables in load
//! order (a table after every table its foreign keys refer to). A backup of
//! one engine therefore restores into the other, which is also the way to
//! move a district from SQLite to PostgreSQL.

mod load;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use sqlx::AnyConnection;

pub use load::Loader;

use crate::engine::Table;
use crate::{Engine, Store, StoreResult};

/// One row of a dump: column name → value.
pub type DumpRow = serde_json::Map<String, serde_json::Value>;

/// The table that records which migrations ran; a restore rebuilds it by
/// running them, so it is not dumped.
const MIGRATIONS_TABLE: &str = "schema_migrations";
/// The audit trail (审计日志), whose head a dump reports.
const AUDIT_TABLE: &str = "audit_log";
/// Rows read per query while dumping.
const PAGE: i64 = 1000;

/// Where a dump's rows go (an archive entry per table, say).
pub trait DumpSink {
    /// The rows that follow belong to `table`.
    fn begin_table(&mut self, table: &str) -> std::io::Result<()>;
    /// One row of the current table.
    fn row(&mut self, row: &DumpRow) -> std::io::Result<()>;
}

/// What a dump held, for the backup's manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DumpSummary {
    /// The engine it was read from.
    pub engine: Engine,
    /// The newest migration applied to the database.
    pub schema_version: i64,
    /// Every table with its row count, in load order.
    pub tables: Vec<(String, u64)>,
    /// The audit trail's head: how many rows, and the last row's hash.
    pub audit_head: AuditHead,
}

/// The newest end of the audit chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditHead {
    /// Rows in the chain.
    pub rows: u64,
    /// The last row's hash (empty when the chain is empty).
    pub hash: String,
}

impl Store {
    /// Read every table in one snapshot and pass its rows to `sink`, tables
    /// in load order, rows in primary-key order. Writers carry on meanwhile;
    /// what they commit after the snapshot began is not in the dump.
    pub async fn dump(&self, sink: &mut (dyn DumpSink + Send)) -> StoreResult<DumpSummary> {
        let schema = self.schema().await?;
        let mut tx = self.engine.begin_snapshot(&self.pool).await?;
        let order = load_order(self.engine, &mut tx).await?;
        let schema_version: i64 =
            sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(version) FROM schema_migrations")
                .fetch_one(&mut *tx)
                .await?
                .unwrap_or(0);
        let mut tables = Vec::new();
        let mut audit_head = AuditHead::default();
        for name in order {
            let Some(table) = schema.tables.get(&name) else {
                continue;
            };
            sink.begin_table(&name).map_err(io)?;
            let mut count = 0u64;
            let mut offset = 0i64;
            loop {
                let sql = format!(
                    "SELECT * FROM \"{name}\"{} LIMIT {PAGE} OFFSET {offset}",
                    order_by(table)
                );
                let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                    .fetch_all(&mut *tx)
                    .await?;
                for r in &rows {
                    let row = values::read_row(r, table)?;
                    if name == AUDIT_TABLE {
                        audit_head.hash = row
                            .get("hash")
                            .and_then(|h| h.as_str())
                            .unwrap_or_default()
                            .to_string();
                    }
                    sink.row(&row).map_err(io)?;
                    count += 1;
                }
                if (rows.len() as i64) < PAGE {
                    break;
                }
                offset += PAGE;
            }
            if name == AUDIT_TABLE {
                audit_head.rows = count;
            }
            tables.push((name, count));
        }
        tx.rollback().await?;
        Ok(DumpSummary {
            engine: self.engine,
            schema_version,
            tables,
            audit_head,
        })
    }
}

/// ` ORDER BY` the primary key, so a dump lists rows in the order they were
/// made (and rows referring to earlier rows of their own table load after
/// them); a table without one by every column, so that pages of one
/// snapshot never overlap (PostgreSQL may start two scans of a table at
/// different places).
fn order_by(table: &Table) -> String {
    let cols: Vec<String> = if table.primary_key.is_empty() {
        table.columns.keys().map(|c| format!("\"{c}\"")).collect()
    } else {
        table
            .primary_key
            .iter()
            .map(|c| format!("\"{c}\""))
            .collect()
    };
    if cols.is_empty() {
        String::new()
    } else {
        format!(" ORDER BY {}", cols.join(", "))
    }
}

/// Every table but the migrations record, each after the tables it refers
/// to (by name among equals, so the order is stable).
pub(crate) async fn load_order(
    engine: Engine,
    conn: &mut AnyConnection,
) -> StoreResult<Vec<String>> {
    let mut parents: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for name in engine.table_names(conn).await? {
        if name == MIGRATIONS_TABLE {
            continue;
        }
        let refs = engine.referenced_tables(conn, &name).await?;
        parents.insert(name, refs.into_iter().collect());
    }
    let mut order: Vec<String> = Vec::new();
    let mut placed: BTreeSet<String> = BTreeSet::new();
    while placed.len() < parents.len() {
        let ready: Vec<String> = parents
            .iter()
            .filter(|(name, refs)| {
                !placed.contains(*name)
                    && refs
                        .iter()
                        .all(|r| placed.contains(r) || !parents.contains_key(r))
            })
            .map(|(name, _)| name.clone())
            .collect();
        if ready.is_empty() {
            // A cycle of references: place the rest by name; the load
            // reports the row that cannot go in.
            for name in parents.keys() {
                if placed.insert(name.clone()) {
                    order.push(name.clone());
                }
            }
            break;
        }
        for name in ready {
            placed.insert(name.clone());
            order.push(name);
        }
    }
    Ok(order)
}

fn io(e: std::io::Error) -> crate::StoreError {
    crate::StoreError::Other(format!("写备份失败：{e}"))
}
