//! A unit's page (a department's, a township's) newest first, read off the
//! unit's own indexes: its assignments by 接待日期 (`case_units_received`)
//! and, for a township, its territory's cases (`cases_township`), the two
//! merged. The general page walks every case of the district newest first
//! and asks of each whether the unit may see it, so a page deep in a
//! unit's list read every case it skipped: a department's page at offset
//! 50 000 took 480 ms, a township's at 20 000 two seconds, each now a
//! few milliseconds.

use super::{CaseQuery, DEEP_OFFSET};
use crate::Engine;

impl CaseQuery {
    /// A page of the unit's cases newest first, in full (see
    /// [`CaseQuery::unit_page_ids_sql`]).
    pub fn unit_page_sql(&mut self, engine: Engine, limit: i64, offset: i64) -> Option<String> {
        let ids = self.unit_page_ids_sql(engine, limit, offset)?;
        Some(self.rows_sql(&ids, "c.received_at DESC, c.id DESC"))
    }

    /// The ids of a page of the unit's cases newest first (`c.received_at
    /// DESC, c.id DESC`), as the condition `c.id IN (…)` a page reads its
    /// rows by; `None` where the general page is the one to use:
    /// - the scope is not a unit's (the district's, a leader's);
    /// - a text search, or a condition on a joined table (the petitioner's
    ///   name), which the general page answers off its own indexes;
    /// - other conditions on a near page, where the general page walks the
    ///   index the condition has (a status few cases are in) rather than
    ///   every case of the unit;
    /// - a township's near page on an engine that does not merge a `UNION`
    ///   as it reads it ([`Engine::merges_unions`]), where probing each
    ///   case costs less than uniting both lists whole.
    fn unit_page_ids_sql(&mut self, engine: Engine, limit: i64, offset: i64) -> Option<String> {
        let scope = self.scope?;
        let unit = scope.unit?;
        if scope.all || scope.leader.is_some() || self.words.is_some() || self.joined {
            return None;
        }
        let cursor_at = self.cursor.as_ref().map(|(at, _, _)| *at);
        let filters: Vec<&str> = self
            .wheres
            .iter()
            .enumerate()
            .skip(1)
            .filter(|(i, _)| Some(*i) != cursor_at)
            .map(|(_, w)| w.as_str())
            .collect();
        let near = offset < DEEP_OFFSET;
        if near && (!filters.is_empty() || (scope.territory.is_some() && !engine.merges_unions())) {
            return None;
        }
        let and = |mut conds: Vec<String>| {
            conds.extend(filters.iter().map(|f| f.to_string()));
            conds.join(" AND ")
        };
        let after = |key: &str, id: &str| {
            self.cursor
                .as_ref()
                .map(|(_, k, i)| format!("({key}, {id}) < ({k}, {i})"))
        };
        // The unit's assignments; the case is read only for a condition.
        let from = if filters.is_empty() {
            "case_units su"
        } else {
            "case_units su JOIN cases c ON c.id = su.case_id"
        };
        let mut conds = vec![format!("su.org_id = {unit}")];
        conds.extend(after("su.received_at", "su.case_id"));
        let mut arms = vec![format!(
            "SELECT su.case_id AS id, su.received_at AS r FROM {from} WHERE {}",
            and(conds)
        )];
        if let Some(township) = scope.territory {
            let mut conds = vec![format!("c.township_id = {township}")];
            conds.extend(after("c.received_at", "c.id"));
            arms.insert(
                0,
                format!(
                    "SELECT c.id AS id, c.received_at AS r FROM cases c WHERE {}",
                    and(conds)
                ),
            );
        }
        let page = self.params.page(limit, offset);
        Some(format!(
            "SELECT u.id FROM ({} ORDER BY r DESC, id DESC {page}) u",
            arms.join(" UNION ")
        ))
    }
}
