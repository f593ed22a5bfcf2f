//! Expressions the generated columns are used with, beyond Diesel's own:
//! a value bound with its field's SQL type, built on Diesel's public
//! traits only.

mod bind;

pub use self::bind::Bind;
