//! 重点人员 pages: the list by risk (per township, with the reasons and the
//! system's proposals), a person's page (score explained, cases, screening
//! entries, contact log, add a contact, 督办), and the register/edit form.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use minijinja::{Value, context};
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::key_person::{
    ContactInput, ContactMethod, KeyPersonInput, ProposalDecisionInput,
};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, only_own_org};

use super::error_page;
use crate::json::{PersonDetailJson, PersonListItemJson, ProposalJson};
use crate::services::persons::contacts::{UrgeInput, record_contact, urge_contact};
use crate::services::persons::list::{person_view, persons_list};
use crate::services::persons::proposals::{confirm_proposal, dismiss_proposal};
use crate::services::persons::register::{register_person, reveal_person, update_person};
use crate::services::persons::rules::{risk_rules, save_risk_rules};
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;
use crate::web::Web;
use crate::web::auth::{CurrentUser, PageForm, PageUser};
use crate::web::error::classify;
use crate::web::render::{page, ser, viewer};

/// `?township=&done=`
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    township: String,
    done: String,
}

fn field_errors(e: Option<&ServiceError>) -> Value {
    let fields = match e {
        Some(ServiceError::Invalid(f)) => f.0.clone(),
        _ => Vec::new(),
    };
    Value::from(minijinja::value::Serde(fields))
}

/// `GET /persons` — the list by risk, and the proposals.
pub(super) async fn list(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Query(q): Query<ListQuery>,
) -> Response {
    let l = match persons_list(&web.app, &u.actor, &q.township).await {
        Ok(l) => l,
        Err(e) => return error_page(&web, &u, &e),
    };
    let townships = townships(&web.app, &u.actor).await.unwrap_or_default();
    let rows: Vec<(PersonListItemJson, String, String, bool, Option<String>)> = l
        .persons
        .iter()
        .map(|p| {
            (
                PersonListItemJson::from(p),
                p.effective_level.label().to_string(),
                p.contact.due_on.to_string(),
                p.contact.overdue,
                p.record.guardian(),
            )
        })
        .collect();
    let proposals: Vec<ProposalJson> = l.proposals.iter().map(ProposalJson::from).collect();
    page(
        &web.templates,
        StatusCode::OK,
        "persons.html",
        context! {
            me => viewer(&u), csrf => &u.csrf, nav => "persons",
            township => l.township.as_ref().map(|t| t.1.clone()), townships => townships,
            rows => ser(&rows), proposals => ser(&proposals), may_edit => l.may_edit, done => q.done,
        },
    )
}

/// The townships the actor may pick, as (id, name).
async fn townships(state: &AppState, actor: &Actor) -> ServiceResult<Vec<(i64, String)>> {
    let own = only_own_org(actor, Permission::EditKeyPersons)
        .or_else(|| only_own_org(actor, Permission::ReadKeyPersons));
    Ok(state
        .store
        .orgs_of_kinds(&[OrgKind::Township])
        .await?
        .into_iter()
        .filter(|o| own.is_none_or(|t| t == o.id))
        .map(|o| (o.id, o.name))
        .collect())
}

async fn form_page(
    web: &Web,
    u: &CurrentUser,
    id: Option<i64>,
    form: &KeyPersonInput,
    error: Option<&ServiceError>,
) -> Response {
    let townships = townships(&web.app, &u.actor).await.unwrap_or_default();
    let villages: Vec<(i64, String, Option<i64>)> = web
        .app
        .store
        .orgs_of_kinds(&[OrgKind::Village])
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|o| (o.id, o.name, o.parent_id))
        .collect();
    let users = web
        .app
        .store
        .active_users_with_roles(&[Role::TownshipOfficer, Role::DistrictAdmin, Role::CaseLeader])
        .await
        .unwrap_or_default();
    let status = error.map_or(StatusCode::OK, |e| classify(e).0);
    page(
        &web.templates,
        status,
        "person_form.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "persons", id => id, f => ser(form),
            cases_text => form.cases.join("，"), screenings_text => form.screenings.join("，"),
            townships => townships, villages => villages, users => ser(&users),
            errors => field_errors(error), message => error.filter(|e| !matches!(e, ServiceError::Invalid(_))).map(ServiceError::user_message),
        },
    )
}

/// `GET /persons/new` — the register form.
pub(super) async fn new_form(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    if let Err(e) = xinfang_domain::permission::check(
        &u.actor,
        Permission::EditKeyPersons,
        &xinfang_domain::permission::Place::Somewhere,
    ) {
        return error_page(&web, &u, &e.into());
    }
    let form = KeyPersonInput {
        township_id: only_own_org(&u.actor, Permission::EditKeyPersons)
            .map(|t| t.to_string())
            .unwrap_or_default(),
        intends_to_escalate: "否".into(),
        ..KeyPersonInput::default()
    };
    form_page(&web, &u, None, &form, None).await
}

/// `POST /persons/new` — register; a bad field is named on the form.
pub(super) async fn create(State(web): State<Web>, f: PageForm<KeyPersonInput>) -> Response {
    match register_person(&web.app, &f.user.actor, &f.form).await {
        Ok(id) => Redirect::to(&format!("/persons/{id}?done=saved")).into_response(),
        Err(e @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            form_page(&web, &f.user, None, &f.form, Some(&e)).await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// `GET /persons/{id}/edit`.
pub(super) async fn edit_form(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
) -> Response {
    match person_view(&web.app, &u.actor, id).await {
        Ok(v) if v.may_edit => {
            let form =
                KeyPersonInput::from_person(&v.person.record.person, v.person.record.version);
            form_page(&web, &u, Some(id), &form, None).await
        }
        Ok(_) => error_page(
            &web,
            &u,
            &ServiceError::Forbidden(Permission::EditKeyPersons.rule().refusal.into()),
        ),
        Err(e) => error_page(&web, &u, &e),
    }
}

/// `POST /persons/{id}/edit`.
pub(super) async fn save(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<KeyPersonInput>,
) -> Response {
    match update_person(&web.app, &f.user.actor, id, &f.form).await {
        Ok(()) => Redirect::to(&format!("/persons/{id}?done=saved")).into_response(),
        Err(e @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            form_page(&web, &f.user, Some(id), &f.form, Some(&e)).await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

async fn show_page(
    web: &Web,
    u: &CurrentUser,
    id: Option<i64>,
    done: &str,
    contact: &ContactInput,
    error: Option<&ServiceError>,
    revealed: Option<crate::services::cases::personal::Revealed>,
) -> Response {
    let Some(id) = id else {
        return error_page(web, u, &ServiceError::NotFound("未找到该重点人员".into()));
    };
    let v = match person_view(&web.app, &u.actor, id).await {
        Ok(v) => v,
        Err(e) => return error_page(web, u, &e),
    };
    let methods: Vec<&str> = ContactMethod::ALL.iter().map(|m| m.label()).collect();
    let today = xinfang_domain::clock::local_date(web.app.now()).to_string();
    // 三级研判 of the person (the same three levels as a screening entry's).
    let assessments =
        crate::services::persons::assessments::person_assessments(&web.app, &u.actor, id)
            .await
            .ok();
    let grades: Vec<&str> = xinfang_domain::risk_grade::RiskGrade::ALL
        .iter()
        .map(|g| g.label())
        .collect();
    let status = error.map_or(StatusCode::OK, |e| classify(e).0);
    page(
        &web.templates,
        status,
        "person.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "persons", p => ser(PersonDetailJson::of(&v.person, &v.screenings, &v.contacts, &v.urges)),
            level_class => v.person.effective_level.as_str(), may_edit => v.may_edit, may_urge => v.may_urge,
            may_reveal => v.may_reveal, revealed => ser(&revealed), methods => methods, today => today,
            c => ser(contact), done => done, errors => field_errors(error),
            assessments => ser(&assessments), grades => grades,
            message => error.filter(|e| !matches!(e, ServiceError::Invalid(_))).map(ServiceError::user_message),
        },
    )
}

/// `?done=`
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct ShowQuery {
    done: String,
}

/// `GET /persons/{id}` — the person's page.
pub(super) async fn show(
    State(web): State<Web>,
    PageUser(u): PageUser,
    Path(id): Path<i64>,
    Query(q): Query<ShowQuery>,
) -> Response {
    show_page(
        &web,
        &u,
        Some(id),
        &q.done,
        &ContactInput::default(),
        None,
        None,
    )
    .await
}

/// `POST /persons/{id}/contacts` — record a contact; a bad field is named on the page.
pub(super) async fn add_contact(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ContactInput>,
) -> Response {
    match record_contact(&web.app, &f.user.actor, id, &f.form).await {
        Ok(_) => Redirect::to(&format!("/persons/{id}?done=contact")).into_response(),
        Err(e @ ServiceError::Invalid(_)) => {
            show_page(&web, &f.user, Some(id), "", &f.form, Some(&e), None).await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// `POST /persons/{id}/urge` — 督办 the due contact (the district).
pub(super) async fn urge(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<UrgeInput>,
) -> Response {
    match urge_contact(&web.app, &f.user.actor, id, &f.form).await {
        Ok(_) => Redirect::to(&format!("/persons/{id}?done=urged")).into_response(),
        Err(e @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            show_page(
                &web,
                &f.user,
                Some(id),
                "",
                &ContactInput::default(),
                Some(&e),
                None,
            )
            .await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// `POST /persons/{id}/reveal` — the page with the ID number and phone in full, logged.
pub(super) async fn reveal(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<super::EmptyForm>,
) -> Response {
    match reveal_person(&web.app, &f.user.actor, id).await {
        Ok(r) => {
            show_page(
                &web,
                &f.user,
                Some(id),
                "",
                &ContactInput::default(),
                None,
                Some(r),
            )
            .await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// `POST /persons/proposals/{id}/confirm` — 列入.
pub(super) async fn confirm(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ProposalDecisionInput>,
) -> Response {
    match confirm_proposal(&web.app, &f.user.actor, id, &f.form).await {
        Ok(pid) => Redirect::to(&format!("/persons/{pid}/edit")).into_response(),
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// `POST /persons/proposals/{id}/dismiss` — 不列入, with a reason.
pub(super) async fn dismiss(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<ProposalDecisionInput>,
) -> Response {
    match dismiss_proposal(&web.app, &f.user.actor, id, &f.form).await {
        Ok(()) => Redirect::to("/persons?done=dismissed").into_response(),
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// The rules form: `body` the rules file; `action` = `default` puts the shipped file back.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct RulesForm {
    body: String,
    action: String,
}

async fn rules_page(
    web: &Web,
    u: &CurrentUser,
    typed: Option<&str>,
    message: Option<&str>,
    error: Option<&ServiceError>,
) -> Response {
    let (rules, body) = match risk_rules(&web.app, &u.actor).await {
        Ok(r) => r,
        Err(e) => return error_page(web, u, &e),
    };
    let stored = web
        .app
        .store
        .risk_rules_text()
        .await
        .ok()
        .flatten()
        .is_some();
    let may_manage = xinfang_domain::permission::may(
        &u.actor,
        Permission::ManageRiskRules,
        &xinfang_domain::permission::Place::Somewhere,
    );
    page(
        &web.templates,
        error.map_or(StatusCode::OK, |e| classify(e).0),
        "person_rules.html",
        context! {
            me => viewer(u), csrf => &u.csrf, nav => "persons", r => ser(&rules), district_rules => stored,
            body => typed.map_or(body, str::to_string), may_manage => may_manage, message => message,
            errors => field_errors(error),
        },
    )
}

/// `GET /persons/rules` — the rules explained; the form for those who keep them.
pub(super) async fn rules(State(web): State<Web>, PageUser(u): PageUser) -> Response {
    rules_page(&web, &u, None, None, None).await
}

/// `POST /persons/rules` — save the rules (or put the shipped ones back); each problem named by its field.
pub(super) async fn save_rules(State(web): State<Web>, f: PageForm<RulesForm>) -> Response {
    let body = if f.form.action == "default" {
        xinfang_domain::key_person::rules::DEFAULT_JSON.to_string()
    } else {
        f.form.body.clone()
    };
    match save_risk_rules(&web.app, &f.user.actor, &body).await {
        Ok(_) => {
            rules_page(
                &web,
                &f.user,
                None,
                Some("已保存，风险分自此按新规则计算。"),
                None,
            )
            .await
        }
        Err(e @ ServiceError::Invalid(_)) => {
            rules_page(&web, &f.user, Some(&f.form.body), None, Some(&e)).await
        }
        Err(e) => error_page(&web, &f.user, &e),
    }
}

/// `POST /persons/{id}/assess` — record the next level of the person's 三级研判.
pub(super) async fn assess(
    State(web): State<Web>,
    Path(id): Path<i64>,
    f: PageForm<xinfang_domain::assessment::AssessmentInput>,
) -> Response {
    match crate::services::persons::assessments::assess_person(&web.app, &f.user.actor, id, &f.form)
        .await
    {
        Ok(_) => Redirect::to(&format!("/persons/{id}?done=assessed#assessments")).into_response(),
        Err(e @ ServiceError::NotFound(_)) => error_page(&web, &f.user, &e),
        Err(e) => {
            show_page(
                &web,
                &f.user,
                Some(id),
                "",
                &ContactInput::default(),
                Some(&e),
                None,
            )
            .await
        }
    }
}
