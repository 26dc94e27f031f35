//! The input of the two notices: every field of the seed's Annex 5 and 6 forms.
//!
//! Plain data, filled by the app from a case. Dates are civil dates
//! (Asia/Shanghai) and print as `2022年3月5日`; an empty string or `None`
//! prints as a blank to be filled in by hand.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// Who is reviewed when the seed's form names no body: the 复查 sentence's default.
pub const DEFAULT_REVIEW_BODY: &str = "区乡村振兴局";

/// The petitioner block shared by both forms (first three rows of the table).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Petitioner {
    /// 信访人姓名 (required).
    pub name: String,
    /// 联系电话 of the petitioner.
    pub phone: String,
    /// 身份证号.
    pub id_number: String,
    /// 住址 (受理告知书) or 住址或单位 (处理意见书).
    pub address: String,
    /// 随访人姓名: the people who came with the petitioner, as printed (may be empty).
    pub companions: String,
}

/// The handling block shared by both forms: 办理部门/办理单位, 经办人, 联系电话.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Handler {
    /// 办理部门 (受理告知书) or 办理单位 (处理意见书).
    pub unit: String,
    /// 经办人.
    pub person: String,
    /// 联系电话 of the 经办人.
    pub phone: String,
}

/// The 送达时间 / 送达人 / 联系电话 row; left blank when the paper is delivered by hand.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Delivery {
    /// 送达时间.
    pub delivered_on: Option<Date>,
    /// 送达人.
    pub deliverer: String,
    /// 联系电话 of the 送达人.
    pub phone: String,
}

/// The 签章 line and the date under it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Signature {
    /// The issuing body printed after 签章： (the seal goes over it); may be empty.
    pub issuer: String,
    /// The date under the seal; `None` prints a blank `年 月 日` line.
    pub signed_on: Option<Date>,
}

/// 信访事项受理告知书 (Annex 5 in the seed's attachment list): read and signed on site.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcceptanceNotice {
    /// 信访件编号, e.g. `建安信访〔2022〕0007号` (required).
    pub case_number: String,
    /// 信访人姓名, 联系电话, 身份证号, 住址, 随访人姓名.
    pub petitioner: Petitioner,
    /// 信访日期.
    pub petition_date: Date,
    /// 信访形式 (走访, 来信, 来电, 网上信访 …).
    pub petition_form: String,
    /// 信访事项: the matter in the petitioner's words; wraps inside its cell.
    pub matter: String,
    /// 办理部门, 经办人, 联系电话.
    pub handler: Handler,
    /// The date by which the matter is settled and answered in writing
    /// (将于 …前办结), computed by the caller from the rules (at most 10 days).
    pub reply_by: Date,
    /// 签章 and its date.
    pub signature: Signature,
    /// 送达时间, 送达人, 联系电话.
    pub delivery: Delivery,
}

/// The five parts of a handling opinion required by 《信访工作条例》第三十二条.
///
/// Each part is printed as its own paragraph(s); a `\n` inside a part starts
/// a new paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpinionText {
    /// 信访请求: what the petitioner asks for.
    pub request: String,
    /// 查明事实: the facts found.
    pub facts: String,
    /// 处理理由: the reasons.
    pub reasons: String,
    /// 处理意见: the decision.
    pub opinion: String,
    /// 法律依据: the laws, regulations and policies relied on.
    pub legal_basis: String,
}

/// 信访事项处理意见书 (Annex 6 in the seed's attachment list), with the 30-day 复查 sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlingOpinion {
    /// 信访件编号 (required).
    pub case_number: String,
    /// 信访人姓名, 联系电话, 身份证号, 住址或单位, 随访人姓名.
    pub petitioner: Petitioner,
    /// 信访事项.
    pub matter: String,
    /// 办理单位, 经办人, 联系电话.
    pub handler: Handler,
    /// 处理意见: request, facts, reasons, opinion and legal basis.
    pub text: OpinionText,
    /// The body that hears a 复查 (review) request; `None` prints
    /// [`DEFAULT_REVIEW_BODY`] (区乡村振兴局) as the seed does.
    pub review_body: Option<String>,
    /// 签章 and its date.
    pub signature: Signature,
    /// 送达时间, 送达人, 联系电话.
    pub delivery: Delivery,
}

/// A date as printed on a notice: `2022年3月5日` (GB/T 9704: Arabic numerals, no padding).
pub fn chinese_date(date: Date) -> String {
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}
