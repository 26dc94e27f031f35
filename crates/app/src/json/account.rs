//! The caller, the organisation tree, notifications (通知) and the audit chain as JSON.

use serde::Serialize;
use xinfang_domain::account::UserRecord;
use xinfang_domain::deadlines::NoticeLevel;
use xinfang_domain::notification::Notification;
use xinfang_domain::org::Org;

use super::t;

/// The caller (`GET /api/v1/me`).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MeJson {
    /// User id.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Name shown to others.
    pub name: String,
    /// Organisation id.
    pub org_id: i64,
    /// Organisation name.
    pub org: String,
    /// Roles (Chinese labels).
    pub roles: Vec<String>,
}

impl From<&UserRecord> for MeJson {
    fn from(u: &UserRecord) -> Self {
        MeJson {
            id: u.id,
            username: u.username.clone(),
            name: u.display_name.clone(),
            org_id: u.org_id,
            org: u.org_name.clone(),
            roles: u.roles.iter().map(|r| r.label().to_string()).collect(),
        }
    }
}

/// An organisation of the district's tree.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgJson {
    /// Id.
    pub id: i64,
    /// Unique code (NBS code for townships and villages).
    pub code: String,
    /// Full Chinese name.
    pub name: String,
    /// district, bureau, department, township, village, leadership or inspection.
    pub kind: String,
    /// Parent in the tree (null only for the district root).
    pub parent_id: Option<i64>,
}

impl From<&Org> for OrgJson {
    fn from(o: &Org) -> Self {
        OrgJson {
            id: o.id,
            code: o.code.clone(),
            name: o.name.clone(),
            kind: o.kind.as_str().to_string(),
            parent_id: o.parent_id,
        }
    }
}

/// A 督办 notice (通知) to the caller.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NotificationJson {
    /// Id; mark it read with `POST /api/v1/notifications/read`.
    pub id: i64,
    /// Level: 1 预警, 2 超期, 3 升级 …
    pub level: i64,
    /// The level in Chinese.
    pub level_label: String,
    /// Title.
    pub title: String,
    /// Text.
    pub body: String,
    /// The case it is about, if any.
    pub case_id: Option<i64>,
    /// Its number.
    pub case_number: Option<String>,
    /// When raised, RFC 3339 with +08:00
    pub created_at: String,
    /// When read; null while unread.
    pub read_at: Option<String>,
}

impl From<&Notification> for NotificationJson {
    fn from(n: &Notification) -> Self {
        NotificationJson {
            id: n.id,
            level: n.level,
            level_label: NoticeLevel::from_rank(n.level)
                .map_or("通知", NoticeLevel::label)
                .to_string(),
            title: n.title.clone(),
            body: n.body.clone(),
            case_id: n.case_id,
            case_number: n.case_number.clone(),
            created_at: t(n.created_at),
            read_at: n.read_at.map(t),
        }
    }
}

/// The caller's notices with the unread count.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NotificationListJson {
    /// Unread notices.
    pub unread: i64,
    /// Notices, newest first.
    pub items: Vec<NotificationJson>,
}

/// What marking notices read did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MarkedJson {
    /// Notices marked now.
    pub marked: u64,
    /// Unread notices left.
    pub unread: i64,
}

/// The audit chain checked now (审计日志).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AuditChainJson {
    /// Rows checked.
    pub rows: i64,
    /// The first row whose hash does not match, if any.
    pub first_broken: Option<i64>,
}
