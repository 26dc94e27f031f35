//! 单位信息 — the district bureau's details on its forms: read by everyone
//! who prints them, changed by the 系统管理员, audited.

use xinfang_domain::access::Actor;
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::unit_info::{UnitInfo, UnitInfoInput};

use crate::services::ServiceResult;
use crate::state::AppState;

/// What the 单位信息 page shows.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitInfoPage {
    /// The form's values: as saved, or suggested from the organisation tree before the first save.
    pub form: UnitInfoInput,
    /// Saved at least once.
    pub saved: bool,
    /// When last saved (`2022-10-08 09:30`), if ever.
    pub updated_at: Option<String>,
}

/// The stored 单位信息, if saved.
pub async fn unit_info(state: &AppState) -> ServiceResult<Option<UnitInfo>> {
    Ok(state.store.unit_info().await?)
}

/// The page's view (系统管理员 only): the saved details, or the bureau's name
/// from the organisation tree to start from.
pub async fn unit_info_page(state: &AppState, actor: &Actor) -> ServiceResult<UnitInfoPage> {
    check(actor, Permission::ManageSettings, &Place::Somewhere)?;
    Ok(match unit_info(state).await? {
        Some(info) => UnitInfoPage {
            updated_at: info.updated_at.map(xinfang_domain::clock::format_local),
            form: input_of(&info),
            saved: true,
        },
        None => {
            let (district, bureau) = state.store.masthead().await?;
            UnitInfoPage {
                form: UnitInfoInput {
                    name: printed_name(&district, &bureau),
                    ..UnitInfoInput::default()
                },
                saved: false,
                updated_at: None,
            }
        }
    })
}

/// The bureau's name as an official form prints it: 许昌市建安区 and
/// 区乡村振兴局 make 许昌市建安区乡村振兴局 (the level written once).
fn printed_name(district: &str, bureau: &str) -> String {
    let level = district.chars().last();
    let rest = match (level, bureau.chars().next()) {
        (Some(a), Some(b)) if a == b => &bureau[b.len_utf8()..],
        _ => bureau,
    };
    format!("{district}{rest}")
}

/// The form values of stored details.
pub fn input_of(info: &UnitInfo) -> UnitInfoInput {
    UnitInfoInput {
        name: info.name.clone(),
        contact_person: info.contact_person.clone(),
        phone: info.phone.clone(),
        address: info.address.clone(),
        postcode: info.postcode.clone(),
        email: info.email.clone(),
    }
}

/// Save 单位信息 (系统管理员): permission first, then every field checked; audited.
pub async fn save_unit_info(
    state: &AppState,
    actor: &Actor,
    input: &UnitInfoInput,
) -> ServiceResult<UnitInfo> {
    check(actor, Permission::ManageSettings, &Place::Somewhere)?;
    let info = input.parse()?;
    let now = state.now();
    state.store.save_unit_info(&info, actor, now).await?;
    Ok(state.store.unit_info().await?.unwrap_or(info))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_printed_name_writes_the_level_once() {
        assert_eq!(
            printed_name("许昌市建安区", "区乡村振兴局"),
            "许昌市建安区乡村振兴局"
        );
        assert_eq!(
            printed_name("示范市清河县", "县乡村振兴局"),
            "示范市清河县乡村振兴局"
        );
        assert_eq!(
            printed_name("许昌市建安区", "乡村振兴局"),
            "许昌市建安区乡村振兴局"
        );
    }
}
