//! Support for test suites: a fresh PostgreSQL database per test.
//!
//! Nothing drops them: the test server is thrown away at its next start,
//! and `scripts/pg-test-server.sh clean` drops them from a server left
//! running (their names are `xf_<kind>_<16 hex digits>`).

use sqlx::Executor;
use sqlx::any::{AnyPoolOptions, install_default_drivers};

use crate::{StoreError, StoreResult};

/// Create an empty database named `name` on the server behind `admin_url`
/// (a URL whose user may create databases) and return its URL.
pub async fn fresh_postgres_database(admin_url: &str, name: &str) -> StoreResult<String> {
    install_default_drivers();
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(StoreError::Other(format!("invalid database name {name}")));
    }
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(admin_url)
        .await?;
    pool.execute(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .await?;
    pool.close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .ok_or_else(|| StoreError::Other("admin URL has no database part".into()))?;
    Ok(format!("{base}/{name}"))
}

/// Create an empty database for one test, named `xf_<kind>_` and 16 random
/// hex digits, on the server behind `admin_url`, and return its URL.
/// `kind` (lowercase letters) tells which suite made it.
pub async fn fresh_test_database(admin_url: &str, kind: &str) -> StoreResult<String> {
    if kind.is_empty() || !kind.chars().all(|c| c.is_ascii_lowercase()) {
        return Err(StoreError::Other(format!(
            "invalid test database kind {kind}"
        )));
    }
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Other(e.to_string()))?;
    fresh_postgres_database(admin_url, &format!("xf_{kind}_{}", hex::encode(bytes))).await
}
