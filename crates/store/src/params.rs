//! Numbered bind parameters for SQL assembled at run time (filters, scope).

use sqlx::Any;
use sqlx::any::AnyArguments;
use sqlx::query::Query;

/// One value to bind.
#[derive(Debug, Clone)]
pub(crate) enum Bind {
    Int(i64),
    Text(String),
}

/// Collects values and hands out their `$n` placeholders.
#[derive(Debug, Default)]
pub(crate) struct Params(Vec<Bind>);

impl Params {
    /// Add an integer; returns its placeholder.
    pub fn int(&mut self, v: i64) -> String {
        self.0.push(Bind::Int(v));
        format!("${}", self.0.len())
    }

    /// Add a text; returns its placeholder.
    pub fn text(&mut self, v: impl Into<String>) -> String {
        self.0.push(Bind::Text(v.into()));
        format!("${}", self.0.len())
    }

    /// Bind everything to a query, in order.
    pub fn bind_all<'q>(
        &self,
        mut q: Query<'q, Any, AnyArguments>,
    ) -> Query<'q, Any, AnyArguments> {
        for b in &self.0 {
            q = match b {
                Bind::Int(i) => q.bind(*i),
                Bind::Text(s) => q.bind(s.clone()),
            };
        }
        q
    }
}
