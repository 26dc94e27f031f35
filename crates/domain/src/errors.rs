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
    /// A required text field: trimmed, non-empty, at most `max` characters.
    pub fn required(&mut self, field: &str, label: &str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.errors.add(field, label, "不能为空");
        } else if v.chars().count() > max {
            self.errors.add(field, label, format!("不能超过{max}个字"));
        }
        v.to_string()
    }

    /// An optional text field: None when blank, at most `max` characters.
    pub fn optional(
        &mut self,
        field: &str,
        label: &str,
        value: &str,
        max: usize,
    ) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        if v.chars().count() > max {
            self.errors.add(field, label, format!("不能超过{max}个字"));
        }
        Some(v.to_string())
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
                .add(field, label, format!("无法识别的取值“{v}”"));
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
                    value.trim()
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
                self.errors.add(field, label, format!("无效的选项“{v}”"));
                None
            }
        }
    }
}

/// Read a checkbox-like text value: 是/true/on/1/√ are yes.
pub fn truthy(value: &str) -> bool {
    matches!(
        value.trim(),
        "1" | "true" | "on" | "yes" | "是" | "√" | "✓" | "Y" | "y"
    )
}
