//! 批量生成: a database grown to a city's size for load tests and benchmarks
//! (`xinfang generate`, and `xinfang demo --cases N` above what the services
//! seed one by one). The cases are copies of the demo's own, made in bulk by
//! the store; see `xinfang_store::GeneratePlan`.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_store::{GeneratePlan, Generated};

use super::{DemoYear, seed_demo_for};
use crate::services::ServiceResult;
use crate::state::AppState;

/// Up to this many cases the demo registers each one through the services;
/// above it, it registers this many and generates the rest.
pub const SEEDED_ONE_BY_ONE: usize = 2_000;

/// How many demo cases the generator copies from when the database has none.
const TEMPLATES: usize = 300;

/// Add `cases` generated cases received over the `years` before `now`
/// (seeding the demo district first when the database has no case).
pub async fn generate(
    state: &AppState,
    cases: i64,
    years: i64,
    actor: Option<&Actor>,
    now: Timestamp,
) -> ServiceResult<Generated> {
    if state.store.count_cases().await? == 0 {
        seed_demo_for(state, TEMPLATES, DemoYear::Live).await?;
    }
    let plan = GeneratePlan {
        cases,
        days: years * 365 + years / 4,
        recent_days: 60,
        prefix: state.config.case_prefix.clone(),
        now,
    };
    Ok(state.store.generate_cases(&plan, actor).await?)
}
