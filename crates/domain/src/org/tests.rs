//! Finding townships by name, and the rules for adding and renaming organisations.
#![allow(clippy::unwrap_used)]

use super::rules::{NewOrg, child_kinds, parse_rename};
use super::*;
use crate::district::District;

fn jianan() -> Vec<Org> {
    District::jianan().to_orgs()
}

fn by_code<'a>(orgs: &'a [Org], code: &str) -> &'a Org {
    orgs.iter().find(|o| o.code == code).unwrap()
}

#[test]
fn find_township_by_full_or_short_name() {
    let orgs = jianan();
    let code = |name: &str| find_township(&orgs, name).map(|o| o.code.as_str());
    assert_eq!(code("张潘镇"), Some("411003105"));
    assert_eq!(code("张潘"), Some("411003105"));
    assert_eq!(code("艾庄"), Some("411003208"));
    assert_eq!(code("艾庄回族乡"), Some("411003208"));
    assert_eq!(code("许由"), Some("411003001"));
    assert_eq!(code(" 灵井镇 "), Some("411003106"));
    assert_eq!(code("桂村"), Some("411003204"));
    assert_eq!(code("蒋李集"), Some("411003104"));
    for name in ["", "张潘乡", "古城村", "区民政局", "许昌市建安区"] {
        assert_eq!(code(name), None, "{name}");
    }
}

#[test]
fn a_short_name_two_townships_share_finds_neither() {
    let mut orgs = jianan();
    let district = by_code(&orgs, "411003").id;
    orgs.push(Org {
        id: 9999,
        code: "411003299".into(),
        name: "张潘乡".into(),
        kind: OrgKind::Township,
        parent_id: Some(district),
    });
    assert_eq!(find_township(&orgs, "张潘"), None);
    assert_eq!(find_township(&orgs, "张潘乡").unwrap().id, 9999);
    assert_eq!(find_township(&orgs, "张潘镇").unwrap().code, "411003105");
}

#[test]
fn kinds_and_their_parents() {
    assert_eq!(OrgKind::parse("village"), Some(OrgKind::Village));
    assert_eq!(OrgKind::parse("村/社区"), Some(OrgKind::Village));
    assert_eq!(OrgKind::parse(" 区直部门 "), Some(OrgKind::Department));
    assert_eq!(OrgKind::parse("town"), None);
    assert_eq!(child_kinds(OrgKind::Township), [OrgKind::Village]);
    assert_eq!(
        child_kinds(OrgKind::District),
        [
            OrgKind::Bureau,
            OrgKind::Department,
            OrgKind::Township,
            OrgKind::Leadership,
            OrgKind::Inspection
        ]
    );
    assert!(child_kinds(OrgKind::Village).is_empty());
    assert!(child_kinds(OrgKind::Department).is_empty());
}

#[test]
fn a_village_added_under_a_township() {
    let orgs = jianan();
    let zhangpan = by_code(&orgs, "411003105");
    let new = NewOrg::parse(zhangpan, "village", " 411003105206 ", " 新庄村 ", &orgs).unwrap();
    assert_eq!(
        new,
        NewOrg {
            parent_id: zhangpan.id,
            kind: OrgKind::Village,
            code: "411003105206".into(),
            name: "新庄村".into(),
        }
    );
    // The label works as well as the machine name.
    assert!(NewOrg::parse(zhangpan, "村/社区", "411003105207", "新庄二村", &orgs).is_ok());
}

#[test]
fn an_added_organisation_is_refused_field_by_field() {
    let orgs = jianan();
    let zhangpan = by_code(&orgs, "411003105");
    let district = by_code(&orgs, "411003");
    let fields = |e: crate::errors::FieldErrors| -> Vec<(String, String)> {
        e.0.into_iter().map(|f| (f.field, f.message)).collect()
    };
    // A department under a township; the code is not checked until the kind fits.
    let e = NewOrg::parse(zhangpan, "department", "x", "新部门", &orgs).unwrap_err();
    assert_eq!(
        fields(e),
        [(
            "kind".to_string(),
            "区直部门只能设在区本级之下，不能设在乡镇/街道之下".to_string()
        )]
    );
    // A used code, a wrong shape, a sibling's name.
    let e = NewOrg::parse(zhangpan, "village", "411003105202", "古城村", &orgs).unwrap_err();
    assert_eq!(
        fields(e),
        [
            (
                "code".to_string(),
                "代码“411003105202”已被“古城村”使用".to_string()
            ),
            (
                "name".to_string(),
                "张潘镇下已有名为“古城村”的组织".to_string()
            ),
        ]
    );
    let e = NewOrg::parse(zhangpan, "village", "411003106206", "新庄村", &orgs).unwrap_err();
    assert_eq!(
        fields(e),
        [(
            "code".to_string(),
            "村/社区代码应为411003105加3位数字（国家统计局区划代码），如411003105201".to_string()
        )]
    );
    let e = NewOrg::parse(district, "", "411003-D15", "", &orgs).unwrap_err();
    assert_eq!(
        fields(e),
        [
            ("kind".to_string(), "请选择类型".to_string()),
            ("name".to_string(), "不能为空".to_string()),
        ]
    );
    let e = NewOrg::parse(district, "district", "411004", "另一区", &orgs).unwrap_err();
    assert_eq!(e.0[0].message, "区是组织机构的根，不能设在其他组织之下");
    // A department gets an assigned code.
    let ok = NewOrg::parse(
        district,
        "department",
        "411003-D15",
        "区退役军人事务局",
        &orgs,
    )
    .unwrap();
    assert_eq!(ok.kind, OrgKind::Department);
    // The same village name under another township is fine.
    let lingjing = by_code(&orgs, "411003106");
    assert!(NewOrg::parse(lingjing, "village", "411003106206", "古城村", &orgs).is_ok());
}

#[test]
fn a_rename_keeps_the_name_rules() {
    let orgs = jianan();
    let gucheng = by_code(&orgs, "411003105202");
    assert_eq!(
        parse_rename(gucheng, " 古城社区 ", &orgs).unwrap(),
        "古城社区"
    );
    let msg = |r: Result<String, crate::errors::FieldErrors>| r.unwrap_err().to_string();
    assert_eq!(
        msg(parse_rename(gucheng, "古城村", &orgs)),
        "名称：新名称与原名称相同"
    );
    assert_eq!(
        msg(parse_rename(gucheng, "徐庄村", &orgs)),
        "名称：张潘镇下已有名为“徐庄村”的组织"
    );
    assert_eq!(msg(parse_rename(gucheng, "  ", &orgs)), "名称：不能为空");
    let root = by_code(&orgs, "411003");
    assert_eq!(
        parse_rename(root, "许昌市建安新区", &orgs).unwrap(),
        "许昌市建安新区"
    );
}
