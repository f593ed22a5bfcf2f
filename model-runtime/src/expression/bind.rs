//! A value bound as a parameter of a given SQL type.

use std::marker::PhantomData;

use diesel::backend::Backend;
use diesel::expression::{is_aggregate, AppearsOnTable, Expression, SelectableExpression, ValidGrouping};
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, SqlType};
use diesel::QueryResult;

/// A value sent as a bind parameter of the SQL type `ST`: what
/// [`bind`](crate::bind) returns, and what the generated code binds every
/// field value with.
///
/// It lets any [`FieldType`](crate::FieldType) meet a column in Diesel's
/// DSL, including the types whose `AsExpression` Diesel alone may implement
/// (`chrono`, `uuid` and `serde_json` values of the runtime's own SQL
/// types). Built only from Diesel's public traits.
///
/// ```
/// use model_runtime::expression::Bind;
/// use model_runtime::prelude::*;
///
/// let answer: Bind<diesel::sql_types::BigInt, i64> = bind(42_i64);
/// let sql = diesel::debug_query::<diesel::sqlite::Sqlite, _>(&diesel::select(answer)).to_string();
/// assert!(sql.starts_with("SELECT ?"));
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Bind<ST, T> {
    value: T,
    sql_type: PhantomData<ST>,
}

impl<ST, T> Bind<ST, T> {
    /// `value`, to be sent as a parameter of SQL type `ST`.
    pub fn new(value: T) -> Self {
        Bind {
            value,
            sql_type: PhantomData,
        }
    }
}

impl<ST, T> Expression for Bind<ST, T>
where
    ST: SqlType + diesel::expression::TypedExpressionType,
{
    type SqlType = ST;
}

impl<ST, T, DB> QueryFragment<DB> for Bind<ST, T>
where
    DB: Backend + HasSqlType<ST>,
    T: ToSql<ST, DB>,
{
    fn walk_ast<'b>(&'b self, mut pass: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        pass.push_bind_param(&self.value)
    }
}

/// Two binds of one SQL type are the same statement: the value is not part
/// of the query's identity, so Diesel's statement cache keeps one entry.
impl<ST: QueryId, T> QueryId for Bind<ST, T> {
    type QueryId = Bind<ST::QueryId, ()>;

    const HAS_STATIC_QUERY_ID: bool = ST::HAS_STATIC_QUERY_ID;
}

impl<ST, T, QS> AppearsOnTable<QS> for Bind<ST, T> where Bind<ST, T>: Expression {}

impl<ST, T, QS> SelectableExpression<QS> for Bind<ST, T> where Bind<ST, T>: AppearsOnTable<QS> {}

/// A constant: valid in any grouping, aggregate or not.
impl<ST, T, GB> ValidGrouping<GB> for Bind<ST, T> {
    type IsAggregate = is_aggregate::Never;
}
