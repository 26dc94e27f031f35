//! The schema as the database reports it, normalised so that the two
//! engines' hand-written migrations can be compared table by table.

use std::collections::BTreeMap;
use std::fmt;

use sqlx::Row;
use sqlx::any::AnyRow;

use super::{Engine, is_derived_table};
use crate::{Store, StoreResult};

/// A column type reduced to what both engines mean by it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeFamily {
    /// INTEGER, BIGINT, SMALLINT …
    Integer,
    /// TEXT, VARCHAR, CHAR …
    Text,
    /// REAL, DOUBLE PRECISION, NUMERIC …
    Real,
    /// BLOB, BYTEA.
    Blob,
    /// BOOLEAN.
    Boolean,
    /// Anything else, as declared (lower case).
    Other(String),
}

impl TypeFamily {
    /// The family of a declared type (SQLite's affinity rules, extended with
    /// PostgreSQL's names).
    pub fn of(declared: &str) -> TypeFamily {
        let t = declared.trim().to_ascii_lowercase();
        if t.contains("int") {
            TypeFamily::Integer
        } else if t.contains("char") || t.contains("text") || t.contains("clob") {
            TypeFamily::Text
        } else if t.contains("blob") || t == "bytea" {
            TypeFamily::Blob
        } else if t.contains("bool") {
            TypeFamily::Boolean
        } else if t.contains("real")
            || t.contains("floa")
            || t.contains("doub")
            || t.contains("numeric")
            || t.contains("decimal")
        {
            TypeFamily::Real
        } else {
            TypeFamily::Other(t)
        }
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    /// Type family.
    pub family: TypeFamily,
    /// NOT NULL (primary-key columns count as NOT NULL on both engines).
    pub not_null: bool,
}

/// One secondary index (the primary key's own index is not listed).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Index {
    /// Indexed columns, in order.
    pub columns: Vec<String>,
    /// UNIQUE.
    pub unique: bool,
}

/// One table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Columns by name.
    pub columns: BTreeMap<String, Column>,
    /// Primary-key columns, in key order.
    pub primary_key: Vec<String>,
    /// Secondary indexes by name (an index a UNIQUE constraint made is named
    /// `unique(col, …)`, since each engine names those its own way).
    pub indexes: BTreeMap<String, Index>,
}

/// Every table of the database, normalised.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Schema {
    /// Tables by name.
    pub tables: BTreeMap<String, Table>,
}

impl Schema {
    /// Where `self` (named `left`) and `other` (named `right`) disagree, one
    /// line per difference; empty when they agree.
    pub fn diff(&self, left: &str, other: &Schema, right: &str) -> Vec<String> {
        let mut out = Vec::new();
        for name in keys(&self.tables, &other.tables) {
            let (a, b) = match (self.tables.get(&name), other.tables.get(&name)) {
                (Some(a), Some(b)) => (a, b),
                (Some(_), None) => {
                    out.push(format!("table {name}: only in {left}"));
                    continue;
                }
                (None, _) => {
                    out.push(format!("table {name}: only in {right}"));
                    continue;
                }
            };
            for col in keys(&a.columns, &b.columns) {
                match (a.columns.get(&col), b.columns.get(&col)) {
                    (Some(x), Some(y)) if x == y => {}
                    (Some(x), Some(y)) => out.push(format!(
                        "column {name}.{col}: {left} has {x}, {right} has {y}"
                    )),
                    (Some(x), None) => {
                        out.push(format!("column {name}.{col} ({x}): only in {left}"))
                    }
                    (None, Some(y)) => {
                        out.push(format!("column {name}.{col} ({y}): only in {right}"))
                    }
                    (None, None) => {}
                }
            }
            if a.primary_key != b.primary_key {
                out.push(format!(
                    "primary key of {name}: {left} ({}), {right} ({})",
                    a.primary_key.join(", "),
                    b.primary_key.join(", ")
                ));
            }
            for idx in keys(&a.indexes, &b.indexes) {
                match (a.indexes.get(&idx), b.indexes.get(&idx)) {
                    (Some(x), Some(y)) if x == y => {}
                    (Some(x), Some(y)) => out.push(format!(
                        "index {idx} on {name}: {left} has {x}, {right} has {y}"
                    )),
                    (Some(x), None) => {
                        out.push(format!("index {idx} on {name} {x}: only in {left}"))
                    }
                    (None, Some(y)) => {
                        out.push(format!("index {idx} on {name} {y}: only in {right}"))
                    }
                    (None, None) => {}
                }
            }
        }
        out
    }
}

fn keys<V>(a: &BTreeMap<String, V>, b: &BTreeMap<String, V>) -> Vec<String> {
    let mut all: Vec<String> = a.keys().chain(b.keys()).cloned().collect();
    all.sort();
    all.dedup();
    all
}

impl fmt::Display for TypeFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeFamily::Other(t) => write!(f, "type {t}"),
            other => write!(f, "{}", format!("{other:?}").to_lowercase()),
        }
    }
}

impl fmt::Display for Column {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let null = if self.not_null {
            "not null"
        } else {
            "nullable"
        };
        write!(f, "{} {null}", self.family)
    }
}

impl fmt::Display for Index {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unique = if self.unique { "unique " } else { "" };
        write!(f, "{unique}({})", self.columns.join(", "))
    }
}

fn text(r: &AnyRow, col: &str) -> StoreResult<String> {
    Ok(r.try_get::<String, _>(col)?)
}

fn int(r: &AnyRow, col: &str) -> StoreResult<i64> {
    Ok(r.try_get::<i64, _>(col)?)
}

/// Name an index: its own name, unless a UNIQUE constraint made it.
fn index_name(name: String, from_constraint: bool, index: &Index) -> String {
    if from_constraint {
        format!("unique({})", index.columns.join(", "))
    } else {
        name
    }
}

impl Store {
    /// The schema as the database reports it now, normalised (see [`Schema`]).
    pub async fn schema(&self) -> StoreResult<Schema> {
        match self.engine {
            Engine::Sqlite => self.sqlite_schema().await,
            Engine::Postgres => self.postgres_schema().await,
        }
    }

    async fn sqlite_schema(&self) -> StoreResult<Schema> {
        let names: Vec<String> = sqlx::query_scalar(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut schema = Schema::default();
        for name in names.into_iter().filter(|n| !is_derived_table(n)) {
            let mut table = Table::default();
            let cols = sqlx::query(
                "SELECT name, type, \"notnull\" AS not_null, pk FROM pragma_table_info($1) ORDER BY cid",
            )
            .bind(&name)
            .fetch_all(&self.pool)
            .await?;
            let mut pk: Vec<(i64, String)> = Vec::new();
            for c in &cols {
                let col = text(c, "name")?;
                let pk_pos = int(c, "pk")?;
                if pk_pos > 0 {
                    pk.push((pk_pos, col.clone()));
                }
                table.columns.insert(
                    col,
                    Column {
                        family: TypeFamily::of(&text(c, "type")?),
                        not_null: int(c, "not_null")? != 0 || pk_pos > 0,
                    },
                );
            }
            pk.sort();
            table.primary_key = pk.into_iter().map(|(_, c)| c).collect();
            let indexes = sqlx::query(
                "SELECT name, \"unique\" AS is_unique, origin FROM pragma_index_list($1) ORDER BY name",
            )
            .bind(&name)
            .fetch_all(&self.pool)
            .await?;
            for i in &indexes {
                let origin = text(i, "origin")?;
                if origin == "pk" {
                    continue;
                }
                let idx_name = text(i, "name")?;
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                        .bind(&idx_name)
                        .fetch_all(&self.pool)
                        .await?;
                let index = Index {
                    columns,
                    unique: int(i, "is_unique")? != 0,
                };
                table
                    .indexes
                    .insert(index_name(idx_name, origin == "u", &index), index);
            }
            schema.tables.insert(name, table);
        }
        Ok(schema)
    }

    async fn postgres_schema(&self) -> StoreResult<Schema> {
        let mut schema = Schema::default();
        let cols = sqlx::query(
            "SELECT c.table_name::text AS tbl, c.column_name::text AS col, c.data_type::text AS ty,
                c.is_nullable::text AS nullable
             FROM information_schema.columns c
             JOIN information_schema.tables t
               ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
             ORDER BY c.table_name, c.ordinal_position",
        )
        .fetch_all(&self.pool)
        .await?;
        for c in &cols {
            if is_derived_table(&text(c, "tbl")?) {
                continue;
            }
            schema
                .tables
                .entry(text(c, "tbl")?)
                .or_default()
                .columns
                .insert(
                    text(c, "col")?,
                    Column {
                        family: TypeFamily::of(&text(c, "ty")?),
                        not_null: text(c, "nullable")? == "NO",
                    },
                );
        }
        let pks = sqlx::query(
            "SELECT k.table_name::text AS tbl, k.column_name::text AS col
             FROM information_schema.table_constraints tc
             JOIN information_schema.key_column_usage k
               ON k.constraint_schema = tc.constraint_schema AND k.constraint_name = tc.constraint_name
             WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
             ORDER BY k.table_name, k.ordinal_position",
        )
        .fetch_all(&self.pool)
        .await?;
        for k in &pks {
            if let Some(t) = schema.tables.get_mut(&text(k, "tbl")?) {
                t.primary_key.push(text(k, "col")?);
            }
        }
        let idx = sqlx::query(
            "SELECT t.relname::text AS tbl, i.relname::text AS idx, ix.indisunique AS is_unique,
                EXISTS (SELECT 1 FROM pg_constraint pc WHERE pc.conindid = ix.indexrelid) AS from_constraint,
                a.attname::text AS col
             FROM pg_index ix
             JOIN pg_class t ON t.oid = ix.indrelid
             JOIN pg_class i ON i.oid = ix.indexrelid
             JOIN pg_namespace n ON n.oid = t.relnamespace
             CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
             JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
             WHERE n.nspname = current_schema() AND NOT ix.indisprimary
             ORDER BY t.relname, i.relname, k.ord",
        )
        .fetch_all(&self.pool)
        .await?;
        // (table, index) → (index, made by a constraint)
        let mut found: BTreeMap<(String, String), (Index, bool)> = BTreeMap::new();
        for r in &idx {
            let entry = found
                .entry((text(r, "tbl")?, text(r, "idx")?))
                .or_insert_with(|| (Index::default_unique(false), false));
            entry.0.unique = r.try_get::<bool, _>("is_unique")?;
            entry.1 = r.try_get::<bool, _>("from_constraint")?;
            entry.0.columns.push(text(r, "col")?);
        }
        for ((tbl, name), (index, from_constraint)) in found {
            if let Some(t) = schema.tables.get_mut(&tbl) {
                t.indexes
                    .insert(index_name(name, from_constraint, &index), index);
            }
        }
        Ok(schema)
    }
}

impl Index {
    fn default_unique(unique: bool) -> Index {
        Index {
            columns: Vec::new(),
            unique,
        }
    }
}
