//! 重点人员风险评分规则 — the rules in force (the district's saved copy, or
//! the shipped `rules/key_persons.json`), saved after every check, audited.

use xinfang_domain::access::Actor;
use xinfang_domain::errors::FieldErrors;
use xinfang_domain::key_person::RiskRules;
use xinfang_domain::key_person::rules::DEFAULT_JSON;
use xinfang_domain::permission::{Permission, Place, check, may};

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The largest rules text accepted.
const MAX_BODY: usize = 16 * 1024;

/// The rules in force and their text (saved or shipped): for those who
/// read key persons (the rules explain their scores) and those who keep them.
pub async fn risk_rules(state: &AppState, actor: &Actor) -> ServiceResult<(RiskRules, String)> {
    if !may(actor, Permission::ManageRiskRules, &Place::Somewhere) {
        check(actor, Permission::ReadKeyPersons, &Place::Somewhere)?;
    }
    let body = state
        .store
        .risk_rules_text()
        .await?
        .unwrap_or_else(|| DEFAULT_JSON.to_string());
    Ok((state.store.risk_rules().await?, body))
}

/// Save new rules: permission, then every problem of the text by field.
pub async fn save_risk_rules(
    state: &AppState,
    actor: &Actor,
    body: &str,
) -> ServiceResult<RiskRules> {
    check(actor, Permission::ManageRiskRules, &Place::Somewhere)?;
    if body.len() > MAX_BODY {
        let mut e = FieldErrors::default();
        e.add(
            "body",
            "评分规则",
            format!("不能超过 {} KB", MAX_BODY / 1024),
        );
        return Err(ServiceError::Invalid(e));
    }
    let rules = RiskRules::parse(body)?;
    state
        .store
        .save_risk_rules(body.trim(), actor, state.now())
        .await?;
    Ok(rules)
}
