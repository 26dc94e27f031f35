//! Demo 月度排查: the townships' monthly screening reports (Annex 1 rows),
//! some townships reporting every month and others missing months, so the
//! scorecard's 按月排查上报 tells them apart.

use xinfang_domain::access::Actor;
use xinfang_domain::clock::to_local;

use super::sim::{Rng, World};
use super::{Ctx, data, internal};
use crate::services::ServiceResult;
use crate::services::ledgers::screenings::{ScreeningInput, create};
use crate::state::AppState;

/// 三到位一处理 answers an entry may carry.
const TRI: &[[&str; 4]] = &[
    ["是", "不涉及", "不涉及", "不涉及"],
    ["否", "是", "不涉及", "不涉及"],
    ["是", "不涉及", "是", "不涉及"],
];

/// One 日常排查 entry per township in each month of `world` that the
/// township reported in: each township reports in a share of months drawn
/// once (between a third and all of them), entered by the district bureau.
pub(super) async fn seed(
    state: &AppState,
    ctx: &Ctx,
    world: &World,
    district: &Actor,
) -> ServiceResult<usize> {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let (first, last) = (
        to_local(world.start).date(),
        to_local(world.last_received).date(),
    );
    let mut written = 0;
    for township in &ctx.townships {
        let regular = rng.range(30, 100) as u64;
        let villages = ctx.villages.get(&township.id);
        let mut month = first.first_of_month();
        while month <= last {
            if rng.percent(regular) {
                let day = month
                    .checked_add(jiff::Span::new().days(rng.range(2, 24)))
                    .map_err(internal)?
                    .max(first)
                    .min(last);
                let category = rng.weighted(data::CATEGORIES);
                let male = rng.percent(55);
                let name = format!(
                    "{}{}",
                    rng.pick(data::SURNAMES),
                    rng.pick(if male {
                        data::MALE_NAMES
                    } else {
                        data::FEMALE_NAMES
                    })
                );
                let tri = rng.pick(TRI);
                let unit = match data::department_for(category) {
                    Some((code, _)) => ctx.org(code)?.id.to_string(),
                    None => String::new(),
                };
                let input = ScreeningInput {
                    screened_at: day.to_string(),
                    screening_kind: "日常排查".into(),
                    township_id: township.id.to_string(),
                    village_id: villages
                        .filter(|v| !v.is_empty())
                        .map(|v| v[rng.index(v.len())].id.to_string())
                        .unwrap_or_default(),
                    name,
                    phone: format!(
                        "{}{:08}",
                        rng.pick(data::MOBILE_PREFIXES),
                        rng.range(0, 99_999_999)
                    ),
                    poverty_status: rng.weighted(data::POVERTY).label().into(),
                    problem: rng.pick(data::summaries(category)).into(),
                    category: category.label().into(),
                    newly_found: if rng.percent(60) { "是" } else { "否" }.into(),
                    unit_id: unit,
                    tri_reasonable: tri[0].into(),
                    tri_unreasonable: tri[1].into(),
                    tri_hardship: tri[2].into(),
                    tri_unlawful: tri[3].into(),
                    stable: if rng.percent(85) { "是" } else { "否" }.into(),
                    remarks: "月度排查".into(),
                    ..ScreeningInput::default()
                };
                create(state, district, &input, state.now()).await?;
                written += 1;
            }
            month = month
                .checked_add(jiff::Span::new().months(1))
                .map_err(internal)?;
        }
    }
    Ok(written)
}
