//! The query set methods that read rows: `load`, `first`, `last`, `get`,
//! `exists`, `count`, `values`, `in_bulk`.

use std::collections::HashMap;

use diesel::backend::Backend;
use diesel::dsl::{CountStar, Select};
use diesel::expression::{Expression, SqlLiteral};
use diesel::query_dsl::methods::{LoadQuery, SelectDsl};
use diesel::sql_types::Integer;
use diesel::{Connection, RunQueryDsl};

use super::clause::Direction;
use super::row::ValueRow;
use super::set::{invalid, QuerySet};
use super::statement::{BoxedQuery, Compose, QueryModel};
use crate::{Error, Result};

/// `SELECT 1`: what `exists()` and a sliced `count()` read.
pub type One = SqlLiteral<Integer>;

fn one() -> One {
    diesel::dsl::sql::<Integer>("1")
}

/// Django reads at most this many rows in `get()`, to say how many matched.
const MAX_GET_RESULTS: i64 = 21;

/// Keys per `IN (...)` in `in_bulk()`: well under every backend's limit on
/// bind parameters, with room for the query set's own filters.
const KEYS_PER_QUERY: usize = 500;

impl<'a, M, DB> QuerySet<'a, M, DB>
where
    M: QueryModel<'a, DB>,
    DB: Backend,
{
    /// Every row of the query set, in its order (Django's `list(qs)`).
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "load_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// #     pub portions: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for (name, portions) in [("Soup", 4), ("Pasta", 2), ("Salad", 1)] {
    ///     Dish::create(&mut conn, NewDish { name: name.into(), portions })?;
    /// }
    /// let rows = Dish::objects().exclude(dish::name.eq("Soup")).order_by(dish::portions.desc()).load(&mut conn)?;
    /// let names: Vec<&str> = rows.iter().map(|d| d.name.as_str()).collect();
    /// assert_eq!(names, ["Pasta", "Salad"]);
    /// let second = Dish::objects().order_by(dish::name.asc()).page(2, 2).load(&mut conn)?;
    /// assert_eq!(second[0].name, "Soup");
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn load<C>(self, conn: &mut C) -> Result<Vec<M>>
    where
        C: Connection<Backend = DB>,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        self.check()?;
        let query = self.compose(M::boxed_select(), true, true);
        RunQueryDsl::load(query, conn).map_err(|e| Error::from_diesel(e, M::NAME))
    }

    /// The same as [`load`](Self::load).
    pub fn all<C>(self, conn: &mut C) -> Result<Vec<M>>
    where
        C: Connection<Backend = DB>,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        self.load(conn)
    }

    /// The first row, by the query set's ordering or else by primary key,
    /// or `None` when there is none (Django's `first()`).
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "first_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for name in ["Soup", "Pasta", "Salad"] {
    ///     Dish::create(&mut conn, NewDish { name: name.into() })?;
    /// }
    /// assert_eq!(Dish::objects().first(&mut conn)?.unwrap().name, "Soup"); // by key
    /// assert_eq!(Dish::objects().last(&mut conn)?.unwrap().name, "Salad");
    /// let by_name = Dish::objects().order_by(dish::name.asc());
    /// assert_eq!(by_name.clone().first(&mut conn)?.unwrap().name, "Pasta");
    /// assert_eq!(by_name.last(&mut conn)?.unwrap().name, "Soup");
    /// assert_eq!(Dish::objects().filter(dish::name.eq("Tea")).first(&mut conn)?, None);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn first<C>(self, conn: &mut C) -> Result<Option<M>>
    where
        C: Connection<Backend = DB>,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        let rows = self.ordered_by_key(Direction::Asc).at_most(1).load(conn)?;
        Ok(rows.into_iter().next())
    }

    /// The last row, by the query set's ordering or else by primary key,
    /// or `None` (Django's `last()`). A sliced query set is refused, as
    /// Django does: which row is last would depend on the count.
    pub fn last<C>(self, conn: &mut C) -> Result<Option<M>>
    where
        C: Connection<Backend = DB>,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        if self.is_sliced() {
            return Err(invalid::<M>(
                "last() cannot reverse a sliced query set; reverse its ordering and use first()".into(),
            ));
        }
        let reversed = if self.is_ordered() {
            self.reverse()
        } else {
            self.ordered_by_key(Direction::Desc)
        };
        let rows = reversed.at_most(1).load(conn)?;
        Ok(rows.into_iter().next())
    }

    /// The one row of the query set: [`Error::NotFound`] when there is
    /// none, [`Error::MultipleObjectsReturned`] when there are more, with
    /// how many (up to 21, as Django counts).
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "get_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for name in ["Soup", "Salad"] {
    ///     Dish::create(&mut conn, NewDish { name: name.into() })?;
    /// }
    /// assert_eq!(Dish::objects().filter(dish::name.eq("Soup")).get(&mut conn)?.id, 1);
    /// let error = Dish::objects().filter(dish::name.like("S%")).get(&mut conn).unwrap_err();
    /// assert_eq!(error.to_string(), "get() returned more than one Dish -- it returned 2!");
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn get<C>(self, conn: &mut C) -> Result<M>
    where
        C: Connection<Backend = DB>,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        self.check()?;
        // The ordering matters only to say which rows a slice holds.
        let ordered = self.is_sliced();
        let query = self
            .at_most(MAX_GET_RESULTS)
            .compose(M::boxed_select(), ordered, true);
        let mut rows: Vec<M> = RunQueryDsl::load(query, conn).map_err(|e| Error::from_diesel(e, M::NAME))?;
        match rows.len() {
            0 => Err(Error::NotFound {
                model: M::NAME.to_owned(),
            }),
            1 => Ok(rows.remove(0)),
            count => Err(Error::MultipleObjectsReturned {
                model: M::NAME.to_owned(),
                count,
            }),
        }
    }

    /// Whether the query set has any row; reads at most one.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "exists_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     pub portions: i32,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for portions in [1, 2, 4] {
    ///     Dish::create(&mut conn, NewDish { portions })?;
    /// }
    /// assert!(Dish::objects().filter(dish::portions.ge(4)).exists(&mut conn)?);
    /// assert!(!Dish::objects().filter(dish::portions.gt(4)).exists(&mut conn)?);
    /// assert_eq!(Dish::objects().exclude(dish::portions.eq(2)).count(&mut conn)?, 2);
    /// assert_eq!(Dish::objects().offset(2).count(&mut conn)?, 1); // within the slice
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn exists<C>(self, conn: &mut C) -> Result<bool>
    where
        C: Connection<Backend = DB>,
        BoxedQuery<'a, M, DB>: SelectDsl<One>,
        Select<BoxedQuery<'a, M, DB>, One>: Compose<'a, DB> + LoadQuery<'a, C, i32>,
    {
        self.check()?;
        let ordered = self.is_sliced();
        let query = self
            .at_most(1)
            .compose(M::boxed_select().select(one()), ordered, true);
        let rows: Vec<i32> = RunQueryDsl::load(query, conn).map_err(|e| Error::from_diesel(e, M::NAME))?;
        Ok(!rows.is_empty())
    }

    /// The number of rows (`SELECT COUNT(*)`); within the slice for a
    /// sliced query set, as Django counts `qs[10:20]`.
    pub fn count<C>(self, conn: &mut C) -> Result<i64>
    where
        C: Connection<Backend = DB>,
        BoxedQuery<'a, M, DB>: SelectDsl<CountStar> + SelectDsl<One>,
        Select<BoxedQuery<'a, M, DB>, CountStar>: Compose<'a, DB> + LoadQuery<'a, C, i64>,
        Select<BoxedQuery<'a, M, DB>, One>: Compose<'a, DB> + LoadQuery<'a, C, i32>,
    {
        self.check()?;
        let to_error = |e| Error::from_diesel(e, M::NAME);
        if self.is_sliced() {
            let query = self.compose(M::boxed_select().select(one()), true, true);
            let rows: Vec<i32> = RunQueryDsl::load(query, conn).map_err(to_error)?;
            return Ok(rows.len() as i64);
        }
        let query = self.compose(M::boxed_select().select(diesel::dsl::count_star()), false, false);
        RunQueryDsl::get_result(query, conn).map_err(to_error)
    }

    /// The selected expressions of each row, as Django's `values_list()`:
    /// one expression gives a `Vec` of its values, a tuple of expressions a
    /// `Vec` of tuples. Any Diesel expression on the table can be selected.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "values_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// #     #[field(max_digits = 5, decimal_places = 2)]
    /// #     pub price: Decimal,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// Dish::create(&mut conn, NewDish { name: "Soup".into(), price: "9.99".parse().unwrap() })?;
    /// let rows: Vec<(String, Decimal)> = Dish::objects().values(&mut conn, (dish::name, dish::price))?;
    /// assert_eq!(rows, [("Soup".to_string(), "9.99".parse().unwrap())]);
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn values<S, R, C>(self, conn: &mut C, selection: S) -> Result<Vec<R>>
    where
        C: Connection<Backend = DB>,
        S: Expression,
        R: ValueRow,
        BoxedQuery<'a, M, DB>: SelectDsl<S>,
        Select<BoxedQuery<'a, M, DB>, S>: Compose<'a, DB> + LoadQuery<'a, C, R::Load>,
    {
        self.check()?;
        let query = self.compose(M::boxed_select().select(selection), true, true);
        let rows: Vec<R::Load> =
            RunQueryDsl::load(query, conn).map_err(|e| Error::from_diesel(e, M::NAME))?;
        rows.into_iter()
            .map(R::from_load)
            .collect::<std::result::Result<_, _>>()
            .map_err(|message| Error::unreadable(M::NAME, message))
    }

    /// The rows of the query set with these primary keys, by key (Django's
    /// `in_bulk(id_list)`). Keys without a row are left out; many keys are
    /// read a few hundred per query.
    ///
    /// ```
    /// # use model_runtime::prelude::*;
    /// # #[derive(Model, Debug, Clone, PartialEq)]
    /// # #[model(app = "in_bulk_doc")]
    /// # pub struct Dish {
    /// #     #[field(primary_key)]
    /// #     pub id: i64,
    /// #     #[field(max_length = 40)]
    /// #     pub name: String,
    /// # }
    /// let mut conn = model_runtime::connect("sqlite::memory:")?;
    /// Dish::create_table(&mut conn)?;
    /// for name in ["Soup", "Salad"] {
    ///     Dish::create(&mut conn, NewDish { name: name.into() })?;
    /// }
    /// let dishes = Dish::objects().in_bulk(&mut conn, [2, 7])?;
    /// assert_eq!(dishes.len(), 1);
    /// assert_eq!(dishes[&2].name, "Salad");
    /// # Ok::<(), model_runtime::Error>(())
    /// ```
    pub fn in_bulk<C, I>(self, conn: &mut C, keys: I) -> Result<HashMap<M::PrimaryKey, M>>
    where
        C: Connection<Backend = DB>,
        I: IntoIterator<Item = M::PrimaryKey>,
        BoxedQuery<'a, M, DB>: LoadQuery<'a, C, M>,
    {
        self.unsliced("in_bulk")?;
        let keys: Vec<M::PrimaryKey> = keys.into_iter().collect();
        let mut rows = HashMap::with_capacity(keys.len());
        for chunk in keys.chunks(KEYS_PER_QUERY) {
            let mut set = self.clone();
            set.filters.push(M::key_in(chunk.to_vec()), false);
            for row in set.load(conn)? {
                rows.insert(row.primary_key().clone(), row);
            }
        }
        Ok(rows)
    }
}
