//! Values between Rhai and the models: what a script writes is converted
//! through the field's type, as the runtime parses a form's text, so a bad
//! value is refused with the runtime's own error before any SQL runs.

use model_runtime::schema::{Column, ColumnType, ModelSchema};
use model_runtime::{Error, Value};
use rhai::{Blob, Dynamic, INT};

use crate::instance::Instance;

/// The value `value` stands for in `column` of `schema`'s model. Text is
/// parsed as the column's type (a decimal, a date, a UUID may be written
/// as text); `()` is `NULL`; an instance stands for its primary key.
pub fn to_value(schema: &ModelSchema, column: &Column, value: &Dynamic) -> Result<Value, Error> {
    let refuse = |message: String| Error::Validation {
        model: schema.name.to_string(),
        field: column.field.to_string(),
        message,
    };
    if value.is_unit() {
        return Ok(Value::Null);
    }
    if let Some(instance) = value.clone().try_cast::<Instance>() {
        return Ok(instance.primary_key().clone());
    }
    if value.is_string() {
        let text = value.clone().into_string().unwrap_or_default();
        return Value::parse(column.ty, &text).map_err(refuse);
    }
    if let Ok(number) = value.as_int() {
        return match column.ty {
            ty if ty.is_integer() => Ok(Value::Int(number)),
            ColumnType::Float | ColumnType::Double => Ok(Value::Float(number as f64)),
            ColumnType::Decimal | ColumnType::Text => {
                Value::parse(column.ty, &number.to_string()).map_err(refuse)
            }
            _ => Err(refuse(format!(
                "expected {}, got the number {number}",
                expected(column.ty)
            ))),
        };
    }
    if let Ok(number) = value.as_float() {
        return match column.ty {
            ColumnType::Float | ColumnType::Double => Ok(Value::Float(number)),
            ColumnType::Decimal | ColumnType::Text => {
                Value::parse(column.ty, &number.to_string()).map_err(refuse)
            }
            _ => Err(refuse(format!(
                "expected {}, got the number {number}",
                expected(column.ty)
            ))),
        };
    }
    if let Ok(flag) = value.as_bool() {
        return match column.ty {
            ColumnType::Bool => Ok(Value::Bool(flag)),
            _ => Err(refuse(format!("expected {}, got {flag}", expected(column.ty)))),
        };
    }
    if value.is_blob() && column.ty == ColumnType::Binary {
        return Ok(Value::Bytes(value.clone().cast::<Blob>()));
    }
    Err(refuse(format!(
        "expected {}, got {} `{value}`",
        expected(column.ty),
        value.type_name()
    )))
}

/// What a column takes, in words.
fn expected(ty: ColumnType) -> &'static str {
    match ty {
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => "an integer",
        ColumnType::Float | ColumnType::Double => "a number",
        ColumnType::Bool => "true or false",
        ColumnType::Text => "text",
        ColumnType::Binary => "bytes",
        ColumnType::Decimal => "a decimal number (or its text)",
        ColumnType::Date => "a date as text (YYYY-MM-DD)",
        ColumnType::DateTime | ColumnType::DateTimeUtc => "a date and time as text",
        ColumnType::Uuid => "a UUID as text",
        ColumnType::Json => "a JSON document as text",
    }
}

/// A model's value as the script reads it: numbers, booleans and text as
/// themselves, `NULL` as `()`, bytes as a blob, and decimals, dates, times,
/// UUIDs and JSON as their text (exact, as stored).
pub fn to_dynamic(value: &Value) -> Dynamic {
    match value {
        Value::Null => Dynamic::UNIT,
        Value::Bool(v) => Dynamic::from_bool(*v),
        Value::Int(v) => Dynamic::from_int(*v as INT),
        Value::Float(v) => Dynamic::from_float(*v),
        Value::Text(v) => Dynamic::from(v.clone()),
        Value::Bytes(v) => Dynamic::from_blob(v.clone()),
        other => Dynamic::from(other.to_string()),
    }
}
