//! 全文检索's index: the words of each case — number, summary, remarks,
//! petitioner's name, the texts of its timeline entries written by people —
//! cut by jieba (the domain's `search`), with the district's place names
//! (see `places`), and kept in the engine's full-text index (see
//! `engine::words`). A change of record rewrites the words of the cases it
//! touched in its own transaction, so a case is found by what it says the
//! moment the change is acknowledged. Cases written before the index
//! existed, restored from a backup or generated in bulk are listed in
//! `case_words_pending` and indexed when the database is opened; those
//! that say a township or village name just changed, right after the
//! change.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sqlx::AnyConnection;
use xinfang_domain::access::CaseScope;
use xinfang_domain::search::{Places, index_grams, index_words};

use crate::codec::RowExt;
use crate::engine::WordsRow;
use crate::params::Params;
use crate::places::{PlaceCache, RESCAN_KEY};
use crate::{Engine, Store, StoreResult};

/// The schema version that made the index (`0025_case_words`).
pub(crate) const SINCE_VERSION: i64 = 25;

/// Cases indexed per statement when working through the pending list.
const BATCH: i64 = 500;
/// How many cases indexed at once leave the index worth merging
/// ([`Store::merge_case_words`]): a district's thousands merge in
/// milliseconds either way, a million in 11 s.
const MERGE_AFTER: u64 = 10_000;

/// Cases indexed per transaction beside other writers, and the least
/// pause after each (see [`Store::index_pending_beside_writers`]).
const GENTLE_BATCH: i64 = 100;
const GENTLE_PAUSE: Duration = Duration::from_millis(120);

/// How far the full-text index is behind the cases' texts, while it is
/// (see [`Store::index_backlog`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IndexBacklog {
    /// A place name changed and the cases that say it are still being
    /// looked for.
    pub scanning: bool,
    /// Cases listed to be indexed again.
    pub pending: i64,
}

/// Rewrite the words of `ids` (each once; none is a no-op) on `conn`,
/// with the places in force on it.
pub(crate) async fn write_case_words(
    engine: Engine,
    places: &PlaceCache,
    conn: &mut AnyConnection,
    ids: &[i64],
) -> StoreResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let places = places.get(conn).await?;
    let texts = case_texts(conn, ids).await?;
    let rows: Vec<Row> = texts
        .iter()
        .map(|(id, t)| {
            let words = index_words(&places, t.texts.iter().map(String::as_str));
            let grams = index_grams(t.written.iter().map(String::as_str));
            Row {
                key: engine.words_key(*id, t.received_at),
                words: engine.words_value(words.iter().map(String::as_str)),
                scope: engine.scope_value(&t.scope),
                grams: engine.grams_value(grams.iter().map(String::as_str)),
            }
        })
        .collect();
    put_words(engine, conn, rows).await
}

/// Remove the row of the index case `id` had while received at
/// `received_at`: a corrected 接待日期 keys its words anew on SQLite (see
/// `Engine::words_key`), and the old row would be found as well.
pub(crate) async fn forget_words(
    engine: Engine,
    conn: &mut AnyConnection,
    id: i64,
    received_at: i64,
) -> StoreResult<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM case_words WHERE {} = $1",
        engine.words_key_column()
    )))
    .bind(engine.words_key(id, received_at))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The hidden tokens (see `engine::words`) of a scope: `t{id}` for a
/// township (a case's own, or a viewer's territory), `u{id}` for each unit
/// (a case's assignments, or a viewer's unit), `l{id}` for a 包案领导. A
/// case carries those of where it is, who handles it and who leads it; a
/// viewer's scope admits a case exactly when the two share a token.
pub(crate) fn scope_tokens(
    township: Option<i64>,
    units: impl IntoIterator<Item = i64>,
    leader: Option<i64>,
) -> Vec<String> {
    township
        .map(|t| format!("t{t}"))
        .into_iter()
        .chain(units.into_iter().map(|u| format!("u{u}")))
        .chain(leader.map(|l| format!("l{l}")))
        .collect()
}

/// The tokens a viewer's scope (not the district's) asks the index for.
pub(crate) fn viewer_tokens(scope: &CaseScope) -> Vec<String> {
    scope_tokens(scope.territory, scope.unit, scope.leader)
}

/// What a case says after its number, and its scope, as
/// [`words_after_number`] reads them for the copies of a template.
pub(crate) struct AfterNumber {
    /// The words of its texts but the number, cut.
    pub words: Vec<String>,
    /// The grams of its summary and petitioner's name.
    pub grams: Vec<String>,
    /// Its scope tokens ([`scope_tokens`]).
    pub scope: Vec<String>,
}

/// The words each of `ids` says after its number: its texts but the first
/// (see [`case_texts`]), cut, with its scope. A copy of one of them
/// (批量生成) says the same under its own number, in the same township and
/// units, and jieba cuts each text alone, so the copy's words are its
/// number's followed by these.
pub(crate) async fn words_after_number(
    places: &Places,
    conn: &mut AnyConnection,
    ids: &[i64],
) -> StoreResult<BTreeMap<i64, AfterNumber>> {
    let texts = case_texts(conn, ids).await?;
    Ok(texts
        .into_iter()
        .map(|(id, t)| {
            let words = index_words(places, t.texts.iter().skip(1).map(String::as_str));
            let grams = index_grams(t.written.iter().skip(1).map(String::as_str));
            (
                id,
                AfterNumber {
                    words,
                    grams,
                    scope: t.scope,
                },
            )
        })
        .collect())
}

/// A copy (批量生成) whose words [`write_copies_words`] writes.
pub(crate) struct Copy {
    pub id: i64,
    pub template: i64,
    pub number: String,
    /// Its 接待日期 (ms), which keys its row of the index.
    pub received_at: i64,
}

/// Write the words of copies (批量生成): each gets its number's words
/// followed by `after_number[template]`, as [`write_case_words`] would cut
/// them from the copy's texts, its grams likewise, and its template's scope.
pub(crate) async fn write_copies_words(
    engine: Engine,
    places: &Places,
    conn: &mut AnyConnection,
    copies: &[Copy],
    after_number: &BTreeMap<i64, AfterNumber>,
) -> StoreResult<()> {
    for chunk in copies.chunks(BATCH as usize) {
        let rows: Vec<Row> = chunk
            .iter()
            .map(|copy| {
                let Copy {
                    id,
                    template,
                    number,
                    received_at,
                } = copy;
                let own = index_words(places, [number.as_str()]);
                let own_grams = index_grams([number.as_str()]);
                let template = after_number.get(template);
                let after = template.into_iter().flat_map(|t| &t.words);
                let words = own.iter().chain(after).map(String::as_str);
                let after = template.into_iter().flat_map(|t| &t.grams);
                let grams = own_grams.iter().chain(after).map(String::as_str);
                let scope = template.map(|t| t.scope.as_slice()).unwrap_or_default();
                Row {
                    key: engine.words_key(*id, *received_at),
                    words: engine.words_value(words),
                    scope: engine.scope_value(scope),
                    grams: engine.grams_value(grams),
                }
            })
            .collect();
        put_words(engine, conn, rows).await?;
    }
    Ok(())
}

/// What a case's row of the index is cut from.
struct CaseText {
    /// Its number first, then summary, remarks, petitioner's name and the
    /// texts of its timeline entries written by people, in order.
    texts: Vec<String>,
    /// Its number, summary and petitioner's name: what a search as
    /// written reads, indexed by their grams.
    written: Vec<String>,
    /// Its scope tokens ([`scope_tokens`]).
    scope: Vec<String>,
    /// Its 接待日期 (ms), which keys its row of the index.
    received_at: i64,
}

/// The texts and scope of `ids` that their rows of the index are made of,
/// by case.
async fn case_texts(conn: &mut AnyConnection, ids: &[i64]) -> StoreResult<BTreeMap<i64, CaseText>> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut texts: BTreeMap<i64, CaseText> = BTreeMap::new();
    // A chunk's ids are bound three times over, so a chunk stays well
    // within both engines' limits on parameters (SQLite's 32 766): the
    // templates of `generate` may be every case of a large district.
    let mut rows = Vec::new();
    for chunk in ids.chunks(BATCH as usize) {
        let mut p = Params::default();
        let Some(sql) = texts_sql(&mut p, chunk) else {
            continue;
        };
        rows.extend(
            p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    let mut units: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut township_and_leader: BTreeMap<i64, (i64, Option<i64>)> = BTreeMap::new();
    for r in rows {
        let id = r.int("case_id")?;
        if let Some(number) = r.text_opt("number")? {
            let mut t = vec![number, r.text("summary")?];
            let mut written = t.clone();
            let name = r.text_opt("p_name")?;
            written.extend(name.clone());
            t.extend(r.text_opt("remarks")?);
            t.extend(name);
            township_and_leader.insert(id, (r.int("township")?, r.int_opt("leader")?));
            texts.insert(
                id,
                CaseText {
                    texts: t,
                    written,
                    scope: Vec::new(),
                    received_at: r.int("received_at")?,
                },
            );
            continue;
        }
        if r.int("part")? == 2 {
            units.entry(id).or_default().push(r.int("seq")?);
            continue;
        }
        let body: serde_json::Value =
            serde_json::from_str(&r.text_opt("body")?.unwrap_or_default())
                .unwrap_or(serde_json::Value::Null);
        if let (Some(t), Some(text)) = (
            texts.get_mut(&id),
            body.get("text").and_then(|t| t.as_str()),
        ) {
            t.texts.push(text.to_string());
        }
    }
    for (id, t) in &mut texts {
        let (township, leader) = township_and_leader[id];
        let units = units.remove(id).unwrap_or_default();
        t.scope = scope_tokens(Some(township), units, leader);
    }
    Ok(texts)
}

/// The statement [`case_texts`] reads `ids` with (`None` for none): the
/// cases' own texts, their entries written by people and their units, in
/// one statement (a write's words are read inside its transaction); the
/// system's own entries (督办, 逾期) say only what the case's state says.
/// The ids are bound ([`Params::ints`]): every write reads its cases'
/// texts, and a text of its own for each case pushed the hot statements
/// out of the connection's cache.
fn texts_sql(p: &mut Params, ids: &[i64]) -> Option<String> {
    let list = p.ints(ids)?;
    Some(format!(
        "SELECT c.id AS case_id, 0 AS part, 0 AS seq, c.number AS number, c.summary AS summary,
                c.remarks AS remarks, p.name AS p_name, NULL AS body,
                c.township_id AS township, c.leader_user_id AS leader, c.received_at AS received_at
         FROM cases c LEFT JOIN petitioners p ON p.id = c.petitioner_id WHERE c.id IN ({list})
         UNION ALL
         SELECT case_id, 1, id, NULL, NULL, NULL, NULL, body, NULL, NULL, NULL FROM case_events
         WHERE case_id IN ({list}) AND actor_id IS NOT NULL
         UNION ALL
         SELECT case_id, 2, org_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM case_units
         WHERE case_id IN ({list})
         ORDER BY case_id, part, seq"
    ))
}

/// A case's row of the index, as values.
type Row = WordsRow<i64>;

/// Write (or replace) the rows of cases, one statement.
async fn put_words(
    engine: Engine,
    conn: &mut AnyConnection,
    mut rows: Vec<Row>,
) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    // In key order: FTS5 writes out what it holds whenever a key comes
    // before the last, and a segment a row is slow to write and to search.
    rows.sort_unstable_by_key(|r| r.key);
    let mut p = Params::default();
    let rows: Vec<WordsRow> = rows
        .into_iter()
        .map(|r| WordsRow {
            key: p.int(r.key),
            words: p.text(r.words),
            scope: p.text(r.scope),
            grams: p.text(r.grams),
        })
        .collect();
    p.bind_all(sqlx::query(sqlx::AssertSqlSafe(
        engine.put_words_sql(&rows),
    )))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The cases of `petitioner_id`, whose words hold the petitioner's name.
pub(crate) async fn cases_of_petitioner(
    conn: &mut AnyConnection,
    petitioner_id: i64,
) -> StoreResult<Vec<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM cases WHERE petitioner_id = $1")
            .bind(petitioner_id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

impl Store {
    /// How far the index is behind, or None when it is not: after a place
    /// change, until the worker or the console that made it is done,
    /// searching by words misses some cases that say the name.
    pub async fn index_backlog(&self) -> StoreResult<Option<IndexBacklog>> {
        let row = sqlx::query(
            "SELECT (SELECT COUNT(*) FROM settings WHERE key = $1) AS scanning,
                    (SELECT COUNT(*) FROM case_words_pending) AS pending",
        )
        .bind(RESCAN_KEY)
        .fetch_one(&self.pool)
        .await?;
        let backlog = IndexBacklog {
            scanning: row.int("scanning")? > 0,
            pending: row.int("pending")?,
        };
        Ok((backlog.scanning || backlog.pending > 0).then_some(backlog))
    }

    /// Index the cases waiting in `case_words_pending`, a batch per
    /// transaction; returns how many. Run when the database is opened.
    /// After [`MERGE_AFTER`] or more, the index is merged
    /// ([`Store::merge_case_words`]).
    pub async fn index_pending_case_words(&self) -> StoreResult<u64> {
        let done = self.index_pending(BATCH, Duration::ZERO).await?;
        if done >= MERGE_AFTER {
            self.merge_case_words().await?;
        }
        Ok(done)
    }

    /// Merge the full-text index after it was written in bulk, where the
    /// engine keeps it in parts (`Engine::words_merge_sql`).
    pub(crate) async fn merge_case_words(&self) -> StoreResult<()> {
        if let Some(sql) = self.engine.words_merge_sql() {
            let started = Instant::now();
            let _gate = self.write_guard().await;
            sqlx::query(sql).execute(&self.pool).await?;
            tracing::info!(
                ms = started.elapsed().as_millis() as u64,
                "full-text index merged"
            );
        }
        Ok(())
    }

    /// Index the cases waiting, as [`Store::index_pending_case_words`]
    /// does, beside other writers (after a place change, while the
    /// server registers): smaller batches, and after each a pause at least
    /// as long as it took, so a write waiting for the lock — in this
    /// process or another, whose SQLite busy handler looks again every
    /// 100 ms — gets its turn between two.
    pub(crate) async fn index_pending_beside_writers(&self) -> StoreResult<u64> {
        self.index_pending(GENTLE_BATCH, GENTLE_PAUSE).await
    }

    /// Index the cases waiting, `batch` a transaction, pausing after each
    /// for as long as it took and at least `pause` (none when zero).
    async fn index_pending(&self, batch: i64, pause: Duration) -> StoreResult<u64> {
        let mut done = 0u64;
        loop {
            let gate = self.write_guard().await;
            let started = Instant::now();
            let mut tx = self.begin_write().await?;
            let ids: Vec<i64> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
                "SELECT case_id FROM case_words_pending ORDER BY case_id {}",
                crate::params::limit(batch)
            )))
            .fetch_all(&mut *tx)
            .await?;
            if ids.is_empty() {
                return Ok(done);
            }
            write_case_words(self.engine, &self.places, &mut tx, &ids).await?;
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            let sql = format!(
                "DELETE FROM case_words_pending WHERE case_id IN ({})",
                list.join(", ")
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            drop(gate);
            done += ids.len() as u64;
            if done % 50_000 < batch as u64 {
                tracing::info!(done, "cases indexed for full-text search");
            }
            if (ids.len() as i64) < batch {
                return Ok(done);
            }
            if !pause.is_zero() {
                tokio::time::sleep(started.elapsed().max(pause)).await;
            }
        }
    }
}

/// List every case for indexing again (after a restore, or a bulk load that
/// wrote cases directly).
pub(crate) async fn mark_all_pending(conn: &mut AnyConnection) -> StoreResult<()> {
    sqlx::query("DELETE FROM case_words_pending")
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO case_words_pending (case_id) SELECT id FROM cases")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cases_texts_are_read_by_one_statement_whatever_its_id() {
        let sql = |ids: &[i64]| texts_sql(&mut Params::default(), ids);
        assert_eq!(sql(&[]), None);
        assert_eq!(sql(&[7]), sql(&[912_345]));
        assert_eq!(sql(&[1, 2, 3]), sql(&[40, 50, 60]));
        assert_eq!(sql(&[1, 2, 3]), sql(&[1, 2, 3, 4]));
        assert_ne!(sql(&[1]), sql(&[1, 2]));
        assert!(sql(&[912_345]).is_some_and(|s| !s.contains("912345")));
    }
}
