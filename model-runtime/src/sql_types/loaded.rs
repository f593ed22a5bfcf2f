use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::sql_types::SingleValue;

/// A value read from a row through its `FromSql`.
///
/// Diesel implements `Queryable` for `uuid::Uuid` only on PostgreSQL, and
/// no crate but Diesel or `uuid` may add it elsewhere; models read such
/// fields through this local wrapper, which any `FromSql` makes loadable.
#[doc(hidden)]
#[derive(Debug, Clone)]
pub struct Loaded<T>(pub T);

impl<T, ST, DB> FromSql<ST, DB> for Loaded<T>
where
    DB: Backend,
    T: FromSql<ST, DB>,
{
    fn from_sql(bytes: DB::RawValue<'_>) -> deserialize::Result<Self> {
        T::from_sql(bytes).map(Loaded)
    }
}

impl<T, ST, DB> Queryable<ST, DB> for Loaded<T>
where
    DB: Backend,
    ST: SingleValue,
    Loaded<T>: FromSql<ST, DB>,
{
    type Row = Self;

    fn build(row: Self) -> deserialize::Result<Self> {
        Ok(row)
    }
}
