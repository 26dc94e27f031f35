//! 报送记录 — the Friday packages sent to the city: who sent each, when,
//! which cases (each case in exactly one package) and what their folders lacked.

use std::collections::HashSet;

use jiff::Timestamp;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::{Store, StoreError, StoreResult};

/// One case of a sent package.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SendingCase {
    /// The case.
    pub case_id: i64,
    /// 信访件编号.
    pub number: String,
    /// What its folder lacked when sent (缺少材料), in Chinese, one item each.
    pub missing: Vec<String>,
}

/// One package as sent.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Sending {
    /// Row id: the package's number in the district's series (第N次报送).
    pub id: i64,
    /// When it was sent; the next package covers what closed after.
    pub sent_at: Timestamp,
    /// Who sent it.
    pub sent_by_name: String,
    /// When the package before it was sent (None for the first).
    pub since: Option<Timestamp>,
    /// How many cases it carried.
    pub case_count: i64,
    /// The .zip's file name.
    pub filename: String,
    /// SHA-256 of the .zip as sent (its bytes are kept beside the attachments).
    pub sha256: String,
    /// Its size in bytes.
    pub size: i64,
    /// Its cases, in case-number order.
    pub cases: Vec<SendingCase>,
}

/// A package about to be recorded as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSending {
    /// The sending it follows (the last one when the package was built), so
    /// that two people sending at once cannot both record theirs.
    pub after: Option<i64>,
    /// When that one was sent.
    pub since: Option<Timestamp>,
    /// The .zip's file name.
    pub filename: String,
    /// SHA-256 of the .zip.
    pub sha256: String,
    /// Its size in bytes.
    pub size: i64,
    /// (case id, what its folder lacks) for every case in it.
    pub cases: Vec<(i64, Vec<String>)>,
}

fn sending_from_row(r: &AnyRow) -> StoreResult<Sending> {
    Ok(Sending {
        id: r.int("id")?,
        sent_at: r.time("sent_at")?,
        sent_by_name: r.text("sent_by_name")?,
        since: r.time_opt("since")?,
        case_count: r.int("case_count")?,
        filename: r.text("filename")?,
        sha256: r.text("sha256")?,
        size: r.int("size")?,
        cases: Vec::new(),
    })
}

impl Store {
    /// Every case already sent in a package.
    pub async fn sent_case_ids(&self) -> StoreResult<HashSet<i64>> {
        let ids: Vec<i64> = sqlx::query_scalar("SELECT case_id FROM report_sending_cases")
            .fetch_all(&self.pool)
            .await?;
        Ok(ids.into_iter().collect())
    }

    /// Every package sent, newest first, without their cases.
    pub async fn sendings(&self) -> StoreResult<Vec<Sending>> {
        let rows = sqlx::query("SELECT * FROM report_sendings ORDER BY id DESC")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(sending_from_row).collect()
    }

    /// The last package sent, without its cases.
    pub async fn last_sending(&self) -> StoreResult<Option<Sending>> {
        let row = sqlx::query("SELECT * FROM report_sendings ORDER BY id DESC LIMIT 1")
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(sending_from_row).transpose()
    }

    /// One package with its cases.
    pub async fn sending(&self, id: i64) -> StoreResult<Sending> {
        let row = sqlx::query("SELECT * FROM report_sendings WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("报送记录".into()))?;
        let mut sending = sending_from_row(&row)?;
        let rows = sqlx::query(
            "SELECT s.case_id, s.missing, c.number FROM report_sending_cases s
             JOIN cases c ON c.id = s.case_id WHERE s.sending_id = $1 ORDER BY c.year, c.seq",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        sending.cases = rows
            .iter()
            .map(|r| {
                Ok(SendingCase {
                    case_id: r.int("case_id")?,
                    number: r.text("number")?,
                    missing: r
                        .text("missing")?
                        .lines()
                        .filter(|l| !l.is_empty())
                        .map(String::from)
                        .collect(),
                })
            })
            .collect::<StoreResult<_>>()?;
        Ok(sending)
    }

    /// Record a package as sent by `actor` at `now`, with its cases, audited.
    /// Refused as a conflict when another package was sent since this one
    /// was built, or when one of its cases is in another package already.
    pub async fn record_sending(
        &self,
        new: &NewSending,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<Sending> {
        let mut w = self.write().await?;
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM report_sendings")
            .fetch_one(w.conn())
            .await?;
        if last != new.after {
            return Err(StoreError::Conflict(
                "报送记录已变化（刚有他人报送），请刷新后重新报送".into(),
            ));
        }
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO report_sendings (sent_at, sent_by, sent_by_name, since, case_count, filename, sha256, size)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(ms(now))
        .bind(user_ref(actor))
        .bind(&actor.display_name)
        .bind(new.since.map(ms))
        .bind(new.cases.len() as i64)
        .bind(&new.filename)
        .bind(&new.sha256)
        .bind(new.size)
        .fetch_one(w.conn())
        .await?;
        for (case_id, missing) in &new.cases {
            sqlx::query(
                "INSERT INTO report_sending_cases (sending_id, case_id, missing) VALUES ($1, $2, $3)",
            )
            .bind(id)
            .bind(case_id)
            .bind(missing.join("\n"))
            .execute(w.conn())
            .await
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => {
                    StoreError::Conflict("有案件已在此前的报送中，请刷新后重新报送".into())
                }
                other => other,
            })?;
        }
        let ids: Vec<i64> = new.cases.iter().map(|(id, _)| *id).collect();
        let audit = Audit::by(actor, AuditAction::ReportSend, now)
            .on("report_sending", Some(id))
            .after(Some(
                serde_json::json!({
                    "filename": new.filename,
                    "sha256": new.sha256,
                    "since": new.since.map(|t| t.to_string()),
                    "case_ids": ids,
                })
                .to_string(),
            ));
        w.commit(audit).await?;
        self.sending(id).await
    }
}
