//! 通知 — a 督办 notice in a user's inbox, and the organisations' group robots
//! (企业微信/钉钉) that carry the same notices, with the pure parse of a robot's form.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::errors::FieldErrors;

/// A notice in a user's inbox.
#[derive(Debug, Clone, Serialize)]
pub struct Notification {
    /// Id.
    pub id: i64,
    /// The case it is about.
    pub case_id: Option<i64>,
    /// The case's number.
    pub case_number: Option<String>,
    /// 1 临期提醒, 2 催办通知, 3 通报, 0 other.
    pub level: i64,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// When raised.
    pub created_at: Timestamp,
    /// When read, if read.
    pub read_at: Option<Timestamp>,
}

/// A notice to raise for several users at once.
#[derive(Debug, Clone)]
pub struct NewNotice {
    /// Recipients.
    pub user_ids: Vec<i64>,
    /// The case.
    pub case_id: Option<i64>,
    /// The milestone that raised it.
    pub milestone_id: Option<i64>,
    /// Level (see [`Notification::level`]).
    pub level: i64,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
}

/// A webhook of an organisation (企业微信 or 钉钉 group robot).
#[derive(Debug, Clone, Serialize)]
pub struct Webhook {
    /// Id.
    pub id: i64,
    /// Organisation.
    pub org_id: i64,
    /// `wecom` or `dingtalk`.
    pub kind: String,
    /// Robot URL.
    pub url: String,
    /// Markdown rather than text messages.
    pub markdown: bool,
    /// In use.
    pub active: bool,
}

crate::labelled_enum! {
    /// Which group robot a webhook posts to.
    pub enum RobotKind {
        /// 企业微信群机器人.
        WeCom => ("wecom", "企业微信"),
        /// 钉钉群机器人.
        DingTalk => ("dingtalk", "钉钉"),
    }
}

/// A webhook as the administrator types it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// A robot webhook to add, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWebhook {
    /// Organisation (looked up by the caller).
    pub org_id: i64,
    /// Which robot.
    pub kind: RobotKind,
    /// The robot's URL.
    pub url: String,
    /// Markdown rather than text messages.
    pub markdown: bool,
}

impl WebhookInput {
    /// Check every field; every problem names its field.
    pub fn parse(&self) -> Result<NewWebhook, FieldErrors> {
        let mut errors = FieldErrors::default();
        let org_id = self.org_id.trim().parse::<i64>().ok();
        if org_id.is_none() {
            errors.add("org_id", "组织", "请选择组织");
        }
        let kind = RobotKind::parse(&self.kind);
        if kind.is_none() {
            errors.add("kind", "类型", "应为企业微信（wecom）或钉钉（dingtalk）");
        }
        let url = self.url.trim();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 12 {
            errors.add("url", "地址", "应为以 https:// 开头的机器人地址");
        } else if url.len() > 1000 || url.chars().any(char::is_whitespace) {
            errors.add("url", "地址", "地址过长或含有空格");
        }
        let markdown = matches!(
            self.markdown.trim(),
            "on" | "1" | "true" | "是" | "markdown"
        );
        match (org_id, kind) {
            (Some(org_id), Some(kind)) if errors.is_empty() => Ok(NewWebhook {
                org_id,
                kind,
                url: url.to_string(),
                markdown,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_robot_is_named_by_key_or_chinese_and_its_url_checked() {
        let ok = WebhookInput {
            org_id: "3".into(),
            kind: "钉钉".into(),
            url: " https://oapi.dingtalk.com/robot/send?access_token=abc ".into(),
            markdown: "on".into(),
        }
        .parse()
        .expect("valid");
        assert_eq!(ok.kind, RobotKind::DingTalk);
        assert_eq!(
            ok.url,
            "https://oapi.dingtalk.com/robot/send?access_token=abc"
        );
        assert!(ok.markdown);
        let bad = WebhookInput {
            org_id: String::new(),
            kind: "微博".into(),
            url: "ftp://x".into(),
            markdown: String::new(),
        }
        .parse()
        .expect_err("refused");
        for f in ["org_id", "kind", "url"] {
            assert!(bad.has(f), "{f} not named: {bad}");
        }
    }
}
