//! 敏感节点 — the calendar of sensitive periods, adding one (the district),
//! and the townships' daily 零报告 during one: reporting, and who has not.

pub mod panel;

use jiff::civil::Date;
use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check, may, only_own_org};
use xinfang_domain::sensitive_period::{PeriodInput, ZeroReportInput, ZeroReportState};
use xinfang_store::{PeriodRecord, ZeroReportRow};

use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// What the periods page and `GET /api/v1/periods` show.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodsView {
    /// Every period, earliest first.
    pub periods: Vec<PeriodRecord>,
    /// The period on today, if any.
    pub active: Option<PeriodRecord>,
    /// Today.
    pub today: Date,
    /// Today's 零报告 of the townships the viewer reads (empty outside a
    /// period or for those who read none).
    pub sheet: Vec<ZeroReportRow>,
    /// May add a period.
    pub may_add: bool,
    /// May report (a township officer, during a period, not yet reported today).
    pub may_report: bool,
}

/// The calendar (anyone signed in reads it) and today's 零报告.
pub async fn periods_view(state: &AppState, actor: &Actor) -> ServiceResult<PeriodsView> {
    let today = xinfang_domain::clock::local_date(state.now());
    let periods = state.store.sensitive_periods().await?;
    let active = state.store.period_on(today).await?;
    let sheet = match &active {
        Some(p) => zero_sheet(state, actor, p.id, today)
            .await
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let may_report = active.is_some()
        && may(
            actor,
            Permission::SubmitZeroReport,
            &Place::Org(actor.org_id),
        )
        && sheet
            .iter()
            .any(|r| r.township_id == actor.org_id && r.state == ZeroReportState::Missing);
    Ok(PeriodsView {
        periods,
        active,
        today,
        sheet,
        may_add: may(actor, Permission::ManagePeriods, &Place::Somewhere),
        may_report,
    })
}

/// Add a period (the district or the 系统管理员).
pub async fn add_period(
    state: &AppState,
    actor: &Actor,
    input: &PeriodInput,
) -> ServiceResult<PeriodRecord> {
    check(actor, Permission::ManagePeriods, &Place::Somewhere)?;
    let p = input.parse()?;
    let id = state.store.create_period(&p, actor, state.now()).await?;
    Ok(state.store.sensitive_period(id).await?)
}

/// The 零报告 of a day of period `id`, of the townships the viewer reads
/// (the district and 督查 all; a township its own).
pub async fn zero_sheet(
    state: &AppState,
    actor: &Actor,
    id: i64,
    day: Date,
) -> ServiceResult<Vec<ZeroReportRow>> {
    check(actor, Permission::ReadZeroReports, &Place::Somewhere)?;
    let period = state.store.sensitive_period(id).await?;
    if !period.period.is_on(day) {
        return Err(field_error(
            "date",
            "报告日期",
            format!(
                "不在敏感节点“{}”（{}至{}）内",
                period.period.name, period.period.starts_on, period.period.ends_on
            ),
        ));
    }
    let own = only_own_org(actor, Permission::ReadZeroReports);
    Ok(state.store.zero_report_sheet(day, own).await?)
}

/// A township officer reports a day of period `id` for their township.
pub async fn submit_zero_report(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &ZeroReportInput,
) -> ServiceResult<ZeroReportRow> {
    check(actor, Permission::SubmitZeroReport, &Place::Somewhere)?;
    let period = state.store.sensitive_period(id).await?;
    let now = state.now();
    let r = input.parse(&period.period, xinfang_domain::clock::local_date(now))?;
    let township = r.township_id.unwrap_or(actor.org_id);
    check(actor, Permission::SubmitZeroReport, &Place::Org(township))?;
    state
        .store
        .submit_zero_report(id, township, &r, actor, now)
        .await?;
    state
        .store
        .zero_report_sheet(r.date, Some(township))
        .await?
        .pop()
        .ok_or_else(|| ServiceError::Internal("zero report not read back".into()))
}
