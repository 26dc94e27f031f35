//! Annex 1, 不稳定因素排查处置台账 — the screening ledger: one row per risk found.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use xinfang_domain::ident::{PhoneNumber, ResidentId};
use xinfang_domain::vocab::{Category, PovertyStatus, TriRecord};

use super::import::{import_numbered_rows, import_rows};
use super::layout::{Column, Layout, Value, write_ledger};
use super::normalise::fingerprint;
use super::places::Places;
use super::problems::ImportErrors;
use super::row_reader::RowReader;
use super::spec::{Field, Spec};
use super::{LedgerError, LedgerHeader, ScreeningKind};

/// The title in the seed's attachment list.
pub(crate) const TITLE: &str = "不稳定因素排查处置台账";

/// The group header over the four answers, in Annexes 1 and 2.
pub(crate) const TRI_GROUP: &str = "三到位一处理";

/// Footnotes of Annexes 1 and 2 (the seed's 备注).
pub(crate) const FOOTNOTES: &[&str] = &[
    "备注：",
    "1. 问题类别栏选择填写：防返贫监测、帮扶措施、资金项目、危房改造、小额信贷、民政救助、医疗保障、残疾人补贴、其他类；",
    "2. 问题所属地栏填写：**乡（镇）**村（社区）。",
];

/// One row of Annex 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexOneRow {
    /// 排查时间 — when the risk was screened.
    pub screened_on: Date,
    /// 排查方式 — 集中排查 / 日常排查 / 敏感节点排查 (not a column of the printed
    /// form; carried by [`LedgerHeader::extra_columns`]).
    pub screening_kind: Option<ScreeningKind>,
    /// 信访人姓名.
    pub name: String,
    /// 身份证号 — for matching on import (not printed unless
    /// [`LedgerHeader::extra_columns`]; pass `None` to keep it out of a file).
    pub id_number: Option<ResidentId>,
    /// 联系方式.
    pub phone: Option<PhoneNumber>,
    /// 是否脱贫户（监测对象）.
    pub poverty: Option<PovertyStatus>,
    /// 问题所属地 — the township's full name (张潘镇).
    pub township: String,
    /// 问题所属地 — the village or community's full name (古城村).
    pub village: Option<String>,
    /// 反映问题.
    pub problem: String,
    /// 问题类别 — printed as its Annex 1/2 column label.
    pub category: Category,
    /// 是否为新排查出的不稳定因素.
    pub newly_found: Option<bool>,
    /// 责任单位.
    pub responsible_unit: String,
    /// 三到位一处理 — the four answers.
    pub tri: TriRecord,
    /// 是否稳定.
    pub stable: Option<bool>,
    /// 备注.
    pub remarks: String,
}

impl AnnexOneRow {
    /// A stable key for duplicate detection on re-import: 排查时间, 姓名,
    /// 反映问题 and 乡镇, with white space folded away.
    pub fn fingerprint(&self) -> String {
        fingerprint(&[
            "annex1",
            &self.screened_on.to_string(),
            &self.name,
            &self.problem,
            &self.township,
        ])
    }
}

/// `张潘镇古城村` — the 问题所属地 cell of Annexes 1 and 2.
pub(crate) fn place_text(township: &str, village: Option<&str>) -> String {
    format!("{township}{}", village.unwrap_or_default())
}

/// The four 三到位一处理 columns (the seed's 诉求无力的 printed as 诉求无理的).
pub(crate) fn tri_columns() -> [Column; 4] {
    TriRecord::QUESTIONS.map(|q| Column::long(q, 11.0).under(TRI_GROUP))
}

/// The four answers as printed: 是 / 否 / 不涉及.
pub(crate) fn tri_values(tri: &TriRecord) -> [Value; 4] {
    tri.answers().map(|a| Value::text(a.label()))
}

fn layout(extra: bool) -> Layout {
    let mut columns = vec![
        Column::short("排查时间", 14.0),
        Column::short("信访人姓名", 10.0),
        Column::short("联系方式", 13.0),
        Column::long("是否脱贫户（监测对象）", 12.0),
        Column::long("问题所属地", 16.0),
        Column::long("反映问题", 36.0),
        Column::short("问题类别", 12.0),
        Column::long("是否为新排查出的不稳定因素", 12.0),
        Column::long("责任单位", 14.0),
    ];
    columns.extend(tri_columns());
    columns.push(Column::short("是否稳定", 8.0));
    columns.push(Column::long("备注", 16.0));
    if extra {
        columns.push(Column::short("排查方式", 12.0));
        columns.push(Column::short("身份证号", 20.0));
    }
    Layout {
        annex: 1,
        title: TITLE,
        columns,
        footnotes: FOOTNOTES,
    }
}

fn values(row: &AnnexOneRow, extra: bool) -> Vec<Value> {
    let mut v = vec![
        Value::Date(row.screened_on),
        Value::text(row.name.as_str()),
        Value::opt(row.phone.as_ref()),
        Value::opt(row.poverty),
        Value::text(place_text(&row.township, row.village.as_deref())),
        Value::text(row.problem.as_str()),
        Value::text(row.category.annex_nine_label()),
        Value::yes_no(row.newly_found),
        Value::text(row.responsible_unit.as_str()),
    ];
    v.extend(tri_values(&row.tri));
    v.push(Value::yes_no(row.stable));
    v.push(Value::text(row.remarks.as_str()));
    if extra {
        v.push(Value::opt(row.screening_kind));
        v.push(Value::opt(row.id_number.as_ref()));
    }
    v
}

/// Writes Annex 1 as .xlsx, laid out as the seed's form.
pub fn annex1_xlsx(header: &LedgerHeader, rows: &[AnnexOneRow]) -> Result<Vec<u8>, LedgerError> {
    let extra = header.extra_columns;
    write_ledger(
        header,
        &layout(extra),
        rows.iter().map(|r| values(r, extra)),
    )
}

/// Header spellings seen in townships' sheets, shared by Annexes 1 and 2.
pub(crate) mod aliases {
    pub const SERIAL: &[&str] = &["序 号", "编号"];
    pub const NAME: &[&str] = &["姓名", "信访人", "信访人姓名（名称）"];
    pub const PHONE: &[&str] = &["联系电话", "电话", "手机号码", "联系方式（电话）"];
    pub const POVERTY: &[&str] = &["是否脱贫户", "是否脱贫（监测）户", "是否脱贫户或监测对象"];
    pub const PLACE: &[&str] = &["问题所属地", "问题所属地（乡镇、村）", "问题属地", "所属地"];
    pub const PROBLEM: &[&str] = &["反映问题摘要", "反映事项", "主要问题", "反映的问题"];
    pub const CATEGORY: &[&str] = &["类别", "问题分类", "问题类型"];
    pub const UNIT: &[&str] = &["责任单位（责任人）", "责任单位及责任人"];
    pub const STABLE: &[&str] = &["是否稳控", "目前是否稳定"];
    pub const REMARKS: &[&str] = &["说明"];
    pub const TOWNSHIP: &[&str] = &["所属乡镇", "乡（镇）", "乡镇（街道）", "乡镇街道"];
    pub const VILLAGE: &[&str] = &["村", "所属村", "村（居）", "村社区"];
    pub const TRI: [&[&str]; 4] = [&[], &["诉求无力的是否思想引导到位"], &[], &[]];
}

const FIELDS: &[Field] = &[
    Field::optional("序号", aliases::SERIAL),
    Field::new("排查时间", &["排查日期"]),
    Field::new("信访人姓名", aliases::NAME),
    Field::new("联系方式", aliases::PHONE),
    Field::new("是否脱贫户（监测对象）", aliases::POVERTY),
    Field::new("问题所属地", aliases::PLACE).unless("乡镇"),
    Field::new("反映问题", aliases::PROBLEM),
    Field::new("问题类别", aliases::CATEGORY),
    Field::new(
        "是否为新排查出的不稳定因素",
        &["是否新排查出的不稳定因素", "是否为新排查出的", "是否新增"],
    ),
    Field::new("责任单位", aliases::UNIT),
    Field::new(TriRecord::QUESTIONS[0], aliases::TRI[0]),
    Field::new(TriRecord::QUESTIONS[1], aliases::TRI[1]),
    Field::new(TriRecord::QUESTIONS[2], aliases::TRI[2]),
    Field::new(TriRecord::QUESTIONS[3], aliases::TRI[3]),
    Field::new("是否稳定", aliases::STABLE),
    Field::optional("备注", aliases::REMARKS),
    Field::optional("排查方式", &["排查类型", "排查形式"]),
    Field::optional("身份证号", &["身份证号码", "公民身份号码"]),
    Field::optional("乡镇", aliases::TOWNSHIP),
    Field::optional("村（社区）", aliases::VILLAGE),
];

const SPEC: Spec = Spec {
    annex: 1,
    title: TITLE,
    fields: FIELDS,
};

fn parse_kind(s: &str) -> Option<ScreeningKind> {
    let s = super::normalise::squeeze(s);
    ScreeningKind::parse(&s).or_else(|| ScreeningKind::parse(&format!("{s}排查")))
}

fn parse_row(r: &mut RowReader<'_>, places: &Places) -> Option<AnnexOneRow> {
    let screened_on = r.date(1, true);
    let name = r.name(2);
    let phone = r.phone(3);
    let poverty = r.poverty(4);
    let place = r.place(5, 18, 19, places);
    let problem = r.required_text(6);
    let category = r.category(7);
    let newly_found = r.yes_no(8);
    let responsible_unit = r.text(9);
    let tri = r.tri_record(10);
    let stable = r.yes_no(14);
    let remarks = r.text(15);
    let screening_kind = r.parsed(16, parse_kind, "集中排查、日常排查或敏感节点排查");
    let id_number = r.resident_id(17);
    let (township, village) = place?;
    Some(AnnexOneRow {
        screened_on: screened_on?,
        screening_kind,
        name,
        id_number,
        phone,
        poverty,
        township,
        village,
        problem,
        category: category?,
        newly_found,
        responsible_unit,
        tri,
        stable,
        remarks,
    })
}

/// Reads a filled Annex 1. Every row is checked; if any is wrong, every
/// problem is returned and no row. Places and units are those of `places`.
pub fn import_annex1(bytes: &[u8], places: &Places) -> Result<Vec<AnnexOneRow>, ImportErrors> {
    import_rows(bytes, &SPEC, |r| parse_row(r, places))
}

/// As [`import_annex1`], each row with its row number as Excel shows it.
pub fn import_annex1_numbered(
    bytes: &[u8],
    places: &Places,
) -> Result<Vec<(usize, AnnexOneRow)>, ImportErrors> {
    import_numbered_rows(bytes, &SPEC, |r| parse_row(r, places))
}
