//! `xinfang calendar check|list` and `xinfang deadlines`: the working-day calendar and the deadline engine, without a database.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;
use xinfang_domain::calendar::{WorkingCalendar, missing_year_warning, weekday_label};
use xinfang_domain::clock::{format_local, format_rfc3339, parse_time};
use xinfang_domain::deadlines::{
    Limit, MilestoneKind, MilestoneRole, RuleSet, Signal, WarningPolicy, evaluate,
};
use xinfang_domain::vocab::CaseKind;

/// Calendar commands.
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Whether a day is a working day, and why (e.g. `calendar check 2022-10-08`).
    Check {
        /// The day, e.g. 2022-10-08.
        date: String,
        /// Print JSON: {"date","working","reason","year_known","warnings"}.
        #[arg(long)]
        json: bool,
        /// Extra or corrected years.
        #[command(flatten)]
        files: CalendarFiles,
    },
    /// Every day of a year, one line each.
    List {
        /// The year, e.g. 2022.
        #[arg(long)]
        year: i16,
        /// Print a JSON array of {"date","working","reason"}.
        #[arg(long)]
        json: bool,
        /// Extra or corrected years.
        #[command(flatten)]
        files: CalendarFiles,
    },
    /// Load (or correct) a year into the database, e.g. 2027 once its notice is
    /// out; every open milestone is recomputed and moved ones get a timeline note.
    Load {
        /// A year file in the calendars/*.json format.
        file: std::path::PathBuf,
    },
}

/// Year files to load over the embedded calendar.
#[derive(Debug, Args)]
pub struct CalendarFiles {
    /// A year file in the calendars/*.json format (repeatable), e.g. 2027 once its notice is out.
    #[arg(long = "calendar-file", value_name = "FILE")]
    pub calendar_files: Vec<PathBuf>,
}

/// `xinfang deadlines`: each milestone of a case kind with its due time and explanation.
#[derive(Debug, Args)]
pub struct DeadlinesArgs {
    /// Rule set: seed (the district plan, default), statute (《信访工作条例》) or a rules JSON file.
    #[arg(long, default_value = "seed")]
    pub rules: String,
    /// Case kind: 初信初访, 重复访, 越级访, 网络舆情 or 排查发现.
    #[arg(long)]
    pub kind: String,
    /// Received time, e.g. 2022-09-30T16:00:00+08:00 or "2022-09-30 16:00" (Beijing time).
    #[arg(long)]
    pub received: String,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
    /// Extra or corrected years.
    #[command(flatten)]
    pub files: CalendarFiles,
}

/// One day, as `calendar check --json` and `calendar list --json` print it.
#[derive(Debug, Serialize)]
struct DayJson {
    date: String,
    working: bool,
    reason: String,
}

#[derive(Debug, Serialize)]
struct CheckJson {
    date: String,
    working: bool,
    reason: String,
    year_known: bool,
    warnings: Vec<String>,
}

/// The stable JSON of `xinfang deadlines --json`.
#[derive(Debug, Serialize)]
struct DeadlinesJson {
    rules: String,
    kind: CaseKind,
    received_at: String,
    milestones: Vec<MilestoneJson>,
}

#[derive(Debug, Serialize)]
struct MilestoneJson {
    key: String,
    name: String,
    kind: MilestoneKind,
    /// `answer` for the milestone that answers the petitioner.
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<MilestoneRole>,
    start: &'static str,
    limit: Limit,
    /// RFC 3339 +08:00; 24:00 of D is 00:00:00 of D+1.
    due_at: Option<String>,
    /// "2022-10-10 24:00".
    due_display: Option<String>,
    explanation: Option<String>,
    /// For a milestone not started by the received time: what starts it.
    note: Option<String>,
    warnings: Vec<String>,
}

pub(super) fn run_calendar(cmd: &CalendarCommand) -> Result<(), String> {
    match cmd {
        CalendarCommand::Load { .. } => {
            Err("calendar load 需要数据库，由 cli::reference 处理".into())
        }
        CalendarCommand::Check { date, json, files } => {
            let cal = load_calendar(files)?;
            let day = parse_date(date)?;
            let check = check_day(&cal, day);
            if *json {
                print_json(&check)
            } else {
                emit(&check_text(&check, day))
            }
        }
        CalendarCommand::List { year, json, files } => {
            let cal = load_calendar(files)?;
            let days = list_year(&cal, *year)?;
            if !cal.is_year_known(*year) {
                eprintln!("注意：{}", missing_year_warning(*year));
            }
            if *json {
                print_json(&days)
            } else {
                let lines: Vec<String> = days
                    .iter()
                    .map(|d| {
                        let wd = parse_date(&d.date).map(weekday_label).unwrap_or_default();
                        let state = if d.working { "工作日" } else { "休息日" };
                        format!("{} {wd} {state} {}", d.date, d.reason)
                    })
                    .collect();
                emit(&lines.join("\n"))
            }
        }
    }
}

pub(super) fn run_deadlines(args: &DeadlinesArgs) -> Result<(), String> {
    let cal = load_calendar(&args.files)?;
    let (rules_name, rules) = load_rules(&args.rules)?;
    let kind = CaseKind::parse(&args.kind).ok_or_else(|| {
        let all: Vec<&str> = CaseKind::ALL.iter().map(|k| k.label()).collect();
        format!(
            "无法识别的信访类型“{}”，应为：{}",
            args.kind,
            all.join("、")
        )
    })?;
    let received = parse_time(&args.received).ok_or_else(|| {
        format!(
            "无法识别的受理时间“{}”，应如 2022-09-30T16:00:00+08:00",
            args.received
        )
    })?;
    let report = deadlines_report(&rules_name, &rules, kind, received, &cal);
    if args.json {
        print_json(&report)
    } else {
        emit(&deadlines_text(&rules, &report, received))
    }
}

fn load_calendar(files: &CalendarFiles) -> Result<WorkingCalendar, String> {
    let mut cal = WorkingCalendar::embedded();
    for path in &files.calendar_files {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("无法读取日历文件 {}：{e}", path.display()))?;
        cal.with_year_json(&text)
            .map_err(|e| format!("{}：{e}", path.display()))?;
    }
    Ok(cal)
}

fn load_rules(arg: &str) -> Result<(String, RuleSet), String> {
    if let Some(rules) = RuleSet::preset(arg) {
        return Ok((arg.trim().to_string(), rules));
    }
    let text = std::fs::read_to_string(arg)
        .map_err(|e| format!("规则集应为 seed、statute 或规则文件路径；无法读取“{arg}”：{e}"))?;
    let rules = RuleSet::from_json(&text).map_err(|e| format!("{arg}：{e}"))?;
    Ok((rules.name.clone(), rules))
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.trim()
        .parse::<Date>()
        .map_err(|_| format!("无法识别的日期“{s}”，应如 2022-10-08"))
}

fn print_json<T: Serialize>(value: &T) -> Result<(), String> {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    emit(&text)
}

/// Print one block of output; a reader that stops early (`| head`) is not an error.
fn emit(text: &str) -> Result<(), String> {
    use std::io::Write;
    match writeln!(std::io::stdout().lock(), "{text}") {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.to_string()),
        _ => Ok(()),
    }
}

fn check_day(cal: &WorkingCalendar, day: Date) -> CheckJson {
    let info = cal.day(day);
    let warnings = if info.year_known {
        Vec::new()
    } else {
        vec![missing_year_warning(day.year())]
    };
    CheckJson {
        date: day.to_string(),
        working: info.working,
        reason: info.reason,
        year_known: info.year_known,
        warnings,
    }
}

fn check_text(check: &CheckJson, day: Date) -> String {
    let state = if check.working {
        "工作日"
    } else {
        "非工作日"
    };
    let mut text = format!(
        "{}（{}）：{state}——{}",
        check.date,
        weekday_label(day),
        check.reason
    );
    for w in &check.warnings {
        text.push_str(&format!("\n注意：{w}"));
    }
    text
}

fn list_year(cal: &WorkingCalendar, year: i16) -> Result<Vec<DayJson>, String> {
    let first = Date::new(year, 1, 1).map_err(|_| format!("无法识别的年份 {year}"))?;
    let mut days = Vec::new();
    let mut d = first;
    while d.year() == year {
        let info = cal.day(d);
        days.push(DayJson {
            date: d.to_string(),
            working: info.working,
            reason: info.reason,
        });
        match d.tomorrow() {
            Ok(next) => d = next,
            Err(_) => break,
        }
    }
    Ok(days)
}

fn deadlines_report(
    rules_name: &str,
    rules: &RuleSet,
    kind: CaseKind,
    received: Timestamp,
    cal: &WorkingCalendar,
) -> DeadlinesJson {
    let statuses = evaluate(
        rules,
        kind,
        &[(Signal::Received, received)],
        &[],
        cal,
        received,
        &WarningPolicy::default(),
    );
    let milestones = rules
        .milestones(kind)
        .into_iter()
        .zip(statuses)
        .map(|(rule, status)| {
            let note = status
                .due
                .is_none()
                .then(|| format!("自“{}”起算，受理时尚未开始", rule.start.label()));
            let due = status.due;
            MilestoneJson {
                key: rule.key.clone(),
                name: rule.name.clone(),
                kind: rule.kind,
                role: rule.role,
                start: rule.start.key(),
                limit: rule.limit,
                due_at: due.as_ref().map(|d| format_rfc3339(d.at)),
                due_display: due.as_ref().map(|d| d.display()),
                explanation: due.as_ref().map(|d| d.explanation.clone()),
                note,
                warnings: due.map(|d| d.warnings).unwrap_or_default(),
            }
        })
        .collect();
    DeadlinesJson {
        rules: rules_name.to_string(),
        kind,
        received_at: format_rfc3339(received),
        milestones,
    }
}

fn deadlines_text(rules: &RuleSet, report: &DeadlinesJson, received: Timestamp) -> String {
    let mut out = format!(
        "规则集：{}（{}）\n信访类型：{}\n受理时间：{}\n",
        rules.title,
        report.rules,
        report.kind,
        format_local(received)
    );
    for (i, m) in report.milestones.iter().enumerate() {
        let window = match (m.kind, m.role) {
            (MilestoneKind::Window, _) => "，申请期限",
            (_, Some(MilestoneRole::Answer)) => "，答复信访人",
            _ => "",
        };
        out.push_str(&format!(
            "\n{}. {}（{}{window}）\n",
            i + 1,
            m.name,
            m.limit.label()
        ));
        match (&m.due_display, &m.explanation, &m.note) {
            (Some(due), Some(why), _) => {
                out.push_str(&format!("   截止：{due}\n   说明：{why}\n"));
            }
            (_, _, Some(note)) => out.push_str(&format!("   {note}\n")),
            _ => {}
        }
        for w in &m.warnings {
            out.push_str(&format!("   注意：{w}\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use xinfang_domain::deadlines::SignalPattern;

    use super::*;
    use crate::cli::{Cli, Command};

    fn cal() -> WorkingCalendar {
        WorkingCalendar::embedded()
    }

    fn json(value: &impl Serialize) -> serde_json::Value {
        serde_json::to_value(value).expect("serialises")
    }

    #[test]
    fn check_says_the_makeup_saturday_is_a_working_day_because_of_national_day() {
        let day = parse_date("2022-10-08").expect("a date");
        let check = check_day(&cal(), day);
        let v = json(&check);
        assert_eq!(v["date"], "2022-10-08");
        assert_eq!(v["working"], true);
        assert!(
            v["reason"]
                .as_str()
                .is_some_and(|r| r.contains("国庆节调休")),
            "{v}"
        );
        assert_eq!(
            check_text(&check, day),
            "2022-10-08（周六）：工作日——国庆节调休上班"
        );
    }

    #[test]
    fn check_of_an_unknown_year_warns() {
        let day = parse_date("2027-10-01").expect("a date");
        let check = check_day(&cal(), day);
        assert!(!check.year_known);
        assert!(
            check_text(&check, day).ends_with("注意：2027年节假日安排未载入，截止时间可能不准")
        );
        assert!(parse_date("2022-13-01").is_err());
    }

    #[test]
    fn list_gives_every_day_of_the_year_as_date_working_reason() {
        let days = list_year(&cal(), 2022).expect("a year");
        assert_eq!(days.len(), 365);
        assert_eq!(days.iter().filter(|d| d.working).count(), 249);
        let v = json(&days[280]);
        assert_eq!(
            v,
            serde_json::json!({"date": "2022-10-08", "working": true, "reason": "国庆节调休上班"})
        );
    }

    #[test]
    fn deadlines_json_is_stable_with_24_00_as_next_midnight() {
        let received = parse_time("2022-09-26T09:10:00+08:00").expect("a time");
        let report = deadlines_report("seed", &RuleSet::seed(), CaseKind::Repeat, received, &cal());
        let v = json(&report);
        assert_eq!(v["rules"], "seed");
        assert_eq!(v["kind"], "重复访");
        assert_eq!(v["received_at"], "2022-09-26T09:10:00+08:00");
        let ms = v["milestones"].as_array().expect("array");
        // The plan's four, then the statute's review chain, which the seed extends.
        assert_eq!(ms.len(), 8);
        let report_3 = &ms[2];
        assert_eq!(report_3["key"], "preliminary_report");
        assert_eq!(report_3["start"], "received");
        assert_eq!(report_3["limit"], serde_json::json!({"working_days": 3}));
        assert_eq!(report_3["due_at"], "2022-09-30T00:00:00+08:00");
        assert_eq!(report_3["due_display"], "2022-09-29 24:00");
        assert_eq!(report_3["warnings"], serde_json::json!([]));
        assert_eq!(ms[1]["due_at"], "2022-09-27T09:10:00+08:00");
        let window = &ms[4];
        assert_eq!(window["kind"], "window");
        assert_eq!(window["start"], SignalPattern::OpinionDelivered.key());
        assert_eq!(window["due_at"], serde_json::Value::Null);
        assert_eq!(window["note"], "自“处理意见书送达”起算，受理时尚未开始");
        assert_eq!(
            window["limit"],
            serde_json::json!({"calendar_days": 30, "roll_over_days_off": true})
        );
        assert_eq!(ms[3]["key"], "handling_report");
        assert_eq!(ms[3]["role"], "answer");
        assert_eq!(ms[2].get("role"), None);
        let text = deadlines_text(&RuleSet::seed(), &report, received);
        assert!(
            text.contains("3. 形成初步调查报告（3个工作日）\n   截止：2022-09-29 24:00"),
            "{text}"
        );
        assert!(
            text.contains("4. 报送处置情况报告（10个工作日，答复信访人）"),
            "{text}"
        );
    }

    #[test]
    fn the_commands_parse_and_need_no_database() {
        let cli = Cli::try_parse_from([
            "xinfang",
            "deadlines",
            "--rules",
            "statute",
            "--kind",
            "初信初访",
            "--received",
            "2022-09-30T16:00:00+08:00",
            "--json",
        ])
        .expect("parses");
        let Command::Deadlines(args) = &cli.command else {
            panic!("deadlines");
        };
        assert!(run_deadlines(args).is_ok());
        let cli =
            Cli::try_parse_from(["xinfang", "calendar", "check", "2022-10-08"]).expect("parses");
        let Command::Calendar(cmd) = &cli.command else {
            panic!("calendar");
        };
        assert!(run_calendar(cmd).is_ok());
        let bad = DeadlinesArgs {
            rules: "seed".into(),
            kind: "重访".into(),
            received: "2022-09-30 16:00".into(),
            json: false,
            files: CalendarFiles {
                calendar_files: Vec::new(),
            },
        };
        let e = run_deadlines(&bad).expect_err("unknown kind");
        assert!(e.contains("无法识别的信访类型“重访”"), "{e}");
    }
}
