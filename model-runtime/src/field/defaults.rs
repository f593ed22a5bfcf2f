//! Which literal a field's `#[field(default = ...)]` may be.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

use crate::Decimal;

/// Accepts an integer literal as `default`.
#[diagnostic::on_unimplemented(
    message = "an integer `default` does not fit this `{Self}` field",
    label = "wrong type of default",
    note = "an integer `default` fits an i16, i32, i64, f32, f64 or Decimal field"
)]
pub trait DefaultFromInt {}

/// Accepts a float literal as `default`.
#[diagnostic::on_unimplemented(
    message = "a float `default` does not fit this `{Self}` field",
    label = "wrong type of default",
    note = "a float `default` fits an f32, f64 or Decimal field"
)]
pub trait DefaultFromFloat {}

/// Accepts a string literal as `default`.
#[diagnostic::on_unimplemented(
    message = "a string `default` does not fit this `{Self}` field",
    label = "wrong type of default",
    note = "a string `default` fits a String, Decimal, NaiveDate, NaiveDateTime, DateTime<Utc>, Uuid or JsonValue field"
)]
pub trait DefaultFromStr {}

/// Accepts `true` or `false` as `default`.
#[diagnostic::on_unimplemented(
    message = "a boolean `default` does not fit this `{Self}` field",
    label = "wrong type of default",
    note = "`default = true` and `default = false` fit a bool field"
)]
pub trait DefaultFromBool {}

// `do_not_recommend`: each trait's note says which types fit, in fewer
// words than the compiler's list of impls. The `Option` of a type takes
// what the type takes, a `ModelEnum`'s too (its crate could not say so).
macro_rules! accepts {
    ($trait:ident: $($t:ty),*) => {
        $(
            #[diagnostic::do_not_recommend]
            impl $trait for $t {}
        )*
        #[diagnostic::do_not_recommend]
        impl<T: $trait> $trait for Option<T> {}
    };
}

accepts!(DefaultFromInt: i16, i32, i64, f32, f64, Decimal);
accepts!(DefaultFromFloat: f32, f64, Decimal);
accepts!(DefaultFromBool: bool);
accepts!(DefaultFromStr: String, Decimal, NaiveDate, NaiveDateTime, DateTime<Utc>, uuid::Uuid, serde_json::Value);
