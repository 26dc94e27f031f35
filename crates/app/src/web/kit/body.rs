//! JSON request bodies: read into typed structs, numbers and booleans
//! accepted where text is read, every problem a named field error.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::field_labels::label_of;
use crate::services::{ServiceError, field_error};
use crate::web::error::ApiError;

/// Largest JSON request body accepted, in bytes: 1 MiB. The longest form (a
/// 处理意见 of 5 000 characters and its fields) is some 20 KB.
pub const JSON_LIMIT: usize = 1024 * 1024;

/// A JSON request body's bytes, read up to [`JSON_LIMIT`]: a larger body is
/// refused with 413 and a Chinese message stating the limit, an interrupted
/// one with 400, both in the API's error shape.
#[derive(Debug, Clone)]
pub struct JsonBytes(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for JsonBytes {
    type Rejection = Response;

    async fn from_request(req: Request, _state: &S) -> Result<Self, Response> {
        match read_limited(req).await {
            Ok(bytes) => Ok(JsonBytes(bytes)),
            Err((status, message)) => {
                let mut response = ApiError(field_error("body", "请求体", message)).into_response();
                *response.status_mut() = status;
                Err(response)
            }
        }
    }
}

/// A request's body read up to [`JSON_LIMIT`] — JSON bodies and page forms
/// alike: a larger one is 413 with a Chinese message stating the limit, an
/// interrupted one 400.
pub async fn read_limited(req: Request) -> Result<Bytes, (StatusCode, String)> {
    axum::body::to_bytes(req.into_body(), JSON_LIMIT)
        .await
        .map_err(|e| {
            let too_large = std::error::Error::source(&e)
                .is_some_and(|s| s.is::<http_body_util::LengthLimitError>());
            if too_large {
                (StatusCode::PAYLOAD_TOO_LARGE, too_large_message())
            } else {
                (
                    StatusCode::BAD_REQUEST,
                    "请求体读取中断，请重新提交".to_string(),
                )
            }
        })
}

/// 请求体超过 1 MB 上限.
fn too_large_message() -> String {
    format!("请求体超过 {} MB 上限", JSON_LIMIT / 1024 / 1024)
}

/// A typed JSON request body.
pub trait JsonBody: Sized {
    /// Build the body from the parsed JSON object.
    fn from_json(raw: Value) -> Result<Self, ServiceError>;
}

/// Numbers and booleans become strings, so scripts may send `"unit_id": 5`
/// or `"key_assigned": true` to inputs that are read as text.
pub fn stringify(v: Value) -> Value {
    match v {
        Value::Number(n) => Value::String(n.to_string()),
        Value::Bool(b) => Value::String(if b { "是".into() } else { "否".into() }),
        Value::Array(a) => Value::Array(a.into_iter().map(stringify).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, v)| (k, stringify(v))).collect()),
        other => other,
    }
}

/// Read `raw` into a form-like type whose fields are text: numbers and
/// booleans are turned into text first (see [`stringify`]). A field of
/// another JSON type (an object or a list where text is read, text where a
/// list is) is an error naming that field by its Chinese label.
pub fn lenient<T: DeserializeOwned>(raw: Value) -> Result<T, ServiceError> {
    typed(stringify(raw))
}

/// Deserialize `raw`, naming the field of a type error in Chinese.
fn typed<T: DeserializeOwned>(raw: Value) -> Result<T, ServiceError> {
    serde_path_to_error::deserialize(raw).map_err(|e| {
        let field = e
            .path()
            .iter()
            .find_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                _ => None,
            })
            .unwrap_or_default();
        let wanted = expected(&e.inner().to_string());
        if field.is_empty() {
            field_error("body", "请求体", format!("格式不正确，{wanted}"))
        } else {
            field_error(&field, &label_of(&field), wanted)
        }
    })
}

/// What serde expected, said in Chinese (its own message is English).
fn expected(serde_message: &str) -> String {
    let wanted = if serde_message.contains("expected a string") {
        "应为文字"
    } else if serde_message.contains("expected a sequence") {
        "应为列表（JSON 数组）"
    } else if serde_message.contains("expected i64")
        || serde_message.contains("expected u32")
        || serde_message.contains("expected an integer")
    {
        "应为整数"
    } else if serde_message.contains("expected a boolean") {
        "应为 true 或 false"
    } else {
        "类型不正确"
    };
    wanted.to_string()
}

/// An optional integer field read as JSON (`null` or absent is None).
pub fn optional_int(raw: &Value, key: &str, label: &str) -> Result<Option<i64>, ServiceError> {
    match raw.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| field_error(key, label, "应为整数")),
    }
}

/// Form-like bodies: every field text, read with [`lenient`].
macro_rules! lenient_bodies {
    ($($t:ty),+ $(,)?) => {
        $(impl JsonBody for $t {
            fn from_json(raw: Value) -> Result<Self, ServiceError> {
                lenient(raw)
            }
        })+
    };
}

lenient_bodies!(
    xinfang_domain::case::RegistrationInput,
    xinfang_domain::workflow::StepInput,
    crate::services::ledgers::screenings::ScreeningInput,
    crate::services::ledgers::case_ledger::BacklogInput,
    crate::services::ledgers::case_ledger::ProvincialInput,
    crate::services::ledgers::case_ledger::FollowUpInput,
    xinfang_domain::backlog::ResolveInput,
    crate::services::ledgers::roster::RosterInput,
    crate::services::admin::orgs::OrgInput,
    crate::services::admin::orgs::RenameInput,
    xinfang_domain::account::UserInput,
    xinfang_domain::account::UserUpdate,
    xinfang_domain::account::PasswordChangeInput,
    xinfang_domain::unit_info::UnitInfoInput,
    xinfang_domain::goals::RankInput,
    xinfang_domain::verification::VerificationInput,
    xinfang_domain::verification::RectificationInput,
    xinfang_domain::accountability::AccountabilityInput,
    xinfang_domain::training::CourseInput,
    xinfang_domain::opinion::OpinionStatusInput,
    xinfang_domain::opinion::VoiceInput,
    xinfang_domain::opinion::OpinionLinkInput,
    xinfang_domain::meeting::MeetingInput,
    xinfang_domain::meeting::MeasureDoneInput,
    xinfang_domain::campaign::CampaignInput,
    xinfang_domain::campaign::ClearReportInput,
    xinfang_domain::assessment::AssessmentInput,
    xinfang_domain::key_person::KeyPersonInput,
    xinfang_domain::key_person::ContactInput,
    xinfang_domain::key_person::ProposalDecisionInput,
    crate::services::persons::contacts::UrgeInput,
    xinfang_domain::sensitive_period::PeriodInput,
    xinfang_domain::sensitive_period::ZeroReportInput,
);

/// 调解: the lists of names may also come as JSON arrays of names.
impl JsonBody for xinfang_domain::mediation::MediationInput {
    fn from_json(mut raw: Value) -> Result<Self, ServiceError> {
        const LISTS: [&str; 6] = [
            "mediators",
            "lawyers",
            "counsellors",
            "elders",
            "village_cadres",
            "others",
        ];
        if let Value::Object(o) = &mut raw {
            for key in LISTS {
                if let Some(Value::Array(names)) = o.get(key)
                    && names.iter().all(Value::is_string)
                {
                    let joined: Vec<&str> = names.iter().filter_map(Value::as_str).collect();
                    let joined = Value::String(joined.join("、"));
                    o.insert(key.to_string(), joined);
                }
            }
        }
        lenient(raw)
    }
}

fn object(body: &[u8]) -> Result<Value, ServiceError> {
    let raw: Value = serde_json::from_slice(body).map_err(|e| {
        field_error(
            "body",
            "请求体",
            format!("不是有效的JSON（第{}行第{}列）", e.line(), e.column()),
        )
    })?;
    if !raw.is_object() {
        return Err(field_error("body", "请求体", "应为JSON对象"));
    }
    Ok(raw)
}

/// Parse a request body that must be a JSON object.
pub fn parse_json<T: JsonBody>(body: &[u8]) -> Result<T, ServiceError> {
    T::from_json(object(body)?)
}

/// Parse a request body that may also be empty (read as `{}`).
pub fn parse_json_or_empty<T: JsonBody>(body: &[u8]) -> Result<T, ServiceError> {
    if body.is_empty() {
        T::from_json(Value::Object(serde_json::Map::new()))
    } else {
        parse_json(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use xinfang_domain::workflow::StepInput;

    #[test]
    fn numbers_and_booleans_are_read_as_text() {
        let s: StepInput =
            parse_json(br#"{"unit_id": 5, "stable": true, "co_unit_ids": [7, "8"]}"#)
                .expect("a valid body");
        assert_eq!(s.unit_id, "5");
        assert_eq!(s.stable, "是");
        assert_eq!(s.co_unit_ids, vec!["7".to_string(), "8".to_string()]);
    }

    #[test]
    fn a_body_that_is_not_an_object_is_a_named_error() {
        for body in [&b"[1]"[..], b"nonsense", b""] {
            match parse_json::<StepInput>(body) {
                Err(ServiceError::Invalid(f)) => assert_eq!(f.0[0].field, "body"),
                other => panic!("{other:?}"),
            }
        }
        assert!(parse_json_or_empty::<StepInput>(b"").is_ok());
    }

    #[test]
    fn a_field_of_the_wrong_json_type_is_named_in_chinese() {
        for (body, field, label) in [
            (&br#"{"summary": ["a"]}"#[..], "summary", "反映问题"),
            (
                br#"{"key_assigned": {"x": 1}}"#,
                "key_assigned",
                "是否重点交办",
            ),
        ] {
            match parse_json::<xinfang_domain::case::RegistrationInput>(body) {
                Err(ServiceError::Invalid(f)) => {
                    assert_eq!(
                        (f.0[0].field.as_str(), f.0[0].label.as_str()),
                        (field, label)
                    );
                    assert!(!f.0[0].message.is_ascii(), "{:?}", f.0[0]);
                }
                other => panic!("{other:?}"),
            }
        }
        match parse_json::<StepInput>(br#"{"co_unit_ids": "7"}"#) {
            Err(ServiceError::Invalid(f)) => {
                assert_eq!(f.0[0].label, "协办单位");
                assert!(f.0[0].message.contains("列表"), "{:?}", f.0[0]);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_integer_field_must_be_an_integer() {
        let raw = serde_json::json!({ "version": "3" });
        assert!(optional_int(&raw, "version", "版本号").is_err());
        let raw = serde_json::json!({ "version": 3 });
        assert_eq!(
            optional_int(&raw, "version", "版本号").ok().flatten(),
            Some(3)
        );
        assert_eq!(optional_int(&raw, "absent", "x").ok().flatten(), None);
    }
}
