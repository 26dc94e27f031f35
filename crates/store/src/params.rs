//! Numbered bind parameters for SQL assembled at run time (filters, scope).

use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

/// `LIMIT n`, the number written into the statement's text rather than
/// bound. SQLite plans a `LIMIT` with the bound value in hand, so a bound
/// limit expires the prepared statement at every run and the whole query is
/// prepared again each time (seen on the repeat check, two full preparations
/// of the case join per registration). The limits in use are a few page and
/// batch sizes, so the statement caches stay small; an `OFFSET` stays bound.
pub(crate) fn limit(n: i64) -> String {
    format!("LIMIT {}", n.max(0))
}

/// One value to bind.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Int(i64),
    Text(String),
    IntOpt(Option<i64>),
    TextOpt(Option<String>),
}

/// Collects values and hands out their `$n` placeholders.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<Bind>);

impl Params {
    /// Add an integer; returns its placeholder.
    pub fn int(&mut self, v: i64) -> String {
        self.0.push(Bind::Int(v));
        format!("${}", self.0.len())
    }

    /// Add a text; returns its placeholder.
    pub fn text(&mut self, v: impl Into<String>) -> String {
        self.0.push(Bind::Text(v.into()));
        format!("${}", self.0.len())
    }

    /// Add an integer or NULL; returns its placeholder.
    pub fn int_opt(&mut self, v: Option<i64>) -> String {
        self.0.push(Bind::IntOpt(v));
        format!("${}", self.0.len())
    }

    /// Add a text or NULL; returns its placeholder.
    pub fn text_opt(&mut self, v: Option<&str>) -> String {
        self.0.push(Bind::TextOpt(v.map(str::to_string)));
        format!("${}", self.0.len())
    }

    /// `LIMIT n OFFSET $k`: the limit written into the text (see [`limit`]),
    /// the offset bound, so every page of a list is one statement.
    pub fn page(&mut self, limit: i64, offset: i64) -> String {
        format!("{} OFFSET {}", self::limit(limit), self.int(offset.max(0)))
    }

    /// Bind everything to a query, in order.
    pub fn bind_all<'q>(
        &self,
        mut q: Query<'q, Any, AnyArguments>,
    ) -> Query<'q, Any, AnyArguments> {
        for b in &self.0 {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(s) => q.bind(s.clone()),
                Bind::IntOpt(i) => q.bind(*i),
                Bind::TextOpt(s) => q.bind(s.clone()),
            };
        }
        q
    }
}

impl Params {
    /// `INSERT INTO {into} VALUES (…), (…)` on `conn`, these values bound:
    /// many rows in one round trip (`into` names the table and its columns;
    /// each of `rows` is a row's placeholders, handed out by this `Params`).
    /// Rows take their ids in the order of the list on both engines.
    pub async fn insert_rows(
        &self,
        conn: &mut sqlx::AnyConnection,
        into: &str,
        rows: &[String],
    ) -> crate::StoreResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        let sql = format!("INSERT INTO {into} VALUES {}", rows.join(", "));
        self.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .execute(conn)
            .await?;
        Ok(())
    }
}

impl crate::Store {
    /// `SELECT COUNT(*) …` assembled at run time, with `p` bound.
    pub(crate) async fn count_with(&self, p: &Params, sql: String) -> crate::StoreResult<i64> {
        Ok(p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_one(&self.pool)
            .await
            .and_then(|r| sqlx::Row::try_get::<i64, _>(&r, 0))?)
    }

    /// Every row of a query assembled at run time, with `p` bound.
    pub(crate) async fn rows_with(
        &self,
        p: &Params,
        sql: String,
    ) -> crate::StoreResult<Vec<sqlx::any::AnyRow>> {
        Ok(p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?)
    }

    /// The one row of such a query, or [`crate::StoreError::NotFound`] naming `what`.
    pub(crate) async fn row_with(
        &self,
        p: &Params,
        sql: String,
        what: &str,
    ) -> crate::StoreResult<sqlx::any::AnyRow> {
        p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| crate::StoreError::NotFound(what.to_string()))
    }
}

/// Text to be matched literally inside a LIKE pattern written with
/// `ESCAPE '\\'`: the user's own %, _ and \\ lose their meaning.
pub(crate) fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A LIKE pattern matching any text that contains `s` literally.
pub(crate) fn like_contains(s: &str) -> String {
    format!("%{}%", like_escape(s))
}
