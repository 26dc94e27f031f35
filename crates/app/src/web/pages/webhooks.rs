//! 推送机器人 — the 系统管理员's page for organisations' 企业微信/钉钉 webhooks and the deliveries that failed.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};

use super::admin::org_rows;
use super::error_page;
use crate::services::ServiceError;
use crate::services::deadlines::deliver_webhooks::{MAX_ATTEMPTS, RobotKind, masked_url};
use crate::services::deadlines::notifications::{WebhookInput, add_webhook, webhooks};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, viewer};

async fn render(web: &Web, u: &CurrentUser, form: &WebhookInput, state: FormState) -> Response {
    let (hooks, failed) = match webhooks(&web.app, &u.actor).await {
        Ok(x) => x,
        Err(e) => return error_page(web, u, &e),
    };
    let orgs = match web.app.store.list_orgs().await {
        Ok(o) => o,
        Err(e) => return error_page(web, u, &e.into()),
    };
    let org_name = |id: i64| {
        orgs.iter()
            .find(|o| o.id == id)
            .map_or_else(|| id.to_string(), |o| o.name.clone())
    };
    let hook_org = |webhook_id: i64| {
        hooks
            .iter()
            .find(|h| h.id == webhook_id)
            .map_or_else(String::new, |h| org_name(h.org_id))
    };
    let hook_rows: Vec<Value> = hooks
        .iter()
        .map(|h| {
            context! {
                id => h.id, org => org_name(h.org_id), url => masked_url(&h.url), markdown => h.markdown, active => h.active,
                kind => RobotKind::parse(&h.kind).map_or_else(|| h.kind.clone(), |k| k.label().to_string()),
            }
        })
        .collect();
    let failed_rows: Vec<Value> = failed
        .iter()
        .map(|d| {
            context! {
                id => d.id, org => hook_org(d.webhook_id), url => masked_url(&d.url), attempts => d.attempts,
                gave_up => d.attempts >= MAX_ATTEMPTS, last_error => &d.last_error, created_at => d.created_at.to_string(),
            }
        })
        .collect();
    page(
        &web.templates,
        state.status,
        "admin_webhooks.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "admin", orgs => org_rows(&orgs),
            hooks => hook_rows, failed => failed_rows, max_attempts => MAX_ATTEMPTS,
            f => context! { org_id => &form.org_id, kind => &form.kind, url => &form.url, markdown => !form.markdown.is_empty() },
            error => state.message, error_list => Value::from(minijinja::value::Serde(state.list)),
        },
    )
}

pub(super) async fn show(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    render(&web, &u, &WebhookInput::default(), FormState::ok()).await
}

pub(super) async fn add(State(web): State<Web>, f: PageForm<WebhookInput>) -> Response {
    match add_webhook(&web.app, &f.user.actor, &f.form, web.app.now()).await {
        Ok(_) => Redirect::to("/admin/webhooks").into_response(),
        Err(ServiceError::Forbidden(m)) => error_page(&web, &f.user, &ServiceError::Forbidden(m)),
        Err(e) => render(&web, &f.user, &f.form, FormState::from_error(&e)).await,
    }
}
