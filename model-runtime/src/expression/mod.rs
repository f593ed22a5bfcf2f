//! Expressions the generated columns are used with, beyond Diesel's own:
//! a value bound with its field's SQL type, and arithmetic on any column.
//! Both are built on Diesel's public traits only.

mod arithmetic;
mod bind;

pub use self::arithmetic::{AddOp, Apply, Arithmetic, DivOp, MulOp, Operation, Operator, SubOp};
pub use self::bind::Bind;
