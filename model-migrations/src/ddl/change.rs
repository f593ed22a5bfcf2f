//! What one operation does to one table, whatever the operation: the model
//! before and after, which new column continues which old one, what fills
//! the rows of a column that must gain a value, and how the table's named
//! objects move. Each backend turns this into its own statements.

use std::collections::BTreeMap;

use model_runtime::schema::{Column, DefaultValue, ModelSchema};
use model_runtime::sql::{objects, Dialect, ObjectKind, TableObject};
use model_runtime::Backend;

use super::super::Operation;
use super::diff::{diff, ObjectDiff};
use super::fill::fill_value;

/// One table changed by one operation.
pub(super) struct TableChange<'a> {
    /// The model before.
    pub old: &'a ModelSchema,
    /// The model after.
    pub new: &'a ModelSchema,
    /// The new columns, in order, each with the old column it continues.
    pub columns: Vec<(Option<&'a Column>, &'a Column)>,
    /// The old columns no new column continues.
    pub removed: Vec<&'a Column>,
    /// The value filling the existing rows of a new column, by name.
    fills: BTreeMap<String, DefaultValue>,
}

impl<'a> TableChange<'a> {
    /// The change `operation` makes from `old` to `new`. Columns continue
    /// each other by field, across the field rename `AlterField` or
    /// `RenameField` makes.
    pub fn new(
        operation: &Operation,
        old: &'a ModelSchema,
        new: &'a ModelSchema,
        backend: Backend,
    ) -> TableChange<'a> {
        let renamed: Option<(&str, &str)> = match operation {
            Operation::AlterField { name, field, .. } => Some((name, &field.field)),
            Operation::RenameField {
                old_name, new_name, ..
            } => Some((old_name, new_name)),
            _ => None,
        };
        let source = |field: &str| -> Option<&'a Column> {
            match renamed {
                Some((from, to)) if to == field => old.field(from),
                _ => old.field(field),
            }
        };
        let columns: Vec<(Option<&Column>, &Column)> =
            new.columns.iter().map(|c| (source(&c.field), c)).collect();
        let removed = old
            .columns
            .iter()
            .filter(|o| !columns.iter().any(|(s, _)| s.is_some_and(|s| s.name == o.name)))
            .collect();
        let fills = columns
            .iter()
            .filter_map(|(old, new)| {
                fill_value(operation, *old, new, backend).map(|value| (new.name.to_string(), value))
            })
            .collect();
        TableChange {
            old,
            new,
            columns,
            removed,
            fills,
        }
    }

    /// The table's name after the change (and after its renames, during).
    pub fn table(&self) -> &'a str {
        &self.new.table
    }

    /// The table's old and new name, when it is renamed.
    pub fn renamed_table(&self) -> Option<(&'a str, &'a str)> {
        (self.old.table != self.new.table).then_some((&self.old.table, &self.new.table))
    }

    /// Columns continued under another name: `(old, new)`.
    pub fn renamed_columns(&self) -> impl Iterator<Item = (&'a Column, &'a Column)> + '_ {
        self.continued().filter(|(old, new)| old.name != new.name)
    }

    /// Every column continued from an old one: `(old, new)`.
    pub fn continued(&self) -> impl Iterator<Item = (&'a Column, &'a Column)> + '_ {
        self.columns
            .iter()
            .filter_map(|(old, new)| old.map(|old| (old, *new)))
    }

    /// The new columns that continue none.
    pub fn added(&self) -> impl Iterator<Item = &'a Column> + '_ {
        self.columns
            .iter()
            .filter(|(old, _)| old.is_none())
            .map(|(_, new)| *new)
    }

    /// What fills the existing rows of the new column `column`.
    pub fn fill(&self, column: &Column) -> Option<&DefaultValue> {
        self.fills.get(column.name.as_ref())
    }

    /// How the table's unique constraints, foreign keys and indexes move
    /// once the table and its columns bear their new names.
    pub fn objects(&self) -> ObjectDiff {
        diff(self.objects_now(), objects(self.new))
    }

    /// Whether, before the change, an index led by this column (as it is
    /// named now) was there: the primary key's, a unique constraint's or a
    /// plain index.
    pub fn indexed_before(&self, column: &str) -> bool {
        let key = self.old.primary_key().map(|c| self.now_name(&c.name));
        key.as_deref() == Some(column)
            || self
                .objects_now()
                .iter()
                .any(|o| !o.kind.is_foreign_key() && o.kind.columns().first() == Some(&column))
    }

    /// An old column's name once renamed.
    fn now_name(&self, old_name: &str) -> String {
        self.renamed_columns()
            .find(|(old, _)| old.name == old_name)
            .map_or(old_name, |(_, new)| &new.name)
            .to_owned()
    }

    /// The old objects, still under their old names, but over the columns
    /// and tables as they are named once renamed: databases carry renames
    /// into the objects themselves, not into their names.
    fn objects_now(&self) -> Vec<TableObject> {
        let column = |name: &str| self.now_name(name);
        objects(self.old)
            .into_iter()
            .map(|object| {
                let kind = match object.kind {
                    ObjectKind::Unique(columns) => {
                        ObjectKind::Unique(columns.iter().map(|c| column(c)).collect())
                    }
                    ObjectKind::Index(columns, long) => {
                        ObjectKind::Index(columns.iter().map(|c| column(c)).collect(), long)
                    }
                    ObjectKind::ForeignKey {
                        column: own,
                        table,
                        target,
                        on_delete,
                    } => {
                        let itself = table == *self.old.table;
                        ObjectKind::ForeignKey {
                            column: column(&own),
                            table: if itself { self.new.table.to_string() } else { table },
                            target: if itself { column(&target) } else { target },
                            on_delete,
                        }
                    }
                };
                TableObject {
                    name: object.name,
                    kind,
                }
            })
            .collect()
    }
}

/// Whether the column's definition differs beyond its name: type (with
/// length and precision), `NULL`, default, key.
pub(super) fn redefined(d: &dyn Dialect, old: &Column, new: &Column) -> bool {
    retyped(d, old, new)
        || old.nullable != new.nullable
        || default_changed(d, old, new)
        || key_changed(old, new)
}

/// Whether the column's type, as the backend spells it, changes.
pub(super) fn retyped(d: &dyn Dialect, old: &Column, new: &Column) -> bool {
    d.column_type(old) != d.column_type(new)
}

/// Whether the column's default, as the backend spells it, changes.
pub(super) fn default_changed(d: &dyn Dialect, old: &Column, new: &Column) -> bool {
    let literal = |c: &Column| {
        c.default
            .as_ref()
            .map(|default| model_runtime::sql::default_literal(d, c, default))
    };
    literal(old) != literal(new)
}

/// Whether the column becomes or stops being the key, or auto-increments.
pub(super) fn key_changed(old: &Column, new: &Column) -> bool {
    old.primary_key != new.primary_key || old.auto_increment != new.auto_increment
}
