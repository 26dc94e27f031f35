//! Residents' identifiers (身份证号, 电话号码) as parse-don't-validate newtypes.
//!
//! One file a kind of identifier: [`ResidentId`] in `resident_id.rs`,
//! [`PhoneNumber`] in `phone.rs`; the error they share and the full-width
//! normalisation both parsers apply live here.

mod phone;
mod region;
mod resident_id;

pub use phone::PhoneNumber;
pub use region::{is_known_region, region_name};
pub use resident_id::{ResidentId, check_char};

/// 输入错误 — why an identifier typed by a user or read from a file was refused.
///
/// The messages are Chinese, meant to be shown to the person who typed the
/// value, and never repeat the whole ID or phone number (privacy).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    /// 身份证号为空.
    #[error("身份证号不能为空")]
    IdEmpty,
    /// 身份证号位数不对 — the number of characters found.
    #[error("身份证号应为18位，实际为{0}位")]
    IdLength(usize),
    /// A non-digit among the first 17 characters; `position` is 1-based.
    #[error("身份证号前17位应为数字，第{position}位不是数字")]
    IdNotDigit {
        /// 1-based position of the first offending character.
        position: usize,
    },
    /// The 18th character is neither a digit nor X.
    #[error("身份证号第18位（校验位）应为数字或X")]
    IdCheckCharInvalid,
    /// Positions 7–14 are not a real date from 1900 on.
    #[error("身份证号中的出生日期无效（第7至14位应为1900年以后的真实日期）")]
    IdBirthDate,
    /// 地址码不存在 — positions 1–6 are no 行政区划代码 (GB/T 2260), current or withdrawn.
    #[error("身份证号前6位地址码{0}不是有效的行政区划代码（GB/T 2260），请核对")]
    IdRegionUnknown(String),
    /// The birth date is later than the day the number was given on.
    #[error("身份证号中的出生日期晚于{0}，请核对")]
    IdBornLater(jiff::civil::Date),
    /// 校验位错误 — the check character does not match the first 17 digits.
    #[error("身份证号校验位错误：按前17位应为{expected}，实际为{actual}")]
    IdCheckMismatch {
        /// The check character the first 17 digits call for.
        expected: char,
        /// The check character that was typed.
        actual: char,
    },
    /// 电话号码为空.
    #[error("电话号码不能为空")]
    PhoneEmpty,
    /// A character that has no place in a phone number.
    #[error("电话号码中含有无效字符“{0}”")]
    PhoneInvalidChar(char),
    /// Only mainland China (+86) numbers are accepted.
    #[error("只支持中国大陆电话号码（国际区号+86）")]
    PhoneCountryCode,
    /// 手机号位数不对 — the number of digits found.
    #[error("手机号应为11位数字，实际为{0}位")]
    MobileLength(usize),
    /// 号段未分配 — an 11-digit number whose first three digits are not an assigned prefix.
    #[error("手机号号段{prefix}未分配，请核对号码")]
    MobilePrefixUnassigned {
        /// The first three digits.
        prefix: String,
    },
    /// A number given as a mobile (after +86, or 13 digits after 86) that does not start with 1.
    #[error("手机号应为以1开头的11位数字")]
    MobileNotStartingWith1,
    /// A mobile number written with an extension.
    #[error("手机号不能带分机号")]
    MobileExtension,
    /// 固定电话格式不正确 — the shape is not area code + local number (+ extension).
    #[error("固定电话格式不正确，应为“区号-号码”或“区号-号码-分机号”，如0374-5012345")]
    LandlineFormat,
    /// 区号不正确 — the area code found.
    #[error("区号{0}不正确：区号以0开头，010和02X为3位，其他为4位（如0374）")]
    AreaCode(String),
    /// The local part is not 7–8 digits or starts with 0 or 1.
    #[error("固定电话号码（区号后）应为7位或8位数字，且不以0或1开头")]
    LocalNumber,
    /// 分机号 is not 1–6 digits.
    #[error("分机号应为1至6位数字")]
    Extension,
    /// A bare local number without its area code.
    #[error("固定电话请带区号，如0374-5012345")]
    MissingAreaCode,
}

/// Maps full-width ASCII (Ａ–ｚ, ０–９, （）, －, ＋ …) to ASCII, the ideographic space to
/// a space, and the various dash characters to `-`.
fn to_half_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        _ => c,
    }
}

/// An address shown without its house: the first six characters (the
/// township or village) and then ****.
pub fn mask_address(address: &str) -> String {
    let chars: Vec<char> = address.chars().collect();
    if chars.len() <= 6 {
        return "****".into();
    }
    chars[..6].iter().collect::<String>() + "****"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_keep_only_their_township_part() {
        assert_eq!(mask_address("建安区榆林乡榆林村2组"), "建安区榆林乡****");
        assert_eq!(mask_address("榆林村"), "****");
    }
}
