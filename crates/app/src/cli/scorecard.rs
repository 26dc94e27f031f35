//! `xinfang scorecard`: 乡镇后评估 of a period, as a table with every score's
//! sentence, or the API's JSON.

use clap::Args;

use super::Cli;
use super::case::actor;
use crate::services::goals::goals_panel::period_or_this_year;
use crate::services::scorecard::read_scorecard::{read_scorecard, scorecard_json};
use crate::state::AppState;

/// Options of `xinfang scorecard`.
#[derive(Debug, Args)]
pub struct ScorecardArgs {
    /// 期间: 2022, 2022-Q3 or 2022-10 (default: this year).
    #[arg(long, default_value = "")]
    period: String,
    /// As this user sees it: a township officer gets its own row and the district average (default: the district).
    #[arg(long = "as")]
    as_user: Option<String>,
    /// Print the JSON of `GET /api/v1/scorecard`.
    #[arg(long)]
    json: bool,
}

/// Print the scorecard.
pub async fn run(cli: &Cli, args: &ScorecardArgs) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = actor(&state, args.as_user.as_deref()).await?;
    let period = period_or_this_year(&state, &args.period).map_err(|e| e.to_string())?;
    let r = read_scorecard(&state, &actor, period, state.now())
        .await
        .map_err(|e| e.to_string())?;
    if args.json {
        let v = serde_json::to_string_pretty(&scorecard_json(&r)).map_err(|e| e.to_string())?;
        println!("{v}");
        return Ok(());
    }
    println!("{}（{}）", r.rules.title, r.period.label());
    let mut head = vec!["名次".to_string(), "乡镇".to_string()];
    head.extend(
        r.rules
            .indicators
            .iter()
            .map(|i| format!("{}({})", i.name, i.weight)),
    );
    head.push("总分".into());
    println!("{}", head.join("\t"));
    for row in &r.rows {
        let s = &row.score;
        let mut cells = vec![s.rank.to_string(), s.township.clone()];
        cells.extend(s.scores.iter().map(|x| x.score.to_string()));
        cells.push(s.total().to_string());
        println!("{}", cells.join("\t"));
    }
    if let Some(a) = &r.average {
        let mut cells = vec![String::new(), "全区平均".into()];
        cells.extend(a.scores.iter().map(f64::to_string));
        cells.push(a.total.to_string());
        println!("{}", cells.join("\t"));
    }
    println!();
    for row in &r.rows {
        println!(
            "{}（第 {} 名，总分 {}）",
            row.score.township,
            row.score.rank,
            row.score.total()
        );
        for (x, ind) in row.score.scores.iter().zip(&r.rules.indicators) {
            println!("  {}：{}", ind.name, x.explanation);
        }
    }
    Ok(())
}
