//! 重点人员风险评分规则 in the store: the district's saved copy of the
//! scoring rules (a setting), or the shipped `rules/key_persons.json`.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::key_person::RiskRules;

use crate::audit::Audit;
use crate::reference::replace_setting;
use crate::{Store, StoreResult};

/// The setting holding the district's saved scoring rules.
const RULES_KEY: &str = "key_person_rules";

impl Store {
    /// The scoring rules in force: the district's saved copy (the raw text)
    /// if there is one, else None (the shipped `rules/key_persons.json`).
    pub async fn risk_rules_text(&self) -> StoreResult<Option<String>> {
        self.setting(RULES_KEY).await
    }

    /// The scoring rules to score with now; a saved copy that no longer
    /// parses falls back to the shipped rules (logged).
    pub async fn risk_rules(&self) -> StoreResult<RiskRules> {
        Ok(match self.risk_rules_text().await? {
            Some(body) => RiskRules::parse(&body).unwrap_or_else(|e| {
                tracing::error!(
                    ?e,
                    "stored key-person rules do not parse; using the shipped ones"
                );
                RiskRules::default_rules()
            }),
            None => RiskRules::default_rules(),
        })
    }

    /// Save the district's scoring rules (already checked), audited `risk_rules.save`.
    pub async fn save_risk_rules(
        &self,
        body: &str,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<()> {
        let mut w = self.write().await?;
        let before = replace_setting(w.conn(), RULES_KEY, body).await?;
        let audit = Audit::by(actor, AuditAction::RiskRulesSave, now)
            .on("key_person_rules", None)
            .before(before)
            .after(Some(body.to_string()));
        w.commit(audit).await
    }
}
