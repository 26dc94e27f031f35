//! Test support: start the real app on port 0 with a fresh database and a user for every role.

use std::net::SocketAddr;

use reqwest::redirect::Policy;
use xinfang::config::Config;
use xinfang::services::admin::users::{UserInput, create_user};
use xinfang::state::AppState;

/// The password of every test user.
pub const PASSWORD: &str = "test-password-1";

/// A running app.
pub struct TestApp {
    /// Where it listens.
    pub addr: SocketAddr,
    /// Its state, for direct checks.
    pub state: AppState,
    /// Keeps the data directory alive.
    _dir: tempfile::TempDir,
    /// One API token per user, made on first use (each token is an audited write).
    tokens: std::sync::Mutex<std::collections::HashMap<String, String>>,
}

/// Users created in every test app: (username, name, org code, role).
pub const USERS: &[(&str, &str, &str, &str)] = &[
    ("admin", "管理员", "411003", "admin"),
    ("quju", "李明", "411003-B01", "district_admin"),
    ("zhangpan", "张专干", "411003105", "township_officer"),
    ("lingjing", "林专干", "411003106", "township_officer"),
    ("zhujian", "朱经办", "411003-D04", "department_handler"),
    ("minzheng", "闵经办", "411003-D01", "department_handler"),
    ("baoan1", "包区长", "411003-L01", "case_leader"),
    ("baoan2", "鲍区长", "411003-L01", "case_leader"),
    ("ducha", "杜督查", "411003-I01", "inspector"),
];

/// Options for [`spawn_app_with`].
#[derive(Default)]
pub struct Options {
    /// Override the upload limit.
    pub max_upload_bytes: Option<usize>,
}

/// Start the app with defaults.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(Options::default()).await
}

/// Start the app: SQLite in a temp dir, or a fresh PostgreSQL database when
/// `XINFANG_TEST_PG` names an admin URL.
pub async fn spawn_app_with(opts: Options) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut config = Config::from_env();
    config.data_dir = dir.path().to_path_buf();
    config.bind = "127.0.0.1:0".into();
    if let Some(n) = opts.max_upload_bytes {
        config.max_upload_bytes = n;
    }
    if let Ok(admin) = std::env::var("XINFANG_TEST_PG")
        && !admin.trim().is_empty()
    {
        let url = xinfang_store::testing::fresh_test_database(&admin, "test")
            .await
            .expect("create test database");
        config.database_url = Some(url);
    }
    let state = AppState::open(config).await.expect("open state");
    xinfang::demo::seed_orgs(&state).await.expect("seed orgs");
    let orgs = state.store.list_orgs().await.expect("orgs");
    for (username, name, code, role) in USERS {
        let org = orgs.iter().find(|o| o.code == *code).expect("org code");
        let input = UserInput {
            username: username.to_string(),
            display_name: name.to_string(),
            org_id: org.id.to_string(),
            roles: vec![role.to_string()],
            phone: "13800000000".into(),
            password: PASSWORD.into(),
        };
        create_user(&state, None, &input, state.now())
            .await
            .expect("create user");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app_state = state.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, xinfang::web::router(app_state)).await;
    });
    TestApp {
        addr,
        state,
        _dir: dir,
        tokens: Default::default(),
    }
}

/// A second server on the same database as `app` (the multi-server
/// deployment): its own state, pool and listener, serving the same router.
pub async fn second_server(app: &TestApp) -> TestApp {
    let state = AppState::open((*app.state.config).clone())
        .await
        .expect("second server");
    serving(state).await
}

/// A server for `state` (opened by the test on a data directory of its
/// own), on a port of its own.
pub async fn serving(state: AppState) -> TestApp {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let app_state = state.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, xinfang::web::router(app_state)).await;
    });
    TestApp {
        addr,
        state,
        _dir: tempfile::tempdir().expect("temp dir"),
        tokens: Default::default(),
    }
}

impl TestApp {
    /// Absolute URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A client with a cookie jar that does not follow redirects.
    pub fn client(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .build()
            .expect("client")
    }

    /// A browser-like client logged in as `username`.
    pub async fn login(&self, username: &str) -> reqwest::Client {
        let c = self.client();
        // The login form's own token comes with the login page.
        let csrf = self.csrf(&c, "/login").await;
        let r = c
            .post(self.url("/login"))
            .form(&[
                ("username", username),
                ("password", PASSWORD),
                ("next", "/"),
                ("_csrf", csrf.as_str()),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), 303, "login as {username} should redirect");
        c
    }

    /// The HTML of a page, fetched with `client`.
    pub async fn page(&self, client: &reqwest::Client, path: &str) -> String {
        client
            .get(self.url(path))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text")
    }

    /// The CSRF token on a page, read as a person's browser would.
    pub async fn csrf(&self, client: &reqwest::Client, path: &str) -> String {
        let body = client
            .get(self.url(path))
            .send()
            .await
            .expect("get")
            .text()
            .await
            .expect("text");
        let marker = "name=\"_csrf\" value=\"";
        let start = body.find(marker).expect("page has a CSRF field") + marker.len();
        body[start..].split('"').next().expect("token").to_string()
    }

    /// An API bearer token for `username`.
    pub async fn token(&self, username: &str) -> String {
        if let Some(t) = self.tokens.lock().expect("tokens").get(username) {
            return t.clone();
        }
        let t = xinfang::services::admin::auth::create_api_token(&self.state, username, "test")
            .await
            .expect("token");
        self.tokens
            .lock()
            .expect("tokens")
            .insert(username.to_string(), t.clone());
        t
    }

    /// An organisation id by code.
    pub async fn org_id(&self, code: &str) -> i64 {
        let orgs = self.state.store.list_orgs().await.expect("orgs");
        orgs.iter().find(|o| o.code == code).expect("org").id
    }

    /// A user id by name.
    pub async fn user_id(&self, username: &str) -> i64 {
        self.state
            .store
            .user_by_username(username)
            .await
            .expect("user")
            .expect("exists")
            .id
    }
}

/// A user as the services see them.
/// The ids of a list's items (`items` of a page, `cases` of a report…).
pub fn item_ids(items: &serde_json::Value) -> Vec<i64> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

pub async fn actor(app: &TestApp, username: &str) -> xinfang_domain::access::Actor {
    app.state
        .store
        .user_by_username(username)
        .await
        .expect("user")
        .expect("exists")
        .actor()
}

/// A JSON API client for one user.
pub struct Api<'a> {
    app: &'a TestApp,
    token: String,
    http: reqwest::Client,
}

impl<'a> Api<'a> {
    /// An API client acting as `username`.
    pub async fn new(app: &'a TestApp, username: &str) -> Api<'a> {
        Api {
            app,
            token: app.token(username).await,
            http: reqwest::Client::new(),
        }
    }

    /// GET a path; returns status and JSON.
    pub async fn get(&self, path: &str) -> (u16, serde_json::Value) {
        let r = self
            .http
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("get");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// POST JSON to a path; returns status and JSON.
    pub async fn post(&self, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
        let r = self
            .http
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .json(&body)
            .send()
            .await
            .expect("post");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// POST a multipart upload.
    pub async fn upload(
        &self,
        case_id: i64,
        filename: &str,
        bytes: Vec<u8>,
    ) -> (u16, serde_json::Value) {
        self.upload_with(case_id, filename, bytes, &[("note", "扫描件")])
            .await
    }

    /// POST a multipart upload with these text fields besides `file`.
    pub async fn upload_with(
        &self,
        case_id: i64,
        filename: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> (u16, serde_json::Value) {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(filename.to_string());
        let mut form = reqwest::multipart::Form::new().part("file", part);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        let r = self
            .http
            .post(
                self.app
                    .url(&format!("/api/v1/cases/{case_id}/attachments")),
            )
            .bearer_auth(&self.token)
            .multipart(form)
            .send()
            .await
            .expect("upload");
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(serde_json::Value::Null))
    }

    /// Take a step, asserting it succeeds.
    pub async fn step_ok(
        &self,
        case_id: i64,
        step: &str,
        body: serde_json::Value,
    ) -> serde_json::Value {
        let (s, j) = self
            .post(&format!("/api/v1/cases/{case_id}/steps/{step}"), body)
            .await;
        assert_eq!(s, 200, "step {step} failed: {j}");
        j
    }
}

/// A registration body for a case in 张潘镇 (ID number optional).
pub async fn registration(app: &TestApp, id_number: &str, category: &str) -> serde_json::Value {
    serde_json::json!({
        "kind": "初信初访",
        "channel": "来信",
        "source_level": "本级受理",
        "received_at": "2022-10-08 09:00",
        "township_id": app.org_id("411003105").await,
        "summary": "反映2021年危房改造补助资金至今未到位",
        "category": category,
        "petitioner_name": "王保全",
        "petitioner_id_number": id_number,
        "petitioner_phone": "13812345678",
        "poverty_status": "脱贫户",
    })
}

/// Register a case as the district and return its JSON. The bodies of
/// [`registration`] are all 王保全 with one phone, so a second case on the
/// same category is a suspected repeat: unless the body answers that
/// itself, it is registered as typed (`override`), as these tests mean.
pub async fn register(app: &TestApp, body: serde_json::Value) -> serde_json::Value {
    let api = Api::new(app, "quju").await;
    let (mut s, mut j) = api.post("/api/v1/cases", body.clone()).await;
    if s == 409 && j["code"] == "repeat_suspected" && body.get("repeat_decision").is_none() {
        let mut again = body;
        again["repeat_decision"] = serde_json::json!("override");
        (s, j) = api.post("/api/v1/cases", again).await;
    }
    assert_eq!(s, 201, "register failed: {j}");
    j
}

/// An 出具处理意见 body: when, finding, the four 三到位一处理 answers in the ledger's order, and the opinion.
pub fn opinion_body(at: &str, finding: &str, tri: [&str; 4], opinion: &str) -> serde_json::Value {
    serde_json::json!({
        "at": at, "finding": finding, "tri_reasonable": tri[0], "tri_unreasonable": tri[1],
        "tri_hardship": tri[2], "tri_unlawful": tri[3], "opinion": opinion,
    })
}

impl Api<'_> {
    /// Assign a case to the unit with `org_code` at `at` (local time), asserting it succeeds.
    pub async fn assign_to(&self, case_id: i64, org_code: &str, at: &str) -> serde_json::Value {
        let unit = self.app.org_id(org_code).await;
        self.step_ok(
            case_id,
            "assign",
            serde_json::json!({ "at": at, "unit_id": unit }),
        )
        .await
    }
}
