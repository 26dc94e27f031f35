//! A case query's text search by words (全文检索): asked of the engine's
//! full-text index, within the viewer's scope tokens.

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
    /// The query itself (`Engine::words_query`).
    pub(super) text: String,
    pub(super) engine: Engine,
}

impl WordsSearch {
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
        let text = engine.words_query(words);
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
        };
        self.push(engine.words_match(&words.matching()));
        self.words = Some(words);
    }

    /// SQL counting, up to `cap`, the cases the text search's words ask the
    /// index for (within the scope, as [`WordsSearch::matching`] asks),
    /// with its one parameter `$1`, and the value to bind there; `None`
    /// without a search by words.
    pub fn words_count_probe(&self, cap: i64) -> Option<(String, &str)> {
        let w = self.words.as_ref()?;
        Some((
            w.engine.words_count_sql(&w.asking("$1"), Some(cap)),
            w.text.as_str(),
        ))
    }

    /// Test the text search's words case by case down the list's order
    /// rather than read the matching cases first (for words many cases have;
    /// see `Engine::words_match_walking`).
    pub fn walk_for_words(mut self, engine: Engine) -> CaseQuery {
        if let Some(w) = &mut self.words {
            self.wheres[w.at].cases = engine.words_match_walking(&w.matching());
        }
        self
    }

    /// A page of the matching cases' rows, those the text search's words
    /// fit best first (see `CaseSort::Relevance`), then newest received:
    /// the page's ids with their scores first, then those rows in full.
    /// None without a search by words.
    pub fn ranked_page_sql(&mut self, engine: Engine, limit: i64, offset: i64) -> Option<String> {
        let words = self.words.clone()?;
        let (matching, at) = (words.matching(), words.at);
        let wheres: Vec<&str> = self
            .wheres
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != at)
            .map(|(_, w)| w.cases.as_str())
            .collect();
        let page = self.params.page(limit, offset);
        Some(format!(
            "SELECT {CASE_COLUMNS}{} {CASE_FROM} JOIN (
                SELECT c.id, r.score {} JOIN {} r ON r.id = c.id WHERE {}
                ORDER BY r.score DESC, c.received_at DESC, c.id DESC {page}) pg
                ON pg.id = c.id
             ORDER BY pg.score DESC, c.received_at DESC, c.id DESC",
            self.extra_columns,
            self.counting_from(),
            engine.words_ranked(&matching, &words.query),
            wheres.join(" AND ")
        ))
    }
}
