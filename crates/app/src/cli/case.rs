//! `xinfang case list|show`: cases for operators' scripts.

use clap::{Args, Subcommand};
use xinfang_domain::access::{Actor, Role};
use xinfang_domain::clock::format_local;
use xinfang_domain::org::OrgKind;
use xinfang_store::CaseSort;

use super::Cli;
use crate::json::{CaseJson, CaseSummaryJson};
use crate::services::cases::query::{FilterInput, list, resolve, resolve_filter, view};
use crate::state::AppState;

/// Case commands.
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// List cases, newest received first (every matching case unless --limit).
    List {
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
        /// At most this many.
        #[arg(long)]
        limit: Option<i64>,
        /// Filters.
        #[command(flatten)]
        filter: Box<FilterArgs>,
        /// See only what this user may see.
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Show one case by id or number.
    Show {
        /// Case id or number (e.g. 建安信访〔2022〕0001号).
        id: String,
        /// Print JSON.
        #[arg(long)]
        json: bool,
        /// See only what this user may see.
        #[arg(long = "as")]
        as_user: Option<String>,
    },
}

/// Filters for `case list`.
#[derive(Debug, Args)]
pub struct FilterArgs {
    /// 乡镇 (name or code).
    #[arg(long, default_value = "")]
    township: String,
    /// 信访类型, e.g. 重复访.
    #[arg(long, default_value = "")]
    kind: String,
    /// 信访渠道.
    #[arg(long, default_value = "")]
    channel: String,
    /// 问题类别.
    #[arg(long, default_value = "")]
    category: String,
    /// Status (已登记, 已转办, 办理中, 待回访, 已办结, or open).
    #[arg(long, default_value = "")]
    status: String,
    /// Received from (YYYY-MM-DD).
    #[arg(long, default_value = "")]
    from: String,
    /// Received to (YYYY-MM-DD, inclusive).
    #[arg(long, default_value = "")]
    to: String,
    /// Text in summary, number or petitioner.
    #[arg(long, default_value = "")]
    text: String,
    /// 越级去向: 赴市, 赴省 or 进京 (label or key).
    #[arg(long, default_value = "")]
    escalated_to: String,
    /// 重复访判定 at registration: confirm or override.
    #[arg(long, default_value = "")]
    repeat_decision: String,
    /// Only cases whose petitioner stays 不满意 after delivery, waiting for
    /// the district's decision (退回重办 or 依法办结).
    #[arg(long)]
    awaiting_decision: bool,
    /// Only 越级访 to the province or Beijing (赴省级以上越级访).
    #[arg(long)]
    escalated_province_or_above: bool,
    /// Only cases linked to an earlier case they repeat.
    #[arg(long)]
    repeats_earlier: bool,
    /// 舆情等级: 一般, 较大 or 重大 (label or key).
    #[arg(long, default_value = "")]
    severity: String,
    /// Only the cases one statistics figure counts (on_time, overdue_open, …; see `stats`).
    #[arg(long, default_value = "")]
    figure: String,
    /// 责任单位 (lead unit): id, code or name; none for cases not yet assigned.
    #[arg(long, default_value = "")]
    lead_unit: String,
}

/// The machine's operator: acts for the district bureau.
pub(super) fn operator() -> Actor {
    Actor {
        user_id: 0,
        username: "cli".into(),
        display_name: "命令行".into(),
        org_id: 0,
        org_kind: OrgKind::District,
        // The console acts for the district bureau: it prints notices and
        // packages with full personal data, each print logged as 命令行.
        roles: vec![Role::DistrictAdmin],
    }
}

/// The user named by `--as`, or the [`operator`].
pub(super) async fn actor(state: &AppState, as_user: Option<&str>) -> Result<Actor, String> {
    match as_user {
        Some(name) => state
            .store
            .user_by_username(name)
            .await
            .map_err(|e| e.to_string())?
            .map(|u| u.actor())
            .ok_or_else(|| format!("用户“{name}”不存在")),
        None => Ok(operator()),
    }
}

pub(super) async fn run(cli: &Cli, cmd: &CaseCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    match cmd {
        CaseCommand::List {
            json,
            limit,
            filter,
            as_user,
        } => {
            let actor = actor(&state, as_user.as_deref()).await?;
            let input = FilterInput {
                township: filter.township.clone(),
                kind: filter.kind.clone(),
                channel: filter.channel.clone(),
                category: filter.category.clone(),
                status: filter.status.clone(),
                from: filter.from.clone(),
                to: filter.to.clone(),
                q: filter.text.clone(),
                escalated_to: filter.escalated_to.clone(),
                repeat_decision: filter.repeat_decision.clone(),
                awaiting_decision: if filter.awaiting_decision { "是" } else { "" }.into(),
                escalated_province_or_above: if filter.escalated_province_or_above {
                    "是"
                } else {
                    ""
                }
                .into(),
                repeats_earlier: if filter.repeats_earlier { "是" } else { "" }.into(),
                severity: filter.severity.clone(),
                figure: filter.figure.clone(),
                lead_unit: filter.lead_unit.clone(),
                ..FilterInput::default()
            };
            let f = resolve_filter(&state, &input)
                .await
                .map_err(|e| e.to_string())?;
            let page = list(&state, &actor, &f, CaseSort::ReceivedDesc, *limit, 0)
                .await
                .map_err(|e| e.to_string())?;
            if *json {
                let rows: Vec<CaseSummaryJson> =
                    page.items.iter().map(CaseSummaryJson::from).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
                );
            } else {
                for c in &page.items {
                    println!(
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        c.id,
                        c.number,
                        format_local(c.received_at),
                        c.kind,
                        c.township,
                        c.status,
                        c.summary.chars().take(30).collect::<String>()
                    );
                }
                eprintln!("共 {} 件", page.total);
            }
            Ok(())
        }
        CaseCommand::Show { id, json, as_user } => {
            let actor = actor(&state, as_user.as_deref()).await?;
            let case = resolve(&state, &actor, id)
                .await
                .map_err(|e| e.to_string())?;
            let v = view(&state, &actor, case.id)
                .await
                .map_err(|e| e.to_string())?;
            let j = CaseJson::from(&v);
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&j).map_err(|e| e.to_string())?
                );
            } else {
                println!("{}  {}  {}", j.number, j.kind, j.status);
                println!("乡镇：{}{}", j.township, j.village.as_deref().unwrap_or(""));
                println!(
                    "信访人：{}",
                    j.petitioner.as_ref().map_or("—", |p| p.name.as_str())
                );
                println!("反映问题：{}", j.summary);
                println!(
                    "责任单位：{}",
                    j.responsible_unit.as_deref().unwrap_or("未转办")
                );
                for e in &j.events {
                    println!("  {}  {}  {}：{}", e.occurred_at, e.actor, e.kind, e.text);
                }
            }
            Ok(())
        }
    }
}
