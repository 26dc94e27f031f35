//! Personal data at rest (个人信息加密存储): ID numbers, phones and addresses
//! of petitioners and screened persons are stored encrypted with SM4-GCM
//! (GB/T 32907, the national block cipher, in GCM mode), and ID numbers are
//! found again through a keyed HMAC-SM3 "blind index" instead of the number.
//!
//! One 32-byte data key per deployment, from `XINFANG_DATA_KEY` or the key
//! file beside the database (see the app's config). From it two keys are
//! derived with HMAC-SM3: one encrypts, one indexes. A stored value reads
//! `sm4gcm1:` + hex(nonce ‖ ciphertext ‖ tag); the column it belongs to is
//! the associated data, so a value moved to another column does not decrypt.

use std::fmt;

use aes_gcm::aead::consts::U12;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use hmac::{Hmac, Mac};
use sm3::Sm3;
use sm4::Sm4;

use crate::{StoreError, StoreResult};

type Sm4Gcm = aes_gcm::AesGcm<Sm4, U12>;
type HmacSm3 = Hmac<Sm3>;

/// The prefix of every encrypted value (the scheme's version).
const PREFIX: &str = "sm4gcm1:";

/// The first bytes of every encrypted file.
const FILE_MAGIC: &[u8] = b"XFSM4GCM1\n";

/// Which field a secret belongs to: its associated data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Secret {
    /// 身份证号.
    IdNumber,
    /// 联系电话.
    Phone,
    /// 住址.
    Address,
    /// An uploaded file (a scanned notice carries all three).
    File,
    /// An issued notice's printed fields (all three again).
    Notice,
}

impl Secret {
    /// The field's Chinese name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Secret::IdNumber => "身份证号",
            Secret::Phone => "联系电话",
            Secret::Address => "住址",
            Secret::File => "附件",
            Secret::Notice => "文书",
        }
    }

    fn aad(self) -> &'static [u8] {
        match self {
            Secret::IdNumber => b"xinfang:id_number",
            Secret::Phone => b"xinfang:phone",
            Secret::Address => b"xinfang:address",
            Secret::File => b"xinfang:file",
            Secret::Notice => b"xinfang:notice",
        }
    }
}

/// The deployment's data key (32 bytes), never printed.
#[derive(Clone)]
pub struct DataKey([u8; 32]);

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DataKey(***)")
    }
}

impl DataKey {
    /// A key from 64 hex digits.
    pub fn from_hex(hex_key: &str) -> StoreResult<DataKey> {
        key_from_hex(hex_key, "数据密钥").map(DataKey)
    }

    /// A new random key.
    pub fn generate() -> StoreResult<DataKey> {
        random_key("数据密钥").map(DataKey)
    }

    /// The key as 64 hex digits, for the key file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }
}

/// The deployment's audit key (32 bytes), never printed and never stored in
/// the database: it keys the audit chain (审计日志) and the verification
/// codes (验证码) printed on issued notices. Kept apart from the data key so
/// that either may be handed to a different custodian.
#[derive(Clone)]
pub struct AuditKey([u8; 32]);

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(***)")
    }
}

impl AuditKey {
    /// A key from 64 hex digits.
    pub fn from_hex(hex_key: &str) -> StoreResult<AuditKey> {
        key_from_hex(hex_key, "审计密钥").map(AuditKey)
    }

    /// A new random key.
    pub fn generate() -> StoreResult<AuditKey> {
        random_key("审计密钥").map(AuditKey)
    }

    /// The key as 64 hex digits, for the key file.
    pub fn to_hex(&self) -> String {
        hex::encode(self.0)
    }

    /// A key for one purpose (`label`), derived with HMAC-SM3, so the chain
    /// and the notice codes never share a key.
    pub(crate) fn derive(&self, label: &[u8]) -> [u8; 32] {
        hmac_sm3(&self.0, &[label])
    }
}

fn key_from_hex(hex_key: &str, what: &str) -> StoreResult<[u8; 32]> {
    let bytes = hex::decode(hex_key.trim())
        .map_err(|_| StoreError::Other(format!("{what}应为64位十六进制数")))?;
    bytes
        .try_into()
        .map_err(|_| StoreError::Other(format!("{what}应为64位十六进制数（32字节）")))
}

fn random_key(what: &str) -> StoreResult<[u8; 32]> {
    let mut key = [0u8; 32];
    getrandom::fill(&mut key).map_err(|e| StoreError::Other(format!("无法生成{what}：{e}")))?;
    Ok(key)
}

/// Encrypts, decrypts and indexes personal data with keys derived from a [`DataKey`].
#[derive(Clone)]
pub struct Vault {
    cipher: Sm4Gcm,
    index_key: [u8; 32],
}

impl fmt::Debug for Vault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Vault(SM4-GCM, HMAC-SM3)")
    }
}

/// HMAC-SM3 of the concatenated `parts` under `key` (the one helper the
/// vault, the audit chain and the notice codes share).
pub(crate) fn hmac_sm3(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length, so this cannot fail.
    let mut mac = <HmacSm3 as hmac::KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}

impl Vault {
    /// A vault for this key.
    pub fn new(key: &DataKey) -> Vault {
        let enc = hmac_sm3(&key.0, &[b"xinfang sm4-gcm key v1"]);
        let index_key = hmac_sm3(&key.0, &[b"xinfang blind index key v1"]);
        let cipher = <Sm4Gcm as KeyInit>::new_from_slice(&enc[..16])
            .unwrap_or_else(|_| unreachable!("SM4 keys are 16 bytes"));
        Vault { cipher, index_key }
    }

    /// `value` encrypted for `field`.
    pub fn seal(&self, field: Secret, value: &str) -> StoreResult<String> {
        Ok(format!(
            "{PREFIX}{}",
            hex::encode(self.seal_raw(field, value.as_bytes())?)
        ))
    }

    /// nonce ‖ ciphertext ‖ tag.
    fn seal_raw(&self, field: Secret, data: &[u8]) -> StoreResult<Vec<u8>> {
        let mut nonce = [0u8; 12];
        getrandom::fill(&mut nonce).map_err(|e| StoreError::Other(format!("随机数不可用：{e}")))?;
        let sealed = self
            .cipher
            .encrypt(
                &nonce.into(),
                Payload {
                    msg: data,
                    aad: field.aad(),
                },
            )
            .map_err(|_| StoreError::Other("加密失败".into()))?;
        let mut out = Vec::with_capacity(12 + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// The plaintext of nonce ‖ ciphertext ‖ tag.
    fn open_raw(&self, field: Secret, bytes: &[u8]) -> StoreResult<Vec<u8>> {
        if bytes.len() < 12 + 16 {
            return Err(damaged(field));
        }
        let (nonce, sealed) = bytes.split_at(12);
        let nonce: [u8; 12] = nonce.try_into().map_err(|_| damaged(field))?;
        self.cipher
            .decrypt(
                &nonce.into(),
                Payload {
                    msg: sealed,
                    aad: field.aad(),
                },
            )
            .map_err(|_| {
                StoreError::Other(format!(
                    "{}无法解密：数据密钥与加密时不一致（请检查 XINFANG_DATA_KEY 或密钥文件）",
                    field.label()
                ))
            })
    }

    /// A file's bytes encrypted (for the attachments folder).
    pub fn seal_file(&self, data: &[u8]) -> StoreResult<Vec<u8>> {
        let sealed = self.seal_raw(Secret::File, data)?;
        let mut out = Vec::with_capacity(FILE_MAGIC.len() + sealed.len());
        out.extend_from_slice(FILE_MAGIC);
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    /// A stored file's bytes: opened if sealed, as they are if from before
    /// encryption.
    pub fn open_file(&self, stored: &[u8]) -> StoreResult<Vec<u8>> {
        match stored.strip_prefix(FILE_MAGIC) {
            Some(sealed) => self.open_raw(Secret::File, sealed),
            None => Ok(stored.to_vec()),
        }
    }

    /// Whether a stored file is already encrypted.
    pub fn is_sealed_file(stored: &[u8]) -> bool {
        stored.starts_with(FILE_MAGIC)
    }

    /// An optional value encrypted.
    pub fn seal_opt(&self, field: Secret, value: Option<&str>) -> StoreResult<Option<String>> {
        value.map(|v| self.seal(field, v)).transpose()
    }

    /// The plaintext of a stored value. A value without the prefix is
    /// plaintext from before encryption and is returned as it is (the
    /// startup pass encrypts those).
    pub fn open(&self, field: Secret, stored: &str) -> StoreResult<String> {
        let Some(hex_part) = stored.strip_prefix(PREFIX) else {
            return Ok(stored.to_string());
        };
        let bytes = hex::decode(hex_part).map_err(|_| damaged(field))?;
        String::from_utf8(self.open_raw(field, &bytes)?).map_err(|_| damaged(field))
    }

    /// An optional stored value opened.
    pub fn open_opt(&self, field: Secret, stored: Option<String>) -> StoreResult<Option<String>> {
        stored.map(|s| self.open(field, &s)).transpose()
    }

    /// Whether a stored value is already encrypted.
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(PREFIX)
    }

    /// A value that identifies the key without revealing it, kept in the
    /// database so that a server started with another key refuses to run.
    pub fn key_check(&self) -> String {
        hex::encode(&hmac_sm3(&self.index_key, &[b"xinfang key check v1"])[..8])
    }

    /// The blind index of an ID number: equal numbers give equal indexes,
    /// and without the key the index says nothing about the number.
    pub fn index_id_number(&self, id_number: &str) -> String {
        hex::encode(hmac_sm3(
            &self.index_key,
            &[
                b"id_number:",
                id_number.trim().to_ascii_uppercase().as_bytes(),
            ],
        ))
    }

    /// The blind index of a phone number in its canonical form (as
    /// `PhoneNumber` writes it), so that a person without an ID number is
    /// recognised by name and phone without the phone leaving the vault.
    pub fn index_phone(&self, phone: &str) -> String {
        hex::encode(hmac_sm3(
            &self.index_key,
            &[b"phone:", phone.trim().as_bytes()],
        ))
    }
}

fn damaged(field: Secret) -> StoreError {
    StoreError::Other(format!("加密的{}已损坏，无法读取", field.label()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use cipher_vectors::*;

    /// GB/T 32907-2016 Appendix A, example 1, through the sm4 crate this
    /// vault builds on: the cipher is the national standard's.
    mod cipher_vectors {
        pub const KEY: [u8; 16] = [
            0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54,
            0x32, 0x10,
        ];
        pub const CIPHERTEXT: [u8; 16] = [
            0x68, 0x1e, 0xdf, 0x34, 0xd2, 0x06, 0x96, 0x5e, 0x86, 0xb3, 0xe9, 0x4f, 0x53, 0x6e,
            0x42, 0x46,
        ];
    }

    #[test]
    fn sm4_matches_the_national_standard() {
        use sm4::cipher::{BlockCipherEncrypt, KeyInit};
        let c = Sm4::new_from_slice(&KEY).unwrap();
        let mut block = sm4::cipher::Block::<Sm4>::from(KEY);
        c.encrypt_block(&mut block);
        assert_eq!(block.as_slice(), CIPHERTEXT.as_slice());
    }

    #[test]
    fn sm3_matches_the_national_standard() {
        use sm3::Digest;
        // GB/T 32905-2016 Appendix A.1: SM3("abc").
        assert_eq!(
            hex::encode(Sm3::digest(b"abc")),
            "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
        );
    }

    fn vault() -> Vault {
        Vault::new(&DataKey::from_hex(&"ab".repeat(32)).unwrap())
    }

    #[test]
    fn sealed_values_open_only_with_the_key_and_the_field() {
        let v = vault();
        let s = v.seal(Secret::IdNumber, "11010519491231002X").unwrap();
        // Hex of random bytes may hold any four digits by chance: look for the whole number.
        assert!(s.starts_with("sm4gcm1:") && !s.contains("11010519491231002X"));
        assert_ne!(
            s,
            v.seal(Secret::IdNumber, "11010519491231002X").unwrap(),
            "fresh nonce"
        );
        assert_eq!(v.open(Secret::IdNumber, &s).unwrap(), "11010519491231002X");
        assert!(v.open(Secret::Phone, &s).is_err(), "another column's value");
        let other = Vault::new(&DataKey::from_hex(&"cd".repeat(32)).unwrap());
        let e = other.open(Secret::IdNumber, &s).unwrap_err().to_string();
        assert!(e.contains("数据密钥与加密时不一致"), "{e}");
        let file = v.seal_file(b"%PDF-1.4 signed").unwrap();
        assert!(Vault::is_sealed_file(&file) && !file.windows(4).any(|w| w == b"%PDF"));
        assert_eq!(v.open_file(&file).unwrap(), b"%PDF-1.4 signed");
        assert_eq!(
            v.open_file(b"%PDF-1.4 old").unwrap(),
            b"%PDF-1.4 old",
            "old plaintext"
        );
        assert!(other.open_file(&file).is_err());
        let mut tampered = s.clone();
        tampered.replace_range(20..21, if &s[20..21] == "0" { "1" } else { "0" });
        assert!(v.open(Secret::IdNumber, &tampered).is_err());
        assert_eq!(
            v.open(Secret::Address, "许昌市建安区").unwrap(),
            "许昌市建安区",
            "old plaintext"
        );
    }

    #[test]
    fn blind_indexes_match_equal_numbers_only() {
        let v = vault();
        let a = v.index_id_number("11010519491231002x");
        assert_eq!(a, v.index_id_number(" 11010519491231002X"));
        assert_ne!(a, v.index_id_number("110105194912310029"));
        let other = Vault::new(&DataKey::from_hex(&"cd".repeat(32)).unwrap());
        assert_ne!(a, other.index_id_number("11010519491231002X"));
        assert_eq!(a.len(), 64);
    }

    #[test]
    fn keys_are_64_hex_digits_and_never_printed() {
        assert!(DataKey::from_hex("abc").is_err());
        assert!(DataKey::from_hex(&"zz".repeat(32)).is_err());
        let k = DataKey::generate().unwrap();
        assert_eq!(DataKey::from_hex(&k.to_hex()).unwrap().0, k.0);
        assert_eq!(format!("{k:?}"), "DataKey(***)");
    }
}
