//! A case query's text search by words (全文检索), or as written by its
//! grams: asked of the engine's full-text index, within the viewer's scope
//! tokens.

use xinfang_domain::search::GramQuery;

use super::CaseQuery;
use super::{CASE_COLUMNS, CASE_FROM};
use crate::Engine;

/// A text search by words within a [`CaseQuery`].
#[derive(Debug, Clone)]
pub(super) struct WordsSearch {
    /// The query's placeholder.
    pub(super) query: String,
    /// The tokens of a viewer's scope (not the district's), asked of the
    /// index with the words: the index alone then answers for the scope.
    pub(super) tokens: Vec<String>,
    /// Where its condition is in `wheres` (a ranked page joins the scored
    /// words instead).
    pub(super) at: usize,
    /// The query itself (`Engine::words_query` or `Engine::grams_query`).
    pub(super) text: String,
    pub(super) engine: Engine,
    /// What it asks the index for.
    pub(super) asks: Asks,
    /// Whether the list walks for it ([`CaseQuery::walk_for_words`]).
    pub(super) walking: bool,
}

/// What a [`WordsSearch`] asks the index for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Asks {
    /// Words, which rank.
    Words,
    /// Grams (a search as written), which do not; when not exact, each
    /// case found is read again for the text as written.
    Grams { read_again: bool },
}

impl WordsSearch {
    /// Whether each case it finds is read again for the text as written.
    pub(super) fn reads_again(&self) -> bool {
        self.asks == Asks::Grams { read_again: true }
    }

    /// What the index is asked: the query, within the scope's tokens.
    pub(super) fn matching(&self) -> String {
        self.asking(&self.query)
    }

    /// The query bound at `query`, within the scope's tokens when there
    /// are any (`Engine::words_within`).
    fn asking(&self, query: &str) -> String {
        if self.tokens.is_empty() {
            query.to_string()
        } else {
            self.engine.words_within(query, &self.tokens)
        }
    }
}

impl CaseQuery {
    /// Only cases whose words (`Engine::words_query`) include all of `words`.
    pub(super) fn by_words(&mut self, words: &[String], engine: Engine) {
        self.by_index(engine.words_query(words), engine, Asks::Words);
    }

    /// Only cases whose grams (`Engine::grams_query`) include all that
    /// `grams` asks for: those whose number, summary or petitioner's name
    /// say the text, when the grams are exact, else a few more.
    pub(super) fn by_grams(&mut self, grams: &GramQuery, engine: Engine) {
        let read_again = !grams.exact();
        self.by_index(
            engine.grams_query(grams),
            engine,
            Asks::Grams { read_again },
        );
    }

    /// Only cases the index finds for the query `text`, which `asks` it.
    fn by_index(&mut self, text: String, engine: Engine, asks: Asks) {
        let query = self.params.text(text.clone());
        // The scope clause stays first among the conditions: the
        // index narrows, the clause decides.
        let tokens = match self.scope {
            Some(scope) if !scope.all => crate::words::viewer_tokens(&scope),
            _ => Vec::new(),
        };
        let words = WordsSearch {
            query,
            tokens,
            at: self.wheres.len(),
            text,
            engine,
            asks,
            walking: false,
        };
        self.push(engine.words_match(&words.matching()));
        self.words = Some(words);
    }

    /// Whether the cases the index finds are each read again for the text
    /// as written (grams that are not exact). Nearly all of them say it, so
    /// such a list is best counted from them, before deciding whether to
    /// walk for its page.
    pub fn reads_matches_again(&self) -> bool {
        self.words.as_ref().is_some_and(WordsSearch::reads_again)
    }

    /// SQL counting, up to `cap`, the cases the text search's words ask the
    /// index for (within the scope, as [`WordsSearch::matching`] asks),
    /// with its one parameter `$1`, and the value to bind there; `None`
    /// without a search by words.
    pub fn words_count_probe(&self, cap: i64) -> Option<(String, &str)> {
        self.words_probe(|engine, matching| Some(engine.words_count_sql(matching, Some(cap))))
    }

    /// SQL estimating (`Engine::words_estimate_sql`) how many cases have
    /// the text search's words within the scope, with its one parameter
    /// `$1`, and the value to bind there; `None` where the engine does not
    /// estimate, or where the words and the scope alone do not decide the
    /// list (another filter, or grams whose cases are read again).
    pub fn words_estimate_probe(&self) -> Option<(String, &str)> {
        if !self.counts_words_alone() {
            return None;
        }
        self.words_probe(Engine::words_estimate_sql)
    }

    /// The SQL `sql` writes of the text search's words within the scope
    /// (asked at `$1`), and the value to bind there.
    fn words_probe(
        &self,
        sql: impl FnOnce(Engine, &str) -> Option<String>,
    ) -> Option<(String, &str)> {
        let w = self.words.as_ref()?;
        Some((sql(w.engine, &w.asking("$1"))?, w.text.as_str()))
    }

    /// Read a page of the `rows` newest cases having the text search's
    /// words off the index in its own order, where the engine keeps it by
    /// date (see `Engine::words_newest`) and the index alone answers for
    /// the list (the words within the scope, no other condition); whether
    /// it does.
    pub fn newest_words(&mut self, engine: Engine, rows: i64) -> bool {
        let Some(w) = self.words.as_ref().filter(|_| self.counts_words_alone()) else {
            return false;
        };
        let (matching, at) = (w.matching(), w.at);
        match engine.words_newest(&matching, &mut self.params, rows) {
            Some(newest) => {
                self.wheres[at].cases = newest;
                true
            }
            None => false,
        }
    }

    /// Test the text search's words case by case down the list's order
    /// rather than read the matching cases first (for words many cases have;
    /// see `Engine::words_match_walking`).
    pub fn walk_for_words(mut self, engine: Engine) -> CaseQuery {
        if let Some(w) = &mut self.words {
            self.wheres[w.at].cases = engine.words_match_walking("c.id", &w.matching());
            w.walking = true;
        }
        self
    }

    /// Whether a page by relevance is ranked by the words alone within the
    /// scope: a search by words (grams do not rank) that, with the scope,
    /// alone decides the list. Such a list may rank only its newest matches
    /// ([`CaseQuery::ranked_newest_page_sql`]).
    pub fn ranks_words_alone(&self) -> bool {
        self.words.as_ref().is_some_and(|w| w.asks == Asks::Words) && self.counts_words_alone()
    }

    /// A page of the matching cases' rows, those the text search's words
    /// fit best first (see `CaseSort::Relevance`), then newest received:
    /// the page's ids with their scores first, then those rows in full.
    /// Every match is ranked. None without a search by words (a search by
    /// grams does not rank).
    ///
    /// Where the engine scores apart (`Engine::scores_apart`) and the
    /// index alone answers for the list (the words within the scope, no
    /// other condition), each match is scored once and only those scoring
    /// at least the page's last row are joined to their cases for the
    /// order by date: every row of the page scores that much. With other
    /// conditions each match is tested first, and every one that passes
    /// is ranked.
    pub fn ranked_page_sql(&mut self, engine: Engine, limit: i64, offset: i64) -> Option<String> {
        let words = self.words.clone().filter(|w| w.asks == Asks::Words)?;
        let (matching, at) = (words.matching(), words.at);
        let mut wheres: Vec<String> = self
            .wheres
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, w)| w.cases.clone())
            .collect();
        let ranked = engine.words_ranked(&matching, &words.query);
        let (with, scored) = if self.counts_words_alone() && engine.scores_apart() {
            let last = self.params.int((limit + offset.max(0) - 1).max(0));
            wheres.push(format!(
                "r.score >= COALESCE((SELECT score FROM r ORDER BY score DESC LIMIT 1 OFFSET {last}), r.score)"
            ));
            (format!("WITH r AS MATERIALIZED {ranked} "), "r".to_string())
        } else {
            (String::new(), ranked)
        };
        let page = self.params.page(limit, offset);
        Some(self.ranked_rows_sql(&with, &scored, &wheres.join(" AND "), &page))
    }

    /// A page of the newest `n` matching cases (by 接待日期, then id, as
    /// the list newest first has them) ranked as
    /// [`CaseQuery::ranked_page_sql`] ranks every match: those ids first,
    /// as the list's page of `n` newest first reads them (off the index
    /// kept by date where the engine keeps one, or walking for words many
    /// cases have), then only they are scored. For a list the words and
    /// scope alone decide ([`CaseQuery::ranks_words_alone`]).
    pub fn ranked_newest_page_sql(
        &mut self,
        engine: Engine,
        n: i64,
        limit: i64,
        offset: i64,
    ) -> Option<String> {
        let words = self.words.clone().filter(|w| w.asks == Asks::Words)?;
        let newest = "c.received_at DESC, c.id DESC";
        let ids = match self.newest_words(engine, n) {
            true => None,
            false => self.scope_newest_ids_sql(n, 0),
        }
        .unwrap_or_else(|| self.ids_page_sql(newest, n, 0));
        let ranked =
            engine.words_ranked_among(&words.matching(), &words.query, &ids, &mut self.params, n);
        let page = self.params.page(limit, offset);
        Some(self.ranked_rows_sql("", &ranked, "1=1", &page))
    }

    /// The rows of a ranked page: the cases scored by `scored` (a FROM
    /// item of `(id, score)`, named by `with`) meeting `wheres`, best
    /// first, then newest received; the page of their ids, then those rows
    /// in full.
    fn ranked_rows_sql(&self, with: &str, scored: &str, wheres: &str, page: &str) -> String {
        format!(
            "{with}SELECT {CASE_COLUMNS}{} {CASE_FROM} JOIN (
                SELECT c.id, r.score {} JOIN {scored} r ON r.id = c.id WHERE {wheres}
                ORDER BY r.score DESC, c.received_at DESC, c.id DESC {page}) pg
                ON pg.id = c.id
             ORDER BY pg.score DESC, c.received_at DESC, c.id DESC",
            self.extra_columns,
            self.counting_from(),
        )
    }
}
