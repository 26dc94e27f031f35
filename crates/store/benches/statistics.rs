//! Statistics benchmark: a year by township (and every other breakdown) over
//! a district of many cases, on SQLite or PostgreSQL.
//!
//! `XINFANG_BENCH_CASES=1000000 cargo bench -p xinfang-store --bench statistics`
//! (SQLite in a temp dir), or with `XINFANG_BENCH_PG=postgres://…/postgres`.
//! The cases are written straight into the tables with one `INSERT … SELECT`
//! each (registering a million through the audited path would take a quarter
//! of an hour and measure registration, not statistics): five years of cases
//! spread evenly, a third closed, an answering milestone each, four in five
//! assigned to a unit, some 越级 赴省, 积案 and 不满意. Then the scorecard's
//! own measures (乡镇后评估) for the same year.
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::time::Instant;

use jiff::Timestamp;
use sqlx::Connection;
use xinfang_domain::access::CaseScope;
use xinfang_domain::org::OrgKind;
use xinfang_domain::statistics::StatsBy;
use xinfang_domain::vocab::Category;
use xinfang_store::{Engine, Store};

/// `CASE i % n WHEN 0 THEN v0 … END`.
fn pick(values: &[String]) -> String {
    let arms: Vec<String> = values
        .iter()
        .enumerate()
        .map(|(k, v)| format!("WHEN {k} THEN {v}"))
        .collect();
    format!("CASE i % {} {} END", values.len(), arms.join(" "))
}

#[tokio::main]
async fn main() {
    let n: i64 = std::env::var("XINFANG_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("XINFANG_BENCH_PG") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("xf_bench_stats_{}", std::process::id());
            xinfang_store::testing::fresh_postgres_database(&admin, &name)
                .await
                .unwrap()
        }
        // XINFANG_BENCH_DB keeps the SQLite database for a look with `sqlite3`.
        _ => format!(
            "sqlite://{}?mode=rwc",
            std::env::var("XINFANG_BENCH_DB")
                .map(std::path::PathBuf::from)
                .unwrap_or_else(|_| dir.path().join("bench.db"))
                .display()
        ),
    };
    let key = xinfang_store::DataKey::generate().unwrap();
    let audit_key = xinfang_store::AuditKey::generate().unwrap();
    let store = Store::connect(&url, &key, &audit_key).await.unwrap();
    println!("engine: {:?}, cases: {n}", store.engine());
    let t0 = Timestamp::now();
    store
        .create_district(&xinfang_domain::district::District::jianan(), t0)
        .await
        .unwrap();
    let orgs = store.list_orgs().await.unwrap();
    let ids = |kind: OrgKind| -> Vec<String> {
        orgs.iter()
            .filter(|o| o.kind == kind)
            .map(|o| o.id.to_string())
            .collect()
    };
    let townships = ids(OrgKind::Township);
    let departments = ids(OrgKind::Department);
    let categories: Vec<String> = Category::ALL
        .iter()
        .map(|c| format!("'{}'", c.as_str()))
        .collect();
    let kinds: Vec<String> = [
        "first_petition",
        "first_petition",
        "repeat",
        "escalated",
        "online_opinion",
    ]
    .iter()
    .map(|k| format!("'{k}'"))
    .collect();
    // 2019-01-01 00:00 Beijing, and five years spread over the cases.
    let base: i64 = 1_546_272_000_000;
    let step = 5 * 365 * 86_400_000 / n;
    let series = match store.engine() {
        Engine::Sqlite => format!(
            "WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) SELECT"
        ),
        Engine::Postgres => "SELECT".to_string(),
    };
    let from_series = match store.engine() {
        Engine::Sqlite => "FROM s".to_string(),
        Engine::Postgres => format!("FROM generate_series(CAST(1 AS BIGINT), {n}) AS s(i)"),
    };
    let received = format!("({base} + i * {step})");
    let insert_cases = format!(
        "INSERT INTO cases (number, year, seq, kind, channel, source_level, received_at, township_id, summary,
            category, status, backlog, escalated_to, satisfaction, return_visit_at, closed_at, opinion, created_at, updated_at)
         {series} 'B' || i, 2019 + (i - 1) * 5 / {n}, i, {kinds}, 'visit', 'own', {received}, {townships}, '基准测试',
            {categories}, CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'in_progress' END,
            CASE WHEN i % 40 = 0 THEN 1 ELSE 0 END,
            CASE WHEN i % 50 = 0 THEN 'province' WHEN i % 70 = 0 THEN 'city' END,
            CASE WHEN i % 3 = 0 THEN (CASE WHEN i % 7 = 0 THEN 'dissatisfied' ELSE 'satisfied' END) END,
            CASE WHEN i % 3 = 0 THEN {received} + 600000000 END,
            CASE WHEN i % 3 = 0 THEN {received} + 700000000 END,
            CASE WHEN i % 3 = 0 THEN '已处理' END,
            {received}, {received}
         {from_series}",
        kinds = pick(&kinds),
        townships = pick(&townships),
        categories = pick(&categories),
    );
    let started = Instant::now();
    let mut c = sqlx::AnyConnection::connect(&url).await.unwrap();
    let run = |sql: String| sqlx::query(sqlx::AssertSqlSafe(sql));
    run(insert_cases).execute(&mut c).await.unwrap();
    // The answering milestone: due 10 days after receipt; closed cases
    // answered on day 5 + (id % 7), so some late; open ones overdue.
    run(
        "INSERT INTO milestones (case_id, key, name, is_window, started_at, due_at, completed_at, state, updated_at, role)
         SELECT id, 'handled', '办结并书面答复', 0, received_at, received_at + 864000000,
            CASE WHEN status = 'closed' THEN received_at + (5 + id % 7) * 86400000 END, 'open', received_at, 'answer'
         FROM cases"
            .to_string(),
    )
    .execute(&mut c)
    .await
    .unwrap();
    let unit = pick(&departments).replace("i %", "id %");
    run(format!(
        "INSERT INTO case_units (case_id, org_id, lead) SELECT id, {unit}, 1 FROM cases WHERE id % 5 <> 0"
    ))
    .execute(&mut c)
    .await
    .unwrap();
    run("ANALYZE".into()).execute(&mut c).await.unwrap();
    println!("seeded in {:.1} s", started.elapsed().as_secs_f64());

    let now = Timestamp::now();
    let year = |y: i16| {
        let from = xinfang_domain::clock::start_of_day(jiff::civil::date(y, 1, 1));
        let to = xinfang_domain::clock::start_of_day(jiff::civil::date(y + 1, 1, 1));
        (from, to)
    };
    let township_scope = CaseScope {
        territory: townships[0].parse().ok(),
        ..CaseScope::default()
    };
    let (from, to) = year(2021);
    let (all_from, all_to) = (year(2019).0, year(2024).0);
    for (what, scope, by, from, to) in [
        (
            "a year by township, district",
            CaseScope::all(),
            StatsBy::Township,
            from,
            to,
        ),
        (
            "a year by township, district (again)",
            CaseScope::all(),
            StatsBy::Township,
            from,
            to,
        ),
        (
            "a year by department, district",
            CaseScope::all(),
            StatsBy::Department,
            from,
            to,
        ),
        (
            "a year by category, district",
            CaseScope::all(),
            StatsBy::Category,
            from,
            to,
        ),
        (
            "a year by month, district",
            CaseScope::all(),
            StatsBy::Month,
            from,
            to,
        ),
        (
            "a year by township, one township's scope",
            township_scope,
            StatsBy::Township,
            from,
            to,
        ),
        (
            "all five years by township, district",
            CaseScope::all(),
            StatsBy::Township,
            all_from,
            all_to,
        ),
    ] {
        let t = Instant::now();
        let groups = store
            .statistics(&scope, Some(by), from, to, now)
            .await
            .unwrap();
        let total: i64 = groups.iter().map(|g| g.counts.total).sum();
        println!(
            "{what:<44} {:>8.3} s   ({} groups, {total} cases)",
            t.elapsed().as_secs_f64(),
            groups.len()
        );
    }
    // The scorecard's own measures for the same year (its other figures are
    // the statistics by township, timed above): one grouped query each.
    let keys = ["handled".to_string()];
    for what in [
        "scorecard: registered within 24 h",
        "scorecard: milestones on time",
        "scorecard: return visits due",
        "scorecard: screening months",
    ] {
        let t = Instant::now();
        let rows = match what {
            "scorecard: registered within 24 h" => store.registered_within(from, to, 24).await,
            "scorecard: milestones on time" => store.milestones_on_time(from, to, now, &keys).await,
            "scorecard: return visits due" => store.return_visits_due(from, to).await,
            _ => store.screening_months(from, to).await,
        }
        .unwrap();
        let counted: i64 = rows.iter().map(|r| r.denominator).sum();
        println!(
            "{what:<44} {:>8.3} s   ({} townships, {counted} counted)",
            t.elapsed().as_secs_f64(),
            rows.len()
        );
    }
}
