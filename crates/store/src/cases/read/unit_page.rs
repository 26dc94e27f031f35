//! A unit's page (a department's, a township's) newest first, read off the
//! unit's own indexes: its assignments by 接待日期 (`case_units_received`)
//! and, for a township, its territory's cases (`cases_township`), the two
//! merged; on PostgreSQL, which hashes a `UNION`'s lists whole, a
//! township's unit is read only for other townships' cases
//! (`case_units_township`), each list as far as the page reaches. The
//! general page walks every case of the district newest first and asks of
//! each whether the unit may see it, so a page deep in a unit's list read
//! every case it skipped: a department's page at offset 50 000 took
//! 480 ms, a township's at 20 000 two seconds, each now a few
//! milliseconds.

use super::{CaseQuery, DEEP_OFFSET, IdsPage};
use crate::Engine;

/// The most cases a list may count for its near page with a 接待状态 to
/// be read off the unit's indexes by status (and sorted) rather than by
/// walking the district's.
const FEW: i64 = 5_000;

impl CaseQuery {
    /// A page of the unit's cases newest first (`c.received_at DESC, c.id
    /// DESC`), in full: the page's ids off the unit's indexes, then their
    /// rows; `None` where the general page is the one to use:
    /// - the scope is not a unit's (the district's, a leader's);
    /// - a text search, or a condition on a joined table (the petitioner's
    ///   name), which the general page answers off its own indexes;
    /// - other conditions on a near page, where the general page walks the
    ///   index the condition has (a status few cases are in) rather than
    ///   every case of the unit — unless the list has few cases
    ///   (`counted`, exactly, at most [`FEW`]) and a 接待状态 among its
    ///   filters, which narrows the unit's indexes by status to them, or
    ///   the filters leave each of its lists in an index by 接待日期
    ///   ([`in_date_order`]);
    /// - a township's near page otherwise, on an engine that does not merge
    ///   a `UNION` as it reads it ([`Engine::merges_unions`]), where
    ///   probing each case costs less than sorting a list.
    pub fn unit_page_sql(
        &mut self,
        engine: Engine,
        limit: i64,
        offset: i64,
        counted: Option<i64>,
    ) -> Option<IdsPage> {
        let scope = self.scope?;
        scope.unit?;
        if scope.all || scope.leader.is_some() || self.words.is_some() || self.joined {
            return None;
        }
        let rest = &self.wheres[1..];
        let filtered = rest.iter().any(|w| !w.cursor);
        let near = offset < DEEP_OFFSET;
        // The general page walks the district's cases of the filter's
        // status newest first, testing each for the scope: quick where the
        // scope holds many of them, slow where it holds few of many (a
        // township's 3 904 of the district's 187 349 已办结 重复访: 19 000
        // cases tested, 117 ms on PostgreSQL). Those few are read off the
        // unit's indexes by status, and sorted.
        let units_only = rest.iter().all(|w| w.units.is_some());
        let narrowed =
            counted.is_some_and(|n| n <= FEW) && rest.iter().any(|w| w.by_status) && units_only;
        // Where the filters leave each of the unit's lists in an index by
        // 接待日期, each is read newest first only as far as the page and
        // the lists merged (a township's on an engine that hashes a
        // `UNION` whole read apart, below): a township's near page of
        // 已办结 重复访 at a million 3.0–3.3 ms on SQLite, 32–43 walking the
        // district's; on PostgreSQL 7–9, 25–27.
        let apart = !engine.merges_unions() && scope.territory.is_some();
        let in_order = units_only && in_date_order(rest);
        if near && !narrowed && !in_order && (filtered || apart) {
            return None;
        }
        // The unit's assignments, each condition written on them where
        // they carry its columns (the 接待状态, 类别, township, 接待日期),
        // so the case is read only for a condition on another column.
        let from = if units_only {
            "case_units su"
        } else {
            "case_units su JOIN cases c ON c.id = su.case_id"
        };
        let on_units = rest
            .iter()
            .map(|w| w.units.clone().unwrap_or_else(|| w.cases.clone()));
        let on_units: Vec<String> = on_units.collect();
        // A township's unit's assignments are nearly all of its own
        // territory's cases. An engine that merges the lists as it reads
        // them reads the unit's whole list in order (index entries only; a
        // list of other townships' cases would have to be sorted first,
        // and SQLite then sorted the territory's 54 000 too: 1.6 -> 86 ms);
        // one that hashes each list whole reads only those of other
        // townships (`super::unit_lists`).
        let lists = match (engine.merges_unions(), scope.unit) {
            (true, Some(unit)) => vec![format!("su.org_id = {unit}")],
            _ => super::unit_lists("su.", &scope),
        };
        // The other engine's lists are apart (`super::unit_lists`): each
        // list's newest as far as the page reaches, appended and merged in
        // order, rather than every id of each hashed and sorted (a
        // township's page at offset 50 000 on PostgreSQL: 71 ms, 9 so).
        // The assignments of other townships' cases, few, are read whole
        // off their ranges and sorted: asked for their newest alone, the
        // planner walked the unit's list by date for them (127 ms).
        let reach = apart.then(|| self.params.int(offset.max(0) + limit.max(0)));
        let newest = |arm: String, whole: bool| match &reach {
            Some(reach) if whole => format!(
                "(SELECT * FROM ({arm}{}) a ORDER BY r DESC, id DESC LIMIT {reach})",
                engine.read_whole()
            ),
            Some(reach) => format!("({arm} ORDER BY r DESC, id DESC LIMIT {reach})"),
            None => arm,
        };
        let mut arms: Vec<String> = lists
            .into_iter()
            .map(|on| {
                let conds = std::iter::once(on).chain(on_units.iter().cloned());
                let arm = format!(
                    "SELECT su.case_id AS id, su.received_at AS r FROM {from} WHERE {}",
                    conds.collect::<Vec<_>>().join(" AND ")
                );
                newest(arm, true)
            })
            .collect();
        if let Some(township) = scope.territory {
            let conds = std::iter::once(format!("c.township_id = {township}"))
                .chain(rest.iter().map(|w| w.cases.clone()));
            let arm = format!(
                "SELECT c.id AS id, c.received_at AS r FROM cases c WHERE {}",
                conds.collect::<Vec<_>>().join(" AND ")
            );
            arms.insert(0, newest(arm, false));
        }
        let arms = arms.join(if apart { " UNION ALL " } else { " UNION " });
        let page = self.params.page(limit, offset);
        let ids = format!("SELECT u.id FROM ({arms} ORDER BY r DESC, id DESC {page}) u");
        Some(IdsPage::new(ids, "c.received_at DESC, c.id DESC"))
    }
}

/// Whether the filters of `rest` (not a cursor) leave a township's cases
/// and a unit's assignments each in an index by 接待日期: none, or one
/// 接待状态 and one 类别 (`cases_township_status`, `case_units_filters`:
/// the township or unit, the status, the kind, then the date), with or
/// without a range of 接待日期. A status alone or a kind alone leaves the
/// township's cases of every kind (status) to sort: a township's near
/// page of 已办结 took 10 ms so, 5 walking the district's.
fn in_date_order(rest: &[super::Condition]) -> bool {
    let columns: Vec<&str> = rest
        .iter()
        .filter(|w| !w.cursor)
        .map(|w| w.column)
        .collect();
    let has = |c: &str| columns.contains(&c);
    columns
        .iter()
        .all(|c| matches!(*c, "status" | "kind" | "received_at"))
        && has("status") == has("kind")
}
