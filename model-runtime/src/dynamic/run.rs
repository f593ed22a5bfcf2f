//! Running a [`DynQuery`] on whichever backend the connection is, and
//! making [`Row`]s of what it reads.

use std::marker::PhantomData;

use diesel::deserialize::{self, QueryableByName};
use diesel::row::NamedRow;
use diesel::RunQueryDsl;

use super::query::DynQuery;
use super::statement::{Count, Select};
use super::value::BindValue;
use super::Row;
use crate::connection::BackendConnection;
use crate::{DbConnection, Error, Model, Result};

/// The rows of `M` the query selects, in its order.
pub(crate) fn filter<M: Model>(conn: &mut dyn DbConnection, query: &DynQuery) -> Result<Vec<Row>> {
    let mut conn = conn.backend_connection();
    let checked = query.check(M::schema(), conn.backend())?;
    let select = Select(checked);
    let rows: Vec<Read<M>> = match &mut conn {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(c) => select.load(*c),
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(c) => select.load(*c),
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(c) => select.load(*c),
    }
    .map_err(|error| Error::from_diesel(error, M::NAME))?;
    Ok(rows.into_iter().map(|read| read.row).collect())
}

/// How many rows of `M` the query's filters keep, its slice aside.
pub(crate) fn count<M: Model>(conn: &mut dyn DbConnection, query: &DynQuery) -> Result<i64> {
    let mut conn = conn.backend_connection();
    let mut checked = query.check(M::schema(), conn.backend())?;
    checked.slice = None;
    let count = Count(checked);
    match &mut conn {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(c) => count.get_result(*c),
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(c) => count.get_result(*c),
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(c) => count.get_result(*c),
    }
    .map_err(|error| Error::from_diesel(error, M::NAME))
}

/// A row of `M` read column by column: the model's schema says what each is.
struct Read<M> {
    row: Row,
    model: PhantomData<fn() -> M>,
}

impl<M: Model, DB: BindValue> QueryableByName<DB> for Read<M> {
    fn build<'a>(row: &impl NamedRow<'a, DB>) -> deserialize::Result<Self> {
        let schema = M::schema();
        let values = schema
            .columns
            .iter()
            .map(|column| DB::read_value(row, column))
            .collect::<deserialize::Result<_>>()?;
        Ok(Read {
            row: Row { schema, values },
            model: PhantomData,
        })
    }
}
