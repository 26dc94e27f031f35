//! The audit trail (审计日志): one row per change, chained by HMAC-SM3 under
//! the audit key (see [`chain`]) so that an edit, a forged row or a re-chained
//! trail breaks the chain and `verify_audit` finds it.

pub(crate) mod chain;

use jiff::Timestamp;
use serde::Serialize;
use sqlx::AnyConnection;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::{AuditAction, AuditKind};

use crate::codec::user_ref;
use crate::codec::{RowExt, ms, ts};
use crate::engine::Lock;
use crate::page::Page;
use crate::params::{Params, insert_each, like_contains};
use crate::{Engine, Store, StoreResult};
use chain::{AuditFields, AuditKeys};

/// One audit row as read back.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// Row id, in append order.
    pub id: i64,
    /// When.
    pub at: Timestamp,
    /// Who (user id), None for the system.
    pub actor_id: Option<i64>,
    /// Who, by name.
    pub actor_name: String,
    /// What was done, as stored, e.g. `case.assign` (see [`AuditEntry::action`]).
    pub action: String,
    /// Which kind of record.
    pub entity: String,
    /// Which record.
    pub entity_id: Option<i64>,
    /// JSON before the change.
    pub before: Option<String>,
    /// JSON after the change.
    pub after: Option<String>,
}

/// Which audit rows to list.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only actions of this kind.
    pub kind: Option<AuditKind>,
    /// Actor names containing this.
    pub actor: Option<String>,
    /// From this instant.
    pub from: Option<Timestamp>,
    /// Before this instant.
    pub to: Option<Timestamp>,
    /// About this case (its number).
    pub case_number: Option<String>,
}

impl AuditEntry {
    /// The action, if this version knows it (a newer version may have written others).
    pub fn action(&self) -> Option<AuditAction> {
        AuditAction::parse(&self.action)
    }
}

fn entry_from_row(r: &sqlx::any::AnyRow) -> StoreResult<(AuditEntry, Option<String>)> {
    Ok((
        AuditEntry {
            id: r.int("id")?,
            at: ts(r.int("at")?),
            actor_id: r.int_opt("actor_id")?,
            actor_name: r.text("actor_name")?,
            action: r.text("action")?,
            entity: r.text("entity")?,
            entity_id: r.int_opt("entity_id")?,
            before: r.text_opt("before")?,
            after: r.text_opt("after")?,
        },
        r.text_opt("case_number")?,
    ))
}

/// What one audit row records; [`crate::write::Write`] writes it with the
/// change, in the same transaction.
#[derive(Debug, Clone)]
pub(crate) struct Audit {
    at: Timestamp,
    actor_id: Option<i64>,
    actor_name: String,
    action: AuditAction,
    entity: String,
    entity_id: Option<i64>,
    before: Option<String>,
    after: Option<String>,
}

impl Audit {
    /// `action` done by `actor` at `at`.
    pub fn by(actor: &Actor, action: AuditAction, at: Timestamp) -> Audit {
        Audit::new(user_ref(actor), &actor.display_name, action, at)
    }

    /// `action` done by `by`, or by the system when None.
    pub fn by_or_system(by: Option<&Actor>, action: AuditAction, at: Timestamp) -> Audit {
        match by {
            Some(actor) => Audit::by(actor, action, at),
            None => Audit::system(action, at),
        }
    }

    /// `action` done by the user `(id, name)`, or by the system when None.
    pub fn by_user(by: Option<(i64, &str)>, action: AuditAction, at: Timestamp) -> Audit {
        match by {
            Some((id, name)) => Audit::new(Some(id), name, action, at),
            None => Audit::system(action, at),
        }
    }

    /// `action` done by the system (start-up, the sweeper, the console).
    pub fn system(action: AuditAction, at: Timestamp) -> Audit {
        Audit::new(None, "系统", action, at)
    }

    fn new(actor_id: Option<i64>, actor_name: &str, action: AuditAction, at: Timestamp) -> Audit {
        Audit {
            at,
            actor_id,
            actor_name: actor_name.to_string(),
            action,
            entity: String::new(),
            entity_id: None,
            before: None,
            after: None,
        }
    }

    /// About record `id` (None: about several, or none in particular) of kind `entity`.
    pub fn on(mut self, entity: &str, id: Option<i64>) -> Audit {
        self.entity = entity.to_string();
        self.entity_id = id;
        self
    }

    /// What it was before.
    pub fn before(mut self, before: Option<String>) -> Audit {
        self.before = before;
        self
    }

    /// What it is after.
    pub fn after(mut self, after: Option<String>) -> Audit {
        self.after = after;
        self
    }
}

/// Append `rows` to the chain on `conn`, in order, inside the transaction
/// of the change (only [`crate::write::Write`] calls this). The audit-chain
/// lock, held to the end of the transaction, orders concurrent appends so
/// the chain stays linear; the head is read once and each row links to the
/// one before it, so a group of changes committed together (see
/// [`crate::group`]) is a run of links like any other.
pub(crate) async fn append(
    engine: Engine,
    keys: &AuditKeys,
    conn: &mut AnyConnection,
    rows: &[Audit],
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    engine.lock_transaction(conn, Lock::AuditChain).await?;
    let prev: Option<String> =
        sqlx::query_scalar("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut *conn)
            .await?;
    let mut prev = prev.unwrap_or_default();
    // Rows take their ids in the order of the list, and the chain is
    // verified in id order.
    insert_each(conn, "audit_log", rows, |p, w| {
        let fields = AuditFields {
            at: ms(w.at),
            actor_id: w.actor_id,
            actor_name: &w.actor_name,
            action: w.action.as_str(),
            entity: &w.entity,
            entity_id: w.entity_id,
            before: w.before.as_deref(),
            after: w.after.as_deref(),
        };
        let hash = keys.row_hash(&prev, &fields);
        vec![
            ("at", p.int(fields.at)),
            ("actor_id", p.int_opt(w.actor_id)),
            ("actor_name", p.text(&w.actor_name)),
            ("action", p.text(w.action.as_str())),
            ("entity", p.text(&w.entity)),
            ("entity_id", p.int_opt(w.entity_id)),
            ("before", p.text_opt(w.before.as_deref())),
            ("after", p.text_opt(w.after.as_deref())),
            (
                "prev_hash",
                p.text(std::mem::replace(&mut prev, hash.clone())),
            ),
            ("hash", p.text(hash)),
        ]
    })
    .await
}

impl Store {
    /// Audit rows about one record, oldest first.
    pub async fn audit_for(&self, entity: &str, entity_id: i64) -> StoreResult<Vec<AuditEntry>> {
        let rows = sqlx::query(
            "SELECT a.*, NULL AS case_number FROM audit_log a WHERE entity = $1 AND entity_id = $2 ORDER BY id",
        )
        .bind(entity)
        .bind(entity_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| entry_from_row(r).map(|(e, _)| e))
            .collect()
    }

    /// The audit trail newest first, filtered, a page at a time; each row
    /// with the number of the case it is about, if it is about one.
    pub async fn list_audit(
        &self,
        f: &AuditFilter,
        limit: i64,
        offset: i64,
    ) -> StoreResult<Page<(AuditEntry, Option<String>)>> {
        let mut p = Params::default();
        let mut wheres = vec!["1 = 1".to_string()];
        if let Some(kind) = f.kind {
            let actions: Vec<String> = kind.actions().iter().map(|a| p.text(a.as_str())).collect();
            wheres.push(format!("a.action IN ({})", actions.join(", ")));
        }
        if let Some(actor) = &f.actor {
            let ph = p.text(like_contains(actor));
            wheres.push(format!("a.actor_name LIKE {ph} ESCAPE '\\'"));
        }
        if let Some(from) = f.from {
            wheres.push(format!("a.at >= {}", p.int(ms(from))));
        }
        if let Some(to) = f.to {
            wheres.push(format!("a.at < {}", p.int(ms(to))));
        }
        if let Some(n) = &f.case_number {
            wheres.push(format!("c.number = {}", p.text(n)));
        }
        let wheres = wheres.join(" AND ");
        let joins =
            "FROM audit_log a LEFT JOIN cases c ON a.entity = 'case' AND c.id = a.entity_id";
        let total = self
            .count_with(&p, format!("SELECT COUNT(*) {joins} WHERE {wheres}"))
            .await?;
        let page = p.page(limit, offset);
        let sql = format!(
            "SELECT a.*, c.number AS case_number {joins} WHERE {wheres} ORDER BY a.id DESC {page}"
        );
        let items = self
            .rows_with(&p, sql)
            .await?
            .iter()
            .map(entry_from_row)
            .collect::<StoreResult<_>>()?;
        Ok(Page::counted(items, total))
    }
}
