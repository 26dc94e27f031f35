//! The calendar and deadline rules in force, and the cache that reloads them
//! whenever the settings version in the database moves.

use std::sync::{Arc, RwLock};

use xinfang_domain::calendar::WorkingCalendar;
use xinfang_domain::deadlines::{RuleSet, WarningPolicy};
use xinfang_store::{Store, StoreError, StoreResult};

/// The calendar, rules and warning policy in force.
#[derive(Debug, Clone)]
pub struct DeadlineSettings {
    /// China's working days: the embedded years plus those an administrator loaded.
    pub calendar: WorkingCalendar,
    /// The rule set in force (the seed's plan unless the district chose another).
    pub rules: RuleSet,
    /// When a milestone turns 临期预警.
    pub policy: WarningPolicy,
}

/// Setting key naming the rule set in force.
pub const RULE_SET_SETTING: &str = "rule_set";

impl DeadlineSettings {
    /// Load from the database: embedded calendar years overridden or extended
    /// by stored ones, and the rule set named by the `rule_set` setting
    /// (a stored district copy, or the `seed`/`statute` preset).
    pub async fn load(store: &Store, policy: WarningPolicy) -> Result<DeadlineSettings, String> {
        let mut calendar = WorkingCalendar::embedded();
        for (year, body) in store.calendar_years().await.map_err(|e| e.to_string())? {
            calendar
                .with_year_json(&body)
                .map_err(|e| format!("{year}年节假日数据有误：{e}"))?;
        }
        let name = store
            .setting(RULE_SET_SETTING)
            .await
            .map_err(|e| e.to_string())?
            .unwrap_or_else(|| "seed".into());
        let rules = match store.rule_set(&name).await.map_err(|e| e.to_string())? {
            Some(body) => {
                RuleSet::from_json(&body).map_err(|e| format!("规则“{name}”有误：{e}"))?
            }
            None => RuleSet::preset(&name).ok_or_else(|| format!("没有名为“{name}”的时限规则"))?,
        };
        Ok(DeadlineSettings {
            calendar,
            rules,
            policy,
        })
    }
}

/// The deadline settings one process computes with, and the settings
/// version (see `Store::settings_version`) they were loaded at.
///
/// Every use asks the database for the version first — one primary-key
/// lookup — and reloads when it moved, so a rule set put in force from the
/// console or on another server is used by the very next request or sweep.
#[derive(Debug)]
pub struct SettingsCache {
    policy: WarningPolicy,
    loaded: RwLock<(i64, Arc<DeadlineSettings>)>,
    /// One reload at a time: requests arriving together wait for it.
    reload: tokio::sync::Mutex<()>,
}

impl SettingsCache {
    /// Load the settings in force now.
    pub async fn load(store: &Store, policy: WarningPolicy) -> Result<SettingsCache, String> {
        // The version is read before the settings: a change committed in
        // between is then loaded already and, at worst, loaded once more.
        let version = store.settings_version().await.map_err(|e| e.to_string())?;
        let settings = DeadlineSettings::load(store, policy).await?;
        Ok(SettingsCache {
            policy,
            loaded: RwLock::new((version, Arc::new(settings))),
            reload: tokio::sync::Mutex::new(()),
        })
    }

    fn snapshot(&self) -> (i64, Arc<DeadlineSettings>) {
        let guard = match self.loaded.read() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        (guard.0, Arc::clone(&guard.1))
    }

    /// The settings in force: the loaded ones while the database's version
    /// is theirs, else freshly loaded.
    pub async fn current(&self, store: &Store) -> StoreResult<Arc<DeadlineSettings>> {
        let version = store.settings_version().await?;
        let (loaded, settings) = self.snapshot();
        if loaded == version {
            return Ok(settings);
        }
        let _one = self.reload.lock().await;
        let version = store.settings_version().await?;
        let (loaded, settings) = self.snapshot();
        if loaded == version {
            return Ok(settings);
        }
        let fresh = Arc::new(
            DeadlineSettings::load(store, self.policy)
                .await
                .map_err(StoreError::Other)?,
        );
        tracing::info!(from = loaded, to = version, rules = %fresh.rules.title, "deadline settings reloaded");
        let mut guard = match self.loaded.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = (version, Arc::clone(&fresh));
        Ok(fresh)
    }
}
