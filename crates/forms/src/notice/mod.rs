//! Notices (Annexes 5–6: 受理告知书, 处理意见书) as A4 PDF with an embedded Chinese font.
//!
//! Typeset by typst used as a library (`world.rs`): proper Chinese line
//! breaking (no line starts with 。，、), justified paragraphs, a bordered
//! table laid out like the seed's forms that breaks across pages when a
//! matter is long. The templates (`*.typ`) read the notice's data as JSON,
//! so user text is never interpreted as markup. Before typesetting, every
//! character is checked against the font: a missing one is an error naming
//! the field ([`NoticeError::MissingGlyphs`]), never a silent blank.
//!
//! ```no_run
//! # use xinfang_forms::notice::*;
//! # fn demo(notice: &AcceptanceNotice) -> Result<(), NoticeError> {
//! let pdf = acceptance_pdf(notice, &NoticeFont::embedded())?;
//! # let _ = pdf; Ok(()) }
//! ```

mod font;
mod mark;
mod model;
mod pack;
mod world;

use serde_json::json;

pub use font::NoticeFont;
pub use mark::VerifyMark;
pub use model::{
    AcceptanceNotice, DEFAULT_REVIEW_BODY, Delivery, Handler, HandlingOpinion, OpinionText,
    Petitioner, Signature, chinese_date,
};
pub use pack::{MeetingPack, PackSection, meeting_pack_pdf};
use world::Template;

const ACCEPTANCE_TITLE: &str = "信访事项受理告知书";
const OPINION_TITLE: &str = "信访事项处理意见书";

/// Why a notice could not be produced.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NoticeError {
    /// The font has no glyph for these characters of `field` (a Chinese field
    /// name such as `信访人姓名`; `表格固定文字` for the form's own wording).
    #[error("{field}中有字体缺少的字符：{}", describe_chars(.chars))]
    MissingGlyphs {
        /// The field, by its name on the form.
        field: String,
        /// The characters the font lacks, in order of appearance, each once.
        chars: Vec<char>,
    },
    /// A field is empty or inconsistent.
    #[error("{field}：{reason}")]
    Invalid {
        /// The field, by its name on the form.
        field: String,
        /// Why, in Chinese.
        reason: String,
    },
    /// The supplied font file cannot be used.
    #[error("字体不可用：{0}")]
    Font(String),
    /// typst failed (a bug in the templates, not in the data).
    #[error("排版失败：{0}")]
    Typeset(String),
}

/// Typesets a 信访事项受理告知书 as a one-page A4 PDF (more pages only for a very long matter).
pub fn acceptance_pdf(
    notice: &AcceptanceNotice,
    font: &NoticeFont,
) -> Result<Vec<u8>, NoticeError> {
    acceptance(notice, font, None)
}

/// [`acceptance_pdf`] with its verification mark: the 验证码 and its QR code.
pub fn acceptance_pdf_marked(
    notice: &AcceptanceNotice,
    font: &NoticeFont,
    mark: &VerifyMark,
) -> Result<Vec<u8>, NoticeError> {
    acceptance(notice, font, Some(mark))
}

/// [`opinion_pdf`] with its verification mark: the 验证码 and its QR code.
pub fn opinion_pdf_marked(
    opinion: &HandlingOpinion,
    font: &NoticeFont,
    mark: &VerifyMark,
) -> Result<Vec<u8>, NoticeError> {
    handling_opinion(opinion, font, Some(mark))
}

fn acceptance(
    notice: &AcceptanceNotice,
    font: &NoticeFont,
    mark: Option<&VerifyMark>,
) -> Result<Vec<u8>, NoticeError> {
    let n = notice;
    require("信访件编号", &n.case_number)?;
    require("信访人姓名", &n.petitioner.name)?;
    require("信访事项", &n.matter)?;
    if n.reply_by < n.petition_date {
        return Err(invalid("办结日期", "不能早于信访日期"));
    }
    let reply_by = chinese_date(n.reply_by);
    let petition_date = chinese_date(n.petition_date);
    let mut fields = common_fields(&n.petitioner, &n.handler, &n.signature, &n.delivery, false);
    fields.extend([
        ("信访件编号", n.case_number.as_str()),
        ("信访形式", n.petition_form.as_str()),
        ("信访事项", n.matter.as_str()),
    ]);
    check(font, fields, world::ACCEPTANCE_TYP, ACCEPTANCE_TITLE, mark)?;

    let mut data = common_data(
        font,
        ACCEPTANCE_TITLE,
        &n.case_number,
        &n.petitioner,
        &n.handler,
    );
    extend(&mut data, signature_data(&n.signature, &n.delivery));
    extend(
        &mut data,
        json!({
            "petition_date": petition_date,
            "petition_form": n.petition_form,
            "matter": n.matter,
            "reply_by": reply_by,
        }),
    );
    normalize(&mut data);
    world::render(Template::Acceptance, &with_mark(data, mark)?, font)
}

/// Typesets a 信访事项处理意见书 as an A4 PDF: the five parts of 第三十二条 and
/// the 30-day 复查 sentence naming `review_body`.
pub fn opinion_pdf(opinion: &HandlingOpinion, font: &NoticeFont) -> Result<Vec<u8>, NoticeError> {
    handling_opinion(opinion, font, None)
}

fn handling_opinion(
    opinion: &HandlingOpinion,
    font: &NoticeFont,
    mark: Option<&VerifyMark>,
) -> Result<Vec<u8>, NoticeError> {
    let o = opinion;
    let t = &o.text;
    require("信访件编号", &o.case_number)?;
    require("信访人姓名", &o.petitioner.name)?;
    require("信访事项", &o.matter)?;
    require("信访请求", &t.request)?;
    require("查明事实", &t.facts)?;
    require("处理理由", &t.reasons)?;
    require("处理意见", &t.opinion)?;
    require("法律依据", &t.legal_basis)?;
    let review_body = o
        .review_body
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let review_body = review_body.unwrap_or(DEFAULT_REVIEW_BODY);
    let mut fields = common_fields(&o.petitioner, &o.handler, &o.signature, &o.delivery, true);
    fields.extend([
        ("信访件编号", o.case_number.as_str()),
        ("信访事项", o.matter.as_str()),
        ("信访请求", t.request.as_str()),
        ("查明事实", t.facts.as_str()),
        ("处理理由", t.reasons.as_str()),
        ("处理意见", t.opinion.as_str()),
        ("法律依据", t.legal_basis.as_str()),
        ("复查机关", review_body),
    ]);
    check(font, fields, world::OPINION_TYP, OPINION_TITLE, mark)?;

    let mut data = common_data(
        font,
        OPINION_TITLE,
        &o.case_number,
        &o.petitioner,
        &o.handler,
    );
    extend(&mut data, signature_data(&o.signature, &o.delivery));
    extend(
        &mut data,
        json!({
            "matter": o.matter,
            "request": t.request,
            "facts": t.facts,
            "reasons": t.reasons,
            "opinion": t.opinion,
            "legal_basis": t.legal_basis,
            "review_body": review_body,
        }),
    );
    normalize(&mut data);
    world::render(Template::Opinion, &with_mark(data, mark)?, font)
}

/// The data with the mark's code, URL and QR code (None: no mark).
fn with_mark(
    mut data: serde_json::Value,
    mark: Option<&VerifyMark>,
) -> Result<world::Data, NoticeError> {
    let qr = match mark {
        Some(m) => {
            extend(
                &mut data,
                json!({ "verify": { "code": m.code, "url": m.url } }),
            );
            Some(m.qr_svg()?)
        }
        None => None,
    };
    Ok(world::Data { json: data, qr })
}

/// `堃（U+5803）、𠀀（U+20000）`: the characters and their code points (some are invisible).
fn describe_chars(chars: &[char]) -> String {
    let described: Vec<String> = chars
        .iter()
        .map(|c| format!("{c}（U+{:04X}）", u32::from(*c)))
        .collect();
    described.join("、")
}

/// Line ends as `\n`, tabs as spaces, and no other control or invisible
/// format character, in every string of the data: whatever text a case
/// holds (a NUL typed before input was checked), the notice still prints.
fn normalize(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::String(s) if s.chars().any(font::is_layout_control) => {
            *s = s
                .replace("\r\n", "\n")
                .replace(['\r', '\u{2028}', '\u{2029}'], "\n")
                .replace('\t', " ")
                .chars()
                .filter(|c| *c == '\n' || !font::is_layout_control(*c))
                .collect();
        }
        serde_json::Value::Object(map) => map.values_mut().for_each(normalize),
        serde_json::Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

fn require(field: &str, value: &str) -> Result<(), NoticeError> {
    if value.trim().is_empty() {
        Err(invalid(field, "不能为空"))
    } else {
        Ok(())
    }
}

fn invalid(field: &str, reason: &str) -> NoticeError {
    NoticeError::Invalid {
        field: field.to_owned(),
        reason: reason.to_owned(),
    }
}

/// The user-supplied fields both forms share, by their Chinese names.
fn common_fields<'a>(
    p: &'a Petitioner,
    h: &'a Handler,
    s: &'a Signature,
    dl: &'a Delivery,
    opinion: bool,
) -> Vec<(&'static str, &'a str)> {
    let (address, unit) = if opinion {
        ("住址或单位", "办理单位")
    } else {
        ("住址", "办理部门")
    };
    vec![
        ("信访人姓名", p.name.as_str()),
        ("联系电话", p.phone.as_str()),
        ("身份证号", p.id_number.as_str()),
        (address, p.address.as_str()),
        ("随访人姓名", p.companions.as_str()),
        (unit, h.unit.as_str()),
        ("经办人", h.person.as_str()),
        ("经办人联系电话", h.phone.as_str()),
        ("签章", s.issuer.as_str()),
        ("送达人", dl.deliverer.as_str()),
        ("送达人联系电话", dl.phone.as_str()),
    ]
}

/// Checks the user's fields, then the form's own wording (a supplied font may lack some of it).
fn check<'a>(
    font: &NoticeFont,
    fields: Vec<(&'a str, &'a str)>,
    template: &'a str,
    title: &'a str,
    mark: Option<&'a VerifyMark>,
) -> Result<(), NoticeError> {
    font::check_fields(font, fields)?;
    if let Some(m) = mark {
        font::check_fields(
            font,
            [("验证码", m.code.as_str()), ("核验网址", m.url.as_str())],
        )?;
    }
    let fixed: String = [world::COMMON_TYP, template, title]
        .iter()
        .flat_map(|t| t.lines())
        .filter(|line| !line.trim_start().starts_with("//"))
        .flat_map(str::chars)
        .filter(|c| !c.is_ascii())
        .collect();
    // Dates print as digits and 年月日 only: checked here rather than per date field.
    font::check_fields(
        font,
        [
            ("表格固定文字", fixed.as_str()),
            ("日期", "0123456789年月日"),
        ],
    )
}

fn common_data(
    font: &NoticeFont,
    title: &str,
    case_number: &str,
    p: &Petitioner,
    h: &Handler,
) -> serde_json::Value {
    json!({
        "font": font.family(),
        "title": title,
        "case_number": case_number,
        "name": p.name,
        "phone": p.phone,
        "id_number": p.id_number,
        "address": p.address,
        "companions": p.companions,
        "unit": h.unit,
        "handler": h.person,
        "handler_phone": h.phone,
    })
}

fn signature_data(s: &Signature, dl: &Delivery) -> serde_json::Value {
    json!({
        "author": s.issuer,
        "issuer": s.issuer,
        "signed_on": s.signed_on.map(chinese_date).unwrap_or_default(),
        "delivered_on": dl.delivered_on.map(chinese_date).unwrap_or_default(),
        "deliverer": dl.deliverer,
        "delivery_phone": dl.phone,
    })
}

fn extend(data: &mut serde_json::Value, more: serde_json::Value) {
    if let (serde_json::Value::Object(a), serde_json::Value::Object(b)) = (data, more) {
        a.extend(b);
    }
}
