//! What pages are built from: the 工作台's counts from one grouped query,
//! and the people and units a form offers, on both engines.

use xinfang_domain::access::Role;
use xinfang_domain::org::OrgKind;

use crate::helpers::{Api, actor, register, registration, spawn_app};

#[tokio::test]
async fn status_counts_are_grouped_within_the_viewers_scope() {
    let app = spawn_app().await;
    // Two cases in 张潘镇, one in 灵井镇; one of 张潘镇's assigned to 住建局.
    let first = register(
        &app,
        registration(&app, "11010519491231002X", "危房改造").await,
    )
    .await;
    register(
        &app,
        registration(&app, "11010519491231002X", "医疗保障").await,
    )
    .await;
    let mut other = registration(&app, "11010519491231002X", "教育保障").await;
    other["township_id"] = app.org_id("411003106").await.into();
    register(&app, other).await;
    Api::new(&app, "quju")
        .await
        .assign_to(
            first["id"].as_i64().unwrap(),
            "411003-D04",
            "2022-10-08 10:00",
        )
        .await;

    let counts = |username: &'static str| {
        let app = &app;
        async move {
            let scope = actor(app, username).await.case_scope();
            app.state
                .store
                .case_counts_by_status(&scope)
                .await
                .unwrap()
                .into_iter()
                .map(|(s, n)| (s.as_str(), n))
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        counts("quju").await,
        [
            ("registered", 2),
            ("assigned", 1),
            ("handling", 0),
            ("return_visit", 0),
            ("closed", 0)
        ],
        "the district sees all three"
    );
    assert_eq!(
        counts("zhangpan").await,
        [
            ("registered", 1),
            ("assigned", 1),
            ("handling", 0),
            ("return_visit", 0),
            ("closed", 0)
        ],
        "a township sees its own two"
    );
    assert_eq!(
        counts("zhujian").await,
        [
            ("registered", 0),
            ("assigned", 1),
            ("handling", 0),
            ("return_visit", 0),
            ("closed", 0)
        ],
        "a department sees what it was given"
    );
    assert!(
        counts("minzheng").await.iter().all(|(_, n)| *n == 0),
        "another department sees nothing"
    );

    // The 工作台 shows the same numbers.
    let c = app.login("zhangpan").await;
    let page = app.page(&c, "/").await;
    assert!(page.contains("张专干"), "the 工作台 renders");
}

#[tokio::test]
async fn forms_offer_active_users_of_the_roles_asked_for() {
    let app = spawn_app().await;
    let names = |roles: &'static [Role]| {
        let app = &app;
        async move {
            app.state
                .store
                .active_users_with_roles(roles)
                .await
                .unwrap()
                .into_iter()
                .map(|u| u.display_name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(names(&[Role::CaseLeader]).await, ["包区长", "鲍区长"]);
    assert_eq!(
        names(&[Role::TownshipOfficer, Role::DepartmentHandler]).await,
        ["闵经办", "朱经办", "张专干", "林专干"],
        "by organisation code, then login name"
    );
    assert!(names(&[]).await.is_empty());

    // A deactivated leader is no longer offered.
    let admin = actor(&app, "admin").await;
    app.state
        .store
        .update_user_access(
            app.user_id("baoan2").await,
            None,
            Some(false),
            &admin,
            app.state.now(),
        )
        .await
        .unwrap();
    assert_eq!(names(&[Role::CaseLeader]).await, ["包区长"]);

    let units = app
        .state
        .store
        .orgs_of_kinds(&[OrgKind::Bureau, OrgKind::Department, OrgKind::Township])
        .await
        .unwrap();
    assert_eq!(
        units.len(),
        1 + 18
            + units
                .iter()
                .filter(|o| o.kind == OrgKind::Department)
                .count()
    );
    assert!(units.iter().any(|o| o.name == "张潘镇"));
    assert!(
        units.iter().all(|o| o.kind != OrgKind::Village),
        "no villages"
    );
    let mut codes: Vec<_> = units.iter().map(|o| o.code.clone()).collect();
    codes.sort();
    assert_eq!(
        codes,
        units.iter().map(|o| o.code.clone()).collect::<Vec<_>>(),
        "by code"
    );
}
