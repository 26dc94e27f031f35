//! 验证码 — the code printed on an issued 受理告知书 or 处理意见书 so that
//! anyone holding the paper can check it: the notice's number in the store
//! and a tag, the first [`TAG_LEN`] base32 characters (50 bits) of a keyed
//! hash (HMAC-SM3) of the notice as issued. The key stays with the server;
//! the tag is computed and checked there (`xinfang-store`); this type only
//! says what a well-formed code looks like.

use std::fmt;

/// Characters of the tag: 10 base32 characters carry 50 bits of the MAC.
pub const TAG_LEN: usize = 10;

/// A well-formed 验证码, e.g. `12-K3M9QXZ2PA` (not yet checked against a notice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeCode {
    notice_id: i64,
    tag: String,
}

impl NoticeCode {
    /// The code of notice `notice_id` with `tag` (as the store computed it).
    pub fn new(notice_id: i64, tag: &str) -> NoticeCode {
        NoticeCode {
            notice_id,
            tag: tag.to_string(),
        }
    }

    /// A code as typed or scanned: spaces around it and lower case are
    /// forgiven; anything else that is not `NUMBER-TAG` (the number without
    /// leading zeros, the tag [`TAG_LEN`] characters of A–Z and 2–7) is None.
    pub fn parse(text: &str) -> Option<NoticeCode> {
        let text = text.trim().to_ascii_uppercase();
        let (id, tag) = text.split_once('-')?;
        let digits_ok = !id.is_empty()
            && id.len() <= 15
            && id.bytes().all(|b| b.is_ascii_digit())
            && !id.starts_with('0');
        let tag_ok = tag.len() == TAG_LEN
            && tag
                .bytes()
                .all(|b| b.is_ascii_uppercase() || (b'2'..=b'7').contains(&b));
        if !(digits_ok && tag_ok) {
            return None;
        }
        Some(NoticeCode {
            notice_id: id.parse().ok()?,
            tag: tag.to_string(),
        })
    }

    /// The issued notice's row id.
    pub fn notice_id(&self) -> i64 {
        self.notice_id
    }

    /// The tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }
}

impl fmt::Display for NoticeCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.notice_id, self.tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_as_printed_and_nothing_else_reads() {
        let c = NoticeCode::parse(" 12-abcdefgh27 ").expect("well formed");
        assert_eq!((c.notice_id(), c.tag()), (12, "ABCDEFGH27"));
        assert_eq!(c.to_string(), "12-ABCDEFGH27");
        for bad in [
            "",
            "12",
            "12-",
            "012-ABCDEFGH27",
            "-1-ABCDEFGH27",
            "12-ABCDEFGH2",
            "12-ABCDEFGH278",
            "12-ABCDEFGH18",
            "x-ABCDEFGH27",
            "12_ABCDEFGH27",
            "1234567890123456-ABCDEFGH27",
        ] {
            assert_eq!(NoticeCode::parse(bad), None, "{bad}");
        }
    }
}
