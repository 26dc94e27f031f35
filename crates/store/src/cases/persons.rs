//! A person across the district: the marks a petitioner is recognised by
//! (blind indexes of ID number and phone, name, village), the earlier cases
//! that may be theirs whatever the reader's scope, and the phone index of
//! rows written before it existed.

use jiff::Timestamp;
use xinfang_domain::access::CaseScope;
use xinfang_domain::case::NewPetitioner;
use xinfang_domain::ident::PhoneNumber;
use xinfang_domain::repeat::{PersonMarks, PriorCase, window_start};

use super::read::CaseQuery;
use super::rows::{Personal, case_row};
use crate::codec::{RowExt, ms};
use crate::vault::Secret;
use crate::{Store, StoreResult};

/// At most this many earlier cases are read for one person (the newest).
const PRIOR_LIMIT: i64 = 200;

impl Store {
    /// The blind index of a phone number.
    pub(crate) fn phone_index(&self, phone: &PhoneNumber) -> String {
        self.vault().index_phone(&phone.to_string())
    }

    /// The marks of `petitioner` registered on a case in `village_id`.
    pub fn person_marks(&self, petitioner: &NewPetitioner, village_id: Option<i64>) -> PersonMarks {
        PersonMarks {
            id_index: petitioner
                .id_number
                .as_ref()
                .map(|i| self.id_index(i.as_str())),
            name: petitioner.name.trim().to_string(),
            phone_index: petitioner.phone.as_ref().map(|p| self.phone_index(p)),
            village_id,
        }
    }

    /// The marks of the petitioner of a stored case (None for a case without
    /// one). Reads no scope: the caller has read the case already.
    pub async fn case_person_marks(&self, case_id: i64) -> StoreResult<Option<PersonMarks>> {
        let row = sqlx::query(
            "SELECT p.name, p.id_index, p.phone_index, c.village_id FROM cases c
             JOIN petitioners p ON p.id = c.petitioner_id WHERE c.id = $1",
        )
        .bind(case_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| {
            Ok(PersonMarks {
                id_index: r.text_opt("id_index")?,
                name: r.text("name")?.trim().to_string(),
                phone_index: r.text_opt("phone_index")?,
                village_id: r.int_opt("village_id")?,
            })
        })
        .transpose()
    }

    /// Cases anywhere in the district received in the twelve months up to
    /// `received_at` whose petitioner has the ID-number index or the name of
    /// `marks` — those that may be the same person's (the domain's
    /// [`PersonMarks::same_person`] decides) — newest first, without
    /// `except`, each marked by whether `scope` admits it. Personal data
    /// stays sealed.
    pub async fn prior_cases(
        &self,
        marks: &PersonMarks,
        received_at: Timestamp,
        except: Option<i64>,
        scope: &CaseScope,
    ) -> StoreResult<Vec<PriorCase>> {
        let person = |q: CaseQuery| {
            let q = q
                .received_between(ms(window_start(received_at)), ms(received_at))
                .petitioner_index_or_name(marks.id_index.as_deref(), &marks.name);
            match except {
                Some(id) => q.except(id),
                None => q,
            }
        };
        // Their ids first, in a statement of the cases and petitioners
        // alone: most people registered have no earlier case, and
        // PostgreSQL plans the whole read model's statement afresh at each
        // run (about 2 ms), so it is asked only for cases found.
        const NEWEST: &str = "c.received_at DESC, c.id DESC";
        let mut ids = person(CaseQuery::within(&CaseScope::all()));
        let sql = ids.ids_page_sql(NEWEST, PRIOR_LIMIT, 0);
        let ids = self
            .rows_with(ids.params(), sql)
            .await?
            .iter()
            .map(|r| r.int("id"))
            .collect::<StoreResult<Vec<i64>>>()?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut q = CaseQuery::marking(scope).ids(&ids);
        let sql = q.select_sql(NEWEST, None);
        self.rows_with(q.params(), sql)
            .await?
            .iter()
            .map(|r| {
                let row = case_row(r, Personal::Sealed)?;
                let person = PersonMarks {
                    id_index: r.text_opt("p_id_index")?,
                    name: row
                        .case
                        .petitioner
                        .as_ref()
                        .map(|p| p.name.trim().to_string())
                        .unwrap_or_default(),
                    phone_index: r.text_opt("p_phone_index")?,
                    village_id: row.case.village_id,
                };
                Ok(PriorCase {
                    in_scope: r.int("in_scope")? == 1,
                    person,
                    item: row.into(),
                })
            })
            .collect()
    }

    /// Give every petitioner with a phone and no phone index its index
    /// (rows written before the index existed); returns how many. Derived
    /// data, not a change of record: no audit row.
    pub(crate) async fn index_phones(&self) -> StoreResult<usize> {
        let _w = self.write_guard().await;
        let mut tx = self.begin_write().await?;
        let rows = sqlx::query(
            "SELECT id, phone FROM petitioners WHERE phone IS NOT NULL AND phone_index IS NULL",
        )
        .fetch_all(&mut *tx)
        .await?;
        let mut indexed = 0;
        for r in &rows {
            let phone = self
                .vault()
                .open_opt(Secret::Phone, r.text_opt("phone")?)?
                .and_then(|p| PhoneNumber::parse(&p).ok());
            let Some(phone) = phone else { continue };
            sqlx::query("UPDATE petitioners SET phone_index = $2 WHERE id = $1")
                .bind(r.int("id")?)
                .bind(self.phone_index(&phone))
                .execute(&mut *tx)
                .await?;
            indexed += 1;
        }
        tx.commit().await?;
        Ok(indexed)
    }
}
