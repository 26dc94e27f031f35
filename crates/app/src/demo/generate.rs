//! The random case generator: petitioners and case specs over the demo's year, at working-day times.

use jiff::Timestamp;
use xinfang_domain::clock::format_local;
use xinfang_domain::ident::check_char;
use xinfang_domain::org::Org;
use xinfang_domain::vocab::{CaseKind, Channel, PovertyStatus, SourceLevel};
use xinfang_domain::workflow::CaseStatus;

use super::sim::{Rng, Spec, World, after, days, is_workday, mins};
use super::work::{live_outcomes, outcomes, plan};
use super::{Ctx, Fields, Plan, ServiceResult, data, internal};

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

/// A received time between `first_day` and `last_day` days after the world's first day:
/// office hours on working days mostly, some evenings and weekends; online
/// posts at any hour. In the live world never after the last arrival (now).
fn received_time(
    rng: &mut Rng,
    world: &World,
    online: bool,
    (first_day, last_day): (i64, i64),
) -> Timestamp {
    let start = world.start;
    let mut day = start + days(rng.range(first_day, last_day));
    let at = if online {
        day + mins(rng.range(7 * 60, 23 * 60 + 30))
    } else if rng.percent(15) {
        day + mins(rng.range(8 * 60 + 30, 21 * 60 + 30))
    } else {
        while !is_workday(day) {
            day = start + days(rng.range(first_day, last_day));
        }
        day + mins(rng.range(8 * 60 + 30, 17 * 60 + 30))
    };
    if world.live {
        at.min(world.last_received)
    } else {
        at
    }
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
    // 舆情等级 follows how far the post spread (no draw of its own, so the
    // demo's other figures stay as they were): 较大 from twenty thousand on.
    let severity = if reach >= 20_000 { "较大" } else { "一般" };
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
        "severity" => severity,
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
        awaits_answer: false,
    }
}

/// The same petitioner again, 25–90 days later, mostly on the same matter.
fn follow_up(rng: &mut Rng, world: &World, prev: &Spec) -> Option<Spec> {
    let later = prev.received + days(rng.range(25, 90));
    let received = after(rng, later, "d", 0, 0);
    if received > world.last_received {
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
pub(super) fn generate(
    ctx: &Ctx,
    rng: &mut Rng,
    world: &World,
    n: usize,
) -> ServiceResult<Vec<Plan>> {
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
            // Early enough for two follow-ups of up to 90 days each.
            let received = received_time(rng, world, false, (0, world.span_days() - 110));
            let mut prev = new_spec(ctx, rng, &township, CaseKind::FirstPetition, received);
            specs.push(prev.clone());
            for _ in 0..rng.range(1, 2) {
                match follow_up(rng, world, &prev) {
                    Some(f) if specs.len() < n => {
                        prev = f.clone();
                        specs.push(f);
                    }
                    _ => break,
                }
            }
        } else {
            let kind = rng.weighted(data::KINDS);
            let online = kind == CaseKind::OnlineOpinion;
            let span = world.span_days();
            // Live, a district's open work is what came in lately: a share
            // of the cases arrives in the last three weeks, being worked now.
            let first = if world.live && rng.percent(12) {
                span - 21
            } else {
                0
            };
            let received = received_time(rng, world, online, (first, span));
            specs.push(new_spec(ctx, rng, &township, kind, received));
        }
    }
    specs.sort_by_key(|s| s.received);
    // One 重大 negative incident, the district's earliest: a past year live
    // (a past quarter in 2022), so the goals panel shows a miss and a success.
    if let Some(first) = specs.iter_mut().find(|s| s.kind == CaseKind::OnlineOpinion)
        && let Some(slot) = first.online.iter_mut().find(|(k, _)| *k == "severity")
    {
        slot.1 = "重大".into();
    }
    if world.live {
        live_outcomes(rng, world, &mut specs);
    } else {
        outcomes(rng, &mut specs);
    }
    specs.iter().map(|s| plan(ctx, rng, world, s)).collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use xinfang_domain::ident::{PhoneNumber, ResidentId};
    use xinfang_domain::org::OrgKind;

    use super::*;

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
