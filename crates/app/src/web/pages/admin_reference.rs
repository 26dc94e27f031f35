//! Administration of the working-day calendar and the deadline rules (系统管理员).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;

use super::error_page;
use crate::services::ServiceError;
use crate::services::admin::reference::{load_calendar_year, save_rules, use_rules};
use crate::services::deadlines::settings::RULE_SET_SETTING;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::user_message;
use crate::web::kit::form::status_of;
use crate::web::render::{page, viewer};

fn require_admin(u: &CurrentUser) -> Result<(), ServiceError> {
    Ok(xinfang_domain::permission::check(
        &u.actor,
        xinfang_domain::permission::Permission::ManageSettings,
        &xinfang_domain::permission::Place::Somewhere,
    )?)
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct BodyForm {
    body: String,
    name: String,
    action: String,
}

async fn calendar_page(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    body: &str,
    message: Option<String>,
) -> Response {
    if let Err(e) = require_admin(u) {
        return error_page(web, u, &e);
    }
    let settings = web.app.deadline_settings();
    let years: Vec<Value> = settings
        .calendar
        .years()
        .into_iter()
        .filter_map(|y| settings.calendar.year_data(y).map(|d| (y, d)))
        .map(|(y, d)| {
            let off: Vec<String> = d
                .days_off
                .iter()
                .map(|o| format!("{} {}至{}", o.name, o.from, o.to))
                .collect();
            let work: Vec<String> = d
                .makeup_workdays
                .iter()
                .map(|m| m.date.to_string())
                .collect();
            context! { year => y, source => &d.source, off => off, work => work }
        })
        .collect();
    page(
        &web.templates,
        status,
        "admin_calendar.html",
        context! { me => viewer(u), csrf => &u.csrf, nav => "admin", years => years, body => body, message => message },
    )
}

pub(super) async fn calendar(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    calendar_page(&web, &u, StatusCode::OK, "", None).await
}

pub(super) async fn load_calendar(State(web): State<Web>, f: PageForm<BodyForm>) -> Response {
    if let Err(e) = require_admin(&f.user) {
        return error_page(&web, &f.user, &e);
    }
    match load_calendar_year(&web.app, Some(&f.user.actor), &f.form.body, web.app.now()).await {
        Ok((year, r)) => {
            let msg = format!(
                "已载入{year}年节假日安排；重新计算 {} 件案件，其中 {} 件截止时间有变化",
                r.cases, r.changed
            );
            calendar_page(&web, &f.user, StatusCode::OK, "", Some(msg)).await
        }
        Err(e) => {
            calendar_page(
                &web,
                &f.user,
                status_of(&e),
                &f.form.body,
                Some(user_message(&e)),
            )
            .await
        }
    }
}

async fn rules_page(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    body: Option<&str>,
    message: Option<String>,
) -> Response {
    if let Err(e) = require_admin(u) {
        return error_page(web, u, &e);
    }
    let settings = web.app.deadline_settings();
    let active = web
        .app
        .store
        .setting(RULE_SET_SETTING)
        .await
        .ok()
        .flatten()
        .unwrap_or_else(|| "seed".into());
    let text = body.map_or_else(|| settings.rules.to_json(), str::to_string);
    page(
        &web.templates,
        status,
        "admin_rules.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "admin", active => active, title => &settings.rules.title,
            body => text, message => message,
        },
    )
}

pub(super) async fn rules(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    rules_page(&web, &u, StatusCode::OK, None, None).await
}

pub(super) async fn change_rules(State(web): State<Web>, f: PageForm<BodyForm>) -> Response {
    if let Err(e) = require_admin(&f.user) {
        return error_page(&web, &f.user, &e);
    }
    let now = web.app.now();
    let result = match f.form.action.as_str() {
        "use" => use_rules(&web.app, Some(&f.user.actor), &f.form.name, now).await,
        _ => {
            save_rules(
                &web.app,
                Some(&f.user.actor),
                &f.form.name,
                &f.form.body,
                now,
            )
            .await
        }
    };
    match result {
        Ok(_) if f.form.action == "use" => Redirect::to("/admin/rules").into_response(),
        Ok(r) => {
            let msg = format!(
                "已保存“{}”；重新计算 {} 件案件，其中 {} 件截止时间有变化",
                f.form.name, r.cases, r.changed
            );
            rules_page(&web, &f.user, StatusCode::OK, None, Some(msg)).await
        }
        Err(e) => {
            rules_page(
                &web,
                &f.user,
                status_of(&e),
                Some(&f.form.body),
                Some(user_message(&e)),
            )
            .await
        }
    }
}
