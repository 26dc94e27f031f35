//! The one multipart reader: attachments and ledger imports, page and API alike.

use std::collections::BTreeMap;

use axum::extract::Multipart;

use crate::services::{ServiceError, field_error};

/// The fields of an upload form: text fields by name, and the file.
#[derive(Debug, Default)]
pub struct Upload {
    /// `_csrf` (pages only).
    pub csrf: String,
    /// Every other text field, as sent.
    pub fields: BTreeMap<String, String>,
    /// `file`: the name as sent and the bytes.
    pub file: Option<(String, Vec<u8>)>,
}

impl Upload {
    /// A text field as sent, if it was.
    pub fn text(&self, name: &str) -> Option<String> {
        self.fields.get(name).cloned()
    }

    /// A text field without surrounding spaces, empty when not sent.
    pub fn trimmed(&self, name: &str) -> String {
        self.fields
            .get(name)
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    }

    /// A yes/no field (是, true, on, 1 … or 否, false, blank …), `label`
    /// naming it when it is neither: `dry_run=maybe` must not import.
    pub fn flag(&self, name: &str, label: &str) -> Result<bool, ServiceError> {
        let value = self.trimmed(name);
        xinfang_domain::errors::yes_no(&value)
            .ok_or_else(|| field_error(name, label, "应为“是”或“否”"))
    }

    /// The file's bytes, or a named error when no `file` field was sent.
    pub fn require_file(&mut self, label: &str) -> Result<(String, Vec<u8>), ServiceError> {
        self.file
            .take()
            .ok_or_else(|| field_error("file", label, "缺少名为 file 的文件字段"))
    }
}

/// A size limit for people: whole megabytes, else kilobytes.
fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{} MB", bytes / 1024 / 1024)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// Read every field of `multipart`. A broken body, or a file past `limit`
/// bytes, is an error on `file` named `label` (附件, 台账文件) in Chinese.
pub async fn read(
    mut multipart: Multipart,
    label: &str,
    limit: usize,
) -> Result<Upload, ServiceError> {
    let mut form = Upload::default();
    let too_large = || {
        field_error(
            "file",
            label,
            format!("{label}超过 {} 上限", size_text(limit)),
        )
    };
    let broken = |e: axum::extract::multipart::MultipartError| {
        if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            field_error("file", label, "上传格式不正确或上传中断，请重新上传")
        }
    };
    while let Some(mut field) = multipart.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_string();
        let filename = field.file_name().map(str::to_string).unwrap_or_default();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(broken)? {
            if bytes.len() + chunk.len() > limit {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        match name.as_str() {
            "_csrf" => form.csrf = String::from_utf8_lossy(&bytes).trim().to_string(),
            "file" => form.file = Some((filename, bytes)),
            _ => {
                form.fields
                    .insert(name, String::from_utf8_lossy(&bytes).into_owned());
            }
        }
    }
    Ok(form)
}

#[cfg(test)]
mod tests {
    use super::size_text;

    #[test]
    fn limits_are_told_in_units_people_read() {
        assert_eq!(size_text(20 * 1024 * 1024), "20 MB");
        assert_eq!(size_text(1024), "1 KB");
        assert_eq!(size_text(1500), "2 KB");
    }
}
