//! 推送 — 督办 notices to organisations' 企业微信 and 钉钉 group robots: their JSON formats, posting, retry with backoff.

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;
use xinfang_domain::notification::Webhook;
use xinfang_store::Delivery;

pub use xinfang_domain::notification::RobotKind;

use crate::services::ServiceError;
use crate::state::AppState;

/// Attempts before a delivery is given up (then it stays on the admin page).
pub const MAX_ATTEMPTS: i64 = 8;

/// Deliveries posted per pass; the rest wait for the next minute.
const BATCH: i64 = 50;

/// How long an attempt may hold a delivery before another instance may retry it.
const LEASE: SignedDuration = SignedDuration::from_mins(5);

/// The JSON a robot expects for a notice: text or markdown, in the robot's own
/// shape (企业微信 `markdown.content`; 钉钉 `markdown.title` + `markdown.text`).
pub fn robot_payload(hook: &Webhook, title: &str, body: &str) -> String {
    let kind = RobotKind::parse(&hook.kind).unwrap_or(RobotKind::WeCom);
    let v = match (kind, hook.markdown) {
        (_, false) => serde_json::json!({
            "msgtype": "text",
            "text": { "content": format!("{title}\n{body}") },
        }),
        (RobotKind::WeCom, true) => serde_json::json!({
            "msgtype": "markdown",
            "markdown": { "content": format!("**{title}**\n> {body}") },
        }),
        (RobotKind::DingTalk, true) => serde_json::json!({
            "msgtype": "markdown",
            "markdown": { "title": title, "text": format!("#### {title}\n\n{body}") },
        }),
    };
    v.to_string()
}

/// Wait after the `attempts`-th failed attempt: 1, 2, 4, 8 … minutes.
pub fn backoff(attempts: i64) -> SignedDuration {
    let exp = u32::try_from(attempts.clamp(1, 20) - 1).unwrap_or(0);
    SignedDuration::from_mins(1_i64 << exp)
}

/// What one pass of deliveries did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryReport {
    /// Posts tried.
    pub attempted: usize,
    /// Posts the robot accepted.
    pub delivered: usize,
    /// Posts that failed (retried later unless out of attempts).
    pub failed: usize,
}

/// Post every delivery due at `now`, each claimed first so that two app
/// instances never post one twice; failures are recorded with their error and
/// retried after [`backoff`], up to [`MAX_ATTEMPTS`].
pub async fn deliver_webhooks(
    state: &AppState,
    now: Timestamp,
) -> Result<DeliveryReport, ServiceError> {
    let due = state.store.due_deliveries(now, BATCH).await?;
    let lease_until = now.checked_add(LEASE).unwrap_or(now);
    let mut posts = tokio::task::JoinSet::new();
    for d in due {
        if !state
            .store
            .claim_delivery(d.id, d.attempts, now, lease_until)
            .await?
        {
            continue;
        }
        let http = state.http.clone();
        posts.spawn(async move {
            let outcome = post(&http, &d).await;
            (d, outcome)
        });
    }
    let mut report = DeliveryReport::default();
    while let Some(joined) = posts.join_next().await {
        let (d, outcome) = joined.map_err(|e| ServiceError::Internal(e.to_string()))?;
        report.attempted += 1;
        let attempts = d.attempts + 1;
        let error = outcome.err();
        let next = now.checked_add(backoff(attempts)).unwrap_or(now);
        state
            .store
            .record_delivery(d.id, error.as_deref(), next, now)
            .await?;
        match error {
            None => report.delivered += 1,
            Some(e) => {
                report.failed += 1;
                let gave_up = attempts >= MAX_ATTEMPTS;
                tracing::warn!(delivery = d.id, webhook = d.webhook_id, attempts, gave_up, error = %e, "推送失败");
            }
        }
    }
    Ok(report)
}

/// Post one payload; Ok when the robot answers 2xx and, if it says, `errcode` 0.
async fn post(http: &reqwest::Client, d: &Delivery) -> Result<(), String> {
    let resp = http
        .post(&d.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(d.payload.clone())
        .send()
        .await
        .map_err(|e| describe(&e.without_url()))?;
    let status = resp.status();
    let text = resp.text().await.unwrap_or_default();
    if !status.is_success() {
        return Err(format!("HTTP {}：{}", status.as_u16(), clip(&text)));
    }
    // Both robots answer 200 with {"errcode":0,"errmsg":"ok"}; anything else is a refusal.
    match serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| v.get("errcode").and_then(|c| c.as_i64()).map(|c| (c, v)))
    {
        Some((0, _)) | None => Ok(()),
        Some((code, v)) => Err(format!(
            "机器人拒收（errcode {code}）：{}",
            v.get("errmsg").and_then(|m| m.as_str()).unwrap_or("")
        )),
    }
}

/// An error and its causes on one line ("error sending request: … connection refused").
fn describe(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        out.push('：');
        out.push_str(&c.to_string());
        cause = c.source();
    }
    clip(&out)
}

fn clip(s: &str) -> String {
    s.chars().take(300).collect()
}

/// A robot URL for display: the key or token in its query is hidden.
pub fn masked_url(url: &str) -> String {
    match url.split_once('?') {
        Some((base, _)) => format!("{base}?…"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hook(kind: &str, markdown: bool) -> Webhook {
        Webhook {
            id: 1,
            org_id: 1,
            kind: kind.into(),
            url: "http://127.0.0.1/".into(),
            markdown,
            active: true,
        }
    }

    fn json(s: &str) -> serde_json::Value {
        serde_json::from_str(s).unwrap_or_default()
    }

    #[test]
    fn each_robot_gets_its_own_shape() {
        let t = json(&robot_payload(&hook("wecom", false), "催办通知", "已超期"));
        assert_eq!(t["msgtype"], "text");
        assert_eq!(t["text"]["content"], "催办通知\n已超期");
        let m = json(&robot_payload(&hook("wecom", true), "催办通知", "已超期"));
        assert_eq!(m["markdown"]["content"], "**催办通知**\n> 已超期");
        let d = json(&robot_payload(&hook("dingtalk", false), "通报", "x"));
        assert_eq!(d["text"]["content"], "通报\nx");
        let dm = json(&robot_payload(&hook("dingtalk", true), "通报", "x"));
        assert_eq!(dm["msgtype"], "markdown");
        assert_eq!(dm["markdown"]["title"], "通报");
        assert_eq!(dm["markdown"]["text"], "#### 通报\n\nx");
    }

    #[test]
    fn backoff_doubles_from_one_minute() {
        let mins: Vec<i64> = (1..=MAX_ATTEMPTS)
            .map(|n| backoff(n).as_secs() / 60)
            .collect();
        assert_eq!(mins, vec![1, 2, 4, 8, 16, 32, 64, 128]);
    }

    #[test]
    fn keys_are_hidden() {
        assert_eq!(
            masked_url("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"),
            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…"
        );
        assert_eq!(RobotKind::parse("钉钉"), Some(RobotKind::DingTalk));
    }
}
