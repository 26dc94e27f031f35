//! 许昌市建安区 — Jian'an District's initial organisation set-up, as data.

use crate::org::{OrgKind, OrgSeed};

/// 区划代码 — Jian'an District's county-level code, the code of the root organisation.
pub const JIANAN_DISTRICT_CODE: &str = "411003";

const D: &str = JIANAN_DISTRICT_CODE;

const fn seed(
    code: &'static str,
    name: &'static str,
    kind: OrgKind,
    parent: &'static str,
) -> OrgSeed {
    OrgSeed {
        code,
        name,
        kind,
        parent_code: Some(parent),
    }
}

const fn dept(code: &'static str, name: &'static str) -> OrgSeed {
    seed(code, name, OrgKind::Department, D)
}

const fn township(code: &'static str, name: &'static str) -> OrgSeed {
    seed(code, name, OrgKind::Township, D)
}

const fn village(code: &'static str, name: &'static str, township_code: &'static str) -> OrgSeed {
    seed(code, name, OrgKind::Village, township_code)
}

/// 建安区初始组织机构 — every organisation of Jian'an District's initial set-up,
/// parents before children.
///
/// - the district root `411003` 许昌市建安区 (the only seed without a parent);
/// - the leading bureau `411003-B01` 区乡村振兴局;
/// - 14 district departments `411003-D01` … `411003-D14` (区民政局 … 区自然资源局;
///   `411003-D08` 区金融工作服务中心 handles 小额信贷 microcredit);
/// - the district leaders `411003-L01` 区政府领导 and the inspection group
///   `411003-I01` 区脱贫攻坚调研指导组;
/// - the 18 townships and sub-districts with their National Bureau of Statistics
///   codes (2023), e.g. `411003105` 张潘镇;
/// - 4–5 villages (村) or communities (社区, under 街道) per township, coded
///   township code + 3 digits (`001`… for communities, `201`… for villages). The
///   township codes and names are real; the village and community codes and most
///   of their names are made up for the demonstration set-up.
///
/// A `const` slice so that [`find_township`] can hand out `&'static` references.
pub const JIANAN_ORGS: &[OrgSeed] = &[
    // 区
    OrgSeed {
        code: D,
        name: "许昌市建安区",
        kind: OrgKind::District,
        parent_code: None,
    },
    // 牵头局
    seed("411003-B01", "区乡村振兴局", OrgKind::Bureau, D),
    // 区直部门
    dept("411003-D01", "区民政局"),
    dept("411003-D02", "区医疗保障局"),
    dept("411003-D03", "区教育局"),
    dept("411003-D04", "区住房和城乡建设局"),
    dept("411003-D05", "区人力资源和社会保障局"),
    dept("411003-D06", "区财政局"),
    dept("411003-D07", "区残疾人联合会"),
    dept("411003-D08", "区金融工作服务中心"), // 小额信贷
    dept("411003-D09", "区委宣传部"),
    dept("411003-D10", "区委网信办"),
    dept("411003-D11", "区信访局"),
    dept("411003-D12", "区农业农村局"),
    dept("411003-D13", "区卫生健康委员会"),
    dept("411003-D14", "区自然资源局"),
    // 区领导、调研指导组
    seed("411003-L01", "区政府领导", OrgKind::Leadership, D),
    seed("411003-I01", "区脱贫攻坚调研指导组", OrgKind::Inspection, D),
    // 乡镇、街道 (国家统计局 2023 年区划代码)
    township("411003001", "许由街道"),
    township("411003002", "新元街道"),
    township("411003003", "邓庄街道"),
    township("411003004", "昌盛街道"),
    township("411003005", "小召街道"),
    township("411003100", "将官池镇"),
    township("411003101", "五女店镇"),
    township("411003102", "尚集镇"),
    township("411003103", "苏桥镇"),
    township("411003104", "蒋李集镇"),
    township("411003105", "张潘镇"),
    township("411003106", "灵井镇"),
    township("411003200", "陈曹乡"),
    township("411003203", "河街乡"),
    township("411003204", "桂村乡"),
    township("411003205", "椹涧乡"),
    township("411003206", "榆林乡"),
    township("411003208", "艾庄回族乡"),
    // 许由街道
    village("411003001001", "建设路社区", "411003001"),
    village("411003001002", "许由社区", "411003001"),
    village("411003001003", "文峰社区", "411003001"),
    village("411003001004", "新兴社区", "411003001"),
    village("411003001005", "育才社区", "411003001"),
    // 新元街道
    village("411003002001", "新元社区", "411003002"),
    village("411003002002", "长青社区", "411003002"),
    village("411003002003", "毓秀社区", "411003002"),
    village("411003002004", "和平路社区", "411003002"),
    // 邓庄街道
    village("411003003001", "邓庄社区", "411003003"),
    village("411003003002", "丁庄社区", "411003003"),
    village("411003003003", "宋庄社区", "411003003"),
    village("411003003004", "滨河社区", "411003003"),
    // 昌盛街道
    village("411003004001", "昌盛社区", "411003004"),
    village("411003004002", "兴业路社区", "411003004"),
    village("411003004003", "花都社区", "411003004"),
    village("411003004004", "阳光社区", "411003004"),
    // 小召街道
    village("411003005001", "小召社区", "411003005"),
    village("411003005002", "大召社区", "411003005"),
    village("411003005003", "永兴社区", "411003005"),
    village("411003005004", "胜利社区", "411003005"),
    // 将官池镇
    village("411003100201", "将官池村", "411003100"),
    village("411003100202", "后河村", "411003100"),
    village("411003100203", "西张村", "411003100"),
    village("411003100204", "大庄村", "411003100"),
    village("411003100205", "小吕庄村", "411003100"),
    // 五女店镇
    village("411003101201", "五女店村", "411003101"),
    village("411003101202", "东张村", "411003101"),
    village("411003101203", "韩庄村", "411003101"),
    village("411003101204", "魏庄村", "411003101"),
    village("411003101205", "李庄村", "411003101"),
    // 尚集镇
    village("411003102201", "尚集村", "411003102"),
    village("411003102202", "黄庄村", "411003102"),
    village("411003102203", "孙庄村", "411003102"),
    village("411003102204", "北刘村", "411003102"),
    // 苏桥镇
    village("411003103201", "苏桥村", "411003103"),
    village("411003103202", "前杨村", "411003103"),
    village("411003103203", "侯庄村", "411003103"),
    village("411003103204", "王堂村", "411003103"),
    // 蒋李集镇
    village("411003104201", "蒋李集村", "411003104"),
    village("411003104202", "朱庄村", "411003104"),
    village("411003104203", "后沟村", "411003104"),
    village("411003104204", "马庄村", "411003104"),
    // 张潘镇
    village("411003105201", "张潘村", "411003105"),
    village("411003105202", "古城村", "411003105"),
    village("411003105203", "徐庄村", "411003105"),
    village("411003105204", "高庄村", "411003105"),
    village("411003105205", "北孙村", "411003105"),
    // 灵井镇
    village("411003106201", "灵井村", "411003106"),
    village("411003106202", "霍庄村", "411003106"),
    village("411003106203", "西寺村", "411003106"),
    village("411003106204", "董庄村", "411003106"),
    village("411003106205", "曹庄村", "411003106"),
    // 陈曹乡
    village("411003200201", "陈曹村", "411003200"),
    village("411003200202", "邓湾村", "411003200"),
    village("411003200203", "刘庄村", "411003200"),
    village("411003200204", "赵庄村", "411003200"),
    // 河街乡
    village("411003203201", "河街村", "411003203"),
    village("411003203202", "石庄村", "411003203"),
    village("411003203203", "秦庄村", "411003203"),
    village("411003203204", "耿庄村", "411003203"),
    // 桂村乡
    village("411003204201", "桂村村", "411003204"),
    village("411003204202", "朱湾村", "411003204"),
    village("411003204203", "张店村", "411003204"),
    village("411003204204", "杜庄村", "411003204"),
    // 椹涧乡
    village("411003205201", "椹涧村", "411003205"),
    village("411003205202", "前岗村", "411003205"),
    village("411003205203", "周庄村", "411003205"),
    village("411003205204", "贾庄村", "411003205"),
    // 榆林乡
    village("411003206201", "榆林村", "411003206"),
    village("411003206202", "东吕庄村", "411003206"),
    village("411003206203", "白庄村", "411003206"),
    village("411003206204", "郭庄村", "411003206"),
    // 艾庄回族乡
    village("411003208201", "艾庄村", "411003208"),
    village("411003208202", "穆庄村", "411003208"),
    village("411003208203", "马坊村", "411003208"),
    village("411003208204", "杨庄村", "411003208"),
];

/// Suffixes of township-level names, longest first (回族乡 before 乡).
const TOWNSHIP_SUFFIXES: [&str; 4] = ["回族乡", "街道", "镇", "乡"];

/// A township-level name without its 镇/乡/街道/回族乡 suffix, e.g. 艾庄回族乡 → 艾庄.
fn township_base(name: &str) -> &str {
    TOWNSHIP_SUFFIXES
        .iter()
        .find_map(|suffix| name.strip_suffix(suffix))
        .unwrap_or(name)
}

/// 查找乡镇 — finds one of Jian'an's 18 townships or sub-districts by its full
/// name (张潘镇, 许由街道, 艾庄回族乡) or by its name without the suffix
/// (张潘, 许由, 艾庄). Surrounding whitespace is ignored; anything else, such as
/// a village name or 张潘乡, gives `None`.
pub fn find_township(name: &str) -> Option<&'static OrgSeed> {
    let name = name.trim();
    if name.is_empty() {
        return None;
    }
    JIANAN_ORGS
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .find(|o| o.name == name || township_base(o.name) == name)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::collections::{HashMap, HashSet};

    use super::*;

    /// FACTS.md §3, restated.
    const FACTS_TOWNSHIPS: [(&str, &str); 18] = [
        ("411003001", "许由街道"),
        ("411003002", "新元街道"),
        ("411003003", "邓庄街道"),
        ("411003004", "昌盛街道"),
        ("411003005", "小召街道"),
        ("411003100", "将官池镇"),
        ("411003101", "五女店镇"),
        ("411003102", "尚集镇"),
        ("411003103", "苏桥镇"),
        ("411003104", "蒋李集镇"),
        ("411003105", "张潘镇"),
        ("411003106", "灵井镇"),
        ("411003200", "陈曹乡"),
        ("411003203", "河街乡"),
        ("411003204", "桂村乡"),
        ("411003205", "椹涧乡"),
        ("411003206", "榆林乡"),
        ("411003208", "艾庄回族乡"),
    ];

    fn of_kind(kind: OrgKind) -> Vec<&'static OrgSeed> {
        JIANAN_ORGS.iter().filter(|o| o.kind == kind).collect()
    }

    fn villages_of(code: &str) -> Vec<&'static OrgSeed> {
        JIANAN_ORGS
            .iter()
            .filter(|o| o.kind == OrgKind::Village && o.parent_code == Some(code))
            .collect()
    }

    #[test]
    fn exactly_eighteen_townships_matching_facts() {
        let townships: Vec<(&str, &str)> = of_kind(OrgKind::Township)
            .iter()
            .map(|o| (o.code, o.name))
            .collect();
        assert_eq!(townships.len(), 18);
        let got: HashSet<_> = townships.into_iter().collect();
        let want: HashSet<_> = FACTS_TOWNSHIPS.into_iter().collect();
        assert_eq!(got, want);
        for t in of_kind(OrgKind::Township) {
            assert_eq!(t.parent_code, Some("411003"), "{}", t.name);
        }
    }

    #[test]
    fn root_bureau_departments_leadership_inspection() {
        let roots: Vec<_> = JIANAN_ORGS
            .iter()
            .filter(|o| o.parent_code.is_none())
            .collect();
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].code, "411003");
        assert_eq!(roots[0].name, "许昌市建安区");
        assert_eq!(roots[0].kind, OrgKind::District);
        assert_eq!(of_kind(OrgKind::District).len(), 1);

        let bureau = of_kind(OrgKind::Bureau);
        assert_eq!(bureau.len(), 1);
        assert_eq!(
            (bureau[0].code, bureau[0].name),
            ("411003-B01", "区乡村振兴局")
        );

        let depts: Vec<_> = of_kind(OrgKind::Department)
            .iter()
            .map(|o| (o.code, o.name))
            .collect();
        assert_eq!(depts.len(), 14);
        for (i, (code, _)) in depts.iter().enumerate() {
            assert_eq!(*code, format!("411003-D{:02}", i + 1));
        }
        for name in [
            "区民政局",
            "区医疗保障局",
            "区金融工作服务中心",
            "区信访局",
            "区自然资源局",
        ] {
            assert!(depts.iter().any(|(_, n)| *n == name), "{name}");
        }

        let lead = of_kind(OrgKind::Leadership);
        assert_eq!(lead.len(), 1);
        assert_eq!((lead[0].code, lead[0].name), ("411003-L01", "区政府领导"));
        let insp = of_kind(OrgKind::Inspection);
        assert_eq!(insp.len(), 1);
        assert_eq!(
            (insp[0].code, insp[0].name),
            ("411003-I01", "区脱贫攻坚调研指导组")
        );
        for o in bureau.iter().chain(&lead).chain(&insp) {
            assert_eq!(o.parent_code, Some("411003"));
        }
    }

    #[test]
    fn codes_unique() {
        let mut seen = HashSet::new();
        for o in JIANAN_ORGS {
            assert!(seen.insert(o.code), "duplicate code {}", o.code);
        }
    }

    #[test]
    fn every_parent_exists_and_comes_first() {
        let mut earlier: HashMap<&str, OrgKind> = HashMap::new();
        for o in JIANAN_ORGS {
            if let Some(parent) = o.parent_code {
                let parent_kind = earlier.get(parent).copied();
                assert!(
                    parent_kind.is_some(),
                    "{} has unknown or later parent {parent}",
                    o.name
                );
                let expected = if o.kind == OrgKind::Village {
                    OrgKind::Township
                } else {
                    OrgKind::District
                };
                assert_eq!(parent_kind, Some(expected), "{}", o.name);
            }
            earlier.insert(o.code, o.kind);
        }
    }

    #[test]
    fn villages_per_township() {
        for t in of_kind(OrgKind::Township) {
            let villages = villages_of(t.code);
            assert!(
                (4..=6).contains(&villages.len()),
                "{} has {} villages",
                t.name,
                villages.len()
            );
            let names: HashSet<_> = villages.iter().map(|v| v.name).collect();
            assert_eq!(
                names.len(),
                villages.len(),
                "duplicate village name in {}",
                t.name
            );
            let suffix = if t.name.ends_with("街道") {
                "社区"
            } else {
                "村"
            };
            for v in villages {
                let rest = v.code.strip_prefix(t.code).unwrap();
                assert_eq!(rest.len(), 3, "{}", v.code);
                assert!(rest.bytes().all(|b| b.is_ascii_digit()), "{}", v.code);
                assert!(v.name.ends_with(suffix), "{}", v.name);
            }
        }
    }

    #[test]
    fn scenario_villages_present() {
        for (township, village) in [
            ("张潘镇", "古城村"),
            ("灵井镇", "霍庄村"),
            ("榆林乡", "榆林村"),
            ("河街乡", "河街村"),
            ("将官池镇", "后河村"),
            ("将官池镇", "小吕庄村"),
            ("五女店镇", "东张村"),
            ("许由街道", "建设路社区"),
        ] {
            let t = find_township(township).unwrap();
            assert!(
                villages_of(t.code).iter().any(|v| v.name == village),
                "{township} lacks {village}"
            );
        }
    }

    #[test]
    fn find_township_by_full_or_short_name() {
        assert_eq!(find_township("张潘镇").unwrap().code, "411003105");
        assert_eq!(find_township("张潘").unwrap().code, "411003105");
        assert_eq!(find_township("艾庄").unwrap().name, "艾庄回族乡");
        assert_eq!(find_township("艾庄回族乡").unwrap().code, "411003208");
        assert_eq!(find_township("许由").unwrap().name, "许由街道");
        assert_eq!(find_township(" 灵井镇 ").unwrap().code, "411003106");
        assert_eq!(find_township("桂村").unwrap().name, "桂村乡");
        assert_eq!(find_township("蒋李集").unwrap().name, "蒋李集镇");
        for (code, name) in FACTS_TOWNSHIPS {
            assert_eq!(find_township(name).unwrap().code, code);
            assert_eq!(find_township(township_base(name)).unwrap().code, code);
        }
        assert!(find_township("").is_none());
        assert!(find_township("张潘乡").is_none());
        assert!(find_township("古城村").is_none());
        assert!(find_township("区民政局").is_none());
        assert!(find_township("许昌市建安区").is_none());
    }
}
