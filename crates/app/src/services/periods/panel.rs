//! The 工作台's risk panel: the sensitive period on today, the townships
//! that have not made today's 零报告, and the key-person contacts due.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, may, only_own_org};
use xinfang_domain::sensitive_period::ZeroReportState;
use xinfang_store::PeriodRecord;

use crate::services::ServiceResult;
use crate::state::AppState;

/// What the 工作台 shows of the risk work.
#[derive(Debug, Clone, Serialize)]
pub struct RiskPanel {
    /// The period on today.
    pub period: Option<PeriodRecord>,
    /// Townships (of the viewer's reach) without today's 零报告.
    pub not_reported: Vec<String>,
    /// Townships in the viewer's reach.
    pub townships: usize,
    /// Contacts due today or overdue (in the viewer's reach).
    pub contacts_due: usize,
    /// Of those, overdue.
    pub contacts_overdue: usize,
}

/// The panel, or None for a viewer who reads neither 零报告 nor key persons.
pub async fn risk_panel(state: &AppState, actor: &Actor) -> ServiceResult<Option<RiskPanel>> {
    let here = Place::Somewhere;
    let reads_reports = may(actor, Permission::ReadZeroReports, &here);
    let reads_persons = may(actor, Permission::ReadKeyPersons, &here);
    if !reads_reports && !reads_persons {
        return Ok(None);
    }
    let now = state.now();
    let today = xinfang_domain::clock::local_date(now);
    let period = state.store.period_on(today).await?;
    let (not_reported, townships) = match (&period, reads_reports) {
        (Some(_), true) => {
            let own = only_own_org(actor, Permission::ReadZeroReports);
            let sheet = state.store.zero_report_sheet(today, own).await?;
            let missing = sheet
                .iter()
                .filter(|r| r.state == ZeroReportState::Missing)
                .map(|r| r.township.clone())
                .collect();
            (missing, sheet.len())
        }
        _ => (Vec::new(), 0),
    };
    let (contacts_due, contacts_overdue) = if reads_persons {
        let own = only_own_org(actor, Permission::ReadKeyPersons);
        let due = state.store.contacts_due_by(today, own, now).await?;
        let overdue = due.iter().filter(|d| d.due.overdue).count();
        (due.len(), overdue)
    } else {
        (0, 0)
    };
    Ok(Some(RiskPanel {
        period,
        not_reported,
        townships,
        contacts_due,
        contacts_overdue,
    }))
}
