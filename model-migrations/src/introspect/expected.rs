//! What introspection reads back from a table that
//! [`create_table`](model_runtime::sql::create_table) made: the schema rendered by
//! the backend's SQL dialect, then read as that backend's catalog reports it.

use model_runtime::schema::{Column, ColumnType, DefaultValue, ModelSchema};
use model_runtime::sql::{self, ObjectKind};
use model_runtime::Backend;

use super::normalize::{mysql_type, postgres_type, tidy_type};
use super::{ColumnInfo, ForeignKeyInfo, IndexInfo, TableInfo};

/// The [`TableInfo`] that [`table`](super::table) reads from a table
/// created from `schema` on `backend`.
///
/// Comparing it with what a live database holds shows what changed behind
/// the migrations' back: the drift check
/// ([`drift`](crate::drift)) does exactly that.
///
/// ```
/// use model_migrations::introspect;
/// use model_runtime::schema::{Column, ColumnType, DefaultValue, ModelSchema};
/// use model_runtime::Backend;
///
/// let mut id = Column::new("id", "id", ColumnType::BigInt);
/// (id.primary_key, id.auto_increment) = (true, true);
/// let mut ok = Column::new("ok", "ok", ColumnType::Bool);
/// ok.default = Some(DefaultValue::Bool(true));
/// let schema = ModelSchema { columns: vec![id, ok].into(), ..ModelSchema::new("shop", "Item", "shop_item", &[]) };
///
/// let mysql = introspect::expected_table(&schema, Backend::Mysql);
/// let ok = mysql.column("ok").unwrap();
/// assert_eq!((ok.data_type.as_str(), ok.default.as_deref()), ("tinyint(1)", Some("1")));
/// let postgres = introspect::expected_table(&schema, Backend::Postgres);
/// assert_eq!(postgres.column("ok").unwrap().default.as_deref(), Some("true"));
///
/// // What the database reads back is what was expected.
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// for statement in model_runtime::sql::create_table(&schema, Backend::Sqlite) {
///     model_runtime::diesel::connection::SimpleConnection::batch_execute(&mut conn, &statement)?;
/// }
/// let live = introspect::table(&mut conn, "shop_item")?.unwrap();
/// assert_eq!(live, introspect::expected_table(&schema, Backend::Sqlite));
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn expected_table(schema: &ModelSchema, backend: Backend) -> TableInfo {
    let columns = schema
        .columns
        .iter()
        .map(|column| expected_column(backend, column))
        .collect();
    let mut table = TableInfo {
        name: schema.table.to_string(),
        columns,
        unique_constraints: Vec::new(),
        indexes: Vec::new(),
        foreign_keys: Vec::new(),
    };
    let mut foreign_key_names = Vec::new();
    for object in sql::objects(schema) {
        match object.kind {
            ObjectKind::Unique(columns) => table.unique_constraints.push(columns),
            ObjectKind::Index(columns, _) => table.indexes.push(IndexInfo {
                name: object.name,
                columns,
                unique: false,
            }),
            ObjectKind::ForeignKey {
                column,
                table: target_table,
                target,
                on_delete,
            } => {
                foreign_key_names.push((object.name, column.clone()));
                table.foreign_keys.push(ForeignKeyInfo {
                    column,
                    target_table,
                    target_column: target,
                    on_delete: on_delete.sql().to_owned(),
                });
            }
        }
    }
    if backend == Backend::Mysql {
        add_innodb_foreign_key_indexes(&mut table, foreign_key_names);
    }
    table.sorted()
}

fn expected_column(backend: Backend, column: &Column) -> ColumnInfo {
    let d = sql::dialect(backend);
    ColumnInfo {
        name: column.name.to_string(),
        data_type: read_type(backend, &d.column_type(column)),
        nullable: column.nullable,
        default: column.default.as_ref().map(|default| match default {
            // Every catalog's text reads in one spelling, however the
            // backend's literal escaped it.
            DefaultValue::Text(text) if !(column.ty == ColumnType::Decimal && is_number(text)) => {
                let text = d.stored_text(column, text);
                match backend {
                    // The catalog keeps a literal default as utf8mb3 text:
                    // a character beyond the Basic Multilingual Plane reads
                    // as `?` there. An expression's hexadecimal keeps it.
                    Backend::Mysql if !d.parenthesize_default(column) => sql::string_literal(
                        &text
                            .chars()
                            .map(|c| if c > '\u{ffff}' { '?' } else { c })
                            .collect::<String>(),
                    ),
                    _ => sql::string_literal(&text),
                }
            }
            _ => read_default(backend, sql::default_literal(d, column, default)),
        }),
        primary_key: column.primary_key,
        auto_increment: column.auto_increment,
    }
}

/// Whether a decimal's default is a number, written bare.
fn is_number(text: &str) -> bool {
    text.parse::<model_runtime::Decimal>().is_ok()
}

/// A declared type as the backend's catalog reports it.
fn read_type(backend: Backend, declared: &str) -> String {
    match backend {
        Backend::Sqlite => tidy_type(declared),
        Backend::Postgres => postgres_type(declared),
        Backend::Mysql => mysql_type(&mysql_stored_type(&tidy_type(declared))),
    }
}

/// MySQL keeps no synonym: it stores `integer` as `int`, `bool` as
/// `tinyint(1)`, `double precision` as `double`, `numeric` as `decimal`.
fn mysql_stored_type(declared: &str) -> String {
    match declared {
        "integer" => "int".to_owned(),
        "bool" | "boolean" => "tinyint(1)".to_owned(),
        "double precision" | "real" => "double".to_owned(),
        other => match other.strip_prefix("numeric") {
            Some(rest) => format!("decimal{rest}"),
            None => other.to_owned(),
        },
    }
}

/// A literal default as the catalog reports it: PostgreSQL deparses the
/// boolean constants in lower case; every other literal reads as written.
fn read_default(backend: Backend, literal: String) -> String {
    match (backend, literal.as_str()) {
        (Backend::Postgres, "TRUE" | "FALSE") => literal.to_lowercase(),
        _ => literal,
    }
}

/// InnoDB needs an index whose first column is a foreign key's column, and
/// makes one, named after the constraint, when the table has none; a later
/// index that serves silently replaces it.
fn add_innodb_foreign_key_indexes(table: &mut TableInfo, foreign_keys: Vec<(String, String)>) {
    for (name, column) in foreign_keys {
        let primary_key = table.primary_key();
        let served = primary_key.first() == Some(&column.as_str())
            || table
                .unique_constraints
                .iter()
                .any(|c| c.first() == Some(&column))
            || table.indexes.iter().any(|i| i.columns.first() == Some(&column));
        if !served {
            table.indexes.push(IndexInfo {
                name,
                columns: vec![column],
                unique: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_read_as_each_catalog_spells_them() {
        assert_eq!(read_type(Backend::Sqlite, "decimal(6, 2)"), "decimal(6,2)");
        assert_eq!(read_type(Backend::Postgres, "numeric(6, 2)"), "numeric(6,2)");
        assert_eq!(read_type(Backend::Mysql, "integer"), "int");
        assert_eq!(read_type(Backend::Mysql, "bool"), "tinyint(1)");
        assert_eq!(read_type(Backend::Mysql, "double precision"), "double");
        assert_eq!(read_type(Backend::Mysql, "decimal(15, 4)"), "decimal(15,4)");
        assert_eq!(read_type(Backend::Mysql, "datetime(6)"), "datetime(6)");
    }
}
