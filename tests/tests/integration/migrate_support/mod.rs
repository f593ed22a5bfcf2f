//! What the migration tests share: migrations written by hand, a database
//! migrated to a named migration, and a database read back (its schema, the
//! names of its constraints and indexes, its rows) to compare with another.

// Each test file uses its own part of this module.
#![allow(dead_code)]

use std::collections::BTreeMap;

use model_migrations::introspect::{self, TableInfo};
use model_migrations::{
    Executor, MigrateOptions, Migration, MigrationGraph, MigrationKey, Operation, ProjectState, Target,
};
use model_runtime::diesel::connection::SimpleConnection;
use model_runtime::diesel::{self, sql_query, QueryableByName, RunQueryDsl};
use model_runtime::schema::ModelSchema;
use model_runtime::{Backend, Connection};
use model_tests::TestDb;

/// The history table, left out of every comparison.
pub const HISTORY: &str = "model_migrations";

/// `CreateModel` for a model as it is declared.
pub fn create(schema: &ModelSchema) -> Operation {
    Operation::CreateModel {
        name: schema.name.to_string(),
        table: schema.table.to_string(),
        fields: schema.columns.to_vec(),
        indexes: schema.indexes.to_vec(),
    }
}

/// A migration of `app` named `name`, after `dependencies` (`app.name`).
pub fn migration(app: &str, name: &str, dependencies: &[&str], operations: Vec<Operation>) -> Migration {
    Migration {
        app: app.into(),
        name: name.into(),
        dependencies: dependencies
            .iter()
            .map(|key| key.parse::<MigrationKey>().expect("app.name"))
            .collect(),
        replaces: Vec::new(),
        operations,
    }
}

/// Migrates the database to `target`, panicking with the error.
pub fn migrate(conn: &mut Connection, graph: &MigrationGraph, target: Target) {
    let mut executor = Executor::new(conn, graph).expect("read the history");
    if let Err(error) = executor.migrate(&target, &MigrateOptions::default()) {
        panic!("migrating to {target:?} failed: {error}");
    }
}

/// Migrates one app to exactly the migration named `app.name`.
pub fn migrate_to(conn: &mut Connection, graph: &MigrationGraph, key: &str) {
    migrate(conn, graph, Target::Migration(key.parse().expect("app.name")));
}

/// A database's tables as introspection reads them, with the names of
/// their constraints and indexes: everything a migration may change but
/// the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Schema {
    pub tables: Vec<TableInfo>,
    /// Per table, the names of its constraints and indexes (on SQLite, the
    /// statements that define them, which hold the names).
    pub names: BTreeMap<String, Vec<String>>,
}

/// The schema of every table but the history.
pub fn schema(conn: &mut Connection) -> Schema {
    let tables: Vec<TableInfo> = introspect::tables(conn)
        .expect("introspect")
        .into_iter()
        .filter(|t| t.name != HISTORY)
        .collect();
    let names = tables
        .iter()
        .map(|t| (t.name.clone(), object_names(conn, &t.name)))
        .collect();
    Schema { tables, names }
}

/// The schema a fresh database gets from `CREATE TABLE` of every model of
/// `state`: what migrating to that state must give.
pub fn fresh_schema(backend: Backend, state: &ProjectState) -> Schema {
    let db = TestDb::new(backend);
    let mut conn = db.connect();
    let mut left: Vec<&ModelSchema> = state.models().collect();
    let mut created: Vec<String> = Vec::new();
    while !left.is_empty() {
        // Parents first: a table can point only at a table there is.
        let ready = left
            .iter()
            .position(|m| {
                m.columns
                    .iter()
                    .filter_map(|c| c.foreign_key.as_ref())
                    .all(|fk| fk.table == m.table || created.iter().any(|t| *t == fk.table))
            })
            .expect("no circle of foreign keys between tables");
        let model = left.remove(ready);
        for statement in model_runtime::sql::create_table(model, backend) {
            conn.batch_execute(&statement)
                .unwrap_or_else(|e| panic!("{statement}: {e}"));
        }
        created.push(model.table.to_string());
    }
    schema(&mut conn)
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// The names of a table's constraints and indexes, sorted. SQLite keeps
/// constraint names only in the table's `CREATE TABLE` text, so there the
/// statements themselves are compared, spaces normalized.
fn object_names(conn: &mut Connection, table: &str) -> Vec<String> {
    let literal = format!("'{}'", table.replace('\'', "''"));
    let sql = match conn.backend_kind() {
        Backend::Sqlite => {
            format!("SELECT sql AS name FROM sqlite_master WHERE tbl_name = {literal} AND sql IS NOT NULL")
        }
        Backend::Postgres => format!(
            "SELECT conname::text AS name FROM pg_constraint WHERE conrelid = {literal}::regclass \
             UNION SELECT indexname::text FROM pg_indexes \
             WHERE schemaname = current_schema() AND tablename = {literal}"
        ),
        Backend::Mysql => format!(
            "SELECT CONSTRAINT_NAME AS name FROM information_schema.TABLE_CONSTRAINTS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {literal} \
             UNION SELECT INDEX_NAME FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = {literal}"
        ),
    };
    let rows: Vec<Name> = sql_query(sql).load(conn).expect("read the object names");
    let mut names: Vec<String> = rows
        .into_iter()
        .map(|r| r.name.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    names.sort();
    names
}

/// One row: each column's value as text, `None` for `NULL`.
pub type Row = BTreeMap<String, Option<String>>;

#[derive(QueryableByName)]
struct Cell {
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    value: Option<String>,
}

/// Every row of `table`, by primary key, each value as the backend spells
/// it in text.
pub fn rows(conn: &mut Connection, table: &str) -> Vec<Row> {
    let info = introspect::table(conn, table)
        .expect("introspect")
        .unwrap_or_else(|| panic!("no table {table}"));
    let backend = conn.backend_kind();
    let quote = |name: &str| match backend {
        Backend::Mysql => format!("`{name}`"),
        _ => format!("\"{name}\""),
    };
    let text = if backend == Backend::Mysql { "CHAR" } else { "TEXT" };
    let order = info
        .primary_key()
        .iter()
        .map(|c| quote(c))
        .collect::<Vec<_>>()
        .join(", ");
    let mut rows: Vec<Row> = Vec::new();
    for column in &info.columns {
        let sql = format!(
            "SELECT CAST({} AS {text}) AS value FROM {} ORDER BY {order}",
            quote(&column.name),
            quote(table)
        );
        let cells: Vec<Cell> = sql_query(&sql)
            .load(conn)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        rows.resize_with(cells.len(), Row::new);
        for (row, cell) in rows.iter_mut().zip(cells) {
            row.insert(column.name.clone(), cell.value);
        }
    }
    rows
}

/// Every table's rows but the history's.
pub fn all_rows(conn: &mut Connection) -> BTreeMap<String, Vec<Row>> {
    introspect::table_names(conn)
        .expect("table names")
        .into_iter()
        .filter(|t| t != HISTORY)
        .map(|t| {
            let rows = rows(conn, &t);
            (t, rows)
        })
        .collect()
}
