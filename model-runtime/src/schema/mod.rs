//! The backend-neutral description of a model's table.
//!
//! `#[derive(Model)]` emits one [`ModelSchema`] per model as a `const`; every
//! piece of SQL the runtime writes (`CREATE TABLE`, and later the migrations)
//! is a pure function of these values and a [`Backend`](crate::Backend).
//! Strings and lists are `Cow`s so the same types describe a compiled model
//! (borrowed, `const`) and a state rebuilt at run time (owned).

mod choice;
mod column;
mod foreign_key;
mod index;
mod model;

pub use choice::{Choice, ChoiceValue};
pub use column::{Column, ColumnType, DefaultValue};
pub use foreign_key::{ForeignKeyTarget, OnDelete};
pub use index::{derived_name, Index};
pub use model::ModelSchema;

/// A borrowed-or-owned string of a schema.
pub type Name = std::borrow::Cow<'static, str>;
/// A borrowed-or-owned list of a schema.
pub type List<T> = std::borrow::Cow<'static, [T]>;
