//! 通知 — each user's inbox of 督办 notices, and the organisations' robot webhooks the 系统管理员 keeps.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
pub use xinfang_domain::notification::WebhookInput;
use xinfang_domain::notification::{Notification, Webhook};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::Delivery;

use crate::services::ServiceResult;
use crate::state::AppState;

/// Notices shown in one inbox page.
pub const INBOX_LIMIT: i64 = 200;

/// The caller's own notices, newest first, and how many are unread.
pub async fn inbox(state: &AppState, me: &Actor) -> ServiceResult<(Vec<Notification>, i64)> {
    let items = state.store.inbox(me.user_id, INBOX_LIMIT).await?;
    let unread = state.store.unread_count(me.user_id).await?;
    Ok((items, unread))
}

/// Mark one of the caller's notices (or, with None, all of them) read; returns
/// how many changed. Another user's notice is never touched.
pub async fn mark_read(
    state: &AppState,
    me: &Actor,
    id: Option<i64>,
    now: Timestamp,
) -> ServiceResult<u64> {
    Ok(state.store.mark_read(me.user_id, id, now).await?)
}

fn require_admin(me: &Actor) -> ServiceResult<()> {
    Ok(check(me, Permission::ManageWebhooks, &Place::Somewhere)?)
}

/// Add a robot webhook for an organisation (系统管理员 only).
pub async fn add_webhook(
    state: &AppState,
    me: &Actor,
    input: &WebhookInput,
    now: Timestamp,
) -> ServiceResult<i64> {
    require_admin(me)?;
    let hook = input.parse()?;
    state.store.org(hook.org_id).await?;
    Ok(state
        .store
        .create_webhook(
            hook.org_id,
            hook.kind.as_str(),
            &hook.url,
            hook.markdown,
            Some(me),
            now,
        )
        .await?)
}

/// Every webhook, and the deliveries that failed and are not delivered (系统管理员 only).
pub async fn webhooks(
    state: &AppState,
    me: &Actor,
) -> ServiceResult<(Vec<Webhook>, Vec<Delivery>)> {
    require_admin(me)?;
    Ok((
        state.store.webhooks().await?,
        state.store.failed_deliveries().await?,
    ))
}
