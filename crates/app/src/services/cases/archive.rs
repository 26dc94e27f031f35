//! 一案一档 — a case's file: its notices as issued, uploaded scans, its mediations and verifications, and timeline, with an index, as one .zip.

use xinfang_domain::access::Actor;
use xinfang_domain::case::Case;
use xinfang_domain::clock::{format_local, to_local};
use xinfang_domain::report::{FolderFacts, MissingItem};
use xinfang_domain::workflow::{Document, Step};
use xinfang_store::{AttachmentRecord, EventRecord};

use crate::services::cases::archive_records::{record_title, records_document};
use crate::services::cases::deliveries::{has_notice, last_delivery, signed_scan};
use xinfang_forms::archive::{ArchiveDocument, CaseFolder, TimelineLine, case_archive_zip};

use crate::services::cases::issued_notices::issued_pdfs;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The folder of one case the actor may see: its notices as issued first, then uploads, then the timeline.
pub async fn case_folder(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
) -> ServiceResult<CaseFolder> {
    let view = crate::services::cases::query::view(state, actor, case_id).await?;
    let case = &view.case;
    let mut documents = Vec::new();
    let mut n = 0;
    let mut next_name = |name: &str| {
        n += 1;
        format!("{n:02}-{name}")
    };
    // The notices as issued, each with its own date: a 2022 opinion says 2022.
    for n in issued_pdfs(state, actor, case_id).await? {
        let title = n.kind.title();
        let (name, shown) = if n.seq > 1 {
            (
                format!("{title}（第{}份）", n.seq),
                format!("{title}（第{}份，系统出具）", n.seq),
            )
        } else {
            (title.to_string(), format!("{title}（系统出具）"))
        };
        documents.push(ArchiveDocument {
            name: next_name(&format!("{name}.pdf")),
            title: shown,
            date: n.issued_on.to_string(),
            bytes: n.bytes,
        });
    }
    for a in &view.attachments {
        let (_, bytes) = crate::services::cases::attachments::download(state, actor, a.id).await?;
        documents.push(ArchiveDocument {
            name: next_name(&a.filename),
            title: match a.signed_document.as_deref().and_then(Document::parse) {
                Some(d) => format!("《信访事项{}》签收件（送达回证）", d.label()),
                None => record_title(&view, a.id)
                    .or_else(|| a.note.clone())
                    .unwrap_or_else(|| a.filename.clone()),
            },
            date: to_local(a.uploaded_at).date().to_string(),
            bytes,
        });
    }
    if let Some(doc) = records_document(&view, next_name("调解与核查记录.txt")) {
        documents.push(doc);
    }
    let timeline = view
        .events
        .iter()
        .map(|e| TimelineLine {
            at: format_local(e.occurred_at),
            kind: e.kind.label().into(),
            actor: e.actor_name.clone(),
            text: e.text.clone(),
        })
        .collect();
    let who = case
        .petitioner
        .as_ref()
        .map(|p| p.name.as_str())
        .unwrap_or("—");
    Ok(CaseFolder {
        name: case.number.clone(),
        heading: format!(
            "{} {} {} {}",
            case.number,
            who,
            case.kind.label(),
            case.category.label()
        ),
        documents,
        timeline,
        missing: folder_gaps(case, &view.events, &view.attachments)
            .iter()
            .map(|m| m.label().to_string())
            .collect(),
    })
}

/// 缺少材料 — what a case's file lacks: a notice, its signed copy, a report
/// its kind requires, the return visit (see [`FolderFacts::missing`]).
pub fn folder_gaps(
    case: &Case,
    events: &[EventRecord],
    attachments: &[AttachmentRecord],
) -> Vec<MissingItem> {
    let steps: Vec<Step> = events
        .iter()
        .filter_map(|e| serde_json::from_value::<Step>(e.data.clone()).ok())
        .collect();
    FolderFacts {
        kind: Some(case.kind),
        acceptance_notice: has_notice(case, Document::Acceptance),
        acceptance_signed: signed_scan(attachments, Document::Acceptance).is_some(),
        opinion_notice: has_notice(case, Document::Opinion),
        opinion_delivered: last_delivery(events, Document::Opinion).is_some(),
        opinion_signed: signed_scan(attachments, Document::Opinion).is_some(),
        reports: steps
            .iter()
            .filter_map(|s| match s {
                Step::Report { kind, .. } => Some(*kind),
                _ => None,
            })
            .collect(),
        return_visit: steps.iter().any(|s| matches!(s, Step::ReturnVisit { .. })),
    }
    .missing()
}

/// One case's archive as (file name, zip bytes).
pub async fn case_archive(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
) -> ServiceResult<(String, Vec<u8>)> {
    let folder = case_folder(state, actor, case_id).await?;
    let bytes = case_archive_zip(&folder).map_err(|e| ServiceError::Internal(e.to_string()))?;
    Ok((format!("{}.zip", folder.name), bytes))
}
