//! `xinfang meeting pack` — a township's 隐患分析排查会议 pack as PDF — and
//! `xinfang meeting list` (which townships held their meeting in a month).

use clap::Subcommand;

use super::Cli;
use super::case::actor;
use crate::services::meetings::overview::{month_or_this, month_overview};
use crate::services::meetings::pack::meeting_pack_file;
use crate::state::AppState;

/// 隐患分析排查会议 commands.
#[derive(Debug, Subcommand)]
pub enum MeetingCommand {
    /// Write the meeting pack (会议材料) of a township for a month's meeting.
    Pack {
        /// 乡镇: name, short name or id.
        #[arg(long)]
        township: String,
        /// The meeting's month, YYYY-MM (default: this month).
        #[arg(long, default_value = "")]
        month: String,
        /// Where to write the PDF.
        #[arg(long)]
        out: std::path::PathBuf,
        /// Read as this user (default: the district).
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// Which townships held their meeting in a month, with open and overdue measures.
    List {
        /// YYYY-MM (default: this month).
        #[arg(long, default_value = "")]
        month: String,
        /// Read as this user (default: the district).
        #[arg(long = "as")]
        as_user: Option<String>,
        /// Print the JSON of `GET /api/v1/meetings`.
        #[arg(long)]
        json: bool,
    },
}

/// Run `xinfang meeting …`.
pub async fn run(cli: &Cli, cmd: &MeetingCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    match cmd {
        MeetingCommand::Pack {
            township,
            month,
            out,
            as_user,
        } => {
            let actor = actor(&state, as_user.as_deref()).await?;
            let m = month_or_this(&state, month).map_err(|e| e.to_string())?;
            let (_, pdf) = meeting_pack_file(&state, &actor, township, m)
                .await
                .map_err(|e| e.to_string())?;
            std::fs::write(out, &pdf).map_err(|e| format!("无法写入 {}：{e}", out.display()))?;
            println!("已写入 {}（{} 字节）", out.display(), pdf.len());
            Ok(())
        }
        MeetingCommand::List {
            month,
            as_user,
            json,
        } => {
            let actor = actor(&state, as_user.as_deref()).await?;
            let m = month_or_this(&state, month).map_err(|e| e.to_string())?;
            let o = month_overview(&state, &actor, m)
                .await
                .map_err(|e| e.to_string())?;
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&o).map_err(|e| e.to_string())?
                );
                return Ok(());
            }
            println!("{} 已召开 {}/{}", o.month, o.held, o.townships.len());
            println!("乡镇\t会议日期\t未落实措施\t已超期");
            for t in &o.townships {
                let days: Vec<&str> = t.meetings.iter().map(|g| g.held_on.as_str()).collect();
                println!(
                    "{}\t{}\t{}\t{}",
                    t.township,
                    if days.is_empty() {
                        "未召开".to_string()
                    } else {
                        days.join("、")
                    },
                    t.open_measures,
                    t.overdue_measures
                );
            }
            Ok(())
        }
    }
}
