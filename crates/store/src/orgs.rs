//! Organisations: the district's tree.

use jiff::Timestamp;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::org::{Org, OrgKind, OrgSeed};

use crate::audit::Audit;
use crate::codec::{RowExt, ms};
use crate::{Store, StoreError, StoreResult};

fn org_from_row(r: &AnyRow) -> StoreResult<Org> {
    Ok(Org {
        id: r.int("id")?,
        code: r.text("code")?,
        name: r.text("name")?,
        kind: r.key("kind", OrgKind::parse)?,
        parent_id: r.int_opt("parent_id")?,
    })
}

impl Store {
    /// Every organisation, ordered by code (townships in NBS order).
    pub async fn list_orgs(&self) -> StoreResult<Vec<Org>> {
        let rows = sqlx::query("SELECT id, code, name, kind, parent_id FROM orgs ORDER BY code")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(org_from_row).collect()
    }

    /// One organisation.
    pub async fn org(&self, id: i64) -> StoreResult<Org> {
        let row = sqlx::query("SELECT id, code, name, kind, parent_id FROM orgs WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or_else(|| StoreError::NotFound("该组织".into()))?;
        org_from_row(&row)
    }

    /// Add one organisation under `parent_id`.
    pub async fn create_org(
        &self,
        code: &str,
        name: &str,
        kind: OrgKind,
        parent_id: Option<i64>,
        by: Option<&Actor>,
        now: Timestamp,
    ) -> StoreResult<Org> {
        let mut w = self.write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO orgs (code, name, kind, parent_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(code)
        .bind(name)
        .bind(kind.as_str())
        .bind(parent_id)
        .bind(ms(now))
        .fetch_one(w.conn())
        .await?;
        let org = Org {
            id,
            code: code.into(),
            name: name.into(),
            kind,
            parent_id,
        };
        let audit = Audit::by_or_system(by, AuditAction::OrgCreate, now)
            .on("org", Some(id))
            .after(serde_json::to_string(&org).ok());
        w.commit(audit).await?;
        Ok(org)
    }

    /// Load a district's initial organisations in one transaction; codes that
    /// already exist are left alone, so this is safe to run twice.
    pub async fn seed_orgs(&self, seeds: &[OrgSeed], now: Timestamp) -> StoreResult<usize> {
        let mut w = self.write().await?;
        let mut audits = Vec::new();
        for s in seeds {
            let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM orgs WHERE code = $1")
                .bind(s.code)
                .fetch_optional(w.conn())
                .await?;
            if exists.is_some() {
                continue;
            }
            let parent_id: Option<i64> = match s.parent_code {
                None => None,
                Some(pc) => Some(
                    sqlx::query_scalar("SELECT id FROM orgs WHERE code = $1")
                        .bind(pc)
                        .fetch_optional(w.conn())
                        .await?
                        .ok_or_else(|| StoreError::NotFound(format!("上级组织 {pc}")))?,
                ),
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO orgs (code, name, kind, parent_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            )
            .bind(s.code)
            .bind(s.name)
            .bind(s.kind.as_str())
            .bind(parent_id)
            .bind(ms(now))
            .fetch_one(w.conn())
            .await?;
            audits.push(
                Audit::system(AuditAction::OrgSeed, now)
                    .on("org", Some(id))
                    .after(Some(format!("{} {}", s.code, s.name))),
            );
        }
        let added = audits.len();
        w.commit_each(audits).await?;
        Ok(added)
    }
}
