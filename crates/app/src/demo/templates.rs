//! The templated steps of generated cases: how long after, who acts, and the words they write.

use xinfang_domain::vocab::CaseKind;

/// Notes for a phone contact.
pub const PHONE_NOTES: &[&str] = &[
    "告知信访人其反映事项已受理，了解诉求详细情况，约定上门核实时间",
    "核实信访人身份及诉求，告知办理流程和时限",
    "信访人情绪平稳，同意等待调查结果",
];

/// Notes for a return visit with a satisfied petitioner.
pub const SATISFIED_NOTES: &[&str] = &[
    "入户回访，信访人对处理结果表示满意，情绪稳定",
    "电话回访，信访人对处理意见无异议，表示满意",
    "会同村两委干部回访，信访人认可处理结果，表示不再上访",
];

/// A templated step of a generated case: gap unit (`m`: minutes, any hour;
/// `w`: minutes, but nights move to the next morning; `d`: calendar days,
/// then office hours on a working day), gap bounds, who
/// (`officer`, `lead`, `leader` or a login name), step, and fields. Values
/// may hold `{place}` and `{with}`; `@phone` and `@satisfied` pick a note.
pub type Template = (
    &'static str,
    i64,
    i64,
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

/// The 办 steps each kind calls for, in order, with its deadlines in mind.
#[rustfmt::skip]
pub fn handling(kind: CaseKind) -> &'static [Template] {
    match kind {
        CaseKind::FirstPetition => &[
            ("w", 30, 480, "officer", "contact", &[("method", "电话联系"), ("note", "@phone")]),
            ("w", 360, 2600, "officer", "visit", &[("place", "{place}"), ("notice_signed", "是"), ("note", "{with}带件下访，入户核实情况，讲解受理范围和办理时限")]),
        ],
        CaseKind::Screening => &[
            ("w", 30, 600, "officer", "contact", &[("method", "上门走访"), ("note", "排查中入户了解情况，登记群众诉求，告知办理流程")]),
            ("d", 1, 3, "officer", "visit", &[("place", "{place}"), ("notice_signed", "是"), ("note", "{with}入户核查，逐项比对政策落实情况，信访人现场阅签受理告知书")]),
            ("d", 1, 3, "lead", "report", &[("report_kind", "调查报告"), ("note", "已完成核查，形成调查报告并提出处置建议")]),
        ],
        CaseKind::Repeat | CaseKind::Escalated => &[
            ("m", 20, 180, "officer", "contact", &[("method", "电话联系"), ("note", "告知信访人已明确责任单位和承办人，约定当面沟通")]),
            ("w", 900, 1300, "lead", "visit", &[("place", "{place}"), ("note", "与信访人当面沟通，听取诉求，了解此前信访处理情况")]),
            ("d", 1, 2, "lead", "report", &[("report_kind", "初步调查报告"), ("note", "已初步核实信访人反映的主要事实，明确化解措施，形成初步调查报告")]),
            ("d", 3, 6, "lead", "report", &[("report_kind", "处置情况报告"), ("note", "已按化解措施处置，形成处置情况报告")]),
        ],
        CaseKind::OnlineOpinion => &[
            ("m", 30, 240, "officer", "contact", &[("method", "联系宣传网信部门"), ("note", "向区委宣传部、区委网信办通报舆情，协同开展监测研判，防止扩散发酵")]),
            ("w", 60, 240, "officer", "contact", &[("method", "当面沟通"), ("note", "找到发帖人并当面沟通，了解诉求，做好情绪疏导")]),
            ("w", 120, 360, "lead", "report", &[("report_kind", "舆情应对措施报告"), ("note", "已落实属地回应、当面沟通和舆情监测措施，相关内容热度明显下降")]),
            ("w", 1200, 2200, "lead", "report", &[("report_kind", "处置情况报告"), ("note", "问题已调查处置，发帖人表示理解，形成处置情况报告")]),
        ],
    }
}

/// How soon the district assigns a case of each kind, and what it writes.
#[rustfmt::skip]
pub fn assignment(kind: CaseKind) -> (&'static str, i64, i64, &'static str) {
    match kind {
        CaseKind::Repeat | CaseKind::Escalated => ("m", 30, 150, "当日联系信访人，24小时内明确责任人并面对面沟通，3个工作日内报送初步调查报告，10个工作日内报送处置情况报告"),
        CaseKind::OnlineOpinion => ("m", 10, 40, "网络舆情：6小时内联系宣传网信部门，18小时内联系发帖人，24小时内报送舆情应对措施报告，72小时内处置完毕"),
        _ => ("w", 20, 240, "请按“六步工作法”办理：1日内联系信访人，3日内带件下访，10日内办结答复"),
    }
}

/// A first petition's handling report, for some of them.
#[rustfmt::skip]
pub const EXTRA_REPORT: Template = ("d", 1, 4, "lead", "report", &[("report_kind", "处置情况报告"), ("note", "已完成调查核实，形成处置情况报告")]);
/// The leader's instruction on a backlog case.
#[rustfmt::skip]
pub const LEADER_COMMENT: Template = ("w", 60, 480, "leader", "comment", &[("note", "已阅。请承办单位制定一案一策化解方案，每月至少入户走访一次，按期化解到位")]);
/// 催办 on a case that is late.
#[rustfmt::skip]
pub const URGE: Template = ("d", 5, 12, "quju", "urge", &[("note", "该案件办理进度滞后，请承办单位加快办理，按期反馈办理结果")]);
/// 督办升级 after the urge did not help.
#[rustfmt::skip]
pub const ESCALATE: Template = ("d", 5, 10, "quju", "escalate", &[("note", "经催办仍未按期办结，升级督办，请承办单位主要负责人亲自过问")]);
/// 催办 for the opinion.
#[rustfmt::skip]
pub const URGE_OPINION: Template = ("d", 1, 3, "quju", "urge", &[("note", "请承办单位抓紧出具处理意见，按期答复信访人")]);
/// A dissatisfied return visit and the second look that follows.
#[rustfmt::skip]
pub const DISSATISFIED: [Template; 2] = [
    ("d", 2, 5, "officer", "return_visit", &[("satisfaction", "不满意"), ("stable", "是"), ("note", "回访时信访人对处理结果不满意，要求进一步解决，退回承办单位继续办理")]),
    ("d", 2, 6, "officer", "visit", &[("place", "{place}"), ("note", "{with}再次入户，重新核查信访人反映的问题")]),
];
/// The monthly visit on a backlog case.
#[rustfmt::skip]
pub const MONTHLY: Template = ("d", 25, 35, "officer", "contact", &[("method", "上门走访"), ("note", "积案每月例行跟踪，信访人情绪平稳")]);
/// Delivering the handling opinion, then uploading the signed copy.
#[rustfmt::skip]
pub const DELIVERY: [Template; 2] = [
    ("d", 0, 1, "officer", "deliver", &[("document", "处理意见书"), ("note", "上门送达，信访人当场签收")]),
    ("m", 60, 300, "officer", "upload", &[("filename", "处理意见书-送达回证.pdf"), ("note", "信访人签收的《信访事项处理意见书》送达回证"), ("signed_document", "opinion")]),
];
/// The satisfied return visit.
#[rustfmt::skip]
pub const SATISFIED: Template = ("d", 2, 6, "officer", "return_visit", &[("satisfaction", "满意"), ("stable", "是"), ("note", "@satisfied")]);
/// Closing; provincial cases are reported to the city.
#[rustfmt::skip]
pub const CLOSE: [Template; 2] = [
    ("d", 0, 2, "quju", "close", &[("note", "经回访信访人满意，案件办结")]),
    ("d", 0, 2, "quju", "close", &[("note", "省交办件已办结，按要求报市乡村振兴局")]),
];
