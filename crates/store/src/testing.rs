//! Support for test suites: a fresh PostgreSQL database per test.

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
