//! Queries along one foreign key: the children of a parent, and filters
//! across the relation either way.

use std::sync::Arc;

use diesel::backend::Backend;
use diesel::expression::{AppearsOnTable, Expression, NonAggregate};
use diesel::query_builder::QueryFragment;
use diesel::query_dsl::methods::LoadQuery;
use diesel::sql_types::BoolOrNullableBool;
use diesel::{Column, Connection, Table};

use super::subquery::{Fragment, KeysIn, Matching};
use super::{ForeignKey, ReverseForeignKey};
use crate::field::FieldType;
use crate::private::ColumnField;
use crate::query::{asc, BoxedQuery, QueryModel, QuerySet};
use crate::{Model, Result};

/// A model's primary key column.
pub(crate) type KeyColumn<M> = <<M as Model>::Table as Table>::PrimaryKey;

/// A key bound as its column's SQL type.
pub(crate) type BoundKey<K> = crate::expression::Bind<<K as FieldType>::SqlType, K>;

/// `column IN (keys)` over these keys, bound as their field type.
pub(crate) fn keys_in<'a, DB, Col, K>(column: Col, keys: impl IntoIterator<Item = K>) -> Fragment<'a, DB>
where
    DB: Backend + 'a,
    Col: QueryFragment<DB> + Send + Sync + 'a,
    K: FieldType,
    BoundKey<K>: QueryFragment<DB> + Send + Sync + 'a,
{
    let keys = keys
        .into_iter()
        .map(|key| Arc::new(crate::bind(key)) as Fragment<'a, DB>)
        .collect();
    Arc::new(KeysIn {
        column: Arc::new(column),
        keys,
    })
}

impl<Child: Model, Parent: Model, Col: ColumnField> ForeignKey<Child, Parent, Col> {
    /// The rows whose parent matches `predicate`, a condition on the
    /// parent's table: Django's `Menu.objects.filter(category__title="Mains")`
    /// is `Menu::objects().filter(Menu::CATEGORY.matching(category::title.eq("Mains")))`.
    /// A row with a `NULL` key has no parent, and never matches.
    pub fn matching<'a, E, DB>(self, predicate: E) -> Matching<'a, Child::Table, DB>
    where
        DB: Backend + 'a,
        E: Expression + AppearsOnTable<Parent::Table> + NonAggregate + QueryFragment<DB> + Send + Sync + 'a,
        E::SqlType: BoolOrNullableBool,
        Col: Column<Table = Child::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        KeyColumn<Parent>: QueryFragment<DB> + Send + Sync + 'a,
        Parent::Table: QueryFragment<DB> + Send + Sync + 'a,
    {
        Matching::new(
            Arc::new(Col::default()),
            Arc::new(Parent::Table::default().primary_key()),
            Arc::new(Parent::Table::default()),
            Some(Arc::new(predicate)),
        )
    }
}

impl<Parent: Model, Child: Model, Col: ColumnField> ReverseForeignKey<Parent, Child, Col> {
    /// The parents with at least one child matching `predicate`, a
    /// condition on the child's table: Django's
    /// `Category.objects.filter(menus__price__lt=10)` is
    /// `Category::objects().filter(Category::MENUS.matching(menu::price.lt(ten)))`.
    /// Each parent is read once, however many of its children match.
    pub fn matching<'a, E, DB>(self, predicate: E) -> Matching<'a, Parent::Table, DB>
    where
        DB: Backend + 'a,
        E: Expression + AppearsOnTable<Child::Table> + NonAggregate + QueryFragment<DB> + Send + Sync + 'a,
        E::SqlType: BoolOrNullableBool,
        Col: Column<Table = Child::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        KeyColumn<Parent>: QueryFragment<DB> + Send + Sync + 'a,
        Child::Table: QueryFragment<DB> + Send + Sync + 'a,
    {
        Matching::new(
            Arc::new(Parent::Table::default().primary_key()),
            Arc::new(Col::default()),
            Arc::new(Child::Table::default()),
            Some(Arc::new(predicate)),
        )
    }

    /// The children of `parent`, as a query set to narrow, order and run:
    /// Django's `category.menu_set.filter(...)`.
    pub fn of<'a, DB>(self, parent: &Parent) -> QuerySet<'a, Child, DB>
    where
        DB: Backend + 'a,
        Col: Column<Table = Child::Table> + QueryFragment<DB> + Default + Send + Sync + 'a,
        BoundKey<Parent::PrimaryKey>: QueryFragment<DB> + Send + Sync + 'a,
    {
        let mut set = QuerySet::new();
        let key = parent.primary_key().clone();
        set.filters.push(keys_in(Col::default(), [key]), false);
        set
    }
}

impl<Parent, Child, Col: ColumnField> ReverseForeignKey<Parent, Child, Col> {
    /// The children of `parent`, in primary key order: what the reverse
    /// accessor `category.menus(&mut conn)` returns.
    pub fn children<C>(self, parent: &Parent, conn: &mut C) -> Result<Vec<Child>>
    where
        Self: LoadChildren<C, Parent = Parent, Child = Child>,
    {
        LoadChildren::load_children(&self, parent, conn)
    }
}

/// The connections a reverse accessor reads children on: implemented for
/// each [`ReverseForeignKey`] on every Diesel connection its query runs on
/// (the runtime's [`Connection`](crate::Connection), `SqliteConnection`,
/// `PgConnection`, `MysqlConnection`, pooled ones). It names, in one
/// bound, what the generated accessor needs of its connection.
#[diagnostic::on_unimplemented(
    message = "the children of `{Self}` cannot be read on `{C}`",
    note = "reverse accessors run on the runtime's `Connection` and on Diesel's own connections"
)]
pub trait LoadChildren<C> {
    /// The model pointed at.
    type Parent: Model;
    /// The model pointing at it.
    type Child: Model;

    /// The children of `parent`, in primary key order.
    fn load_children(&self, parent: &Self::Parent, conn: &mut C) -> Result<Vec<Self::Child>>;
}

impl<Parent, Child, Col, C> LoadChildren<C> for ReverseForeignKey<Parent, Child, Col>
where
    Parent: Model,
    Child: QueryModel<'static, C::Backend>,
    C: Connection,
    C::Backend: 'static,
    Col: Column<Table = Child::Table>
        + ColumnField
        + QueryFragment<C::Backend>
        + Default
        + Send
        + Sync
        + 'static,
    BoundKey<Parent::PrimaryKey>: QueryFragment<C::Backend> + Send + Sync + 'static,
    KeyColumn<Child>: AppearsOnTable<Child::Table> + QueryFragment<C::Backend> + Send + Sync + 'static,
    BoxedQuery<'static, Child, C::Backend>: LoadQuery<'static, C, Child>,
{
    type Parent = Parent;
    type Child = Child;

    fn load_children(&self, parent: &Parent, conn: &mut C) -> Result<Vec<Child>> {
        let key = Child::Table::default().primary_key();
        self.of(parent).order_by(asc(key)).load(conn)
    }
}
