//! 相似案件: the five earlier cases most like a text (at registration) or
//! like a case (on its page), within what the reader may see, each with why.

use xinfang_domain::access::Actor;
use xinfang_domain::similar::{Probe, rank};
use xinfang_domain::vocab::Category;
use xinfang_store::SimilarPool;

use crate::json::SimilarJson;
use crate::services::{ServiceResult, field_error};
use crate::state::AppState;

/// How many earlier cases are compared (the township's newest).
pub const POOL: i64 = 3000;
/// How many are shown.
pub const SHOWN: usize = 5;

/// `?text=&township=&village=&category=` as typed.
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct SimilarQuery {
    /// 反映问题 (required).
    pub text: String,
    /// 乡镇 id.
    pub township: String,
    /// 村（社区） id.
    pub village: String,
    /// 问题类别 (label or key).
    pub category: String,
}

fn optional_id(field: &str, label: &str, v: &str) -> ServiceResult<Option<i64>> {
    match v.trim() {
        "" => Ok(None),
        t => t
            .parse::<i64>()
            .map(Some)
            .map_err(|_| field_error(field, label, "应为编号")),
    }
}

async fn ranked(
    state: &AppState,
    actor: &Actor,
    probe: &Probe,
    pool: SimilarPool,
) -> ServiceResult<Vec<SimilarJson>> {
    let candidates = state
        .store
        .similar_candidates(&actor.case_scope(), &pool)
        .await?;
    Ok(rank(probe, &candidates, SHOWN)
        .into_iter()
        .filter_map(|s| {
            candidates
                .iter()
                .find(|c| c.id == s.id)
                .map(|c| SimilarJson::new(&s, c))
        })
        .collect())
}

/// The earlier cases most like a typed matter.
pub async fn similar_to_text(
    state: &AppState,
    actor: &Actor,
    q: &SimilarQuery,
) -> ServiceResult<Vec<SimilarJson>> {
    if q.text.trim().is_empty() {
        return Err(field_error("text", "反映问题", "不能为空"));
    }
    let category = match q.category.trim() {
        "" => None,
        c => Some(
            Category::parse(c)
                .ok_or_else(|| field_error("category", "问题类别", "没有这个类别"))?,
        ),
    };
    let probe = Probe {
        text: q.text.clone(),
        township_id: optional_id("township", "乡镇", &q.township)?,
        village_id: optional_id("village", "村（社区）", &q.village)?,
        category,
    };
    let pool = SimilarPool {
        township_id: probe.township_id,
        category,
        limit: POOL,
        ..SimilarPool::default()
    };
    ranked(state, actor, &probe, pool).await
}

/// The earlier cases most like case `case` (received before it).
pub async fn similar_to_case(
    state: &AppState,
    actor: &Actor,
    case: &xinfang_domain::case::Case,
) -> ServiceResult<Vec<SimilarJson>> {
    let probe = Probe {
        text: case.summary.clone(),
        township_id: Some(case.township_id),
        village_id: case.village_id,
        category: Some(case.category),
    };
    let pool = SimilarPool {
        township_id: Some(case.township_id),
        before: Some(case.received_at),
        exclude: Some(case.id),
        limit: POOL,
        ..SimilarPool::default()
    };
    ranked(state, actor, &probe, pool).await
}
