//! The pack's table of key persons (重点人员), highest risk first, each
//! score with its reasons and the state of the 稳控 contact.

use xinfang_forms::notice::PackSection;

use super::pack_sections::ROWS;
use crate::services::ServiceResult;
use crate::state::AppState;

/// 四、重点人员: the township's register, highest risk first.
pub async fn key_persons(state: &AppState, township_id: i64) -> ServiceResult<PackSection> {
    let persons = state
        .store
        .key_persons_by_risk(Some(township_id), state.now())
        .await?;
    let rows: Vec<Vec<String>> = persons
        .iter()
        .take(ROWS)
        .map(|p| {
            let grade = p
                .record
                .risk_grade
                .map(|g| format!("（研判{}）", g.label()))
                .unwrap_or_default();
            let contact = if p.contact.overdue {
                format!("超期{}天", p.contact.days_overdue)
            } else {
                format!("{}前", p.contact.due_on)
            };
            vec![
                p.record.person.name.clone(),
                p.record.village.clone().unwrap_or_else(|| "—".into()),
                format!("{}分 {}{grade}", p.score.score, p.effective_level.label()),
                p.score.explained(),
                p.record
                    .guardian_user_name
                    .clone()
                    .or_else(|| p.record.person.guardian_name.clone())
                    .unwrap_or_else(|| "未落实".into()),
                contact,
            ]
        })
        .collect();
    let more = if persons.len() > rows.len() {
        format!("另有{}人未列出，详见系统。", persons.len() - rows.len())
    } else {
        String::new()
    };
    Ok(PackSection {
        heading: "四、重点人员（按风险高低）".into(),
        note: String::new(),
        columns: [
            "姓名",
            "村（社区）",
            "风险",
            "评分依据",
            "包保责任人",
            "下次联系",
        ]
        .map(String::from)
        .to_vec(),
        widths: vec![2, 3, 3, 9, 3, 3],
        rows,
        more,
        empty: "本乡镇尚无登记的重点人员。".into(),
    })
}
