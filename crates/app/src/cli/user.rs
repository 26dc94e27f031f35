//! `xinfang user add|list` and `xinfang token create`.

use clap::Subcommand;

use super::Cli;
use crate::services::admin::users::{UserInput, create_user};
use crate::state::AppState;

/// User commands.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user.
    Add {
        /// Login name.
        #[arg(long)]
        username: String,
        /// Display name (姓名).
        #[arg(long)]
        name: String,
        /// Organisation: code or full name (e.g. 张潘镇, 411003105).
        #[arg(long)]
        org: String,
        /// Role (repeatable): admin, district_admin, township_officer,
        /// department_handler, case_leader, inspector, or the Chinese label.
        #[arg(long = "role", required = true)]
        roles: Vec<String>,
        /// Phone.
        #[arg(long, default_value = "")]
        phone: String,
        /// Initial password (at least 8 characters).
        #[arg(long, env = "XINFANG_NEW_PASSWORD", hide_env_values = true)]
        password: String,
    },
    /// List users.
    List {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Token commands.
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create an API token for a user and print it (shown once).
    Create {
        /// The user's login name.
        #[arg(long)]
        user: String,
        /// A label for the token.
        #[arg(long, default_value = "script")]
        name: String,
    },
}

pub(super) async fn run_user(cli: &Cli, cmd: &UserCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    crate::demo::seed_orgs(&state)
        .await
        .map_err(|e| e.to_string())?;
    match cmd {
        UserCommand::Add {
            username,
            name,
            org,
            roles,
            phone,
            password,
        } => {
            let orgs = state.store.list_orgs().await.map_err(|e| e.to_string())?;
            let org = orgs
                .iter()
                .find(|o| o.code == *org || o.name == *org || o.id.to_string() == *org)
                .ok_or_else(|| format!("没有代码或名称为“{org}”的单位"))?;
            let input = UserInput {
                username: username.clone(),
                display_name: name.clone(),
                org_id: org.id.to_string(),
                roles: roles.clone(),
                phone: phone.clone(),
                password: password.clone(),
            };
            let u = create_user(&state, None, &input, state.now())
                .await
                .map_err(|e| e.to_string())?;
            println!(
                "已添加用户 {}（{}，{}）",
                u.username, u.display_name, u.org_name
            );
            Ok(())
        }
        UserCommand::List { json } => {
            let users = state.store.list_users().await.map_err(|e| e.to_string())?;
            if *json {
                let rows: Vec<_> = users
                    .iter()
                    .map(|u| {
                        serde_json::json!({
                            "id": u.id, "username": u.username, "name": u.display_name, "org": u.org_name,
                            "roles": u.roles.iter().map(|r| r.label()).collect::<Vec<_>>(), "active": u.active,
                        })
                    })
                    .collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
                );
            } else {
                for u in users {
                    let roles: Vec<_> = u.roles.iter().map(|r| r.label()).collect();
                    println!(
                        "{}\t{}\t{}\t{}",
                        u.username,
                        u.display_name,
                        u.org_name,
                        roles.join("、")
                    );
                }
            }
            Ok(())
        }
    }
}

pub(super) async fn run_token(cli: &Cli, cmd: &TokenCommand) -> Result<(), String> {
    let state = AppState::open(cli.config("xinfang-data")).await?;
    match cmd {
        TokenCommand::Create { user, name } => {
            let token = crate::services::admin::auth::create_api_token(&state, user, name)
                .await
                .map_err(|e| e.to_string())?;
            println!("{token}");
            Ok(())
        }
    }
}
