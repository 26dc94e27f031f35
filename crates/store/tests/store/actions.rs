//! Every audit action the store writes is one of the vocabulary's, keeps its
//! historic key, and is found by a reader filtering by its kind. The
//! operations below are the store's every audited write, done as the app does them.

use std::collections::BTreeSet;

use xinfang_domain::account::NewUser;
use xinfang_domain::audit::{AuditAction, AuditKind};
use xinfang_domain::case_ledger::CaseLedger;
use xinfang_domain::deadlines::NoticeLevel;
use xinfang_domain::org::OrgKind;
use xinfang_domain::roster::RosterEntry;
use xinfang_domain::screening::ScreeningEntry;
use xinfang_domain::vocab::{Category, TriAnswer, TriRecord};
use xinfang_domain::workflow::{Step, plan};
use xinfang_store::{
    AuditFilter, CaseLedgerWrite, MilestoneRow, NewAttachment, NoticeText, StepChange, Store,
};

use crate::helpers::{at, audit_key, fresh_store, key};

fn screening(t: &crate::helpers::TestStore, fingerprint: &str) -> ScreeningEntry {
    let tri = TriRecord {
        reasonable_resolved: TriAnswer::Yes,
        unreasonable_guided: TriAnswer::NotApplicable,
        hardship_helped: TriAnswer::No,
        unlawful_handled: TriAnswer::NotApplicable,
    };
    ScreeningEntry {
        township_id: t.zhangpan.id,
        village_id: None,
        screened_at: at("2022-03-01"),
        screening_kind: Some("routine".into()),
        campaign_id: None,
        risk_grade: None,
        name: "钱大爷".into(),
        id_number: None,
        phone: None,
        poverty: None,
        problem: "宅基地纠纷".into(),
        category: Category::Housing,
        newly_found: Some(true),
        unit_id: None,
        unit_text: "张潘镇".into(),
        tri,
        stable: Some(true),
        remarks: String::new(),
        fingerprint: fingerprint.into(),
    }
}

#[tokio::test]
async fn every_action_written_has_a_label_and_is_found_under_its_kind() {
    let t = fresh_store().await;
    let s = &t.store;
    let now = at("2022-10-10 09:00");
    let district = &t.district;

    // Cases: registration with a milestone long overdue, a step, an
    // attachment, a follow-up, ledger details.
    let overdue = MilestoneRow {
        key: "contact".into(),
        name: "建立联系".into(),
        is_window: false,
        role: None,
        started_at: Some(at("2022-09-26 09:10")),
        due_at: Some(at("2022-09-28")),
        completed_at: None,
        state: "open".into(),
        explanation: String::new(),
        warnings: String::new(),
        warn_from: None,
    };
    let new = t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X");
    let case = s
        .register_case(
            &new,
            "建安信访",
            std::slice::from_ref(&overdue),
            district,
            at("2022-09-26 09:10"),
        )
        .await
        .unwrap();
    let step = Step::Comment {
        note: "请加快".into(),
    };
    let change = StepChange {
        expected_version: None,
        step: &step,
        transition: plan(district, &case, &step).unwrap(),
        text: "批注",
        // The milestones after the step: still the overdue one.
        milestones: std::slice::from_ref(&overdue),
    };
    let case = s.apply_step(&case, change, district, now).await.unwrap();
    let file = NewAttachment {
        sha256: "ab".repeat(32),
        filename: "走访记录.pdf".into(),
        content_type: "application/pdf".into(),
        size: 1024,
        note: None,
        signed_document: None,
    };
    s.add_attachment(case.id, &file, district, now)
        .await
        .unwrap();
    s.add_followup(case.id, now, "已回访", district, now)
        .await
        .unwrap();
    let ledger = CaseLedgerWrite {
        case_id: case.id,
        expected_version: None,
        backlog: None,
        ledger: CaseLedger {
            plan: "一案一策".into(),
            ..CaseLedger::default()
        },
        text: "修改台账信息".into(),
        before: None,
    };
    s.save_case_ledgers(&[ledger], district, now, false)
        .await
        .unwrap();
    s.log_reveal(district, "case", case.id, "查看身份证号", now)
        .await
        .unwrap();

    // The sweeper raises a notice on the overdue milestone.
    let due = s.sweep_candidates(now, 10).await.unwrap();
    let text = NoticeText {
        title: "催办通知".into(),
        body: "建立联系已超期".into(),
    };
    let raised = s
        .raise_notice(&due[0], NoticeLevel::Urge, &text, &|_| "{}".into(), now)
        .await
        .unwrap();
    assert!(raised.is_some());

    // Screenings and their imports.
    let entry = s
        .create_screening(&screening(&t, "a"), district, now)
        .await
        .unwrap();
    let mut changed = screening(&t, "a");
    changed.remarks = "已化解".into();
    s.update_screening(&entry, &changed, None, district, now)
        .await
        .unwrap();
    s.link_screening_case(entry.id, case.id, district, now)
        .await
        .unwrap();
    s.import_screenings(&[screening(&t, "b")], district, now, false)
        .await
        .unwrap();
    let roster = RosterEntry {
        org_id: t.zhangpan.id,
        org_name: "张潘镇".into(),
        cadre_name: "张专干".into(),
        ..RosterEntry::default()
    };
    s.save_roster(&[roster], district, now, false)
        .await
        .unwrap();

    // Accounts, settings, organisations, robots.
    let user = s
        .create_user(
            &NewUser {
                username: "xinren".into(),
                display_name: "新人".into(),
                org_id: t.housing.id,
                roles: vec![xinfang_domain::access::Role::DepartmentHandler],
                phone: None,
                password_hash: "x".into(),
            },
            Some(district),
            now,
        )
        .await
        .unwrap();
    s.update_user_access(user.id, None, Some(false), district, now)
        .await
        .unwrap();
    let token = s
        .create_api_token(
            user.id,
            "脚本",
            "hash",
            now,
            now + jiff::SignedDuration::from_hours(24 * 180),
        )
        .await
        .unwrap();
    s.revoke_api_token(token, Some(district), now)
        .await
        .unwrap();
    s.change_own_password(&user.actor(), "y", None, now)
        .await
        .unwrap();
    let by = Some((district.user_id, district.display_name.as_str()));
    s.set_setting("rule_set", "statute", by, now).await.unwrap();
    s.save_calendar_year(2023, "{}", by, now).await.unwrap();
    s.save_rule_set("district", "{}", by, now).await.unwrap();
    s.create_org(
        "411003107",
        "苏桥镇",
        OrgKind::Township,
        Some(t.bureau.id),
        Some(district),
        now,
    )
    .await
    .unwrap();
    s.rename_org(t.lingjing.id, "灵井镇（改名）", Some(district), now)
        .await
        .unwrap();
    s.create_webhook(
        t.housing.id,
        "wecom",
        "https://example.invalid/hook",
        false,
        Some(district),
        now,
    )
    .await
    .unwrap();

    // Personal data from before encryption is sealed when the store opens.
    let pool = t.raw().await;
    sqlx::query(
        "INSERT INTO petitioners (name, phone, poverty_status, created_at, updated_at)
         VALUES ('旧数据', '13700000000', 'none', 0, 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let reopened = Store::connect(&t.url, &key(), &audit_key()).await.unwrap();

    let all = reopened
        .list_audit(&AuditFilter::default(), 10_000, 0)
        .await
        .unwrap();
    let written: BTreeSet<&str> = all.items.iter().map(|(e, _)| e.action.as_str()).collect();
    assert_eq!(
        written,
        BTreeSet::from([
            "calendar.save",
            "case.attachment",
            "case.comment",
            "case.followup",
            "case.ledger",
            "case.register",
            "ledger.import",
            "milestone.notice",
            "org.create",
            "org.rename",
            "personal.reveal",
            "personal.seal",
            "roster.save",
            "rules.save",
            "screening.create",
            "screening.to_case",
            "screening.update",
            "setting.set",
            "token.create",
            "token.revoke",
            "user.create",
            "user.password",
            "user.update",
            "webhook.create",
        ]),
    );
    for key in written {
        let action =
            AuditAction::parse(key).unwrap_or_else(|| panic!("{key} is not in the vocabulary"));
        assert_eq!(action.as_str(), key);
        assert_ne!(action.label(), key, "{key} has no Chinese label");
        let found = reopened
            .list_audit(
                &AuditFilter {
                    kind: Some(action.kind()),
                    ..AuditFilter::default()
                },
                10_000,
                0,
            )
            .await
            .unwrap();
        assert!(
            found.items.iter().any(|(e, _)| e.action == key),
            "{key} is not found under its kind {:?}",
            action.kind()
        );
        assert!(
            found
                .items
                .iter()
                .all(|(e, _)| e.action().map(AuditAction::kind) == Some(action.kind()))
        );
    }
    // Every kind a reader may choose has actions; the old filter keys still work.
    for k in [
        "personal",
        "case",
        "screening",
        "ledger",
        "user",
        "setting",
        "milestone",
    ] {
        assert!(AuditKind::parse(k).is_some(), "{k}");
    }
}
