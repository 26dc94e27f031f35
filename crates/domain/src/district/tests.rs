//! District files: Jian'an's as shipped, a small made-up county, and bad files each refused with its line.
#![allow(clippy::unwrap_used)]

use std::collections::{HashMap, HashSet};

use super::*;
use crate::org::find_township;

/// 示范市清河县: two townships with a village each, a bureau and a department.
const QINGHE: &str = include_str!("../../../../tests/districts/qinghe.json");

/// The small file with line `n` (1-based) replaced.
fn with_line(n: usize, line: &str) -> String {
    let mut lines: Vec<&str> = QINGHE.lines().collect();
    lines[n - 1] = line;
    lines.join("\n")
}

/// The problems of a refused file as (line, field, message).
fn problems(text: &str) -> Vec<(usize, String, String)> {
    match District::parse(text) {
        Err(DistrictError::Invalid(p)) => p
            .into_iter()
            .map(|p| (p.line, p.field, p.message))
            .collect(),
        other => panic!("expected problems, got {other:?}"),
    }
}

fn one_problem(text: &str) -> (usize, String, String) {
    let all = problems(text);
    assert_eq!(all.len(), 1, "{all:?}");
    all.into_iter().next().unwrap()
}

#[test]
fn the_small_county_reads_with_its_root_first() {
    let d = District::parse(QINGHE).unwrap();
    assert_eq!(
        (d.code.as_str(), d.name.as_str()),
        ("419901", "示范市清河县")
    );
    assert_eq!(
        d.region(),
        Region {
            province: "示范省".into(),
            city: "示范市".into(),
            county: "清河县".into()
        }
    );
    assert_eq!(d.orgs.len(), 7);
    assert_eq!(d.orgs[0].kind, OrgKind::District);
    assert_eq!(d.orgs[0].parent_code, None);
    let village = d.orgs.iter().find(|o| o.name == "柳林村").unwrap();
    assert_eq!(village.kind, OrgKind::Village);
    assert_eq!(village.parent_code.as_deref(), Some("419901200"));
    let orgs = d.to_orgs();
    let township = find_township(&orgs, "柳林").unwrap();
    assert_eq!(township.code, "419901200");
    assert_eq!(
        orgs.iter().find(|o| o.name == "柳林村").unwrap().parent_id,
        Some(township.id)
    );
}

#[test]
fn not_json_or_not_an_object() {
    let cut = &QINGHE[..QINGHE.find("\"orgs\"").unwrap()];
    match District::parse(cut) {
        Err(DistrictError::Syntax { line, message, .. }) => {
            assert_eq!(line, 6);
            assert!(message.contains("文件不完整"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let missing_comma = with_line(3, r#"  "name": "示范市清河县""#);
    match District::parse(&missing_comma) {
        Err(DistrictError::Syntax { line, message, .. }) => {
            assert_eq!(line, 4);
            assert!(message.contains("不是有效的JSON"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    let err = District::parse("[1, 2]").unwrap_err();
    assert_eq!(
        err.to_string(),
        "区县文件第1行第1列：文件应为一个JSON对象（以 { 开头、} 结尾）"
    );
}

#[test]
fn a_missing_or_unknown_top_field_is_named() {
    let text = QINGHE.replace("  \"city\": \"示范市\",\n", "  \"county\": \"清河县\",\n");
    let all = problems(&text);
    assert_eq!(all.len(), 2, "{all:?}");
    assert_eq!(all[0].0, 5);
    assert_eq!(all[0].1, "county");
    assert!(all[0].2.contains("未知字段"), "{all:?}");
    assert_eq!(
        (all[1].1.as_str(), all[1].2.as_str()),
        ("city", "缺少该字段")
    );
    let err = District::parse(&text).unwrap_err().to_string();
    assert!(err.contains("市（city）：缺少该字段"), "{err}");
}

#[test]
fn the_district_code_has_six_digits() {
    let text = QINGHE.replace("\"code\": \"419901\",", "\"code\": \"4199\",");
    // The root's code is wrong; its children then have no known parent.
    let all = problems(&text);
    assert_eq!(all[0].0, 2);
    assert_eq!(all[0].1, "code");
    assert_eq!(all[0].2, "区划代码应为6位数字，如411003");
}

#[test]
fn a_duplicate_code_names_both_lines() {
    let text = with_line(
        11,
        r#"    { "code": "419901100", "name": "柳林乡", "kind": "township", "parent": "419901" },"#,
    );
    let all = problems(&text);
    assert_eq!(
        all[0],
        (
            11,
            "orgs[5].code".to_string(),
            "代码“419901100”与第9行重复".to_string()
        )
    );
    let err = District::parse(&text).unwrap_err().to_string();
    assert!(
        err.starts_with(
            "区县文件有误：第11行，第5个组织的代码（code）：代码“419901100”与第9行重复"
        ),
        "{err}"
    );
}

#[test]
fn a_parent_must_exist_and_come_first() {
    // 东湾村 moved above its township.
    let mut lines: Vec<&str> = QINGHE.lines().collect();
    lines.swap(8, 9);
    let (line, field, message) = one_problem(&lines.join("\n"));
    assert_eq!((line, field.as_str()), (9, "orgs[3].parent"));
    assert_eq!(
        message,
        "上级代码“419901100”写在本组织之后，上级须写在下级之前"
    );

    let text = with_line(
        10,
        r#"    { "code": "419901300201", "name": "东湾村", "kind": "village", "parent": "419901300" },"#,
    );
    assert_eq!(
        one_problem(&text),
        (
            10,
            "orgs[4].parent".to_string(),
            "上级代码“419901300”不存在".to_string()
        )
    );
}

#[test]
fn each_kind_sits_under_its_own_parent() {
    let village_under_district = with_line(
        10,
        r#"    { "code": "419901-V1", "name": "东湾村", "kind": "village", "parent": "419901" },"#,
    );
    assert_eq!(
        one_problem(&village_under_district),
        (
            10,
            "orgs[4].kind".to_string(),
            "村/社区只能设在乡镇/街道之下，不能设在区本级之下".to_string()
        )
    );
    let department_under_township = with_line(
        8,
        r#"    { "code": "419901-D01", "name": "县民政局", "kind": "department", "parent": "419901-B01" },"#,
    );
    let (line, field, message) = one_problem(&department_under_township);
    assert_eq!((line, field.as_str()), (8, "orgs[2].kind"));
    assert_eq!(
        message,
        "区直部门只能设在区本级之下，不能设在区乡村振兴局之下"
    );
    let second_root = with_line(
        8,
        r#"    { "code": "419902", "name": "另一县", "kind": "district", "parent": "419901" },"#,
    );
    let (line, field, message) = one_problem(&second_root);
    assert_eq!((line, field.as_str()), (8, "orgs[2].kind"));
    assert!(message.contains("根组织"), "{message}");
    let unknown = with_line(
        8,
        r#"    { "code": "419901-D01", "name": "县民政局", "kind": "town", "parent": "419901" },"#,
    );
    let (_, _, message) = one_problem(&unknown);
    assert!(
        message.starts_with("没有“town”这种类型，应为 bureau、department、township、village"),
        "{message}"
    );
}

#[test]
fn township_and_village_codes_are_the_statistics_bureau_codes() {
    let letters = with_line(
        9,
        r#"    { "code": "41990110A", "name": "清河镇", "kind": "township", "parent": "419901" },"#,
    );
    let all = problems(&letters);
    assert_eq!(all[0].0, 9);
    assert_eq!(all[0].1, "orgs[3].code");
    assert_eq!(
        all[0].2,
        "乡镇/街道代码应为419901加3位数字（国家统计局区划代码），如419901105"
    );
    let other_township = with_line(
        12,
        r#"    { "code": "419901100202", "name": "柳林村", "kind": "village", "parent": "419901200" }"#,
    );
    let (line, field, message) = one_problem(&other_township);
    assert_eq!((line, field.as_str()), (12, "orgs[6].code"));
    assert!(
        message.starts_with("村/社区代码应为419901200加3位数字"),
        "{message}"
    );
    let spaces = with_line(
        8,
        r#"    { "code": "419901 D01", "name": "县民政局", "kind": "department", "parent": "419901" },"#,
    );
    let (_, field, message) = one_problem(&spaces);
    assert_eq!(field, "orgs[2].code");
    assert!(message.contains("字母、数字和连字符"), "{message}");
}

#[test]
fn names_are_chinese_short_and_unique_among_siblings() {
    for (name, want) in [
        ("", "不能为空"),
        ("Qinghe", "应为中文名称"),
        ("清河 镇", "不能包含空格或换行"),
        (&"清".repeat(41), "不能超过40个字"),
    ] {
        let text = with_line(
            9,
            &format!(
                r#"    {{ "code": "419901100", "name": "{name}", "kind": "township", "parent": "419901" }},"#
            ),
        );
        let (line, field, message) = one_problem(&text);
        assert_eq!(
            (line, field.as_str(), message.as_str()),
            (9, "orgs[3].name", want),
            "{name}"
        );
    }
    let twin = with_line(
        11,
        r#"    { "code": "419901200", "name": "清河镇", "kind": "township", "parent": "419901" },"#,
    );
    let (line, _, message) = one_problem(&twin);
    assert_eq!(line, 11);
    assert_eq!(message, "同一上级下已有名为“清河镇”的组织（第9行）");
    // The same village name under two townships is fine.
    let same_village = with_line(
        12,
        r#"    { "code": "419901200201", "name": "东湾村", "kind": "village", "parent": "419901200" }"#,
    );
    assert!(District::parse(&same_village).is_ok());
}

#[test]
fn entries_are_objects_of_text_fields() {
    let number = with_line(
        8,
        r#"    { "code": 419901, "name": "县民政局", "kind": "department", "parent": "419901" },"#,
    );
    let (line, field, message) = one_problem(&number);
    assert_eq!((line, field.as_str()), (8, "orgs[2].code"));
    assert_eq!(message, "应为文本（用双引号括起来）");
    let missing = with_line(
        8,
        r#"    { "code": "419901-D01", "name": "县民政局", "kind": "department" },"#,
    );
    assert_eq!(
        one_problem(&missing),
        (8, "orgs[2].parent".to_string(), "缺少该字段".to_string())
    );
    let twice = with_line(
        8,
        r#"    { "code": "419901-D01", "name": "县民政局", "name": "县财政局", "kind": "department", "parent": "419901" },"#,
    );
    let (_, field, message) = one_problem(&twice);
    assert_eq!(
        (field.as_str(), message.as_str()),
        ("orgs[2].name", "字段重复")
    );
    let extra = with_line(
        8,
        r#"    { "code": "419901-D01", "name": "县民政局", "kind": "department", "parent": "419901", "phone": "1" },"#,
    );
    let (_, field, message) = one_problem(&extra);
    assert_eq!(field, "orgs[2].phone");
    assert!(message.starts_with("未知字段"), "{message}");
    let not_object = with_line(8, r#"    "县民政局","#);
    let (line, field, _) = one_problem(&not_object);
    assert_eq!((line, field.as_str()), (8, "orgs[2]"));
}

#[test]
fn a_district_needs_a_township() {
    let text = QINGHE
        .lines()
        .filter(|l| !l.contains("\"township\"") && !l.contains("\"village\""))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(
            "\"parent\": \"419901\" },\n  ]",
            "\"parent\": \"419901\" }\n  ]",
        );
    let (line, field, message) = one_problem(&text);
    assert_eq!((line, field.as_str()), (6, "orgs"));
    assert_eq!(message, "至少应有一个乡镇/街道（kind 为 township）");
}

#[test]
fn many_problems_are_all_listed_and_the_message_stays_short() {
    let mut text = String::from(
        "{\n  \"code\": \"419901\", \"name\": \"示范市清河县\", \"city\": \"示范市\",\n  \"orgs\": [\n",
    );
    text.push_str(
        "    { \"code\": \"419901100\", \"name\": \"清河镇\", \"kind\": \"township\", \"parent\": \"419901\" }",
    );
    for i in 0..30 {
        text.push_str(&format!(
            ",\n    {{ \"code\": \"x{i}\", \"name\": \"村{i}\", \"kind\": \"village\", \"parent\": \"419901\" }}"
        ));
    }
    text.push_str("\n  ]\n}\n");
    let all = problems(&text);
    assert_eq!(all.len(), 30);
    let err = District::parse(&text).unwrap_err().to_string();
    assert!(err.ends_with("……共30处错误"), "{err}");
}

#[test]
fn the_region_reads_the_county_from_the_name() {
    let r = Region::new("河南省", "许昌市", "许昌市建安区");
    assert_eq!((r.city.as_str(), r.county.as_str()), ("许昌市", "建安区"));
    let r = Region::new("河南省", "许昌市", "河南省许昌市建安区");
    assert_eq!(r.county, "建安区");
    // A county-level city named on its own.
    let r = Region::new("河南省", "许昌市", "长葛市");
    assert_eq!((r.city.as_str(), r.county.as_str()), ("许昌市", "长葛市"));
    // No city given: read up to 市, as Annex 4 always did.
    let r = Region::new("", "", "许昌市建安区");
    assert_eq!((r.city.as_str(), r.county.as_str()), ("许昌市", "建安区"));
    let r = Region::new("", "", "建安区");
    assert_eq!((r.city.as_str(), r.county.as_str()), ("", "建安区"));
}

/// FACTS.md §3, restated: Jian'an's 18 townships and sub-districts.
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

fn of_kind(d: &District, kind: OrgKind) -> Vec<(&str, &str)> {
    d.orgs
        .iter()
        .filter(|o| o.kind == kind)
        .map(|o| (o.code.as_str(), o.name.as_str()))
        .collect()
}

#[test]
fn jianan_ships_its_eighteen_townships() {
    let d = District::jianan();
    assert_eq!(
        (d.code.as_str(), d.name.as_str()),
        ("411003", "许昌市建安区")
    );
    assert_eq!(
        (
            d.province.as_str(),
            d.city.as_str(),
            d.region().county.as_str()
        ),
        ("河南省", "许昌市", "建安区")
    );
    assert_eq!(d.orgs.len(), 113);
    let got: HashSet<_> = of_kind(&d, OrgKind::Township).into_iter().collect();
    let want: HashSet<_> = FACTS_TOWNSHIPS.into_iter().collect();
    assert_eq!(got, want);
}

#[test]
fn jianan_bureau_departments_leaders_and_inspection() {
    let d = District::jianan();
    assert_eq!(of_kind(&d, OrgKind::District), [("411003", "许昌市建安区")]);
    assert_eq!(
        of_kind(&d, OrgKind::Bureau),
        [("411003-B01", "区乡村振兴局")]
    );
    assert_eq!(
        of_kind(&d, OrgKind::Leadership),
        [("411003-L01", "区政府领导")]
    );
    assert_eq!(
        of_kind(&d, OrgKind::Inspection),
        [("411003-I01", "区脱贫攻坚调研指导组")]
    );
    let depts = of_kind(&d, OrgKind::Department);
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
    assert_eq!(depts[7], ("411003-D08", "区金融工作服务中心"));
}

#[test]
fn jianan_villages_per_township() {
    let d = District::jianan();
    let mut villages: HashMap<&str, Vec<&DistrictOrg>> = HashMap::new();
    for v in d.orgs.iter().filter(|o| o.kind == OrgKind::Village) {
        villages
            .entry(v.parent_code.as_deref().unwrap())
            .or_default()
            .push(v);
    }
    for (code, name) in FACTS_TOWNSHIPS {
        let list = &villages[code];
        assert!((4..=6).contains(&list.len()), "{name} has {}", list.len());
        let suffix = if name.ends_with("街道") {
            "社区"
        } else {
            "村"
        };
        for v in list {
            assert!(v.name.ends_with(suffix), "{}", v.name);
        }
    }
    let orgs = d.to_orgs();
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
        let t = find_township(&orgs, township).unwrap();
        assert!(
            orgs.iter()
                .any(|v| v.parent_id == Some(t.id) && v.name == village),
            "{township} lacks {village}"
        );
    }
}
