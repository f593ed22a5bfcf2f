//! Values a backend cannot hold, refused before any SQL runs, naming the
//! model and the field: a NaN that SQLite would store as NULL, an infinity
//! MySQL refuses with an error naming only its column, a date MySQL would
//! wrap to another year or PostgreSQL refuses naming no field.
//!
//! | value | SQLite | PostgreSQL | MySQL / MariaDB |
//! | --- | --- | --- | --- |
//! | NaN (`f32`, `f64`) | refused (stored as NULL otherwise) | kept | refused |
//! | ±infinity | kept | kept | refused |
//! | dates, date-times | any year chrono has (kept as text) | from 4714-11-24 BC (`-4713-11-24`) | years 1000 to 9999 |

use chrono::{Datelike, NaiveDate};

use crate::schema::{Column, ColumnType};
use crate::{Backend, Error, Result, Value};

/// The first day PostgreSQL's `date` and `timestamp` hold: Julian day 0,
/// 4714-11-24 BC, year -4713 as chrono counts.
fn postgres_first_day() -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(-4713, 11, 24)
}

/// Whether a column of type `ty` may hold a value some backend refuses:
/// the values of any other type need not be read to be checked.
pub(crate) fn may_refuse(ty: ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Float
            | ColumnType::Double
            | ColumnType::Date
            | ColumnType::DateTime
            | ColumnType::DateTimeUtc
    )
}

/// Why `backend` cannot hold `value`, or `None` when it can.
pub(crate) fn refusal(backend: Backend, value: &Value) -> Option<String> {
    let day = match value {
        Value::Float(v) if v.is_nan() => {
            return match backend {
                Backend::Sqlite => Some(
                    "NaN (not a number) cannot be stored in SQLite, which would store NULL in its place"
                        .to_owned(),
                ),
                Backend::Mysql => Some("NaN (not a number) cannot be stored in MySQL".to_owned()),
                Backend::Postgres => None,
            }
        }
        Value::Float(v) if v.is_infinite() && backend == Backend::Mysql => {
            return Some(format!(
                "{v} cannot be stored in MySQL, which holds finite numbers only"
            ));
        }
        Value::Date(day) => *day,
        Value::DateTime(moment) => moment.date(),
        Value::DateTimeUtc(instant) => instant.date_naive(),
        _ => return None,
    };
    match backend {
        Backend::Mysql if !(1000..=9999).contains(&day.year()) => Some(format!(
            "{value} is outside the dates MySQL holds, years 1000 to 9999"
        )),
        Backend::Postgres if postgres_first_day().is_some_and(|first| day < first) => Some(format!(
            "{value} is outside the dates PostgreSQL holds, from 4714-11-24 BC (-4713-11-24) on"
        )),
        _ => None,
    }
}

/// Refuses the first value of `values` that `backend` cannot hold, as an
/// [`Error::Validation`] naming `model` and the field.
/// A value may be owned or borrowed.
pub(crate) fn check<'a, V: std::borrow::Borrow<Value>>(
    backend: Backend,
    model: &str,
    values: impl IntoIterator<Item = (&'a Column, Option<V>)>,
) -> Result<()> {
    for (column, value) in values {
        if let Some(message) = value.and_then(|value| refusal(backend, value.borrow())) {
            return Err(Error::Validation {
                model: model.to_owned(),
                field: column.field.to_string(),
                message,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_backend_refuses_only_what_it_cannot_hold() {
        let day = |y| Value::Date(NaiveDate::from_ymd_opt(y, 1, 1).unwrap());
        let cases = [
            (Value::Float(f64::NAN), [true, false, true]),
            (Value::Float(f64::INFINITY), [false, false, true]),
            (Value::Float(f64::NEG_INFINITY), [false, false, true]),
            (Value::Float(f64::MAX), [false, false, false]),
            (day(999), [false, false, true]),
            (day(1000), [false, false, false]),
            (day(9999), [false, false, false]),
            (day(10000), [false, false, true]),
            (day(-4713), [false, true, true]),
            (day(-4712), [false, false, true]),
            (Value::Int(i64::MIN), [false, false, false]),
        ];
        for (value, refused) in cases {
            for (backend, refused) in [Backend::Sqlite, Backend::Postgres, Backend::Mysql]
                .into_iter()
                .zip(refused)
            {
                assert_eq!(
                    refusal(backend, &value).is_some(),
                    refused,
                    "{value:?} on {backend:?}"
                );
            }
        }
        let first = Value::Date(postgres_first_day().unwrap());
        assert_eq!(refusal(Backend::Postgres, &first), None);
    }

    /// The checks skip the columns `may_refuse` clears: a refused value of
    /// any kind comes from a column it names.
    #[test]
    fn only_the_column_types_cleared_hold_no_refused_value() {
        let far = NaiveDate::from_ymd_opt(10_000, 1, 1).unwrap();
        let refused = [
            (Value::Float(f64::NAN), [ColumnType::Float, ColumnType::Double]),
            (Value::Date(far), [ColumnType::Date, ColumnType::Date]),
            (
                Value::DateTime(far.into()),
                [ColumnType::DateTime, ColumnType::DateTime],
            ),
            (
                Value::DateTimeUtc(far.and_hms_opt(0, 0, 0).unwrap().and_utc()),
                [ColumnType::DateTimeUtc, ColumnType::DateTimeUtc],
            ),
        ];
        for (value, types) in refused {
            assert!(refusal(Backend::Mysql, &value).is_some(), "{value:?}");
            assert!(types.into_iter().all(may_refuse), "{value:?}");
        }
        for ty in [
            ColumnType::SmallInt,
            ColumnType::Text,
            ColumnType::Decimal,
            ColumnType::Json,
        ] {
            assert!(!may_refuse(ty), "{ty:?}");
        }
    }
}
