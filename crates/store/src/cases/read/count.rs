//! How a [`CaseQuery`] counts its cases. The general count tests every
//! case of the scope against the conditions; where there is no condition
//! but the scope (and the text search's words), the count is read off the
//! indexes that hold the scope's case ids — the township's cases, the
//! unit's assignments, the leader's cases, the full-text index with each
//! case's scope — without looking a case up. Figures (SQLite, 1 000 300
//! cases, the sqlite3 shell, warm) are in BENCHMARKS.md.

use xinfang_domain::access::CaseScope;

use super::{CaseQuery, scope_ids_sql};

impl CaseQuery {
    /// `SELECT COUNT(*)` of the matching cases.
    pub fn count_sql(&self) -> String {
        self.read_off_indexes(None).unwrap_or_else(|| {
            format!(
                "SELECT COUNT(*) {} WHERE {}",
                self.counting_from(),
                self.counting_where_sql()
            )
        })
    }

    /// `SELECT COUNT(*)` of the matching cases, stopping at `cap` (a
    /// number the store chose, written into the text so the parameters
    /// stay those of the conditions).
    pub fn count_up_to_sql(&self, cap: i64) -> String {
        let cap = cap.max(0);
        self.read_off_indexes(Some(cap)).unwrap_or_else(|| {
            format!(
                "SELECT COUNT(*) FROM (SELECT 1 AS one {} WHERE {} LIMIT {cap}) capped",
                self.counting_from(),
                self.counting_where_sql()
            )
        })
    }

    /// Whether the count is the full-text index's alone: the text search's
    /// words and no other condition than the scope, which is the
    /// district's or is asked of the index with the words. Such a count
    /// does not depend on how the list walks for the words.
    pub fn counts_words_alone(&self) -> bool {
        match (&self.words, self.scope) {
            (Some(words), Some(scope)) => {
                !self.joined
                    && self.wheres.len() == 2
                    && words.at == 1
                    && (scope.all || !words.tokens.is_empty())
            }
            _ => false,
        }
    }

    /// Whether the count is of the index's matches for a text as written
    /// read again, and nothing else: the grams, asked within the scope as
    /// [`CaseQuery::counts_words_alone`] asks its words, so the index
    /// answers for the scope, and the text. Such a count reads the matches
    /// alone, not the scope's set of cases too (which SQLite would read
    /// first, testing each of a township's 58 000 cases: 95 ms).
    pub(super) fn counts_matches_read_again(&self) -> bool {
        match (&self.words, self.scope) {
            (Some(words), Some(scope)) => {
                words.reads_again()
                    && self.wheres.len() == 3
                    && words.at == 1
                    && (scope.all || !words.tokens.is_empty())
            }
            _ => false,
        }
    }

    /// The count read off indexes alone, stopping at `cap` when given;
    /// `None` for the general count.
    fn read_off_indexes(&self, cap: Option<i64>) -> Option<String> {
        if self.counts_words_alone() {
            // The district's cases having the words: every case is in its
            // scope and has one row of words, so the full-text index
            // counts alone (0.5 ms where the general count tests 10 000
            // cases against the matches, 30 ms). A township's, a
            // department's or a leader's: the index holds each case's
            // scope with its words, written in the same transaction as any
            // change of either, so it counts alone too (a township's two
            // words at a million: 5 ms where testing the township's cases
            // against the matches took 54 ms).
            let words = self.words.as_ref()?;
            return Some(words.engine.words_count_sql(&words.matching(), cap));
        }
        if self.joined || self.words.is_some() {
            return None;
        }
        let scope = self.scope?;
        let rest = &self.wheres[1..];
        let on_units: Vec<&str> = rest
            .iter()
            .map(|w| w.units.as_deref())
            .collect::<Option<_>>()?;
        let filters = Filters {
            cases: rest.iter().map(|w| format!(" AND {}", w.cases)).collect(),
            units: on_units.iter().map(|w| format!(" AND {w}")).collect(),
        };
        (!scope.all)
            .then(|| scope_count_sql(&scope, cap, &filters))
            .flatten()
    }
}

/// The conditions after the scope, each on the columns the assignments
/// carry too (see `Condition`), written as `AND …` over `cases c` and over
/// `case_units su`.
struct Filters {
    cases: String,
    units: String,
}

/// The count of a scope's cases (not the district's) by `filters`,
/// stopping at `cap` when given, or `None` where the general count is as
/// fast. Each assignment carries its case's 接待日期, 接待状态, 类别 and
/// township, so the counts below read index entries only.
///
/// A unit's (a department's), with its 包案领导's cases: counted from its
/// assignments alone, never the cases they point at, plus the leader's
/// cases not among them; each part stopped at `cap`, so the sum reaches
/// `cap` whenever the scope holds `cap` cases (capped 1 ms where the
/// general count looks up 10 000 cases, 120 ms; exact 3 ms against 174 ms;
/// a department's 已办结 重复访 at a million: 7 465 of its 82 121, each
/// looked up, 0.3 s).
///
/// A township's territory and unit: its own cases off its index, and the
/// cases assigned to it from other townships off the assignments' (two
/// short ranges of `case_units_township`, `super::assigned_elsewhere`) —
/// sets without a case in common, so the exact count is their sum and the
/// capped one stops at the cap across both.
fn scope_count_sql(scope: &CaseScope, cap: Option<i64>, filters: &Filters) -> Option<String> {
    let limit = cap.map(|c| format!(" LIMIT {c}")).unwrap_or_default();
    let Filters { cases, units } = filters;
    match (scope.territory, scope.unit) {
        (None, Some(unit)) => {
            let mut sql = format!(
                "SELECT (SELECT COUNT(*) FROM (SELECT 1 AS one FROM case_units su
                    WHERE su.org_id = {unit}{units}{limit}) assigned)"
            );
            if let Some(leader) = scope.leader {
                sql.push_str(&format!(
                    " + (SELECT COUNT(*) FROM (SELECT 1 AS one FROM cases c
                        WHERE c.leader_user_id = {leader}{cases} AND NOT EXISTS (SELECT 1 FROM case_units su
                            WHERE su.case_id = c.id AND su.org_id = {unit}){limit}) led)"
                ));
            }
            Some(sql)
        }
        (Some(township), _) if scope.leader.is_none() => {
            let own = format!("FROM cases c WHERE c.township_id = {township}{cases}");
            let others: Vec<String> = super::unit_lists("su.", scope)
                .into_iter()
                .map(|on| format!("FROM case_units su WHERE {on}{units}"))
                .collect();
            Some(match cap {
                None => {
                    let parts: Vec<String> = std::iter::once(&own)
                        .chain(&others)
                        .map(|from| format!("(SELECT COUNT(*) {from})"))
                        .collect();
                    format!("SELECT {}", parts.join(" + "))
                }
                Some(_) => {
                    // Nothing but the indexes' own columns is selected, so
                    // PostgreSQL reads the entries alone (the township's
                    // 已办结 重复访: 3 904 cases looked up, 48 ms).
                    let others: String = others
                        .iter()
                        .map(|o| format!(" UNION ALL SELECT 1 AS one {o}"))
                        .collect();
                    format!("SELECT COUNT(*) FROM (SELECT 1 AS one {own}{others}{limit}) n")
                }
            })
        }
        (Some(_), _) if cap.is_none() && cases.is_empty() => Some(format!(
            "SELECT COUNT(*) FROM ({}) s",
            scope_ids_sql(scope)?
        )),
        _ => None,
    }
}
