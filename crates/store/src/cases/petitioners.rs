//! The petitioner record a registration or correction is linked to: the one
//! with the same ID number (its contact details brought up to date), or a
//! new one. A group of registrations links all its petitioners in a few
//! statements: one read of the known ID numbers, one update of those found,
//! one insert of the rest.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;
use sqlx::AnyConnection;
use xinfang_domain::case::NewPetitioner;

use crate::codec::{RowExt, ms};
use crate::params::{Params, ROWS_A_STATEMENT, insert_each_ids};
use crate::vault::Secret;
use crate::{Store, StoreResult};

/// The petitioner record a registration or correction was linked to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Upserted {
    /// Its id.
    pub id: i64,
    /// An existing record whose name this changed.
    pub renamed: bool,
}

/// A petitioner as stored: personal fields sealed, blind indexes made.
struct Sealed<'a> {
    p: &'a NewPetitioner,
    now: Timestamp,
    id_number: Option<String>,
    id_index: Option<String>,
    phone: Option<String>,
    phone_index: Option<String>,
    address: Option<String>,
}

impl Store {
    /// The petitioner record of `p`: the one with the same ID number
    /// (updated with the newest contact details), or a new one.
    pub(super) async fn upsert_petitioner(
        &self,
        conn: &mut AnyConnection,
        p: &NewPetitioner,
        now: Timestamp,
    ) -> StoreResult<Upserted> {
        let mut one = self.upsert_petitioners(conn, &[(p, now)]).await?;
        Ok(one.remove(0))
    }

    /// [`Store::upsert_petitioner`] for each `(petitioner, now)`, in
    /// order: the answers are the people's in turn. Should one ID number
    /// come twice, the later is linked to the record the earlier makes, as
    /// though they were registered one after the other.
    pub(super) async fn upsert_petitioners(
        &self,
        conn: &mut AnyConnection,
        people: &[(&NewPetitioner, Timestamp)],
    ) -> StoreResult<Vec<Upserted>> {
        let sealed = people
            .iter()
            .map(|(p, now)| self.seal(p, *now))
            .collect::<StoreResult<Vec<_>>>()?;
        let mut seen = HashSet::new();
        let twice = sealed
            .iter()
            .filter_map(|s| s.id_index.as_deref())
            .any(|i| !seen.insert(i));
        if !twice {
            return upsert_sealed(conn, &sealed).await;
        }
        let mut answers = Vec::with_capacity(sealed.len());
        for s in &sealed {
            answers.extend(upsert_sealed(conn, std::slice::from_ref(s)).await?);
        }
        Ok(answers)
    }

    fn seal<'a>(&self, p: &'a NewPetitioner, now: Timestamp) -> StoreResult<Sealed<'a>> {
        let vault = self.vault();
        Ok(Sealed {
            p,
            now,
            id_number: vault
                .seal_opt(Secret::IdNumber, p.id_number.as_ref().map(|x| x.as_str()))?,
            id_index: p.id_number.as_ref().map(|idn| self.id_index(idn.as_str())),
            phone: vault.seal_opt(
                Secret::Phone,
                p.phone.as_ref().map(|x| x.to_string()).as_deref(),
            )?,
            phone_index: p.phone.as_ref().map(|x| self.phone_index(x)),
            address: vault.seal_opt(Secret::Address, p.address.as_deref())?,
        })
    }
}

/// Link `people`, whose ID numbers are all different.
async fn upsert_sealed(
    conn: &mut AnyConnection,
    people: &[Sealed<'_>],
) -> StoreResult<Vec<Upserted>> {
    let known = known_ids(conn, people).await?;
    let mut found = Vec::new();
    let mut new = Vec::new();
    for s in people {
        match s.id_index.as_ref().and_then(|i| known.get(i)) {
            Some((id, _)) => found.push((*id, s)),
            None => new.push(s),
        }
    }
    update_found(conn, &found).await?;
    let mut new_ids = insert_each_ids(conn, "petitioners", &new, |p, s| {
        let at = p.int(ms(s.now));
        vec![
            ("name", p.text(&s.p.name)),
            ("id_number", p.text_opt(s.id_number.as_deref())),
            ("id_index", p.text_opt(s.id_index.as_deref())),
            ("phone", p.text_opt(s.phone.as_deref())),
            ("address", p.text_opt(s.address.as_deref())),
            ("poverty_status", p.text(s.p.poverty_status.as_str())),
            ("created_at", at.clone()),
            ("updated_at", at),
            ("phone_index", p.text_opt(s.phone_index.as_deref())),
        ]
    })
    .await?
    .into_iter();
    people
        .iter()
        .map(|s| match s.id_index.as_ref().and_then(|i| known.get(i)) {
            Some((id, name)) => Ok(Upserted {
                id: *id,
                renamed: *name != s.p.name,
            }),
            None => new_ids
                .next()
                .map(|id| Upserted { id, renamed: false })
                .ok_or_else(|| crate::StoreError::Other("信访人写入不全".into())),
        })
        .collect()
}

/// The records already holding any of `people`'s ID numbers: id and name
/// by ID index.
async fn known_ids(
    conn: &mut AnyConnection,
    people: &[Sealed<'_>],
) -> StoreResult<HashMap<String, (i64, String)>> {
    let indexes: Vec<&str> = people
        .iter()
        .filter_map(|s| s.id_index.as_deref())
        .collect();
    let mut known = HashMap::with_capacity(indexes.len());
    for chunk in indexes.chunks(ROWS_A_STATEMENT) {
        let mut p = Params::default();
        let list: Vec<String> = chunk.iter().map(|i| p.text(*i)).collect();
        let sql = format!(
            "SELECT id, name, id_index FROM petitioners WHERE id_index IN ({})",
            list.join(", ")
        );
        for r in p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&mut *conn)
            .await?
        {
            known.insert(r.text("id_index")?, (r.int("id")?, r.text("name")?));
        }
    }
    Ok(known)
}

/// The newest registration carries the newest contact details: each found
/// record (`(id, petitioner)`) takes its name, status and any phone or
/// address given.
async fn update_found(conn: &mut AnyConnection, found: &[(i64, &Sealed<'_>)]) -> StoreResult<()> {
    for chunk in found.chunks(ROWS_A_STATEMENT) {
        let mut p = Params::default();
        let mut values = Vec::with_capacity(chunk.len());
        for (id, s) in chunk {
            values.push(format!(
                "({}, {}, {}, {}, {}, {}, {})",
                p.int(*id),
                p.text(&s.p.name),
                p.text_opt(s.phone.as_deref()),
                p.text_opt(s.address.as_deref()),
                p.text(s.p.poverty_status.as_str()),
                p.int(ms(s.now)),
                p.text_opt(s.phone_index.as_deref()),
            ));
        }
        let sql = format!(
            "WITH v(id, name, phone, address, poverty_status, updated_at, phone_index) AS (VALUES {})
             UPDATE petitioners SET name = v.name, phone = COALESCE(v.phone, petitioners.phone),
                address = COALESCE(v.address, petitioners.address), poverty_status = v.poverty_status,
                updated_at = v.updated_at, phone_index = COALESCE(v.phone_index, petitioners.phone_index)
             FROM v WHERE petitioners.id = v.id",
            values.join(", ")
        );
        p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
