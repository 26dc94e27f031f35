//! 管理 → 单位信息: the district bureau's details as its ledgers and packages print them (系统管理员 only).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::unit_info::UnitInfoInput;

use super::error_page;
use crate::services::ServiceError;
use crate::services::admin::unit_info::{UnitInfoPage, save_unit_info, unit_info_page};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::classify;
use crate::web::render::{page, ser, viewer};

fn render(
    web: &Web,
    u: &CurrentUser,
    status: StatusCode,
    view: &UnitInfoPage,
    form: &UnitInfoInput,
    error: Option<&ServiceError>,
    saved: bool,
) -> Response {
    let fields = match error {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    page(
        &web.templates,
        status,
        "admin_unit.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "admin", view => ser(view), f => ser(form),
            errors => Value::from(minijinja::value::Serde(fields)), saved => saved,
        },
    )
}

/// `GET /admin/unit` (`?saved=1` after saving).
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> Response {
    match unit_info_page(&web.app, &u.actor).await {
        Ok(view) => {
            let form = view.form.clone();
            render(
                &web,
                &u,
                StatusCode::OK,
                &view,
                &form,
                None,
                q.contains_key("saved"),
            )
        }
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `POST /admin/unit` — save; a bad field is named on the form.
pub(super) async fn save(State(web): State<Web>, f: PageForm<UnitInfoInput>) -> Response {
    match save_unit_info(&web.app, &f.user.actor, &f.form).await {
        Ok(_) => Redirect::to("/admin/unit?saved=1").into_response(),
        Err(ServiceError::Forbidden(m)) => error_page(&web, &f.user, &ServiceError::Forbidden(m)),
        Err(e) => match unit_info_page(&web.app, &f.user.actor).await {
            Ok(view) => render(
                &web,
                &f.user,
                classify(&e).0,
                &view,
                &f.form,
                Some(&e),
                false,
            ),
            Err(e2) => error_page(&web, &f.user, &e2),
        },
    }
}
