//! 台账 out — Annexes 1–4 as .xlsx for an organisation and a period, with
//! only the rows the user may see.
//!
//! The organisation decides which rows: a township its territory (属地), a
//! department what it is responsible for, the district (or the bureau) all.
//! The user's read scope always applies on top; a user who does not see the
//! whole district may export only their own organisation.

use jiff::civil::Date;
use xinfang_domain::access::Actor;
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::permission::{Permission, Place, check};
use xinfang_domain::vocab::SourceLevel;
use xinfang_forms::ledger::{LedgerHeader, annex1_xlsx, annex2_xlsx, annex3_xlsx, annex4_xlsx};
use xinfang_store::{CaseFilter, LedgerQuery, ScreeningFilter};

use crate::services::ledgers::rows::{annex1_row, annex2_row, annex3_row, annex4_row};
use crate::services::{ServiceError, ServiceResult, field_error};
use crate::state::AppState;
use xinfang_domain::clock::{chinese_date, end_of_day, start_of_day};

xinfang_domain::labelled_enum! {
    /// Which ledger (附件1–4).
    pub enum Annex {
        /// 附件1 不稳定因素排查处置台账
        One => ("annex1", "不稳定因素排查处置台账"),
        /// 附件2 涉贫信访舆情积案台账
        Two => ("annex2", "涉贫信访舆情积案台账"),
        /// 附件3 乡镇涉贫信访干部队伍统计表
        Three => ("annex3", "乡镇涉贫信访干部队伍统计表"),
        /// 附件4 省级交办信访事项办理情况统计表
        Four => ("annex4", "省级交办信访事项办理情况统计表"),
    }
}

impl Annex {
    /// 1–4.
    pub fn number(self) -> u8 {
        match self {
            Annex::One => 1,
            Annex::Two => 2,
            Annex::Three => 3,
            Annex::Four => 4,
        }
    }

    /// `annex2`, `2`, `附件2`, `annex2.xlsx` or the title.
    pub fn from_text(s: &str) -> Option<Annex> {
        let s = s.trim();
        let s = s.strip_suffix(".xlsx").unwrap_or(s);
        let s = s.strip_prefix("附件").unwrap_or(s);
        Annex::parse(s).or_else(|| {
            Annex::ALL
                .iter()
                .copied()
                .find(|a| a.number().to_string() == s)
        })
    }
}

/// What to export, as typed on a page, in a URL or on the command line.
#[derive(Debug, Clone, Default, serde::Deserialize, serde::Serialize)]
#[serde(default)]
pub struct ExportInput {
    /// Organisation: id, code or name (a township also without its suffix); blank for the user's own.
    pub org: String,
    /// First day (YYYY-MM-DD), blank for all time.
    pub from: String,
    /// Last day, inclusive.
    pub to: String,
    /// Annex 1 only: add 排查方式 and 身份证号 (a working copy for re-import).
    pub full: String,
    /// Annex 1 only: the 排查活动 (id) whose entries to export.
    pub campaign: String,
}

/// A generated ledger file.
#[derive(Debug, Clone)]
pub struct LedgerFile {
    /// Suggested file name.
    pub filename: String,
    /// The .xlsx bytes.
    pub bytes: Vec<u8>,
    /// Data rows written.
    pub rows: usize,
}

/// A day typed as 2022-03-01 (or with / or .); blank for none.
pub(crate) fn parse_day(field: &str, label: &str, s: &str) -> ServiceResult<Option<Date>> {
    let s = s.trim();
    if s.is_empty() {
        return Ok(None);
    }
    let normalised = s.replace(['/', '.'], "-");
    Date::strptime("%Y-%m-%d", &normalised)
        .map(Some)
        .map_err(|_| {
            field_error(
                field,
                label,
                format!("日期格式不正确“{s}”，应如 2022-03-01"),
            )
        })
}

/// The organisation an export or a list is for: `text` resolved against the
/// tree, or the user's own (the district for those who see everything).
pub async fn resolve_org(state: &AppState, actor: &Actor, text: &str) -> ServiceResult<Org> {
    let orgs = state.store.list_orgs().await?;
    let text = text.trim();
    let found = if text.is_empty() {
        if actor.sees_all() {
            orgs.iter().find(|o| o.kind == OrgKind::District)
        } else {
            orgs.iter().find(|o| o.id == actor.org_id)
        }
    } else {
        orgs.iter()
            .find(|o| {
                o.kind != OrgKind::Village
                    && (o.id.to_string() == text || o.code == text || o.name == text)
            })
            .or_else(|| xinfang_domain::org::find_township(&orgs, text))
    };
    let Some(org) = found.cloned() else {
        return Err(field_error(
            "org",
            "单位",
            format!("没有名为“{text}”的乡镇或单位"),
        ));
    };
    check(actor, Permission::ExportLedger, &Place::Org(org.id))?;
    Ok(org)
}

/// 填报单位's 联系电话: the roster's, for the organisation or (for the district) the bureau.
pub(crate) async fn contact_phone(state: &AppState, org: &Org) -> ServiceResult<String> {
    let mut ids = vec![org.id];
    if org.kind == OrgKind::District {
        let orgs = state.store.list_orgs().await?;
        ids.extend(
            orgs.iter()
                .filter(|o| o.kind == OrgKind::Bureau)
                .map(|o| o.id),
        );
    }
    for id in ids {
        if let Some(e) = state.store.roster(Some(id)).await?.first()
            && let Some(p) = e.contact_phone()
        {
            return Ok(p.to_string());
        }
    }
    Ok(String::new())
}

/// 填报单位 and 联系电话 of a ledger or package made for `org`: the district
/// and its bureau print 单位信息 (管理 → 单位信息) once saved; a township or
/// department — or the district before 单位信息 is saved — prints its own
/// name and its roster phone.
pub(crate) async fn form_header(state: &AppState, org: &Org) -> ServiceResult<(String, String)> {
    if matches!(org.kind, OrgKind::District | OrgKind::Bureau)
        && let Some(info) = state.store.unit_info().await?
    {
        return Ok((info.name.clone(), info.phone_line()));
    }
    Ok((org.name.clone(), contact_phone(state, org).await?))
}

fn period_text(from: Option<Date>, to: Option<Date>) -> Option<String> {
    match (from, to) {
        (Some(f), Some(t)) => Some(format!("{}至{}", chinese_date(f), chinese_date(t))),
        (Some(f), None) => Some(format!("{}起", chinese_date(f))),
        (None, Some(t)) => Some(format!("截至{}", chinese_date(t))),
        (None, None) => None,
    }
}

/// 问题属地 of Annex 4: the district's 市 and its own name as a 县, e.g.
/// (许昌市, 建安区), from the district's set-up.
pub(crate) async fn city_and_county(state: &AppState) -> ServiceResult<(String, String)> {
    let region = state.store.region().await?;
    Ok((region.city, region.county))
}

/// The 排查活动 an Annex 1 export is limited to (blank: none); the user
/// must be able to read it.
async fn campaign_of(
    state: &AppState,
    actor: &Actor,
    annex: Annex,
    text: &str,
) -> ServiceResult<Option<xinfang_store::CampaignRecord>> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if annex != Annex::One {
        return Err(field_error(
            "campaign",
            "排查活动",
            "只有附件1可以按排查活动导出",
        ));
    }
    let Ok(id) = text.parse::<i64>() else {
        return Err(field_error(
            "campaign",
            "排查活动",
            format!("应为排查活动编号，而不是“{text}”"),
        ));
    };
    match crate::services::risk::campaigns::get_campaign(state, actor, id).await {
        Ok(c) => Ok(Some(c)),
        Err(ServiceError::NotFound(_)) => Err(field_error(
            "campaign",
            "排查活动",
            "没有这个排查活动，或您无权查看",
        )),
        Err(e) => Err(e),
    }
}

/// Export one ledger for an organisation and a period.
pub async fn export(
    state: &AppState,
    actor: &Actor,
    annex: Annex,
    input: &ExportInput,
) -> ServiceResult<LedgerFile> {
    let from = parse_day("from", "起始日期", &input.from)?;
    let to = parse_day("to", "截止日期", &input.to)?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return Err(field_error("to", "截止日期", "截止日期不能早于起始日期"));
    }
    let org = resolve_org(state, actor, &input.org).await?;
    let campaign = campaign_of(state, actor, annex, &input.campaign).await?;
    let (township_id, unit_id) = match org.kind {
        OrgKind::Township => (Some(org.id), None),
        OrgKind::Department => (None, Some(org.id)),
        _ => (None, None),
    };
    let scope = actor.case_scope();
    // Petitioners' phones and ID numbers go only to the roles that need
    // them (and each such export is logged as a reveal); others get the
    // columns blank.
    let personal = actor.may(Permission::RevealPersonal, &Place::Org(org.id));
    let full = annex == Annex::One && xinfang_domain::errors::truthy(&input.full);
    if full && !personal {
        return Err(ServiceError::Forbidden(
            "导出身份证号（工作底稿）仅限区乡村振兴局、乡镇专干和承办部门经办人".into(),
        ));
    }
    let (org_name, phone) = form_header(state, &org).await?;
    let header = LedgerHeader {
        org_name,
        phone,
        title: None,
        period: match &campaign {
            Some(c) => Some(format!(
                "排查活动：{}（{}）{}",
                c.campaign.name,
                c.campaign.kind.label(),
                period_text(
                    from.or(Some(c.campaign.starts_on)),
                    to.or(Some(c.campaign.ends_on))
                )
                .unwrap_or_default()
            )),
            None => period_text(from, to).filter(|_| annex != Annex::Three),
        },
        extra_columns: full,
    };
    let case_filter = CaseFilter {
        township_id,
        unit_id,
        received_from: from.map(start_of_day),
        received_to: to.map(end_of_day),
        ..CaseFilter::default()
    };
    let (bytes, rows) = match annex {
        Annex::One => {
            let filter = ScreeningFilter {
                township_id,
                unit_id,
                campaign_id: campaign.as_ref().map(|c| c.id),
                from: from.map(start_of_day),
                to: to.map(end_of_day),
                ..ScreeningFilter::default()
            };
            let page = state
                .store
                .list_screenings(&filter, &scope, None, 0)
                .await?;
            let mut rows: Vec<_> = page.items.iter().map(annex1_row).collect();
            if !personal {
                for r in &mut rows {
                    r.phone = None;
                    r.id_number = None;
                }
            }
            (annex1_xlsx(&header, &rows), rows.len())
        }
        Annex::Two => {
            let q = LedgerQuery {
                filter: CaseFilter {
                    backlog: Some(true),
                    ..case_filter
                },
                ..LedgerQuery::default()
            };
            let cases = state.store.ledger_cases(&q, &scope).await?;
            let mut rows: Vec<_> = cases.iter().map(annex2_row).collect();
            if !personal {
                for r in &mut rows {
                    r.phone = None;
                }
            }
            (annex2_xlsx(&header, &rows), rows.len())
        }
        Annex::Three => {
            let entries = if org.kind == OrgKind::District || org.kind == OrgKind::Bureau {
                if actor.sees_all() {
                    state.store.roster(None).await?
                } else {
                    state.store.roster(Some(actor.org_id)).await?
                }
            } else {
                state.store.roster(Some(org.id)).await?
            };
            let rows: Vec<_> = entries.iter().map(annex3_row).collect();
            (annex3_xlsx(&header, &rows), rows.len())
        }
        Annex::Four => {
            let q = LedgerQuery {
                filter: CaseFilter {
                    source_level: Some(SourceLevel::Province),
                    ..case_filter
                },
                with_events: true,
                ..LedgerQuery::default()
            };
            let cases = state.store.ledger_cases(&q, &scope).await?;
            let (city, county) = city_and_county(state).await?;
            let rows: Vec<_> = cases
                .iter()
                .map(|c| annex4_row(c, &city, &county))
                .collect();
            (annex4_xlsx(&header, &rows), rows.len())
        }
    };
    let bytes = bytes.map_err(|e| match e {
        xinfang_forms::ledger::LedgerError::TooManyRows { .. } => {
            ServiceError::NotNow(format!("{e}，请缩短统计时段后分批导出"))
        }
        other => ServiceError::Internal(other.to_string()),
    })?;
    if personal && matches!(annex, Annex::One | Annex::Two) && rows > 0 {
        let what = format!(
            "导出附件{}《{}》{}行，含信访人联系方式{}",
            annex.number(),
            annex.label(),
            rows,
            if full { "和身份证号" } else { "" }
        );
        state
            .store
            .log_reveal(
                actor,
                "ledger",
                i64::from(annex.number()),
                &what,
                state.now(),
            )
            .await?;
    }
    let span = match (from, to) {
        (None, None) => String::new(),
        (f, t) => format!(
            "_{}-{}",
            f.map_or("".into(), |d| d.strftime("%Y%m%d").to_string()),
            t.map_or("".into(), |d| d.strftime("%Y%m%d").to_string())
        ),
    };
    let campaign_part = campaign
        .as_ref()
        .map(|c| format!("_{}", c.campaign.name))
        .unwrap_or_default();
    Ok(LedgerFile {
        filename: format!(
            "附件{}_{}_{}{campaign_part}{span}.xlsx",
            annex.number(),
            annex.label(),
            org.name
        ),
        bytes,
        rows,
    })
}
