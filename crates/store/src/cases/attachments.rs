//! Attachments (附件) of a case.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope};
use xinfang_domain::audit::AuditAction;
use xinfang_domain::workflow::{Document, EventKind};

use super::model::*;
use super::read::CaseQuery;
use super::rows::attachment_from_row;
use crate::audit::Audit;
use crate::codec::ms;
use crate::write::Event;
use crate::{Store, StoreResult};

impl Store {
    /// Record an uploaded file on a case, with its event and audit row.
    pub async fn add_attachment(
        &self,
        case_id: i64,
        a: &NewAttachment,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<AttachmentRecord> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO attachments (case_id, sha256, filename, content_type, size, note, uploaded_by, uploaded_at, signed_document)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(case_id)
        .bind(&a.sha256)
        .bind(&a.filename)
        .bind(&a.content_type)
        .bind(a.size)
        .bind(a.note.clone())
        .bind(actor.user_id)
        .bind(ms(now))
        .bind(a.signed_document.clone())
        .fetch_one(w.conn())
        .await?;
        sqlx::query("UPDATE cases SET updated_at = $2 WHERE id = $1")
            .bind(case_id)
            .bind(ms(now))
            .execute(w.conn())
            .await?;
        let text = match a.signed_document.as_deref().and_then(Document::parse) {
            Some(d) => format!("上传《{}》签收件《{}》", d.label(), a.filename),
            None => format!("上传附件《{}》", a.filename),
        };
        let event = Event {
            kind: EventKind::Attachment,
            occurred_at: now,
            text,
            data: serde_json::json!({
                "attachment_id": id,
                "filename": a.filename,
                "size": a.size,
                "signed_document": a.signed_document,
            }),
            actor: Some(actor),
        };
        w.event(case_id, &event, now).await?;
        let after = match &a.signed_document {
            Some(d) => format!("{} {} {} signed:{d}", a.filename, a.sha256, a.size),
            None => format!("{} {} {}", a.filename, a.sha256, a.size),
        };
        let audit = Audit::by(actor, AuditAction::CaseAttachment, now)
            .on("case", Some(case_id))
            .after(Some(after));
        w.commit(audit).await?;
        self.attachment(id, &CaseScope::all()).await
    }

    /// One attachment, if the scope admits its case (NotFound otherwise).
    pub async fn attachment(&self, id: i64, scope: &CaseScope) -> StoreResult<AttachmentRecord> {
        let q = CaseQuery::within(scope);
        let cases = q.ids_sql();
        let mut p = q.into_params();
        let sql = format!(
            "SELECT a.*, u.display_name AS uploader FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
             WHERE a.id = {} AND a.case_id IN ({cases})",
            p.int(id)
        );
        let row = self.row_with(&p, sql, "该附件").await?;
        attachment_from_row(&row)
    }

    /// A case's attachments, oldest first; NotFound when the scope does not admit the case.
    pub async fn attachments(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<AttachmentRecord>> {
        let case = self.case_in_scope(case_id, scope).await?;
        self.attachments_of(case).await
    }

    /// The uploads of a case the scope was checked for.
    pub(crate) async fn attachments_of(
        &self,
        case: crate::in_scope::InScope,
    ) -> StoreResult<Vec<AttachmentRecord>> {
        let rows = sqlx::query(
            "SELECT a.*, u.display_name AS uploader FROM attachments a LEFT JOIN users u ON u.id = a.uploaded_by
             WHERE a.case_id = $1 ORDER BY a.id",
        )
        .bind(case.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(attachment_from_row).collect()
    }
}
