//! A join along a foreign key: its `ON` clause, `child.key = parent.id`,
//! and the two joins `select_related` writes, `INNER` for a key that is
//! never `NULL` and `LEFT OUTER` for a nullable one.

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::Bool;
use diesel::QueryResult;

/// `key = target`: two key columns of the same SQL type, one of them maybe
/// nullable. The foreign key's declaration checked their types, so the
/// comparison needs none of Diesel's type conversions.
#[derive(Debug, Clone, Copy, Default)]
pub struct KeyJoin<Key, Target>(pub(crate) Key, pub(crate) Target);

impl<Key, Target> KeyJoin<Key, Target> {
    /// `key = target`.
    pub const fn new(key: Key, target: Target) -> Self {
        KeyJoin(key, target)
    }
}

impl<Key, Target> Expression for KeyJoin<Key, Target> {
    type SqlType = Bool;
}

impl<Key, Target, QS> AppearsOnTable<QS> for KeyJoin<Key, Target>
where
    Key: AppearsOnTable<QS>,
    Target: AppearsOnTable<QS>,
{
}

impl<Key, Target, GB> ValidGrouping<GB> for KeyJoin<Key, Target> {
    type IsAggregate = is_aggregate::No;
}

impl<Key: QueryId, Target: QueryId> QueryId for KeyJoin<Key, Target> {
    type QueryId = KeyJoin<Key::QueryId, Target::QueryId>;
    const HAS_STATIC_QUERY_ID: bool = Key::HAS_STATIC_QUERY_ID && Target::HAS_STATIC_QUERY_ID;
}

impl<Key, Target, DB> QueryFragment<DB> for KeyJoin<Key, Target>
where
    DB: Backend,
    Key: QueryFragment<DB>,
    Target: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.0.walk_ast(out.reborrow())?;
        out.push_sql(" = ");
        self.1.walk_ast(out.reborrow())
    }
}

/// The two joins of a child's table to a parent's along the foreign key
/// column `Self`, written by the derive for each foreign key to another
/// model, where the tables are known types and Diesel's public `inner_join`
/// and `left_join` need no bounds spelled out.
#[doc(hidden)]
pub trait ParentJoins<Parent> {
    /// `child INNER JOIN parent ON child.key = parent.id`.
    type Inner;
    /// `child LEFT OUTER JOIN parent ON child.key = parent.id`.
    type Left;

    /// The inner join.
    fn inner() -> Self::Inner;
    /// The left outer join.
    fn left() -> Self::Left;
}

/// `select_related`'s join for a key that is never `NULL`: every child has
/// its parent.
#[doc(hidden)]
#[derive(Debug)]
pub struct InnerJoin;

/// `select_related`'s join for a nullable key: a child without a parent
/// reads `None`.
#[doc(hidden)]
#[derive(Debug)]
pub struct LeftJoin;

/// Picks one of a foreign key's two joins.
#[doc(hidden)]
pub trait PickJoin<Col, Parent> {
    /// The join picked.
    type Query;

    /// The join, as a query.
    fn query() -> Self::Query;
}

impl<Col: ParentJoins<Parent>, Parent> PickJoin<Col, Parent> for InnerJoin {
    type Query = Col::Inner;

    fn query() -> Col::Inner {
        Col::inner()
    }
}

impl<Col: ParentJoins<Parent>, Parent> PickJoin<Col, Parent> for LeftJoin {
    type Query = Col::Left;

    fn query() -> Col::Left {
        Col::left()
    }
}
