//! Reading a live table's structure back from the database.
//!
//! [`table`] describes one table as backend-neutral plain data
//! ([`TableInfo`]); [`table_names`] and [`tables`] cover a whole database.
//! This is what drift checks, `inspectdb` and schema-equivalence tests
//! compare against the models' [`schema`](model_runtime::schema), through
//! [`expected_table`]: what a table created from a schema reads back as.
//!
//! The shape is the same on every backend; the spellings inside it are the
//! backend's own (`numeric(6,2)` on PostgreSQL, `decimal(6,2)` elsewhere),
//! normalized so that what [`sql::create_table`](model_runtime::sql::create_table)
//! writes reads back recognizably:
//!
//! | | SQLite | PostgreSQL | MySQL / MariaDB |
//! | --- | --- | --- | --- |
//! | types | as declared | `format_type`, `varchar`, no `without time zone` | `COLUMN_TYPE`, no integer display width but `tinyint(1)`; MariaDB's JSON alias reads `json` |
//! | unique constraints | `UNIQUE` in `CREATE TABLE` | `UNIQUE` constraints | every unique index |
//! | indexes | `CREATE INDEX` | indexes backing no constraint | non-unique indexes |
//!
//! Each backend makes one index per unique constraint; that index is listed
//! as the constraint only, never again under `indexes`. MySQL cannot tell a
//! `CREATE UNIQUE INDEX` from a `UNIQUE` constraint, so there every unique
//! index is a constraint, and [`IndexInfo::unique`] is always false.

mod expected;
mod info;
mod normalize;

#[cfg(feature = "mysql")]
mod mysql;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use self::expected::expected_table;
pub use self::info::{ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo};

use crate::Result;
use model_runtime::BackendConnection;
use model_runtime::DbConnection;

/// How an index key that is an expression, not a column, reads where the
/// backend does not say which expression (SQLite, MySQL).
pub const EXPRESSION: &str = "(expression)";

/// The structure of the table `name`, or `None` when the database has no
/// such table (views do not count).
///
/// `conn` is any connection a model method takes: the any-backend
/// [`Connection`](model_runtime::Connection), a plain Diesel connection, or a
/// pooled one. On PostgreSQL the table is looked up in the current schema;
/// on MySQL in the current database.
///
/// ```
/// use model_runtime::diesel::connection::SimpleConnection;
/// use model_migrations::introspect::{self, ForeignKeyInfo, IndexInfo};
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// conn.batch_execute(
///     "CREATE TABLE shop_brand (id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
///                               name varchar(40) NOT NULL,
///                               CONSTRAINT uq_shop_brand_name UNIQUE (name));
///      CREATE TABLE shop_item (id integer NOT NULL PRIMARY KEY AUTOINCREMENT,
///                              price decimal(6, 2) NOT NULL DEFAULT 0,
///                              brand_id bigint NULL REFERENCES shop_brand (id) ON DELETE SET NULL);
///      CREATE INDEX ix_shop_item_brand_id ON shop_item (brand_id);",
/// )?;
///
/// let item = introspect::table(&mut conn, "shop_item")?.expect("the table exists");
/// let price = item.column("price").unwrap();
/// assert_eq!((price.data_type.as_str(), price.default.as_deref()), ("decimal(6,2)", Some("0")));
/// assert!(item.column("id").unwrap().auto_increment);
/// assert_eq!(item.primary_key(), ["id"]);
/// assert_eq!(item.indexes, [IndexInfo {
///     name: "ix_shop_item_brand_id".into(),
///     columns: vec!["brand_id".into()],
///     unique: false,
/// }]);
/// assert_eq!(item.foreign_keys, [ForeignKeyInfo {
///     column: "brand_id".into(),
///     target_table: "shop_brand".into(),
///     target_column: "id".into(),
///     on_delete: "SET NULL".into(),
/// }]);
///
/// let brand = introspect::table(&mut conn, "shop_brand")?.unwrap();
/// assert_eq!(brand.unique_constraints, [vec!["name".to_owned()]]);
/// assert!(introspect::table(&mut conn, "shop_order")?.is_none());
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn table<C: DbConnection + ?Sized>(conn: &mut C, name: &str) -> Result<Option<TableInfo>> {
    let backend = conn.backend();
    let info = match conn.backend_connection() {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(conn) => sqlite::table(conn, name)?,
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(conn) => postgres::table(conn, name)?,
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(conn) => mysql::table(conn, name)?,
        #[allow(unreachable_patterns)]
        _ => return Err(not_built_for(backend)),
    };
    Ok(info.map(TableInfo::sorted))
}

/// The names of the database's tables, sorted; SQLite's internal
/// `sqlite_*` tables and views are left out.
///
/// ```
/// use model_runtime::diesel::connection::SimpleConnection;
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// conn.batch_execute("CREATE TABLE b (x integer); CREATE TABLE a (x integer); CREATE VIEW v AS SELECT x FROM a;")?;
/// assert_eq!(model_migrations::introspect::table_names(&mut conn)?, ["a", "b"]);
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn table_names<C: DbConnection + ?Sized>(conn: &mut C) -> Result<Vec<String>> {
    let backend = conn.backend();
    let mut names = match conn.backend_connection() {
        #[cfg(feature = "sqlite")]
        BackendConnection::Sqlite(conn) => sqlite::table_names(conn)?,
        #[cfg(feature = "postgres")]
        BackendConnection::Postgres(conn) => postgres::table_names(conn)?,
        #[cfg(feature = "mysql")]
        BackendConnection::Mysql(conn) => mysql::table_names(conn)?,
        #[allow(unreachable_patterns)]
        _ => return Err(not_built_for(backend)),
    };
    names.sort();
    Ok(names)
}

/// Every table of the database, sorted by name: [`table`] for each of
/// [`table_names`].
pub fn tables<C: DbConnection + ?Sized>(conn: &mut C) -> Result<Vec<TableInfo>> {
    let mut tables = Vec::new();
    for name in table_names(conn)? {
        // A table dropped between the two reads is simply not there.
        if let Some(info) = table(conn, &name)? {
            tables.push(info);
        }
    }
    Ok(tables)
}

/// A connection of a backend `model-runtime` was built with and this crate
/// was not: features are per crate, and a project may enable a backend on
/// the runtime alone.
#[allow(dead_code)]
fn not_built_for(backend: model_runtime::Backend) -> crate::MigrationError {
    let feature = match backend {
        model_runtime::Backend::Sqlite => "sqlite",
        model_runtime::Backend::Postgres => "postgres",
        model_runtime::Backend::Mysql => "mysql",
    };
    model_runtime::Error::Config(format!(
        "model-migrations was built without its `{feature}` feature, which reading this database's tables needs: \
         enable it as model-runtime's is"
    ))
    .into()
}
