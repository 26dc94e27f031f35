//! JSON request bodies: read into typed structs, numbers and booleans
//! accepted where text is read, every problem a named field error.

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::services::{ServiceError, field_error};

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
/// booleans are turned into text first (see [`stringify`]).
pub fn lenient<T: DeserializeOwned>(raw: Value) -> Result<T, ServiceError> {
    serde_json::from_value(stringify(raw))
        .map_err(|e| field_error("body", "请求体", format!("字段类型不正确：{e}")))
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
);

fn object(body: &[u8]) -> Result<Value, ServiceError> {
    let raw: Value = serde_json::from_slice(body)
        .map_err(|e| field_error("body", "请求体", format!("不是有效的JSON：{e}")))?;
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
