//! Administration of the working-day calendar and the deadline rules (系统管理员).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;

use super::error_page;
use crate::services::ServiceError;
use crate::services::admin::reference::{
    load_calendar_year, save_rules, set_contact_rhythm, use_rules,
};
use crate::services::admin::reference_pages::{calendar_years, rules_page as rules_in_force};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::user_message;
use crate::web::kit::form::status_of;
use crate::web::render::{page, ser, viewer};

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
    /// 积案定期联络频次, with `action` = `contact`.
    rhythm: String,
}

async fn calendar_page(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    body: &str,
    message: Option<String>,
) -> Response {
    let years = match calendar_years(&web.app, &u.actor).await {
        Ok(y) => y,
        Err(e) => return error_page(web, u, &e),
    };
    page(
        &web.templates,
        status,
        "admin_calendar.html",
        context! { me => viewer(u), csrf => &u.csrf, nav => "admin", years => ser(&years), body => body, message => message },
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
    let p = match rules_in_force(&web.app, &u.actor).await {
        Ok(p) => p,
        Err(e) => return error_page(web, u, &e),
    };
    let text = body.map_or(p.body, str::to_string);
    page(
        &web.templates,
        status,
        "admin_rules.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "admin", active => p.active, title => p.title,
            body => text, message => message, rhythm => p.contact_rhythm, rhythm_label => p.contact_rhythm_label,
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
    if f.form.action == "contact" {
        return match set_contact_rhythm(&web.app, Some(&f.user.actor), &f.form.rhythm, now).await {
            Ok((rhythm, r)) => {
                let msg = format!(
                    "积案定期联络频次已改为{}；重新计算 {} 件案件，其中 {} 件截止时间有变化",
                    rhythm.label(),
                    r.cases,
                    r.changed
                );
                rules_page(&web, &f.user, StatusCode::OK, None, Some(msg)).await
            }
            Err(e) => rules_page(&web, &f.user, status_of(&e), None, Some(user_message(&e))).await,
        };
    }
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
