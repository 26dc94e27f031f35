//! Durability with the real binary: SIGKILL under eight writers loses no acknowledged case; a clean stop leaves `xinfang.db` whole.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::process::{Server, Target, case_numbers, registration};

/// Eight writers registering up to `each` cases apiece through the API of
/// `server`; returns the numbers of the cases acknowledged (201) and a
/// counter of acknowledgements so far. A writer stops at its first failure
/// (the server has gone).
fn eight_writers(
    server: &Server,
    token: &str,
    township: i64,
    each: usize,
) -> (Vec<tokio::task::JoinHandle<Vec<String>>>, Arc<AtomicUsize>) {
    let acked = Arc::new(AtomicUsize::new(0));
    let mut writers = Vec::new();
    for w in 0..8 {
        let url = server.url("/api/v1/cases");
        let token = token.to_string();
        let acked = acked.clone();
        writers.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let mut numbers = Vec::new();
            for i in 0..each {
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&registration(township, &format!("{w}-{i}")))
                    .send()
                    .await;
                let Ok(r) = r else { break };
                if r.status() != 201 {
                    break;
                }
                let Ok(j) = r.json::<serde_json::Value>().await else {
                    break;
                };
                numbers.push(j["number"].as_str().unwrap().to_string());
                acked.fetch_add(1, Ordering::SeqCst);
            }
            numbers
        }));
    }
    (writers, acked)
}

async fn acknowledged(writers: Vec<tokio::task::JoinHandle<Vec<String>>>) -> BTreeSet<String> {
    let mut all = BTreeSet::new();
    for w in writers {
        all.extend(w.await.unwrap());
    }
    all
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigkill_under_eight_writers_loses_no_acknowledged_case() {
    let dir = tempfile::tempdir().unwrap();
    let target = Target::empty(&dir.path().join("data"), true).await;
    let (token, township) = target.prepare().await;
    let server = target.serve(&[]);
    let (writers, acked) = eight_writers(&server, &token, township, 40);
    // Kill it mid-stream: after sixty acknowledgements, with 320 asked for.
    let started = Instant::now();
    while acked.load(Ordering::SeqCst) < 60 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "writers stalled"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill();
    let acked = acknowledged(writers).await;
    assert!(acked.len() >= 60 && acked.len() < 320, "{}", acked.len());

    // Restarted, it has every acknowledged case, and the chain holds.
    let server = target.serve(&[]);
    let mut found = BTreeSet::new();
    loop {
        let path = format!("/api/v1/cases?limit=500&offset={}", found.len());
        let page = server.get_json(&token, &path).await;
        let items = page["items"].as_array().unwrap();
        if items.is_empty() {
            break;
        }
        found.extend(
            items
                .iter()
                .map(|c| c["number"].as_str().unwrap().to_string()),
        );
    }
    let lost: Vec<&String> = acked.difference(&found).collect();
    assert!(lost.is_empty(), "acknowledged but lost: {lost:?}");
    let (ok, out, err) = target.cli(&["verify-audit"]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("哈希链校验通过"), "{out}");
    assert!(server.stop(), "clean stop after the restart");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_clean_stop_leaves_every_case_in_the_database_file_alone() {
    // SQLite only: the file and its write-ahead log are SQLite's.
    let dir = tempfile::tempdir().unwrap();
    let target = Target::empty(&dir.path().join("data"), false).await;
    let (token, township) = target.prepare().await;
    let server = target.serve(&[]);
    let (writers, _) = eight_writers(&server, &token, township, 3);
    let acked = acknowledged(writers).await;
    assert_eq!(acked.len(), 24);
    assert!(server.stop(), "serve exits cleanly on SIGTERM");

    // A copy of xinfang.db alone (no -wal beside it), with the key.
    let copy = Target::empty(&dir.path().join("copy"), false).await;
    std::fs::create_dir_all(&copy.data_dir).unwrap();
    std::fs::copy(
        target.data_dir.join("xinfang.db"),
        copy.data_dir.join("xinfang.db"),
    )
    .unwrap();
    for key in ["data.key", "audit.key"] {
        std::fs::copy(target.data_dir.join(key), copy.data_dir.join(key)).unwrap();
    }
    let wal = target.data_dir.join("xinfang.db-wal");
    assert!(
        !wal.exists() || std::fs::metadata(&wal).unwrap().len() == 0,
        "the log was checkpointed"
    );
    let numbers = case_numbers(&copy);
    let missing: Vec<&String> = acked.difference(&numbers).collect();
    assert!(missing.is_empty(), "only in the -wal: {missing:?}");
}
