//! The demo district: Jian'an's organisations, a user for every role, and realistic 2022 cases.
//!
//! [`seed_demo`] creates the accounts of `demo_data::USERS`, then writes the
//! SCENARIOS.md stories and a year of generated cases through the same
//! services the web pages use, at simulated 2022 times and in time order
//! across all cases, so case numbers, timelines and the audit trail read as if
//! the year had really happened. The generator is seeded with a constant:
//! every run produces the same district.

#[path = "demo_data.rs"]
mod demo_data;

use std::collections::HashMap;

use jiff::civil::{Time, Weekday};
use jiff::{SignedDuration, Timestamp};
use xinfang_domain::access::Actor;
use xinfang_domain::case::RegistrationInput;
use xinfang_domain::clock::{format_local, from_local, parse_time, to_local};
use xinfang_domain::ident::check_char;
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::vocab::{CaseKind, Category, Channel, Finding, PovertyStatus, SourceLevel};
use xinfang_domain::workflow::{CaseStatus, StepInput};
use xinfang_store::{StoreResult, UserRecord};

use self::demo_data as data;
use super::register_case::register_case;
use super::take_step::take_step;
use super::users::{UserInput, create_user};
use super::{ServiceError, ServiceResult};
use crate::state::AppState;

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
}

/// Seed the organisations only (every start of `serve` on an empty database).
pub async fn seed_orgs(state: &AppState) -> StoreResult<usize> {
    state
        .store
        .seed_orgs(xinfang_domain::jianan::JIANAN_ORGS, state.now())
        .await
}

/// Seed the demo district into a fresh database; a database that already has
/// cases is left as it is (and its demo accounts are listed).
pub async fn seed_demo(state: &AppState, cases: usize) -> Result<DemoReport, ServiceError> {
    seed_orgs(state).await?;
    let existing = state.store.count_cases().await?;
    if existing > 0 {
        let mut accounts = Vec::new();
        for u in data::USERS {
            if let Some(r) = state.store.user_by_username(u.username).await? {
                accounts.push(account(&r));
            }
        }
        let cases = usize::try_from(existing).unwrap_or_default();
        return Ok(DemoReport { accounts, cases });
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
    let (actors, accounts) = seed_users(state, &orgs).await?;
    let ctx = Ctx {
        orgs,
        townships,
        villages,
        actors,
    };

    let mut plans = Vec::new();
    if cases >= data::STORIES.len() {
        for story in data::STORIES {
            plans.push(story_plan(story)?);
        }
    }
    let mut rng = Rng(0x2022_0926_0910_5eed);
    plans.extend(generate(&ctx, &mut rng, cases - plans.len())?);
    let cases = run(state, &ctx, &plans).await?;
    Ok(DemoReport { accounts, cases })
}

/// Print the accounts and what was seeded.
pub fn print_report(report: &DemoReport) {
    let (n, m) = (report.cases, report.accounts.len());
    println!("演示数据：{n} 件案件，{m} 个账号（用户名、姓名、单位、角色）");
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
) -> ServiceResult<(HashMap<&'static str, Actor>, Vec<DemoAccount>)> {
    let created = local(2022, 1, 3, 9, 0);
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

/// Form fields as (key, value) pairs; see `demo_data::Story` for the extra keys.
type Fields = Vec<(&'static str, String)>;

macro_rules! fields {
    ($($k:literal => $v:expr),* $(,)?) => { vec![$(($k, String::from($v))),*] };
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

/// A story of SCENARIOS.md as a plan.
fn story_plan(story: &data::Story) -> ServiceResult<Plan> {
    let time = |s: &str| parse_time(s).ok_or_else(|| internal(format!("时间有误 {s}")));
    let own = |f: &[(&'static str, &str)]| -> Fields {
        f.iter().map(|(k, v)| (*k, (*v).to_string())).collect()
    };
    let received = story
        .registration
        .iter()
        .find(|(k, _)| *k == "received_at")
        .map_or("", |(_, v)| *v);
    let mut acts = Vec::new();
    for &(at, who, step, fields) in story.acts {
        acts.push(Act {
            at: time(at)?,
            who,
            step,
            fields: own(fields),
        });
    }
    Ok(Plan {
        registration: own(story.registration),
        at: time(received)? + mins(15),
        acts,
    })
}

/// Register and work every case, all steps of all cases in time order.
/// Steps later than the real current time are left out.
async fn run(state: &AppState, ctx: &Ctx, plans: &[Plan]) -> ServiceResult<usize> {
    let now = state.now();
    let mut order = Vec::new();
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
            super::attachments::upload(state, actor, case_id, &name, pdf, field("note"), at)
                .await
                .map_err(|e| fail("上传附件", e))?;
        } else {
            let input: StepInput = form(ctx, &act.fields)?;
            take_step(state, actor, case_id, act.step, &input, None, at)
                .await
                .map_err(|e| fail(act.step, e))?;
        }
    }
    Ok(ids.iter().flatten().count())
}

/// xorshift64: a tiny deterministic generator, so every demo is the same.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        let span = u64::try_from(hi - lo + 1).unwrap_or(1).max(1);
        lo + i64::try_from(self.next() % span).unwrap_or(0)
    }

    fn percent(&mut self, p: u64) -> bool {
        self.next() % 100 < p
    }

    fn index(&mut self, len: usize) -> usize {
        (self.next() % len.max(1) as u64) as usize
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.index(xs.len())]
    }

    fn weighted<T: Copy>(&mut self, xs: &[(T, u64)]) -> T {
        let mut r = self.next() % xs.iter().map(|x| x.1).sum::<u64>().max(1);
        for &(v, w) in xs {
            if r < w {
                return v;
            }
            r -= w;
        }
        xs[0].0
    }
}

fn local(y: i16, mo: i8, d: i8, h: i8, mi: i8) -> Timestamp {
    from_local(jiff::civil::datetime(y, mo, d, h, mi, 0, 0))
}

fn mins(n: i64) -> SignedDuration {
    SignedDuration::from_mins(n)
}

fn days(n: i64) -> SignedDuration {
    SignedDuration::from_hours(24 * n)
}

/// The last day cases are received.
fn last_received() -> Timestamp {
    local(2022, 11, 25, 18, 0)
}

/// A 2022 working day: weekends and holidays off, makeup days on.
fn is_workday(t: Timestamp) -> bool {
    let d = to_local(t).date();
    let md = (d.month(), d.day());
    data::MAKEUP_DAYS.contains(&md)
        || (!data::HOLIDAYS.contains(&md)
            && !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday))
}

/// When a step happens after `t`: a gap unit (`m`: minutes, any hour; `w`:
/// minutes, but nights move to the next morning; `d`: calendar days, then
/// office hours on a working day) and its bounds.
fn after(rng: &mut Rng, t: Timestamp, unit: &str, lo: i64, hi: i64) -> Timestamp {
    let midnight = |t: Timestamp| from_local(to_local(t).date().to_datetime(Time::midnight()));
    if unit != "d" {
        let at = t + mins(rng.range(lo, hi));
        let hour = to_local(at).hour();
        if unit == "m" || (7..22).contains(&hour) {
            return at;
        }
        let morning = midnight(at) + days(i64::from(hour >= 22));
        return morning + mins(rng.range(7 * 60 + 30, 9 * 60));
    }
    let mut day = midnight(t) + days(rng.range(lo, hi));
    while !is_workday(day) {
        day += days(1);
    }
    let at = day + mins(rng.range(8 * 60 + 30, 17 * 60 + 30));
    if at > t {
        at
    } else {
        after(rng, t, unit, lo + 1, hi + 1)
    }
}

/// Who plays the roles of templated steps on one case, and the words filled in.
#[derive(Debug)]
struct Cast {
    officer: &'static str,
    lead: &'static str,
    leader: &'static str,
    place: String,
    with: String,
}

/// A case's acts, each at least five minutes after the one before.
#[derive(Debug)]
struct Seq {
    t: Timestamp,
    acts: Vec<Act>,
}

impl Seq {
    fn push(&mut self, at: Timestamp, who: &'static str, step: &'static str, fields: Fields) {
        let at = at.max(self.t + mins(5));
        self.t = at;
        self.acts.push(Act {
            at,
            who,
            step,
            fields,
        });
    }

    fn template(&mut self, rng: &mut Rng, t: &data::Template, cast: &Cast) {
        let &(unit, lo, hi, who, step, fields) = t;
        let who = match who {
            "officer" => cast.officer,
            "lead" => cast.lead,
            "leader" => cast.leader,
            other => other,
        };
        let fields = fields
            .iter()
            .map(|&(k, v)| {
                let v = match v {
                    "@phone" => rng.pick(data::PHONE_NOTES).to_string(),
                    "@satisfied" => rng.pick(data::SATISFIED_NOTES).to_string(),
                    v => v
                        .replace("{place}", &cast.place)
                        .replace("{with}", &cast.with),
                };
                (k, v)
            })
            .collect();
        let at = after(rng, self.t, unit, lo, hi);
        self.push(at, who, step, fields);
    }
}

fn name(rng: &mut Rng, male: bool) -> String {
    let given = rng.pick(if male {
        data::MALE_NAMES
    } else {
        data::FEMALE_NAMES
    });
    format!("{}{given}", rng.pick(data::SURNAMES))
}

/// A petitioner's registration fields, with a valid resident ID number and
/// mobile number, and their poverty status.
fn person(rng: &mut Rng, township: &Org, village: Option<&Org>) -> (Fields, PovertyStatus) {
    let male = rng.percent(55);
    let name = name(rng, male);
    let area = rng.pick(&["411003", "411023"]);
    let (year, month, day) = (rng.range(1940, 1995), rng.range(1, 12), rng.range(1, 28));
    let sequence = rng.range(0, 498) * 2 + if male { 1 } else { 2 };
    let first17 = format!("{area}{year:04}{month:02}{day:02}{sequence:03}");
    let check = check_char(&first17).expect("seventeen digits by construction");
    let place = village.map_or("", |v| v.name.as_str());
    let (group, house) = (rng.range(1, 9), rng.range(1, 30));
    let house = if place.ends_with('村') {
        format!("{group}组")
    } else {
        format!("{house}号院")
    };
    let phone = format!(
        "{}{:08}",
        rng.pick(data::MOBILE_PREFIXES),
        rng.range(0, 99_999_999)
    );
    let poverty = rng.weighted(data::POVERTY);
    let fields = fields![
        "petitioner_name" => name, "petitioner_id_number" => format!("{first17}{check}"),
        "petitioner_phone" => phone, "poverty_status" => poverty.label(),
        "petitioner_address" => format!("建安区{}{place}{house}", township.name),
    ];
    (fields, poverty)
}

/// One generated case before it becomes a plan.
#[derive(Debug, Clone)]
struct Spec {
    received: Timestamp,
    kind: CaseKind,
    channel: Channel,
    source: SourceLevel,
    key: bool,
    township: Org,
    village: Option<Org>,
    category: Category,
    base: &'static str,
    summary: String,
    person: Fields,
    poor: bool,
    online: Fields,
    companions: String,
    remarks: String,
    backlog: Option<&'static str>,
    leader: Option<&'static str>,
    target: CaseStatus,
    dissatisfied: bool,
    /// 0 none, 1 urged, 2 urged and escalated.
    urge: u8,
}

/// A received time between 2022-01-04 and `last_day` days later: office
/// hours on working days mostly, some evenings and weekends; online posts at
/// any hour.
fn received_time(rng: &mut Rng, online: bool, last_day: i64) -> Timestamp {
    let start = local(2022, 1, 4, 0, 0);
    let mut day = start + days(rng.range(0, last_day));
    if online {
        return day + mins(rng.range(7 * 60, 23 * 60 + 30));
    }
    if rng.percent(15) {
        return day + mins(rng.range(8 * 60 + 30, 21 * 60 + 30));
    }
    while !is_workday(day) {
        day = start + days(rng.range(0, last_day));
    }
    day + mins(rng.range(8 * 60 + 30, 17 * 60 + 30))
}

fn channel_source(rng: &mut Rng, kind: CaseKind) -> (Channel, SourceLevel) {
    let (channels, sources) = data::arrivals(kind);
    (rng.weighted(channels), rng.weighted(sources))
}

/// Platform, link, poster, times and reach of an online post; and its summary.
fn online(rng: &mut Rng, received: Timestamp, base: &str) -> (Fields, String) {
    let (platform, prefix, media, unit) = rng.pick(data::PLATFORMS);
    let poster = rng.pick(data::POSTERS);
    let reach = rng.range(3, 250) * 100;
    let reach = if reach >= 10_000 {
        format!("{}.{}万{unit}", reach / 10_000, reach % 10_000 / 1000)
    } else {
        format!("{reach}{unit}")
    };
    let link = format!("{prefix}{:08x}", rng.next() & 0xffff_ffff);
    let posted = format_local(received - mins(rng.range(40, 600)));
    let discovered = format_local(received - mins(rng.range(5, 30)));
    let fields = fields![
        "platform" => platform, "link" => link, "poster" => poster,
        "posted_at" => posted, "discovered_at" => discovered, "reach" => reach,
    ];
    (
        fields,
        format!("网民“{poster}”在{platform}发布{media}，{base}"),
    )
}

fn new_spec(ctx: &Ctx, rng: &mut Rng, township: &Org, kind: CaseKind, received: Timestamp) -> Spec {
    let villages = ctx
        .villages
        .get(&township.id)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let village = (!villages.is_empty() && rng.percent(95))
        .then(|| villages[rng.index(villages.len())].clone());
    let category = rng.weighted(data::CATEGORIES);
    let (channel, source) = channel_source(rng, kind);
    let base = rng.pick(data::summaries(category));
    let unknown = kind == CaseKind::OnlineOpinion && rng.percent(50);
    let (person, poverty) = if unknown {
        (Fields::new(), PovertyStatus::General)
    } else {
        person(rng, township, village.as_ref())
    };
    let who = person.first().map_or("", |(_, name)| name.as_str());
    let mut remarks = String::new();
    let mut details = Fields::new();
    let summary = match (kind, channel) {
        (CaseKind::OnlineOpinion, _) => {
            let (fields, summary) = online(rng, received, base);
            details = fields;
            summary
        }
        (CaseKind::Screening, _) => format!("日常排查中，{who}{base}"),
        (CaseKind::Repeat, _) => {
            remarks = "2021年曾就同一问题信访".into();
            format!("{base}，此前已多次反映未果")
        }
        (CaseKind::Escalated, _) => format!("越级到市信访局上访，{base}"),
        (_, Channel::Letter) => format!("来信{base}"),
        (_, Channel::Phone | Channel::Hotline12345) => format!("来电{base}"),
        _ => base.to_string(),
    };
    let companions = if channel == Channel::Visit && rng.percent(30) {
        (0..rng.range(1, 2))
            .map(|_| name(rng, true))
            .collect::<Vec<_>>()
            .join("、")
    } else {
        String::new()
    };
    let key = match source {
        SourceLevel::Province => rng.percent(50),
        SourceLevel::City => rng.percent(10),
        _ => false,
    };
    Spec {
        received,
        kind,
        channel,
        source,
        key,
        township: township.clone(),
        village,
        category,
        base,
        summary,
        person,
        poor: poverty != PovertyStatus::General,
        online: details,
        companions,
        remarks,
        backlog: None,
        leader: None,
        target: CaseStatus::Registered,
        dissatisfied: false,
        urge: 0,
    }
}

/// The same petitioner again, 25–90 days later, mostly on the same matter.
fn follow_up(rng: &mut Rng, prev: &Spec) -> Option<Spec> {
    let later = prev.received + days(rng.range(25, 90));
    let received = after(rng, later, "d", 0, 0);
    if received > last_received() {
        return None;
    }
    let mut f = prev.clone();
    f.received = received;
    f.kind = if rng.percent(25) {
        CaseKind::Escalated
    } else {
        CaseKind::Repeat
    };
    (f.channel, f.source) = channel_source(rng, f.kind);
    f.key = f.source == SourceLevel::Province && rng.percent(50);
    f.remarks = String::new();
    f.companions = String::new();
    if rng.percent(90) {
        let to = if f.source == SourceLevel::Province {
            "省信访局"
        } else {
            "市信访局"
        };
        f.summary = match f.kind {
            CaseKind::Escalated => format!("越级到{to}上访，再次{}", f.base),
            _ => format!("再次{}", f.base),
        };
    } else {
        f.category = rng.weighted(data::CATEGORIES);
        f.base = rng.pick(data::summaries(f.category));
        f.summary = f.base.to_string();
    }
    Some(f)
}

/// `n` generated cases: some petitioners come back two or three times.
fn generate(ctx: &Ctx, rng: &mut Rng, n: usize) -> ServiceResult<Vec<Plan>> {
    if ctx.townships.is_empty() {
        return Err(internal("没有乡镇"));
    }
    let mut specs: Vec<Spec> = Vec::with_capacity(n);
    let mut groups = n / 20;
    while specs.len() < n {
        // Every township gets cases: the first eighteen go round them in turn.
        let any = rng.index(ctx.townships.len());
        let township = ctx
            .townships
            .get(specs.len())
            .unwrap_or(&ctx.townships[any])
            .clone();
        if groups > 0 {
            groups -= 1;
            let received = received_time(rng, false, 215);
            let mut prev = new_spec(ctx, rng, &township, CaseKind::FirstPetition, received);
            specs.push(prev.clone());
            for _ in 0..rng.range(1, 2) {
                match follow_up(rng, &prev) {
                    Some(f) if specs.len() < n => {
                        prev = f.clone();
                        specs.push(f);
                    }
                    _ => break,
                }
            }
        } else {
            let kind = rng.weighted(data::KINDS);
            let received = received_time(rng, kind == CaseKind::OnlineOpinion, 325);
            specs.push(new_spec(ctx, rng, &township, kind, received));
        }
    }
    specs.sort_by_key(|s| s.received);
    outcomes(rng, &mut specs);
    specs.iter().map(|s| plan(ctx, rng, s)).collect()
}

/// Where each case ends: the newest just registered, older ones mostly closed;
/// a few backlog cases with their leaders, some urged, two escalated.
fn outcomes(rng: &mut Rng, specs: &mut [Spec]) {
    use CaseStatus as S;
    let n = specs.len();
    let newest = n - n * 7 / 100;
    let mut escalations = 0;
    for (i, s) in specs.iter_mut().enumerate() {
        s.target = if i >= newest {
            S::Registered
        } else if i < n / 2 {
            rng.weighted(data::TARGETS[0])
        } else {
            rng.weighted(data::TARGETS[1])
        };
        match s.target {
            S::Closed => {
                s.dissatisfied = rng.percent(6);
                s.urge = u8::from(rng.percent(8));
            }
            S::ReturnVisit => s.urge = u8::from(rng.percent(8)),
            S::Assigned | S::Handling if i < n * 85 / 100 => {
                s.urge = u8::from(rng.percent(30));
                if s.urge == 1 && escalations < 2 && i < n / 2 {
                    s.urge = 2;
                    escalations += 1;
                }
            }
            _ => {}
        }
    }
    // 积案: petitions from the first months, spread evenly, mostly still open.
    let eligible: Vec<usize> = (0..n * 2 / 5)
        .filter(|&i| specs[i].kind != CaseKind::OnlineOpinion)
        .collect();
    let want = n / 30;
    let stride = (eligible.len() / want.max(1)).max(1);
    for (b, &i) in eligible.iter().step_by(stride).take(want).enumerate() {
        let s = &mut specs[i];
        s.backlog = Some(rng.pick(data::BACKLOG_REASONS));
        s.leader = Some(if b % 2 == 0 { "baoan1" } else { "baoan2" });
        s.remarks = "2021年以来多次信访，列入积案台账".into();
        s.target = match b % 4 {
            _ if b == 0 => S::Closed,
            3 => S::ReturnVisit,
            _ => S::Handling,
        };
        s.dissatisfied = b % 3 == 1;
        if s.kind == CaseKind::FirstPetition {
            s.kind = CaseKind::Repeat;
        }
    }
}

/// The registration form of a generated case.
fn registration(s: &Spec) -> Fields {
    let mut f = fields![
        "kind" => s.kind.label(),
        "channel" => s.channel.label(),
        "source_level" => s.source.label(),
        "key_assigned" => if s.key { "是" } else { "否" },
        "received_at" => format_local(s.received),
        "township" => s.township.code.as_str(),
        "summary" => s.summary.as_str(),
        "category" => s.category.label(),
        "companions" => s.companions.as_str(),
        "remarks" => s.remarks.as_str(),
    ];
    if let Some(v) = &s.village {
        f.push(("village", v.name.clone()));
    }
    f.extend(s.person.iter().cloned());
    f.extend(s.online.iter().cloned());
    if let Some(reason) = s.backlog {
        f.extend(fields!["backlog" => "是", "backlog_reason" => reason]);
    }
    f
}

fn plan(ctx: &Ctx, rng: &mut Rng, s: &Spec) -> ServiceResult<Plan> {
    let at = s.received + mins(rng.range(3, 25));
    let mut q = Seq {
        t: at,
        acts: Vec::new(),
    };
    if s.target != CaseStatus::Registered {
        work(ctx, rng, s, &mut q)?;
    }
    Ok(Plan {
        registration: registration(s),
        at,
        acts: q.acts,
    })
}

/// The handling opinion with its finding and 三到位一处理.
fn opinion(s: &Spec, finding: Finding) -> Fields {
    let (fix, explain) = data::outcomes(s.category);
    let hardship = if s.poor { "是" } else { "不涉及" };
    let (text, tri) = match finding {
        Finding::True => (format!("经调查，信访人反映问题属实。{fix}。"), "是,不涉及"),
        Finding::Partly => (
            format!("经调查，信访人反映问题部分属实。{fix}；超出政策的诉求已向其解释。"),
            "是,是",
        ),
        Finding::False => (
            format!("经调查，信访人反映问题不属实。{explain}。"),
            "不涉及,是",
        ),
    };
    let tri = format!("{tri},{hardship},不涉及");
    fields!["finding" => finding.label(), "tri" => tri, "opinion" => text]
}

/// The six steps for a generated case, as far as its target state.
fn work(ctx: &Ctx, rng: &mut Rng, s: &Spec, q: &mut Seq) -> ServiceResult<()> {
    use CaseStatus as S;
    let officer = user_at(&s.township.code);
    let dept = match data::department_for(s.category) {
        Some((code, p)) if rng.percent(p) => Some(ctx.org(code)?),
        _ => None,
    };
    let (unit, lead) = dept.map_or((&s.township, officer), |d| (d, user_at(&d.code)));
    let village = s.village.as_ref().map_or("", |v| v.name.as_str());
    let cast = Cast {
        officer,
        lead,
        leader: s.leader.unwrap_or("quju"),
        place: format!("{}{village}", s.township.name),
        with: dept.map(|d| format!("会同{}", d.name)).unwrap_or_default(),
    };

    // 转
    let mut co: Vec<&str> = dept.map(|_| s.township.code.as_str()).into_iter().collect();
    if s.kind == CaseKind::OnlineOpinion {
        co.push("411003-D10");
    }
    let (gap, lo, hi, note) = data::assignment(s.kind);
    let note = match s.backlog {
        Some(_) => format!("列入积案台账，一案一策，包案领导督导化解。{note}"),
        None => note.to_string(),
    };
    let mut assign = fields![
        "unit" => unit.code.as_str(), "co" => co.join(","), "handler" => lead, "note" => note,
    ];
    assign.extend(s.leader.map(|l| ("leader", l.to_string())));
    let at = after(rng, q.t, gap, lo, hi);
    q.push(at, "quju", "assign", assign);
    if s.leader.is_some() {
        q.template(rng, &data::LEADER_COMMENT, &cast);
    }
    if s.target == S::Assigned {
        urge(rng, s, q, &cast);
        return Ok(());
    }

    // 办
    let steps = data::handling(s.kind);
    let keep = if s.target == S::Handling {
        rng.index(steps.len()) + 1
    } else {
        steps.len()
    };
    for t in steps.iter().take(keep) {
        q.template(rng, t, &cast);
    }
    if s.kind == CaseKind::FirstPetition && s.target != S::Handling && rng.percent(40) {
        q.template(rng, &data::EXTRA_REPORT, &cast);
    }
    if s.urge > 0 && s.target != S::Handling {
        q.template(rng, &data::URGE_OPINION, &cast);
    }
    let mut finding = rng.weighted(data::FINDINGS);
    if s.dissatisfied {
        let at = after(rng, q.t, "d", 1, 4);
        q.push(at, lead, "opinion", opinion(s, Finding::False));
        for t in &data::DISSATISFIED {
            q.template(rng, t, &cast);
        }
        finding = Finding::Partly;
    }
    if s.target == S::Handling {
        while s.backlog.is_some() && q.t + days(40) < last_received() {
            q.template(rng, &data::MONTHLY, &cast);
        }
        urge(rng, s, q, &cast);
        return Ok(());
    }

    // 回、交
    let at = after(rng, q.t, "d", 1, 4);
    q.push(at, lead, "opinion", opinion(s, finding));
    if s.kind == CaseKind::FirstPetition && rng.percent(50) {
        q.template(rng, &data::DELIVERY, &cast);
    }
    if s.target == S::ReturnVisit && rng.percent(70) {
        return Ok(());
    }
    q.template(rng, &data::SATISFIED, &cast);
    if s.target == S::Closed {
        let province = usize::from(s.source == SourceLevel::Province);
        q.template(rng, &data::CLOSE[province], &cast);
    }
    Ok(())
}

/// 督: urge a late case, and escalate if that was not enough.
fn urge(rng: &mut Rng, s: &Spec, q: &mut Seq, cast: &Cast) {
    if s.urge >= 1 {
        q.template(rng, &data::URGE, cast);
    }
    if s.urge >= 2 {
        q.template(rng, &data::ESCALATE, cast);
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::HashSet;

    use xinfang_domain::access::CaseScope;
    use xinfang_domain::ident::{PhoneNumber, ResidentId};
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

    #[test]
    fn generated_people_have_valid_ids_and_phones() {
        let mut rng = Rng(7);
        let org = Org {
            id: 1,
            code: "411003105".into(),
            name: "张潘镇".into(),
            kind: OrgKind::Township,
            parent_id: None,
        };
        for _ in 0..1000 {
            let (fields, _) = person(&mut rng, &org, None);
            let get = |k: &str| {
                fields
                    .iter()
                    .find(|(key, _)| *key == k)
                    .map(|(_, v)| v.clone())
            };
            assert!(ResidentId::parse(&get("petitioner_id_number").unwrap()).is_ok());
            assert!(PhoneNumber::parse(&get("petitioner_phone").unwrap()).is_ok());
        }
        for u in data::USERS {
            assert!(PhoneNumber::parse(u.phone).is_ok(), "{}", u.username);
        }
    }
}
