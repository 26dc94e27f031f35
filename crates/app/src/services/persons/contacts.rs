//! 稳控联系 — record a contact with a key person; 督办 a due one (the
//! district); the contacts due by a day, in the viewer's reach.

use jiff::civil::Date;
use xinfang_domain::access::Actor;
use xinfang_domain::errors::FieldReader;
use xinfang_domain::key_person::ContactInput;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::{ContactUrge, DueContact, KeyPersonRecord, StoreError};

use super::township_reach;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// The person, if the viewer may read them; else not found.
async fn person_in_reach(
    state: &AppState,
    actor: &Actor,
    id: i64,
    permission: Permission,
) -> ServiceResult<KeyPersonRecord> {
    let p = state.store.key_person(id).await?;
    let here = Place::Org(p.person.township_id);
    if check(actor, Permission::ReadKeyPersons, &here).is_err() {
        check(actor, permission, &Place::Somewhere)?;
        return Err(StoreError::NotFound("该重点人员".into()).into());
    }
    check(actor, permission, &here)?;
    Ok(p)
}

/// Record a contact (district or the person's township).
pub async fn record_contact(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &ContactInput,
) -> ServiceResult<i64> {
    let p = person_in_reach(state, actor, id, Permission::EditKeyPersons).await?;
    let now = state.now();
    let c = input.parse(xinfang_domain::clock::local_date(now))?;
    if c.date
        < p.registered_on
            .checked_sub(jiff::Span::new().years(1))
            .unwrap_or(p.registered_on)
    {
        return Err(crate::services::field_error(
            "date",
            "联系日期",
            "早于登记日期一年以上",
        ));
    }
    Ok(state.store.record_contact(id, &c, actor, now).await?)
}

/// `{"note": "…"}` of a 督办.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct UrgeInput {
    /// 督办意见.
    pub note: String,
}

/// 督办 the person's contact due now (the district): refused unless the
/// contact is due today or overdue; the 包保责任人 (a user) and the
/// township's officers are notified.
pub async fn urge_contact(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &UrgeInput,
) -> ServiceResult<Date> {
    let p = person_in_reach(state, actor, id, Permission::UrgeKeyPersonContact).await?;
    let mut r = FieldReader::default();
    let note = r.required("note", "督办意见", &input.note, 500);
    r.errors.into_result(())?;
    let now = state.now();
    let scored = state.store.scored_key_person(id, now).await?;
    let today = xinfang_domain::clock::local_date(now);
    if scored.contact.due_on > today {
        return Err(ServiceError::Conflict(format!(
            "下次联系日期为{}，尚未到期，不需督办",
            scored.contact.due_on
        )));
    }
    let mut notify = state
        .store
        .township_officer_ids(p.person.township_id)
        .await?;
    if let Some(g) = p.person.guardian_user_id
        && !notify.contains(&g)
    {
        notify.push(g);
    }
    let title = format!(
        "督办：重点人员{}应于{}联系（{}）",
        p.person.name, scored.contact.due_on, scored.contact.rhythm
    );
    state
        .store
        .urge_contact(
            id,
            &ContactUrge {
                due_on: scored.contact.due_on,
                note: &note,
                title: &title,
                notify: &notify,
            },
            actor,
            now,
        )
        .await?;
    Ok(scored.contact.due_on)
}

/// The contacts due by `by` in the viewer's reach (a township: its own).
pub async fn contacts_due(
    state: &AppState,
    actor: &Actor,
    by: Date,
    township: &str,
) -> ServiceResult<Vec<DueContact>> {
    let reach = township_reach(state, actor, Permission::ReadKeyPersons, township).await?;
    Ok(state
        .store
        .contacts_due_by(by, reach.map(|t| t.0), state.now())
        .await?)
}

/// The contacts due by `today` for the 待办: the viewer's township's (the
/// district's all); none for those who read no key persons.
pub async fn due_for_todo(
    state: &AppState,
    actor: &Actor,
    today: Date,
) -> ServiceResult<Vec<crate::json::DueContactJson>> {
    if !xinfang_domain::permission::may(actor, Permission::ReadKeyPersons, &Place::Somewhere) {
        return Ok(Vec::new());
    }
    Ok(contacts_due(state, actor, today, "")
        .await?
        .iter()
        .map(crate::json::DueContactJson::from)
        .collect())
}
