//! The 工作台's duties about people: the roster's 28 March deadline with who
//! has not yet sent it, and this year's training coverage.

use jiff::civil::Date;
use xinfang_domain::access::Actor;
use xinfang_domain::duties::{Duty, ROSTER_DUTY_TITLE};
use xinfang_domain::permission::{Permission, Place, may};
use xinfang_domain::training::{coverage_duty, roster_status};

use super::training_list::training_list;
use crate::services::ServiceResult;
use crate::state::AppState;

/// `duties` (already those of the viewer's audience) with the roster's
/// status added to its duty and the training coverage after it, for a
/// viewer who reads training and sees the townships' duties.
pub async fn with_people_duties(
    state: &AppState,
    actor: &Actor,
    today: Date,
    mut duties: Vec<Duty>,
) -> ServiceResult<Vec<Duty>> {
    if let Some(d) = duties.iter_mut().find(|d| d.title == ROSTER_DUTY_TITLE) {
        let rows = if actor.sees_all() {
            state.store.roster(None).await?
        } else {
            state.store.roster(Some(actor.org_id)).await?
        };
        d.detail.push_str(&roster_status(today, &rows));
    }
    let sees_townships = xinfang_domain::duties::Audience::Township.includes(actor);
    if sees_townships && may(actor, Permission::ReadTraining, &Place::Somewhere) {
        let view = training_list(state, actor, today.year(), "").await?;
        duties.push(coverage_duty(today, &view.coverage));
    }
    Ok(duties)
}
