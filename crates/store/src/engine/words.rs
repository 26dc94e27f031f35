//! The full-text index of case words (全文检索) as each engine keeps it:
//! an FTS5 table on SQLite; on PostgreSQL a tsvector with positions
//! (`words`, to rank by) and the same stripped of them (`terms`, short
//! enough to stay in its row, with the GIN index every search uses).
//! Both are given words already cut by jieba (the domain's `search`), each
//! only letters and digits, so neither engine's parser decides what a
//! Chinese word is, and no word needs quoting.

use std::collections::HashMap;
use std::fmt::Write;

use super::Engine;

/// PostgreSQL keeps positions up to this (and ranks by them)…
const PG_MAX_POSITION: usize = 16_383;
/// …and at most this many of one word.
const PG_MAX_POSITIONS: usize = 255;

/// The tables of the index, derived from the cases and rebuilt from them:
/// not backed up, not compared between engines.
pub(crate) fn is_derived_table(name: &str) -> bool {
    name == "case_words" || name.starts_with("case_words_")
}

impl Engine {
    /// `INSERT` (or replace) the words of cases, one `(id, words)` pair of
    /// placeholders per case, bound with [`Engine::words_value`].
    pub(crate) fn put_words_sql(self, rows: &[(String, String)]) -> String {
        match self {
            Engine::Sqlite => {
                let values: Vec<String> = rows
                    .iter()
                    .map(|(id, words)| format!("({id}, {words})"))
                    .collect();
                format!(
                    "INSERT OR REPLACE INTO case_words (rowid, words) VALUES {}",
                    values.join(", ")
                )
            }
            Engine::Postgres => {
                // Each literal read into a tsvector once, then stripped of
                // its positions (written twice, it was parsed twice).
                let values: Vec<String> = rows
                    .iter()
                    .map(|(id, words)| format!("({id}, CAST({words} AS tsvector))"))
                    .collect();
                format!(
                    "INSERT INTO case_words (case_id, words, terms)
                     SELECT x.id, x.v, strip(x.v) FROM (VALUES {}) AS x (id, v)
                     ON CONFLICT (case_id) DO UPDATE SET words = excluded.words, terms = excluded.terms",
                    values.join(", ")
                )
            }
        }
    }

    /// The value a case's `words` (in order, repeats kept) is written as:
    /// the words space-separated for FTS5; a tsvector literal with each
    /// word's positions (`'危房':3,9 '改造':4`) for PostgreSQL. Borrowed, so
    /// a copy's words (its number's, then its template's) are never cloned.
    pub(crate) fn words_value<'a>(self, words: impl IntoIterator<Item = &'a str>) -> String {
        let mut out = String::new();
        match self {
            Engine::Sqlite => {
                for w in words {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str(w);
                }
            }
            Engine::Postgres => {
                // Each word once, in the order first seen, with its positions.
                let mut at: Vec<(&str, Vec<usize>)> = Vec::new();
                let mut seen: HashMap<&str, usize> = HashMap::new();
                for (i, w) in words.into_iter().enumerate() {
                    let pos = (i + 1).min(PG_MAX_POSITION);
                    match seen.get(w) {
                        Some(&k) => {
                            let ps = &mut at[k].1;
                            if ps.len() < PG_MAX_POSITIONS && ps.last() != Some(&pos) {
                                ps.push(pos);
                            }
                        }
                        None => {
                            seen.insert(w, at.len());
                            at.push((w, vec![pos]));
                        }
                    }
                }
                for (w, ps) in at {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push('\'');
                    out.push_str(w);
                    out.push_str("':");
                    for (j, p) in ps.iter().enumerate() {
                        if j > 0 {
                            out.push(',');
                        }
                        let _ = write!(out, "{p}");
                    }
                }
            }
        }
        out
    }

    /// The query that finds the cases having every one of `words`.
    pub(crate) fn words_query(self, words: &[String]) -> String {
        match self {
            Engine::Sqlite => words
                .iter()
                .map(|w| format!("\"{w}\""))
                .collect::<Vec<_>>()
                .join(" "),
            Engine::Postgres => words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" & "),
        }
    }

    /// A condition on `cases c`: the case has every word of the query bound
    /// at `query` (made by [`Engine::words_query`]).
    pub(crate) fn words_match(self, query: &str) -> String {
        format!("c.id IN ({})", self.words_ids(query))
    }

    /// [`Engine::words_match`] for words many cases have. SQLite otherwise
    /// reads every matching case and sorts them (150 ms for 119 000 of a
    /// million); written so, it walks the cases newest first and tests each
    /// against the matches (the unary `+` keeps it from driving by id), and
    /// a page is found in the first few hundred (23 ms). PostgreSQL's
    /// planner weighs the two itself.
    pub(crate) fn words_match_walking(self, query: &str) -> String {
        self.words_tested("c.id", query)
    }

    /// A condition that the case whose id is `column` has every word of
    /// the query, tested row by row against the set of matches (SQLite
    /// would otherwise look each id up in the index: 8 µs apiece).
    pub(crate) fn words_tested(self, column: &str, query: &str) -> String {
        match self {
            Engine::Sqlite => format!("+{column} IN ({})", self.words_ids(query)),
            Engine::Postgres => format!("{column} IN ({})", self.words_ids(query)),
        }
    }

    /// `SELECT` of the ids of the cases having every word of the query.
    fn words_ids(self, query: &str) -> String {
        match self {
            Engine::Sqlite => {
                format!("SELECT rowid FROM case_words WHERE case_words MATCH {query}")
            }
            Engine::Postgres => {
                format!("SELECT case_id FROM case_words WHERE terms @@ CAST({query} AS tsquery)")
            }
        }
    }

    /// SQL counting the cases having every word of the query bound at
    /// `query`, from the index alone, stopping at `cap` when given.
    pub(crate) fn words_count_sql(self, query: &str, cap: Option<i64>) -> String {
        let limit = cap.map(|c| format!(" LIMIT {c}")).unwrap_or_default();
        format!("SELECT COUNT(*) FROM ({}{limit}) n", self.words_ids(query))
    }

    /// Whether a list must learn first how many cases have the words, to
    /// choose between reading the matches and walking the cases
    /// ([`Engine::words_match_walking`]); PostgreSQL's planner chooses itself.
    pub(crate) fn walks_frequent_words(self) -> bool {
        match self {
            Engine::Sqlite => true,
            Engine::Postgres => false,
        }
    }

    /// A FROM item of `(id, score)`: the cases having every word of the
    /// query bound at `query`, each scored so that higher fits better —
    /// BM25 on SQLite (negated: FTS5 gives lower for better), `ts_rank`
    /// on PostgreSQL.
    pub(crate) fn words_ranked(self, query: &str) -> String {
        match self {
            Engine::Sqlite => format!(
                "(SELECT rowid AS id, -bm25(case_words) AS score FROM case_words
                  WHERE case_words MATCH {query})"
            ),
            Engine::Postgres => format!(
                "(SELECT case_id AS id, ts_rank(words, CAST({query} AS tsquery)) AS score
                  FROM case_words WHERE terms @@ CAST({query} AS tsquery))"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    fn value(engine: Engine, ws: &[String]) -> String {
        engine.words_value(ws.iter().map(String::as_str))
    }

    #[test]
    fn a_postgres_value_gathers_each_words_positions() {
        let v = value(
            Engine::Postgres,
            &words(&["危房", "改造", "危房", "0001号"]),
        );
        assert_eq!(v, "'危房':1,3 '改造':2 '0001号':4");
        assert_eq!(
            value(Engine::Sqlite, &words(&["危房", "改造"])),
            "危房 改造"
        );
        assert_eq!(value(Engine::Postgres, &[]), "");
    }

    #[test]
    fn positions_stop_at_postgres_limits() {
        let mut many: Vec<String> = (0..PG_MAX_POSITION + 5).map(|i| format!("w{i}")).collect();
        many.push("w0".into());
        let v = value(Engine::Postgres, &many);
        assert!(v.ends_with(&format!("'w{}':{PG_MAX_POSITION}", PG_MAX_POSITION + 4)));
        assert!(
            v.starts_with(&format!("'w0':1,{PG_MAX_POSITION} ")),
            "{}",
            &v[..30]
        );
        let same: Vec<String> = (0..300).map(|_| "词".to_string()).collect();
        let v = value(Engine::Postgres, &same);
        assert_eq!(v.matches(',').count(), PG_MAX_POSITIONS - 1);
        assert!(v.ends_with(",255"));
    }

    #[test]
    fn a_query_asks_for_every_word() {
        let q = words(&["危房", "补助"]);
        assert_eq!(Engine::Sqlite.words_query(&q), "\"危房\" \"补助\"");
        assert_eq!(Engine::Postgres.words_query(&q), "'危房' & '补助'");
        assert!(is_derived_table("case_words_pending"));
        assert!(is_derived_table("case_words"));
        assert!(!is_derived_table("cases"));
    }
}
