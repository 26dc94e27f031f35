//! `xinfang export annexN --out FILE.xlsx` and `xinfang import annexN FILE.xlsx [--dry-run]`: the ledgers for scripts.
//!
//! Progress goes to stderr (see [`super::progress`]). On a terminal it is one
//! live line — a spinner with the time taken and the stage (export: reading
//! the data and building the sheet, then writing the file; import: reading the
//! file, then checking every row and writing to the database) — cleared
//! before anything else is printed. When stderr is not a terminal (a log, a
//! pipe) each stage is a plain line instead, so the log still shows where a
//! long run on a big district got to.
//!
//! The result is one line on stdout, for scripts: `已导出 FILE：N 行…`,
//! `导入完成：…` or `试导入（未写入）：…`. A refused import lists its problems
//! on stderr, one per line, `第{row}行\t{column}\t{value}\t{reason}`, and fails.

use std::path::PathBuf;
use std::time::Instant;

use clap::{Args, ValueEnum};

use super::Cli;
use super::progress::Progress;
use crate::services::ledgers::export::{Annex, ExportInput, export};
use crate::services::ledgers::import::{ImportFailure, import};
use crate::state::AppState;

/// Which ledger.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AnnexArg {
    /// 附件1 不稳定因素排查处置台账
    Annex1,
    /// 附件2 涉贫信访舆情积案台账
    Annex2,
    /// 附件3 乡镇涉贫信访干部队伍统计表
    Annex3,
    /// 附件4 省级交办信访事项办理情况统计表
    Annex4,
}

impl From<AnnexArg> for Annex {
    fn from(a: AnnexArg) -> Annex {
        match a {
            AnnexArg::Annex1 => Annex::One,
            AnnexArg::Annex2 => Annex::Two,
            AnnexArg::Annex3 => Annex::Three,
            AnnexArg::Annex4 => Annex::Four,
        }
    }
}

/// `xinfang export …`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Which ledger.
    #[arg(value_enum)]
    annex: AnnexArg,
    /// 填报单位: a township or unit (name or code); default the whole district.
    #[arg(long, default_value = "")]
    org: String,
    /// First day of the period (YYYY-MM-DD); default all time.
    #[arg(long, default_value = "")]
    from: String,
    /// Last day of the period, inclusive.
    #[arg(long, default_value = "")]
    to: String,
    /// Annex 1: also write 排查方式 and 身份证号 (a working copy for re-import).
    #[arg(long)]
    full: bool,
    /// Annex 1: only the entries of this 排查活动 (its id).
    #[arg(long, default_value = "")]
    campaign: String,
    /// Export as this user (their scope); default the operator, who sees everything.
    #[arg(long = "as")]
    as_user: Option<String>,
    /// Where to write the .xlsx.
    #[arg(long)]
    out: PathBuf,
}

/// `xinfang import …`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Which ledger.
    #[arg(value_enum)]
    annex: AnnexArg,
    /// The filled .xlsx.
    file: PathBuf,
    /// Check every row and report what would change, writing nothing.
    #[arg(long)]
    dry_run: bool,
    /// Import as this user (their rights); default the operator, acting for the district.
    #[arg(long = "as")]
    as_user: Option<String>,
}

pub(super) async fn run_export(cli: &Cli, args: &ExportArgs) -> Result<(), String> {
    let started = Instant::now();
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = super::case::actor(&state, args.as_user.as_deref()).await?;
    let annex = Annex::from(args.annex);
    let progress = Progress::stages(format!("正在读取附件{}的数据并生成表格……", annex.number()));
    let input = ExportInput {
        org: args.org.clone(),
        from: args.from.clone(),
        to: args.to.clone(),
        full: if args.full {
            "是".into()
        } else {
            String::new()
        },
        campaign: args.campaign.clone(),
    };
    let file = export(&state, &actor, annex, &input)
        .await
        .map_err(|e| e.to_string())?;
    progress.stage(format!("已生成 {} 行，正在写入文件……", file.rows));
    std::fs::write(&args.out, &file.bytes)
        .map_err(|e| format!("无法写入 {}：{e}", args.out.display()))?;
    progress.finish_and_clear();
    println!(
        "已导出 {}：{} 行，{} KB，用时 {:.1} 秒",
        args.out.display(),
        file.rows,
        file.bytes.len().div_ceil(1024),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub(super) async fn run_import(cli: &Cli, args: &ImportArgs) -> Result<(), String> {
    let started = Instant::now();
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let actor = super::case::actor(&state, args.as_user.as_deref()).await?;
    let annex = Annex::from(args.annex);
    let progress = Progress::stages(format!("正在读取 {}……", args.file.display()));
    let bytes =
        std::fs::read(&args.file).map_err(|e| format!("无法读取 {}：{e}", args.file.display()))?;
    // Every row is checked before anything is written, in one call.
    progress.stage(format!(
        "正在检查每一行{}（{} KB）……",
        if args.dry_run {
            ""
        } else {
            "并写入数据库"
        },
        bytes.len().div_ceil(1024)
    ));
    let result = import(&state, &actor, annex, &bytes, args.dry_run, state.now()).await;
    progress.finish_and_clear();
    match result {
        Ok(r) => {
            let verb = if r.dry_run {
                "试导入（未写入）"
            } else {
                "导入完成"
            };
            println!(
                "{verb}：附件{} 共 {} 行，新增 {}，更新 {}，已存在未变 {}；用时 {:.1} 秒",
                r.annex,
                r.rows,
                r.added,
                r.updated,
                r.unchanged,
                started.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Err(failure) => {
            for p in failure.problems() {
                let value = if p.value.is_empty() {
                    "（空）"
                } else {
                    p.value.as_str()
                };
                eprintln!("第{}行\t{}\t{}\t{}", p.row, p.column, value, p.reason);
            }
            Err(match failure {
                ImportFailure::Service(e) => e.to_string(),
                other => other.message(),
            })
        }
    }
}
