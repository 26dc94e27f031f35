//! Server-rendered pages in Chinese, usable without JavaScript and on a phone.

mod account;
mod accountability;
mod admin;
mod admin_orgs;
mod admin_reference;
mod admin_unit;
mod admin_user;
mod assessments;
mod audit;
mod campaigns;
mod case_ledger;
mod case_records;
mod cases;
mod dashboard;
mod documents;
mod goals;
mod inbox;
mod ledgers;
mod login;
mod meetings;
mod opinions;
mod periods;
mod persons;
mod reports;
mod scorecard;
mod screenings;
mod stats;
mod todo;
mod training;
mod verify;
mod webhooks;

use axum::response::Response;
use minijinja::context;

use super::Web;
use super::auth::CurrentUser;
use super::error::user_message;
use super::kit::form::page_status;
use super::render::{page, viewer};
use super::routes::Routes;
use crate::services::ServiceError;

/// Page routes.
pub fn routes() -> Routes {
    Routes::new()
        .get_post("/login", login::show, login::submit)
        .post("/logout", login::logout)
        .get("/verify/{code}", verify::show)
        .get("/", dashboard::show)
        .get("/goals", goals::show)
        .get_post("/goals/ranks", goals::ranks, goals::enter)
        .get("/todo", todo::show)
        .get("/stats", stats::show)
        .get("/stats.xlsx", stats::download)
        .get("/scorecard", scorecard::show)
        .get("/scorecard.xlsx", scorecard::download)
        .get_post("/scorecard/rules", scorecard::rules, scorecard::save_rules)
        .get("/todo/calendar", todo::calendar)
        .get("/cases", cases::list)
        .get_post("/cases/new", cases::new_form, cases::create)
        .get("/cases/{id}", cases::detail)
        .get("/cases/{id}/notices/{kind}", documents::notice)
        .get("/cases/{id}/archive.zip", documents::archive)
        .get_post("/reports/weekly", reports::weekly, reports::send_weekly)
        .get("/reports/weekly.zip", reports::weekly_zip)
        .get("/reports/sendings/{id}", reports::sent)
        .get("/reports/sendings/{id}/package.zip", reports::sent_zip)
        .post("/cases/{id}/steps/correct", cases::correct)
        .post("/cases/{id}/steps/{step}", cases::step)
        .post("/cases/{id}/attachments", cases::upload)
        .post("/cases/{id}/reveal", cases::reveal)
        .get("/attachments/{id}", cases::download)
        .get("/petitioners/{id}", cases::petitioner)
        .get("/cases/{id}/ledger", case_ledger::show)
        .post("/cases/{id}/ledger/backlog", case_ledger::backlog)
        .post("/cases/{id}/ledger/provincial", case_ledger::provincial)
        .post("/cases/{id}/ledger/followups", case_ledger::followup)
        .post("/cases/{id}/ledger/resolve", case_ledger::resolve)
        .get("/cases/{id}/records", case_records::show)
        .post("/cases/{id}/mediations", case_records::mediation)
        .post("/cases/{id}/verifications", case_records::verification)
        .post(
            "/cases/{id}/verifications/{vid}/rectification",
            case_records::rectification,
        )
        .get("/rectifications", case_records::open)
        .get("/opinions", opinions::board)
        .get_post("/meetings", meetings::month, meetings::create)
        .get("/meetings/pack.pdf", meetings::pack)
        .get("/meetings/{id}", meetings::show)
        .post("/meetings/{id}/measures/{mid}/done", meetings::done)
        .get("/visits", meetings::visits)
        .get("/risk", meetings::hub)
        .get("/cases/{id}/opinion", opinions::show)
        .post("/cases/{id}/opinion/status", opinions::status)
        .post("/cases/{id}/opinion/voices", opinions::voice)
        .post("/cases/{id}/opinion/links", opinions::link)
        .get("/screenings", screenings::list)
        .get_post(
            "/screenings/new",
            screenings::new_form,
            screenings::create_entry,
        )
        .get_post("/screenings/{id}", screenings::show, screenings::save)
        .post("/screenings/{id}/case", screenings::make_case)
        .post("/screenings/{id}/reveal", screenings::reveal)
        .post("/screenings/{id}/assess", screenings::assess)
        .get("/ledgers", ledgers::show)
        .post("/ledgers/import", ledgers::upload)
        .get_post(
            "/ledgers/roster",
            ledgers::roster_page_show,
            ledgers::roster_save,
        )
        .get("/ledgers/{file}", ledgers::download)
        .get_post("/admin/users", admin::users, admin::create_user)
        .get_post("/admin/users/{id}", admin_user::show, admin_user::save)
        .post("/admin/users/{id}/password", admin_user::reset_password)
        .post("/admin/users/{id}/active", admin_user::set_active)
        .post("/admin/users/{id}/unlock", admin_user::unlock)
        .post("/admin/tokens/{id}/revoke", admin_user::revoke)
        .get_post("/account/password", account::show, account::submit)
        .get_post("/admin/orgs", admin_orgs::show, admin_orgs::add)
        .post("/admin/orgs/{id}/rename", admin_orgs::rename)
        .get("/audit", audit::show)
        .get_post("/admin/webhooks", webhooks::show, webhooks::add)
        .get("/inbox", inbox::show)
        .post("/inbox/read", inbox::read)
        .get_post(
            "/admin/calendar",
            admin_reference::calendar,
            admin_reference::load_calendar,
        )
        .get_post(
            "/admin/rules",
            admin_reference::rules,
            admin_reference::change_rules,
        )
        .get_post("/admin/unit", admin_unit::show, admin_unit::save)
        .get_post(
            "/accountability",
            accountability::show,
            accountability::record,
        )
        .get_post("/training", training::show, training::record)
        .get_post("/campaigns", campaigns::list, campaigns::create)
        .get("/campaigns/{id}", campaigns::show)
        .post("/campaigns/{id}/clear", campaigns::clear)
        .get("/assessments", assessments::show)
        .get("/persons", persons::list)
        .get_post("/persons/new", persons::new_form, persons::create)
        .get_post("/persons/rules", persons::rules, persons::save_rules)
        .post("/persons/proposals/{id}/confirm", persons::confirm)
        .post("/persons/proposals/{id}/dismiss", persons::dismiss)
        .get("/persons/{id}", persons::show)
        .get_post("/persons/{id}/edit", persons::edit_form, persons::save)
        .post("/persons/{id}/contacts", persons::add_contact)
        .post("/persons/{id}/urge", persons::urge)
        .post("/persons/{id}/assess", persons::assess)
        .post("/persons/{id}/reveal", persons::reveal)
        .get_post("/periods", periods::show, periods::add)
        .post("/periods/{id}/zero-reports", periods::report)
}

/// An error page for a service error.
pub(crate) fn error_page(web: &Web, user: &CurrentUser, e: &ServiceError) -> Response {
    let status = page_status(e);
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
