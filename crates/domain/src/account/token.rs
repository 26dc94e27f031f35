//! 接口令牌 — an API token as stored (never the token itself), and whether it still opens the API.

use jiff::Timestamp;
use serde::Serialize;

crate::labelled_enum! {
    /// Whether a token opens the API now.
    pub enum TokenStatus {
        /// 有效 — neither revoked nor past its expiry.
        Valid => ("valid", "有效"),
        /// 已过期 — past its expiry (`XINFANG_TOKEN_DAYS` after it was made).
        Expired => ("expired", "已过期"),
        /// 已吊销 — revoked by an administrator.
        Revoked => ("revoked", "已吊销"),
    }
}

/// An API token as stored: who holds it, its label and its life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TokenRecord {
    /// Id (what `xinfang token revoke` takes).
    pub id: i64,
    /// Holder.
    pub user_id: i64,
    /// Holder's login name.
    pub username: String,
    /// Holder's name.
    pub display_name: String,
    /// The label given when it was made.
    pub name: String,
    /// When made.
    pub created_at: Timestamp,
    /// When it stops working; None only for tokens that never expire.
    pub expires_at: Option<Timestamp>,
    /// Revoked by an administrator.
    pub revoked: bool,
}

impl TokenRecord {
    /// Its status at `now`: a revoked token stays revoked even once it would have expired.
    pub fn status(&self, now: Timestamp) -> TokenStatus {
        match self.expires_at {
            _ if self.revoked => TokenStatus::Revoked,
            Some(at) if at <= now => TokenStatus::Expired,
            _ => TokenStatus::Valid,
        }
    }
}

#[cfg(test)]
mod tests {
    use jiff::SignedDuration;

    use super::*;

    #[test]
    fn a_token_is_valid_until_it_expires_or_is_revoked() {
        let made: Timestamp = "2026-01-01T00:00:00Z".parse().expect("time");
        let t = TokenRecord {
            id: 1,
            user_id: 2,
            username: "quju".into(),
            display_name: "李明".into(),
            name: "script".into(),
            created_at: made,
            expires_at: Some(made + SignedDuration::from_hours(24 * 180)),
            revoked: false,
        };
        let day = |n: i64| made + SignedDuration::from_hours(24 * n);
        assert_eq!(t.status(day(179)), TokenStatus::Valid);
        assert_eq!(
            t.status(day(180)),
            TokenStatus::Expired,
            "expired at the instant"
        );
        let revoked = TokenRecord {
            revoked: true,
            ..t.clone()
        };
        assert_eq!(revoked.status(day(1)), TokenStatus::Revoked);
        assert_eq!(revoked.status(day(400)), TokenStatus::Revoked);
        let forever = TokenRecord {
            expires_at: None,
            ..t
        };
        assert_eq!(forever.status(day(10_000)), TokenStatus::Valid);
    }
}
