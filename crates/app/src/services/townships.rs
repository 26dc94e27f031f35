//! Naming a township in a filter or a command: its name, short name or id.

use xinfang_domain::org::{Org, OrgKind, find_township};

use crate::services::{ServiceResult, field_error};
use crate::state::AppState;

/// The township named by `text` (its name, short name or id) among `orgs`;
/// a Chinese error naming the field `township` when there is none.
pub fn township_among(orgs: &[Org], text: &str) -> ServiceResult<Org> {
    let t = text.trim();
    if t.is_empty() {
        return Err(field_error("township", "乡镇", "不能为空"));
    }
    find_township(orgs, t)
        .or_else(|| {
            t.parse::<i64>().ok().and_then(|id| {
                orgs.iter()
                    .find(|o| o.id == id && o.kind == OrgKind::Township)
            })
        })
        .cloned()
        .ok_or_else(|| field_error("township", "乡镇", format!("没有名为“{t}”的乡镇")))
}

/// The township named by `text`, read from the organisation tree.
pub async fn township_named(state: &AppState, text: &str) -> ServiceResult<Org> {
    township_among(&state.store.list_orgs().await?, text)
}
