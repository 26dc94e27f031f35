//! Annex 4, 省级交办信访事项办理情况统计表 — provincial cases with the twelve-column category block.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use xinfang_domain::vocab::{Category, Channel, Finding, PovertyStatus, Satisfaction};

use super::import::{import_numbered_rows, import_rows};
use super::layout::{Column, Layout, Value, write_ledger};
use super::normalise::{fingerprint, parse_yes_no, squeeze, twelve_column_category};
use super::problems::ImportErrors;
use super::row_reader::RowReader;
use super::spec::{Field, Spec};
use super::{LedgerError, LedgerHeader};

/// The title in the seed's attachment list.
pub(crate) const TITLE: &str = "省级交办信访事项办理情况统计表";

/// 问题属地 — the group over 省辖市 and 县（市、区）.
const PLACE_GROUP: &str = "问题属地";
/// 问题类别 — the group over the twelve category columns.
const CATEGORY_GROUP: &str = "问题类别";
/// The handling block's group header.
const HANDLING_GROUP: &str = "省辖市、县（市、区）办理情况";

/// The twelve category columns, in the seed's order.
pub(crate) const CATEGORY_COLUMNS: [&str; 12] = [
    "精准识别",
    "精准退出",
    "帮扶措施",
    "资金项目",
    "危房改造",
    "易地搬迁",
    "小额信贷",
    "民政救助",
    "医疗保障",
    "教育保障",
    "残疾人保障",
    "其他",
];

/// The mark printed in the category column that applies.
const MARK: &str = "√";

const FOOTNOTES: &[&str] = &[
    "注：1. “信访人是否满意”栏填写“满意”或“不满意”，“信访人反映问题是否属实”栏填写“属实”、“部分属实”、“不属实”；",
    "2. 信访人申请复查复核的，需填写复查复核时间，及进展情况。",
];

/// One row of Annex 4.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnexFourRow {
    /// 接待日期.
    pub received_on: Date,
    /// 信访渠道.
    pub channel: Option<Channel>,
    /// 信访人信息及反映事项内容摘要 — who petitioned and about what.
    pub summary: String,
    /// 问题属地 — 省辖市 (许昌市).
    pub city: String,
    /// 问题属地 — 县（市、区） (建安区).
    pub county: String,
    /// 是否脱贫（监测）户.
    pub poverty: Option<PovertyStatus>,
    /// 问题类别 — marked √ in its Annex 4 column.
    pub category: Category,
    /// 是否重点交办 — flagged by the province as a key case.
    pub key_case: Option<bool>,
    /// 办结时限 — the date by which it must be closed.
    pub due_on: Option<Date>,
    /// 承办单位.
    pub handling_unit: String,
    /// 联系信访人时间.
    pub contacted_on: Option<Date>,
    /// 反馈处理意见时间.
    pub opinion_on: Option<Date>,
    /// 信访人反映问题是否属实.
    pub finding: Option<Finding>,
    /// 信访人是否满意.
    pub satisfaction: Option<Satisfaction>,
    /// 复查情况 — review requested by the petitioner: dates and progress.
    pub review: String,
    /// 复核情况 — second review: dates and progress.
    pub second_review: String,
    /// 涉法涉诉涉纪件工作进度 — progress of cases with a legal or discipline side.
    pub legal_progress: String,
}

impl AnnexFourRow {
    /// A stable key for duplicate detection on re-import: 接待日期, the
    /// summary (which names the petitioner) and the place.
    pub fn fingerprint(&self) -> String {
        fingerprint(&[
            "annex4",
            &self.received_on.to_string(),
            &self.summary,
            &self.city,
            &self.county,
        ])
    }
}

fn layout() -> Layout {
    let mut columns = vec![
        Column::short("接待日期", 14.0),
        Column::short("信访渠道", 10.0),
        Column::long("信访人信息及反映事项内容摘要", 36.0),
        Column::short("省辖市", 8.0).under(PLACE_GROUP),
        Column::short("县（市、区）", 8.0).under(PLACE_GROUP),
        Column::long("是否脱贫（监测）户", 10.0),
    ];
    columns.extend(CATEGORY_COLUMNS.map(|c| Column::long(c, 5.0).under(CATEGORY_GROUP)));
    columns.extend([
        Column::long("是否重点交办", 8.0),
        Column::short("办结时限", 14.0),
        Column::long("承办单位", 14.0).under(HANDLING_GROUP),
        Column::short("联系信访人时间", 14.0).under(HANDLING_GROUP),
        Column::short("反馈处理意见时间", 14.0).under(HANDLING_GROUP),
        Column::long("信访人反映问题是否属实", 10.0).under(HANDLING_GROUP),
        Column::long("信访人是否满意", 9.0).under(HANDLING_GROUP),
        Column::long("复查情况", 16.0).under(HANDLING_GROUP),
        Column::long("复核情况", 16.0).under(HANDLING_GROUP),
        Column::long("涉法涉诉涉纪件工作进度", 18.0).under(HANDLING_GROUP),
    ]);
    Layout {
        annex: 4,
        title: TITLE,
        columns,
        footnotes: FOOTNOTES,
    }
}

fn values(row: &AnnexFourRow) -> Vec<Value> {
    let mut v = vec![
        Value::Date(row.received_on),
        Value::opt(row.channel),
        Value::text(row.summary.as_str()),
        Value::text(row.city.as_str()),
        Value::text(row.county.as_str()),
        Value::opt(row.poverty),
    ];
    let column = row.category.annex_twelve_label();
    v.extend(CATEGORY_COLUMNS.map(|c| {
        if c == column {
            Value::text(MARK)
        } else {
            Value::Blank
        }
    }));
    v.extend([
        Value::yes_no(row.key_case),
        Value::date(row.due_on),
        Value::text(row.handling_unit.as_str()),
        Value::date(row.contacted_on),
        Value::date(row.opinion_on),
        Value::opt(row.finding),
        Value::opt(row.satisfaction),
        Value::text(row.review.as_str()),
        Value::text(row.second_review.as_str()),
        Value::text(row.legal_progress.as_str()),
    ]);
    v
}

/// Writes Annex 4 as .xlsx, laid out as the seed's form (in constant memory:
/// see `write_ledger`).
pub fn annex4_xlsx(header: &LedgerHeader, rows: &[AnnexFourRow]) -> Result<Vec<u8>, LedgerError> {
    write_ledger(header, &layout(), rows.iter().map(values))
}

const FIRST_CATEGORY: usize = 7;

const FIELDS: &[Field] = &[
    Field::optional("序号", &["序 号", "编号"]),
    Field::new("接待日期", &["受理日期", "交办日期", "登记日期"]),
    Field::new("信访渠道", &["信访形式", "信访方式"]),
    Field::new(
        "信访人信息及反映事项内容摘要",
        &["反映事项内容摘要", "内容摘要", "信访事项摘要"],
    ),
    Field::new("省辖市", &["市"]),
    Field::new("县（市、区）", &["县市区", "县（区）"]),
    Field::new(
        "是否脱贫（监测）户",
        &["是否脱贫户（监测对象）", "是否脱贫户"],
    ),
    Field::new("精准识别", &[]),
    Field::new("精准退出", &[]),
    Field::new("帮扶措施", &[]),
    Field::new("资金项目", &[]),
    Field::new("危房改造", &[]),
    Field::new("易地搬迁", &[]),
    Field::new("小额信贷", &[]),
    Field::new("民政救助", &[]),
    Field::new("医疗保障", &[]),
    Field::new("教育保障", &[]),
    Field::new("残疾人保障", &["残疾人补贴"]),
    Field::new("其他", &["其他类"]),
    Field::new("是否重点交办", &["重点交办"]),
    Field::new("办结时限", &["办理时限"]),
    Field::new("承办单位", &[]),
    Field::new("联系信访人时间", &["联系信访人日期"]),
    Field::new("反馈处理意见时间", &["反馈处理意见日期"]),
    Field::new("信访人反映问题是否属实", &["是否属实"]),
    Field::new("信访人是否满意", &["是否满意"]),
    Field::new("复查情况", &[]),
    Field::new("复核情况", &[]),
    Field::new("涉法涉诉涉纪件工作进度", &["涉法涉诉涉纪工作进度"]),
];

const SPEC: Spec = Spec {
    annex: 4,
    title: TITLE,
    fields: FIELDS,
};

fn parse_channel(s: &str) -> Option<Channel> {
    let s = squeeze(s);
    Channel::parse(&s).or(match s.as_str() {
        "信" | "信件" | "写信" => Some(Channel::Letter),
        "访" | "走访" | "上访" | "到访" => Some(Channel::Visit),
        "电话" | "电" => Some(Channel::Phone),
        "网上" | "网信" | "网络" | "网上投诉" | "信访信息系统" | "网上信访系统" => {
            Some(Channel::Online)
        }
        "12345" | "市长热线" | "12345热线电话" => Some(Channel::Hotline12345),
        "信箱" | "书记信箱" | "市长信箱" => Some(Channel::LeaderMailbox),
        "舆情" => Some(Channel::OnlineOpinion),
        _ => None,
    })
}

/// The one marked category column; none or several is a problem.
fn marked_category(r: &mut RowReader<'_>) -> Option<Category> {
    let mut marked = Vec::new();
    for (i, label) in CATEGORY_COLUMNS.iter().enumerate() {
        let s = r.text(FIRST_CATEGORY + i);
        if !s.is_empty() && parse_yes_no(&s) != Some(false) {
            marked.push(*label);
        }
    }
    match marked.as_slice() {
        [one] => Category::ALL
            .iter()
            .copied()
            .find(|c| c.annex_twelve_label() == *one)
            .map(twelve_column_category),
        [] => {
            r.problem_named(
                CATEGORY_GROUP,
                "",
                "未勾选问题类别，请在十二个类别中的一栏打√",
            );
            None
        }
        many => {
            r.problem_named(CATEGORY_GROUP, many.join("、"), "问题类别只能勾选一项");
            None
        }
    }
}

fn parse_row(r: &mut RowReader<'_>) -> Option<AnnexFourRow> {
    let received_on = r.date(1, true);
    let channel = r.parsed(
        2,
        parse_channel,
        "来信、来访、来电、网上信访、领导信箱、12345热线等信访渠道",
    );
    let summary = r.required_text(3);
    let city = r.text(4);
    let county = r.text(5);
    let poverty = r.poverty(6);
    let category = marked_category(r);
    let key_case = r.yes_no(19);
    let due_on = r.date(20, false);
    let handling_unit = r.text(21);
    let contacted_on = r.date(22, false);
    let opinion_on = r.date(23, false);
    let finding = r.parsed(
        24,
        |s| Finding::parse(&squeeze(s)),
        "“属实”“部分属实”或“不属实”",
    );
    let satisfaction = r.parsed(25, |s| Satisfaction::parse(&squeeze(s)), "“满意”或“不满意”");
    let review = r.text(26);
    let second_review = r.text(27);
    let legal_progress = r.text(28);
    Some(AnnexFourRow {
        received_on: received_on?,
        channel,
        summary,
        city,
        county,
        poverty,
        category: category?,
        key_case,
        due_on,
        handling_unit,
        contacted_on,
        opinion_on,
        finding,
        satisfaction,
        review,
        second_review,
        legal_progress,
    })
}

/// Reads a filled Annex 4. Every row is checked; if any is wrong, every
/// problem is returned and no row.
pub fn import_annex4(bytes: &[u8]) -> Result<Vec<AnnexFourRow>, ImportErrors> {
    import_rows(bytes, &SPEC, parse_row)
}

/// As [`import_annex4`], each row with its row number as Excel shows it.
pub fn import_annex4_numbered(bytes: &[u8]) -> Result<Vec<(usize, AnnexFourRow)>, ImportErrors> {
    import_numbered_rows(bytes, &SPEC, parse_row)
}
