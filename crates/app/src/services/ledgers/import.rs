//! 台账 in — a filled Annex 1–4 sheet checked row by row against the
//! organisation tree and the user's rights, then written in one transaction
//! (or, if any row is wrong, not at all).
//!
//! - Annex 1 adds screening entries; a row whose township already has its
//!   fingerprint (the same day, person, problem) is left alone.
//! - Annex 2 and 4 update cases found by the 信访件编号 in 备注 / the summary,
//!   else by petitioner, date and township (see `import_cases`).
//! - Annex 3 saves roster rows; unchanged rows are left alone.
//!
//! Importing the same file twice therefore changes nothing the second time.
//! A township officer may import only their own township's rows.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::roster::RosterEntry;
use xinfang_domain::screening::ScreeningEntry;
use xinfang_forms::ledger::{import_annex1_numbered, import_annex3_numbered};
use xinfang_store::ImportCounts;

use crate::services::ServiceResult;
use crate::services::ledgers::export::Annex;
pub use crate::services::ledgers::import_report::{ImportFailure, ImportReport};
use crate::services::ledgers::import_report::{Problems, own_township, places};
use crate::state::AppState;
use xinfang_domain::clock::start_of_day;

fn may_import(actor: &Actor, annex: Annex) -> ServiceResult<()> {
    let permission = match annex {
        Annex::Four => Permission::ImportProvincial,
        _ => Permission::ImportLedger,
    };
    Ok(check(actor, permission, &Place::Somewhere)?)
}

/// Import a filled ledger. Every row is checked first; if any is wrong,
/// nothing is written and every problem is returned.
pub async fn import(
    state: &AppState,
    actor: &Actor,
    annex: Annex,
    bytes: &[u8],
    dry_run: bool,
    now: Timestamp,
) -> Result<ImportReport, ImportFailure> {
    may_import(actor, annex)?;
    let (rows, counts) = match annex {
        Annex::One => import_screenings(state, actor, bytes, dry_run, now).await?,
        Annex::Two => {
            crate::services::ledgers::import_cases::import_backlog(
                state, actor, bytes, dry_run, now,
            )
            .await?
        }
        Annex::Three => import_roster(state, actor, bytes, dry_run, now).await?,
        Annex::Four => {
            crate::services::ledgers::import_cases::import_provincial(
                state, actor, bytes, dry_run, now,
            )
            .await?
        }
    };
    Ok(ImportReport {
        annex: annex.number(),
        dry_run,
        rows,
        added: counts.added,
        updated: counts.updated,
        unchanged: counts.unchanged,
    })
}

fn township_named<'a>(orgs: &'a [Org], name: &str) -> Option<&'a Org> {
    orgs.iter()
        .find(|o| o.kind == OrgKind::Township && o.name == name)
}

/// A responsible unit written as an organisation's name, if it is one.
fn unit_named<'a>(orgs: &'a [Org], name: &str) -> Option<&'a Org> {
    let name = name.trim();
    orgs.iter().find(|o| {
        matches!(
            o.kind,
            OrgKind::Township | OrgKind::Department | OrgKind::Bureau
        ) && o.name == name
    })
}

async fn import_screenings(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    dry_run: bool,
    now: Timestamp,
) -> Result<(usize, ImportCounts), ImportFailure> {
    let orgs = state.store.list_orgs().await?;
    let rows = import_annex1_numbered(bytes, &places(state, &orgs).await?)?;
    let own = own_township(actor);
    let own_name = own
        .and_then(|id| orgs.iter().find(|o| o.id == id))
        .map_or(String::new(), |o| o.name.clone());
    let mut problems = Problems::default();
    let mut news = Vec::with_capacity(rows.len());
    for (n, r) in &rows {
        let place = format!("{}{}", r.township, r.village.as_deref().unwrap_or_default());
        let Some(township) = township_named(&orgs, &r.township) else {
            problems.add(
                *n,
                "问题所属地",
                place,
                "组织机构中没有该乡镇，请联系系统管理员",
            );
            continue;
        };
        if !actor.may(Permission::ImportLedger, &Place::Org(township.id)) {
            problems.add(
                *n,
                "问题所属地",
                place,
                format!("只能导入本乡镇（{own_name}）的排查记录"),
            );
            continue;
        }
        let village_id = match &r.village {
            None => None,
            Some(v) => match orgs.iter().find(|o| {
                o.kind == OrgKind::Village && o.parent_id == Some(township.id) && &o.name == v
            }) {
                Some(o) => Some(o.id),
                None => {
                    problems.add(
                        *n,
                        "问题所属地",
                        place,
                        format!("组织机构中{}没有“{v}”", township.name),
                    );
                    continue;
                }
            },
        };
        let unit = unit_named(&orgs, &r.responsible_unit);
        news.push(ScreeningEntry {
            township_id: township.id,
            village_id,
            screened_at: start_of_day(r.screened_on),
            screening_kind: r.screening_kind.map(|k| k.as_str().to_string()),
            campaign_id: None,
            risk_grade: None,
            name: r.name.clone(),
            id_number: r.id_number.clone(),
            phone: r.phone.clone(),
            poverty: r.poverty,
            problem: r.problem.clone(),
            category: r.category,
            newly_found: r.newly_found,
            unit_id: unit.map(|o| o.id),
            unit_text: unit
                .map_or_else(|| r.responsible_unit.trim().to_string(), |o| o.name.clone()),
            tri: r.tri,
            stable: r.stable,
            remarks: r.remarks.clone(),
            fingerprint: r.fingerprint(),
        });
    }
    problems.check()?;
    let counts = state
        .store
        .import_screenings(&news, actor, now, dry_run)
        .await?;
    Ok((rows.len(), counts))
}

async fn import_roster(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    dry_run: bool,
    now: Timestamp,
) -> Result<(usize, ImportCounts), ImportFailure> {
    let orgs = state.store.list_orgs().await?;
    let rows = import_annex3_numbered(bytes, &places(state, &orgs).await?)?;
    let own = own_township(actor);
    let mut problems = Problems::default();
    let mut entries: Vec<RosterEntry> = Vec::with_capacity(rows.len());
    let mut seen: Vec<(i64, usize)> = Vec::new();
    for (n, r) in &rows {
        let Some(org) = unit_named(&orgs, &r.unit) else {
            problems.add(
                *n,
                "单位",
                r.unit.clone(),
                "组织机构中没有该单位，请联系系统管理员",
            );
            continue;
        };
        let entry = RosterEntry {
            org_id: org.id,
            org_name: org.name.clone(),
            leader_name: r.leader_name.clone(),
            leader_title: r.leader_title.clone(),
            leader_office_phone: r.leader_office_phone.as_ref().map(ToString::to_string),
            leader_mobile: r.leader_mobile.as_ref().map(ToString::to_string),
            cadre_name: r.cadre_name.clone(),
            cadre_office_phone: r.cadre_office_phone.as_ref().map(ToString::to_string),
            cadre_mobile: r.cadre_mobile.as_ref().map(ToString::to_string),
            updated_at: None,
        };
        if own.is_some_and(|id| id != org.id) {
            // The district's template lists every township: others' blank rows are fine.
            if !entry.is_blank() {
                problems.add(
                    *n,
                    "单位",
                    r.unit.clone(),
                    "乡镇专干只能导入本乡镇的干部队伍信息",
                );
            }
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == org.id) {
            problems.add(
                *n,
                "单位",
                r.unit.clone(),
                format!("与第{first}行是同一单位"),
            );
            continue;
        }
        seen.push((org.id, *n));
        entries.push(entry);
    }
    problems.check()?;
    let counts = state
        .store
        .save_roster(&entries, actor, now, dry_run)
        .await?;
    Ok((rows.len(), counts))
}
