//! Sending a [`Value`] as a bound parameter, and reading a column back as
//! one, on each backend: through each field type's own SQL type, so a value
//! is compared and read exactly as the model's typed queries do.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql};
use diesel::query_builder::AstPass;
use diesel::row::NamedRow;
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Nullable};
use diesel::QueryResult;

use crate::field::FieldType;
use crate::schema::{Column, ColumnType};
use crate::{Decimal, Value};

/// A backend on which any [`Value`] can be bound and any column read.
pub(crate) trait BindValue: Backend + Sized {
    /// Which backend this is, for SQL that differs between them.
    const BACKEND: crate::Backend;

    /// Pushes `value` as a bound parameter (`NULL` as the keyword).
    fn push_value<'b>(out: &mut AstPass<'_, 'b, Self>, value: &'b Value) -> QueryResult<()>;

    /// Pushes `value`, a value of a column of type `ty`, as a bound
    /// parameter, `NULL` included: bound with the type a value of the
    /// column is bound with, so that the statement's text and parameter
    /// types are the same whichever values are null.
    fn push_typed_value<'b>(
        out: &mut AstPass<'_, 'b, Self>,
        ty: ColumnType,
        value: &'b Value,
    ) -> QueryResult<()>;

    /// Reads `column` of a row by name, as its field type reads it.
    fn read_value<'a>(row: &impl NamedRow<'a, Self>, column: &Column) -> deserialize::Result<Value>;
}

fn bind<'b, T, DB>(out: &mut AstPass<'_, 'b, DB>, value: &'b T) -> QueryResult<()>
where
    T: FieldType + ToSql<T::SqlType, DB>,
    DB: Backend + HasSqlType<T::SqlType>,
{
    out.push_bind_param::<T::SqlType, T>(value)
}

/// A bound `NULL` of any SQL type.
#[derive(Debug)]
struct Null;

impl<ST, DB: Backend> ToSql<Nullable<ST>, DB> for Null {
    fn to_sql<'b>(&'b self, _: &mut diesel::serialize::Output<'b, '_, DB>) -> diesel::serialize::Result {
        Ok(diesel::serialize::IsNull::Yes)
    }
}

/// Binds `NULL` as the SQL type `T`'s values are bound with.
fn bind_null<T, DB>(out: &mut AstPass<'_, '_, DB>) -> QueryResult<()>
where
    T: FieldType,
    DB: Backend + HasSqlType<T::SqlType>,
{
    out.push_bind_param::<Nullable<T::SqlType>, Null>(&Null)
}

fn read<'a, T, DB>(row: &impl NamedRow<'a, DB>, name: &str) -> deserialize::Result<Value>
where
    T: FieldType,
    DB: Backend,
    Option<T::Load>: FromSql<Nullable<T::SqlType>, DB>,
{
    match NamedRow::get::<Nullable<T::SqlType>, Option<T::Load>>(row, name)? {
        None => Ok(Value::Null),
        Some(load) => Ok(T::from_load(load)?.to_value()),
    }
}

/// A decimal with its column's places, as the model reads it: SQLite
/// hands back `12.50` as `12.5`.
fn read_decimal<'a, DB>(row: &impl NamedRow<'a, DB>, column: &Column) -> deserialize::Result<Value>
where
    DB: Backend,
    Option<<Decimal as FieldType>::Load>: FromSql<Nullable<<Decimal as FieldType>::SqlType>, DB>,
{
    use crate::field::DecimalField;
    Ok(match read::<Decimal, DB>(row, &column.name)? {
        Value::Decimal(value) => match column.decimal_places {
            Some(places) => Value::Decimal(value.with_decimal_places(places)),
            None => Value::Decimal(value),
        },
        other => other,
    })
}

macro_rules! bind_value {
    ($($feature:literal => $db:ty, $backend:expr;)*) => {$(
        #[cfg(feature = $feature)]
        impl BindValue for $db {
            const BACKEND: crate::Backend = $backend;

            fn push_value<'b>(out: &mut AstPass<'_, 'b, Self>, value: &'b Value) -> QueryResult<()> {
                match value {
                    Value::Null => {
                        out.push_sql("NULL");
                        Ok(())
                    }
                    Value::Bool(v) => bind(out, v),
                    Value::Int(v) => bind(out, v),
                    Value::Float(v) => bind(out, v),
                    Value::Text(v) => bind(out, v),
                    Value::Bytes(v) => bind(out, v),
                    Value::Decimal(v) => bind(out, v),
                    Value::Date(v) => bind(out, v),
                    Value::DateTime(v) => bind(out, v),
                    Value::DateTimeUtc(v) => bind(out, v),
                    Value::Uuid(v) => bind(out, v),
                    Value::Json(v) => bind(out, v),
                }
            }

            fn push_typed_value<'b>(out: &mut AstPass<'_, 'b, Self>, ty: ColumnType, value: &'b Value) -> QueryResult<()> {
                if !value.is_null() {
                    return Self::push_value(out, value);
                }
                // The Rust type each column's values are held in as a `Value`.
                match ty {
                    ColumnType::SmallInt | ColumnType::Integer | ColumnType::BigInt => bind_null::<i64, Self>(out),
                    ColumnType::Float | ColumnType::Double => bind_null::<f64, Self>(out),
                    ColumnType::Bool => bind_null::<bool, Self>(out),
                    ColumnType::Text => bind_null::<String, Self>(out),
                    ColumnType::Binary => bind_null::<Vec<u8>, Self>(out),
                    ColumnType::Decimal => bind_null::<Decimal, Self>(out),
                    ColumnType::Date => bind_null::<NaiveDate, Self>(out),
                    ColumnType::DateTime => bind_null::<NaiveDateTime, Self>(out),
                    ColumnType::DateTimeUtc => bind_null::<DateTime<Utc>, Self>(out),
                    ColumnType::Uuid => bind_null::<uuid::Uuid, Self>(out),
                    ColumnType::Json => bind_null::<serde_json::Value, Self>(out),
                }
            }

            fn read_value<'a>(row: &impl NamedRow<'a, Self>, column: &Column) -> deserialize::Result<Value> {
                let name = &column.name;
                match column.ty {
                    ColumnType::SmallInt => read::<i16, Self>(row, name),
                    ColumnType::Integer => read::<i32, Self>(row, name),
                    ColumnType::BigInt => read::<i64, Self>(row, name),
                    ColumnType::Float => read::<f32, Self>(row, name),
                    ColumnType::Double => read::<f64, Self>(row, name),
                    ColumnType::Bool => read::<bool, Self>(row, name),
                    ColumnType::Text => read::<String, Self>(row, name),
                    ColumnType::Binary => read::<Vec<u8>, Self>(row, name),
                    ColumnType::Decimal => read_decimal::<Self>(row, column),
                    ColumnType::Date => read::<NaiveDate, Self>(row, name),
                    ColumnType::DateTime => read::<NaiveDateTime, Self>(row, name),
                    ColumnType::DateTimeUtc => read::<DateTime<Utc>, Self>(row, name),
                    ColumnType::Uuid => read::<uuid::Uuid, Self>(row, name),
                    ColumnType::Json => read::<serde_json::Value, Self>(row, name),
                }
            }
        }
    )*};
}

bind_value! {
    "sqlite" => diesel::sqlite::Sqlite, crate::Backend::Sqlite;
    "postgres" => diesel::pg::Pg, crate::Backend::Postgres;
    "mysql" => diesel::mysql::Mysql, crate::Backend::Mysql;
}
