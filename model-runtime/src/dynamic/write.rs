//! The statements that write a model's rows, chosen at run time: insert,
//! update and delete by key, and writing a whole row, key and timestamps
//! included, as loading a fixture does. Every value is bound.

use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::Untyped;
use diesel::QueryResult;

use super::statement::{push_columns, push_names, push_where_key};
use super::value::BindValue;
use crate::schema::{Column, ModelSchema};
use crate::Value;

/// `INSERT INTO table (columns) VALUES (...)`, and on SQLite and
/// PostgreSQL `RETURNING` every column when asked.
pub(crate) struct Insert<'q> {
    pub(crate) schema: &'static ModelSchema,
    /// The columns written, each with its value in `values`.
    pub(crate) columns: Vec<&'static Column>,
    pub(crate) values: &'q [Value],
    /// Whether the row comes back as it was stored.
    pub(crate) returning: bool,
}

/// `UPDATE table SET every other column = ... WHERE key = ...`.
pub(crate) struct Update<'q> {
    pub(crate) schema: &'static ModelSchema,
    /// In column order, the key's among them.
    pub(crate) values: &'q [Value],
}

/// `DELETE FROM table WHERE key = ...`.
pub(crate) struct DeleteByKey<'q> {
    pub(crate) schema: &'static ModelSchema,
    pub(crate) key: &'q Value,
}

// One statement text a model (a `NULL` is bound as its column's values
// are): Diesel caches it by that text. It must not cache it by type
// (`()` for every model would share one entry).
impl QueryId for Insert<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryId for Update<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl QueryId for DeleteByKey<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

// What `RETURNING` reads is read by column name.
impl Query for Insert<'_> {
    type SqlType = Untyped;
}

impl<Conn> diesel::RunQueryDsl<Conn> for Insert<'_> {}
impl<Conn> diesel::RunQueryDsl<Conn> for Update<'_> {}
impl<Conn> diesel::RunQueryDsl<Conn> for DeleteByKey<'_> {}

impl<DB: BindValue> QueryFragment<DB> for Insert<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("INSERT INTO ");
        out.push_identifier(&self.schema.table)?;
        if self.columns.is_empty() {
            // Only the key, which the database gives.
            out.push_sql(if DB::BACKEND == crate::Backend::Mysql {
                " () VALUES ()"
            } else {
                " DEFAULT VALUES"
            });
        } else {
            out.push_sql(" (");
            push_names(self.columns.iter().copied(), out.reborrow())?;
            out.push_sql(") VALUES (");
            for (i, (column, value)) in self.columns.iter().zip(self.values).enumerate() {
                if i > 0 {
                    out.push_sql(", ");
                }
                DB::push_typed_value(&mut out, column.ty, value)?;
            }
            out.push_sql(")");
        }
        if self.returning {
            out.push_sql(" RETURNING ");
            push_columns(self.schema, out.reborrow())?;
        }
        Ok(())
    }
}

impl<DB: BindValue> QueryFragment<DB> for DeleteByKey<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("DELETE FROM ");
        out.push_identifier(&self.schema.table)?;
        push_where_key(self.schema, out.reborrow())?;
        DB::push_value(&mut out, self.key)
    }
}

impl<DB: BindValue> QueryFragment<DB> for Update<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("UPDATE ");
        out.push_identifier(&self.schema.table)?;
        out.push_sql(" SET ");
        let mut key = None;
        let mut first = true;
        for (column, value) in self.schema.columns.iter().zip(self.values) {
            if column.primary_key {
                key = Some((column, value));
                continue;
            }
            if !first {
                out.push_sql(", ");
            }
            first = false;
            out.push_identifier(&column.name)?;
            out.push_sql(" = ");
            DB::push_typed_value(&mut out, column.ty, value)?;
        }
        let (_, value) =
            key.ok_or_else(|| diesel::result::Error::QueryBuilderError("a model without a key".into()))?;
        push_where_key(self.schema, out.reborrow())?;
        DB::push_value(&mut out, value)
    }
}

/// Inserts `values` as a row of `schema`'s table, or, when `exists`,
/// writes them over the row with their key.
pub(crate) fn save(
    conn: &mut dyn crate::DbConnection,
    schema: &'static ModelSchema,
    values: &[Value],
    exists: bool,
) -> QueryResult<usize> {
    use crate::connection::BackendConnection;
    use diesel::RunQueryDsl;

    let mut conn = conn.backend_connection();
    macro_rules! run {
        ($c:expr) => {
            if exists {
                Update { schema, values }.execute($c)
            } else {
                Insert {
                    schema,
                    columns: schema.columns.iter().collect(),
                    values,
                    returning: false,
                }
                .execute($c)
            }
        };
    }
    match &mut conn {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(c) => run!(*c),
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(c) => run!(*c),
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(c) => run!(*c),
    }
}

/// After rows were written with their keys, moves PostgreSQL's sequence of
/// an auto-increment key past the largest key, so that the next `create`
/// does not collide with a loaded row. SQLite and MySQL follow the largest
/// key by themselves; nothing is done there.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "reset_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     pub name: String,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// let dish = model_runtime::registry::find_model("reset_doc.Dish").unwrap();
/// dish.create_table(&mut conn)?;
/// dish.save_row(&mut conn, &[("id", Value::Int(41)), ("name", Value::Text("Soup".into()))])?;
/// model_runtime::dynamic::reset_key_sequence(&mut conn, dish.schema())?;
/// assert_eq!(dish.create(&mut conn, &[("name", "Salad")])?.primary_key(), &Value::Int(42));
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn reset_key_sequence(conn: &mut dyn crate::DbConnection, schema: &ModelSchema) -> crate::Result<()> {
    #[cfg(feature = "postgres")]
    {
        use crate::connection::BackendConnection;
        use diesel::RunQueryDsl;

        let Some(key) = schema.primary_key().filter(|c| c.auto_increment) else {
            return Ok(());
        };
        let mut conn = conn.backend_connection();
        // Irrefutable when PostgreSQL is the only backend compiled in.
        #[allow(irrefutable_let_patterns)]
        if let BackendConnection::Postgres(c) = &mut conn {
            let d = crate::sql::dialect(crate::Backend::Postgres);
            let literal = |text: &str| {
                d.text_literal(text)
                    .map_err(|e| crate::Error::Config(format!("{}: {e}", schema.name)))
            };
            let statement = format!(
                "SELECT setval(pg_get_serial_sequence({}, {}), COALESCE(MAX({}), 0) + 1, false) FROM {}",
                literal(&d.quote(&schema.table))?,
                literal(&key.name)?,
                d.quote(&key.name),
                d.quote(&schema.table)
            );
            diesel::sql_query(statement)
                .execute(*c)
                .map_err(|error| crate::Error::from_diesel(error, &schema.name))?;
        }
    }
    #[cfg(not(feature = "postgres"))]
    let _ = (conn, schema);
    Ok(())
}

/// `DELETE FROM table`.
struct DeleteAll {
    schema: &'static ModelSchema,
}

impl QueryId for DeleteAll {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Conn> diesel::RunQueryDsl<Conn> for DeleteAll {}

impl<DB: diesel::backend::Backend> QueryFragment<DB> for DeleteAll {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        out.push_sql("DELETE FROM ");
        out.push_identifier(&self.schema.table)
    }
}

/// Deletes every row of a model's table, and on PostgreSQL and SQLite
/// starts its auto-increment key again at 1 (MySQL's goes on): Django's
/// `flush` for one model. Rows of other tables pointing at these go as
/// their foreign keys say.
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "delete_all_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     pub name: String,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Dish::create_table(&mut conn)?;
/// Dish::create(&mut conn, NewDish { name: "Soup".into() })?;
/// assert_eq!(model_runtime::dynamic::delete_every_row(&mut conn, Dish::schema())?, 1);
/// assert_eq!(Dish::count(&mut conn)?, 0);
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn delete_every_row(
    conn: &mut dyn crate::DbConnection,
    schema: &'static ModelSchema,
) -> crate::Result<usize> {
    use crate::connection::BackendConnection;
    use diesel::RunQueryDsl;

    let statement = DeleteAll { schema };
    let deleted = match &mut conn.backend_connection() {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(c) => statement.execute(*c),
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(c) => statement.execute(*c),
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(c) => statement.execute(*c),
    }
    .map_err(|error| crate::Error::from_diesel(error, &schema.name))?;
    reset_key_sequence(conn, schema)?;
    // Irrefutable when SQLite is the only backend compiled in.
    #[cfg(feature = "sqlite")]
    #[allow(irrefutable_let_patterns)]
    if let BackendConnection::Sqlite(c) = &mut conn.backend_connection() {
        // Every auto-increment key there is AUTOINCREMENT, whose last
        // value SQLite keeps in sqlite_sequence (made with the first such table).
        if schema.primary_key().is_some_and(|c| c.auto_increment) {
            diesel::sql_query("DELETE FROM sqlite_sequence WHERE name = ?")
                .bind::<diesel::sql_types::Text, _>(schema.table.to_string())
                .execute(*c)
                .map_err(|error| crate::Error::from_diesel(error, &schema.name))?;
        }
    }
    Ok(deleted)
}

/// Starts MySQL's `AUTO_INCREMENT` counter of an emptied table again at 1,
/// as Django's `flush` leaves every backend (a `DELETE` keeps MySQL's
/// counter where it was; SQLite's and PostgreSQL's are restarted by
/// [`delete_every_row`]). A schema change on MySQL, which commits the
/// transaction it runs in: call it after the deletion is committed.
/// Nothing is done on the other backends, nor for a table that is not
/// empty (MySQL keeps the counter past its largest key then).
///
/// ```
/// use model_runtime::prelude::*;
///
/// #[derive(Model, Debug)]
/// #[model(app = "restart_doc")]
/// pub struct Dish {
///     #[field(primary_key)]
///     pub id: i64,
///     pub name: String,
/// }
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// Dish::create_table(&mut conn)?;
/// model_runtime::dynamic::restart_key_counter(&mut conn, Dish::schema())?;
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn restart_key_counter(conn: &mut dyn crate::DbConnection, schema: &ModelSchema) -> crate::Result<()> {
    #[cfg(feature = "mysql")]
    {
        use crate::connection::BackendConnection;
        use diesel::RunQueryDsl;

        if !schema.primary_key().is_some_and(|c| c.auto_increment) {
            return Ok(());
        }
        // Irrefutable when MySQL is the only backend compiled in.
        #[allow(irrefutable_let_patterns)]
        if let BackendConnection::Mysql(c) = &mut conn.backend_connection() {
            let table = crate::sql::dialect(crate::Backend::Mysql).quote(&schema.table);
            diesel::sql_query(format!("ALTER TABLE {table} AUTO_INCREMENT = 1"))
                .execute(*c)
                .map_err(|error| crate::Error::from_diesel(error, &schema.name))?;
        }
    }
    #[cfg(not(feature = "mysql"))]
    let _ = (conn, schema);
    Ok(())
}
