//! Settings carry a version in the database: rules or calendars changed from the console or by
//! another server on the same database are used by a running server's very next request.

use serde_json::{Value, json};
use xinfang::state::AppState;

use crate::cli::xinfang;
use crate::helpers::{register, registration, spawn_app};

fn due(case: &Value, key: &str) -> String {
    case["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["key"] == key)
        .unwrap_or_else(|| panic!("{key} in {}", case["milestones"]))["due_display"]
        .as_str()
        .unwrap()
        .to_string()
}

fn keys(case: &Value) -> Vec<String> {
    case["milestones"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["key"].as_str().unwrap().to_string())
        .collect()
}

/// A 初信初访 received Saturday 2022-10-08 09:00 (a makeup working day).
async fn register_on_october_8(app: &crate::helpers::TestApp) -> Value {
    let mut body = registration(app, "", "危房改造").await;
    body["received_at"] = json!("2022-10-08 09:00");
    register(app, body).await
}

#[tokio::test]
async fn rules_put_in_force_from_the_console_reach_the_running_server() {
    let app = spawn_app().await;
    // The seed's plan: contact within 1 day, answered within 10.
    let before = register_on_october_8(&app).await;
    assert!(keys(&before).contains(&"contact".to_string()), "{before}");
    assert_eq!(due(&before, "contact"), "2022-10-09 24:00");

    let (ok, out, err) = xinfang(&app, &["rules", "use", "statute"]);
    assert!(ok, "{err}");
    assert!(out.contains("已启用时限规则“statute”"), "{out}");

    // The next registration on the running server follows the statute
    // (《信访工作条例》): 15 days to transfer, counted from the day after
    // receipt — day 15 is Sunday 10-23, so it rolls to Monday 10-24; 60 days
    // to handle — day 60 is Wednesday 12-07.
    let after = register_on_october_8(&app).await;
    assert!(!keys(&after).contains(&"contact".to_string()), "{after}");
    assert_eq!(due(&after, "transfer"), "2022-10-24 24:00");
    assert_eq!(due(&after, "handle"), "2022-12-07 24:00");
    // The page names the rules in force.
    let admin = app.login("admin").await;
    assert!(
        app.page(&admin, "/admin/rules")
            .await
            .contains("《信访工作条例》法定时限")
    );

    // And back: the seed's plan again, without a restart.
    let (ok, _, err) = xinfang(&app, &["rules", "use", "seed"]);
    assert!(ok, "{err}");
    let again = register_on_october_8(&app).await;
    assert_eq!(due(&again, "contact"), "2022-10-09 24:00");
}

#[tokio::test]
async fn a_second_server_on_the_same_database_changes_rules_and_calendar() {
    let app = spawn_app().await;
    let version = app.state.store.settings_version().await.unwrap();
    let other = AppState::open((*app.state.config).clone()).await.unwrap();
    let now = other.now();
    xinfang::services::admin::reference::use_rules(&other, None, "statute", now)
        .await
        .unwrap();
    assert!(app.state.store.settings_version().await.unwrap() > version);
    let case = register_on_october_8(&app).await;
    assert_eq!(due(&case, "transfer"), "2022-10-24 24:00");

    // The other server corrects 2022: Monday 10-24 becomes a day off, so a
    // period ending on Sunday 10-23 rolls on to Tuesday 10-25.
    let mut y2022: Value =
        serde_json::from_str(include_str!("../../../../calendars/2022.json")).unwrap();
    y2022["days_off"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "临时调整", "from": "2022-10-24", "to": "2022-10-24" }));
    xinfang::services::admin::reference::load_calendar_year(&other, None, &y2022.to_string(), now)
        .await
        .unwrap();
    let case = register_on_october_8(&app).await;
    assert_eq!(due(&case, "transfer"), "2022-10-25 24:00");
    // The sweep on the first server computes with the same settings.
    let settings = app.state.deadline_settings().await.unwrap();
    assert_eq!(settings.rules.name, "statute");
    assert!(
        !settings
            .calendar
            .day(jiff::civil::date(2022, 10, 24))
            .working
    );
}

#[tokio::test]
async fn an_unchanged_version_keeps_the_loaded_settings() {
    let app = spawn_app().await;
    let first = app.state.deadline_settings().await.unwrap();
    let second = app.state.deadline_settings().await.unwrap();
    assert!(
        std::sync::Arc::ptr_eq(&first, &second),
        "no reload without a change"
    );
    // Storing a rule set that is not in force still moves the version: one reload, same rules.
    let rules = xinfang_domain::deadlines::RuleSet::statute().to_json();
    xinfang::services::admin::reference::save_rules(
        &app.state,
        None,
        "draft",
        &rules,
        app.state.now(),
    )
    .await
    .unwrap();
    let third = app.state.deadline_settings().await.unwrap();
    assert!(!std::sync::Arc::ptr_eq(&second, &third));
    assert_eq!(third.rules.name, "seed");
}
