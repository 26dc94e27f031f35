//! 排查活动 (with coverage) and 三级研判 as JSON.

use serde::Serialize;
use xinfang_domain::assessment::AssessmentLevel;
use xinfang_domain::campaign::CoverageCounts;
use xinfang_domain::risk_grade::RiskGrade;
use xinfang_store::{AssessmentRecord, CampaignRecord};

use super::{ScreeningJson, t};

/// An organisation named in a campaign.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NamedOrgJson {
    /// Id.
    pub id: i64,
    /// Name.
    pub name: String,
}

/// 排查活动.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignJson {
    /// Id.
    pub id: i64,
    /// 活动名称.
    pub name: String,
    /// 排查方式 (label): 集中排查, 日常排查 or 敏感节点排查.
    pub kind: String,
    /// 排查方式 key: campaign, routine, sensitive_period.
    pub kind_key: String,
    /// 组织单位 id (the district, or the township running its own 日常排查).
    pub org_id: i64,
    /// 组织单位.
    pub organiser: String,
    /// 开始日期, YYYY-MM-DD.
    pub starts_on: String,
    /// 结束日期, YYYY-MM-DD (inclusive).
    pub ends_on: String,
    /// 覆盖乡镇 (those the caller may read).
    pub townships: Vec<NamedOrgJson>,
    /// 覆盖村/社区数 (of those townships).
    pub village_count: usize,
    /// 重点问题类别 (labels); empty: every category.
    pub categories: Vec<String>,
    /// 备注.
    pub remarks: String,
    /// Who organised it.
    pub created_by: Option<String>,
    /// When, RFC 3339 with +08:00.
    pub created_at: String,
}

impl CampaignJson {
    /// A campaign with the townships the caller may read, named from `names`.
    pub fn of(c: &CampaignRecord, townships: Vec<NamedOrgJson>, village_count: usize) -> Self {
        CampaignJson {
            id: c.id,
            name: c.campaign.name.clone(),
            kind: c.campaign.kind.label().into(),
            kind_key: c.campaign.kind.as_str().into(),
            org_id: c.org_id,
            organiser: c.org_name.clone(),
            starts_on: c.campaign.starts_on.to_string(),
            ends_on: c.campaign.ends_on.to_string(),
            townships,
            village_count,
            categories: c
                .campaign
                .categories
                .iter()
                .map(|c| c.label().to_string())
                .collect(),
            remarks: c.campaign.remarks.clone(),
            created_by: c.created_by.clone(),
            created_at: t(c.created_at),
        }
    }
}

/// Entries of one grade.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GradeCountJson {
    /// 风险等级: 一般, 较大, 重大, or 未定级.
    pub grade: String,
    /// Entries.
    pub count: usize,
}

/// Entries of one category.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CategoryCountJson {
    /// 问题类别.
    pub category: String,
    /// Entries.
    pub count: usize,
}

/// Coverage figures of one township (or of the whole campaign).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoverageRowJson {
    /// 乡镇 id (None for the total).
    pub township_id: Option<i64>,
    /// 乡镇 (合计 for the total).
    pub township: String,
    /// 应排查村数.
    pub villages: usize,
    /// 已排查村数 (with entries or 已排查无风险).
    pub screened: usize,
    /// …with entries.
    pub with_entries: usize,
    /// …已排查无风险.
    pub clear: usize,
    /// 未排查村数.
    pub not_screened: usize,
    /// 覆盖率, whole per cent.
    pub percent: u32,
    /// 排查记录.
    pub entries: usize,
    /// By grade: 一般, 较大, 重大, 未定级, in that order.
    pub by_grade: Vec<GradeCountJson>,
    /// By category (only categories with entries).
    pub by_category: Vec<CategoryCountJson>,
}

impl CoverageRowJson {
    /// A row of counts.
    pub fn of(township_id: Option<i64>, township: String, c: &CoverageCounts) -> Self {
        let mut by_grade: Vec<GradeCountJson> = RiskGrade::ALL
            .iter()
            .zip(&c.by_grade)
            .map(|(g, n)| GradeCountJson {
                grade: g.label().into(),
                count: *n,
            })
            .collect();
        by_grade.push(GradeCountJson {
            grade: "未定级".into(),
            count: c.ungraded,
        });
        CoverageRowJson {
            township_id,
            township,
            villages: c.villages,
            screened: c.screened,
            with_entries: c.with_entries,
            clear: c.clear,
            not_screened: c.not_screened,
            percent: c.percent(),
            entries: c.entries,
            by_grade,
            by_category: c
                .by_category
                .iter()
                .map(|(k, n)| CategoryCountJson {
                    category: k.label().into(),
                    count: *n,
                })
                .collect(),
        }
    }
}

/// A covered village and how it stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CoveredVillageJson {
    /// Village id.
    pub id: i64,
    /// 村/社区.
    pub name: String,
    /// 乡镇 id.
    pub township_id: i64,
    /// 乡镇.
    pub township: String,
    /// found, clear or not_screened.
    pub state: String,
    /// 有排查记录, 已排查无风险 or 未排查.
    pub state_label: String,
    /// Its entries under the campaign.
    pub entries: usize,
    /// 已排查无风险: the day reported.
    pub clear_on: Option<String>,
    /// 已排查无风险: the remarks.
    pub clear_remarks: Option<String>,
}

/// 排查活动 with its coverage (覆盖情况), limited to the caller's townships.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CampaignCoverageJson {
    /// The campaign.
    pub campaign: CampaignJson,
    /// One row per township.
    pub townships: Vec<CoverageRowJson>,
    /// 合计.
    pub total: CoverageRowJson,
    /// Every covered village.
    pub villages: Vec<CoveredVillageJson>,
}

/// One level of 三级研判 and where it stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentLevelJson {
    /// village, township or district.
    pub level: String,
    /// 村级研判, 乡镇级研判 or 区级研判.
    pub level_label: String,
    /// done, awaiting (the next to record) or waiting (an earlier level first).
    pub status: String,
    /// 研判意见.
    pub opinion: Option<String>,
    /// 风险等级.
    pub risk_grade: Option<String>,
    /// 处置措施.
    pub measures: Option<String>,
    /// The organisation whose assessment it is (the village for 村级).
    pub org: Option<String>,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    /// When, RFC 3339 with +08:00.
    pub recorded_at: Option<String>,
}

impl AssessmentLevelJson {
    /// A level, recorded (`rec`) or not; `next` is the level awaited.
    pub fn of(
        level: AssessmentLevel,
        rec: Option<&AssessmentRecord>,
        next: Option<AssessmentLevel>,
    ) -> Self {
        let status = match (rec, next) {
            (Some(_), _) => "done",
            (None, Some(n)) if n == level => "awaiting",
            (None, _) => "waiting",
        };
        AssessmentLevelJson {
            level: level.as_str().into(),
            level_label: level.label().into(),
            status: status.into(),
            opinion: rec.map(|r| r.assessment.opinion.clone()),
            risk_grade: rec.map(|r| r.assessment.grade.label().to_string()),
            measures: rec.map(|r| r.assessment.measures.clone()),
            org: rec.map(|r| r.org_name.clone()),
            recorded_by: rec.and_then(|r| r.recorded_by.clone()),
            recorded_at: rec.map(|r| t(r.recorded_at)),
        }
    }
}

/// 三级研判 of one subject.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentsJson {
    /// screening (or, later, person).
    pub subject_kind: String,
    /// The subject's id.
    pub subject_id: i64,
    /// The three levels in order.
    pub levels: Vec<AssessmentLevelJson>,
    /// The level awaited (None: all three done).
    pub next_level: Option<String>,
    /// 最终风险等级 — the district's, once recorded.
    pub final_grade: Option<String>,
    /// The caller may record the awaited level.
    pub may_assess: bool,
}

/// An entry in a 待研判 queue.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueItemJson {
    /// The screening entry.
    pub screening: ScreeningJson,
    /// The level before (its grade and opinion), when there is one.
    pub previous: Option<AssessmentLevelJson>,
}

/// Entries awaiting one level, within the caller's scope.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssessmentQueueJson {
    /// The level: village, township or district.
    pub level: String,
    /// Its label.
    pub level_label: String,
    /// Entries awaiting it in all.
    pub total: i64,
    /// Awaiting each level (村级, 乡镇级, 区级), in the caller's scope.
    pub counts: Vec<QueueCountJson>,
    /// This page, oldest screened first.
    pub items: Vec<QueueItemJson>,
}

/// How many await one level.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QueueCountJson {
    /// village, township or district.
    pub level: String,
    /// 村级研判, 乡镇级研判 or 区级研判.
    pub level_label: String,
    /// Entries awaiting it.
    pub count: i64,
}
