//! `xinfang notice acceptance|opinion --case NO --out FILE.pdf` and `xinfang archive`, `xinfang report weekly`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Cli;
use super::progress::Progress;
use crate::services::cases::issued_notices::notice_pdf;
use crate::services::cases::notices::NoticeKind;
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
    /// The Friday package for the city bureau: Annex 4 of the week's closed provincial cases and one folder per case.
    Weekly {
        /// ISO week, e.g. 2022-W41 (default: this week).
        #[arg(long)]
        week: Option<String>,
        /// Where to write the .zip.
        #[arg(long)]
        out: PathBuf,
    },
}

pub(super) async fn run_report(cli: &Cli, cmd: &ReportCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let ReportCommand::Weekly { week, out } = cmd;
    let week = week.clone().unwrap_or_else(|| {
        crate::services::ledgers::weekly_report::week_of(
            xinfang_domain::clock::to_local(state.now()).date(),
        )
    });
    let progress = Progress::stages(format!("正在读取 {week} 办结的省级交办件……"));
    let actor = super::case::operator();
    let on_case = |done: usize, total: usize| {
        if done == total {
            progress.stage("正在压缩报送包……");
        } else if done == 0 {
            progress.bar(total, "正在整理各案卷");
        } else {
            progress.set_position(done);
        }
    };
    let p = crate::services::ledgers::weekly_report::weekly_package_with_progress(
        &state, &actor, &week, &on_case,
    )
    .await
    .map_err(|e| e.to_string())?;
    progress.stage("正在写入文件……");
    std::fs::write(out, &p.bytes).map_err(|e| format!("无法写入 {}：{e}", out.display()))?;
    progress.finish_and_clear();
    println!(
        "已生成 {}：{} 件省级交办件（{} KB）",
        out.display(),
        p.cases,
        p.bytes.len() / 1024
    );
    Ok(())
}
