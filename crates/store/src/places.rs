//! 地名 in the full-text index: the district's townships and villages, as
//! the domain's [`Places`], are words every case is indexed under and every
//! query is split at (see `xinfang_domain::search`).
//!
//! The names live in `orgs`. Each change of a township's or village's name
//! (one added, one renamed) moves the setting `places_version` in its own
//! transaction, and lists for indexing again the cases whose texts say the
//! old or the new name (`case_words_pending`), which are indexed as soon
//! as it is committed. A process keeps the places it loaded with their
//! version and reads the version again before it cuts a case's words, in
//! the transaction that writes them, so a second server never indexes
//! with names another has changed.

use std::sync::{Arc, RwLock};

use sqlx::AnyConnection;
use xinfang_domain::org::OrgKind;
use xinfang_domain::search::Places;

use crate::reference::{bump_version, version};
use crate::{Engine, StoreResult};

/// Setting key of the places version, a number kept as text.
const VERSION_KEY: &str = "places_version";

/// The places a process loaded and the version they were loaded at.
#[derive(Debug, Default)]
pub(crate) struct PlaceCache {
    loaded: RwLock<Option<(i64, Arc<Places>)>>,
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

/// Inside the transaction that changes place names from `before` to
/// `after` (names of townships or villages; a new one has none before):
/// move the places version on and list the cases whose texts say any word
/// of either for indexing again.
pub(crate) async fn names_changed(
    engine: Engine,
    conn: &mut AnyConnection,
    before: &[&str],
    after: &[&str],
) -> StoreResult<()> {
    bump_version(conn, VERSION_KEY).await?;
    let words: Vec<&str> = before
        .iter()
        .chain(after)
        .flat_map(|name| Places::words_of(name))
        .collect();
    if words.is_empty() {
        return Ok(());
    }
    let mut p = crate::params::Params::default();
    let patterns: Vec<String> = words
        .iter()
        .map(|w| p.text(crate::params::like_contains(w)))
        .collect();
    let says = |columns: &[&str]| {
        patterns
            .iter()
            .map(|pat| engine.text_match(columns, pat))
            .collect::<Vec<_>>()
            .join(" OR ")
    };
    let sql = format!(
        "INSERT INTO case_words_pending (case_id)
         SELECT c.id FROM cases c LEFT JOIN petitioners p ON p.id = c.petitioner_id
         WHERE {cases}
            OR c.id IN (SELECT case_id FROM case_events WHERE actor_id IS NOT NULL AND ({events}))
         ON CONFLICT (case_id) DO NOTHING",
        cases = says(&["c.number", "c.summary", "c.remarks", "p.name"]),
        events = says(&["body"]),
    );
    p.bind_all(sqlx::query(sqlx::AssertSqlSafe(sql)))
        .execute(&mut *conn)
        .await?;
    Ok(())
}
