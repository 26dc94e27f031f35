//! Attachments (附件): scans, photos and PDFs stored by content hash next to the database.

use jiff::Timestamp;
use sha2::{Digest, Sha256};
use xinfang_domain::access::Actor;
use xinfang_domain::workflow::Document;
use xinfang_store::{AttachmentRecord, NewAttachment};

use crate::files::{content_path, write_atomically};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// File kinds accepted, recognised by their first bytes, with the file-name
/// endings each may carry.
const KINDS: &[(&str, &[u8], &[&str])] = &[
    ("application/pdf", b"%PDF-", &["pdf"]),
    ("image/jpeg", &[0xFF, 0xD8, 0xFF], &["jpg", "jpeg"]),
    (
        "image/png",
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A],
        &["png"],
    ),
];

/// Longest file name kept, in characters (extension included).
const FILENAME_MAX: usize = 100;

/// Keep only the last path component of an uploaded name, without control
/// characters, at most [`FILENAME_MAX`] characters; never empty. A longer
/// name loses the end of its stem, never its extension (`.pdf`), which
/// [`check_kind`] reads.
pub fn clean_filename(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = last
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*'))
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_string();
    if cleaned.is_empty() {
        return "附件".into();
    }
    if cleaned.chars().count() <= FILENAME_MAX {
        return cleaned;
    }
    // An extension is short and has no spaces; anything else is part of the name.
    let (stem, ext) = match cleaned.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && (1..=10).contains(&ext.chars().count())
                && !ext.contains(' ') =>
        {
            (stem, format!(".{ext}"))
        }
        _ => (cleaned.as_str(), String::new()),
    };
    let keep = FILENAME_MAX - ext.chars().count();
    let stem: String = stem.chars().take(keep).collect();
    format!("{}{ext}", stem.trim_end())
}

/// The content type of `bytes` if it is an accepted kind and the file name's
/// ending agrees with it.
pub fn check_kind(filename: &str, bytes: &[u8]) -> ServiceResult<&'static str> {
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let Some((ct, _, exts)) = KINDS.iter().find(|(_, magic, _)| bytes.starts_with(magic)) else {
        return Err(field_error(
            "file",
            "附件",
            "只接受 PDF、JPG、PNG 文件（按文件内容判断）",
        ));
    };
    if !exts.contains(&ext.as_str()) {
        return Err(field_error(
            "file",
            "附件",
            format!("文件扩展名“.{ext}”与文件内容（{ct}）不符"),
        ));
    }
    Ok(ct)
}

/// What an uploader says about a file besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct UploadDetails {
    /// 说明.
    pub note: Option<String>,
    /// 签收件: the notice this scan is the petitioner's signed copy of
    /// (`acceptance`/`opinion` or 受理告知书/处理意见书); empty for other files.
    pub signed_document: Option<String>,
}

/// The notice a signed copy belongs to, checked: a known notice that has
/// been delivered (the scan is what comes back from the delivery).
async fn signed_document(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
    raw: Option<&str>,
) -> ServiceResult<Option<Document>> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let Some(document) = Document::parse(raw) else {
        return Err(field_error(
            "signed_document",
            "签收文书",
            format!("“{raw}”不是可签收的文书，应为受理告知书或处理意见书"),
        ));
    };
    let events = state
        .store
        .case_events(case_id, &actor.case_scope())
        .await?;
    if crate::services::cases::deliveries::last_delivery(&events, document).is_none() {
        return Err(field_error(
            "signed_document",
            "签收文书",
            format!(
                "《{}》尚未登记送达：请先登记送达（送达时间、送达人），再上传签收件",
                document.label()
            ),
        ));
    }
    Ok(Some(document))
}

/// Store an upload on a case the actor may work on.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    case_id: i64,
    raw_filename: &str,
    bytes: &[u8],
    details: UploadDetails,
    now: Timestamp,
) -> ServiceResult<AttachmentRecord> {
    let case = state.store.case(case_id, &actor.case_scope()).await?;
    xinfang_domain::workflow::check(actor, &case, "comment")?;
    let signed = signed_document(state, actor, case.id, details.signed_document.as_deref()).await?;
    if bytes.is_empty() {
        return Err(field_error("file", "附件", "请选择要上传的文件"));
    }
    if bytes.len() > state.config.max_upload_bytes {
        return Err(field_error(
            "file",
            "附件",
            format!(
                "附件超过 {} MB 上限",
                state.config.max_upload_bytes / 1024 / 1024
            ),
        ));
    }
    let filename = clean_filename(raw_filename);
    let content_type = check_kind(&filename, bytes)?;
    let sha256 = hex::encode(Sha256::digest(bytes));
    let path = content_path(&state.config, &sha256);
    if !path.exists() {
        // Scans carry ID numbers and addresses: stored encrypted.
        let sealed = state.store.seal_file(bytes)?;
        write_atomically(&path, &sealed)
            .await
            .map_err(|e| ServiceError::Internal(format!("保存附件失败：{e}")))?;
    }
    let note = details
        .note
        .map(|n| {
            // 说明 is free text printed in the case file's index: no control characters.
            n.trim()
                .chars()
                .filter(|c| !c.is_control() || *c == '\n')
                .take(200)
                .collect::<String>()
        })
        .filter(|n| !n.is_empty());
    Ok(state
        .store
        .add_attachment(
            case.id,
            &NewAttachment {
                sha256,
                filename,
                content_type: content_type.into(),
                size: bytes.len() as i64,
                note,
                signed_document: signed.map(|d| d.as_str().to_string()),
            },
            actor,
            now,
        )
        .await?)
}

/// An attachment's record and bytes, if its case is visible to the actor.
pub async fn download(
    state: &AppState,
    actor: &Actor,
    id: i64,
) -> ServiceResult<(AttachmentRecord, Vec<u8>)> {
    let rec = state.store.attachment(id, &actor.case_scope()).await?;
    let stored = tokio::fs::read(content_path(&state.config, &rec.sha256))
        .await
        .map_err(|e| ServiceError::Internal(format!("读取附件失败：{e}")))?;
    let bytes = state.store.open_file(&stored)?;
    Ok((rec, bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_tricks_in_names_do_nothing() {
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("C:\\temp\\..\\扫描件.pdf"), "扫描件.pdf");
        assert_eq!(clean_filename("..."), "附件");
        assert_eq!(clean_filename("a\u{0}b.pdf"), "ab.pdf");
    }

    #[test]
    fn a_long_name_keeps_its_extension() {
        let long = format!("{}.pdf", "扫".repeat(100));
        let kept = clean_filename(&long);
        assert_eq!(kept.chars().count(), 100);
        assert_eq!(kept, format!("{}.pdf", "扫".repeat(96)));
        assert!(check_kind(&kept, b"%PDF-1.7").is_ok());
        let exact = format!("{}.png", "a".repeat(96));
        assert_eq!(clean_filename(&exact), exact);
        // No extension: the name is cut.
        assert_eq!(clean_filename(&"b".repeat(150)).chars().count(), 100);
    }

    #[test]
    fn disguised_files_are_refused() {
        assert!(check_kind("告知书.pdf", b"%PDF-1.7 ...").is_ok());
        assert!(check_kind("告知书.pdf", b"<script>alert(1)</script>").is_err());
        assert!(check_kind("photo.pdf", &[0xFF, 0xD8, 0xFF, 0xE0]).is_err());
        assert!(check_kind("photo.JPG", &[0xFF, 0xD8, 0xFF, 0xE0]).is_ok());
    }
}
