//! The named things a table carries besides its columns: unique
//! constraints, foreign keys and indexes. `CREATE TABLE` writes them and
//! the migrations diff them, so both name them the same way: from the
//! table and its columns, as [`derived_name`] spells it.

use crate::schema::{derived_name, Column, ColumnType, ModelSchema, OnDelete};

/// A unique constraint, foreign key or index of a table, with its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableObject {
    /// Its name in the database.
    pub name: String,
    /// What it is.
    pub kind: ObjectKind,
}

/// What a [`TableObject`] is, over which columns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ObjectKind {
    /// `CONSTRAINT name UNIQUE (columns)`, written inside `CREATE TABLE`.
    Unique(Vec<String>),
    /// `CONSTRAINT name FOREIGN KEY (column) REFERENCES table (target)`,
    /// written inside `CREATE TABLE`.
    ForeignKey {
        /// The column holding the key.
        column: String,
        /// The table pointed at.
        table: String,
        /// The column pointed at.
        target: String,
        /// What deleting the row pointed at does.
        on_delete: OnDelete,
    },
    /// `CREATE INDEX name ON table (columns)`, a statement of its own; the
    /// flags mark the columns too long for MySQL to index whole (text
    /// without a small `max_length`, bytes, JSON), indexed by a prefix there.
    Index(Vec<String>, Vec<bool>),
}

impl ObjectKind {
    /// The columns of its own table it covers, in order.
    pub fn columns(&self) -> Vec<&str> {
        match self {
            ObjectKind::Unique(columns) | ObjectKind::Index(columns, _) => {
                columns.iter().map(String::as_str).collect()
            }
            ObjectKind::ForeignKey { column, .. } => vec![column],
        }
    }

    /// Part of the table's own definition rather than a separate index.
    pub fn is_constraint(&self) -> bool {
        !matches!(self, ObjectKind::Index(..))
    }

    /// A foreign key.
    pub fn is_foreign_key(&self) -> bool {
        matches!(self, ObjectKind::ForeignKey { .. })
    }
}

/// Every object of the model's table, in the order `CREATE TABLE` writes
/// them: single-column unique constraints, multi-column ones, foreign keys,
/// then single-column indexes and multi-column ones.
pub fn objects(schema: &ModelSchema) -> Vec<TableObject> {
    let table = &schema.table;
    let mut objects = Vec::new();
    for column in schema.columns.iter().filter(|c| c.unique && !c.primary_key) {
        objects.push(TableObject {
            name: derived_name("uq", table, &[&column.name]),
            kind: ObjectKind::Unique(vec![column.name.to_string()]),
        });
    }
    for index in schema.indexes.iter().filter(|i| i.unique) {
        objects.push(TableObject {
            name: index.name_in(table),
            kind: ObjectKind::Unique(index.columns.iter().map(|c| c.to_string()).collect()),
        });
    }
    for column in &*schema.columns {
        if let Some(fk) = &column.foreign_key {
            // Named after this table and column only, so renaming the target
            // table leaves the name right.
            objects.push(TableObject {
                name: derived_name("fk", table, &[&column.name]),
                kind: ObjectKind::ForeignKey {
                    column: column.name.to_string(),
                    table: fk.table.to_string(),
                    target: fk.column.to_string(),
                    on_delete: fk.on_delete,
                },
            });
        }
    }
    for column in schema
        .columns
        .iter()
        .filter(|c| c.index && !c.unique && !c.primary_key)
    {
        objects.push(TableObject {
            name: derived_name("ix", table, &[&column.name]),
            kind: ObjectKind::Index(vec![column.name.to_string()], vec![too_long_to_index(column)]),
        });
    }
    for index in schema.indexes.iter().filter(|i| !i.unique) {
        objects.push(TableObject {
            name: index.name_in(table),
            kind: ObjectKind::Index(
                index.columns.iter().map(|c| c.to_string()).collect(),
                index
                    .columns
                    .iter()
                    .map(|c| schema.column(c).is_some_and(too_long_to_index))
                    .collect(),
            ),
        });
    }
    objects
}

/// Longest text MySQL indexes whole: 3072 bytes of key, 4 bytes a character.
pub const MYSQL_INDEXABLE_CHARS: u32 = 768;

/// Whether MySQL can index this column only by a prefix: unbounded or very
/// long text, bytes and JSON.
pub fn too_long_to_index(column: &Column) -> bool {
    match column.ty {
        ColumnType::Text => column.max_length.is_none_or(|n| n > MYSQL_INDEXABLE_CHARS),
        ColumnType::Binary | ColumnType::Json => true,
        _ => false,
    }
}
