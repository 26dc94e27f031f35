//! What every request and job shares: the store, configuration, clock and templates.

use std::sync::Arc;

use xinfang_domain::clock::Clock;
use xinfang_store::Store;

use xinfang_store::StoreResult;

use crate::config::Config;
use crate::settings::{DeadlineSettings, SettingsCache};

/// The system clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// Where this process's checks of the audit chain stand (see
/// `services::admin::audit_chain`).
#[derive(Debug, Clone, Default)]
pub struct ChainProgress {
    /// Every row up to here has verified: the next check starts after it.
    pub head: Option<xinfang_store::AuditCheckpoint>,
    /// Where the sweep over the older rows continues (None: from the first row).
    pub sweep: Option<xinfang_store::AuditCheckpoint>,
}

/// Shared application state.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub store: Store,
    /// Configuration.
    pub config: Arc<Config>,
    /// Where "now" comes from.
    pub clock: Arc<dyn Clock>,
    /// The calendar and deadline rules in force, reloaded whenever the
    /// settings version in the database moves (any process may change them).
    pub deadlines: Arc<SettingsCache>,
    /// HTTP client for the robots' webhooks (推送), shared so connections are reused.
    pub http: reqwest::Client,
    /// How far this process has verified the audit chain: the audit page
    /// and the daily anchor re-hash only the rows after it (and a slice of
    /// the older ones).
    pub audit_checkpoint: Arc<std::sync::Mutex<ChainProgress>>,
}

impl AppState {
    /// Open the database named by the configuration (creating the data
    /// directory for SQLite) and run migrations.
    pub async fn open(config: Config) -> Result<AppState, String> {
        std::fs::create_dir_all(&config.data_dir)
            .map_err(|e| format!("无法创建数据目录 {}：{e}", config.data_dir.display()))?;
        std::fs::create_dir_all(config.attachments_dir())
            .map_err(|e| format!("无法创建附件目录：{e}"))?;
        let key = config.data_key()?;
        let audit_key = config.audit_key()?;
        let store = Store::connect(&config.effective_database_url(), &key, &audit_key)
            .await
            .map_err(|e| e.to_string())?;
        let policy = xinfang_domain::deadlines::WarningPolicy {
            last_percent: config.warn_percent.min(100),
            last_working_days: config.warn_working_days,
        };
        let deadlines = SettingsCache::load(&store, policy).await?;
        let state = AppState {
            store,
            config: Arc::new(config),
            clock: Arc::new(SystemClock),
            deadlines: Arc::new(deadlines),
            http: robot_client()?,
            audit_checkpoint: Arc::default(),
        };
        crate::files::seal_stored_files(&state.store, &state.config).await?;
        Ok(state)
    }

    /// The deadline settings in force: a shared snapshot, reloaded first if
    /// the console or another server changed them (one small query to tell).
    /// The one way to the calendar and rules: every request and sweep that
    /// computes deadlines comes through here.
    pub async fn deadline_settings(&self) -> StoreResult<Arc<DeadlineSettings>> {
        self.deadlines.current(&self.store).await
    }

    /// The current instant.
    pub fn now(&self) -> jiff::Timestamp {
        self.clock.now()
    }
}

/// The HTTP client for the robots' webhooks: short timeouts, no redirects
/// (a robot URL that redirects is not followed to somewhere else).
fn robot_client() -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(std::time::Duration::from_secs(5))
        .timeout(std::time::Duration::from_secs(10))
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("xinfang/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| format!("无法创建HTTP客户端：{e}"))
}
