//! A scope's newest cases having the words a list walks for (words many
//! cases have, on an engine without an index kept by date), read by
//! walking the scope's own lists newest first rather than the district's.

use super::{CaseQuery, IdsPage};

impl CaseQuery {
    /// A page newest first (`c.received_at DESC, c.id DESC`) of a scope's
    /// cases having the words, in full, where the words and the scope alone
    /// decide the list and it walks for them: the page's ids as
    /// [`CaseQuery::scope_newest_ids_sql`] reads them, then their rows.
    /// `None` otherwise.
    pub fn scope_newest_page_sql(&mut self, limit: i64, offset: i64) -> Option<IdsPage> {
        let ids = self.scope_newest_ids_sql(limit, offset)?;
        Some(IdsPage::new(ids, "c.received_at DESC, c.id DESC"))
    }

    /// Whether a walk for the list's words walks the scope's own lists
    /// ([`CaseQuery::scope_newest_page_sql`], a page newest first without
    /// a cursor): a scope that has some (a territory, a unit, a 包案领导),
    /// and the words and the scope alone deciding the list.
    pub fn walks_own_lists(&self) -> bool {
        self.own_lists_scope().is_some() && self.counts_words_alone()
    }

    /// The scope, where it has lists of its own (not the district's).
    fn own_lists_scope(&self) -> Option<xinfang_domain::access::CaseScope> {
        self.scope
            .filter(|s| !s.all && (s.territory.is_some() || s.unit.is_some() || s.leader.is_some()))
    }

    /// The ids of the page of `limit` at `offset` of a scope's (not the
    /// district's) cases having the words the list walks for, newest
    /// first: each of the scope's own lists (its territory's cases, its
    /// unit's assignments — for a township only those of other townships'
    /// cases, `super::unit_lists` — its 包案领导's cases) walked newest
    /// first off its own index, each case tested, stopping at the page's
    /// end; then the page of those, once each (a case in two lists carries
    /// the same 接待日期 in both). Every case among the scope's newest
    /// `offset + limit` is among as many newest of a list that holds it.
    ///
    /// The general walk reads the district's cases newest first, testing
    /// each for the scope. On PostgreSQL at a million: a department's
    /// newest 1 000 `住院 报销` tested 21 468 cases (117 ms; its
    /// assignments, 1 377: 25 ms); 苏桥镇's newest 1 000 `危房 补助` 75 000
    /// (0.78 s; its two lists, 42–50 ms), its first page 28–60 ms (5.5–7).
    ///
    /// `None` where the list does not walk for its words, has another
    /// condition, or is the district's.
    pub(super) fn scope_newest_ids_sql(&mut self, limit: i64, offset: i64) -> Option<String> {
        let scope = self.own_lists_scope()?;
        let w = self
            .words
            .as_ref()
            .filter(|w| w.walking && self.counts_words_alone())?;
        let matching = w.matching();
        let engine = w.engine;
        let probe = |id: &str| engine.words_match_walking(id, &matching);
        let end = self.params.int(limit.max(0) + offset.max(0));
        let mut arms = Vec::new();
        for (column, id) in [
            ("township_id", scope.territory),
            ("leader_user_id", scope.leader),
        ] {
            if let Some(id) = id {
                arms.push(format!(
                    "SELECT c.id AS id, c.received_at AS r FROM cases c WHERE c.{column} = {id} AND {}
                     ORDER BY c.received_at DESC, c.id DESC LIMIT {end}",
                    probe("c.id")
                ));
            }
        }
        for on in super::unit_lists("", &scope) {
            // A township's unit's assignments of other townships' cases
            // (few, often none) are read whole before each is tested
            // (`Engine::read_whole`): walking the unit's list by 接待日期,
            // PostgreSQL expected half of its assignments to be of other
            // townships and tested every one of its own territory's for it
            // (苏桥镇's first page 22 -> 157 ms).
            let fence = match scope.territory {
                Some(_) => engine.read_whole(),
                None => "",
            };
            arms.push(format!(
                "SELECT su.case_id AS id, su.received_at AS r
                 FROM (SELECT case_id, received_at FROM case_units WHERE {on}{fence}) su
                 WHERE {}
                 ORDER BY su.received_at DESC, su.case_id DESC LIMIT {end}",
                probe("su.case_id")
            ));
        }
        // Each list its own FROM item, so its order and limit hold on
        // either engine (SQLite takes no parenthesised member of a UNION).
        let arms: Vec<String> = arms
            .iter()
            .enumerate()
            .map(|(i, a)| format!("SELECT id, r FROM ({a}) a{i}"))
            .collect();
        let page = self.params.page(limit, offset);
        Some(format!(
            "SELECT u.id FROM ({}) u ORDER BY u.r DESC, u.id DESC {page}",
            arms.join(" UNION ")
        ))
    }
}
