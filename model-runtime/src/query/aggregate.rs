//! Aggregates: Django's `aggregate()` over a query set, and
//! `values(...).annotate(...)` as `group_by(...).values(...)`.

use diesel::backend::Backend;
use diesel::dsl::{IntoBoxed, Select};
use diesel::expression::{AppearsOnTable, Expression};
use diesel::query_builder::QueryFragment;
use diesel::query_dsl::methods::{BoxedDsl, GroupByDsl, LoadQuery, SelectDsl};
use diesel::{Connection, RunQueryDsl};

use super::clause::Direction;
use super::row::ValueRow;
use super::set::QuerySet;
use super::statement::{BoxedQuery, Compose, QueryModel};
use crate::{Error, Result};

impl<'a, M, DB> QuerySet<'a, M, DB>
where
    M: QueryModel<'a, DB>,
    DB: Backend,
{
    /// Aggregates over the rows of the query set, in one row (Django's
    /// `aggregate()`): Diesel's `count`, `sum`, `avg`, `min`, `max`
    /// (re-exported in [`query`](super)) of the table's columns, one or a
    /// tuple. `sum`, `avg`, `min` and `max` are `None` over no rows.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// use model_runtime::query::{avg, count_star, max, sum};
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "aggregate_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     pub portions: i32,
    /// #     #[field(max_digits = 5, decimal_places = 2)]
    /// #     pub price: Decimal,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for (portions, price) in [(4, "9.50"), (2, "12.25")] {
    ///     Dish::create(&mut conn, NewDish { portions, price: price.parse().unwrap() })?;
    /// }
    /// let (rows, portions, top): (i64, Option<i64>, Option<Decimal>) =
    ///     Dish::objects().aggregate(&mut conn, (count_star(), sum(dish::portions), max(dish::price)))?;
    /// assert_eq!((rows, portions, top), (2, Some(6), Some("12.25".parse().unwrap())));
    /// let mean: Option<Decimal> = Dish::objects().aggregate(&mut conn, avg(dish::portions))?;
    /// assert_eq!(mean, Some(3.into()));
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn aggregate<S, R, C>(self, conn: &mut C, selection: S) -> Result<R>
    where
        C: Connection<Backend = DB>,
        S: Expression,
        R: ValueRow,
        BoxedQuery<'a, M, DB>: SelectDsl<S>,
        Select<BoxedQuery<'a, M, DB>, S>: Compose<'a, DB> + LoadQuery<'a, C, R::Load>,
    {
        self.unsliced("aggregate")?;
        let query = self.compose(M::boxed_select().select(selection), false, false);
        let row = RunQueryDsl::get_result(query, conn).map_err(|e| Error::from_diesel(e, M::NAME))?;
        R::from_load(row).map_err(|message| Error::unreadable(M::NAME, message))
    }

    /// Groups the rows by `group` (a column, or a tuple of columns), to
    /// aggregate each group with [`GroupBy::values`]: Django's
    /// `values("category").annotate(...)`.
    pub fn group_by<G>(self, group: G) -> GroupBy<'a, M, DB, G>
    where
        G: Expression + AppearsOnTable<M::Table> + QueryFragment<DB> + Clone + Send + Sync + 'a,
    {
        GroupBy { set: self, group }
    }
}

/// A query set grouped by an expression, from [`QuerySet::group_by`].
pub struct GroupBy<'a, M, DB, G> {
    set: QuerySet<'a, M, DB>,
    group: G,
}

impl<M, DB, G: Clone> Clone for GroupBy<'_, M, DB, G> {
    fn clone(&self) -> Self {
        GroupBy {
            set: self.set.clone(),
            group: self.group.clone(),
        }
    }
}

impl<M: crate::Model, DB, G: std::fmt::Debug> std::fmt::Debug for GroupBy<'_, M, DB, G> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GroupBy")
            .field("set", &self.set)
            .field("group", &self.group)
            .finish()
    }
}

impl<'a, M, DB, G> GroupBy<'a, M, DB, G>
where
    M: QueryModel<'a, DB>,
    DB: Backend,
    G: Expression + AppearsOnTable<M::Table> + QueryFragment<DB> + Clone + Send + Sync + 'a,
{
    /// One row per group: the selected expressions, which the compiler
    /// checks are the grouped columns or aggregates. Rows come in the query
    /// set's order, else in the order of the group; its filters apply
    /// before grouping (SQL's `WHERE`), its slice after.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// use model_runtime::query::{count_star, sum};
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "group_by_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     pub course: i32,
    /// #     pub portions: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for (course, portions) in [(2, 4), (1, 2), (2, 1)] {
    ///     Dish::create(&mut conn, NewDish { course, portions })?;
    /// }
    /// let per_course: Vec<(i32, i64, Option<i64>)> = Dish::objects()
    ///     .group_by(dish::course)
    ///     .values(&mut conn, (dish::course, count_star(), sum(dish::portions)))?;
    /// assert_eq!(per_course, [(1, 1, Some(2)), (2, 2, Some(5))]);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn values<S, R, C>(self, conn: &mut C, selection: S) -> Result<Vec<R>>
    where
        C: Connection<Backend = DB>,
        S: Expression,
        R: ValueRow,
        M::Table: GroupByDsl<G>,
        diesel::dsl::GroupBy<M::Table, G>: SelectDsl<S>,
        Select<diesel::dsl::GroupBy<M::Table, G>, S>: diesel::QueryDsl + BoxedDsl<'a, DB>,
        IntoBoxed<'a, Select<diesel::dsl::GroupBy<M::Table, G>, S>, DB>:
            Compose<'a, DB> + LoadQuery<'a, C, R::Load>,
    {
        let GroupBy { mut set, group } = self;
        set.check()?;
        if !set.is_ordered() {
            set.order.push(std::sync::Arc::new(group.clone()), Direction::Asc);
        }
        let grouped = M::Table::default().group_by(group).select(selection);
        let query = set.compose(diesel::QueryDsl::into_boxed(grouped), true, true);
        let rows: Vec<R::Load> =
            RunQueryDsl::load(query, conn).map_err(|e| Error::from_diesel(e, M::NAME))?;
        rows.into_iter()
            .map(R::from_load)
            .collect::<std::result::Result<_, _>>()
            .map_err(|message| Error::unreadable(M::NAME, message))
    }
}
