//! 单位信息 — the district bureau's own details as its official forms print
//! them (填报单位, 联系人, 联系电话, 通讯地址, 邮政编码, 电子邮箱), and their pure parse.
//!
//! The ledgers' header lines (填报单位, 联系电话) of the district's exports and
//! the Friday package for the city read from here, so that the city knows who
//! sent a ledger and how to reach them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::errors::{FieldErrors, FieldReader};
use crate::ident::PhoneNumber;

/// 单位信息 as stored.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitInfo {
    /// 单位名称 as printed after 填报单位, e.g. 许昌市建安区乡村振兴局.
    pub name: String,
    /// 联系人 — who answers for the district's ledgers and packages.
    pub contact_person: String,
    /// 联系电话, checked and in its canonical form (0374-5012345 or a mobile).
    pub phone: String,
    /// 通讯地址 (may be empty).
    pub address: String,
    /// 邮政编码, six digits (may be empty).
    pub postcode: String,
    /// 电子邮箱 (may be empty).
    pub email: String,
    /// When last saved; None before the administrator first saved it.
    pub updated_at: Option<Timestamp>,
}

impl UnitInfo {
    /// The same contents, ignoring when they were saved.
    pub fn same_as(&self, other: &UnitInfo) -> bool {
        UnitInfo {
            updated_at: None,
            ..self.clone()
        } == UnitInfo {
            updated_at: None,
            ..other.clone()
        }
    }

    /// The 联系电话 line of a ledger: `0374-5012345（联系人：王敏）`.
    pub fn phone_line(&self) -> String {
        if self.contact_person.is_empty() {
            self.phone.clone()
        } else {
            format!("{}（联系人：{}）", self.phone, self.contact_person)
        }
    }
}

/// 单位信息 as typed on the page or sent to the API.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UnitInfoInput {
    /// 单位名称 (required, at most 40 characters).
    pub name: String,
    /// 联系人 (required, at most 20 characters).
    pub contact_person: String,
    /// 联系电话 (required): a landline with its area code or a mobile.
    pub phone: String,
    /// 通讯地址 (at most 100 characters).
    pub address: String,
    /// 邮政编码 (six digits).
    pub postcode: String,
    /// 电子邮箱.
    pub email: String,
}

impl UnitInfoInput {
    /// Every field checked; every problem named with its field.
    pub fn parse(&self) -> Result<UnitInfo, FieldErrors> {
        let mut r = FieldReader::default();
        let name = r.required_line("name", "单位名称", &self.name, 40);
        let contact_person = r.required_line("contact_person", "联系人", &self.contact_person, 20);
        let phone = match self.phone.trim() {
            "" => {
                r.errors.add("phone", "联系电话", "不能为空");
                String::new()
            }
            p => match PhoneNumber::parse(p) {
                Ok(p) => p.to_string(),
                Err(e) => {
                    r.errors.add("phone", "联系电话", e.to_string());
                    String::new()
                }
            },
        };
        let address = r
            .optional_line("address", "通讯地址", &self.address, 100)
            .unwrap_or_default();
        let postcode = self.postcode.trim().to_string();
        let six_digits = postcode.len() == 6 && postcode.chars().all(|c| c.is_ascii_digit());
        if !postcode.is_empty() && !six_digits {
            r.errors
                .add("postcode", "邮政编码", "应为6位数字，如 461100");
        }
        let email = self.email.trim().to_string();
        if !email.is_empty() && !looks_like_email(&email) {
            r.errors
                .add("email", "电子邮箱", "格式不正确，应如 jaxzb@163.com");
        }
        r.errors.into_result(UnitInfo {
            name,
            contact_person,
            phone,
            address,
            postcode,
            email,
            updated_at: None,
        })
    }
}

/// One `@` with something before it and a dotted domain after it, no spaces.
fn looks_like_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && s.len() <= 100
        && !s.chars().any(char::is_whitespace)
        && !domain.contains('@')
        && domain.split('.').filter(|part| !part.is_empty()).count() >= 2
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> UnitInfoInput {
        UnitInfoInput {
            name: " 许昌市建安区乡村振兴局 ".into(),
            contact_person: "王敏".into(),
            phone: "0374 5012345".into(),
            address: "许昌市建安区新元大道".into(),
            postcode: "461100".into(),
            email: "jaxzb@163.com".into(),
        }
    }

    #[test]
    fn good_details_are_kept_trimmed_with_the_phone_canonical() {
        let info = input().parse().expect("valid");
        assert_eq!(info.name, "许昌市建安区乡村振兴局");
        assert_eq!(info.phone, "0374-5012345");
        assert_eq!(info.phone_line(), "0374-5012345（联系人：王敏）");
        let bare = UnitInfoInput {
            address: String::new(),
            postcode: String::new(),
            email: String::new(),
            ..input()
        }
        .parse()
        .expect("optional fields may be empty");
        assert_eq!(bare.postcode, "");
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = UnitInfoInput {
            name: String::new(),
            contact_person: "人".repeat(21),
            phone: "12345".into(),
            address: String::new(),
            postcode: "4611".into(),
            email: "jaxzb@163".into(),
        }
        .parse()
        .expect_err("five problems");
        for field in ["name", "contact_person", "phone", "postcode", "email"] {
            assert!(bad.has(field), "{field} not named: {bad}");
        }
        let missing_phone = UnitInfoInput {
            phone: " ".into(),
            ..input()
        }
        .parse()
        .expect_err("phone is required");
        assert!(missing_phone.has("phone"));
    }

    #[test]
    fn addresses_that_are_not_email_addresses_are_refused() {
        for good in ["a@b.cn", "xfb.jianan@xuchang.gov.cn"] {
            assert!(looks_like_email(good), "{good}");
        }
        for bad in ["a@b", "@b.cn", "a b@c.cn", "a@@b.cn", "a@.cn", "a@b.cn."] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }
}
