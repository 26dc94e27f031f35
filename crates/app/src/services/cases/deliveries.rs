//! 送达 — where each notice of a case stands: printed, delivered (送达时间,
//! 送达人, from the 送达 steps), and signed (the petitioner's signed copy
//! scanned and uploaded, which closes the loop).

pub use crate::views::NoticeStatus;
use jiff::Timestamp;
use xinfang_domain::case::Case;
use xinfang_domain::workflow::{Document, Step};
use xinfang_store::{AttachmentRecord, EventRecord};

/// The last recorded delivery of a notice: (送达时间, 送达人).
pub fn last_delivery(events: &[EventRecord], document: Document) -> Option<(Timestamp, String)> {
    events
        .iter()
        .rev()
        .find_map(|e| match serde_json::from_value::<Step>(e.data.clone()) {
            Ok(Step::Deliver {
                at,
                document: d,
                by,
                ..
            }) if d == document => Some((at, by)),
            _ => None,
        })
}

/// The uploaded signed copy of a notice, the latest if several.
pub fn signed_scan(
    attachments: &[AttachmentRecord],
    document: Document,
) -> Option<&AttachmentRecord> {
    attachments
        .iter()
        .rev()
        .find(|a| a.signed_document.as_deref() == Some(document.as_str()))
}

/// Whether a notice can be printed yet (as `issued_notices::notice_pdf` checks):
/// the acceptance notice once a unit is named, the handling opinion once
/// the finding and opinion are written.
pub fn has_notice(case: &Case, document: Document) -> bool {
    match document {
        Document::Acceptance => case.lead_unit().is_some(),
        Document::Opinion => case.opinion.is_some() && case.finding.is_some(),
    }
}

/// Where each notice of a case stands.
pub fn notice_statuses(
    case: &Case,
    events: &[EventRecord],
    attachments: &[AttachmentRecord],
) -> Vec<NoticeStatus> {
    Document::ALL
        .iter()
        .map(|&d| {
            let available = has_notice(case, d);
            let delivered = last_delivery(events, d);
            let scan = signed_scan(attachments, d);
            let state = match (available, &delivered, scan) {
                (_, _, Some(_)) => "已签收",
                (_, Some(_), None) => "已送达，待上传签收件",
                (true, None, None) => "未送达",
                (false, None, None) => "未生成",
            };
            NoticeStatus {
                document: d.as_str(),
                label: d.label(),
                available,
                delivered_at: delivered.as_ref().map(|(at, _)| *at),
                deliverer: delivered.map(|(_, by)| by),
                signed_scan_id: scan.map(|a| a.id),
                signed_scan_filename: scan.map(|a| a.filename.clone()),
                state,
            }
        })
        .collect()
}
