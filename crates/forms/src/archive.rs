//! 一案一档 — a case's documents in one folder with an index (目录), packed as .zip; several folders make the weekly package.

use std::io::{Cursor, Write};

use rust_xlsxwriter::{Format, Workbook};
use zip::write::SimpleFileOptions;

/// One document of a case's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveDocument {
    /// File name inside the folder, e.g. `01-受理告知书.pdf`.
    pub name: String,
    /// What it is, for the index.
    pub title: String,
    /// Its date as people read it, e.g. `2022-10-10`.
    pub date: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// One line of the timeline sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineLine {
    /// When it happened, `2022-10-10 15:40`.
    pub at: String,
    /// Step, e.g. 联系信访人.
    pub kind: String,
    /// Who.
    pub actor: String,
    /// What.
    pub text: String,
}

/// A case's folder: its number, documents and timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFolder {
    /// Folder name, usually the case number.
    pub name: String,
    /// Heading of the index, e.g. "建安信访〔2022〕0001号 王保全 危房改造".
    pub heading: String,
    /// The documents, in the order they should be listed.
    pub documents: Vec<ArchiveDocument>,
    /// The timeline, oldest first.
    pub timeline: Vec<TimelineLine>,
    /// 缺少材料 — what the folder should hold and does not (the weekly
    /// package lists it in the index instead of passing a gap over in silence).
    pub missing: Vec<String>,
}

/// Why an archive could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    /// Writing the zip failed.
    #[error("生成压缩包失败：{0}")]
    Zip(String),
    /// Writing the timeline sheet failed.
    #[error("生成办理过程表失败：{0}")]
    Sheet(String),
}

/// A folder name safe on every system: no path separators or reserved characters.
pub fn safe_name(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let cleaned = cleaned.trim().trim_matches('.').to_string();
    if cleaned.is_empty() {
        "未命名".into()
    } else {
        cleaned
    }
}

fn timeline_xlsx(folder: &CaseFolder) -> Result<Vec<u8>, ArchiveError> {
    let err = |e: rust_xlsxwriter::XlsxError| ArchiveError::Sheet(e.to_string());
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("办理过程").map_err(err)?;
    let bold = Format::new().set_bold().set_font_name("宋体");
    let wrap = Format::new().set_text_wrap().set_font_name("宋体");
    ws.write_string_with_format(0, 0, &folder.heading, &bold)
        .map_err(err)?;
    for (c, h) in ["时间", "环节", "办理人", "内容"].iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, l) in folder.timeline.iter().enumerate() {
        let r = 3 + i as u32;
        ws.write_string_with_format(r, 0, &l.at, &wrap)
            .map_err(err)?;
        ws.write_string_with_format(r, 1, &l.kind, &wrap)
            .map_err(err)?;
        ws.write_string_with_format(r, 2, &l.actor, &wrap)
            .map_err(err)?;
        ws.write_string_with_format(r, 3, &l.text, &wrap)
            .map_err(err)?;
    }
    ws.set_column_width(0, 18).map_err(err)?;
    ws.set_column_width(1, 14).map_err(err)?;
    ws.set_column_width(2, 12).map_err(err)?;
    ws.set_column_width(3, 80).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

fn index_text(folder: &CaseFolder) -> String {
    let mut s = format!("{}\n\n目录\n", folder.heading);
    for (i, d) in folder.documents.iter().enumerate() {
        s.push_str(&format!(
            "{:>2}. {}  {}  （{}）\n",
            i + 1,
            d.date,
            d.title,
            d.name
        ));
    }
    s.push_str(&format!(
        "{:>2}. 办理过程（办理过程.xlsx，共 {} 条）\n",
        folder.documents.len() + 1,
        folder.timeline.len()
    ));
    if !folder.missing.is_empty() {
        s.push_str("\n缺少材料\n");
        for m in &folder.missing {
            s.push_str(&format!("  - {m}\n"));
        }
    }
    s
}

fn write_folder<W: Write + std::io::Seek>(
    zip: &mut zip::ZipWriter<W>,
    prefix: &str,
    folder: &CaseFolder,
) -> Result<(), ArchiveError> {
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let z = |e: zip::result::ZipError| ArchiveError::Zip(e.to_string());
    let io = |e: std::io::Error| ArchiveError::Zip(e.to_string());
    zip.start_file(format!("{prefix}目录.txt"), opts)
        .map_err(z)?;
    zip.write_all(index_text(folder).as_bytes()).map_err(io)?;
    for d in &folder.documents {
        zip.start_file(format!("{prefix}{}", safe_name(&d.name)), opts)
            .map_err(z)?;
        zip.write_all(&d.bytes).map_err(io)?;
    }
    zip.start_file(format!("{prefix}办理过程.xlsx"), opts)
        .map_err(z)?;
    zip.write_all(&timeline_xlsx(folder)?).map_err(io)?;
    Ok(())
}

/// One case's file as a .zip: `目录.txt`, the documents, `办理过程.xlsx`.
pub fn case_archive_zip(folder: &CaseFolder) -> Result<Vec<u8>, ArchiveError> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    write_folder(&mut zip, "", folder)?;
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|e| ArchiveError::Zip(e.to_string()))
}

/// The weekly package for the city bureau: Annex 4 and the checklist
/// (报送清单, plain text) at the top, then one folder per case.
pub fn weekly_package_zip(
    annex4_name: &str,
    annex4_xlsx: &[u8],
    checklist: &str,
    folders: &[CaseFolder],
) -> Result<Vec<u8>, ArchiveError> {
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(safe_name(annex4_name), opts)
        .map_err(|e| ArchiveError::Zip(e.to_string()))?;
    zip.write_all(annex4_xlsx)
        .map_err(|e| ArchiveError::Zip(e.to_string()))?;
    zip.start_file("报送清单.txt", opts)
        .map_err(|e| ArchiveError::Zip(e.to_string()))?;
    zip.write_all(checklist.as_bytes())
        .map_err(|e| ArchiveError::Zip(e.to_string()))?;
    for f in folders {
        write_folder(&mut zip, &format!("{}/", safe_name(&f.name)), f)?;
    }
    zip.finish()
        .map(Cursor::into_inner)
        .map_err(|e| ArchiveError::Zip(e.to_string()))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::io::Read;

    use super::*;

    fn folder() -> CaseFolder {
        CaseFolder {
            name: "建安信访〔2022〕0001号".into(),
            heading: "建安信访〔2022〕0001号 赵桂兰 医疗保障".into(),
            documents: vec![ArchiveDocument {
                name: "01-受理告知书.pdf".into(),
                title: "信访事项受理告知书".into(),
                date: "2022-10-10".into(),
                bytes: b"%PDF-1.7 x".to_vec(),
            }],
            timeline: vec![TimelineLine {
                at: "2022-10-08 09:00".into(),
                kind: "登记".into(),
                actor: "李明".into(),
                text: "登记".into(),
            }],
            missing: Vec::new(),
        }
    }

    #[test]
    fn a_case_archive_has_an_index_the_documents_and_the_timeline() {
        let bytes = case_archive_zip(&folder()).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names, ["目录.txt", "01-受理告知书.pdf", "办理过程.xlsx"]);
        let mut index = String::new();
        z.by_name("目录.txt")
            .unwrap()
            .read_to_string(&mut index)
            .unwrap();
        assert!(
            index.contains("1. 2022-10-10  信访事项受理告知书") && index.contains("共 1 条"),
            "{index}"
        );
    }

    #[test]
    fn the_weekly_package_puts_annex4_first_and_a_folder_per_case() {
        let lacking = CaseFolder {
            missing: vec!["无调查报告".into()],
            ..folder()
        };
        let bytes = weekly_package_zip("附件4.xlsx", b"xlsx", "报送清单", &[lacking]).unwrap();
        let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
        let names: Vec<String> = (0..z.len())
            .map(|i| z.by_index(i).unwrap().name().unwrap().to_string())
            .collect();
        assert_eq!(names[..2], ["附件4.xlsx", "报送清单.txt"]);
        assert!(names.contains(&"建安信访〔2022〕0001号/目录.txt".to_string()));
        let mut index = String::new();
        z.by_name("建安信访〔2022〕0001号/目录.txt")
            .unwrap()
            .read_to_string(&mut index)
            .unwrap();
        assert!(index.ends_with("缺少材料\n  - 无调查报告\n"), "{index}");
        assert_eq!(safe_name("../a/b"), "_a_b");
    }
}
