//! The case page (案件页): the case with its timeline, the steps the viewer
//! may take now, and what the assign and correction forms offer.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::permission::{Permission, Place, only_own_org};
use xinfang_domain::workflow::STEP_NAMES;

use crate::json::{CaseJson, PetitionerJson};
use crate::services::ServiceResult;
use crate::services::cases::query::view;
use crate::services::choices::{
    OrgOption, TownshipOption, UserOption, handlers, leaders, townships, units,
};
use crate::state::AppState;

/// A step the viewer may take, as its form's heading shows it.
#[derive(Debug, Clone, Serialize)]
pub struct StepOption {
    /// Action name (`assign`, `contact` …).
    pub key: &'static str,
    /// 转办, 记录联系 …
    pub label: &'static str,
}

/// What the case page shows.
#[derive(Debug, Clone, Serialize)]
pub struct CasePage {
    /// The case as the API shows it.
    pub case: CaseJson,
    /// Its petitioner (masked).
    pub petitioner: Option<PetitionerJson>,
    /// Steps the viewer may take now, in the six steps' order.
    pub steps: Vec<StepOption>,
    /// 责任单位 for the assign form (empty when the viewer may not assign).
    pub units: Vec<OrgOption>,
    /// 承办人 for the assign form.
    pub handlers: Vec<UserOption>,
    /// 包案领导 for the assign form.
    pub leaders: Vec<UserOption>,
    /// 更正登记信息: the registration as its form shows it (personal data
    /// masked; sent back unchanged, a value keeps the stored one), when the
    /// viewer may correct it now.
    pub correction: Option<RegistrationInput>,
    /// Townships with their villages, for the correction form.
    pub townships: Vec<TownshipOption>,
    /// The one township a township officer may place the case in.
    pub own_township: Option<i64>,
    /// The title of the deadline rules in force.
    pub rules_title: String,
    /// The viewer may see personal data in full, print notices and take the archive.
    pub may_reveal: bool,
    /// Now, local, as a `datetime-local` value: the forms' default time.
    pub now: String,
    /// What the viewer may record of 调解 and 实地跟踪核查.
    pub records: crate::services::cases::case_records_page::RecordRights,
    /// 相似案件: the earlier cases most like this one, with why.
    pub similar: Vec<crate::json::SimilarJson>,
    /// The key person (重点人员) the case is about, when the viewer reads
    /// that township's register: their id.
    pub key_person: Option<i64>,
}

/// The case page of case `id` for `actor`.
pub async fn case_page(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<CasePage> {
    let v = view(state, actor, id).await?;
    let steps: Vec<StepOption> = STEP_NAMES
        .iter()
        .filter(|(k, _)| v.allowed_steps.contains(k))
        .map(|(key, label)| StepOption { key, label })
        .collect();
    // Only the assign form offers units and people: others need not load them.
    let (units, handlers, leaders) = if v.allowed_steps.contains(&"assign") {
        (
            units(state).await?,
            handlers(state).await?,
            leaders(state).await?,
        )
    } else {
        (Vec::new(), Vec::new(), Vec::new())
    };
    let correction = v
        .allowed_steps
        .contains(&"correct")
        .then(|| RegistrationInput::of_case_masked(&v.case));
    let townships = if correction.is_some() {
        townships(state).await?
    } else {
        Vec::new()
    };
    let similar = crate::services::cases::similar::similar_to_case(state, actor, &v.case).await?;
    let key_person = state
        .store
        .key_person_of_case(id)
        .await?
        .filter(|(_, township)| actor.may(Permission::ReadKeyPersons, &Place::Org(*township)))
        .map(|(person, _)| person);
    Ok(CasePage {
        key_person,
        similar,
        records: crate::services::cases::case_records_page::RecordRights::of(actor, &v.case),
        correction,
        townships,
        own_township: only_own_org(actor, Permission::CorrectCase),
        petitioner: v.case.petitioner.as_ref().map(PetitionerJson::from),
        may_reveal: actor.may(Permission::RevealPersonal, &Place::case(&v.case)),
        case: CaseJson::from(&v),
        steps,
        units,
        handlers,
        leaders,
        rules_title: state.deadline_settings().await?.rules.title.clone(),
        now: xinfang_domain::clock::to_local(state.now())
            .strftime("%Y-%m-%dT%H:%M")
            .to_string(),
    })
}
