//! `xinfang calendar load` and `xinfang rules show|use|load|contact`: the administrator's reference data.

use std::path::Path;

use clap::Subcommand;
use xinfang_domain::deadlines::RuleSet;

use super::Cli;
use crate::services::admin::reference::{
    load_calendar_year, save_rules, set_contact_rhythm, use_rules,
};
use crate::state::AppState;

/// Rule-set commands.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Print a rule set as JSON (default: the one in force): `seed`, `statute` or a stored name.
    Show {
        /// Rule set name.
        name: Option<String>,
    },
    /// Store a district's own rule set from a file (copy a preset with `rules show seed > mine.json`, edit, load).
    Load {
        /// Name to store it under.
        name: String,
        /// The JSON file (rules/*.json format).
        file: std::path::PathBuf,
    },
    /// Put a rule set in force; every open milestone is recomputed.
    Use {
        /// `seed`, `statute` or a stored name.
        name: String,
    },
    /// How often backlog petitioners are contacted (积案定期联络): `monthly` or a number of days.
    Contact {
        /// `monthly` (每月) or days, e.g. `15`.
        rhythm: String,
    },
}

fn read(file: &Path) -> Result<String, String> {
    std::fs::read_to_string(file).map_err(|e| format!("无法读取 {}：{e}", file.display()))
}

pub(super) async fn load_calendar(cli: &Cli, file: &Path) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let (year, report) = load_calendar_year(&state, None, &read(file)?, state.now())
        .await
        .map_err(|e| e.to_string())?;
    println!(
        "已载入{year}年节假日安排；重新计算 {} 件案件的时限，其中 {} 件截止时间有变化",
        report.cases, report.changed
    );
    Ok(())
}

pub(super) async fn run_rules(cli: &Cli, cmd: &RulesCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    match cmd {
        RulesCommand::Show { name } => {
            let rules = match name {
                None => state
                    .deadline_settings()
                    .await
                    .map_err(|e| e.to_string())?
                    .rules
                    .clone(),
                Some(n) => match state.store.rule_set(n).await.map_err(|e| e.to_string())? {
                    Some(body) => RuleSet::from_json(&body).map_err(|e| e.to_string())?,
                    None => RuleSet::preset(n).ok_or_else(|| format!("没有名为“{n}”的时限规则"))?,
                },
            };
            println!("{}", rules.to_json());
            Ok(())
        }
        RulesCommand::Load { name, file } => {
            let report = save_rules(&state, None, name, &read(file)?, state.now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已保存时限规则“{name}”；重新计算 {} 件案件，其中 {} 件截止时间有变化",
                report.cases, report.changed
            );
            Ok(())
        }
        RulesCommand::Contact { rhythm } => {
            let (rhythm, report) = set_contact_rhythm(&state, None, rhythm, state.now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "积案定期联络频次已改为{}；重新计算 {} 件案件，其中 {} 件截止时间有变化",
                rhythm.label(),
                report.cases,
                report.changed
            );
            Ok(())
        }
        RulesCommand::Use { name } => {
            let report = use_rules(&state, None, name, state.now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已启用时限规则“{name}”；重新计算 {} 件案件，其中 {} 件截止时间有变化",
                report.cases, report.changed
            );
            Ok(())
        }
    }
}
