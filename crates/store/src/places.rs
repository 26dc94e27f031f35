//! 地名 in the full-text index: the district's townships and villages, as
//! the domain's [`Places`], are words every case is indexed under and every
//! query is split at (see `xinfang_domain::search`).
//!
//! The names live in `orgs`. Each change of a township's or village's name
//! (one added, one renamed) moves the setting `places_version` in its own
//! transaction. A process keeps the places it loaded with their version
//! and reads the version again before it cuts a case's words, in the
//! transaction that writes them, so a write committed after the change
//! — on any server — cuts with the new names. The cases written before
//! it that say the old or the new name are then found by a scan, outside
//! any write, listed for indexing again (`case_words_pending`) and
//! indexed: by the call that made the change (the console, tests), or —
//! once the server has said it runs the work itself
//! ([`Store::index_places_in_background`]) — by the server's own worker,
//! so the page or request that renamed a village answers at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

use sqlx::AnyConnection;
use tokio::sync::Notify;
use xinfang_domain::org::OrgKind;
use xinfang_domain::search::Places;

use crate::codec::RowExt;
use crate::params::{Params, like_contains};
use crate::reference::{bump_version, replace_setting, version};
use crate::{Store, StoreResult};

/// Setting key of the places version, a number kept as text.
const VERSION_KEY: &str = "places_version";

/// Setting key of the place words whose cases are still to be listed for
/// indexing again, separated by spaces.
pub(crate) const RESCAN_KEY: &str = "places_rescan";

/// The places a process loaded and the version they were loaded at.
#[derive(Debug, Default)]
pub(crate) struct PlaceCache {
    loaded: RwLock<Option<(i64, Arc<Places>)>>,
}

/// Who finishes a place change: the call that committed it, or a worker
/// woken for it.
#[derive(Debug, Default)]
pub(crate) struct PlaceWork {
    background: AtomicBool,
    wake: Notify,
}

/// Whether organisations of `kind` are places (their names are words).
pub(crate) fn is_place(kind: OrgKind) -> bool {
    matches!(kind, OrgKind::Township | OrgKind::Village)
}

impl PlaceCache {
    /// The places in force on `conn`: those loaded while the version is
    /// theirs, else loaded again.
    pub(crate) async fn get(&self, conn: &mut AnyConnection) -> StoreResult<Arc<Places>> {
        let version = version(conn, VERSION_KEY).await?;
        if let Some(places) = self.snapshot(version) {
            return Ok(places);
        }
        let names: Vec<String> =
            sqlx::query_scalar("SELECT name FROM orgs WHERE kind IN ($1, $2) ORDER BY id")
                .bind(OrgKind::Township.as_str())
                .bind(OrgKind::Village.as_str())
                .fetch_all(&mut *conn)
                .await?;
        let places = Arc::new(Places::new(names));
        let mut guard = match self.loaded.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        *guard = Some((version, Arc::clone(&places)));
        Ok(places)
    }

    fn snapshot(&self, version: i64) -> Option<Arc<Places>> {
        let guard = match self.loaded.read() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        match &*guard {
            Some((loaded, places)) if *loaded == version => Some(Arc::clone(places)),
            _ => None,
        }
    }
}

/// Move the places version on, inside the transaction that changes the
/// township and village names (a district set up, one added or renamed).
pub(crate) async fn places_moved(conn: &mut AnyConnection) -> StoreResult<()> {
    bump_version(conn, VERSION_KEY).await
}

/// Inside the transaction that changes place names from `before` to
/// `after` (names of townships or villages; a new one has none before):
/// move the places version on, and add the words of both to the setting
/// `places_rescan`, the words whose cases [`Store::rescan_places`] lists
/// for indexing again once the change is committed (or, should the process
/// stop first, when the database is next opened).
pub(crate) async fn names_changed(
    conn: &mut AnyConnection,
    before: &[&str],
    after: &[&str],
) -> StoreResult<()> {
    places_moved(conn).await?;
    let mut words: Vec<String> =
        sqlx::query_scalar::<_, String>("SELECT value FROM settings WHERE key = $1")
            .bind(RESCAN_KEY)
            .fetch_optional(&mut *conn)
            .await?
            .map(|v| v.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default();
    for word in before
        .iter()
        .chain(after)
        .flat_map(|name| Places::words_of(name))
    {
        if !words.iter().any(|w| w == word) {
            words.push(word.to_string());
        }
    }
    replace_setting(conn, RESCAN_KEY, &words.join(" ")).await?;
    Ok(())
}

impl Store {
    /// From now on, a place change committed through this store is
    /// finished by a worker ([`Store::place_change_committed`] waited on,
    /// then [`Store::finish_place_change`]) instead of by the call that
    /// made it. The server says so as it starts that worker.
    pub fn index_places_in_background(&self) {
        self.place_work.background.store(true, Ordering::SeqCst);
    }

    /// Wait until a place change has been committed through this store
    /// since the last wait ended (at once if one was meanwhile).
    pub async fn place_change_committed(&self) {
        self.place_work.wake.notified().await;
    }

    /// Right after a place change is committed: finish it here, or wake
    /// the worker that does.
    pub(crate) async fn after_place_change(&self) {
        if self.place_work.background.load(Ordering::SeqCst) {
            self.place_work.wake.notify_one();
        } else {
            self.finish_place_change().await;
        }
    }

    /// After a place change is committed: list the cases that say the
    /// names ([`Store::rescan_places`]) and index them beside the other
    /// writers. The change is saved whatever happens here: a failure is
    /// logged, and the next process to open the database finishes it.
    pub async fn finish_place_change(&self) {
        let done = async {
            self.rescan_places().await?;
            self.index_pending_beside_writers().await
        };
        if let Err(e) = done.await {
            tracing::warn!("地名变更后的全文索引未完成，将在下次打开数据库时补做：{e}");
        }
    }

    /// List for indexing again the cases whose texts — number, summary,
    /// remarks, petitioner's name, the timeline entries people wrote — say
    /// a word of `places_rescan` (see [`names_changed`]), and clear it.
    /// The texts are read outside any write (at a million cases, seconds),
    /// so no writer waits for them: every write committed after the change
    /// already cut its words with the new names.
    pub(crate) async fn rescan_places(&self) -> StoreResult<()> {
        let Some(list) = self.setting(RESCAN_KEY).await? else {
            return Ok(());
        };
        let words: Vec<&str> = list.split_whitespace().collect();
        let mut p = Params::default();
        let patterns: Vec<String> = words.iter().map(|w| p.text(like_contains(w))).collect();
        let says = |columns: &[&str]| {
            let each: Vec<String> = patterns
                .iter()
                .map(|pat| self.engine.text_match(columns, pat))
                .collect();
            if each.is_empty() {
                "1 = 0".to_string()
            } else {
                each.join(" OR ")
            }
        };
        let sql = format!(
            "SELECT c.id AS id FROM cases c LEFT JOIN petitioners p ON p.id = c.petitioner_id
             WHERE {cases}
             UNION
             SELECT case_id AS id FROM case_events WHERE actor_id IS NOT NULL AND ({events})",
            cases = says(&["c.number", "c.summary", "c.remarks", "p.name"]),
            events = says(&["body"]),
        );
        let ids = p
            .bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.int("id"))
            .collect::<StoreResult<Vec<i64>>>()?;
        let _w = self.write_guard().await;
        let mut tx = self.begin_write().await?;
        for chunk in ids.chunks(500) {
            let mut p = Params::default();
            let rows: Vec<String> = chunk.iter().map(|id| format!("({})", p.int(*id))).collect();
            let sql = format!(
                "INSERT INTO case_words_pending (case_id) VALUES {} ON CONFLICT (case_id) DO NOTHING",
                rows.join(", ")
            );
            p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
                .execute(&mut *tx)
                .await?;
        }
        // Cleared only as read: a change committed meanwhile added words,
        // and its own rescan reads them all.
        sqlx::query("DELETE FROM settings WHERE key = $1 AND value = $2")
            .bind(RESCAN_KEY)
            .bind(&list)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }
}
