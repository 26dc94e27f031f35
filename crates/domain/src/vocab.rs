//! The case vocabularies of the work plan: kinds, channels, sources, categories, outcomes.

use crate::labelled_enum;

labelled_enum! {
    /// 信访类型 — what kind of case this is; decides its deadlines.
    pub enum CaseKind {
        /// 初信初访 — a first letter or visit.
        FirstPetition => ("first_petition", "初信初访"),
        /// 重复访 — the same petitioner again on the same matter.
        Repeat => ("repeat", "重复访"),
        /// 越级访 — a petition that skipped the district level.
        Escalated => ("escalated", "越级访"),
        /// 网络舆情 — an online public-opinion incident.
        OnlineOpinion => ("online_opinion", "网络舆情"),
        /// 排查发现 — found by screening, not brought by a petitioner.
        Screening => ("screening", "排查发现"),
    }
}

labelled_enum! {
    /// 越级去向 — where a petitioner went above the district. A case with a
    /// destination is 越级访 (registration sets the kind); the plan's goal
    /// "不出现赴省级以上越级访" counts 赴省 and 进京.
    pub enum EscalatedTo {
        /// 赴市 — to the city.
        City => ("city", "赴市"),
        /// 赴省 — to the province.
        Province => ("province", "赴省"),
        /// 进京 — to Beijing.
        Beijing => ("beijing", "进京"),
    }
}

labelled_enum! {
    /// 舆情等级 — how grave a 网络舆情 incident is; the plan's goal
    /// "不发生…重大负面舆情" counts the 重大 ones.
    pub enum OnlineSeverity {
        /// 一般 — ordinary.
        Ordinary => ("ordinary", "一般"),
        /// 较大 — serious.
        Serious => ("serious", "较大"),
        /// 重大 — major.
        Major => ("major", "重大"),
    }
}

labelled_enum! {
    /// 信访渠道/信访形式 — how the case reached the government.
    pub enum Channel {
        /// 来信 — letter.
        Letter => ("letter", "来信"),
        /// 来访 — visit in person.
        Visit => ("visit", "来访"),
        /// 来电 — phone call.
        Phone => ("phone", "来电"),
        /// 网上信访 — the online petition system.
        Online => ("online", "网上信访"),
        /// 领导信箱 — leaders' mailbox.
        LeaderMailbox => ("leader_mailbox", "领导信箱"),
        /// 12345热线 — the 12345 citizen hotline.
        Hotline12345 => ("hotline_12345", "12345热线"),
        /// 网络舆情 — found online.
        OnlineOpinion => ("online_opinion", "网络舆情"),
        /// 其他 — anything else.
        Other => ("other", "其他"),
    }
}

labelled_enum! {
    /// 来源层级 — which level handed the case down.
    pub enum SourceLevel {
        /// 省交办 — assigned by the province.
        Province => ("province", "省交办"),
        /// 市交办 — assigned by the city.
        City => ("city", "市交办"),
        /// 区交办 — assigned by the district.
        District => ("district", "区交办"),
        /// 本级受理 — received at this level.
        Own => ("own", "本级受理"),
        /// 排查发现 — found by screening.
        Screening => ("screening", "排查发现"),
    }
}

labelled_enum! {
    /// 问题类别 — the one taxonomy; each annex maps it onto its own columns.
    pub enum Category {
        /// 精准识别
        PreciseIdentification => ("precise_identification", "精准识别"),
        /// 精准退出
        PreciseExit => ("precise_exit", "精准退出"),
        /// 防返贫监测
        Monitoring => ("monitoring", "防返贫监测"),
        /// 帮扶措施
        Assistance => ("assistance", "帮扶措施"),
        /// 资金项目
        FundsProjects => ("funds_projects", "资金项目"),
        /// 危房改造
        Housing => ("housing", "危房改造"),
        /// 易地搬迁
        Relocation => ("relocation", "易地搬迁"),
        /// 小额信贷
        Microcredit => ("microcredit", "小额信贷"),
        /// 民政救助
        CivilRelief => ("civil_relief", "民政救助"),
        /// 医疗保障
        Medical => ("medical", "医疗保障"),
        /// 教育保障
        Education => ("education", "教育保障"),
        /// 残疾人补贴 (Annex 4: 残疾人保障)
        Disability => ("disability", "残疾人补贴"),
        /// 其他
        Other => ("other", "其他"),
    }
}

impl Category {
    /// The column label in Annexes 1 and 2 (nine categories).
    pub fn annex_nine_label(self) -> &'static str {
        match self {
            Category::Monitoring | Category::PreciseIdentification | Category::PreciseExit => {
                "防返贫监测"
            }
            Category::Assistance => "帮扶措施",
            Category::FundsProjects | Category::Relocation => "资金项目",
            Category::Housing => "危房改造",
            Category::Microcredit => "小额信贷",
            Category::CivilRelief => "民政救助",
            Category::Medical => "医疗保障",
            Category::Disability => "残疾人补贴",
            Category::Education | Category::Other => "其他类",
        }
    }

    /// The column label in Annex 4 (twelve categories).
    pub fn annex_twelve_label(self) -> &'static str {
        match self {
            Category::PreciseIdentification | Category::Monitoring => "精准识别",
            Category::PreciseExit => "精准退出",
            Category::Assistance => "帮扶措施",
            Category::FundsProjects => "资金项目",
            Category::Housing => "危房改造",
            Category::Relocation => "易地搬迁",
            Category::Microcredit => "小额信贷",
            Category::CivilRelief => "民政救助",
            Category::Medical => "医疗保障",
            Category::Education => "教育保障",
            Category::Disability => "残疾人保障",
            Category::Other => "其他",
        }
    }
}

labelled_enum! {
    /// 是否脱贫户（监测对象） — the petitioner's poverty status.
    pub enum PovertyStatus {
        /// 脱贫户 — a household lifted out of poverty.
        Lifted => ("lifted", "脱贫户"),
        /// 监测对象 — a household under anti-relapse monitoring.
        Monitored => ("monitored", "监测对象"),
        /// 一般户 — neither.
        General => ("general", "一般户"),
    }
}

labelled_enum! {
    /// 信访人反映问题是否属实 — the finding.
    pub enum Finding {
        /// 属实
        True => ("true", "属实"),
        /// 部分属实
        Partly => ("partly", "部分属实"),
        /// 不属实
        False => ("false", "不属实"),
    }
}

labelled_enum! {
    /// One answer of the 三到位一处理 record.
    pub enum TriAnswer {
        /// 是
        Yes => ("yes", "是"),
        /// 否
        No => ("no", "否"),
        /// 不涉及 — the point does not apply to this case.
        NotApplicable => ("na", "不涉及"),
    }
}

labelled_enum! {
    /// 信访人是否满意 — satisfaction at the return visit.
    pub enum Satisfaction {
        /// 满意
        Satisfied => ("satisfied", "满意"),
        /// 不满意
        Dissatisfied => ("dissatisfied", "不满意"),
    }
}

labelled_enum! {
    /// Which written report was submitted.
    pub enum ReportKind {
        /// 初步调查报告 — preliminary investigation report (重复访/越级访, 3 working days).
        Preliminary => ("preliminary", "初步调查报告"),
        /// 处置情况报告 — handling report.
        Handling => ("handling", "处置情况报告"),
        /// 舆情应对措施报告 — response-measures report for an online incident (24 h).
        OpinionResponse => ("opinion_response", "舆情应对措施报告"),
        /// 调查报告 — any other investigation report.
        Investigation => ("investigation", "调查报告"),
    }
}

labelled_enum! {
    /// How the petitioner was reached.
    pub enum ContactMethod {
        /// 电话联系
        Phone => ("phone", "电话联系"),
        /// 当面沟通
        FaceToFace => ("face_to_face", "当面沟通"),
        /// 上门走访
        HomeVisit => ("home_visit", "上门走访"),
        /// 联系宣传、网信部门 — for online incidents, the 6-hour milestone.
        PropagandaDept => ("propaganda_dept", "联系宣传网信部门"),
        /// 其他方式
        Other => ("other", "其他方式"),
    }
}

/// The four answers of 三到位一处理.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TriRecord {
    /// 诉求合理的是否解决到位
    pub reasonable_resolved: TriAnswer,
    /// 诉求无理的是否思想引导到位
    pub unreasonable_guided: TriAnswer,
    /// 生活困难的是否帮扶救助到位
    pub hardship_helped: TriAnswer,
    /// 行为违法的是否依法处理
    pub unlawful_handled: TriAnswer,
}

impl TriRecord {
    /// The four questions, as printed on the ledgers.
    pub const QUESTIONS: [&'static str; 4] = [
        "诉求合理的是否解决到位",
        "诉求无理的是否思想引导到位",
        "生活困难的是否帮扶救助到位",
        "行为违法的是否依法处理",
    ];

    /// The answers in the order of [`TriRecord::QUESTIONS`].
    pub fn answers(&self) -> [TriAnswer; 4] {
        [
            self.reasonable_resolved,
            self.unreasonable_guided,
            self.hardship_helped,
            self.unlawful_handled,
        ]
    }
}

labelled_enum! {
    /// Where a case stands in the six steps.
    pub enum CaseStatus {
        /// 接 — registered, not yet assigned.
        Registered => ("registered", "已登记"),
        /// 转 — assigned to a responsible unit.
        Assigned => ("assigned", "已转办"),
        /// 办 — being handled: contacts, visits, reports.
        Handling => ("handling", "办理中"),
        /// 回 — opinion given; waiting for or after the return visit.
        ReturnVisit => ("return_visit", "待回访"),
        /// 交 — closed and reported.
        Closed => ("closed", "已办结"),
    }
}

impl CaseStatus {
    /// The step character of the six-step method.
    pub fn step_char(self) -> &'static str {
        match self {
            CaseStatus::Registered => "接",
            CaseStatus::Assigned => "转",
            CaseStatus::Handling => "办",
            CaseStatus::ReturnVisit => "回",
            CaseStatus::Closed => "交",
        }
    }

    /// Still needs work.
    pub fn is_open(self) -> bool {
        self != CaseStatus::Closed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_maps_into_both_annex_column_sets() {
        let nine = [
            "防返贫监测",
            "帮扶措施",
            "资金项目",
            "危房改造",
            "小额信贷",
            "民政救助",
            "医疗保障",
            "残疾人补贴",
            "其他类",
        ];
        let twelve = [
            "精准识别",
            "精准退出",
            "帮扶措施",
            "资金项目",
            "危房改造",
            "易地搬迁",
            "小额信贷",
            "民政救助",
            "医疗保障",
            "教育保障",
            "残疾人保障",
            "其他",
        ];
        for c in Category::ALL {
            assert!(nine.contains(&c.annex_nine_label()), "{c:?}");
            assert!(twelve.contains(&c.annex_twelve_label()), "{c:?}");
        }
        // Every column of each annex is reachable from some category.
        for col in nine {
            assert!(
                Category::ALL.iter().any(|c| c.annex_nine_label() == col),
                "{col}"
            );
        }
        for col in twelve {
            assert!(
                Category::ALL.iter().any(|c| c.annex_twelve_label() == col),
                "{col}"
            );
        }
    }

    #[test]
    fn labels_and_keys_both_parse_and_json_speaks_chinese() {
        assert_eq!(CaseKind::parse("重复访"), Some(CaseKind::Repeat));
        assert_eq!(CaseKind::parse(" repeat "), Some(CaseKind::Repeat));
        assert_eq!(CaseKind::parse("重访"), None);
        assert_eq!(
            serde_json::to_string(&Channel::Hotline12345)
                .ok()
                .as_deref(),
            Some("\"12345热线\"")
        );
        let parsed: Result<Finding, _> = serde_json::from_str("\"部分属实\"");
        assert_eq!(parsed.ok(), Some(Finding::Partly));
    }
}
