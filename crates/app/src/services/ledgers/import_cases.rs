//! Annexes 2 and 4 in: each row is matched to an existing case the user may
//! see and fills its backlog (积案) or provincial (省交办) details.
//!
//! Matching: the 信访件编号 written in the row (Annex 2 备注, Annex 4 summary —
//! the exports put it there) finds the case directly; otherwise Annex 2 looks
//! for the petitioner's name in the row's township whose 初访时间 (or 接待日期)
//! is the row's date, and Annex 4 for a 省交办 case received on the row's date
//! whose petitioner's name the summary contains. Several candidates are
//! narrowed by the problem text; an unmatched or ambiguous row is a problem.
//!
//! Only what differs from the case is written, so a re-import is a no-op.

use jiff::Timestamp;
use xinfang_domain::access::{Actor, CaseScope, Role};
use xinfang_domain::case_ledger::BacklogChange;
use xinfang_domain::permission::{Permission, Place};
use xinfang_domain::vocab::SourceLevel;
use xinfang_forms::ledger::{
    AnnexFourRow, AnnexTwoRow, import_annex2_numbered, import_annex4_numbered,
};
use xinfang_store::{CaseFilter, CaseLedgerWrite, ImportCounts, LedgerCaseRow, LedgerQuery};

use crate::services::ledgers::import_report::{ImportFailure, Problems, own_township, places};
use crate::services::ledgers::rows::{
    find_case_number, first_visit_on, review_text, second_review_text,
};
use crate::state::AppState;
use xinfang_domain::clock::{due_day, end_of_day, local_date, start_of_day};

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The one case a row names by number, or why not.
async fn by_number(
    state: &AppState,
    scope: &CaseScope,
    number: &str,
    with_events: bool,
) -> Result<Option<LedgerCaseRow>, ImportFailure> {
    let q = LedgerQuery {
        number: Some(number.to_string()),
        with_events,
        ..LedgerQuery::default()
    };
    Ok(state
        .store
        .ledger_cases(&q, scope)
        .await?
        .into_iter()
        .next())
}

/// Narrow candidates by the problem text when there are several.
fn narrow(mut found: Vec<LedgerCaseRow>, text: &str) -> Vec<LedgerCaseRow> {
    if found.len() > 1 {
        let text = squeeze(text);
        let same: Vec<_> = found
            .iter()
            .filter(|c| {
                let s = squeeze(&c.summary);
                !s.is_empty() && (s == text || text.contains(&s))
            })
            .cloned()
            .collect();
        if !same.is_empty() {
            found = same;
        }
    }
    found
}

fn numbers(found: &[LedgerCaseRow]) -> String {
    found
        .iter()
        .map(|c| c.number.as_str())
        .collect::<Vec<_>>()
        .join("、")
}

/// The one case a row means among those `found` (narrowed by the row's
/// `text`); else why not, in words for the row's problem: several match
/// (their numbers, and where to write the right one), or `none`.
fn the_one(
    found: Vec<LedgerCaseRow>,
    text: &str,
    number_goes_in: &str,
    none: String,
) -> Result<LedgerCaseRow, String> {
    let found = narrow(found, text);
    if found.len() > 1 {
        return Err(format!(
            "匹配到多件案件（{}），请在{number_goes_in}中注明信访件编号",
            numbers(&found)
        ));
    }
    found.into_iter().next().ok_or(none)
}

/// Annex 2: fill 积案原因, 包案人 and 初访时间 of the matched cases.
pub(crate) async fn import_backlog(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    dry_run: bool,
    now: Timestamp,
) -> Result<(usize, ImportCounts), ImportFailure> {
    let orgs = state.store.list_orgs().await?;
    let rows = import_annex2_numbered(bytes, &places(state, &orgs).await?)?;
    let leaders: Vec<_> = state
        .store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.active && u.roles.contains(&Role::CaseLeader))
        .collect();
    let scope = actor.case_scope();
    let own = own_township(actor);
    let mut problems = Problems::default();
    let mut writes = Vec::new();
    let mut counts = ImportCounts::default();
    let mut seen: Vec<(i64, usize)> = Vec::new();
    for (n, r) in &rows {
        let n = *n;
        let Some(township) = orgs.iter().find(|o| o.name == r.township) else {
            problems.add(
                n,
                "问题所属地（乡镇、村）",
                r.township.clone(),
                "组织机构中没有该乡镇",
            );
            continue;
        };
        if own.is_some_and(|id| id != township.id) {
            problems.add(
                n,
                "问题所属地（乡镇、村）",
                r.township.clone(),
                "只能导入本乡镇的积案",
            );
            continue;
        }
        let case = match find_case_number(&r.remarks) {
            Some(number) => match by_number(state, &scope, &number, false).await? {
                Some(c) => c,
                None => {
                    problems.add(n, "备注", number, "未找到该信访件编号的案件，或您无权查看");
                    continue;
                }
            },
            None => {
                let q = LedgerQuery {
                    filter: CaseFilter {
                        township_id: Some(township.id),
                        ..CaseFilter::default()
                    },
                    petitioner_name: Some(r.name.clone()),
                    ..LedgerQuery::default()
                };
                let found: Vec<_> = state
                    .store
                    .ledger_cases(&q, &scope)
                    .await?
                    .into_iter()
                    .filter(|c| {
                        first_visit_on(c) == r.first_visit_on
                            || local_date(c.received_at) == r.first_visit_on
                    })
                    .collect();
                let none = format!(
                    "未找到{}该信访人初访时间为{}的案件",
                    r.township, r.first_visit_on
                );
                match the_one(found, &r.problem, "备注", none) {
                    Ok(c) => c,
                    Err(reason) => {
                        problems.add(n, "信访人姓名", r.name.clone(), reason);
                        continue;
                    }
                }
            }
        };
        if case.township_id != township.id {
            problems.add(
                n,
                "问题所属地（乡镇、村）",
                r.township.clone(),
                format!("案件{}不属于{}", case.number, r.township),
            );
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == case.id) {
            problems.add(
                n,
                "信访人姓名",
                r.name.clone(),
                format!("与第{first}行是同一案件（{}）", case.number),
            );
            continue;
        }
        seen.push((case.id, n));
        match backlog_write(actor, &leaders, &case, r) {
            Ok(Some(w)) => {
                counts.updated += 1;
                writes.push(w);
            }
            Ok(None) => counts.unchanged += 1,
            Err(reason) => problems.add(n, "包案人", r.case_owner.clone(), reason),
        }
    }
    problems.check()?;
    if !writes.is_empty() {
        state
            .store
            .save_case_ledgers(&writes, actor, now, dry_run)
            .await?;
        if !dry_run {
            // 积案 and its 化解时限 are clocks: they follow the imported rows.
            for w in &writes {
                crate::services::deadlines::milestones::refresh_milestones(state, w.case_id, now)
                    .await?;
            }
        }
    }
    Ok((rows.len(), counts))
}

/// What an Annex 2 row changes on its case: None when nothing.
fn backlog_write(
    actor: &Actor,
    leaders: &[xinfang_domain::account::UserRecord],
    case: &LedgerCaseRow,
    r: &AnnexTwoRow,
) -> Result<Option<CaseLedgerWrite>, String> {
    let reason = Some(r.backlog_reason.trim().to_string())
        .filter(|s| !s.is_empty())
        .or_else(|| case.backlog_reason.clone());
    let owner = r.case_owner.trim();
    let leader_user_id = if owner.is_empty() || case.leader_name.as_deref() == Some(owner) {
        case.leader_user_id
    } else {
        let Some(u) = leaders.iter().find(|u| u.display_name == owner) else {
            return Err(format!("系统中没有名为“{owner}”的包案领导"));
        };
        if !actor.may(Permission::SetCaseLeader, &Place::Somewhere) {
            return Err("只有区乡村振兴局可以更改包案人".into());
        }
        Some(u.id)
    };
    let backlog_changes =
        !case.backlog || reason != case.backlog_reason || leader_user_id != case.leader_user_id;
    let mut ledger = case.ledger.clone();
    let first_visit_changes = first_visit_on(case) != r.first_visit_on;
    if first_visit_changes {
        ledger.first_visit_at = Some(start_of_day(r.first_visit_on));
    }
    if !backlog_changes && !first_visit_changes {
        return Ok(None);
    }
    Ok(Some(CaseLedgerWrite {
        case_id: case.id,
        expected_version: Some(case.version),
        backlog: backlog_changes.then_some(BacklogChange {
            backlog: true,
            backlog_reason: reason,
            leader_user_id,
        }),
        ledger,
        text: "按导入的积案台账（附件2）更新积案信息".into(),
        before: serde_json::to_string(&case.ledger).ok(),
    }))
}

/// Annex 4: fill 办结时限, 复查情况, 复核情况 and 涉法涉诉涉纪件工作进度 of the
/// matched 省交办 cases.
pub(crate) async fn import_provincial(
    state: &AppState,
    actor: &Actor,
    bytes: &[u8],
    dry_run: bool,
    now: Timestamp,
) -> Result<(usize, ImportCounts), ImportFailure> {
    let rows = import_annex4_numbered(bytes)?;
    let scope = actor.case_scope();
    let mut problems = Problems::default();
    let mut writes = Vec::new();
    let mut counts = ImportCounts::default();
    let mut seen: Vec<(i64, usize)> = Vec::new();
    const SUMMARY: &str = "信访人信息及反映事项内容摘要";
    for (n, r) in &rows {
        let n = *n;
        let case = match find_case_number(&r.summary) {
            Some(number) => match by_number(state, &scope, &number, true).await? {
                Some(c) => c,
                None => {
                    problems.add(n, SUMMARY, number, "未找到该信访件编号的案件，或您无权查看");
                    continue;
                }
            },
            None => {
                let q = LedgerQuery {
                    filter: CaseFilter {
                        source_level: Some(SourceLevel::Province),
                        received_from: Some(start_of_day(r.received_on)),
                        received_to: Some(end_of_day(r.received_on)),
                        ..CaseFilter::default()
                    },
                    with_events: true,
                    ..LedgerQuery::default()
                };
                let found: Vec<_> = state
                    .store
                    .ledger_cases(&q, &scope)
                    .await?
                    .into_iter()
                    .filter(|c| {
                        c.petitioner_name
                            .as_deref()
                            .is_some_and(|p| r.summary.contains(p))
                    })
                    .collect();
                let none = format!("未找到{}接待的该信访人的省交办案件", r.received_on);
                match the_one(found, &r.summary, "摘要", none) {
                    Ok(c) => c,
                    Err(reason) => {
                        problems.add(n, SUMMARY, r.summary.clone(), reason);
                        continue;
                    }
                }
            }
        };
        if case.source_level != SourceLevel::Province {
            problems.add(n, SUMMARY, case.number.clone(), "该案件不是省交办案件");
            continue;
        }
        if let Some((_, first)) = seen.iter().find(|(id, _)| *id == case.id) {
            problems.add(
                n,
                SUMMARY,
                case.number.clone(),
                format!("与第{first}行是同一案件"),
            );
            continue;
        }
        seen.push((case.id, n));
        match provincial_write(&case, r) {
            Some(w) => {
                counts.updated += 1;
                writes.push(w);
            }
            None => counts.unchanged += 1,
        }
    }
    problems.check()?;
    if !writes.is_empty() {
        state
            .store
            .save_case_ledgers(&writes, actor, now, dry_run)
            .await?;
    }
    Ok((rows.len(), counts))
}

/// What an Annex 4 row changes on its case: None when nothing. Blank cells
/// never clear what the case has.
fn provincial_write(case: &LedgerCaseRow, r: &AnnexFourRow) -> Option<CaseLedgerWrite> {
    let mut ledger = case.ledger.clone();
    let mut changed = false;
    let due = case.ledger.due_at.or(case.handled_due).map(due_day);
    if let Some(d) = r.due_on
        && Some(d) != due
    {
        ledger.due_at = Some(end_of_day(d));
        changed = true;
    }
    for (new, current, slot) in [
        (&r.review, review_text(case), &mut ledger.review),
        (
            &r.second_review,
            second_review_text(case),
            &mut ledger.second_review,
        ),
        (
            &r.legal_progress,
            case.ledger.legal_progress.clone(),
            &mut ledger.legal_progress,
        ),
    ] {
        if !new.trim().is_empty() && squeeze(new) != squeeze(&current) {
            *slot = new.trim().to_string();
            changed = true;
        }
    }
    changed.then(|| CaseLedgerWrite {
        case_id: case.id,
        expected_version: None,
        backlog: None,
        ledger,
        text: "按导入的省级交办统计表（附件4）更新办理情况".into(),
        before: serde_json::to_string(&case.ledger).ok(),
    })
}
