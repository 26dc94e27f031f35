//! Every route × every role, on an object in scope and one out of scope, held against `route_roles.txt`.
//!
//! The routes come from the router itself (`xinfang::web::route_table`), so
//! a route added without a row in the table fails this test, and so does a
//! row whose route is gone. Each request is the smallest a client could send
//! (GET, an empty JSON object, a form with only its CSRF token, a junk
//! file), so an allowed user mostly gets a refusal of the input rather than
//! of the person — which is what the table tells apart:
//!
//! - `ok`    let through: a success, or the input or state refused (400, 409, 422);
//! - `403`   refused for the role;
//! - `404`   not found — what an object outside the user's scope answers;
//! - `401`   (API) / `login` (pages): not signed in.
//!
//! A cell `a/b` is the answer on the object in scope / on the one outside
//! it; routes without an object have one answer per role.

use std::collections::BTreeMap;

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::helpers::{Api, TestApp, register, registration, spawn_app};

/// The roles, as (column, user): each tried on every route.
const ROLES: &[(&str, &str)] = &[
    ("admin", "admin"),
    ("district", "quju"),
    ("township", "zhangpan"),
    ("department", "zhujian"),
    ("leader", "baoan1"),
    ("inspector", "ducha"),
];

/// The ids that fill a route's path: one set in the scope of the township,
/// department and leader users above, one outside it.
#[derive(Debug, Clone)]
struct Objects {
    case: i64,
    screening: i64,
    attachment: i64,
    petitioner: i64,
    township: i64,
    /// A user of that township, and an API token of theirs, for the
    /// administrator's routes (which change them: a user of their own keeps
    /// the callers' accounts and tokens intact).
    user: i64,
    token: i64,
    sending: i64,
    /// A 需整改 verification of the case, its rectification not yet answered.
    verification: i64,
    /// The 验证码 of the case's 受理告知书 (public: no scope).
    code: String,
    /// A 隐患分析排查会议 of the township, and its one measure.
    meeting: i64,
    measure: i64,
    /// A 日常排查 campaign covering the township only.
    campaign: i64,
    /// A key person of the township (重点人员).
    person: i64,
    /// A sensitive period (no scope: the same in both sets).
    period: i64,
}

/// A case in `township` assigned to `unit` with `leader`, with a petitioner,
/// an attachment and a screening entry in the same township.
async fn objects(
    app: &TestApp,
    township: &str,
    unit: &str,
    leader: &str,
    id_number: &str,
) -> Objects {
    let mut body = registration(app, id_number, "危房改造").await;
    body["township_id"] = json!(app.org_id(township).await);
    let case = register(app, body).await;
    let id = case["id"].as_i64().unwrap();
    let d = Api::new(app, "quju").await;
    d.step_ok(
        id,
        "assign",
        json!({ "at": "2022-10-08 10:00", "unit_id": app.org_id(unit).await,
                "leader_user_id": app.user_id(leader).await }),
    )
    .await;
    let (s, a) = d
        .upload(id, "扫描件.pdf", b"%PDF-1.4\n%%EOF\n".to_vec())
        .await;
    assert_eq!(s, 201, "{a}");
    let (s, verified) = d
        .post(
            &format!("/api/v1/cases/{id}/verifications"),
            json!({ "date": "2022-10-09 10:00", "method": "实地", "findings": "未落实",
                    "verdict": "需整改", "rectification_demand": "限期落实",
                    "rectification_due": "2022-10-30" }),
        )
        .await;
    assert_eq!(s, 201, "{verified}");
    let verification = verified["verifications"][0]["id"].as_i64().unwrap();
    let (s, scr) = d
        .post(
            "/api/v1/screenings",
            json!({
                "screened_at": "2022-09-20", "screening_kind": "集中排查",
                "township_id": app.org_id(township).await, "name": "赵有福",
                "poverty_status": "脱贫户", "problem": "反映低保待遇未落实",
                "category": "民政救助", "newly_found": "是", "stable": "是",
            }),
        )
        .await;
    assert_eq!(s, 201, "{scr}");
    let (s, camp) = d
        .post(
            "/api/v1/campaigns",
            json!({ "name": "路由测试日常排查", "kind": "日常排查", "starts_on": "2022-09-01",
                    "ends_on": "2022-09-30", "townships": [app.org_id(township).await] }),
        )
        .await;
    assert_eq!(s, 201, "{camp}");
    let username = format!("rr_{township}");
    let input = xinfang::services::admin::users::UserInput {
        username: username.clone(),
        display_name: "路由测试".into(),
        org_id: app.org_id(township).await.to_string(),
        roles: vec!["township_officer".into()],
        phone: String::new(),
        password: crate::helpers::PASSWORD.into(),
    };
    let user =
        xinfang::services::admin::users::create_user(&app.state, None, &input, app.state.now())
            .await
            .expect("user");
    let (_, token, _) =
        xinfang::services::admin::auth::issue_api_token(&app.state, &username, "rr")
            .await
            .expect("token");
    // The 受理告知书, issued by printing it, and its 验证码.
    let (s, _) = d
        .get(&format!("/api/v1/cases/{id}/notices/acceptance"))
        .await;
    assert_eq!(s, 200);
    let issued = app
        .state
        .store
        .issued_notices(id, &xinfang_domain::access::CaseScope::all())
        .await
        .unwrap();
    let number = case["number"].as_str().unwrap();
    let code = app.state.store.notice_code(&issued[0], number).to_string();
    // A key person of the township, registered by the district.
    let (s, person) = d
        .post(
            "/api/v1/persons",
            json!({ "name": "路由测试人", "township_id": app.org_id(township).await }),
        )
        .await;
    assert_eq!(s, 201, "{person}");
    // A 报送记录 (sendings are the district's, in no one's case scope).
    let (s, sent) = d.post("/api/v1/reports/weekly", json!({})).await;
    assert_eq!(s, 201, "{sent}");
    let (s, met) = d
        .post(
            "/api/v1/meetings",
            json!({ "township_id": app.org_id(township).await, "held_on": "2022-10-28",
                    "place": "会议室", "chair": "镇长", "attendees": "甲、乙", "risks": "无",
                    "measures": [{ "content": "入户", "owner": "专干", "due": "2099-01-01" }] }),
        )
        .await;
    assert_eq!(s, 201, "{met}");
    Objects {
        user: user.id,
        token,
        case: id,
        screening: scr["id"].as_i64().unwrap(),
        attachment: a["id"].as_i64().unwrap(),
        petitioner: case["petitioner"]["id"].as_i64().unwrap(),
        township: app.org_id(township).await,
        sending: sent["id"].as_i64().unwrap(),
        verification,
        code,
        meeting: met["id"].as_i64().unwrap(),
        measure: met["measures"][0]["id"].as_i64().unwrap(),
        campaign: camp["campaign"]["id"].as_i64().unwrap(),
        person: person["person"]["id"].as_i64().unwrap(),
        period: 1,
    }
}

/// The path with its parameters filled from `o`; None when it has no object.
fn fill(path: &str, o: &Objects) -> (String, bool) {
    let object = path.contains("{id}");
    let id = if path.contains("/campaigns/") {
        o.campaign
    } else if path.contains("/proposals/") {
        // A petitioner with one case: no proposal (proposals are computed).
        o.petitioner
    } else if path.contains("/persons/") {
        o.person
    } else if path.contains("/periods/") {
        o.period
    } else if path.contains("/screenings/") {
        o.screening
    } else if path.contains("/attachments/{id}") {
        o.attachment
    } else if path.contains("/petitioners/") {
        o.petitioner
    } else if path.contains("/orgs/") {
        o.township
    } else if path.contains("/users/") {
        o.user
    } else if path.contains("/tokens/") {
        o.token
    } else if path.contains("/sendings/") {
        o.sending
    } else if path.contains("/meetings/") {
        o.meeting
    } else {
        o.case
    };
    let file = if path.starts_with("/api/") && !path.ends_with("}") {
        "annex1"
    } else {
        "annex1.xlsx"
    };
    let filled = path
        .replace("{id}", &id.to_string())
        .replace("{kind}", "acceptance")
        .replace("{step}", "comment")
        .replace("{part}", "backlog")
        .replace("{file}", file)
        .replace("{code}", &o.code)
        .replace("{vid}", &o.verification.to_string())
        .replace("{mid}", &o.measure.to_string());
    (filled, object)
}

/// Routes whose body is a file upload.
fn is_upload(method: &str, path: &str) -> bool {
    method == "POST"
        && (path.ends_with("/attachments")
            || path == "/ledgers/import"
            || path == "/api/v1/ledgers/{file}")
}

/// A multipart body with a junk file (and the page's CSRF token).
fn upload_form(csrf: Option<&str>) -> Form {
    let mut form = Form::new().text("annex", "annex1").part(
        "file",
        Part::bytes(b"not a ledger".to_vec()).file_name("a.xlsx"),
    );
    if let Some(t) = csrf {
        form = form.text("_csrf", t.to_string());
    }
    form
}

/// One user's way in: a bearer token for the API, a session for pages.
struct Caller {
    token: Option<String>,
    session: reqwest::Client,
    csrf: String,
}

impl Caller {
    async fn new(app: &TestApp, user: Option<&str>) -> Caller {
        match user {
            Some(u) => {
                let session = app.login(u).await;
                let csrf = app.csrf(&session, "/").await;
                Caller {
                    token: Some(app.token(u).await),
                    session,
                    csrf,
                }
            }
            None => Caller {
                token: None,
                session: app.client(),
                csrf: String::new(),
            },
        }
    }
}

/// The answer's class, as the table writes it.
fn class(r: &reqwest::Response) -> String {
    let status = r.status().as_u16();
    let location = r
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .unwrap_or("");
    match status {
        300..=399 if location.starts_with("/login") => "login".into(),
        200..=399 | 400 | 409 | 413 | 422 => "ok".into(),
        other => other.to_string(),
    }
}

async fn call(
    app: &TestApp,
    caller: &Caller,
    user: Option<&str>,
    method: &str,
    route: &str,
    path: &str,
) -> String {
    let api = path.starts_with("/api/");
    // Logging out ends the session: use one of its own.
    let own;
    let (client, csrf) = if route == "/logout" && user.is_some() {
        own = Caller::new(app, user).await;
        (&own.session, own.csrf.clone())
    } else {
        (&caller.session, caller.csrf.clone())
    };
    let http = reqwest::Client::new();
    let url = app.url(path);
    let mut req = match (api, method) {
        (true, "GET") => http.get(&url),
        (true, _) => http.post(&url),
        (false, "GET") => client.get(&url),
        (false, _) => client.post(&url),
    };
    if api && let Some(t) = &caller.token {
        req = req.bearer_auth(t);
    }
    if method == "POST" {
        req = match (api, is_upload(method, route)) {
            (_, true) => req.multipart(upload_form((!api).then_some(csrf.as_str()))),
            (true, false) => req.json(&json!({})),
            (false, false) => req.form(&[("_csrf", csrf.as_str())]),
        };
    }
    let r = req.send().await.expect("request");
    class(&r)
}

/// The expected table: route → cells by column.
fn expected() -> BTreeMap<(String, String), Vec<String>> {
    include_str!("route_roles.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut parts = l.split_whitespace();
            let method = parts.next().unwrap_or_default().to_string();
            let path = parts.next().unwrap_or_default().to_string();
            ((method, path), parts.map(str::to_string).collect())
        })
        .collect()
}

fn render(rows: &BTreeMap<(String, String), Vec<String>>) -> String {
    let mut out =
        String::from("# method path  admin district township department leader inspector anon\n");
    for ((m, p), cells) in rows {
        out.push_str(&format!("{m:<5}{p:<40}{}\n", cells.join("  ")));
    }
    out
}

#[tokio::test]
async fn every_route_answers_every_role_as_the_table_says() {
    let app = spawn_app().await;
    let inside = objects(
        &app,
        "411003105",
        "411003-D04",
        "baoan1",
        "11010519491231002X",
    )
    .await;
    let outside = objects(&app, "411003106", "411003-D01", "baoan2", "").await;
    let mut callers = Vec::new();
    for (_, user) in ROLES {
        callers.push(Caller::new(&app, Some(user)).await);
    }
    let anon = Caller::new(&app, None).await;

    let mut actual = BTreeMap::new();
    for route in xinfang::web::route_table() {
        let mut cells = Vec::new();
        for ((_, user), caller) in ROLES.iter().zip(&callers) {
            let (path_in, object) = fill(&route.path, &inside);
            let a = call(
                &app,
                caller,
                Some(user),
                route.method,
                &route.path,
                &path_in,
            )
            .await;
            if object {
                let (path_out, _) = fill(&route.path, &outside);
                let b = call(
                    &app,
                    caller,
                    Some(user),
                    route.method,
                    &route.path,
                    &path_out,
                )
                .await;
                cells.push(format!("{a}/{b}"));
            } else {
                cells.push(a);
            }
        }
        let (path_in, _) = fill(&route.path, &inside);
        cells.push(call(&app, &anon, None, route.method, &route.path, &path_in).await);
        actual.insert((route.method.to_string(), route.path.clone()), cells);
    }

    let expected = expected();
    let mut problems = Vec::new();
    for (key, cells) in &actual {
        match expected.get(key) {
            None => problems.push(format!("{} {}: no row in route_roles.txt", key.0, key.1)),
            Some(want) if want != cells => problems.push(format!(
                "{} {}: expected {}, got {}",
                key.0,
                key.1,
                want.join(" "),
                cells.join(" ")
            )),
            Some(_) => {}
        }
    }
    for key in expected.keys() {
        if !actual.contains_key(key) {
            problems.push(format!(
                "{} {}: in route_roles.txt but not routed",
                key.0, key.1
            ));
        }
    }
    assert!(
        problems.is_empty(),
        "{}\n\nthe answers as they are now:\n{}",
        problems.join("\n"),
        render(&actual)
    );
}
