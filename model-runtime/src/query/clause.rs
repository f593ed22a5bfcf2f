//! The SQL pieces a query set keeps until it runs: its `WHERE` and its
//! `ORDER BY`. They hold the user's typed Diesel expressions behind shared
//! pointers, so a query set can be cloned and each piece rendered into any
//! statement (`SELECT`, `UPDATE`, `DELETE`) on the backend `DB`.

use std::sync::Arc;

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Bool, Nullable};
use diesel::QueryResult;

/// A typed expression, type-checked against the model's table when it was
/// added, kept for rendering on `DB`.
pub(crate) type Fragment<'a, DB> = Arc<dyn QueryFragment<DB> + Send + Sync + 'a>;

/// A query set's `WHERE` clause: its filters and exclusions, joined by `AND`.
///
/// It appears in the bounds of query set methods; a query set builds it,
/// and no other code can.
pub struct Filters<'a, DB> {
    terms: Vec<Condition<'a, DB>>,
}

struct Condition<'a, DB> {
    predicate: Fragment<'a, DB>,
    /// An exclusion: the rows where the predicate is not true, `NULL` included.
    excluded: bool,
}

impl<'a, DB> Filters<'a, DB> {
    pub(crate) fn new() -> Self {
        Filters { terms: Vec::new() }
    }

    pub(crate) fn push(&mut self, predicate: Fragment<'a, DB>, excluded: bool) {
        self.terms.push(Condition { predicate, excluded });
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }
}

impl<DB> Clone for Filters<'_, DB> {
    fn clone(&self) -> Self {
        let terms = self.terms.iter().map(|t| Condition {
            predicate: Arc::clone(&t.predicate),
            excluded: t.excluded,
        });
        Filters {
            terms: terms.collect(),
        }
    }
}

impl<DB> Expression for Filters<'_, DB> {
    type SqlType = Nullable<Bool>;
}

// Each predicate was checked against the model's table when it was added.
impl<DB, QS> AppearsOnTable<QS> for Filters<'_, DB> {}

impl<DB, GB> ValidGrouping<GB> for Filters<'_, DB> {
    type IsAggregate = is_aggregate::No;
}

impl<DB> QueryId for Filters<'_, DB> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB: Backend> QueryFragment<DB> for Filters<'_, DB> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                out.push_sql(" AND ");
            }
            // Django's `exclude()`: `NOT (x = 1)` would drop the rows where
            // `x` is NULL; `IS NOT TRUE` keeps them.
            out.push_sql(if term.excluded { "((" } else { "(" });
            term.predicate.walk_ast(out.reborrow())?;
            out.push_sql(if term.excluded { ") IS NOT TRUE)" } else { ")" });
        }
        Ok(())
    }
}

/// A query set's `ORDER BY`: expressions with their directions, which
/// `last()` and `reverse()` flip.
pub struct Order<'a, DB> {
    terms: Vec<(Fragment<'a, DB>, Direction)>,
}

/// Ascending or descending.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Direction {
    Asc,
    Desc,
}

impl Direction {
    fn flip(self) -> Self {
        match self {
            Direction::Asc => Direction::Desc,
            Direction::Desc => Direction::Asc,
        }
    }
}

impl<'a, DB> Order<'a, DB> {
    pub(crate) fn new() -> Self {
        Order { terms: Vec::new() }
    }

    pub(crate) fn push(&mut self, expression: Fragment<'a, DB>, direction: Direction) {
        self.terms.push((expression, direction));
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }

    pub(crate) fn reversed(mut self) -> Self {
        for term in &mut self.terms {
            term.1 = term.1.flip();
        }
        self
    }
}

impl<DB> Clone for Order<'_, DB> {
    fn clone(&self) -> Self {
        let terms = self.terms.iter().map(|(e, d)| (Arc::clone(e), *d));
        Order {
            terms: terms.collect(),
        }
    }
}

impl<DB> Expression for Order<'_, DB> {
    type SqlType = diesel::expression::expression_types::NotSelectable;
}

// Each expression was checked against the model's table when it was added.
impl<DB, QS> AppearsOnTable<QS> for Order<'_, DB> {}

impl<DB> QueryId for Order<'_, DB> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB: Backend> QueryFragment<DB> for Order<'_, DB> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        for (i, (expression, direction)) in self.terms.iter().enumerate() {
            if i > 0 {
                out.push_sql(", ");
            }
            expression.walk_ast(out.reborrow())?;
            out.push_sql(match direction {
                Direction::Asc => " ASC",
                Direction::Desc => " DESC",
            });
        }
        Ok(())
    }
}

/// `key IN (k1, k2, ...)` over bound keys, rendered the same on every
/// backend (Diesel's `eq_any` binds one array on PostgreSQL, which the
/// runtime's own SQL types cannot be).
pub(crate) struct KeyIn<'a, DB> {
    pub(crate) column: Fragment<'a, DB>,
    pub(crate) keys: Vec<Fragment<'a, DB>>,
}

impl<DB: Backend> QueryFragment<DB> for KeyIn<'_, DB> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
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

/// `key = LAST_INSERT_ID()`: the row the connection's last INSERT gave
/// its key, on MySQL.
#[cfg(feature = "mysql")]
pub(crate) struct KeyIsLastInserted<'a, DB> {
    pub(crate) column: Fragment<'a, DB>,
}

#[cfg(feature = "mysql")]
impl<DB: Backend> QueryFragment<DB> for KeyIsLastInserted<'_, DB> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.column.walk_ast(out.reborrow())?;
        out.push_sql(" = LAST_INSERT_ID()");
        Ok(())
    }
}
