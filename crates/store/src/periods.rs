//! 敏感节点 and 零报告: the calendar of sensitive periods (seeded with the
//! well-known ones, added to by the district) and each township's daily
//! report during one, with who has not reported.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::clock::local_date;
use xinfang_domain::sensitive_period::{
    SensitivePeriod, ZeroReport, ZeroReportOutcome, ZeroReportState, report_state,
};

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::{Store, StoreError, StoreResult};

/// A stored sensitive period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PeriodRecord {
    /// Id.
    pub id: i64,
    /// The period.
    #[serde(flatten)]
    pub period: SensitivePeriod,
    /// Shipped with the system (not added by a district user).
    pub seeded: bool,
}

/// One township's 零报告 for one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ZeroReportRow {
    /// 乡镇 id.
    pub township_id: i64,
    /// 乡镇.
    pub township: String,
    /// 已报 / 迟报 / 未报.
    pub state: ZeroReportState,
    /// 无异常 / 有情况, once reported.
    pub outcome: Option<ZeroReportOutcome>,
    /// 情况.
    pub issues: Option<String>,
    /// When reported.
    pub reported_at: Option<Timestamp>,
    /// By whom.
    pub reported_by: Option<String>,
}

/// The setting that records the well-known periods were seeded (once).
const SEEDED_SETTING: &str = "sensitive_periods_seeded";

/// The well-known periods, 2022–2026: (名称, 开始, 结束, 联系周期, 说明). 春节
/// and 国庆 are the State Council's days off (FACTS.md §2; 2023's and 2025's
/// autumn blocks join 中秋). 全国两会 has no fixed dates: 3 to 15 March covers
/// the CPPCC's opening (about 3 March) to the NPC's close (about 10–15
/// March). 党的二十大 ran 16 to 22 October 2022.
const WELL_KNOWN: &[(&str, &str, &str, i64, &str)] = &[
    ("春节", "2022-01-31", "2022-02-06", 5, SPRING),
    ("全国两会", "2022-03-03", "2022-03-15", 3, SESSIONS),
    ("国庆", "2022-10-01", "2022-10-07", 3, NATIONAL),
    (
        "党的二十大",
        "2022-10-16",
        "2022-10-22",
        2,
        "党的二十大召开期间，较大及以上重点人员每2天联系一次，每日零报告",
    ),
    ("春节", "2023-01-21", "2023-01-27", 5, SPRING),
    ("全国两会", "2023-03-03", "2023-03-15", 3, SESSIONS),
    ("中秋国庆", "2023-09-29", "2023-10-06", 3, NATIONAL),
    ("春节", "2024-02-10", "2024-02-17", 5, SPRING),
    ("全国两会", "2024-03-03", "2024-03-15", 3, SESSIONS),
    ("国庆", "2024-10-01", "2024-10-07", 3, NATIONAL),
    ("春节", "2025-01-28", "2025-02-04", 5, SPRING),
    ("全国两会", "2025-03-03", "2025-03-15", 3, SESSIONS),
    ("中秋国庆", "2025-10-01", "2025-10-08", 3, NATIONAL),
    ("春节", "2026-02-15", "2026-02-23", 5, SPRING),
    ("全国两会", "2026-03-03", "2026-03-15", 3, SESSIONS),
    ("国庆", "2026-10-01", "2026-10-07", 3, NATIONAL),
];
const SPRING: &str = "春节期间加强重点人员稳控，每日零报告";
const SESSIONS: &str = "全国两会期间严防赴京上访，每日零报告";
const NATIONAL: &str = "国庆期间加强重点人员稳控，每日零报告";

pub(crate) fn date_col(r: &AnyRow, col: &str) -> StoreResult<Date> {
    let s = r.text(col)?;
    Date::strptime("%Y-%m-%d", &s).map_err(|e| StoreError::Other(format!("{col} {s}: {e}")))
}

fn period_from_row(r: &AnyRow) -> StoreResult<PeriodRecord> {
    Ok(PeriodRecord {
        id: r.int("id")?,
        period: SensitivePeriod {
            name: r.text("name")?,
            starts_on: date_col(r, "starts_on")?,
            ends_on: date_col(r, "ends_on")?,
            contact_every_days: u32::try_from(r.int("contact_every_days")?).unwrap_or(1),
            note: r.text("note")?,
        },
        seeded: r.int_opt("created_by")?.is_none(),
    })
}

impl Store {
    /// Every sensitive period, earliest first.
    pub async fn sensitive_periods(&self) -> StoreResult<Vec<PeriodRecord>> {
        sqlx::query("SELECT * FROM sensitive_periods ORDER BY starts_on, id")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(period_from_row)
            .collect()
    }

    /// One period.
    pub async fn sensitive_period(&self, id: i64) -> StoreResult<PeriodRecord> {
        let row = sqlx::query("SELECT * FROM sensitive_periods WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该敏感节点".into()))?;
        period_from_row(&row)
    }

    /// The period on `day` (the one that started last, if two overlap).
    pub async fn period_on(&self, day: Date) -> StoreResult<Option<PeriodRecord>> {
        let d = day.to_string();
        let row = sqlx::query(
            "SELECT * FROM sensitive_periods WHERE starts_on <= $1 AND ends_on >= $1
             ORDER BY starts_on DESC, id DESC LIMIT 1",
        )
        .bind(&d)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(period_from_row).transpose()
    }

    /// The periods not over by `day` that start within `days` of it, soonest first.
    pub async fn periods_ahead(&self, day: Date, days: u32) -> StoreResult<Vec<PeriodRecord>> {
        let until = day
            .checked_add(jiff::Span::new().days(i64::from(days)))
            .unwrap_or(day);
        sqlx::query(
            "SELECT * FROM sensitive_periods WHERE ends_on >= $1 AND starts_on <= $2
             ORDER BY starts_on, id",
        )
        .bind(day.to_string())
        .bind(until.to_string())
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(period_from_row)
        .collect()
    }

    /// Seed the well-known periods once per database (a setting claims it,
    /// so two starting servers seed once), in one transaction with one
    /// audit row `period.create` by the system. Returns how many were added.
    pub async fn seed_sensitive_periods(&self, now: Timestamp) -> StoreResult<usize> {
        if self.setting(SEEDED_SETTING).await?.is_some() {
            return Ok(0);
        }
        let mut w = self.write().await?;
        let claimed = sqlx::query(
            "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
        )
        .bind(SEEDED_SETTING)
        .bind(now.to_string())
        .execute(w.conn())
        .await?
        .rows_affected();
        if claimed == 0 {
            w.rollback().await?;
            return Ok(0);
        }
        for (name, starts, ends, every, note) in WELL_KNOWN {
            sqlx::query(
                "INSERT INTO sensitive_periods (name, starts_on, ends_on, contact_every_days, note, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(*name)
            .bind(*starts)
            .bind(*ends)
            .bind(*every)
            .bind(*note)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        }
        let audit = Audit::system(AuditAction::PeriodCreate, now)
            .on("sensitive_periods", None)
            .after(Some(format!(
                "预置敏感节点{}个（2022—2026年春节、全国两会、国庆，党的二十大）",
                WELL_KNOWN.len()
            )));
        w.commit(audit).await?;
        Ok(WELL_KNOWN.len())
    }

    /// Add a period, audited `period.create`.
    pub async fn create_period(
        &self,
        p: &SensitivePeriod,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sensitive_periods (name, starts_on, ends_on, contact_every_days, note, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(&p.name)
        .bind(p.starts_on.to_string())
        .bind(p.ends_on.to_string())
        .bind(i64::from(p.contact_every_days))
        .bind(&p.note)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let audit = Audit::by(actor, AuditAction::PeriodCreate, now)
            .on("sensitive_periods", Some(id))
            .after(serde_json::to_string(p).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// Record `township_id`'s 零报告 for a day of `period_id`, audited
    /// `zero_report.submit`; a second report for the same day is refused.
    pub async fn submit_zero_report(
        &self,
        period_id: i64,
        township_id: i64,
        r: &ZeroReport,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let exists: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM zero_reports WHERE township_id = $1 AND report_date = $2",
        )
        .bind(township_id)
        .bind(r.date.to_string())
        .fetch_optional(w.conn())
        .await?;
        if exists.is_some() {
            return Err(StoreError::Conflict(format!(
                "本乡镇{}的零报告已报送，请勿重复报送",
                r.date
            )));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO zero_reports (period_id, township_id, report_date, outcome, issues, reported_by, reported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(period_id)
        .bind(township_id)
        .bind(r.date.to_string())
        .bind(r.outcome.as_str())
        .bind(r.issues.clone())
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let audit = Audit::by(actor, AuditAction::ZeroReportSubmit, now)
            .on("zero_reports", Some(id))
            .after(serde_json::to_string(r).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// Every township's 零报告 for `day`: 已报, 迟报 (reported after the
    /// day) or 未报, in the townships' order; `township_id` narrows it to one.
    pub async fn zero_report_sheet(
        &self,
        day: Date,
        township_id: Option<i64>,
    ) -> StoreResult<Vec<ZeroReportRow>> {
        let rows = sqlx::query(
            "SELECT o.id AS township_id, o.name AS township, z.outcome, z.issues, z.reported_at,
                    u.display_name AS reported_by
             FROM orgs o
             LEFT JOIN zero_reports z ON z.township_id = o.id AND z.report_date = $1
             LEFT JOIN users u ON u.id = z.reported_by
             WHERE o.kind = 'township' AND ($2 = 0 OR o.id = $2)
             ORDER BY o.code, o.id",
        )
        .bind(day.to_string())
        .bind(township_id.unwrap_or(0))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let reported_at = r.time_opt("reported_at")?;
                Ok(ZeroReportRow {
                    township_id: r.int("township_id")?,
                    township: r.text("township")?,
                    state: report_state(day, reported_at.map(local_date)),
                    outcome: r.key_opt("outcome", ZeroReportOutcome::parse)?,
                    issues: r.text_opt("issues")?,
                    reported_at,
                    reported_by: r.text_opt("reported_by")?,
                })
            })
            .collect()
    }
}
