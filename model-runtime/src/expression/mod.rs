//! Expressions the generated columns are used with, beyond Diesel's own:
//! a value bound with its field's SQL type, and MySQL's `LAST_INSERT_ID()`,
//! built on Diesel's public traits only.

mod bind;
#[cfg(feature = "mysql")]
mod last_insert_id;

pub use self::bind::Bind;
#[cfg(feature = "mysql")]
pub use self::last_insert_id::LastInsertId;
