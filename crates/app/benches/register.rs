//! Registering through the API at the store's durability (issue 14, item 9):
//! a server on a loopback port, N clients each posting registrations with a
//! bearer token as fast as the answers come, for 1, 4 and 16 clients; then,
//! as the physical limit, the same rows inserted directly on the engine
//! (raw SQL, one transaction a registration, the same durability, no
//! application and no audit-chain lock).
//!
//! ```sh
//! cargo bench --profile dev -p xinfang --bench register                      # SQLite in a temp dir
//! XINFANG_BENCH_PG=postgres://xinfang:xinfang@127.0.0.1:55432/postgres \
//!   cargo bench --profile dev -p xinfang --bench register                    # a fresh PostgreSQL database
//! ```
//!
//! `XINFANG_BENCH_SECONDS` is each run's length (10), `XINFANG_BENCH_CLIENTS`
//! the client counts (`1,4,16`). A warm-up of 2 s (4 clients, not
//! reported) comes first, and the database is analysed before each run. At
//! the end the audit chain is verified: the speed must not come from a
//! broken chain.
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sqlx::Connection;
use xinfang::config::Config;
use xinfang::services::admin::users::{UserInput, create_user};
use xinfang::state::AppState;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn registration(township: i64, who: &str) -> serde_json::Value {
    serde_json::json!({
        "kind": "初信初访",
        "channel": "来信",
        "source_level": "本级受理",
        "received_at": "2026-10-08 09:00",
        "township_id": township,
        "summary": format!("反映危房改造补助资金未到位（{who}）"),
        "category": "危房改造",
        "petitioner_name": format!("王保全{who}"),
        "petitioner_id_number": "",
        "petitioner_phone": "13812345678",
        "poverty_status": "脱贫户",
    })
}

fn report(what: &str, n: usize, took: Duration, mut each: Vec<Duration>) {
    each.sort();
    println!(
        "{what:<44} {n:>6} cases  {:>7.0} cases/s  p50 {:>6.2} ms  p99 {:>6.2} ms",
        n as f64 / took.as_secs_f64(),
        percentile(&each, 0.5),
        percentile(&each, 0.99),
    );
}

/// `clients` tasks run for `seconds`, each made by `client(c, stop)`: a
/// loop timing each registration until `stop` is set. Returns every
/// registration's time and the length of the run.
async fn run_clients<F, Fut>(clients: usize, seconds: u64, client: F) -> (Vec<Duration>, Duration)
where
    F: Fn(usize, Arc<AtomicBool>) -> Fut,
    Fut: std::future::Future<Output = Vec<Duration>> + Send + 'static,
{
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|c| tokio::spawn(client(c, stop.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    (all, started.elapsed())
}

/// `clients` clients posting registrations for `seconds`, the figures
/// printed when `shown`.
async fn through_api(
    state: &AppState,
    url: &str,
    token: &str,
    township: i64,
    clients: usize,
    seconds: u64,
    shown: bool,
) {
    let (batches0, jobs0) = state.store.registration_groups();
    // Each run's petitioners its own: a name seen before is a repeat (409).
    let label = if shown { "" } else { "warm" };
    let (all, took) = run_clients(clients, seconds, |c, stop| {
        let (url, token) = (url.to_string(), token.to_string());
        async move {
            let http = reqwest::Client::new();
            let mut each = Vec::new();
            let mut i = 0;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .json(&registration(
                        township,
                        &format!("{label}{clients}-{c}-{i}"),
                    ))
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                let body = r.text().await.unwrap();
                assert_eq!(status, 201, "{body}");
                each.push(t.elapsed());
                i += 1;
            }
            each
        }
    })
    .await;
    if !shown {
        return;
    }
    report(&format!("API, {clients} client(s)"), all.len(), took, all);
    let (batches, jobs) = state.store.registration_groups();
    println!(
        "    {} commits for {} registrations: {:.1} a commit",
        batches - batches0,
        jobs - jobs0,
        (jobs - jobs0) as f64 / (batches - batches0).max(1) as f64
    );
}

/// The same rows straight into the engine: counter, petitioner, case,
/// 登记 event, four milestones in one statement, an audit row; one
/// transaction each, no chain lock.
async fn raw(db: &str, township: i64, clients: usize, seconds: u64) {
    let (all, took) = run_clients(clients, seconds, |c, stop| {
        let db = db.to_string();
        async move {
            let mut conn = sqlx::AnyConnection::connect(&db).await.unwrap();
            if db.starts_with("sqlite:") {
                for p in [
                    "PRAGMA busy_timeout = 15000",
                    "PRAGMA foreign_keys = ON",
                    "PRAGMA synchronous = FULL",
                ] {
                    sqlx::query(p).execute(&mut conn).await.unwrap();
                }
            }
            let mut each = Vec::new();
            let mut i: i64 = 0;
            while !stop.load(Ordering::Relaxed) {
                let t = Instant::now();
                let seq = 1_000_000_000 + (clients as i64) * 10_000_000 + (c as i64) * 1_000_000 + i;
                let mut tx = conn.begin().await.unwrap();
                let begin = if db.starts_with("sqlite:") {
                    // A writer takes the file's lock at its first statement.
                    "UPDATE case_counters SET last_seq = last_seq WHERE year = 1900"
                } else {
                    "SELECT 1"
                };
                sqlx::query(begin).execute(&mut *tx).await.unwrap();
                sqlx::query("INSERT INTO case_counters (year, last_seq) VALUES (1901, 0) ON CONFLICT (year) DO NOTHING")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                sqlx::query("UPDATE case_counters SET last_seq = last_seq + 1 WHERE year = 1901 RETURNING last_seq")
                    .fetch_one(&mut *tx)
                    .await
                    .unwrap();
                let pid: i64 = sqlx::query_scalar(
                    "INSERT INTO petitioners (name, poverty_status, created_at, updated_at) VALUES ($1, 'lifted', 0, 0) RETURNING id",
                )
                .bind(format!("raw{seq}"))
                .fetch_one(&mut *tx)
                .await
                .unwrap();
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO cases (number, year, seq, kind, channel, source_level, received_at, township_id, summary,
                        category, status, petitioner_id, backlog, created_at, updated_at)
                     VALUES ($1, 1901, $2, 'first_petition', 'letter', 'own', 0, $3, '基准', 'housing', 'registered', $4, 0, 0, 0)
                     RETURNING id",
                )
                .bind(format!("RAW{seq}"))
                .bind(seq)
                .bind(township)
                .bind(pid)
                .fetch_one(&mut *tx)
                .await
                .unwrap();
                sqlx::query(
                    "INSERT INTO case_events (case_id, kind, actor_name, occurred_at, recorded_at, body)
                     VALUES ($1, 'registered', '基准', 0, 0, '{}')",
                )
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
                sqlx::query(
                    "INSERT INTO milestones (case_id, key, name, is_window, state, explanation, warnings, updated_at, notice_level)
                     VALUES ($1, 'a', 'a', 0, 'running', '', '[]', 0, 0), ($1, 'b', 'b', 0, 'running', '', '[]', 0, 0),
                            ($1, 'c', 'c', 0, 'running', '', '[]', 0, 0), ($1, 'd', 'd', 0, 'running', '', '[]', 0, 0)",
                )
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
                sqlx::query(
                    "INSERT INTO bench_audit (at, actor_name, action, entity, entity_id, after, prev_hash, hash)
                     VALUES (0, '基准', 'case.register', 'case', $1, '{}', '', '')",
                )
                .bind(id)
                .execute(&mut *tx)
                .await
                .unwrap();
                tx.commit().await.unwrap();
                each.push(t.elapsed());
                i += 1;
            }
            each
        }
    })
    .await;
    report(
        &format!("raw SQL, {clients} connection(s)"),
        all.len(),
        took,
        all,
    );
}

/// The tables' statistics brought up to date before a run, as autovacuum
/// does within a minute on a database in use. Without it, PostgreSQL plans
/// a fresh database's statements with default estimates: the generic
/// plans the connections kept for the repeat check took 6.7–7.2 ms a call
/// (0.07–0.08 ms once analysed), and a run's figure depended on whether
/// autovacuum's minute fell inside it (BENCHMARKS.md).
async fn analyse(c: &mut sqlx::AnyConnection) {
    sqlx::query("ANALYZE").execute(&mut *c).await.unwrap();
}

#[tokio::main]
async fn main() {
    let seconds: u64 = std::env::var("XINFANG_BENCH_SECONDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let clients: Vec<usize> = std::env::var("XINFANG_BENCH_CLIENTS")
        .unwrap_or_else(|_| "1,4,16".into())
        .split(',')
        .filter_map(|c| c.trim().parse().ok())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::from_env();
    config.data_dir = dir.path().to_path_buf();
    if let Ok(admin) = std::env::var("XINFANG_BENCH_PG")
        && !admin.is_empty()
    {
        let name = format!("xf_bench_register_{}", std::process::id());
        config.database_url = Some(
            xinfang_store::testing::fresh_postgres_database(&admin, &name)
                .await
                .unwrap(),
        );
    }
    let db = config.effective_database_url();
    let state = AppState::open(config).await.unwrap();
    xinfang::demo::seed_orgs(&state).await.unwrap();
    let orgs = state.store.list_orgs().await.unwrap();
    let district = orgs.iter().find(|o| o.code == "411003-B01").unwrap();
    let township = orgs.iter().find(|o| o.code == "411003105").unwrap().id;
    let user = UserInput {
        username: "quju".into(),
        display_name: "李明".into(),
        org_id: district.id.to_string(),
        roles: vec!["district_admin".into()],
        phone: "13800000000".into(),
        password: "Bench-Passw0rd!".into(),
    };
    create_user(&state, None, &user, state.now()).await.unwrap();
    let token = xinfang::services::admin::auth::create_api_token(&state, "quju", "bench")
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app_state = state.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, xinfang::web::router(app_state)).await;
    });
    let url = format!("http://{addr}/api/v1/cases");
    println!(
        "engine {:?}, {seconds} s a run, a new petitioner (no ID number) per case",
        state.store.engine()
    );
    // A warm-up, not reported: the database holds cases before the first
    // run, as one in use does.
    through_api(&state, &url, &token, township, 4, 2, false).await;
    let mut c = sqlx::AnyConnection::connect(&db).await.unwrap();
    for &n in &clients {
        analyse(&mut c).await;
        through_api(&state, &url, &token, township, n, seconds, true).await;
    }
    sqlx::query("CREATE TABLE bench_audit AS SELECT * FROM audit_log WHERE 1 = 0")
        .execute(&mut c)
        .await
        .unwrap();
    for &n in &clients {
        analyse(&mut c).await;
        raw(&db, township, n, seconds).await;
    }
    let report = state.store.verify_audit().await.unwrap();
    println!("audit chain: {report:?}");
}
