use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::schema::ColumnType;
use crate::Decimal;

/// One field's value, whatever its Rust type: what the shell prints, what the
/// admin edits, what [`Model::field_value`](crate::Model::field_value) returns.
///
/// ```
/// use model_runtime::schema::ColumnType;
/// use model_runtime::Value;
///
/// let price = Value::parse(ColumnType::Decimal, "9.99").unwrap();
/// assert_eq!(price.to_string(), "9.99");
/// assert!(Value::parse(ColumnType::Integer, "nine").is_err());
/// ```
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// SQL `NULL`.
    Null,
    /// A boolean.
    Bool(bool),
    /// Any integer column.
    Int(i64),
    /// Any float column.
    Float(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
    /// An exact decimal.
    Decimal(Decimal),
    /// A date.
    Date(NaiveDate),
    /// A date and time without a time zone.
    DateTime(NaiveDateTime),
    /// An instant in UTC.
    DateTimeUtc(DateTime<Utc>),
    /// A UUID.
    Uuid(uuid::Uuid),
    /// A JSON document.
    Json(serde_json::Value),
}

impl Value {
    /// Reads a value of the given column type from text, as typed in a form
    /// or a shell: integers, floats, `true`/`false` (or `1`/`0`, `yes`/`no`),
    /// decimals, ISO dates (`2024-05-01`), date-times (`2024-05-01 18:30:00`,
    /// a `T` also accepted), UUIDs, JSON, and bytes as hex.
    pub fn parse(ty: ColumnType, input: &str) -> Result<Value, String> {
        let text = input.trim();
        let wrong = |what: &str| format!("expected {what}, got `{input}`");
        match ty {
            ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => {
                text.parse().map(Value::Int).map_err(|_| wrong("an integer"))
            }
            ColumnType::Float | ColumnType::Double => {
                text.parse().map(Value::Float).map_err(|_| wrong("a number"))
            }
            ColumnType::Bool => match text.to_ascii_lowercase().as_str() {
                "true" | "t" | "1" | "yes" | "on" => Ok(Value::Bool(true)),
                "false" | "f" | "0" | "no" | "off" => Ok(Value::Bool(false)),
                _ => Err(wrong("true or false")),
            },
            ColumnType::Text => Ok(Value::Text(input.to_owned())),
            ColumnType::Binary => parse_hex(text)
                .map(Value::Bytes)
                .ok_or_else(|| wrong("hex bytes")),
            ColumnType::Decimal => Decimal::from_str(text)
                .map(Value::Decimal)
                .map_err(|_| wrong("a decimal number")),
            ColumnType::Date => NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map(Value::Date)
                .map_err(|_| wrong("a date like 2024-05-01")),
            ColumnType::DateTime => parse_naive_datetime(text)
                .map(Value::DateTime)
                .ok_or_else(|| wrong("a date and time like 2024-05-01 18:30:00")),
            ColumnType::DateTimeUtc => parse_utc(text)
                .map(Value::DateTimeUtc)
                .ok_or_else(|| wrong("a date and time like 2024-05-01 18:30:00+00:00")),
            ColumnType::Uuid => uuid::Uuid::parse_str(text)
                .map(Value::Uuid)
                .map_err(|_| wrong("a UUID")),
            ColumnType::Json => serde_json::from_str(text)
                .map(Value::Json)
                .map_err(|e| format!("expected JSON, got `{input}`: {e}")),
        }
    }

    /// Whether this is `NULL`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("NULL"),
            Value::Bool(v) => write!(f, "{v}"),
            Value::Int(v) => write!(f, "{v}"),
            Value::Float(v) => write!(f, "{v}"),
            Value::Text(v) => f.write_str(v),
            Value::Bytes(v) => v.iter().try_for_each(|b| write!(f, "{b:02x}")),
            Value::Decimal(v) => write!(f, "{v}"),
            Value::Date(v) => write!(f, "{v}"),
            Value::DateTime(v) => write!(f, "{}", v.format("%Y-%m-%d %H:%M:%S%.f")),
            Value::DateTimeUtc(v) => write!(f, "{}", v.format("%Y-%m-%d %H:%M:%S%.f%:z")),
            Value::Uuid(v) => write!(f, "{v}"),
            Value::Json(v) => write!(f, "{v}"),
        }
    }
}

/// Parses `2024-05-01 18:30:00[.ffffff]`, with a space or a `T`.
pub(crate) fn parse_naive_datetime(text: &str) -> Option<NaiveDateTime> {
    [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M",
    ]
    .iter()
    .find_map(|format| NaiveDateTime::parse_from_str(text, format).ok())
}

/// Parses an instant with an offset (`+02:00`, `Z`), or a naive one taken as UTC.
pub(crate) fn parse_utc(text: &str) -> Option<DateTime<Utc>> {
    if let Ok(instant) = DateTime::parse_from_rfc3339(text) {
        return Some(instant.with_timezone(&Utc));
    }
    ["%Y-%m-%d %H:%M:%S%.f%:z", "%Y-%m-%d %H:%M:%S%.f%#z"]
        .iter()
        .find_map(|format| DateTime::parse_from_str(text, format).ok())
        .map(|instant| instant.with_timezone(&Utc))
        .or_else(|| parse_naive_datetime(text).map(|naive| naive.and_utc()))
}

fn parse_hex(text: &str) -> Option<Vec<u8>> {
    let digits = text
        .strip_prefix("\\x")
        .or_else(|| text.strip_prefix("0x"))
        .unwrap_or(text);
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_parse_back_to_what_display_prints() {
        for (ty, text) in [
            (ColumnType::BigInt, "-42"),
            (ColumnType::Decimal, "12.50"),
            (ColumnType::Date, "2024-05-01"),
            (ColumnType::DateTime, "2024-05-01 18:30:00.250"),
            (ColumnType::DateTimeUtc, "2024-05-01 18:30:00+00:00"),
            (ColumnType::Binary, "00ff10"),
            (ColumnType::Json, r#"{"a":[1,2]}"#),
        ] {
            let value = Value::parse(ty, text).unwrap();
            assert_eq!(Value::parse(ty, &value.to_string()).unwrap(), value, "{text}");
        }
    }

    /// Inputs the fuzz target `text_to_value` found: what each reads as
    /// shows as text that reads back as the same value.
    #[test]
    fn values_read_from_text_show_as_text_that_reads_back_the_same() {
        for (ty, text) in [
            (ColumnType::Json, "5500e226"),
            (ColumnType::Json, "[1.7976931348623157e308, -5e-324]"),
            (ColumnType::Double, "1e300"),
            (ColumnType::Date, "+10000-01-01"),
        ] {
            let value = Value::parse(ty, text).unwrap();
            let shown = value.to_string();
            assert_eq!(
                Value::parse(ty, &shown),
                Ok(value),
                "{ty:?} `{text}` shown as `{shown}`"
            );
        }
    }

    #[test]
    fn bad_text_names_what_was_expected() {
        let error = Value::parse(ColumnType::Date, "May 1st").unwrap_err();
        assert_eq!(error, "expected a date like 2024-05-01, got `May 1st`");
    }
}
