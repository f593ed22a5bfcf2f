//! Which literal a field's `#[field(default = ...)]` may be.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::Decimal;

/// Accepts an integer literal as `default`.
#[diagnostic::on_unimplemented(
    message = "`default` is an integer, which does not fit a `{Self}` field",
    label = "wrong type of default"
)]
pub trait DefaultFromInt {}

/// Accepts a float literal as `default`.
#[diagnostic::on_unimplemented(
    message = "`default` is a float, which does not fit a `{Self}` field",
    label = "wrong type of default"
)]
pub trait DefaultFromFloat {}

/// Accepts a string literal as `default`.
#[diagnostic::on_unimplemented(
    message = "`default` is a string, which does not fit a `{Self}` field",
    label = "wrong type of default"
)]
pub trait DefaultFromStr {}

/// Accepts `true` or `false` as `default`.
#[diagnostic::on_unimplemented(
    message = "`default` is a boolean, which does not fit a `{Self}` field",
    label = "wrong type of default"
)]
pub trait DefaultFromBool {}

macro_rules! accepts {
    ($trait:ident: $($t:ty),*) => {$(
        impl $trait for $t {}
        impl $trait for Option<$t> {}
    )*};
}

accepts!(DefaultFromInt: i16, i32, i64, f32, f64, Decimal);
accepts!(DefaultFromFloat: f32, f64, Decimal);
accepts!(DefaultFromBool: bool);
accepts!(DefaultFromStr: String, Decimal, NaiveDate, NaiveDateTime, DateTime<Utc>, uuid::Uuid, serde_json::Value);
