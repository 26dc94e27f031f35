//! 案件列表 — a case as a list shows it: one row of the case list (also the
//! content of an earlier case a suspected repeat names, when the registrant may read it).

use jiff::Timestamp;
use serde::Serialize;

use crate::vocab::{
    CaseKind, CaseStatus, Category, Channel, EscalatedTo, OnlineSeverity, SourceLevel,
};

/// A row of the case list.
#[derive(Debug, Clone, Serialize)]
pub struct CaseListItem {
    /// Id.
    pub id: i64,
    /// 信访件编号
    pub number: String,
    /// 信访类型
    pub kind: CaseKind,
    /// 信访渠道
    pub channel: Channel,
    /// 来源层级
    pub source_level: SourceLevel,
    /// 是否重点交办
    pub key_assigned: bool,
    /// 问题类别
    pub category: Category,
    /// Status.
    pub status: CaseStatus,
    /// 问题所属乡镇 id
    pub township_id: i64,
    /// 问题所属乡镇
    pub township: String,
    /// 村/社区
    pub village: Option<String>,
    /// 信访人
    pub petitioner_name: Option<String>,
    /// 接待日期
    pub received_at: Timestamp,
    /// 反映问题
    pub summary: String,
    /// 责任单位
    pub lead_unit: Option<String>,
    /// 承办人
    pub handler_name: Option<String>,
    /// 是否积案
    pub backlog: bool,
    /// 越级去向
    pub escalated_to: Option<EscalatedTo>,
    /// 舆情等级 of a 网络舆情.
    pub severity: Option<OnlineSeverity>,
    /// Last change.
    pub updated_at: Timestamp,
}

/// Where the next page of the case list starts (keyset pagination): the
/// sort key of the last row shown (its 接待日期 or last change, Unix
/// milliseconds) and its id, written `1696735200000.1234`. Reading on from
/// a cursor costs the same at the millionth row as at the first, where an
/// offset walks past every row before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListCursor {
    /// The sort key of the last row shown.
    pub key: i64,
    /// Its id.
    pub id: i64,
}

impl ListCursor {
    /// The cursor written as [`ListCursor`] says; None for anything else.
    pub fn parse(text: &str) -> Option<ListCursor> {
        let (key, id) = text.trim().split_once('.')?;
        let key = key.parse().ok()?;
        let id = id.parse().ok().filter(|id: &i64| *id > 0)?;
        Some(ListCursor { key, id })
    }
}

impl std::fmt::Display for ListCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.key, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::ListCursor;

    #[test]
    fn a_cursor_reads_back_what_it_writes_and_nothing_else() {
        let c = ListCursor::parse("1696735200000.1234").expect("a cursor");
        assert_eq!(
            c,
            ListCursor {
                key: 1_696_735_200_000,
                id: 1234
            }
        );
        assert_eq!(c.to_string(), "1696735200000.1234");
        for bad in ["", "1696735200000", "x.1", "1.x", "1.0", "1.-5", "1.2.3"] {
            assert_eq!(ListCursor::parse(bad), None, "{bad}");
        }
    }
}
