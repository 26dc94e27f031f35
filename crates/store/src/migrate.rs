//! Forward-only migrations, embedded in the binary, one folder per engine.

use sqlx::Executor;

use crate::engine::Lock;
use crate::{Store, StoreResult};

/// (version, name, SQLite text, PostgreSQL text)
const MIGRATIONS: &[(i64, &str, &str, &str)] = &[
    (
        1,
        "init",
        include_str!("../../../migrations/sqlite/0001_init.sql"),
        include_str!("../../../migrations/postgres/0001_init.sql"),
    ),
    (
        2,
        "deadlines",
        include_str!("../../../migrations/sqlite/0002_deadlines.sql"),
        include_str!("../../../migrations/postgres/0002_deadlines.sql"),
    ),
    (
        4,
        "ledgers",
        include_str!("../../../migrations/sqlite/0004_ledgers.sql"),
        include_str!("../../../migrations/postgres/0004_ledgers.sql"),
    ),
    (
        5,
        "signed_scans",
        include_str!("../../../migrations/sqlite/0005_signed_scans.sql"),
        include_str!("../../../migrations/postgres/0005_signed_scans.sql"),
    ),
    (
        6,
        "personal_data",
        include_str!("../../../migrations/sqlite/0006_personal_data.sql"),
        include_str!("../../../migrations/postgres/0006_personal_data.sql"),
    ),
    (
        7,
        "repeats_and_corrections",
        include_str!("../../../migrations/sqlite/0007_repeats_and_corrections.sql"),
        include_str!("../../../migrations/postgres/0007_repeats_and_corrections.sql"),
    ),
    (
        8,
        "issued_notices_and_sendings",
        include_str!("../../../migrations/sqlite/0008_issued_notices_and_sendings.sql"),
        include_str!("../../../migrations/postgres/0008_issued_notices_and_sendings.sql"),
    ),
    (
        9,
        "accounts",
        include_str!("../../../migrations/sqlite/0009_accounts.sql"),
        include_str!("../../../migrations/postgres/0009_accounts.sql"),
    ),
    (
        10,
        "backlog_resolution",
        include_str!("../../../migrations/sqlite/0010_backlog_resolution.sql"),
        include_str!("../../../migrations/postgres/0010_backlog_resolution.sql"),
    ),
    (
        11,
        "review_chain",
        include_str!("../../../migrations/sqlite/0011_review_chain.sql"),
        include_str!("../../../migrations/postgres/0011_review_chain.sql"),
    ),
    (
        12,
        "login_lockout",
        include_str!("../../../migrations/sqlite/0012_login_lockout.sql"),
        include_str!("../../../migrations/postgres/0012_login_lockout.sql"),
    ),
    (
        14,
        "goals",
        include_str!("../../../migrations/sqlite/0014_goals.sql"),
        include_str!("../../../migrations/postgres/0014_goals.sql"),
    ),
    (
        16,
        "mediation_verification",
        include_str!("../../../migrations/sqlite/0016_mediation_verification.sql"),
        include_str!("../../../migrations/postgres/0016_mediation_verification.sql"),
    ),
    (
        17,
        "accountability_and_training",
        include_str!("../../../migrations/sqlite/0017_accountability_and_training.sql"),
        include_str!("../../../migrations/postgres/0017_accountability_and_training.sql"),
    ),
    (
        18,
        "list_indexes",
        include_str!("../../../migrations/sqlite/0018_list_indexes.sql"),
        include_str!("../../../migrations/postgres/0018_list_indexes.sql"),
    ),
    (
        20,
        "next_transition",
        include_str!("../../../migrations/sqlite/0020_next_transition.sql"),
        include_str!("../../../migrations/postgres/0020_next_transition.sql"),
    ),
    (
        21,
        "key_persons_and_periods",
        include_str!("../../../migrations/sqlite/0021_key_persons_and_periods.sql"),
        include_str!("../../../migrations/postgres/0021_key_persons_and_periods.sql"),
    ),
    (
        22,
        "screening_campaigns",
        include_str!("../../../migrations/sqlite/0022_screening_campaigns.sql"),
        include_str!("../../../migrations/postgres/0022_screening_campaigns.sql"),
    ),
    (
        23,
        "opinion_board",
        include_str!("../../../migrations/sqlite/0023_opinion_board.sql"),
        include_str!("../../../migrations/postgres/0023_opinion_board.sql"),
    ),
    (
        24,
        "meetings",
        include_str!("../../../migrations/sqlite/0024_meetings.sql"),
        include_str!("../../../migrations/postgres/0024_meetings.sql"),
    ),
    (
        25,
        "case_words",
        include_str!("../../../migrations/sqlite/0025_case_words.sql"),
        include_str!("../../../migrations/postgres/0025_case_words.sql"),
    ),
    (
        26,
        "case_terms",
        include_str!("../../../migrations/sqlite/0026_case_terms.sql"),
        include_str!("../../../migrations/postgres/0026_case_terms.sql"),
    ),
    (
        27,
        "case_units_received",
        include_str!("../../../migrations/sqlite/0027_case_units_received.sql"),
        include_str!("../../../migrations/postgres/0027_case_units_received.sql"),
    ),
    (
        28,
        "case_scope_words",
        include_str!("../../../migrations/sqlite/0028_case_scope_words.sql"),
        include_str!("../../../migrations/postgres/0028_case_scope_words.sql"),
    ),
    (
        29,
        "case_units_filters",
        include_str!("../../../migrations/sqlite/0029_case_units_filters.sql"),
        include_str!("../../../migrations/postgres/0029_case_units_filters.sql"),
    ),
    (
        30,
        "case_words_by_date",
        include_str!("../../../migrations/sqlite/0030_case_words_by_date.sql"),
        include_str!("../../../migrations/postgres/0030_case_words_by_date.sql"),
    ),
    (
        31,
        "case_words_places",
        include_str!("../../../migrations/sqlite/0031_case_words_places.sql"),
        include_str!("../../../migrations/postgres/0031_case_words_places.sql"),
    ),
    (
        32,
        "case_words_grams",
        include_str!("../../../migrations/sqlite/0032_case_words_grams.sql"),
        include_str!("../../../migrations/postgres/0032_case_words_grams.sql"),
    ),
    (
        33,
        "case_units_township",
        include_str!("../../../migrations/sqlite/0033_case_units_township.sql"),
        include_str!("../../../migrations/postgres/0033_case_units_township.sql"),
    ),
    (
        34,
        "case_words_digits",
        include_str!("../../../migrations/sqlite/0034_case_words_digits.sql"),
        include_str!("../../../migrations/postgres/0034_case_words_digits.sql"),
    ),
];

/// The schema version this binary brings its database to: its newest migration.
pub fn latest_schema_version() -> i64 {
    MIGRATIONS.iter().map(|m| m.0).max().unwrap_or(0)
}

impl Store {
    /// Apply every migration not yet applied, each in its own transaction.
    /// The migrations lock keeps two starting servers from racing.
    pub async fn migrate(&self) -> StoreResult<()> {
        self.migrate_up_to(latest_schema_version()).await
    }

    /// Apply the migrations not yet applied up to version `last` (a restore
    /// loads a backup into the schema it was taken at, then migrates on).
    pub(crate) async fn migrate_up_to(&self, last: i64) -> StoreResult<()> {
        let _guard = self.write_guard().await;
        let mut conn = self.pool.acquire().await?;
        self.engine
            .lock_session(&mut conn, Lock::Migrations)
            .await?;
        let result = async {
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            )
            .await?;
            for (version, name, sqlite, postgres) in MIGRATIONS {
                let done: Option<i64> =
                    sqlx::query_scalar("SELECT version FROM schema_migrations WHERE version = $1")
                        .bind(*version)
                        .fetch_optional(&mut *conn)
                        .await?;
                if done.is_some() || *version > last {
                    continue;
                }
                let sql = self.engine.pick(sqlite, postgres);
                let mut tx = sqlx::Connection::begin(&mut *conn).await?;
                tx.execute(sqlx::raw_sql(sql)).await?;
                sqlx::query("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                    .bind(*version)
                    .bind(*name)
                    .bind(jiff::Timestamp::now().as_millisecond())
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await?;
                tracing::info!(version, name, "applied migration");
            }
            self.engine.complete_statistics(&mut conn).await
        }
        .await;
        self.engine
            .unlock_session(&mut conn, Lock::Migrations)
            .await?;
        result
    }
}
