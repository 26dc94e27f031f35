//! 督办扫描 — one pass over the running milestones: states moved along, the three notices raised once each, robots posted.
//!
//! [`run_once`] does one unit of work and says what it did; it is idempotent
//! and safe with two app instances on one database (each notice is claimed by
//! a conditional update, each webhook delivery by a lease). [`run_every_minute`]
//! is the thin loop `serve` runs beside the web server.

use std::time::Duration;

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::deadlines::{
    MilestoneKind, NoticeLevel, bulletin_at, format_due, next_transition, notice_due,
    overdue_working_days, state_at,
};
use xinfang_store::{NoticeText, SweepMilestone};

use crate::services::ServiceError;
use crate::services::deadlines::deliver_webhooks::{deliver_webhooks, robot_payload};
use crate::state::AppState;

/// Milestones looked at per pass; more wait for the next minute.
const BATCH: i64 = 500;

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SweepReport {
    /// Milestones read because their 下次变化时间 had come (the pass touches no other).
    pub milestones_checked: usize,
    /// Milestones moved to another state (临期预警, 已超期, 已届满 …).
    pub states_changed: usize,
    /// 临期提醒 raised (one per milestone, however many recipients).
    pub reminders: usize,
    /// 催办通知 raised.
    pub urges: usize,
    /// 通报 raised.
    pub bulletins: usize,
    /// Webhook posts tried.
    pub deliveries_attempted: usize,
    /// Webhook posts that failed.
    pub deliveries_failed: usize,
    /// Milestones (or the delivery pass) that failed; each is logged with its case number.
    pub errors: usize,
}

/// Sweep at `now`: move every due milestone to the state `state_at` gives,
/// raise the notice `notice_due` calls for if it was not raised yet, then post
/// the webhook deliveries that are due. A failure on one case is logged with
/// the case number and the others go on.
pub async fn run_once(state: &AppState, now: Timestamp) -> Result<SweepReport, ServiceError> {
    let settings = state.deadline_settings().await?;
    let candidates = state.store.sweep_candidates(now, BATCH).await?;
    let mut report = SweepReport::default();
    for m in &candidates {
        report.milestones_checked += 1;
        if let Err(e) = sweep_one(state, &settings.calendar, m, now, &mut report).await {
            report.errors += 1;
            tracing::error!(case = %m.case_number, milestone = %m.key, error = %e, "督办扫描：处理案件失败");
        }
    }
    match deliver_webhooks(state, now).await {
        Ok(d) => {
            report.deliveries_attempted = d.attempted;
            report.deliveries_failed = d.failed;
        }
        Err(e) => {
            report.errors += 1;
            tracing::error!(error = %e, "督办扫描：推送失败");
        }
    }
    Ok(report)
}

async fn sweep_one(
    state: &AppState,
    cal: &WorkingCalendar,
    m: &SweepMilestone,
    now: Timestamp,
    report: &mut SweepReport,
) -> Result<(), ServiceError> {
    let kind = if m.is_window {
        MilestoneKind::Window
    } else {
        MilestoneKind::Deadline
    };
    if m.case_closed && !m.is_window {
        // Duties of a closed case are left alone until it reopens.
        state
            .store
            .schedule_milestone(m, &m.state, m.notice_level, None)
            .await?;
        return Ok(());
    }
    let to = state_at(kind, m.due_at, m.warn_from, None, now);
    if to.as_str() != m.state && state.store.advance_milestone(m, to.as_str(), now).await? {
        report.states_changed += 1;
    }
    let level = notice_due(kind, m.due_at, m.warn_from, None, now, cal)
        .filter(|l| l.rank() > m.notice_level);
    let raised = match level {
        Some(level) => raise(state, cal, m, level, now, report).await?,
        None => false,
    };
    let settled = if raised {
        level.map_or(m.notice_level, NoticeLevel::rank)
    } else {
        m.notice_level
    };
    let next = next_transition(
        kind,
        m.due_at,
        m.warn_from,
        to,
        settled,
        bulletin_at(m.due_at, cal),
    );
    state
        .store
        .schedule_milestone(m, to.as_str(), settled, next)
        .await?;
    Ok(())
}

/// Raise `level` for `m` unless another sweeper did first; true if this one did.
async fn raise(
    state: &AppState,
    cal: &WorkingCalendar,
    m: &SweepMilestone,
    level: NoticeLevel,
    now: Timestamp,
    report: &mut SweepReport,
) -> Result<bool, ServiceError> {
    let text = notice_text(m, level, now, cal);
    let payload =
        |hook: &xinfang_domain::notification::Webhook| robot_payload(hook, &text.title, &text.body);
    let Some(raised) = state
        .store
        .raise_notice(m, level, &text, &payload, now)
        .await?
    else {
        return Ok(false);
    };
    match level {
        NoticeLevel::Reminder => report.reminders += 1,
        NoticeLevel::Urge => report.urges += 1,
        NoticeLevel::Bulletin => report.bulletins += 1,
    }
    if raised.recipients.is_empty() {
        tracing::warn!(case = %m.case_number, milestone = %m.key, notice = level.label(), "督办通知没有可送达的用户");
    } else {
        tracing::info!(case = %m.case_number, milestone = %m.key, notice = level.label(),
            recipients = raised.recipients.len(), webhooks = raised.deliveries, "已发出督办通知");
    }
    Ok(true)
}

/// The inbox title and text of a notice, in the words of a 督办 notice.
pub fn notice_text(
    m: &SweepMilestone,
    level: NoticeLevel,
    now: Timestamp,
    cal: &WorkingCalendar,
) -> NoticeText {
    let summary: String = m.summary.chars().take(30).collect();
    let what = format!("{}（{}）“{}”", m.case_number, summary, m.name);
    let due = format_due(m.due_at);
    let unit = m.lead_unit.as_deref().unwrap_or("尚未明确");
    let body = match level {
        NoticeLevel::Reminder if now > m.due_at => {
            format!("{what}已于 {due} 到期，尚未完成，请立即办理。")
        }
        NoticeLevel::Reminder => format!("{what}将于 {due} 到期，请抓紧办理。"),
        NoticeLevel::Urge => format!(
            "{what}已于 {due} 超期，尚未完成。请责任单位（{unit}）和包案领导督促落实，及时报告办理情况。"
        ),
        NoticeLevel::Bulletin => format!(
            "{what}截止 {due}，已超期{}个工作日仍未完成，责任单位：{unit}。现予通报。",
            overdue_working_days(m.due_at, now, cal)
        ),
    };
    NoticeText {
        title: format!("{}：{} {}", level.label(), m.case_number, m.name),
        body,
    }
}

/// The loop `serve` runs beside the web server: a pass every 60 seconds at the
/// clock's time. A pass that fails or panics is logged and the next one runs
/// on time; the loop ends when the server does (the caller drops it).
pub async fn run_every_minute(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let pass = state.clone();
        // A task of its own, so a panic in one pass cannot take the server down.
        match tokio::spawn(async move { run_once(&pass, pass.now()).await }).await {
            Ok(Ok(report)) => tracing::debug!(?report, "督办扫描完成"),
            Ok(Err(e)) => tracing::error!(error = %e, "督办扫描失败"),
            Err(e) => tracing::error!(error = %e, "督办扫描异常终止"),
        }
    }
}
