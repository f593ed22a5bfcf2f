use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::sql_types::{self as sql, is_nullable::NotNull, Nullable, SqlType};

use super::FieldType;
use crate::schema::{Choice, ColumnType};
use crate::{sql_types, Decimal, Value};

/// A mismatch between the value given and the type of the field.
fn mismatch<T>(value: &Value) -> String {
    format!("{value:?} is not a {}", std::any::type_name::<T>())
}

macro_rules! integer {
    ($($rust:ty => $sql:ty, $column:ident;)*) => {$(
        impl FieldType for $rust {
            type SqlType = $sql;
            type Load = Self;
            const COLUMN_TYPE: ColumnType = ColumnType::$column;

            fn from_load(load: Self) -> Result<Self, String> {
                Ok(load)
            }

            fn to_value(&self) -> Value {
                Value::Int(i64::from(*self))
            }

            fn from_value(value: Value) -> Result<Self, String> {
                match value {
                    Value::Int(v) => <$rust>::try_from(v)
                        .map_err(|_| format!("{v} does not fit in {}", stringify!($rust))),
                    other => Err(mismatch::<$rust>(&other)),
                }
            }
        }
    )*};
}

integer! {
    i16 => sql::SmallInt, SmallInt;
    i32 => sql::Integer, Integer;
    i64 => sql::BigInt, BigInt;
}

macro_rules! plain {
    ($($rust:ty => $sql:ty, $column:ident, $variant:ident;)*) => {$(
        impl FieldType for $rust {
            type SqlType = $sql;
            type Load = Self;
            const COLUMN_TYPE: ColumnType = ColumnType::$column;

            fn from_load(load: Self) -> Result<Self, String> {
                Ok(load)
            }

            fn to_value(&self) -> Value {
                Value::$variant(self.clone())
            }

            fn from_value(value: Value) -> Result<Self, String> {
                match value {
                    Value::$variant(v) => Ok(v),
                    other => Err(mismatch::<$rust>(&other)),
                }
            }
        }
    )*};
}

plain! {
    bool => sql::Bool, Bool, Bool;
    Vec<u8> => sql::Binary, Binary, Bytes;
    NaiveDate => sql::Date, Date, Date;
}

impl FieldType for String {
    type SqlType = sql::Text;
    type Load = Self;
    const COLUMN_TYPE: ColumnType = ColumnType::Text;

    fn from_load(load: Self) -> Result<Self, String> {
        Ok(load)
    }

    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }

    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Text(v) => Ok(v),
            other => Err(mismatch::<String>(&other)),
        }
    }

    fn is_blank(&self) -> bool {
        self.is_empty()
    }
}

macro_rules! loaded {
    ($($rust:ty => $sql:ty, $column:ident, $variant:ident;)*) => {$(
        impl FieldType for $rust {
            type SqlType = $sql;
            type Load = sql_types::Loaded<Self>;
            const COLUMN_TYPE: ColumnType = ColumnType::$column;

            fn from_load(load: sql_types::Loaded<Self>) -> Result<Self, String> {
                Ok(load.0)
            }

            fn to_value(&self) -> Value {
                Value::$variant(self.clone())
            }

            fn from_value(value: Value) -> Result<Self, String> {
                match value {
                    Value::$variant(v) => Ok(v),
                    other => Err(mismatch::<$rust>(&other)),
                }
            }
        }
    )*};
}

loaded! {
    NaiveDateTime => sql_types::DateTime, DateTime, DateTime;
    DateTime<Utc> => sql_types::DateTimeUtc, DateTimeUtc, DateTimeUtc;
    uuid::Uuid => sql_types::Uuid, Uuid, Uuid;
    serde_json::Value => sql_types::Json, Json, Json;
}

/// A `f64` field: a double-precision float column. What each backend holds differs:
/// PostgreSQL keeps NaN and both infinities; SQLite keeps the infinities
/// but not NaN (it would store NULL); MySQL keeps finite numbers only.
/// `create`, `save` and `bulk_create` refuse, before any SQL runs, a value
/// the connection's backend cannot hold, naming the model and the field:
///
/// ```
/// # use model_runtime::prelude::*;
/// # #[derive(Model, Debug)]
/// # #[model(app = "f64_doc")]
/// # pub struct Reading {
/// #     #[field(primary_key)]
/// #     pub id: i64,
/// #     pub value: f64,
/// # }
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Reading::create_table(&mut conn)?;
/// let error = Reading::create(&mut conn, NewReading { value: f64::NAN }).unwrap_err();
/// assert!(error.to_string().starts_with("Reading.value: NaN (not a number) cannot be stored in SQLite"));
/// assert_eq!(Reading::create(&mut conn, NewReading { value: f64::INFINITY })?.value, f64::INFINITY);
/// # Ok::<(), model_runtime::Error>(())
/// ```
impl FieldType for f64 {
    type SqlType = sql::Double;
    type Load = Self;
    const COLUMN_TYPE: ColumnType = ColumnType::Double;

    fn from_load(load: Self) -> Result<Self, String> {
        Ok(load)
    }

    fn to_value(&self) -> Value {
        Value::Float(*self)
    }

    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Float(v) => Ok(v),
            Value::Int(v) => Ok(v as f64),
            other => Err(mismatch::<f64>(&other)),
        }
    }
}

/// A `f32` field: a single-precision float column. What each backend holds differs:
/// PostgreSQL keeps NaN and both infinities; SQLite keeps the infinities
/// but not NaN (it would store NULL); MySQL keeps finite numbers only.
/// `create`, `save` and `bulk_create` refuse, before any SQL runs, a value
/// the connection's backend cannot hold, naming the model and the field:
///
/// ```
/// # use model_runtime::prelude::*;
/// # #[derive(Model, Debug)]
/// # #[model(app = "f32_doc")]
/// # pub struct Reading {
/// #     #[field(primary_key)]
/// #     pub id: i64,
/// #     pub value: f32,
/// # }
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Reading::create_table(&mut conn)?;
/// let error = Reading::create(&mut conn, NewReading { value: f32::NAN }).unwrap_err();
/// assert!(error.to_string().starts_with("Reading.value: NaN (not a number) cannot be stored in SQLite"));
/// assert_eq!(Reading::create(&mut conn, NewReading { value: f32::INFINITY })?.value, f32::INFINITY);
/// # Ok::<(), model_runtime::Error>(())
/// ```
impl FieldType for f32 {
    type SqlType = sql::Float;
    type Load = Self;
    const COLUMN_TYPE: ColumnType = ColumnType::Float;

    fn from_load(load: Self) -> Result<Self, String> {
        Ok(load)
    }

    fn to_value(&self) -> Value {
        Value::Float(f64::from(*self))
    }

    fn from_value(value: Value) -> Result<Self, String> {
        // Narrowing is the point: an f32 column keeps f32 precision.
        match value {
            Value::Float(v) => Ok(v as f32),
            Value::Int(v) => Ok(v as f32),
            other => Err(mismatch::<f32>(&other)),
        }
    }
}

impl<T> FieldType for Option<T>
where
    T: FieldType,
    T::SqlType: SqlType<IsNull = NotNull>,
{
    type SqlType = Nullable<T::SqlType>;
    type Load = Option<T::Load>;
    const COLUMN_TYPE: ColumnType = T::COLUMN_TYPE;
    const NULLABLE: bool = true;
    const CHOICES: &'static [Choice] = T::CHOICES;

    fn from_load(load: Option<T::Load>) -> Result<Self, String> {
        load.map(T::from_load).transpose()
    }

    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, T::to_value)
    }

    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Null => Ok(None),
            other => T::from_value(other).map(Some),
        }
    }
}

impl FieldType for Decimal {
    type SqlType = sql::Numeric;
    type Load = sql_types::ExactDecimal;
    const COLUMN_TYPE: ColumnType = ColumnType::Decimal;

    fn from_load(load: sql_types::ExactDecimal) -> Result<Self, String> {
        Ok(load.0)
    }

    fn to_value(&self) -> Value {
        Value::Decimal(self.clone())
    }

    fn from_value(value: Value) -> Result<Self, String> {
        match value {
            Value::Decimal(v) => Ok(v),
            Value::Int(v) => Ok(Decimal::from(v)),
            other => Err(mismatch::<Decimal>(&other)),
        }
    }
}
