//! SQL's `MIN` and `MAX` for every ordered field type, decimals included
//! (Diesel's own `min` and `max` leave out `Numeric`).

use diesel::sql_types::{
    BigInt, Date, Double, Float, Integer, IntoNullable, Nullable, Numeric, SingleValue, SmallInt, SqlType,
    Text, Time, Timestamp,
};

/// A SQL type whose values `MIN` and `MAX` compare.
#[diagnostic::on_unimplemented(
    message = "`MIN` and `MAX` do not compare values of `{Self}`",
    note = "numbers, decimals, text, dates and times have an order"
)]
pub trait Ordered: SqlType + SingleValue + IntoNullable<Nullable: SingleValue> {}

macro_rules! ordered {
    ($($ty:ty),*) => {$(
        impl Ordered for $ty {}
    )*};
}

ordered!(
    SmallInt,
    Integer,
    BigInt,
    Float,
    Double,
    Numeric,
    Text,
    Date,
    Time,
    Timestamp,
    crate::sql_types::DateTime,
    crate::sql_types::DateTimeUtc
);

impl<T> Ordered for Nullable<T> where T: Ordered + SqlType<IsNull = diesel::sql_types::is_nullable::NotNull> {}

diesel::define_sql_function! {
    /// SQL's `MAX`: the largest value, `NULL` over no rows.
    #[aggregate]
    fn max<ST: Ordered>(expr: ST) -> ST::Nullable;
}

diesel::define_sql_function! {
    /// SQL's `MIN`: the smallest value, `NULL` over no rows.
    #[aggregate]
    fn min<ST: Ordered>(expr: ST) -> ST::Nullable;
}
