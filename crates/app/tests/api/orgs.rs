//! The district as data: `xinfang init --district FILE` on an empty database, and organisations added
//! and renamed through the console, the page 管理 → 组织机构 and the API — by the 系统管理员 only, each audited.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::Command;

use serde_json::{Value, json};
use xinfang::config::Config;
use xinfang::state::AppState;

use crate::cli::xinfang;
use crate::helpers::{Api, PASSWORD, TestApp, spawn_app};

/// 示范市清河县, the small made-up district (two townships).
fn qinghe_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/districts/qinghe.json")
}

/// A configuration for a new, empty database: SQLite in a temp dir, or a
/// fresh PostgreSQL database when `XINFANG_TEST_PG` is set.
async fn empty_database() -> (tempfile::TempDir, Config) {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::from_env();
    config.data_dir = dir.path().to_path_buf();
    if let Ok(admin) = std::env::var("XINFANG_TEST_PG")
        && !admin.trim().is_empty()
    {
        let mut bytes = [0u8; 8];
        getrandom::fill(&mut bytes).unwrap();
        let name = format!("xf_test_{}", hex::encode(bytes));
        let url = xinfang_store::testing::fresh_postgres_database(&admin, &name)
            .await
            .unwrap();
        config.database_url = Some(url);
    }
    (dir, config)
}

/// Run the real binary against the database of `config`.
fn run(config: &Config, args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xinfang"));
    cmd.arg("--data-dir").arg(&config.data_dir);
    if let Some(url) = &config.database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd.env_remove("XINFANG_DATABASE_URL")
        .env_remove("XINFANG_DATA_DIR")
        .env_remove("XINFANG_NEW_PASSWORD");
    let out = cmd.args(args).output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

async fn serve(state: AppState) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, xinfang::web::router(state)).await;
    });
    addr
}

/// `org list --json` as (code, name, kind, parent_code).
fn listed(json: &str) -> Vec<(String, String, String, Option<String>)> {
    let rows: Vec<Value> = serde_json::from_str(json).unwrap();
    rows.iter()
        .map(|r| {
            (
                r["code"].as_str().unwrap().to_string(),
                r["name"].as_str().unwrap().to_string(),
                r["kind"].as_str().unwrap().to_string(),
                r["parent_code"].as_str().map(str::to_string),
            )
        })
        .collect()
}

fn row(
    code: &str,
    name: &str,
    kind: &str,
    parent: Option<&str>,
) -> (String, String, String, Option<String>) {
    (
        code.into(),
        name.into(),
        kind.into(),
        parent.map(str::to_string),
    )
}

#[tokio::test]
async fn init_sets_up_another_district_and_its_administrator() {
    let (_dir, config) = empty_database().await;
    let file = qinghe_file();
    let file = file.to_str().unwrap();

    // A broken file is refused with its line, and nothing is written.
    let broken = config.data_dir.join("broken.json");
    let text = std::fs::read_to_string(file).unwrap().replace(
        "\"kind\": \"village\", \"parent\": \"419901200\"",
        "\"kind\": \"village\", \"parent\": \"419901300\"",
    );
    std::fs::write(&broken, text).unwrap();
    let (ok, _, err) = run(&config, &["init", "--district", broken.to_str().unwrap()]);
    assert!(!ok);
    assert!(
        err.contains("第12行，第6个组织的上级代码（parent）：上级代码“419901300”不存在"),
        "{err}"
    );
    let (ok, out, err) = run(&config, &["org", "list", "--json"]);
    assert!(ok, "{err}");
    assert_eq!(listed(&out), vec![]);

    let (ok, out, err) = run(
        &config,
        &[
            "init",
            "--district",
            file,
            "--admin",
            "qhadmin",
            "--admin-name",
            "清河管理员",
            "--password",
            PASSWORD,
        ],
    );
    assert!(ok, "{err}");
    assert!(
        out.contains("已设置示范市清河县（419901）：7个组织机构"),
        "{out}"
    );
    assert!(out.contains("已添加系统管理员 qhadmin"), "{out}");

    // The tree, district first, each parent before its children, children in code order.
    let (ok, out, _) = run(&config, &["org", "list", "--json"]);
    assert!(ok);
    assert_eq!(
        listed(&out),
        vec![
            row("419901", "示范市清河县", "district", None),
            row("419901-B01", "县乡村振兴局", "bureau", Some("419901")),
            row("419901-D01", "县民政局", "department", Some("419901")),
            row("419901100", "清河镇", "township", Some("419901")),
            row("419901100201", "东湾村", "village", Some("419901100")),
            row("419901200", "柳林乡", "township", Some("419901")),
            row("419901200201", "柳林村", "village", Some("419901200")),
        ]
    );
    let rows: Vec<Value> = serde_json::from_str(&out).unwrap();
    let keys: Vec<&String> = rows[4].as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["code", "id", "kind", "name", "parent_code", "parent_id"]
    );
    assert_eq!(rows[4]["parent_id"], rows[3]["id"]);

    // A database that has organisations is refused, and stays as it is.
    let (ok, _, err) = run(&config, &["init"]);
    assert!(!ok);
    assert!(err.contains("数据库中已有7个组织机构"), "{err}");
    let (_, out, _) = run(&config, &["org", "list", "--json"]);
    assert_eq!(listed(&out).len(), 7);
    // Nor does the demo, whose people live in Jian'an, seed into it.
    let (ok, _, err) = run(&config, &["demo", "--no-serve", "--cases", "0"]);
    assert!(!ok);
    assert!(
        err.contains("演示数据基于许昌市建安区的组织机构，此数据库设置的是示范市清河县（419901）"),
        "{err}"
    );

    // The administrator logs in and sees the district's own tree; the
    // server did not add Jian'an's; the district's names are the ones looked up.
    let state = AppState::open(config.clone()).await.unwrap();
    assert_eq!(xinfang::demo::seed_orgs(&state).await.unwrap(), 0);
    let addr = serve(state.clone()).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    // The login form's own token comes with the login page.
    let login_page = client
        .get(format!("http://{addr}/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"_csrf\" value=\"";
    let at = login_page.find(marker).expect("token") + marker.len();
    let token = login_page[at..].split('"').next().unwrap().to_string();
    let r = client
        .post(format!("http://{addr}/login"))
        .form(&[
            ("username", "qhadmin"),
            ("password", PASSWORD),
            ("next", "/"),
            ("_csrf", token.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = client
        .get(format!("http://{addr}/admin/orgs"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("柳林乡") && page.contains("东湾村"), "{page}");
    assert!(!page.contains("张潘镇"));
    // The page frame and the login page carry this district's names, not Jian'an's.
    assert!(page.contains("· 示范市清河县</title>"), "{page}");
    assert!(
        page.contains("示范市清河县 县乡村振兴局 · 接、转、办"),
        "{page}"
    );
    assert!(!page.contains("建安"), "no trace of Jian'an");
    let login = reqwest::get(format!("http://{addr}/login"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(login.contains("示范市清河县 县乡村振兴局") && !login.contains("建安"));
    let token = xinfang::services::admin::auth::create_api_token(&state, "qhadmin", "t")
        .await
        .unwrap();
    let get = |path: &'static str| {
        let client = reqwest::Client::new();
        let token = token.clone();
        async move {
            let r = client
                .get(format!("http://{addr}{path}"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.json::<Value>().await.unwrap())
        }
    };
    let (s, _) = get("/api/v1/cases?township=柳林").await;
    assert_eq!(s, 200, "a township found by its short name");
    let (s, body) = get("/api/v1/cases?township=张潘").await;
    assert_eq!(s, 422);
    assert!(body.to_string().contains("没有名为“张潘”的乡镇"), "{body}");
    let region = state.store.region().await.unwrap();
    assert_eq!(
        (
            region.province.as_str(),
            region.city.as_str(),
            region.county.as_str()
        ),
        ("示范省", "示范市", "清河县")
    );
}

#[tokio::test]
async fn init_without_a_file_sets_up_jianan_and_says_how_to_add_the_administrator() {
    let (_dir, config) = empty_database().await;
    let (ok, out, err) = run(&config, &["init"]);
    assert!(ok, "{err}");
    assert!(
        out.contains("已设置许昌市建安区（411003）：113个组织机构"),
        "{out}"
    );
    assert!(out.contains("xinfang user add --username admin"), "{out}");
    let (ok, out, _) = run(&config, &["org", "list"]);
    assert!(ok);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 113);
    assert_eq!(lines[0], "许昌市建安区\t411003\t区");
    let zhangpan = lines.iter().position(|l| l.contains("张潘镇")).unwrap();
    assert_eq!(lines[zhangpan], "  张潘镇\t411003105\t乡镇/街道");
    assert_eq!(lines[zhangpan + 1], "    张潘村\t411003105201\t村/社区");
    // An account without a password is refused before anything is written.
    let (_dir2, other) = empty_database().await;
    let (ok, _, err) = run(&other, &["init", "--admin", "root"]);
    assert!(!ok);
    assert!(err.contains("需要初始密码"), "{err}");
    let (_, out, _) = run(&other, &["org", "list", "--json"]);
    assert_eq!(listed(&out), vec![]);
}

/// The org of `code`, as the API lists it.
async fn listed_org(app: &TestApp, code: &str) -> Option<Value> {
    let (_, orgs) = Api::new(app, "quju").await.get("/api/v1/orgs").await;
    orgs.as_array()
        .unwrap()
        .iter()
        .find(|o| o["code"] == code)
        .cloned()
}

async fn actions(app: &TestApp, id: i64) -> Vec<(String, String)> {
    app.state
        .store
        .audit_for("org", id)
        .await
        .unwrap()
        .into_iter()
        .map(|a| (a.action, a.actor_name))
        .collect()
}

#[tokio::test]
async fn org_add_rename_and_list_on_the_console() {
    let app = spawn_app().await;
    let (ok, out, err) = xinfang(
        &app,
        &[
            "org",
            "add",
            "--parent",
            "张潘",
            "--kind",
            "village",
            "--code",
            "411003105206",
            "--name",
            "新庄村",
        ],
    );
    assert!(ok, "{err}");
    assert_eq!(
        out.trim(),
        "已新增村/社区“新庄村”（代码 411003105206，上级 411003105）"
    );
    let (ok, out, _) = xinfang(&app, &["org", "list", "--json"]);
    assert!(ok);
    let all = listed(&out);
    let at = all.iter().position(|r| r.0 == "411003105206").unwrap();
    assert_eq!(
        all[at],
        row("411003105206", "新庄村", "village", Some("411003105"))
    );
    assert_eq!(all[at - 1].0, "411003105205", "after 张潘镇's last village");

    let (ok, out, err) = xinfang(
        &app,
        &["org", "rename", "411003105206", "--name", "新庄社区"],
    );
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "已改名：411003105206 现名“新庄社区”");
    let id = listed_org(&app, "411003105206").await.unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        actions(&app, id).await,
        [
            ("org.create".into(), "系统".into()),
            ("org.rename".into(), "系统".into())
        ]
    );
    let audit = app.state.store.audit_for("org", id).await.unwrap();
    assert!(audit[1].before.as_deref().unwrap().contains("新庄村"));
    assert!(audit[1].after.as_deref().unwrap().contains("新庄社区"));

    // Bad input: a Chinese message naming the field; nothing written.
    for (args, want) in [
        (
            vec![
                "org",
                "add",
                "--parent",
                "张潘镇",
                "--kind",
                "department",
                "--code",
                "x",
                "--name",
                "某局",
            ],
            "类型：区直部门只能设在区本级之下，不能设在乡镇/街道之下",
        ),
        (
            vec![
                "org",
                "add",
                "--parent",
                "张潘镇",
                "--kind",
                "village",
                "--code",
                "411003105202",
                "--name",
                "古城村",
            ],
            "代码：代码“411003105202”已被“古城村”使用；名称：张潘镇下已有名为“古城村”的组织",
        ),
        (
            vec![
                "org",
                "add",
                "--parent",
                "不存在镇",
                "--kind",
                "village",
                "--code",
                "1",
                "--name",
                "某村",
            ],
            "上级单位：没有代码或名称为“不存在镇”的组织",
        ),
        (
            vec!["org", "rename", "古城村", "--name", "Gucheng"],
            "名称：应为中文名称",
        ),
    ] {
        let (ok, _, err) = xinfang(&app, &args);
        assert!(!ok, "{args:?}");
        assert!(err.contains(want), "{args:?}: {err}");
    }
    let (_, out, _) = xinfang(&app, &["org", "list", "--json"]);
    assert_eq!(listed(&out).len(), 114);
}

#[tokio::test]
async fn org_add_and_rename_on_the_page_for_the_administrator_only() {
    let app = spawn_app().await;
    let zhangpan = app.org_id("411003105").await;
    let admin = app.login("admin").await;
    let page = app
        .page(&admin, &format!("/admin/orgs?parent={zhangpan}"))
        .await;
    assert!(
        page.contains("新增组织或村（社区）") && page.contains("古城村"),
        "{page}"
    );
    assert!(
        page.contains(&format!("<option value=\"{zhangpan}\" selected>")),
        "parent preselected"
    );
    let csrf = app.csrf(&admin, "/admin/orgs").await;
    let r = admin
        .post(app.url("/admin/orgs"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("parent", &zhangpan.to_string()),
            ("kind", "village"),
            ("code", "411003105206"),
            ("name", "新庄村"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let new = listed_org(&app, "411003105206").await.unwrap();
    assert_eq!(new["name"], "新庄村");
    assert_eq!(new["parent_id"], zhangpan);
    let id = new["id"].as_i64().unwrap();

    // Field errors, in Chinese, with what was typed kept.
    let r = admin
        .post(app.url("/admin/orgs"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("parent", &zhangpan.to_string()),
            ("kind", "village"),
            ("code", "4110031052"),
            ("name", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("代码：村&#x2f;社区代码应为411003105加3位数字"),
        "{body}"
    );
    assert!(body.contains("名称：不能为空"), "{body}");
    assert!(body.contains("value=\"4110031052\""), "{body}");

    // Rename: the form opens on the row's link; a sibling's name is refused.
    let page = app.page(&admin, &format!("/admin/orgs?rename={id}")).await;
    assert!(
        page.contains(&format!("action=\"/admin/orgs/{id}/rename\"")),
        "{page}"
    );
    let rename = |name: &'static str| {
        let admin = admin.clone();
        let url = app.url(&format!("/admin/orgs/{id}/rename"));
        let csrf = csrf.clone();
        async move {
            admin
                .post(url)
                .form(&[("_csrf", csrf.as_str()), ("name", name)])
                .send()
                .await
                .unwrap()
        }
    };
    let r = rename("古城村").await;
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("名称：张潘镇下已有名为“古城村”的组织")
    );
    assert_eq!(rename("新庄社区").await.status(), 303);
    assert_eq!(
        listed_org(&app, "411003105206").await.unwrap()["name"],
        "新庄社区"
    );
    assert_eq!(
        actions(&app, id).await,
        [
            ("org.create".into(), "管理员".into()),
            ("org.rename".into(), "管理员".into())
        ]
    );

    // A form without its CSRF token is refused.
    let r = admin
        .post(app.url("/admin/orgs"))
        .form(&[
            ("parent", zhangpan.to_string().as_str()),
            ("kind", "village"),
            ("code", "411003105207"),
            ("name", "后庄村"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // Anyone else: the page and both forms are refused, and nothing changes.
    for user in ["quju", "zhangpan", "ducha"] {
        let c = app.login(user).await;
        let r = c.get(app.url("/admin/orgs")).send().await.unwrap();
        assert_eq!(r.status(), 403, "{user}");
        assert!(
            r.text()
                .await
                .unwrap()
                .contains("只有系统管理员可以管理组织机构")
        );
        let csrf = app.csrf(&c, "/cases").await;
        let r = c
            .post(app.url("/admin/orgs"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("parent", &zhangpan.to_string()),
                ("kind", "village"),
                ("code", "411003105208"),
                ("name", "前庄村"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{user}");
        let r = c
            .post(app.url(&format!("/admin/orgs/{id}/rename")))
            .form(&[("_csrf", csrf.as_str()), ("name", "改了村")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{user}");
    }
    assert!(listed_org(&app, "411003105208").await.is_none());
    assert_eq!(
        listed_org(&app, "411003105206").await.unwrap()["name"],
        "新庄社区"
    );
    assert_eq!(actions(&app, id).await.len(), 2);
}

#[tokio::test]
async fn org_add_and_rename_through_the_api_for_the_administrator_only() {
    let app = spawn_app().await;
    let admin = Api::new(&app, "admin").await;
    let (s, body) = admin
        .post(
            "/api/v1/orgs",
            json!({ "parent": "411003", "kind": "department", "code": "411003-D15", "name": "区退役军人事务局" }),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    let district = app.org_id("411003").await;
    assert_eq!(body["code"], "411003-D15");
    assert_eq!(body["kind"], "department");
    assert_eq!(body["parent_id"], district);
    assert_eq!(body["parent_code"], "411003");
    let id = body["id"].as_i64().unwrap();
    // The parent may be given by id (a number) too.
    let (s, body) = admin
        .post(
            "/api/v1/orgs",
            json!({ "parent": app.org_id("411003106").await, "kind": "村/社区", "code": "411003106206", "name": "新寺村" }),
        )
        .await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["parent_code"], "411003106");

    let (s, body) = admin
        .post(
            "/api/v1/orgs",
            json!({ "parent": "411003", "kind": "district", "code": "411004", "name": "另一区" }),
        )
        .await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"][0]["field"], "kind");
    assert_eq!(
        body["fields"][0]["message"],
        "区是组织机构的根，不能设在其他组织之下"
    );

    let (s, body) = admin
        .post(
            &format!("/api/v1/orgs/{id}"),
            json!({ "name": "区退役军人事务管理局" }),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    assert_eq!(body["name"], "区退役军人事务管理局");
    assert_eq!(body["code"], "411003-D15");
    let (s, body) = admin
        .post(&format!("/api/v1/orgs/{id}"), json!({ "name": "" }))
        .await;
    assert_eq!(s, 422);
    assert_eq!(body["fields"][0]["field"], "name");
    let (s, _) = admin
        .post("/api/v1/orgs/999999", json!({ "name": "某局" }))
        .await;
    assert_eq!(s, 404);
    assert_eq!(
        actions(&app, id).await,
        [
            ("org.create".into(), "管理员".into()),
            ("org.rename".into(), "管理员".into())
        ]
    );
    // A renamed township is found by its new name at once: the names are data.
    let lingjing = app.org_id("411003106").await;
    let (s, _) = admin
        .post(
            &format!("/api/v1/orgs/{lingjing}"),
            json!({ "name": "灵井街道" }),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = admin.get("/api/v1/cases?township=灵井街道").await;
    assert_eq!(s, 200);

    for user in ["quju", "zhangpan", "zhujian", "baoan1", "ducha"] {
        let api = Api::new(&app, user).await;
        let (s, body) = api
            .post("/api/v1/orgs", json!({ "parent": "411003", "kind": "department", "code": "411003-D16", "name": "某局" }))
            .await;
        assert_eq!(s, 403, "{user}");
        assert_eq!(body["message"], "只有系统管理员可以管理组织机构");
        let (s, _) = api
            .post(&format!("/api/v1/orgs/{id}"), json!({ "name": "某局" }))
            .await;
        assert_eq!(s, 403, "{user}");
    }
    assert!(listed_org(&app, "411003-D16").await.is_none());
    assert_eq!(
        listed_org(&app, "411003-D15").await.unwrap()["name"],
        "区退役军人事务管理局"
    );

    let (_, doc) = admin.get("/api/v1/openapi.json").await;
    assert!(doc["paths"]["/api/v1/orgs"]["post"].is_object());
    assert!(doc["paths"]["/api/v1/orgs/{id}"]["post"].is_object());
}
