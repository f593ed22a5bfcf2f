//! `UPDATE table SET every column = ... WHERE key = ...`, the statement
//! behind `save()`, spelled so that Diesel keeps it in its statement cache.
//!
//! Diesel never caches an `UPDATE`: a changeset may skip `None` fields, so
//! the same Rust type can give several SQL texts. The changeset the derive
//! makes sets every field, always, so its text is a function of its type;
//! said to Diesel through a static [`QueryId`], the statement is prepared
//! once per connection and run again with new binds, one round trip a
//! `save()` on PostgreSQL and MySQL instead of a prepare and an execute.

use std::marker::PhantomData;

use diesel::backend::Backend;
use diesel::query_builder::{AsChangeset, AstPass, QueryFragment, QueryId};
use diesel::query_source::{QuerySource, Table};
use diesel::QueryResult;

/// `UPDATE table SET changeset WHERE predicate`, cached under `Id`.
///
/// `Id` names the changeset's SQL text: the derive passes the model, whose
/// changeset always sets the same fields to binds. Two texts must never
/// share an `Id`, or Diesel would run one for the other.
pub struct UpdateByKey<Id, T: QuerySource, Changeset, Predicate> {
    from_clause: T::FromClause,
    changeset: Changeset,
    predicate: Predicate,
    id: PhantomData<fn() -> Id>,
}

impl<Id, T: Table, Changeset, Predicate> UpdateByKey<Id, T, Changeset, Predicate> {
    /// The statement setting `values` on the rows of `table` that
    /// `predicate` selects.
    pub fn new<V>(table: T, values: V, predicate: Predicate) -> Self
    where
        V: AsChangeset<Target = T, Changeset = Changeset>,
    {
        UpdateByKey {
            from_clause: table.from_clause(),
            changeset: values.as_changeset(),
            predicate,
            id: PhantomData,
        }
    }
}

/// The statement's identity in the cache: the changeset's `Id` and the
/// predicate's type; never another statement's.
#[derive(Debug, Clone, Copy)]
pub struct UpdateByKeyId<Id, Predicate>(PhantomData<(Id, Predicate)>);

impl<Id, T, Changeset, Predicate> QueryId for UpdateByKey<Id, T, Changeset, Predicate>
where
    Id: 'static,
    T: QuerySource,
    Predicate: QueryId,
{
    type QueryId = UpdateByKeyId<Id, Predicate::QueryId>;

    const HAS_STATIC_QUERY_ID: bool = Predicate::HAS_STATIC_QUERY_ID;
}

impl<Id, T, Changeset, Predicate, DB> QueryFragment<DB> for UpdateByKey<Id, T, Changeset, Predicate>
where
    DB: Backend,
    T: Table,
    T::FromClause: QueryFragment<DB>,
    Changeset: QueryFragment<DB>,
    Predicate: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE ");
        self.from_clause.walk_ast(out.reborrow())?;
        out.push_sql(" SET ");
        self.changeset.walk_ast(out.reborrow())?;
        out.push_sql(" WHERE ");
        self.predicate.walk_ast(out.reborrow())
    }
}

impl<Id, T: QuerySource, Changeset, Predicate, Conn> diesel::RunQueryDsl<Conn>
    for UpdateByKey<Id, T, Changeset, Predicate>
{
}
