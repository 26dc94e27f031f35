//! Notices (督办通知) in each user's inbox, and webhook deliveries to group robots.

use jiff::Timestamp;
use serde::Serialize;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;

use xinfang_domain::notification::{Notification, Webhook};

use crate::audit::Audit;
use crate::codec::{RowExt, flag, ms};
use crate::{Store, StoreResult};

/// One delivery attempt record.
#[derive(Debug, Clone, Serialize)]
pub struct Delivery {
    /// Id.
    pub id: i64,
    /// Webhook.
    pub webhook_id: i64,
    /// Robot URL.
    pub url: String,
    /// JSON body to post.
    pub payload: String,
    /// Attempts so far.
    pub attempts: i64,
    /// Last error, if the last attempt failed.
    pub last_error: Option<String>,
    /// When it was delivered.
    pub delivered_at: Option<Timestamp>,
    /// When queued.
    pub created_at: Timestamp,
}

fn notification_from_row(r: &AnyRow) -> StoreResult<Notification> {
    Ok(Notification {
        id: r.int("id")?,
        case_id: r.int_opt("case_id")?,
        case_number: r.text_opt("case_number")?,
        level: r.int("level")?,
        title: r.text("title")?,
        body: r.text("body")?,
        created_at: r.time("created_at")?,
        read_at: r.time_opt("read_at")?,
    })
}

fn delivery_from_row(r: &AnyRow) -> StoreResult<Delivery> {
    Ok(Delivery {
        id: r.int("id")?,
        webhook_id: r.int("webhook_id")?,
        url: r.text("url")?,
        payload: r.text("payload")?,
        attempts: r.int("attempts")?,
        last_error: r.text_opt("last_error")?,
        delivered_at: r.time_opt("delivered_at")?,
        created_at: r.time("created_at")?,
    })
}

impl Store {
    /// A user's notices, newest first.
    pub async fn inbox(&self, user_id: i64, limit: i64) -> StoreResult<Vec<Notification>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT n.*, c.number AS case_number FROM notifications n LEFT JOIN cases c ON c.id = n.case_id
             WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id DESC {}",
            crate::params::limit(limit)
        )))
        .bind(user_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(notification_from_row).collect()
    }

    /// How many notices the user has not read.
    pub async fn unread_count(&self, user_id: i64) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
        )
        .bind(user_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// Mark one notice (or, with None, all) of the user as read.
    pub async fn mark_read(
        &self,
        user_id: i64,
        id: Option<i64>,
        now: Timestamp,
    ) -> StoreResult<u64> {
        let _w = self.write_guard().await;
        let q = match id {
            Some(id) => sqlx::query("UPDATE notifications SET read_at = $3 WHERE user_id = $1 AND id = $2 AND read_at IS NULL")
                .bind(user_id)
                .bind(id)
                .bind(ms(now)),
            None => sqlx::query("UPDATE notifications SET read_at = $2 WHERE user_id = $1 AND read_at IS NULL")
                .bind(user_id)
                .bind(ms(now)),
        };
        Ok(q.execute(&self.pool).await?.rows_affected())
    }

    /// A notice about the system itself — no case, level 0 (shown as 通知) —
    /// to each of `user_ids`, e.g. a failed scheduled backup for the
    /// administrators. Not a change of record, so not audited.
    pub async fn notify_users(
        &self,
        user_ids: &[i64],
        title: &str,
        body: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        let mut tx = self.begin_write().await?;
        for id in user_ids {
            sqlx::query(
                "INSERT INTO notifications (user_id, level, title, body, created_at) VALUES ($1, 0, $2, $3, $4)",
            )
            .bind(*id)
            .bind(title)
            .bind(body)
            .bind(ms(now))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Add a webhook for an organisation, audited (the robot's URL, which
    /// carries its key, is not written to the audit trail).
    pub async fn create_webhook(
        &self,
        org_id: i64,
        kind: &str,
        url: &str,
        markdown: bool,
        by: Option<&Actor>,
        now: Timestamp,
    ) -> StoreResult<i64> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO webhooks (org_id, kind, url, markdown, active, created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
        )
        .bind(org_id)
        .bind(kind)
        .bind(url)
        .bind(flag(markdown))
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let audit = Audit::by_or_system(by, AuditAction::WebhookCreate, now)
            .on("webhook", Some(id))
            .after(Some(format!(
                "org={org_id} kind={kind} markdown={markdown}"
            )));
        w.commit(audit).await?;
        Ok(id)
    }

    /// Every webhook.
    pub async fn webhooks(&self) -> StoreResult<Vec<Webhook>> {
        let rows = sqlx::query("SELECT * FROM webhooks ORDER BY org_id, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(Webhook {
                    id: r.int("id")?,
                    org_id: r.int("org_id")?,
                    kind: r.text("kind")?,
                    url: r.text("url")?,
                    markdown: r.flag("markdown")?,
                    active: r.flag("active")?,
                })
            })
            .collect()
    }

    /// Deliveries waiting for an attempt at `now`.
    pub async fn due_deliveries(&self, now: Timestamp, limit: i64) -> StoreResult<Vec<Delivery>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT d.*, w.url FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.delivered_at IS NULL AND d.next_attempt_at <= $1 AND d.attempts < 8 ORDER BY d.id {}",
            crate::params::limit(limit)
        )))
        .bind(ms(now))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    /// Deliveries that failed at least once and are not delivered, for the administrator.
    pub async fn failed_deliveries(&self) -> StoreResult<Vec<Delivery>> {
        let rows = sqlx::query(
            "SELECT d.*, w.url FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
             WHERE d.delivered_at IS NULL AND d.last_error IS NOT NULL ORDER BY d.id DESC LIMIT 200",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(delivery_from_row).collect()
    }

    /// Record the outcome of one attempt.
    pub async fn record_delivery(
        &self,
        id: i64,
        error: Option<&str>,
        next_attempt_at: Timestamp,
        now: Timestamp,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        match error {
            None => sqlx::query("UPDATE webhook_deliveries SET attempts = attempts + 1, delivered_at = $2, last_error = NULL WHERE id = $1")
                .bind(id)
                .bind(ms(now))
                .execute(&self.pool)
                .await?,
            Some(e) => sqlx::query("UPDATE webhook_deliveries SET attempts = attempts + 1, last_error = $2, next_attempt_at = $3 WHERE id = $1")
                .bind(id)
                .bind(e)
                .bind(ms(next_attempt_at))
                .execute(&self.pool)
                .await?,
        };
        Ok(())
    }

    /// Queue `payload` for the robot `webhook_id`, posted by the next
    /// delivery pass (a message that is not a change of record, such as the
    /// audit chain's daily anchor).
    pub async fn queue_delivery(
        &self,
        webhook_id: i64,
        payload: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let _w = self.write_guard().await;
        sqlx::query(
            "INSERT INTO webhook_deliveries (webhook_id, payload, attempts, next_attempt_at, created_at)
             VALUES ($1, $2, 0, $3, $3)",
        )
        .bind(webhook_id)
        .bind(payload)
        .bind(ms(now))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
