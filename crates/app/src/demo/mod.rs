//! The demo district: Jian'an's organisations, a user for every role, and a year of realistic cases.
//!
//! [`seed_demo_for`] creates the accounts of `data::USERS`, then writes a
//! year of generated cases through the same services the web pages use, at
//! simulated times and in time order across all cases, so case numbers,
//! timelines and the audit trail read as if the year had really happened.
//! Its year is either the twelve months up to today ([`DemoYear::Live`]:
//! the district as it is this morning, clocks running, the sweeper's notices
//! of the last weeks in the inbox) or 2022 ([`DemoYear::Year`], with the
//! SCENARIOS.md stories at their real 2022 times). The generator is seeded
//! with a constant: every run of the same year and day produces the same
//! district.
//!
//! The files: `data.rs`, `stories.rs` and `templates.rs` hold the tables;
//! `generate.rs` draws the cases and `work.rs` plans their steps; this file
//! seeds the accounts and runs every plan through the services.

use std::collections::HashMap;

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::account::UserRecord;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::clock::format_local;
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::workflow::StepInput;
use xinfang_store::StoreResult;

use self::generate::generate;
use self::sim::{Rng, World, days};
use self::stories::story_plan;
use crate::services::admin::users::{UserInput, create_user};
use crate::services::cases::register_case::register_case;
use crate::services::cases::take_step::take_step;
use crate::services::{ServiceError, ServiceResult};
use crate::state::AppState;

/// Form fields as (key, value) pairs; see `stories::Story` for the extra keys.
type Fields = Vec<(&'static str, String)>;

// Defined before the submodules so that they can use it.
macro_rules! fields {
    ($($k:literal => $v:expr),* $(,)?) => { vec![$(($k, String::from($v))),*] };
}

pub mod bulk;
mod campaigns;
mod data;
mod generate;
mod key_persons;
mod ledgers;
mod meetings;
mod opinions;
mod people;
mod ranks;
mod records;
mod screening_rounds;
mod sim;
mod stories;
mod templates;
mod work;

/// The password every demo account gets (printed by `xinfang demo`).
pub const DEMO_PASSWORD: &str = "jianan2022";

/// One demo account, for the printed list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoAccount {
    /// Login name.
    pub username: String,
    /// Name.
    pub display_name: String,
    /// Organisation name.
    pub org: String,
    /// Role label.
    pub role: String,
}

/// What seeding produced.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoReport {
    /// Accounts created (all with [`DEMO_PASSWORD`]).
    pub accounts: Vec<DemoAccount>,
    /// Cases registered.
    pub cases: usize,
    /// The period the cases cover, in words.
    pub period: String,
}

/// Which year the demo district lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DemoYear {
    /// The twelve months up to today by the real clock: most open clocks
    /// running, some due soon, a few overdue, the last weeks' notices.
    Live,
    /// A past year told at its own times; only 2022 (the SCENARIOS.md stories) exists.
    Year(i16),
}

impl DemoYear {
    /// `--year Y`, or the live year without it.
    pub fn from_flag(year: Option<i16>) -> Result<DemoYear, String> {
        match year {
            None => Ok(DemoYear::Live),
            Some(2022) => Ok(DemoYear::Year(2022)),
            Some(y) => Err(format!(
                "没有{y}年的演示数据：--year 只能是 2022；不加 --year 则生成截至今天的近12个月"
            )),
        }
    }
}

/// Set up Jian'an's organisations from the embedded district file when the
/// database has none (every start of `serve`, and the demo); a database
/// already set up — with Jian'an or another district — is left alone. The
/// well-known sensitive periods are seeded here too, once per database.
/// Returns how many organisations were added.
pub async fn seed_orgs(state: &AppState) -> StoreResult<usize> {
    // The calendar of well-known sensitive periods (once per database).
    state.store.seed_sensitive_periods(state.now()).await?;
    if !state.store.list_orgs().await?.is_empty() {
        return Ok(0);
    }
    match state
        .store
        .create_district(&xinfang_domain::district::District::jianan(), state.now())
        .await
    {
        // Another process set it up in the meantime.
        Err(xinfang_store::StoreError::Conflict(_)) => Ok(0),
        other => other,
    }
}

/// Seed the 2022 demo district (the stories and a year of 2022 cases) into a
/// fresh database; see [`seed_demo_for`].
pub async fn seed_demo(state: &AppState, cases: usize) -> Result<DemoReport, ServiceError> {
    seed_demo_for(state, cases, DemoYear::Year(2022)).await
}

/// The report's period when the database already had cases.
pub const ALREADY_SEEDED: &str = "已有数据，未重新生成";

/// Seed the demo district of `year` into a fresh database; a database that
/// already has cases is left as it is (and its demo accounts are listed).
pub async fn seed_demo_for(
    state: &AppState,
    cases: usize,
    year: DemoYear,
) -> Result<DemoReport, ServiceError> {
    let world = match year {
        DemoYear::Live => World::live(state.now()),
        DemoYear::Year(2022) => World::year_2022(),
        DemoYear::Year(y) => return Err(ServiceError::NotNow(format!("没有{y}年的演示数据"))),
    };
    let period = if world.live {
        format!(
            "{} 至今的近12个月",
            xinfang_domain::clock::local_date(world.start)
        )
    } else {
        "2022年".to_string()
    };
    seed_orgs(state).await?;
    // The demo's people and cases live in Jian'an's townships and departments.
    let jianan = xinfang_domain::district::District::jianan();
    if let Some(root) = state
        .store
        .list_orgs()
        .await?
        .into_iter()
        .find(|o| o.parent_id.is_none() && o.code != jianan.code)
    {
        return Err(ServiceError::Conflict(format!(
            "演示数据基于{}的组织机构，此数据库设置的是{}（{}），请换用新的数据目录",
            jianan.name, root.name, root.code
        )));
    }
    let existing = state.store.count_cases().await?;
    if existing > 0 {
        let mut accounts = Vec::new();
        for u in data::USERS {
            if let Some(r) = state.store.user_by_username(u.username).await? {
                accounts.push(account(&r));
            }
        }
        let cases = usize::try_from(existing).unwrap_or_default();
        let period = ALREADY_SEEDED.to_string();
        return Ok(DemoReport {
            accounts,
            cases,
            period,
        });
    }

    let all = state.store.list_orgs().await?;
    let mut townships: Vec<Org> = all
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .cloned()
        .collect();
    townships.sort_by(|a, b| a.code.cmp(&b.code));
    let mut villages: HashMap<i64, Vec<Org>> = HashMap::new();
    for v in all.iter().filter(|o| o.kind == OrgKind::Village) {
        if let Some(parent) = v.parent_id {
            villages.entry(parent).or_default().push(v.clone());
        }
    }
    for list in villages.values_mut() {
        list.sort_by(|a, b| a.code.cmp(&b.code));
    }
    let orgs: HashMap<String, Org> = all.into_iter().map(|o| (o.code.clone(), o)).collect();
    // The accounts were made the afternoon before the first case came in.
    let created = world.start - jiff::SignedDuration::from_hours(15);
    let (actors, accounts) = seed_users(state, &orgs, created).await?;
    let ctx = Ctx {
        orgs,
        townships,
        villages,
        actors,
    };

    let mut plans = Vec::new();
    if !world.live && cases >= stories::STORIES.len() {
        for story in stories::STORIES {
            plans.push(story_plan(story)?);
        }
    }
    let mut rng = Rng(0x2022_0926_0910_5eed);
    plans.extend(generate(&ctx, &mut rng, &world, cases - plans.len())?);
    let cases = run(state, &ctx, &plans, &world).await?;
    ledgers::seed(state, &ctx, &world).await?;
    ranks::seed(state, &ctx, &world).await?;
    records::seed(state, &ctx).await?;
    opinions::seed(state, &ctx).await?;
    meetings::seed(state, &ctx).await?;
    people::seed(state, &ctx, &world).await?;
    campaigns::seed(state, &ctx, &world).await?;
    key_persons::seed(state, &ctx, &world).await?;
    Ok(DemoReport {
        accounts,
        cases,
        period,
    })
}

/// Print the accounts and what was seeded.
pub fn print_report(report: &DemoReport) {
    let (n, m) = (report.cases, report.accounts.len());
    println!(
        "演示数据（{}）：{n} 件案件，{m} 个账号（用户名、姓名、单位、角色）",
        report.period
    );
    for a in &report.accounts {
        let (name, org) = (pad(&a.display_name, 8), pad(&a.org, 26));
        println!("  {:<14}{name}{org}{}", a.username, a.role);
    }
    println!("所有演示账号的密码：{DEMO_PASSWORD}");
}

/// `s` padded to `width` terminal columns (CJK characters take two).
fn pad(s: &str, width: usize) -> String {
    let used: usize = s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{s}{}", " ".repeat(width.saturating_sub(used).max(1)))
}

fn account(r: &UserRecord) -> DemoAccount {
    let roles: Vec<&str> = r.roles.iter().map(|x| x.label()).collect();
    DemoAccount {
        username: r.username.clone(),
        display_name: r.display_name.clone(),
        org: r.org_name.clone(),
        role: roles.join("、"),
    }
}

/// Create the demo accounts (keeping any that already exist).
async fn seed_users(
    state: &AppState,
    orgs: &HashMap<String, Org>,
    created: Timestamp,
) -> ServiceResult<(HashMap<&'static str, Actor>, Vec<DemoAccount>)> {
    let mut actors = HashMap::new();
    let mut accounts = Vec::new();
    for u in data::USERS {
        let record = match state.store.user_by_username(u.username).await? {
            Some(r) => r,
            None => {
                let org = orgs
                    .get(u.org)
                    .ok_or_else(|| internal(format!("缺少组织机构 {}", u.org)))?;
                let input = UserInput {
                    username: u.username.into(),
                    display_name: u.name.into(),
                    org_id: org.id.to_string(),
                    roles: vec![u.role.into()],
                    phone: u.phone.into(),
                    password: DEMO_PASSWORD.into(),
                };
                create_user(state, None, &input, created).await?
            }
        };
        accounts.push(account(&record));
        actors.insert(u.username, record.actor());
    }
    Ok((actors, accounts))
}

fn internal(message: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("演示数据：{message}"))
}

/// One step of a case: when, by whom, which step, and its form.
#[derive(Debug)]
struct Act {
    at: Timestamp,
    who: &'static str,
    step: &'static str,
    fields: Fields,
}

/// One case: its registration form, when it was typed in, and what followed.
#[derive(Debug)]
struct Plan {
    registration: Fields,
    at: Timestamp,
    acts: Vec<Act>,
}

/// What seeding needs to know about the district.
#[derive(Debug)]
struct Ctx {
    orgs: HashMap<String, Org>,
    townships: Vec<Org>,
    villages: HashMap<i64, Vec<Org>>,
    actors: HashMap<&'static str, Actor>,
}

impl Ctx {
    fn org(&self, code: &str) -> ServiceResult<&Org> {
        self.orgs
            .get(code)
            .ok_or_else(|| internal(format!("没有组织机构 {code}")))
    }

    fn actor(&self, username: &str) -> ServiceResult<&Actor> {
        self.actors
            .get(username)
            .ok_or_else(|| internal(format!("没有账号 {username}")))
    }
}

/// The demo account working at an organisation (the district bureau's if none).
fn user_at(code: &str) -> &'static str {
    data::USERS
        .iter()
        .find(|u| u.org == code)
        .map_or("quju", |u| u.username)
}

/// Fill a form struct from fields, resolving codes and login names to ids.
/// A key the form does not have is an error, not silently dropped.
fn form<T>(ctx: &Ctx, fields: &Fields) -> ServiceResult<T>
where
    T: Default + serde::Serialize + serde::de::DeserializeOwned,
{
    use serde_json::Value;
    let known = serde_json::to_value(T::default()).map_err(internal)?;
    let mut map = serde_json::Map::new();
    let mut township = None;
    for (key, value) in fields {
        let (key, value): (&str, Value) = match *key {
            "unit" => ("unit_id", ctx.org(value)?.id.to_string().into()),
            "co" => {
                let mut ids = Vec::new();
                for code in value.split(',').filter(|c| !c.is_empty()) {
                    ids.push(Value::from(ctx.org(code)?.id.to_string()));
                }
                ("co_unit_ids", Value::Array(ids))
            }
            "handler" | "leader" => {
                let id = ctx.actor(value)?.user_id.to_string().into();
                (
                    if *key == "handler" {
                        "handler_user_id"
                    } else {
                        "leader_user_id"
                    },
                    id,
                )
            }
            "township" => {
                let t = ctx.org(value)?;
                township = Some(t.id);
                ("township_id", t.id.to_string().into())
            }
            "village" => {
                let v = township
                    .and_then(|t| ctx.villages.get(&t))
                    .and_then(|vs| vs.iter().find(|v| v.name == *value))
                    .ok_or_else(|| internal(format!("没有村/社区 {value}")))?;
                ("village_id", v.id.to_string().into())
            }
            "tri" => {
                for (k, answer) in data::TRI_KEYS.iter().zip(value.split(',')) {
                    map.insert((*k).into(), answer.into());
                }
                continue;
            }
            other => (other, value.as_str().into()),
        };
        if known.get(key).is_none() {
            return Err(internal(format!("表单没有字段 {key}")));
        }
        map.insert(key.into(), value);
    }
    serde_json::from_value(Value::Object(map)).map_err(internal)
}

/// In the timeline, the sweeper's morning pass (not a case).
const SWEEP: usize = usize::MAX;
/// In the timeline, everyone reading their inbox in the afternoon (not a case).
const READ: usize = usize::MAX - 1;
/// Days before today that the live demo's sweeper ran.
const SWEPT_DAYS: i64 = 60;
/// The last days whose notices are left unread.
const UNREAD_DAYS: i64 = 2;

/// The live world's daily sweeps over the last weeks and the afternoons
/// when people read their notices (all but the last days').
fn daily_rounds(world: &World, now: Timestamp) -> Vec<(Timestamp, usize, usize)> {
    let midnight = |t: Timestamp| {
        xinfang_domain::clock::from_local(
            xinfang_domain::clock::to_local(t)
                .date()
                .to_datetime(jiff::civil::Time::midnight()),
        )
    };
    let today = midnight(now);
    let mut rounds = Vec::new();
    for d in 0..=SWEPT_DAYS {
        let day = today - days(d);
        rounds.push((day + jiff::SignedDuration::from_mins(7 * 60 + 30), SWEEP, 0));
        if d >= UNREAD_DAYS {
            rounds.push((day + jiff::SignedDuration::from_mins(17 * 60 + 30), READ, 0));
        }
    }
    rounds.retain(|(at, _, _)| *at <= now && *at >= world.start);
    rounds
}

/// Register and work every case, all steps of all cases in time order (in
/// the live world with the sweeper's daily passes among them). Steps later
/// than the real current time are left out.
async fn run(state: &AppState, ctx: &Ctx, plans: &[Plan], world: &World) -> ServiceResult<usize> {
    let now = state.now();
    let mut order = Vec::new();
    if world.live {
        order.extend(daily_rounds(world, now));
    }
    for (i, p) in plans.iter().enumerate().filter(|(_, p)| p.at <= now) {
        order.push((p.at, i, 0));
        order.extend(
            p.acts
                .iter()
                .enumerate()
                .filter(|(_, a)| a.at <= now)
                .map(|(j, a)| (a.at, i, j + 1)),
        );
    }
    order.sort();
    let registrar = ctx.actor("quju")?;
    let mut ids: Vec<Option<i64>> = vec![None; plans.len()];
    for (at, i, j) in order {
        if i == SWEEP {
            crate::services::deadlines::sweep_deadlines::run_once(state, at).await?;
            continue;
        }
        if i == READ {
            for actor in ctx.actors.values() {
                state.store.mark_read(actor.user_id, None, at).await?;
            }
            continue;
        }
        let Some(plan) = plans.get(i) else { continue };
        let fail = |what: &str, e: ServiceError| {
            internal(format!(
                "{} 接待的案件{what}失败：{e}",
                format_local(plan.at)
            ))
        };
        if j == 0 {
            let mut input: RegistrationInput = form(ctx, &plan.registration)?;
            let case = match register_case(state, registrar, &input, at).await {
                Err(ServiceError::RepeatSuspected(_)) => {
                    input.repeat_decision = "confirm".into();
                    register_case(state, registrar, &input, at).await
                }
                other => other,
            }
            .map_err(|e| fail("登记", e))?;
            ids[i] = Some(case.id);
            continue;
        }
        let (Some(case_id), Some(act)) = (ids[i], plan.acts.get(j - 1)) else {
            continue;
        };
        let actor = ctx.actor(act.who)?;
        if act.step == "upload" {
            let field = |k: &str| {
                act.fields
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.clone())
            };
            let name = field("filename").unwrap_or_else(|| "扫描件.pdf".into());
            let pdf = data::SCAN_PDF.as_bytes();
            let details = crate::services::cases::attachments::UploadDetails {
                note: field("note"),
                signed_document: field("signed_document"),
            };
            crate::services::cases::attachments::upload(
                state, actor, case_id, &name, pdf, details, at,
            )
            .await
            .map_err(|e| fail("上传附件", e))?;
        } else {
            let mut fields = act.fields.clone();
            // The officer who delivers a notice signs as 送达人.
            if act.step == "deliver" && !fields.iter().any(|(k, _)| *k == "deliverer") {
                fields.push(("deliverer", actor.display_name.clone()));
            }
            let input: StepInput = form(ctx, &fields)?;
            take_step(state, actor, case_id, act.step, &input, None, at)
                .await
                .map_err(|e| fail(act.step, e))?;
        }
    }
    Ok(ids.iter().flatten().count())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::HashSet;

    use xinfang_domain::access::CaseScope;
    use xinfang_domain::workflow::CaseStatus;
    use xinfang_store::{CaseFilter, CaseSort};

    use super::*;

    #[tokio::test]
    async fn seeds_every_state_once_through_the_services() {
        let dir = tempfile::tempdir().unwrap();
        let data_dir = dir.path().to_path_buf();
        let config = crate::config::Config {
            data_dir,
            ..Default::default()
        };
        let state = AppState::open(config).await.unwrap();
        let report = seed_demo(&state, 80).await.unwrap();
        assert_eq!(
            (report.cases, report.accounts.len()),
            (80, data::USERS.len())
        );
        let again = seed_demo(&state, 80).await.unwrap();
        assert_eq!((again.cases, again.accounts.len()), (80, data::USERS.len()));
        let (filter, all) = (CaseFilter::default(), CaseScope::all());
        let page = state
            .store
            .list_cases(&filter, &all, CaseSort::ReceivedDesc, None, 0);
        let cases = page.await.unwrap().items;
        assert_eq!(cases.len(), 80);
        let states: HashSet<_> = cases.iter().map(|c| c.status).collect();
        assert_eq!(states.len(), CaseStatus::ALL.len(), "{states:?}");
        assert!(
            state
                .store
                .verify_audit()
                .await
                .unwrap()
                .first_broken
                .is_none()
        );
    }
}
