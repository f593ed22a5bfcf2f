//! MySQL's `LAST_INSERT_ID()` as an expression of the key's own SQL type,
//! so that `create` reads the row it inserted back in one statement,
//! `WHERE id = LAST_INSERT_ID()`, instead of asking for the id first.

use std::marker::PhantomData;

use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::mysql::Mysql;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::SqlType;
use diesel::QueryResult;

/// `LAST_INSERT_ID()`, typed as the auto-increment key it compares with.
///
/// ```
/// use model_runtime::diesel::{debug_query, mysql::Mysql, sql_types::BigInt};
/// use model_runtime::expression::LastInsertId;
///
/// let sql = debug_query::<Mysql, _>(&model_runtime::diesel::select(LastInsertId::<BigInt>::new())).to_string();
/// assert!(sql.starts_with("SELECT LAST_INSERT_ID()"));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct LastInsertId<ST> {
    sql_type: PhantomData<ST>,
}

impl<ST> LastInsertId<ST> {
    /// The expression.
    pub fn new() -> Self {
        LastInsertId {
            sql_type: PhantomData,
        }
    }
}

impl<ST> Expression for LastInsertId<ST>
where
    ST: SqlType + diesel::expression::TypedExpressionType,
{
    type SqlType = ST;
}

impl<ST> QueryFragment<Mysql> for LastInsertId<ST> {
    fn walk_ast<'b>(&'b self, mut pass: AstPass<'_, 'b, Mysql>) -> QueryResult<()> {
        pass.push_sql("LAST_INSERT_ID()");
        Ok(())
    }
}

impl<ST: QueryId> QueryId for LastInsertId<ST> {
    type QueryId = LastInsertId<ST::QueryId>;

    const HAS_STATIC_QUERY_ID: bool = ST::HAS_STATIC_QUERY_ID;
}

impl<ST, QS> AppearsOnTable<QS> for LastInsertId<ST> where LastInsertId<ST>: Expression {}

impl<ST, QS> SelectableExpression<QS> for LastInsertId<ST> where LastInsertId<ST>: AppearsOnTable<QS> {}

/// A value of the connection's, the same for every row.
impl<ST, GB> ValidGrouping<GB> for LastInsertId<ST> {
    type IsAggregate = is_aggregate::Never;
}
