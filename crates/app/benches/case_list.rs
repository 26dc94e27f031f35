//! The case list at a city's size, as the API asks it (the service call
//! behind `GET /api/v1/cases`, without HTTP): first pages, a deep page by
//! cursor and by offset, filters and the count, for the district, a
//! township and a department.
//!
//! ```sh
//! xinfang --data-dir /tmp/city demo --no-serve
//! xinfang --data-dir /tmp/city generate --cases 1000000
//! XINFANG_BENCH_DATA_DIR=/tmp/city cargo bench -p xinfang --bench case_list
//! ```
//!
//! `XINFANG_BENCH_DATABASE_URL` selects a PostgreSQL database (generated the
//! same way with `--database-url`); `XINFANG_BENCH_RUNS` the repetitions
//! (100); `XINFANG_BENCH_ONLY` the rows whose label contains it.
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use xinfang::config::Config;
use xinfang::services::cases::query::{COUNT_UP_TO, FilterInput, list_page, resolve_filter};
use xinfang::state::AppState;
use xinfang_domain::access::Actor;
use xinfang_store::{CaseSort, PageRequest};

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// Time `runs` reads of a page of the list in the order `sort`, and print
/// the percentiles.
async fn time(
    state: &AppState,
    what: &str,
    actor: &Actor,
    filter: FilterInput,
    req: PageRequest,
    runs: usize,
    sort: CaseSort,
) {
    if std::env::var("XINFANG_BENCH_ONLY").is_ok_and(|only| !what.contains(&only)) {
        return;
    }
    let filter = resolve_filter(state, &filter).await.unwrap();
    let mut took = Vec::with_capacity(runs);
    let mut page = None;
    for _ in 0..runs {
        let t = Instant::now();
        page = Some(list_page(state, actor, &filter, sort, &req).await.unwrap());
        took.push(t.elapsed());
    }
    took.sort();
    let (page, search) = page.unwrap();
    println!(
        "{what:<58} p50 {:>8.2} ms  p99 {:>8.2} ms  max {:>8.2} ms  ({} rows, total {}{}{}{})",
        percentile(&took, 0.5),
        percentile(&took, 0.99),
        took.last().unwrap().as_secs_f64() * 1000.0,
        page.items.len(),
        page.total,
        if page.total_exact { "" } else { "+" },
        page.total_estimate
            .map(|e| format!(", estimated {e}"))
            .unwrap_or_default(),
        if search.is_some_and(|s| s.as_written) {
            ", matched as written"
        } else {
            ""
        }
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
    let runs: usize = std::env::var("XINFANG_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let mut config = Config::from_env();
    config.data_dir = dir.into();
    config.database_url = std::env::var("XINFANG_BENCH_DATABASE_URL").ok();
    let state = AppState::open(config).await.unwrap();
    // The segmenter's first use in a process (opening its dictionary) is
    // not what a page costs.
    xinfang_domain::search::warm_up();
    println!(
        "engine {:?}, {} cases, {runs} runs each",
        state.store.engine(),
        state.store.count_cases().await.unwrap()
    );
    let actor = |name: &'static str| {
        let state = state.clone();
        async move {
            state
                .store
                .user_by_username(name)
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("no user {name}"))
                .actor()
        }
    };
    let district = actor("quju").await;
    let township = actor("jiangguanchi").await;
    let department = actor("yibao").await;
    let page = |offset| PageRequest {
        limit: Some(50),
        offset,
        after: None,
        count_up_to: Some(COUNT_UP_TO),
    };
    let exact = || PageRequest {
        count_up_to: None,
        ..page(0)
    };
    let none = FilterInput::default;
    // The cursor of the 10 000th row, as a client walking the list holds it.
    let filter = resolve_filter(&state, &none()).await.unwrap();
    let deep = list_page(
        &state,
        &district,
        &filter,
        CaseSort::ReceivedDesc,
        &page(9_950),
    )
    .await
    .unwrap()
    .0
    .next;
    let after = |cursor| PageRequest {
        after: cursor,
        ..page(0)
    };
    for (who, a) in [
        ("district", &district),
        ("township", &township),
        ("department", &department),
    ] {
        time(
            &state,
            &format!("{who}: first page"),
            a,
            none(),
            page(0),
            runs,
            CaseSort::ReceivedDesc,
        )
        .await;
        time(
            &state,
            &format!("{who}: first page, exact count"),
            a,
            none(),
            exact(),
            runs,
            CaseSort::ReceivedDesc,
        )
        .await;
        time(
            &state,
            &format!("{who}: offset 50 000"),
            a,
            none(),
            page(50_000),
            runs,
            CaseSort::ReceivedDesc,
        )
        .await;
        let status = FilterInput {
            status: "closed".into(),
            kind: "repeat".into(),
            ..none()
        };
        time(
            &state,
            &format!("{who}: closed 重复访"),
            a,
            status.clone(),
            page(0),
            runs,
            CaseSort::ReceivedDesc,
        )
        .await;
        // Exact counts with a filter: 已办结 重复访, 未办结, and one
        // township's 已办结 (a department's by its assignments' copy of
        // the township).
        let open = FilterInput {
            status: "open".into(),
            ..none()
        };
        let zhangpan = FilterInput {
            township: "411003105".into(),
            status: "closed".into(),
            ..none()
        };
        for (what, filter) in [
            ("closed 重复访", status),
            ("open", open),
            ("张潘镇 closed", zhangpan),
        ] {
            let label = format!("{who}: {what}, exact count");
            time(
                &state,
                &label,
                a,
                filter,
                exact(),
                runs,
                CaseSort::ReceivedDesc,
            )
            .await;
        }
    }
    time(
        &state,
        "district: after the 10 000th row (cursor)",
        &district,
        none(),
        after(deep),
        runs,
        CaseSort::ReceivedDesc,
    )
    .await;
    let one_township = FilterInput {
        township: "411003105".into(),
        ..none()
    };
    time(
        &state,
        "district: township filter",
        &district,
        one_township,
        page(0),
        runs,
        CaseSort::ReceivedDesc,
    )
    .await;
    // 全文检索: by words through the index.
    let text = |q: &str| FilterInput {
        q: q.into(),
        ..none()
    };
    // 医保局 has no 危房 case: its 危房 补助 finds nothing by words and is
    // then matched as written (by the grams of its cases' texts).
    let common = ["危房", "危房 补助", "低保 取消"];
    for (who, a, queries) in [
        ("district", &district, common),
        ("township", &township, common),
        (
            "department",
            &department,
            ["报销", "住院 报销", "危房 补助"],
        ),
    ] {
        for q in queries {
            time(
                &state,
                &format!("{who}: text {q} (full-text index)"),
                a,
                text(q),
                page(0),
                runs,
                CaseSort::ReceivedDesc,
            )
            .await;
        }
        time(
            &state,
            &format!("{who}: text {} by relevance", queries[1]),
            a,
            text(queries[1]),
            page(0),
            runs,
            CaseSort::Relevance,
        )
        .await;
    }
    // A township many of whose cases say the words (江官池镇 has none).
    let suqiao = actor("suqiao").await;
    for (how, sort) in [
        ("(full-text index)", CaseSort::ReceivedDesc),
        ("by relevance", CaseSort::Relevance),
    ] {
        time(
            &state,
            &format!("township 苏桥镇: text 危房 补助 {how}"),
            &suqiao,
            text("危房 补助"),
            page(0),
            runs,
            sort,
        )
        .await;
    }
    // The last page of the ranked newest, and the first after them
    // (newest first).
    for offset in [950, 1_000] {
        time(
            &state,
            &format!("district: text 危房 补助 by relevance, offset {offset}"),
            &district,
            text("危房 补助"),
            page(offset),
            runs,
            CaseSort::Relevance,
        )
        .await;
    }
    time(
        &state,
        "district: text 危房 补助 by relevance, count=exact (every match ranked)",
        &district,
        text("危房 补助"),
        exact(),
        runs,
        CaseSort::Relevance,
    )
    .await;
    // As written, through the grams of number, summary and name: one
    // character and two (exact), a piece whose words find nothing (read
    // again), a renamed village no case says, a number's piece (whose
    // words the district's cases have; the line says when it was matched
    // as written).
    for (who, a) in [("district", &district), ("township", &township)] {
        for q in ["危", "翠花", "保被无", "榆林东村", "〔2025〕1990"] {
            time(
                &state,
                &format!("{who}: text {q} (as written if no word matches)"),
                a,
                text(q),
                page(0),
                runs,
                CaseSort::ReceivedDesc,
            )
            .await;
        }
    }
}
