//! `xinfang sweep`: one pass of the deadline sweeper (督办扫描), for cron or a look by hand.

use clap::Args;
use xinfang_domain::clock::{format_local, parse_time};

use super::Cli;
use crate::services::deadlines::sweep_deadlines::run_once;
use crate::state::AppState;

/// Options of `xinfang sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// Sweep as of this time instead of now, e.g. "2022-10-12 00:00" (Beijing time) —
    /// to replay a demo district; notices raised stay raised.
    #[arg(long)]
    at: Option<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

/// Run one pass and print what it did.
pub async fn run(cli: &Cli, args: &SweepArgs) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let now = match &args.at {
        None => state.now(),
        Some(s) => parse_time(s).ok_or_else(|| format!("无法识别的时间：{s}"))?,
    };
    let r = run_once(&state, now).await.map_err(|e| e.to_string())?;
    if args.json {
        let v = serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?;
        println!("{v}");
    } else {
        println!("督办扫描（{}）", format_local(now));
        println!(
            "  检查节点 {}，状态变更 {}",
            r.milestones_checked, r.states_changed
        );
        println!(
            "  临期提醒 {}，催办通知 {}，通报 {}",
            r.reminders, r.urges, r.bulletins
        );
        println!(
            "  推送 {} 次，失败 {} 次",
            r.deliveries_attempted, r.deliveries_failed
        );
        if r.errors > 0 {
            println!("  出错 {} 处（详见日志）", r.errors);
        }
    }
    if r.errors > 0 {
        return Err(format!("督办扫描有 {} 处出错", r.errors));
    }
    Ok(())
}
