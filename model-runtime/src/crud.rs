//! The database operations behind the model methods, written once for every
//! model: each picks the concrete connection and calls the statically typed
//! Diesel query the derive generated for it.

use crate::connection::BackendConnection;
use crate::schema::ModelSchema;
use crate::validate::storable;
use crate::{Backend, DbConnection, Error, Model, NewModel, Result};

/// Runs `$body` with `$ops` bound to the model's generated queries for the
/// connection's backend and `$c` to the concrete connection.
macro_rules! dispatch {
    ($conn:expr, $model:ty, |$ops:ident, $c:ident| $body:expr) => {
        match $conn.backend_connection() {
            #[cfg(feature = "sqlite")]
            BackendConnection::Sqlite($c) => {
                let $ops = &<$model>::__SQLITE;
                $body
            }
            #[cfg(feature = "postgres")]
            BackendConnection::Postgres($c) => {
                let $ops = &<$model>::__POSTGRES;
                $body
            }
            #[cfg(feature = "mysql")]
            BackendConnection::Mysql($c) => {
                let $ops = &<$model>::__MYSQL;
                $body
            }
        }
        .map_err(|error| Error::from_diesel(error, <$model>::NAME))
    };
}

pub(crate) fn create<M: Model, C: DbConnection + ?Sized>(conn: &mut C, new: &M::New) -> Result<M> {
    new.validate()?;
    storable_new::<M>(conn.backend(), new)?;
    dispatch!(conn, M, |ops, c| (ops.insert_returning)(c, new))
}

pub(crate) fn get<M: Model, C: DbConnection + ?Sized>(conn: &mut C, pk: &M::PrimaryKey) -> Result<M> {
    dispatch!(conn, M, |ops, c| (ops.select_by_key)(c, pk))
}

pub(crate) fn all<M: Model, C: DbConnection + ?Sized>(conn: &mut C) -> Result<Vec<M>> {
    dispatch!(conn, M, |ops, c| (ops.select_all)(c))
}

pub(crate) fn count<M: Model, C: DbConnection + ?Sized>(conn: &mut C) -> Result<i64> {
    dispatch!(conn, M, |ops, c| (ops.count)(c))
}

pub(crate) fn save<M: Model, C: DbConnection + ?Sized>(conn: &mut C, row: &M) -> Result<()> {
    row.validate()?;
    let values = M::schema()
        .columns
        .iter()
        .filter(|c| storable::may_refuse(c.ty))
        .map(|c| (c, row.field_value(&c.field)));
    storable::check(conn.backend(), M::NAME, values)?;
    let updated = dispatch!(conn, M, |ops, c| (ops.update)(c, row))?;
    found::<M>(updated)
}

pub(crate) fn delete<M: Model, C: DbConnection + ?Sized>(conn: &mut C, pk: &M::PrimaryKey) -> Result<()> {
    let deleted = dispatch!(conn, M, |ops, c| (ops.delete_by_key)(c, pk))
        .map_err(|error| crate::relations::explain_delete::<M, C>(error, conn, pk))?;
    found::<M>(deleted)
}

pub(crate) fn bulk_create<M: Model, C: DbConnection + ?Sized>(
    conn: &mut C,
    rows: &[M::New],
) -> Result<usize> {
    rows.iter().try_for_each(NewModel::validate)?;
    if rows.is_empty() {
        return Ok(0);
    }
    match conn.backend_connection() {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(c) => {
            rows.iter()
                .try_for_each(|row| storable_new::<M>(Backend::Sqlite, row))?;
            M::__sqlite_insert_batch::<()>(c, rows).map_err(|error| Error::from_diesel(error, M::NAME))
        }
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(c) => {
            rows.iter()
                .try_for_each(|row| storable_new::<M>(Backend::Postgres, row))?;
            M::__postgres_insert_batch::<()>(c, rows).map_err(|error| Error::from_diesel(error, M::NAME))
        }
        // The rows' values are read once, checked and bound.
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(c) => crate::dynamic::bulk_create_mysql(c, rows),
    }
}

pub(crate) fn create_table<C: DbConnection + ?Sized>(conn: &mut C, schema: &ModelSchema) -> Result<()> {
    use diesel::connection::SimpleConnection;
    let mut backend_conn = conn.backend_connection();
    let backend = backend_conn.backend();
    for statement in crate::sql::create_table(schema, backend) {
        match &mut backend_conn {
            #[cfg(feature = "sqlite")]
            BackendConnection::Sqlite(c) => c.batch_execute(&statement),
            #[cfg(feature = "postgres")]
            BackendConnection::Postgres(c) => c.batch_execute(&statement),
            #[cfg(feature = "mysql")]
            BackendConnection::Mysql(c) => c.batch_execute(&statement),
        }?;
    }
    Ok(())
}

/// Refuses a value of `new` the backend cannot hold, naming its field.
/// Only the fields of a type some backend refuses values of are read.
fn storable_new<M: Model>(backend: Backend, new: &M::New) -> Result<()> {
    let values = M::New::fields()
        .filter(|c| storable::may_refuse(c.ty))
        .map(|c| (c, new.field_value(&c.field)));
    storable::check(backend, M::NAME, values)
}

/// `NotFound` when an UPDATE or DELETE by key touched no row.
fn found<M: Model>(rows: usize) -> Result<()> {
    if rows == 0 {
        Err(Error::NotFound {
            model: M::NAME.to_owned(),
        })
    } else {
        Ok(())
    }
}
