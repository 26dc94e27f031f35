//! `xinfang init --district FILE` and `xinfang org add|rename|list`: the district's organisations.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use xinfang_domain::district::District;

use super::Cli;
use crate::services::admin::orgs::{
    OrgInput, OrgRef, RenameInput, add_org, init_district, org_tree, rename_org,
};
use crate::services::admin::users::{UserInput, create_user};
use crate::state::AppState;

/// `xinfang init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The district file (`districts/*.json` format); Jian'an's, embedded, when left out.
    #[arg(long)]
    pub district: Option<PathBuf>,
    /// Also create the 系统管理员 account with this login name, in the district's root organisation.
    #[arg(long)]
    pub admin: Option<String>,
    /// The administrator's name (姓名).
    #[arg(long, default_value = "系统管理员")]
    pub admin_name: String,
    /// The administrator's initial password (at least 8 characters); needed with `--admin`.
    #[arg(long, env = "XINFANG_NEW_PASSWORD", hide_env_values = true)]
    pub password: Option<String>,
}

/// Organisation commands.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Print the organisation tree (district first, each parent before its children).
    List {
        /// Print JSON: id, code, name, kind, parent_id, parent_code.
        #[arg(long)]
        json: bool,
    },
    /// Add an organisation or village under its parent.
    Add {
        /// The parent: code or full name (e.g. 411003105 or 张潘镇).
        #[arg(long)]
        parent: String,
        /// Kind: bureau, department, township, village, leadership, inspection (or the Chinese label).
        #[arg(long)]
        kind: String,
        /// Code: a township's 9-digit or a village's 12-digit statistics code; e.g. 411003-D15 for a department.
        #[arg(long)]
        code: String,
        /// Full Chinese name.
        #[arg(long)]
        name: String,
    },
    /// Rename an organisation.
    Rename {
        /// The organisation: code or full name.
        org: String,
        /// The new full name.
        #[arg(long)]
        name: String,
    },
}

fn read_district(args: &InitArgs) -> Result<District, String> {
    match &args.district {
        None => Ok(District::jianan()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("无法读取区县文件 {}：{e}", path.display()))?;
            District::parse(&text).map_err(|e| format!("{}：{e}", path.display()))
        }
    }
}

pub(super) async fn run_init(cli: &Cli, args: &InitArgs) -> Result<(), String> {
    // The file is checked before the database is touched.
    let district = read_district(args)?;
    if args.admin.is_some() && args.password.as_deref().is_none_or(str::is_empty) {
        return Err(
            "创建管理员账号需要初始密码：--password 或环境变量 XINFANG_NEW_PASSWORD".into(),
        );
    }
    let state = AppState::open(cli.config("xinfang-data")).await?;
    let added = init_district(&state, &district, state.now())
        .await
        .map_err(|e| {
            format!("{e}（xinfang serve、demo 和 user 在空数据库上会先设置建安区，请在它们之前运行 xinfang init）")
        })?;
    println!(
        "已设置{}（{}）：{added}个组织机构",
        district.name, district.code
    );
    let Some(username) = &args.admin else {
        println!(
            "下一步：xinfang user add --username admin --name 系统管理员 --org {} --role admin --password …",
            district.code
        );
        return Ok(());
    };
    let root = state
        .store
        .list_orgs()
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .find(|o| o.code == district.code)
        .ok_or("区县根组织未找到")?;
    let input = UserInput {
        username: username.clone(),
        display_name: args.admin_name.clone(),
        org_id: root.id.to_string(),
        roles: vec!["admin".into()],
        phone: String::new(),
        password: args.password.clone().unwrap_or_default(),
    };
    match create_user(&state, None, &input, state.now()).await {
        Ok(u) => {
            println!(
                "已添加系统管理员 {}（{}），请登录后修改密码",
                u.username, u.display_name
            );
            Ok(())
        }
        Err(e) => Err(format!(
            "组织机构已设置，但管理员账号未创建：{e}；请用 xinfang user add --org {} --role admin 添加",
            district.code
        )),
    }
}

pub(super) async fn run_org(cli: &Cli, cmd: &OrgCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    match cmd {
        OrgCommand::List { json } => {
            let rows = org_tree(&state).await.map_err(|e| e.to_string())?;
            if *json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
                );
            } else {
                for r in rows {
                    let indent = "  ".repeat(r.depth);
                    println!("{indent}{}\t{}\t{}", r.name, r.code, r.kind.label());
                }
            }
            Ok(())
        }
        OrgCommand::Add {
            parent,
            kind,
            code,
            name,
        } => {
            let input = OrgInput {
                parent: parent.clone(),
                kind: kind.clone(),
                code: code.clone(),
                name: name.clone(),
            };
            let row = add_org(&state, None, &input, state.now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已新增{}“{}”（代码 {}，上级 {}）",
                row.kind.label(),
                row.name,
                row.code,
                row.parent_code.unwrap_or_default()
            );
            Ok(())
        }
        OrgCommand::Rename { org, name } => {
            let input = RenameInput { name: name.clone() };
            let row = rename_org(&state, None, OrgRef::Text(org), &input, state.now())
                .await
                .map_err(|e| e.to_string())?;
            println!("已改名：{} 现名“{}”", row.code, row.name);
            Ok(())
        }
    }
}
