//! The Diesel statements a query set builds for its model: a boxed
//! `SELECT`, `UPDATE` and `DELETE` on the model's table, for one backend.

use std::sync::Arc;

use crate::expression::Bind;
use diesel::backend::Backend;
use diesel::query_builder::{
    BoxedDeleteStatement, BoxedUpdateStatement, DeleteStatement, IntoUpdateTarget, QueryFragment,
    UpdateStatement,
};
use diesel::query_dsl::methods::{BoxedDsl, FilterDsl, LimitDsl, OffsetDsl, OrderDsl};
use diesel::Table;

use super::clause::{Filters, Fragment, KeyIn, Order};
use crate::field::FieldType;
use crate::Model;

/// A boxed `SELECT` of every column of `M`'s table, for backend `DB`: what
/// [`QuerySet::into_boxed`](super::QuerySet::into_boxed) returns, the same
/// type as the generated `menu::BoxedQuery<'a, DB>`.
pub type BoxedQuery<'a, M, DB> = <M as QueryModel<'a, DB>>::Boxed;

/// The primary key column of `M`'s table.
type KeyColumn<M> = <<M as Model>::Table as Table>::PrimaryKey;

/// A key of `M`, bound as its column's SQL type.
type BoundKey<M> = Bind<<<M as Model>::PrimaryKey as FieldType>::SqlType, <M as Model>::PrimaryKey>;

/// A model whose query sets run on backend `DB`.
///
/// Implemented for every model on every backend the runtime was built
/// with, and for plain Diesel backends alike; it appears in the bounds of
/// query set methods, and is never implemented by hand.
pub trait QueryModel<'a, DB: Backend>: Model {
    /// `SELECT * FROM table`, boxed: Diesel's `BoxedSelectStatement`.
    type Boxed: Compose<'a, DB>;

    /// `SELECT * FROM table`, boxed.
    #[doc(hidden)]
    fn boxed_select() -> Self::Boxed;

    /// `UPDATE table WHERE filters`, the `WHERE` boxed.
    #[doc(hidden)]
    fn boxed_update(filters: Filters<'a, DB>) -> BoxedUpdateStatement<'a, DB, Self::Table>;

    /// `DELETE FROM table WHERE filters`, the `WHERE` boxed.
    #[doc(hidden)]
    fn boxed_delete(filters: Filters<'a, DB>) -> BoxedDeleteStatement<'a, DB, Self::Table>;

    /// The primary key column.
    #[doc(hidden)]
    fn key_column() -> Arc<dyn QueryFragment<DB> + Send + Sync + 'a>;

    /// `key IN (...)` for these keys.
    #[doc(hidden)]
    fn key_in(keys: Vec<Self::PrimaryKey>) -> Arc<dyn QueryFragment<DB> + Send + Sync + 'a>;

    /// `key = LAST_INSERT_ID()`: the row MySQL gave its key last.
    #[cfg(feature = "mysql")]
    #[doc(hidden)]
    fn key_is_last_inserted() -> Arc<dyn QueryFragment<DB> + Send + Sync + 'a>;
}

impl<'a, M, DB> QueryModel<'a, DB> for M
where
    M: Model,
    DB: Backend + 'a,
    M::Table: BoxedDsl<'a, DB> + IntoUpdateTarget<Table = M::Table>,
    diesel::dsl::IntoBoxed<'a, M::Table, DB>: Compose<'a, DB>,
    UpdateStatement<M::Table, <M::Table as IntoUpdateTarget>::WhereClause>:
        BoxedDsl<'a, DB, Output = BoxedUpdateStatement<'a, DB, M::Table>>,
    DeleteStatement<M::Table, <M::Table as IntoUpdateTarget>::WhereClause>:
        BoxedDsl<'a, DB, Output = BoxedDeleteStatement<'a, DB, M::Table>>,
    BoxedUpdateStatement<'a, DB, M::Table>:
        FilterDsl<Filters<'a, DB>, Output = BoxedUpdateStatement<'a, DB, M::Table>>,
    BoxedDeleteStatement<'a, DB, M::Table>:
        FilterDsl<Filters<'a, DB>, Output = BoxedDeleteStatement<'a, DB, M::Table>>,
    KeyColumn<M>: QueryFragment<DB> + Send + Sync + 'a,
    BoundKey<M>: QueryFragment<DB> + Send + Sync,
{
    type Boxed = diesel::dsl::IntoBoxed<'a, M::Table, DB>;

    fn boxed_select() -> Self::Boxed {
        diesel::QueryDsl::into_boxed(M::Table::default())
    }

    fn boxed_update(filters: Filters<'a, DB>) -> BoxedUpdateStatement<'a, DB, Self::Table> {
        let statement = diesel::update(M::Table::default()).into_boxed();
        if filters.is_empty() {
            statement
        } else {
            statement.filter(filters)
        }
    }

    fn boxed_delete(filters: Filters<'a, DB>) -> BoxedDeleteStatement<'a, DB, Self::Table> {
        let statement = diesel::delete(M::Table::default()).into_boxed();
        if filters.is_empty() {
            statement
        } else {
            statement.filter(filters)
        }
    }

    fn key_column() -> Fragment<'a, DB> {
        Arc::new(M::Table::default().primary_key())
    }

    fn key_in(keys: Vec<M::PrimaryKey>) -> Fragment<'a, DB> {
        let keys = keys
            .into_iter()
            .map(|key| Arc::new(crate::bind(key)) as Fragment<'a, DB>)
            .collect();
        Arc::new(KeyIn {
            column: Self::key_column(),
            keys,
        })
    }

    #[cfg(feature = "mysql")]
    fn key_is_last_inserted() -> Fragment<'a, DB> {
        Arc::new(super::clause::KeyIsLastInserted {
            column: Self::key_column(),
        })
    }
}

/// A boxed select statement a query set can narrow: filter, order, limit
/// and offset, each giving back the same type. Every boxed select of the
/// model's table is one.
pub trait Compose<'a, DB>: Sized {
    #[doc(hidden)]
    fn compose(
        self,
        filters: Filters<'a, DB>,
        order: Option<Order<'a, DB>>,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Self;
}

impl<'a, DB, Q> Compose<'a, DB> for Q
where
    Q: FilterDsl<Filters<'a, DB>, Output = Q>
        + OrderDsl<Order<'a, DB>, Output = Q>
        + LimitDsl<Output = Q>
        + OffsetDsl<Output = Q>,
{
    fn compose(
        self,
        filters: Filters<'a, DB>,
        order: Option<Order<'a, DB>>,
        limit: Option<i64>,
        offset: Option<i64>,
    ) -> Self {
        let mut query = self;
        if !filters.is_empty() {
            query = query.filter(filters);
        }
        if let Some(order) = order {
            query = query.order(order);
        }
        // SQLite and MySQL take no OFFSET without a LIMIT, and Diesel's
        // any-backend boxed query renders none: the largest limit is no limit.
        let limit = limit.or(offset.map(|_| i64::MAX));
        if let Some(limit) = limit {
            query = query.limit(limit);
        }
        if let Some(offset) = offset {
            query = query.offset(offset);
        }
        query
    }
}
