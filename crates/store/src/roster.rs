//! The cadre roster (乡镇涉贫信访干部队伍统计表, Annex 3): per township, the
//! leader in charge and the full-time petition cadre, with their phones.

use jiff::Timestamp;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::org::OrgKind;

use xinfang_domain::roster::RosterEntry;

use crate::audit::Audit;
use crate::codec::user_ref;
use crate::codec::{RowExt, ms};
use crate::screenings::ImportCounts;
use crate::{Store, StoreResult};

fn entry_from_row(r: &AnyRow) -> StoreResult<RosterEntry> {
    Ok(RosterEntry {
        org_id: r.int("org_id")?,
        org_name: r.text("org_name")?,
        leader_name: r.text_opt("leader_name")?.unwrap_or_default(),
        leader_title: r.text_opt("leader_title")?.unwrap_or_default(),
        leader_office_phone: r.text_opt("leader_office_phone")?,
        leader_mobile: r.text_opt("leader_mobile")?,
        cadre_name: r.text_opt("cadre_name")?.unwrap_or_default(),
        cadre_office_phone: r.text_opt("cadre_office_phone")?,
        cadre_mobile: r.text_opt("cadre_mobile")?,
        updated_at: r.time_opt("updated_at")?,
    })
}

const SELECT: &str = "SELECT o.id AS org_id, o.name AS org_name, r.leader_name, r.leader_title,
    r.leader_office_phone, r.leader_mobile, r.cadre_name, r.cadre_office_phone, r.cadre_mobile, r.updated_at
    FROM orgs o LEFT JOIN cadre_roster r ON r.org_id = o.id";

impl Store {
    /// The roster: every township (blank where nothing was entered) and any
    /// other organisation with a row, in code order; only `org_id`'s row when given.
    pub async fn roster(&self, org_id: Option<i64>) -> StoreResult<Vec<RosterEntry>> {
        let rows = match org_id {
            Some(id) => {
                sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE o.id = $1")))
                    .bind(id)
                    .fetch_all(&self.pool)
                    .await?
            }
            None => {
                sqlx::query(sqlx::AssertSqlSafe(format!(
                    "{SELECT} WHERE o.kind = $1 OR r.org_id IS NOT NULL ORDER BY o.code"
                )))
                .bind(OrgKind::Township.as_str())
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.iter().map(entry_from_row).collect()
    }

    /// Save roster rows in one transaction with one audit row; rows equal to
    /// what is stored are left alone. A dry run counts and rolls back.
    pub async fn save_roster(
        &self,
        entries: &[RosterEntry],
        actor: &Actor,
        now: Timestamp,
        dry_run: bool,
    ) -> StoreResult<ImportCounts> {
        let mut w = self.write().await?;
        let mut counts = ImportCounts::default();
        let mut changed = Vec::new();
        for e in entries {
            let before = sqlx::query(sqlx::AssertSqlSafe(format!("{SELECT} WHERE o.id = $1")))
                .bind(e.org_id)
                .fetch_optional(w.conn())
                .await?
                .map(|r| entry_from_row(&r))
                .transpose()?;
            let stored = before.as_ref().is_some_and(|b| b.updated_at.is_some());
            match &before {
                // A blank row (a template's) adds nothing where nothing was entered.
                _ if !stored && e.is_blank() => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(b) if b.updated_at.is_some() && b.same_as(e) => {
                    counts.unchanged += 1;
                    continue;
                }
                Some(b) if b.updated_at.is_some() => counts.updated += 1,
                _ => counts.added += 1,
            }
            sqlx::query(
                "INSERT INTO cadre_roster (org_id, leader_name, leader_title, leader_office_phone, leader_mobile,
                    cadre_name, cadre_office_phone, cadre_mobile, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
                 ON CONFLICT (org_id) DO UPDATE SET leader_name = excluded.leader_name,
                    leader_title = excluded.leader_title, leader_office_phone = excluded.leader_office_phone,
                    leader_mobile = excluded.leader_mobile, cadre_name = excluded.cadre_name,
                    cadre_office_phone = excluded.cadre_office_phone, cadre_mobile = excluded.cadre_mobile,
                    updated_by = excluded.updated_by, updated_at = excluded.updated_at",
            )
            .bind(e.org_id)
            .bind(&e.leader_name)
            .bind(&e.leader_title)
            .bind(e.leader_office_phone.clone())
            .bind(e.leader_mobile.clone())
            .bind(&e.cadre_name)
            .bind(e.cadre_office_phone.clone())
            .bind(e.cadre_mobile.clone())
            .bind(user_ref(actor))
            .bind(ms(now))
            .execute(w.conn())
            .await?;
            changed.push(e);
        }
        if dry_run || changed.is_empty() {
            w.rollback().await?;
        } else {
            let audit = Audit::by(actor, AuditAction::RosterSave, now)
                .on("roster", (changed.len() == 1).then(|| changed[0].org_id))
                .after(serde_json::to_string(&changed).ok());
            w.commit(audit).await?;
        }
        Ok(counts)
    }
}
