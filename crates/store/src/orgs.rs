//! Organisations: the district's tree, set up from a district file and kept by the 系统管理员.

use jiff::Timestamp;
use sqlx::AnyConnection;
use sqlx::any::AnyRow;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::district::{District, Region};
use xinfang_domain::org::{Org, OrgKind};

use crate::audit::Audit;
use crate::codec::{RowExt, ms};
use crate::places::{is_place, names_changed, places_moved};
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

    /// Add one organisation under `parent_id`, audited `org.create`; a code
    /// already used is a [`StoreError::Conflict`].
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
        let id = insert_org(w.conn(), code, name, kind, parent_id, now)
            .await
            .map_err(|e| match e {
                StoreError::Conflict(_) => {
                    StoreError::Conflict(format!("代码“{code}”已被其他组织使用"))
                }
                other => other,
            })?;
        let org = Org {
            id,
            code: code.into(),
            name: name.into(),
            kind,
            parent_id,
        };
        if is_place(kind) {
            names_changed(w.conn(), &[], &[name]).await?;
        }
        let audit = Audit::by_or_system(by, AuditAction::OrgCreate, now)
            .on("org", Some(id))
            .after(serde_json::to_string(&org).ok());
        w.commit(audit).await?;
        if is_place(kind) {
            self.after_place_change().await;
        }
        Ok(org)
    }

    /// Set up an empty database with a district's organisations (each
    /// audited `org.seed`) and its 省/市 (settings `district.province` and
    /// `district.city`, audited `setting.set`), all in one transaction.
    /// Refused with [`StoreError::Conflict`] when any organisation exists.
    pub async fn create_district(&self, district: &District, now: Timestamp) -> StoreResult<usize> {
        let mut w = self.write().await?;
        let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM orgs")
            .fetch_one(w.conn())
            .await?;
        if existing > 0 {
            return Err(StoreError::Conflict(format!(
                "数据库中已有{existing}个组织机构，只能为新建的空数据库设置区县"
            )));
        }
        let mut ids: Vec<(&str, i64)> = Vec::with_capacity(district.orgs.len());
        let mut audits = Vec::new();
        for o in &district.orgs {
            let parent_id = match &o.parent_code {
                None => None,
                Some(pc) => Some(
                    ids.iter()
                        .find(|(code, _)| code == pc)
                        .map(|(_, id)| *id)
                        .ok_or_else(|| StoreError::NotFound(format!("上级组织 {pc}")))?,
                ),
            };
            let id = insert_org(w.conn(), &o.code, &o.name, o.kind, parent_id, now).await?;
            audits.push(
                Audit::system(AuditAction::OrgSeed, now)
                    .on("org", Some(id))
                    .after(Some(format!("{} {}", o.code, o.name))),
            );
            ids.push((&o.code, id));
        }
        // Nothing is indexed yet; a process that loaded no places loads them.
        places_moved(w.conn()).await?;
        for (key, value) in [
            (PROVINCE_SETTING, &district.province),
            (CITY_SETTING, &district.city),
        ] {
            sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2)")
                .bind(key)
                .bind(value)
                .execute(w.conn())
                .await?;
            audits.push(
                Audit::system(AuditAction::SettingSet, now)
                    .on("setting", None)
                    .after(Some(format!("{key}={value}"))),
            );
        }
        w.commit_each(audits).await?;
        Ok(ids.len())
    }

    /// Rename one organisation, audited `org.rename` with the name before and after.
    pub async fn rename_org(
        &self,
        id: i64,
        name: &str,
        by: Option<&Actor>,
        now: Timestamp,
    ) -> StoreResult<Org> {
        let mut w = self.write().await?;
        let row = sqlx::query("SELECT id, code, name, kind, parent_id FROM orgs WHERE id = $1")
            .bind(id)
            .fetch_optional(w.conn())
            .await?
            .ok_or_else(|| StoreError::NotFound("该组织".into()))?;
        let before = org_from_row(&row)?;
        sqlx::query("UPDATE orgs SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(w.conn())
            .await?;
        let after = Org {
            name: name.to_string(),
            ..before.clone()
        };
        let place = is_place(before.kind) && before.name != after.name;
        if place {
            names_changed(w.conn(), &[&before.name], &[name]).await?;
        }
        let audit = Audit::by_or_system(by, AuditAction::OrgRename, now)
            .on("org", Some(id))
            .before(serde_json::to_string(&before).ok())
            .after(serde_json::to_string(&after).ok());
        w.commit(audit).await?;
        if place {
            self.after_place_change().await;
        }
        Ok(after)
    }

    /// The names every page carries: the district's (its root organisation,
    /// e.g. 许昌市建安区) and its leading bureau's (e.g. 区乡村振兴局); empty
    /// before the district is set up.
    pub async fn masthead(&self) -> StoreResult<(String, String)> {
        let root: Option<String> =
            sqlx::query_scalar("SELECT name FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1")
                .fetch_optional(&self.pool)
                .await?;
        let bureau: Option<String> =
            sqlx::query_scalar("SELECT name FROM orgs WHERE kind = 'bureau' ORDER BY id LIMIT 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok((root.unwrap_or_default(), bureau.unwrap_or_default()))
    }

    /// 属地 — the district's 省, 市 and 县: the settings written when it was
    /// set up, the county read from the root organisation's name (a
    /// database set up before the settings existed reads the city from the
    /// name, up to its 市).
    pub async fn region(&self) -> StoreResult<Region> {
        let root: Option<String> =
            sqlx::query_scalar("SELECT name FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1")
                .fetch_optional(&self.pool)
                .await?;
        let province = self.setting(PROVINCE_SETTING).await?.unwrap_or_default();
        let city = self.setting(CITY_SETTING).await?.unwrap_or_default();
        Ok(Region::new(&province, &city, root.as_deref().unwrap_or("")))
    }
}

/// Setting keys of the district's 省 and 市.
const PROVINCE_SETTING: &str = "district.province";
const CITY_SETTING: &str = "district.city";

async fn insert_org(
    conn: &mut AnyConnection,
    code: &str,
    name: &str,
    kind: OrgKind,
    parent_id: Option<i64>,
    now: Timestamp,
) -> StoreResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO orgs (code, name, kind, parent_id, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(code)
    .bind(name)
    .bind(kind.as_str())
    .bind(parent_id)
    .bind(ms(now))
    .fetch_one(conn)
    .await?)
}
