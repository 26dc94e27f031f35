//! Use cases, in folders by feature, one file each. Services never see HTTP; handlers and the CLI call them.

pub mod accountability;
pub mod admin;
pub mod cases;
pub mod choices;
pub mod deadlines;
pub mod goals;
pub mod ledgers;
pub mod meetings;
pub mod periods;
pub mod persons;
pub mod risk;
pub mod scorecard;
pub mod statistics;
pub mod townships;
pub mod training;

use xinfang_domain::errors::FieldErrors;
use xinfang_domain::permission::Denied;
use xinfang_domain::workflow::StepError;
use xinfang_store::StoreError;

/// Why a use case did not happen.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Input fields are wrong; each names its field.
    #[error("{0}")]
    Invalid(FieldErrors),
    /// The user may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// Not found, or not visible to this user.
    #[error("{0}")]
    NotFound(String),
    /// Someone else changed it first, or it would duplicate something.
    #[error("{0}")]
    Conflict(String),
    /// Not allowed in the current state.
    #[error("{0}")]
    NotNow(String),
    /// A suspected repeat petition needs the officer's decision: the
    /// person's earlier cases on the same category anywhere in the district
    /// (content withheld outside the officer's scope), and how many on
    /// other categories.
    #[error("发现该信访人12个月内的同类案件，请确认是否按重复访登记")]
    RepeatSuspected(xinfang_domain::repeat::PersonHistory),
    /// Something broke; details go to the log, not the user.
    #[error("{0}")]
    Internal(String),
}

impl From<StoreError> for ServiceError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::NotFound(what) => {
                ServiceError::NotFound(format!("未找到{what}，或您无权查看"))
            }
            StoreError::Conflict(m) => ServiceError::Conflict(m),
            StoreError::Other(m) => ServiceError::Internal(m),
        }
    }
}

impl From<Denied> for ServiceError {
    fn from(e: Denied) -> Self {
        ServiceError::Forbidden(e.0)
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(e: FieldErrors) -> Self {
        ServiceError::Invalid(e)
    }
}

impl From<StepError> for ServiceError {
    fn from(e: StepError) -> Self {
        match e {
            StepError::Forbidden(m) => ServiceError::Forbidden(m),
            StepError::NotNow(m) => ServiceError::NotNow(m),
        }
    }
}

impl ServiceError {
    /// The message a user sees: internal details are logged, never shown.
    pub fn user_message(&self) -> String {
        match self {
            ServiceError::Internal(detail) => {
                tracing::error!(error = %detail, "internal error");
                "系统内部错误，请稍后重试；如持续出现请联系系统管理员".into()
            }
            other => other.to_string(),
        }
    }
}

/// Result of a use case.
pub type ServiceResult<T> = Result<T, ServiceError>;

/// A single-field validation error.
pub fn field_error(field: &str, label: &str, message: impl Into<String>) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(field, label, message);
    ServiceError::Invalid(e)
}
