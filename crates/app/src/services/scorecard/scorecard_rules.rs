//! 后评估规则 — the scorecard's indicators, weights and bands in force: the
//! district's saved copy, or the shipped `rules/scorecard.json`; saved by a
//! district administrator or the 系统管理员 after every check, audited.

use xinfang_domain::access::Actor;
use xinfang_domain::errors::FieldErrors;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::scorecard::{DEFAULT_JSON, ScorecardError, ScorecardRules};

use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The largest rules text accepted (a few dozen indicators fit many times over).
const MAX_BODY: usize = 64 * 1024;

/// The rules the scorecard is computed with now.
#[derive(Debug, Clone)]
pub struct RulesInForce {
    /// The rules.
    pub rules: ScorecardRules,
    /// Whether they are the district's saved copy (the saved copy wins over the file).
    pub stored: bool,
    /// Their JSON text, as saved or as shipped.
    pub body: String,
}

/// The rules in force: the district's saved copy if there is one, else the shipped default.
pub async fn rules_in_force(state: &AppState) -> ServiceResult<RulesInForce> {
    match state.store.scorecard_rules().await? {
        Some(body) => {
            // Saved only after parsing; a copy that no longer parses (a newer
            // version's file) is an operator's problem, not the user's.
            let rules = ScorecardRules::parse(&body).map_err(|e| {
                ServiceError::Internal(format!(
                    "stored scorecard rules do not parse: {}",
                    e.iter()
                        .map(ToString::to_string)
                        .collect::<Vec<_>>()
                        .join("; ")
                ))
            })?;
            Ok(RulesInForce {
                rules,
                stored: true,
                body,
            })
        }
        None => Ok(RulesInForce {
            rules: ScorecardRules::default_rules(),
            stored: false,
            body: DEFAULT_JSON.to_string(),
        }),
    }
}

/// The rules in force, for the one who may change them.
pub async fn rules_for_editing(state: &AppState, actor: &Actor) -> ServiceResult<RulesInForce> {
    check(actor, Permission::ManageScorecard, &Place::Somewhere)?;
    rules_in_force(state).await
}

/// Save new rules: permission first, then every problem of the text
/// reported by field (nothing saved unless all is well). Audited `scorecard.save`.
pub async fn save_scorecard_rules(
    state: &AppState,
    actor: &Actor,
    body: &str,
) -> ServiceResult<ScorecardRules> {
    check(actor, Permission::ManageScorecard, &Place::Somewhere)?;
    if body.len() > MAX_BODY {
        let mut e = FieldErrors::default();
        e.add(
            "body",
            "评分规则",
            format!("不能超过 {} KB", MAX_BODY / 1024),
        );
        return Err(ServiceError::Invalid(e));
    }
    let rules = ScorecardRules::parse(body)
        .map_err(|e| ServiceError::Invalid(ScorecardError::field_errors(&e)))?;
    state
        .store
        .save_scorecard_rules(body.trim(), actor, state.now())
        .await?;
    Ok(rules)
}
