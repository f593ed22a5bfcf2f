//! The SQL of a [`DynQuery`](super::DynQuery), rendered through Diesel's
//! query builder: identifiers quoted by the backend, every value bound.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{BigInt, Untyped};
use diesel::QueryResult;

use super::query::{Checked, Condition, PatternOperator, ESCAPE_CLAUSE};
use super::value::BindValue;
use crate::schema::{Column, ModelSchema};
use crate::Value;

/// `SELECT <every column> FROM table WHERE ... ORDER BY ... LIMIT ... OFFSET ...`,
/// read by column name.
pub(crate) struct Select<'q>(pub(crate) Checked<'q>);

/// `SELECT COUNT(*) FROM table WHERE ...`.
pub(crate) struct Count<'q>(pub(crate) Checked<'q>);

/// `SELECT <every column> FROM table WHERE key = ...`: one text a model,
/// which Diesel keeps prepared.
pub(crate) struct SelectByKey<'q> {
    pub(crate) schema: &'static ModelSchema,
    pub(crate) key: Key<'q>,
}

/// The key [`SelectByKey`] looks for.
pub(crate) enum Key<'q> {
    Value(&'q Value),
    /// The key MySQL gave the connection's last insert: `LAST_INSERT_ID()`.
    #[cfg_attr(not(feature = "mysql"), allow(dead_code))]
    LastInserted,
}

impl Query for Select<'_> {
    type SqlType = Untyped;
}

impl Query for Count<'_> {
    type SqlType = BigInt;
}

impl Query for SelectByKey<'_> {
    type SqlType = Untyped;
}

// The statement's text changes with its filters: Diesel must not cache it
// by type, nor keep a prepared statement for each text a visitor can make
// (`unsafe_to_cache_prepared` below), which would grow without bound.
impl QueryId for Select<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryId for Count<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

// Cached by its text, which is the same for every key.
impl QueryId for SelectByKey<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Conn> diesel::RunQueryDsl<Conn> for Select<'_> {}
impl<Conn> diesel::RunQueryDsl<Conn> for Count<'_> {}
impl<Conn> diesel::RunQueryDsl<Conn> for SelectByKey<'_> {}

impl<DB: BindValue> QueryFragment<DB> for Select<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        let query = &self.0;
        out.unsafe_to_cache_prepared();
        out.push_sql("SELECT ");
        push_columns(query.schema, out.reborrow())?;
        from_where(query, out.reborrow())?;
        for (i, (column, descending)) in query.order.iter().enumerate() {
            out.push_sql(if i == 0 { " ORDER BY " } else { ", " });
            // NULL first ascending, last descending, on every backend
            // (PostgreSQL alone sorts it the other way by default).
            if column.nullable {
                out.push_sql("(");
                out.push_identifier(&column.name)?;
                out.push_sql(if *descending {
                    " IS NULL) ASC, "
                } else {
                    " IS NULL) DESC, "
                });
            }
            out.push_identifier(&column.name)?;
            out.push_sql(if *descending { " DESC" } else { " ASC" });
        }
        if let Some((limit, offset)) = &query.slice {
            out.push_sql(" LIMIT ");
            DB::push_value(&mut out, limit)?;
            out.push_sql(" OFFSET ");
            DB::push_value(&mut out, offset)?;
        }
        Ok(())
    }
}

impl<DB: BindValue> QueryFragment<DB> for Count<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.unsafe_to_cache_prepared();
        out.push_sql("SELECT COUNT(*)");
        from_where(&self.0, out.reborrow())
    }
}

impl<DB: BindValue> QueryFragment<DB> for SelectByKey<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("SELECT ");
        push_columns(self.schema, out.reborrow())?;
        out.push_sql(" FROM ");
        out.push_identifier(&self.schema.table)?;
        push_where_key(self.schema, out.reborrow())?;
        match self.key {
            Key::Value(value) => DB::push_value(&mut out, value),
            Key::LastInserted => {
                out.push_sql("LAST_INSERT_ID()");
                Ok(())
            }
        }
    }
}

/// Every column of the table, in order.
pub(crate) fn push_columns<DB: Backend>(schema: &ModelSchema, out: AstPass<'_, '_, DB>) -> QueryResult<()> {
    push_names(schema.columns.iter(), out)
}

/// The names of `columns`, separated by commas.
pub(crate) fn push_names<'c, DB: Backend>(
    columns: impl IntoIterator<Item = &'c Column>,
    mut out: AstPass<'_, '_, DB>,
) -> QueryResult<()> {
    for (i, column) in columns.into_iter().enumerate() {
        if i > 0 {
            out.push_sql(", ");
        }
        out.push_identifier(&column.name)?;
    }
    Ok(())
}

/// ` WHERE key = `, the key's value to follow.
pub(crate) fn push_where_key<DB: Backend>(
    schema: &ModelSchema,
    mut out: AstPass<'_, '_, DB>,
) -> QueryResult<()> {
    let key = schema.primary_key().ok_or_else(|| {
        diesel::result::Error::QueryBuilderError(format!("{} has no primary key", schema.name).into())
    })?;
    out.push_sql(" WHERE ");
    out.push_identifier(&key.name)?;
    out.push_sql(" = ");
    Ok(())
}

/// ` FROM table WHERE a AND b ...`.
fn from_where<'b, DB: BindValue>(query: &'b Checked<'_>, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
    out.push_sql(" FROM ");
    out.push_identifier(&query.schema.table)?;
    if !query.filters.is_empty() {
        out.push_sql(" WHERE ");
        push_all(&query.filters, out.reborrow())?;
    }
    Ok(())
}

/// `(a) AND (b) ...`; `1 = 1` for no condition.
fn push_all<'b, DB: BindValue>(
    conditions: &'b [Condition<'_>],
    mut out: AstPass<'_, 'b, DB>,
) -> QueryResult<()> {
    if conditions.is_empty() {
        out.push_sql("1 = 1");
    }
    for (i, condition) in conditions.iter().enumerate() {
        out.push_sql(if i == 0 { "(" } else { " AND (" });
        push_condition(condition, out.reborrow())?;
        out.push_sql(")");
    }
    Ok(())
}

fn push_condition<'b, DB: BindValue>(
    condition: &'b Condition<'_>,
    mut out: AstPass<'_, 'b, DB>,
) -> QueryResult<()> {
    match condition {
        Condition::Equals(column, crate::Value::Null) => is_null(column, out.reborrow())?,
        Condition::Equals(column, value) => {
            out.push_identifier(&column.name)?;
            out.push_sql(" = ");
            DB::push_value(&mut out, value)?;
        }
        Condition::In(column, values) => {
            let (nulls, values): (Vec<_>, Vec<_>) = values.iter().partition(|v| **v == crate::Value::Null);
            if values.is_empty() && nulls.is_empty() {
                out.push_sql("1 = 0");
            }
            if !values.is_empty() {
                out.push_identifier(&column.name)?;
                out.push_sql(" IN (");
                for (i, value) in values.into_iter().enumerate() {
                    if i > 0 {
                        out.push_sql(", ");
                    }
                    DB::push_value(&mut out, value)?;
                }
                out.push_sql(")");
                if !nulls.is_empty() {
                    out.push_sql(" OR ");
                }
            }
            if !nulls.is_empty() {
                is_null(column, out.reborrow())?;
            }
        }
        Condition::Contains(columns, pattern, lower_columns) => {
            if columns.is_empty() {
                out.push_sql("1 = 0");
            }
            for (i, column) in columns.iter().enumerate() {
                if i > 0 {
                    out.push_sql(" OR ");
                }
                // The pattern is lowered already; the column too where
                // LIKE heeds case (PostgreSQL always, MySQL by collation).
                if *lower_columns {
                    out.push_sql("LOWER(");
                    out.push_identifier(&column.name)?;
                    out.push_sql(")");
                } else {
                    out.push_identifier(&column.name)?;
                }
                out.push_sql(" LIKE ");
                DB::push_value(&mut out, pattern)?;
                out.push_sql(ESCAPE_CLAUSE);
            }
        }
        Condition::Compare(column, comparison, value) => {
            out.push_identifier(&column.name)?;
            out.push_sql(comparison.sql());
            DB::push_value(&mut out, value)?;
        }
        Condition::Pattern(column, operator, pattern) => {
            match operator {
                PatternOperator::Like { lower_column: true } => {
                    out.push_sql("LOWER(");
                    out.push_identifier(&column.name)?;
                    out.push_sql(")");
                }
                _ => out.push_identifier(&column.name)?,
            }
            out.push_sql(match operator {
                PatternOperator::Like { .. } => " LIKE ",
                PatternOperator::LikeBinary => " LIKE BINARY ",
                PatternOperator::Glob => " GLOB ",
            });
            DB::push_value(&mut out, pattern)?;
            if *operator != PatternOperator::Glob {
                out.push_sql(ESCAPE_CLAUSE);
            }
        }
        Condition::Not(conditions) => {
            // `IS TRUE` makes an unknown (NULL) outcome false before it is
            // negated, so the rows it leaves undecided are kept.
            out.push_sql("NOT ((");
            push_all(conditions, out.reborrow())?;
            out.push_sql(") IS TRUE)");
        }
        Condition::Related {
            column,
            table,
            key,
            conditions,
        } => {
            out.push_identifier(&column.name)?;
            out.push_sql(" IN (SELECT ");
            out.push_identifier(&key.name)?;
            out.push_sql(" FROM ");
            out.push_identifier(table)?;
            out.push_sql(" WHERE ");
            push_all(conditions, out.reborrow())?;
            out.push_sql(")");
        }
        Condition::Range(column, from, until) => {
            if from.is_none() && until.is_none() {
                out.push_sql("1 = 1");
            }
            if let Some(from) = from {
                out.push_identifier(&column.name)?;
                out.push_sql(" >= ");
                DB::push_value(&mut out, from)?;
            }
            if let Some(until) = until {
                if from.is_some() {
                    out.push_sql(" AND ");
                }
                out.push_identifier(&column.name)?;
                out.push_sql(" < ");
                DB::push_value(&mut out, until)?;
            }
        }
    }
    Ok(())
}

fn is_null<DB: Backend>(column: &Column, mut out: AstPass<'_, '_, DB>) -> QueryResult<()> {
    out.push_identifier(&column.name)?;
    out.push_sql(" IS NULL");
    Ok(())
}
