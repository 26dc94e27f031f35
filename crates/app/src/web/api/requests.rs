//! The request bodies of the API that are not a service's own input type:
//! each is read by [`JsonBody`] and described in the OpenAPI document.

use serde::Deserialize;
use serde_json::Value;
use xinfang_domain::backlog::ResolveInput;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::correction::CorrectionInput;
use xinfang_domain::workflow::StepInput;

use crate::services::ledgers::case_ledger::{BacklogInput, FollowUpInput, ProvincialInput};
use crate::services::{ServiceError, field_error};
use crate::web::kit::body::{JsonBody, lenient, optional_int, stringify};

/// `POST /api/v1/cases/{id}/steps/{step}`: the step's fields (text; numbers
/// and booleans are accepted too) and, optionally, the case `version` the
/// caller last saw, so that a newer change is not overwritten (409).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct StepRequest {
    /// The step's fields; which ones count depends on the step.
    #[serde(flatten)]
    pub input: StepInput,
    /// The case version the caller last saw (an integer).
    pub version: Option<i64>,
}

impl JsonBody for StepRequest {
    fn from_json(raw: Value) -> Result<Self, ServiceError> {
        let input = lenient(raw.clone())?;
        let version = optional_int(&raw, "version", "版本号")?;
        Ok(StepRequest { input, version })
    }
}

/// `POST /api/v1/cases/{id}/steps/correct` (更正登记信息): the registration
/// fields to correct, named as in registration (`RegistrationInput`; a
/// field left out keeps its value; `related_case_id` and `repeat_decision`
/// cannot be corrected), the reason in `note` (required), and optionally
/// the case `version` last seen (409 if the case changed since).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct CorrectionRequest {
    /// The registration fields to correct.
    #[serde(flatten)]
    pub registration: RegistrationInput,
    /// 更正理由 (required).
    pub note: String,
    /// The case version the caller last saw (an integer).
    pub version: Option<i64>,
}

/// A [`CorrectionRequest`] as read: the fields given are the keys of the
/// body other than `note` and `version`.
#[derive(Debug, Clone, Default)]
pub struct CorrectionBody {
    /// The correction as the service takes it.
    pub input: CorrectionInput,
    /// The case version the caller last saw.
    pub version: Option<i64>,
}

impl JsonBody for CorrectionBody {
    fn from_json(raw: Value) -> Result<Self, ServiceError> {
        let version = optional_int(&raw, "version", "版本号")?;
        let Value::Object(mut map) = stringify(raw) else {
            return Err(field_error("body", "请求体", "应为JSON对象"));
        };
        map.remove("version");
        let note = match map.remove("note") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s,
            Some(_) => return Err(field_error("note", "更正理由", "应为文字")),
        };
        // A field sent as null is cleared, as an empty text would be.
        for v in map.values_mut() {
            if v.is_null() {
                *v = Value::String(String::new());
            }
        }
        let given = map.keys().cloned().collect();
        let registration = lenient(Value::Object(map))?;
        Ok(CorrectionBody {
            input: CorrectionInput {
                registration,
                given,
                note,
            },
            version,
        })
    }
}

/// `POST /api/v1/screenings/{id}/case` (转为案件): the answer to a
/// suspected repeat, if asked (the body may be empty).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ToCaseRequest {
    /// `confirm` (register as 重复访 of the earlier case) or `override` (as typed).
    pub repeat_decision: Option<String>,
}

impl JsonBody for ToCaseRequest {
    fn from_json(raw: Value) -> Result<Self, ServiceError> {
        let repeat_decision = match raw.get("repeat_decision") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(field_error("repeat_decision", "重复访判定", "应为文字")),
        };
        Ok(ToCaseRequest { repeat_decision })
    }
}

/// `POST /api/v1/notifications/read`: `{"id": 12}` marks one notice,
/// `{"all": true}` (or `{}`) every notice of the caller.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ReadRequest {
    /// The notice to mark (an integer, or its digits as text).
    pub id: Option<i64>,
    /// Mark every notice of the caller.
    pub all: Option<bool>,
}

impl JsonBody for ReadRequest {
    fn from_json(raw: Value) -> Result<Self, ServiceError> {
        // `"all": "maybe"` is refused, not read as "mark every notice".
        let all = match raw.get("all") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return Err(field_error("all", "全部标为已读", "应为 true 或 false")),
        };
        let id = match raw.get("id") {
            None | Some(Value::Null) => None,
            Some(_) if all == Some(true) => None,
            Some(v) => Some(
                v.as_i64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                    .ok_or_else(|| field_error("id", "通知编号", "应为整数"))?,
            ),
        };
        Ok(ReadRequest { id, all })
    }
}

/// `POST /api/v1/cases/{id}/ledger/{part}` as documented: the fields of
/// the block named by `part` — `backlog` (积案, 附件2), `provincial`
/// (省交办, 附件4) or `followups` (one more 跟踪回访). Every field is
/// optional; a field left out keeps its stored value.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct LedgerBlockFields {
    /// `backlog`.
    #[serde(flatten)]
    pub backlog: BacklogInput,
    /// `provincial`.
    #[serde(flatten)]
    pub provincial: ProvincialInput,
    /// `followups`.
    #[serde(flatten)]
    pub followup: FollowUpInput,
    /// `resolve` (积案销号: `at`, `evidence`, `attachment_id`; the district only).
    #[serde(flatten)]
    pub resolve: ResolveInput,
}

/// The block of a `POST /api/v1/cases/{id}/ledger/{part}`, read by `part`.
#[derive(Debug, Clone)]
pub enum LedgerBlockRequest {
    /// `backlog`: 积案 details (附件2).
    Backlog(BacklogInput),
    /// `provincial`: 省交办 handling (附件4).
    Provincial(ProvincialInput),
    /// `followups`: one more 跟踪回访.
    FollowUp(FollowUpInput),
    /// `resolve`: 积案销号 with its evidence.
    Resolve(ResolveInput),
}

impl LedgerBlockRequest {
    /// Read the block `part` from a body.
    pub fn parse(part: &str, body: &[u8]) -> Result<LedgerBlockRequest, ServiceError> {
        use crate::web::kit::body::parse_json;
        Ok(match part {
            "backlog" => LedgerBlockRequest::Backlog(parse_json(body)?),
            "provincial" => LedgerBlockRequest::Provincial(parse_json(body)?),
            "followups" => LedgerBlockRequest::FollowUp(parse_json(body)?),
            "resolve" => LedgerBlockRequest::Resolve(parse_json(body)?),
            _ => return Err(ServiceError::NotFound("没有这个台账信息栏目".into())),
        })
    }
}

/// `POST /api/v1/cases/{id}/attachments` (multipart/form-data).
#[derive(Debug, Clone, utoipa::ToSchema)]
pub struct AttachmentUpload {
    /// The file: PDF, JPG or PNG, checked by content.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// 说明.
    pub note: Option<String>,
    /// `acceptance` or `opinion` when this is the petitioner's signed copy of a delivered notice.
    pub signed_document: Option<String>,
}

/// `POST /api/v1/ledgers/{file}` (multipart/form-data).
#[derive(Debug, Clone, utoipa::ToSchema)]
pub struct LedgerUpload {
    /// The filled ledger (.xlsx).
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// 是/true/on/1: check only, write nothing.
    pub dry_run: Option<String>,
}
