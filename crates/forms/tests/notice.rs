//! The notices (受理告知书, 处理意见书) as PDF: size, extractable text, Chinese
//! line breaking, markup injection, missing glyphs and a supplied font.
//!
//! Text is read back with `pdftotext` (poppler-utils; scripts/ci-setup.sh installs it).

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::Path;
use std::process::Command;

use jiff::civil::date;
use xinfang_forms::notice::*;

const NUMBER: &str = "建安信访〔2022〕0007号";
const MATTER: &str = "本人赵桂兰，系建安区榆林乡某村村民，家中五口人，2019年被识别为脱贫户。2021年冬季本人因病住院两次，先后花费医疗费用四万余元，经基本医疗保险报销后个人仍需负担近两万元，家庭生活十分困难。本人曾于2022年1月向村委会提出纳入防返贫监测对象的申请，但至今未得到答复，村干部称“名额已满”。另外，2021年度到户产业奖补资金一千二百元至今未发放到位，本人多次询问均无结果。请求：一、依规将本户纳入防返贫监测对象并落实帮扶措施；二、尽快兑现2021年度产业奖补资金；三、对村干部推诿拖延的问题予以调查处理。以上情况属实，恳请上级领导重视，尽快给予解决，不胜感激！";
/// The matter as the handling opinion restates it.
const OPINION_MATTER: &str = "反映本户2021年因病支出较大、家庭生活困难，申请纳入防返贫监测对象未获答复，2021年度到户产业奖补资金1200元未发放到位，要求落实帮扶措施、兑现奖补资金并调查村干部推诿拖延问题。";
/// Characters that must never start a line in Chinese typesetting.
const NO_LINE_START: &str = "。，、；：？！）」』》";

fn petitioner(name: &str) -> Petitioner {
    Petitioner {
        name: name.into(),
        phone: "13937401234".into(),
        id_number: "411003196505123027".into(),
        address: "建安区榆林乡榆林村三组".into(),
        companions: "王建国（儿子）".into(),
    }
}

fn handler() -> Handler {
    Handler {
        unit: "榆林乡人民政府".into(),
        person: "李明".into(),
        phone: "0374-5121234".into(),
    }
}

fn acceptance(name: &str, matter: &str) -> AcceptanceNotice {
    AcceptanceNotice {
        case_number: NUMBER.into(),
        petitioner: petitioner(name),
        petition_date: date(2022, 3, 7),
        petition_form: "走访".into(),
        matter: matter.into(),
        handler: handler(),
        reply_by: date(2022, 3, 17),
        signature: Signature {
            issuer: "榆林乡人民政府".into(),
            signed_on: Some(date(2022, 3, 7)),
        },
        delivery: Delivery {
            delivered_on: Some(date(2022, 3, 7)),
            deliverer: "李明".into(),
            phone: "0374-5121234".into(),
        },
    }
}

fn opinion(name: &str) -> HandlingOpinion {
    HandlingOpinion {
        case_number: NUMBER.into(),
        petitioner: petitioner(name),
        matter: OPINION_MATTER.into(),
        handler: handler(),
        text: OpinionText {
            request: "将本户纳入防返贫监测对象并落实帮扶措施，兑现2021年度产业奖补资金，调查村干部推诿拖延问题。".into(),
            facts: "经调查核实，你户2021年度医疗支出较大，经基本医疗保险和大病保险报销后个人自付18620元，已超过防返贫监测标准；2021年度到户产业奖补资金1200元因银行账户信息错误退回，未能及时发放。\n村委会于2022年1月收到你的申请后未按规定报乡政府审核，存在工作不及时的问题。".into(),
            reasons: "你户符合突发严重困难户的识别条件，应当纳入监测；奖补资金未发放系账户信息错误所致，应予补发。".into(),
            opinion: "一、2022年3月15日已将你户纳入防返贫监测对象，落实医疗救助和临时救助措施；二、产业奖补资金1200元已于2022年3月12日重新拨付至你本人“一卡通”账户；三、对相关村干部进行批评教育，责令其作出书面检查。".into(),
            legal_basis: "《信访工作条例》第三十二条；《河南省防止返贫动态监测和帮扶工作实施方案》。".into(),
        },
        review_body: None,
        signature: Signature { issuer: "榆林乡人民政府".into(), signed_on: Some(date(2022, 3, 16)) },
        delivery: Delivery::default(),
    }
}

/// Writes `pdf` to a temp file and runs a poppler tool on it.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new(tool)
        .args(args)
        .arg(file.path())
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|e| panic!("{tool} (poppler-utils) not runnable: {e}"));
    assert!(
        out.status.success(),
        "{tool} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// The PDF's text as visual lines (poppler's `-bbox-layout` lines, words joined).
fn pdf_lines(pdf: &[u8]) -> Vec<String> {
    let xhtml = poppler("pdftotext", &["-bbox-layout", "-enc", "UTF-8"], pdf);
    let mut lines = Vec::new();
    for chunk in xhtml.split("<line").skip(1) {
        let chunk = chunk.split("</line>").next().unwrap();
        let mut line = String::new();
        for word in chunk.split("<word").skip(1) {
            let start = word.find('>').unwrap() + 1;
            let end = word.find("</word>").unwrap();
            line.push_str(&unescape(&word[start..end]));
        }
        lines.push(line);
    }
    lines
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// All the text, lines joined with newlines.
fn pdf_text(pdf: &[u8]) -> String {
    pdf_lines(pdf).join("\n")
}

fn pages(pdf: &[u8]) -> usize {
    let info = poppler("pdfinfo", &[], pdf);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line["Pages:".len()..].trim().parse().unwrap()
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_good_pdf(pdf: &[u8], text: &str) {
    assert!(pdf.starts_with(b"%PDF"), "not a PDF");
    assert!(
        pdf.len() <= 200 * 1024,
        "PDF is {} bytes, over 200 KB",
        pdf.len()
    );
    for line in text.lines() {
        let first = line.trim_start().chars().next();
        assert!(
            !first.is_some_and(|c| NO_LINE_START.contains(c)),
            "a line starts with forbidden punctuation: {line:?}"
        );
    }
}

#[test]
fn acceptance_notice_has_the_fields_and_fits() {
    assert!(MATTER.chars().count() >= 280, "{}", MATTER.chars().count());
    let pdf = acceptance_pdf(&acceptance("赵桂兰", MATTER), &NoticeFont::embedded()).unwrap();
    let text = pdf_text(&pdf);
    assert_good_pdf(&pdf, &text);
    assert_eq!(pages(&pdf), 1);
    let flat = squeeze(&text);
    for expected in [
        "信访事项受理告知书",
        "赵桂兰",
        NUMBER,
        "将于2022年3月17日前办结",
        "按照《河南省乡村振兴局关于印发信访工作制度》规定",
        "在此期间，不应重复信访或越级上访。",
        "特此告知。",
        "411003196505123027",
        "榆林乡",
        "信访人（签字）",
        "送达时间",
        "不胜感激！",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
}

#[test]
fn handling_opinion_has_the_five_parts_and_the_review_sentence() {
    let pdf = opinion_pdf(&opinion("赵桂兰"), &NoticeFont::embedded()).unwrap();
    let text = pdf_text(&pdf);
    assert_good_pdf(&pdf, &text);
    let flat = squeeze(&text);
    for expected in [
        "信访事项处理意见书",
        "赵桂兰",
        NUMBER,
        "住址或单位",
        "信访请求：",
        "查明事实：",
        "处理理由：",
        "处理意见：",
        "法律依据：《信访工作条例》第三十二条",
        "如对此处理意见不服，可以自收到之日起30日内向区乡村振兴局书面提出复查申请。",
        "2022年3月16日",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }

    let mut named = opinion("赵桂兰");
    named.review_body = Some("建安区乡村振兴局".into());
    let flat = squeeze(&pdf_text(
        &opinion_pdf(&named, &NoticeFont::embedded()).unwrap(),
    ));
    assert!(
        flat.contains("30日内向建安区乡村振兴局书面提出复查申请"),
        "{flat}"
    );
}

#[test]
fn typst_markup_in_user_text_prints_literally() {
    let hostile = r##"#set page(width: 1cm) *粗* _斜_ $x^2$ [链接] \ <标签> @引用 `代码` #{1+1} // 注释 ~ -- ... "引号""##;
    let mut notice = acceptance("赵#[桂]兰*", hostile);
    notice.petitioner.address = r"\u{41} $ # ] [ ) (".into();
    let pdf = acceptance_pdf(&notice, &NoticeFont::embedded()).unwrap();
    let flat = squeeze(&pdf_text(&pdf));
    assert!(flat.contains("赵#[桂]兰*"), "{flat}");
    assert!(flat.contains(&squeeze(hostile)), "{flat}");
    assert!(flat.contains(r"\u{41}$#][)("), "{flat}");
    assert_eq!(pages(&pdf), 1, "the #set page in the text must not apply");
}

#[test]
fn rare_name_characters_print_and_missing_ones_are_reported() {
    let font = NoticeFont::embedded();
    let rare = "堃喆昇犇淼鑫垚燚玥珺璟琇娴赟昶";
    assert!(
        font.missing_chars(rare).is_empty(),
        "{:?}",
        font.missing_chars(rare)
    );
    let pdf = acceptance_pdf(&acceptance("王堃喆", &format!("姓名用字：{rare}。")), &font).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    assert!(text.contains("王堃喆") && text.contains(rare), "{text}");

    // U+20000 (CJK Extension B) is outside the embedded subset.
    let missing = '\u{20000}';
    assert!(!font.has_char(missing));
    let err = acceptance_pdf(&acceptance(&format!("赵{missing}兰"), MATTER), &font).unwrap_err();
    assert_eq!(
        err,
        NoticeError::MissingGlyphs {
            field: "信访人姓名".into(),
            chars: vec![missing]
        }
    );
    assert_eq!(
        err.to_string(),
        "信访人姓名中有字体缺少的字符：\u{20000}（U+20000）"
    );

    let mut o = opinion("赵桂兰");
    o.text.facts = "经查😀属实，😀".into();
    let err = opinion_pdf(&o, &font).unwrap_err();
    assert_eq!(
        err,
        NoticeError::MissingGlyphs {
            field: "查明事实".into(),
            chars: vec!['😀']
        }
    );
}

#[test]
fn windows_line_ends_tabs_and_invisible_format_characters_are_accepted() {
    let matter = "第一段\r\n第二段\t结束\u{200B}。\u{FEFF}";
    let pdf = acceptance_pdf(
        &acceptance("赵\u{200B}桂兰", matter),
        &NoticeFont::embedded(),
    )
    .unwrap();
    let lines = pdf_lines(&pdf);
    assert!(lines.iter().any(|l| l.trim() == "第一段"), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("第二段")), "{lines:?}");
}

#[test]
fn control_characters_stored_in_a_case_do_not_stop_its_notices() {
    // A case registered before input was checked may hold NUL, escape, bell,
    // DEL, C1 and bidirectional overrides: the notice drops them and prints.
    let matter = "第一段\u{0}含空字符\u{1b}[31m\u{7}\u{7f}\u{85}\u{202E}倒序\u{2028}第二段";
    let pdf = acceptance_pdf(&acceptance("赵\u{0}桂兰", matter), &NoticeFont::embedded()).unwrap();
    let text = squeeze(&pdf_text(&pdf));
    assert!(text.contains("赵桂兰"), "{text}");
    assert!(text.contains("第一段含空字符[31m倒序"), "{text}");
    assert!(text.contains("第二段"), "{text}");
    let mut o = opinion("赵桂兰");
    o.text.facts = "事实\u{0}\u{1}\u{2}".into();
    o.petitioner.address = "榆林村\u{1f}三组".into();
    assert!(opinion_pdf(&o, &NoticeFont::embedded()).is_ok());
}

#[test]
fn empty_and_inconsistent_fields_are_refused() {
    let mut notice = acceptance("赵桂兰", MATTER);
    notice.reply_by = date(2022, 3, 1);
    let err = acceptance_pdf(&notice, &NoticeFont::embedded()).unwrap_err();
    assert!(
        matches!(err, NoticeError::Invalid { ref field, .. } if field == "办结日期"),
        "{err}"
    );
    let mut o = opinion("赵桂兰");
    o.text.legal_basis = "  ".into();
    let err = opinion_pdf(&o, &NoticeFont::embedded()).unwrap_err();
    assert_eq!(err.to_string(), "法律依据：不能为空");
}

#[test]
fn a_very_long_matter_breaks_across_pages_and_an_unsigned_date_prints_blank() {
    let long = format!("{MATTER}\n").repeat(12);
    let mut notice = acceptance("赵桂兰", &long);
    notice.signature.signed_on = None;
    notice.delivery = Delivery::default();
    let pdf = acceptance_pdf(&notice, &NoticeFont::embedded()).unwrap();
    let text = pdf_text(&pdf);
    assert_good_pdf(&pdf, &text);
    assert!(pages(&pdf) >= 2);
    let flat = squeeze(&text);
    assert!(
        flat.contains("第1页共2页") || flat.contains("第1页共3页"),
        "{text}"
    );
    assert!(flat.contains("将于2022年3月17日前办结"));
    assert!(flat.contains("签章：榆林乡人民政府年"), "{text}");
}

#[test]
fn a_supplied_font_is_used() {
    let path = Path::new("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc");
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!("skipped: {} not installed (fonts-noto-cjk)", path.display());
        return;
    };
    let font = NoticeFont::from_bytes(bytes, 2).unwrap();
    assert_eq!(font.family(), "Noto Sans CJK SC");
    let pdf = opinion_pdf(&opinion("赵桂兰"), &font).unwrap();
    let text = pdf_text(&pdf);
    assert_good_pdf(&pdf, &text);
    assert!(squeeze(&text).contains("赵桂兰"));
    let fonts = poppler("pdffonts", &[], &pdf);
    assert!(fonts.contains("NotoSansCJKsc"), "{fonts}");
    assert!(!fonts.contains("NotoSerif"), "{fonts}");

    assert!(matches!(
        NoticeFont::from_bytes(b"not a font".to_vec(), 0),
        Err(NoticeError::Font(_))
    ));
}

#[test]
fn a_supplied_font_without_chinese_is_refused_naming_the_field() {
    let path = Path::new("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf");
    let Ok(bytes) = std::fs::read(path) else {
        eprintln!(
            "skipped: {} not installed (fonts-dejavu-core)",
            path.display()
        );
        return;
    };
    let font = NoticeFont::from_bytes(bytes, 0).unwrap();
    let err = acceptance_pdf(&acceptance("赵桂兰", MATTER), &font).unwrap_err();
    assert!(
        matches!(&err, NoticeError::MissingGlyphs { field, chars } if field == "信访人姓名" && chars.len() == 3),
        "{err:?}"
    );
    // With Latin-only data, the form's own wording is what the font lacks.
    let mut latin = acceptance("Zhao", "Road repair (#12).");
    latin.case_number = "2022-0007".into();
    latin.petitioner = Petitioner {
        name: "Zhao".into(),
        ..Petitioner::default()
    };
    latin.handler = Handler::default();
    latin.signature = Signature::default();
    latin.delivery = Delivery::default();
    latin.petition_form = "visit".into();
    let err = acceptance_pdf(&latin, &font).unwrap_err();
    assert!(
        matches!(&err, NoticeError::MissingGlyphs { field, .. } if field == "表格固定文字"),
        "{err:?}"
    );
}

/// Not a test: `NOTICE_SAMPLES=dir cargo nextest run -p xinfang-forms --test notice
/// --run-ignored only` writes both sample PDFs and prints the time per notice.
#[test]
#[ignore]
fn write_samples_and_time() {
    let dir = std::env::var("NOTICE_SAMPLES").unwrap_or_else(|_| "target/notice-samples".into());
    std::fs::create_dir_all(&dir).unwrap();
    let font = NoticeFont::embedded();
    let start = std::time::Instant::now();
    let a = acceptance_pdf(&acceptance("赵桂兰", MATTER), &font).unwrap();
    let first = start.elapsed();
    let o = opinion_pdf(&opinion("赵桂兰"), &font).unwrap();
    std::fs::write(Path::new(&dir).join("acceptance.pdf"), &a).unwrap();
    std::fs::write(Path::new(&dir).join("opinion.pdf"), &o).unwrap();
    let long = acceptance_pdf(
        &acceptance("赵桂兰", &format!("{MATTER}\n").repeat(12)),
        &font,
    );
    std::fs::write(Path::new(&dir).join("long.pdf"), long.unwrap()).unwrap();
    let n = 10;
    let start = std::time::Instant::now();
    for i in 0..n {
        let mut notice = acceptance("赵桂兰", MATTER);
        notice.case_number = format!("建安信访〔2022〕{i:04}号");
        acceptance_pdf(&notice, &font).unwrap();
    }
    let each = start.elapsed() / n;
    println!(
        "first notice {first:?}, then {each:?} each; acceptance {} B, opinion {} B",
        a.len(),
        o.len()
    );
}

#[test]
fn a_marked_notice_prints_its_code_beside_a_qr_code() {
    let mark = VerifyMark {
        code: "12-ABCDEFGHJK".into(),
        url: "http://127.0.0.1:8080/verify/12-ABCDEFGHJK".into(),
    };
    let font = NoticeFont::embedded();
    for (pdf, plain) in [
        (
            acceptance_pdf_marked(&acceptance("赵桂兰", MATTER), &font, &mark).unwrap(),
            acceptance_pdf(&acceptance("赵桂兰", MATTER), &font).unwrap(),
        ),
        (
            opinion_pdf_marked(&opinion("赵桂兰"), &font, &mark).unwrap(),
            opinion_pdf(&opinion("赵桂兰"), &font).unwrap(),
        ),
    ] {
        assert_eq!(pages(&pdf), pages(&plain), "the mark adds no page");
        // The QR code is drawn in the top margin, right: dark there, blank without the mark.
        let (marked, blank) = (dark_top_right(&pdf), dark_top_right(&plain));
        assert!(
            marked > 1000 && blank == 0,
            "{marked} dark pixels, {blank} without"
        );
        let text = squeeze(&pdf_text(&pdf));
        assert!(text.contains("验证码：12-ABCDEFGHJK"), "{text}");
        assert!(
            text.contains("http://127.0.0.1:8080/verify/12-ABCDEFGHJK"),
            "{text}"
        );
        assert!(!squeeze(&pdf_text(&plain)).contains("验证码"));
        assert_good_pdf(&pdf, &pdf_text(&pdf));
    }
}

/// Dark pixels in the top margin's right half of page 1, rendered at 72 dpi (1 px = 1 pt).
fn dark_top_right(pdf: &[u8]) -> usize {
    let mut file = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
    file.write_all(pdf).unwrap();
    let out = Command::new("pdftoppm")
        .args([
            "-r", "72", "-gray", "-f", "1", "-l", "1", "-x", "300", "-y", "0", "-W", "295", "-H",
            "100",
        ])
        .arg(file.path())
        .output()
        .unwrap_or_else(|e| panic!("pdftoppm (poppler-utils) not runnable: {e}"));
    assert!(out.status.success());
    // Binary PGM: "P5", width, height, maxval, then one byte a pixel.
    let pgm = out.stdout;
    let mut fields = 0;
    let mut i = 0;
    while fields < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields += 1;
    }
    pgm[i + 1..].iter().filter(|p| **p < 128).count()
}
