//! Query sets: Django's `Menu.objects.filter(...)`, on Diesel's typed DSL.
//!
//! `Menu::objects()` starts a [`QuerySet`] on the model's table; its
//! filters and orderings are Diesel expressions on the generated columns
//! (`menu::price.lt(x)`, `menu::title.asc()`), checked by the compiler, and
//! nothing runs until a method that takes a connection.

mod aggregate;
mod clause;
mod functions;
mod get_or_create;
mod load;
mod order;
mod row;
mod set;
mod statement;
pub(crate) mod update_by_key;
mod write;

pub use self::aggregate::GroupBy;
pub use self::clause::{Filters, Order};
pub use self::load::One;
pub use self::order::{asc, desc, OrderBy, Sorted};
pub use self::row::ValueRow;
pub use self::set::QuerySet;
pub use self::statement::{BoxedQuery, Compose, QueryModel};
pub use self::write::UpdateColumns;

pub use self::functions::{max, min, Ordered};
/// Diesel's aggregate functions, for [`QuerySet::aggregate`] and
/// [`GroupBy::values`]: `count(menu::id)`, `count_star()`, `sum`, `avg`;
/// [`min()`] and [`max()`] are the runtime's, which also take decimals.
pub use diesel::dsl::{avg, count, count_star, sum};
