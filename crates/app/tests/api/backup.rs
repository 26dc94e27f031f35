//! 备份与恢复: `xinfang backup` → `xinfang restore` with the real binary, on both engines; what a restore refuses; a backup taken under writers.

use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use crate::cli::xinfang;
use crate::helpers::{Api, TestApp, register, registration, spawn_app};
use crate::process::Target;

/// A change made to one entry of a backup (name, bytes → new bytes).
type Edit = dyn Fn(&str, Vec<u8>) -> Vec<u8>;

/// Read every entry of a zip: name → bytes.
fn entries(zip: &Path) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::fs::File::open(zip).unwrap()).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut bytes = Vec::new();
            f.read_to_end(&mut bytes).unwrap();
            (f.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Write `entries` as a new zip at `out`.
fn write_zip(out: &Path, entries: &[(String, Vec<u8>)]) {
    let mut z = zip::ZipWriter::new(std::fs::File::create(out).unwrap());
    for (name, bytes) in entries {
        z.start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap();
}

fn manifest(zip: &Path) -> serde_json::Value {
    let all = entries(zip);
    let (_, bytes) = all.iter().find(|(n, _)| n == "manifest.json").unwrap();
    serde_json::from_slice(bytes).unwrap()
}

fn table_rows(m: &serde_json::Value, table: &str) -> u64 {
    m["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == table)
        .unwrap()["rows"]
        .as_u64()
        .unwrap()
}

/// An empty target holding only the source's two keys, as an operator prepares one.
async fn empty_target_with_key(app: &TestApp, dir: &Path, postgres: bool) -> Target {
    let t = Target::empty(dir, postgres).await;
    std::fs::create_dir_all(&t.data_dir).unwrap();
    for key in ["data.key", "audit.key"] {
        std::fs::copy(app.state.config.data_dir.join(key), t.data_dir.join(key)).unwrap();
    }
    t
}

/// The file names in a directory, sorted.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn backup(app: &TestApp, out: &Path) {
    let (ok, stdout, err) = xinfang(app, &["backup", "--out", out.to_str().unwrap()]);
    assert!(ok, "backup: {stdout}{err}");
}

fn files_under(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for shard in std::fs::read_dir(root).unwrap() {
        let shard = shard.unwrap().path();
        for f in std::fs::read_dir(&shard).unwrap() {
            let f = f.unwrap().path();
            out.push((
                f.strip_prefix(root).unwrap().to_path_buf(),
                std::fs::read(&f).unwrap(),
            ));
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn backup_then_restore_gives_the_same_cases_on_either_engine() {
    let app = spawn_app().await;
    let first = register(
        &app,
        registration(&app, "11010519491231002X", "危房改造").await,
    )
    .await;
    let mut other = registration(&app, "", "医疗保障").await;
    other["petitioner_name"] = serde_json::json!("李秀英");
    let second = register(&app, other).await;
    let mut third = registration(&app, "", "残疾人补贴").await;
    third["petitioner_name"] = serde_json::json!("赵大山");
    register(&app, third).await;
    let api = Api::new(&app, "quju").await;
    let id = first["id"].as_i64().unwrap();
    let (s, _) = api
        .upload(id, "签字确认.pdf", b"%PDF-1.4\n%%EOF\n".to_vec())
        .await;
    assert_eq!(s, 201);
    api.assign_to(
        second["id"].as_i64().unwrap(),
        "411003-D04",
        "2022-10-09 10:00",
    )
    .await;

    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("备份.zip");
    backup(&app, &zip);
    let audit_rows = app.state.store.verify_audit().await.unwrap().rows;

    // The manifest counts what was registered; the archive holds no key.
    let m = manifest(&zip);
    assert_eq!(m["format"], "xinfang-backup");
    assert_eq!(table_rows(&m, "cases"), 3);
    assert_eq!(m["attachments"]["count"], 1);
    assert_eq!(m["audit"]["rows"].as_i64().unwrap(), audit_rows);
    for key_file in ["data.key", "audit.key"] {
        let key = std::fs::read_to_string(app.state.config.data_dir.join(key_file)).unwrap();
        let key = key.trim();
        for (name, bytes) in entries(&zip) {
            assert!(!name.ends_with(".key"), "{name} in the backup");
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(key), "{key_file} is in {name}");
        }
    }

    let numbers: Vec<String> = {
        let (ok, out, err) = xinfang(&app, &["case", "list", "--json"]);
        assert!(ok, "{err}");
        let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["number"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(numbers.len(), 3);
    for postgres in [false, true] {
        if postgres && std::env::var("XINFANG_TEST_PG").map_or(true, |v| v.trim().is_empty()) {
            continue;
        }
        let target =
            empty_target_with_key(&app, &dir.path().join(format!("to-{postgres}")), postgres).await;
        let (ok, out, err) = target.cli(&["restore", zip.to_str().unwrap()]);
        assert!(ok, "restore (postgres: {postgres}): {out}{err}");
        assert!(out.contains("cases：3 行"), "{out}");
        assert!(out.contains("哈希链校验通过"), "{out}");
        // Every case the same, personal data read with the key.
        for n in &numbers {
            let (_, before, _) = xinfang(&app, &["case", "show", n, "--json"]);
            let (ok, after, err) = target.cli(&["case", "show", n, "--json"]);
            assert!(ok, "{err}");
            assert_eq!(after, before, "case {n} restored as it was");
        }
        let shown: String = numbers
            .iter()
            .map(|n| target.cli(&["case", "show", n]).1)
            .collect();
        for name in ["信访人：王保全", "信访人：李秀英", "信访人：赵大山"] {
            assert!(shown.contains(name), "{shown}");
        }
        let (ok, out, err) = target.cli(&["verify-audit"]);
        assert!(ok && out.contains("哈希链校验通过"), "{out}{err}");
        assert_eq!(
            files_under(&target.data_dir.join("attachments")),
            files_under(&app.state.config.attachments_dir()),
            "attachment files restored byte for byte"
        );
    }
}

#[tokio::test]
async fn restore_refuses_a_used_target_a_missing_key_and_a_tampered_backup() {
    let app = spawn_app().await;
    let case = register(&app, registration(&app, "", "危房改造").await).await;
    let api = Api::new(&app, "quju").await;
    let (s, _) = api
        .upload(
            case["id"].as_i64().unwrap(),
            "签字确认.pdf",
            b"%PDF-1.4\n%%EOF\n".to_vec(),
        )
        .await;
    assert_eq!(s, 201);
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("b.zip");
    backup(&app, &zip);
    let zip_arg = zip.to_str().unwrap();

    // A target that already holds a database.
    let used = empty_target_with_key(&app, &dir.path().join("used"), false).await;
    std::fs::write(used.data_dir.join("xinfang.db"), b"not empty").unwrap();
    let (ok, _, err) = used.cli(&["restore", zip_arg]);
    assert!(!ok);
    assert!(
        err.contains("不是空的") && err.contains("xinfang.db"),
        "{err}"
    );
    // On PostgreSQL: a database with tables (the running app's own).
    if app.state.config.database_url.is_some() {
        let mut pg = empty_target_with_key(&app, &dir.path().join("pg-used"), false).await;
        pg.database_url = app.state.config.database_url.clone();
        let (ok, _, err) = pg.cli(&["restore", zip_arg]);
        assert!(!ok);
        assert!(err.contains("不是空的"), "{err}");
    }

    // No key: a restore never makes one.
    let keyless = Target::empty(&dir.path().join("keyless"), false).await;
    let (ok, _, err) = keyless.cli(&["restore", zip_arg]);
    assert!(!ok);
    assert!(err.contains("缺少数据密钥"), "{err}");
    assert!(!keyless.data_dir.join("data.key").exists());

    // Tampered backups, each refused before anything is written.
    let original = entries(&zip);
    let edits: Vec<(&str, Box<Edit>)> = vec![
        (
            "a manifest that counts one case more",
            Box::new(|name, bytes| {
                if name != "manifest.json" {
                    return bytes;
                }
                let mut m: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
                for t in m["tables"].as_array_mut().unwrap() {
                    if t["name"] == "cases" {
                        t["rows"] = serde_json::json!(2);
                    }
                }
                serde_json::to_vec(&m).unwrap()
            }),
        ),
        (
            "an altered attachment",
            Box::new(|name, mut bytes| {
                if name.starts_with("attachments/") {
                    let last = bytes.len() - 1;
                    bytes[last] ^= 1;
                }
                bytes
            }),
        ),
        (
            "an edited case row",
            Box::new(|name, bytes| {
                if name != "db/cases.jsonl" {
                    return bytes;
                }
                String::from_utf8(bytes)
                    .unwrap()
                    .replace("危房改造", "医疗保障")
                    .into_bytes()
            }),
        ),
    ];
    for (what, edit) in edits {
        let tampered = dir.path().join("tampered.zip");
        let changed: Vec<(String, Vec<u8>)> = original
            .iter()
            .map(|(n, b)| (n.clone(), edit(n, b.clone())))
            .collect();
        assert_ne!(changed, original, "{what}: the edit changed something");
        write_zip(&tampered, &changed);
        let t = empty_target_with_key(&app, &dir.path().join("t").join(what), false).await;
        let (ok, _, err) = t.cli(&["restore", tampered.to_str().unwrap()]);
        assert!(!ok, "{what} restored");
        assert!(err.contains("备份被改动"), "{what}: {err}");
        assert_eq!(
            names_in(&t.data_dir),
            ["audit.key", "data.key"],
            "{what}: nothing written"
        );
    }
    // A manifest from a newer xinfang: refused, naming why.
    for (field, value) in [("schema_version", 999), ("format_version", 2)] {
        let newer: Vec<(String, Vec<u8>)> = original
            .iter()
            .map(|(n, b)| {
                if n != "manifest.json" {
                    return (n.clone(), b.clone());
                }
                let mut m: serde_json::Value = serde_json::from_slice(b).unwrap();
                m[field] = serde_json::json!(value);
                (n.clone(), serde_json::to_vec(&m).unwrap())
            })
            .collect();
        let path = dir.path().join(format!("{field}.zip"));
        write_zip(&path, &newer);
        let t = empty_target_with_key(&app, &dir.path().join(field), false).await;
        let (ok, _, err) = t.cli(&["restore", path.to_str().unwrap()]);
        assert!(!ok);
        assert!(err.contains("请用更新的 xinfang 恢复"), "{field}: {err}");
    }

    // Another data key, or another audit key, than the backup's: refused,
    // and nothing left behind.
    for (wrong, message) in [
        ("data.key", "数据密钥与数据库不匹配"),
        ("audit.key", "审计密钥与数据库不匹配"),
    ] {
        let other_key =
            empty_target_with_key(&app, &dir.path().join(format!("other-{wrong}")), false).await;
        std::fs::write(other_key.data_dir.join(wrong), "17".repeat(32)).unwrap();
        let (ok, _, err) = other_key.cli(&["restore", zip_arg]);
        assert!(!ok, "restored with another {wrong}");
        assert!(err.contains(message), "{wrong}: {err}");
        assert_eq!(names_in(&other_key.data_dir), ["audit.key", "data.key"]);
    }
    // The data key alone is not enough: the chain cannot be verified.
    let no_audit_key = empty_target_with_key(&app, &dir.path().join("no-audit-key"), false).await;
    std::fs::remove_file(no_audit_key.data_dir.join("audit.key")).unwrap();
    let (ok, _, err) = no_audit_key.cli(&["restore", zip_arg]);
    assert!(!ok);
    assert!(err.contains("缺少审计密钥"), "{err}");
    assert_eq!(names_in(&no_audit_key.data_dir), ["data.key"]);

    // `backup` of a data directory without a database makes none.
    let nothing = Target::empty(&dir.path().join("nothing"), false).await;
    let (ok, _, err) = nothing.cli(&[
        "backup",
        "--out",
        dir.path().join("n.zip").to_str().unwrap(),
    ]);
    assert!(!ok);
    assert!(err.contains("没有可备份的数据库"), "{err}");
    assert!(!nothing.data_dir.exists());

    // A key slipped into a backup is refused too.
    let mut with_key = original.clone();
    with_key.push(("data.key".into(), b"00".to_vec()));
    let tampered = dir.path().join("with-key.zip");
    write_zip(&tampered, &with_key);
    let t = empty_target_with_key(&app, &dir.path().join("with-key"), false).await;
    let (ok, _, err) = t.cli(&["restore", tampered.to_str().unwrap()]);
    assert!(!ok);
    assert!(err.contains("密钥"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_eight_writers_write_is_consistent() {
    let app = spawn_app().await;
    let token = app.token("quju").await;
    let body = registration(&app, "", "医疗保障").await;
    // Each writer writes until the backup is done, and one case more: the
    // backup is then sure to have been taken while they wrote, however
    // quickly or slowly the backup's process starts.
    let backed_up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..8 {
        let url = app.url("/api/v1/cases");
        let token = token.clone();
        let mut body = body.clone();
        let backed_up = backed_up.clone();
        writers.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            for i in 0..500 {
                let last = backed_up.load(std::sync::atomic::Ordering::SeqCst);
                body["petitioner_name"] = serde_json::json!(format!("信访人{w}-{i}"));
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status(), 201);
                if last {
                    break;
                }
            }
        }));
    }
    // Wait for the first cases, then back up while more are written.
    while app.state.store.verify_audit().await.unwrap().rows < 40 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let zip = dir.path().join("b.zip");
    let writing = {
        let zip = zip.clone();
        let data_dir = app.state.config.data_dir.clone();
        let url = app.state.config.database_url.clone();
        tokio::task::spawn_blocking(move || {
            let t = Target {
                data_dir,
                database_url: url,
            };
            t.cli(&["backup", "--out", zip.to_str().unwrap()])
        })
    };
    let (ok, out, err) = writing.await.unwrap();
    backed_up.store(true, std::sync::atomic::Ordering::SeqCst);
    assert!(ok, "{out}{err}");
    for w in writers {
        w.await.unwrap();
    }
    let written = app.state.store.count_cases().await.unwrap();

    // One moment: every case in the dump has its 登记 audit row and no audit
    // row names a case that is not in it.
    let all = entries(&zip);
    let rows = |name: &str| -> Vec<serde_json::Value> {
        let (_, bytes) = all.iter().find(|(n, _)| n == name).unwrap();
        bytes
            .split(|b| *b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|l| serde_json::from_slice(l).unwrap())
            .collect()
    };
    let cases: BTreeSet<i64> = rows("db/cases.jsonl")
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    let registered: BTreeSet<i64> = rows("db/audit_log.jsonl")
        .iter()
        .filter(|a| a["action"] == "case.register")
        .map(|a| a["entity_id"].as_i64().unwrap())
        .collect();
    assert_eq!(cases, registered);
    let m = manifest(&zip);
    assert_eq!(table_rows(&m, "cases") as usize, cases.len());
    assert!(
        (cases.len() as i64) < written,
        "taken while writing: {} of {written}",
        cases.len()
    );

    // It restores, the counts match the manifest, and the chain verifies.
    let target = empty_target_with_key(&app, &dir.path().join("to"), false).await;
    let (ok, out, err) = target.cli(&["restore", zip.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    assert_eq!(crate::process::case_numbers(&target).len(), cases.len());
}

#[tokio::test]
async fn scheduled_backups_keep_the_newest() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::empty(&dir.path().join("data"), true).await;
    target.prepare().await;
    let backups = dir.path().join("backups");
    std::fs::create_dir_all(&backups).unwrap();
    // Not a scheduled backup: never removed.
    std::fs::write(backups.join("手工备份.zip"), b"kept").unwrap();
    let server = target.serve(&[
        "--backup-dir",
        backups.to_str().unwrap(),
        "--backup-every",
        "1s",
        "--backup-keep",
        "2",
    ]);
    let started = std::time::Instant::now();
    while server.log().matches("定期备份完成").count() < 3 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            server.log()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(server.stop());
    let mut names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert_eq!(names[2], "手工备份.zip");
    for n in &names[..2] {
        assert!(
            n.starts_with("xinfang-backup-") && n.ends_with(".zip"),
            "{n}"
        );
        assert_eq!(manifest(&backups.join(n))["format"], "xinfang-backup");
    }
}

#[tokio::test]
async fn a_failed_scheduled_backup_reaches_the_administrators_inbox() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::empty(&dir.path().join("data"), true).await;
    target.prepare().await;
    // A file where the backup directory should be: every backup fails.
    let blocked = dir.path().join("not-a-directory");
    std::fs::write(&blocked, b"file").unwrap();
    let server = target.serve(&["--backup-dir", blocked.to_str().unwrap()]);
    let started = std::time::Instant::now();
    while !server.log().contains("定期备份失败") {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "{}",
            server.log()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(server.stop());
    let state = xinfang::state::AppState::open(target.config())
        .await
        .unwrap();
    let inbox_of = |name: &'static str| {
        let state = state.clone();
        async move {
            let id = state
                .store
                .user_by_username(name)
                .await
                .unwrap()
                .unwrap()
                .id;
            state.store.inbox(id, 10).await.unwrap()
        }
    };
    let admin = inbox_of("admin").await;
    assert_eq!(admin.len(), 1, "{admin:?}");
    assert_eq!(admin[0].title, "定期备份失败");
    assert!(
        admin[0].body.contains("not-a-directory"),
        "{}",
        admin[0].body
    );
    assert!(
        inbox_of("quju").await.is_empty(),
        "only the administrators are told"
    );
}
