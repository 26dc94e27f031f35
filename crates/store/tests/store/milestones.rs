//! Stored milestones across a rule or calendar change: notices already raised
//! are kept (issue 9, item 11); the milestone's role and the opinion's
//! delivery time are stored with the case.

use xinfang_domain::case::Case;
use xinfang_domain::deadlines::{MilestoneRole, NoticeLevel};
use xinfang_domain::vocab::{ContactMethod, Finding, Satisfaction, TriAnswer, TriRecord};
use xinfang_domain::workflow::{Assignment, Document, Step, plan};
use xinfang_store::{LedgerQuery, MilestoneRow, NoticeText, StepChange};

use crate::helpers::{TestStore, all, at, fresh_store};

/// A running milestone `key` of a case received 2022-09-26 09:10, due `due`.
pub(crate) fn milestone(key: &str, due: &str, role: Option<MilestoneRole>) -> MilestoneRow {
    MilestoneRow {
        key: key.into(),
        name: format!("节点{key}"),
        is_window: false,
        role,
        started_at: Some(at("2022-09-26 09:10")),
        due_at: Some(at(due)),
        completed_at: None,
        state: "open".into(),
        explanation: String::new(),
        warnings: String::new(),
        warn_from: None,
    }
}

/// A case with an overdue `contact` milestone on which the sweeper raised a 催办.
async fn case_with_a_notice(t: &TestStore) -> Case {
    let s = &t.store;
    let new = t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X");
    let rows = [milestone("contact", "2022-09-28", None)];
    let case = s
        .register_case(&new, "建安信访", &rows, &t.district, at("2022-09-26 09:10"))
        .await
        .unwrap();
    let now = at("2022-10-20 09:00");
    let due = s.sweep_candidates(now, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    let text = NoticeText {
        title: "催办通知".into(),
        body: "节点contact已超期".into(),
    };
    let raised = s
        .raise_notice(&due[0], NoticeLevel::Urge, &text, &|_| "{}".into(), now)
        .await
        .unwrap();
    assert!(raised.is_some());
    case
}

#[tokio::test]
async fn rules_that_drop_a_milestone_keep_the_notices_raised_for_it() {
    let t = fresh_store().await;
    let s = &t.store;
    let case = case_with_a_notice(&t).await;
    let before = s.case_notices(case.id, &all()).await.unwrap();
    assert!(!before.is_empty());
    let inbox_before = s.inbox(t.district.user_id, 50).await.unwrap().len();

    // The statute has no `contact`: recomputing drops it, which failed with
    // "FOREIGN KEY constraint failed" while a notice pointed at it.
    let statute = [milestone(
        "transfer",
        "2022-10-11",
        Some(MilestoneRole::Answer),
    )];
    s.recompute_milestones(
        case.id,
        &statute,
        Some("时限规则改为“statute”"),
        at("2022-10-21 09:00"),
    )
    .await
    .unwrap();
    let kept = s.case_notices(case.id, &all()).await.unwrap();
    assert_eq!(kept.len(), before.len(), "no notice is lost");
    for n in &kept {
        assert_eq!(
            n.milestone_key.as_deref(),
            Some("contact"),
            "still names its milestone"
        );
    }
    assert_eq!(
        s.inbox(t.district.user_id, 50).await.unwrap().len(),
        inbox_before
    );
    let stored = s.milestones(case.id, &all()).await.unwrap();
    let keys: Vec<&str> = stored.iter().map(|m| m.row.key.as_str()).collect();
    assert_eq!(keys, ["transfer"]);
    assert_eq!(stored[0].row.role, Some(MilestoneRole::Answer));

    // And back: the seed's `contact` returns and takes up its notices and
    // their level, so the sweeper does not raise the 催办 a second time.
    let seed = [milestone("contact", "2022-09-28", None)];
    s.recompute_milestones(case.id, &seed, None, at("2022-10-22 09:00"))
        .await
        .unwrap();
    assert_eq!(
        s.case_notices(case.id, &all()).await.unwrap().len(),
        before.len()
    );
    let back = s.milestones(case.id, &all()).await.unwrap();
    assert_eq!(back[0].notice_level, 2);
    let linked = t
        .count("SELECT COUNT(*) FROM notifications WHERE milestone_id IS NOT NULL")
        .await;
    assert_eq!(linked, i64::try_from(before.len()).unwrap());
    let again = s
        .sweep_candidates(at("2022-10-22 10:00"), 10)
        .await
        .unwrap();
    assert!(
        again.iter().all(|m| m.notice_level >= 2),
        "nothing below the 催办 already raised: {again:?}"
    );
}

#[tokio::test]
async fn a_milestone_the_rules_keep_keeps_its_notices_and_level() {
    let t = fresh_store().await;
    let s = &t.store;
    let case = case_with_a_notice(&t).await;
    let id_before = s.milestones(case.id, &all()).await.unwrap()[0].id;
    // A corrected calendar moves the due time; the milestone is the same one.
    let moved = [milestone("contact", "2022-09-29", None)];
    s.recompute_milestones(
        case.id,
        &moved,
        Some("2022年节假日安排更新"),
        at("2022-10-21 09:00"),
    )
    .await
    .unwrap();
    let after = s.milestones(case.id, &all()).await.unwrap();
    assert_eq!(after[0].id, id_before);
    assert_eq!(
        after[0].notice_level, 2,
        "the 催办 already raised is not raised again"
    );
    let notices = s.case_notices(case.id, &all()).await.unwrap();
    assert!(
        notices
            .iter()
            .all(|n| n.milestone_key.as_deref() == Some("contact"))
    );
}

/// Take `step` on `case` as the district, with no milestones.
pub(crate) async fn step(t: &TestStore, case: &Case, step: Step, now: &str) -> Case {
    let change = StepChange {
        expected_version: None,
        step: &step,
        transition: plan(&t.district, case, &step).unwrap(),
        text: "步骤",
        milestones: &[],
    };
    t.store
        .apply_step(case, change, &t.district, at(now))
        .await
        .unwrap()
}

/// Assign `case` to `unit_id` (lead) and `co_unit_ids` at `when`, by the district.
pub(crate) async fn assign(
    t: &TestStore,
    case: &Case,
    unit_id: i64,
    co_unit_ids: Vec<i64>,
    when: &str,
) -> Case {
    let assign = Step::Assign(Assignment {
        unit_id,
        co_unit_ids,
        handler_user_id: None,
        handler_name: None,
        handler_phone: None,
        leader_user_id: None,
        note: None,
        at: at(when),
    });
    step(t, case, assign, when).await
}

fn deliver(at_: &str) -> Step {
    Step::Deliver {
        at: at(at_),
        document: Document::Opinion,
        by: "张专干".into(),
        note: None,
    }
}

fn opinion(at_: &str) -> Step {
    Step::Opinion {
        at: at(at_),
        finding: Finding::Partly,
        tri: TriRecord {
            reasonable_resolved: TriAnswer::Yes,
            unreasonable_guided: TriAnswer::NotApplicable,
            hardship_helped: TriAnswer::Yes,
            unlawful_handled: TriAnswer::NotApplicable,
        },
        opinion: "补助已发放".into(),
    }
}

#[tokio::test]
async fn the_opinion_s_first_delivery_is_kept_until_a_new_opinion() {
    let t = fresh_store().await;
    let case = t.register(&t.zhangpan, "2022-09-20 09:00").await;
    let case = assign(&t, &case, t.zhangpan.id, Vec::new(), "2022-09-20 10:00").await;
    let contact = Step::Contact {
        at: at("2022-09-20 11:00"),
        method: ContactMethod::Phone,
        note: "电话".into(),
    };
    let case = step(&t, &case, contact, "2022-09-20 11:00").await;
    let case = step(&t, &case, opinion("2022-09-28 09:00"), "2022-09-28 09:00").await;
    assert_eq!(case.opinion_delivered_at, None);
    let case = step(&t, &case, deliver("2022-09-30 10:00"), "2022-09-30 10:00").await;
    assert_eq!(case.opinion_delivered_at, Some(at("2022-09-30 10:00")));
    // Served again later: the first delivery still counts.
    let case = step(&t, &case, deliver("2022-10-08 10:00"), "2022-10-08 10:00").await;
    assert_eq!(case.opinion_delivered_at, Some(at("2022-09-30 10:00")));
    // A paper record entered late, of an earlier delivery: that one counts.
    let case = step(&t, &case, deliver("2022-09-29 16:00"), "2022-10-09 10:00").await;
    assert_eq!(case.opinion_delivered_at, Some(at("2022-09-29 16:00")));
    // A dissatisfied return visit after delivery keeps the case in 回访.
    let visit = Step::ReturnVisit {
        at: at("2022-10-10 10:00"),
        satisfaction: Satisfaction::Dissatisfied,
        stable: true,
        note: "不满意".into(),
    };
    let case = step(&t, &case, visit, "2022-10-10 10:00").await;
    assert_eq!(
        case.status,
        xinfang_domain::workflow::CaseStatus::ReturnVisit
    );
    // 退回重办, then a new opinion: a new paper, not yet delivered.
    let back = Step::SendBack {
        note: "请再次核查".into(),
    };
    let case = step(&t, &case, back, "2022-10-11 10:00").await;
    let case = step(&t, &case, opinion("2022-10-20 09:00"), "2022-10-20 09:00").await;
    assert_eq!(case.opinion_delivered_at, None);
}

#[tokio::test]
async fn the_ledger_takes_its_due_date_from_the_answering_milestone() {
    let t = fresh_store().await;
    let s = &t.store;
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let rows = [
        milestone("preliminary_report", "2022-09-30", None),
        milestone("handling_report", "2022-10-14", Some(MilestoneRole::Answer)),
    ];
    s.recompute_milestones(case.id, &rows, None, at("2022-09-26 10:00"))
        .await
        .unwrap();
    let ledger = s
        .ledger_cases(&LedgerQuery::default(), &all())
        .await
        .unwrap();
    let row = ledger.iter().find(|r| r.id == case.id).unwrap();
    assert_eq!(row.handled_due, Some(at("2022-10-14")));
}
