//! 乡镇涉贫信访干部队伍 — one organisation's row of the cadre roster (Annex 3), and its pure parse.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::errors::{FieldErrors, FieldReader};
use crate::ident::PhoneNumber;

/// One organisation's row of the roster.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RosterEntry {
    /// The organisation (usually a township).
    pub org_id: i64,
    /// Its name.
    pub org_name: String,
    /// 分管领导
    pub leader_name: String,
    /// 职务
    pub leader_title: String,
    /// 办公电话 (of the leader), validated text.
    pub leader_office_phone: Option<String>,
    /// 手机号码 (of the leader).
    pub leader_mobile: Option<String>,
    /// 涉贫信访专干
    pub cadre_name: String,
    /// 办公电话 (of the cadre).
    pub cadre_office_phone: Option<String>,
    /// 手机号码 (of the cadre).
    pub cadre_mobile: Option<String>,
    /// When last saved; None when nothing was entered yet.
    pub updated_at: Option<Timestamp>,
}

impl RosterEntry {
    /// The same contents (names and phones), ignoring when it was saved.
    pub fn same_as(&self, other: &RosterEntry) -> bool {
        RosterEntry {
            updated_at: None,
            ..self.clone()
        } == RosterEntry {
            updated_at: None,
            ..other.clone()
        }
    }

    /// Nothing entered: no names and no phones.
    pub fn is_blank(&self) -> bool {
        self.same_as(&RosterEntry {
            org_id: self.org_id,
            org_name: self.org_name.clone(),
            ..RosterEntry::default()
        })
    }

    /// The 联系电话 a ledger prints for this organisation: the cadre's,
    /// else the leader's; office phone before mobile.
    pub fn contact_phone(&self) -> Option<&str> {
        [
            &self.cadre_office_phone,
            &self.cadre_mobile,
            &self.leader_office_phone,
            &self.leader_mobile,
        ]
        .into_iter()
        .find_map(|p| p.as_deref())
    }
}

/// One roster row as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct RosterInput {
    /// The organisation (id).
    pub org_id: String,
    /// 分管领导
    pub leader_name: String,
    /// 职务
    pub leader_title: String,
    /// 办公电话 (of the leader).
    pub leader_office_phone: String,
    /// 手机号码 (of the leader).
    pub leader_mobile: String,
    /// 涉贫信访专干
    pub cadre_name: String,
    /// 办公电话 (of the cadre).
    pub cadre_office_phone: String,
    /// 手机号码 (of the cadre).
    pub cadre_mobile: String,
}

/// A phone as the roster keeps it: checked, in its canonical text; a mobile
/// column refuses a landline.
fn phone(r: &mut FieldReader, field: &str, label: &str, v: &str, mobile: bool) -> Option<String> {
    let s = v.trim();
    if s.is_empty() {
        return None;
    }
    match PhoneNumber::parse(s) {
        Ok(p) if mobile && !p.is_mobile() => {
            r.errors
                .add(field, label, "应填写11位手机号，固定电话请填在办公电话栏");
            None
        }
        Ok(p) => Some(p.to_string()),
        Err(e) => {
            r.errors.add(field, label, e.to_string());
            None
        }
    }
}

impl RosterInput {
    /// The row as typed, every field checked; the organisation's name is
    /// left for the caller, who looks the organisation up.
    pub fn parse(&self) -> Result<RosterEntry, FieldErrors> {
        let mut r = FieldReader::default();
        let org_id = r.id("org_id", "单位", &self.org_id);
        let entry = RosterEntry {
            org_id: org_id.unwrap_or_default(),
            org_name: String::new(),
            leader_name: r
                .optional_line("leader_name", "分管领导", &self.leader_name, 30)
                .unwrap_or_default(),
            leader_title: r
                .optional_line("leader_title", "职务", &self.leader_title, 50)
                .unwrap_or_default(),
            leader_office_phone: phone(
                &mut r,
                "leader_office_phone",
                "分管领导办公电话",
                &self.leader_office_phone,
                false,
            ),
            leader_mobile: phone(
                &mut r,
                "leader_mobile",
                "分管领导手机号码",
                &self.leader_mobile,
                true,
            ),
            cadre_name: r
                .optional_line("cadre_name", "涉贫信访专干", &self.cadre_name, 30)
                .unwrap_or_default(),
            cadre_office_phone: phone(
                &mut r,
                "cadre_office_phone",
                "专干办公电话",
                &self.cadre_office_phone,
                false,
            ),
            cadre_mobile: phone(
                &mut r,
                "cadre_mobile",
                "专干手机号码",
                &self.cadre_mobile,
                true,
            ),
            updated_at: None,
        };
        r.errors.into_result(entry)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_row_keeps_its_phones_checked_and_names_every_bad_field() {
        let ok = RosterInput {
            org_id: "12".into(),
            leader_name: "王副镇长".into(),
            leader_office_phone: "0374-8123456".into(),
            cadre_mobile: "13812345678".into(),
            ..RosterInput::default()
        }
        .parse();
        let ok = ok.expect("valid row");
        assert_eq!(ok.org_id, 12);
        assert_eq!(ok.leader_mobile, None);
        assert_eq!(ok.cadre_mobile.as_deref(), Some("13812345678"));
        assert!(ok.leader_office_phone.is_some());

        let bad = RosterInput {
            org_id: String::new(),
            leader_mobile: "0374-8123456".into(),
            cadre_office_phone: "12345".into(),
            cadre_name: "名".repeat(31),
            ..RosterInput::default()
        }
        .parse()
        .expect_err("four problems");
        for field in [
            "org_id",
            "leader_mobile",
            "cadre_office_phone",
            "cadre_name",
        ] {
            assert!(bad.has(field), "{field} not named: {bad}");
        }
    }
}
