//! Changing an account: the administrator's edit (姓名, 单位, 角色, 电话, 重置密码, 停用/启用) and a user's own new password, each a pure parse.

use serde::{Deserialize, Serialize};

use super::{check_password, parse_phone};
use crate::access::Role;
use crate::errors::{FieldErrors, truthy};

/// An administrator's change to a user, as typed: a field left out (None)
/// keeps its value, so the API may send only what changes.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UserUpdate {
    /// 姓名
    pub display_name: Option<String>,
    /// 所属单位 id
    pub org_id: Option<String>,
    /// 角色 keys or labels; the new set replaces the old
    pub roles: Option<Vec<String>>,
    /// 电话; blank removes it
    pub phone: Option<String>,
    /// 重置密码: the new password, which the user must change at the next login
    pub password: Option<String>,
    /// 启用 (是) or 停用 (否)
    pub active: Option<String>,
}

/// A checked change; None keeps the field as it is.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct AccountChange {
    /// New name.
    pub display_name: Option<String>,
    /// New organisation (looked up by the caller).
    pub org_id: Option<i64>,
    /// New roles.
    pub roles: Option<Vec<Role>>,
    /// New phone; `Some(None)` removes it.
    pub phone: Option<Option<String>>,
    /// New password in the clear, for the caller to hash.
    pub password: Option<String>,
    /// Enable or disable.
    pub active: Option<bool>,
}

impl std::fmt::Debug for AccountChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountChange")
            .field("display_name", &self.display_name)
            .field("org_id", &self.org_id)
            .field("roles", &self.roles)
            .field("phone", &self.phone)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("active", &self.active)
            .finish()
    }
}

impl AccountChange {
    /// Whether it changes nothing at all.
    pub fn is_empty(&self) -> bool {
        self == &AccountChange::default()
    }
}

impl UserUpdate {
    /// Check every field given; every problem names its field. A change of
    /// nothing is refused too, so an empty request never passes for a save.
    pub fn parse(&self) -> Result<AccountChange, FieldErrors> {
        let mut e = FieldErrors::default();
        let display_name = self.display_name.as_deref().map(str::trim).map(|n| {
            if n.is_empty() || n.chars().count() > 30 {
                e.add("display_name", "姓名", "不能为空，且不超过30个字");
            } else if let Err(message) = crate::errors::clean_text(n, true) {
                e.add("display_name", "姓名", message);
            }
            n.to_string()
        });
        let org_id = self.org_id.as_deref().and_then(|o| {
            let id = o.trim().parse::<i64>().ok();
            if id.is_none() {
                e.add("org_id", "所属单位", "请选择所属单位");
            }
            id
        });
        let roles = self.roles.as_ref().map(|typed| {
            let typed: Vec<&String> = typed.iter().filter(|r| !r.trim().is_empty()).collect();
            let roles: Vec<Role> = typed.iter().filter_map(|r| Role::parse(r)).collect();
            if roles.is_empty() || roles.len() != typed.len() {
                e.add("roles", "角色", "请选择有效的角色");
            }
            roles
        });
        let phone = self.phone.as_deref().map(|p| parse_phone(&mut e, p));
        if let Some(p) = &self.password {
            check_password(&mut e, "password", "新密码", p);
        }
        let active = self.active.as_deref().and_then(|a| match a.trim() {
            "否" | "no" | "false" | "0" | "停用" => Some(false),
            "启用" => Some(true),
            s if truthy(s) => Some(true),
            s => {
                e.add(
                    "active",
                    "状态",
                    format!("应为“是”（启用）或“否”（停用），而不是“{s}”"),
                );
                None
            }
        });
        let change = AccountChange {
            display_name,
            org_id,
            roles,
            phone,
            password: self.password.clone(),
            active,
        };
        if e.is_empty() && change.is_empty() {
            e.add("user", "用户", "没有要修改的内容");
        }
        e.into_result(change)
    }
}

/// A user's own new password, as typed on 修改密码.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct PasswordChangeInput {
    /// 当前密码
    pub current_password: String,
    /// 新密码
    pub new_password: String,
    /// 确认新密码 (may be left out by scripts)
    pub confirm_password: Option<String>,
}

/// A checked password change; the current password is still to be verified.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordChange {
    /// The current password as typed.
    pub current: String,
    /// The new one.
    pub new: String,
}

impl std::fmt::Debug for PasswordChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PasswordChange(<redacted>)")
    }
}

impl PasswordChangeInput {
    /// Check the form: the current password given, the new one long enough,
    /// typed the same twice and not the old one again.
    pub fn parse(&self) -> Result<PasswordChange, FieldErrors> {
        let mut e = FieldErrors::default();
        if self.current_password.is_empty() {
            e.add("current_password", "当前密码", "请输入当前密码");
        }
        check_password(&mut e, "new_password", "新密码", &self.new_password);
        if let Some(confirm) = &self.confirm_password
            && *confirm != self.new_password
        {
            e.add("confirm_password", "确认新密码", "两次输入的新密码不一致");
        }
        if !self.new_password.is_empty() && self.new_password == self.current_password {
            e.add("new_password", "新密码", "新密码不能与当前密码相同");
        }
        e.into_result(PasswordChange {
            current: self.current_password.clone(),
            new: self.new_password.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_is_given_changes() {
        let u = UserUpdate {
            display_name: Some(" 张新名 ".into()),
            phone: Some(String::new()),
            ..UserUpdate::default()
        };
        let c = u.parse().expect("valid");
        assert_eq!(c.display_name.as_deref(), Some("张新名"));
        assert_eq!(c.phone, Some(None), "a blank phone removes it");
        assert_eq!((c.org_id, c.roles, c.active), (None, None, None));
        assert!(c.password.is_none());
    }

    #[test]
    fn roles_by_key_or_label_and_the_state_by_word() {
        let u = UserUpdate {
            roles: Some(vec!["督查".into(), "case_leader".into(), String::new()]),
            active: Some("否".into()),
            ..UserUpdate::default()
        };
        let c = u.parse().expect("valid");
        assert_eq!(c.roles, Some(vec![Role::Inspector, Role::CaseLeader]));
        assert_eq!(c.active, Some(false));
        for (word, want) in [
            ("启用", true),
            ("是", true),
            ("停用", false),
            ("false", false),
        ] {
            let u = UserUpdate {
                active: Some(word.into()),
                ..UserUpdate::default()
            };
            assert_eq!(u.parse().expect(word).active, Some(want), "{word}");
        }
    }

    #[test]
    fn every_bad_field_is_named_and_nothing_is_no_change() {
        let bad = UserUpdate {
            display_name: Some("  ".into()),
            org_id: Some("单位".into()),
            roles: Some(vec!["boss".into()]),
            phone: Some("123".into()),
            password: Some("short".into()),
            active: Some("也许".into()),
        };
        let e = bad.parse().expect_err("refused");
        for f in [
            "display_name",
            "org_id",
            "roles",
            "phone",
            "password",
            "active",
        ] {
            assert!(e.has(f), "{f} not named in {e}");
        }
        let e = UserUpdate::default().parse().expect_err("nothing to do");
        assert!(e.has("user"), "{e}");
        let no_roles = UserUpdate {
            roles: Some(vec![]),
            ..UserUpdate::default()
        };
        assert!(no_roles.parse().expect_err("no role").has("roles"));
    }

    #[test]
    fn a_reset_password_stays_out_of_logs() {
        let u = UserUpdate {
            password: Some("甲乙丙丁戊己庚辛".into()),
            ..UserUpdate::default()
        };
        let c = u.parse().expect("valid");
        assert!(!format!("{c:?}").contains("甲乙"));
    }

    #[test]
    fn a_new_password_is_checked_against_the_form() {
        let ok = PasswordChangeInput {
            current_password: "old-password".into(),
            new_password: "new-password-2".into(),
            confirm_password: Some("new-password-2".into()),
        };
        assert_eq!(ok.parse().expect("valid").new, "new-password-2");
        let bad = PasswordChangeInput {
            current_password: String::new(),
            new_password: "short".into(),
            confirm_password: Some("other".into()),
        };
        let e = bad.parse().expect_err("refused");
        for f in ["current_password", "new_password", "confirm_password"] {
            assert!(e.has(f), "{f} not named in {e}");
        }
        let same = PasswordChangeInput {
            current_password: "same-password".into(),
            new_password: "same-password".into(),
            confirm_password: None,
        };
        let e = same.parse().expect_err("the same again");
        assert!(e.has("new_password"), "{e}");
    }
}
