//! The opinion board's forms: status changes (forward freely, back only with
//! a reason), 正面发声 and links, each error naming its field.
#![allow(clippy::unwrap_used)]

use super::*;
use crate::clock::parse_time;

fn at(s: &str) -> Timestamp {
    parse_time(s).unwrap()
}

const RECEIVED: &str = "2022-10-10 08:00";
const NOW: &str = "2022-10-12 15:00";

fn fields(e: &FieldErrors) -> Vec<&str> {
    e.0.iter().map(|f| f.field.as_str()).collect()
}

fn status(s: &str, date: &str, note: &str) -> OpinionStatusInput {
    OpinionStatusInput {
        status: s.into(),
        date: date.into(),
        note: note.into(),
    }
}

fn change(i: &OpinionStatusInput, from: OpinionStatus) -> Result<OpinionStatusChange, FieldErrors> {
    i.parse(from, at(RECEIVED), at(NOW))
}

#[test]
fn a_status_moves_forward_without_a_reason_and_defaults_to_now() {
    let c = change(&status("已回应", "", ""), OpinionStatus::Monitoring).unwrap();
    assert_eq!(c.status, OpinionStatus::Responded);
    assert_eq!(c.at, at(NOW));
    assert_eq!(c.note, None);
    // Skipping a stage is allowed: an incident may die down unanswered.
    let c = change(
        &status("subsided", "2022-10-11", ""),
        OpinionStatus::Monitoring,
    )
    .unwrap();
    assert_eq!(c.status, OpinionStatus::Subsided);
    assert_eq!(c.at, at("2022-10-11 00:00"));
}

#[test]
fn going_back_needs_a_reason_and_the_same_status_is_refused() {
    let e = change(&status("监测中", "", ""), OpinionStatus::Subsided).unwrap_err();
    assert_eq!(fields(&e), vec!["note"]);
    assert!(e.0[0].message.contains("已平息"), "{e}");
    let c = change(
        &status("监测中", "", "原帖被转发，评论再次增多"),
        OpinionStatus::Subsided,
    )
    .unwrap();
    assert_eq!(c.status, OpinionStatus::Monitoring);
    assert_eq!(
        c.describe(OpinionStatus::Subsided),
        "舆情处置状态：已平息 → 监测中（原帖被转发，评论再次增多）"
    );
    let e = change(&status("已回应", "", ""), OpinionStatus::Responded).unwrap_err();
    assert_eq!(fields(&e), vec!["status"]);
    assert_eq!(e.0[0].message, "当前已是「已回应」");
}

#[test]
fn a_status_refuses_unknown_values_and_impossible_times() {
    let e = change(&status("已结束", "", ""), OpinionStatus::Monitoring).unwrap_err();
    assert_eq!(fields(&e), vec!["status"]);
    let e = change(
        &status("已回应", "2022-10-09", ""),
        OpinionStatus::Monitoring,
    )
    .unwrap_err();
    assert_eq!(fields(&e), vec!["date"]);
    assert!(e.0[0].message.contains("登记日期"), "{e}");
    let e = change(
        &status("已回应", "2022-10-13", ""),
        OpinionStatus::Monitoring,
    )
    .unwrap_err();
    assert_eq!(fields(&e), vec!["date"]);
    let e = change(&status("已回应", "昨天", ""), OpinionStatus::Monitoring).unwrap_err();
    assert_eq!(fields(&e), vec!["date"]);
}

fn voice() -> VoiceInput {
    VoiceInput {
        speaker: "张潘镇人民政府".into(),
        channel: "评论区回复".into(),
        platform: "抖音".into(),
        date: "2022-10-11 10:30".into(),
        content: "已安排工作人员入户核实，公益岗工资将于本月底前补发。".into(),
        link: "https://www.douyin.com/video/7150000000000000000".into(),
    }
}

#[test]
fn a_voice_keeps_its_fields_and_describes_itself() {
    let v = voice().parse(at(RECEIVED), at(NOW)).unwrap();
    assert_eq!(v.channel, VoiceChannel::CommentReply);
    assert_eq!(v.platform.as_deref(), Some("抖音"));
    assert_eq!(v.at, at("2022-10-11 10:30"));
    assert_eq!(
        v.describe(),
        "正面发声：张潘镇人民政府 通过评论区回复（抖音）：已安排工作人员入户核实，公益岗工资将于本月底前补发。"
    );
}

#[test]
fn a_voice_names_every_missing_or_wrong_field() {
    let e = VoiceInput::default()
        .parse(at(RECEIVED), at(NOW))
        .unwrap_err();
    assert_eq!(fields(&e), vec!["speaker", "channel", "date", "content"]);
    let bad = VoiceInput {
        link: "javascript:alert(1)".into(),
        channel: "点赞".into(),
        date: "2022-10-01".into(),
        ..voice()
    };
    let e = bad.parse(at(RECEIVED), at(NOW)).unwrap_err();
    assert_eq!(fields(&e), vec!["channel", "date", "link"]);
}

#[test]
fn a_link_takes_a_number_or_an_id() {
    let l = OpinionLinkInput {
        case: " 建安信访〔2022〕0012号 ".into(),
        note: "同一诉求".into(),
    }
    .parse()
    .unwrap();
    assert_eq!(
        l.target,
        LinkTarget::Number("建安信访〔2022〕0012号".into())
    );
    assert_eq!(l.note.as_deref(), Some("同一诉求"));
    let l = OpinionLinkInput {
        case: "42".into(),
        ..OpinionLinkInput::default()
    }
    .parse()
    .unwrap();
    assert_eq!(l.target, LinkTarget::Id(42));
    for bad in ["", "0", "99999999999999999999"] {
        let e = OpinionLinkInput {
            case: bad.into(),
            ..OpinionLinkInput::default()
        }
        .parse()
        .unwrap_err();
        assert_eq!(fields(&e), vec!["case"], "{bad:?}");
    }
}

#[test]
fn statuses_rank_in_their_usual_order() {
    let ranks: Vec<usize> = OpinionStatus::ALL.iter().map(|s| s.rank()).collect();
    assert_eq!(ranks, vec![0, 1, 2, 3]);
    assert_eq!(OpinionStatus::INITIAL, OpinionStatus::Monitoring);
}
