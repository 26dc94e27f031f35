//! `xinfang accountability list` (问责) and `xinfang training list` (干部培训), as tables or the API's JSON.

use clap::Subcommand;

use super::Cli;
use super::case::actor;

use crate::services::accountability::accountability_list::{
    accountability_list, list_json, parse_filter,
};
use crate::services::training::training_list::{training_json, training_list, year_or_this};
use crate::state::AppState;

/// 问责 commands.
#[derive(Debug, Subcommand)]
pub enum AccountabilityCommand {
    /// List the accountability actions, newest first, and the count per unit.
    List {
        /// Only actions dated in this year.
        #[arg(long, default_value = "")]
        year: String,
        /// Only actions against this unit (organisation id).
        #[arg(long, default_value = "")]
        unit: String,
        /// Read as this user (default: the district).
        #[arg(long = "as")]
        as_user: Option<String>,
        /// Print the JSON of `GET /api/v1/accountability`.
        #[arg(long)]
        json: bool,
    },
}

/// 干部培训 commands.
#[derive(Debug, Subcommand)]
pub enum TrainingCommand {
    /// A year's courses, and per township its hours and who is not yet trained.
    List {
        /// 年度 (default: this year).
        #[arg(long, default_value = "")]
        year: String,
        /// Only this township (name, short name or id).
        #[arg(long, default_value = "")]
        township: String,
        /// Read as this user (default: the district).
        #[arg(long = "as")]
        as_user: Option<String>,
        /// Print the JSON of `GET /api/v1/training`.
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

/// Run `xinfang accountability …`.
pub async fn run_accountability(cli: &Cli, cmd: &AccountabilityCommand) -> Result<(), String> {
    let AccountabilityCommand::List {
        year,
        unit,
        as_user,
        json,
    } = cmd;
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = actor(&state, as_user.as_deref()).await?;
    let (unit, year) = parse_filter(unit, year).map_err(|e| e.to_string())?;
    let l = accountability_list(&state, &actor, unit, year)
        .await
        .map_err(|e| e.to_string())?;
    let j = list_json(&l);
    if *json {
        return print_json(&j);
    }
    println!("单位\t合计\t约谈\t通报批评\t责令检查\t诫勉\t移交纪检监察");
    for u in &j.by_unit {
        let counts: Vec<String> = u.by_kind.iter().map(|k| k.count.to_string()).collect();
        println!("{}\t{}\t{}", u.unit, u.total, counts.join("\t"));
    }
    println!();
    println!("日期\t被问责单位\t被问责人\t方式\t依据\t文号\t关联案件\t事由");
    for a in &j.actions {
        let cases: Vec<&str> = a.cases.iter().map(|c| c.number.as_str()).collect();
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
            a.date,
            a.unit,
            a.person.as_deref().unwrap_or("—"),
            a.kind,
            a.basis,
            a.document_number.as_deref().unwrap_or("—"),
            cases.join("、"),
            a.reason.replace('\n', " ")
        );
    }
    Ok(())
}

/// Run `xinfang training …`.
pub async fn run_training(cli: &Cli, cmd: &TrainingCommand) -> Result<(), String> {
    let TrainingCommand::List {
        year,
        township,
        as_user,
        json,
    } = cmd;
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = actor(&state, as_user.as_deref()).await?;
    let year = year_or_this(&state, year).map_err(|e| e.to_string())?;
    let v = training_list(&state, &actor, year, township)
        .await
        .map_err(|e| e.to_string())?;
    let j = training_json(&v);
    if *json {
        return print_json(&j);
    }
    println!(
        "{}年干部培训：干部队伍{}人，已参训{}人，合计{}学时",
        j.year, j.people, j.trained, j.hours
    );
    println!("单位\t学时\t人数\t已参训\t尚未参训");
    for c in &j.townships {
        let names: Vec<String> = c
            .untrained
            .iter()
            .map(|p| format!("{}（{}）", p.name, p.post))
            .collect();
        println!(
            "{}\t{}\t{}\t{}\t{}",
            c.org,
            c.hours,
            c.people,
            c.trained,
            names.join("、")
        );
    }
    println!();
    println!("日期\t主题\t学时\t授课人\t地点\t参训人数");
    for c in &j.courses {
        println!(
            "{}\t{}\t{}\t{}\t{}\t{}",
            c.date,
            c.topic_label,
            c.hours,
            c.trainer,
            c.place,
            c.attendees.len()
        );
    }
    Ok(())
}
