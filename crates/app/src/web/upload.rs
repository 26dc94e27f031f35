//! Reading a multipart upload form, shared by the page and the API.

use axum::extract::Multipart;

use crate::services::{ServiceError, field_error};

/// The fields of an upload form.
#[derive(Debug, Default)]
pub struct UploadForm {
    /// `_csrf` (pages only).
    pub csrf: String,
    /// `note`.
    pub note: Option<String>,
    /// `signed_document`: the notice a scan is the signed copy of.
    pub signed_document: Option<String>,
    /// `file`: name as sent and bytes.
    pub file: Option<(String, Vec<u8>)>,
}

impl UploadForm {
    /// What the uploader said about the file.
    pub fn details(&self) -> crate::services::cases::attachments::UploadDetails {
        crate::services::cases::attachments::UploadDetails {
            note: self.note.clone(),
            signed_document: self.signed_document.clone(),
        }
    }
}

/// Read every field; a broken or oversize body is a named error on `file`.
pub async fn read_upload(mut multipart: Multipart) -> Result<UploadForm, ServiceError> {
    let mut form = UploadForm::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| field_error("file", "附件", format!("上传格式不正确：{e}")))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string).unwrap_or_default();
        let bytes = field
            .bytes()
            .await
            .map_err(|e| field_error("file", "附件", format!("上传中断或文件过大：{e}")))?;
        match name.as_str() {
            "_csrf" => form.csrf = String::from_utf8_lossy(&bytes).into_owned(),
            "note" => form.note = Some(String::from_utf8_lossy(&bytes).into_owned()),
            "signed_document" => {
                form.signed_document = Some(String::from_utf8_lossy(&bytes).into_owned())
            }
            "file" => form.file = Some((filename, bytes.to_vec())),
            _ => {}
        }
    }
    Ok(form)
}
