//! The Chinese label of a JSON body's field, for errors found before the
//! domain reads the body (a wrong JSON type): the same labels the domain's
//! own field errors carry.

/// Field name → label, for the bodies read as text (登记, the steps, the
/// ledgers' forms, users and organisations).
const LABELS: &[(&str, &str)] = &[
    // 登记 (RegistrationInput)
    ("kind", "信访类型"),
    ("channel", "信访渠道"),
    ("source_level", "来源层级"),
    ("key_assigned", "是否重点交办"),
    ("received_at", "接待日期"),
    ("township_id", "问题所属乡镇"),
    ("village_id", "村/社区"),
    ("summary", "反映问题"),
    ("category", "问题类别"),
    ("petitioner_name", "信访人姓名"),
    ("petitioner_id_number", "身份证号"),
    ("petitioner_phone", "联系电话"),
    ("petitioner_address", "住址"),
    ("poverty_status", "是否脱贫户（监测对象）"),
    ("companions", "随访人姓名"),
    ("platform", "平台"),
    ("link", "链接"),
    ("poster", "发帖人"),
    ("posted_at", "发帖时间"),
    ("discovered_at", "发现时间"),
    ("reach", "传播范围"),
    ("backlog", "是否积案"),
    ("backlog_reason", "积案原因"),
    ("remarks", "备注"),
    ("escalated_to", "越级去向"),
    ("severity", "舆情等级"),
    ("related_case_id", "关联案件"),
    ("repeat_decision", "重复访判定"),
    // 排查活动 (CampaignInput, ClearReportInput) and 三级研判 (AssessmentInput)
    ("starts_on", "开始日期"),
    ("ends_on", "结束日期"),
    ("townships", "覆盖乡镇"),
    ("villages", "覆盖村/社区"),
    ("categories", "重点问题类别"),
    ("screened_on", "排查日期"),
    ("campaign_id", "排查活动"),
    ("risk_grade", "风险等级"),
    ("measures", "处置措施"),
    // 通报排名 (RankInput)
    ("period", "期间"),
    ("level", "通报层级"),
    ("rank", "排名"),
    ("ranked_count", "参与排名数"),
    ("published_total", "通报总量"),
    ("source", "来源"),
    // 办理 (StepInput)
    ("unit_id", "责任单位"),
    ("co_unit_ids", "协办单位"),
    ("handler_user_id", "承办人"),
    ("handler_name", "承办人姓名"),
    ("handler_phone", "承办人电话"),
    ("leader_user_id", "包案领导"),
    ("at", "时间"),
    ("method", "联系方式"),
    ("place", "地点"),
    ("notice_signed", "是否现场阅签受理告知书"),
    ("report_kind", "报告类型"),
    ("finding", "信访人反映问题是否属实"),
    ("tri_reasonable", "诉求合理的是否解决到位"),
    ("tri_unreasonable", "诉求无理的是否思想引导到位"),
    ("tri_hardship", "生活困难的是否帮扶救助到位"),
    ("tri_unlawful", "行为违法的是否依法处理"),
    ("opinion", "处理意见"),
    ("satisfaction", "信访人是否满意"),
    ("stable", "是否稳定"),
    ("note", "说明"),
    ("document", "送达文书"),
    ("deliverer", "送达人"),
    ("stage", "复查复核环节"),
    ("late_reason", "逾期受理理由"),
    ("milestone", "时限节点"),
    ("days", "延期天数"),
    ("petitioner_told", "已告知信访人"),
    ("version", "版本号"),
    // 排查, 台账, 名册, 单位, 用户
    ("screened_at", "排查时间"),
    ("screening_kind", "排查方式"),
    ("name", "姓名或名称"),
    ("id_number", "身份证号"),
    ("phone", "联系电话"),
    ("problem", "反映问题"),
    ("newly_found", "是否为新排查出的不稳定因素"),
    ("unit_text", "责任单位"),
    ("plan", "一案一策"),
    ("first_visit_at", "初访时间"),
    ("evidence", "化解情况及佐证"),
    ("attachment_id", "附件"),
    // 调解, 实地跟踪核查, 整改情况 (MediationInput, VerificationInput, RectificationInput)
    ("date", "日期"),
    ("mediators", "调解员"),
    ("lawyers", "参与人员（律师）"),
    ("counsellors", "参与人员（心理咨询师）"),
    ("elders", "参与人员（五老）"),
    ("village_cadres", "参与人员（村干部）"),
    ("others", "参与人员（其他）"),
    ("outcome", "调解结果"),
    ("agreement", "协议内容"),
    ("findings", "核查情况"),
    ("verdict", "核查结论"),
    ("rectification_demand", "整改要求"),
    ("rectification_due", "整改期限"),
    ("text", "整改情况"),
    ("org_id", "单位"),
    ("leader_name", "分管领导"),
    ("leader_title", "职务"),
    ("leader_office_phone", "分管领导办公电话"),
    ("leader_mobile", "分管领导手机号码"),
    ("cadre_name", "涉贫信访专干"),
    ("cadre_office_phone", "专干办公电话"),
    ("cadre_mobile", "专干手机号码"),
    ("contact_person", "联系人"),
    ("address", "通讯地址"),
    ("parent", "上级单位"),
    ("code", "代码"),
    ("username", "用户名"),
    ("display_name", "姓名"),
    ("password", "密码"),
    ("roles", "角色"),
    ("active", "状态"),
];

/// The label of `field` (a JSON key); an unknown key is named as itself,
/// quoted, in a Chinese phrase.
pub fn label_of(field: &str) -> String {
    LABELS
        .iter()
        .find(|(k, _)| *k == field)
        .map_or_else(|| format!("字段“{field}”"), |(_, l)| (*l).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_labels_chinese() {
        for (i, (k, l)) in LABELS.iter().enumerate() {
            assert!(!LABELS[..i].iter().any(|(k2, _)| k2 == k), "{k} twice");
            assert!(!l.is_ascii(), "{k}: {l}");
        }
        assert_eq!(label_of("key_assigned"), "是否重点交办");
        assert_eq!(label_of("nonsense"), "字段“nonsense”");
    }
}
