//! Responses that carry a file: attachments, ledgers (.xlsx), notices (PDF)
//! and archives (.zip), each with a safe `Content-Disposition`.

use axum::http::{HeaderName, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use xinfang_store::AttachmentRecord;

use crate::services::ledgers::export::LedgerFile;

/// The .xlsx content type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// Whether the browser shows the file or saves it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Disposition {
    /// Shown in the browser (PDF notices, scans).
    Inline,
    /// Saved as a file (archives, ledgers).
    Attachment,
}

/// Percent-encode a file name for `filename*=UTF-8''…` (RFC 8187 `attr-char`
/// kept, everything else encoded), so quotes, semicolons, slashes and line
/// breaks in a name can never break out of the header.
fn encode_filename(name: &str) -> String {
    name.bytes()
        .map(|b| match b {
            b'A'..=b'Z'
            | b'a'..=b'z'
            | b'0'..=b'9'
            | b'!'
            | b'#'
            | b'$'
            | b'&'
            | b'+'
            | b'-'
            | b'.'
            | b'^'
            | b'_'
            | b'`'
            | b'|'
            | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A plain ASCII name for clients that ignore `filename*`: the name itself
/// when it is only ASCII letters, digits, dots, dashes and underscores, else `fallback`.
fn ascii_filename(name: &str, fallback: &str) -> String {
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if plain {
        name.to_string()
    } else {
        fallback.to_string()
    }
}

/// The `Content-Disposition` value for `filename`.
pub fn content_disposition(kind: Disposition, filename: &str) -> String {
    let kind = match kind {
        Disposition::Inline => "inline",
        Disposition::Attachment => "attachment",
    };
    let ext = filename
        .rsplit_once('.')
        .map(|(_, e)| e)
        .filter(|e| !e.is_empty() && e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or("bin");
    let fallback = format!("download.{}", ext.to_ascii_lowercase());
    format!(
        "{kind}; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_filename(filename, &fallback),
        encode_filename(filename)
    )
}

fn header_value(v: String) -> HeaderValue {
    // Every byte was chosen above from visible ASCII; an empty value is the fallback.
    HeaderValue::from_str(&v).unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

/// A file download, never cached (the files carry personal data).
pub fn file(content_type: &str, filename: &str, bytes: Vec<u8>, kind: Disposition) -> Response {
    file_with(content_type, filename, bytes, kind, &[])
}

fn file_with(
    content_type: &str,
    filename: &str,
    bytes: Vec<u8>,
    kind: Disposition,
    extra: &[(HeaderName, String)],
) -> Response {
    let mut resp = bytes.into_response();
    let h = resp.headers_mut();
    h.insert(header::CONTENT_TYPE, header_value(content_type.to_string()));
    h.insert(
        header::CONTENT_DISPOSITION,
        header_value(content_disposition(kind, filename)),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    for (name, value) in extra {
        h.insert(name.clone(), header_value(value.clone()));
    }
    resp
}

/// A PDF notice, shown in the browser.
pub fn pdf(filename: &str, bytes: Vec<u8>) -> Response {
    file("application/pdf", filename, bytes, Disposition::Inline)
}

/// A .zip (一案一档, the weekly package), saved as a file.
pub fn zip(filename: &str, bytes: Vec<u8>) -> Response {
    file("application/zip", filename, bytes, Disposition::Attachment)
}

/// A generated ledger, saved as a file; `X-Ledger-Rows` tells scripts how many rows it holds.
pub fn xlsx(ledger: &LedgerFile) -> Response {
    file_with(
        XLSX,
        &ledger.filename,
        ledger.bytes.clone(),
        Disposition::Attachment,
        &[(
            HeaderName::from_static("x-ledger-rows"),
            ledger.rows.to_string(),
        )],
    )
}

/// An attachment's bytes as uploaded, shown in the browser when it can.
pub fn attachment(rec: &AttachmentRecord, bytes: Vec<u8>) -> Response {
    file(&rec.content_type, &rec.filename, bytes, Disposition::Inline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_names_are_percent_encoded_with_an_ascii_fallback() {
        assert_eq!(
            content_disposition(Disposition::Attachment, "附件1 排查.xlsx"),
            "attachment; filename=\"download.xlsx\"; filename*=UTF-8''%E9%99%84%E4%BB%B61%20%E6%8E%92%E6%9F%A5.xlsx"
        );
        assert_eq!(
            content_disposition(Disposition::Inline, "scan-01.pdf"),
            "inline; filename=\"scan-01.pdf\"; filename*=UTF-8''scan-01.pdf"
        );
    }

    #[test]
    fn quotes_and_line_breaks_cannot_break_the_header() {
        let v = content_disposition(Disposition::Inline, "a\"b\r\nSet-Cookie: x=1;.pdf");
        assert_eq!(
            v,
            "inline; filename=\"download.pdf\"; filename*=UTF-8''a%22b%0D%0ASet-Cookie%3A%20x%3D1%3B.pdf"
        );
        assert!(HeaderValue::from_str(&v).is_ok());
    }
}
