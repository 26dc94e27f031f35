//! A row's values to JSON and back, by the column's type family, the same way on both engines.

use sqlx::Row;
use sqlx::any::{Any, AnyArguments, AnyRow};
use sqlx::query::Query;

use super::DumpRow;
use crate::engine::{Table, TypeFamily};
use crate::{StoreError, StoreResult};

/// Read every column of `r` (a row of `table`) as JSON.
pub(super) fn read_row(r: &AnyRow, table: &Table) -> StoreResult<DumpRow> {
    let mut row = DumpRow::new();
    for (name, column) in &table.columns {
        row.insert(name.clone(), read_value(r, name, &column.family)?);
    }
    Ok(row)
}

fn read_value(r: &AnyRow, col: &str, family: &TypeFamily) -> StoreResult<serde_json::Value> {
    use serde_json::Value;
    let declared = match family {
        TypeFamily::Integer => r.try_get::<Option<i64>, _>(col).map(|v| v.map(Value::from)),
        TypeFamily::Text => r
            .try_get::<Option<String>, _>(col)
            .map(|v| v.map(Value::from)),
        TypeFamily::Real => r.try_get::<Option<f64>, _>(col).map(|v| v.map(Value::from)),
        TypeFamily::Boolean => r
            .try_get::<Option<bool>, _>(col)
            .map(|v| v.map(Value::from)),
        TypeFamily::Blob | TypeFamily::Other(_) => r
            .try_get::<Option<Vec<u8>>, _>(col)
            .map(|v| v.map(|b| Value::from(hex::encode(b)))),
    };
    if let Ok(v) = declared {
        return Ok(v.unwrap_or(Value::Null));
    }
    // SQLite stores what it is given whatever the declared type: read what is there.
    if let Ok(v) = r.try_get::<Option<i64>, _>(col) {
        return Ok(v.map(Value::from).unwrap_or(Value::Null));
    }
    if let Ok(v) = r.try_get::<Option<f64>, _>(col) {
        return Ok(v.map(Value::from).unwrap_or(Value::Null));
    }
    Ok(r.try_get::<Option<String>, _>(col)?
        .map(Value::from)
        .unwrap_or(Value::Null))
}

/// Bind `value` for a column of `family`, refusing a value of another kind.
pub(super) fn bind_value<'q>(
    q: Query<'q, Any, AnyArguments>,
    table: &str,
    col: &str,
    family: &TypeFamily,
    value: &serde_json::Value,
) -> StoreResult<Query<'q, Any, AnyArguments>> {
    use serde_json::Value;
    let wrong =
        || StoreError::Conflict(format!("备份中表 {table} 的列 {col} 的值类型不符：{value}"));
    Ok(match (family, value) {
        (TypeFamily::Integer, Value::Null) => q.bind(None::<i64>),
        (TypeFamily::Integer, Value::Number(n)) => q.bind(n.as_i64().ok_or_else(wrong)?),
        (TypeFamily::Real, Value::Null) => q.bind(None::<f64>),
        (TypeFamily::Real, Value::Number(n)) => q.bind(n.as_f64().ok_or_else(wrong)?),
        (TypeFamily::Boolean, Value::Null) => q.bind(None::<bool>),
        (TypeFamily::Boolean, Value::Bool(b)) => q.bind(*b),
        (TypeFamily::Text, Value::Null) => q.bind(None::<String>),
        (TypeFamily::Text, Value::String(s)) => q.bind(s.clone()),
        (TypeFamily::Blob | TypeFamily::Other(_), Value::Null) => q.bind(None::<Vec<u8>>),
        (TypeFamily::Blob | TypeFamily::Other(_), Value::String(s)) => {
            q.bind(hex::decode(s).map_err(|_| wrong())?)
        }
        _ => return Err(wrong()),
    })
}
