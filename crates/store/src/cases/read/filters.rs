//! The list filters (`CaseFilter`) as conditions of a case query: over
//! `cases c`, and over a unit's assignments (`case_units su`) for the
//! columns they carry — the case's 接待日期, 接待状态, 类别 and township.

use xinfang_domain::vocab::EscalatedTo;
use xinfang_domain::workflow::CaseStatus;

use super::super::model::CaseFilter;
use super::Condition;
use crate::codec::{flag, ms};
use crate::params::Params;

/// The list filters as conditions on the read model, those on the columns
/// a unit's assignments carry written over them as well.
pub(super) fn filter_conditions(f: &CaseFilter, p: &mut Params) -> Vec<Condition> {
    let mut both = Vec::new();
    // The column, of `cases c` and `case_units su`, and the condition.
    let on = |column: &'static str, condition: String| {
        let units = condition.replacen(&format!("c.{column}"), &format!("su.{column}"), 1);
        Condition {
            // The unit's index and the township's are in 接待状态 order
            // after the unit: a status narrows them to ranges.
            by_status: column == "status",
            column,
            ..Condition::on_both(condition, units)
        }
    };
    if let Some(v) = f.township_id {
        both.push(on("township_id", format!("c.township_id = {}", p.int(v))));
    }
    if let Some(v) = f.kind {
        both.push(on("kind", format!("c.kind = {}", p.text(v.as_str()))));
    }
    if let Some(v) = f.status {
        both.push(on("status", format!("c.status = {}", p.text(v.as_str()))));
    }
    if f.open_only {
        // The open statuses by name, so an index by status reads their
        // ranges rather than every entry but the closed.
        let open: Vec<String> = CaseStatus::ALL
            .iter()
            .filter(|s| **s != CaseStatus::Closed)
            .map(|s| format!("'{}'", s.as_str()))
            .collect();
        both.push(Condition {
            // Several statuses: no one range of an index by status.
            column: "",
            ..on("status", format!("c.status IN ({})", open.join(", ")))
        });
    }
    if let Some(v) = f.received_from {
        both.push(on(
            "received_at",
            format!("c.received_at >= {}", p.int(ms(v))),
        ));
    }
    if let Some(v) = f.received_to {
        both.push(on(
            "received_at",
            format!("c.received_at < {}", p.int(ms(v))),
        ));
    }
    both.extend(filter_clause(f, p).into_iter().map(Condition::on_cases));
    both
}

/// The list filters on columns the assignments do not carry, as
/// conditions on the read model.
fn filter_clause(f: &CaseFilter, p: &mut Params) -> Vec<String> {
    let mut w = Vec::new();
    if let Some(v) = f.unit_id {
        w.push(format!(
            "EXISTS (SELECT 1 FROM case_units fu WHERE fu.case_id = c.id AND fu.org_id = {})",
            p.int(v)
        ));
    }
    if let Some(v) = f.channel {
        w.push(format!("c.channel = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.category {
        w.push(format!("c.category = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.source_level {
        w.push(format!("c.source_level = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.closed_from {
        w.push(format!("c.closed_at >= {}", p.int(ms(v))));
    }
    if let Some(v) = f.closed_to {
        w.push(format!("c.closed_at < {}", p.int(ms(v))));
    }
    if let Some(v) = f.petitioner_id {
        w.push(format!("c.petitioner_id = {}", p.int(v)));
    }
    if let Some(v) = f.leader_user_id {
        w.push(format!("c.leader_user_id = {}", p.int(v)));
    }
    if let Some(v) = f.handler_user_id {
        w.push(format!("c.handler_user_id = {}", p.int(v)));
    }
    if let Some(v) = f.backlog {
        w.push(format!("c.backlog = {}", p.int(flag(v))));
    }
    if let Some(v) = f.escalated_to {
        w.push(format!("c.escalated_to = {}", p.text(v.as_str())));
    }
    if f.escalated_province_or_above {
        w.push(format!(
            "c.escalated_to IN ({}, {})",
            p.text(EscalatedTo::Province.as_str()),
            p.text(EscalatedTo::Beijing.as_str())
        ));
    }
    if f.repeats_earlier {
        w.push("c.related_case_id IS NOT NULL".into());
    }
    if let Some(v) = f.severity {
        w.push(format!("c.online_severity = {}", p.text(v.as_str())));
    }
    if let Some(v) = f.repeat_decision {
        w.push(format!("c.repeat_decision = {}", p.text(v.as_str())));
    }
    if f.awaiting_decision {
        // The workflow's own test (awaits_decision): 回访 found 不满意
        // after the 处理意见书 was delivered.
        w.push(format!(
            "c.status = {} AND c.satisfaction = {} AND c.opinion_delivered_at IS NOT NULL",
            p.text(xinfang_domain::workflow::CaseStatus::ReturnVisit.as_str()),
            p.text(xinfang_domain::vocab::Satisfaction::Dissatisfied.as_str()),
        ));
    }
    if let Some(figure) = f.figure {
        let now = ms(f.now.unwrap_or_else(jiff::Timestamp::now));
        w.push(super::super::figure_condition(figure, now, p));
    }
    match f.lead_unit {
        Some(super::super::LeadUnit::Org(id)) => w.push(format!(
            "EXISTS (SELECT 1 FROM case_units lf WHERE lf.case_id = c.id AND lf.lead = 1 AND lf.org_id = {})",
            p.int(id)
        )),
        Some(super::super::LeadUnit::Unassigned) => w.push(
            "NOT EXISTS (SELECT 1 FROM case_units lf WHERE lf.case_id = c.id AND lf.lead = 1)".into(),
        ),
        None => {}
    }
    w
}
