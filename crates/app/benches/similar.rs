//! 相似案件 at a city's size: the five earlier cases most like a case (what
//! the case page shows) and like a typed matter (the API), through the
//! service calls, on cases spread over the database.
//!
//! ```sh
//! xinfang --data-dir /tmp/city demo --no-serve
//! xinfang --data-dir /tmp/city generate --cases 1000000
//! XINFANG_BENCH_DATA_DIR=/tmp/city cargo bench -p xinfang --bench similar
//! ```
//!
//! `XINFANG_BENCH_DATABASE_URL` selects a PostgreSQL database;
//! `XINFANG_BENCH_RUNS` the number of cases compared (100).
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use xinfang::config::Config;
use xinfang::services::cases::similar::{SimilarQuery, similar_to_case, similar_to_text};
use xinfang::state::AppState;
use xinfang_domain::access::CaseScope;

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

fn report(what: &str, mut took: Vec<Duration>, found: usize) {
    took.sort();
    println!(
        "{what:<40} p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms  ({found} similar found in all)",
        percentile(&took, 0.5),
        percentile(&took, 0.99),
        took.last().unwrap().as_secs_f64() * 1000.0,
    );
}

#[tokio::main]
async fn main() {
    let Ok(dir) = std::env::var("XINFANG_BENCH_DATA_DIR") else {
        println!(
            "set XINFANG_BENCH_DATA_DIR to a data directory filled by `xinfang generate` (see the doc)"
        );
        return;
    };
    let runs: i64 = std::env::var("XINFANG_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let mut config = Config::from_env();
    config.data_dir = dir.into();
    config.database_url = std::env::var("XINFANG_BENCH_DATABASE_URL").ok();
    let state = AppState::open(config).await.unwrap();
    let total = state.store.count_cases().await.unwrap();
    println!(
        "engine {:?}, {total} cases, {runs} cases compared",
        state.store.engine()
    );
    let actor = state
        .store
        .user_by_username("quju")
        .await
        .unwrap()
        .unwrap()
        .actor();
    let all = CaseScope::all();
    let (mut by_case, mut by_text) = (Vec::new(), Vec::new());
    let (mut found_case, mut found_text) = (0, 0);
    for i in 0..runs {
        // Ids spread over the table, skipping the ones that are gone.
        let id = 1 + i * (total / runs).max(1);
        let Ok(case) = state.store.case(id, &all).await else {
            continue;
        };
        let t = Instant::now();
        found_case += similar_to_case(&state, &actor, &case).await.unwrap().len();
        by_case.push(t.elapsed());
        let q = SimilarQuery {
            text: case.summary.clone(),
            township: case.township_id.to_string(),
            village: case.village_id.map(|v| v.to_string()).unwrap_or_default(),
            category: case.category.as_str().into(),
        };
        let t = Instant::now();
        found_text += similar_to_text(&state, &actor, &q).await.unwrap().len();
        by_text.push(t.elapsed());
    }
    report("similar to a case (the case page)", by_case, found_case);
    report("similar to a typed matter (the API)", by_text, found_text);
}
