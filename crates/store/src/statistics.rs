//! Counts for statistics: one grouped query per table, with local calendar
//! buckets from the engine seam and the figures' conditions shared with the case list.

use jiff::Timestamp;
use xinfang_domain::access::CaseScope;
use xinfang_domain::statistics::{Counts, Figure, StatsBy};

use crate::cases::{CaseQuery, figure_condition, scope_clause};
use crate::codec::{RowExt, ms};
use crate::engine::DateBucket;
use crate::params::Params;
use crate::{Store, StoreResult};

/// One group of a statistics table as counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatsGroup {
    /// The group: a township's or unit's name, a vocabulary's stored key
    /// (`housing`), or a month (`2022-09`); `None` for cases without one.
    pub key: Option<String>,
    /// The township's or unit's id, for a link to the case list.
    pub org_id: Option<i64>,
    /// The organisation's code, to sort townships and units as the district lists them.
    pub org_code: Option<String>,
    /// The figures.
    pub counts: Counts,
}

/// The FROM of the statistics: the case with its township and its lead
/// responsible unit (at most one per case), and nothing else, so a year of
/// a million cases is one pass without the read model's other joins.
const STATS_FROM: &str = "FROM cases c
    JOIN orgs t ON t.id = c.township_id
    LEFT JOIN case_units lu ON lu.case_id = c.id AND lu.lead = 1
    LEFT JOIN orgs lo ON lo.id = lu.org_id";

impl Store {
    /// Cases the scope admits, counted by the local (Beijing) day, month or
    /// year they were received in, oldest bucket first.
    pub async fn received_by(
        &self,
        bucket: DateBucket,
        scope: &CaseScope,
    ) -> StoreResult<Vec<(String, i64)>> {
        let q = CaseQuery::within(scope);
        let sql = q.count_by_sql(&self.engine.date_bucket("c.received_at", bucket));
        self.rows_with(q.params(), sql)
            .await?
            .iter()
            .map(|r| Ok((r.text("key")?, r.int("n")?)))
            .collect()
    }

    /// The statistics of the cases `scope` admits received in `[from, to)`,
    /// grouped `by`, every figure judged at `now`: one query, `GROUP BY` the
    /// key with a `SUM(CASE …)` per figure. `by` None gives one group of all.
    /// Groups come in no particular order.
    pub async fn statistics(
        &self,
        scope: &CaseScope,
        by: Option<StatsBy>,
        from: Timestamp,
        to: Timestamp,
        now: Timestamp,
    ) -> StoreResult<Vec<StatsGroup>> {
        let mut p = Params::default();
        let now = ms(now);
        let sums: Vec<String> = Figure::ALL
            .iter()
            .map(|f| {
                format!(
                    "SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS {}",
                    figure_condition(*f, now, &mut p),
                    f.as_str()
                )
            })
            .collect();
        let sc = scope_clause(scope, &mut p);
        let (a, b) = (p.int(ms(from)), p.int(ms(to)));
        let month = self.engine.date_bucket("c.received_at", DateBucket::Month);
        // (key text, org id, org code, GROUP BY)
        let (key, id, code, group) = match by {
            Some(StatsBy::Township) => (
                "t.name",
                "c.township_id",
                "t.code",
                "c.township_id, t.name, t.code",
            ),
            Some(StatsBy::Department) => ("lo.name", "lo.id", "lo.code", "lo.id, lo.name, lo.code"),
            Some(StatsBy::Category) => ("c.category", "NULL", "NULL", "c.category"),
            Some(StatsBy::Channel) => ("c.channel", "NULL", "NULL", "c.channel"),
            Some(StatsBy::Kind) => ("c.kind", "NULL", "NULL", "c.kind"),
            Some(StatsBy::Month) => (month.as_str(), "NULL", "NULL", month.as_str()),
            None => ("NULL", "NULL", "NULL", ""),
        };
        let group_by = if group.is_empty() {
            String::new()
        } else {
            format!("GROUP BY {group}")
        };
        let sql = format!(
            "SELECT {key} AS key, CAST({id} AS BIGINT) AS org_id, {code} AS org_code, {}
             {STATS_FROM} WHERE {sc} AND c.received_at >= {a} AND c.received_at < {b} {group_by}",
            sums.join(", ")
        );
        let rows = self.rows_with(&p, sql).await?;
        rows.iter()
            .map(|r| {
                let mut counts = Counts::default();
                for f in Figure::ALL {
                    // SUM over no rows is NULL: an empty table has zeros.
                    counts.set(*f, r.int_opt(f.as_str())?.unwrap_or(0));
                }
                Ok(StatsGroup {
                    key: r.text_opt("key")?,
                    org_id: r.int_opt("org_id")?,
                    org_code: r.text_opt("org_code")?,
                    counts,
                })
            })
            .collect()
    }
}
