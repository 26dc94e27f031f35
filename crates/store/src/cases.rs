//! Cases: registration, reading within a scope, the steps, attachments.

mod attachments;
mod correct;
mod counts;
mod figures;
mod model;
mod persons;
mod petitioners;
pub(crate) mod read;
mod records;
mod register;
pub use records::CaseRecords;
pub(crate) use register::{Registration, Written};
mod rows;
mod steps;

use xinfang_domain::access::CaseScope;
use xinfang_domain::case::{Case, CaseUnit, Petitioner};
use xinfang_domain::case_list::{CaseListItem, ListCursor};

use crate::codec::{RowExt, ms};
use crate::engine::{FrequentWords, planned_rows};
use crate::in_scope::InScope;
use crate::page::{Page, PageRequest};
use crate::params::Params;
use crate::{Store, StoreError, StoreResult};
use read::IdsPage;

pub use correct::CorrectionChange;
pub(crate) use figures::figure_condition;
pub use model::*;
pub(crate) use read::{CaseQuery, scope_clause};
pub(crate) use rows::event_from_row;
use rows::petitioner_from_row;
pub(crate) use rows::{CaseRow, Personal, case_row};

/// How many times a capped count's cap the planner must expect a text
/// search's words to match for the count to be skipped and its estimate
/// said instead. On PostgreSQL counting 10 001 of a million cases' matches
/// builds the GIN index's bitmap of every match first (45–60 ms for
/// `危房 补助`, where the page walking for them takes 5). Twice: the
/// planner takes words as independent, so words said together, as most
/// searches' are, are estimated low (`危房 补助` 33 743 of 87 415, `住院
/// 报销` 8 198 of 86 866), while one word is estimated closely (`危房`
/// 116 853 of 115 271); and a page that comes out short is counted.
const ESTIMATE_ABOVE: i64 = 2;

/// `n` to two significant figures (an estimate should not look exact).
fn two_figures(n: i64) -> i64 {
    let mut unit = 1;
    while n / unit >= 100 {
        unit *= 10;
    }
    (n + unit / 2) / unit * unit
}

/// What a list's count found, which decides how its page is read.
#[derive(Debug, Clone, Copy)]
struct Counted {
    /// The count, capped.
    total: i64,
    /// Whether `total` is exact.
    exact: bool,
    /// Whether so many cases have the text search's words that the page
    /// walks for them (or reads the newest off the index).
    frequent: bool,
    /// Whether so many of the scope's cases have them that a near page
    /// newest first walks the scope's own lists for them (up to
    /// [`NEAR_WALK`] rows; see `FrequentWords::Counted`).
    frequent_near: bool,
}

/// The most rows (offset and limit) a page may reach for a scope's list of
/// fewer matches than [`Counted::frequent`] to walk for them: the first
/// two pages of 50. Walking further for words few of its newest cases say
/// would test thousands of cases (江官池镇's `低保 取消`: 5 079 for 50).
const NEAR_WALK: i64 = 100;

impl Store {
    /// One case, if the scope admits it (NotFound otherwise: a case outside
    /// the scope is indistinguishable from one that does not exist).
    pub async fn case(&self, id: i64, scope: &CaseScope) -> StoreResult<Case> {
        self.one_case(CaseQuery::within(scope).id(id)).await
    }

    /// One case by its number, within the scope.
    pub async fn case_by_number(&self, number: &str, scope: &CaseScope) -> StoreResult<Case> {
        self.one_case(CaseQuery::within(scope).number(number)).await
    }

    async fn one_case(&self, q: CaseQuery) -> StoreResult<Case> {
        let mut case = self.case_alone(q).await?;
        case.units = self.case_units(case.id).await?;
        Ok(case)
    }

    /// Case `id`, which the caller has just registered: a registration
    /// assigns no unit, so its units are not asked for.
    pub(crate) async fn registered_case(&self, id: i64) -> StoreResult<Case> {
        self.case_alone(CaseQuery::within(&CaseScope::all()).id(id))
            .await
    }

    /// The one case `q` finds, without its units.
    async fn case_alone(&self, mut q: CaseQuery) -> StoreResult<Case> {
        let sql = q.select_sql("c.id", None);
        let row = self
            .rows_with(q.params(), sql)
            .await?
            .into_iter()
            .next()
            .ok_or_else(|| StoreError::NotFound("该案件".into()))?;
        Ok(case_row(&row, Personal::Open(self.vault()))?.case)
    }

    /// NotFound unless the scope admits the case: the guard of every read of
    /// a record hanging off a case (events, attachments, milestones, ledger
    /// details, follow-ups, notices), so a caller cannot forget it.
    pub(crate) async fn case_in_scope(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<InScope> {
        let q = CaseQuery::within(scope).id(case_id);
        match self.rows_with(q.params(), q.ids_sql()).await?.first() {
            Some(_) => Ok(InScope(case_id)),
            None => Err(StoreError::NotFound("该案件".into())),
        }
    }

    async fn case_units(&self, case_id: i64) -> StoreResult<Vec<CaseUnit>> {
        let rows = sqlx::query(
            "SELECT cu.org_id, o.name, cu.lead FROM case_units cu JOIN orgs o ON o.id = cu.org_id
             WHERE cu.case_id = $1 ORDER BY cu.lead DESC, o.code",
        )
        .bind(case_id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(CaseUnit {
                    org_id: r.int("org_id")?,
                    name: r.text("name")?,
                    lead: r.flag("lead")?,
                })
            })
            .collect()
    }

    /// The filtered list within the scope; `limit` None means every row.
    pub async fn list_cases(
        &self,
        filter: &CaseFilter,
        scope: &CaseScope,
        sort: CaseSort,
        limit: Option<i64>,
        offset: i64,
    ) -> StoreResult<Page<CaseListItem>> {
        let req = PageRequest {
            limit,
            offset,
            ..PageRequest::all()
        };
        self.list_cases_page(filter, scope, sort, &req).await
    }

    /// A page of the filtered list within the scope: the page's ids are
    /// taken from the cases table alone (its indexes match the scope, the
    /// filters and the sort) before the page's rows are read in full, so a
    /// deep page does not build the rows it skips; with a cursor the page
    /// starts after a row instead of counting past rows; the count stops at
    /// `count_up_to` when one is given.
    pub async fn list_cases_page(
        &self,
        filter: &CaseFilter,
        scope: &CaseScope,
        sort: CaseSort,
        req: &PageRequest,
    ) -> StoreResult<Page<CaseListItem>> {
        let places = self.places().await?;
        let mut q = CaseQuery::within(scope).filter(filter, self.engine, &places);
        // Whether to walk for the words is decided from the list's count
        // where the count does not depend on it (see `Engine::frequent_words`).
        let (walk_from, walk_near_from) = match self.engine.frequent_words() {
            FrequentWords::Counted { at, near } => (Some(at), q.walks_own_lists().then_some(near)),
            FrequentWords::Asked(at)
                if q.reads_matches_again()
                    || q.counts_words_alone() && req.count_up_to.is_none_or(|cap| cap >= at) =>
            {
                (Some(at), None)
            }
            FrequentWords::Asked(at) => {
                if self.words_are_frequent(&q, at).await? {
                    q = q.walk_for_words(self.engine);
                }
                (None, None)
            }
        };
        // Words the planner expects far more cases to have than the count
        // stops at: not counted (see `ESTIMATE_ABOVE`).
        let estimate = match (walk_from, req.count_up_to) {
            (Some(_), Some(cap)) => self.words_estimate(&q, cap).await?,
            _ => None,
        };
        let (mut total, mut total_exact) = match (req.count_up_to, estimate) {
            (Some(cap), Some(_)) => (cap, false),
            (Some(cap), None) => {
                let n = self
                    .count_with(q.params(), q.count_up_to_sql(cap + 1))
                    .await?;
                (n.min(cap), n <= cap)
            }
            (None, _) => (self.count_with(q.params(), q.count_sql()).await?, true),
        };
        let counted = Counted {
            total,
            exact: total_exact,
            frequent: walk_from.is_some_and(|at| estimate.unwrap_or(total) >= at),
            frequent_near: walk_near_from.is_some_and(|at| total >= at),
        };
        // By relevance, where the words and the scope alone decide the list
        // and more match than are ranked: the newest ranked, the rest
        // newest first (see `CaseSort::Relevance`).
        let ranked_newest = match (sort, req.count_up_to, req.limit) {
            (CaseSort::Relevance, Some(cap), Some(_)) if q.ranks_words_alone() => {
                let n = cap.clamp(1, RANKED_NEWEST);
                (!total_exact || total > n).then_some(n)
            }
            _ => None,
        };
        let (items, next) = match (ranked_newest, req.limit) {
            (Some(n), Some(limit)) => (
                self.ranked_newest_items(q, n, limit, req.offset, counted)
                    .await?,
                None,
            ),
            _ => self.page_items(q, sort, req, counted).await?,
        };
        // Estimated, and the page came out short (and not past the end):
        // the list ends in it, so its count is known after all.
        let mut total_estimate = estimate.map(two_figures);
        if let (Some(_), Some(limit), None) = (estimate, req.limit, req.after)
            && (items.len() as i64) < limit
            && (req.offset == 0 || !items.is_empty())
        {
            (total, total_exact, total_estimate) = (req.offset + items.len() as i64, true, None);
        }
        Ok(Page {
            items,
            total,
            total_exact,
            total_estimate,
            next,
            ranked_newest: ranked_newest.filter(|&n| !total_exact || total > n),
        })
    }

    /// A page by relevance of a list whose newest `n` matches are ranked
    /// and the rest listed newest first: the part of the page among the
    /// `n`, ranked, then the part after them, as the list newest first
    /// has it from the `n`th on.
    async fn ranked_newest_items(
        &self,
        q: CaseQuery,
        n: i64,
        limit: i64,
        offset: i64,
        counted: Counted,
    ) -> StoreResult<Vec<CaseListItem>> {
        let offset = offset.max(0);
        let end = offset + limit.max(0);
        let mut items = Vec::new();
        if offset < n {
            let mut head = q.clone();
            if counted.frequent {
                head = head.walk_for_words(self.engine);
            }
            if let Some(sql) =
                head.ranked_newest_page_sql(self.engine, n, end.min(n) - offset, offset)
            {
                items = self.case_items(head.params(), sql).await?;
            }
        }
        if end > n {
            let from = offset.max(n);
            let tail = PageRequest {
                limit: Some(end - from),
                offset: from,
                after: None,
                count_up_to: None,
            };
            let (rest, _) = self
                .page_items(q, CaseSort::ReceivedDesc, &tail, counted)
                .await?;
            items.extend(rest);
        }
        Ok(items)
    }

    /// A page of the list `q` (counted) in `sort`, and where the next page
    /// starts when it was full (not by relevance, which pages by offset).
    async fn page_items(
        &self,
        mut q: CaseQuery,
        sort: CaseSort,
        req: &PageRequest,
        counted: Counted,
    ) -> StoreResult<(Vec<CaseListItem>, Option<ListCursor>)> {
        let near = match (sort, req.limit, req.after) {
            (CaseSort::ReceivedDesc, Some(limit), None) => limit + req.offset.max(0) <= NEAR_WALK,
            _ => false,
        };
        if counted.frequent || counted.frequent_near && near {
            // Words many cases have: the newest matches off an index kept
            // by date, where there is one and a page of them is all the
            // list asks; else walk the list for them. (Few matches are
            // read once, and sorted.)
            let newest = match (sort, req.limit, req.after) {
                (CaseSort::ReceivedDesc, Some(limit), None) => {
                    q.newest_words(self.engine, limit + req.offset.max(0))
                }
                _ => false,
            };
            if !newest {
                q = q.walk_for_words(self.engine);
            }
        }
        let key = match sort {
            CaseSort::ReceivedDesc | CaseSort::Relevance => "c.received_at",
            CaseSort::UpdatedDesc => "c.updated_at",
        };
        let ranked = match (sort, req.limit) {
            (CaseSort::Relevance, Some(limit)) => q.ranked_page_sql(self.engine, limit, req.offset),
            _ => None,
        };
        if ranked.is_none()
            && let Some(after) = req.after
        {
            q = q.before(key, after);
        }
        let order = format!("{key} DESC, c.id DESC");
        let sql = match (ranked.clone(), req.limit) {
            (Some(sql), _) => Err(sql),
            (None, Some(limit)) => Ok(match (sort, req.after) {
                (CaseSort::ReceivedDesc, after) => {
                    let exact = counted.exact.then_some(counted.total);
                    after
                        .is_none()
                        .then(|| q.scope_newest_page_sql(limit, req.offset))
                        .flatten()
                        .or_else(|| q.unit_page_sql(self.engine, limit, req.offset, exact))
                }
                _ => None,
            }
            .unwrap_or_else(|| q.page_sql(&order, limit, req.offset))),
            (None, None) => Err(q.select_sql(&order, None)),
        };
        // Nothing matches: no page to look for (a filter no case fits
        // would otherwise walk every case of the scope, seconds at a million).
        let items = match sql {
            _ if counted.total == 0 && counted.exact => Vec::new(),
            Ok(page) => self.ids_page_items(q.params(), &page).await?,
            Err(sql) => self.case_items(q.params(), sql).await?,
        };
        let next = match (req.limit, items.last()) {
            _ if ranked.is_some() => None,
            (Some(limit), Some(last)) if items.len() as i64 == limit => Some(ListCursor {
                key: ms(match sort {
                    CaseSort::ReceivedDesc | CaseSort::Relevance => last.received_at,
                    CaseSort::UpdatedDesc => last.updated_at,
                }),
                id: last.id,
            }),
            _ => None,
        };
        Ok((items, next))
    }

    /// The list items of the rows `sql` reads.
    async fn case_items(&self, p: &Params, sql: String) -> StoreResult<Vec<CaseListItem>> {
        self.rows_with(p, sql)
            .await?
            .iter()
            .map(|r| Ok(case_row(r, Personal::Sealed)?.into()))
            .collect()
    }

    /// The list items of `page`: its ids (`p` bound), then their rows.
    async fn ids_page_items(&self, p: &Params, page: &IdsPage) -> StoreResult<Vec<CaseListItem>> {
        let ids: Vec<i64> = self
            .rows_with(p, page.ids.clone())
            .await?
            .iter()
            .map(|r| sqlx::Row::try_get::<i64, _>(r, 0))
            .collect::<Result<_, _>>()?;
        let mut by_id = Params::default();
        match by_id.ints(&ids) {
            Some(list) => self.case_items(&by_id, page.rows_sql(&list)).await,
            None => Ok(Vec::new()),
        }
    }

    /// The planner's estimate of the cases having the text search's words
    /// (within the scope; the words and scope alone deciding the list),
    /// where it is at least [`ESTIMATE_ABOVE`] times `cap`; None where it
    /// is less, or the engine does not estimate (SQLite).
    async fn words_estimate(&self, q: &CaseQuery, cap: i64) -> StoreResult<Option<i64>> {
        let Some((sql, query)) = q.words_estimate_probe() else {
            return Ok(None);
        };
        let plan: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(query)
            .fetch_all(&self.pool)
            .await?;
        let rows = plan.first().and_then(|line| planned_rows(line));
        Ok(rows.filter(|&n| n >= cap.saturating_mul(ESTIMATE_ABOVE)))
    }

    /// Whether the text search of `q` is by words that `at` or more of the
    /// cases it asks the index for have.
    async fn words_are_frequent(&self, q: &CaseQuery, at: i64) -> StoreResult<bool> {
        let Some((sql, query)) = q.words_count_probe(at) else {
            return Ok(false);
        };
        let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(query)
            .fetch_one(&self.pool)
            .await?;
        Ok(n >= at)
    }

    /// The timeline of a case, oldest first; NotFound when the scope does not admit the case.
    pub async fn case_events(
        &self,
        case_id: i64,
        scope: &CaseScope,
    ) -> StoreResult<Vec<EventRecord>> {
        let case = self.case_in_scope(case_id, scope).await?;
        self.events_of(case).await
    }

    /// The timeline of a case the scope was checked for.
    pub(crate) async fn events_of(&self, case: InScope) -> StoreResult<Vec<EventRecord>> {
        let rows =
            sqlx::query("SELECT * FROM case_events WHERE case_id = $1 ORDER BY occurred_at, id")
                .bind(case.0)
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(event_from_row).collect()
    }

    /// Latest events across the cases a scope admits, newest first (工作台).
    pub async fn recent_events(
        &self,
        scope: &CaseScope,
        limit: i64,
    ) -> StoreResult<Vec<(EventRecord, String)>> {
        let mut p = Params::default();
        let sc = scope_clause(scope, &mut p);
        let sql = format!(
            "SELECT e.*, c.number AS case_number FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE {sc} ORDER BY e.recorded_at DESC, e.id DESC {}",
            crate::params::limit(limit)
        );
        let rows = self.rows_with(&p, sql).await?;
        rows.iter()
            .map(|r| Ok((event_from_row(r)?, r.text("case_number")?)))
            .collect()
    }

    /// One petitioner, if the scope admits one of their cases (NotFound
    /// otherwise). A scope that admits every case admits every petitioner,
    /// also one with no case (data from before the cases were kept).
    pub async fn petitioner(&self, id: i64, scope: &CaseScope) -> StoreResult<Petitioner> {
        let q = CaseQuery::within(scope);
        let admitted = if scope.all {
            "1=1".to_string()
        } else {
            format!("id IN ({})", q.column_sql("c.petitioner_id"))
        };
        let mut p = q.into_params();
        let sql = format!(
            "SELECT name AS p_name, id_number AS p_id_number, phone AS p_phone, address AS p_address,
                poverty_status AS p_poverty FROM petitioners WHERE id = {} AND {admitted}",
            p.int(id)
        );
        let row = self.row_with(&p, sql, "该信访人").await?;
        petitioner_from_row(&row, Some(id), Personal::Open(self.vault()))?
            .ok_or_else(|| StoreError::NotFound("该信访人".into()))
    }

    /// How many cases exist (all scopes), e.g. to decide whether to seed a demo.
    pub async fn count_cases(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM cases")
            .fetch_one(&self.pool)
            .await?)
    }
}
