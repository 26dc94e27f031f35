//! The operators' commands, run as the real binary against the test database.

use std::process::Command;

use crate::helpers::{register, registration, spawn_app};

pub(crate) fn xinfang(app: &crate::helpers::TestApp, args: &[&str]) -> (bool, String, String) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_xinfang"));
    cmd.arg("--data-dir").arg(&app.state.config.data_dir);
    if let Some(url) = &app.state.config.database_url {
        cmd.arg("--database-url").arg(url);
    }
    cmd.env_remove("XINFANG_DATABASE_URL")
        .env_remove("XINFANG_DATA_DIR");
    let out = cmd.args(args).output().expect("run xinfang");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn case_list_and_show_print_stable_json() {
    let app = spawn_app().await;
    let first = register(&app, registration(&app, "", "危房改造").await).await;
    let mut other = registration(&app, "", "医疗保障").await;
    other["township_id"] = serde_json::json!(app.org_id("411003106").await);
    register(&app, other).await;

    let (ok, out, err) = xinfang(&app, &["case", "list", "--json"]);
    assert!(ok, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 2);
    for key in ["id", "number", "kind", "township", "status", "received_at"] {
        assert!(!rows[0][key].is_null(), "{key} present");
    }
    let (ok, out, _) = xinfang(
        &app,
        &[
            "case",
            "list",
            "--json",
            "--township",
            "张潘镇",
            "--kind",
            "初信初访",
        ],
    );
    assert!(ok);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["township"], "张潘镇");
    let (ok, out, _) = xinfang(&app, &["case", "list", "--json", "--limit", "1"]);
    assert!(ok);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );

    let number = first["number"].as_str().unwrap();
    let (ok, out, err) = xinfang(&app, &["case", "show", number, "--json"]);
    assert!(ok, "{err}");
    let shown: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(shown["id"], first["id"]);
    assert_eq!(shown["status"], "已登记");

    // Scoped as a user of another township, the case does not exist.
    let (ok, _, err) = xinfang(&app, &["case", "show", number, "--as", "lingjing"]);
    assert!(!ok);
    assert!(err.contains("未找到"), "{err}");
    let (ok, _, err) = xinfang(&app, &["case", "list", "--kind", "不存在"]);
    assert!(!ok);
    assert!(err.contains("信访类型"), "{err}");

    let (ok, out, _) = xinfang(&app, &["verify-audit"]);
    assert!(ok);
    assert!(out.contains("哈希链校验通过"));
}

#[tokio::test]
async fn users_and_tokens_from_the_command_line() {
    let app = spawn_app().await;
    let (ok, out, err) = xinfang(
        &app,
        &[
            "user",
            "add",
            "--username",
            "wunv",
            "--name",
            "吴专干",
            "--org",
            "五女店镇",
            "--role",
            "乡镇专干",
            "--password",
            "password-123",
        ],
    );
    assert!(ok, "{err}");
    assert!(out.contains("五女店镇"));
    let (ok, _, err) = xinfang(
        &app,
        &[
            "user",
            "add",
            "--username",
            "wunv",
            "--name",
            "x",
            "--org",
            "五女店镇",
            "--role",
            "乡镇专干",
            "--password",
            "password-123",
        ],
    );
    assert!(!ok && err.contains("已被使用"), "{err}");
    let (ok, token, _) = xinfang(&app, &["token", "create", "--user", "wunv"]);
    assert!(ok);
    let r = reqwest::Client::new()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token.trim())
        .send()
        .await
        .unwrap();
    let me: serde_json::Value = r.json().await.unwrap();
    assert_eq!(me["username"], "wunv");
}
