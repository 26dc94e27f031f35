//! xinfang-store: the only crate that writes SQL; one code path for SQLite and PostgreSQL.
//!
//! Built on sqlx's `Any` driver: every statement uses `$1`-style parameters
//! (both engines accept them), times are Unix milliseconds, flags are 0/1.
//! Whatever must differ between SQLite and PostgreSQL lives in the `engine`
//! module, and nowhere else.

mod accountability;
mod assessments;
mod audit;
mod backup;
mod campaigns;
mod case_ledgers;
mod cases;
mod choices;
mod codec;
mod engine;
mod generate;
mod goals;
mod group;
mod in_scope;
mod issued_notices;
mod key_person_contacts;
mod key_person_rules;
mod key_persons;
mod ledger_cases;
mod logins;
mod mediations;
mod meetings;
mod migrate;
mod milestones;
mod notice_codes;
mod notifications;
mod opinions;
mod orgs;
mod page;
mod params;
mod periods;
mod personal;
mod places;
mod recompute;
mod reference;
mod roster;
mod scorecard;
mod screenings;
mod sendings;
mod similar;
mod statistics;
mod sweep;
pub mod testing;
mod tokens;
mod training;
mod unit_info;
mod users;
pub mod vault;
mod verifications;
mod visit_plan;
mod words;
mod write;

use std::sync::Arc;

use sqlx::AnyPool;
use tokio::sync::MutexGuard;

pub use accountability::{AccountabilityFilter, AccountabilityRecord, EscalatedCase, LinkedCase};
pub use assessments::AssessmentRecord;
pub use audit::chain::{AnchorCheck, AuditAnchor, AuditCheckpoint, AuditVerification};
pub use audit::{AuditEntry, AuditFilter};
pub use backup::{AuditHead, DumpRow, DumpSink, DumpSummary, Loader};
pub use campaigns::{CampaignRecord, ClearRecord};
pub use case_ledgers::CaseLedgerWrite;
pub use cases::{
    AttachmentRecord, CaseFilter, CaseRecords, CaseSort, CorrectionChange, EventRecord, LeadUnit,
    NewAttachment, RANKED_NEWEST, StepChange,
};
pub use choices::UserChoice;
pub use engine::{Column, DateBucket, Engine, Index, Schema, Table, TypeFamily};
pub use generate::{GeneratePlan, Generated};
pub use goals::RankRecord;
pub use issued_notices::{IssuedNotice, NewIssuedNotice};
pub use key_person_contacts::{ContactRecord, ContactUrge, DueContact, PersonProposal, UrgeRecord};
pub use key_persons::{KeyPersonRecord, PersonCase, ScoredPerson};
pub use ledger_cases::{LedgerCaseRow, LedgerEvent, LedgerQuery};
pub use logins::{LoginAttempt, NewSessionRow};
pub use mediations::{MediationCount, MediationRecord};
pub use meetings::{MeasureRecord, MeetingRecord};
pub use migrate::latest_schema_version;
pub use milestones::{MilestoneRow, StoredMilestone, TodoBucket, TodoFilter, TodoItem};
pub use notice_codes::VerifiedNotice;
pub use notifications::Delivery;
pub use opinions::{
    BoardFilter, BoardRow, LinkedRecord, OpinionRecord, OpinionStatusRecord, VoiceRecord,
};
pub use page::{Page, PageRequest};
pub use periods::{PeriodRecord, ZeroReportRow};
pub use recompute::{ClockInputs, RecomputeWrite};
pub use scorecard::TownshipFigure;
pub use screenings::{ImportCounts, ScreeningFilter};
pub use sendings::{NewSending, Sending, SendingCase};
pub use similar::SimilarPool;
pub use statistics::StatsGroup;
pub use sweep::{CaseNotice, NoticeText, RaisedNotice, SweepMilestone};
pub use training::{Attendee, CourseRecord, TrainingFilter};
pub use users::{SessionRecord, UserPatch};
pub use vault::{AuditKey, DataKey, Secret, Vault};
pub use verifications::{NewVerification, VerificationRecord};
pub use visit_plan::{VisitDue, VisitMade};
pub use words::IndexBacklog;

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist (or is outside the caller's scope).
    #[error("未找到{0}")]
    NotFound(String),
    /// A concurrent change or a uniqueness rule got in the way.
    #[error("{0}")]
    Conflict(String),
    /// Anything else: the database failed.
    #[error("数据库错误：{0}")]
    Other(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &e
            && db.is_unique_violation()
        {
            return StoreError::Conflict(format!("数据重复：{}", db.message()));
        }
        StoreError::Other(e.to_string())
    }
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// The database handle shared by the whole app.
#[derive(Debug, Clone)]
pub struct Store {
    pool: AnyPool,
    engine: Engine,
    gate: engine::WriteGate,
    vault: Arc<Vault>,
    audit_keys: Arc<audit::chain::AuditKeys>,
    registrations: Arc<group::Group<cases::Registration, cases::Written>>,
    places: Arc<places::PlaceCache>,
    place_work: Arc<places::PlaceWork>,
}

impl Store {
    /// Connect to `url` (`sqlite://path?mode=rwc` or `postgres://…`), run
    /// pending migrations, seal any personal data still in plaintext with
    /// `key` (see [`vault`]), and check that the audit chain was keyed with
    /// `audit_key` (keying it from now on in a database from before keying).
    pub async fn connect(url: &str, key: &DataKey, audit_key: &AuditKey) -> StoreResult<Store> {
        let (engine, pool) = engine::open(url).await?;
        let store = Store::on(engine, pool, key, audit_key);
        store.migrate().await?;
        store.check_data_key().await?;
        store.check_audit_key().await?;
        store.seal_personal_data().await?;
        store.index_phones().await?;
        store.rescan_places().await?;
        store.index_pending_case_words().await?;
        Ok(store)
    }

    /// A store on `pool` as opened, nothing checked or migrated yet.
    fn on(engine: Engine, pool: AnyPool, key: &DataKey, audit_key: &AuditKey) -> Store {
        Store {
            pool,
            engine,
            gate: engine.write_gate(),
            vault: Arc::new(Vault::new(key)),
            audit_keys: Arc::new(audit::chain::AuditKeys::new(audit_key)),
            registrations: Arc::default(),
            places: Arc::default(),
            place_work: Arc::default(),
        }
    }

    /// The engine in use.
    pub fn engine(&self) -> Engine {
        self.engine
    }

    /// The district's place words in force (see [`places`]), which a text
    /// search is parsed with.
    pub async fn places(&self) -> StoreResult<Arc<xinfang_domain::search::Places>> {
        let mut conn = self.pool.acquire().await?;
        self.places.get(&mut conn).await
    }

    /// Close all connections, first copying SQLite's write-ahead log into
    /// the database file, so that after a clean stop the `.db` file alone
    /// holds every committed change. A failed checkpoint is logged: the
    /// changes are safe in the log, which the next start replays.
    pub async fn close(&self) {
        if let Err(e) = self.engine.checkpoint(&self.pool).await {
            tracing::warn!("WAL checkpoint at close failed: {e}");
        }
        self.pool.close().await;
    }

    /// Pass the engine's write gate (one writer at a time on SQLite) for a
    /// write that is not a change of record and so has no audit row: login
    /// counters, sessions, inbox read marks, delivery attempts, the sweeper's
    /// state moves. Every change of record goes through [`Store::write`].
    async fn write_guard(&self) -> Option<MutexGuard<'_, ()>> {
        self.gate.enter().await
    }

    /// Read a setting.
    pub async fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        let v = sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(v)
    }
}

/// A database URL with its password replaced, for messages and logs.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            match cred.split_once(':') {
                Some((user, _)) => format!("{}://{}:***@{}", &url[..s], user, &url[at + 1..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://x:secret@127.0.0.1:5432/db"),
            "postgres://x:***@127.0.0.1:5432/db"
        );
        assert_eq!(redact_url("sqlite:///tmp/a.db"), "sqlite:///tmp/a.db");
    }
}
