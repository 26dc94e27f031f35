//! SQL expressions whose text differs by engine: date bucketing, text
//! matching, a series of integers, zero-padding, and the planner's
//! estimate of a statement's rows.

use super::Engine;

/// Beijing time is UTC+8 all year (no daylight saving since 1991), the same
/// fixed offset the domain's clock uses, so buckets agree with `to_local`.
const CHINA_OFFSET_MS: i64 = 8 * 60 * 60 * 1000;

/// The calendar unit a statistic groups times by (local Beijing time).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBucket {
    /// `YYYY-MM-DD`.
    Day,
    /// `YYYY-MM`.
    Month,
    /// `YYYY`.
    Year,
}

impl Engine {
    /// A SQL expression giving the local (Beijing) calendar bucket of
    /// `column`, a Unix-millisecond time, as text: `2022-09-26`, `2022-09`
    /// or `2022`. NULL stays NULL. `column` is SQL text written by the
    /// store (a column name), never user input.
    pub(crate) fn date_bucket(self, column: &str, bucket: DateBucket) -> String {
        let seconds = format!("(({column}) + {CHINA_OFFSET_MS}) / 1000.0");
        match self {
            Engine::Sqlite => {
                let format = match bucket {
                    DateBucket::Day => "%Y-%m-%d",
                    DateBucket::Month => "%Y-%m",
                    DateBucket::Year => "%Y",
                };
                format!("strftime('{format}', {seconds}, 'unixepoch')")
            }
            Engine::Postgres => {
                let format = match bucket {
                    DateBucket::Day => "YYYY-MM-DD",
                    DateBucket::Month => "YYYY-MM",
                    DateBucket::Year => "YYYY",
                };
                format!("to_char(to_timestamp({seconds}) AT TIME ZONE 'UTC', '{format}')")
            }
        }
    }

    /// The statement a write's transaction begins with. SQLite's
    /// `IMMEDIATE` takes the write lock at once, waiting for it (the busy
    /// timeout): a deferred transaction that read first and then wrote
    /// fails at once (`SQLITE_BUSY_SNAPSHOT`, "database is locked") when
    /// another process — a console command beside the server — wrote in
    /// between. PostgreSQL locks rows as it goes.
    pub(crate) fn begin_write(self) -> &'static str {
        match self {
            Engine::Sqlite => "BEGIN IMMEDIATE",
            Engine::Postgres => "BEGIN",
        }
    }

    /// A condition true when any of `columns` contains the text bound at
    /// `pattern`, a placeholder holding `%text%` with LIKE wildcards escaped
    /// (see `params::like_contains`).
    ///
    /// Both engines regardless of case, as the full-text index is: SQLite's
    /// `LIKE … ESCAPE '\'` (ASCII letters), PostgreSQL's `ILIKE` (Chinese
    /// text has no case). The text search goes by words through the
    /// full-text index (`words_match`), or as written by its grams; this
    /// reads the cases the grams found for the text, or scans for a query
    /// of punctuation alone.
    pub(crate) fn text_match(self, columns: &[&str], pattern: &str) -> String {
        let each: Vec<String> = columns
            .iter()
            .map(|c| match self {
                Engine::Sqlite => format!("{c} LIKE {pattern} ESCAPE '\\'"),
                Engine::Postgres => format!("{c} ILIKE {pattern} ESCAPE '\\'"),
            })
            .collect();
        format!("({})", each.join(" OR "))
    }

    /// A FROM item `alias(i)` of the integers `0 … n-1` (`n` a count the
    /// store computed, never user input): a recursive common table
    /// expression on SQLite, `generate_series` on PostgreSQL.
    pub(crate) fn integers(self, n: i64, alias: &str) -> String {
        let last = n - 1;
        match self {
            Engine::Sqlite => format!(
                "(WITH RECURSIVE series(i) AS (SELECT 0 WHERE {last} >= 0 UNION ALL \
                 SELECT i + 1 FROM series WHERE i < {last}) SELECT i FROM series) AS {alias}"
            ),
            Engine::Postgres => {
                format!("generate_series(CAST(0 AS BIGINT), {last}) AS {alias}(i)")
            }
        }
    }

    /// `expr`, a non-negative integer, as text padded with zeros to at least
    /// four digits (`7` → `0007`, `12345` stays), as case numbers are written.
    pub(crate) fn zero_pad4(self, expr: &str) -> String {
        match self {
            Engine::Sqlite => format!("printf('%04d', {expr})"),
            Engine::Postgres => format!(
                "(CASE WHEN {expr} < 10000 THEN lpad(CAST({expr} AS TEXT), 4, '0') ELSE CAST({expr} AS TEXT) END)"
            ),
        }
    }

    /// A statement whose first row of text tells how many rows the
    /// planner expects `select` to give, read by [`planned_rows`]: its
    /// plan (`EXPLAIN`, not run) on PostgreSQL, planned for the values
    /// bound, from the statistics `ANALYZE` keeps (for a tsvector, the
    /// share of rows having each of its commonest words). None on SQLite,
    /// whose full-text index counts its matches in under a millisecond.
    pub(crate) fn planned_rows_sql(self, select: &str) -> Option<String> {
        match self {
            Engine::Sqlite => None,
            Engine::Postgres => Some(format!("EXPLAIN {select}")),
        }
    }

    /// The statements that refresh the planner's statistics after a bulk
    /// load: on SQLite `ANALYZE` reads a sample of each index
    /// (`analysis_limit`) rather than every row, seconds instead of a minute
    /// at a million cases; PostgreSQL samples by itself.
    pub(crate) fn analyze(self) -> &'static [&'static str] {
        match self {
            Engine::Sqlite => &["PRAGMA analysis_limit = 2000", "ANALYZE"],
            Engine::Postgres => &["ANALYZE"],
        }
    }

    /// What ends a subquery so that it is read whole, as written, before
    /// the query around it uses its rows: `OFFSET 0` on PostgreSQL, whose
    /// planner would otherwise merge it into the query (and may then read
    /// it in another order, testing each row for its condition); nothing
    /// on SQLite, which takes no `OFFSET` without a `LIMIT` and keeps a
    /// subquery read off a range of an index as it is.
    pub(crate) fn read_whole(self) -> &'static str {
        match self {
            Engine::Sqlite => "",
            Engine::Postgres => " OFFSET 0",
        }
    }

    /// Whether a `UNION` of two lists each read in the order of the
    /// query's `ORDER BY` is merged as it is read, stopping at the `LIMIT`:
    /// SQLite merges (a township's first page off its two indexes: under
    /// 1 ms at a million); PostgreSQL 15 hashes both lists whole first
    /// (34–42 ms for a township's 60 000 ids), which pays only deep in the list.
    pub(crate) fn merges_unions(self) -> bool {
        matches!(self, Engine::Sqlite)
    }

    /// Indexes of this engine's own kind that a bulk copy of a million
    /// cases would write all over — on PostgreSQL the words' GIN index —
    /// by name, with the statement that builds each again (see
    /// `generate::REBUILT` for the plain ones both engines have).
    pub(crate) fn rebuilt_after_bulk_copy(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Engine::Sqlite => &[],
            Engine::Postgres => &[(
                "case_words_terms",
                "CREATE INDEX case_words_terms ON case_words USING GIN (terms)",
            )],
        }
    }
}

/// The rows a plan's first line (`… (cost=0.00..1.00 rows=42 width=4)`)
/// expects, from [`Engine::planned_rows_sql`].
pub(crate) fn planned_rows(line: &str) -> Option<i64> {
    let (_, after) = line.rsplit_once(" rows=")?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::planned_rows;

    #[test]
    fn a_plans_first_line_gives_its_rows() {
        let line = "Bitmap Heap Scan on case_words  (cost=1186.42..88361.70 rows=125307 width=4)";
        assert_eq!(planned_rows(line), Some(125_307));
        assert_eq!(
            planned_rows("Seq Scan on t  (cost=0.00..1.01 rows=1 width=4)"),
            Some(1)
        );
        assert_eq!(planned_rows("Result"), None);
        assert_eq!(planned_rows("Limit  (cost=0.00..1.01 rows= width=4)"), None);
    }
}
