//! `xinfang generate`: fill a database with generated cases in bulk (for load tests and benchmarks).

use clap::Args;

use super::Cli;
use super::case::actor;
use crate::state::AppState;

/// Options of `xinfang generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many cases to add.
    #[arg(long)]
    cases: i64,
    /// Received over this many years up to today.
    #[arg(long, default_value_t = 5)]
    years: i64,
    /// Audited as this user (default: the console operator).
    #[arg(long = "as")]
    as_user: Option<String>,
}

/// Generate the cases and say what was written.
pub async fn run(cli: &Cli, args: &GenerateArgs) -> Result<(), String> {
    if args.cases < 1 || args.cases > 100_000_000 {
        return Err("案件数（--cases）应为 1 至 100000000".into());
    }
    if !(1..=30).contains(&args.years) {
        return Err("年数（--years）应为 1 至 30".into());
    }
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = actor(&state, args.as_user.as_deref()).await?;
    let started = std::time::Instant::now();
    let made =
        crate::demo::bulk::generate(&state, args.cases, args.years, Some(&actor), state.now())
            .await
            .map_err(|e| e.to_string())?;
    println!(
        "已生成 {} 件案件（样本 {} 件，其中已办结 {} 件），用时 {:.1} 秒",
        made.cases,
        made.templates,
        made.closed_templates,
        started.elapsed().as_secs_f64()
    );
    for (table, rows) in &made.rows {
        println!("  {table}\t{rows}");
    }
    Ok(())
}
