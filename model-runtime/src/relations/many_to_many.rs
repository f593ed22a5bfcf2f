//! Many-to-many relations: `Booking::MENUS` for
//! `#[model(many_to_many(menus = Menu))]`, and the manager
//! `booking.menus()` that reads and changes one booking's menus through
//! the rows of the through table.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, NonAggregate};
use diesel::query_builder::QueryFragment;
use diesel::sql_types::BoolOrNullableBool;
use diesel::{Column, Table};

use super::lookups::{keys_in, BoundKey, KeyColumn};
use super::subquery::Matching;
use crate::query::QuerySet;
use crate::Model;

/// A many-to-many relation from `Source` to `Target`, through the rows of
/// `Through` whose `SourceCol` points at a source and `TargetCol` at a
/// target: `Booking::MENUS` for `#[model(many_to_many(menus = Menu))]` on
/// `Booking`, Django's `ManyToManyField(Menu)`.
///
/// [`of`](ManyToMany::of) gives the manager of one source's targets
/// (`booking.menus()` is `Booking::MENUS.of(&booking)`);
/// [`matching`](ManyToMany::matching) filters sources by their targets;
/// [`reverse`](ManyToMany::reverse) is the same relation seen from the
/// target (`Menu::BOOKINGS`).
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "m2m_doc")]
/// pub struct Topping {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub name: String,
/// }
///
/// #[derive(Model, Debug, Clone, PartialEq)]
/// #[model(app = "m2m_doc", many_to_many(toppings = Topping))]
/// pub struct Pizza {
///     #[field(primary_key)]
///     pub id: i64,
///     #[field(max_length = 40)]
///     pub name: String,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Topping::create_table(&mut conn)?;
/// Pizza::create_table(&mut conn)?;
/// Pizza_toppings::create_table(&mut conn)?; // the through table, "m2m_doc_pizza_toppings"
///
/// let cheese = Topping::create(&mut conn, NewTopping { name: "Cheese".into() })?;
/// let basil = Topping::create(&mut conn, NewTopping { name: "Basil".into() })?;
/// let margherita = Pizza::create(&mut conn, NewPizza { name: "Margherita".into() })?;
///
/// margherita.toppings().add(&mut conn, &[&cheese, &basil])?;
/// assert_eq!(margherita.toppings().all(&mut conn)?, [cheese.clone(), basil.clone()]);
/// assert_eq!(basil.pizzas().all(&mut conn)?, [margherita.clone()]);
///
/// let with_basil = Pizza::objects().filter(Pizza::TOPPINGS.matching(topping::name.eq("Basil"))).load(&mut conn)?;
/// assert_eq!(with_basil, [margherita.clone()]);
///
/// margherita.toppings().set(&mut conn, &[cheese.id])?;
/// assert_eq!(margherita.toppings().all(&mut conn)?, [cheese]);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub struct ManyToMany<Source: Model, Target: Model, Through: Model, SourceCol, TargetCol> {
    pub(crate) name: &'static str,
    pub(crate) source_key: fn(&Through) -> Option<&Source::PrimaryKey>,
    pub(crate) target_key: fn(&Through) -> Option<&Target::PrimaryKey>,
    columns: PhantomData<fn() -> (SourceCol, TargetCol)>,
}

/// One source's side of a [`ManyToMany`] relation: Django's related
/// manager, `booking.menus`. Read with [`all`](ManyRelated::all) or
/// [`objects`](ManyRelated::objects), change with
/// [`add`](ManyRelated::add), [`remove`](ManyRelated::remove),
/// [`set`](ManyRelated::set) and [`clear`](ManyRelated::clear).
pub struct ManyRelated<Source: Model, Target: Model, Through: Model, SourceCol, TargetCol> {
    pub(crate) source: Source::PrimaryKey,
    pub(crate) relation: ManyToMany<Source, Target, Through, SourceCol, TargetCol>,
}

impl<S: Model, T: Model, Th: Model, SC, TC> ManyToMany<S, T, Th, SC, TC> {
    /// The relation named `name`, whose through rows give their source's
    /// key by `source_key` and their target's by `target_key`. The derive
    /// writes these.
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        source_key: fn(&Th) -> Option<&S::PrimaryKey>,
        target_key: fn(&Th) -> Option<&T::PrimaryKey>,
    ) -> Self {
        ManyToMany {
            name,
            source_key,
            target_key,
            columns: PhantomData,
        }
    }

    /// The same relation seen from the target, named `name`:
    /// `Booking::MENUS.reverse("bookings")` is `Menu::BOOKINGS`.
    pub const fn reverse(self, name: &'static str) -> ManyToMany<T, S, Th, TC, SC> {
        ManyToMany {
            name,
            source_key: self.target_key,
            target_key: self.source_key,
            columns: PhantomData,
        }
    }

    /// The manager of `source`'s targets: `Booking::MENUS.of(&booking)`
    /// is `booking.menus()`.
    pub fn of(self, source: &S) -> ManyRelated<S, T, Th, SC, TC> {
        ManyRelated {
            source: source.primary_key().clone(),
            relation: self,
        }
    }

    /// The sources linked to at least one target matching `predicate`, a
    /// condition on the target's table: Django's
    /// `Booking.objects.filter(menus__title="Pasta")` is
    /// `Booking::objects().filter(Booking::MENUS.matching(menu::title.eq("Pasta")))`.
    /// Each source is read once, however many of its targets match.
    pub fn matching<'a, E, DB>(self, predicate: E) -> Matching<'a, S::Table, DB>
    where
        DB: Backend + 'a,
        E: Expression + AppearsOnTable<T::Table> + NonAggregate + QueryFragment<DB> + Send + Sync + 'a,
        E::SqlType: BoolOrNullableBool,
        SC: Column<Table = Th::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        TC: Column<Table = Th::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        KeyColumn<S>: QueryFragment<DB> + Send + Sync + 'a,
        KeyColumn<T>: QueryFragment<DB> + Send + Sync + 'a,
        Th::Table: QueryFragment<DB> + Send + Sync + 'a,
        T::Table: QueryFragment<DB> + Send + Sync + 'a,
    {
        let targets = Matching::<T::Table, DB>::new(
            Arc::new(TC::default()),
            Arc::new(T::Table::default().primary_key()),
            Arc::new(T::Table::default()),
            Some(Arc::new(predicate)),
        );
        Matching::new(
            Arc::new(S::Table::default().primary_key()),
            Arc::new(SC::default()),
            Arc::new(Th::Table::default()),
            Some(Arc::new(targets)),
        )
    }
}

impl<S: Model, T: Model, Th: Model, SC, TC> ManyRelated<S, T, Th, SC, TC> {
    /// The source's targets, as a query set to narrow, order and run:
    /// Django's `booking.menus.filter(...)`. One query: `WHERE id IN
    /// (SELECT menu_id FROM through WHERE booking_id = ...)`.
    pub fn objects<'a, DB>(&self) -> QuerySet<'a, T, DB>
    where
        DB: Backend + 'a,
        SC: Column<Table = Th::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        TC: Column<Table = Th::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        KeyColumn<T>: QueryFragment<DB> + Send + Sync + 'a,
        Th::Table: QueryFragment<DB> + Send + Sync + 'a,
        BoundKey<S::PrimaryKey>: QueryFragment<DB> + Send + Sync + 'a,
    {
        let mut set = QuerySet::new();
        let linked = Matching::<T::Table, DB>::new(
            Arc::new(T::Table::default().primary_key()),
            Arc::new(TC::default()),
            Arc::new(Th::Table::default()),
            Some(keys_in(SC::default(), [self.source.clone()])),
        );
        set.filters.push(Arc::new(linked), false);
        set
    }

    /// The through table's rows of this source, as a query set.
    pub(crate) fn links<'a, DB>(&self) -> QuerySet<'a, Th, DB>
    where
        DB: Backend + 'a,
        SC: QueryFragment<DB> + Default + Send + Sync + 'a,
        BoundKey<S::PrimaryKey>: QueryFragment<DB> + Send + Sync + 'a,
    {
        let mut set = QuerySet::new();
        set.filters
            .push(keys_in(SC::default(), [self.source.clone()]), false);
        set
    }
}

impl<S: Model, T: Model, Th: Model, SC, TC> Clone for ManyToMany<S, T, Th, SC, TC> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S: Model, T: Model, Th: Model, SC, TC> Copy for ManyToMany<S, T, Th, SC, TC> {}

impl<S: Model, T: Model, Th: Model, SC, TC> Clone for ManyRelated<S, T, Th, SC, TC> {
    fn clone(&self) -> Self {
        ManyRelated {
            source: self.source.clone(),
            relation: self.relation,
        }
    }
}

impl<S: Model, T: Model, Th: Model, SC, TC> fmt::Debug for ManyToMany<S, T, Th, SC, TC> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{} -> {} (through {})",
            S::NAME,
            self.name,
            T::NAME,
            Th::NAME
        )
    }
}

impl<S: Model, T: Model, Th: Model, SC, TC> fmt::Debug for ManyRelated<S, T, Th, SC, TC> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {:?}.{}", S::NAME, self.source, self.relation.name)
    }
}
