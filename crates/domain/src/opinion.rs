//! 网络舆情处置 — the opinion board's records on an online incident (a case of
//! kind 网络舆情): its disposal status (监测中 → 已回应 → 已处置 → 已平息),
//! the 正面发声 made about it, and the petitions it is linked to.
//!
//! The plan: "对网络舆情……及时发声、正面引导". The 6/18/24/72-hour clocks
//! are the case's own milestones; these records say what was done about the
//! incident itself. None of them moves a clock or changes the case's state.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::clock::local_date;
use crate::errors::{FieldErrors, FieldReader};
use crate::labelled_enum;

labelled_enum! {
    /// 处置状态 — where the incident stands, in the order it usually moves.
    pub enum OpinionStatus {
        /// 监测中 — found, being watched; nothing said yet.
        Monitoring => ("monitoring", "监测中"),
        /// 已回应 — the authorities have answered publicly or to the poster.
        Responded => ("responded", "已回应"),
        /// 已处置 — the problem behind it has been dealt with.
        Disposed => ("disposed", "已处置"),
        /// 已平息 — the discussion has died down.
        Subsided => ("subsided", "已平息"),
    }
}

impl OpinionStatus {
    /// The status an incident has before anything is recorded.
    pub const INITIAL: OpinionStatus = OpinionStatus::Monitoring;

    /// Its place in the usual order (监测中 0 … 已平息 3).
    pub fn rank(self) -> usize {
        OpinionStatus::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or(0)
    }
}

labelled_enum! {
    /// 发声方式 — how the 正面发声 was made.
    pub enum VoiceChannel {
        /// 官方通报或情况说明.
        Statement => ("statement", "官方通报/情况说明"),
        /// 政务新媒体发布 (公众号、政务微博、政务抖音号).
        GovMedia => ("gov_media", "政务新媒体发布"),
        /// 评论区回复 under the post.
        CommentReply => ("comment_reply", "评论区回复"),
        /// 媒体报道 arranged with the press.
        Press => ("press", "媒体报道"),
        /// 与发帖人沟通 — speaking to the poster directly.
        PosterContact => ("poster_contact", "与发帖人沟通"),
        /// 其他.
        Other => ("other", "其他"),
    }
}

/// The status form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OpinionStatusInput {
    /// 处置状态: 监测中, 已回应, 已处置, 已平息 (or monitoring/responded/disposed/subsided).
    pub status: String,
    /// 时间: when it changed (blank for now).
    pub date: String,
    /// 说明: what happened; required when the status goes back (舆情反弹).
    pub note: String,
}

/// A checked status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpinionStatusChange {
    /// The new status.
    pub status: OpinionStatus,
    /// When it changed.
    pub at: Timestamp,
    /// 说明.
    pub note: Option<String>,
}

/// The 正面发声 form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct VoiceInput {
    /// 发声主体: who spoke, e.g. 区委网信办, 张潘镇人民政府.
    pub speaker: String,
    /// 发声方式: 官方通报/情况说明, 政务新媒体发布, 评论区回复, 媒体报道, 与发帖人沟通, 其他 (or their keys).
    pub channel: String,
    /// 发布平台: where, e.g. 抖音 (optional).
    pub platform: String,
    /// 发声时间 (date, or date and time).
    pub date: String,
    /// 发声内容: what was said.
    pub content: String,
    /// 链接: the published text, http(s) (optional).
    pub link: String,
}

/// A checked 正面发声.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PositiveVoice {
    /// 发声主体.
    pub speaker: String,
    /// 发声方式.
    pub channel: VoiceChannel,
    /// 发布平台.
    pub platform: Option<String>,
    /// When it was made.
    pub at: Timestamp,
    /// 发声内容.
    pub content: String,
    /// 链接.
    pub link: Option<String>,
}

/// The link form as typed: the petition to link, by 案件编号 or id.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default)]
pub struct OpinionLinkInput {
    /// 关联案件: its 案件编号 (e.g. 建安信访〔2022〕0012号) or its id.
    pub case: String,
    /// 关联说明 (optional).
    pub note: String,
}

/// What the link form names, before the store looks it up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// A case id.
    Id(i64),
    /// A 案件编号.
    Number(String),
}

/// A checked link request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionLink {
    /// The case named.
    pub target: LinkTarget,
    /// 关联说明.
    pub note: Option<String>,
}

/// How far back a record may be dated before the incident was registered:
/// none — nothing is done about an incident before it was found.
fn check_when(
    r: &mut FieldReader,
    field: &str,
    label: &str,
    at: Option<Timestamp>,
    received_at: Timestamp,
    now: Timestamp,
) -> Option<Timestamp> {
    let at = r.not_too_old(field, label, at);
    if at.is_some_and(|t| t > now + jiff::SignedDuration::from_mins(10)) {
        r.errors.add(field, label, "不能晚于当前时间");
    }
    if at.is_some_and(|t| local_date(t) < local_date(received_at)) {
        r.errors.add(field, label, "不能早于舆情的登记日期");
    }
    at
}

/// Whether a link is a web address one can open.
fn is_web_link(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://")) && s.len() > 8
}

impl OpinionStatusInput {
    /// Check a change from `current`: a known status other than the current
    /// one; going back in the order needs a 说明 (why the incident flared
    /// up again); the time defaults to `now`, may not lie in the future nor
    /// before the incident was registered.
    pub fn parse(
        &self,
        current: OpinionStatus,
        received_at: Timestamp,
        now: Timestamp,
    ) -> Result<OpinionStatusChange, FieldErrors> {
        let mut r = FieldReader::default();
        let status = r.choice("status", "处置状态", &self.status, OpinionStatus::parse);
        let at = if self.date.trim().is_empty() {
            Some(now)
        } else {
            let t = r.time("date", "时间", &self.date);
            check_when(&mut r, "date", "时间", t, received_at, now)
        };
        let note = r.optional("note", "说明", &self.note, 1000);
        if let Some(s) = status {
            if s == current {
                r.errors
                    .add("status", "处置状态", format!("当前已是「{}」", s.label()));
            } else if s.rank() < current.rank() && note.is_none() {
                r.errors.add(
                    "note",
                    "说明",
                    format!(
                        "从「{}」退回「{}」时必须说明原因（如舆情反弹）",
                        current.label(),
                        s.label()
                    ),
                );
            }
        }
        match (status, at) {
            (Some(status), Some(at)) if r.errors.is_empty() => {
                Ok(OpinionStatusChange { status, at, note })
            }
            _ => Err(r.errors),
        }
    }
}

impl VoiceInput {
    /// Check a 正面发声: speaker, channel, date and content are required; the
    /// link, when given, is an http(s) address; the date may not lie in the
    /// future nor before the incident was registered.
    pub fn parse(
        &self,
        received_at: Timestamp,
        now: Timestamp,
    ) -> Result<PositiveVoice, FieldErrors> {
        let mut r = FieldReader::default();
        let speaker = r.required_line("speaker", "发声主体", &self.speaker, 60);
        let channel = r.choice("channel", "发声方式", &self.channel, VoiceChannel::parse);
        let platform = r.optional_line("platform", "发布平台", &self.platform, 30);
        let at = r.time("date", "发声时间", &self.date);
        let at = check_when(&mut r, "date", "发声时间", at, received_at, now);
        let content = r.required("content", "发声内容", &self.content, 2000);
        let link = r.optional_line("link", "链接", &self.link, 500);
        if link.as_deref().is_some_and(|l| !is_web_link(l)) {
            r.errors
                .add("link", "链接", "应为以 http:// 或 https:// 开头的网址");
        }
        match (channel, at) {
            (Some(channel), Some(at)) if r.errors.is_empty() => Ok(PositiveVoice {
                speaker,
                channel,
                platform,
                at,
                content,
                link,
            }),
            _ => Err(r.errors),
        }
    }
}

impl OpinionLinkInput {
    /// Check the link form: a 案件编号 or a positive id is required.
    pub fn parse(&self) -> Result<OpinionLink, FieldErrors> {
        let mut r = FieldReader::default();
        let text = r.required_line("case", "关联案件", &self.case, 40);
        let note = r.optional_line("note", "关联说明", &self.note, 200);
        let target = if text.is_empty() {
            None
        } else if text.chars().all(|c| c.is_ascii_digit()) {
            match text.parse::<i64>() {
                Ok(id) if id > 0 => Some(LinkTarget::Id(id)),
                _ => {
                    r.errors.add("case", "关联案件", "应为案件编号或案件ID");
                    None
                }
            }
        } else {
            Some(LinkTarget::Number(text))
        };
        match target {
            Some(target) if r.errors.is_empty() => Ok(OpinionLink { target, note }),
            _ => Err(r.errors),
        }
    }
}

impl OpinionStatusChange {
    /// The timeline sentence: "舆情处置状态：监测中 → 已回应（说明）".
    pub fn describe(&self, from: OpinionStatus) -> String {
        let mut s = format!("舆情处置状态：{} → {}", from.label(), self.status.label());
        if let Some(n) = &self.note {
            s.push_str(&format!("（{n}）"));
        }
        s
    }
}

impl PositiveVoice {
    /// The timeline sentence: "正面发声：区委网信办 通过政务新媒体发布（抖音）：…".
    pub fn describe(&self) -> String {
        let mut s = format!("正面发声：{} 通过{}", self.speaker, self.channel.label());
        if let Some(p) = &self.platform {
            s.push_str(&format!("（{p}）"));
        }
        s.push_str(&format!("：{}", self.content));
        s
    }
}

#[cfg(test)]
#[path = "opinion_tests.rs"]
mod tests;
