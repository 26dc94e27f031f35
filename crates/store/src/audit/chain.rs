//! The keyed audit chain (审计链): each row's hash is HMAC-SM3, under a key
//! derived from the audit key, of the previous row's hash and the row's
//! fields, so that nobody without the key can edit a row, forge one or
//! re-chain the trail. Rows written before the chain was keyed keep their
//! SHA-256 links; a marker signed with the key records where keying began and
//! the legacy head, and the first keyed row links to that head. What a key
//! cannot show — the newest rows deleted, or the whole database put back to
//! an older state — an anchor (`COUNT:HASH`) published outside the database does.

use std::fmt;

use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;

use crate::codec::RowExt;
use crate::engine::Lock;
use crate::vault::{AuditKey, hmac_sm3};
use crate::{Store, StoreError, StoreResult};

/// The setting holding the signed marker `keyed_from:legacy_head:mac`.
const MARKER: &str = "audit_chain_keyed_from";

/// Rows read at a time while verifying.
const BATCH: i64 = 2000;

/// The keys derived from the audit key: one for the chain, one for the
/// verification codes on notices.
#[derive(Clone)]
pub(crate) struct AuditKeys {
    chain: [u8; 32],
    /// Keys the notices' 验证码 (see `notice_codes`).
    pub(crate) notice: [u8; 32],
}

impl fmt::Debug for AuditKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKeys(HMAC-SM3)")
    }
}

/// The fields of one row that its hash covers.
pub(crate) struct AuditFields<'a> {
    pub at: i64,
    pub actor_id: Option<i64>,
    pub actor_name: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: Option<i64>,
    pub before: Option<&'a str>,
    pub after: Option<&'a str>,
}

impl AuditFields<'_> {
    fn parts(&self) -> [String; 8] {
        let opt = |v: Option<i64>| v.map(|a| a.to_string()).unwrap_or_default();
        [
            self.at.to_string(),
            opt(self.actor_id),
            self.actor_name.to_string(),
            self.action.to_string(),
            self.entity.to_string(),
            opt(self.entity_id),
            self.before.unwrap_or("").to_string(),
            self.after.unwrap_or("").to_string(),
        ]
    }
}

impl AuditKeys {
    /// The keys of `key`.
    pub(crate) fn new(key: &AuditKey) -> AuditKeys {
        AuditKeys {
            chain: key.derive(b"xinfang audit chain key v1"),
            notice: key.derive(b"xinfang notice code key v1"),
        }
    }

    /// The keyed hash of a row after `prev`: every part length-prefixed, so
    /// no two rows encode alike.
    pub(crate) fn row_hash(&self, prev: &str, w: &AuditFields<'_>) -> String {
        let mut msg = Vec::with_capacity(256);
        for part in std::iter::once(prev.to_string()).chain(w.parts()) {
            msg.extend_from_slice(&(part.len() as u64).to_be_bytes());
            msg.extend_from_slice(part.as_bytes());
        }
        hex::encode(hmac_sm3(&self.chain, &[b"xinfang audit row v2\0", &msg]))
    }

    fn marker_mac(&self, keyed_from: i64, legacy_head: &str) -> String {
        hex::encode(hmac_sm3(
            &self.chain,
            &[
                b"xinfang audit keyed-from v1\0",
                keyed_from.to_string().as_bytes(),
                b"\0",
                legacy_head.as_bytes(),
            ],
        ))
    }

    /// The marker stored, if it is well formed and was signed with this key.
    fn open_marker(&self, stored: &str) -> Option<Marker> {
        let mut it = stored.splitn(3, ':');
        let keyed_from = it.next()?.parse().ok()?;
        let legacy_head = it.next()?.to_string();
        let mac = it.next()?;
        (mac == self.marker_mac(keyed_from, &legacy_head)).then_some(Marker {
            keyed_from,
            legacy_head,
        })
    }
}

/// The row hash of the unkeyed chain, as rows were written before keying
/// (SHA-256 with NUL separators); only as strong as anyone's database access.
fn legacy_hash(prev: &str, w: &AuditFields<'_>) -> String {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    h.update([0u8]);
    for part in w.parts() {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    hex::encode(h.finalize())
}

/// Where the keyed chain begins: rows with smaller ids are legacy, and the
/// last of them must have `legacy_head` as its hash.
#[derive(Debug, Clone)]
struct Marker {
    keyed_from: i64,
    legacy_head: String,
}

/// Result of checking the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditVerification {
    /// Rows checked (with an incremental check, counted from the first row).
    pub rows: i64,
    /// The first row whose hash does not match, if any.
    pub first_broken: Option<i64>,
    /// The last row when every row checked verified: where the next
    /// incremental check starts, and the chain's anchor.
    #[serde(skip)]
    pub head: Option<AuditCheckpoint>,
}

/// A verified place in the chain: the row `id`, the `count`-th row, hashed `hash`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditCheckpoint {
    /// Row id.
    pub id: i64,
    /// Its position (rows up to and including it).
    pub count: i64,
    /// Its hash.
    pub hash: String,
}

impl AuditCheckpoint {
    /// The anchor to publish for this place.
    pub fn anchor(&self) -> AuditAnchor {
        AuditAnchor {
            count: self.count,
            hash: self.hash.clone(),
        }
    }
}

/// An anchor (锚点): the chain's head as `COUNT:HASH`, published outside the
/// database (the log, the district's robot) so that a later check can prove
/// the first COUNT rows are still the ones that were there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditAnchor {
    /// Rows up to the head.
    pub count: i64,
    /// The head row's hash (empty for an empty chain).
    pub hash: String,
}

impl fmt::Display for AuditAnchor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.count, self.hash)
    }
}

impl AuditAnchor {
    /// `COUNT:HASH` as printed by `xinfang audit anchor`; the message names the flag.
    pub fn parse(text: &str) -> Result<AuditAnchor, String> {
        let bad =
            || format!("锚点“{text}”格式有误：应为“条数:哈希”，如 1024:3f5a…（64位十六进制）");
        let (count, hash) = text.trim().split_once(':').ok_or_else(bad)?;
        let count: i64 = count.trim().parse().map_err(|_| bad())?;
        let hash = hash.trim().to_ascii_lowercase();
        let hash_ok = hash.len() == 64 && hash.chars().all(|c| c.is_ascii_hexdigit());
        if count < 0 || !(hash_ok || (count == 0 && hash.is_empty())) {
            return Err(bad());
        }
        Ok(AuditAnchor { count, hash })
    }
}

/// How the chain stands against an anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorCheck {
    /// The row at COUNT has the anchor's hash.
    Holds,
    /// Fewer rows than COUNT: rows up to the anchor were deleted.
    Short {
        /// Rows there are.
        rows: i64,
    },
    /// The row at COUNT (row id `id`) has another hash: rows up to it were changed.
    Differs {
        /// Its row id.
        id: i64,
    },
}

/// The walk along the chain from a checkpoint (or the start).
struct Walk<'k> {
    keys: &'k AuditKeys,
    marker: Marker,
    prev: String,
    count: i64,
    last_id: i64,
    watch: Option<i64>,
    seen: Option<(i64, String)>,
}

impl Walk<'_> {
    /// Check one row; Err(id) when it breaks the chain.
    fn step(&mut self, r: &AnyRow) -> StoreResult<Result<(), i64>> {
        let id = r.int("id")?;
        let m = &self.marker;
        if id >= m.keyed_from && self.last_id < m.keyed_from && self.prev != m.legacy_head {
            return Ok(Err(id));
        }
        let (actor_name, action, entity) =
            (r.text("actor_name")?, r.text("action")?, r.text("entity")?);
        let (before, after) = (r.text_opt("before")?, r.text_opt("after")?);
        let fields = AuditFields {
            at: r.int("at")?,
            actor_id: r.int_opt("actor_id")?,
            actor_name: &actor_name,
            action: &action,
            entity: &entity,
            entity_id: r.int_opt("entity_id")?,
            before: before.as_deref(),
            after: after.as_deref(),
        };
        let expected = if id >= m.keyed_from {
            self.keys.row_hash(&self.prev, &fields)
        } else {
            legacy_hash(&self.prev, &fields)
        };
        let stored = r.text("hash")?;
        self.count += 1;
        if r.text("prev_hash")? != self.prev || expected != stored {
            return Ok(Err(id));
        }
        if self.watch == Some(self.count) {
            self.seen = Some((id, stored.clone()));
        }
        self.prev = stored;
        self.last_id = id;
        Ok(Ok(()))
    }

    /// After the last row: a chain that ends among the legacy rows must end at the legacy head.
    fn finish(&self) -> Result<(), i64> {
        let m = &self.marker;
        if m.keyed_from > 1 && self.last_id < m.keyed_from && self.prev != m.legacy_head {
            return Err(self.last_id.max(1));
        }
        Ok(())
    }
}

impl Store {
    /// At start: check that the chain was keyed with this audit key, or key
    /// it from here on if it never was (a database from before keying: its
    /// rows so far stay SHA-256, pinned by the signed marker).
    pub(crate) async fn check_audit_key(&self) -> StoreResult<()> {
        if self.setting(MARKER).await?.is_none() {
            let _gate = self.write_guard().await;
            let mut tx = self.begin_write().await?;
            self.engine
                .lock_transaction(&mut tx, Lock::AuditChain)
                .await?;
            let head: Option<(i64, String)> =
                sqlx::query_as("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
                    .fetch_optional(&mut *tx)
                    .await?;
            let (keyed_from, legacy_head) = head.map_or((1, String::new()), |(id, h)| (id + 1, h));
            let mac = self.audit_keys.marker_mac(keyed_from, &legacy_head);
            let done = sqlx::query(
                "INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
            )
            .bind(MARKER)
            .bind(format!("{keyed_from}:{legacy_head}:{mac}"))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            tx.commit().await?;
            if done > 0 && keyed_from > 1 {
                tracing::warn!(
                    keyed_from,
                    "the audit chain is keyed from this row on; the rows before it keep their unkeyed SHA-256 links"
                );
            }
        }
        self.audit_marker().await?.map(|_| ()).ok_or_else(|| {
            StoreError::Other(
                "审计密钥与数据库不匹配：审计链是用另一把审计密钥建立的，或其起点标记被改动。请使用原来的 XINFANG_AUDIT_KEY 或数据目录中的 audit.key".into(),
            )
        })
    }

    async fn audit_marker(&self) -> StoreResult<Option<Marker>> {
        Ok(self
            .setting(MARKER)
            .await?
            .and_then(|v| self.audit_keys.open_marker(&v)))
    }

    /// Recompute the whole chain and report the first row that does not match.
    pub async fn verify_audit(&self) -> StoreResult<AuditVerification> {
        Ok(self.walk(None, None, None).await?.0)
    }

    /// Check only the rows after `from` (a head an earlier check returned),
    /// and that `from` itself is unchanged; rows before it are not re-hashed
    /// (the full check is [`Store::verify_audit`]).
    pub async fn verify_audit_after(
        &self,
        from: Option<&AuditCheckpoint>,
    ) -> StoreResult<AuditVerification> {
        Ok(self.walk(from, None, None).await?.0)
    }

    /// Re-hash at most `max_rows` rows after `from` (from the first row when
    /// None): a slice of the older rows, so that repeated incremental checks
    /// also sweep the rows behind their checkpoint, a slice at a time. The
    /// head returned is where the next slice starts.
    pub async fn verify_audit_slice(
        &self,
        from: Option<&AuditCheckpoint>,
        max_rows: i64,
    ) -> StoreResult<AuditVerification> {
        Ok(self.walk(from, None, Some(max_rows)).await?.0)
    }

    /// Recompute the whole chain and hold it against `anchor`.
    pub async fn check_audit_anchor(
        &self,
        anchor: &AuditAnchor,
    ) -> StoreResult<(AuditVerification, AnchorCheck)> {
        let (v, seen) = self.walk(None, Some(anchor.count), None).await?;
        let check = match seen {
            _ if anchor.count == 0 => AnchorCheck::Holds,
            Some((_, hash)) if hash == anchor.hash => AnchorCheck::Holds,
            Some((id, _)) => AnchorCheck::Differs { id },
            None if v.first_broken.is_none() => AnchorCheck::Short { rows: v.rows },
            None => AnchorCheck::Differs {
                id: v.first_broken.unwrap_or_default(),
            },
        };
        Ok((v, check))
    }

    async fn walk(
        &self,
        from: Option<&AuditCheckpoint>,
        watch: Option<i64>,
        limit: Option<i64>,
    ) -> StoreResult<(AuditVerification, Option<(i64, String)>)> {
        let broken = |rows, id| AuditVerification {
            rows,
            first_broken: Some(id),
            head: None,
        };
        let first_id: Option<i64> = sqlx::query_scalar("SELECT MIN(id) FROM audit_log")
            .fetch_one(&self.pool)
            .await?;
        let Some(marker) = self.audit_marker().await? else {
            return Ok((broken(0, first_id.unwrap_or(1)), None));
        };
        if let Some(c) = from {
            let hash: Option<String> =
                sqlx::query_scalar("SELECT hash FROM audit_log WHERE id = $1")
                    .bind(c.id)
                    .fetch_optional(&self.pool)
                    .await?;
            if hash.as_deref() != Some(c.hash.as_str()) {
                return Ok((broken(c.count, c.id), None));
            }
        }
        let mut walk = Walk {
            keys: &self.audit_keys,
            marker,
            prev: from.map(|c| c.hash.clone()).unwrap_or_default(),
            count: from.map_or(0, |c| c.count),
            last_id: from.map_or(0, |c| c.id),
            watch,
            seen: None,
        };
        let start = walk.count;
        let mut left = limit.unwrap_or(i64::MAX);
        loop {
            let batch = BATCH.min(left);
            let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT * FROM audit_log WHERE id > $1 ORDER BY id {}",
                crate::params::limit(batch)
            )))
            .bind(walk.last_id)
            .fetch_all(&self.pool)
            .await?;
            for r in &rows {
                if let Err(id) = walk.step(r)? {
                    return Ok((broken(walk.count, id), walk.seen));
                }
            }
            left -= rows.len() as i64;
            if (rows.len() as i64) < batch || left == 0 {
                break;
            }
        }
        let at_end = limit.is_none_or(|l| walk.count - start < l);
        if at_end && let Err(id) = walk.finish() {
            return Ok((broken(walk.count, id), walk.seen));
        }
        let head = (walk.count > 0).then(|| AuditCheckpoint {
            id: walk.last_id,
            count: walk.count,
            hash: walk.prev.clone(),
        });
        Ok((
            AuditVerification {
                rows: walk.count,
                first_broken: None,
                head,
            },
            walk.seen,
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn anchors_print_and_parse_as_count_colon_hash() {
        let h = "ab".repeat(32);
        let a = AuditAnchor::parse(&format!(" 12:{} ", h.to_uppercase())).unwrap();
        assert_eq!(a.to_string(), format!("12:{h}"));
        assert_eq!(AuditAnchor::parse("0:").unwrap().count, 0);
        for bad in ["12", "x:ab", "12:abc", "-1:", &format!("-3:{h}"), "5:"] {
            let e = AuditAnchor::parse(bad).unwrap_err();
            assert!(e.contains("锚点") && e.contains("条数:哈希"), "{bad}: {e}");
        }
    }

    #[test]
    fn keyed_hashes_depend_on_the_key_and_every_field() {
        let k1 = AuditKeys::new(&AuditKey::from_hex(&"01".repeat(32)).unwrap());
        let k2 = AuditKeys::new(&AuditKey::from_hex(&"02".repeat(32)).unwrap());
        let f = |name| AuditFields {
            at: 1,
            actor_id: Some(2),
            actor_name: name,
            action: "case.register",
            entity: "case",
            entity_id: Some(3),
            before: None,
            after: Some("x"),
        };
        let h = k1.row_hash("", &f("王敏"));
        assert_eq!(h.len(), 64);
        assert_ne!(h, k2.row_hash("", &f("王敏")));
        assert_ne!(h, k1.row_hash("", &f("王明")));
        assert_ne!(h, k1.row_hash("0", &f("王敏")));
        assert_ne!(h, legacy_hash("", &f("王敏")));
        assert_ne!(k1.chain, k1.notice, "one key per purpose");
    }
}
