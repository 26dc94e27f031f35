//! The 一案一档 archive's part for a case's records of resolution: the
//! mediations and verifications written out as one document, and the signed
//! agreements and rectification evidence among the uploads named for what they are.

use xinfang_domain::clock::{format_local, local_date};
use xinfang_forms::archive::ArchiveDocument;

use crate::views::CaseView;

/// The title of an upload that a mediation or a rectification answer names
/// as its paper: 签字调解协议书 or 整改佐证材料.
pub fn record_title(view: &CaseView, attachment_id: i64) -> Option<String> {
    let mediation = view
        .mediations
        .iter()
        .find(|m| m.mediation.attachment_id == Some(attachment_id))
        .map(|m| {
            format!(
                "签字调解协议书（{} {}）",
                m.mediation.kind.label(),
                local_date(m.mediation.at)
            )
        });
    mediation.or_else(|| {
        view.verifications
            .iter()
            .find(|v| {
                v.answer
                    .as_ref()
                    .is_some_and(|a| a.attachment_id == Some(attachment_id))
            })
            .map(|v| format!("整改佐证材料（{}核查）", local_date(v.verification.at)))
    })
}

/// 调解与核查记录.txt: every mediation and verification of the case, with
/// the rectifications and answers; None when there is none. `name` is the
/// file's numbered name in the archive.
pub fn records_document(view: &CaseView, name: String) -> Option<ArchiveDocument> {
    if view.mediations.is_empty() && view.verifications.is_empty() {
        return None;
    }
    let mut text = format!("{} 调解与实地跟踪核查记录\n", view.case.number);
    let mut latest = None;
    if !view.mediations.is_empty() {
        text.push_str("\n一、调解\n");
    }
    for (i, r) in view.mediations.iter().enumerate() {
        let m = &r.mediation;
        latest = latest.max(Some(m.at));
        text.push_str(&format!(
            "{}. {}　{}　地点：{}\n   调解员：{}\n",
            i + 1,
            m.kind.label(),
            format_local(m.at),
            m.place,
            m.mediators.join("、")
        ));
        if !m.participants.is_empty() {
            let people: Vec<String> = m
                .participants
                .iter()
                .map(|p| format!("{}（{}）", p.name, p.role.label()))
                .collect();
            text.push_str(&format!("   参与人员：{}\n", people.join("、")));
        }
        text.push_str(&format!("   调解结果：{}\n", m.outcome.label()));
        if let Some(a) = &m.agreement {
            text.push_str(&format!("   协议内容：{a}\n"));
        }
    }
    if !view.verifications.is_empty() {
        text.push_str("\n二、实地跟踪核查\n");
    }
    for (i, r) in view.verifications.iter().enumerate() {
        let v = &r.verification;
        latest = latest.max(Some(v.at));
        text.push_str(&format!(
            "{}. {}　核查方式：{}\n   核查情况：{}\n   核查结论：{}\n",
            i + 1,
            format_local(v.at),
            v.method.label(),
            v.findings,
            v.verdict.label()
        ));
        if let Some(d) = &v.rectification {
            text.push_str(&format!(
                "   整改要求（{}，限{}前）：{}\n",
                r.rectification_unit.as_deref().unwrap_or("责任单位"),
                d.due_on,
                d.demand
            ));
            match &r.answer {
                Some(a) => {
                    latest = latest.max(Some(a.at));
                    text.push_str(&format!(
                        "   整改情况（{}）：{}\n",
                        format_local(a.at),
                        a.text
                    ));
                }
                None => text.push_str("   整改情况：尚未报送\n"),
            }
        }
    }
    Some(ArchiveDocument {
        name,
        title: "调解与实地跟踪核查记录".into(),
        date: latest
            .map(|t| local_date(t).to_string())
            .unwrap_or_default(),
        bytes: text.into_bytes(),
    })
}
