//! The two engines' hand-written migrations give the same schema: tables,
//! columns (type family and nullability), primary keys and indexes.

use std::collections::BTreeMap;

use xinfang_store::{Column, Index, Schema, Store, Table, TypeFamily};

use crate::helpers::{audit_key, key};

async fn sqlite_schema() -> Schema {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("s.db").display());
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    let schema = store.schema().await.unwrap();
    store.close().await;
    schema
}

async fn postgres_schema() -> Option<Schema> {
    let admin = std::env::var("XINFANG_TEST_PG").ok()?;
    if admin.trim().is_empty() {
        return None;
    }
    let url = xinfang_store::testing::fresh_test_database(&admin, "schema")
        .await
        .unwrap();
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    let schema = store.schema().await.unwrap();
    store.close().await;
    Some(schema)
}

#[tokio::test]
async fn sqlite_and_postgresql_migrations_give_the_same_schema() {
    let sqlite = sqlite_schema().await;
    // The SQLite side always: the schema reads back with what the store relies on.
    let cases = &sqlite.tables["cases"];
    assert_eq!(cases.primary_key, vec!["id"]);
    assert_eq!(
        cases.columns["received_at"],
        Column {
            family: TypeFamily::Integer,
            not_null: true
        }
    );
    assert_eq!(
        sqlite.tables["petitioners"].indexes["petitioners_id_index"],
        Index {
            columns: vec!["id_index".into()],
            unique: true
        }
    );
    assert!(sqlite.tables.contains_key("schema_migrations"));
    for (name, table) in &sqlite.tables {
        assert!(
            !table.primary_key.is_empty(),
            "table {name} has no primary key"
        );
    }
    let Some(postgres) = postgres_schema().await else {
        eprintln!("XINFANG_TEST_PG not set: the PostgreSQL side is compared in CI");
        return;
    };
    let diff = sqlite.diff("SQLite", &postgres, "PostgreSQL");
    assert!(
        diff.is_empty(),
        "migrations/sqlite and migrations/postgres disagree:\n  {}",
        diff.join("\n  ")
    );
}

fn table(cols: &[(&str, TypeFamily, bool)], pk: &[&str], idx: &[(&str, &[&str], bool)]) -> Table {
    Table {
        columns: cols
            .iter()
            .map(|(n, f, nn)| {
                (
                    n.to_string(),
                    Column {
                        family: f.clone(),
                        not_null: *nn,
                    },
                )
            })
            .collect(),
        primary_key: pk.iter().map(|s| s.to_string()).collect(),
        indexes: idx
            .iter()
            .map(|(n, c, u)| {
                (
                    n.to_string(),
                    Index {
                        columns: c.iter().map(|s| s.to_string()).collect(),
                        unique: *u,
                    },
                )
            })
            .collect(),
    }
}

#[test]
fn a_disagreement_is_reported_line_by_line() {
    use TypeFamily::{Integer, Text};
    let left = Schema {
        tables: BTreeMap::from([
            (
                "cases".to_string(),
                table(
                    &[
                        ("id", Integer, true),
                        ("summary", Text, true),
                        ("note", Text, false),
                    ],
                    &["id"],
                    &[("cases_summary", &["summary"], false)],
                ),
            ),
            (
                "gone".to_string(),
                table(&[("id", Integer, true)], &["id"], &[]),
            ),
        ]),
    };
    let right = Schema {
        tables: BTreeMap::from([(
            "cases".to_string(),
            table(
                &[
                    ("id", Integer, true),
                    ("summary", Text, false),
                    ("extra", Integer, false),
                ],
                &["id"],
                &[("cases_summary", &["summary", "id"], true)],
            ),
        )]),
    };
    assert_eq!(
        left.diff("SQLite", &right, "PostgreSQL"),
        vec![
            "column cases.extra (integer nullable): only in PostgreSQL",
            "column cases.note (text nullable): only in SQLite",
            "column cases.summary: SQLite has text not null, PostgreSQL has text nullable",
            "index cases_summary on cases: SQLite has (summary), PostgreSQL has unique (summary, id)",
            "table gone: only in SQLite",
        ]
    );
    assert!(left.diff("a", &left, "b").is_empty());
}

/// Where SQLite keeps the indexes' statistics (a database `generate` filled
/// and analysed), an index without them — as a migration adds — has them
/// read when the store opens; a database that never kept statistics (a
/// district's own) is left without.
#[tokio::test]
async fn sqlite_reads_the_statistics_of_new_indexes_only_where_it_keeps_them() {
    let t = crate::helpers::fresh_store().await;
    if !t.url.starts_with("sqlite") {
        return;
    }
    let case = t.register(&t.zhangpan, "2022-09-26 09:00").await;
    crate::milestones::assign(&t, &case, t.housing.id, Vec::new(), "2022-09-26 10:00").await;
    let kept = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'";
    let of_new = "SELECT COUNT(*) FROM sqlite_stat1
        WHERE idx IN ('case_units_filters', 'cases_township_status')";
    let reopen = || async {
        Store::connect(&t.url, &key(), &audit_key())
            .await
            .unwrap()
            .close()
            .await
    };
    reopen().await;
    assert_eq!(t.count(kept).await, 0, "never analysed: left so");

    let raw = t.raw().await;
    for sql in [
        "ANALYZE",
        "DELETE FROM sqlite_stat1 WHERE idx IN ('case_units_filters', 'cases_township_status')",
    ] {
        sqlx::query(sql).execute(&raw).await.unwrap();
    }
    raw.close().await;
    assert_eq!(t.count(of_new).await, 0);
    reopen().await;
    assert_eq!(t.count(of_new).await, 2, "the new indexes' statistics read");
}
