//! 办理表单 — the text fields of a step's form, and how they become a [`Step`].

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::{Assignment, Document, ReviewStage, Step};
use crate::errors::{FieldErrors, FieldReader};
use crate::vocab::{ContactMethod, Finding, ReportKind, Satisfaction, TriAnswer, TriRecord};

/// The form fields of every step, as text. Which ones count depends on the step.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct StepInput {
    /// 责任单位 id
    pub unit_id: String,
    /// 协办单位 ids
    pub co_unit_ids: Vec<String>,
    /// 承办人 user id
    pub handler_user_id: String,
    /// 承办人 name
    pub handler_name: String,
    /// 承办人 phone
    pub handler_phone: String,
    /// 包案领导 user id
    pub leader_user_id: String,
    /// When it happened
    pub at: String,
    /// 联系方式
    pub method: String,
    /// 地点
    pub place: String,
    /// 是否现场阅签受理告知书
    pub notice_signed: String,
    /// 报告类型
    pub report_kind: String,
    /// 是否属实
    pub finding: String,
    /// 诉求合理的是否解决到位
    pub tri_reasonable: String,
    /// 诉求无理的是否思想引导到位
    pub tri_unreasonable: String,
    /// 生活困难的是否帮扶救助到位
    pub tri_hardship: String,
    /// 行为违法的是否依法处理
    pub tri_unlawful: String,
    /// 处理意见
    pub opinion: String,
    /// 满意/不满意
    pub satisfaction: String,
    /// 是否稳定
    pub stable: String,
    /// Free text: note, comment, reason.
    pub note: String,
    /// 送达文书: 受理告知书 or 处理意见书
    pub document: String,
    /// 送达人
    pub deliverer: String,
    /// 复查复核环节
    pub stage: String,
    /// 逾期受理理由 — for a 复查/复核 request after its window closed
    pub late_reason: String,
    /// 时限节点 key, for extensions
    pub milestone: String,
    /// 延期天数
    pub days: String,
    /// 已告知信访人延期理由
    pub petitioner_told: String,
}

impl StepInput {
    /// Parse the input for the named step. `now` fills an empty time.
    pub fn parse(&self, step: &str, now: Timestamp) -> Result<Step, FieldErrors> {
        let mut r = FieldReader::default();
        let uses_time = matches!(
            step,
            "assign"
                | "contact"
                | "visit"
                | "report"
                | "opinion"
                | "return_visit"
                | "deliver"
                | "review"
                | "extend"
        );
        let at = if self.at.trim().is_empty() || !uses_time {
            Some(now)
        } else {
            let at = r.time("at", "时间", &self.at);
            r.not_too_old("at", "时间", at)
        };
        if let Some(t) = at
            && t > now + jiff::SignedDuration::from_mins(10)
        {
            r.errors.add("at", "时间", "不能晚于当前时间");
        }
        let step = match step {
            "assign" => {
                let unit_id = r.id("unit_id", "责任单位", &self.unit_id);
                let mut co = Vec::new();
                for raw in &self.co_unit_ids {
                    if let Some(id) = r.optional_id("co_unit_ids", "协办单位", raw)
                        && Some(id) != unit_id
                        && !co.contains(&id)
                    {
                        co.push(id);
                    }
                }
                let handler_user_id =
                    r.optional_id("handler_user_id", "承办人", &self.handler_user_id);
                let handler_name =
                    r.optional_line("handler_name", "承办人姓名", &self.handler_name, 30);
                let handler_phone = if self.handler_phone.trim().is_empty() {
                    None
                } else {
                    match crate::ident::PhoneNumber::parse(&self.handler_phone) {
                        Ok(p) => Some(p.to_string()),
                        Err(e) => {
                            r.errors.add("handler_phone", "承办人电话", e.to_string());
                            None
                        }
                    }
                };
                let leader_user_id =
                    r.optional_id("leader_user_id", "包案领导", &self.leader_user_id);
                let note = r.optional("note", "转办说明", &self.note, 1000);
                unit_id.zip(at).map(|(unit_id, at)| {
                    Step::Assign(Assignment {
                        at,
                        unit_id,
                        co_unit_ids: co,
                        handler_user_id,
                        handler_name,
                        handler_phone,
                        leader_user_id,
                        note,
                    })
                })
            }
            "contact" => {
                let method = if self.method.trim().is_empty() {
                    Some(ContactMethod::Phone)
                } else {
                    r.choice("method", "联系方式", &self.method, ContactMethod::parse)
                };
                let note = r.required("note", "联系情况", &self.note, 2000);
                method
                    .zip(at)
                    .map(|(method, at)| Step::Contact { at, method, note })
            }
            "visit" => {
                let place = r.optional_line("place", "地点", &self.place, 200);
                let notice_signed = r.flag(
                    "notice_signed",
                    "是否现场阅签受理告知书",
                    &self.notice_signed,
                );
                let note = r.required("note", "走访情况", &self.note, 2000);
                at.map(|at| Step::Visit {
                    at,
                    place,
                    notice_signed,
                    note,
                })
            }
            "report" => {
                let kind = r.choice(
                    "report_kind",
                    "报告类型",
                    &self.report_kind,
                    ReportKind::parse,
                );
                let note = r.required("note", "报告摘要", &self.note, 5000);
                kind.zip(at)
                    .map(|(kind, at)| Step::Report { at, kind, note })
            }
            "opinion" => {
                let finding = r.choice(
                    "finding",
                    "信访人反映问题是否属实",
                    &self.finding,
                    Finding::parse,
                );
                let answers = [
                    (
                        "tri_reasonable",
                        TriRecord::QUESTIONS[0],
                        &self.tri_reasonable,
                    ),
                    (
                        "tri_unreasonable",
                        TriRecord::QUESTIONS[1],
                        &self.tri_unreasonable,
                    ),
                    ("tri_hardship", TriRecord::QUESTIONS[2], &self.tri_hardship),
                    ("tri_unlawful", TriRecord::QUESTIONS[3], &self.tri_unlawful),
                ]
                .map(|(f, l, v)| r.choice(f, l, v, TriAnswer::parse));
                let opinion = r.required("opinion", "处理意见", &self.opinion, 5000);
                match (finding, answers, at) {
                    (Some(finding), [Some(a), Some(b), Some(c), Some(d)], Some(at)) => {
                        Some(Step::Opinion {
                            at,
                            finding,
                            tri: TriRecord {
                                reasonable_resolved: a,
                                unreasonable_guided: b,
                                hardship_helped: c,
                                unlawful_handled: d,
                            },
                            opinion,
                        })
                    }
                    _ => None,
                }
            }
            "return_visit" => {
                let satisfaction = r.choice(
                    "satisfaction",
                    "信访人是否满意",
                    &self.satisfaction,
                    Satisfaction::parse,
                );
                let note = r.required("note", "回访情况", &self.note, 2000);
                let stable = r.flag("stable", "是否稳定", &self.stable);
                satisfaction
                    .zip(at)
                    .map(|(satisfaction, at)| Step::ReturnVisit {
                        at,
                        satisfaction,
                        stable,
                        note,
                    })
            }
            "close" => Some(Step::Close {
                note: r.optional("note", "办结说明", &self.note, 2000),
            }),
            "send_back" => Some(Step::SendBack {
                note: r.required("note", "退回理由", &self.note, 2000),
            }),
            "urge" => Some(Step::Urge {
                note: r.required("note", "催办内容", &self.note, 2000),
            }),
            "comment" => Some(Step::Comment {
                note: r.required("note", "批注内容", &self.note, 2000),
            }),
            "escalate" => Some(Step::Escalate {
                note: r.required("note", "升级理由", &self.note, 2000),
            }),
            "reopen" => Some(Step::Reopen {
                reason: r.required("note", "重新打开理由", &self.note, 2000),
            }),
            "deliver" => {
                let document = r.choice("document", "送达文书", &self.document, Document::parse);
                let by = r.required_line("deliverer", "送达人", &self.deliverer, 30);
                let note = r.optional("note", "送达情况", &self.note, 1000);
                document.zip(at).map(|(document, at)| Step::Deliver {
                    at,
                    document,
                    by,
                    note,
                })
            }
            "review" => {
                let stage = r.choice("stage", "复查复核环节", &self.stage, ReviewStage::parse);
                let note = r.required("note", "情况说明", &self.note, 2000);
                let late_reason =
                    r.optional("late_reason", "逾期受理理由", &self.late_reason, 1000);
                if late_reason.is_some() && stage.is_some_and(|s| !s.is_request()) {
                    r.errors.add(
                        "late_reason",
                        "逾期受理理由",
                        "只有申请复查、申请复核可以填写逾期受理理由",
                    );
                }
                stage.zip(at).map(|(stage, at)| Step::Review {
                    at,
                    stage,
                    note,
                    late_reason,
                })
            }
            "request_extension" | "extend" => {
                let milestone = r.required_line("milestone", "时限节点", &self.milestone, 64);
                let reason = r.required("note", "延期理由", &self.note, 2000);
                let days = match self.days.trim().parse::<u32>() {
                    Ok(d) if (1..=30).contains(&d) => Some(d),
                    _ => {
                        r.errors.add("days", "延期天数", "应为1至30之间的整数（《信访工作条例》第三十四条：延长期限不得超过30日）");
                        None
                    }
                };
                let told = r.flag("petitioner_told", "已告知信访人", &self.petitioner_told);
                if step == "extend" && !told {
                    r.errors.add(
                        "petitioner_told",
                        "已告知信访人",
                        "批准延期须告知信访人延期理由",
                    );
                }
                match (step, days, at) {
                    ("extend", Some(days), Some(at)) => Some(Step::Extend {
                        at,
                        milestone,
                        days,
                        reason,
                        petitioner_told: told,
                    }),
                    ("request_extension", Some(days), _) => Some(Step::RequestExtension {
                        milestone,
                        days,
                        reason,
                    }),
                    _ => None,
                }
            }
            other => {
                r.errors.add("step", "操作", format!("未知的操作“{other}”"));
                None
            }
        };
        match step {
            Some(s) if r.errors.is_empty() => Ok(s),
            _ => Err(r.errors),
        }
    }
}
