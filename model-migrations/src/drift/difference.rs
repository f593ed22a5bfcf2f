//! One difference between the schema a table should have and the one it
//! has, and how it reads.

use std::fmt;

use crate::introspect::{ForeignKeyInfo, IndexInfo};

/// One way a live table differs from what was expected of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drift {
    /// The table.
    pub table: String,
    /// What differs.
    pub kind: DriftKind,
}

/// What a [`Drift`] is. "Live" is the database; "expected" is the schema it
/// was compared with (the applied migrations', or a model's).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DriftKind {
    /// The table is expected and not in the database.
    MissingTable,
    /// The table is in the database and not expected.
    ExtraTable,
    /// The column is expected and not in the table.
    MissingColumn(String),
    /// The column is in the table and not expected.
    ExtraColumn(String),
    /// The column's type differs, as the backend spells types.
    Type {
        /// The column.
        column: String,
        /// The database's type.
        live: String,
        /// The expected type.
        expected: String,
    },
    /// One allows `NULL` and the other does not.
    Nullable {
        /// The column.
        column: String,
        /// Whether the database's column allows `NULL`.
        live: bool,
    },
    /// The `DEFAULT` differs (`None`: no default).
    Default {
        /// The column.
        column: String,
        /// The database's default, as SQL.
        live: Option<String>,
        /// The expected default, as SQL.
        expected: Option<String>,
    },
    /// One assigns the column's values itself and the other does not.
    AutoIncrement {
        /// The column.
        column: String,
        /// Whether the database's column is auto-increment.
        live: bool,
    },
    /// The primary key's columns differ.
    PrimaryKey {
        /// The database's key columns.
        live: Vec<String>,
        /// The expected key columns.
        expected: Vec<String>,
    },
    /// A unique constraint over these columns is expected and missing.
    MissingUnique(Vec<String>),
    /// A unique constraint over these columns is not expected.
    ExtraUnique(Vec<String>),
    /// The index is expected and missing.
    MissingIndex(IndexInfo),
    /// The index is not expected.
    ExtraIndex(IndexInfo),
    /// An index differs in its columns, its uniqueness or its name.
    IndexChanged {
        /// The database's index.
        live: IndexInfo,
        /// The expected index.
        expected: IndexInfo,
    },
    /// The foreign key is expected and missing.
    MissingForeignKey(ForeignKeyInfo),
    /// The foreign key is not expected.
    ExtraForeignKey(ForeignKeyInfo),
    /// The column's foreign key points elsewhere or acts otherwise on delete.
    ForeignKeyChanged {
        /// The database's key.
        live: ForeignKeyInfo,
        /// The expected key.
        expected: ForeignKeyInfo,
    },
}

/// What a [`Drift`] was compared against, for its wording.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// The schema the applied migrations describe (`check --database`).
    Migrations,
    /// A model's schema (`inspectdb`'s notes on what it cannot express).
    Model,
}

impl Expected {
    fn says(self) -> &'static str {
        match self {
            Expected::Migrations => "migrations say",
            Expected::Model => "the model says",
        }
    }

    fn not_in(self) -> &'static str {
        match self {
            Expected::Migrations => "not in the migrations",
            Expected::Model => "not in the model",
        }
    }
}

impl Drift {
    /// The column it concerns, when it concerns one.
    pub fn column(&self) -> Option<&str> {
        match &self.kind {
            DriftKind::MissingColumn(column) | DriftKind::ExtraColumn(column) => Some(column),
            DriftKind::Type { column, .. }
            | DriftKind::Nullable { column, .. }
            | DriftKind::Default { column, .. }
            | DriftKind::AutoIncrement { column, .. } => Some(column),
            DriftKind::MissingForeignKey(key) | DriftKind::ExtraForeignKey(key) => Some(&key.column),
            DriftKind::ForeignKeyChanged { live, .. } => Some(&live.column),
            _ => None,
        }
    }

    /// The sentence, worded for what the table was compared with: `table`
    /// or `table.column`, what the database has, then what was expected.
    ///
    /// ```
    /// use model_migrations::drift::{Drift, DriftKind, Expected};
    ///
    /// let drift = Drift {
    ///     table: "littlelemon_menu".into(),
    ///     kind: DriftKind::Type { column: "title".into(), live: "varchar(300)".into(), expected: "varchar(255)".into() },
    /// };
    /// assert_eq!(drift.describe(Expected::Migrations), "littlelemon_menu.title: type is varchar(300), migrations say varchar(255)");
    /// assert_eq!(drift.describe(Expected::Model), "littlelemon_menu.title: type is varchar(300), the model says varchar(255)");
    /// assert_eq!(drift.to_string(), drift.describe(Expected::Migrations));
    /// ```
    pub fn describe(&self, expected: Expected) -> String {
        let says = expected.says();
        let not_in = expected.not_in();
        let table = &self.table;
        let at = |column: &str| format!("{table}.{column}");
        match &self.kind {
            DriftKind::MissingTable => format!("{table}: table missing from the database"),
            DriftKind::ExtraTable => format!("{table}: table in the database, {not_in}"),
            DriftKind::MissingColumn(column) => format!("{}: column missing from the database", at(column)),
            DriftKind::ExtraColumn(column) => format!("{}: column in the database, {not_in}", at(column)),
            DriftKind::Type {
                column,
                live,
                expected,
            } => format!("{}: type is {live}, {says} {expected}", at(column)),
            DriftKind::Nullable { column, live: true } => {
                format!("{}: allows NULL, {says} NOT NULL", at(column))
            }
            DriftKind::Nullable { column, live: false } => {
                format!("{}: is NOT NULL, {says} NULL", at(column))
            }
            DriftKind::Default {
                column,
                live,
                expected,
            } => format!(
                "{}: default is {}, {says} {}",
                at(column),
                live.as_deref().unwrap_or("none"),
                expected.as_deref().unwrap_or("none")
            ),
            DriftKind::AutoIncrement { column, live } => format!(
                "{}: is {}auto-increment, {says} {}",
                at(column),
                if *live { "" } else { "not " },
                if *live { "not" } else { "it is" }
            ),
            DriftKind::PrimaryKey { live, expected } => format!(
                "{table}: primary key is {}, {says} {}",
                key_list(live),
                key_list(expected)
            ),
            DriftKind::MissingUnique(columns) => format!(
                "{table}: unique constraint on ({}) missing from the database",
                columns.join(", ")
            ),
            DriftKind::ExtraUnique(columns) => format!(
                "{table}: unique constraint on ({}) in the database, {not_in}",
                columns.join(", ")
            ),
            DriftKind::MissingIndex(index) => {
                format!("{table}: index {} missing from the database", index_text(index))
            }
            DriftKind::ExtraIndex(index) => {
                format!("{table}: index {} in the database, {not_in}", index_text(index))
            }
            DriftKind::IndexChanged { live, expected } if live.name == expected.name => format!(
                "{table}: index {} is {}, {says} {}",
                live.name,
                index_shape(live),
                index_shape(expected)
            ),
            DriftKind::IndexChanged { live, expected } => format!(
                "{table}: index {}, {says} {}",
                index_text(live),
                index_text(expected)
            ),
            DriftKind::MissingForeignKey(key) => format!(
                "{}: foreign key {} missing from the database",
                at(&key.column),
                reference(key)
            ),
            DriftKind::ExtraForeignKey(key) => format!(
                "{}: foreign key {} in the database, {not_in}",
                at(&key.column),
                reference(key)
            ),
            DriftKind::ForeignKeyChanged { live, expected } => format!(
                "{}: foreign key is {}, {says} {}",
                at(&live.column),
                reference(live),
                reference(expected)
            ),
        }
    }
}

/// Worded for the drift check: what the applied migrations say.
impl fmt::Display for Drift {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe(Expected::Migrations))
    }
}

fn key_list(columns: &[String]) -> String {
    if columns.is_empty() {
        "none".to_owned()
    } else {
        format!("({})", columns.join(", "))
    }
}

/// `UNIQUE (a, b)` or `(a, b)`.
fn index_shape(index: &IndexInfo) -> String {
    let unique = if index.unique { "UNIQUE " } else { "" };
    format!("{unique}({})", index.columns.join(", "))
}

/// `name (a, b)`.
fn index_text(index: &IndexInfo) -> String {
    format!("{} {}", index.name, index_shape(index))
}

/// `REFERENCES table (column) ON DELETE ACTION`.
fn reference(key: &ForeignKeyInfo) -> String {
    format!(
        "REFERENCES {} ({}) ON DELETE {}",
        key.target_table, key.target_column, key.on_delete
    )
}
