//! 组织机构 — a district set up from its file, then organisations and villages added and renamed by the 系统管理员.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use xinfang_domain::access::Actor;
use xinfang_domain::district::District;
use xinfang_domain::org::rules::{NewOrg, child_kinds, parse_rename};
use xinfang_domain::org::{Org, OrgKind, find_township};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::StoreError;

use crate::json::ReindexJson;
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// An organisation to add, as typed on the page, in JSON or on the command line.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct OrgInput {
    /// 上级单位: id, code or full name (a township also without its suffix).
    pub parent: String,
    /// 类型: `bureau`, `department`, `township`, `village`, `leadership`,
    /// `inspection`, or the Chinese label.
    pub kind: String,
    /// 代码: a township's 9-digit and a village's 12-digit statistics code,
    /// an assigned code (e.g. `411003-D15`) for the others.
    pub code: String,
    /// 名称: the full Chinese name, at most 40 characters.
    pub name: String,
}

/// A new name for an organisation.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RenameInput {
    /// 名称: the full Chinese name, at most 40 characters.
    pub name: String,
}

/// One organisation as listed, in tree order: fields stable for scripts
/// (`xinfang org list --json`, the API).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OrgRow {
    /// Database id.
    pub id: i64,
    /// Unique code.
    pub code: String,
    /// Full Chinese name.
    pub name: String,
    /// `district`, `bureau`, `department`, `township`, `village`, `leadership` or `inspection`.
    #[schema(value_type = String)]
    pub kind: OrgKind,
    /// The parent's id (none for the district).
    pub parent_id: Option<i64>,
    /// The parent's code (none for the district).
    pub parent_code: Option<String>,
    /// Depth in the tree, 0 for the district (not part of the JSON).
    #[serde(skip)]
    pub depth: usize,
}

/// Every organisation depth-first from the district, children in code order.
pub fn tree_rows(orgs: &[Org]) -> Vec<OrgRow> {
    fn walk(orgs: &[Org], parent: Option<&Org>, depth: usize, out: &mut Vec<OrgRow>) {
        let mut children: Vec<&Org> = orgs
            .iter()
            .filter(|o| o.parent_id == parent.map(|p| p.id))
            .collect();
        children.sort_by(|a, b| a.code.cmp(&b.code));
        for o in children {
            out.push(OrgRow {
                id: o.id,
                code: o.code.clone(),
                name: o.name.clone(),
                kind: o.kind,
                parent_id: o.parent_id,
                parent_code: parent.map(|p| p.code.clone()),
                depth,
            });
            walk(orgs, Some(o), depth + 1, out);
        }
    }
    let mut out = Vec::with_capacity(orgs.len());
    walk(orgs, None, 0, &mut out);
    out
}

/// The organisation tree, in tree order (anyone signed in may read it).
pub async fn org_tree(state: &AppState) -> ServiceResult<Vec<OrgRow>> {
    Ok(tree_rows(&state.store.list_orgs().await?))
}

/// What the page 管理 → 组织机构 shows: the tree, and for each organisation
/// the kinds that may be added under it.
#[derive(Debug, Clone)]
pub struct OrgsView {
    /// Every organisation in tree order.
    pub rows: Vec<OrgRow>,
    /// How far the full-text index is behind after a township or village
    /// was added or renamed (the server's worker brings it up to date).
    pub reindex: Option<ReindexJson>,
}

impl OrgsView {
    /// The kinds that may be added under the organisation `id`.
    pub fn child_kinds(&self, id: i64) -> Vec<OrgKind> {
        self.rows
            .iter()
            .find(|r| r.id == id)
            .map_or_else(Vec::new, |r| child_kinds(r.kind))
    }
}

/// The page's view, for the 系统管理员 only.
pub async fn orgs_view(state: &AppState, actor: &Actor) -> ServiceResult<OrgsView> {
    may_manage(Some(actor))?;
    Ok(OrgsView {
        rows: org_tree(state).await?,
        reindex: state.store.index_backlog().await?.map(ReindexJson::from),
    })
}

/// `by` None is the operator at the console, who may.
fn may_manage(by: Option<&Actor>) -> ServiceResult<()> {
    match by {
        Some(actor) => check(actor, Permission::ManageOrgs, &Place::Somewhere)
            .map_err(|d| ServiceError::Forbidden(d.0)),
        None => Ok(()),
    }
}

/// The organisation `text` names: its id, its code, its full name (which
/// must be unique) or, for a township, its name without the suffix.
pub fn find_org<'a>(
    orgs: &'a [Org],
    text: &str,
    field: &str,
    label: &str,
) -> ServiceResult<&'a Org> {
    let text = text.trim();
    if text.is_empty() {
        return Err(field_error(field, label, "请选择或填写组织的代码或名称"));
    }
    if let Some(o) = orgs.iter().find(|o| o.code == text) {
        return Ok(o);
    }
    let named: Vec<&Org> = orgs.iter().filter(|o| o.name == text).collect();
    match named.as_slice() {
        [one] => return Ok(one),
        [] => {}
        many => {
            let codes: Vec<&str> = many.iter().map(|o| o.code.as_str()).collect();
            return Err(field_error(
                field,
                label,
                format!(
                    "有{}个组织名为“{text}”，请改用代码：{}",
                    many.len(),
                    codes.join("、")
                ),
            ));
        }
    }
    if let Some(o) = find_township(orgs, text) {
        return Ok(o);
    }
    if let Ok(id) = text.parse::<i64>()
        && let Some(o) = orgs.iter().find(|o| o.id == id)
    {
        return Ok(o);
    }
    Err(field_error(
        field,
        label,
        format!("没有代码或名称为“{text}”的组织"),
    ))
}

fn row_of(orgs: &[Org], org: &Org) -> OrgRow {
    let parent = org.parent_id.and_then(|p| orgs.iter().find(|o| o.id == p));
    OrgRow {
        id: org.id,
        code: org.code.clone(),
        name: org.name.clone(),
        kind: org.kind,
        parent_id: org.parent_id,
        parent_code: parent.map(|p| p.code.clone()),
        depth: 0,
    }
}

/// 新增组织 — add an organisation or village under its parent, audited
/// `org.create`. `by` None means the command line.
pub async fn add_org(
    state: &AppState,
    by: Option<&Actor>,
    input: &OrgInput,
    now: Timestamp,
) -> ServiceResult<OrgRow> {
    may_manage(by)?;
    let orgs = state.store.list_orgs().await?;
    let parent = find_org(&orgs, &input.parent, "parent", "上级单位")?;
    let new = NewOrg::parse(parent, &input.kind, &input.code, &input.name, &orgs)?;
    let org = state
        .store
        .create_org(&new.code, &new.name, new.kind, Some(new.parent_id), by, now)
        .await
        .map_err(|e| match e {
            StoreError::Conflict(m) => field_error("code", "代码", m),
            other => other.into(),
        })?;
    Ok(row_of(&orgs, &org))
}

/// How a caller names an organisation.
#[derive(Debug, Clone, Copy)]
pub enum OrgRef<'a> {
    /// By database id (pages and the API).
    Id(i64),
    /// By code or name, as [`find_org`] reads it (the console).
    Text(&'a str),
}

/// 改名 — rename the organisation `which`, audited `org.rename` with the
/// old and new names. Cases, users and ledgers keep pointing at the same
/// organisation and show the new name.
pub async fn rename_org(
    state: &AppState,
    by: Option<&Actor>,
    which: OrgRef<'_>,
    input: &RenameInput,
    now: Timestamp,
) -> ServiceResult<OrgRow> {
    may_manage(by)?;
    let orgs = state.store.list_orgs().await?;
    let org = match which {
        OrgRef::Id(id) => orgs
            .iter()
            .find(|o| o.id == id)
            .ok_or_else(|| ServiceError::NotFound("未找到该组织".into()))?,
        OrgRef::Text(text) => find_org(&orgs, text, "org", "组织")?,
    };
    let name = parse_rename(org, &input.name, &orgs)?;
    let renamed = state.store.rename_org(org.id, &name, by, now).await?;
    Ok(row_of(&orgs, &renamed))
}

/// The worker `serve` runs beside the web server. From its start, a
/// township or village added or renamed through this server (its pages,
/// its API) is finished here — the cases that say the old or new name
/// found and indexed again, beside the other writers — so the request
/// that made the change answers at once, and the pages say how far the
/// index is (see [`OrgsView::reindex`]). A change made at the console is
/// finished by the console. A pass that panics is logged; the next change
/// is still finished, and what a pass left is finished when the database
/// is next opened. The loop ends when the server does.
pub async fn run_place_indexer(state: AppState) {
    state.store.index_places_in_background();
    loop {
        state.store.place_change_committed().await;
        let store = state.store.clone();
        if let Err(e) = tokio::spawn(async move { store.finish_place_change().await }).await {
            tracing::error!(error = %e, "地名变更后的全文索引异常终止");
        }
    }
}

/// 设置区县 — set up an empty database with a district's organisations
/// (`xinfang init`); a database that has organisations is refused.
pub async fn init_district(
    state: &AppState,
    district: &District,
    now: Timestamp,
) -> ServiceResult<usize> {
    Ok(state.store.create_district(district, now).await?)
}
