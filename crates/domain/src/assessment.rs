//! 三级研判 — each risk (a screening entry, later a key person) is assessed
//! village → township → district; each level records its opinion, risk
//! grade and measures; the district's grade is final. The order and the
//! pure parse of one level's form live here.

use serde::{Deserialize, Serialize};

use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;
use crate::permission::Permission;
use crate::risk_grade::RiskGrade;

labelled_enum! {
    /// 研判层级 — in the order they must come.
    pub enum AssessmentLevel {
        /// 村级研判 — the village (recorded by its township's officer: the
        /// system has no village users).
        Village => ("village", "村级研判"),
        /// 乡镇级研判 — the township.
        Township => ("township", "乡镇级研判"),
        /// 区级研判 — the district; its grade is final.
        District => ("district", "区级研判"),
    }
}

labelled_enum! {
    /// 研判对象 — what is assessed.
    pub enum SubjectKind {
        /// 排查记录 — a screening entry (Annex 1).
        Screening => ("screening", "排查记录"),
        /// 重点人员 — a key person (connected when the register lands).
        Person => ("person", "重点人员"),
    }
}

impl AssessmentLevel {
    /// The level that must come before this one.
    pub fn previous(self) -> Option<AssessmentLevel> {
        match self {
            AssessmentLevel::Village => None,
            AssessmentLevel::Township => Some(AssessmentLevel::Village),
            AssessmentLevel::District => Some(AssessmentLevel::Township),
        }
    }

    /// The permission to record this level.
    pub fn permission(self) -> Permission {
        match self {
            AssessmentLevel::Village => Permission::AssessVillage,
            AssessmentLevel::Township => Permission::AssessTownship,
            AssessmentLevel::District => Permission::AssessDistrict,
        }
    }

    /// The short name (村级, 乡镇级, 区级).
    pub fn short(self) -> &'static str {
        match self {
            AssessmentLevel::Village => "村级",
            AssessmentLevel::Township => "乡镇级",
            AssessmentLevel::District => "区级",
        }
    }
}

/// The level awaiting assessment after `done` (None: all three done).
pub fn next_level(done: &[AssessmentLevel]) -> Option<AssessmentLevel> {
    AssessmentLevel::ALL
        .iter()
        .copied()
        .find(|l| !done.contains(l))
}

/// Whether `level` may be recorded now that `done` are: each level once,
/// and only after the level before it. The refusal names the field `level`.
pub fn check_order(level: AssessmentLevel, done: &[AssessmentLevel]) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    if done.contains(&level) {
        e.add(
            "level",
            "研判层级",
            format!("{}已记录，不能重复研判", level.label()),
        );
    } else if let Some(before) = level.previous()
        && !done.contains(&before)
    {
        e.add(
            "level",
            "研判层级",
            format!(
                "{}须在{}之后进行，该记录尚未完成{}",
                level.label(),
                before.label(),
                before.label()
            ),
        );
    }
    e.into_result(())
}

/// One level's assessment as typed: every field text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct AssessmentInput {
    /// 研判层级: 村级研判, 乡镇级研判 or 区级研判 (label, key, or 村级/乡镇级/区级).
    pub level: String,
    /// 研判意见.
    pub opinion: String,
    /// 风险等级: 一般, 较大 or 重大.
    pub risk_grade: String,
    /// 处置措施.
    pub measures: String,
}

/// One level's assessment, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assessment {
    /// 研判层级.
    pub level: AssessmentLevel,
    /// 研判意见.
    pub opinion: String,
    /// 风险等级.
    pub grade: RiskGrade,
    /// 处置措施.
    pub measures: String,
}

fn parse_level(s: &str) -> Option<AssessmentLevel> {
    AssessmentLevel::parse(s).or_else(|| {
        AssessmentLevel::ALL
            .iter()
            .copied()
            .find(|l| l.short() == s.trim())
    })
}

impl AssessmentInput {
    /// Check every field; every problem names its field.
    pub fn parse(&self) -> Result<Assessment, FieldErrors> {
        let mut r = FieldReader::default();
        let level = r.choice("level", "研判层级", &self.level, parse_level);
        let opinion = r.required("opinion", "研判意见", &self.opinion, 1000);
        let grade = r.choice("risk_grade", "风险等级", &self.risk_grade, RiskGrade::parse);
        let measures = r.required("measures", "处置措施", &self.measures, 1000);
        match (level, grade) {
            (Some(level), Some(grade)) if r.errors.is_empty() => Ok(Assessment {
                level,
                opinion,
                grade,
                measures,
            }),
            _ => Err(r.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use AssessmentLevel::{District, Township, Village};

    #[test]
    fn the_levels_come_in_order_each_once() {
        assert_eq!(next_level(&[]), Some(Village));
        assert_eq!(next_level(&[Village]), Some(Township));
        assert_eq!(next_level(&[Village, Township, District]), None);
        assert!(check_order(Village, &[]).is_ok());
        assert!(check_order(Township, &[Village]).is_ok());
        assert!(check_order(District, &[Village, Township]).is_ok());
        let e = check_order(District, &[Village]).unwrap_err();
        assert!(e.has("level"));
        assert!(
            e.to_string().contains("区级研判须在乡镇级研判之后进行"),
            "{e}"
        );
        assert!(check_order(Township, &[]).is_err());
        assert!(
            check_order(Village, &[Village])
                .unwrap_err()
                .to_string()
                .contains("不能重复研判")
        );
    }

    #[test]
    fn a_level_reads_its_short_name_and_every_bad_field_is_named() {
        let a = AssessmentInput {
            level: "乡镇级".into(),
            opinion: "诉求部分合理".into(),
            risk_grade: "较大".into(),
            measures: "包村干部每周走访".into(),
        }
        .parse()
        .unwrap();
        assert_eq!((a.level, a.grade), (Township, RiskGrade::Significant));
        let e = AssessmentInput {
            level: "省级".into(),
            risk_grade: "特大".into(),
            ..AssessmentInput::default()
        }
        .parse()
        .unwrap_err();
        for f in ["level", "opinion", "risk_grade", "measures"] {
            assert!(e.has(f), "{f}: {e}");
        }
    }
}
