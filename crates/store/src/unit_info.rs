//! 单位信息 — the district bureau's own details, one row, saved with its audit row.

use jiff::Timestamp;
use xinfang_domain::access::Actor;
use xinfang_domain::audit::AuditAction;
use xinfang_domain::unit_info::UnitInfo;

use crate::audit::Audit;
use crate::codec::{RowExt, ms, user_ref};
use crate::{Store, StoreResult};

impl Store {
    /// 单位信息 as last saved; None before the administrator first saved it.
    pub async fn unit_info(&self) -> StoreResult<Option<UnitInfo>> {
        let row = sqlx::query(
            "SELECT name, contact_person, phone, address, postcode, email, updated_at FROM unit_info WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(UnitInfo {
                name: r.text("name")?,
                contact_person: r.text("contact_person")?,
                phone: r.text("phone")?,
                address: r.text("address")?,
                postcode: r.text("postcode")?,
                email: r.text("email")?,
                updated_at: r.time_opt("updated_at")?,
            })
        })
        .transpose()
    }

    /// Save 单位信息 (before → after in the audit row). Saving what is
    /// stored changes nothing and writes no audit row; returns whether it changed.
    pub async fn save_unit_info(
        &self,
        info: &UnitInfo,
        actor: &Actor,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let before = self.unit_info().await?;
        if before.as_ref().is_some_and(|b| b.same_as(info)) {
            return Ok(false);
        }
        let mut w = self.write().await?;
        sqlx::query(
            "INSERT INTO unit_info (id, name, contact_person, phone, address, postcode, email, updated_by, updated_at)
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, contact_person = excluded.contact_person,
                phone = excluded.phone, address = excluded.address, postcode = excluded.postcode,
                email = excluded.email, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        )
        .bind(&info.name)
        .bind(&info.contact_person)
        .bind(&info.phone)
        .bind(&info.address)
        .bind(&info.postcode)
        .bind(&info.email)
        .bind(user_ref(actor))
        .bind(ms(now))
        .execute(w.conn())
        .await?;
        let after = UnitInfo {
            updated_at: Some(now),
            ..info.clone()
        };
        let audit = Audit::by(actor, AuditAction::UnitInfoSave, now)
            .on("unit_info", Some(1))
            .before(before.and_then(|b| serde_json::to_string(&b).ok()))
            .after(serde_json::to_string(&after).ok());
        w.commit(audit).await?;
        Ok(true)
    }
}
