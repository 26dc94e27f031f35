//! 排查活动 — screening campaigns with the townships and villages they
//! cover, the villages' 已排查无风险 reports, and what coverage is counted from.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::campaign::{Campaign, ClearReport, CountedEntry, CoveredVillage};
use xinfang_domain::risk_grade::RiskGrade;
use xinfang_domain::screening::ScreeningKind;
use xinfang_domain::vocab::Category;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::params::Params;
use crate::{Store, StoreError, StoreResult};

/// A stored campaign: its fields (townships and villages as stored, every
/// one listed), who organised it and when.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignRecord {
    /// Id.
    pub id: i64,
    /// The campaign; `township_ids` and `village_ids` are the covered ones.
    pub campaign: Campaign,
    /// 组织单位 — the district, or the township running its own 日常排查.
    pub org_id: i64,
    /// Its name.
    pub org_name: String,
    /// Who organised it.
    pub created_by: Option<String>,
    /// When.
    pub created_at: Timestamp,
}

/// A village's 已排查无风险 report.
#[derive(Debug, Clone, Serialize)]
pub struct ClearRecord {
    /// The report.
    pub report: ClearReport,
    /// The village's township.
    pub township_id: i64,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When.
    pub recorded_at: Timestamp,
}

pub(crate) fn date_of(r: &AnyRow, col: &str) -> StoreResult<Date> {
    let s = r.text(col)?;
    Date::strptime("%Y-%m-%d", &s).map_err(|e| StoreError::Other(format!("{col} {s}: {e}")))
}

fn record_from_row(r: &AnyRow) -> StoreResult<CampaignRecord> {
    let categories = r
        .text("categories")?
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|s| Category::parse(s).ok_or_else(|| StoreError::Other(format!("category {s}"))))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(CampaignRecord {
        id: r.int("id")?,
        campaign: Campaign {
            name: r.text("name")?,
            kind: r.key("kind", ScreeningKind::parse)?,
            starts_on: date_of(r, "starts_on")?,
            ends_on: date_of(r, "ends_on")?,
            township_ids: Vec::new(),
            village_ids: Vec::new(),
            categories,
            remarks: r.text("remarks")?,
        },
        org_id: r.int("org_id")?,
        org_name: r.text("org_name")?,
        created_by: r.text_opt("created_by_name")?,
        created_at: r.time("created_at")?,
    })
}

const SELECT: &str = "SELECT sc.*, o.name AS org_name, u.display_name AS created_by_name
    FROM screening_campaigns sc JOIN orgs o ON o.id = sc.org_id
    LEFT JOIN users u ON u.id = sc.created_by";

impl Store {
    /// Record a campaign organised by `org_id` over `villages` (village,
    /// township) and `c.township_ids`, with its audit row.
    pub async fn create_campaign(
        &self,
        c: &Campaign,
        org_id: i64,
        villages: &[(i64, i64)],
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let categories: Vec<&str> = c.categories.iter().map(|c| c.as_str()).collect();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO screening_campaigns (name, kind, org_id, starts_on, ends_on, categories, remarks,
                created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(&c.name)
        .bind(c.kind.as_str())
        .bind(org_id)
        .bind(c.starts_on.to_string())
        .bind(c.ends_on.to_string())
        .bind(categories.join(","))
        .bind(&c.remarks)
        .bind(user_ref(actor))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        for t in &c.township_ids {
            sqlx::query(
                "INSERT INTO screening_campaign_townships (campaign_id, township_id) VALUES ($1, $2)",
            )
            .bind(id)
            .bind(*t)
            .execute(w.conn())
            .await?;
        }
        for (v, t) in villages {
            sqlx::query(
                "INSERT INTO screening_campaign_villages (campaign_id, village_id, township_id)
                 VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(*v)
            .bind(*t)
            .execute(w.conn())
            .await?;
        }
        let audit = Audit::by(actor, AuditAction::CampaignCreate, now)
            .on("screening_campaigns", Some(id))
            .after(serde_json::to_string(c).ok());
        w.commit(audit).await?;
        Ok(id)
    }

    /// Campaigns, newest period first; with `township_id`, only those
    /// covering that township.
    pub async fn campaigns(&self, township_id: Option<i64>) -> StoreResult<Vec<CampaignRecord>> {
        let mut p = Params::default();
        let wher = match township_id {
            Some(t) => format!(
                "WHERE EXISTS (SELECT 1 FROM screening_campaign_townships ct
                    WHERE ct.campaign_id = sc.id AND ct.township_id = {})",
                p.int(t)
            ),
            None => String::new(),
        };
        let rows = self
            .rows_with(
                &p,
                format!("{SELECT} {wher} ORDER BY sc.starts_on DESC, sc.id DESC"),
            )
            .await?;
        let mut out = rows
            .iter()
            .map(record_from_row)
            .collect::<StoreResult<Vec<_>>>()?;
        let links = sqlx::query(
            "SELECT campaign_id, township_id FROM screening_campaign_townships ORDER BY township_id",
        )
        .fetch_all(&self.pool)
        .await?;
        for l in links {
            let cid = l.int("campaign_id")?;
            if let Some(c) = out.iter_mut().find(|c| c.id == cid) {
                c.campaign.township_ids.push(l.int("township_id")?);
            }
        }
        Ok(out)
    }

    /// One campaign with its townships and villages.
    pub async fn campaign(&self, id: i64) -> StoreResult<CampaignRecord> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE sc.id = $1")))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该排查活动".into()))?;
        let mut c = record_from_row(&row)?;
        c.campaign.township_ids = sqlx::query_scalar(
            "SELECT township_id FROM screening_campaign_townships WHERE campaign_id = $1
             ORDER BY township_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        c.campaign.village_ids = sqlx::query_scalar(
            "SELECT village_id FROM screening_campaign_villages WHERE campaign_id = $1
             ORDER BY village_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        Ok(c)
    }

    /// The villages a campaign covers, by township and name.
    pub async fn campaign_villages(&self, id: i64) -> StoreResult<Vec<CoveredVillage>> {
        let rows = sqlx::query(
            "SELECT v.id, v.name, cv.township_id FROM screening_campaign_villages cv
             JOIN orgs v ON v.id = cv.village_id
             WHERE cv.campaign_id = $1 ORDER BY cv.township_id, v.code, v.id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CoveredVillage {
                    id: r.int("id")?,
                    name: r.text("name")?,
                    township_id: r.int("township_id")?,
                })
            })
            .collect()
    }

    /// The entries reported under a campaign, as coverage counts them.
    pub async fn campaign_entries(&self, id: i64) -> StoreResult<Vec<CountedEntry>> {
        let rows = sqlx::query(
            "SELECT township_id, village_id, risk_grade, category FROM screenings WHERE campaign_id = $1",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CountedEntry {
                    township_id: r.int("township_id")?,
                    village_id: r.int_opt("village_id")?,
                    grade: r.key_opt("risk_grade", RiskGrade::parse)?,
                    category: r.key("category", Category::parse)?,
                })
            })
            .collect()
    }

    /// A campaign's 已排查无风险 reports.
    pub async fn campaign_clears(&self, id: i64) -> StoreResult<Vec<ClearRecord>> {
        let rows = sqlx::query(
            "SELECT r.*, u.display_name AS recorded_by_name FROM screening_clear_reports r
             LEFT JOIN users u ON u.id = r.recorded_by WHERE r.campaign_id = $1
             ORDER BY r.township_id, r.village_id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ClearRecord {
                    report: ClearReport {
                        village_id: r.int("village_id")?,
                        screened_on: date_of(r, "screened_on")?,
                        remarks: r.text("remarks")?,
                    },
                    township_id: r.int("township_id")?,
                    recorded_by: r.text_opt("recorded_by_name")?,
                    recorded_at: r.time("recorded_at")?,
                })
            })
            .collect()
    }

    /// Record that a village of a campaign was screened and nothing found;
    /// once per village and campaign.
    pub async fn record_clear(
        &self,
        campaign_id: i64,
        township_id: i64,
        report: &ClearReport,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let done: Option<i64> = sqlx::query_scalar(
            "SELECT village_id FROM screening_clear_reports WHERE campaign_id = $1 AND village_id = $2",
        )
        .bind(campaign_id)
        .bind(report.village_id)
        .fetch_optional(w.conn())
        .await?;
        if done.is_some() {
            return Err(StoreError::Conflict(
                "该村/社区已报告本次排查无风险，不能重复报告".into(),
            ));
        }
        sqlx::query(
            "INSERT INTO screening_clear_reports (campaign_id, village_id, township_id, screened_on, remarks,
                recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(campaign_id)
        .bind(report.village_id)
        .bind(township_id)
        .bind(report.screened_on.to_string())
        .bind(&report.remarks)
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await
        .map_err(|e| match StoreError::from(e) {
            StoreError::Conflict(_) => {
                StoreError::Conflict("该村/社区已报告本次排查无风险，不能重复报告".into())
            }
            other => other,
        })?;
        let audit = Audit::by(actor, AuditAction::CampaignClear, now)
            .on("screening_campaigns", Some(campaign_id))
            .after(serde_json::to_string(report).ok());
        w.commit(audit).await
    }
}
