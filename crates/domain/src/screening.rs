//! 排查 — screening entries (排查记录, Annex 1 不稳定因素排查处置台账): one row
//! per risk found, with how it was found, and the pure parse of the entry form.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::case::SUMMARY_MAX;
use crate::clock::{local_date, start_of_day};
use crate::errors::{FieldErrors, FieldReader, truthy};
use crate::ident::{PhoneNumber, ResidentId};
use crate::risk_grade::RiskGrade;
use crate::vocab::{Category, PovertyStatus, TriAnswer, TriRecord};

crate::labelled_enum! {
    /// 排查方式 — how a risk in Annex 1 was found.
    pub enum ScreeningKind {
        /// 集中排查 — a district-wide sweep.
        Campaign => ("campaign", "集中排查"),
        /// 日常排查 — routine screening.
        Routine => ("routine", "日常排查"),
        /// 敏感节点排查 — screening before a sensitive period.
        SensitivePeriod => ("sensitive_period", "敏感节点排查"),
    }
}

/// 排查记录 — a screening entry as typed in or imported, checked, ready to store.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningEntry {
    /// 乡镇 (organisation id).
    pub township_id: i64,
    /// 村/社区 (organisation id).
    pub village_id: Option<i64>,
    /// 排查时间 — local midnight of the day.
    pub screened_at: Timestamp,
    /// 排查方式 key (`campaign`, `routine`, `sensitive_period`), when known.
    pub screening_kind: Option<String>,
    /// 排查活动 it was reported under (None for entries before campaigns).
    pub campaign_id: Option<i64>,
    /// 风险等级 (分级); the district's 研判 grade replaces it and is final.
    pub risk_grade: Option<RiskGrade>,
    /// 信访人姓名
    pub name: String,
    /// 身份证号
    pub id_number: Option<ResidentId>,
    /// 联系方式
    pub phone: Option<PhoneNumber>,
    /// 是否脱贫户（监测对象）
    pub poverty: Option<PovertyStatus>,
    /// 反映问题
    pub problem: String,
    /// 问题类别
    pub category: Category,
    /// 是否为新排查出的不稳定因素
    pub newly_found: Option<bool>,
    /// 责任单位 as an organisation, when it is one.
    pub unit_id: Option<i64>,
    /// 责任单位 as written (the organisation's name, or free text).
    pub unit_text: String,
    /// 三到位一处理
    pub tri: TriRecord,
    /// 是否稳定
    pub stable: Option<bool>,
    /// 备注
    pub remarks: String,
    /// Duplicate key (the same as Annex 1's row fingerprint), unique per
    /// township; set once the township's name is known.
    pub fingerprint: String,
}

/// A stored screening entry with the names its pages and ledger print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScreeningRecord {
    /// Id.
    pub id: i64,
    /// The entry's fields.
    #[serde(flatten)]
    pub entry: ScreeningEntry,
    /// 乡镇 name.
    pub township: String,
    /// 村/社区 name.
    pub village: Option<String>,
    /// 责任单位 organisation name, when linked to one.
    pub unit_name: Option<String>,
    /// The case it was turned into (转为案件).
    pub case_id: Option<i64>,
    /// That case's number.
    pub case_number: Option<String>,
    /// 排查活动 name.
    pub campaign: Option<String>,
    /// The grade is the district's 研判 grade (final).
    pub grade_final: bool,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When entered.
    pub created_at: Timestamp,
    /// When last changed.
    pub updated_at: Timestamp,
}

impl ScreeningRecord {
    /// 责任单位 as printed: the organisation's name, else the text.
    pub fn unit_display(&self) -> String {
        self.unit_name
            .clone()
            .unwrap_or_else(|| self.entry.unit_text.clone())
    }
}

fn yes_no_text(v: Option<bool>) -> String {
    match v {
        Some(true) => "是".into(),
        Some(false) => "否".into(),
        None => String::new(),
    }
}

/// A 是/否 answer (or `yes`/`no`, `true`/`false`, 1/0); blank is no answer,
/// anything else is named as wrong.
pub fn yes_no(r: &mut FieldReader, field: &str, label: &str, v: &str) -> Option<bool> {
    match v.trim() {
        "" => None,
        "否" | "no" | "false" | "0" | "×" => Some(false),
        s if truthy(s) => Some(true),
        s => {
            r.errors
                .add(field, label, format!("应为“是”或“否”，而不是“{s}”"));
            None
        }
    }
}

fn tri(r: &mut FieldReader, field: &str, label: &str, v: &str) -> TriAnswer {
    if v.trim().is_empty() {
        return TriAnswer::NotApplicable;
    }
    r.choice(field, label, v, TriAnswer::parse)
        .unwrap_or(TriAnswer::NotApplicable)
}

/// A screening entry as typed in a form or JSON: every field text, so that
/// each bad one can be named.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct ScreeningInput {
    /// 排查时间 (YYYY-MM-DD).
    pub screened_at: String,
    /// 排查方式: 集中排查 / 日常排查 / 敏感节点排查 (label or key).
    pub screening_kind: String,
    /// 排查活动 (id), optional: an entry reported under a campaign must
    /// name its village and a 风险等级, and fall in its period and area.
    pub campaign_id: String,
    /// 风险等级: 一般, 较大 or 重大 (required under a campaign).
    pub risk_grade: String,
    /// 乡镇 (organisation id).
    pub township_id: String,
    /// 村/社区 (organisation id), optional.
    pub village_id: String,
    /// 信访人姓名
    pub name: String,
    /// 身份证号, optional.
    pub id_number: String,
    /// 联系方式
    pub phone: String,
    /// 是否脱贫户（监测对象）, optional.
    pub poverty_status: String,
    /// 反映问题
    pub problem: String,
    /// 问题类别
    pub category: String,
    /// 是否为新排查出的不稳定因素: 是/否/blank.
    pub newly_found: String,
    /// 责任单位 (organisation id), optional.
    pub unit_id: String,
    /// 责任单位 as text when it is not an organisation of the tree.
    pub unit_text: String,
    /// 诉求合理的是否解决到位
    pub tri_reasonable: String,
    /// 诉求无理的是否思想引导到位
    pub tri_unreasonable: String,
    /// 生活困难的是否帮扶救助到位
    pub tri_hardship: String,
    /// 行为违法的是否依法处理
    pub tri_unlawful: String,
    /// 是否稳定: 是/否/blank.
    pub stable: String,
    /// 备注
    pub remarks: String,
    /// The version the form was built from.
    pub version: String,
}

impl ScreeningInput {
    /// The form of a stored entry.
    pub fn from_record(s: &ScreeningRecord) -> ScreeningInput {
        let e = &s.entry;
        ScreeningInput {
            screened_at: local_date(e.screened_at).to_string(),
            screening_kind: e.screening_kind.clone().unwrap_or_default(),
            campaign_id: e.campaign_id.map(|v| v.to_string()).unwrap_or_default(),
            risk_grade: e
                .risk_grade
                .map(|g| g.as_str().to_string())
                .unwrap_or_default(),
            township_id: e.township_id.to_string(),
            village_id: e.village_id.map(|v| v.to_string()).unwrap_or_default(),
            name: e.name.clone(),
            // Masked: the edit form does not reveal them; sent back
            // unchanged, they keep the stored values (see `update`).
            id_number: e
                .id_number
                .as_ref()
                .map(ResidentId::masked)
                .unwrap_or_default(),
            phone: e
                .phone
                .as_ref()
                .map(PhoneNumber::masked)
                .unwrap_or_default(),
            poverty_status: e
                .poverty
                .map(|p| p.as_str().to_string())
                .unwrap_or_default(),
            problem: e.problem.clone(),
            category: e.category.as_str().into(),
            newly_found: yes_no_text(e.newly_found),
            unit_id: e.unit_id.map(|v| v.to_string()).unwrap_or_default(),
            unit_text: if e.unit_id.is_some() {
                String::new()
            } else {
                e.unit_text.clone()
            },
            tri_reasonable: e.tri.reasonable_resolved.as_str().into(),
            tri_unreasonable: e.tri.unreasonable_guided.as_str().into(),
            tri_hardship: e.tri.hardship_helped.as_str().into(),
            tri_unlawful: e.tri.unlawful_handled.as_str().into(),
            stable: yes_no_text(e.stable),
            remarks: e.remarks.clone(),
            version: s.version.to_string(),
        }
    }

    /// The entry as typed, every field checked; every problem names its
    /// field. The organisations are only numbers here: the caller looks them
    /// up, names the 责任单位 and sets the fingerprint.
    pub fn parse(&self) -> Result<ScreeningEntry, FieldErrors> {
        let i = self;
        let mut r = FieldReader::default();
        let day = i.screened_at.trim().replace(['/', '.'], "-");
        let screened_on = if day.is_empty() {
            r.errors.add("screened_at", "排查时间", "不能为空");
            None
        } else {
            let d = jiff::civil::Date::strptime("%Y-%m-%d", day.get(..10).unwrap_or(&day)).ok();
            if d.is_none() {
                r.errors.add(
                    "screened_at",
                    "排查时间",
                    format!("日期格式不正确“{}”，应如 2022-03-05", i.screened_at.trim()),
                );
            }
            d
        };
        let kind = r.optional_choice(
            "screening_kind",
            "排查方式",
            &i.screening_kind,
            ScreeningKind::parse,
        );
        let campaign_id = r.optional_id("campaign_id", "排查活动", &i.campaign_id);
        let risk_grade =
            r.optional_choice("risk_grade", "风险等级", &i.risk_grade, RiskGrade::parse);
        if campaign_id.is_some() && risk_grade.is_none() && !r.errors.has("risk_grade") {
            r.errors.add(
                "risk_grade",
                "风险等级",
                "排查活动中登记的记录须评定风险等级",
            );
        }
        let township_id = r.id("township_id", "乡镇", &i.township_id);
        let village_id = r.optional_id("village_id", "村/社区", &i.village_id);
        if campaign_id.is_some() && village_id.is_none() && !r.errors.has("village_id") {
            r.errors
                .add("village_id", "村/社区", "排查活动中登记的记录须填写村/社区");
        }
        let name = r.required_line("name", "信访人姓名", &i.name, 30);
        let id_number = match i.id_number.trim() {
            "" => None,
            s => ResidentId::parse(s)
                .map_err(|e| r.errors.add("id_number", "身份证号", e.to_string()))
                .ok(),
        };
        let phone = match i.phone.trim() {
            "" => None,
            s => PhoneNumber::parse(s)
                .map_err(|e| r.errors.add("phone", "联系方式", e.to_string()))
                .ok(),
        };
        let poverty = r.optional_choice(
            "poverty_status",
            "是否脱贫户（监测对象）",
            &i.poverty_status,
            PovertyStatus::parse,
        );
        let problem = r.required("problem", "反映问题", &i.problem, SUMMARY_MAX);
        let category = r.choice("category", "问题类别", &i.category, Category::parse);
        let newly_found = yes_no(
            &mut r,
            "newly_found",
            "是否为新排查出的不稳定因素",
            &i.newly_found,
        );
        let unit_id = r.optional_id("unit_id", "责任单位", &i.unit_id);
        let unit_text = r
            .optional_line("unit_text", "责任单位", &i.unit_text, 100)
            .unwrap_or_default();
        let q = TriRecord::QUESTIONS;
        let tri = TriRecord {
            reasonable_resolved: tri(&mut r, "tri_reasonable", q[0], &i.tri_reasonable),
            unreasonable_guided: tri(&mut r, "tri_unreasonable", q[1], &i.tri_unreasonable),
            hardship_helped: tri(&mut r, "tri_hardship", q[2], &i.tri_hardship),
            unlawful_handled: tri(&mut r, "tri_unlawful", q[3], &i.tri_unlawful),
        };
        let stable = yes_no(&mut r, "stable", "是否稳定", &i.stable);
        let remarks = r
            .optional("remarks", "备注", &i.remarks, 1000)
            .unwrap_or_default();
        match (screened_on, township_id, category) {
            (Some(day), Some(township_id), Some(category)) if r.errors.is_empty() => {
                Ok(ScreeningEntry {
                    township_id,
                    village_id,
                    screened_at: start_of_day(day),
                    screening_kind: kind.map(|k| k.as_str().to_string()),
                    campaign_id,
                    risk_grade,
                    name,
                    id_number,
                    phone,
                    poverty,
                    problem,
                    category,
                    newly_found,
                    unit_id,
                    unit_text,
                    tri,
                    stable,
                    remarks,
                    fingerprint: String::new(),
                })
            }
            _ => Err(r.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::parse_time;

    fn input() -> ScreeningInput {
        ScreeningInput {
            screened_at: "2022/09/20".into(),
            screening_kind: "集中排查".into(),
            township_id: "5".into(),
            name: "王保全".into(),
            id_number: "11010519491231002X".into(),
            phone: "13812345678".into(),
            problem: "反映危房改造补助资金未到位".into(),
            category: "危房改造".into(),
            newly_found: "是".into(),
            tri_reasonable: "是".into(),
            stable: "否".into(),
            ..ScreeningInput::default()
        }
    }

    #[test]
    fn a_good_entry_parses_to_its_local_day() {
        let e = input().parse().expect("valid");
        assert_eq!(e.screened_at, parse_time("2022-09-20 00:00").expect("time"));
        assert_eq!(e.screening_kind.as_deref(), Some("campaign"));
        assert_eq!((e.newly_found, e.stable), (Some(true), Some(false)));
        assert_eq!(e.tri.reasonable_resolved, TriAnswer::Yes);
        assert_eq!(
            e.tri.unlawful_handled,
            TriAnswer::NotApplicable,
            "blank: 不涉及"
        );
        assert_eq!(
            e.fingerprint, "",
            "set by the caller, who knows the township's name"
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = ScreeningInput {
            screened_at: "2022-02-30".into(),
            screening_kind: "随便查".into(),
            township_id: "张潘镇".into(),
            id_number: "110105194912310021".into(),
            phone: "12345".into(),
            category: "天气".into(),
            newly_found: "也许".into(),
            ..input()
        };
        let e = bad.parse().expect_err("refused");
        for field in [
            "screened_at",
            "screening_kind",
            "township_id",
            "id_number",
            "phone",
            "category",
            "newly_found",
        ] {
            assert!(e.has(field), "{field} not named in {e}");
        }
    }

    #[test]
    fn the_edit_form_masks_what_it_shows() {
        let record = ScreeningRecord {
            id: 1,
            entry: input().parse().expect("valid"),
            township: "张潘镇".into(),
            village: None,
            unit_name: None,
            case_id: None,
            case_number: None,
            campaign: None,
            grade_final: false,
            version: 3,
            created_at: Timestamp::UNIX_EPOCH,
            updated_at: Timestamp::UNIX_EPOCH,
        };
        let form = ScreeningInput::from_record(&record);
        assert_eq!(form.id_number, "110105********002X");
        assert_eq!(form.screened_at, "2022-09-20");
        assert_eq!(form.version, "3");
    }
}
