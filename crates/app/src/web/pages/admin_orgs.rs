//! 管理 → 组织机构: the tree, with forms to add an organisation or village and to rename one (系统管理员 only).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::org::OrgKind;

use super::error_page;
use crate::services::ServiceError;
use crate::services::admin::orgs::{
    OrgInput, OrgRef, OrgsView, RenameInput, add_org, orgs_view, rename_org,
};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::{classify, user_message};
use crate::web::render::{page, viewer};

/// `?parent=ID` preselects the parent of the add form, `?rename=ID` opens the rename form.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct OrgsQuery {
    parent: Option<i64>,
    rename: Option<i64>,
}

/// What the forms show besides the tree: typed values and what went wrong.
#[derive(Default)]
struct Forms<'a> {
    add: OrgInput,
    add_error: Option<&'a ServiceError>,
    rename_id: Option<i64>,
    rename_name: Option<String>,
    rename_error: Option<&'a ServiceError>,
}

fn errors(err: Option<&ServiceError>) -> (Option<String>, Value) {
    let fields = match err {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    (
        err.filter(|e| !matches!(e, ServiceError::Invalid(_)))
            .map(user_message),
        Value::from(minijinja::value::Serde(fields)),
    )
}

fn render(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    view: &OrgsView,
    forms: &Forms<'_>,
) -> Response {
    let rows: Vec<Value> = view
        .rows
        .iter()
        .map(|r| {
            context! {
                id => r.id, code => &r.code, name => &r.name, kind => r.kind.label(), depth => r.depth,
                can_add => !view.child_kinds(r.id).is_empty(),
            }
        })
        .collect();
    let parents: Vec<Value> = view
        .rows
        .iter()
        .filter(|r| !view.child_kinds(r.id).is_empty())
        .map(|r| context! { id => r.id, name => &r.name, depth => r.depth })
        .collect();
    // The kinds of the chosen parent, or every kind but the district's.
    let chosen = forms.add.parent.trim().parse::<i64>().ok();
    let kinds: Vec<Value> = chosen
        .map(|id| view.child_kinds(id))
        .filter(|k| !k.is_empty())
        .unwrap_or_else(|| OrgKind::ALL[1..].to_vec())
        .into_iter()
        .map(|k| context! { key => k.as_str(), label => k.label() })
        .collect();
    let rename = forms
        .rename_id
        .and_then(|id| view.rows.iter().find(|r| r.id == id))
        .map(|r| {
            context! {
                id => r.id, code => &r.code, current => &r.name,
                name => forms.rename_name.clone().unwrap_or_else(|| r.name.clone()),
            }
        });
    let (add_error, add_errors) = errors(forms.add_error);
    let (rename_error, rename_errors) = errors(forms.rename_error);
    let f = &forms.add;
    page(
        &web.templates,
        status,
        "admin_orgs.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "admin", orgs => rows, parents => parents, kinds => kinds,
            f => context! { parent => &f.parent, kind => &f.kind, code => &f.code, name => &f.name },
            rename => rename, add_error => add_error, add_errors => add_errors,
            rename_error => rename_error, rename_errors => rename_errors,
            reindex => view.reindex.as_ref().map(|r| &r.note),
        },
    )
}

async fn show_with(web: &Web, u: &CurrentUser, status: StatusCode, forms: &Forms<'_>) -> Response {
    match orgs_view(&web.app, &u.actor).await {
        Ok(view) => render(web, u, status, &view, forms),
        Err(e) => error_page(web, u, &e),
    }
}

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<OrgsQuery>,
) -> Response {
    let forms = Forms {
        add: OrgInput {
            parent: q.parent.map(|p| p.to_string()).unwrap_or_default(),
            ..OrgInput::default()
        },
        rename_id: q.rename,
        ..Forms::default()
    };
    show_with(&web, &u, StatusCode::OK, &forms).await
}

pub(super) async fn add(State(web): State<Web>, f: PageForm<OrgInput>) -> Response {
    match add_org(&web.app, Some(&f.user.actor), &f.form, web.app.now()).await {
        Ok(row) => Redirect::to(&format!("/admin/orgs#org-{}", row.id)).into_response(),
        Err(ServiceError::Forbidden(m)) => error_page(&web, &f.user, &ServiceError::Forbidden(m)),
        Err(e) => {
            let forms = Forms {
                add: f.form.clone(),
                add_error: Some(&e),
                ..Forms::default()
            };
            show_with(&web, &f.user, classify(&e).0, &forms).await
        }
    }
}

pub(super) async fn rename(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<RenameInput>,
) -> Response {
    let which = OrgRef::Id(id);
    match rename_org(&web.app, Some(&f.user.actor), which, &f.form, web.app.now()).await {
        Ok(row) => Redirect::to(&format!("/admin/orgs#org-{}", row.id)).into_response(),
        Err(ServiceError::Forbidden(m)) => error_page(&web, &f.user, &ServiceError::Forbidden(m)),
        Err(e) => {
            let forms = Forms {
                rename_id: Some(id),
                rename_name: Some(f.form.name.clone()),
                rename_error: Some(&e),
                ..Forms::default()
            };
            show_with(&web, &f.user, classify(&e).0, &forms).await
        }
    }
}
