//! Personal data through the store: sealed on the way in, opened on the way
//! out, sealed in the audit trail, and plaintext from before encryption
//! sealed once at startup. See [`crate::vault`].

use jiff::Timestamp;
use serde::Serialize;
use xinfang_domain::audit::AuditAction;

use crate::audit::Audit;
use crate::codec::RowExt;
use crate::vault::{Secret, Vault};
use crate::{Store, StoreResult};

/// The setting holding the data key's check value.
const KEY_CHECK: &str = "data_key_check";

/// JSON keys whose string values are personal data, wherever they appear.
const PERSONAL_KEYS: [(&str, Secret); 3] = [
    ("id_number", Secret::IdNumber),
    ("phone", Secret::Phone),
    ("address", Secret::Address),
];

impl Store {
    /// The vault of this store's data key.
    pub(crate) fn vault(&self) -> &Vault {
        &self.vault
    }

    /// `v` as JSON for the audit trail, every personal field sealed. A
    /// failure to seal fails the write rather than dropping the record.
    pub(crate) fn audit_json<T: Serialize>(&self, v: &T) -> StoreResult<Option<String>> {
        let Ok(mut value) = serde_json::to_value(v) else {
            return Ok(None);
        };
        seal_json(&self.vault, &mut value)?;
        Ok(Some(value.to_string()))
    }

    /// A file's bytes encrypted with the data key (attachments on disk).
    pub fn seal_file(&self, data: &[u8]) -> StoreResult<Vec<u8>> {
        self.vault.seal_file(data)
    }

    /// A stored file's bytes opened (as they are if from before encryption).
    pub fn open_file(&self, stored: &[u8]) -> StoreResult<Vec<u8>> {
        self.vault.open_file(stored)
    }

    /// The blind index of an ID number.
    pub(crate) fn id_index(&self, id_number: &str) -> String {
        self.vault.index_id_number(id_number)
    }

    /// Refuse a data key other than the one the database was sealed with;
    /// remember the key's check value on first use.
    pub(crate) async fn check_data_key(&self) -> StoreResult<()> {
        let check = self.vault.key_check();
        match self.setting(KEY_CHECK).await? {
            Some(stored) if stored == check => Ok(()),
            Some(_) => Err(crate::StoreError::Other(
                "数据密钥与数据库不匹配：个人信息是用另一把密钥加密的。请使用原来的 XINFANG_DATA_KEY 或数据目录中的 data.key".into(),
            )),
            None => {
                let _w = self.write_guard().await;
                sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING")
                    .bind(KEY_CHECK)
                    .bind(&check)
                    .execute(&self.pool)
                    .await?;
                drop(_w);
                match self.setting(KEY_CHECK).await?.as_deref() {
                    Some(c) if c == check => Ok(()),
                    _ => Err(crate::StoreError::Other(
                        "数据密钥与数据库不匹配（另一台服务器已用另一把密钥初始化）".into(),
                    )),
                }
            }
        }
    }

    /// Seal personal data still stored as plaintext (rows written before
    /// encryption), in one transaction with one audit row. Returns how many
    /// rows were sealed.
    pub(crate) async fn seal_personal_data(&self) -> StoreResult<usize> {
        let mut w = self.write().await?;
        let petitioners = sqlx::query(
            "SELECT id, id_number, phone, address, id_index FROM petitioners
             WHERE (id_number IS NOT NULL AND (id_index IS NULL OR id_number NOT LIKE 'sm4gcm1:%'))
                OR (phone IS NOT NULL AND phone NOT LIKE 'sm4gcm1:%')
                OR (address IS NOT NULL AND address NOT LIKE 'sm4gcm1:%')",
        )
        .fetch_all(w.conn())
        .await?;
        for r in &petitioners {
            let id_number = self
                .vault
                .open_opt(Secret::IdNumber, r.text_opt("id_number")?)?;
            let phone = self.vault.open_opt(Secret::Phone, r.text_opt("phone")?)?;
            let address = self
                .vault
                .open_opt(Secret::Address, r.text_opt("address")?)?;
            sqlx::query(
                "UPDATE petitioners SET id_number = $2, id_index = $3, phone = $4, address = $5 WHERE id = $1",
            )
            .bind(r.int("id")?)
            .bind(self.vault.seal_opt(Secret::IdNumber, id_number.as_deref())?)
            .bind(id_number.as_deref().map(|n| self.id_index(n)))
            .bind(self.vault.seal_opt(Secret::Phone, phone.as_deref())?)
            .bind(self.vault.seal_opt(Secret::Address, address.as_deref())?)
            .execute(w.conn())
            .await?;
        }
        let screenings = sqlx::query(
            "SELECT id, id_number, phone FROM screenings
             WHERE (id_number IS NOT NULL AND id_number NOT LIKE 'sm4gcm1:%')
                OR (phone IS NOT NULL AND phone NOT LIKE 'sm4gcm1:%')",
        )
        .fetch_all(w.conn())
        .await?;
        for r in &screenings {
            let id_number = self
                .vault
                .open_opt(Secret::IdNumber, r.text_opt("id_number")?)?;
            let phone = self.vault.open_opt(Secret::Phone, r.text_opt("phone")?)?;
            sqlx::query("UPDATE screenings SET id_number = $2, phone = $3 WHERE id = $1")
                .bind(r.int("id")?)
                .bind(
                    self.vault
                        .seal_opt(Secret::IdNumber, id_number.as_deref())?,
                )
                .bind(self.vault.seal_opt(Secret::Phone, phone.as_deref())?)
                .execute(w.conn())
                .await?;
        }
        let sealed = petitioners.len() + screenings.len();
        if sealed == 0 {
            w.rollback().await?;
            return Ok(0);
        }
        let after = format!(
            "sealed {} petitioners, {} screenings",
            petitioners.len(),
            screenings.len()
        );
        let audit = Audit::system(AuditAction::PersonalSeal, Timestamp::now())
            .on("personal_data", None)
            .after(Some(after));
        w.commit(audit).await?;
        tracing::info!(
            petitioners = petitioners.len(),
            screenings = screenings.len(),
            "personal data sealed"
        );
        Ok(sealed)
    }

    /// Record that a person saw personal data in full (查看完整信息).
    pub async fn log_reveal(
        &self,
        actor: &xinfang_domain::access::Actor,
        entity: &str,
        entity_id: i64,
        what: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        let audit = Audit::by(actor, AuditAction::PersonalReveal, now)
            .on(entity, Some(entity_id))
            .after(Some(what.to_string()));
        self.write().await?.commit(audit).await
    }
}

/// Seal every personal string in a JSON value, at any depth.
fn seal_json(vault: &Vault, v: &mut serde_json::Value) -> StoreResult<()> {
    match v {
        serde_json::Value::Object(map) => {
            for (k, child) in map.iter_mut() {
                match (PERSONAL_KEYS.iter().find(|(key, _)| key == k), &*child) {
                    (Some((_, field)), serde_json::Value::String(s)) if !Vault::is_sealed(s) => {
                        *child = serde_json::Value::String(vault.seal(*field, s)?);
                    }
                    _ => seal_json(vault, child)?,
                }
            }
        }
        serde_json::Value::Array(items) => {
            for child in items {
                seal_json(vault, child)?;
            }
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::vault::DataKey;

    #[test]
    fn audit_json_seals_personal_fields_at_any_depth() {
        let vault = Vault::new(&DataKey::from_hex(&"11".repeat(32)).unwrap());
        let mut v = serde_json::json!({
            "summary": "反映低保",
            "petitioner": { "name": "赵桂兰", "id_number": "11010519491231002X", "phone": "13812345678", "address": "榆林村2组" },
            "handler_phone": "13900000000",
            "list": [{ "phone": "13700000000" }],
            "id_number": null
        });
        seal_json(&vault, &mut v).unwrap();
        let text = v.to_string();
        for secret in [
            "11010519491231002X",
            "13812345678",
            "榆林村2组",
            "13700000000",
        ] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(
            text.contains("赵桂兰") && text.contains("13900000000"),
            "others kept: {text}"
        );
        let sealed = v["petitioner"]["id_number"].as_str().unwrap();
        assert_eq!(
            vault.open(Secret::IdNumber, sealed).unwrap(),
            "11010519491231002X"
        );
    }
}
