//! The little district the workflow tests are set in: organisations, users,
//! a fixed now, and cases in any state built from a few facts.
#![allow(clippy::unwrap_used)]

use jiff::Timestamp;

use crate::case::{Case, CaseUnit};
use crate::clock::parse_time;
use crate::vocab::{
    CaseKind, Category, Channel, Finding, Satisfaction, SourceLevel, TriAnswer, TriRecord,
};
use crate::workflow::CaseStatus as S;

pub(crate) const BUREAU: i64 = 1;
pub(crate) const TOWNSHIP: i64 = 10;
pub(crate) const OTHER_TOWNSHIP: i64 = 11;
pub(crate) const LEAD_UNIT: i64 = 20;
pub(crate) const CO_UNIT: i64 = 21;
pub(crate) const UNRELATED_DEPT: i64 = 22;
pub(crate) const LEADERSHIP: i64 = 30;
pub(crate) const INSPECTION: i64 = 40;
pub(crate) const LEADER: i64 = 500;
pub(crate) const OTHER_LEADER: i64 = 501;

/// A hand-written list of step names, space separated.
pub(crate) fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

pub(crate) fn now() -> Timestamp {
    parse_time("2022-09-26 09:10").unwrap()
}

// ---- cases ---------------------------------------------------------------

/// A case in `status`, in township [`TOWNSHIP`], led by [`LEAD_UNIT`] with
/// [`CO_UNIT`] helping, owned by [`LEADER`]; nothing of 回/交 recorded yet.
pub(crate) struct CaseBuilder {
    status: S,
    township_id: i64,
    units: Vec<(i64, bool)>,
    leader: Option<i64>,
    finding: Option<Finding>,
    tri: Option<TriRecord>,
    return_visit: bool,
    satisfaction: Option<Satisfaction>,
    delivered: bool,
}

pub(crate) fn case(status: S) -> CaseBuilder {
    CaseBuilder {
        status,
        township_id: TOWNSHIP,
        units: vec![(LEAD_UNIT, true), (CO_UNIT, false)],
        leader: Some(LEADER),
        finding: None,
        tri: None,
        return_visit: false,
        satisfaction: None,
        delivered: false,
    }
}

pub(crate) fn tri_all(a: TriAnswer) -> TriRecord {
    TriRecord {
        reasonable_resolved: a,
        unreasonable_guided: a,
        hardship_helped: a,
        unlawful_handled: a,
    }
}

/// `fn field(self, value) -> Self` for each field named.
macro_rules! setters {
    ($($field:ident: $ty:ty),* $(,)?) => {
        $(pub(crate) fn $field(mut self, value: $ty) -> Self {
            self.$field = value;
            self
        })*
    };
}

impl CaseBuilder {
    setters!(township_id: i64, units: Vec<(i64, bool)>, leader: Option<i64>);
    setters!(finding: Option<Finding>, tri: Option<TriRecord>);
    setters!(return_visit: bool, satisfaction: Option<Satisfaction>, delivered: bool);
    /// Finding, 三到位一处理 and a satisfied return visit all recorded.
    pub(crate) fn complete(self) -> Self {
        self.finding(Some(Finding::Partly))
            .tri(Some(tri_all(TriAnswer::Yes)))
            .return_visit(true)
            .satisfaction(Some(Satisfaction::Satisfied))
    }
    pub(crate) fn unhappy(self) -> Self {
        let s = Some(Satisfaction::Dissatisfied);
        self.complete().satisfaction(s)
    }
    /// 处理意见书 delivered, and the return visit found the petitioner
    /// 不满意: the district decides (退回重办 or 依法办结).
    pub(crate) fn awaiting_decision(self) -> Self {
        self.unhappy().delivered(true)
    }
    pub(crate) fn build(self) -> Case {
        let t = parse_time("2022-09-20 10:00").unwrap();
        let unit = |(org_id, lead): &(i64, bool)| CaseUnit {
            org_id: *org_id,
            name: format!("单位{org_id}"),
            lead: *lead,
        };
        Case {
            township_id: self.township_id,
            status: self.status,
            units: self.units.iter().map(unit).collect(),
            leader_user_id: self.leader,
            leader_name: self.leader.map(|_| "包案领导".into()),
            finding: self.finding,
            tri: self.tri,
            opinion: self.finding.map(|_| "已处理".into()),
            satisfaction: self.satisfaction,
            return_visit_at: self.return_visit.then_some(t),
            opinion_delivered_at: self.delivered.then_some(t),
            closed_at: (self.status == S::Closed).then_some(t),
            ..blank_case(t)
        }
    }
}

/// A 初信初访 registered and received at `t` in township [`TOWNSHIP`],
/// with nothing else recorded: the cases of the tests are this with their
/// own facts.
pub(crate) fn blank_case(t: Timestamp) -> Case {
    Case {
        id: 1,
        number: "建安信访〔2022〕0001号".into(),
        kind: CaseKind::FirstPetition,
        channel: Channel::Visit,
        source_level: SourceLevel::Own,
        key_assigned: false,
        received_at: t,
        township_id: TOWNSHIP,
        township: "某镇".into(),
        village_id: None,
        village: None,
        summary: "危房改造补助未到位".into(),
        category: Category::Housing,
        status: S::Registered,
        petitioner: None,
        companions: Vec::new(),
        units: Vec::new(),
        handler_user_id: None,
        handler_name: None,
        handler_phone: None,
        leader_user_id: None,
        leader_name: None,
        finding: None,
        tri: None,
        opinion: None,
        satisfaction: None,
        return_visit_at: None,
        opinion_delivered_at: None,
        stable: None,
        backlog: false,
        backlog_reason: None,
        remarks: None,
        online: None,
        related_case_id: None,
        related_case_number: None,
        escalated_to: None,
        repeat_decision: None,
        supervision_level: 0,
        closed_at: None,
        version: 1,
        created_at: t,
        updated_at: t,
    }
}
