//! Store benchmark: the keyed audit chain — HMAC-SM3 against the old unkeyed
//! SHA-256 per row, a full verification, and the incremental check `/audit` makes.
//!
//! `cargo bench -p xinfang-store --bench audit_chain` (SQLite in a temp dir), or
//! with `XINFANG_BENCH_PG=postgres://…/postgres`. `XINFANG_BENCH_ROWS` sets the
//! number of audit rows (default 20000).
#![allow(clippy::unwrap_used, clippy::print_stdout, missing_docs)]

use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use jiff::Timestamp;
use sha2::{Digest, Sha256};
use sm3::Sm3;
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::org::OrgKind;
use xinfang_store::{AuditKey, DataKey, Store};

fn report(what: &str, n: usize, took: Duration) {
    let per = took / n.max(1) as u32;
    println!(
        "{what:<52} {n:>7} × {:>10.4} ms   total {:>8.3} s",
        per.as_secs_f64() * 1000.0,
        took.as_secs_f64()
    );
}

/// A typical row as hashed: prev hash and eight fields, about 300 bytes.
fn row_message() -> Vec<u8> {
    let mut m = "ab".repeat(32).into_bytes();
    m.extend_from_slice("1665284400000\u{0}12\u{0}张专干\u{0}personal.reveal\u{0}case\u{0}4711\u{0}\u{0}打印建安信访〔2022〕0042号的《信访事项受理告知书》（载有信访人身份证号、联系电话、住址）".as_bytes());
    m
}

#[tokio::main]
async fn main() {
    let n: usize = std::env::var("XINFANG_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);

    let msg = row_message();
    let reps = 200_000;
    let t = Instant::now();
    for _ in 0..reps {
        std::hint::black_box(Sha256::digest(std::hint::black_box(&msg)));
    }
    report(
        "SHA-256 of one row (the old, unkeyed chain)",
        reps,
        t.elapsed(),
    );
    let key = [7u8; 32];
    let t = Instant::now();
    for _ in 0..reps {
        let mut mac = <Hmac<Sm3> as hmac::KeyInit>::new_from_slice(&key).unwrap();
        mac.update(std::hint::black_box(&msg));
        std::hint::black_box(mac.finalize());
    }
    report("HMAC-SM3 of one row (the keyed chain)", reps, t.elapsed());

    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("XINFANG_BENCH_PG") {
        Ok(admin) if !admin.is_empty() => {
            let name = format!("xf_bench_audit_{}", std::process::id());
            xinfang_store::testing::fresh_postgres_database(&admin, &name)
                .await
                .unwrap()
        }
        _ => format!(
            "sqlite://{}?mode=rwc",
            dir.path().join("bench.db").display()
        ),
    };
    let store = Store::connect(
        &url,
        &DataKey::generate().unwrap(),
        &AuditKey::generate().unwrap(),
    )
    .await
    .unwrap();
    println!("engine: {:?}, audit rows: {n}", store.engine());
    let actor = Actor {
        user_id: 0,
        username: "bench".into(),
        display_name: "bench".into(),
        org_id: 0,
        org_kind: OrgKind::Bureau,
        roles: vec![Role::DistrictAdmin],
    };
    let now = Timestamp::from_second(1_665_284_400).unwrap();
    let t = Instant::now();
    for i in 0..n {
        let what = format!(
            "打印建安信访〔2022〕{i:04}号的《信访事项受理告知书》（载有信访人身份证号、联系电话、住址）"
        );
        store
            .log_reveal(&actor, "case", i as i64, &what, now)
            .await
            .unwrap();
    }
    report("append one audit row (its own transaction)", n, t.elapsed());

    let t = Instant::now();
    let full = store.verify_audit().await.unwrap();
    let took = t.elapsed();
    assert_eq!(full.first_broken, None);
    report("verify-audit: the whole chain, per row", n, took);
    report("verify-audit: the whole chain", 1, took);

    let head = full.head.unwrap();
    let t = Instant::now();
    let v = store.verify_audit_after(Some(&head)).await.unwrap();
    assert_eq!(v.first_broken, None);
    report(
        "/audit check: nothing new since the checkpoint",
        1,
        t.elapsed(),
    );
    let t = Instant::now();
    let v = store.verify_audit_slice(None, 1000).await.unwrap();
    assert_eq!(v.first_broken, None);
    report("/audit check: the 1000-row sweep slice", 1, t.elapsed());
}
