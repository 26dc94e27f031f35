//! Field-level validation errors that name the field in Chinese.

use serde::Serialize;

/// One problem with one input field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// Machine name of the field (matches the form/JSON field).
    pub field: String,
    /// Chinese name of the field, e.g. 信访人身份证号.
    pub label: String,
    /// What is wrong, in Chinese.
    pub message: String,
}

/// All problems found in one submission; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    /// Record a problem.
    pub fn add(&mut self, field: &str, label: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.to_string(),
            label: label.to_string(),
            message: message.into(),
        });
    }

    /// No problems recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Ok(value) if no problems were recorded, else Err(self).
    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Whether a given field has a problem.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }
}

impl std::fmt::Display for FieldErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = self
            .0
            .iter()
            .map(|e| format!("{}：{}", e.label, e.message))
            .collect();
        f.write_str(&parts.join("；"))
    }
}

impl std::error::Error for FieldErrors {}

/// Reads raw text fields into typed values, collecting every problem instead
/// of stopping at the first.
#[derive(Debug, Default)]
pub struct FieldReader {
    /// Problems found so far.
    pub errors: FieldErrors,
}

impl FieldReader {
    /// A required text field that may run over several lines (a textarea):
    /// trimmed, non-empty, at most `max` characters; line ends become `\n`,
    /// and control characters other than line breaks and tabs are refused
    /// (see [`clean_text`]).
    pub fn required(&mut self, field: &str, label: &str, value: &str, max: usize) -> String {
        self.text(field, label, value, max, true, false)
            .unwrap_or_default()
    }

    /// An optional text field that may run over several lines: None when
    /// blank, at most `max` characters, cleaned as [`required`](Self::required).
    pub fn optional(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max: usize,
    ) -> Option<String> {
        self.text(field, label, value, max, false, false)
    }

    /// A required one-line text field (a name, a place): as
    /// [`required`](Self::required), and line breaks and tabs are refused too.
    pub fn required_line(&mut self, field: &str, label: &str, value: &str, max: usize) -> String {
        self.text(field, label, value, max, true, true)
            .unwrap_or_default()
    }

    /// An optional one-line text field: None when blank; see
    /// [`required_line`](Self::required_line).
    pub fn optional_line(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max: usize,
    ) -> Option<String> {
        self.text(field, label, value, max, false, true)
    }

    fn text(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max: usize,
        required: bool,
        one_line: bool,
    ) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            if required {
                self.errors.add(field, label, "不能为空");
            }
            return required.then(String::new);
        }
        let cleaned = match clean_text(v, one_line) {
            Ok(cleaned) => cleaned,
            Err(message) => {
                self.errors.add(field, label, message);
                v.to_string()
            }
        };
        if cleaned.chars().count() > max {
            self.errors.add(field, label, format!("不能超过{max}个字"));
        }
        Some(cleaned)
    }

    /// A yes/no field (a checkbox, or JSON `true`/`false`): 是/true/on/1/√ are
    /// yes, 否/false/off/0/× and blank are no; anything else is refused,
    /// never read as no.
    pub fn flag(&mut self, field: &str, label: &str, value: &str) -> bool {
        match yes_no(value) {
            Some(b) => b,
            None => {
                self.errors.add(
                    field,
                    label,
                    format!("应为“是”或“否”，无法识别“{}”", printable(value.trim())),
                );
                false
            }
        }
    }

    /// Refuses a time before [`crate::clock::earliest_record`] (2000-01-01):
    /// a record's own dates (received, posted, handled) cannot be older.
    pub fn not_too_old(
        &mut self,
        field: &str,
        label: &str,
        at: Option<jiff::Timestamp>,
    ) -> Option<jiff::Timestamp> {
        match at {
            Some(t) if t < crate::clock::earliest_record() => {
                self.errors.add(field, label, "不能早于2000年1月1日");
                None
            }
            other => other,
        }
    }

    /// A required choice from a closed vocabulary.
    pub fn choice<T>(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = value.trim();
        if v.is_empty() {
            self.errors.add(field, label, "请选择");
            return None;
        }
        let parsed = parse(v);
        if parsed.is_none() {
            self.errors
                .add(field, label, format!("无法识别的取值“{}”", printable(v)));
        }
        parsed
    }

    /// An optional choice: None when blank.
    pub fn optional_choice<T>(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        if value.trim().is_empty() {
            None
        } else {
            self.choice(field, label, value, parse)
        }
    }

    /// A required point in time (see [`crate::clock::parse_time`]).
    pub fn time(&mut self, field: &str, label: &str, value: &str) -> Option<jiff::Timestamp> {
        if value.trim().is_empty() {
            self.errors.add(field, label, "不能为空");
            return None;
        }
        self.optional_time(field, label, value)
    }

    /// An optional point in time.
    pub fn optional_time(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
    ) -> Option<jiff::Timestamp> {
        if value.trim().is_empty() {
            return None;
        }
        let parsed = crate::clock::parse_time(value);
        if parsed.is_none() {
            self.errors.add(
                field,
                label,
                format!(
                    "日期时间格式不正确“{}”，应如 2022-09-26 09:10",
                    printable(value.trim())
                ),
            );
        }
        parsed
    }

    /// A required database id given as text.
    pub fn id(&mut self, field: &str, label: &str, value: &str) -> Option<i64> {
        let v = value.trim();
        if v.is_empty() {
            self.errors.add(field, label, "请选择");
            return None;
        }
        self.optional_id(field, label, v)
    }

    /// An optional database id given as text.
    pub fn optional_id(&mut self, field: &str, label: &str, value: &str) -> Option<i64> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match v.parse::<i64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                self.errors
                    .add(field, label, format!("无效的选项“{}”", printable(v)));
                None
            }
        }
    }
}

/// Read a checkbox-like text value: 是/true/on/1/√ are yes. Lenient: for
/// reading stored or filter values; a user's input goes through
/// [`FieldReader::flag`], which refuses what is neither yes nor no.
pub fn truthy(value: &str) -> bool {
    yes_no(value) == Some(true)
}

/// 是 → Some(true), 否 → Some(false), blank → Some(false), anything else None.
pub fn yes_no(value: &str) -> Option<bool> {
    match value.trim() {
        "1" | "true" | "TRUE" | "True" | "on" | "yes" | "是" | "√" | "✓" | "Y" | "y" => {
            Some(true)
        }
        "" | "0" | "false" | "FALSE" | "False" | "off" | "no" | "否" | "×" | "✗" | "N" | "n" => {
            Some(false)
        }
        _ => None,
    }
}

/// Why a character may not be typed into a text field: control characters
/// (NUL, escape, DEL, C1) and bidirectional overrides, which make printed
/// notices and archives unreadable or misleading.
fn forbidden_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text as it is stored: line ends (`\r\n`, `\r`, U+2028, U+2029) become
/// `\n`; a control character other than a line break or tab is an error
/// naming it by code point, as are line breaks and tabs when `one_line`.
pub fn clean_text(value: &str, one_line: bool) -> Result<String, String> {
    let normalised = value
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    if let Some(c) = normalised.chars().find(|c| forbidden_char(*c)) {
        return Err(format!(
            "含有不可见的控制字符（U+{:04X}），请删除后重新输入",
            u32::from(c)
        ));
    }
    if one_line && normalised.contains(['\n', '\t']) {
        return Err("不能包含换行或制表符".into());
    }
    Ok(normalised)
}

/// A value quoted back in a message, control characters shown as U+XXXX
/// and cut to 40 characters, so that the message itself stays printable.
pub(crate) fn printable(value: &str) -> String {
    let mut out = String::new();
    for (i, c) in value.chars().enumerate() {
        if i == 40 {
            out.push('…');
            break;
        }
        if c.is_control() || forbidden_char(c) {
            out.push_str(&format!("U+{:04X}", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_refused_naming_the_field() {
        let mut r = FieldReader::default();
        assert_eq!(
            r.required("summary", "反映问题", "甲\u{0}乙", 100),
            "甲\u{0}乙"
        );
        assert_eq!(r.errors.0[0].label, "反映问题");
        assert!(r.errors.0[0].message.contains("U+0000"), "{:?}", r.errors);
        for bad in ["a\u{1b}[31m", "a\u{7f}", "a\u{85}b", "a\u{202E}b"] {
            let mut r = FieldReader::default();
            r.optional("remarks", "备注", bad, 100);
            assert!(r.errors.has("remarks"), "{bad:?}");
        }
    }

    #[test]
    fn line_breaks_are_normalised_in_text_and_refused_in_a_line() {
        let mut r = FieldReader::default();
        assert_eq!(
            r.required("summary", "反映问题", "第一行\r\n第二行\r第三行\t止", 100),
            "第一行\n第二行\n第三行\t止"
        );
        assert!(r.errors.is_empty());
        let name = r.required_line("petitioner_name", "信访人姓名", "张\n三", 30);
        assert_eq!(name, "张\n三");
        assert!(r.errors.has("petitioner_name"));
        assert!(r.errors.0[0].message.contains("换行"));
        let mut r = FieldReader::default();
        assert_eq!(r.optional_line("place", "地点", "  ", 30), None);
        assert_eq!(r.required_line("place", "地点", " 村委会 ", 30), "村委会");
        assert!(r.errors.is_empty());
    }

    #[test]
    fn a_flag_is_yes_no_or_refused() {
        let mut r = FieldReader::default();
        for yes in ["是", "true", "on", "1", "√"] {
            assert!(r.flag("key_assigned", "是否重点交办", yes), "{yes}");
        }
        for no in ["否", "false", "0", "", "  ", "off"] {
            assert!(!r.flag("key_assigned", "是否重点交办", no), "{no}");
        }
        assert!(r.errors.is_empty());
        assert!(!r.flag("key_assigned", "是否重点交办", "maybe"));
        assert_eq!(r.errors.0[0].label, "是否重点交办");
        assert!(r.errors.0[0].message.contains("maybe"));
    }

    #[test]
    fn times_before_2000_are_too_old() {
        let mut r = FieldReader::default();
        let t = crate::clock::parse_time("1800-01-01");
        assert_eq!(r.not_too_old("received_at", "接待日期", t), None);
        assert_eq!(r.errors.0[0].label, "接待日期");
        let t = crate::clock::parse_time("2000-01-01 00:00");
        assert_eq!(r.not_too_old("received_at", "接待日期", t), t);
        assert_eq!(r.errors.0.len(), 1);
    }

    #[test]
    fn messages_quote_values_printably() {
        assert_eq!(printable("a\u{0}b"), "aU+0000b");
        assert_eq!(printable(&"长".repeat(50)).chars().count(), 41);
    }
}
