//! From a live column's type and default to a field's type and `default`.

use model_runtime::schema::{ColumnType, DefaultValue, Name};
use model_runtime::Backend;

/// A field's type and the options that size it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct FieldType {
    pub ty: ColumnType,
    pub max_length: Option<u32>,
    pub max_digits: Option<u32>,
    pub decimal_places: Option<u32>,
}

impl FieldType {
    fn plain(ty: ColumnType) -> FieldType {
        FieldType {
            ty,
            max_length: None,
            max_digits: None,
            decimal_places: None,
        }
    }
}

/// The field type holding values of `data_type`, as
/// [`introspect`](model_migrations::introspect) spells it on `backend`; the reason
/// when no field type does. A type spelled otherwise than the model will
/// spell it still maps, to the nearest field type: the notes then say
/// what differs.
pub(super) fn field_type(
    data_type: &str,
    backend: Backend,
    auto_increment: bool,
) -> Result<FieldType, String> {
    // `timestamp(3) with time zone`: name `timestamp with time zone`, arguments `3`.
    let (name, args) = match data_type.split_once('(') {
        Some((head, rest)) => match rest.split_once(')') {
            Some((args, tail)) => (format!("{head}{tail}"), Some(args)),
            None => (data_type.to_owned(), None),
        },
        None => (data_type.to_owned(), None),
    };
    let length = || -> Result<Option<u32>, String> {
        args.map(|n| {
            n.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("type {data_type} has no usable length"))
        })
        .transpose()
    };
    let ty = match name.trim() {
        // The derive's i64 auto-increment key is spelled `integer` on
        // SQLite, where only that spelling aliases the rowid.
        "integer" if backend == Backend::Sqlite && auto_increment => ColumnType::BigInt,
        "tinyint" if args == Some("1") => ColumnType::Bool,
        "smallint" | "int2" | "tinyint" | "tinyint unsigned" => ColumnType::SmallInt,
        "integer" | "int" | "int4" | "mediumint" | "smallint unsigned" => ColumnType::Integer,
        "bigint" | "int8" | "int unsigned" | "integer unsigned" | "mediumint unsigned" => ColumnType::BigInt,
        "real" | "float" | "float4" => ColumnType::Float,
        "double precision" | "double" | "float8" => ColumnType::Double,
        "bool" | "boolean" => ColumnType::Bool,
        "varchar" | "character varying" | "nvarchar" => {
            return Ok(FieldType {
                max_length: length()?,
                ..FieldType::plain(ColumnType::Text)
            })
        }
        // `char(36)` is how SQLite and MySQL store a UUID.
        "char" | "character" | "nchar" if args == Some("36") => ColumnType::Uuid,
        "char" | "character" | "nchar" => {
            return Ok(FieldType {
                max_length: length()?.or(Some(1)),
                ..FieldType::plain(ColumnType::Text)
            })
        }
        "text" | "longtext" | "mediumtext" | "tinytext" | "clob" => ColumnType::Text,
        "blob" | "bytea" | "longblob" | "mediumblob" | "tinyblob" | "binary" | "varbinary" => {
            ColumnType::Binary
        }
        "decimal" | "numeric" => return decimal(data_type, args),
        "date" => ColumnType::Date,
        // MySQL's `timestamp` is stored in UTC; elsewhere it has no zone.
        "timestamp" if backend == Backend::Mysql => ColumnType::DateTimeUtc,
        "datetime" | "timestamp" => ColumnType::DateTime,
        "timestamp with time zone" | "timestamptz" => ColumnType::DateTimeUtc,
        "uuid" => ColumnType::Uuid,
        "json" | "jsonb" => ColumnType::Json,
        _ => return Err(format!("type {data_type}, which no model field holds")),
    };
    Ok(FieldType::plain(ty))
}

/// `decimal(p,s)`: a decimal needs its precision.
fn decimal(data_type: &str, args: Option<&str>) -> Result<FieldType, String> {
    let unsized_type = || format!("type {data_type} has no precision, which a Decimal field needs");
    let args = args.ok_or_else(unsized_type)?;
    let (digits, places) = args.split_once(',').unwrap_or((args, "0"));
    let digits: u32 = digits.trim().parse().map_err(|_| unsized_type())?;
    let places: u32 = places.trim().parse().map_err(|_| unsized_type())?;
    if digits == 0 || places > digits {
        return Err(unsized_type());
    }
    Ok(FieldType {
        max_digits: Some(digits),
        decimal_places: Some(places),
        ..FieldType::plain(ColumnType::Decimal)
    })
}

/// The `#[field(default = ...)]` literal for a default the database reads
/// as `sql`, when it is a literal of the field's kind; `None` for an
/// expression (`now()`, `CURRENT_TIMESTAMP`) or a value no literal writes.
pub(super) fn literal_default(ty: ColumnType, sql: &str) -> Option<DefaultValue> {
    let sql = unwrap_parentheses(sql.trim());
    let quoted = quoted_text(sql);
    match ty {
        ColumnType::Bool => match quoted.as_deref().unwrap_or(sql).to_ascii_lowercase().as_str() {
            "true" | "1" => Some(DefaultValue::Bool(true)),
            "false" | "0" => Some(DefaultValue::Bool(false)),
            _ => None,
        },
        ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => {
            sql.parse().ok().map(DefaultValue::Int)
        }
        ColumnType::Float | ColumnType::Double => match sql.parse::<i64>() {
            Ok(int) => Some(DefaultValue::Int(int)),
            Err(_) => sql
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite())
                .map(DefaultValue::Float),
        },
        ColumnType::Decimal => {
            let text = quoted.as_deref().unwrap_or(sql);
            let is_number = text.parse::<model_runtime::Decimal>().is_ok() && !text.contains(['e', 'E']);
            is_number.then(|| DefaultValue::Text(Name::Owned(text.to_owned())))
        }
        ColumnType::Binary => None,
        ColumnType::Text
        | ColumnType::Date
        | ColumnType::DateTime
        | ColumnType::DateTimeUtc
        | ColumnType::Uuid
        | ColumnType::Json => quoted.map(|text| DefaultValue::Text(Name::Owned(text))),
    }
}

/// `(0)` -> `0`: SQLite keeps the parentheses a default was written with.
fn unwrap_parentheses(sql: &str) -> &str {
    match sql.strip_prefix('(').and_then(|s| s.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) => inner.trim(),
        _ => sql,
    }
}

/// The text of a whole single-quoted SQL literal, quotes undoubled.
fn quoted_text(sql: &str) -> Option<String> {
    let inner = sql.strip_prefix('\'')?.strip_suffix('\'')?;
    let mut text = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\'' {
            // Inside the literal a quote only comes doubled.
            if chars.next() != Some('\'') {
                return None;
            }
        }
        text.push(c);
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(data_type: &str, backend: Backend) -> ColumnType {
        field_type(data_type, backend, false).unwrap().ty
    }

    #[test]
    fn each_backends_spellings_map_to_field_types() {
        assert_eq!(ty("tinyint(1)", Backend::Mysql), ColumnType::Bool);
        assert_eq!(ty("int", Backend::Mysql), ColumnType::Integer);
        assert_eq!(
            ty("timestamp with time zone", Backend::Postgres),
            ColumnType::DateTimeUtc
        );
        assert_eq!(
            ty("timestamp(3) with time zone", Backend::Postgres),
            ColumnType::DateTimeUtc
        );
        assert_eq!(ty("char(36)", Backend::Sqlite), ColumnType::Uuid);
        assert_eq!(ty("jsonb", Backend::Postgres), ColumnType::Json);
        assert_eq!(
            field_type("integer", Backend::Sqlite, true).unwrap().ty,
            ColumnType::BigInt
        );
        let price = field_type("numeric(6,2)", Backend::Postgres, false).unwrap();
        assert_eq!((price.max_digits, price.decimal_places), (Some(6), Some(2)));
        assert_eq!(
            field_type("varchar(20)", Backend::Sqlite, false)
                .unwrap()
                .max_length,
            Some(20)
        );
        assert!(field_type("numeric", Backend::Postgres, false).is_err());
        assert!(field_type("geometry", Backend::Postgres, false).is_err());
        assert!(field_type("bigint unsigned", Backend::Mysql, false).is_err());
    }

    #[test]
    fn only_literals_of_the_fields_kind_become_defaults() {
        let text = |s: &str| Some(DefaultValue::Text(Name::Owned(s.to_owned())));
        assert_eq!(
            literal_default(ColumnType::Integer, "-1"),
            Some(DefaultValue::Int(-1))
        );
        assert_eq!(
            literal_default(ColumnType::Bool, "true"),
            Some(DefaultValue::Bool(true))
        );
        assert_eq!(
            literal_default(ColumnType::Bool, "0"),
            Some(DefaultValue::Bool(false))
        );
        assert_eq!(
            literal_default(ColumnType::Double, "-2.25"),
            Some(DefaultValue::Float(-2.25))
        );
        assert_eq!(literal_default(ColumnType::Text, "'it''s'"), text("it's"));
        assert_eq!(literal_default(ColumnType::Decimal, "12.50"), text("12.50"));
        assert_eq!(
            literal_default(ColumnType::Integer, "(0)"),
            Some(DefaultValue::Int(0))
        );
        assert_eq!(literal_default(ColumnType::Integer, "'1'"), None);
        assert_eq!(literal_default(ColumnType::DateTimeUtc, "now()"), None);
        assert_eq!(literal_default(ColumnType::Text, "'a' || 'b'"), None);
        assert_eq!(literal_default(ColumnType::Double, "inf"), None);
    }
}
