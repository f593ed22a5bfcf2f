//! One row of a model known by its schema: inserted, read, written back and
//! deleted by key, with the checks and errors of the model's typed methods.
//! Compiled once in the runtime, for every model.

use diesel::RunQueryDsl;

use super::run::{on_backend, reading, Read};
use super::statement::{Key, SelectByKey};
use super::write::{DeleteByKey, Insert, Update};
use super::Row;
use crate::connection::BackendConnection;
use crate::schema::{Column, ModelSchema};
use crate::{DbConnection, Error, Result, Value};

/// Inserts a row whose values are given for the columns that are not
/// automatic (in column order), the `auto_now` and `auto_now_add` ones set
/// to the current time, and returns it as stored, its key included.
/// The values must have been validated as the model's `New…` struct.
pub(crate) fn insert(
    conn: &mut dyn DbConnection,
    schema: &'static ModelSchema,
    given: Vec<Value>,
) -> Result<Row> {
    let backend = conn.backend();
    let (columns, values) = insert_values(backend, schema, given)?;
    let insert = Insert {
        schema,
        columns,
        values: &values,
        returning: backend != crate::Backend::Mysql,
    };
    let mut backend_conn = conn.backend_connection();
    let inserted = reading(schema, || match &mut backend_conn {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(c) => insert.get_result::<Read>(*c),
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(c) => insert.get_result::<Read>(*c),
        // MySQL has no `RETURNING`: the row is read back by its key, or by
        // `LAST_INSERT_ID()`, the connection's own, when the database gave
        // it (two statements, no transaction needed).
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(c) => {
            insert.execute(*c)?;
            let key = inserted_key(schema, &values);
            SelectByKey { schema, key }.get_result::<Read>(*c)
        }
    });
    inserted
        .map(|read| read.0)
        .map_err(|error| Error::from_diesel(error, &schema.name))
}

/// Inserts `new` on MySQL without reading it back, in one statement Diesel
/// keeps prepared by its text: the key the row carries, or `None` when the
/// database gave it, which `LAST_INSERT_ID()` then reads on this
/// connection. For callers that read the row back with a query of their
/// own: `get_or_create`, whose check that the row matches its lookup is
/// that read.
#[cfg(feature = "mysql")]
pub(crate) fn insert_new_mysql<N: crate::NewModel>(
    conn: &mut diesel::MysqlConnection,
    new: &N,
) -> Result<Option<Value>> {
    let schema = <N::Model as crate::Model>::schema();
    let given = N::fields()
        .map(|column| new.field_value(&column.field).unwrap_or(Value::Null))
        .collect();
    let (columns, values) = insert_values(crate::Backend::Mysql, schema, given)?;
    let insert = Insert {
        schema,
        columns,
        values: &values,
        returning: false,
    };
    insert
        .execute(conn)
        .map_err(|error| Error::from_diesel(error, &schema.name))?;
    Ok(match inserted_key(schema, &values) {
        Key::Value(key) => Some(key.clone()),
        Key::LastInserted => None,
    })
}

/// The columns and values of an INSERT of a row whose `given` values are
/// for the columns that are not automatic (in column order): the values
/// checked storable on `backend`, and the `auto_now` and `auto_now_add`
/// columns added with the current time.
fn insert_values(
    backend: crate::Backend,
    schema: &'static ModelSchema,
    given: Vec<Value>,
) -> Result<(Vec<&'static Column>, Vec<Value>)> {
    let settable = schema.columns.iter().filter(|c| !c.is_automatic());
    crate::validate::storable::check(
        backend,
        &schema.name,
        settable.clone().zip(given.iter().map(Some)),
    )?;
    let stamped = stamped_columns(schema);
    let mut columns: Vec<&'static Column> = settable.collect();
    columns.extend(&stamped);
    let mut values = given;
    push_now(schema, &stamped, &mut values)?;
    Ok((columns, values))
}

/// How MySQL finds a row `insert_values` made: by the key among `values`
/// (the settable columns come first), or by `LAST_INSERT_ID()` when the
/// database gives the key.
#[cfg(feature = "mysql")]
fn inserted_key<'v>(schema: &ModelSchema, values: &'v [Value]) -> Key<'v> {
    let mut settable = schema.columns.iter().filter(|c| !c.is_automatic());
    match settable.position(|c| c.primary_key) {
        Some(i) => Key::Value(&values[i]),
        None => Key::LastInserted,
    }
}

/// The columns every INSERT sets to the current time: `auto_now` and
/// `auto_now_add`.
pub(super) fn stamped_columns(schema: &'static ModelSchema) -> Vec<&'static Column> {
    schema
        .columns
        .iter()
        .filter(|c| c.auto_now || c.auto_now_add)
        .collect()
}

/// Pushes the current time onto `values` for each of `stamped`, as each
/// column holds it.
pub(super) fn push_now(schema: &ModelSchema, stamped: &[&Column], values: &mut Vec<Value>) -> Result<()> {
    for column in stamped {
        let now = crate::field::now_value(column.ty).ok_or_else(|| Error::Validation {
            model: schema.name.to_string(),
            field: column.field.to_string(),
            message: "auto_now applies to date and time fields".into(),
        })?;
        values.push(now);
    }
    Ok(())
}

/// The row keyed `key`, or [`Error::NotFound`].
pub(crate) fn get(conn: &mut dyn DbConnection, schema: &'static ModelSchema, key: &Value) -> Result<Row> {
    let select = SelectByKey {
        schema,
        key: Key::Value(key),
    };
    let mut conn = conn.backend_connection();
    reading(schema, || {
        on_backend!(&mut conn, |c| select.get_result::<Read>(*c))
    })
    .map(|read| read.0)
    .map_err(|error| Error::from_diesel(error, &schema.name))
}

/// Writes every column of `row` over the row with its key, or
/// [`Error::NotFound`]. The values must have been validated.
pub(crate) fn update(conn: &mut dyn DbConnection, row: &Row) -> Result<()> {
    let schema = row.schema;
    let values = schema.columns.iter().zip(row.values.iter().map(Some));
    crate::validate::storable::check(conn.backend(), &schema.name, values)?;
    if schema.columns.iter().all(|c| c.primary_key) {
        // Nothing to set: the row must exist, as an UPDATE would report.
        return get(conn, schema, row.primary_key()).map(drop);
    }
    let update = Update {
        schema,
        values: &row.values,
    };
    let updated = on_backend!(&mut conn.backend_connection(), |c| update.execute(*c))
        .map_err(|error| Error::from_diesel(error, &schema.name))?;
    found(schema, updated)
}

/// Deletes the row keyed `key`, or [`Error::NotFound`]; a foreign key that
/// refuses it is named.
pub(crate) fn delete(conn: &mut dyn DbConnection, schema: &'static ModelSchema, key: &Value) -> Result<()> {
    let delete = DeleteByKey { schema, key };
    let deleted = on_backend!(&mut conn.backend_connection(), |c| delete.execute(*c))
        .map_err(|error| Error::from_diesel(error, &schema.name))
        .map_err(|error| crate::relations::explain_delete_from(error, conn, &schema.table, key))?;
    found(schema, deleted)
}

/// `NotFound` when an UPDATE or DELETE by key touched no row.
fn found(schema: &ModelSchema, rows: usize) -> Result<()> {
    if rows == 0 {
        Err(Error::NotFound {
            model: schema.name.to_string(),
        })
    } else {
        Ok(())
    }
}
