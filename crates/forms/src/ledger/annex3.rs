//! Annex 3, 乡镇涉贫信访干部队伍统计表 — the cadre roster, one row per township.

use serde::{Deserialize, Serialize};
use xinfang_domain::ident::PhoneNumber;

use super::import::{import_numbered_rows, import_rows};
use super::layout::{Column, Layout, Value, write_ledger};
use super::normalise::{fingerprint, parse_unit, squeeze};
use super::places::Places;
use super::problems::ImportErrors;
use super::row_reader::RowReader;
use super::spec::{Field, Spec};
use super::{LedgerError, LedgerHeader};

/// The title in the seed's attachment list.
pub(crate) const TITLE: &str = "乡镇涉贫信访干部队伍统计表";

/// One row of Annex 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexThreeRow {
    /// 单位 — the township's full name (or a district bureau's or department's).
    pub unit: String,
    /// 分管领导 — the leader in charge of petition work.
    pub leader_name: String,
    /// 职务 — the leader's title.
    pub leader_title: String,
    /// 办公电话 (of the leader).
    pub leader_office_phone: Option<PhoneNumber>,
    /// 手机号码 (of the leader).
    pub leader_mobile: Option<PhoneNumber>,
    /// 涉贫信访专干 — the full-time petition cadre.
    pub cadre_name: String,
    /// 办公电话 (of the cadre).
    pub cadre_office_phone: Option<PhoneNumber>,
    /// 手机号码 (of the cadre).
    pub cadre_mobile: Option<PhoneNumber>,
}

impl AnnexThreeRow {
    /// A stable key for duplicate detection on re-import: the unit (one row each).
    pub fn fingerprint(&self) -> String {
        fingerprint(&["annex3", &self.unit])
    }
}

fn layout() -> Layout {
    Layout {
        annex: 3,
        title: TITLE,
        columns: vec![
            Column::short("单位", 16.0),
            Column::short("分管领导", 12.0),
            Column::short("职务", 16.0),
            Column::short("办公电话", 16.0),
            Column::short("手机号码", 15.0),
            Column::short("涉贫信访专干", 14.0),
            Column::short("办公电话", 16.0),
            Column::short("手机号码", 15.0),
        ],
        footnotes: &[],
    }
}

fn values(row: &AnnexThreeRow) -> Vec<Value> {
    vec![
        Value::text(row.unit.as_str()),
        Value::text(row.leader_name.as_str()),
        Value::text(row.leader_title.as_str()),
        Value::opt(row.leader_office_phone.as_ref()),
        Value::opt(row.leader_mobile.as_ref()),
        Value::text(row.cadre_name.as_str()),
        Value::opt(row.cadre_office_phone.as_ref()),
        Value::opt(row.cadre_mobile.as_ref()),
    ]
}

/// Writes Annex 3 as .xlsx, laid out as the seed's form (one header row).
pub fn annex3_xlsx(header: &LedgerHeader, rows: &[AnnexThreeRow]) -> Result<Vec<u8>, LedgerError> {
    write_ledger(header, &layout(), rows.iter().map(values))
}

const FIELDS: &[Field] = &[
    Field::optional("序号", &["序 号", "编号"]),
    Field::new("单位", &["乡镇", "单位名称", "乡镇（街道）"]),
    Field::new("分管领导", &["分管领导姓名"]),
    Field::new("职务", &["分管领导职务"]),
    Field::new("办公电话", &["分管领导办公电话"]).labelled("分管领导办公电话"),
    Field::new("手机号码", &["手机", "分管领导手机号码"]).labelled("分管领导手机号码"),
    Field::new("涉贫信访专干", &["信访专干", "专干"]),
    Field::new("办公电话", &["专干办公电话"]).labelled("专干办公电话"),
    Field::new("手机号码", &["手机", "专干手机号码"]).labelled("专干手机号码"),
];

const SPEC: Spec = Spec {
    annex: 3,
    title: TITLE,
    fields: FIELDS,
};

fn mobile(r: &mut RowReader<'_>, field: usize) -> Option<PhoneNumber> {
    let p = r.phone(field)?;
    if p.is_mobile() {
        Some(p)
    } else {
        r.problem(
            field,
            p.to_string(),
            "手机号码栏应填写11位手机号，固定电话请填在办公电话栏",
        );
        None
    }
}

fn parse_row(r: &mut RowReader<'_>, places: &Places) -> Option<AnnexThreeRow> {
    let unit_text = r.text(1);
    let others: Vec<String> = (2..FIELDS.len()).map(|f| r.text(f)).collect();
    // The seed's template row reads "**乡镇" with nothing else: not data.
    if unit_text.contains('*') && others.iter().all(String::is_empty) {
        return None;
    }
    let unit = if unit_text.is_empty() {
        r.problem(1, "", "不能为空");
        None
    } else {
        let u = parse_unit(&unit_text, places);
        if u.is_none() {
            let why = format!(
                "不是{}的乡镇（街道）或区直单位，请填写全称，如“{}”",
                places.county(),
                places.township_example()
            );
            r.problem(1, unit_text, why);
        }
        u
    };
    let leader_office_phone = r.phone(4);
    let leader_mobile = mobile(r, 5);
    let cadre_office_phone = r.phone(7);
    let cadre_mobile = mobile(r, 8);
    Some(AnnexThreeRow {
        unit: unit?,
        leader_name: squeeze(&others[0]),
        leader_title: others[1].clone(),
        leader_office_phone,
        leader_mobile,
        cadre_name: squeeze(&others[4]),
        cadre_office_phone,
        cadre_mobile,
    })
}

/// Reads a filled Annex 3. Every row is checked; if any is wrong, every
/// problem is returned and no row. The seed's `**乡镇` placeholder row is
/// skipped; units are those of `places`.
pub fn import_annex3(bytes: &[u8], places: &Places) -> Result<Vec<AnnexThreeRow>, ImportErrors> {
    import_rows(bytes, &SPEC, |r| parse_row(r, places))
}

/// As [`import_annex3`], each row with its row number as Excel shows it.
pub fn import_annex3_numbered(
    bytes: &[u8],
    places: &Places,
) -> Result<Vec<(usize, AnnexThreeRow)>, ImportErrors> {
    import_numbered_rows(bytes, &SPEC, |r| parse_row(r, places))
}
