//! Organisations added and renamed through the console, the page 管理 → 组织机构 and the API —
//! by the 系统管理员 only, each audited. (The district set up from a file: `district_init`.)

use serde_json::{Value, json};

use crate::cli::xinfang;
use crate::district_init::{listed, row};
use crate::helpers::{Api, TestApp, spawn_app};

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
