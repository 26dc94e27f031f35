//! The one way a change of record is written: [`Write`] holds the engine's
//! write gate and a transaction, and its only way to commit takes the audit
//! row of the change. Dropped or failed, it rolls back: nothing half-written
//! and nothing unaudited.

use jiff::Timestamp;
use sqlx::{Any, AnyConnection, Transaction};
use tokio::sync::MutexGuard;
use xinfang_domain::access::Actor;
use xinfang_domain::workflow::EventKind;

use crate::audit::{Audit, append};
use crate::codec::ms;
use crate::codec::user_ref;
use crate::params::{Columns, Params, insert_each};
use crate::words::write_case_words;
use crate::{Store, StoreResult};

/// An audited write in progress (see the module doc).
pub(crate) struct Write<'s> {
    store: &'s Store,
    tx: Transaction<'static, Any>,
    /// Cases whose words (全文检索) the change may have changed: rewritten
    /// before it commits.
    touched: Vec<i64>,
    // Released after the transaction ends: fields drop in declaration order.
    _gate: Option<MutexGuard<'s, ()>>,
}

/// A timeline event of a case, written with the change it records.
#[derive(Debug, Clone)]
pub(crate) struct Event<'a> {
    /// Kind.
    pub kind: EventKind,
    /// When it happened.
    pub occurred_at: Timestamp,
    /// The timeline sentence.
    pub text: String,
    /// Structured content (the step as JSON), or null.
    pub data: serde_json::Value,
    /// Who; None for the system (the sweeper, a recomputation).
    pub actor: Option<&'a Actor>,
}

impl Store {
    /// Begin an audited write: wait for the write gate, open a transaction.
    pub(crate) async fn write(&self) -> StoreResult<Write<'_>> {
        let gate = self.gate.enter().await;
        let tx = self.begin_write().await?;
        Ok(Write {
            store: self,
            tx,
            touched: Vec::new(),
            _gate: gate,
        })
    }

    /// Open a write's transaction (see `Engine::begin_write`); the caller
    /// has passed the write gate.
    pub(crate) async fn begin_write(&self) -> StoreResult<sqlx::Transaction<'static, sqlx::Any>> {
        Ok(self.pool.begin_with(self.engine.begin_write()).await?)
    }
}

impl Write<'_> {
    /// The transaction's connection, for the change's own statements.
    pub(crate) fn conn(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }

    /// Record a timeline event of case `case_id`, entered at `now`.
    pub(crate) async fn event(
        &mut self,
        case_id: i64,
        e: &Event<'_>,
        now: Timestamp,
    ) -> StoreResult<()> {
        self.touch(case_id);
        insert_event(&mut self.tx, case_id, e, now).await
    }

    /// Case `case_id`'s text (number, summary, remarks, petitioner's name,
    /// timeline) or scope (township, units, 包案领导) was written: its
    /// words are rewritten before the commit.
    pub(crate) fn touch(&mut self, case_id: i64) {
        self.touched.push(case_id);
    }

    /// Write the audit row of the change and commit.
    pub(crate) async fn commit(self, audit: Audit) -> StoreResult<()> {
        self.commit_each(vec![audit]).await
    }

    /// Write one audit row per record changed and commit. With no audit
    /// row there is no change to keep: the transaction is rolled back.
    pub(crate) async fn commit_each(mut self, audits: Vec<Audit>) -> StoreResult<()> {
        if audits.is_empty() {
            return self.rollback().await;
        }
        self.touched.sort_unstable();
        self.touched.dedup();
        write_case_words(
            self.store.engine,
            &self.store.places,
            &mut self.tx,
            &self.touched,
        )
        .await?;
        append(
            self.store.engine,
            &self.store.audit_keys,
            &mut self.tx,
            &audits,
        )
        .await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// Undo everything (a dry run, or nothing to change).
    pub(crate) async fn rollback(self) -> StoreResult<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// Insert a timeline event on `conn`; also used by the unaudited
/// recomputation of milestones, whose cause (a rule change) is audited.
pub(crate) async fn insert_event(
    conn: &mut AnyConnection,
    case_id: i64,
    e: &Event<'_>,
    now: Timestamp,
) -> StoreResult<()> {
    insert_each(conn, "case_events", &[(case_id, e, now)], event_columns).await
}

/// The columns of one timeline event's row.
pub(crate) fn event_columns(
    p: &mut Params,
    (case_id, e, now): &(i64, &Event<'_>, Timestamp),
) -> Columns {
    let body = serde_json::json!({ "text": e.text, "data": e.data }).to_string();
    vec![
        ("case_id", p.int(*case_id)),
        ("kind", p.text(e.kind.as_str())),
        ("actor_id", p.int_opt(e.actor.and_then(user_ref))),
        (
            "actor_name",
            p.text(e.actor.map_or("系统", |a| a.display_name.as_str())),
        ),
        ("occurred_at", p.int(ms(e.occurred_at))),
        ("recorded_at", p.int(ms(*now))),
        ("body", p.text(body)),
    ]
}
