//! What forms offer to choose from: organisations of some kinds, and the
//! active users holding some roles — asked of the database, not filtered from everything.

use serde::Serialize;
use xinfang_domain::access::Role;
use xinfang_domain::org::{Org, OrgKind};

use crate::codec::RowExt;
use crate::params::{Params, like_escape};
use crate::{Store, StoreResult};

/// A user offered in a form (承办人, 包案领导).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UserChoice {
    /// User id.
    pub id: i64,
    /// Name shown to others.
    pub display_name: String,
    /// Organisation id.
    pub org_id: i64,
    /// Organisation name.
    pub org_name: String,
}

impl Store {
    /// The organisations of `kinds`, ordered by code (townships in NBS order).
    pub async fn orgs_of_kinds(&self, kinds: &[OrgKind]) -> StoreResult<Vec<Org>> {
        if kinds.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = Params::default();
        let list: Vec<String> = kinds.iter().map(|k| p.text(k.as_str())).collect();
        let sql = format!(
            "SELECT id, code, name, kind, parent_id FROM orgs WHERE kind IN ({}) ORDER BY code",
            list.join(", ")
        );
        self.rows_with(&p, sql)
            .await?
            .iter()
            .map(|r| {
                Ok(Org {
                    id: r.int("id")?,
                    code: r.text("code")?,
                    name: r.text("name")?,
                    kind: r.key("kind", OrgKind::parse)?,
                    parent_id: r.int_opt("parent_id")?,
                })
            })
            .collect()
    }

    /// The active users holding any of `roles`, by organisation code then login name.
    pub async fn active_users_with_roles(&self, roles: &[Role]) -> StoreResult<Vec<UserChoice>> {
        if roles.is_empty() {
            return Ok(Vec::new());
        }
        let mut p = Params::default();
        // Roles are stored comma-joined ("township_officer,case_leader").
        let any_role: Vec<String> = roles
            .iter()
            .map(|r| {
                let pat = p.text(format!("%,{},%", like_escape(r.as_str())));
                format!("(',' || u.roles || ',') LIKE {pat} ESCAPE '\\'")
            })
            .collect();
        let sql = format!(
            "SELECT u.id, u.display_name, u.org_id, o.name AS org_name
             FROM users u JOIN orgs o ON o.id = u.org_id
             WHERE u.active = 1 AND ({}) ORDER BY o.code, u.username",
            any_role.join(" OR ")
        );
        self.rows_with(&p, sql)
            .await?
            .iter()
            .map(|r| {
                Ok(UserChoice {
                    id: r.int("id")?,
                    display_name: r.text("display_name")?,
                    org_id: r.int("org_id")?,
                    org_name: r.text("org_name")?,
                })
            })
            .collect()
    }
}
