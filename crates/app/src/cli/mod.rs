//! The command line: `serve`, `demo`, `init`, `migrate`, `org`, `user`, `token`, `case`, `verify-audit`, `audit`, ….

mod audit;
mod backup;
mod calendar;
mod case;
mod generate;
mod ledger;
mod meeting;
mod notice;
mod org;
mod people;
mod persons;
mod progress;
mod reference;
mod scorecard;
mod stats;
mod sweep;
mod user;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::state::AppState;

/// xinfang — 涉贫信访舆情工作平台 (poverty-related petitions and public opinion).
#[derive(Debug, Parser)]
#[command(name = "xinfang", version, about)]
pub struct Cli {
    /// Where the SQLite database and attachments live.
    #[arg(long, global = true, env = "XINFANG_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL; `postgres://user:pass@host/db` selects PostgreSQL.
    #[arg(
        long,
        global = true,
        env = "XINFANG_DATABASE_URL",
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web UI and API.
    Serve {
        /// Address to listen on.
        #[arg(long, env = "XINFANG_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Scheduled backups (定期备份).
        #[command(flatten)]
        backups: backup::ScheduleArgs,
    },
    /// Seed a demo district (Jian'an: the twelve months up to today, or 2022
    /// with `--year 2022`) into a fresh database, then serve it.
    Demo {
        /// Address to listen on.
        #[arg(long, env = "XINFANG_BIND", default_value = "127.0.0.1:8080")]
        bind: String,
        /// Only seed; do not serve.
        #[arg(long)]
        no_serve: bool,
        /// How many cases to generate (above 2000: 2000 through the services, the rest in bulk as `generate` does).
        #[arg(long, default_value_t = 300)]
        cases: usize,
        /// A past year instead of the twelve months up to today: 2022 (with
        /// the SCENARIOS.md stories).
        #[arg(long)]
        year: Option<i16>,
    },
    /// Set up a new, empty database with a district's organisations (Jian'an's by default).
    Init(org::InitArgs),
    /// Apply database migrations and exit.
    Migrate,
    /// The organisation tree: list, add an organisation or village, rename.
    #[command(subcommand)]
    Org(org::OrgCommand),
    /// Manage users.
    #[command(subcommand)]
    User(user::UserCommand),
    /// Manage API tokens.
    #[command(subcommand)]
    Token(user::TokenCommand),
    /// Read cases (for scripts).
    #[command(subcommand)]
    Case(case::CaseCommand),
    /// Check that the audit trail has not been edited (the whole chain, and
    /// against a published anchor with `--anchor COUNT:HASH`).
    VerifyAudit(audit::VerifyArgs),
    /// The audit chain: print its anchor.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Back up the database and attachments to a .zip (works while the server runs; never includes a key).
    Backup(backup::BackupArgs),
    /// Restore a backup into an empty data directory (and, for PostgreSQL, an empty database).
    Restore(backup::RestoreArgs),
    /// Working days: check a day or list a year (no database needed).
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// Each milestone of a case kind with its due time and explanation (no database needed).
    Deadlines(calendar::DeadlinesArgs),
    /// One pass of the deadline sweeper (督办扫描): move milestone states, raise due notices, post webhooks.
    Sweep(sweep::SweepArgs),
    /// Print a case's 受理告知书 or 处理意见书 as PDF.
    Notice(notice::NoticeArgs),
    /// A case's file (一案一档) as .zip.
    Archive(notice::ArchiveArgs),
    /// Reports for the city bureau.
    #[command(subcommand)]
    Report(notice::ReportCommand),
    /// Write a ledger (附件1–4) as .xlsx for an organisation and a period.
    Export(ledger::ExportArgs),
    /// Read a filled ledger (附件1–4): every row checked, all or nothing.
    Import(ledger::ImportArgs),
    /// Deadline rule sets: show, load a district's own, choose the one in force.
    #[command(subcommand)]
    Rules(reference::RulesCommand),
    /// 统计分析: the figures of a period by township, unit, category, channel, kind or month.
    Stats(stats::StatsArgs),
    /// Add generated cases in bulk — copies of the database's own cases spread over years — for load tests and benchmarks.
    Generate(generate::GenerateArgs),
    /// 乡镇后评估: each township's scores, total and rank for a period, with every score's explanation.
    Scorecard(scorecard::ScorecardArgs),
    /// 问责: the accountability actions against units.
    #[command(subcommand)]
    Accountability(people::AccountabilityCommand),
    /// 干部培训 (信访能力大提升): courses and each township's coverage.
    #[command(subcommand)]
    Training(people::TrainingCommand),
    /// 隐患分析排查会议: a township's meeting pack as PDF, the month's meetings.
    #[command(subcommand)]
    Meeting(meeting::MeetingCommand),
    /// 重点人员: the key persons by risk, each point explained.
    #[command(subcommand)]
    Persons(persons::PersonsCommand),
    /// 敏感节点: the calendar of sensitive periods.
    #[command(subcommand)]
    Periods(persons::PeriodsCommand),
}

impl Cli {
    /// The configuration these flags describe.
    pub fn config(&self, default_data_dir: &str) -> Config {
        let mut c = Config::from_env();
        c.data_dir = self
            .data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(default_data_dir));
        c.database_url = self.database_url.clone().filter(|u| !u.trim().is_empty());
        c
    }
}

/// Run a parsed command line; errors are messages for the operator.
pub async fn run(cli: Cli) -> Result<(), String> {
    match &cli.command {
        Command::Serve { bind, backups } => {
            let mut config = cli.config("xinfang-data");
            config.bind = bind.clone();
            config.backup = backups.schedule()?;
            let state = AppState::open(config).await?;
            crate::demo::seed_orgs(&state)
                .await
                .map_err(|e| e.to_string())?;
            serve_on(state).await
        }
        Command::Demo {
            bind,
            no_serve,
            cases,
            year,
        } => {
            let year = crate::demo::DemoYear::from_flag(*year)?;
            let mut config = cli.config("xinfang-demo");
            config.bind = bind.clone();
            let state = AppState::open(config).await?;
            let one_by_one = (*cases).min(crate::demo::bulk::SEEDED_ONE_BY_ONE);
            let report = crate::demo::seed_demo_for(&state, one_by_one, year)
                .await
                .map_err(|e| e.to_string())?;
            crate::demo::print_report(&report);
            if *cases > one_by_one && report.period != crate::demo::ALREADY_SEEDED {
                let rest = i64::try_from(*cases - one_by_one).unwrap_or(i64::MAX);
                let made = crate::demo::bulk::generate(&state, rest, 5, None, state.now())
                    .await
                    .map_err(|e| e.to_string())?;
                println!("另批量生成 {} 件（近5年，见 xinfang generate）", made.cases);
            }
            if *no_serve {
                return Ok(());
            }
            serve_on(state).await
        }
        Command::Migrate => {
            let state = AppState::open(cli.config("xinfang-data")).await?;
            println!(
                "数据库已是最新版本：{}",
                xinfang_store::redact_url(&state.config.effective_database_url())
            );
            Ok(())
        }
        Command::Init(args) => org::run_init(&cli, args).await,
        Command::Org(cmd) => org::run_org(&cli, cmd).await,
        Command::User(cmd) => user::run_user(&cli, cmd).await,
        Command::Token(cmd) => user::run_token(&cli, cmd).await,
        Command::Case(cmd) => case::run(&cli, cmd).await,
        Command::Calendar(calendar::CalendarCommand::Load { file }) => {
            reference::load_calendar(&cli, file).await
        }
        Command::Calendar(cmd) => calendar::run_calendar(cmd),
        Command::Rules(cmd) => reference::run_rules(&cli, cmd).await,
        Command::Notice(args) => notice::run_notice(&cli, args).await,
        Command::Archive(args) => notice::run_archive(&cli, args).await,
        Command::Report(cmd) => notice::run_report(&cli, cmd).await,
        Command::Export(args) => ledger::run_export(&cli, args).await,
        Command::Import(args) => ledger::run_import(&cli, args).await,
        Command::Deadlines(args) => calendar::run_deadlines(args),
        Command::Sweep(args) => sweep::run(&cli, args).await,
        Command::Stats(args) => stats::run(&cli, args).await,
        Command::Generate(args) => generate::run(&cli, args).await,
        Command::Scorecard(args) => scorecard::run(&cli, args).await,
        Command::Accountability(cmd) => people::run_accountability(&cli, cmd).await,
        Command::Training(cmd) => people::run_training(&cli, cmd).await,
        Command::Meeting(cmd) => meeting::run(&cli, cmd).await,
        Command::Persons(cmd) => persons::run_persons(&cli, cmd).await,
        Command::Periods(cmd) => persons::run_periods(&cli, cmd).await,
        Command::Backup(args) => backup::run_backup(&cli, args).await,
        Command::Restore(args) => backup::run_restore(&cli, args).await,
        Command::VerifyAudit(args) => audit::run_verify(&cli, args).await,
        Command::Audit(cmd) => audit::run(&cli, cmd).await,
    }
}

async fn serve_on(state: AppState) -> Result<(), String> {
    let listener = tokio::net::TcpListener::bind(&state.config.bind)
        .await
        .map_err(|e| format!("无法监听 {}：{e}", state.config.bind))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!("xinfang 已启动：http://{addr}/");
    println!(
        "数据库：{}",
        xinfang_store::redact_url(&state.config.effective_database_url())
    );
    crate::serve(state, listener)
        .await
        .map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        super::Cli::command().debug_assert();
    }
}
