//! The audited write helper: a failed write leaves nothing behind, not even
//! its audit row; a dry run writes nothing; an empty change is not recorded.

use xinfang_domain::district::District;
use xinfang_domain::ident::ResidentId;
use xinfang_domain::org::OrgKind;
use xinfang_domain::repeat::{RepeatDecision, RepeatRecord};
use xinfang_domain::roster::RosterEntry;
use xinfang_store::{Store, StoreError};

use crate::helpers::{at, audit_key, fresh_store, fresh_url, key};

async fn snapshot(t: &crate::helpers::TestStore) -> [i64; 5] {
    [
        t.count("SELECT COUNT(*) FROM cases").await,
        t.count("SELECT COUNT(*) FROM petitioners").await,
        t.count("SELECT COUNT(*) FROM case_counters").await,
        t.count("SELECT COUNT(*) FROM case_events").await,
        t.count("SELECT COUNT(*) FROM audit_log").await,
    ]
}

#[tokio::test]
async fn a_write_that_fails_halfway_leaves_nothing_and_no_audit_row() {
    let t = fresh_store().await;
    let before = snapshot(&t).await;
    // The petitioner and the year's counter are written before the case
    // row, which then fails: its township does not exist.
    let mut new = t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X");
    new.township_id = 999_999;
    let failed = t
        .store
        .register_case(&new, "建安信访", &[], &t.district, at("2022-09-26 09:10"))
        .await;
    assert!(failed.is_err(), "{failed:?}");
    assert_eq!(snapshot(&t).await, before);
    assert_eq!(t.store.verify_audit().await.unwrap().first_broken, None);

    // The next registration takes the first number: the counter was rolled back too.
    let case = t.register(&t.zhangpan, "2022-09-26 09:10").await;
    assert_eq!(case.number, "建安信访〔2022〕0001号");
}

#[tokio::test]
async fn a_refused_write_is_not_audited() {
    let t = fresh_store().await;
    let before = t.count("SELECT COUNT(*) FROM audit_log").await;
    let taken = t
        .store
        .create_org(
            "411003105",
            "又一个张潘镇",
            OrgKind::Township,
            Some(t.bureau.id),
            None,
            at("2022-01-02 08:00"),
        )
        .await;
    assert!(matches!(taken, Err(StoreError::Conflict(_))), "{taken:?}");
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_log").await, before);
}

#[tokio::test]
async fn a_dry_run_and_an_unchanged_save_write_nothing() {
    let t = fresh_store().await;
    let before = t.count("SELECT COUNT(*) FROM audit_log").await;
    let entry = RosterEntry {
        org_id: t.zhangpan.id,
        org_name: "张潘镇".into(),
        leader_name: "王镇长".into(),
        leader_title: "副镇长".into(),
        cadre_name: "张专干".into(),
        cadre_mobile: Some("13900000000".into()),
        ..RosterEntry::default()
    };
    let now = at("2022-02-01 09:00");
    let counts = t
        .store
        .save_roster(std::slice::from_ref(&entry), &t.district, now, true)
        .await
        .unwrap();
    assert_eq!(counts.added, 1, "a dry run counts");
    assert_eq!(t.count("SELECT COUNT(*) FROM cadre_roster").await, 0);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_log").await, before);

    t.store
        .save_roster(std::slice::from_ref(&entry), &t.district, now, false)
        .await
        .unwrap();
    assert_eq!(t.count("SELECT COUNT(*) FROM cadre_roster").await, 1);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_log").await, before + 1);

    // Saving the same again changes nothing and records nothing.
    let again = t
        .store
        .save_roster(&[entry], &t.district, now, false)
        .await
        .unwrap();
    assert_eq!(again.unchanged, 1);
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_log").await, before + 1);

    // Setting up a district where organisations exist is refused, and records nothing.
    assert!(matches!(
        t.store.create_district(&District::jianan(), now).await,
        Err(StoreError::Conflict(_))
    ));
    assert_eq!(t.count("SELECT COUNT(*) FROM audit_log").await, before + 1);
}

#[tokio::test]
async fn a_district_is_set_up_once_in_one_audited_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_url(&dir).await;
    let store = Store::connect(&url, &key(), &audit_key()).await.unwrap();
    let now = at("2022-01-01 08:00");
    let district = District::parse(
        r#"{ "code": "419901", "name": "清河市清河县", "province": "某省", "city": "清河市",
             "orgs": [
               { "code": "419901-B01", "name": "县乡村振兴局", "kind": "bureau", "parent": "419901" },
               { "code": "419901100", "name": "城关镇", "kind": "township", "parent": "419901" },
               { "code": "419901100201", "name": "东关村", "kind": "village", "parent": "419901100" }
             ] }"#,
    )
    .unwrap();
    assert_eq!(store.create_district(&district, now).await.unwrap(), 4);
    let orgs = store.list_orgs().await.unwrap();
    let village = orgs.iter().find(|o| o.name == "东关村").unwrap();
    let town = orgs.iter().find(|o| o.name == "城关镇").unwrap();
    assert_eq!(village.parent_id, Some(town.id));
    let region = store.region().await.unwrap();
    assert_eq!(
        (
            region.province.as_str(),
            region.city.as_str(),
            region.county.as_str()
        ),
        ("某省", "清河市", "清河县")
    );
    let audit = store
        .list_audit(&xinfang_store::AuditFilter::default(), 100, 0)
        .await
        .unwrap();
    let actions: Vec<&str> = audit.items.iter().map(|(e, _)| e.action.as_str()).collect();
    assert_eq!(actions.iter().filter(|a| **a == "org.seed").count(), 4);
    assert_eq!(actions.iter().filter(|a| **a == "setting.set").count(), 2);
    assert_eq!(actions.len(), 6);
    // Once only: the second time is refused and writes nothing.
    assert!(store.create_district(&district, now).await.is_err());
    assert_eq!(store.list_orgs().await.unwrap().len(), 4);
    assert_eq!(store.verify_audit().await.unwrap().rows, 6);
}

/// Registrations arriving together are committed in groups (one commit for
/// many): each is still answered with its own case, numbered without gap or
/// repeat, with its own event, milestones and audit row on an unbroken
/// chain; one that fails (its township does not exist) fails alone.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn registrations_arriving_together_are_each_written_whole_and_a_bad_one_fails_alone() {
    let t = fresh_store().await;
    let before = snapshot(&t).await;
    let milestones_before = t.count("SELECT COUNT(*) FROM milestones").await;
    let rows = [
        crate::milestones::milestone("contact", "2022-09-28", None),
        crate::milestones::milestone("accept", "2022-10-17", None),
    ];
    let bad = [5, 18, 31];
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = t.store.clone();
        let actor = t.district.clone();
        let rows = rows.clone();
        let mut new = t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X");
        new.summary = format!("第{i}件：危房改造补助未到位");
        if bad.contains(&i) {
            new.township_id = 999_999;
        }
        tasks.push(tokio::spawn(async move {
            store
                .register_case(&new, "建安信访", &rows, &actor, at("2022-09-26 09:10"))
                .await
        }));
    }
    let mut numbers = Vec::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let answer = task.await.unwrap();
        if bad.contains(&i) {
            assert!(answer.is_err(), "{i}: {answer:?}");
            continue;
        }
        let case = answer.unwrap();
        assert_eq!(case.summary, format!("第{i}件：危房改造补助未到位"));
        let stored = t
            .store
            .milestones(case.id, &crate::helpers::all())
            .await
            .unwrap();
        let keys: Vec<&str> = stored.iter().map(|m| m.row.key.as_str()).collect();
        assert_eq!(keys.len(), 2, "{keys:?}");
        assert!(
            keys.contains(&"contact") && keys.contains(&"accept"),
            "{keys:?}"
        );
        numbers.push(case.number);
    }
    numbers.sort();
    let expected: Vec<String> = (1..=37)
        .map(|n| format!("建安信访〔2022〕{n:04}号"))
        .collect();
    assert_eq!(numbers, expected);
    let after = snapshot(&t).await;
    // One petitioner (the same ID number every time) and one year's counter.
    assert_eq!(after[0] - before[0], 37);
    assert_eq!(after[1] - before[1], 1);
    assert_eq!(after[3] - before[3], 37);
    assert_eq!(after[4] - before[4], 37);
    assert_eq!(
        t.count("SELECT COUNT(*) FROM milestones").await - milestones_before,
        74
    );
    let pool = t.raw().await;
    let registered: Vec<i64> = sqlx::query_scalar(
        "SELECT entity_id FROM audit_log WHERE action = 'case.register' ORDER BY id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut distinct = registered.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), 37);
    assert_eq!(t.store.verify_audit().await.unwrap().first_broken, None);
}

/// The ID number `11010519491231` + `seq` + its check digit.
fn resident_id(seq: usize) -> ResidentId {
    let first17 = format!("11010519491231{:03}", 100 + seq);
    let check = xinfang_domain::ident::check_char(&first17).unwrap();
    ResidentId::parse(&format!("{first17}{check}")).unwrap()
}

/// A group is written table by table, many rows to a statement; each
/// registration in it must still get its own rows: the petitioner it
/// names (a known ID number links and renames that record; a new ID
/// number, or none, makes a record of its own), its year's next number,
/// its events, its milestones and its audit rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_group_gives_each_registration_its_own_petitioner_number_and_rows() {
    let t = fresh_store().await;
    let known = t.register(&t.zhangpan, "2022-09-20 09:00").await;
    let known_person = known.petitioner.clone().unwrap();
    let petitioners_before = t.count("SELECT COUNT(*) FROM petitioners").await;
    let (groups0, jobs0) = t.store.registration_groups();
    let n = 30;
    let mut tasks = Vec::new();
    for i in 0..n {
        let store = t.store.clone();
        let actor = t.district.clone();
        let received = if i % 4 == 0 {
            "2023-01-05 09:00"
        } else {
            "2022-09-26 09:10"
        };
        let mut new = t.new_case(&t.zhangpan, received, "11010519491231002X");
        new.summary = format!("第{i}件：危房改造补助未到位");
        let person = new.petitioner.as_mut().unwrap();
        person.name = format!("信访人{i}");
        match i % 3 {
            _ if i == 7 => person.name = "赵桂兰（改名）".into(),
            0 => person.id_number = Some(resident_id(i)),
            1 => person.id_number = None,
            _ => new.petitioner = None,
        }
        if i % 5 == 0 {
            new.repeat = Some(RepeatRecord::new(RepeatDecision::Override, &[]));
        }
        let rows = vec![crate::milestones::milestone(
            &format!("k{i}"),
            "2023-02-28",
            None,
        )];
        tasks.push(tokio::spawn(async move {
            store
                .register_case(&new, "建安信访", &rows, &actor, at(received))
                .await
        }));
    }
    let mut numbers = Vec::new();
    for (i, task) in tasks.into_iter().enumerate() {
        let case = task.await.unwrap().unwrap();
        assert_eq!(case.summary, format!("第{i}件：危房改造补助未到位"));
        let person = case.petitioner.clone();
        match i % 3 {
            _ if i == 7 => assert_eq!(
                person.map(|p| (p.id, p.name)),
                Some((known_person.id, "赵桂兰（改名）".to_string()))
            ),
            0 => {
                let p = person.unwrap();
                assert_eq!(p.name, format!("信访人{i}"));
                assert_eq!(p.id_number, Some(resident_id(i)));
            }
            1 => {
                let p = person.unwrap();
                assert_eq!(
                    (p.name.as_str(), p.id_number),
                    (format!("信访人{i}").as_str(), None)
                );
            }
            _ => assert!(person.is_none(), "{i}: {person:?}"),
        }
        let scope = crate::helpers::all();
        let keys: Vec<String> = t
            .store
            .milestones(case.id, &scope)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.row.key)
            .collect();
        assert_eq!(keys, [format!("k{i}")]);
        let events = t.store.case_events(case.id, &scope).await.unwrap();
        assert_eq!(events[0].data["number"], case.number.as_str(), "{i}");
        assert_eq!(events.len(), if i % 5 == 0 { 2 } else { 1 }, "{i}");
        let audits = t.store.audit_for("case", case.id).await.unwrap();
        assert_eq!(audits.len(), events.len(), "{i}");
        numbers.push((case.received_at, case.number));
    }
    // Each year's numbers run from 1 without gap or repeat (2022 had the
    // known case).
    let in_2023 = (0..n).filter(|i| i % 4 == 0).count();
    for (year, from, count) in [(2022, 2, n - in_2023), (2023, 1, in_2023)] {
        let mut got: Vec<&String> = numbers
            .iter()
            .filter(|(_, number)| number.contains(&format!("〔{year}〕")))
            .map(|(_, number)| number)
            .collect();
        got.sort();
        let want: Vec<String> = (from..from + count)
            .map(|s| format!("建安信访〔{year}〕{s:04}号"))
            .collect();
        assert_eq!(got, want.iter().collect::<Vec<_>>());
    }
    // Records made: one for each new ID number and each registration without one.
    let made = (0..n).filter(|i| *i != 7 && i % 3 != 2).count() as i64;
    assert_eq!(
        t.count("SELECT COUNT(*) FROM petitioners").await - petitioners_before,
        made
    );
    // The known case now reads the new name, and is found by it.
    let renamed = t
        .store
        .case(known.id, &crate::helpers::all())
        .await
        .unwrap();
    assert_eq!(renamed.petitioner.unwrap().name, "赵桂兰（改名）");
    let found = crate::search::find(&t.store, "改名", &crate::helpers::all(), false).await;
    assert!(found.contains(&known.id), "{found:?}");
    let (groups, jobs) = t.store.registration_groups();
    assert_eq!(jobs - jobs0, n as u64);
    assert!(
        groups - groups0 < jobs - jobs0,
        "no commit was shared: {groups} groups"
    );
    assert_eq!(t.store.verify_audit().await.unwrap().first_broken, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_processes_writing_one_database_at_once_each_wait_their_turn() {
    // A second store on the same database has its own pool and its own
    // write gate, as a console command run beside the server has. Each
    // rename reads the organisation and then writes it: on SQLite a write
    // begun before it took the lock failed at once ("database is locked")
    // when the other had written in between.
    let t = fresh_store().await;
    let second = Store::connect(&t.url, &key(), &audit_key()).await.unwrap();
    let rename = |store: Store, who: &'static str| {
        let id = t.lingjing.id;
        tokio::spawn(async move {
            for i in 0..60 {
                store
                    .rename_org(id, &format!("灵井{who}{i}镇"), None, at("2022-10-01 08:00"))
                    .await
                    .map_err(|e| format!("{who} {i}: {e}"))?;
            }
            Ok::<(), String>(())
        })
    };
    let (a, b) = tokio::join!(rename(t.store.clone(), "甲"), rename(second.clone(), "乙"));
    assert_eq!(a.unwrap(), Ok(()));
    assert_eq!(b.unwrap(), Ok(()));
    assert_eq!(
        t.count("SELECT COUNT(*) FROM audit_log WHERE action = 'org.rename'")
            .await,
        120
    );
    second.close().await;
}

/// A registration is answered with its records as the group wrote them,
/// without reading them back (what the API's answer is made of): each
/// answer must be what a read of the case afterwards gives, in the same
/// order (events by time happened, then id; milestones by due time, none
/// last, then id), with no other case's rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_registration_of_a_group_is_answered_with_what_a_read_of_its_case_gives() {
    let t = fresh_store().await;
    let (groups0, jobs0) = t.store.registration_groups();
    let n = 24;
    let mut tasks = Vec::new();
    for i in 0..n {
        let store = t.store.clone();
        let actor = t.district.clone();
        let mut new = t.new_case(&t.zhangpan, "2022-09-26 09:10", "11010519491231002X");
        new.summary = format!("第{i}件：低保被无故取消");
        if i % 3 == 0 {
            new.repeat = Some(RepeatRecord::new(RepeatDecision::Override, &[]));
        }
        // Written in an order the reads do not keep: no due time first,
        // then one to three dated ones, the latest first.
        let mut undated = crate::milestones::milestone(&format!("none{i}"), "2022-10-31", None);
        undated.due_at = None;
        let mut rows = vec![undated];
        for (k, due) in ["2022-11-30", "2022-10-10", "2022-10-20"]
            .iter()
            .take(1 + i % 3)
            .enumerate()
        {
            rows.push(crate::milestones::milestone(
                &format!("m{i}_{k}"),
                due,
                None,
            ));
        }
        tasks.push(tokio::spawn(async move {
            store
                .register_case_with_records(&new, "建安信访", &rows, &actor, at("2022-09-26 09:10"))
                .await
                .map(|answer| (answer, rows.len()))
        }));
    }
    let scope = crate::helpers::all();
    for (i, task) in tasks.into_iter().enumerate() {
        let ((case, records), written) = task.await.unwrap().unwrap();
        assert_eq!(case.summary, format!("第{i}件：低保被无故取消"));
        let read = t.store.case(case.id, &scope).await.unwrap();
        let read_records = t.store.case_records(case.id, &scope).await.unwrap();
        assert_eq!(format!("{case:?}"), format!("{read:?}"), "{i}");
        assert_eq!(
            format!("{:?}", records.events),
            format!("{:?}", read_records.events),
            "{i}"
        );
        assert_eq!(
            format!("{:?}", records.milestones),
            format!("{:?}", read_records.milestones),
            "{i}"
        );
        // What was asked for, by hand: the 登记 event (and the 重复访判定),
        // every milestone, the undated one last.
        let kinds: Vec<&str> = records.events.iter().map(|e| e.kind.as_str()).collect();
        let want = if i % 3 == 0 {
            vec!["registered", "repeat_decision"]
        } else {
            vec!["registered"]
        };
        assert_eq!(kinds, want, "{i}");
        assert_eq!(records.milestones.len(), written, "{i}");
        assert_eq!(
            records.milestones.last().unwrap().row.key,
            format!("none{i}")
        );
        assert!(records.milestones.iter().all(|m| m.case_id == case.id));
    }
    let (groups, jobs) = t.store.registration_groups();
    assert_eq!(jobs - jobs0, n as u64);
    assert!(
        groups - groups0 < jobs - jobs0,
        "no commit was shared: {groups} groups"
    );
}
