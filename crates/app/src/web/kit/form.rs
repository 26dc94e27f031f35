//! Form state from a service error, decided once for every page: the status,
//! the message, and the field map that puts each message beside its input.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde::Serialize;
use xinfang_domain::errors::FieldError;

use crate::json::RepeatCandidateJson;
use crate::services::ServiceError;
use crate::services::ledgers::import::ImportFailure;
use crate::web::error::{classify, user_message};

/// What a form shows after a failed submit (or nothing, when it has not failed).
#[derive(Debug, Clone, Serialize)]
pub struct FormState {
    /// The status the re-shown form is answered with.
    #[serde(skip)]
    pub status: StatusCode,
    /// The message above the form.
    pub message: Option<String>,
    /// `field` → `标签：问题`, for the messages beside the inputs.
    pub fields: BTreeMap<String, String>,
    /// The same problems in order, for the list above the form.
    pub list: Vec<FieldError>,
    /// Earlier cases, when the error is a suspected repeat (重复访).
    pub candidates: Vec<RepeatCandidateJson>,
    /// 此人近12个月另有N件信访, when the error is a suspected repeat.
    pub other_note: Option<String>,
}

impl Default for FormState {
    fn default() -> Self {
        FormState {
            status: StatusCode::OK,
            message: None,
            fields: BTreeMap::new(),
            list: Vec::new(),
            candidates: Vec::new(),
            other_note: None,
        }
    }
}

/// The status of a form answered with `e`: bad fields are 422; a suspected
/// repeat is a question to the officer, not a failure (200); the rest as the API answers them.
pub fn status_of(e: &ServiceError) -> StatusCode {
    match e {
        ServiceError::RepeatSuspected(_) => StatusCode::OK,
        other => classify(other).0,
    }
}

/// The status of an error page, which has no form to show the fields again:
/// bad input is a plain 400 there; the rest as the API answers them.
pub fn page_status(e: &ServiceError) -> StatusCode {
    match classify(e).0 {
        StatusCode::UNPROCESSABLE_ENTITY => StatusCode::BAD_REQUEST,
        other => other,
    }
}

/// The status of a ledger import that wrote nothing: a service error as
/// any other; a refused file or refused rows are bad input (422).
pub fn import_status(f: &ImportFailure) -> StatusCode {
    match f {
        ImportFailure::Service(e) => status_of(e),
        ImportFailure::File(_) | ImportFailure::Rows(_) => StatusCode::UNPROCESSABLE_ENTITY,
    }
}

impl FormState {
    /// A form that has not failed.
    pub fn ok() -> FormState {
        FormState::default()
    }

    /// The state after `e`.
    pub fn from_error(e: &ServiceError) -> FormState {
        let list = match e {
            ServiceError::Invalid(f) => f.0.clone(),
            _ => Vec::new(),
        };
        let fields = list
            .iter()
            .map(|f| (f.field.clone(), format!("{}：{}", f.label, f.message)))
            .collect();
        let (candidates, other_note) = match e {
            ServiceError::RepeatSuspected(h) => (
                h.repeats.iter().map(RepeatCandidateJson::from).collect(),
                h.other_note(),
            ),
            _ => (Vec::new(), None),
        };
        FormState {
            status: status_of(e),
            message: Some(user_message(e)),
            fields,
            list,
            candidates,
            other_note,
        }
    }

    /// The state after `e`, if there was one.
    pub fn from_result<T>(r: &Result<T, ServiceError>) -> FormState {
        match r {
            Ok(_) => FormState::ok(),
            Err(e) => FormState::from_error(e),
        }
    }

    /// Whether the failure is bad fields.
    pub fn is_invalid(&self) -> bool {
        !self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::services::field_error;

    #[test]
    fn bad_fields_are_422_with_each_message_beside_its_field() {
        let s = FormState::from_error(&field_error("phone", "联系电话", "号码位数不对"));
        assert_eq!(s.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(s.fields["phone"], "联系电话：号码位数不对");
        assert_eq!(s.message.as_deref(), Some("联系电话：号码位数不对"));
        assert!(s.is_invalid());
    }

    #[test]
    fn other_failures_keep_their_status_and_have_no_field_map() {
        let s = FormState::from_error(&ServiceError::Conflict("已被他人修改".into()));
        assert_eq!(s.status, StatusCode::CONFLICT);
        assert!(s.fields.is_empty());
        let s = FormState::from_error(&ServiceError::RepeatSuspected(Default::default()));
        assert_eq!(s.status, StatusCode::OK);
        assert_eq!(FormState::ok().status, StatusCode::OK);
    }
}
