//! 验证码 — the verification code printed on each issued notice: its row id
//! and the first 10 base32 characters (50 bits) of HMAC-SM3, under a key
//! derived from the audit key, over the notice as issued (id, case number,
//! kind, sequence, date and every printed field). Checking a code needs no
//! login and reveals no personal data: only the number, the kind and the date.

use data_encoding::BASE32_NOPAD;
use jiff::civil::Date;
use xinfang_domain::notice_code::{NoticeCode, TAG_LEN};
use xinfang_domain::workflow::Document;

use crate::codec::RowExt;
use crate::issued_notices::notice_from_row;
use crate::vault::hmac_sm3;
use crate::{IssuedNotice, Store, StoreResult};

/// What a genuine code vouches for (nothing personal).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedNotice {
    /// 案件编号, e.g. 建安信访〔2022〕0001号.
    pub case_number: String,
    /// 受理告知书 or 处理意见书.
    pub document: Document,
    /// 1 for the first of its kind on the case, 2 for a second opinion, ….
    pub seq: i64,
    /// The date under its seal.
    pub issued_on: Date,
}

impl Store {
    /// The 验证码 of `notice`, a notice of the case numbered `case_number`.
    pub fn notice_code(&self, notice: &IssuedNotice, case_number: &str) -> NoticeCode {
        NoticeCode::new(notice.id, &self.notice_tag(notice, case_number))
    }

    fn notice_tag(&self, n: &IssuedNotice, case_number: &str) -> String {
        let parts = [
            n.id.to_string(),
            case_number.to_string(),
            n.document.as_str().to_string(),
            n.seq.to_string(),
            n.issued_on.to_string(),
        ];
        let mut msg = b"xinfang notice code v1\0".to_vec();
        for p in parts
            .iter()
            .map(String::as_bytes)
            .chain([n.content.as_bytes()])
        {
            msg.extend_from_slice(&(p.len() as u64).to_be_bytes());
            msg.extend_from_slice(p);
        }
        let mac = hmac_sm3(&self.audit_keys.notice, &[&msg]);
        BASE32_NOPAD.encode(&mac)[..TAG_LEN].to_string()
    }

    /// The notice a code vouches for; None when no notice has that number
    /// or the tag does not match (the two are not told apart).
    pub async fn verify_notice_code(
        &self,
        code: &NoticeCode,
    ) -> StoreResult<Option<VerifiedNotice>> {
        let row = sqlx::query(
            "SELECT n.*, c.number AS case_number FROM issued_notices n JOIN cases c ON c.id = n.case_id WHERE n.id = $1",
        )
        .bind(code.notice_id())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let notice = notice_from_row(self, &row)?;
        let case_number = row.text("case_number")?;
        let expected = self.notice_tag(&notice, &case_number);
        // Compared in constant time: the answer's timing says nothing about the tag.
        let differs = expected.bytes().zip(code.tag().bytes()).fold(
            u8::from(expected.len() != code.tag().len()),
            |acc, (a, b)| acc | (a ^ b),
        );
        Ok((differs == 0).then_some(VerifiedNotice {
            case_number,
            document: notice.document,
            seq: notice.seq,
            issued_on: notice.issued_on,
        }))
    }
}
