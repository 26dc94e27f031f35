//! The pages a person uses: registration, steps, errors on the form, every role's 工作台, administration.

use crate::helpers::{Api, USERS, register, registration, spawn_app};

#[tokio::test]
async fn registering_and_assigning_through_the_pages() {
    let app = spawn_app().await;
    let c = app.login("quju").await;
    let csrf = app.csrf(&c, "/cases/new").await;
    let township = app.org_id("411003208").await.to_string();
    let mut form = vec![
        ("_csrf", csrf.clone()),
        ("kind", "first_petition".into()),
        ("channel", "visit".into()),
        ("source_level", "own".into()),
        ("received_at", "2022-10-08T09:30".into()),
        ("township_id", township),
        ("category", "medical".into()),
        ("summary", "反映住院报销比例低于政策规定".into()),
        ("petitioner_name", "赵桂兰".into()),
        ("petitioner_id_number", "110105194912310021".into()),
    ];
    // A wrong check digit: the form comes back with the field named and the input kept.
    let r = c
        .post(app.url("/cases/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("身份证号：身份证号校验位错误"),
        "the field is named"
    );
    assert!(
        body.contains("反映住院报销比例低于政策规定"),
        "what was typed is kept"
    );
    assert_eq!(app.state.store.count_cases().await.unwrap(), 0);

    form.retain(|(k, _)| *k != "petitioner_id_number");
    form.push(("petitioner_id_number", "11010519491231002x".into()));
    let r = c
        .post(app.url("/cases/new"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let location = r.headers()["location"].to_str().unwrap().to_string();
    assert!(location.starts_with("/cases/"), "{location}");
    let page = app.page(&c, &location).await;
    assert!(
        page.contains("案件已登记")
            && page.contains("艾庄回族乡")
            && page.contains("110105********002X")
    );

    let id: i64 = location
        .trim_start_matches("/cases/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let csrf = app.csrf(&c, &format!("/cases/{id}")).await;
    let unit = app.org_id("411003-D02").await.to_string();
    let r = c
        .post(app.url(&format!("/cases/{id}/steps/assign")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("version", "1"),
            ("unit_id", unit.as_str()),
            ("note", "请医保局核实"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let page = app.page(&c, &format!("/cases/{id}")).await;
    assert!(page.contains("已转办") && page.contains("转办至区医疗保障局"));

    // A stale form (version 1) is refused on the page with the reason.
    let r = c
        .post(app.url(&format!("/cases/{id}/steps/assign")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("version", "1"),
            ("unit_id", unit.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 409);
    assert!(r.text().await.unwrap().contains("已被他人修改"));

    let list = app
        .page(&c, "/cases?kind=first_petition&township=艾庄")
        .await;
    assert!(
        list.contains("共 1 件"),
        "filters by kind and township name"
    );
    let list = app.page(&c, "/cases?kind=repeat").await;
    assert!(list.contains("共 0 件"));
}

#[tokio::test]
async fn every_role_has_a_working_dashboard_and_list() {
    let app = spawn_app().await;
    register(
        &app,
        registration(&app, "11010519491231002X", "危房改造").await,
    )
    .await;
    for (user, ..) in USERS {
        let c = app.login(user).await;
        for path in [
            "/",
            "/cases",
            "/cases?status=open&from=2022-01-01&to=2022-12-31&q=补助",
        ] {
            let r = c.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{user} {path}");
        }
    }
    let c = app.login("zhangpan").await;
    let home = app.page(&c, "/").await;
    assert!(home.contains("我的待办案件") && home.contains("危房改造补助"));
    let bad = app.page(&c, "/cases?from=昨天").await;
    assert!(bad.contains("起始日期"), "a bad filter is named");
}

#[tokio::test]
async fn only_the_system_administrator_manages_users() {
    let app = spawn_app().await;
    let c = app.login("quju").await;
    assert_eq!(
        c.get(app.url("/admin/users"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let admin = app.login("admin").await;
    let page = app.page(&admin, "/admin/users").await;
    assert!(page.contains("zhangpan"));
    let orgs = app.page(&admin, "/admin/orgs").await;
    assert!(orgs.contains("艾庄回族乡") && orgs.contains("411003208"));
    let csrf = app.csrf(&admin, "/admin/users").await;
    let org = app.org_id("411003100").await.to_string();
    let form = [
        ("_csrf", csrf.as_str()),
        ("username", "jiangguanchi"),
        ("display_name", "蒋专干"),
        ("org_id", org.as_str()),
        ("roles", "township_officer"),
        ("password", "short"),
    ];
    let r = admin
        .post(app.url("/admin/users"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("密码至少8位"));
    let mut form = form;
    form[5] = ("password", "long-enough-1");
    let r = admin
        .post(app.url("/admin/users"))
        .form(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let new = app
        .state
        .store
        .user_by_username("jiangguanchi")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(new.org_name, "将官池镇");
    let api = Api::new(&app, "jiangguanchi").await;
    assert_eq!(api.get("/api/v1/cases").await.1["total"], 0);
}

#[tokio::test]
async fn a_petitioner_page_lists_their_visible_cases() {
    let app = spawn_app().await;
    let first = register(
        &app,
        registration(&app, "11010519491231002X", "危房改造").await,
    )
    .await;
    let mut second = registration(&app, "11010519491231002X", "医疗保障").await;
    second["received_at"] = serde_json::json!("2022-10-09 09:00");
    register(&app, second).await;
    let pid = first["petitioner"]["id"].as_i64().unwrap();
    let c = app.login("zhangpan").await;
    let page = app.page(&c, &format!("/petitioners/{pid}")).await;
    assert!(page.contains("信访记录（2 件）"), "{page}");
    assert!(
        page.contains("110105********002X") && !page.contains("11010519491231002X"),
        "ID masked"
    );
}

#[tokio::test]
async fn the_administrator_manages_the_calendar_and_rules_in_the_browser() {
    let app = spawn_app().await;
    let quju = app.login("quju").await;
    assert_eq!(
        quju.get(app.url("/admin/calendar"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    assert_eq!(
        quju.get(app.url("/admin/rules"))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let admin = app.login("admin").await;
    let page = app.page(&admin, "/admin/calendar").await;
    assert!(page.contains("国办发明电") && page.contains("2026"));
    let csrf = app.csrf(&admin, "/admin/calendar").await;
    let bad = r#"{"year": 2027, "source": "测试", "days_off": [{"name": "春节", "from": "2027-02-05", "to": "2027-02-03"}], "makeup_workdays": []}"#;
    let r = admin
        .post(app.url("/admin/calendar"))
        .form(&[("_csrf", csrf.as_str()), ("body", bad)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("节假日数据"), "the problem is named");
    let good = r#"{"year": 2027, "source": "测试数据（非真实通知）", "days_off": [{"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}], "makeup_workdays": []}"#;
    let r = admin
        .post(app.url("/admin/calendar"))
        .form(&[("_csrf", csrf.as_str()), ("body", good)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("已载入2027年节假日安排"));

    let page = app.page(&admin, "/admin/rules").await;
    assert!(page.contains("当前启用") && page.contains("seed"));
    let r = admin
        .post(app.url("/admin/rules"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("action", "use"),
            ("name", "statute"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(
        app.page(&admin, "/admin/rules")
            .await
            .contains("（statute）")
    );
}
