//! 节假日与时限规则 — an administrator loads a calendar year or changes the rules; every open milestone follows.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::backlog::ContactRhythm;
use xinfang_domain::calendar::YearData;
use xinfang_domain::deadlines::{RuleSet, format_due};
use xinfang_domain::permission::{Permission, Place, check};

use xinfang_store::RecomputeWrite;

use crate::services::deadlines::milestones::{
    CONTACT_RHYTHM_SETTING, ClockFacts, contact_rhythm, rows_from_facts,
};
use crate::services::{ServiceResult, field_error};
use crate::settings::RULE_SET_SETTING;
use crate::state::AppState;

/// What a recomputation changed.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RecomputeReport {
    /// Cases looked at.
    pub cases: usize,
    /// Cases whose due times moved (each got a timeline note).
    pub changed: usize,
}

fn require_admin(by: Option<&Actor>) -> ServiceResult<()> {
    match by {
        Some(a) => Ok(check(a, Permission::ManageSettings, &Place::Somewhere)?),
        _ => Ok(()),
    }
}

fn who(by: Option<&Actor>) -> Option<(i64, &str)> {
    by.map(|a| (a.user_id, a.display_name.as_str()))
}

/// Load (or correct) one calendar year from its JSON text, then recompute.
pub async fn load_calendar_year(
    state: &AppState,
    by: Option<&Actor>,
    json: &str,
    now: Timestamp,
) -> ServiceResult<(i16, RecomputeReport)> {
    require_admin(by)?;
    let mut calendar = state.deadline_settings().await?.calendar.clone();
    let year = calendar
        .with_year_json(json)
        .map_err(|e| field_error("body", "节假日数据", e.to_string()))?;
    // Store the canonical form, so a later start reads exactly what was checked.
    let canonical = YearData::from_json(json)
        .ok()
        .and_then(|d| serde_json::to_string_pretty(&d).ok())
        .unwrap_or_else(|| json.to_string());
    state
        .store
        .save_calendar_year(i64::from(year), &canonical, who(by), now)
        .await?;
    let report = recompute_all(state, &format!("{year}年节假日安排更新"), now).await?;
    Ok((year, report))
}

/// Store a district rule set under `name` (validated), recomputing if it is in force.
pub async fn save_rules(
    state: &AppState,
    by: Option<&Actor>,
    name: &str,
    json: &str,
    now: Timestamp,
) -> ServiceResult<RecomputeReport> {
    require_admin(by)?;
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 40 {
        return Err(field_error("name", "规则名称", "不能为空，且不超过40个字"));
    }
    RuleSet::from_json(json).map_err(|e| field_error("body", "时限规则", e.to_string()))?;
    state.store.save_rule_set(name, json, who(by), now).await?;
    let active = state
        .store
        .setting(RULE_SET_SETTING)
        .await?
        .unwrap_or_else(|| "seed".into());
    if active != name {
        return Ok(RecomputeReport::default());
    }
    recompute_all(state, &format!("时限规则“{name}”修改"), now).await
}

/// Put a rule set (a stored one, or the `seed`/`statute` preset) in force.
pub async fn use_rules(
    state: &AppState,
    by: Option<&Actor>,
    name: &str,
    now: Timestamp,
) -> ServiceResult<RecomputeReport> {
    require_admin(by)?;
    let rules = match state.store.rule_set(name).await? {
        Some(body) => {
            RuleSet::from_json(&body).map_err(|e| field_error("name", "时限规则", e.to_string()))?
        }
        None => RuleSet::preset(name).ok_or_else(|| {
            field_error("name", "时限规则", format!("没有名为“{name}”的时限规则"))
        })?,
    };
    state
        .store
        .set_setting(RULE_SET_SETTING, name, who(by), now)
        .await?;
    recompute_all(state, &format!("时限规则改为“{}”", rules.title), now).await
}

/// Set how often backlog petitioners are contacted (积案定期联络): `monthly`
/// (每月) or a number of days; every open milestone is recomputed.
pub async fn set_contact_rhythm(
    state: &AppState,
    by: Option<&Actor>,
    text: &str,
    now: Timestamp,
) -> ServiceResult<(ContactRhythm, RecomputeReport)> {
    require_admin(by)?;
    let rhythm = ContactRhythm::parse(text).ok_or_else(|| {
        field_error(
            "rhythm",
            "联络频次",
            format!(
                "应为“每月”（monthly）或1至366之间的天数，而不是“{}”",
                text.trim()
            ),
        )
    })?;
    state
        .store
        .set_setting(CONTACT_RHYTHM_SETTING, &rhythm.as_setting(), who(by), now)
        .await?;
    let report = recompute_all(
        state,
        &format!("积案定期联络频次改为{}", rhythm.label()),
        now,
    )
    .await?;
    Ok((rhythm, report))
}

/// Cases read, computed and written together (one transaction a chunk).
const RECOMPUTE_CHUNK: usize = 500;

/// Recompute every case whose milestones may still move, with the settings
/// now in force (the change just stored moved the settings version, so
/// they are read afresh); a case whose due times change gets a timeline
/// note saying from what to what. A chunk of cases at a time: their inputs
/// read in a few queries, their rows computed, and only what changed
/// written back.
pub async fn recompute_all(
    state: &AppState,
    why: &str,
    now: Timestamp,
) -> ServiceResult<RecomputeReport> {
    let settings = state.deadline_settings().await?;
    let rhythm = contact_rhythm(state).await?;
    let mut report = RecomputeReport::default();
    let ids = state.store.cases_with_open_milestones().await?;
    for chunk in ids.chunks(RECOMPUTE_CHUNK) {
        let inputs = state.store.clock_inputs(chunk).await?;
        let mut writes = Vec::with_capacity(inputs.len());
        for inp in &inputs {
            let rows = rows_from_facts(&settings, rhythm, &ClockFacts::of(inp), None, now);
            let mut moves = Vec::new();
            for r in &rows {
                let before = inp
                    .stored
                    .iter()
                    .find(|(o, _)| o.row.key == r.key)
                    .and_then(|(o, _)| o.row.due_at);
                if let (Some(b), Some(a)) = (before, r.due_at)
                    && a != b
                {
                    moves.push(format!(
                        "“{}”截止时间由 {} 改为 {}",
                        r.name,
                        format_due(b),
                        format_due(a)
                    ));
                }
            }
            let note = (!moves.is_empty()).then(|| format!("因{why}，{}", moves.join("；")));
            report.cases += 1;
            report.changed += usize::from(note.is_some());
            writes.push(RecomputeWrite {
                case_id: inp.case_id,
                rows,
                note,
            });
        }
        state.store.apply_recompute(&inputs, &writes, now).await?;
    }
    Ok(report)
}
