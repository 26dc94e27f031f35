//! The portable dump: one snapshot of every table that loads into an empty database of either engine, at the version it was taken, then migrates on.

use std::collections::BTreeMap;

use xinfang_store::{DumpRow, DumpSink, Store, latest_schema_version};

use crate::helpers::{at, audit_key, fresh_store, fresh_url, key};

/// A dump held in memory: table → rows, in the order they came.
#[derive(Default)]
struct Collected {
    tables: Vec<(String, Vec<DumpRow>)>,
}

impl DumpSink for Collected {
    fn begin_table(&mut self, table: &str) -> std::io::Result<()> {
        self.tables.push((table.to_string(), Vec::new()));
        Ok(())
    }

    fn row(&mut self, row: &DumpRow) -> std::io::Result<()> {
        self.tables.last_mut().unwrap().1.push(row.clone());
        Ok(())
    }
}

async fn dump(store: &Store) -> (Collected, xinfang_store::DumpSummary) {
    let mut c = Collected::default();
    let summary = store.dump(&mut c).await.unwrap();
    (c, summary)
}

fn counts(c: &Collected) -> BTreeMap<String, u64> {
    c.tables
        .iter()
        .map(|(t, rows)| (t.clone(), rows.len() as u64))
        .collect()
}

async fn load(url: &str, version: i64, c: &Collected) -> BTreeMap<String, u64> {
    let mut loader = Store::begin_load(url, version).await.unwrap();
    for (table, rows) in &c.tables {
        loader.rows(table, rows).await.unwrap();
    }
    loader.finish(&counts(c)).await.unwrap()
}

fn sqlite_url(dir: &tempfile::TempDir, name: &str) -> String {
    format!("sqlite://{}?mode=rwc", dir.path().join(name).display())
}

#[tokio::test]
async fn a_dump_loads_into_either_engine_and_dumps_the_same_again() {
    let ts = fresh_store().await;
    let first = ts.register(&ts.zhangpan, "2022-03-01 09:00").await;
    ts.register(&ts.lingjing, "2022-03-02 10:00").await;
    let (original, summary) = dump(&ts.store).await;
    assert_eq!(summary.schema_version, latest_schema_version());
    assert_eq!(counts(&original)["cases"], 2);
    assert_eq!(counts(&original)["audit_log"], summary.audit_head.rows);
    assert!(!summary.audit_head.hash.is_empty());
    // A table comes after the tables it refers to.
    let order: Vec<&str> = original.tables.iter().map(|(t, _)| t.as_str()).collect();
    let pos = |t: &str| order.iter().position(|x| *x == t).unwrap();
    assert!(
        pos("orgs") < pos("users") && pos("users") < pos("cases"),
        "{order:?}"
    );
    assert!(pos("cases") < pos("case_events"), "{order:?}");
    assert!(!order.contains(&"schema_migrations"));

    // Into SQLite always, and into the engine under test (PostgreSQL in CI).
    let dir = tempfile::tempdir().unwrap();
    let mut targets = vec![sqlite_url(&dir, "restored.db")];
    if std::env::var("XINFANG_TEST_PG").is_ok_and(|v| !v.trim().is_empty()) {
        targets.push(fresh_url(&dir).await);
    }
    for url in targets {
        let loaded = load(&url, summary.schema_version, &original).await;
        assert_eq!(loaded, counts(&original));
        let restored = Store::connect(&url, &key(), &audit_key()).await.unwrap();
        let (again, again_summary) = dump(&restored).await;
        assert_eq!(again.tables, original.tables, "{url}");
        assert_eq!(again_summary.audit_head, summary.audit_head);
        assert_eq!(restored.verify_audit().await.unwrap().first_broken, None);
        // Personal data opens with the key; ids continue after the loaded ones.
        let case = restored
            .case_by_number(&first.number.to_string(), &crate::helpers::all())
            .await
            .unwrap();
        assert_eq!(case.id, first.id);
        assert_eq!(case.petitioner, first.petitioner);
        let new = ts.new_case(&ts.zhangpan, "2022-03-03 09:00", "11010519491231002X");
        let next = restored
            .register_case(&new, "建安信访", &[], &ts.district, at("2022-03-03 09:00"))
            .await
            .unwrap();
        assert!(next.id > first.id + 1, "{} after {}", next.id, first.id);
        restored.close().await;
    }
}

#[tokio::test]
async fn a_database_with_tables_is_not_loaded_into() {
    let ts = fresh_store().await;
    let e = Store::begin_load(&ts.url, latest_schema_version())
        .await
        .unwrap_err();
    assert!(e.to_string().contains("不是空的"), "{e}");
    let dir = tempfile::tempdir().unwrap();
    let e = Store::begin_load(&sqlite_url(&dir, "n.db"), latest_schema_version() + 1)
        .await
        .unwrap_err();
    assert!(e.to_string().contains("比本程序"), "{e}");
}

#[tokio::test]
async fn an_older_dump_loads_at_its_version_then_migrates_on() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_url(&dir).await;
    let mut c = Collected::default();
    c.begin_table("settings").unwrap();
    let mut row = DumpRow::new();
    row.insert("key".into(), "district.name".into());
    row.insert("value".into(), "建安区".into());
    c.row(&row).unwrap();
    // Version 1 had no later tables: the load checks they are empty too.
    load(&url, 1, &c).await;
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    assert_eq!(
        store.setting("district.name").await.unwrap().as_deref(),
        Some("建安区")
    );
    let (_, summary) = dump(&store).await;
    assert_eq!(summary.schema_version, latest_schema_version());
}

#[tokio::test]
async fn counts_that_differ_from_the_manifest_commit_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_url(&dir).await;
    let mut loader = Store::begin_load(&url, latest_schema_version())
        .await
        .unwrap();
    let mut row = DumpRow::new();
    row.insert("key".into(), "x".into());
    row.insert("value".into(), "y".into());
    loader.rows("settings", &[row.clone()]).await.unwrap();
    let expected = BTreeMap::from([("settings".to_string(), 2)]);
    let e = loader.finish(&expected).await.unwrap_err();
    assert!(e.to_string().contains("settings"), "{e}");
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    assert_eq!(store.setting("x").await.unwrap(), None);

    // A column the schema does not have is refused, naming it.
    let dir = tempfile::tempdir().unwrap();
    let mut loader = Store::begin_load(&sqlite_url(&dir, "c.db"), latest_schema_version())
        .await
        .unwrap();
    row.insert("colour".into(), "red".into());
    let e = loader.rows("settings", &[row]).await.unwrap_err();
    assert!(e.to_string().contains("colour"), "{e}");
}
