//! `xinfang user add|update|list` and `xinfang token create|list|revoke`.

use clap::Subcommand;

use super::Cli;
use xinfang_domain::clock::format_local;

use crate::json::{TokenJson, UserJson};
use crate::services::admin::tokens::{list_tokens, revoke_token};
use crate::services::admin::users::{UserInput, UserUpdate, create_user, update_user, user_named};
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
    /// Change a user: only what is given changes. `--password` resets the
    /// password (the user must change it at the next login); `--disable`
    /// ends the user's sessions and stops their API tokens at once.
    Update {
        /// The user's login name.
        username: String,
        /// New display name (姓名).
        #[arg(long)]
        name: Option<String>,
        /// New organisation: code or full name.
        #[arg(long)]
        org: Option<String>,
        /// New roles (repeatable; they replace the old ones).
        #[arg(long = "role")]
        roles: Vec<String>,
        /// New phone ("" removes it).
        #[arg(long)]
        phone: Option<String>,
        /// A new password (a reset: the user must choose their own at the next login).
        #[arg(long)]
        password: Option<String>,
        /// Disable the account.
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        /// Enable the account again.
        #[arg(long)]
        enable: bool,
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
    /// List API tokens (never the tokens themselves) with their state.
    List {
        /// Only this user's (login name).
        #[arg(long)]
        user: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Revoke an API token by its id (from `token list`): it stops working at once.
    Revoke {
        /// The token's id.
        id: i64,
    },
}

/// An organisation by code, name or id.
fn find_org<'a>(
    orgs: &'a [xinfang_domain::org::Org],
    org: &str,
) -> Result<&'a xinfang_domain::org::Org, String> {
    orgs.iter()
        .find(|o| o.code == *org || o.name == *org || o.id.to_string() == *org)
        .ok_or_else(|| format!("没有代码或名称为“{org}”的单位"))
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
            let org = find_org(&orgs, org)?;
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
        UserCommand::Update {
            username,
            name,
            org,
            roles,
            phone,
            password,
            disable,
            enable,
        } => {
            let user = user_named(&state, username)
                .await
                .map_err(|e| e.to_string())?;
            let org_id = match org {
                Some(org) => {
                    let orgs = state.store.list_orgs().await.map_err(|e| e.to_string())?;
                    Some(find_org(&orgs, org)?.id.to_string())
                }
                None => None,
            };
            let active = match (disable, enable) {
                (true, _) => Some("否".to_string()),
                (_, true) => Some("是".to_string()),
                _ => None,
            };
            let input = UserUpdate {
                display_name: name.clone(),
                org_id,
                roles: (!roles.is_empty()).then(|| roles.clone()),
                phone: phone.clone(),
                password: password.clone(),
                active,
            };
            let u = update_user(&state, None, user.id, &input, state.now())
                .await
                .map_err(|e| e.to_string())?;
            let roles: Vec<_> = u.roles.iter().map(|r| r.label()).collect();
            println!(
                "已修改用户 {}（{}，{}，{}，{}）",
                u.username,
                u.display_name,
                u.org_name,
                roles.join("、"),
                if u.active { "启用" } else { "停用" }
            );
            if password.is_some() {
                println!("密码已重置：该用户下次登录须先修改密码");
            }
            Ok(())
        }
        UserCommand::List { json } => {
            let users = state.store.list_users().await.map_err(|e| e.to_string())?;
            if *json {
                let rows: Vec<UserJson> = users.iter().map(UserJson::from).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
                );
            } else {
                for u in users {
                    let roles: Vec<_> = u.roles.iter().map(|r| r.label()).collect();
                    println!(
                        "{}\t{}\t{}\t{}{}",
                        u.username,
                        u.display_name,
                        u.org_name,
                        roles.join("、"),
                        if u.active { "" } else { "\t停用" }
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
            let (token, id, expires) =
                crate::services::admin::auth::issue_api_token(&state, user, name)
                    .await
                    .map_err(|e| e.to_string())?;
            println!("{token}");
            eprintln!(
                "接口令牌 {id}，有效期至 {}（XINFANG_TOKEN_DAYS）",
                format_local(expires)
            );
            Ok(())
        }
        TokenCommand::List { user, json } => {
            let tokens = list_tokens(&state, None, user.as_deref())
                .await
                .map_err(|e| e.to_string())?;
            let now = state.now();
            if *json {
                let rows: Vec<TokenJson> = tokens.iter().map(|t| TokenJson::at(t, now)).collect();
                println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
                );
            } else {
                for t in tokens {
                    println!(
                        "{}\t{}\t{}\t{}\t{}",
                        t.id,
                        t.username,
                        t.name,
                        t.expires_at.map_or_else(|| "长期".into(), format_local),
                        t.status(now).label()
                    );
                }
            }
            Ok(())
        }
        TokenCommand::Revoke { id } => {
            let t = revoke_token(&state, None, *id, state.now())
                .await
                .map_err(|e| e.to_string())?;
            println!("已吊销接口令牌 {}（{}，{}）", t.id, t.username, t.name);
            Ok(())
        }
    }
}
