//! Django's model layer for Rust, on Diesel.
//!
//! Annotate a struct with `#[derive(Model)]` and get, at compile time, its
//! Diesel table (`menu::table`, `menu::title`, ...), an insertable `NewMenu`,
//! CRUD methods, validation, and `CREATE TABLE` SQL for SQLite, PostgreSQL
//! and MySQL/MariaDB.
//!
//! ```
//! use model_runtime::prelude::*;
//!
//! #[derive(Model, Debug, Clone, PartialEq)]
//! #[model(app = "littlelemon")]
//! pub struct Category {
//!     #[field(primary_key)]
//!     pub id: i64,
//!     #[field(max_length = 255, unique)]
//!     pub title: String,
//! }
//!
//! #[derive(Model, Debug, Clone, PartialEq)]
//! #[model(app = "littlelemon")]
//! pub struct Menu {
//!     #[field(primary_key)]
//!     pub id: i64,
//!     #[field(max_length = 255)]
//!     pub title: String,
//!     #[field(max_digits = 6, decimal_places = 2)]
//!     pub price: Decimal,
//!     #[field(default = 0)]
//!     pub inventory: i32,
//!     #[field(foreign_key = Category, on_delete = "cascade")]
//!     pub category_id: i64,
//! }
//!
//! let mut conn = model_runtime::connect("sqlite::memory:")?;
//! Category::create_table(&mut conn)?;
//! Menu::create_table(&mut conn)?;
//!
//! let mains = Category::create(&mut conn, NewCategory { title: "Mains".into() })?;
//! let pasta = Menu::create(&mut conn, NewMenu {
//!     title: "Pasta".into(),
//!     price: "12.50".parse().unwrap(),
//!     inventory: 10,
//!     category_id: mains.id,
//! })?;
//! assert_eq!(Menu::get(&mut conn, pasta.id)?, pasta);
//!
//! // The whole typed Diesel DSL works on the generated table.
//! let cheap: Vec<Menu> = menu::table
//!     .filter(menu::price.lt("20".parse::<Decimal>().unwrap()))
//!     .order(menu::title)
//!     .load(&mut conn)?;
//! assert_eq!(cheap, [pasta]);
//! # Ok::<(), model_runtime::Error>(())
//! ```

//!
//! # The crate that declares models depends on Diesel
//!
//! The derive writes each model's table with Diesel's own `table!`, which
//! names the `diesel` crate, so the crate declaring models lists it beside
//! this one (`diesel = "2.4"`; Cargo builds one Diesel for both).
//!
//! # Column SQL types
//!
//! `table!` takes each column's SQL type by name, so the derive tells it
//! from the name of the field's type: `i16`, `i32`, `i64`, `f32`, `f64`,
//! `bool`, `String`, `Vec<u8>`, `Decimal`, `NaiveDate`, `NaiveDateTime`,
//! `DateTime<Utc>`, `Uuid`, `JsonValue` (or `serde_json::Value`), and an
//! `Option` of any. A field of any other type (a `ModelEnum`, a type alias,
//! a newtype of your own) says it with `#[field(sql_type = Text)]`, as
//! Django's field class does; either way the derive checks it against the
//! type's [`FieldType::SqlType`], so a wrong one does not compile:
//!
//! ```compile_fail,E0271
//! use model_runtime::prelude::*;
//!
//! type Count = i32;
//!
//! #[derive(Model)]
//! #[model(app = "sql_type_doc")]
//! pub struct Stock {
//!     #[field(primary_key)]
//!     pub id: i64,
//!     #[field(sql_type = BigInt)] // `i32` is stored as `Integer`
//!     pub count: Count,
//! }
//! ```

// Lets the derive's `::model_runtime` paths resolve inside this crate too.
extern crate self as model_runtime;

mod backend;
mod connection;
mod crud;
pub mod dynamic;
mod error;
pub mod expression;
pub mod field;
mod model;
pub mod prelude;
pub mod query;
pub mod registry;
pub mod relations;
pub mod schema;
mod settings;
pub mod sql;
pub mod sql_types;
mod transaction;
pub mod validate;
mod value;

#[doc(hidden)]
#[path = "private.rs"]
pub mod __private;

/// Derives a model: see the [crate documentation](crate).
pub use model_derive::Model;
/// Derives [`ModelEnum`](trait@ModelEnum) and [`FieldType`] for a fieldless
/// enum, so it can be a model field: Django's `choices`.
pub use model_derive::ModelEnum;

pub use crate::backend::Backend;
#[cfg(feature = "sqlite")]
pub use crate::connection::configure_sqlite;
pub use crate::connection::{
    connect, pool, BackendConnection, Connection, ConnectionManager, DatabaseUrl, DbConnection, MultiBackend,
    Pool,
};
pub use crate::dynamic::{DynModel, Row};
pub use crate::error::{Error, Result};
pub use crate::field::{FieldType, ModelEnum};
pub use crate::model::{Model, NewModel};
pub use crate::query::QuerySet;
pub use crate::settings::Settings;
pub use crate::transaction::atomic;
pub use crate::value::Value;

/// A value as a bind parameter of its field type's SQL type, for comparing
/// it with a column in Diesel's DSL where Diesel itself cannot:
/// `NaiveDateTime`, `DateTime<Utc>`, `Uuid` and `serde_json::Value` columns.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "bind_doc")]
/// pub struct Visit {
///     #[field(primary_key)]
///     pub id: i64,
///     pub at: DateTime<Utc>,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Visit::create_table(&mut conn)?;
/// let noon = "2024-05-01T12:00:00Z".parse::<DateTime<Utc>>().unwrap();
/// Visit::create(&mut conn, NewVisit { at: noon })?;
/// let later: i64 = visit::table.filter(visit::at.ge(bind(noon))).count().get_result(&mut conn)?;
/// assert_eq!(later, 1);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn bind<T: FieldType>(value: T) -> expression::Bind<T::SqlType, T> {
    expression::Bind::new(value)
}

/// The exact decimal type of decimal fields.
pub use bigdecimal::BigDecimal as Decimal;

pub use {chrono, diesel, serde_json, uuid};

// The private module's items, under the name generated code uses.
use crate::__private as private;
