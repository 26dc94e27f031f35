//! The steps of a generated case: where it ends, who works it, and when each step is taken.

use jiff::Timestamp;
use xinfang_domain::clock::format_local;
use xinfang_domain::vocab::{CaseKind, Finding, SourceLevel};
use xinfang_domain::workflow::CaseStatus;

use super::sim::{Rng, Spec, World, after, days, mins};
use super::{Act, Ctx, Fields, Plan, ServiceResult, data, templates, user_at};

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

    fn template(&mut self, rng: &mut Rng, t: &templates::Template, cast: &Cast) {
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
                    "@phone" => rng.pick(templates::PHONE_NOTES).to_string(),
                    "@satisfied" => rng.pick(templates::SATISFIED_NOTES).to_string(),
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

/// Where each case ends: the newest just registered, older ones mostly closed;
/// a few backlog cases with their leaders, some urged, two escalated.
pub(super) fn outcomes(rng: &mut Rng, specs: &mut [Spec]) {
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
    mark_backlog(rng, specs, n / 30);
}

/// The live year's ends. What arrived in the last three weeks is being
/// worked: its plan runs to 办结 and is cut at now, so its clocks are
/// running (some due soon). Older cases are closed, a few of the last two
/// months wait for their return visit, and two cases of one to three
/// months ago have stalled in 办理 and been urged (one escalated) — with a
/// few backlog cases, the overdue few the sweeper reports. The answers of
/// cases whose last days to answer have come are still being written, so
/// some clocks are due soon.
pub(super) fn live_outcomes(rng: &mut Rng, world: &World, specs: &mut [Spec]) {
    use CaseStatus as S;
    let n = specs.len();
    let age = |s: &Spec| (world.last_received - s.received).as_hours() / 24;
    for s in specs.iter_mut() {
        s.target = match age(s) {
            21..60 => rng.weighted(&[(S::Closed, 85), (S::ReturnVisit, 15)]),
            _ => S::Closed,
        };
        s.dissatisfied = s.target == S::Closed && rng.percent(6);
        s.urge = u8::from(rng.percent(8));
        // Answer due within about two days (10 days, or 10 working days).
        let hours = (world.last_received - s.received).as_hours();
        let answering = match s.kind {
            CaseKind::FirstPetition | CaseKind::Screening => (156..228).contains(&hours),
            CaseKind::Repeat | CaseKind::Escalated => (264..312).contains(&hours),
            CaseKind::OnlineOpinion => false,
        };
        if answering {
            s.target = S::Handling;
            s.dissatisfied = false;
            s.urge = 0;
            s.awaits_answer = true;
        }
    }
    let stalled: Vec<usize> = (0..n)
        .filter(|&i| (30..100).contains(&age(&specs[i])))
        .filter(|&i| specs[i].kind != CaseKind::OnlineOpinion)
        .collect();
    let stride = (stalled.len() / 2).max(1);
    for (k, &i) in stalled.iter().step_by(stride).take(2).enumerate() {
        let s = &mut specs[i];
        s.target = S::Handling;
        s.dissatisfied = false;
        s.urge = if k == 0 { 2 } else { 1 };
        s.awaits_answer = true;
    }
    mark_backlog(rng, specs, (n / 60).max(1));
    for s in specs.iter_mut().filter(|s| s.backlog.is_some()) {
        s.awaits_answer = true;
    }
}

/// 积案: `want` petitions from the first months, spread evenly, mostly still open.
fn mark_backlog(rng: &mut Rng, specs: &mut [Spec], want: usize) {
    use CaseStatus as S;
    let n = specs.len();
    let eligible: Vec<usize> = (0..n * 2 / 5)
        .filter(|&i| specs[i].kind != CaseKind::OnlineOpinion)
        .collect();
    let stride = (eligible.len() / want.max(1)).max(1);
    for (b, &i) in eligible.iter().step_by(stride).take(want).enumerate() {
        let s = &mut specs[i];
        s.backlog = Some(rng.pick(data::BACKLOG_REASONS));
        s.leader = Some(if b % 2 == 0 { "baoan1" } else { "baoan2" });
        s.remarks = "2021年以来多次信访，列入积案台账".into();
        // One in four closed (and 销号 by the ledgers' seeding), so the
        // statistics show a 化解率 beside the open ones.
        s.target = match b % 4 {
            0 => S::Closed,
            3 => S::ReturnVisit,
            _ => S::Handling,
        };
        s.dissatisfied = b % 3 == 1;
        if s.kind == CaseKind::FirstPetition {
            s.kind = CaseKind::Repeat;
        }
    }
}

/// Text written for 2022 told in the case's own year ("2022年" → its year, "2021年" → the year before).
fn in_year(text: &str, year: i16) -> String {
    if year == 2022 {
        return text.to_string();
    }
    text.replace("2022年", &format!("{year}年"))
        .replace("2021年", &format!("{}年", year - 1))
}

/// The registration form of a generated case.
fn registration(s: &Spec) -> Fields {
    let year = xinfang_domain::clock::to_local(s.received).year();
    let (summary, remarks) = (in_year(&s.summary, year), in_year(&s.remarks, year));
    let mut f = fields![
        "kind" => s.kind.label(),
        "channel" => s.channel.label(),
        "source_level" => s.source.label(),
        "key_assigned" => if s.key { "是" } else { "否" },
        "received_at" => format_local(s.received),
        "township" => s.township.code.as_str(),
        "summary" => summary,
        "category" => s.category.label(),
        "companions" => s.companions.as_str(),
        "remarks" => remarks,
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

pub(super) fn plan(ctx: &Ctx, rng: &mut Rng, world: &World, s: &Spec) -> ServiceResult<Plan> {
    let at = s.received + mins(rng.range(3, 25));
    let mut q = Seq {
        t: at,
        acts: Vec::new(),
    };
    if s.target != CaseStatus::Registered {
        work(ctx, rng, world, s, &mut q)?;
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
fn work(ctx: &Ctx, rng: &mut Rng, world: &World, s: &Spec, q: &mut Seq) -> ServiceResult<()> {
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
    let (gap, lo, hi, note) = templates::assignment(s.kind);
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
        q.template(rng, &templates::LEADER_COMMENT, &cast);
    }
    if s.target == S::Assigned {
        urge(rng, s, q, &cast);
        return Ok(());
    }

    // 办
    let steps = templates::handling(s.kind);
    let keep = if s.target == S::Handling && s.awaits_answer {
        // For 重复访/越级访 the last step, the 处置情况报告, is the answer.
        let answer = matches!(s.kind, CaseKind::Repeat | CaseKind::Escalated);
        steps.len() - usize::from(answer)
    } else if s.target == S::Handling {
        rng.index(steps.len()) + 1
    } else {
        steps.len()
    };
    for t in steps.iter().take(keep) {
        q.template(rng, t, &cast);
    }
    if s.kind == CaseKind::FirstPetition && s.target != S::Handling && rng.percent(40) {
        q.template(rng, &templates::EXTRA_REPORT, &cast);
    }
    if s.urge > 0 && s.target != S::Handling {
        q.template(rng, &templates::URGE_OPINION, &cast);
    }
    let mut finding = rng.weighted(data::FINDINGS);
    if s.dissatisfied {
        let at = after(rng, q.t, "d", 1, 4);
        q.push(at, lead, "opinion", opinion(s, Finding::False));
        for t in &templates::DISSATISFIED {
            q.template(rng, t, &cast);
        }
        finding = Finding::Partly;
    }
    if s.target == S::Handling {
        while s.backlog.is_some() && q.t + days(40) < world.last_received {
            q.template(rng, &templates::MONTHLY, &cast);
        }
        urge(rng, s, q, &cast);
        return Ok(());
    }

    // 回、交
    let at = after(rng, q.t, "d", 1, 4);
    q.push(at, lead, "opinion", opinion(s, finding));
    if s.kind == CaseKind::FirstPetition && rng.percent(50) {
        for t in &templates::DELIVERY {
            q.template(rng, t, &cast);
        }
    }
    if s.target == S::ReturnVisit && rng.percent(70) {
        return Ok(());
    }
    q.template(rng, &templates::SATISFIED, &cast);
    if s.target == S::Closed {
        let province = usize::from(s.source == SourceLevel::Province);
        q.template(rng, &templates::CLOSE[province], &cast);
    }
    Ok(())
}

/// 督: urge a late case, and escalate if that was not enough.
fn urge(rng: &mut Rng, s: &Spec, q: &mut Seq, cast: &Cast) {
    if s.urge >= 1 {
        q.template(rng, &templates::URGE, cast);
    }
    if s.urge >= 2 {
        q.template(rng, &templates::ESCALATE, cast);
    }
}
