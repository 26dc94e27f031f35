//! The district as data: `xinfang init --district FILE` on an empty database sets up
//! another district and its administrator; without a file, Jian'an.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;
use xinfang::config::Config;
use xinfang::state::AppState;

use crate::helpers::PASSWORD;

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
        let url = xinfang_store::testing::fresh_test_database(&admin, "test")
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

/// `org list --json` as (code, name, kind, parent_code).
pub(crate) fn listed(json: &str) -> Vec<(String, String, String, Option<String>)> {
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

pub(crate) fn row(
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
    let app = crate::helpers::serving(state.clone()).await;
    let client = app.login("qhadmin").await;
    let page = app.page(&client, "/admin/orgs").await;
    assert!(page.contains("柳林乡") && page.contains("东湾村"), "{page}");
    assert!(!page.contains("张潘镇"));
    // The page frame and the login page carry this district's names, not Jian'an's.
    assert!(page.contains("· 示范市清河县</title>"), "{page}");
    assert!(
        page.contains("示范市清河县 县乡村振兴局 · 接、转、办"),
        "{page}"
    );
    assert!(!page.contains("建安"), "no trace of Jian'an");
    let login = app.page(&app.client(), "/login").await;
    assert!(login.contains("示范市清河县 县乡村振兴局") && !login.contains("建安"));
    let token = app.token("qhadmin").await;
    let get = |path: &'static str| {
        let client = reqwest::Client::new();
        let (url, token) = (app.url(path), token.clone());
        async move {
            let r = client.get(url).bearer_auth(token).send().await.unwrap();
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
