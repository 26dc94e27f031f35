//! Column codecs: how domain values are written to and read from rows.

use jiff::Timestamp;
use sqlx::Row;
use sqlx::any::AnyRow;

use crate::{StoreError, StoreResult};

/// A timestamp as stored (Unix milliseconds).
pub fn ms(ts: Timestamp) -> i64 {
    ts.as_millisecond()
}

/// An optional timestamp as stored.
pub fn ms_opt(ts: Option<Timestamp>) -> Option<i64> {
    ts.map(ms)
}

/// A stored timestamp.
pub fn ts(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(Timestamp::UNIX_EPOCH)
}

/// A flag as stored.
pub fn flag(b: bool) -> i64 {
    i64::from(b)
}

/// Typed column access with store errors.
pub trait RowExt {
    /// A required integer.
    fn int(&self, col: &str) -> StoreResult<i64>;
    /// An optional integer.
    fn int_opt(&self, col: &str) -> StoreResult<Option<i64>>;
    /// A required text.
    fn text(&self, col: &str) -> StoreResult<String>;
    /// An optional text.
    fn text_opt(&self, col: &str) -> StoreResult<Option<String>>;
    /// A required timestamp.
    fn time(&self, col: &str) -> StoreResult<Timestamp> {
        self.int(col).map(ts)
    }
    /// An optional timestamp.
    fn time_opt(&self, col: &str) -> StoreResult<Option<Timestamp>> {
        Ok(self.int_opt(col)?.map(ts))
    }
    /// A required flag.
    fn flag(&self, col: &str) -> StoreResult<bool> {
        Ok(self.int(col)? != 0)
    }
    /// A vocabulary value stored by its key.
    fn key<T>(&self, col: &str, parse: impl Fn(&str) -> Option<T>) -> StoreResult<T> {
        let raw = self.text(col)?;
        parse(&raw).ok_or_else(|| StoreError::Other(format!("列 {col} 的取值无法识别：{raw}")))
    }
    /// An optional vocabulary value.
    fn key_opt<T>(&self, col: &str, parse: impl Fn(&str) -> Option<T>) -> StoreResult<Option<T>> {
        match self.text_opt(col)? {
            None => Ok(None),
            Some(raw) => parse(&raw)
                .map(Some)
                .ok_or_else(|| StoreError::Other(format!("列 {col} 的取值无法识别：{raw}"))),
        }
    }
}

impl RowExt for AnyRow {
    fn int(&self, col: &str) -> StoreResult<i64> {
        Ok(self.try_get::<i64, _>(col)?)
    }
    fn int_opt(&self, col: &str) -> StoreResult<Option<i64>> {
        Ok(self.try_get::<Option<i64>, _>(col)?)
    }
    fn text(&self, col: &str) -> StoreResult<String> {
        Ok(self.try_get::<String, _>(col)?)
    }
    fn text_opt(&self, col: &str) -> StoreResult<Option<String>> {
        Ok(self.try_get::<Option<String>, _>(col)?)
    }
}

/// The acting user's id for columns that reference a user (the command
/// line's operator is no stored user).
pub(crate) fn user_ref(actor: &xinfang_domain::access::Actor) -> Option<i64> {
    (actor.user_id > 0).then_some(actor.user_id)
}
