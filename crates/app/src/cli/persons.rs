//! `xinfang persons list` (重点人员 by risk) and `xinfang periods list`
//! (敏感节点), as tables or JSON.

use clap::Subcommand;

use super::Cli;
use super::case::actor;

use crate::json::{PeriodJson, PersonListItemJson};
use crate::services::periods::periods_view;
use crate::services::persons::list::persons_list;
use crate::state::AppState;

/// 重点人员 commands.
#[derive(Debug, Subcommand)]
pub enum PersonsCommand {
    /// The key persons by risk, highest score first, each point explained.
    List {
        /// Only this township (name, short name or id).
        #[arg(long, default_value = "")]
        township: String,
        /// Read as this user (default: the district).
        #[arg(long = "as")]
        as_user: Option<String>,
        /// Print JSON: `[{"id","name","township","risk_score","risk_level","reasons","cases"}]`.
        #[arg(long)]
        json: bool,
    },
}

/// 敏感节点 commands.
#[derive(Debug, Subcommand)]
pub enum PeriodsCommand {
    /// Every sensitive period, earliest first, and the one on today.
    List {
        /// Print the JSON of `GET /api/v1/periods`.
        #[arg(long)]
        json: bool,
    },
}

fn print_json<T: serde::Serialize>(v: &T) -> Result<(), String> {
    println!(
        "{}",
        serde_json::to_string_pretty(v).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// Run `xinfang persons …`.
pub async fn run_persons(cli: &Cli, cmd: &PersonsCommand) -> Result<(), String> {
    let PersonsCommand::List {
        township,
        as_user,
        json,
    } = cmd;
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = actor(&state, as_user.as_deref()).await?;
    let l = persons_list(&state, &actor, township)
        .await
        .map_err(|e| e.to_string())?;
    let items: Vec<PersonListItemJson> = l.persons.iter().map(PersonListItemJson::from).collect();
    if *json {
        return print_json(&items);
    }
    println!("编号\t姓名\t乡镇\t风险分\t等级\t理由\t案件");
    for p in &items {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}",
            p.id,
            p.name,
            p.township,
            p.risk_score,
            p.risk_level,
            if p.reasons.is_empty() {
                "暂无风险信号".into()
            } else {
                p.reasons.join("；")
            },
            p.cases.join("、")
        );
    }
    if !l.proposals.is_empty() {
        println!();
        println!("系统提议列为重点人员：");
        for p in &l.proposals {
            println!(
                "{}\t{}\t信访{}次\t{}",
                p.name,
                p.township,
                p.petitions,
                p.case_numbers.join("、")
            );
        }
    }
    Ok(())
}

/// Run `xinfang periods …`.
pub async fn run_periods(cli: &Cli, cmd: &PeriodsCommand) -> Result<(), String> {
    let PeriodsCommand::List { json } = cmd;
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = actor(&state, None).await?;
    let v = periods_view(&state, &actor)
        .await
        .map_err(|e| e.to_string())?;
    let items: Vec<PeriodJson> = v
        .periods
        .iter()
        .map(|p| PeriodJson::of(p, v.today))
        .collect();
    if *json {
        return print_json(&items);
    }
    println!("名称\t开始\t结束\t联系周期（天）\t状态");
    for p in &items {
        println!(
            "{}\t{}\t{}\t{}\t{}",
            p.name,
            p.starts_on,
            p.ends_on,
            p.contact_every_days,
            if p.active { "进行中" } else { "" }
        );
    }
    Ok(())
}
