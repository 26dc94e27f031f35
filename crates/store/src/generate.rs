//! 批量生成 — a database filled to a city's size, for load tests and
//! benchmarks: every generated case is a copy of one of the database's own
//! cases (registered through the services, so every state, milestone and
//! timeline is one the product really makes), moved back in time by whole
//! days, renumbered in its year, with its milestones, timeline, units,
//! ledger details, follow-ups and extensions. All in bulk SQL — one
//! `INSERT … SELECT` per table — in one audited transaction, with the
//! copies' words for 全文检索 (their templates' words under their own numbers).

use jiff::Timestamp;
use sqlx::AnyConnection;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::search::Places;
use xinfang_domain::workflow::CaseStatus;

use crate::audit::Audit;
use crate::codec::{RowExt, ms};
use crate::engine::{DateBucket, Table, TypeFamily};
use crate::{Engine, Store, StoreError, StoreResult, words};

const DAY_MS: i64 = 86_400_000;

/// Copies whose words are made per read of the copy map.
const WORDS_CHUNK: i64 = 10_000;

/// The tables copied with each case (each has a `case_id`).
const WITH_CASE: &[&str] = &[
    "case_units",
    "milestones",
    "case_events",
    "case_ledgers",
    "case_followups",
    "extensions",
    "case_mediations",
    "opinion_states",
    "opinion_voices",
];

/// Indexes (table, name) the copy would write all over, each copy's rows
/// landing among the old ones by time, state or kind: dropped for the copy
/// and built again after it from the schema's record of their columns, one
/// sorted build instead of millions of scattered inserts (the timeline's
/// by kind and time: 97 s of inserts and a 24 s build, against 162 s). Not
/// those the copy appends to (by case), the unique ones the copy reads
/// (numbers), nor partial ones (their conditions are not in the record).
const REBUILT: &[(&str, &str)] = &[
    ("cases", "cases_received"),
    ("cases", "cases_township"),
    ("cases", "cases_status"),
    ("cases", "cases_updated"),
    ("cases", "cases_kind"),
    ("cases", "cases_kind_status"),
    ("cases", "cases_township_status"),
    ("case_units", "case_units_received"),
    ("case_units", "case_units_filters"),
    ("case_units", "case_units_township"),
    ("milestones", "milestones_due"),
    ("case_events", "case_events_kind_time"),
];

/// Times stored in columns not named `…_at`.
const OTHER_TIMES: &[&str] = &["warn_from"];

/// Columns that would point at records not copied (another case, an
/// attachment file): left empty on the copy.
const DROPPED: &[&str] = &[
    "related_case_id",
    "resolution_attachment_id",
    "attachment_id",
];

/// Rows not copied with their case: the clocks of 需整改 verifications,
/// keyed by a verification's id (verifications are not copied: each is a
/// record of the inspection group's own visit).
fn left_behind(table: &str) -> String {
    match table {
        "milestones" => format!(
            " WHERE c.key NOT LIKE '{}%'",
            xinfang_domain::verification::RECTIFICATION_KEY
        ),
        _ => String::new(),
    }
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GeneratePlan {
    /// How many cases.
    pub cases: i64,
    /// Received over this many days before `now` (five years: 1826).
    pub days: i64,
    /// The most recent days, where copies of every case are placed (open
    /// ones too); older copies are made of closed cases only, as a real
    /// district's old cases are closed.
    pub recent_days: i64,
    /// The case-number prefix (`建安信访`).
    pub prefix: String,
    /// The time of the generation.
    pub now: Timestamp,
}

/// What was generated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    /// Cases written.
    pub cases: i64,
    /// Cases copied from.
    pub templates: i64,
    /// Of them, closed ones (the templates of older copies).
    pub closed_templates: i64,
    /// Rows written to each table copied with the cases.
    pub rows: Vec<(String, i64)>,
}

impl Store {
    /// Generate `plan.cases` cases from the cases already in the database
    /// (see the module doc). Refused when there is no case to copy.
    pub async fn generate_cases(
        &self,
        plan: &GeneratePlan,
        actor: Option<&Actor>,
    ) -> StoreResult<Generated> {
        let schema = self.schema().await?;
        let table = |name: &str| {
            schema
                .tables
                .get(name)
                .ok_or_else(|| StoreError::Other(format!("没有数据表 {name}")))
        };
        let engine = self.engine;
        let now = ms(plan.now);
        let closed = CaseStatus::Closed.as_str();
        let mut w = self.write().await?;
        let c = w.conn();
        let run = |sql: String| sqlx::query(sqlx::AssertSqlSafe(sql));
        for ddl in [
            "CREATE TEMPORARY TABLE gen_tpl (pool BIGINT NOT NULL, n BIGINT NOT NULL, case_id BIGINT NOT NULL,
                PRIMARY KEY (pool, n))",
            // `k INTEGER PRIMARY KEY`: on SQLite the row id itself, so the
            // copies walk the map by `k` in its own order, not through an
            // index to rows stored by year (12 s against 4 s for the units).
            "CREATE TEMPORARY TABLE gen_stage (k INTEGER PRIMARY KEY, template_id BIGINT NOT NULL,
                shift BIGINT NOT NULL, year BIGINT NOT NULL)",
            "CREATE TEMPORARY TABLE gen_map (k INTEGER PRIMARY KEY, template_id BIGINT NOT NULL,
                shift BIGINT NOT NULL, year BIGINT NOT NULL, seq BIGINT NOT NULL, number TEXT NOT NULL, new_id BIGINT)",
        ] {
            run(ddl.to_string()).execute(&mut *c).await?;
        }
        // Pool 0: every case received by now; pool 1: the closed ones.
        run(format!(
            "INSERT INTO gen_tpl (pool, n, case_id)
             SELECT 0, ROW_NUMBER() OVER (ORDER BY id) - 1, id FROM cases WHERE received_at <= {now}"
        ))
        .execute(&mut *c)
        .await?;
        run(format!(
            "INSERT INTO gen_tpl (pool, n, case_id)
             SELECT 1, ROW_NUMBER() OVER (ORDER BY id) - 1, id FROM cases
             WHERE received_at <= {now} AND status = '{closed}'"
        ))
        .execute(&mut *c)
        .await?;
        let count = |pool: i64| format!("SELECT COUNT(*) FROM gen_tpl WHERE pool = {pool}");
        let templates: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count(0)))
            .fetch_one(&mut *c)
            .await?;
        let closed_templates: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(count(1)))
            .fetch_one(&mut *c)
            .await?;
        if templates == 0 {
            return Err(StoreError::NotFound(
                "可作为样本的案件：请先生成演示数据（xinfang demo --no-serve）".into(),
            ));
        }
        let recent_days = plan.recent_days.clamp(1, plan.days.max(1));
        let days = plan.days.max(recent_days);
        // Older copies come from the closed cases; with none, from all.
        let (old_pool, old_templates) = if closed_templates > 0 {
            (1, closed_templates)
        } else {
            (0, templates)
        };
        let recent = if days == recent_days {
            plan.cases
        } else {
            plan.cases * recent_days / days
        };
        let passes = [
            (0, recent, 0, 0, recent_days, templates),
            (
                recent,
                plan.cases - recent,
                old_pool,
                recent_days,
                days - recent_days,
                old_templates,
            ),
        ];
        for (offset, n, pool, first_day, span, tpl) in passes {
            if n <= 0 {
                continue;
            }
            // Copy k = offset + i is moved back first_day + i·span/n whole days.
            // CROSS JOIN keeps the series the outer loop on SQLite (one
            // probe of the templates per copy, not a series per template).
            let shift = format!("(-({first_day} + s.i * {span} / {n}) * {DAY_MS})");
            let year = engine.date_bucket(&format!("c.received_at + {shift}"), DateBucket::Year);
            run(format!(
                "INSERT INTO gen_stage (k, template_id, shift, year)
                 SELECT {offset} + s.i, g.case_id, {shift}, CAST({year} AS BIGINT)
                 FROM {series} CROSS JOIN gen_tpl g JOIN cases c ON c.id = g.case_id
                 WHERE g.pool = {pool} AND g.n = s.i % {tpl}",
                series = engine.integers(n, "s"),
            ))
            .execute(&mut *c)
            .await?;
        }
        // Numbers follow the 接待日期 within each year, after the year's last.
        let number = format!(
            "CAST($1 AS TEXT) || '〔' || CAST(x.year AS TEXT) || '〕' || {} || '号'",
            engine.zero_pad4("x.seq")
        );
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO gen_map (k, template_id, shift, year, seq, number)
             SELECT x.k, x.template_id, x.shift, x.year, x.seq, {number}
             FROM (SELECT s.k, s.template_id, s.shift, s.year,
                     ROW_NUMBER() OVER (PARTITION BY s.year ORDER BY s.k DESC)
                     + COALESCE((SELECT cc.last_seq FROM case_counters cc WHERE cc.year = s.year), 0) AS seq
                   FROM gen_stage s) x"
        )))
        .bind(&plan.prefix)
        .execute(&mut *c)
        .await?;

        let mut rebuilt: Vec<(String, String)> = Vec::new();
        for (on, name) in REBUILT {
            let index = table(on)?
                .indexes
                .get(*name)
                .ok_or_else(|| StoreError::Other(format!("没有索引 {name}")))?;
            let columns = index.columns.join(", ");
            rebuilt.push((
                name.to_string(),
                format!("CREATE INDEX {name} ON {on} ({columns})"),
            ));
        }
        rebuilt.extend(
            engine
                .rebuilt_after_bulk_copy()
                .iter()
                .map(|(name, create)| (name.to_string(), create.to_string())),
        );
        for (name, _) in &rebuilt {
            run(format!("DROP INDEX {name}")).execute(&mut *c).await?;
        }
        let cases = copy_sql("cases", table("cases")?, "c.id = m.template_id", "m.k DESC");
        let written = run(cases).execute(&mut *c).await?.rows_affected();
        run("UPDATE gen_map SET new_id = (SELECT c.id FROM cases c WHERE c.number = gen_map.number)".into())
            .execute(&mut *c)
            .await?;
        let mut rows = Vec::new();
        for name in WITH_CASE {
            let t = table(name)?;
            // By copy newest first (the order the copies' ids run, as
            // `m.new_id` would say, but `m.k` is the map's key: SQLite walks
            // it and sorts only each copy's few rows by id, not the whole
            // timeline's millions in one sort).
            let order = if t.columns.contains_key("id") {
                "m.k DESC, c.id"
            } else {
                "m.k DESC"
            };
            let sql = copy_sql(name, t, "c.case_id = m.template_id", order);
            let n = run(sql).execute(&mut *c).await?.rows_affected();
            rows.push(((*name).to_string(), i64::try_from(n).unwrap_or(i64::MAX)));
        }
        run("INSERT INTO case_counters (year, last_seq)
             SELECT year, MAX(seq) FROM gen_map WHERE 1 = 1 GROUP BY year
             ON CONFLICT (year) DO UPDATE SET last_seq = excluded.last_seq"
            .into())
        .execute(&mut *c)
        .await?;
        let places = self.places.get(c).await?;
        write_words(engine, &places, c).await?;
        for (_, create) in rebuilt {
            run(create).execute(&mut *c).await?;
        }
        for t in ["gen_map", "gen_stage", "gen_tpl"] {
            run(format!("DROP TABLE {t}")).execute(&mut *c).await?;
        }
        let made = Generated {
            cases: i64::try_from(written).unwrap_or(i64::MAX),
            templates,
            closed_templates,
            rows,
        };
        let rows_text: Vec<String> = made.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
        let after = format!(
            "批量生成案件{}件：样本{templates}件（其中已办结{closed_templates}件），接待日期分布于此前{days}天（近{recent_days}天含未办结案件）；随案复制：{}",
            made.cases,
            rows_text.join("，")
        );
        let audit = Audit::by_or_system(actor, AuditAction::CaseGenerate, plan.now)
            .on("case", None)
            .after(Some(after));
        w.commit(audit).await?;
        self.merge_case_words().await?;
        // The planner's statistics for tables that grew by a million rows.
        let mut conn = self.pool.acquire().await?;
        for sql in engine.analyze() {
            sqlx::query(sqlx::AssertSqlSafe(*sql))
                .execute(&mut *conn)
                .await?;
        }
        Ok(made)
    }
}

/// The copies' words (全文检索), in the same transaction: each template's
/// texts are read and cut once, and each copy's number alone, read from the
/// map a chunk at a time (newest first: the order the copies' ids run).
async fn write_words(engine: Engine, places: &Places, c: &mut AnyConnection) -> StoreResult<()> {
    let templates: Vec<i64> = sqlx::query_scalar("SELECT DISTINCT template_id FROM gen_map")
        .fetch_all(&mut *c)
        .await?;
    let after_number = words::words_after_number(places, c, &templates).await?;
    let mut below = i64::MAX;
    loop {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT m.k AS k, m.new_id AS new_id, m.template_id AS template_id, m.number AS number,
                    c.received_at AS received_at
             FROM gen_map m JOIN cases c ON c.id = m.new_id WHERE m.k < $1 ORDER BY m.k DESC {}",
            crate::params::limit(WORDS_CHUNK)
        )))
        .bind(below)
        .fetch_all(&mut *c)
        .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        below = last.int("k")?;
        let copies = rows
            .iter()
            .map(|r| {
                Ok(words::Copy {
                    id: r.int("new_id")?,
                    template: r.int("template_id")?,
                    number: r.text("number")?,
                    received_at: r.int("received_at")?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        words::write_copies_words(engine, places, c, &copies, &after_number).await?;
    }
}

/// `INSERT INTO name (…) SELECT … FROM gen_map m JOIN name c ON {on}`: every
/// column but the row's own id copied, the case id and number taken from
/// the map, times moved by the copy's shift, links to what is not copied dropped.
fn copy_sql(name: &str, table: &Table, on: &str, order: &str) -> String {
    let mut cols = Vec::new();
    let mut exprs = Vec::new();
    for (col, def) in &table.columns {
        let expr = match col.as_str() {
            "id" => continue,
            "case_id" => "m.new_id".to_string(),
            "number" | "year" | "seq" if name == "cases" => format!("m.{col}"),
            c if DROPPED.contains(&c) => "NULL".to_string(),
            c if def.family == TypeFamily::Integer
                && (c.ends_with("_at") || OTHER_TIMES.contains(&c)) =>
            {
                format!("c.{c} + m.shift")
            }
            c => format!("c.{c}"),
        };
        cols.push(col.clone());
        exprs.push(expr);
    }
    format!(
        "INSERT INTO {name} ({}) SELECT {} FROM gen_map m JOIN {name} c ON {on}{} ORDER BY {order}",
        cols.join(", "),
        exprs.join(", "),
        left_behind(name)
    )
}
