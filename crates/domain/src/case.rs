//! The case (信访事项 / 舆情事件): what is registered, and what the system knows of it.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::errors::{FieldErrors, FieldReader, clean_text};
use crate::ident::{PhoneNumber, ResidentId};
use crate::repeat::{RepeatDecision, RepeatRecord};
use crate::vocab::CaseStatus;
use crate::vocab::{
    CaseKind, Category, Channel, EscalatedTo, Finding, OnlineSeverity, PovertyStatus, Satisfaction,
    SourceLevel, TriRecord,
};

/// 信访件编号 — a case number such as `建安信访〔2022〕0001号`: a configurable
/// prefix, the year, and a sequence number that restarts every year.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CaseNumber(String);

impl CaseNumber {
    /// The default prefix, for Jian'an.
    pub const DEFAULT_PREFIX: &'static str = "建安信访";

    /// Compose the number for the `seq`-th case of `year`.
    pub fn compose(prefix: &str, year: i16, seq: i64) -> CaseNumber {
        CaseNumber(format!("{prefix}〔{year}〕{seq:04}号"))
    }

    /// Parse a number in the composed form; returns (prefix, year, seq).
    pub fn parse(s: &str) -> Option<(String, i16, i64)> {
        let s = s.trim();
        let (prefix, rest) = s.split_once('〔')?;
        let (year, rest) = rest.split_once('〕')?;
        let seq = rest.strip_suffix('号')?;
        let year: i16 = year.parse().ok()?;
        let seq: i64 = seq.parse().ok()?;
        (!prefix.is_empty() && seq > 0).then(|| (prefix.to_string(), year, seq))
    }

    /// The number as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// 信访人 — a person, one record per person (linked by ID number when known).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Petitioner {
    /// Database id.
    pub id: i64,
    /// 姓名
    pub name: String,
    /// 身份证号, when known.
    pub id_number: Option<ResidentId>,
    /// 联系电话
    pub phone: Option<PhoneNumber>,
    /// 住址
    pub address: Option<String>,
    /// 是否脱贫户（监测对象）
    pub poverty_status: PovertyStatus,
}

/// A petitioner as typed in, validated, before it is matched or stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPetitioner {
    /// 姓名
    pub name: String,
    /// 身份证号
    pub id_number: Option<ResidentId>,
    /// 联系电话
    pub phone: Option<PhoneNumber>,
    /// 住址
    pub address: Option<String>,
    /// 是否脱贫户（监测对象）
    pub poverty_status: PovertyStatus,
}

/// Details only an online public-opinion incident (网络舆情) has.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct OnlineDetails {
    /// 平台, e.g. 抖音.
    pub platform: Option<String>,
    /// 链接
    pub link: Option<String>,
    /// 发帖人
    pub poster: Option<String>,
    /// 发帖时间
    pub posted_at: Option<Timestamp>,
    /// 发现时间
    pub discovered_at: Option<Timestamp>,
    /// 传播范围/阅读量, free text such as "1.2万次播放".
    pub reach: Option<String>,
    /// 舆情等级 — required when registering from issue 10 on; None on
    /// incidents registered before it was asked.
    pub severity: Option<OnlineSeverity>,
}

/// The registration form (登记), as text from a web form or JSON: every field a
/// string so that bad input can be reported field by field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RegistrationInput {
    /// 信访类型 (label or key).
    pub kind: String,
    /// 信访渠道
    pub channel: String,
    /// 来源层级
    pub source_level: String,
    /// 是否重点交办: 是/否/true/on.
    pub key_assigned: String,
    /// 接待日期 (time received).
    pub received_at: String,
    /// 问题所属乡镇 — organisation id.
    pub township_id: String,
    /// 村/社区 — organisation id, optional.
    pub village_id: String,
    /// 反映问题
    pub summary: String,
    /// 问题类别
    pub category: String,
    /// 信访人姓名
    pub petitioner_name: String,
    /// 身份证号
    pub petitioner_id_number: String,
    /// 联系电话
    pub petitioner_phone: String,
    /// 住址
    pub petitioner_address: String,
    /// 是否脱贫户（监测对象）
    pub poverty_status: String,
    /// 随访人姓名, separated by 、 , ， or new lines.
    pub companions: String,
    /// 网络舆情: 平台
    pub platform: String,
    /// 网络舆情: 链接
    pub link: String,
    /// 网络舆情: 发帖人
    pub poster: String,
    /// 网络舆情: 发帖时间
    pub posted_at: String,
    /// 网络舆情: 发现时间
    pub discovered_at: String,
    /// 网络舆情: 传播范围
    pub reach: String,
    /// 网络舆情: 舆情等级 (一般, 较大, 重大); required for 网络舆情, refused for other kinds.
    pub severity: String,
    /// 是否积案
    pub backlog: String,
    /// 积案原因
    pub backlog_reason: String,
    /// 备注
    pub remarks: String,
    /// 越级去向: 赴市, 赴省, 进京, or blank (无) — a destination makes the case 越级访.
    pub escalated_to: String,
    /// An earlier case this one repeats, confirmed by the officer (id).
    pub related_case_id: String,
    /// The officer's answer to a suspected repeat: `confirm` (register as
    /// 重复访 linked to the earlier case) or `override` (register as typed).
    pub repeat_decision: String,
}

/// A validated registration, ready for the store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCase {
    /// 信访类型
    pub kind: CaseKind,
    /// 信访渠道
    pub channel: Channel,
    /// 来源层级
    pub source_level: SourceLevel,
    /// 是否重点交办
    pub key_assigned: bool,
    /// 接待日期
    pub received_at: Timestamp,
    /// 问题所属乡镇 (organisation id, checked against the tree by the service).
    pub township_id: i64,
    /// 村/社区 (organisation id).
    pub village_id: Option<i64>,
    /// 反映问题
    pub summary: String,
    /// 问题类别
    pub category: Category,
    /// 信访人; None only for online incidents with an unknown poster.
    pub petitioner: Option<NewPetitioner>,
    /// 随访人 names.
    pub companions: Vec<String>,
    /// 网络舆情 details.
    pub online: Option<OnlineDetails>,
    /// 是否积案
    pub backlog: bool,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 备注
    pub remarks: Option<String>,
    /// Confirmed link to the earlier case this repeats.
    pub related_case_id: Option<i64>,
    /// 越级去向
    pub escalated_to: Option<EscalatedTo>,
    /// 重复访判定, when the registrant was asked (set by the service, never parsed).
    pub repeat: Option<RepeatRecord>,
}

/// Longest summary accepted, in characters.
pub const SUMMARY_MAX: usize = 2000;

impl RegistrationInput {
    /// Check every field; on failure, every problem is listed with its field.
    pub fn parse(&self) -> Result<NewCase, FieldErrors> {
        let mut r = FieldReader::default();
        let kind = r.choice("kind", "信访类型", &self.kind, CaseKind::parse);
        let channel = r.choice("channel", "信访渠道", &self.channel, Channel::parse);
        let source_level = r.choice(
            "source_level",
            "来源层级",
            &self.source_level,
            SourceLevel::parse,
        );
        let received_at = r.time("received_at", "接待日期", &self.received_at);
        let received_at = r.not_too_old("received_at", "接待日期", received_at);
        let township_id = r.id("township_id", "问题所属乡镇", &self.township_id);
        let village_id = r.optional_id("village_id", "村/社区", &self.village_id);
        let summary = r.required("summary", "反映问题", &self.summary, SUMMARY_MAX);
        let category = r.choice("category", "问题类别", &self.category, Category::parse);
        let related_case_id = r.optional_id("related_case_id", "关联案件", &self.related_case_id);
        r.optional_choice(
            "repeat_decision",
            "重复访判定",
            &self.repeat_decision,
            RepeatDecision::parse,
        );
        let escalated_to = match self.escalated_to.trim() {
            "无" | "none" | "否" => None,
            text => r.optional_choice("escalated_to", "越级去向", text, EscalatedTo::parse),
        };
        // A petitioner who went above the district makes the case 越级访
        // (its 当天/24小时 clocks); an online incident has no destination.
        let kind = match (kind, escalated_to) {
            (Some(CaseKind::OnlineOpinion), Some(_)) => {
                r.errors
                    .add("escalated_to", "越级去向", "网络舆情不填写越级去向");
                kind
            }
            (Some(_), Some(_)) => Some(CaseKind::Escalated),
            _ => kind,
        };
        let remarks = r.optional("remarks", "备注", &self.remarks, 1000);
        let key_assigned = r.flag("key_assigned", "是否重点交办", &self.key_assigned);
        let backlog = r.flag("backlog", "是否积案", &self.backlog);
        let backlog_reason = r.optional("backlog_reason", "积案原因", &self.backlog_reason, 500);
        if backlog && backlog_reason.is_none() {
            r.errors
                .add("backlog_reason", "积案原因", "积案必须填写积案原因");
        }

        let online_kind = kind == Some(CaseKind::OnlineOpinion);
        let petitioner = self.parse_petitioner(&mut r, !online_kind);
        if let (Some(p), Some(at)) = (&petitioner, received_at)
            && let Some(id) = &p.id_number
            && let Err(e) = id.born_by(crate::clock::local_date(at))
        {
            r.errors
                .add("petitioner_id_number", "身份证号", e.to_string());
        }
        if let Err(message) = clean_text(&self.companions, false) {
            r.errors.add("companions", "随访人姓名", message);
        }
        let companions: Vec<String> = self
            .companions
            .split(['、', ',', '，', '\n', ';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        if companions.len() > 20 {
            r.errors
                .add("companions", "随访人姓名", "随访人不能超过20人");
        }
        if companions.iter().any(|c| c.chars().count() > 30) {
            r.errors
                .add("companions", "随访人姓名", "每位随访人姓名不能超过30个字");
        }

        let online = if online_kind {
            let details = OnlineDetails {
                platform: r.optional_line("platform", "平台", &self.platform, 50),
                link: r.optional_line("link", "链接", &self.link, 500),
                poster: r.optional_line("poster", "发帖人", &self.poster, 100),
                posted_at: {
                    let t = r.optional_time("posted_at", "发帖时间", &self.posted_at);
                    r.not_too_old("posted_at", "发帖时间", t)
                },
                discovered_at: {
                    let t = r.optional_time("discovered_at", "发现时间", &self.discovered_at);
                    r.not_too_old("discovered_at", "发现时间", t)
                },
                reach: r.optional_line("reach", "传播范围", &self.reach, 100),
                severity: r.optional_choice(
                    "severity",
                    "舆情等级",
                    &self.severity,
                    OnlineSeverity::parse,
                ),
            };
            if details.severity.is_none() && self.severity.trim().is_empty() {
                r.errors
                    .add("severity", "舆情等级", "网络舆情必须填写舆情等级");
            }
            if details.platform.is_none() {
                r.errors.add("platform", "平台", "网络舆情必须填写平台");
            }
            if let (Some(p), Some(d)) = (details.posted_at, details.discovered_at)
                && d < p
            {
                r.errors
                    .add("discovered_at", "发现时间", "发现时间不能早于发帖时间");
            }
            Some(details)
        } else {
            if !self.severity.trim().is_empty() {
                r.errors
                    .add("severity", "舆情等级", "只有网络舆情填写舆情等级");
            }
            None
        };

        match (
            kind,
            channel,
            source_level,
            received_at,
            township_id,
            category,
        ) {
            (
                Some(kind),
                Some(channel),
                Some(source_level),
                Some(received_at),
                Some(township_id),
                Some(category),
            ) if r.errors.is_empty() => Ok(NewCase {
                kind,
                channel,
                source_level,
                key_assigned,
                received_at,
                township_id,
                village_id,
                summary,
                category,
                petitioner,
                companions,
                online,
                backlog,
                backlog_reason,
                remarks,
                related_case_id,
                escalated_to,
                repeat: None,
            }),
            _ => Err(r.errors),
        }
    }

    fn parse_petitioner(&self, r: &mut FieldReader, required: bool) -> Option<NewPetitioner> {
        let blank = self.petitioner_name.trim().is_empty()
            && self.petitioner_id_number.trim().is_empty()
            && self.petitioner_phone.trim().is_empty();
        if blank && !required {
            return None;
        }
        let name = r.required_line("petitioner_name", "信访人姓名", &self.petitioner_name, 30);
        let id_number = if self.petitioner_id_number.trim().is_empty() {
            None
        } else {
            match ResidentId::parse(&self.petitioner_id_number) {
                Ok(id) => Some(id),
                Err(e) => {
                    r.errors
                        .add("petitioner_id_number", "身份证号", e.to_string());
                    None
                }
            }
        };
        let phone = if self.petitioner_phone.trim().is_empty() {
            None
        } else {
            match PhoneNumber::parse(&self.petitioner_phone) {
                Ok(p) => Some(p),
                Err(e) => {
                    r.errors.add("petitioner_phone", "联系电话", e.to_string());
                    None
                }
            }
        };
        let address = r.optional_line("petitioner_address", "住址", &self.petitioner_address, 200);
        let poverty_status = if self.poverty_status.trim().is_empty() {
            Some(PovertyStatus::General)
        } else {
            r.choice(
                "poverty_status",
                "是否脱贫户（监测对象）",
                &self.poverty_status,
                PovertyStatus::parse,
            )
        };
        Some(NewPetitioner {
            name,
            id_number,
            phone,
            address,
            poverty_status: poverty_status.unwrap_or(PovertyStatus::General),
        })
    }
}

/// A unit (承办单位) on a case: the lead or a co-handler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseUnit {
    /// Organisation id.
    pub org_id: i64,
    /// Organisation name.
    pub name: String,
    /// true for the responsible (lead) unit, false for a co-handler (协办).
    pub lead: bool,
}

/// A case as read back, with the names the pages and ledgers need.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Case {
    /// Database id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型
    pub kind: CaseKind,
    /// 信访渠道
    pub channel: Channel,
    /// 来源层级
    pub source_level: SourceLevel,
    /// 是否重点交办
    pub key_assigned: bool,
    /// 接待日期
    pub received_at: Timestamp,
    /// 问题所属乡镇 id
    pub township_id: i64,
    /// 问题所属乡镇
    pub township: String,
    /// 村/社区 id
    pub village_id: Option<i64>,
    /// 村/社区
    pub village: Option<String>,
    /// 反映问题
    pub summary: String,
    /// 问题类别
    pub category: Category,
    /// Where the case is in the six steps.
    pub status: CaseStatus,
    /// The main petitioner.
    pub petitioner: Option<Petitioner>,
    /// 随访人 names.
    pub companions: Vec<String>,
    /// 承办单位: lead first, then co-handlers.
    pub units: Vec<CaseUnit>,
    /// 承办人 user id.
    pub handler_user_id: Option<i64>,
    /// 承办人/经办人 name.
    pub handler_name: Option<String>,
    /// 承办人 contact phone.
    pub handler_phone: Option<String>,
    /// 包案人 user id.
    pub leader_user_id: Option<i64>,
    /// 包案人 name.
    pub leader_name: Option<String>,
    /// 信访人反映问题是否属实
    pub finding: Option<Finding>,
    /// 三到位一处理
    pub tri: Option<TriRecord>,
    /// 处理意见 text.
    pub opinion: Option<String>,
    /// 信访人是否满意 (latest return visit).
    pub satisfaction: Option<Satisfaction>,
    /// When the latest return visit was made.
    pub return_visit_at: Option<Timestamp>,
    /// When the 处理意见书 of the current opinion reached the petitioner
    /// (its first delivery; cleared by a new opinion). Opens the 复查 window.
    #[serde(default)]
    pub opinion_delivered_at: Option<Timestamp>,
    /// 是否稳定
    pub stable: Option<bool>,
    /// 是否积案
    pub backlog: bool,
    /// 积案原因
    pub backlog_reason: Option<String>,
    /// 备注
    pub remarks: Option<String>,
    /// 网络舆情 details.
    pub online: Option<OnlineDetails>,
    /// The earlier case this one repeats.
    pub related_case_id: Option<i64>,
    /// Its number.
    pub related_case_number: Option<String>,
    /// 越级去向
    pub escalated_to: Option<EscalatedTo>,
    /// 重复访判定 given at registration, when the registrant was asked.
    pub repeat_decision: Option<RepeatDecision>,
    /// 督办 level reached: 0 none, 1 urged, 2 escalated.
    pub supervision_level: i64,
    /// When it was closed (交).
    pub closed_at: Option<Timestamp>,
    /// Optimistic-concurrency version; a save must name the version it read.
    pub version: i64,
    /// When registered.
    pub created_at: Timestamp,
    /// When last changed.
    pub updated_at: Timestamp,
}

impl Case {
    /// The lead unit (责任单位), if assigned.
    pub fn lead_unit(&self) -> Option<&CaseUnit> {
        self.units.iter().find(|u| u.lead)
    }

    /// Ids of all units on the case.
    pub fn unit_ids(&self) -> Vec<i64> {
        self.units.iter().map(|u| u.org_id).collect()
    }
}

/// Whether a new registration repeats an earlier case of the same person:
/// same category, received within the 12 months before (see [`crate::repeat`]).
pub fn is_probable_repeat(
    earlier_received: Timestamp,
    earlier_category: Category,
    new_received: Timestamp,
    new_category: Category,
) -> bool {
    earlier_category == new_category
        && crate::repeat::within_twelve_months(earlier_received, new_received)
}

#[cfg(test)]
#[path = "case_tests.rs"]
mod tests;
