//! 单位信息 and 每周报送 as the API answers them.

use serde::Serialize;
use utoipa::ToSchema;
use xinfang_domain::unit_info::UnitInfo;
use xinfang_store::Sending;

use super::t;

/// 单位信息: the district bureau's details on its ledgers and packages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitInfoJson {
    /// Saved by the 系统管理员 at least once (before that the fields are empty
    /// and forms print the organisation's name and the roster's phone).
    pub saved: bool,
    /// 单位名称 as printed after 填报单位.
    pub name: String,
    /// 联系人.
    pub contact_person: String,
    /// 联系电话.
    pub phone: String,
    /// 通讯地址.
    pub address: String,
    /// 邮政编码.
    pub postcode: String,
    /// 电子邮箱.
    pub email: String,
    /// When last saved (RFC 3339, +08:00).
    pub updated_at: Option<String>,
}

impl From<Option<&UnitInfo>> for UnitInfoJson {
    fn from(info: Option<&UnitInfo>) -> Self {
        let i = info.cloned().unwrap_or_default();
        UnitInfoJson {
            saved: info.is_some(),
            name: i.name,
            contact_person: i.contact_person,
            phone: i.phone,
            address: i.address,
            postcode: i.postcode,
            email: i.email,
            updated_at: i.updated_at.map(t),
        }
    }
}

/// One case the next package carries.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PendingCaseJson {
    /// Case id.
    pub id: i64,
    /// 信访件编号.
    pub number: String,
    /// 信访人 (name).
    pub petitioner: String,
    /// 问题所属乡镇.
    pub township: String,
    /// 办结时间.
    pub closed_at: Option<String>,
    /// 缺少材料: what its folder lacks, in Chinese (empty when complete).
    pub missing: Vec<String>,
}

/// 报送预览: what `POST /api/v1/reports/weekly` would send now.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportPreviewJson {
    /// When the last package was sent (the new one covers what closed and was not sent since).
    pub since: Option<String>,
    /// The last package's id.
    pub last_sending_id: Option<i64>,
    /// How many cases lack something.
    pub incomplete: usize,
    /// Every closed provincial case not yet sent.
    pub cases: Vec<PendingCaseJson>,
}

/// One case of a sent package.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SendingCaseJson {
    /// Case id.
    pub case_id: i64,
    /// 信访件编号.
    pub number: String,
    /// What its folder lacked when sent.
    pub missing: Vec<String>,
}

/// 报送记录: one package sent to the city.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SendingJson {
    /// Its number in the district's series (第N次报送).
    pub id: i64,
    /// When it was sent.
    pub sent_at: String,
    /// Who sent it.
    pub sent_by: String,
    /// When the package before it was sent (null for the first).
    pub since: Option<String>,
    /// How many cases it carried.
    pub case_count: i64,
    /// The .zip's file name.
    pub filename: String,
    /// SHA-256 of the .zip as sent.
    pub sha256: String,
    /// Its size in bytes.
    pub size: i64,
    /// Where to download it exactly as sent.
    pub package: String,
    /// Its cases (empty in lists).
    pub cases: Vec<SendingCaseJson>,
}

impl From<&Sending> for SendingJson {
    fn from(s: &Sending) -> Self {
        SendingJson {
            id: s.id,
            sent_at: t(s.sent_at),
            sent_by: s.sent_by_name.clone(),
            since: s.since.map(t),
            case_count: s.case_count,
            filename: s.filename.clone(),
            sha256: s.sha256.clone(),
            size: s.size,
            package: format!("/api/v1/reports/sendings/{}/package", s.id),
            cases: s
                .cases
                .iter()
                .map(|c| SendingCaseJson {
                    case_id: c.case_id,
                    number: c.number.clone(),
                    missing: c.missing.clone(),
                })
                .collect(),
        }
    }
}

/// The 报送记录, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SendingListJson {
    /// Every package sent.
    pub items: Vec<SendingJson>,
}
