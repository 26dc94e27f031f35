//! `xinfang verify-audit [--anchor COUNT:HASH]` and `xinfang audit anchor`:
//! the whole audit chain checked under the audit key, and its head printed
//! as an anchor to keep outside the database.

use clap::{Args, Subcommand};
use xinfang_store::{AnchorCheck, AuditAnchor};

use super::Cli;
use crate::state::AppState;

/// Flags of `verify-audit`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// A published anchor (`COUNT:HASH`, as `xinfang audit anchor` printed
    /// it): the COUNT-th row must still have that hash.
    #[arg(long, value_name = "COUNT:HASH")]
    pub anchor: Option<String>,
}

/// `xinfang audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the whole chain and print its head as `COUNT:HASH`.
    Anchor,
}

/// Verify the whole chain, and hold it against the anchor if one is given.
pub async fn run_verify(cli: &Cli, args: &VerifyArgs) -> Result<(), String> {
    let anchor = args
        .anchor
        .as_deref()
        .map(AuditAnchor::parse)
        .transpose()
        .map_err(|e| format!("--anchor：{e}"))?;
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let Some(anchor) = anchor else {
        let v = state
            .store
            .verify_audit()
            .await
            .map_err(|e| e.to_string())?;
        return match v.first_broken {
            None => {
                println!("审计日志完整：共 {} 条记录，哈希链校验通过", v.rows);
                Ok(())
            }
            Some(id) => Err(broken(id)),
        };
    };
    let (v, check) = state
        .store
        .check_audit_anchor(&anchor)
        .await
        .map_err(|e| e.to_string())?;
    match (v.first_broken, check) {
        (Some(id), _) => Err(broken(id)),
        (None, AnchorCheck::Holds) => {
            println!(
                "审计日志完整：共 {} 条记录，哈希链校验通过；锚点 {anchor} 相符（前 {} 条记录未被改动）",
                v.rows, anchor.count
            );
            Ok(())
        }
        (None, AnchorCheck::Short { rows }) => Err(format!(
            "审计日志与锚点不符：锚点记录了 {} 条，现只有 {rows} 条——锚点之前的记录被删除",
            anchor.count
        )),
        (None, AnchorCheck::Differs { id }) => Err(format!(
            "审计日志与锚点不符：第 {} 条记录（编号 {id}）的哈希与锚点不同——锚点之前的记录被改动或整条链被重写",
            anchor.count
        )),
    }
}

fn broken(id: i64) -> String {
    format!("审计日志第 {id} 条记录被改动，哈希链断裂（或审计密钥不对）")
}

/// Run an `audit` subcommand.
pub async fn run(cli: &Cli, cmd: &AuditCommand) -> Result<(), String> {
    match cmd {
        AuditCommand::Anchor => {
            let state = AppState::open(cli.config("xinfang-data")).await?;
            let v = state
                .store
                .verify_audit()
                .await
                .map_err(|e| e.to_string())?;
            if let Some(id) = v.first_broken {
                return Err(broken(id));
            }
            let anchor = v.head.map_or_else(
                || AuditAnchor {
                    count: 0,
                    hash: String::new(),
                },
                |h| h.anchor(),
            );
            println!("{anchor}");
            Ok(())
        }
    }
}
