//! 账号 — the people who use the system: a user as stored, and the pure parse of a new user's form.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Role};
use crate::errors::FieldErrors;
use crate::ident::PhoneNumber;
use crate::org::OrgKind;

/// The shortest password accepted.
pub const PASSWORD_MIN_CHARS: usize = 8;

/// A user to create; the password is already hashed by the caller.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// Organisation.
    pub org_id: i64,
    /// Roles.
    pub roles: Vec<Role>,
    /// Phone.
    pub phone: Option<String>,
    /// PHC string from argon2.
    pub password_hash: String,
}

/// A user as stored.
#[derive(Clone, Serialize)]
pub struct UserRecord {
    /// Id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// Organisation id.
    pub org_id: i64,
    /// Organisation name.
    pub org_name: String,
    /// Organisation kind.
    pub org_kind: OrgKind,
    /// Roles.
    pub roles: Vec<Role>,
    /// Phone.
    pub phone: Option<String>,
    /// Can log in.
    pub active: bool,
    /// Failed logins since the last success.
    pub failed_logins: i64,
    /// Locked until this time after too many failures.
    pub locked_until: Option<Timestamp>,
    /// When the last wrong password was tried.
    pub last_failed_login_at: Option<Timestamp>,
    /// When the most recent lock took hold; kept until the user next logs
    /// in and is told of it.
    pub locked_at: Option<Timestamp>,
    /// 须修改密码 — the password was reset by an administrator and must be
    /// changed at the next login, before anything else.
    pub must_change_password: bool,
    #[serde(skip)]
    /// Argon2 PHC string.
    pub password_hash: String,
}

impl std::fmt::Debug for UserRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserRecord")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("org_id", &self.org_id)
            .field("roles", &self.roles)
            .field("password_hash", &"<redacted>")
            .finish()
    }
}

impl UserRecord {
    /// The user as the actor of a request.
    pub fn actor(&self) -> Actor {
        Actor {
            user_id: self.id,
            username: self.username.clone(),
            display_name: self.display_name.clone(),
            org_id: self.org_id,
            org_kind: self.org_kind,
            roles: self.roles.clone(),
        }
    }

    /// Whether the account is locked at `now` (too many wrong passwords).
    pub fn is_locked(&self, now: Timestamp) -> bool {
        self.locked_until.is_some_and(|until| until > now)
    }
}

/// A user to create, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct UserInput {
    /// 用户名
    pub username: String,
    /// 姓名
    pub display_name: String,
    /// 所属单位 id
    pub org_id: String,
    /// 角色 keys or labels
    pub roles: Vec<String>,
    /// 电话
    pub phone: String,
    /// 初始密码
    pub password: String,
}

/// A new user, checked; the password still in the clear for the caller to hash.
#[derive(Clone, PartialEq, Eq)]
pub struct NewAccount {
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub display_name: String,
    /// Organisation (looked up by the caller).
    pub org_id: i64,
    /// Roles.
    pub roles: Vec<Role>,
    /// Phone, canonical text.
    pub phone: Option<String>,
    /// The password as typed.
    pub password: String,
}

impl std::fmt::Debug for NewAccount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NewAccount")
            .field("username", &self.username)
            .field("org_id", &self.org_id)
            .field("roles", &self.roles)
            .field("password", &"<redacted>")
            .finish()
    }
}

impl UserInput {
    /// Check every field; every problem names its field.
    pub fn parse(&self) -> Result<NewAccount, FieldErrors> {
        let mut e = FieldErrors::default();
        let username = self.username.trim();
        if username.len() < 2
            || username.len() > 32
            || !username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
        {
            e.add(
                "username",
                "用户名",
                "用户名应为2–32位字母、数字、下划线、点或连字符",
            );
        }
        let display_name = self.display_name.trim();
        if display_name.is_empty() || display_name.chars().count() > 30 {
            e.add("display_name", "姓名", "不能为空，且不超过30个字");
        } else if let Err(message) = crate::errors::clean_text(display_name, true) {
            e.add("display_name", "姓名", message);
        }
        let roles: Vec<Role> = self.roles.iter().filter_map(|r| Role::parse(r)).collect();
        if roles.is_empty()
            || roles.len() != self.roles.iter().filter(|r| !r.trim().is_empty()).count()
        {
            e.add("roles", "角色", "请选择有效的角色");
        }
        check_password(&mut e, "password", "密码", &self.password);
        let phone = parse_phone(&mut e, &self.phone);
        let org_id = self.org_id.trim().parse::<i64>().ok();
        if org_id.is_none() {
            e.add("org_id", "所属单位", "请选择所属单位");
        }
        match org_id {
            Some(org_id) if e.is_empty() => Ok(NewAccount {
                username: username.into(),
                display_name: display_name.into(),
                org_id,
                roles,
                phone,
                password: self.password.clone(),
            }),
            _ => Err(e),
        }
    }
}

/// Refuse a password shorter than [`PASSWORD_MIN_CHARS`].
fn check_password(e: &mut FieldErrors, field: &str, label: &str, password: &str) {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        e.add(field, label, format!("密码至少{PASSWORD_MIN_CHARS}位"));
    }
}

/// A staff phone: blank is none; anything else must be a phone number.
fn parse_phone(e: &mut FieldErrors, phone: &str) -> Option<String> {
    match phone.trim() {
        "" => None,
        p => match PhoneNumber::parse(p) {
            Ok(p) => Some(p.to_string()),
            Err(err) => {
                e.add("phone", "电话", err.to_string());
                None
            }
        },
    }
}

mod change;
mod token;

pub use change::{AccountChange, PasswordChange, PasswordChangeInput, UserUpdate};
pub use token::{TokenRecord, TokenStatus};

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> UserInput {
        UserInput {
            username: "zhang.pan-1".into(),
            display_name: " 张专干 ".into(),
            org_id: "12".into(),
            roles: vec!["乡镇专干".into(), "case_leader".into()],
            phone: String::new(),
            password: "甲乙丙丁戊己庚辛".into(),
        }
    }

    #[test]
    fn a_good_user_parses_with_roles_by_key_or_label() {
        let a = input().parse().expect("valid");
        assert_eq!(a.display_name, "张专干");
        assert_eq!(a.roles, vec![Role::TownshipOfficer, Role::CaseLeader]);
        assert_eq!(a.org_id, 12);
        assert!(
            !format!("{a:?}").contains("甲乙"),
            "the password stays out of logs"
        );
    }

    #[test]
    fn every_bad_field_is_named() {
        let bad = UserInput {
            username: "张".into(),
            display_name: String::new(),
            org_id: "x".into(),
            roles: vec!["admin".into(), "boss".into()],
            phone: "123".into(),
            password: "1234567".into(),
        };
        let e = bad.parse().expect_err("refused");
        for f in [
            "username",
            "display_name",
            "org_id",
            "roles",
            "phone",
            "password",
        ] {
            assert!(e.has(f), "{f} not named in {e}");
        }
    }

    #[test]
    fn a_name_with_a_control_character_is_refused() {
        let mut bad = input();
        bad.display_name = "张\u{0}专干".into();
        let e = bad.parse().expect_err("refused");
        assert!(e.has("display_name"), "{e}");
        assert!(e.to_string().contains("U+0000"), "{e}");
    }
}
