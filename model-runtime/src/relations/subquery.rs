//! Filtering across a relation: `outer IN (SELECT inner FROM table WHERE
//! condition)`, Django's `filter(category__title="Mains")`. A subquery
//! rather than a join, so a row matched through several related rows is
//! still read once.

use std::marker::PhantomData;
use std::sync::Arc;

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::query_source::{AppearsInFromClause, Once};
use diesel::sql_types::Bool;
use diesel::QueryResult;

/// A typed piece of SQL, kept for rendering on `DB`.
pub(crate) type Fragment<'a, DB> = Arc<dyn QueryFragment<DB> + Send + Sync + 'a>;

/// A condition on the rows of table `T` that looks at related rows: what
/// [`ForeignKey::matching`](super::ForeignKey::matching) and its siblings
/// return, to give to a query set's `filter` or `exclude`, or to Diesel's
/// own `filter`.
pub struct Matching<'a, T, DB> {
    outer: Fragment<'a, DB>,
    inner: Fragment<'a, DB>,
    from: Fragment<'a, DB>,
    condition: Option<Fragment<'a, DB>>,
    table: PhantomData<fn() -> T>,
}

impl<'a, T, DB> Matching<'a, T, DB> {
    /// `outer IN (SELECT inner FROM from WHERE condition)`; no condition
    /// matches every row of `from`.
    pub(crate) fn new(
        outer: Fragment<'a, DB>,
        inner: Fragment<'a, DB>,
        from: Fragment<'a, DB>,
        condition: Option<Fragment<'a, DB>>,
    ) -> Self {
        Matching {
            outer,
            inner,
            from,
            condition,
            table: PhantomData,
        }
    }
}

impl<T, DB> Clone for Matching<'_, T, DB> {
    fn clone(&self) -> Self {
        Matching {
            outer: Arc::clone(&self.outer),
            inner: Arc::clone(&self.inner),
            from: Arc::clone(&self.from),
            condition: self.condition.clone(),
            table: PhantomData,
        }
    }
}

impl<T, DB> Expression for Matching<'_, T, DB> {
    type SqlType = Bool;
}

// Like a column of `T`: usable wherever `T` is in the FROM clause once.
impl<T, DB, QS> AppearsOnTable<QS> for Matching<'_, T, DB> where QS: AppearsInFromClause<T, Count = Once> {}

impl<T, DB, GB> ValidGrouping<GB> for Matching<'_, T, DB> {
    type IsAggregate = is_aggregate::No;
}

impl<T, DB> QueryId for Matching<'_, T, DB> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<T, DB: Backend> QueryFragment<DB> for Matching<'_, T, DB> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.outer.walk_ast(out.reborrow())?;
        out.push_sql(" IN (SELECT ");
        self.inner.walk_ast(out.reborrow())?;
        out.push_sql(" FROM ");
        self.from.walk_ast(out.reborrow())?;
        if let Some(condition) = &self.condition {
            out.push_sql(" WHERE ");
            condition.walk_ast(out.reborrow())?;
        }
        out.push_sql(")");
        Ok(())
    }
}

/// `column IN (k1, k2, ...)`, `column = k` for one key, and false for
/// none, over bound
/// keys: the relation that built it typed both sides. Rendered the same on
/// every backend (Diesel's `eq_any` binds one array on PostgreSQL, which
/// the runtime's own SQL types cannot be).
pub(crate) struct KeysIn<'a, DB> {
    pub column: Fragment<'a, DB>,
    pub keys: Vec<Fragment<'a, DB>>,
}

impl<DB: Backend> QueryFragment<DB> for KeysIn<'_, DB> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if self.keys.is_empty() {
            // `IN ()` is not SQL; no key matches no row.
            out.push_sql("1 = 0");
            return Ok(());
        }
        self.column.walk_ast(out.reborrow())?;
        if let [key] = self.keys.as_slice() {
            out.push_sql(" = ");
            return key.walk_ast(out.reborrow());
        }
        out.push_sql(" IN (");
        for (i, key) in self.keys.iter().enumerate() {
            if i > 0 {
                out.push_sql(", ");
            }
            key.walk_ast(out.reborrow())?;
        }
        out.push_sql(")");
        Ok(())
    }
}
