//! Corrections of a registration: the case and its petitioner change in one
//! audited transaction, a stale version writes nothing, and the timeline
//! shows personal data masked.

use std::collections::BTreeSet;

use xinfang_domain::case::{Case, RegistrationInput};
use xinfang_domain::correction::{Correction, CorrectionInput, changes, sentence};
use xinfang_domain::vocab::{CaseKind, Category};
use xinfang_domain::workflow::EventKind;
use xinfang_store::{CorrectionChange, StoreError};

use crate::helpers::{TestStore, all, at, fresh_store};

pub(crate) fn correcting(case: &Case, fields: &[(&str, &str)]) -> Correction {
    let mut registration = RegistrationInput::default();
    let mut map = serde_json::to_value(&registration).unwrap();
    for (k, v) in fields {
        map[*k] = serde_json::json!(v);
    }
    registration = serde_json::from_value(map).unwrap();
    CorrectionInput {
        registration,
        given: fields
            .iter()
            .map(|(k, _)| k.to_string())
            .collect::<BTreeSet<_>>(),
        note: "登记时录入错误".into(),
    }
    .parse(case)
    .unwrap()
}

pub(crate) async fn correct(
    t: &TestStore,
    case: &Case,
    c: &Correction,
    version: Option<i64>,
) -> Result<Case, StoreError> {
    let ch = changes(case, &c.new, &|id| id.to_string());
    let text = sentence(&ch, &c.reason);
    let change = CorrectionChange {
        expected_version: version,
        correction: c,
        changes: &ch,
        text: &text,
        milestones: &[],
    };
    t.store
        .correct_case(case, change, &t.district, at("2022-10-01 10:00"))
        .await
}

#[tokio::test]
async fn a_correction_changes_the_case_and_is_audited_with_both_sides() {
    let t = fresh_store().await;
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let c = correcting(
        &case,
        &[
            ("category", "医疗保障"),
            ("kind", "重复访"),
            ("petitioner_phone", "13912340000"),
            ("escalated_to", "赴市"),
        ],
    );
    let after = correct(&t, &case, &c, Some(case.version)).await.unwrap();
    assert_eq!(after.category, Category::Medical);
    assert_eq!(
        after.kind,
        CaseKind::Escalated,
        "a destination makes it 越级访"
    );
    assert_eq!(after.version, case.version + 1);
    assert_eq!(
        after
            .petitioner
            .as_ref()
            .unwrap()
            .phone
            .as_ref()
            .unwrap()
            .to_string(),
        "13912340000"
    );
    assert_eq!(
        after.petitioner.as_ref().unwrap().id,
        case.petitioner.as_ref().unwrap().id,
        "the same person, corrected in place"
    );

    let events = t.store.case_events(case.id, &all()).await.unwrap();
    let note = events
        .iter()
        .find(|e| e.kind == EventKind::Corrected)
        .unwrap();
    assert!(
        note.text.contains("问题类别：危房改造 → 医疗保障"),
        "{}",
        note.text
    );
    assert!(
        note.text.contains("联系电话：138****5678 → 139****0000"),
        "{}",
        note.text
    );
    assert!(note.text.ends_with("更正理由：登记时录入错误"));

    let audit = t.store.audit_for("case", case.id).await.unwrap();
    let row = audit.iter().find(|a| a.action == "case.correct").unwrap();
    let (before, after_json) = (row.before.clone().unwrap(), row.after.clone().unwrap());
    assert!(before.contains("危房改造") && after_json.contains("医疗保障"));
    for plain in ["13812345678", "13912340000", "11010519491231002X"] {
        assert!(
            !before.contains(plain) && !after_json.contains(plain),
            "{plain} sealed"
        );
    }
    assert_eq!(t.store.verify_audit().await.unwrap().first_broken, None);
}

#[tokio::test]
async fn a_stale_version_is_refused_and_nothing_is_written() {
    let t = fresh_store().await;
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let c = correcting(
        &case,
        &[
            ("summary", "更正后的反映问题"),
            ("petitioner_name", "赵桂芝"),
        ],
    );
    let audit_rows = t.count("SELECT COUNT(*) FROM audit_log").await;
    match correct(&t, &case, &c, Some(case.version + 1)).await {
        Err(StoreError::Conflict(m)) => assert!(m.contains("已被他人修改"), "{m}"),
        other => panic!("{other:?}"),
    }
    let same = t.store.case(case.id, &all()).await.unwrap();
    assert_eq!(
        (same.summary.as_str(), same.version),
        (case.summary.as_str(), case.version)
    );
    assert_eq!(
        same.petitioner.unwrap().name,
        "赵桂兰",
        "the petitioner untouched too"
    );
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_log").await, audit_rows);
}

#[tokio::test]
async fn another_id_number_is_another_person_and_the_old_record_stays() {
    let t = fresh_store().await;
    let first = t.register(&t.zhangpan, "2022-09-20 09:10").await;
    let second = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    let person = first.petitioner.as_ref().unwrap().id;
    assert_eq!(second.petitioner.as_ref().unwrap().id, person);
    let c = correcting(
        &second,
        &[
            ("petitioner_id_number", "411023195603121317"),
            ("petitioner_name", "赵贵兰"),
        ],
    );
    let after = correct(&t, &second, &c, None).await.unwrap();
    let p = after.petitioner.unwrap();
    assert_ne!(p.id, person);
    assert_eq!(
        (p.name.as_str(), p.id_number.unwrap().as_str()),
        ("赵贵兰", "411023195603121317")
    );
    let kept = t
        .store
        .case(first.id, &all())
        .await
        .unwrap()
        .petitioner
        .unwrap();
    assert_eq!((kept.id, kept.name.as_str()), (person, "赵桂兰"));
}
