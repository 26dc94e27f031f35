//! 风险防控 at the township: the monthly 隐患分析排查会议 (its record, its
//! measures as tracked tasks, the month's overview and the pack printed
//! before it) and the Tuesday 扶贫日 visit plan.

pub mod overview;
pub mod pack;
mod pack_persons;
pub mod pack_sections;
pub mod record;
pub mod visit_plan;

use xinfang_domain::org::{Org, OrgKind, find_township};

use crate::services::{ServiceResult, field_error};
use crate::state::AppState;

/// The township named by `text`: its name, short name or id.
pub async fn township_named(state: &AppState, text: &str) -> ServiceResult<Org> {
    let orgs = state.store.list_orgs().await?;
    let t = text.trim();
    if t.is_empty() {
        return Err(field_error("township", "乡镇", "不能为空"));
    }
    find_township(&orgs, t)
        .or_else(|| {
            t.parse::<i64>().ok().and_then(|id| {
                orgs.iter()
                    .find(|o| o.id == id && o.kind == OrgKind::Township)
            })
        })
        .cloned()
        .ok_or_else(|| field_error("township", "乡镇", format!("没有名为“{t}”的乡镇")))
}
