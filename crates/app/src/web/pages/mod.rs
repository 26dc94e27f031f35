//! Server-rendered pages in Chinese, usable without JavaScript and on a phone.

mod admin;
mod admin_reference;
mod audit;
mod case_ledger;
mod cases;
pub(crate) use cases::attachment_response;
mod dashboard;
mod documents;
pub(crate) use documents::{download, render_notice};
mod inbox;
mod ledgers;
pub(crate) use ledgers::{read_ledger_upload, xlsx_response};
mod login;
mod screenings;
mod todo;
mod webhooks;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use minijinja::context;

use super::Web;
use super::auth::CurrentUser;
use super::error::{classify, user_message};
use super::render::{page, viewer};
use crate::services::ServiceError;

/// Page routes.
pub fn routes() -> Router<Web> {
    Router::new()
        .route("/login", get(login::show).post(login::submit))
        .route("/logout", post(login::logout))
        .route("/", get(dashboard::show))
        .route("/todo", get(todo::show))
        .route("/todo/calendar", get(todo::calendar))
        .route("/cases", get(cases::list))
        .route("/cases/new", get(cases::new_form).post(cases::create))
        .route("/cases/{id}", get(cases::detail))
        .route("/cases/{id}/notices/{kind}", get(documents::notice))
        .route("/cases/{id}/archive.zip", get(documents::archive))
        .route("/reports/weekly", get(documents::weekly))
        .route("/cases/{id}/steps/{step}", post(cases::step))
        .route("/cases/{id}/attachments", post(cases::upload))
        .route("/cases/{id}/reveal", post(cases::reveal))
        .route("/attachments/{id}", get(cases::download))
        .route("/petitioners/{id}", get(cases::petitioner))
        .route("/cases/{id}/ledger", get(case_ledger::show))
        .route("/cases/{id}/ledger/backlog", post(case_ledger::backlog))
        .route(
            "/cases/{id}/ledger/provincial",
            post(case_ledger::provincial),
        )
        .route("/cases/{id}/ledger/followups", post(case_ledger::followup))
        .route("/screenings", get(screenings::list))
        .route(
            "/screenings/new",
            get(screenings::new_form).post(screenings::create_entry),
        )
        .route(
            "/screenings/{id}",
            get(screenings::show).post(screenings::save),
        )
        .route("/screenings/{id}/case", post(screenings::make_case))
        .route("/screenings/{id}/reveal", post(screenings::reveal))
        .route("/ledgers", get(ledgers::show))
        .route("/ledgers/import", post(ledgers::upload))
        .route(
            "/ledgers/roster",
            get(ledgers::roster_page).post(ledgers::roster_save),
        )
        .route("/ledgers/{file}", get(ledgers::download))
        .route("/admin/users", get(admin::users).post(admin::create_user))
        .route("/admin/orgs", get(admin::orgs))
        .route("/audit", get(audit::show))
        .route("/admin/webhooks", get(webhooks::show).post(webhooks::add))
        .route("/inbox", get(inbox::show))
        .route("/inbox/read", post(inbox::read))
        .route(
            "/admin/calendar",
            get(admin_reference::calendar).post(admin_reference::load_calendar),
        )
        .route(
            "/admin/rules",
            get(admin_reference::rules).post(admin_reference::change_rules),
        )
}

/// An error page for a service error.
pub(crate) fn error_page(web: &Web, user: &CurrentUser, e: &ServiceError) -> Response {
    let (status, _) = classify(e);
    let status = if status == StatusCode::UNPROCESSABLE_ENTITY {
        StatusCode::BAD_REQUEST
    } else {
        status
    };
    page(
        &web.templates,
        status,
        "error.html",
        context! { me => viewer(user), csrf => &user.csrf, message => user_message(e), status => status.as_u16() },
    )
}

/// A form with no fields but the CSRF token (查看完整信息 and the like).
#[derive(Debug, serde::Deserialize, Default)]
pub(super) struct EmptyForm {}
