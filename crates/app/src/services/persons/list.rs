//! 重点人员名单 — a township's key persons by risk (the district's all), each
//! score explained; and one person's page: score, cases, screening entries,
//! contacts and 督办.

use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check, may};
use xinfang_domain::screening::ScreeningRecord;
use xinfang_store::{ContactRecord, PersonProposal, ScoredPerson, UrgeRecord};

use super::township_reach;
use crate::services::ServiceResult;
use crate::state::AppState;

/// What the list page, `GET /api/v1/persons` and `xinfang persons list` show.
#[derive(Debug, Clone, Serialize)]
pub struct PersonsList {
    /// The township read (None: the whole district).
    pub township: Option<(i64, String)>,
    /// The persons, highest score first.
    pub persons: Vec<ScoredPerson>,
    /// The system's proposals in the same reach.
    pub proposals: Vec<PersonProposal>,
    /// The viewer may register and record contacts.
    pub may_edit: bool,
}

/// The persons of `township` (blank: all the viewer may read), by risk.
pub async fn persons_list(
    state: &AppState,
    actor: &Actor,
    township: &str,
) -> ServiceResult<PersonsList> {
    let reach = township_reach(state, actor, Permission::ReadKeyPersons, township).await?;
    let now = state.now();
    let persons = state
        .store
        .key_persons_by_risk(reach.as_ref().map(|t| t.0), now)
        .await?;
    let proposals = super::proposals::proposals_in(state, reach.as_ref().map(|t| t.0)).await?;
    Ok(PersonsList {
        may_edit: may(actor, Permission::EditKeyPersons, &Place::Somewhere),
        township: reach,
        persons,
        proposals,
    })
}

/// One person's page.
#[derive(Debug, Clone, Serialize)]
pub struct PersonView {
    /// The person scored.
    pub person: ScoredPerson,
    /// Their screening entries the viewer may see.
    pub screenings: Vec<ScreeningRecord>,
    /// 稳控 contacts, latest first.
    pub contacts: Vec<ContactRecord>,
    /// 督办, latest first.
    pub urges: Vec<UrgeRecord>,
    /// May edit and record contacts.
    pub may_edit: bool,
    /// May 督办 the due contact.
    pub may_urge: bool,
    /// May reveal the ID number and phone.
    pub may_reveal: bool,
}

/// A person the viewer may read (another township's is not found).
pub async fn person_view(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<PersonView> {
    let person = state.store.scored_key_person(id, state.now()).await?;
    let here = Place::Org(person.record.person.township_id);
    if check(actor, Permission::ReadKeyPersons, &here).is_err() {
        // Out of reach reads as absent, as for cases (no probing by id).
        check(actor, Permission::ReadKeyPersons, &Place::Somewhere)?;
        return Err(xinfang_store::StoreError::NotFound("该重点人员".into()).into());
    }
    let scope = actor.case_scope();
    let mut screenings = Vec::new();
    for s in &person.record.person.screening_ids {
        if let Ok(r) = state.store.screening(*s, &scope).await {
            screenings.push(r);
        }
    }
    Ok(PersonView {
        contacts: state.store.contacts(id).await?,
        urges: state.store.urges(id).await?,
        may_edit: may(actor, Permission::EditKeyPersons, &here),
        may_urge: may(actor, Permission::UrgeKeyPersonContact, &here),
        may_reveal: may(actor, Permission::RevealPersonal, &here),
        screenings,
        person,
    })
}
