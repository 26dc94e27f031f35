//! 后评估 — the scorecard's own figures per township, one grouped query per
//! measure (the shares the statistics already count come from
//! [`Store::statistics`]), and the district's stored scorecard rules.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::statistics::Figure;

use crate::audit::Audit;
use crate::cases::figure_condition;
use crate::codec::{RowExt, ms};
use crate::engine::DateBucket;
use crate::params::Params;
use crate::reference::replace_setting;
use crate::{Store, StoreResult};

/// Settings key of the district's scorecard rules (the JSON text as saved).
const RULES_KEY: &str = "scorecard_rules";

/// One township's count of a scorecard measure: `numerator` of `denominator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TownshipFigure {
    /// The township (问题所属乡镇 of the cases, or the screening entry's township).
    pub township_id: i64,
    /// What is counted (registered in time, done on time, months with entries).
    pub numerator: i64,
    /// Out of what; for [`Store::screening_months`], unused (0).
    pub denominator: i64,
}

/// A case of the township received in `[from, to)`.
fn received_in(p: &mut Params, from: Timestamp, to: Timestamp) -> String {
    format!(
        "c.received_at >= {} AND c.received_at < {}",
        p.int(ms(from)),
        p.int(ms(to))
    )
}

impl Store {
    async fn township_figures(&self, p: &Params, sql: String) -> StoreResult<Vec<TownshipFigure>> {
        self.rows_with(p, sql)
            .await?
            .iter()
            .map(|r| {
                Ok(TownshipFigure {
                    township_id: r.int("township_id")?,
                    numerator: r.int_opt("n")?.unwrap_or(0),
                    denominator: r.int_opt("d")?.unwrap_or(0),
                })
            })
            .collect()
    }

    /// 按时登记: per township, the cases received in `[from, to)` (d) and
    /// those of them entered into the system within `within_hours` of their
    /// 接待时间 (n).
    pub async fn registered_within(
        &self,
        from: Timestamp,
        to: Timestamp,
        within_hours: u32,
    ) -> StoreResult<Vec<TownshipFigure>> {
        let mut p = Params::default();
        let limit = p.int(i64::from(within_hours) * 3_600_000);
        let period = received_in(&mut p, from, to);
        let sql = format!(
            "SELECT c.township_id AS township_id,
                SUM(CASE WHEN c.created_at - c.received_at <= {limit} THEN 1 ELSE 0 END) AS n,
                COUNT(*) AS d
             FROM cases c WHERE {period} GROUP BY c.township_id"
        );
        self.township_figures(&p, sql).await
    }

    /// 节点按时完成: per township, the milestones keyed one of `keys` of the
    /// cases received in `[from, to)` that can be judged at `now` — done, or
    /// past due (d) — and those done by their due time (n). A deadline not
    /// yet due and not done is not judged; windows (the petitioner's) never are.
    pub async fn milestones_on_time(
        &self,
        from: Timestamp,
        to: Timestamp,
        now: Timestamp,
        keys: &[String],
    ) -> StoreResult<Vec<TownshipFigure>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = Params::default();
        let list: Vec<String> = keys.iter().map(|k| p.text(k.clone())).collect();
        let now = p.int(ms(now));
        let period = received_in(&mut p, from, to);
        let sql = format!(
            "SELECT c.township_id AS township_id,
                SUM(CASE WHEN m.completed_at IS NOT NULL AND m.completed_at <= m.due_at THEN 1 ELSE 0 END) AS n,
                COUNT(*) AS d
             FROM cases c JOIN milestones m ON m.case_id = c.id
             WHERE {period} AND m.key IN ({}) AND m.is_window = 0 AND m.due_at IS NOT NULL
                AND (m.completed_at IS NOT NULL OR m.due_at < {now})
             GROUP BY c.township_id",
            list.join(", ")
        );
        self.township_figures(&p, sql).await
    }

    /// 按月排查: per township, the number of distinct Beijing months in
    /// `[from, to)` with at least one 排查 entry (by 排查时间) (n).
    pub async fn screening_months(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<TownshipFigure>> {
        let mut p = Params::default();
        let month = self.engine.date_bucket("s.screened_at", DateBucket::Month);
        let (a, b) = (p.int(ms(from)), p.int(ms(to)));
        let sql = format!(
            "SELECT s.township_id AS township_id, COUNT(DISTINCT {month}) AS n, 0 AS d
             FROM screenings s WHERE s.screened_at >= {a} AND s.screened_at < {b}
             GROUP BY s.township_id"
        );
        self.township_figures(&p, sql).await
    }

    /// 回访率: per township, the cases received in `[from, to)` with a
    /// 处理意见 given (d) and those of them visited back (n), the statistics'
    /// 已回访. A new 处理意见 clears the visit: the new opinion awaits its own.
    pub async fn return_visits_due(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<TownshipFigure>> {
        let mut p = Params::default();
        let visited = figure_condition(Figure::ReturnVisited, 0, &mut p);
        let period = received_in(&mut p, from, to);
        let sql = format!(
            "SELECT c.township_id AS township_id,
                SUM(CASE WHEN {visited} THEN 1 ELSE 0 END) AS n, COUNT(*) AS d
             FROM cases c WHERE {period} AND c.opinion IS NOT NULL GROUP BY c.township_id"
        );
        self.township_figures(&p, sql).await
    }

    /// 核查已解决: per township, the 实地跟踪核查 recorded with a date in
    /// `[from, to)` on its cases (d) and those that found the problem
    /// 属实已解决 (n).
    pub async fn verifications_resolved(
        &self,
        from: Timestamp,
        to: Timestamp,
    ) -> StoreResult<Vec<TownshipFigure>> {
        let mut p = Params::default();
        let resolved = p.text(xinfang_domain::verification::Verdict::Resolved.as_str());
        let (a, b) = (p.int(ms(from)), p.int(ms(to)));
        let sql = format!(
            "SELECT c.township_id AS township_id,
                SUM(CASE WHEN v.verdict = {resolved} THEN 1 ELSE 0 END) AS n, COUNT(*) AS d
             FROM case_verifications v JOIN cases c ON c.id = v.case_id
             WHERE v.verified_at >= {a} AND v.verified_at < {b}
             GROUP BY c.township_id"
        );
        self.township_figures(&p, sql).await
    }

    /// The district's scorecard rules as saved (JSON), if any.
    pub async fn scorecard_rules(&self) -> StoreResult<Option<String>> {
        self.setting(RULES_KEY).await
    }

    /// Save the district's scorecard rules (already checked), audited
    /// `scorecard.save` with the rules before and after.
    pub async fn save_scorecard_rules(
        &self,
        body: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let before = replace_setting(w.conn(), RULES_KEY, body).await?;
        let audit = Audit::by(actor, AuditAction::ScorecardSave, now)
            .on("scorecard_rules", None)
            .before(before)
            .after(Some(body.to_string()));
        w.commit(audit).await
    }
}
