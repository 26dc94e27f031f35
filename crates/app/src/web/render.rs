//! Templates compiled into the binary, and rendering a page.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Environment, Value};

use super::auth::CurrentUser;

macro_rules! templates {
    ($($name:literal),+ $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),+]
    };
}

const TEMPLATES: &[(&str, &str)] = templates!(
    "base.html",
    "login.html",
    "verify.html",
    "error.html",
    "dashboard.html",
    "case_list.html",
    "case_new.html",
    "case_detail.html",
    "petitioner.html",
    "admin_users.html",
    "admin_user.html",
    "account_password.html",
    "admin_orgs.html",
    "inbox.html",
    "admin_webhooks.html",
    "todo.html",
    "todo_calendar.html",
    "admin_calendar.html",
    "admin_rules.html",
    "admin_unit.html",
    "reports_weekly.html",
    "report_sending.html",
    "screening_list.html",
    "screening_form.html",
    "ledgers.html",
    "roster.html",
    "case_ledger.html",
    "audit.html",
    "repeat_candidates.html",
    "goals.html",
    "goals_ranks.html",
    "stats.html",
    "case_records.html",
    "case_records_section.html",
    "rectifications.html",
    "scorecard.html",
    "scorecard_rules.html",
    "accountability.html",
    "campaigns.html",
    "campaign.html",
    "assessments.html",
    "training.html",
    "opinions.html",
    "case_opinion.html",
    "meetings.html",
    "meeting.html",
    "visits.html",
    "risk.html",
    "persons.html",
    "person.html",
    "person_form.html",
    "person_rules.html",
    "periods.html",
);

/// The template environment, built once at start-up.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    for (name, source) in TEMPLATES {
        if let Err(e) = env.add_template(name, source) {
            // A template that does not parse is a build defect; tests render every page.
            tracing::error!("template {name}: {e}");
        }
    }
    env.add_filter("local", |v: String| -> String {
        v.parse::<jiff::Timestamp>()
            .map(xinfang_domain::clock::format_local)
            .unwrap_or(v)
    });
    env.add_filter("trunc", |v: String, n: usize| -> String {
        if v.chars().count() <= n {
            v
        } else {
            format!("{}…", v.chars().take(n).collect::<String>())
        }
    });
    env.add_filter("date", |v: String| -> String {
        v.parse::<jiff::Timestamp>()
            .map(|t| xinfang_domain::clock::format_local(t)[..10].to_string())
            .unwrap_or(v)
    });
    env
}

/// What every page knows about the viewer.
#[derive(Debug, serde::Serialize)]
struct Viewer<'a> {
    name: &'a str,
    username: &'a str,
    org: &'a str,
    roles: Vec<&'static str>,
    menu: xinfang_domain::menu::Menu,
    unread: i64,
    district: &'a str,
    bureau: &'a str,
}

/// What every page knows about the viewer: name, organisation, roles, the
/// menu the permission table allows, unread notices, and the district's and
/// its bureau's names for the page frame.
pub fn viewer(u: &CurrentUser) -> Value {
    ser(Viewer {
        name: &u.user.display_name,
        username: &u.user.username,
        org: &u.user.org_name,
        roles: u.user.roles.iter().map(|r| r.label()).collect(),
        menu: xinfang_domain::menu::Menu::of(&u.actor),
        unread: u.unread,
        district: &u.masthead.0,
        bureau: &u.masthead.1,
    })
}

/// Any serialisable value for a template.
pub fn ser<T: serde::Serialize>(v: T) -> Value {
    Value::from(minijinja::value::Serde(v))
}

/// Render a template with a status code.
pub fn page(env: &Environment<'_>, status: StatusCode, name: &str, ctx: Value) -> Response {
    match env.get_template(name).and_then(|t| t.render(ctx)) {
        Ok(html) => (status, Html(html)).into_response(),
        Err(e) => {
            tracing::error!("rendering {name}: {e:#}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html(
                    "<!doctype html><meta charset=utf-8><p>页面生成失败，请联系系统管理员。</p>"
                        .to_string(),
                ),
            )
                .into_response()
        }
    }
}
