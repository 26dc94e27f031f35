//! Ledgers print legibly: exported Annexes 1 and 4 with long texts, converted
//! to PDF by LibreOffice as a township would print them, read back with
//! pdftotext — every 反映问题 and 内容摘要 reads whole, in order, not drawn over
//! the next row or cut off.
//!
//! Needs `soffice` (Debian's libreoffice-calc-nogui) and `pdftotext`
//! (poppler-utils); `scripts/ci-setup.sh` installs both.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use jiff::civil::date;
use xinfang_domain::vocab::{
    Category, Channel, Finding, PovertyStatus, Satisfaction, TriAnswer, TriRecord,
};
use xinfang_forms::ledger::*;

/// A petition as townships write them: names, a place, a masked phone,
/// years and amounts in half-width digits, full-width punctuation.
const STORY: &str = "反映其2021年申请的危房改造补助资金至今未足额到位（已到位8000元，尚欠12000元），村里称已上报但镇里未拨付，多次到镇政府询问无果，要求尽快核实并补发剩余补助款，同时请求对其房屋进行安全鉴定；";

/// Texts from one line to a dozen, each starting with its own marker so that
/// no text is a part of another.
fn texts() -> Vec<String> {
    let names = [
        "王建国",
        "李秀英",
        "张德胜",
        "赵桂兰",
        "刘长海",
        "陈玉梅",
        "杨志强",
    ];
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let body = STORY.repeat(i % 4);
            format!(
                "第{}件：{name}，张潘镇古城村村民，联系电话138****56{i:02}。{body}办理情况待核实。",
                i + 1
            )
        })
        .collect()
}

fn header() -> LedgerHeader {
    LedgerHeader {
        org_name: "许昌市建安区乡村振兴局".into(),
        phone: "0374-5012345".into(),
        title: None,
        period: Some("2022年9月1日至2022年9月30日".into()),
        extra_columns: false,
    }
}

fn annex4(texts: &[String]) -> Vec<u8> {
    let rows: Vec<AnnexFourRow> = texts
        .iter()
        .map(|t| AnnexFourRow {
            received_on: date(2022, 9, 5),
            channel: Some(Channel::Online),
            summary: t.clone(),
            city: "许昌市".into(),
            county: "建安区".into(),
            poverty: Some(PovertyStatus::Lifted),
            category: Category::Housing,
            key_case: Some(true),
            due_on: Some(date(2022, 10, 5)),
            handling_unit: "区住房和城乡建设局".into(),
            contacted_on: Some(date(2022, 9, 5)),
            opinion_on: Some(date(2022, 9, 20)),
            finding: Some(Finding::Partly),
            satisfaction: Some(Satisfaction::Satisfied),
            review: String::new(),
            second_review: String::new(),
            legal_progress: "不涉及".into(),
        })
        .collect();
    annex4_xlsx(&header(), &rows).unwrap()
}

fn annex1(texts: &[String]) -> Vec<u8> {
    use TriAnswer::{NotApplicable, Yes};
    let rows: Vec<AnnexOneRow> = texts
        .iter()
        .map(|t| AnnexOneRow {
            screened_on: date(2022, 3, 5),
            screening_kind: None,
            name: "王建国".into(),
            id_number: None,
            phone: None,
            poverty: Some(PovertyStatus::Monitored),
            township: "张潘镇".into(),
            village: Some("古城村".into()),
            problem: t.clone(),
            category: Category::Housing,
            newly_found: Some(true),
            responsible_unit: "区住房和城乡建设局".into(),
            tri: TriRecord {
                reasonable_resolved: Yes,
                unreasonable_guided: NotApplicable,
                hardship_helped: Yes,
                unlawful_handled: NotApplicable,
            },
            stable: Some(true),
            remarks: String::new(),
        })
        .collect();
    annex1_xlsx(&header(), &rows).unwrap()
}

/// Converts every .xlsx in `dir` to PDF with LibreOffice, in one run and a
/// profile of its own (so that parallel tests do not share one).
fn to_pdf(dir: &Path, files: &[&str]) {
    let profile = format!("file://{}", dir.join("profile").display());
    let out = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(files.iter().map(|f| dir.join(f)))
        .output()
        .unwrap_or_else(|e| {
            panic!("soffice (libreoffice-calc-nogui; scripts/ci-setup.sh installs it) not runnable: {e}")
        });
    assert!(
        out.status.success(),
        "soffice failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn pdftotext(pdf: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext (poppler-utils) not runnable: {e}"));
    assert!(out.status.success(), "pdftotext failed");
    String::from_utf8(out.stdout).unwrap()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Every text, spaces and line ends aside, appears in the PDF's text in one
/// piece: lines drawn over another row's, or cut off, break it.
fn assert_whole(what: &str, pdf_text: &str, texts: &[String]) {
    let read = squeeze(pdf_text);
    for t in texts {
        assert!(
            read.contains(&squeeze(t)),
            "{what}: this text does not read whole in the printed PDF:\n{t}\n--- PDF text ---\n{pdf_text}"
        );
    }
}

#[test]
fn long_summaries_and_problems_print_whole() {
    let texts = texts();
    // The texts run from one line to about a dozen in Annex 4's column.
    assert!(texts.iter().any(|t| t.chars().count() > 200));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("annex4.xlsx"), annex4(&texts)).unwrap();
    std::fs::write(dir.path().join("annex1.xlsx"), annex1(&texts)).unwrap();
    to_pdf(dir.path(), &["annex4.xlsx", "annex1.xlsx"]);
    assert_whole(
        "附件4 信访人信息及反映事项内容摘要",
        &pdftotext(&dir.path().join("annex4.pdf")),
        &texts,
    );
    assert_whole(
        "附件1 反映问题",
        &pdftotext(&dir.path().join("annex1.pdf")),
        &texts,
    );
}
