//! Store benchmark: registering cases and reading lists at district scale.
//!
//! `cargo bench -p xinfang-store --bench cases` (SQLite in a temp dir), or with
//! `XINFANG_BENCH_PG=postgres://…/postgres` for PostgreSQL. `XINFANG_BENCH_CASES`
//! sets the number of cases (default 20000).
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use jiff::{SignedDuration, Timestamp};
use xinfang_domain::access::{Actor, CaseScope, Role};
use xinfang_domain::case::{NewCase, NewPetitioner};
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::org::OrgKind;
use xinfang_domain::vocab::{CaseKind, Category, Channel, PovertyStatus, SourceLevel};
use xinfang_store::{CaseFilter, CaseSort, Store};

fn report(what: &str, n: usize, took: Duration) {
    let per = took / n.max(1) as u32;
    println!(
        "{what:<48} {n:>7} × {:>10.3} ms   total {:>8.2} s",
        per.as_secs_f64() * 1000.0,
        took.as_secs_f64()
    );
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("XINFANG_BENCH_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("XINFANG_BENCH_PG") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("xf_bench_{}", std::process::id());
            xinfang_store::testing::fresh_postgres_database(&admin, &name)
                .await
                .unwrap()
        }
        _ => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        ),
    };
    let key = xinfang_store::DataKey::generate().unwrap();
    let audit_key = xinfang_store::AuditKey::generate().unwrap();
    let store = Store::connect(&url, &key, &audit_key).await.unwrap();
    println!("engine: {:?}, cases: {n}", store.engine());
    let t0 = Timestamp::now();
    store
        .create_district(&xinfang_domain::district::District::jianan(), t0)
        .await
        .unwrap();
    let orgs = store.list_orgs().await.unwrap();
    let townships: Vec<i64> = orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .map(|o| o.id)
        .collect();
    let actor = Actor {
        user_id: 0,
        username: "bench".into(),
        display_name: "bench".into(),
        org_id: orgs[0].id,
        org_kind: OrgKind::Bureau,
        roles: vec![Role::DistrictAdmin],
    };
    // The actor is not a stored user; reference nothing by it.
    let start = Timestamp::from_second(1_641_000_000).unwrap();
    let kinds = [
        CaseKind::FirstPetition,
        CaseKind::Repeat,
        CaseKind::OnlineOpinion,
        CaseKind::Escalated,
    ];
    let cats = Category::ALL;
    // Four milestones a case, as the seed rules give a 重复访.
    let milestones: Vec<xinfang_store::MilestoneRow> = (0..4)
        .map(|k| xinfang_store::MilestoneRow {
            key: format!("m{k}"),
            name: format!("节点{k}"),
            is_window: false,
            // The last one answers the petitioner, as the 处置情况报告 does.
            role: (k == 3).then_some(xinfang_domain::deadlines::MilestoneRole::Answer),
            started_at: Some(start),
            due_at: Some(start + SignedDuration::from_hours(24 * (k + 1))),
            completed_at: None,
            state: "open".into(),
            explanation: "受理日不计入；截止 24:00".into(),
            warnings: String::new(),
            warn_from: None,
        })
        .collect();
    let t = Instant::now();
    for i in 0..n {
        let new = NewCase {
            kind: kinds[i % kinds.len()],
            channel: Channel::ALL[i % Channel::ALL.len()],
            source_level: SourceLevel::ALL[i % SourceLevel::ALL.len()],
            key_assigned: i % 7 == 0,
            received_at: start + SignedDuration::from_mins(i as i64 * 13),
            township_id: townships[i % townships.len()],
            village_id: None,
            summary: format!("反映第{i}号问题：补助资金未到位，请求核实"),
            category: cats[i % cats.len()],
            petitioner: Some(NewPetitioner {
                name: format!("信访人{i}"),
                id_number: Some(resident_id(i)),
                phone: PhoneNumber::parse(&format!("138{:08}", i % 100_000_000)).ok(),
                address: Some(format!(
                    "建安区张潘镇古城村{}组{}号",
                    i % 12 + 1,
                    i % 90 + 1
                )),
                poverty_status: PovertyStatus::Lifted,
            }),
            companions: Vec::new(),
            online: None,
            backlog: false,
            backlog_reason: None,
            remarks: None,
            related_case_id: None,
            escalated_to: None,
            repeat: None,
        };
        store
            .register_case(
                &new,
                "建安信访",
                &milestones,
                &bench_actor(&store, &actor).await,
                Timestamp::now(),
            )
            .await
            .unwrap();
    }
    report("register_case (one transaction each)", n, t.elapsed());

    let all = CaseScope::all();
    let township = CaseScope {
        territory: Some(townships[3]),
        unit: Some(townships[3]),
        ..CaseScope::none()
    };
    let rounds = 200;
    for (name, scope, filter) in [
        (
            "list page 50, district scope, no filter",
            all,
            CaseFilter::default(),
        ),
        (
            "list page 50, township scope",
            township,
            CaseFilter::default(),
        ),
        (
            "list page 50, district, kind+category filter",
            all,
            CaseFilter {
                kind: Some(CaseKind::Repeat),
                category: Some(Category::Housing),
                ..CaseFilter::default()
            },
        ),
        (
            "list page 50, district, text search",
            all,
            CaseFilter {
                text: Some("第1234号".into()),
                ..CaseFilter::default()
            },
        ),
        (
            "list page 50, district, open only",
            all,
            CaseFilter {
                open_only: true,
                ..CaseFilter::default()
            },
        ),
    ] {
        let t = Instant::now();
        for _ in 0..rounds {
            store
                .list_cases(&filter, &scope, CaseSort::ReceivedDesc, Some(50), 100)
                .await
                .unwrap();
        }
        report(name, rounds, t.elapsed());
    }
    let t = Instant::now();
    for i in 0..rounds {
        store
            .case(1 + (i as i64 * 37) % n as i64, &all)
            .await
            .unwrap();
    }
    report("case by id with units", rounds, t.elapsed());
    let t = Instant::now();
    let everything = store
        .list_cases(
            &CaseFilter::default(),
            &all,
            CaseSort::ReceivedDesc,
            None,
            0,
        )
        .await
        .unwrap();
    report("list every case (CLI case list)", 1, t.elapsed());
    assert_eq!(everything.items.len(), n);
    store.close().await;
}

/// The bench registers as the first stored user, created once.
async fn bench_actor(store: &Store, template: &Actor) -> Actor {
    use std::sync::OnceLock;
    static ID: OnceLock<i64> = OnceLock::new();
    if let Some(id) = ID.get() {
        return Actor {
            user_id: *id,
            ..template.clone()
        };
    }
    let u = store
        .create_user(
            &xinfang_domain::account::NewUser {
                username: "bench".into(),
                display_name: "bench".into(),
                org_id: template.org_id,
                roles: vec![Role::DistrictAdmin],
                phone: None,
                password_hash: "x".into(),
            },
            None,
            Timestamp::now(),
        )
        .await
        .unwrap();
    let _ = ID.set(u.id);
    Actor {
        user_id: u.id,
        ..template.clone()
    }
}

/// A valid ID number of a Jian'an resident born in 1960–1999, one per `i`
/// (so every registration is a new petitioner, sealed and indexed).
fn resident_id(i: usize) -> ResidentId {
    let first17 = format!("411003{}0101{:03}", 1960 + i % 40, i / 40 % 1000);
    let check = xinfang_domain::ident::check_char(&first17).unwrap();
    ResidentId::parse(&format!("{first17}{check}")).unwrap()
}
