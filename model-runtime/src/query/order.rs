//! What `order_by` takes: `column.asc()`, `column.desc()`, [`asc`]/[`desc`]
//! of any expression, or a tuple of those.

use std::sync::Arc;

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression};
use diesel::query_builder::QueryFragment;

use super::clause::{Direction, Order};

/// An ordering a query set of table `QS` accepts on backend `DB`.
///
/// Implemented for Diesel's `column.asc()` and `column.desc()`, for
/// [`asc(expr)`](asc) and [`desc(expr)`](desc) of any expression, and for
/// tuples of up to eight of them (the first sorts first). A query set keeps
/// each expression and its direction apart, so `last()` and `reverse()` can
/// flip them.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot order a query set",
    label = "not an ordering of this table",
    note = "order by `column.asc()`, `column.desc()`, a tuple of them, or any expression with \
            `model_runtime::query::asc(expr)` / `desc(expr)`"
)]
pub trait OrderBy<'a, QS, DB> {
    #[doc(hidden)]
    fn push_terms(self, order: &mut Order<'a, DB>);
}

/// An expression with a direction, from [`asc`] or [`desc`].
#[derive(Clone, Copy, Debug)]
pub struct Sorted<E> {
    expression: E,
    direction: Direction,
}

/// Orders by any expression, ascending: `order_by(asc(menu::price * menu::inventory))`.
///
/// Columns need no help (`menu::price.asc()`); this is for expressions
/// Diesel's `.asc()` wraps in a way a query set cannot reverse.
///
/// ```
/// # use model_runtime::prelude::*;
/// use model_runtime::query::{asc, desc};
/// # #[derive(Model, Debug, Clone, PartialEq)]
/// # #[model(app = "asc_doc")]
/// # pub struct Dish {
/// #     #[field(primary_key)]
/// #     pub id: i64,
/// #     pub portions: i32,
/// # }
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Dish::create_table(&mut conn)?;
/// for portions in [3, 1, 2] {
///     Dish::create(&mut conn, NewDish { portions })?;
/// }
/// let by_distance_to_two = Dish::objects().order_by((asc((dish::portions - 2) * (dish::portions - 2)), desc(dish::id)));
/// let portions: Vec<i32> = by_distance_to_two.values(&mut conn, dish::portions)?;
/// assert_eq!(portions, [2, 1, 3]);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn asc<E: Expression>(expression: E) -> Sorted<E> {
    Sorted {
        expression,
        direction: Direction::Asc,
    }
}

/// Orders by any expression, descending: `order_by(desc(menu::price * menu::inventory))`.
pub fn desc<E: Expression>(expression: E) -> Sorted<E> {
    Sorted {
        expression,
        direction: Direction::Desc,
    }
}

impl<'a, QS, DB: Backend, E> OrderBy<'a, QS, DB> for Sorted<E>
where
    E: Expression + AppearsOnTable<QS> + QueryFragment<DB> + Send + Sync + 'a,
{
    fn push_terms(self, order: &mut Order<'a, DB>) {
        order.push(Arc::new(self.expression), self.direction);
    }
}

// Diesel's `Asc<E>` does not give its expression back; a column is a unit
// struct, so it can be made again.
impl<'a, QS, DB: Backend, E> OrderBy<'a, QS, DB> for diesel::dsl::Asc<E>
where
    E: Expression + AppearsOnTable<QS> + QueryFragment<DB> + Default + Send + Sync + 'a,
{
    fn push_terms(self, order: &mut Order<'a, DB>) {
        order.push(Arc::new(E::default()), Direction::Asc);
    }
}

impl<'a, QS, DB: Backend, E> OrderBy<'a, QS, DB> for diesel::dsl::Desc<E>
where
    E: Expression + AppearsOnTable<QS> + QueryFragment<DB> + Default + Send + Sync + 'a,
{
    fn push_terms(self, order: &mut Order<'a, DB>) {
        order.push(Arc::new(E::default()), Direction::Desc);
    }
}

macro_rules! tuple_order {
    ($($name:ident),+) => {
        impl<'a, QS, DB, $($name),+> OrderBy<'a, QS, DB> for ($($name,)+)
        where
            $($name: OrderBy<'a, QS, DB>,)+
        {
            #[allow(non_snake_case)]
            fn push_terms(self, order: &mut Order<'a, DB>) {
                let ($($name,)+) = self;
                $($name.push_terms(order);)+
            }
        }
    };
}

tuple_order!(A);
tuple_order!(A, B);
tuple_order!(A, B, C);
tuple_order!(A, B, C, D);
tuple_order!(A, B, C, D, E);
tuple_order!(A, B, C, D, E, F);
tuple_order!(A, B, C, D, E, F, G);
tuple_order!(A, B, C, D, E, F, G, H);
