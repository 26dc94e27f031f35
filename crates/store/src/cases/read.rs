//! The case read model: one FROM with its joins, one column list and one
//! query builder that every case query uses, with the read scope applied
//! by construction.

use xinfang_domain::access::CaseScope;
use xinfang_domain::case_list::ListCursor;
use xinfang_domain::search::{GramQuery, Places, TextQuery};

use super::model::CaseFilter;
use crate::Engine;
use crate::params::Params;

mod count;
mod filters;
mod scope_walk;
mod unit_page;
mod words;

use words::WordsSearch;

/// The one FROM of every case query: the case with its township and
/// village, petitioner, 包案领导 and the case it repeats. Every join is to
/// at most one row, so counting over it counts cases. Records hanging off a
/// case (events, ledger details, milestones) are read in a query of their own.
pub(crate) const CASE_FROM: &str = "FROM cases c
    JOIN orgs t ON t.id = c.township_id
    LEFT JOIN orgs v ON v.id = c.village_id
    LEFT JOIN petitioners p ON p.id = c.petitioner_id
    LEFT JOIN users hu ON hu.id = c.leader_user_id
    LEFT JOIN cases rc ON rc.id = c.related_case_id";

/// The columns every case query selects, read by `rows::case_row`. The
/// petitioner's personal columns stay sealed until the mapper is asked to open them.
pub(crate) const CASE_COLUMNS: &str = "c.*, t.name AS township_name, v.name AS village_name,
    p.name AS p_name, p.id_number AS p_id_number, p.phone AS p_phone, p.address AS p_address,
    p.poverty_status AS p_poverty, hu.display_name AS leader_name, rc.number AS related_number,
    (SELECT o.name FROM case_units cu JOIN orgs o ON o.id = cu.org_id
        WHERE cu.case_id = c.id AND cu.lead = 1) AS lead_unit";

/// A page read in two statements: the ids of its cases, in the page's
/// order (the list's conditions and scope, bound), then their rows in full
/// ([`IdsPage::rows_sql`], nothing bound but the ids). Read in one, the
/// page's join of six tables was planned again at every run on
/// PostgreSQL, as its bound values differ (a custom plan: 2.4–3.8 ms of a
/// filtered page's 5–8); the rows by their ids keep one plan.
#[derive(Debug, Clone)]
pub(crate) struct IdsPage {
    /// `SELECT` of the page's ids, in the page's order.
    pub ids: String,
    order: String,
}

impl IdsPage {
    fn new(ids: String, order: &str) -> IdsPage {
        IdsPage {
            ids,
            order: order.to_string(),
        }
    }

    /// The rows of the cases `ids` (an `IN` list of their placeholders)
    /// in the page's order.
    pub fn rows_sql(&self, ids: &str) -> String {
        format!(
            "SELECT {CASE_COLUMNS} {CASE_FROM} WHERE c.id IN ({ids}) ORDER BY {}",
            self.order
        )
    }
}

/// A query over the read model. The only ways to make one are
/// [`CaseQuery::within`] and [`CaseQuery::marking`], so no case query can
/// leave out the scope: it either limits the rows or marks each one.
#[derive(Debug, Clone)]
pub(crate) struct CaseQuery {
    params: Params,
    /// The conditions, the scope first.
    wheres: Vec<Condition>,
    /// A condition reads a joined table (the petitioner's name), so
    /// counting and paging need [`CASE_FROM`]; otherwise the cases table alone answers.
    joined: bool,
    /// The scope as counts write it (`wheres[0]` as pages write it).
    counting_scope: String,
    /// The scope itself, for a count of the whole scope (no other
    /// condition) read off the scope's own indexes.
    scope: Option<CaseScope>,
    /// More columns after [`CASE_COLUMNS`], starting with a comma.
    extra_columns: String,
    /// The text search by words.
    words: Option<WordsSearch>,
}

/// A condition of a case query, over `cases c`, and over a unit's
/// assignments (`case_units su`) where they carry every column it reads
/// (the case's 接待日期, 接待状态, 类别 and township): a unit's count and
/// its page deep in the list then read the unit's own indexes without
/// looking a case up.
#[derive(Debug, Clone)]
struct Condition {
    cases: String,
    units: Option<String>,
    /// [`CaseQuery::before`]'s cursor rather than a filter.
    cursor: bool,
    /// On the 接待状态, which the unit's and the township's indexes by
    /// status hold right after the unit: such a filter narrows them.
    by_status: bool,
    /// The column of `cases c` and `case_units su` an equality (or, for
    /// `received_at`, a bound) on it is written over; `""` for any other
    /// condition.
    column: &'static str,
}

impl Condition {
    /// A condition the assignments cannot answer.
    fn on_cases(cases: String) -> Condition {
        Condition {
            cases,
            units: None,
            cursor: false,
            by_status: false,
            column: "",
        }
    }

    /// A condition written over the cases and over the assignments.
    fn on_both(cases: String, units: String) -> Condition {
        Condition {
            cases,
            units: Some(units),
            cursor: false,
            by_status: false,
            column: "",
        }
    }
}

impl CaseQuery {
    /// The cases `scope` admits.
    pub fn within(scope: &CaseScope) -> CaseQuery {
        let params = Params::default();
        // The scope's ids are written as literals (numbers of the viewer's
        // own scope, never text), so a count can write the scope its own
        // way without leaving parameters unused.
        let wheres = vec![Condition::on_cases(scope_sql(
            scope,
            ScopeForm::Probe,
            &mut |id| id.to_string(),
        ))];
        CaseQuery {
            params,
            wheres,
            joined: false,
            counting_scope: counting_scope_clause(scope),
            scope: Some(*scope),
            extra_columns: String::new(),
            words: None,
        }
    }

    /// Every case of the district, each row marked `in_scope` (1 or 0) by
    /// whether `scope` admits it, with its petitioner's blind indexes
    /// `p_id_index` and `p_phone_index`. For the reads that must look past
    /// the scope and withhold what they find (repeat detection); rows read
    /// this way are mapped with personal data sealed.
    pub fn marking(scope: &CaseScope) -> CaseQuery {
        let mut params = Params::default();
        let clause = scope_clause(scope, &mut params);
        CaseQuery {
            params,
            wheres: vec![Condition::on_cases("1=1".into())],
            joined: false,
            counting_scope: "1=1".into(),
            scope: None,
            extra_columns: format!(
                ", CAST(CASE WHEN {clause} THEN 1 ELSE 0 END AS BIGINT) AS in_scope,
                p.id_index AS p_id_index, p.phone_index AS p_phone_index"
            ),
            words: None,
        }
    }

    /// Only cases received from `from` up to `to`, both inclusive.
    pub fn received_between(mut self, from: i64, to: i64) -> CaseQuery {
        let (a, b) = (self.params.int(from), self.params.int(to));
        self.wheres.push(Condition {
            column: "received_at",
            ..Condition::on_both(
                format!("c.received_at >= {a} AND c.received_at <= {b}"),
                format!("su.received_at >= {a} AND su.received_at <= {b}"),
            )
        });
        self
    }

    /// Not the case with this id.
    pub fn except(mut self, id: i64) -> CaseQuery {
        let ph = self.params.int(id);
        self.push(format!("c.id <> {ph}"));
        self
    }

    /// Only cases whose petitioner has this ID-number index or this name.
    pub fn petitioner_index_or_name(mut self, id_index: Option<&str>, name: &str) -> CaseQuery {
        let mut any = Vec::new();
        if let Some(ix) = id_index {
            any.push(format!("p.id_index = {}", self.params.text(ix)));
        }
        if !name.trim().is_empty() {
            any.push(format!("p.name = {}", self.params.text(name.trim())));
        }
        self.joined = true;
        self.push(if any.is_empty() {
            "1=0".into()
        } else {
            format!("({})", any.join(" OR "))
        });
        self
    }

    /// Only the case with this id.
    pub fn id(mut self, id: i64) -> CaseQuery {
        let ph = self.params.int(id);
        self.push(format!("c.id = {ph}"));
        self
    }

    /// Only the cases with these ids.
    pub fn ids(mut self, ids: &[i64]) -> CaseQuery {
        let condition = match self.params.ints(ids) {
            Some(list) => format!("c.id IN ({list})"),
            None => "1=0".into(),
        };
        self.push(condition);
        self
    }

    /// Only the case with this number.
    pub fn number(mut self, number: &str) -> CaseQuery {
        let ph = self.params.text(number.trim());
        self.push(format!("c.number = {ph}"));
        self
    }

    /// Only cases of a petitioner with exactly this name.
    pub fn petitioner_name(mut self, name: &str) -> CaseQuery {
        let ph = self.params.text(name.trim());
        self.joined = true;
        self.push(format!("p.name = {ph}"));
        self
    }

    /// Narrowed by the list filters, a text search parsed with `places`.
    pub fn filter(mut self, f: &CaseFilter, engine: Engine, places: &Places) -> CaseQuery {
        let more = filters::filter_conditions(f, &mut self.params);
        self.wheres.extend(more);
        match text_search(f, places) {
            Some((q, true)) => {
                // The grams narrow to the cases that may say the text, and
                // decide alone when exact; else (or without grams: only
                // punctuation) each case found is read for the text.
                let grams = GramQuery::of(q.text());
                if let Some(grams) = &grams {
                    self.by_grams(grams, engine);
                }
                if !grams.is_some_and(|g| g.exact()) {
                    let pat = self.params.text(crate::params::like_contains(q.text()));
                    // The petitioner's name looked up case by case, not
                    // joined: a join to the townships as well let SQLite
                    // read every case and sort them, where the list walks
                    // the newest first (the district's 保被无 at a
                    // million: 157 ms a page).
                    let name = engine.text_match(&["p.name"], &pat);
                    self.push(format!(
                        "({} OR EXISTS (SELECT 1 FROM petitioners p WHERE p.id = c.petitioner_id AND {name}))",
                        engine.text_match(&["c.summary", "c.number"], &pat)
                    ));
                }
            }
            Some((q, false)) => self.by_words(q.words(), engine),
            None => {}
        }
        self
    }

    /// Only the rows after `cursor` in the order `key DESC, c.id DESC`
    /// (`key` a column of `cases c` written by the store).
    pub fn before(mut self, key: &str, cursor: ListCursor) -> CaseQuery {
        let (k, id) = (self.params.int(cursor.key), self.params.int(cursor.id));
        self.wheres.push(Condition {
            cases: format!("({key}, c.id) < ({k}, {id})"),
            units: (key == "c.received_at")
                .then(|| format!("(su.received_at, su.case_id) < ({k}, {id})")),
            cursor: true,
            by_status: false,
            column: "",
        });
        self
    }

    /// Add a condition the assignments cannot answer.
    fn push(&mut self, cases: String) {
        self.wheres.push(Condition::on_cases(cases));
    }

    fn where_sql(&self) -> String {
        join_cases(&self.wheres)
    }

    /// The FROM that the conditions need: every join of the read model
    /// (each to at most one row, and the township always there) only when
    /// a condition reads one, so a count does not walk the joins.
    fn counting_from(&self) -> &'static str {
        if self.joined {
            CASE_FROM
        } else {
            "FROM cases c"
        }
    }

    /// The conditions as a count writes them: the scope as a set of ids,
    /// or none where the index answers for it (see
    /// [`CaseQuery::counts_matches_read_again`]).
    fn counting_where_sql(&self) -> String {
        let scope = if self.counts_matches_read_again() {
            "1=1"
        } else {
            self.counting_scope.as_str()
        };
        std::iter::once(scope)
            .chain(self.wheres.iter().skip(1).map(|w| w.cases.as_str()))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    // The counts are in `count`.

    /// A page of the matching cases' rows in `order`: the page's ids first,
    /// from the cases table alone, then those rows in full.
    /// A page deep in the list tests the scope as a set (see
    /// [`ScopeForm::Deep`]).
    pub fn page_sql(&mut self, order: &str, limit: i64, offset: i64) -> IdsPage {
        // The rows are read with the read model's columns alone.
        debug_assert!(self.extra_columns.is_empty(), "a list's page marks nothing");
        let ids = self.ids_page_sql(order, limit, offset);
        IdsPage::new(ids, order)
    }

    /// The ids of a page of the matching cases in `order`, from the cases
    /// table alone (and the joins a condition reads).
    pub fn ids_page_sql(&mut self, order: &str, limit: i64, offset: i64) -> String {
        let wheres = match self.scope {
            Some(scope) if offset >= DEEP_OFFSET => {
                std::iter::once(scope_sql(&scope, ScopeForm::Deep, &mut |id| id.to_string()))
                    .chain(self.wheres.iter().skip(1).map(|w| w.cases.clone()))
                    .collect::<Vec<_>>()
                    .join(" AND ")
            }
            _ => self.where_sql(),
        };
        let page = self.params.page(limit, offset);
        format!(
            "SELECT c.id {} WHERE {wheres} ORDER BY {order} {page}",
            self.counting_from()
        )
    }

    /// `SELECT c.id` of the matching cases, for use as a subquery with [`CaseQuery::params`].
    pub fn ids_sql(&self) -> String {
        self.column_sql("c.id")
    }

    /// `SELECT {column}` of the matching cases, for use as a subquery.
    pub fn column_sql(&self, column: &str) -> String {
        format!("SELECT {column} {CASE_FROM} WHERE {}", self.where_sql())
    }

    /// The matching cases' rows in `order`, a page of `(limit, offset)` when given.
    pub fn select_sql(&mut self, order: &str, page: Option<(i64, i64)>) -> String {
        let mut sql = format!(
            "SELECT {CASE_COLUMNS}{} {CASE_FROM} WHERE {} ORDER BY {order}",
            self.extra_columns,
            self.where_sql()
        );
        if let Some((limit, offset)) = page {
            sql.push(' ');
            sql.push_str(&self.params.page(limit, offset));
        }
        sql
    }

    /// The matching cases counted by `key`, an SQL expression over the read
    /// model, as `(key, n)` rows in key order.
    pub fn count_by_sql(&self, key: &str) -> String {
        format!(
            "SELECT {key} AS key, COUNT(*) AS n {CASE_FROM} WHERE {} GROUP BY {key} ORDER BY {key}",
            self.where_sql()
        )
    }

    /// The values bound so far, in placeholder order.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// The values, to add more for a query that embeds [`CaseQuery::ids_sql`].
    pub fn into_params(self) -> Params {
        self.params
    }
}

/// The one place the read scope becomes SQL, over `cases c`: every case
/// query starts from it (through [`CaseQuery::within`]), and the queries of
/// records hanging off a case join it to their case.
pub(crate) fn scope_clause(scope: &CaseScope, p: &mut Params) -> String {
    scope_sql(scope, ScopeForm::Probe, &mut |id| p.int(id))
}

/// How a unit's cases are tested: per case (reading cases in list order,
/// the first page is found after a few probes) or as the set of the unit's
/// case ids (a count walks the set instead of every case).
#[derive(Clone, Copy, PartialEq, Eq)]
enum ScopeForm {
    Probe,
    Set,
    /// The probe as PostgreSQL may turn into a hash of the unit's case ids,
    /// built once: for a page past [`DEEP_OFFSET`] rows, whose skipped rows
    /// would each be probed (a department's offset 50 000: 1.26 s probing,
    /// 0.27 s hashed). SQLite probes either way.
    Deep,
}

/// Rows skipped from which a page tests a unit's scope as [`ScopeForm::Deep`].
const DEEP_OFFSET: i64 = 1_000;

fn scope_sql(scope: &CaseScope, form: ScopeForm, id: &mut dyn FnMut(i64) -> String) -> String {
    if scope.all {
        return "1=1".into();
    }
    let mut parts = Vec::new();
    if let Some(t) = scope.territory {
        parts.push(format!("c.township_id = {}", id(t)));
    }
    if let Some(u) = scope.unit {
        parts.push(match form {
            // `LIMIT 1 OFFSET 0` keeps PostgreSQL from turning the probe
            // into a hash of all the unit's assignments, built before the
            // first row (a township's first page 35 -> 2.4 ms at a million).
            ScopeForm::Probe => format!(
                "EXISTS (SELECT 1 FROM case_units su WHERE su.case_id = c.id AND su.org_id = {}
                    LIMIT 1 OFFSET 0)",
                id(u)
            ),
            ScopeForm::Set => format!(
                "c.id IN (SELECT su.case_id FROM case_units su WHERE su.org_id = {})",
                id(u)
            ),
            ScopeForm::Deep => format!(
                "EXISTS (SELECT 1 FROM case_units su WHERE su.case_id = c.id AND su.org_id = {})",
                id(u)
            ),
        });
    }
    if let Some(l) = scope.leader {
        parts.push(format!("c.leader_user_id = {}", id(l)));
    }
    if parts.is_empty() {
        "1=0".into()
    } else {
        format!("({})", parts.join(" OR "))
    }
}

/// The scope as the set of its cases' ids for counting: the same cases as
/// [`scope_clause`], written so the engine unites the township's index and
/// the unit's assignments (SQLite's multi-index OR) rather than probing
/// every case. The ids are the scope's own numbers, written as literals so
/// the query's parameters stay those of the conditions.
fn counting_scope_clause(scope: &CaseScope) -> String {
    match scope_ids_sql(scope) {
        // A township's: one set of the ids of its territory and of its
        // unit, so a filter's count reads at most the township's cases (a
        // steady 70 ms at a million, where SQLite would otherwise walk the
        // 接待状态 index of 900 000 closed cases for 已办结: 1.6 s).
        Some(ids) if scope.territory.is_some() && !scope.all => format!("c.id IN ({ids})"),
        _ => scope_sql(scope, ScopeForm::Set, &mut |id| id.to_string()),
    }
}

/// The conditions on the assignments (`{at}org_id`, `{at}township_id`,
/// `at` the table's alias with its dot, or empty) picking a township's
/// unit's assignments of cases of other townships: two ranges of the
/// index `case_units_township`. Nearly every assignment of a township's
/// unit is of its own territory's cases, which a township's scope reads off
/// `cases_township` already (all 80 667 of 苏桥镇's in the generated city):
/// so a township's lists, pages and counts read each of its cases once,
/// not again among its unit's (see migration 0033). Every assignment
/// carries its case's township, kept by every write of either.
pub(super) fn assigned_elsewhere(at: &str, unit: i64, township: i64) -> [String; 2] {
    ["<", ">"].map(|op| format!("{at}org_id = {unit} AND {at}township_id {op} {township}"))
}

/// The conditions on the assignments picking those of `scope`'s unit
/// (see [`assigned_elsewhere`]) that its territory's cases do not cover:
/// each a list of its own; none without a unit.
pub(super) fn unit_lists(at: &str, scope: &CaseScope) -> Vec<String> {
    match (scope.unit, scope.territory) {
        (Some(unit), Some(township)) => assigned_elsewhere(at, unit, township).to_vec(),
        (Some(unit), None) => vec![format!("{at}org_id = {unit}")],
        (None, _) => Vec::new(),
    }
}

/// The ids of a scope's cases (not the district's), as the union of the
/// indexes that hold them: `SELECT id … UNION …`. `None` when the scope
/// admits nothing.
fn scope_ids_sql(scope: &CaseScope) -> Option<String> {
    let mut ids = Vec::new();
    if let Some(t) = scope.territory {
        ids.push(format!("SELECT id FROM cases WHERE township_id = {t}"));
    }
    for on in unit_lists("", scope) {
        ids.push(format!("SELECT case_id AS id FROM case_units WHERE {on}"));
    }
    if let Some(l) = scope.leader {
        ids.push(format!("SELECT id FROM cases WHERE leader_user_id = {l}"));
    }
    (!ids.is_empty()).then(|| ids.join(" UNION "))
}

/// The conditions' text over the cases, joined by `AND`.
fn join_cases(conditions: &[Condition]) -> String {
    conditions
        .iter()
        .map(|w| w.cases.as_str())
        .collect::<Vec<_>>()
        .join(" AND ")
}

/// The filter's text search, and whether it is matched as written (asked
/// for, or a query without words: single characters, punctuation) rather
/// than by its words in the full-text index.
fn text_search(f: &CaseFilter, places: &Places) -> Option<(TextQuery, bool)> {
    let q = TextQuery::parse(f.text.as_deref()?, places)?;
    let as_written = f.text_as_written || q.words().is_empty();
    Some((q, as_written))
}
