//! What the derive's generated code calls. Not a public API: names here
//! change without notice.

pub use diesel;
pub use inventory;

use diesel::QueryResult;

pub use crate::query::update_by_key::UpdateByKey;

use crate::{Error, Model, Result, Value};

/// A model's statically typed queries on one kind of connection, generated
/// by the derive and picked by the runtime at run time.
pub struct Ops<C, M: Model> {
    pub insert_returning: fn(&mut C, &M::New) -> QueryResult<M>,
    pub select_by_key: fn(&mut C, &M::PrimaryKey) -> QueryResult<M>,
    pub select_all: fn(&mut C) -> QueryResult<Vec<M>>,
    pub count: fn(&mut C) -> QueryResult<i64>,
    pub update: fn(&mut C, &M) -> QueryResult<usize>,
    pub delete_by_key: fn(&mut C, &M::PrimaryKey) -> QueryResult<usize>,
}

/// How many rows one cached multi-row INSERT takes on SQLite: enough that
/// the cost of a statement (collecting binds, the cache lookup, stepping)
/// is shared by many rows, few enough that the statement stays small and
/// within SQLite's bind parameter limit for the widest model.
pub const fn sqlite_rows_per_statement(columns_per_row: usize) -> usize {
    let fit =
        crate::Backend::Sqlite.max_bind_parameters() / if columns_per_row == 0 { 1 } else { columns_per_row };
    if fit < 64 {
        fit
    } else {
        64
    }
}

/// Inserts rows in one transaction as multi-row INSERTs of exactly `N` rows,
/// the rest one row at a time. A fixed-size array has a type Diesel can
/// key its statement cache on, so each form is prepared once per
/// connection and run again with new binds; a slice of any length would be
/// prepared anew for every statement.
pub fn insert_in_chunks<C, T, const N: usize>(
    conn: &mut C,
    rows: &[T],
    mut insert_chunk: impl FnMut(&mut C, &[T; N]) -> QueryResult<usize>,
    mut insert_one: impl FnMut(&mut C, &T) -> QueryResult<usize>,
) -> QueryResult<usize>
where
    C: diesel::Connection,
{
    conn.transaction(|conn| {
        let chunks = rows.chunks_exact(N);
        let rest = chunks.remainder();
        let mut total = 0;
        for chunk in chunks {
            let chunk: &[T; N] = chunk.try_into().expect("chunks_exact yields N rows");
            total += insert_chunk(conn, chunk)?;
        }
        for row in rest {
            total += insert_one(conn, row)?;
        }
        Ok(total)
    })
}

/// Inserts rows one statement at a time in one transaction: for a model
/// with no column to insert but its key, which SQLite can only add with
/// `DEFAULT VALUES`, one row a statement.
pub fn insert_each<C, T>(
    conn: &mut C,
    rows: &[T],
    mut insert: impl FnMut(&mut C, &T) -> QueryResult<usize>,
) -> QueryResult<usize>
where
    C: diesel::Connection,
{
    conn.transaction(|conn| {
        rows.iter()
            .try_fold(0, |total, row| Ok(total + insert(conn, row)?))
    })
}

/// Inserts rows as multi-row INSERTs in one transaction, each statement as
/// large as the backend's bind parameter limit allows.
pub fn insert_chunked<C, T>(
    conn: &mut C,
    rows: &[T],
    columns_per_row: usize,
    backend: crate::Backend,
    mut insert: impl FnMut(&mut C, &[T]) -> QueryResult<usize>,
) -> QueryResult<usize>
where
    C: diesel::Connection,
{
    let rows_per_statement = (backend.max_bind_parameters() / columns_per_row.max(1)).max(1);
    // One statement is all or nothing by itself: no transaction to open.
    if rows.len() <= rows_per_statement {
        return insert(conn, rows);
    }
    conn.transaction(|conn| {
        rows.chunks(rows_per_statement)
            .try_fold(0, |total, chunk| Ok(total + insert(conn, chunk)?))
    })
}

/// Streams `rows` to `COPY ... FROM STDIN` in its text format: what the
/// generated `bulk_create` sends PostgreSQL.
#[cfg(feature = "postgres")]
pub fn copy_rows<N: crate::NewModel>(rows: &[N], out: &mut dyn std::io::Write) -> QueryResult<()> {
    crate::sql::copy::write_rows(rows, out)
        .map_err(|error| diesel::result::Error::SerializationError(Box::new(error)))
}

/// Inserts a row on MySQL, which has no `RETURNING`, and reads it back
/// with `read_back` (by `LAST_INSERT_ID()`, or by the key the row
/// carries): two statements, and no transaction around them, since
/// `LAST_INSERT_ID()` is the connection's own.
#[cfg(feature = "mysql")]
pub fn mysql_insert_returning<M: Model>(
    conn: &mut diesel::MysqlConnection,
    row: &M::New,
    insert: impl FnOnce(&mut diesel::MysqlConnection, &M::New) -> QueryResult<usize>,
    read_back: impl FnOnce(&mut diesel::MysqlConnection, &M::New) -> QueryResult<M>,
) -> QueryResult<M> {
    insert(conn, row)?;
    read_back(conn, row)
}

/// A field's value as a bind parameter of its column's SQL type: works for
/// every field type, including those Diesel's `AsExpression` cannot cover.
pub fn bind_ref<T: crate::field::FieldType>(value: &T) -> crate::expression::Bind<T::SqlType, &T> {
    crate::expression::Bind::new(value)
}

/// Reads one field of a dynamic row into its Rust type.
pub fn field_from_value<T: crate::field::FieldType>(
    model: &str,
    field: &str,
    value: Option<Value>,
) -> Result<T> {
    T::from_value(value.unwrap_or(Value::Null)).map_err(|message| Error::Validation {
        model: model.to_owned(),
        field: field.to_owned(),
        message,
    })
}

/// The error for a field name a model does not have.
pub fn unknown_field(model: &str, name: &str) -> Error {
    Error::Validation {
        model: model.to_owned(),
        field: name.to_owned(),
        message: format!("{model} has no field `{name}`"),
    }
}

pub use crate::field::choices::{
    from_load as enum_from_load, from_value as enum_from_value, to_value as enum_to_value,
};
pub use crate::validate::checks::{check_blank, check_decimal, check_max_length};
pub use crate::validate::errors::Collector;
pub use crate::validate::validator::run as run_validator;

/// Validates a row and writes every field as it is: the inherent `save` of
/// a model without `auto_now` fields, which changes nothing of the row.
pub fn save_as_is<M: Model, C: crate::DbConnection + ?Sized>(conn: &mut C, row: &M) -> Result<()> {
    crate::crud::save(conn, row)
}

/// The error of a row whose value for `field` its type cannot hold (a
/// `ModelEnum` with no variant stored so), naming the model and field.
pub fn load_error(model: &str, field: &str, message: String) -> Box<dyn std::error::Error + Send + Sync> {
    format!("{model}.{field}: {message}").into()
}

// Compile-time checks the derive emits, each spanned on the attribute or
// type at fault; the traits' `on_unimplemented` messages do the talking.
pub const fn assert_nullable<T: crate::field::NullableField>() {}
pub const fn assert_default_int<T: crate::field::DefaultFromInt>() {}
pub const fn assert_default_float<T: crate::field::DefaultFromFloat>() {}
pub const fn assert_default_str<T: crate::field::DefaultFromStr>() {}
pub const fn assert_default_bool<T: crate::field::DefaultFromBool>() {}
pub const fn assert_blank<T: crate::field::BlankField>() {}
pub use crate::field::choice_checks::{choices_fit, is_int_choice, is_text_choice};

/// The SQL type `S` the derive gave a column in `table!` is its field
/// type's own.
#[diagnostic::on_unimplemented(
    message = "the column of a `{Self}` field does not have the SQL type `{S}`",
    label = "its `FieldType::SqlType` is another",
    note = "the derive tells a column's SQL type from the name of its field's type; for a type alias or a type of \
            your own, say it with `#[field(sql_type = ...)]`"
)]
pub trait ColumnOfSqlType<S> {}

impl<F: crate::field::FieldType> ColumnOfSqlType<F::SqlType> for F {}

pub const fn assert_sql_type<F: ColumnOfSqlType<S>, S>() {}

/// A foreign key field holds the key type of the model it points at.
pub const fn assert_foreign_key<F, Target>()
where
    Target: Model,
    F: crate::field::ForeignKeyField<<Target as Model>::PrimaryKey>,
{
}

/// Whether a column holds decimals, for the derive's check that a decimal
/// field states its precision.
pub const fn is_decimal(column_type: crate::schema::ColumnType) -> bool {
    matches!(column_type, crate::schema::ColumnType::Decimal)
}

/// Expands its input when the runtime was built with SQLite support.
#[cfg(feature = "sqlite")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_sqlite { ($($tokens:tt)*) => { $($tokens)* }; }
#[cfg(not(feature = "sqlite"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_sqlite {
    ($($tokens:tt)*) => {};
}

/// Expands its input when the runtime was built with PostgreSQL support.
#[cfg(feature = "postgres")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_postgres { ($($tokens:tt)*) => { $($tokens)* }; }
#[cfg(not(feature = "postgres"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_postgres {
    ($($tokens:tt)*) => {};
}

/// Expands its input when the runtime was built with MySQL support.
#[cfg(feature = "mysql")]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_mysql { ($($tokens:tt)*) => { $($tokens)* }; }
#[cfg(not(feature = "mysql"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __if_mysql {
    ($($tokens:tt)*) => {};
}

pub use crate::relations::{KeyJoin, ParentJoins};

/// The field type behind a generated column, implemented next to the model
/// so the table module itself names nothing of the scope around it.
pub trait ColumnField {
    type Field: crate::FieldType;
}
