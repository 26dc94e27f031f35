//! Test support: a fresh store on SQLite (a temp dir) or, when
//! `XINFANG_TEST_PG` names an admin URL, on a fresh PostgreSQL database,
//! with a small district seeded directly through the store.

use jiff::Timestamp;
use sqlx::AnyPool;
use xinfang_domain::access::{Actor, CaseScope, Role};
use xinfang_domain::account::NewUser;
use xinfang_domain::case::{Case, NewCase, NewPetitioner};
use xinfang_domain::case_list::CaseListItem;
use xinfang_domain::clock::parse_time;
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::org::{Org, OrgKind};
use xinfang_domain::vocab::{CaseKind, Category, Channel, PovertyStatus, SourceLevel};
use xinfang_domain::workflow::{Step, plan};
use xinfang_store::{
    AuditKey, CaseFilter, CaseSort, DataKey, Page, PageRequest, StepChange, Store,
};

/// A store with its district: a bureau, two townships, a department, and a
/// user for each that acts on cases.
pub struct TestStore {
    /// The store.
    pub store: Store,
    /// Its database URL (for a raw connection).
    pub url: String,
    /// 区信访局.
    pub bureau: Org,
    /// 张潘镇.
    pub zhangpan: Org,
    /// 灵井镇.
    pub lingjing: Org,
    /// 区住建局.
    pub housing: Org,
    /// A district administrator.
    pub district: Actor,
    /// 张潘镇's petition officer.
    pub zhangpan_officer: Actor,
    /// 灵井镇's petition officer.
    pub lingjing_officer: Actor,
    _dir: tempfile::TempDir,
}

/// An instant in Beijing time, e.g. `2022-09-26 09:10`.
pub fn at(local: &str) -> Timestamp {
    parse_time(local).unwrap_or_else(|| panic!("bad time {local}"))
}

/// The database URL of a fresh, empty database on the engine under test.
pub async fn fresh_url(dir: &tempfile::TempDir) -> String {
    match std::env::var("XINFANG_TEST_PG") {
        Ok(admin) if !admin.trim().is_empty() => {
            xinfang_store::testing::fresh_test_database(&admin, "store")
                .await
                .expect("create test database")
        }
        _ => format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display()),
    }
}

/// A fixed data key, so a test can reopen its database.
pub fn key() -> DataKey {
    DataKey::from_hex(&"42".repeat(32)).expect("key")
}

/// A fixed audit key, so a test can reopen its database.
pub fn audit_key() -> AuditKey {
    AuditKey::from_hex(&"a1".repeat(32)).expect("audit key")
}

/// A fresh store with its district seeded.
pub async fn fresh_store() -> TestStore {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = fresh_url(&dir).await;
    let store = Store::connect(&url, &key(), &audit_key())
        .await
        .expect("connect");
    let now = at("2022-01-01 08:00");
    let org = |code: &'static str, name: &'static str, kind, parent: Option<i64>| {
        let store = store.clone();
        async move {
            store
                .create_org(code, name, kind, parent, None, now)
                .await
                .expect("org")
        }
    };
    let bureau = org("411003", "建安区信访局", OrgKind::Bureau, None).await;
    let zhangpan = org("411003105", "张潘镇", OrgKind::Township, Some(bureau.id)).await;
    let lingjing = org("411003106", "灵井镇", OrgKind::Township, Some(bureau.id)).await;
    let housing = org(
        "411003-D04",
        "区住建局",
        OrgKind::Department,
        Some(bureau.id),
    )
    .await;
    let user = |username: &'static str, org: &Org, role: Role| {
        let store = store.clone();
        let org_id = org.id;
        async move {
            store
                .create_user(
                    &NewUser {
                        username: username.into(),
                        display_name: format!("{username}用户"),
                        org_id,
                        roles: vec![role],
                        phone: None,
                        password_hash: "x".into(),
                    },
                    None,
                    now,
                )
                .await
                .expect("user")
                .actor()
        }
    };
    let district = user("quju", &bureau, Role::DistrictAdmin).await;
    let zhangpan_officer = user("zhangpan", &zhangpan, Role::TownshipOfficer).await;
    let lingjing_officer = user("lingjing", &lingjing, Role::TownshipOfficer).await;
    TestStore {
        store,
        url,
        bureau,
        zhangpan,
        lingjing,
        housing,
        district,
        zhangpan_officer,
        lingjing_officer,
        _dir: dir,
    }
}

impl TestStore {
    /// A 初信初访 in `township`, received at `received` (Beijing time), by a
    /// petitioner with ID number `id_number`.
    pub fn new_case(&self, township: &Org, received: &str, id_number: &str) -> NewCase {
        NewCase {
            kind: CaseKind::FirstPetition,
            channel: Channel::Visit,
            source_level: SourceLevel::Own,
            key_assigned: false,
            received_at: at(received),
            township_id: township.id,
            village_id: None,
            summary: "危房改造补助未到位".into(),
            category: Category::Housing,
            petitioner: Some(NewPetitioner {
                name: "赵桂兰".into(),
                id_number: Some(ResidentId::parse(id_number).expect("id number")),
                phone: Some(PhoneNumber::parse("13812345678").expect("phone")),
                address: Some("古城村2组".into()),
                poverty_status: PovertyStatus::Lifted,
            }),
            companions: Vec::new(),
            online: None,
            backlog: false,
            backlog_reason: None,
            remarks: None,
            related_case_id: None,
            escalated_to: None,
            repeat: None,
        }
    }

    /// Register a case in `township` received at `received`, by the district.
    pub async fn register(&self, township: &Org, received: &str) -> Case {
        let new = self.new_case(township, received, "11010519491231002X");
        self.store
            .register_case(&new, "建安信访", &[], &self.district, at(received))
            .await
            .expect("register")
    }

    /// The district's 批注 `note` on `case` at `when`, timeline text
    /// `批注：{note}`; the case after it.
    pub async fn comment(&self, case: &Case, note: &str, when: &str) -> Case {
        let step = Step::Comment { note: note.into() };
        let text = format!("批注：{note}");
        let change = StepChange {
            expected_version: None,
            step: &step,
            transition: plan(&self.district, case, &step).expect("a comment is allowed"),
            text: &text,
            milestones: &[],
        };
        self.store
            .apply_step(case, change, &self.district, at(when))
            .await
            .expect("comment")
    }

    /// Generate `cases` copies of the store's cases (批量生成), received over
    /// the 30 days up to 2022-10-30 08:00.
    pub async fn generate_copies(&self, cases: i64) {
        let plan = xinfang_store::GeneratePlan {
            cases,
            days: 30,
            recent_days: 30,
            prefix: "建安信访".into(),
            now: at("2022-10-30 08:00"),
        };
        self.store
            .generate_cases(&plan, None)
            .await
            .expect("generate");
    }

    /// The page of 50 cases at `offset` of the list of `scope` filtered by
    /// `filter`, newest first, counted up to `cap` (exactly without).
    pub async fn page(
        &self,
        filter: &CaseFilter,
        scope: &CaseScope,
        offset: i64,
        cap: Option<i64>,
    ) -> Page<CaseListItem> {
        let req = PageRequest {
            limit: Some(50),
            offset,
            count_up_to: cap,
            ..PageRequest::all()
        };
        self.store
            .list_cases_page(filter, scope, CaseSort::ReceivedDesc, &req)
            .await
            .expect("list")
    }

    /// A raw connection to the same database, to look behind the store's back.
    pub async fn raw(&self) -> AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::any::AnyPoolOptions::new()
            .max_connections(1)
            .connect(&self.url)
            .await
            .expect("raw pool")
    }

    /// One number from a raw query.
    pub async fn count(&self, sql: &'static str) -> i64 {
        let pool = self.raw().await;
        let n = sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&pool)
            .await
            .expect("count");
        pool.close().await;
        n
    }
}

/// The scope of every case.
pub fn all() -> CaseScope {
    CaseScope::all()
}
