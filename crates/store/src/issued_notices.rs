//! 出具文书 — notices as issued: each with its date, its number in the case's
//! series and its printed fields (sealed, as they carry the petitioner's ID
//! number, phone and address), so that a reprint or an archive years later
//! reproduces the notice the petitioner was given.

use jiff::Timestamp;
use jiff::civil::Date;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::workflow::Document;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::vault::Secret;
use crate::{Store, StoreError, StoreResult};

/// A notice as issued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedNotice {
    /// Row id.
    pub id: i64,
    /// The case.
    pub case_id: i64,
    /// 受理告知书 or 处理意见书.
    pub document: Document,
    /// 1 for the first of its kind on the case, 2 for a second opinion after reopening, …
    pub seq: i64,
    /// The date under the seal (签章日期).
    pub issued_on: Date,
    /// When it was stored.
    pub issued_at: Timestamp,
    /// Who issued it (the printing user, or the one who gave the opinion).
    pub issued_by_name: String,
    /// The notice's printed fields as JSON (the forms' model), in plaintext.
    pub content: String,
}

/// A notice to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewIssuedNotice {
    /// Which notice.
    pub document: Document,
    /// The date under the seal.
    pub issued_on: Date,
    /// Its printed fields as JSON.
    pub content: String,
}

pub(crate) fn notice_from_row(store: &Store, r: &AnyRow) -> StoreResult<IssuedNotice> {
    Ok(IssuedNotice {
        id: r.int("id")?,
        case_id: r.int("case_id")?,
        document: r.key("document", Document::parse)?,
        seq: r.int("seq")?,
        issued_on: r
            .text("issued_on")?
            .parse()
            .map_err(|e| StoreError::Other(format!("文书日期有误：{e}")))?,
        issued_at: r.time("issued_at")?,
        issued_by_name: r.text("issued_by_name")?,
        content: store.vault().open(Secret::Notice, &r.text("content")?)?,
    })
}

impl Store {
    /// Every notice issued on a case the scope admits, oldest first.
    pub async fn issued_notices(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<IssuedNotice>> {
        self.case_in_scope(case_id, scope).await?;
        let rows =
            sqlx::query("SELECT * FROM issued_notices WHERE case_id = $1 ORDER BY document, seq")
                .bind(case_id)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(|r| notice_from_row(self, r)).collect()
    }

    /// Issue the first notice of its kind on a case, audited — unless one
    /// was issued already (perhaps a moment ago by someone else), which is
    /// returned instead: a notice is issued once.
    pub async fn issue_first_notice(
        &self,
        case_id: i64,
        notice: &NewIssuedNotice,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<IssuedNotice> {
        let mut w = self.write().await?;
        let existing: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM issued_notices WHERE case_id = $1 AND document = $2 LIMIT 1",
        )
        .bind(case_id)
        .bind(notice.document.as_str())
        .fetch_optional(w.conn())
        .await?;
        if existing.is_none() {
            insert_issued_notice(self, w.conn(), case_id, notice, actor, now).await?;
            w.commit(issue_audit(case_id, notice, actor, now)).await?;
        } else {
            w.rollback().await?;
        }
        let latest = self.issued_notices(case_id, &CaseScope::all()).await?;
        latest
            .into_iter()
            .filter(|n| n.document == notice.document)
            .min_by_key(|n| n.seq)
            .ok_or_else(|| StoreError::NotFound("文书".into()))
    }
}

/// The audit row of an issued notice (its content stays out of the trail:
/// it carries personal data, and the stored row is sealed).
pub(crate) fn issue_audit(
    case_id: i64,
    notice: &NewIssuedNotice,
    actor: &Actor,
    now: Timestamp,
) -> Audit {
    Audit::by(actor, AuditAction::NoticeIssue, now)
        .on("case", Some(case_id))
        .after(Some(format!(
            "《信访事项{}》，签章日期 {}",
            notice.document.label(),
            notice.issued_on
        )))
}

/// Insert a notice as the next of its kind on the case, inside the caller's
/// transaction; a concurrent issue of the same number fails on the unique
/// index (case, document, seq) and rolls the caller back.
pub(crate) async fn insert_issued_notice(
    store: &Store,
    conn: &mut AnyConnection,
    case_id: i64,
    notice: &NewIssuedNotice,
    actor: &Actor,
    now: Timestamp,
) -> StoreResult<i64> {
    let seq: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM issued_notices WHERE case_id = $1 AND document = $2",
    )
    .bind(case_id)
    .bind(notice.document.as_str())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO issued_notices (case_id, document, seq, issued_on, issued_at, issued_by, issued_by_name, content)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(case_id)
    .bind(notice.document.as_str())
    .bind(seq)
    .bind(notice.issued_on.to_string())
    .bind(ms(now))
    .bind(user_ref(actor))
    .bind(&actor.display_name)
    .bind(store.vault().seal(Secret::Notice, &notice.content)?)
    .execute(&mut *conn)
    .await?;
    Ok(seq)
}
