//! The 节假日 and 时限规则 pages of the 系统管理员: the calendar years
//! loaded, and the rule set in force.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check};

use crate::services::ServiceResult;
use crate::settings::RULE_SET_SETTING;
use crate::state::AppState;

/// A calendar year as the page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarYear {
    /// The year.
    pub year: i16,
    /// Where its data comes from (the State Council's notice).
    pub source: String,
    /// Days off: `国庆节 2022-10-01至2022-10-07`.
    pub off: Vec<String>,
    /// Makeup working days (调休上班).
    pub work: Vec<String>,
}

/// The years of the working-day calendar in force (系统管理员 only).
pub async fn calendar_years(state: &AppState, actor: &Actor) -> ServiceResult<Vec<CalendarYear>> {
    check(actor, Permission::ManageSettings, &Place::Somewhere)?;
    let settings = state.deadline_settings().await?;
    Ok(settings
        .calendar
        .years()
        .into_iter()
        .filter_map(|y| settings.calendar.year_data(y).map(|d| (y, d)))
        .map(|(year, d)| CalendarYear {
            year,
            source: d.source.clone(),
            off: d
                .days_off
                .iter()
                .map(|o| format!("{} {}至{}", o.name, o.from, o.to))
                .collect(),
            work: d
                .makeup_workdays
                .iter()
                .map(|m| m.date.to_string())
                .collect(),
        })
        .collect())
}

/// The rule set in force, as the rules page shows it.
#[derive(Debug, Clone, Serialize)]
pub struct RulesPage {
    /// The name of the rule set in use (`seed` until another is chosen).
    pub active: String,
    /// Its title.
    pub title: String,
    /// Its JSON text.
    pub body: String,
    /// 积案定期联络频次 in force: `monthly` or a number of days.
    pub contact_rhythm: String,
    /// The same in Chinese (每月, 每15天).
    pub contact_rhythm_label: String,
}

/// The rule set in force (系统管理员 only).
pub async fn rules_page(state: &AppState, actor: &Actor) -> ServiceResult<RulesPage> {
    check(actor, Permission::ManageSettings, &Place::Somewhere)?;
    let settings = state.deadline_settings().await?;
    let active = state
        .store
        .setting(RULE_SET_SETTING)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| "seed".into());
    let rhythm = state
        .store
        .setting(crate::services::deadlines::milestones::CONTACT_RHYTHM_SETTING)
        .await?
        .and_then(|s| xinfang_domain::backlog::ContactRhythm::parse(&s))
        .unwrap_or_default();
    Ok(RulesPage {
        active,
        title: settings.rules.title.clone(),
        body: settings.rules.to_json(),
        contact_rhythm: rhythm.as_setting(),
        contact_rhythm_label: rhythm.label(),
    })
}
