//! 登记重点人员 — enter a person in the register or change their entry:
//! permission, parse, look-ups (township, village, 包保责任人, cases,
//! screening entries), one audited transaction. And 查看完整信息.

use xinfang_domain::access::Actor;
use xinfang_domain::key_person::{KeyPerson, KeyPersonInput};
use xinfang_domain::org::OrgKind;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_store::StoreError;

use crate::services::cases::personal::{Revealed, record_reveal};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;

/// Check what the parse cannot: the organisations, the 包保责任人 and the
/// links exist and the actor may act in the township. Returns the linked
/// case ids.
async fn look_up(state: &AppState, actor: &Actor, p: &KeyPerson) -> ServiceResult<Vec<i64>> {
    let township = state
        .store
        .org(p.township_id)
        .await
        .map_err(|_| field_error("township_id", "乡镇", "没有这个乡镇"))?;
    if township.kind != OrgKind::Township {
        return Err(field_error("township_id", "乡镇", "应为乡镇（街道）"));
    }
    check(actor, Permission::EditKeyPersons, &Place::Org(township.id))?;
    if let Some(v) = p.village_id {
        let village = state
            .store
            .org(v)
            .await
            .map_err(|_| field_error("village_id", "村/社区", "没有这个村/社区"))?;
        if village.parent_id != Some(township.id) {
            return Err(field_error(
                "village_id",
                "村/社区",
                format!("不属于{}", township.name),
            ));
        }
    }
    if let Some(u) = p.guardian_user_id {
        state
            .store
            .user(u)
            .await
            .map_err(|_| field_error("guardian_user_id", "包保责任人", "没有这个用户"))?;
    }
    let scope = actor.case_scope();
    let mut ids = Vec::new();
    let mut missing = Vec::new();
    for n in &p.case_numbers {
        match state.store.case_by_number(n, &scope).await {
            Ok(c) => ids.push(c.id),
            Err(StoreError::NotFound(_)) => missing.push(n.as_str()),
            Err(e) => return Err(e.into()),
        }
    }
    if !missing.is_empty() {
        return Err(field_error(
            "cases",
            "关联案件",
            format!("没有编号为“{}”的案件", missing.join("、")),
        ));
    }
    for s in &p.screening_ids {
        if state.store.screening(*s, &scope).await.is_err() {
            return Err(field_error(
                "screenings",
                "关联排查记录",
                format!("没有编号为{s}的排查记录"),
            ));
        }
    }
    Ok(ids)
}

/// Register a person (district or the township's officer); returns the id.
pub async fn register_person(
    state: &AppState,
    actor: &Actor,
    input: &KeyPersonInput,
) -> ServiceResult<i64> {
    check(actor, Permission::EditKeyPersons, &Place::Somewhere)?;
    let now = state.now();
    let p = input.parse(xinfang_domain::clock::local_date(now), None)?;
    let cases = look_up(state, actor, &p).await?;
    Ok(state
        .store
        .create_key_person(&p, &cases, "登记", actor, now)
        .await?)
}

/// Change a person's entry; the masked ID number and phone sent back keep
/// the stored ones. Moving a person to another township needs the right in both.
pub async fn update_person(
    state: &AppState,
    actor: &Actor,
    id: i64,
    input: &KeyPersonInput,
) -> ServiceResult<()> {
    let before = state.store.key_person(id).await?;
    let here = Place::Org(before.person.township_id);
    if check(actor, Permission::ReadKeyPersons, &here).is_err() {
        check(actor, Permission::EditKeyPersons, &Place::Somewhere)?;
        return Err(StoreError::NotFound("该重点人员".into()).into());
    }
    check(actor, Permission::EditKeyPersons, &here)?;
    let now = state.now();
    let p = input.parse(
        xinfang_domain::clock::local_date(now),
        Some((&before.person.id_number, &before.person.phone)),
    )?;
    let cases = look_up(state, actor, &p).await?;
    let version = input.version.trim().parse::<i64>().ok();
    state
        .store
        .update_key_person(&before, &p, &cases, version, actor, now)
        .await?;
    Ok(())
}

/// A person's ID number and phone in full, logged as a reveal.
pub async fn reveal_person(state: &AppState, actor: &Actor, id: i64) -> ServiceResult<Revealed> {
    let p = state.store.key_person(id).await?;
    let here = Place::Org(p.person.township_id);
    if check(actor, Permission::ReadKeyPersons, &here).is_err() {
        check(actor, Permission::ReadKeyPersons, &Place::Somewhere)?;
        return Err(ServiceError::NotFound(
            "未找到该重点人员，或您无权查看".into(),
        ));
    }
    check(actor, Permission::RevealPersonal, &here)?;
    let what = format!(
        "查看重点人员{}的完整个人信息（身份证号、联系电话）",
        p.person.name
    );
    record_reveal(state, actor, "key_persons", id, &what).await?;
    Ok(Revealed {
        name: p.person.name,
        id_number: p.person.id_number.map(|x| x.as_str().to_string()),
        phone: p.person.phone.map(|x| x.to_string()),
        address: None,
    })
}
