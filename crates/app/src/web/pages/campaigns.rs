//! 排查活动 pages: the list with the form that organises one, a campaign
//! with its coverage table, and a village's 已排查无风险 report.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use xinfang_domain::campaign::{CampaignInput, ClearReportInput};
use xinfang_domain::permission::{Permission, Place, only_own_org};
use xinfang_domain::risk_grade::RiskGrade;
use xinfang_domain::screening::ScreeningKind;
use xinfang_domain::vocab::Category;

use super::error_page;
use crate::services::ServiceError;
use crate::services::choices::townships;
use crate::services::risk::campaign_page::{campaign_coverage, campaign_list};
use crate::services::risk::campaigns::{create_campaign, report_clear};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::render::{page, ser, viewer};

/// The organising form as a page posts it: repeated checkboxes.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub(super) struct CampaignForm {
    name: String,
    kind: String,
    starts_on: String,
    ends_on: String,
    townships: Vec<String>,
    categories: Vec<String>,
    remarks: String,
}

impl CampaignForm {
    fn input(&self) -> CampaignInput {
        CampaignInput {
            name: self.name.clone(),
            kind: self.kind.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            townships: self.townships.clone(),
            villages: Vec::new(),
            categories: self.categories.clone(),
            remarks: self.remarks.clone(),
        }
    }
}

async fn list_page(web: &Web, u: &CurrentUser, form: &CampaignForm, state: FormState) -> Response {
    let list = match campaign_list(&web.app, &u.actor).await {
        Ok(l) => l,
        Err(e) => return error_page(web, u, &e),
    };
    let may_organise = u.actor.may(Permission::ManageCampaign, &Place::Somewhere);
    let own = only_own_org(&u.actor, Permission::ManageCampaign);
    let towns = match townships(&web.app).await {
        Ok(t) => t,
        Err(e) => return error_page(web, u, &e),
    };
    let kinds: Vec<&str> = match own {
        Some(_) => vec![ScreeningKind::Routine.label()],
        None => ScreeningKind::ALL.iter().map(|k| k.label()).collect(),
    };
    let categories: Vec<&str> = Category::ALL.iter().map(|c| c.label()).collect();
    page(
        &web.templates,
        state.status,
        "campaigns.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "campaigns", campaigns => ser(&list),
            may_organise => may_organise, own_township => own, townships => ser(&towns),
            kinds => kinds, categories => categories, f => ser(form), errors => &state.fields,
            error_list => ser(&state.list),
        },
    )
}

/// `GET /campaigns`.
pub(super) async fn list(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    let form = CampaignForm {
        kind: ScreeningKind::Campaign.label().into(),
        ..CampaignForm::default()
    };
    list_page(&web, &u, &form, FormState::ok()).await
}

/// `POST /campaigns` — organise one; a bad field is named on the form.
pub(super) async fn create(State(web): State<Web>, f: PageForm<CampaignForm>) -> Response {
    match create_campaign(&web.app, &f.user.actor, &f.form.input()).await {
        Ok(c) => Redirect::to(&format!("/campaigns/{}?done=created", c.id)).into_response(),
        Err(e @ ServiceError::Invalid(_)) => {
            list_page(&web, &f.user, &f.form, FormState::from_error(&e)).await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct DoneQuery {
    done: String,
}

async fn show_page(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    notice: Option<&str>,
    form: &ClearReportInput,
    state: FormState,
) -> Response {
    let view = match campaign_coverage(&web.app, &u.actor, id).await {
        Ok(v) => v,
        Err(e) => return error_page(web, u, &e),
    };
    // The villages whose township the viewer may enter for: the 无风险 report's choices.
    let reportable: Vec<_> = view
        .villages
        .iter()
        .filter(|v| v.state == "not_screened")
        .filter(|v| {
            u.actor
                .may(Permission::EditScreening, &Place::Org(v.township_id))
        })
        .map(|v| (v.id, format!("{} {}", v.township, v.name)))
        .collect();
    let grades: Vec<&str> = RiskGrade::ALL
        .iter()
        .map(|g| g.label())
        .chain(["未定级"])
        .collect();
    page(
        &web.templates,
        state.status,
        "campaign.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "campaigns", view => ser(&view), notice => notice,
            reportable => ser(&reportable), grades => grades, f => ser(form), errors => &state.fields,
            error_list => ser(&state.list),
            may_enter => u.actor.may(Permission::EditScreening, &Place::Somewhere),
        },
    )
}

/// `GET /campaigns/{id}` — the campaign and its coverage.
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let notice = match q.done.as_str() {
        "created" => Some("排查活动已创建"),
        "clear" => Some("已记录该村/社区已排查无风险"),
        _ => None,
    };
    let form = ClearReportInput::default();
    show_page(&web, &u, id, notice, &form, FormState::ok()).await
}

/// `POST /campaigns/{id}/clear` — 已排查无风险.
pub(super) async fn clear(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ClearReportInput>,
) -> Response {
    match report_clear(&web.app, &f.user.actor, id, &f.form).await {
        Ok(()) => Redirect::to(&format!("/campaigns/{id}?done=clear#villages")).into_response(),
        Err(e @ (ServiceError::NotFound(_) | ServiceError::Forbidden(_))) => {
            error_page(&web, &f.user, &e)
        }
        Err(e) => {
            let mut state = FormState::from_error(&e);
            if state.status == StatusCode::OK {
                state.status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            show_page(&web, &f.user, id, None, &f.form, state).await
        }
    }
}
