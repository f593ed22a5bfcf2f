//! The `ON` clause of a join along a foreign key: `child.key = parent.id`.

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
