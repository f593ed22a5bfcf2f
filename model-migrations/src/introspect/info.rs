//! The plain data a live table reads into.

/// A table as the database describes it.
///
/// Every list is in a fixed order (columns as the table declares them,
/// everything else sorted), so two databases of one backend holding the same
/// schema introspect to equal values.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TableInfo {
    /// The table's name, as the catalog spells it.
    pub name: String,
    /// The columns, in the table's own order.
    pub columns: Vec<ColumnInfo>,
    /// The column lists of the `UNIQUE` constraints, each in constraint
    /// order, single-column ones included; the primary key is not among
    /// them. Sorted.
    pub unique_constraints: Vec<Vec<String>>,
    /// The indexes that back neither the primary key nor a unique
    /// constraint. Sorted by name.
    pub indexes: Vec<IndexInfo>,
    /// The foreign keys, one per referencing column. Sorted by column.
    pub foreign_keys: Vec<ForeignKeyInfo>,
}

impl TableInfo {
    /// The column with this name.
    pub fn column(&self, name: &str) -> Option<&ColumnInfo> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The primary key's columns, in table order (empty when there is none).
    pub fn primary_key(&self) -> Vec<&str> {
        self.columns
            .iter()
            .filter(|c| c.primary_key)
            .map(|c| c.name.as_str())
            .collect()
    }

    /// Puts every list but the columns in its documented order.
    pub(crate) fn sorted(mut self) -> TableInfo {
        self.unique_constraints.sort();
        self.indexes.sort();
        self.foreign_keys.sort();
        self
    }
}

/// One column of a [`TableInfo`].
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ColumnInfo {
    /// The column's name.
    pub name: String,
    /// The backend's own type name, lower-cased, with no space inside
    /// parentheses: `varchar(255)`, `numeric(6,2)` (PostgreSQL),
    /// `decimal(6,2)` (SQLite, MySQL), `timestamp with time zone`,
    /// `tinyint(1)`.
    pub data_type: String,
    /// `NULL` allowed.
    pub nullable: bool,
    /// The `DEFAULT` as a SQL expression in the backend's spelling (`0`,
    /// `'general'`, `true`), without PostgreSQL's casts of literals; `None`
    /// when there is none or it is `NULL`.
    pub default: Option<String>,
    /// Part of the primary key.
    pub primary_key: bool,
    /// The database assigns its values: SQLite `AUTOINCREMENT`, PostgreSQL
    /// identity or `serial`, MySQL `AUTO_INCREMENT`.
    pub auto_increment: bool,
}

/// An index of a [`TableInfo`].
// Field order is sort order: by name first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct IndexInfo {
    /// The index's name.
    pub name: String,
    /// The indexed columns, in index order. A key that is an expression
    /// reads as its SQL text in parentheses on PostgreSQL and as
    /// [`EXPRESSION`](super::EXPRESSION) elsewhere.
    pub columns: Vec<String>,
    /// A `UNIQUE` index (made by `CREATE UNIQUE INDEX`, not by a constraint).
    pub unique: bool,
}

/// A foreign key column of a [`TableInfo`].
///
/// A key over several columns reads as one value per column pair, all with
/// the same target table and action.
// Field order is sort order: by column first.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ForeignKeyInfo {
    /// The referencing column.
    pub column: String,
    /// The table referenced.
    pub target_table: String,
    /// The column referenced.
    pub target_column: String,
    /// The `ON DELETE` action, upper case: `CASCADE`, `RESTRICT`,
    /// `NO ACTION`, `SET NULL` or `SET DEFAULT`.
    pub on_delete: String,
}
