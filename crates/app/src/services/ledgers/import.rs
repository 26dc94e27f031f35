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
use serde::Serialize;
use xinfang_domain::access::Actor;
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::permission::{Permission, Place, check, only_own_org};
use xinfang_forms::ledger::{
    ImportErrors, ImportProblem, Places, import_annex1_numbered, import_annex3_numbered,
};
use xinfang_store::{ImportCounts, RosterEntry, ScreeningEntry};

use crate::services::ledgers::export::Annex;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;
use xinfang_domain::clock::start_of_day;

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// 附件 number.
    pub annex: u8,
    /// Nothing was written.
    pub dry_run: bool,
    /// Data rows read.
    pub rows: usize,
    /// Records added.
    pub added: usize,
    /// Records changed.
    pub updated: usize,
    /// Rows already present as they are.
    pub unchanged: usize,
}

/// Why an import wrote nothing.
#[derive(Debug)]
pub enum ImportFailure {
    /// Not allowed, or something broke.
    Service(ServiceError),
    /// The file as a whole was refused (not a workbook, no header …).
    File(String),
    /// Rows are wrong: every problem, by row.
    Rows(Vec<ImportProblem>),
}

impl From<ServiceError> for ImportFailure {
    fn from(e: ServiceError) -> Self {
        ImportFailure::Service(e)
    }
}

impl From<xinfang_store::StoreError> for ImportFailure {
    fn from(e: xinfang_store::StoreError) -> Self {
        ImportFailure::Service(e.into())
    }
}

impl From<ImportErrors> for ImportFailure {
    fn from(e: ImportErrors) -> Self {
        match e {
            ImportErrors::File(f) => {
                if let xinfang_forms::ledger::FileRefusal::Unreadable { detail } = &f {
                    tracing::warn!(detail, "ledger import: unreadable workbook");
                }
                ImportFailure::File(f.to_string())
            }
            ImportErrors::Rows(p) => ImportFailure::Rows(p),
        }
    }
}

impl ImportFailure {
    /// The message for people.
    pub fn message(&self) -> String {
        match self {
            ImportFailure::Service(e) => e.user_message(),
            ImportFailure::File(m) => format!("{m}；未导入任何数据"),
            ImportFailure::Rows(p) => {
                format!("共有{}处错误，未导入任何数据，请修改后重新导入", p.len())
            }
        }
    }

    /// The row problems (empty unless [`ImportFailure::Rows`]).
    pub fn problems(&self) -> &[ImportProblem] {
        match self {
            ImportFailure::Rows(p) => p,
            _ => &[],
        }
    }
}

/// Collects problems found by the app's own checks.
#[derive(Debug, Default)]
pub(crate) struct Problems(pub Vec<ImportProblem>);

impl Problems {
    /// Note a problem on a row's column.
    pub fn add(
        &mut self,
        row: usize,
        column: &str,
        value: impl Into<String>,
        reason: impl Into<String>,
    ) {
        self.0.push(ImportProblem {
            row,
            column: column.to_string(),
            value: value.into(),
            reason: reason.into(),
        });
    }

    /// Err with every problem, sorted by row, if there is any.
    pub fn check(mut self) -> Result<(), ImportFailure> {
        if self.0.is_empty() {
            return Ok(());
        }
        self.0.sort_by_key(|p| p.row);
        Err(ImportFailure::Rows(self.0))
    }
}

/// Whether the actor imports for one township only (a township officer
/// without a district role): Some(own township).
pub(crate) fn own_township(actor: &Actor) -> Option<i64> {
    only_own_org(actor, Permission::ImportLedger)
}

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

/// The district's places, for reading imported ledgers: the organisations
/// in the database (not any compiled-in list), so that another district's
/// townships and villages are the ones recognised.
pub(crate) async fn places(state: &AppState, orgs: &[Org]) -> ServiceResult<Places> {
    Ok(Places::new(state.store.region().await?, orgs))
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
