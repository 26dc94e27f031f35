//! 通知 — each user's inbox of 督办 notices, and the organisations' robot webhooks the 系统管理员 keeps.

use jiff::Timestamp;
use serde::Deserialize;
use xinfang_domain::access::Actor;
use xinfang_domain::errors::FieldErrors;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::{Delivery, Notification, Webhook};

use crate::services::ServiceResult;
use crate::services::deadlines::deliver_webhooks::RobotKind;
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

/// A webhook as the administrator types it.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct WebhookInput {
    /// Organisation id.
    pub org_id: String,
    /// `wecom` (企业微信) or `dingtalk` (钉钉).
    pub kind: String,
    /// The robot's URL (with its key or access token).
    pub url: String,
    /// "on"/"1"/"是" for markdown messages.
    pub markdown: String,
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
    let mut errors = FieldErrors::default();
    let org_id = input.org_id.trim().parse::<i64>().ok();
    if org_id.is_none() {
        errors.add("org_id", "组织", "请选择组织");
    }
    let kind = RobotKind::parse(&input.kind);
    if kind.is_none() {
        errors.add("kind", "类型", "应为企业微信（wecom）或钉钉（dingtalk）");
    }
    let url = input.url.trim();
    if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 12 {
        errors.add("url", "地址", "应为以 https:// 开头的机器人地址");
    } else if url.len() > 1000 || url.chars().any(char::is_whitespace) {
        errors.add("url", "地址", "地址过长或含有空格");
    }
    let (Some(org_id), Some(kind)) = (org_id, kind) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    state.store.org(org_id).await?;
    let markdown = matches!(
        input.markdown.trim(),
        "on" | "1" | "true" | "是" | "markdown"
    );
    Ok(state
        .store
        .create_webhook(org_id, kind.as_str(), url, markdown, Some(me), now)
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
