//! SQL expressions whose text differs by engine: date bucketing and text matching.

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

    /// A condition true when any of `columns` contains the text bound at
    /// `pattern`, a placeholder holding `%text%` with LIKE wildcards escaped
    /// (see `params::like_contains`).
    ///
    /// Today both engines scan with `LIKE … ESCAPE '\'` (case-insensitive for
    /// ASCII on SQLite, case-sensitive on PostgreSQL; Chinese text has no
    /// case). This is the place where full-text search (an FTS5 table on
    /// SQLite, `to_tsvector` with a GIN index on PostgreSQL) will go.
    pub(crate) fn text_match(self, columns: &[&str], pattern: &str) -> String {
        let each: Vec<String> = columns
            .iter()
            .map(|c| match self {
                Engine::Sqlite | Engine::Postgres => format!("{c} LIKE {pattern} ESCAPE '\\'"),
            })
            .collect();
        format!("({})", each.join(" OR "))
    }
}
