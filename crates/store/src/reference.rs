//! Reference data an administrator maintains: calendar years, rule sets, settings.
//!
//! Every change here also moves the settings version (设置版本) in the same
//! transaction, so that every process on the database — a second server,
//! the console — can tell with one small query that what it loaded is stale.

use jiff::Timestamp;
use sqlx::{AnyConnection, Row};
use xinfang_domain::audit::AuditAction;

use crate::audit::Audit;
use crate::codec::ms;
use crate::{Store, StoreResult};

/// Settings key of the settings version; a number kept as text, like every setting.
const VERSION_KEY: &str = "settings_version";

/// Move the settings version on, inside the transaction of the change.
async fn bump_settings_version(conn: &mut AnyConnection) -> StoreResult<()> {
    bump_version(conn, VERSION_KEY).await
}

/// The version kept in the setting `key` (0 before the first change).
pub(crate) async fn version(conn: &mut AnyConnection, key: &str) -> StoreResult<i64> {
    let v: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(v.and_then(|v| v.trim().parse().ok()).unwrap_or(0))
}

/// Move the version kept in the setting `key` on (from 0 when it has none),
/// inside the transaction of the change. One UPDATE that adds one: on
/// PostgreSQL the row lock orders concurrent changes, so each gets its own
/// version.
pub(crate) async fn bump_version(conn: &mut AnyConnection, key: &str) -> StoreResult<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, '0') ON CONFLICT (key) DO NOTHING")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE settings SET value = CAST(CAST(value AS BIGINT) + 1 AS TEXT) WHERE key = $1",
    )
    .bind(key)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Put `value` under `key` in the settings, inside the caller's
/// transaction; the value it replaces, if any.
pub(crate) async fn replace_setting(
    conn: &mut AnyConnection,
    key: &str,
    value: &str,
) -> StoreResult<Option<String>> {
    let before: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM settings WHERE key = $1")
        .bind(key)
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
        .bind(key)
        .bind(value)
        .execute(&mut *conn)
        .await?;
    Ok(before)
}

impl Store {
    /// 设置版本 — moves whenever calendars, rule sets or settings change
    /// (0 before the first change). One primary-key lookup: cheap enough to
    /// ask before every deadline computation.
    pub async fn settings_version(&self) -> StoreResult<i64> {
        let mut conn = self.pool.acquire().await?;
        version(&mut conn, VERSION_KEY).await
    }

    /// Calendar years loaded by administrators, as (year, JSON text).
    pub async fn calendar_years(&self) -> StoreResult<Vec<(i64, String)>> {
        let rows = sqlx::query("SELECT year, body FROM calendar_years ORDER BY year")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get::<i64, _>("year")?,
                    r.try_get::<String, _>("body")?,
                ))
            })
            .collect()
    }

    /// Store (or replace) a calendar year, audited; the settings version moves with it.
    pub async fn save_calendar_year(
        &self,
        year: i64,
        body: &str,
        by: Option<(i64, &str)>,
        now: Timestamp,
    ) -> StoreResult<()> {
        self.save_reference("calendar_years", "year", &year.to_string(), body, by, now)
            .await
    }

    /// A district rule set by name, if stored.
    pub async fn rule_set(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT body FROM rule_sets WHERE name = $1")
                .bind(name)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    /// Store (or replace) a rule set, audited; the settings version moves with it.
    pub async fn save_rule_set(
        &self,
        name: &str,
        body: &str,
        by: Option<(i64, &str)>,
        now: Timestamp,
    ) -> StoreResult<()> {
        self.save_reference("rule_sets", "name", name, body, by, now)
            .await
    }

    /// Set a setting, audited; the settings version moves with it.
    pub async fn set_setting(
        &self,
        key: &str,
        value: &str,
        by: Option<(i64, &str)>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let before = replace_setting(w.conn(), key, value).await?;
        let audit = Audit::by_user(by, AuditAction::SettingSet, now)
            .on("setting", None)
            .before(before)
            .after(Some(format!("{key}={value}")));
        bump_settings_version(w.conn()).await?;
        w.commit(audit).await
    }

    async fn save_reference(
        &self,
        table: &'static str,
        key_col: &'static str,
        key: &str,
        body: &str,
        by: Option<(i64, &str)>,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let select = format!("SELECT body FROM {table} WHERE CAST({key_col} AS TEXT) = $1");
        let before: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(select))
            .bind(key)
            .fetch_optional(w.conn())
            .await?;
        let delete = format!("DELETE FROM {table} WHERE CAST({key_col} AS TEXT) = $1");
        sqlx::query(sqlx::AssertSqlSafe(delete))
            .bind(key)
            .execute(w.conn())
            .await?;
        let insert = if table == "calendar_years" {
            "INSERT INTO calendar_years (year, body, updated_by, updated_at) VALUES ($1, $2, $3, $4)"
        } else {
            "INSERT INTO rule_sets (name, body, updated_by, updated_at) VALUES ($1, $2, $3, $4)"
        };
        let q = sqlx::query(insert);
        let q = if table == "calendar_years" {
            q.bind(key.parse::<i64>().unwrap_or_default())
        } else {
            q.bind(key.to_string())
        };
        q.bind(body)
            .bind(by.map(|b| b.0))
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        let action = if table == "calendar_years" {
            AuditAction::CalendarSave
        } else {
            AuditAction::RulesSave
        };
        let audit = Audit::by_user(by, action, now)
            .on(table, None)
            .before(before)
            .after(Some(body.to_string()));
        bump_settings_version(w.conn()).await?;
        w.commit(audit).await
    }
}
