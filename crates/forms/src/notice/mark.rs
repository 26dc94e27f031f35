//! The verification mark (验证码) on an issued notice: the code printed as
//! text and a QR code of the public verify URL, drawn as SVG and set beside it.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use super::NoticeError;

/// What a notice prints so that anyone holding the paper can check it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyMark {
    /// The 验证码 as printed, e.g. `12-K3M9QXZ2PA`.
    pub code: String,
    /// The URL the QR code carries (`…/verify/{code}`).
    pub url: String,
}

impl VerifyMark {
    /// The QR code of the URL as SVG (error correction M: a stamp or a fold
    /// over a corner still scans).
    pub(super) fn qr_svg(&self) -> Result<Vec<u8>, NoticeError> {
        let code =
            QrCode::with_error_correction_level(self.url.as_bytes(), EcLevel::M).map_err(|e| {
                NoticeError::Invalid {
                    field: "核验网址".into(),
                    reason: format!("无法生成二维码：{e}"),
                }
            })?;
        Ok(code
            .render::<svg::Color<'_>>()
            .quiet_zone(true)
            .build()
            .into_bytes())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_qr_code_is_an_svg_of_black_modules() {
        let m = VerifyMark {
            code: "12-ABCDEFGHJK".into(),
            url: "http://127.0.0.1:8080/verify/12-ABCDEFGHJK".into(),
        };
        let svg = String::from_utf8(m.qr_svg().unwrap()).unwrap();
        assert!(
            svg.contains("<svg") && svg.contains("fill=\"#000\""),
            "{svg}"
        );
    }
}
