//! `xinfang notice acceptance|opinion --case NO --out FILE.pdf`, `xinfang archive`, `xinfang report weekly|send|list|get`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Cli;
use super::progress::Progress;
use crate::services::cases::issued_notices::notice_pdf;
use crate::services::cases::notices::NoticeKind;
use crate::services::ledgers::{sendings, weekly_report};
use crate::state::AppState;

/// Which notice to print.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum NoticeArg {
    /// 信访事项受理告知书 (Annex 5)
    Acceptance,
    /// 信访事项处理意见书 (Annex 6)
    Opinion,
}

/// `xinfang notice …`
#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// Which notice.
    #[arg(value_enum)]
    kind: NoticeArg,
    /// Case id or number (e.g. 建安信访〔2022〕0001号).
    #[arg(long = "case")]
    case: String,
    /// Where to write the PDF.
    #[arg(long)]
    out: PathBuf,
}

pub(super) async fn run_notice(cli: &Cli, args: &NoticeArgs) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = super::case::operator();
    let case = crate::services::cases::query::resolve(&state, &actor, &args.case)
        .await
        .map_err(|e| e.to_string())?;
    let kind = match args.kind {
        NoticeArg::Acceptance => NoticeKind::Acceptance,
        NoticeArg::Opinion => NoticeKind::Opinion,
    };
    let (_, bytes) = notice_pdf(&state, &actor, case.id, kind)
        .await
        .map_err(|e| e.to_string())?;
    std::fs::write(&args.out, &bytes)
        .map_err(|e| format!("无法写入 {}：{e}", args.out.display()))?;
    println!("已生成 {}（{} KB）", args.out.display(), bytes.len() / 1024);
    Ok(())
}

/// `xinfang archive --case NO --out FILE.zip`
#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Case id or number.
    #[arg(long = "case")]
    case: String,
    /// Where to write the .zip.
    #[arg(long)]
    out: PathBuf,
}

pub(super) async fn run_archive(cli: &Cli, args: &ArchiveArgs) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = super::case::operator();
    let progress = Progress::spinner("正在整理案卷……");
    let case = crate::services::cases::query::resolve(&state, &actor, &args.case)
        .await
        .map_err(|e| e.to_string())?;
    let (_, bytes) = crate::services::cases::archive::case_archive(&state, &actor, case.id)
        .await
        .map_err(|e| e.to_string())?;
    std::fs::write(&args.out, &bytes)
        .map_err(|e| format!("无法写入 {}：{e}", args.out.display()))?;
    progress.finish_and_clear();
    println!("已生成 {}（{} KB）", args.out.display(), bytes.len() / 1024);
    Ok(())
}

/// `xinfang report …`
#[derive(Debug, clap::Subcommand)]
pub enum ReportCommand {
    /// The Friday package without recording it: every closed provincial case
    /// not yet sent (a preview of `report send`), or with `--week` a look-back
    /// copy of the cases closed in that ISO week.
    Weekly {
        /// ISO week, e.g. 2022-W41: the cases closed that week, sent or not.
        #[arg(long)]
        week: Option<String>,
        /// Where to write the .zip.
        #[arg(long)]
        out: PathBuf,
    },
    /// Send the Friday package: every closed provincial case not yet sent,
    /// recorded as sent (报送记录); the next package starts after it.
    Send {
        /// Where to write the .zip as sent.
        #[arg(long)]
        out: PathBuf,
        /// Send as this user (recorded as the sender); default the console (命令行).
        #[arg(long = "as")]
        as_user: Option<String>,
    },
    /// The 报送记录: every package sent, newest first.
    List {
        /// Print JSON (the API's `SendingJson` objects).
        #[arg(long)]
        json: bool,
    },
    /// A package exactly as it was sent.
    Get {
        /// The sending's number (第N次报送).
        id: i64,
        /// Where to write the .zip.
        #[arg(long)]
        out: PathBuf,
    },
}

fn progress_for(progress: &Progress) -> impl Fn(usize, usize) + Sync + '_ {
    move |done: usize, total: usize| {
        if done == total {
            progress.stage("正在压缩报送包……");
        } else if done == 0 {
            progress.bar(total, "正在整理各案卷");
        } else {
            progress.set_position(done);
        }
    }
}

fn write_out(out: &std::path::Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(out, bytes).map_err(|e| format!("无法写入 {}：{e}", out.display()))
}

pub(super) async fn run_report(cli: &Cli, cmd: &ReportCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    match cmd {
        ReportCommand::Weekly { week, out } => {
            let actor = super::case::operator();
            let progress = Progress::stages(match week {
                Some(w) => format!("正在读取 {w} 办结的省级交办件……"),
                None => "正在读取尚未报送的已办结省级交办件……".into(),
            });
            let on_case = progress_for(&progress);
            let p = match week {
                Some(w) => {
                    weekly_report::weekly_package_with_progress(&state, &actor, w, &on_case).await
                }
                None => {
                    weekly_report::pending_package_with_progress(&state, &actor, &on_case).await
                }
            }
            .map_err(|e| e.to_string())?;
            progress.stage("正在写入文件……");
            write_out(out, &p.bytes)?;
            progress.finish_and_clear();
            let incomplete = p.gaps.iter().filter(|(_, g)| !g.is_empty()).count();
            println!(
                "已生成 {}：{} 件省级交办件，其中 {} 件材料不全（{} KB）；未记入报送记录",
                out.display(),
                p.cases,
                incomplete,
                p.bytes.len() / 1024
            );
        }
        ReportCommand::Send { out, as_user } => {
            let actor = super::case::actor(&state, as_user.as_deref()).await?;
            let progress = Progress::stages("正在读取尚未报送的已办结省级交办件……");
            let on_case = progress_for(&progress);
            let sent = sendings::send_with_progress(&state, &actor, &on_case)
                .await
                .map_err(|e| e.to_string())?;
            progress.stage("正在写入文件……");
            write_out(out, &sent.bytes)?;
            progress.finish_and_clear();
            let s = &sent.sending;
            let incomplete = s.cases.iter().filter(|c| !c.missing.is_empty()).count();
            println!(
                "第{}次报送已记录：{} 件省级交办件，其中 {} 件材料不全；报送包 {}（{} KB）",
                s.id,
                s.case_count,
                incomplete,
                out.display(),
                sent.bytes.len() / 1024
            );
        }
        ReportCommand::List { json } => {
            let actor = super::case::operator();
            let all = sendings::sendings(&state, &actor)
                .await
                .map_err(|e| e.to_string())?;
            if *json {
                let items: Vec<crate::json::SendingJson> =
                    all.iter().map(crate::json::SendingJson::from).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&items).map_err(|e| e.to_string())?
                );
            } else if all.is_empty() {
                println!("尚无报送记录");
            } else {
                for s in &all {
                    println!(
                        "第{}次\t{}\t{}\t{} 件\t{}",
                        s.id,
                        xinfang_domain::clock::format_local(s.sent_at),
                        s.sent_by_name,
                        s.case_count,
                        s.filename
                    );
                }
            }
        }
        ReportCommand::Get { id, out } => {
            let actor = super::case::operator();
            let (_, bytes) = sendings::sent_package(&state, &actor, *id)
                .await
                .map_err(|e| e.to_string())?;
            write_out(out, &bytes)?;
            println!(
                "已写出第{id}次报送的报送包 {}（{} KB）",
                out.display(),
                bytes.len() / 1024
            );
        }
    }
    Ok(())
}
