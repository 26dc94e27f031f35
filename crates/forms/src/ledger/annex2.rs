//! Annex 2, 涉贫信访舆情积案台账 — the backlog ledger, with 积案原因 and 包案人.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use xinfang_domain::ident::PhoneNumber;
use xinfang_domain::vocab::{Category, PovertyStatus, TriRecord};

use super::annex1::{FOOTNOTES, aliases, place_text, tri_columns, tri_values};
use super::import::{import_numbered_rows, import_rows};
use super::layout::{Column, Layout, Value, write_ledger};
use super::normalise::fingerprint;
use super::places::Places;
use super::problems::ImportErrors;
use super::row_reader::RowReader;
use super::spec::{Field, Spec};
use super::{LedgerError, LedgerHeader};

/// The title in the seed's attachment list.
pub(crate) const TITLE: &str = "涉贫信访舆情积案台账";

/// One row of Annex 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexTwoRow {
    /// 初访时间 — the first visit or letter on the matter.
    pub first_visit_on: Date,
    /// 信访人姓名.
    pub name: String,
    /// 联系方式.
    pub phone: Option<PhoneNumber>,
    /// 是否脱贫户（监测对象）.
    pub poverty: Option<PovertyStatus>,
    /// 问题所属地（乡镇、村） — the township's full name.
    pub township: String,
    /// 问题所属地（乡镇、村） — the village or community's full name.
    pub village: Option<String>,
    /// 反映问题.
    pub problem: String,
    /// 问题类别 — printed as its Annex 1/2 column label.
    pub category: Category,
    /// 积案原因 — why the case is still open.
    pub backlog_reason: String,
    /// 包案人 — the official personally answerable for the case.
    pub case_owner: String,
    /// 责任单位.
    pub responsible_unit: String,
    /// 三到位一处理 — the four answers.
    pub tri: TriRecord,
    /// 是否稳定.
    pub stable: Option<bool>,
    /// 备注.
    pub remarks: String,
}

impl AnnexTwoRow {
    /// A stable key for duplicate detection on re-import: 初访时间, 姓名,
    /// 反映问题 and 乡镇, with white space folded away.
    pub fn fingerprint(&self) -> String {
        fingerprint(&[
            "annex2",
            &self.first_visit_on.to_string(),
            &self.name,
            &self.problem,
            &self.township,
        ])
    }
}

fn layout() -> Layout {
    let mut columns = vec![
        Column::short("初访时间", 14.0),
        Column::short("信访人姓名", 10.0),
        Column::short("联系方式", 13.0),
        Column::long("是否脱贫户（监测对象）", 12.0),
        Column::long("问题所属地（乡镇、村）", 16.0),
        Column::long("反映问题", 34.0),
        Column::short("问题类别", 12.0),
        Column::long("积案原因", 20.0),
        Column::short("包案人", 10.0),
        Column::long("责任单位", 14.0),
    ];
    columns.extend(tri_columns());
    columns.push(Column::short("是否稳定", 8.0));
    columns.push(Column::long("备注", 16.0));
    Layout {
        annex: 2,
        title: TITLE,
        columns,
        footnotes: FOOTNOTES,
    }
}

fn values(row: &AnnexTwoRow) -> Vec<Value> {
    let mut v = vec![
        Value::Date(row.first_visit_on),
        Value::text(row.name.as_str()),
        Value::opt(row.phone.as_ref()),
        Value::opt(row.poverty),
        Value::text(place_text(&row.township, row.village.as_deref())),
        Value::text(row.problem.as_str()),
        Value::text(row.category.annex_nine_label()),
        Value::text(row.backlog_reason.as_str()),
        Value::text(row.case_owner.as_str()),
        Value::text(row.responsible_unit.as_str()),
    ];
    v.extend(tri_values(&row.tri));
    v.push(Value::yes_no(row.stable));
    v.push(Value::text(row.remarks.as_str()));
    v
}

/// Writes Annex 2 as .xlsx, laid out as the seed's form.
pub fn annex2_xlsx(header: &LedgerHeader, rows: &[AnnexTwoRow]) -> Result<Vec<u8>, LedgerError> {
    write_ledger(header, &layout(), rows.iter().map(values))
}

const FIELDS: &[Field] = &[
    Field::optional("序号", aliases::SERIAL),
    Field::new("初访时间", &["初访日期", "首次信访时间", "初次信访时间"]),
    Field::new("信访人姓名", aliases::NAME),
    Field::new("联系方式", aliases::PHONE),
    Field::new("是否脱贫户（监测对象）", aliases::POVERTY),
    Field::new("问题所属地（乡镇、村）", aliases::PLACE).unless("乡镇"),
    Field::new("反映问题", aliases::PROBLEM),
    Field::new("问题类别", aliases::CATEGORY),
    Field::new("积案原因", &["积案形成原因", "未化解原因"]),
    Field::new("包案人", &["包案领导", "包案责任人"]),
    Field::new("责任单位", aliases::UNIT),
    Field::new(TriRecord::QUESTIONS[0], aliases::TRI[0]),
    Field::new(TriRecord::QUESTIONS[1], aliases::TRI[1]),
    Field::new(TriRecord::QUESTIONS[2], aliases::TRI[2]),
    Field::new(TriRecord::QUESTIONS[3], aliases::TRI[3]),
    Field::new("是否稳定", aliases::STABLE),
    Field::optional("备注", aliases::REMARKS),
    Field::optional("乡镇", aliases::TOWNSHIP),
    Field::optional("村（社区）", aliases::VILLAGE),
];

const SPEC: Spec = Spec {
    annex: 2,
    title: TITLE,
    fields: FIELDS,
};

fn parse_row(r: &mut RowReader<'_>, places: &Places) -> Option<AnnexTwoRow> {
    let first_visit_on = r.date(1, true);
    let name = r.name(2);
    let phone = r.phone(3);
    let poverty = r.poverty(4);
    let place = r.place(5, 17, 18, places);
    let problem = r.required_text(6);
    let category = r.category(7);
    let backlog_reason = r.text(8);
    let case_owner = r.text(9);
    let responsible_unit = r.text(10);
    let tri = r.tri_record(11);
    let stable = r.yes_no(15);
    let remarks = r.text(16);
    let (township, village) = place?;
    Some(AnnexTwoRow {
        first_visit_on: first_visit_on?,
        name,
        phone,
        poverty,
        township,
        village,
        problem,
        category: category?,
        backlog_reason,
        case_owner,
        responsible_unit,
        tri,
        stable,
        remarks,
    })
}

/// Reads a filled Annex 2. Every row is checked; if any is wrong, every
/// problem is returned and no row. Places and units are those of `places`.
pub fn import_annex2(bytes: &[u8], places: &Places) -> Result<Vec<AnnexTwoRow>, ImportErrors> {
    import_rows(bytes, &SPEC, |r| parse_row(r, places))
}

/// As [`import_annex2`], each row with its row number as Excel shows it.
pub fn import_annex2_numbered(
    bytes: &[u8],
    places: &Places,
) -> Result<Vec<(usize, AnnexTwoRow)>, ImportErrors> {
    import_numbered_rows(bytes, &SPEC, |r| parse_row(r, places))
}
