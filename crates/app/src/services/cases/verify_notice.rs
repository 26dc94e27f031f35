//! 文书核验 — a petitioner or a higher office checks a paper they were
//! handed: the 验证码 printed beside the notice's QR code answers, with no
//! login and no personal data, whether the store issued that notice, and
//! which one. A code that is altered, invented or malformed gets one and the
//! same answer, so the answer does not tell a real notice number from a wrong tag.

use serde::Serialize;
use xinfang_domain::notice_code::NoticeCode;
use xinfang_forms::notice::{VerifyMark, chinese_date};
use xinfang_store::IssuedNotice;

use crate::services::ServiceResult;
use crate::services::cases::notices::NoticeKind;
use crate::state::AppState;

/// The answer to a 验证码.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct NoticeCheck {
    /// Whether the code belongs to a notice this system issued, as issued.
    pub valid: bool,
    /// The answer in a sentence, e.g. 真实有效：建安信访〔2022〕0001号《信访事项处理意见书》，2022年2月8日出具.
    pub message: String,
    /// 案件编号 (genuine codes only).
    pub case_number: Option<String>,
    /// 信访事项受理告知书 or 信访事项处理意见书 (genuine codes only).
    pub document: Option<String>,
    /// 签章日期, YYYY-MM-DD (genuine codes only).
    pub issued_on: Option<String>,
}

/// What every code that does not verify is told.
pub const INVALID: &str =
    "验证码无效：本系统没有出具与此验证码相符的文书（请核对验证码，或向出具单位核实）";

/// Check a code as typed or scanned.
pub async fn verify_notice(state: &AppState, code: &str) -> ServiceResult<NoticeCheck> {
    let found = match NoticeCode::parse(code) {
        Some(c) => state.store.verify_notice_code(&c).await?,
        None => None,
    };
    Ok(match found {
        Some(n) => {
            let title = NoticeKind::of(n.document).title();
            let nth = if n.seq > 1 {
                format!("（第{}份）", n.seq)
            } else {
                String::new()
            };
            NoticeCheck {
                valid: true,
                message: format!(
                    "真实有效：{}《{title}》{nth}，{}出具",
                    n.case_number,
                    chinese_date(n.issued_on)
                ),
                case_number: Some(n.case_number),
                document: Some(title.to_string()),
                issued_on: Some(n.issued_on.to_string()),
            }
        }
        None => NoticeCheck {
            valid: false,
            message: INVALID.to_string(),
            case_number: None,
            document: None,
            issued_on: None,
        },
    })
}

/// The mark printed on `notice` of the case numbered `case_number`: its
/// code, and the public URL that checks it (`XINFANG_PUBLIC_URL`/verify/…).
pub(crate) fn verify_mark(
    state: &AppState,
    notice: &IssuedNotice,
    case_number: &str,
) -> VerifyMark {
    let code = state.store.notice_code(notice, case_number).to_string();
    VerifyMark {
        url: format!("{}/verify/{code}", state.config.public_base_url()),
        code,
    }
}
