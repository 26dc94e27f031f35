//! The 督办 sweeper at a city's size: many running milestones written
//! straight into the tables, then a pass a minute through the service
//! (`run_once`, as `serve` runs it) and the recompute after a rule change
//! (`recompute_all`, as `rules use` runs it).
//!
//! ```sh
//! XINFANG_BENCH_MILESTONES=1000000 cargo bench -p xinfang --bench sweeper
//! XINFANG_BENCH_PG=postgres://…/postgres XINFANG_BENCH_MILESTONES=1000000 cargo bench -p xinfang --bench sweeper
//! ```
//!
//! Four milestones a case, no events. Their due times are spread evenly from
//! 30 days before the bench's clock to 90 days after, each in the state and
//! with the notices it would have by then (long overdue ones with every
//! notice raised), so each minute brings a handful of real transitions.
//! `XINFANG_BENCH_PASSES` sets the passes a minute apart (200);
//! `XINFANG_BENCH_RECOMPUTE=0` skips the recompute. The database is made in
//! a temp dir (or a fresh PostgreSQL database) and deleted after.
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use sqlx::Connection;
use xinfang::config::Config;
use xinfang::services::admin::reference::{load_calendar_year, recompute_all};
use xinfang::services::deadlines::sweep_deadlines::run_once;
use xinfang::state::AppState;
use xinfang_store::Engine;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

const DAY: i64 = 86_400_000;

#[tokio::main]
async fn main() {
    let env = |k: &str, d: i64| {
        std::env::var(k)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(d)
    };
    let n = env("XINFANG_BENCH_MILESTONES", 100_000);
    let passes = env("XINFANG_BENCH_PASSES", 200);
    let cases = n / 4;
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::from_env();
    config.data_dir = dir.path().to_path_buf();
    let pg = match std::env::var("XINFANG_BENCH_PG") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("xf_bench_sweep_{}", std::process::id());
            Some(
                xinfang_store::testing::fresh_postgres_database(&admin, &name)
                    .await
                    .unwrap(),
            )
        }
        _ => None,
    };
    config.database_url = pg.clone();
    let url = config.effective_database_url();
    let state = AppState::open(config).await.unwrap();
    let engine = state.store.engine();
    println!("engine: {engine:?}, milestones: {n} ({cases} cases)");
    // The bench's clock: 2026-06-01 09:00 Beijing.
    let now0: i64 = 1_780_275_600_000;
    state
        .store
        .create_district(
            &xinfang_domain::district::District::jianan(),
            Timestamp::from_millisecond(now0).unwrap(),
        )
        .await
        .unwrap();
    let township: i64 = state
        .store
        .list_orgs()
        .await
        .unwrap()
        .iter()
        .find(|o| o.kind == xinfang_domain::org::OrgKind::Township)
        .unwrap()
        .id;

    let (series, from_series) = match engine {
        Engine::Sqlite => (
            format!(
                "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {cases}) SELECT"
            ),
            "FROM s".to_string(),
        ),
        Engine::Postgres => (
            "SELECT".to_string(),
            format!("FROM generate_series(CAST(1 AS BIGINT), {cases}) AS s(i)"),
        ),
    };
    let d3 = 3 * DAY;
    let d30 = 30 * DAY;
    let d40 = 40 * DAY;
    let d5 = 5 * DAY;
    let started = Instant::now();
    let mut c = sqlx::AnyConnection::connect(&url).await.unwrap();
    let run = |sql: String| sqlx::query(sqlx::AssertSqlSafe(sql));
    run(format!(
        "INSERT INTO cases (number, year, seq, kind, channel, source_level, received_at, township_id, summary,
            category, status, backlog, created_at, updated_at)
         {series} 'S' || i, 2026, i, 'first_petition', 'visit', 'own', {now0} - {d40}, {township}, '基准测试',
            'other', 'handling', 0, {now0} - {d40}, {now0} - {d40}
         {from_series}"
    ))
    .execute(&mut c)
    .await
    .unwrap();
    // Milestone k (0 … n-1) due at now0 - 30 d + k × 120 d / n; 临期 from 3
    // days before. Past due: overdue, 催办 raised (通报 at the earliest 5 days
    // after due), or every notice raised 5 days after; not yet due: 临期 with
    // its reminder, or running with nothing raised.
    let span = 120 * DAY / n.max(1);
    run(format!(
        "INSERT INTO milestones (case_id, key, name, is_window, started_at, due_at, warn_from, completed_at,
            state, notice_level, next_transition_at, explanation, warnings, updated_at)
         SELECT id, key, '基准节点', 0, {now0} - {d40}, due, due - {d3}, NULL,
            CASE WHEN due < {now0} THEN 'overdue' WHEN due - {d3} <= {now0} THEN 'due_soon' ELSE 'open' END,
            CASE WHEN due < {now0} - {d5} THEN 3 WHEN due < {now0} - {DAY} THEN 2 WHEN due < {now0} THEN 1
                 WHEN due - {d3} <= {now0} THEN 1 ELSE 0 END,
            CASE WHEN due < {now0} - {d5} THEN NULL WHEN due < {now0} - {DAY} THEN due + {d5}
                 WHEN due < {now0} THEN due + {DAY} WHEN due - {d3} <= {now0} THEN due + 1 ELSE due - {d3} END,
            '', '', {now0}
         FROM (SELECT c.id, 'm' || j.j AS key, {now0} - {d30} + ((c.id - 1) * 4 + j.j) * {span} AS due
               FROM cases c CROSS JOIN (SELECT 0 AS j UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) j) x"
    ))
    .execute(&mut c)
    .await
    .unwrap();
    run("ANALYZE".into()).execute(&mut c).await.unwrap();
    let open: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM milestones WHERE completed_at IS NULL")
            .fetch_one(&mut c)
            .await
            .unwrap();
    println!(
        "seeded {open} open milestones in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // What the sweeper read before issue 14: every open milestone the coarse
    // filter let through, each pass (raw SQL, for the ratio).
    let coarse = format!(
        "SELECT COUNT(*) FROM milestones m JOIN cases c ON c.id = m.case_id
         WHERE m.state IN ('open', 'due_soon', 'overdue')
           AND m.completed_at IS NULL AND m.started_at IS NOT NULL AND m.due_at IS NOT NULL
           AND (c.status <> 'closed' OR m.is_window = 1)
           AND (m.due_at < {now0} OR m.warn_from <= {now0})
           AND (m.state = 'open' OR (m.state = 'due_soon' AND m.due_at < {now0})
                OR (m.is_window = 0 AND (m.notice_level < 1 OR (m.notice_level < 2 AND m.due_at <= {now0} - {DAY})
                    OR (m.notice_level < 3 AND m.due_at <= {now0} - {d5}))))"
    );
    let t = Instant::now();
    let read: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(coarse))
        .fetch_one(&mut c)
        .await
        .unwrap();
    println!(
        "before: the coarse filter over every open milestone {:>8.2} ms  ({read} rows)",
        t.elapsed().as_secs_f64() * 1000.0
    );

    let mut took = Vec::new();
    let (mut checked, mut changed, mut notices) = (0, 0, 0);
    for p in 0..passes {
        let now = Timestamp::from_millisecond(now0 + p * 60_000).unwrap();
        let t = Instant::now();
        let r = run_once(&state, now).await.unwrap();
        took.push(t.elapsed());
        checked += r.milestones_checked;
        changed += r.states_changed;
        notices += r.reminders + r.urges + r.bulletins;
        assert_eq!(r.errors, 0, "{r:?}");
    }
    took.sort();
    println!(
        "a pass a minute ({passes} passes)                     p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms  ({checked} read, {changed} moved, {notices} notices in all)",
        percentile(&took, 0.5),
        percentile(&took, 0.99),
        took.last().unwrap().as_secs_f64() * 1000.0
    );
    // After a day down: the pass takes its batch (500) of what came due.
    let later = Timestamp::from_millisecond(now0 + DAY).unwrap();
    let t = Instant::now();
    let r = run_once(&state, later).await.unwrap();
    println!(
        "a pass after a day down                              {:>8.2} ms  ({} read, {} moved, {} notices)",
        t.elapsed().as_secs_f64() * 1000.0,
        r.milestones_checked,
        r.states_changed,
        r.reminders + r.urges + r.bulletins
    );

    if env("XINFANG_BENCH_RECOMPUTE", 1) != 0 {
        // 1. The rules' own milestones replace the bench's (every case
        //    rewritten whole: the worst case, as when a rule set with other
        //    milestones is put in force).
        let at = later.checked_add(SignedDuration::from_secs(60)).unwrap();
        let t = Instant::now();
        let r = recompute_all(&state, "基准测试", at).await.unwrap();
        println!(
            "recompute, every case's milestones replaced         {:>8.2} s   ({} cases, {} changed)",
            t.elapsed().as_secs_f64(),
            r.cases,
            r.changed
        );
        // 2. A calendar change: a week of days off in June moves every
        //    running clock that reaches past it.
        let mut year: serde_json::Value =
            serde_json::from_str(include_str!("../../../calendars/2026.json")).unwrap();
        year["days_off"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!(
                { "name": "基准停工周", "from": "2026-06-08", "to": "2026-06-12" }
            ));
        let t = Instant::now();
        let (_, r) = load_calendar_year(&state, None, &year.to_string(), at)
            .await
            .unwrap();
        println!(
            "recompute after a calendar change                  {:>8.2} s   ({} cases, {} changed)",
            t.elapsed().as_secs_f64(),
            r.cases,
            r.changed
        );
        // 3. Nothing changed: every case read and computed, nothing written.
        let t = Instant::now();
        let r = recompute_all(&state, "基准测试", at).await.unwrap();
        println!(
            "recompute with nothing changed                     {:>8.2} s   ({} cases, {} changed)",
            t.elapsed().as_secs_f64(),
            r.cases,
            r.changed
        );
    }
    drop(c);
    drop(state);
    if let (Some(_), Ok(admin)) = (pg, std::env::var("XINFANG_BENCH_PG")) {
        let name = format!("xf_bench_sweep_{}", std::process::id());
        let mut a = sqlx::AnyConnection::connect(&admin).await.unwrap();
        let _ = sqlx::query(sqlx::AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
        )))
        .execute(&mut a)
        .await;
    }
}
