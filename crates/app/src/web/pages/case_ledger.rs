//! A case's 台账信息 page: the backlog block with its follow-up contacts
//! (Annex 2) and, for 省交办 cases, the provincial handling block (Annex 4).

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use serde::Deserialize;
use xinfang_domain::access::Role;
use xinfang_domain::clock::format_local;
use xinfang_domain::vocab::SourceLevel;

use super::error_page;
use crate::services::ServiceError;
use crate::services::ledgers::case_ledger::{
    BacklogInput, FollowUpInput, ProvincialInput, add_followup, save_backlog, save_provincial, view,
};
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::{classify, user_message};
use crate::web::render::{page, ser, viewer};
use xinfang_domain::clock::{due_day, local_date};

/// Which form failed, with what.
#[derive(Debug, Default)]
struct Failed {
    section: &'static str,
    backlog: Option<BacklogInput>,
    provincial: Option<ProvincialInput>,
    followup: Option<FollowUpInput>,
}

async fn render(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    status: StatusCode,
    err: Option<(&ServiceError, Failed)>,
    notice: Option<&str>,
) -> Response {
    let v = match view(&web.app, &u.actor, id).await {
        Ok(v) => v,
        Err(e) => return error_page(web, u, &e),
    };
    let leaders: Vec<Value> = match web.app.store.list_users().await {
        Ok(us) => us
            .iter()
            .filter(|x| x.active && x.roles.contains(&Role::CaseLeader))
            .map(|x| context! { id => x.id, name => &x.display_name })
            .collect(),
        Err(e) => return error_page(web, u, &e.into()),
    };
    let c = &v.case;
    let l = &v.ledger;
    let backlog = BacklogInput {
        backlog: c.backlog.then(|| "是".into()),
        backlog_reason: Some(c.backlog_reason.clone().unwrap_or_default()),
        leader_user_id: Some(c.leader_user_id.map(|x| x.to_string()).unwrap_or_default()),
        first_visit_at: Some(l.first_visit_at.map(format_local).unwrap_or_default()),
        plan: Some(l.plan.clone()),
        plan_due: Some(
            l.plan_due_at
                .map(|t| due_day(t).to_string())
                .unwrap_or_default(),
        ),
        version: c.version.to_string(),
    };
    let provincial = ProvincialInput {
        due: Some(
            l.due_at
                .or(v.handled_due)
                .map(|t| due_day(t).to_string())
                .unwrap_or_default(),
        ),
        review: Some(l.review.clone()),
        second_review: Some(l.second_review.clone()),
        legal_progress: Some(l.legal_progress.clone()),
    };
    let (section, fields, message, failed) = match err {
        Some((e, failed)) => {
            let fields: std::collections::BTreeMap<String, String> = match e {
                ServiceError::Invalid(f) => {
                    f.0.iter()
                        .map(|x| (x.field.clone(), format!("{}：{}", x.label, x.message)))
                        .collect()
                }
                _ => Default::default(),
            };
            (failed.section, fields, Some(user_message(e)), failed)
        }
        None => ("", Default::default(), None, Failed::default()),
    };
    let followups: Vec<Value> = v
        .followups
        .iter()
        .map(
            |f| context! { at => format_local(f.visited_at), note => &f.note, by => &f.created_by },
        )
        .collect();
    let now = xinfang_domain::clock::to_local(web.app.now())
        .strftime("%Y-%m-%dT%H:%M")
        .to_string();
    page(
        &web.templates,
        status,
        "case_ledger.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "cases",
            c => context! {
                id => c.id, number => &c.number, township => &c.township, summary => &c.summary,
                petitioner => c.petitioner.as_ref().map(|p| p.name.clone()), received => local_date(c.received_at).to_string(),
                source => c.source_level.label(), leader => &c.leader_name, provincial => c.source_level == SourceLevel::Province,
                handled_due => v.handled_due.map(|t| due_day(t).to_string()),
            },
            b => ser(failed.backlog.unwrap_or(backlog)), p => ser(failed.provincial.unwrap_or(provincial)),
            fu => ser(failed.followup.unwrap_or_default()), followups => followups, leaders => leaders,
            may_edit => v.may_edit, may_set_leader => v.may_set_leader, section => section, errors => fields,
            message => message, notice => notice, now => now,
        },
    )
}

#[derive(Debug, Deserialize, Default)]
#[serde(default)]
pub(super) struct DoneQuery {
    done: String,
}

pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> Response {
    let notice = match q.done.as_str() {
        "backlog" => Some("积案信息已保存"),
        "provincial" => Some("省级交办办理情况已保存"),
        "followup" => Some("跟踪回访已记录"),
        _ => None,
    };
    render(&web, &u, id, StatusCode::OK, None, notice).await
}

async fn after(
    web: &Web,
    u: &CurrentUser,
    id: i64,
    done: &str,
    result: Result<(), ServiceError>,
    failed: Failed,
) -> Response {
    match result {
        Ok(()) => Redirect::to(&format!("/cases/{id}/ledger?done={done}")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(web, u, &e),
        Err(e) => {
            let status = classify(&e).0;
            render(web, u, id, status, Some((&e, failed)), None).await
        }
    }
}

pub(super) async fn backlog(
    State(web): State<Web>,
    Path(id): Path<i64>,
    mut f: PageForm<BacklogInput>,
) -> Response {
    // A form's unticked checkbox is not sent: on the page it means 否.
    f.form.backlog.get_or_insert_with(String::new);
    let r = save_backlog(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "backlog",
        backlog: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "backlog", r, failed).await
}

pub(super) async fn provincial(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ProvincialInput>,
) -> Response {
    let r = save_provincial(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "provincial",
        provincial: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "provincial", r, failed).await
}

pub(super) async fn followup(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<FollowUpInput>,
) -> Response {
    let r = add_followup(&web.app, &f.user.actor, id, &f.form, web.app.now()).await;
    let failed = Failed {
        section: "followup",
        followup: Some(f.form),
        ..Failed::default()
    };
    after(&web, &f.user, id, "followup", r, failed).await
}
