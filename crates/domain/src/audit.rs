//! 审计日志 vocabulary: every action the audit trail records, its Chinese
//! label, and the kind a reader filters it by.
//!
//! The keys are the strings stored in `audit_log.action` since the first
//! release; they never change (the hash chain covers them).

use crate::labelled_enum;
use crate::workflow::Step;

labelled_enum! {
    /// The kinds of action a reader of the audit trail filters by.
    pub enum AuditKind {
        /// 查看或导出个人信息 — reveals (and the sealing of personal data).
        Personal => ("personal", "查看或导出个人信息"),
        /// 案件办理 — registration, the steps, attachments, ledger details.
        Case => ("case", "案件办理"),
        /// 排查台账 — screening entries.
        Screening => ("screening", "排查台账"),
        /// 台账导入 — ledger imports.
        Ledger => ("ledger", "台账导入"),
        /// 干部队伍 — the cadre roster (Annex 3).
        Roster => ("roster", "干部队伍"),
        /// 账号与令牌 — users and API tokens.
        User => ("user", "账号与令牌"),
        /// 设置与规则 — settings, rule sets, calendars.
        Setting => ("setting", "设置与规则"),
        /// 时限督办通报 — notices the sweeper raised.
        Milestone => ("milestone", "时限督办通报"),
        /// 组织机构 — the district's organisations.
        Org => ("org", "组织机构"),
        /// 文书与报送 — notices issued, packages sent to the city.
        Report => ("report", "文书与报送"),
        /// 问责 — accountability actions against units.
        Accountability => ("accountability", "问责"),
        /// 风险防控 — monthly meetings and their measures.
        Risk => ("risk", "风险防控"),
        /// 重点人员与敏感节点 — key persons, their contacts, periods and 零报告.
        KeyPerson => ("key_person", "重点人员与敏感节点"),
    }
}

labelled_enum! {
    /// 审计操作 — what one audit row records.
    pub enum AuditAction {
        /// Someone saw or exported personal data in full.
        PersonalReveal => ("personal.reveal", "查看或导出个人信息"),
        /// Personal data stored before encryption was sealed.
        PersonalSeal => ("personal.seal", "个人信息加密"),
        /// 登记 — a case was registered.
        CaseRegister => ("case.register", "登记案件"),
        /// 附件 — a file was added to a case.
        CaseAttachment => ("case.attachment", "上传附件"),
        /// 台账信息 of a case changed.
        CaseLedger => ("case.ledger", "修改台账信息"),
        /// 跟踪回访 recorded.
        CaseFollowup => ("case.followup", "跟踪回访"),
        /// 销号 — a backlog case marked resolved.
        CaseResolve => ("case.resolve", "积案销号"),
        /// Step 转办.
        CaseAssign => ("case.assign", "办理：转办"),
        /// 调解 recorded on a case.
        CaseMediation => ("case.mediation", "记录调解"),
        /// 实地跟踪核查 recorded on a case.
        CaseVerification => ("case.verification", "实地跟踪核查"),
        /// 整改情况 answered to a 需整改 verification.
        CaseRectification => ("case.rectification", "报送整改情况"),
        /// 网络舆情 disposal status changed.
        CaseOpinionStatus => ("case.opinion_status", "舆情处置状态"),
        /// 正面发声 recorded on an online incident.
        CaseOpinionVoice => ("case.opinion_voice", "记录正面发声"),
        /// An online incident linked to a petition.
        CaseOpinionLink => ("case.opinion_link", "关联舆情与案件"),
        /// Step 记录联系.
        CaseContact => ("case.contact", "办理：记录联系"),
        /// Step 记录走访.
        CaseVisit => ("case.visit", "办理：记录走访"),
        /// Step 提交报告.
        CaseReport => ("case.report", "办理：提交报告"),
        /// Step 出具处理意见.
        CaseOpinion => ("case.opinion", "办理：出具处理意见"),
        /// Step 记录回访.
        CaseReturnVisit => ("case.return_visit", "办理：记录回访"),
        /// Step 办结.
        CaseClose => ("case.close", "办理：办结"),
        /// Step 催办.
        CaseUrge => ("case.urge", "办理：催办"),
        /// Step 批注.
        CaseComment => ("case.comment", "办理：批注"),
        /// Step 督办升级.
        CaseEscalate => ("case.escalate", "办理：督办升级"),
        /// Step 重新打开.
        CaseReopen => ("case.reopen", "办理：重新打开"),
        /// Step 记录送达.
        CaseDeliver => ("case.deliver", "办理：记录送达"),
        /// Step 复查复核.
        CaseReview => ("case.review", "办理：复查复核"),
        /// Step 退回重办 (the petitioner stayed 不满意).
        CaseSendBack => ("case.send_back", "办理：退回重办"),
        /// Step 申请延期.
        CaseRequestExtension => ("case.request_extension", "办理：申请延期"),
        /// Step 批准延期.
        CaseExtend => ("case.extend", "办理：批准延期"),
        /// Step 更正登记信息: the row holds the case before and the registration after.
        CaseCorrect => ("case.correct", "办理：更正登记信息"),
        /// 重复访判定 at registration: confirmed or overridden, with the earlier cases named.
        CaseRepeatDecision => ("case.repeat_decision", "重复访判定"),
        /// Cases generated in bulk from the database's own cases (`xinfang
        /// generate`, for load and benchmarks): one row for the whole batch.
        CaseGenerate => ("case.generate", "批量生成测试案件"),
        /// A screening entry was entered.
        ScreeningCreate => ("screening.create", "录入排查记录"),
        /// A screening entry was changed.
        ScreeningUpdate => ("screening.update", "修改排查记录"),
        /// A screening entry became a case.
        ScreeningToCase => ("screening.to_case", "排查转为案件"),
        /// A ledger file was imported.
        LedgerImport => ("ledger.import", "导入台账"),
        /// The cadre roster was saved.
        RosterSave => ("roster.save", "修改干部队伍"),
        /// A user was added.
        UserCreate => ("user.create", "添加用户"),
        /// A user's password or active flag changed.
        UserUpdate => ("user.update", "修改用户"),
        /// An API token was issued.
        TokenCreate => ("token.create", "创建接口令牌"),
        /// An API token was revoked.
        TokenRevoke => ("token.revoke", "吊销接口令牌"),
        /// A user chose a new password for themselves.
        PasswordChange => ("user.password", "修改本人密码"),
        /// Too many wrong passwords locked an account (the system's act).
        UserLock => ("user.lock", "账号因密码错误被锁定"),
        /// An administrator lifted a lock before it ran out.
        UserUnlock => ("user.unlock", "解除账号锁定"),
        /// A setting changed.
        SettingSet => ("setting.set", "修改设置"),
        /// A calendar year was loaded.
        CalendarSave => ("calendar.save", "保存工作日历"),
        /// A deadline rule set was saved.
        RulesSave => ("rules.save", "保存时限规则"),
        /// A group robot (企业微信 or 钉钉) was added for an organisation.
        WebhookCreate => ("webhook.create", "添加推送机器人"),
        /// The sweeper raised a 督办 notice.
        MilestoneNotice => ("milestone.notice", "时限通报"),
        /// An organisation was added.
        OrgCreate => ("org.create", "添加组织机构"),
        /// The district's organisations were loaded.
        OrgSeed => ("org.seed", "初始化组织机构"),
        /// An organisation was renamed.
        OrgRename => ("org.rename", "修改组织机构名称"),
        /// 单位信息 (the bureau's details on its forms) were saved.
        UnitInfoSave => ("unit_info.save", "修改单位信息"),
        /// A 受理告知书 or 处理意见书 was issued (its date and content fixed).
        NoticeIssue => ("notice.issue", "出具文书"),
        /// The Friday package was sent to the city (报送记录).
        ReportSend => ("report.send", "报送省级交办件"),
        /// 录入通报排名 — the district entered a rank the city or province published.
        GoalRankSave => ("goal_rank.save", "录入通报排名"),
        /// 后评估规则 — the scorecard's indicators, weights and bands were saved.
        ScorecardSave => ("scorecard.save", "修改乡镇后评估规则"),
        /// 问责 — the district recorded an accountability action.
        AccountabilityRecord => ("accountability.record", "记录问责"),
        /// 干部培训 — a course and its attendance were recorded.
        TrainingRecord => ("training.record", "登记干部培训"),
        /// 隐患分析排查会议 — a township's monthly meeting was recorded.
        MeetingRecord => ("meeting.record", "录入隐患分析排查会议"),
        /// A meeting's measure was marked carried out.
        MeetingMeasureDone => ("meeting.measure_done", "会议措施落实"),
        /// 排查活动 — a screening campaign was organised.
        CampaignCreate => ("campaign.create", "组织排查活动"),
        /// 已排查无风险 — a village of a campaign reported nothing found.
        CampaignClear => ("campaign.clear", "报告已排查无风险"),
        /// 三级研判 — one level's assessment of a risk was recorded.
        RiskAssessment => ("risk.assessment", "三级研判"),
        /// 重点人员 — a person entered in the register (by hand or from a proposal).
        KeyPersonCreate => ("key_person.create", "登记重点人员"),
        /// 重点人员 — a register entry changed.
        KeyPersonUpdate => ("key_person.update", "修改重点人员"),
        /// 稳控联系 — a contact with a key person recorded.
        KeyPersonContact => ("key_person.contact", "记录稳控联系"),
        /// 督办 — the district urged a key person's due contact.
        KeyPersonUrge => ("key_person.urge", "督办重点人员联系"),
        /// 提议不列入 — the system's proposal to register someone dismissed.
        KeyPersonDismiss => ("key_person.dismiss", "不列入重点人员"),
        /// 风险评分规则 saved.
        RiskRulesSave => ("risk_rules.save", "修改重点人员风险评分规则"),
        /// 敏感节点 — a period added.
        PeriodCreate => ("period.create", "设置敏感节点"),
        /// 零报告 — a township reported a day of a period.
        ZeroReportSubmit => ("zero_report.submit", "报送零报告"),
    }
}

impl AuditAction {
    /// The action recording a step of the six steps.
    pub fn for_step(step: &Step) -> AuditAction {
        match step {
            Step::Assign(_) => AuditAction::CaseAssign,
            Step::Contact { .. } => AuditAction::CaseContact,
            Step::Visit { .. } => AuditAction::CaseVisit,
            Step::Report { .. } => AuditAction::CaseReport,
            Step::Opinion { .. } => AuditAction::CaseOpinion,
            Step::ReturnVisit { .. } => AuditAction::CaseReturnVisit,
            Step::Close { .. } => AuditAction::CaseClose,
            Step::Urge { .. } => AuditAction::CaseUrge,
            Step::Comment { .. } => AuditAction::CaseComment,
            Step::Escalate { .. } => AuditAction::CaseEscalate,
            Step::Reopen { .. } => AuditAction::CaseReopen,
            Step::Deliver { .. } => AuditAction::CaseDeliver,
            Step::Review { .. } => AuditAction::CaseReview,
            Step::SendBack { .. } => AuditAction::CaseSendBack,
            Step::RequestExtension { .. } => AuditAction::CaseRequestExtension,
            Step::Extend { .. } => AuditAction::CaseExtend,
        }
    }

    /// The kind a reader finds this action under.
    pub fn kind(self) -> AuditKind {
        use AuditAction as A;
        match self {
            A::PersonalReveal | A::PersonalSeal => AuditKind::Personal,
            A::CaseRegister
            | A::CaseAttachment
            | A::CaseLedger
            | A::CaseFollowup
            | A::CaseResolve
            | A::CaseAssign
            | A::CaseContact
            | A::CaseVisit
            | A::CaseReport
            | A::CaseOpinion
            | A::CaseReturnVisit
            | A::CaseClose
            | A::CaseUrge
            | A::CaseComment
            | A::CaseEscalate
            | A::CaseReopen
            | A::CaseDeliver
            | A::CaseSendBack
            | A::CaseReview
            | A::CaseRequestExtension
            | A::CaseExtend
            | A::CaseCorrect
            | A::CaseRepeatDecision
            | A::CaseGenerate
            | A::CaseMediation
            | A::CaseVerification
            | A::CaseRectification
            | A::CaseOpinionStatus
            | A::CaseOpinionVoice
            | A::CaseOpinionLink => AuditKind::Case,
            A::ScreeningCreate
            | A::ScreeningUpdate
            | A::ScreeningToCase
            | A::CampaignCreate
            | A::CampaignClear
            | A::RiskAssessment => AuditKind::Screening,
            A::LedgerImport => AuditKind::Ledger,
            A::RosterSave | A::TrainingRecord => AuditKind::Roster,
            A::AccountabilityRecord => AuditKind::Accountability,
            A::MeetingRecord | A::MeetingMeasureDone => AuditKind::Risk,
            A::KeyPersonCreate
            | A::KeyPersonUpdate
            | A::KeyPersonContact
            | A::KeyPersonUrge
            | A::KeyPersonDismiss
            | A::RiskRulesSave
            | A::PeriodCreate
            | A::ZeroReportSubmit => AuditKind::KeyPerson,
            A::UserCreate
            | A::UserUpdate
            | A::TokenCreate
            | A::TokenRevoke
            | A::PasswordChange
            | A::UserLock
            | A::UserUnlock => AuditKind::User,
            A::SettingSet
            | A::CalendarSave
            | A::RulesSave
            | A::WebhookCreate
            | A::UnitInfoSave
            | A::ScorecardSave => AuditKind::Setting,
            A::MilestoneNotice => AuditKind::Milestone,
            A::OrgCreate | A::OrgSeed | A::OrgRename => AuditKind::Org,
            A::NoticeIssue | A::ReportSend | A::GoalRankSave => AuditKind::Report,
        }
    }

    /// The label of a stored action key; an unknown key (from a newer
    /// version) is shown as it is.
    pub fn label_of(key: &str) -> String {
        match AuditAction::ALL.iter().find(|a| a.as_str() == key) {
            Some(a) => a.label().to_string(),
            None => key.to_string(),
        }
    }
}

impl AuditKind {
    /// Every action of this kind.
    pub fn actions(self) -> Vec<AuditAction> {
        AuditAction::ALL
            .iter()
            .copied()
            .filter(|a| a.kind() == self)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workflow::STEP_NAMES;

    #[test]
    fn every_step_has_its_action_with_the_step_label() {
        for (key, label) in STEP_NAMES {
            let action = AuditAction::ALL
                .iter()
                .find(|a| a.as_str() == format!("case.{key}"))
                .unwrap_or_else(|| panic!("no audit action for step {key}"));
            assert_eq!(action.label(), format!("办理：{label}"));
            assert_eq!(action.kind(), AuditKind::Case);
        }
    }

    #[test]
    fn keys_and_labels_are_distinct_and_every_kind_has_actions() {
        let mut keys: Vec<_> = AuditAction::ALL.iter().map(|a| a.as_str()).collect();
        let mut labels: Vec<_> = AuditAction::ALL.iter().map(|a| a.label()).collect();
        keys.sort_unstable();
        keys.dedup();
        labels.sort_unstable();
        labels.dedup();
        assert_eq!(keys.len(), AuditAction::ALL.len());
        assert_eq!(labels.len(), AuditAction::ALL.len());
        for kind in AuditKind::ALL {
            assert!(!kind.actions().is_empty(), "{kind:?} has no action");
        }
    }

    #[test]
    fn stored_keys_are_the_historic_strings() {
        // The hash chain covers these strings: they must read back as written.
        for (key, action) in [
            ("personal.reveal", AuditAction::PersonalReveal),
            ("token.create", AuditAction::TokenCreate),
            ("rules.save", AuditAction::RulesSave),
            ("calendar.save", AuditAction::CalendarSave),
            ("roster.save", AuditAction::RosterSave),
            ("org.seed", AuditAction::OrgSeed),
            ("milestone.notice", AuditAction::MilestoneNotice),
        ] {
            assert_eq!(AuditAction::parse(key), Some(action));
        }
        assert_eq!(AuditAction::label_of("case.assign"), "办理：转办");
        assert_eq!(AuditAction::label_of("future.thing"), "future.thing");
        assert_eq!(AuditKind::parse("personal"), Some(AuditKind::Personal));
    }
}
