//! Running the dynamic statements on whichever backend the connection is,
//! and making [`Row`]s of what they read.
//!
//! This code is compiled once, in the runtime, for every model: nothing
//! here is generic over the model, whose schema is data.

use std::cell::Cell;

use diesel::deserialize::{self, QueryableByName};
use diesel::row::NamedRow;
use diesel::RunQueryDsl;

use super::query::DynQuery;
use super::statement::{Count, Select};
use super::value::BindValue;
use super::Row;
use crate::connection::BackendConnection;
use crate::schema::ModelSchema;
use crate::{DbConnection, Error, Result};

/// Runs `$body` with `$c` bound to the concrete connection.
macro_rules! on_backend {
    ($conn:expr, |$c:ident| $body:expr) => {
        match $conn {
            #[cfg(feature = "sqlite")]
            BackendConnection::Sqlite($c) => $body,
            #[cfg(feature = "postgres")]
            BackendConnection::Postgres($c) => $body,
            #[cfg(feature = "mysql")]
            BackendConnection::Mysql($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// The rows of `schema`'s model the query selects, in its order.
pub(crate) fn filter(
    conn: &mut dyn DbConnection,
    schema: &'static ModelSchema,
    query: &DynQuery,
) -> Result<Vec<Row>> {
    let mut conn = conn.backend_connection();
    let checked = query.check(schema, conn.backend())?;
    let select = Select(checked);
    let rows: Vec<Read> = reading(schema, || on_backend!(&mut conn, |c| select.load(*c)))
        .map_err(|error| Error::from_diesel(error, &schema.name))?;
    Ok(rows.into_iter().map(|read| read.0).collect())
}

/// How many rows of `schema`'s model the query's filters keep, its slice aside.
pub(crate) fn count(
    conn: &mut dyn DbConnection,
    schema: &'static ModelSchema,
    query: &DynQuery,
) -> Result<i64> {
    let mut conn = conn.backend_connection();
    let mut checked = query.check(schema, conn.backend())?;
    checked.slice = None;
    let count = Count(checked);
    on_backend!(&mut conn, |c| count.get_result(*c)).map_err(|error| Error::from_diesel(error, &schema.name))
}

thread_local! {
    /// The schema of the rows being read on this thread.
    static READING: Cell<Option<&'static ModelSchema>> = const { Cell::new(None) };
}

/// Runs `load`, in which [`Read`] reads rows of `schema`.
///
/// Diesel builds each row with an associated function, which has no value
/// to carry the schema: it is lent through the thread, for the load's
/// length. A type per model would carry it instead, at the price of
/// compiling Diesel's loading code again for every model.
pub(crate) fn reading<T>(schema: &'static ModelSchema, load: impl FnOnce() -> T) -> T {
    /// Puts the outer schema back, even when `load` panics.
    struct Restore(Option<&'static ModelSchema>);
    impl Drop for Restore {
        fn drop(&mut self) {
            READING.with(|reading| reading.set(self.0));
        }
    }
    let _restore = Restore(READING.with(|reading| reading.replace(Some(schema))));
    load()
}

/// A row read column by column, as the schema lent by [`reading`] says.
pub(crate) struct Read(pub(crate) Row);

impl<DB: BindValue> QueryableByName<DB> for Read {
    fn build<'a>(row: &impl NamedRow<'a, DB>) -> deserialize::Result<Self> {
        let schema = READING
            .with(Cell::get)
            .ok_or("a dynamic row was read outside `reading`, without its model's schema")?;
        let values = schema
            .columns
            .iter()
            .map(|column| DB::read_value(row, column))
            .collect::<deserialize::Result<_>>()?;
        Ok(Read(Row { schema, values }))
    }
}
