//! `xinfang stats`: the statistics of a period (统计分析), as a table or the API's JSON.

use clap::Args;
use xinfang_domain::statistics::{Counts, percent};

use super::Cli;
use super::case::actor;
use crate::services::statistics::read_statistics::{StatsInput, read_statistics, stats_json};
use crate::services::statistics::stats_page::COLUMNS;
use crate::state::AppState;

/// Options of `xinfang stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// First 接待日期 (YYYY-MM-DD); default 1 January of the `--to` year.
    #[arg(long, default_value = "")]
    from: String,
    /// Last 接待日期, included (YYYY-MM-DD); default today.
    #[arg(long, default_value = "")]
    to: String,
    /// Breakdown: township, department, category, channel, kind or month.
    #[arg(long, default_value = "township")]
    by: String,
    /// Count within this user's scope (default: the whole district).
    #[arg(long = "as")]
    as_user: Option<String>,
    /// Print the JSON of `GET /api/v1/stats`.
    #[arg(long)]
    json: bool,
}

/// Print the statistics.
pub async fn run(cli: &Cli, args: &StatsArgs) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = actor(&state, args.as_user.as_deref()).await?;
    let input = StatsInput {
        from: args.from.clone(),
        to: args.to.clone(),
        by: args.by.clone(),
        period: String::new(),
    };
    let report = read_statistics(&state, &actor, &input, state.now())
        .await
        .map_err(|e| e.to_string())?;
    if args.json {
        let v = serde_json::to_string_pretty(&stats_json(&report)).map_err(|e| e.to_string())?;
        println!("{v}");
        return Ok(());
    }
    println!(
        "统计分析 {} 至 {}，按{}",
        report.period.from,
        report.period.to,
        report.by.label()
    );
    let mut headers = vec![report.by.label()];
    headers.extend(COLUMNS.iter().map(|(h, _)| *h));
    println!("{}", headers.join("\t"));
    for g in &report.groups {
        println!("{}", line(&g.key, &g.counts));
    }
    println!("{}", line("合计", &report.total));
    if !report.sees_district {
        println!("{}", line("全区合计", &report.district_total));
    }
    Ok(())
}

/// One tab-separated row of the table, in the page's columns.
fn line(key: &str, c: &Counts) -> String {
    let mut cells = vec![key.to_string()];
    cells.extend(COLUMNS.iter().map(|(_, col)| match col.rate(c) {
        Some(rate) => percent(rate),
        None => col.count(c).unwrap_or_default().to_string(),
    }));
    cells.join("\t")
}
