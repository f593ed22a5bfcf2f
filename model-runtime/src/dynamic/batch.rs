//! `bulk_create` on MySQL, compiled once for every model: the rows as
//! values, cut into multi-row INSERTs that respect both the bind parameter
//! limit and the server's `max_allowed_packet`, in one transaction when
//! there are several.
//!
//! A statement of the largest size is prepared once per connection and run
//! again for each such chunk. Diesel prepares a multi-row insert of its own
//! anew every time, and on MariaDB preparing a statement of 65,535
//! parameters (the server describes each one) costs about as much as
//! running it. The price: Diesel keeps a cached statement's last
//! parameters with it, so a connection holds one full statement's values
//! (at most `max_allowed_packet` bytes) for each model it bulk-created,
//! until the statement runs again or the connection closes.

use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::{Connection as _, MysqlConnection, QueryResult, RunQueryDsl as _};

use super::rows::{push_now, stamped_columns};
use super::statement::push_names;
use super::value::BindValue;
use crate::schema::{Column, ModelSchema};
use crate::sql::packet;
use crate::{Backend, Error, NewModel, Result, Value};

/// `INSERT INTO table (columns) VALUES (...), (...)`.
struct InsertRows<'q> {
    schema: &'static ModelSchema,
    columns: &'q [&'static Column],
    rows: usize,
    /// Row after row, a value for each column.
    values: &'q [Value],
    /// Whether Diesel may keep the statement prepared: only a statement of
    /// the largest size, of which a model has one, so that the cache holds
    /// one entry a model rather than one a batch length.
    cached: bool,
}

// Cached by its text, which names the table: not by type, which every
// model shares.
impl QueryId for InsertRows<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<DB: BindValue> QueryFragment<DB> for InsertRows<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        if !self.cached {
            out.unsafe_to_cache_prepared();
        }
        out.push_sql("INSERT INTO ");
        out.push_identifier(&self.schema.table)?;
        out.push_sql(" (");
        push_names(self.columns.iter().copied(), out.reborrow())?;
        out.push_sql(") VALUES ");
        let width = self.columns.len();
        for row in 0..self.rows {
            out.push_sql(if row == 0 { "(" } else { ", (" });
            let values = &self.values[row * width..(row + 1) * width];
            for (i, (column, value)) in self.columns.iter().zip(values).enumerate() {
                if i > 0 {
                    out.push_sql(", ");
                }
                // NULL bound, not written: one text whatever is null.
                DB::push_typed_value(&mut out, column.ty, value)?;
            }
            out.push_sql(")");
        }
        Ok(())
    }
}

impl<Conn> diesel::RunQueryDsl<Conn> for InsertRows<'_> {}

/// Inserts `rows`, validated, on MySQL; the number of rows inserted.
/// The `auto_now` and `auto_now_add` columns get the current time.
pub(crate) fn bulk_create_mysql<N: NewModel>(conn: &mut MysqlConnection, rows: &[N]) -> Result<usize> {
    let schema = <N::Model as crate::Model>::schema();
    let given: Vec<&'static Column> = N::fields().collect();
    let mut values = Vec::with_capacity(rows.len() * given.len());
    for row in rows {
        values.extend(
            given
                .iter()
                .map(|c| row.field_value(&c.field).unwrap_or(Value::Null)),
        );
    }
    insert_values(conn, schema, given, rows.len(), values)
}

/// Inserts `count` rows of `values` (row after row, one for each column of
/// `given`), stamping the `auto_now` columns; the typed part of
/// [`bulk_create_mysql`] is only the reading of the rows.
fn insert_values(
    conn: &mut MysqlConnection,
    schema: &'static ModelSchema,
    given: Vec<&'static Column>,
    count: usize,
    given_values: Vec<Value>,
) -> Result<usize> {
    let checked = given.iter().copied().cycle().zip(given_values.iter().map(Some));
    crate::validate::storable::check(Backend::Mysql, &schema.name, checked)?;
    let stamped = stamped_columns(schema);
    let mut columns = given.clone();
    columns.extend(&stamped);
    let values = if stamped.is_empty() {
        given_values
    } else {
        let mut values = Vec::with_capacity(count * columns.len());
        let mut given_values = given_values.into_iter();
        for _ in 0..count {
            values.extend(given_values.by_ref().take(given.len()));
            push_now(schema, &stamped, &mut values)?;
        }
        values
    };
    run_statements(conn, schema, &columns, count, &values)
        .map_err(|error| Error::from_diesel(error, &schema.name))
}

/// Cuts the rows into statements and runs them, in one transaction when
/// there are several.
fn run_statements(
    conn: &mut MysqlConnection,
    schema: &'static ModelSchema,
    columns: &[&'static Column],
    count: usize,
    values: &[Value],
) -> QueryResult<usize> {
    let width = columns.len();
    let max_rows = Backend::Mysql.max_bind_parameters() / width.max(1);
    let sizes: Vec<usize> = (0..count)
        .map(|row| packet::row_bytes(&values[row * width..(row + 1) * width]))
        .collect();
    // The server's own packet size is asked (one more statement) only when
    // the size every server accepts would cut a statement short.
    let mut ranges = packet::statement_ranges(&sizes, max_rows, packet::UNASKED_PACKET_BYTES);
    if ranges.len() > count.div_ceil(max_rows) {
        ranges = packet::statement_ranges(&sizes, max_rows, max_allowed_packet(conn)?);
    }
    let insert = |conn: &mut MysqlConnection, range: std::ops::Range<usize>| {
        InsertRows {
            schema,
            columns,
            rows: range.len(),
            values: &values[range.start * width..range.end * width],
            cached: range.len() == max_rows,
        }
        .execute(conn)
    };
    // One statement is all or nothing by itself: no transaction to open.
    if ranges.len() <= 1 {
        return insert(conn, 0..count);
    }
    conn.transaction(|conn| {
        ranges
            .into_iter()
            .try_fold(0, |total, range| Ok(total + insert(conn, range)?))
    })
}

/// The server's `max_allowed_packet`, in bytes.
fn max_allowed_packet(conn: &mut MysqlConnection) -> QueryResult<usize> {
    let bytes: i64 = diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "CAST(@@max_allowed_packet AS SIGNED)",
    ))
    .get_result(conn)?;
    Ok(usize::try_from(bytes).unwrap_or(usize::MAX))
}
