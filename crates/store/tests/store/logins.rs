//! The lockout's atomic step: parallel guesses cannot outrun the lock, a right password gives its try back, the administrator's unlock is audited.

use jiff::SignedDuration;
use xinfang_store::{AuditFilter, NewSessionRow};

use crate::helpers::{at, fresh_store};

const LIMIT: i64 = 5;

/// A claimed try, checked "slowly" (as argon2 would be), and found wrong.
async fn guess_wrong(store: xinfang_store::Store, now: jiff::Timestamp) -> bool {
    let lock_until = now + SignedDuration::from_mins(15);
    let claim = store
        .claim_login_attempt("zhangpan", now, LIMIT, lock_until)
        .await
        .expect("claim");
    let Some(attempt) = claim else { return false };
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    store
        .settle_login_failure(&attempt, now)
        .await
        .expect("settle");
    true
}

#[tokio::test]
async fn two_hundred_parallel_guesses_get_at_most_the_limit_of_tries() {
    let t = fresh_store().await;
    let now = at("2022-03-01 09:00");
    let tasks: Vec<_> = (0..200)
        .map(|_| tokio::spawn(guess_wrong(t.store.clone(), now)))
        .collect();
    let mut granted = 0;
    for task in tasks {
        if task.await.expect("task") {
            granted += 1;
        }
    }
    assert_eq!(granted, LIMIT, "exactly the limit of passwords is checked");
    let u = t.store.user_by_username("zhangpan").await.unwrap().unwrap();
    assert_eq!(u.failed_logins, LIMIT);
    assert_eq!(u.locked_until, Some(now + SignedDuration::from_mins(15)));
    assert_eq!(u.locked_at, Some(now));
    assert_eq!(u.last_failed_login_at, Some(now));

    // While locked nothing is granted, not even a try that would be right.
    let later = now + SignedDuration::from_mins(14);
    let claim = t
        .store
        .claim_login_attempt("zhangpan", later, LIMIT, later)
        .await
        .unwrap();
    assert!(claim.is_none(), "a locked account grants no try");
    assert_eq!(
        t.store
            .user_by_username("zhangpan")
            .await
            .unwrap()
            .unwrap()
            .failed_logins,
        LIMIT,
        "a refused try counts nothing"
    );

    // One lock, one audit row written by the system.
    let trail = t
        .store
        .list_audit(&AuditFilter::default(), 1000, 0)
        .await
        .unwrap();
    let locks: Vec<_> = trail
        .items
        .iter()
        .filter(|(e, _)| e.action == "user.lock")
        .collect();
    assert_eq!(locks.len(), 1);
    assert_eq!(locks[0].0.actor_name, "系统");

    // The lock runs out after 15 minutes; the count starts again.
    let after = now + SignedDuration::from_mins(15);
    let a = t
        .store
        .claim_login_attempt(
            "zhangpan",
            after,
            LIMIT,
            after + SignedDuration::from_mins(15),
        )
        .await
        .unwrap()
        .expect("granted after the lock ran out");
    assert_eq!(a.attempt, 1);
    assert!(!a.locks);
    assert_eq!(a.untold_lock, Some(now), "the lock is still to be told");
}

#[tokio::test]
async fn unknown_names_are_refused_like_locked_ones() {
    let t = fresh_store().await;
    let now = at("2022-03-01 09:00");
    let claim = t
        .store
        .claim_login_attempt("nobody", now, LIMIT, now)
        .await
        .unwrap();
    assert!(claim.is_none());
}

#[tokio::test]
async fn a_right_password_gives_its_try_back_and_tells_of_the_lock() {
    let t = fresh_store().await;
    let now = at("2022-03-01 09:00");
    let lock_until = now + SignedDuration::from_mins(15);
    for _ in 0..4 {
        assert!(guess_wrong(t.store.clone(), now).await);
    }
    // The fifth try sets the lock before its password is checked...
    let right = t
        .store
        .claim_login_attempt("zhangpan", now, LIMIT, lock_until)
        .await
        .unwrap()
        .expect("granted");
    assert_eq!(right.attempt, 5);
    assert!(right.locks);
    assert!(
        !guess_wrong(t.store.clone(), now).await,
        "no other try while it is checked"
    );
    // ...and, being right, lifts it: the count starts again.
    let session = NewSessionRow {
        token_hash: "h1",
        csrf_token: "c1",
        expires_at: now + SignedDuration::from_hours(8),
    };
    t.store
        .finish_login(&right, Some(&session), now)
        .await
        .unwrap();
    let u = t.store.user_by_username("zhangpan").await.unwrap().unwrap();
    assert_eq!(u.failed_logins, 0);
    assert_eq!(u.locked_until, None);
    let s = t.store.session("h1", now).await.unwrap().expect("session");
    assert_eq!(s.lock_notice_at, None, "no lock had taken hold");

    // A real lock, then a right password after it ran out: the session tells of it, once.
    for _ in 0..5 {
        assert!(guess_wrong(t.store.clone(), now).await);
    }
    let later = now + SignedDuration::from_mins(20);
    let right = t
        .store
        .claim_login_attempt("zhangpan", later, LIMIT, later)
        .await
        .unwrap()
        .expect("granted");
    let session = NewSessionRow {
        token_hash: "h2",
        csrf_token: "c2",
        expires_at: later + SignedDuration::from_hours(8),
    };
    t.store
        .finish_login(&right, Some(&session), later)
        .await
        .unwrap();
    let s = t
        .store
        .session("h2", later)
        .await
        .unwrap()
        .expect("session");
    assert_eq!(s.lock_notice_at, Some(now));
    let u = t.store.user_by_username("zhangpan").await.unwrap().unwrap();
    assert_eq!(u.locked_at, None, "told once");
}

#[tokio::test]
async fn guesses_during_a_right_login_keep_their_lock() {
    let t = fresh_store().await;
    let now = at("2022-03-01 09:00");
    let lock_until = now + SignedDuration::from_mins(15);
    let right = t
        .store
        .claim_login_attempt("zhangpan", now, LIMIT, lock_until)
        .await
        .unwrap()
        .expect("granted");
    // While the right password is checked, four guesses take the other tries and lock.
    for _ in 0..4 {
        assert!(guess_wrong(t.store.clone(), now).await);
    }
    assert!(!guess_wrong(t.store.clone(), now).await, "locked");
    t.store.finish_login(&right, None, now).await.unwrap();
    let u = t.store.user_by_username("zhangpan").await.unwrap().unwrap();
    assert_eq!(u.failed_logins, 4, "only the right try is taken off");
    assert_eq!(u.locked_until, Some(lock_until), "the guesses' lock stands");
}

#[tokio::test]
async fn the_administrator_lifts_a_lock_on_the_record() {
    let t = fresh_store().await;
    let now = at("2022-03-01 09:00");
    for _ in 0..5 {
        assert!(guess_wrong(t.store.clone(), now).await);
    }
    let id = t.zhangpan_officer.user_id;
    t.store
        .unlock_user(id, &t.district, now + SignedDuration::from_mins(1))
        .await
        .unwrap();
    let u = t.store.user(id).await.unwrap();
    assert_eq!((u.failed_logins, u.locked_until), (0, None));
    assert_eq!(
        u.locked_at,
        Some(now),
        "the user is still told at the next login"
    );
    assert!(guess_wrong(t.store.clone(), now + SignedDuration::from_mins(2)).await);
    let trail = t
        .store
        .list_audit(&AuditFilter::default(), 1000, 0)
        .await
        .unwrap();
    let unlock = trail
        .items
        .iter()
        .find(|(e, _)| e.action == "user.unlock")
        .expect("audited");
    assert_eq!(unlock.0.actor_name, "quju用户");
    assert_eq!(unlock.0.entity_id, Some(id));
    assert!(
        unlock
            .0
            .before
            .as_deref()
            .is_some_and(|b| b.contains("锁定中"))
    );
}
