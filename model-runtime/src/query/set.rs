//! The query set itself and the methods that narrow it: filters,
//! exclusions, ordering and slicing. Nothing runs until a method taking a
//! connection does.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, NonAggregate};
use diesel::query_builder::QueryFragment;
use diesel::sql_types::BoolOrNullableBool;

use super::clause::{Direction, Filters, Order};
use super::order::OrderBy;
use super::statement::{BoxedQuery, Compose, QueryModel};
use crate::connection::MultiBackend;
use crate::{Error, Model, Result};

/// A lazy query on one model's table: Django's `QuerySet`, on Diesel.
///
/// Start one with `Menu::objects()`, narrow it with [`filter`](Self::filter),
/// [`exclude`](Self::exclude), [`order_by`](Self::order_by),
/// [`limit`](Self::limit), [`offset`](Self::offset) or [`page`](Self::page),
/// then run it with a method that takes a connection: `load`, `first`,
/// `last`, `get`, `exists`, `count`, `values`, `update`, `delete`,
/// `aggregate`, `in_bulk`, `get_or_create`, ... Filters and orderings are
/// Diesel expressions on the model's table, type-checked when they are added.
///
/// `DB` is the backend the query is built for: Diesel's `MultiBackend` for
/// the runtime's any-backend [`Connection`](crate::Connection) (the
/// default), or `Sqlite`, `Pg`, `Mysql` for plain Diesel connections. It is
/// inferred from the connection the query set runs on.
///
/// A query set is cheap to clone, so one can be counted and then loaded.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "queryset_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub name: String,
///     pub portions: i32,
///     pub note: Option<String>,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Dish::create_table(&mut conn)?;
/// for (name, portions) in [("Soup", 4), ("Pasta", 2), ("Salad", 1)] {
///     Dish::create(&mut conn, NewDish { name: name.into(), portions, note: None })?;
/// }
///
/// let shared = Dish::objects().filter(dish::portions.gt(1)).order_by(dish::name.asc());
/// assert_eq!(shared.clone().count(&mut conn)?, 2);
/// let names: Vec<String> = shared.values(&mut conn, dish::name)?;
/// assert_eq!(names, ["Pasta", "Soup"]);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub struct QuerySet<'a, M, DB = MultiBackend> {
    pub(crate) filters: Filters<'a, DB>,
    pub(crate) order: Order<'a, DB>,
    pub(crate) limit: Option<i64>,
    pub(crate) offset: Option<i64>,
    /// Bad input given to a builder method, reported when the query set runs.
    pub(crate) problem: Option<String>,
    model: PhantomData<fn() -> M>,
}

impl<'a, M: Model, DB: Backend> QuerySet<'a, M, DB> {
    /// Every row of `M`, unordered: what `M::objects()` returns.
    pub fn new() -> Self {
        QuerySet {
            filters: Filters::new(),
            order: Order::new(),
            limit: None,
            offset: None,
            problem: None,
            model: PhantomData,
        }
    }

    /// Keeps the rows where `predicate` is true: any boolean Diesel
    /// expression on the model's table (`menu::price.lt(x)`,
    /// `menu::title.like("L%").or(menu::inventory.eq(0))`, a subquery with
    /// `eq_any`, ...). Several filters must all hold.
    ///
    /// A query set keeps its type whatever it is given, so filters chosen at
    /// run time need no `Box<dyn BoxableExpression>`:
    /// `if let Some(max) = max { set = set.filter(menu::price.le(max)) }`.
    /// A filter is kept until the query set runs and shared by its clones,
    /// so it must be `Send + Sync`, as Diesel's expressions of plain values are.
    pub fn filter<E>(mut self, predicate: E) -> Self
    where
        E: Expression + AppearsOnTable<M::Table> + NonAggregate + QueryFragment<DB> + Send + Sync + 'a,
        E::SqlType: BoolOrNullableBool,
    {
        self.filters.push(Arc::new(predicate), false);
        self
    }

    /// Drops the rows where `predicate` is true, and keeps every other row,
    /// as Django's `exclude()` does: a row where the predicate is `NULL`
    /// (`exclude(menu::description.eq("x"))` on a row whose description is
    /// NULL) is kept. The SQL is `(predicate) IS NOT TRUE`, where plain
    /// `NOT (predicate)` would drop it.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "exclude_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     pub note: Option<String>,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for note in [Some("hot"), Some("cold"), None] {
    ///     Dish::create(&mut conn, NewDish { note: note.map(Into::into) })?;
    /// }
    /// let kept = Dish::objects().exclude(dish::note.eq("hot")).order_by(dish::id.asc());
    /// let notes: Vec<Option<String>> = kept.values(&mut conn, dish::note)?;
    /// assert_eq!(notes, [Some("cold".to_string()), None]);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn exclude<E>(mut self, predicate: E) -> Self
    where
        E: Expression + AppearsOnTable<M::Table> + NonAggregate + QueryFragment<DB> + Send + Sync + 'a,
        E::SqlType: BoolOrNullableBool,
    {
        self.filters.push(Arc::new(predicate), true);
        self
    }

    /// Orders the rows, replacing any ordering given before:
    /// `order_by(menu::title.asc())`, `order_by((menu::price.desc(), menu::id.asc()))`,
    /// or [`desc(expr)`](super::desc) for any expression.
    pub fn order_by<O: OrderBy<'a, M::Table, DB>>(mut self, order: O) -> Self {
        self.order = Order::new();
        order.push_terms(&mut self.order);
        self
    }

    /// Adds orderings after those already given, to break their ties.
    pub fn then_order_by<O: OrderBy<'a, M::Table, DB>>(mut self, order: O) -> Self {
        order.push_terms(&mut self.order);
        self
    }

    /// Flips every ordering, as Django's `reverse()`; an unordered query
    /// set stays unordered.
    pub fn reverse(mut self) -> Self {
        self.order = self.order.reversed();
        self
    }

    /// Whether an ordering was given (Django's `ordered`).
    pub fn is_ordered(&self) -> bool {
        !self.order.is_empty()
    }

    /// Returns at most `count` rows. Limits and offsets apply after the
    /// filters and the ordering, whenever they were set.
    pub fn limit(mut self, count: i64) -> Self {
        if count < 0 {
            self.refuse(format!("limit({count}): a limit is zero or more"));
        }
        self.limit = Some(count);
        self
    }

    /// Skips the first `count` rows.
    pub fn offset(mut self, count: i64) -> Self {
        if count < 0 {
            self.refuse(format!("offset({count}): an offset is zero or more"));
        }
        self.offset = Some(count);
        self
    }

    /// Page `number` of `per_page` rows, counting pages from 1, as Django's
    /// `Paginator(qs, per_page).page(number)`: `page(2, 10)` is rows 11 to 20.
    /// Give the query set an ordering, so pages do not overlap.
    pub fn page(mut self, number: i64, per_page: i64) -> Self {
        if number < 1 {
            self.refuse(format!("page({number}, {per_page}): page numbers start at 1"));
        } else if per_page < 1 {
            self.refuse(format!(
                "page({number}, {per_page}): a page holds at least one row"
            ));
        }
        match (number.max(1) - 1).checked_mul(per_page.max(1)) {
            Some(offset) => self.offset = Some(offset),
            None => self.refuse(format!("page({number}, {per_page}): the offset overflows")),
        }
        self.limit = Some(per_page);
        self
    }

    /// Whether a limit or an offset was set.
    pub fn is_sliced(&self) -> bool {
        self.limit.is_some() || self.offset.is_some()
    }

    /// The Diesel query this query set stands for, as a boxed select of
    /// every column, to go on with Diesel's own DSL (joins, `distinct`,
    /// other selections, unions, ...).
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "into_boxed_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// Dish::create(&mut conn, NewDish { name: "Soup".into() })?;
    /// let query = Dish::objects().filter(dish::name.like("S%")).into_boxed()?;
    /// let names: Vec<String> = query.select(dish::name).distinct().load(&mut conn)?;
    /// assert_eq!(names, ["Soup"]);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn into_boxed(self) -> Result<BoxedQuery<'a, M, DB>>
    where
        M: QueryModel<'a, DB>,
    {
        self.check()?;
        Ok(self.compose(M::boxed_select(), true, true))
    }

    /// Records bad input, to be reported when the query set runs.
    pub(crate) fn refuse(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }

    /// The bad input given to a builder method, if any, as an error.
    pub(crate) fn check(&self) -> Result<()> {
        match &self.problem {
            Some(message) => Err(invalid::<M>(message.clone())),
            None => Ok(()),
        }
    }

    /// Refuses a sliced query set, for `method`: Django's rule for writes
    /// and whole-set reads, where which rows a slice holds would be a guess.
    pub(crate) fn unsliced(&self, method: &str) -> Result<()> {
        self.check()?;
        if self.is_sliced() {
            return Err(invalid::<M>(format!(
                "{method}() cannot run on a sliced query set (limit, offset or page)"
            )));
        }
        Ok(())
    }

    /// Applies the filters, and the ordering and the slice when asked, to a
    /// select statement on the model's table.
    pub(crate) fn compose<Q: Compose<'a, DB>>(self, query: Q, ordered: bool, sliced: bool) -> Q {
        let order = (ordered && !self.order.is_empty()).then_some(self.order);
        let (limit, offset) = if sliced {
            (self.limit, self.offset)
        } else {
            (None, None)
        };
        query.compose(self.filters, order, limit, offset)
    }

    /// Orders by the primary key when no ordering was given, as Django's
    /// `first()` and `last()` do.
    pub(crate) fn ordered_by_key(mut self, direction: Direction) -> Self
    where
        M: QueryModel<'a, DB>,
    {
        if self.order.is_empty() {
            self.order.push(M::key_column(), direction);
        }
        self
    }

    /// Narrows the slice to at most `count` rows, keeping its offset.
    pub(crate) fn at_most(mut self, count: i64) -> Self {
        self.limit = Some(self.limit.map_or(count, |limit| limit.min(count)));
        self
    }
}

impl<M: Model, DB: Backend> Default for QuerySet<'_, M, DB> {
    fn default() -> Self {
        Self::new()
    }
}

impl<M, DB> Clone for QuerySet<'_, M, DB> {
    fn clone(&self) -> Self {
        QuerySet {
            filters: self.filters.clone(),
            order: self.order.clone(),
            limit: self.limit,
            offset: self.offset,
            problem: self.problem.clone(),
            model: PhantomData,
        }
    }
}

impl<M: Model, DB> fmt::Debug for QuerySet<'_, M, DB> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QuerySet")
            .field("model", &M::NAME)
            .field("filters", &self.filters.len())
            .field("order_by", &self.order.len())
            .field("limit", &self.limit)
            .field("offset", &self.offset)
            .finish()
    }
}

/// The error for a query set that cannot run as asked.
pub(crate) fn invalid<M: Model>(message: String) -> Error {
    Error::InvalidQuery {
        model: M::NAME.to_owned(),
        message,
    }
}
