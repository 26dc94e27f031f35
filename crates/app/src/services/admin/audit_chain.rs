//! 审计链 — checking the keyed audit chain without re-hashing it on every
//! view, and publishing its anchor (锚点, `COUNT:HASH`) where a database
//! editor cannot reach: the server's log and the district's group robot,
//! at start and then daily.

use std::time::Duration;

use jiff::Timestamp;
use xinfang_domain::org::OrgKind;
use xinfang_store::{AuditAnchor, AuditVerification};

use crate::services::ServiceResult;
use crate::services::deadlines::deliver_webhooks::robot_payload;
use crate::state::{AppState, ChainProgress};

/// Older rows re-hashed per check, a slice at a time behind the checkpoint.
const SWEEP_ROWS: i64 = 1000;

/// Verify the rows written since this process last verified the chain (all
/// of them the first time) and move the checkpoint on when they hold; then
/// re-hash the next [`SWEEP_ROWS`] older rows, so that a small chain is
/// re-checked whole on every view and a large one over successive views.
/// The whole chain at once: `xinfang verify-audit`.
pub async fn verify_since_checkpoint(state: &AppState) -> ServiceResult<AuditVerification> {
    let progress = lock(state).clone();
    let v = state
        .store
        .verify_audit_after(progress.head.as_ref())
        .await?;
    if v.first_broken.is_some() {
        return Ok(v);
    }
    let head = v.head.clone();
    let swept = state
        .store
        .verify_audit_slice(progress.sweep.as_ref(), SWEEP_ROWS)
        .await?;
    if let Some(id) = swept.first_broken {
        return Ok(AuditVerification {
            rows: v.rows,
            first_broken: Some(id),
            head: None,
        });
    }
    let mut slot = lock(state);
    // Another request may have moved it further meanwhile.
    if let Some(h) = &head
        && slot.head.as_ref().is_none_or(|c| c.count < h.count)
    {
        slot.head = Some(h.clone());
    }
    // Past the head, the sweep starts over.
    slot.sweep = swept
        .head
        .filter(|s| head.as_ref().is_some_and(|h| s.count < h.count));
    Ok(v)
}

fn lock(state: &AppState) -> std::sync::MutexGuard<'_, ChainProgress> {
    // A panic elsewhere while holding it leaves progress that is still valid.
    state
        .audit_checkpoint
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// What one publication did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Published {
    /// The anchor, None when the chain did not verify (then nothing is sent).
    pub anchor: Option<AuditAnchor>,
    /// Robot messages queued.
    pub robots: usize,
}

/// Verify the chain since the checkpoint and publish its head: to the log,
/// and to every active robot of the district (区 or 区信访局) if one is
/// configured. A broken chain is logged as an error and not anchored.
pub async fn publish_anchor(state: &AppState, now: Timestamp) -> ServiceResult<Published> {
    let v = verify_since_checkpoint(state).await?;
    if let Some(id) = v.first_broken {
        tracing::error!(
            row = id,
            "审计日志第 {id} 条记录被改动，哈希链断裂；不发布锚点"
        );
        return Ok(Published {
            anchor: None,
            robots: 0,
        });
    }
    let anchor = v.head.map_or(
        AuditAnchor {
            count: 0,
            hash: String::new(),
        },
        |h| h.anchor(),
    );
    tracing::info!(anchor = %anchor, "审计链锚点");
    let orgs = state.store.list_orgs().await?;
    let district: Vec<i64> = orgs
        .iter()
        .filter(|o| matches!(o.kind, OrgKind::District | OrgKind::Bureau))
        .map(|o| o.id)
        .collect();
    let title = "审计链锚点";
    let body = format!(
        "{}：{anchor}（请留存，核验时运行 xinfang verify-audit --anchor {anchor}）",
        xinfang_domain::clock::format_local(now)
    );
    let mut robots = 0;
    for hook in state.store.webhooks().await? {
        if hook.active && district.contains(&hook.org_id) {
            let payload = robot_payload(&hook, title, &body);
            state.store.queue_delivery(hook.id, &payload, now).await?;
            robots += 1;
        }
    }
    Ok(Published {
        anchor: Some(anchor),
        robots,
    })
}

/// The loop `serve` runs beside the web server: an anchor at start, then
/// one every 24 hours; a failure is logged and the next one runs on time.
pub async fn run_daily(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(24 * 60 * 60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let pass = state.clone();
        match tokio::spawn(async move { publish_anchor(&pass, pass.now()).await }).await {
            Ok(Ok(p)) => tracing::debug!(?p, "审计链锚点已发布"),
            Ok(Err(e)) => tracing::error!(error = %e, "审计链锚点发布失败"),
            Err(e) => tracing::error!(error = %e, "审计链锚点发布异常终止"),
        }
    }
}
