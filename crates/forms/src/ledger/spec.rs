//! What an annex's importer looks for: its columns, their spellings, and where the header put them.

use super::normalise::header_key;

/// When a column must be present in the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    /// Always.
    Always,
    /// Unless the column with this header is present (a split alternative).
    Unless(&'static str),
    /// Never (extra or decorative columns).
    Optional,
}

/// A column the importer looks for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    /// The header as printed by the export (also the name used in problems).
    pub header: &'static str,
    /// Other spellings seen in townships' sheets.
    pub aliases: &'static [&'static str],
    /// Whether a header without it is refused.
    pub need: Need,
    /// The name used in problems when the header alone is ambiguous (Annex
    /// 3 has two 手机号码 columns); else the header.
    pub label: &'static str,
}

impl Field {
    /// A column every header must have.
    pub const fn new(header: &'static str, aliases: &'static [&'static str]) -> Field {
        Field {
            header,
            aliases,
            need: Need::Always,
            label: header,
        }
    }

    /// A column read when present.
    pub const fn optional(header: &'static str, aliases: &'static [&'static str]) -> Field {
        Field {
            header,
            aliases,
            need: Need::Optional,
            label: header,
        }
    }

    /// Needed only when the column headed `other` is absent (split alternatives).
    pub const fn unless(self, other: &'static str) -> Field {
        Field {
            need: Need::Unless(other),
            ..self
        }
    }

    /// Named `label` in problems and missing-column lists.
    pub const fn labelled(self, label: &'static str) -> Field {
        Field { label, ..self }
    }

    /// Whether a header cell (as `header_key` folds it) names this field.
    pub(crate) fn matches(&self, key: &str) -> bool {
        !key.is_empty()
            && (header_key(self.header) == key || self.aliases.iter().any(|a| header_key(a) == key))
    }
}

/// What an annex's importer needs to know.
#[derive(Debug)]
pub(crate) struct Spec {
    pub annex: u8,
    pub title: &'static str,
    pub fields: &'static [Field],
}

/// Where each field was found.
#[derive(Debug)]
pub(crate) struct HeaderMap {
    /// The column of each field, if found.
    pub cols: Vec<Option<u32>>,
    /// 0-based row of the first data row.
    pub data_from: u32,
}
