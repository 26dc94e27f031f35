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
#[derive(Debug, Default, Clone)]
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

    /// A list of integers for `IN (…)`, one placeholder each, padded by
    /// repeating the last to a power of two (`None` for none). A statement
    /// over a list then takes one of a few texts whatever the list, so the
    /// engines keep it prepared: ids written into the text made every
    /// case's statement new, and each new statement pushed an older one out
    /// of the connection's cache of 100 (a case read by id was prepared
    /// again up to 32 times in one demo run on PostgreSQL). Keep a list
    /// to a few hundred (`words.rs` reads 500 ids a statement): the
    /// engines bind at most 32 766 (SQLite) and 65 535 parameters.
    pub fn ints(&mut self, vs: &[i64]) -> Option<String> {
        let last = *vs.last()?;
        let padded = vs.len().next_power_of_two();
        let list: Vec<String> = vs
            .iter()
            .copied()
            .chain(std::iter::repeat_n(last, padded - vs.len()))
            .map(|v| self.int(v))
            .collect();
        Some(list.join(", "))
    }

    /// `LIMIT n OFFSET $k`: the limit written into the text (see [`limit`]),
    /// the offset bound, so every page of a list is one statement. Bound
    /// even at 0: PostgreSQL then keeps planning a page's ids with the
    /// values in hand (a custom plan), as a plan for any offset costs
    /// more. A first page with nothing bound but a text search's words
    /// was given a plan for any words after five runs, which walked every
    /// case newest first for the few having `2025 1990`: 2.4–3.3 s.
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

/// A row to insert: each column's name with its value's placeholder. A pair
/// may name several columns, comma-separated, with as many placeholders.
pub(crate) type Columns = Vec<(&'static str, String)>;

/// Rows a multi-row `INSERT` holds at most: the widest row written so (a
/// case, about 35 placeholders) keeps a statement well within both
/// engines' limits on bound parameters.
pub(crate) const ROWS_A_STATEMENT: usize = 50;

/// Insert one row of `table` per item, many to a statement: `row` gives an
/// item's [`Columns`], placeholders handed out by the statement's `Params`,
/// the same columns in the same order for every item.
pub(crate) async fn insert_each<T>(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    items: &[T],
    row: impl FnMut(&mut Params, &T) -> Columns,
) -> crate::StoreResult<()> {
    insert_chunks(conn, table, items, row, None).await.map(drop)
}

/// [`insert_each`], returning the new rows' ids in the order of `items`.
/// Rows take their ids in the order of the list on both engines, so the
/// ids a statement returns, sorted, are its items' in turn.
pub(crate) async fn insert_each_ids<T>(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    items: &[T],
    row: impl FnMut(&mut Params, &T) -> Columns,
) -> crate::StoreResult<Vec<i64>> {
    let mut ids = insert_chunks(conn, table, items, row, Some("id"))
        .await?
        .iter()
        .map(|r| sqlx::Row::try_get::<i64, _>(r, 0))
        .collect::<Result<Vec<_>, _>>()?;
    // Each chunk's ids are above the chunk's before it.
    ids.sort_unstable();
    Ok(ids)
}

/// [`insert_each`], returning the new rows whole (`RETURNING *`), in no
/// particular order: what a read of them just after would give, without
/// the read.
pub(crate) async fn insert_each_rows<T>(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    items: &[T],
    row: impl FnMut(&mut Params, &T) -> Columns,
) -> crate::StoreResult<Vec<sqlx::any::AnyRow>> {
    insert_chunks(conn, table, items, row, Some("*")).await
}

/// The statements of [`insert_each`], a chunk of items each; with
/// `returning` (`id`, `*`), the rows each gives back, as many as items.
async fn insert_chunks<T>(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    items: &[T],
    mut row: impl FnMut(&mut Params, &T) -> Columns,
    returning: Option<&str>,
) -> crate::StoreResult<Vec<sqlx::any::AnyRow>> {
    let mut rows = Vec::with_capacity(if returning.is_some() { items.len() } else { 0 });
    for chunk in items.chunks(ROWS_A_STATEMENT) {
        let mut p = Params::default();
        let mut names = String::new();
        let values: Vec<String> = chunk
            .iter()
            .map(|item| {
                let (n, v): (Vec<&str>, Vec<String>) = row(&mut p, item).into_iter().unzip();
                let n = n.join(", ");
                debug_assert!(names.is_empty() || names == n, "{table}: {names} / {n}");
                names = n;
                format!("({})", v.join(", "))
            })
            .collect();
        let sql = format!(
            "INSERT INTO {table} ({names}) VALUES {}{}",
            values.join(", "),
            returning
                .map(|r| format!(" RETURNING {r}"))
                .unwrap_or_default()
        );
        let q = p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)));
        if returning.is_none() {
            q.execute(&mut *conn).await?;
            continue;
        }
        let got = q.fetch_all(&mut *conn).await?;
        if got.len() != chunk.len() {
            return Err(crate::StoreError::Other(format!(
                "{table}: 写入 {} 行，返回 {} 行",
                chunk.len(),
                got.len()
            )));
        }
        rows.extend(got);
    }
    Ok(rows)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(p: &Params) -> Vec<i64> {
        p.0.iter()
            .map(|b| match b {
                Bind::Int(i) => *i,
                other => panic!("not an integer: {other:?}"),
            })
            .collect()
    }

    #[test]
    fn a_list_is_bound_padded_to_a_power_of_two_with_its_last() {
        let mut p = Params::default();
        assert_eq!(p.ints(&[]), None);
        assert!(p.0.is_empty());
        let at = p.text("before");
        assert_eq!(at, "$1");
        assert_eq!(p.ints(&[9]).as_deref(), Some("$2"));
        assert_eq!(p.ints(&[4, 5, 6]).as_deref(), Some("$3, $4, $5, $6"));
        let mut q = Params::default();
        assert_eq!(
            q.ints(&[1, 2, 3, 4, 5]).as_deref(),
            Some("$1, $2, $3, $4, $5, $6, $7, $8")
        );
        assert_eq!(ints(&q), [1, 2, 3, 4, 5, 5, 5, 5]);
        let mut r = Params::default();
        r.ints(&[4, 5, 6]);
        assert_eq!(ints(&r), [4, 5, 6, 6]);
    }
}
