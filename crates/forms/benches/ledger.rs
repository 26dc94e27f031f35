//! Ledger benchmark: export 100 000 Annex 4 rows, import 100 000 Annex 1 rows; time and peak memory.
//!
//! Each phase runs in a child process of this binary so that its peak
//! resident memory (VmHWM in /proc/self/status) is its own. Run with
//! `cargo bench -p xinfang-forms --bench ledger`; `LEDGER_BENCH_ROWS`
//! changes the row count.

use std::process::Command;
use std::time::Instant;

use jiff::civil::{Date, date};
use xinfang_domain::district::District;
use xinfang_domain::ident::PhoneNumber;
use xinfang_domain::org::OrgKind;
use xinfang_domain::vocab::{
    Category, Channel, Finding, PovertyStatus, Satisfaction, TriAnswer, TriRecord,
};
use xinfang_forms::ledger::{
    AnnexFourRow, AnnexOneRow, LedgerHeader, Places, annex1_xlsx, annex4_xlsx, import_annex1,
};

const PHASE_VAR: &str = "LEDGER_BENCH_PHASE";
const FILE_VAR: &str = "LEDGER_BENCH_FILE";

fn rows_wanted() -> usize {
    std::env::var("LEDGER_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000)
}

/// (kB) a line of /proc/self/status, e.g. VmHWM or VmRSS.
fn status_kb(key: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim_start_matches(':')
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn day(i: usize) -> Date {
    date(2022, 1, 1)
        .checked_add(jiff::Span::new().days((i % 365) as i64))
        .unwrap_or(date(2022, 1, 1))
}

fn places() -> Vec<(String, String)> {
    let district = District::jianan();
    let towns: Vec<_> = district
        .orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Township)
        .collect();
    district
        .orgs
        .iter()
        .filter(|o| o.kind == OrgKind::Village)
        .filter_map(|v| {
            let t = towns
                .iter()
                .find(|t| Some(&t.code) == v.parent_code.as_ref())?;
            Some((t.name.clone(), v.name.clone()))
        })
        .collect()
}

const SURNAMES: [&str; 10] = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];

fn annex4_rows(n: usize) -> Vec<AnnexFourRow> {
    (0..n)
        .map(|i| AnnexFourRow {
            received_on: day(i),
            channel: Some(Channel::ALL[i % Channel::ALL.len()]),
            summary: format!(
                "{}某{i}，建安区村民，反映第{i}号事项：帮扶政策落实不到位，要求核实处理。",
                SURNAMES[i % 10]
            ),
            city: "许昌市".into(),
            county: "建安区".into(),
            poverty: Some(PovertyStatus::ALL[i % 3]),
            category: Category::ALL[i % Category::ALL.len()],
            key_case: Some(i % 7 == 0),
            due_on: Some(day(i + 30)),
            handling_unit: "张潘镇人民政府".into(),
            contacted_on: Some(day(i + 1)),
            opinion_on: Some(day(i + 10)),
            finding: Some(Finding::ALL[i % 3]),
            satisfaction: Some(Satisfaction::ALL[i % 2]),
            review: if i % 50 == 0 {
                "已申请复查，正在办理".into()
            } else {
                String::new()
            },
            second_review: String::new(),
            legal_progress: String::new(),
        })
        .collect()
}

fn annex1_rows(n: usize) -> Vec<AnnexOneRow> {
    let places = places();
    (0..n)
        .map(|i| {
            let (township, village) = &places[i % places.len()];
            AnnexOneRow {
                screened_on: day(i),
                screening_kind: None,
                name: format!("{}某{i}", SURNAMES[i % 10]),
                id_number: None,
                phone: PhoneNumber::parse(&format!("138{:08}", i)).ok(),
                poverty: Some(PovertyStatus::ALL[i % 3]),
                township: township.into(),
                village: Some(village.into()),
                problem: format!("反映第{i}号问题：危房改造补助资金未足额到位，要求核实并补发。"),
                category: Category::ALL[i % Category::ALL.len()],
                newly_found: Some(i % 2 == 0),
                responsible_unit: "区住房和城乡建设局".into(),
                tri: TriRecord {
                    reasonable_resolved: TriAnswer::Yes,
                    unreasonable_guided: TriAnswer::NotApplicable,
                    hardship_helped: TriAnswer::ALL[i % 3],
                    unlawful_handled: TriAnswer::NotApplicable,
                },
                stable: Some(true),
                remarks: String::new(),
            }
        })
        .collect()
}

fn header() -> LedgerHeader {
    LedgerHeader {
        org_name: "建安区乡村振兴局".into(),
        phone: "0374-5012345".into(),
        ..LedgerHeader::default()
    }
}

fn export4(n: usize) {
    let rows = annex4_rows(n);
    let before = status_kb("VmRSS");
    let t = Instant::now();
    let bytes = annex4_xlsx(&header(), &rows).unwrap_or_default();
    let took = t.elapsed();
    println!(
        "export annex4 {n} rows: {:.2} s, {:.1} MB file, RSS before {:.0} MB (rows), peak {:.0} MB",
        took.as_secs_f64(),
        bytes.len() as f64 / 1e6,
        mb(before),
        mb(status_kb("VmHWM"))
    );
}

fn make1(n: usize, path: &str) {
    let bytes = annex1_xlsx(&header(), &annex1_rows(n)).unwrap_or_default();
    std::fs::write(path, &bytes).unwrap_or_default();
}

fn import1(n: usize, path: &str) {
    let bytes = std::fs::read(path).unwrap_or_default();
    let before = status_kb("VmRSS");
    let t = Instant::now();
    let result = import_annex1(&bytes, &Places::of(&District::jianan()));
    let took = t.elapsed();
    let got = result.as_ref().map_or(0, Vec::len);
    if let Err(e) = &result {
        println!("import failed: {e}");
    }
    println!(
        "import annex1 {n} rows: {:.2} s, {:.1} MB file, {got} rows read, RSS before {:.0} MB (file), peak {:.0} MB",
        took.as_secs_f64(),
        bytes.len() as f64 / 1e6,
        mb(before),
        mb(status_kb("VmHWM"))
    );
}

fn run_child(phase: &str, file: &str) {
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    let status = Command::new(exe)
        .env(PHASE_VAR, phase)
        .env(FILE_VAR, file)
        .status();
    if !status.as_ref().is_ok_and(|s| s.success()) {
        println!("phase {phase} failed: {status:?}");
    }
}

fn main() {
    let n = rows_wanted();
    let file = std::env::var(FILE_VAR).unwrap_or_default();
    match std::env::var(PHASE_VAR).as_deref() {
        Ok("export4") => export4(n),
        Ok("make1") => make1(n, &file),
        Ok("import1") => import1(n, &file),
        _ => {
            let Ok(dir) = tempfile::tempdir() else {
                return;
            };
            let path = dir.path().join("annex1.xlsx");
            let path = path.to_string_lossy();
            run_child("export4", &path);
            run_child("make1", &path);
            run_child("import1", &path);
        }
    }
}
