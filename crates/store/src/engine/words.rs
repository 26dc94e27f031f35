//! The full-text index of case words (全文检索) as each engine keeps it:
//! an FTS5 table on SQLite; on PostgreSQL a tsvector with positions
//! (`words`, to rank by) and the same stripped of them (`terms`, short
//! enough to stay in its row, with the GIN index every search uses).
//! Both are given words already cut by jieba (the domain's `search`), each
//! only letters and digits, so neither engine's parser decides what a
//! Chinese word is, and no word needs quoting.
//!
//! Beside its words each case carries its scope as hidden tokens (see
//! `words::scope_tokens`): its township, each unit it is assigned to, its
//! 包案领导. A search within a township's or a department's scope asks the
//! index for the words *and* the scope, so the index intersects the two
//! itself instead of the database reading every case of the scope (a
//! township's two-word search at a million: 68 ms before). FTS5 keeps them
//! in a column of their own, `scope`, which the words' queries never
//! search and the ranking weighs 0; PostgreSQL adds them to `terms` only
//! (never to `words`, which ranks), each with a `~` no cut word has.
//!
//! Each case's number, summary and petitioner's name are indexed under
//! their grams as well (the domain's `search::grams`), for a search matched
//! as written: in a third FTS5 column, `grams`, searched by the grams'
//! queries alone and weighed 0; in PostgreSQL's `terms` only, each with a
//! `^`.

use std::collections::HashMap;
use std::fmt::Write;

use xinfang_domain::search::{GramQuery, GramTerm};

use super::Engine;
use crate::params::Params;

/// PostgreSQL keeps positions up to this (and ranks by them)…
const PG_MAX_POSITION: usize = 16_383;
/// …and at most this many of one word.
const PG_MAX_POSITIONS: usize = 255;

/// SQLite keys a case's row of the index by the day it was received,
/// then its id in the low [`ID_BITS`] bits (see [`Engine::words_key`]).
const ID_BITS: u32 = 31;
/// The low bits of an SQLite key: the case's id.
const ID_MASK: i64 = (1 << ID_BITS) - 1;
/// A day, in ms.
const DAY_MS: i64 = 86_400_000;
/// The day the keys count from (2000-01-01 UTC, in days since 1970).
const KEY_EPOCH_DAY: i64 = 10_957;

/// How a list decides that many cases have its words (see
/// [`Engine::frequent_words`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FrequentWords {
    /// Asked of the index before the list is counted: this many or more.
    Asked(i64),
    /// Known from the list's count: `at` or more; for a near page newest
    /// first of a scope walking its own lists (`CaseQuery::walks_own_lists`),
    /// `near` or more.
    Counted { at: i64, near: i64 },
}

/// One case's row of the index: its key ([`Engine::words_key`]), its
/// words ([`Engine::words_value`]), scope ([`Engine::scope_value`]) and
/// grams ([`Engine::grams_value`]); as values (the key a number), or as
/// the placeholders [`Engine::put_words_sql`] writes (`K` a `String`).
pub(crate) struct WordsRow<K = String> {
    pub key: K,
    pub words: String,
    pub scope: String,
    pub grams: String,
}

/// The tables of the index, derived from the cases and rebuilt from them:
/// not backed up, not compared between engines.
pub(crate) fn is_derived_table(name: &str) -> bool {
    name == "case_words" || name.starts_with("case_words_")
}

impl Engine {
    /// The key of case `id`'s row of the index, received at `received_at`
    /// (ms). PostgreSQL keys it by the id. SQLite by the day (UTC) it was
    /// received, then the id: FTS5 walks its matches in key order and
    /// stops at a page, so the newest matches come first without reading
    /// every match (the district's `危房 补助` at a million: 121 000 read
    /// and sorted for a page of 50; see [`Engine::words_newest`]). A day,
    /// not a second: FTS5 writes each key as its distance from the one
    /// before, and keys a second apart made the index 1.7 times the size
    /// (every distance 2^31 or more). Ids stay below 2^31; days run ±2^31
    /// from 2000, and any date past them is taken as the last.
    pub(crate) fn words_key(self, id: i64, received_at: i64) -> i64 {
        match self {
            Engine::Postgres => id,
            Engine::Sqlite => {
                let limit = 1_i64 << (62 - ID_BITS);
                let day = (received_at.div_euclid(DAY_MS) - KEY_EPOCH_DAY).clamp(-limit, limit - 1);
                (day << ID_BITS) | (id & ID_MASK)
            }
        }
    }

    /// The column a case's row of the index is keyed by
    /// ([`Engine::words_key`]).
    pub(crate) fn words_key_column(self) -> &'static str {
        match self {
            Engine::Sqlite => "rowid",
            Engine::Postgres => "case_id",
        }
    }

    /// The case id of a row of the index, as SQL.
    fn words_case_id(self) -> String {
        match self {
            Engine::Sqlite => format!("(rowid & {ID_MASK})"),
            Engine::Postgres => "case_id".into(),
        }
    }

    /// `INSERT` (or replace) the words of cases, one row of placeholders
    /// per case ([`WordsRow`]).
    pub(crate) fn put_words_sql(self, rows: &[WordsRow]) -> String {
        match self {
            Engine::Sqlite => {
                let values: Vec<String> = rows
                    .iter()
                    .map(|r| format!("({}, {}, {}, {})", r.key, r.words, r.scope, r.grams))
                    .collect();
                format!(
                    "INSERT OR REPLACE INTO case_words (rowid, words, scope, grams) VALUES {}",
                    values.join(", ")
                )
            }
            Engine::Postgres => {
                // Each literal read into a tsvector once, then stripped of
                // its positions (written twice, it was parsed twice); the
                // scope and the grams only where the searches look, not
                // where they rank.
                let values: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        format!(
                            "({}, CAST({} AS tsvector), CAST({} AS tsvector), CAST({} AS tsvector))",
                            r.key, r.words, r.scope, r.grams
                        )
                    })
                    .collect();
                format!(
                    "INSERT INTO case_words (case_id, words, terms)
                     SELECT x.id, x.v, strip(x.v) || x.s || x.g FROM (VALUES {}) AS x (id, v, s, g)
                     ON CONFLICT (case_id) DO UPDATE SET words = excluded.words, terms = excluded.terms",
                    values.join(", ")
                )
            }
        }
    }

    /// The value a case's grams (the domain's `index_grams`) are written
    /// as: space-separated for FTS5's `grams` column; a tsvector literal of
    /// the grams each marked with `^` for PostgreSQL (each once: `terms`
    /// keeps no positions).
    pub(crate) fn grams_value<'a>(self, grams: impl IntoIterator<Item = &'a str>) -> String {
        let mut out = String::new();
        for g in grams {
            if !out.is_empty() {
                out.push(' ');
            }
            match self {
                Engine::Sqlite => out.push_str(g),
                Engine::Postgres => {
                    let _ = write!(out, "'^{g}'");
                }
            }
        }
        out
    }

    /// The query that finds the cases having every gram `grams` asks for
    /// (on SQLite in the `grams` column alone), as [`Engine::words_query`]
    /// is for words: every function here taking a query takes it.
    pub(crate) fn grams_query(self, grams: &GramQuery) -> String {
        let terms = grams.terms().iter();
        match self {
            Engine::Sqlite => {
                let phrases: Vec<String> = terms
                    .map(|t| match t {
                        GramTerm::Pair(p) => format!("\"{p}\""),
                        GramTerm::Starting(c) | GramTerm::Digits(c) => format!("\"{c}\" *"),
                    })
                    .collect();
                format!("grams : ({})", phrases.join(" "))
            }
            Engine::Postgres => terms
                .map(|t| match t {
                    GramTerm::Pair(p) => format!("'^{p}'"),
                    GramTerm::Starting(c) | GramTerm::Digits(c) => format!("'^{c}':*"),
                })
                .collect::<Vec<_>>()
                .join(" & "),
        }
    }

    /// The value a case's scope tokens (`words::scope_tokens`) are
    /// written as: space-separated for FTS5's `scope` column; a tsvector
    /// literal of the tokens each marked with `~` for PostgreSQL.
    pub(crate) fn scope_value(self, tokens: &[String]) -> String {
        match self {
            Engine::Sqlite => tokens.join(" "),
            Engine::Postgres => tokens
                .iter()
                .map(|t| format!("'~{t}'"))
                .collect::<Vec<_>>()
                .join(" "),
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

    /// The query that finds the cases having every one of `words` (on
    /// SQLite in the `words` column alone: a scope token is no word).
    pub(crate) fn words_query(self, words: &[String]) -> String {
        match self {
            Engine::Sqlite => {
                let phrases: Vec<String> = words.iter().map(|w| format!("\"{w}\"")).collect();
                format!("words : ({})", phrases.join(" "))
            }
            Engine::Postgres => words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(" & "),
        }
    }

    /// The query bound at `query` (made by [`Engine::words_query`]) asking
    /// also that the case carry one of the scope tokens `tokens` (a
    /// viewer's, `words::scope_tokens`), as an SQL expression that every
    /// function here taking a query takes. The tokens are the viewer's own
    /// ids, written into the statement as the scope clause writes them.
    pub(crate) fn words_within(self, query: &str, tokens: &[String]) -> String {
        match self {
            Engine::Sqlite => format!("({query} || ' AND scope : ({})')", tokens.join(" OR ")),
            Engine::Postgres => {
                let any: Vec<String> = tokens.iter().map(|t| format!("''~{t}''")).collect();
                format!(
                    "(CAST({query} AS tsquery) && CAST('{}' AS tsquery))",
                    any.join(" | ")
                )
            }
        }
    }

    /// A condition on `cases c`: the case has every word of the query bound
    /// at `query` (made by [`Engine::words_query`]).
    pub(crate) fn words_match(self, query: &str) -> String {
        format!("c.id IN ({})", self.words_ids(query))
    }

    /// [`Engine::words_match`] for words many cases have: the cases are
    /// walked in the list's order and each tested, so a page is found in
    /// the first few hundred. SQLite would otherwise read every matching
    /// case and sort them (150 ms for 119 000 of a million); it tests each
    /// case against the set of matches (the unary `+` keeps it from
    /// driving by id; looking each id up in the index costs 8 µs). On
    /// PostgreSQL each case's own row of words is tested (`OFFSET 0` keeps
    /// it a probe): its planner cannot tell how many cases of a scope have
    /// the words, and read all 50 000 of a department's matches before the
    /// first row (0.6 s, where walking takes 5 ms).
    /// `id` is the case's id as the walk reads it (`c.id`, or an
    /// assignment's `su.case_id`).
    pub(crate) fn words_match_walking(self, id: &str, query: &str) -> String {
        match self {
            Engine::Sqlite => format!("+{id} IN ({})", self.words_ids(query)),
            Engine::Postgres => format!(
                "EXISTS (SELECT 1 FROM case_words w WHERE w.case_id = {id}
                    AND w.terms @@ CAST({query} AS tsquery) OFFSET 0)"
            ),
        }
    }

    /// A condition on `cases c` admitting the newest `rows` cases matching
    /// `matching` (made by [`Engine::words_within`] or bound at a
    /// placeholder, as [`Engine::words_match`] takes it) and few others,
    /// `rows` bound in `p`; `None` on PostgreSQL, whose keys are the ids.
    /// SQLite takes the `rows`th match in key order ([`Engine::words_key`])
    /// and admits every match received on its day or later: each case
    /// among the newest `rows` by 接待日期 and id is received no earlier,
    /// so the page sorted is the page of all matches, and reads the matches
    /// of a few days, not every one.
    pub(crate) fn words_newest(self, matching: &str, p: &mut Params, rows: i64) -> Option<String> {
        match self {
            Engine::Postgres => None,
            Engine::Sqlite => Some(format!(
                "c.id IN (SELECT rowid & {ID_MASK} FROM case_words WHERE case_words MATCH {matching}
                    AND {})",
                sqlite_from_day_of(matching, p, rows)
            )),
        }
    }

    /// `SELECT` of the ids of the cases having every word of the query.
    fn words_ids(self, query: &str) -> String {
        match self {
            Engine::Sqlite => {
                format!(
                    "SELECT {} FROM case_words WHERE case_words MATCH {query}",
                    self.words_case_id()
                )
            }
            Engine::Postgres => {
                format!(
                    "SELECT {} FROM case_words WHERE terms @@ CAST({query} AS tsquery)",
                    self.words_case_id()
                )
            }
        }
    }

    /// SQL counting the cases having every word of the query bound at
    /// `query`, from the index alone, stopping at `cap` when given.
    pub(crate) fn words_count_sql(self, query: &str, cap: Option<i64>) -> String {
        let limit = cap.map(|c| format!(" LIMIT {c}")).unwrap_or_default();
        format!("SELECT COUNT(*) FROM ({}{limit}) n", self.words_ids(query))
    }

    /// A statement estimating how many cases match `matching`, as
    /// [`Engine::planned_rows_sql`] does: PostgreSQL only.
    pub(crate) fn words_estimate_sql(self, matching: &str) -> Option<String> {
        self.planned_rows_sql(&self.words_ids(matching))
    }

    /// What merges the index after it was written in bulk (every case
    /// indexed again after a migration or a restore, `xinfang generate`):
    /// FTS5's `optimize`, into one segment. Written 500 cases a
    /// transaction, a million cases' index was left in many, each searched
    /// in turn: a township's `危房 补助` 19.9 ms, 9.2 merged; the
    /// district's `危` as written 20.5, 11.4. Merging took 11 s. None on
    /// PostgreSQL, whose GIN index keeps one tree a word.
    pub(crate) fn words_merge_sql(self) -> Option<&'static str> {
        match self {
            Engine::Sqlite => Some("INSERT INTO case_words(case_words) VALUES ('optimize')"),
            Engine::Postgres => None,
        }
    }

    /// When a list learns whether its words are frequent enough to walk
    /// for ([`Engine::words_match_walking`]). SQLite asks the index first,
    /// counting up to [`FrequentWords::Asked`] (under 1 ms), as a walk
    /// changes how its counts are read too. PostgreSQL's GIN index builds
    /// every match before the first (15–30 ms), so it decides from the
    /// list's own count, walking from [`FrequentWords::Counted`] cases:
    /// fewer are read first. A near page of a scope walking its own lists
    /// walks from 2 000: 江官池镇's first page of `危房 补助` (8 118 of its
    /// 43 873 cases) 113–130 ms by hand reading them first, 3–4 walking
    /// its cases by date; `低保 取消` (3 949, few of its newest) 60–70, 31–42.
    pub(crate) fn frequent_words(self) -> FrequentWords {
        match self {
            Engine::Sqlite => FrequentWords::Asked(2_000),
            Engine::Postgres => FrequentWords::Counted {
                at: 10_000,
                near: 2_000,
            },
        }
    }

    /// Whether a ranked page scores every match once, apart, and joins to
    /// their cases only those scoring at least the page's last row
    /// (`CaseQuery::ranked_page_sql`). SQLite otherwise joins every match
    /// to its case before sorting (the district's `危房 补助` at a million:
    /// 387 ms, 216 apart). PostgreSQL's planner already sorts the scores
    /// first and joins until the page is full (an incremental sort), in
    /// parallel workers that a materialised list of scores would forbid.
    pub(crate) fn scores_apart(self) -> bool {
        matches!(self, Engine::Sqlite)
    }

    /// A FROM item of `(id, score)`: the cases matching `matching` (the
    /// query bound at `query`, or it [`Engine::words_within`] a scope), each
    /// scored by the words of `query` alone so that higher fits better —
    /// BM25 on SQLite (negated: FTS5 gives lower for better; the scope
    /// and grams columns weigh nothing, though the length it weighs a case
    /// by is its whole row's), `ts_rank` of the words on PostgreSQL. The
    /// scores weigh each word by how few of all cases have it.
    pub(crate) fn words_ranked(self, matching: &str, query: &str) -> String {
        match self {
            Engine::Sqlite => format!(
                "(SELECT {} AS id, -bm25(case_words, 1.0, 0.0, 0.0) AS score FROM case_words
                  WHERE case_words MATCH {matching})",
                self.words_case_id(),
            ),
            Engine::Postgres => format!(
                "(SELECT {} AS id, ts_rank(words, CAST({query} AS tsquery)) AS score
                  FROM case_words WHERE terms @@ CAST({matching} AS tsquery))",
                self.words_case_id()
            ),
        }
    }

    /// [`Engine::words_ranked`] of only the cases `ids` (a `SELECT` of the
    /// ids of at most `rows` newest matches, as the list newest first reads
    /// them). PostgreSQL looks up each one's words. SQLite scores the
    /// matches received on the day of the `rows`th in the index's order or
    /// later ([`Engine::words_newest`]), which hold the `ids`, and keeps
    /// theirs: FTS5 scores only in a search of its own, stopping at the
    /// day's start rather than scoring every match (the district's `危房
    /// 补助` at a million: the newest 1 000 in 12 ms, all 66 376 in 194 ms).
    pub(crate) fn words_ranked_among(
        self,
        matching: &str,
        query: &str,
        ids: &str,
        p: &mut Params,
        rows: i64,
    ) -> String {
        match self {
            Engine::Sqlite => format!(
                "(SELECT s.id, s.score FROM (SELECT rowid & {ID_MASK} AS id,
                    -bm25(case_words, 1.0, 0.0, 0.0) AS score FROM case_words
                    WHERE case_words MATCH {matching} AND {}) s
                  WHERE s.id IN ({ids}))",
                sqlite_from_day_of(matching, p, rows)
            ),
            Engine::Postgres => format!(
                "(SELECT w.case_id AS id, ts_rank(w.words, CAST({query} AS tsquery)) AS score
                  FROM case_words w WHERE w.case_id IN ({ids}))"
            ),
        }
    }
}

/// SQLite's condition on the index's `rowid`: from the start of the day of
/// the `rows`th match of `matching` in key order (newest first), `rows`
/// bound in `p`; every match when fewer match.
fn sqlite_from_day_of(matching: &str, p: &mut Params, rows: i64) -> String {
    let skip = p.int(rows.max(1) - 1);
    format!(
        "rowid >= COALESCE((SELECT rowid - (rowid & {ID_MASK}) FROM case_words
            WHERE case_words MATCH {matching} ORDER BY rowid DESC LIMIT 1 OFFSET {skip}),
            -9223372036854775807 - 1)"
    )
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
        assert_eq!(
            Engine::Sqlite.words_query(&q),
            "words : (\"危房\" \"补助\")"
        );
        assert_eq!(Engine::Postgres.words_query(&q), "'危房' & '补助'");
        assert!(is_derived_table("case_words_pending"));
        assert!(is_derived_table("case_words"));
        assert!(!is_derived_table("cases"));
    }

    #[test]
    fn sqlites_keys_run_by_the_day_received_then_the_id_and_give_the_id_back() {
        let day = |d: i64| (KEY_EPOCH_DAY + d) * DAY_MS;
        // (id, received at in ms), in the order the keys must run: by the
        // day, then the id (the time within a day does not count), before
        // 2000 and after 2038 alike.
        let cases = [
            (9, day(-40 * 365)),
            (3, day(-1) + DAY_MS - 1),
            (2, day(0)),
            (5, day(0) + DAY_MS - 1),
            (1, day(1)),
            (1, day(1) + 500),
            (ID_MASK, day(1)),
            (7, day(30_000)),
        ];
        let keys: Vec<i64> = cases
            .iter()
            .map(|&(id, at)| Engine::Sqlite.words_key(id, at))
            .collect();
        for (i, pair) in keys.windows(2).enumerate() {
            let same = cases[i].0 == cases[i + 1].0
                && cases[i].1.div_euclid(DAY_MS) == cases[i + 1].1.div_euclid(DAY_MS);
            assert!(
                pair[0] < pair[1] || same && pair[0] == pair[1],
                "{i}: {pair:?}"
            );
        }
        for (&(id, _), key) in cases.iter().zip(&keys) {
            assert_eq!(key & ID_MASK, id, "{key}");
        }
        // Dates no case has stay in order without overflowing.
        assert!(Engine::Sqlite.words_key(1, i64::MAX) > keys[7]);
        assert!(Engine::Sqlite.words_key(1, i64::MIN) < keys[0]);
        assert_eq!(Engine::Postgres.words_key(42, day(5)), 42);
    }

    #[test]
    fn a_scope_is_written_apart_from_the_words() {
        let tokens = words(&["t24", "u7"]);
        assert_eq!(Engine::Sqlite.scope_value(&tokens), "t24 u7");
        assert_eq!(Engine::Postgres.scope_value(&tokens), "'~t24' '~u7'");
        assert_eq!(Engine::Postgres.scope_value(&[]), "");
        assert_eq!(
            Engine::Sqlite.words_within("$1", &tokens),
            "($1 || ' AND scope : (t24 OR u7)')"
        );
        assert_eq!(
            Engine::Postgres.words_within("$1", &tokens),
            "(CAST($1 AS tsquery) && CAST('''~t24'' | ''~u7''' AS tsquery))"
        );
    }
}
