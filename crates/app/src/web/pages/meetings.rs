//! 隐患分析排查会议 pages: the month by township with the form to record a
//! meeting, one meeting with its measures to mark done, the pack as PDF;
//! and the 扶贫日 visit plan.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::context;
use serde::Deserialize;
use xinfang_domain::meeting::{MeasureDoneInput, MeasureInput, MeetingInput};
use xinfang_domain::permission::{Permission, Place};

use super::error_page;
use crate::json::MeetingJson;
use crate::services::ServiceError;
use crate::services::meetings::overview::{self, month_or_this, today};
use crate::services::meetings::pack::meeting_pack_file;
use crate::services::meetings::record;
use crate::services::meetings::visit_plan::{parse_tuesday, visit_plan};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::kit::form::FormState;
use crate::web::kit::respond;
use crate::web::render::{page, ser, viewer};

/// The record form as the page posts it: the measures as repeated fields.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub(super) struct MeetingForm {
    township_id: String,
    held_on: String,
    place: String,
    chair: String,
    attendees: String,
    risks: String,
    measure_content: Vec<String>,
    measure_owner: Vec<String>,
    measure_due: Vec<String>,
}

impl MeetingForm {
    fn input(&self) -> MeetingInput {
        let n = self
            .measure_content
            .len()
            .max(self.measure_owner.len())
            .max(self.measure_due.len());
        let at = |v: &Vec<String>, i: usize| v.get(i).cloned().unwrap_or_default();
        MeetingInput {
            township_id: self.township_id.clone(),
            held_on: self.held_on.clone(),
            place: self.place.clone(),
            chair: self.chair.clone(),
            attendees: self.attendees.clone(),
            risks: self.risks.clone(),
            measures: (0..n)
                .map(|i| MeasureInput {
                    content: at(&self.measure_content, i),
                    owner: at(&self.measure_owner, i),
                    due: at(&self.measure_due, i),
                })
                .collect(),
        }
    }
}

/// `?month=&saved=`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct MonthQuery {
    month: String,
}

async fn render_month(
    web: &Web,
    u: &CurrentUser,
    month: &str,
    failed: Option<(FormState, MeetingForm)>,
) -> Response {
    let m = match month_or_this(&web.app, month) {
        Ok(m) => m,
        Err(e) => return error_page(web, u, &e),
    };
    let o = match overview::month_overview(&web.app, &u.actor, m).await {
        Ok(o) => o,
        Err(e) => return error_page(web, u, &e),
    };
    let may_record = u.actor.may(Permission::RecordMeeting, &Place::Somewhere);
    let (state, form) = failed.unwrap_or_default();
    let rows = form.measure_content.len().max(5);
    page(
        &web.templates,
        state.status,
        "meetings.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "risk", o => ser(&o), may_record => may_record,
            month => m.to_string(), prev => m.previous().to_string(), next => m.next().to_string(),
            month_label => m.label(), f => ser(&form), rows => rows, message => state.message,
            errors => state.fields, today => today(&web.app).to_string(),
        },
    )
}

/// The month by township.
pub(super) async fn month(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<MonthQuery>,
) -> Response {
    render_month(&web, &u, &q.month, None).await
}

/// Record a meeting.
pub(super) async fn create(State(web): State<Web>, f: PageForm<MeetingForm>) -> Response {
    match record::record_meeting(&web.app, &f.user.actor, &f.form.input(), web.app.now()).await {
        Ok(id) => Redirect::to(&format!("/meetings/{id}?saved=1")).into_response(),
        Err(e) => {
            let month = f.form.held_on.get(..7).unwrap_or_default().to_string();
            render_month(
                &web,
                &f.user,
                &month,
                Some((FormState::from_error(&e), f.form)),
            )
            .await
        }
    }
}

/// `?saved=`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct SavedQuery {
    saved: String,
}

async fn render_meeting(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    notice: Option<&str>,
    failed: Option<(FormState, i64, MeasureDoneInput)>,
) -> Response {
    let m = match overview::meeting(&web.app, &u.actor, id).await {
        Ok(m) => m,
        Err(e) => return error_page(web, u, &e),
    };
    let may_record = u
        .actor
        .may(Permission::RecordMeeting, &Place::Org(m.township_id));
    let (state, failed_id, form) = match failed {
        Some((s, mid, f)) => (s, mid, f),
        None => (FormState::default(), 0, MeasureDoneInput::default()),
    };
    page(
        &web.templates,
        state.status,
        "meeting.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "risk", m => ser(MeetingJson::new(&m, today(&web.app))),
            may_record => may_record, notice => notice, message => state.message, errors => state.fields,
            failed_id => failed_id, df => ser(&form), today => today(&web.app).to_string(),
        },
    )
}

/// One meeting.
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> Response {
    let notice = match q.saved.as_str() {
        "1" => Some("会议记录已保存，措施已列入待办"),
        "done" => Some("措施落实情况已记录"),
        _ => None,
    };
    render_meeting(&web, &u, id, notice, None).await
}

/// Mark a measure done.
pub(super) async fn done(
    State(web): State<Web>,
    Path((id, mid)): Path<(i64, i64)>,
    f: PageForm<MeasureDoneInput>,
) -> Response {
    let r =
        record::complete_measure(&web.app, &f.user.actor, id, mid, &f.form, web.app.now()).await;
    match r {
        Ok(()) => Redirect::to(&format!("/meetings/{id}?saved=done")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &f.user, &e),
        Err(e) => {
            render_meeting(
                &web,
                &f.user,
                id,
                None,
                Some((FormState::from_error(&e), mid, f.form)),
            )
            .await
        }
    }
}

/// `?township=&month=`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PackQuery {
    township: String,
    month: String,
}

/// The pack as PDF.
pub(super) async fn pack(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<PackQuery>,
) -> Response {
    let result = match month_or_this(&web.app, &q.month) {
        Ok(m) => meeting_pack_file(&web.app, &u.actor, &q.township, m).await,
        Err(e) => Err(e),
    };
    match result {
        Ok((name, bytes)) => respond::pdf(&name, bytes),
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `?date=`
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct PlanQuery {
    date: String,
}

/// The 扶贫日 visit plan.
pub(super) async fn visits(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<PlanQuery>,
) -> Response {
    let plan = match parse_tuesday(&web.app, &q.date) {
        Ok(t) => visit_plan(&web.app, &u.actor, t).await.map(|p| (t, p)),
        Err(e) => Err(e),
    };
    match plan {
        Ok((t, p)) => {
            let step = |days: i64| {
                t.checked_add(jiff::Span::new().days(days))
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            };
            page(
                &web.templates,
                StatusCode::OK,
                "visits.html",
                context! {
                    me => viewer(&u), csrf => &u.csrf, nav => "risk", p => ser(&p),
                    prev => step(-7), next => step(7),
                },
            )
        }
        Err(e) => error_page(&web, &u, &e),
    }
}

/// 风险防控: the prevention work's pages, in the plan's order — each card
/// shown to those who may use it (everyone signed in reaches the page: a
/// department sees the opinion board and the sensitive periods).
pub(super) async fn hub(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    let o = if u.actor.may(Permission::ReadMeetings, &Place::Somewhere) {
        let this = xinfang_domain::meeting::Month::of(today(&web.app));
        match overview::month_overview(&web.app, &u.actor, this).await {
            Ok(o) => Some(o),
            Err(e) => return error_page(&web, &u, &e),
        }
    } else {
        None
    };
    page(
        &web.templates,
        StatusCode::OK,
        "risk.html",
        context! { me => viewer(&u), csrf => &u.csrf, nav => "risk", o => ser(&o) },
    )
}
