//! `xinfang notice acceptance|opinion --case NO --out FILE.pdf` and `xinfang archive`, `xinfang report weekly`.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::Cli;
use crate::services::notices::{NoticeKind, notice_pdf};
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
    let case = crate::services::cases::resolve(&state, &actor, &args.case)
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
    let case = crate::services::cases::resolve(&state, &actor, &args.case)
        .await
        .map_err(|e| e.to_string())?;
    let (_, bytes) = crate::services::archive::case_archive(&state, &actor, case.id)
        .await
        .map_err(|e| e.to_string())?;
    std::fs::write(&args.out, &bytes)
        .map_err(|e| format!("无法写入 {}：{e}", args.out.display()))?;
    println!("已生成 {}（{} KB）", args.out.display(), bytes.len() / 1024);
    Ok(())
}
