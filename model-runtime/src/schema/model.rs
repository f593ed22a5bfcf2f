use serde::{Deserialize, Serialize};

use super::{Column, Index, List, Name};

/// A model's table: what `#[derive(Model)]` knows about it.
///
/// ```
/// use model_runtime::schema::{Column, ColumnType, ModelSchema};
///
/// const COLUMNS: &[Column] = &[Column::new("id", "id", ColumnType::BigInt)];
/// let schema = ModelSchema::new("shop", "Item", "shop_item", COLUMNS);
/// assert_eq!(schema.column("id").unwrap().ty, ColumnType::BigInt);
/// ```
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
// Read from migration files: a misspelled key is an error, never a
// silently ignored option.
#[serde(deny_unknown_fields)]
pub struct ModelSchema {
    /// The app the model belongs to (`"littlelemon"`).
    pub app: Name,
    /// The model's name (`"Menu"`).
    pub name: Name,
    /// The table (`"littlelemon_menu"`).
    pub table: Name,
    /// The columns, in field order.
    pub columns: List<Column>,
    /// Indexes and unique constraints over several columns
    /// (`unique_together`, `indexes`); single-column ones live on the [`Column`].
    #[serde(default, skip_serializing_if = "<[Index]>::is_empty")]
    pub indexes: List<Index>,
    /// The model's previous name, from `#[model(renamed_from = "...")]`: tells
    /// makemigrations that a model it no longer finds was renamed to this one.
    /// A hint for the autodetector only, never part of a migration file.
    #[serde(skip)]
    pub renamed_from: Option<Name>,
}

impl ModelSchema {
    /// A schema with the given columns and no multi-column index.
    pub const fn new(
        app: &'static str,
        name: &'static str,
        table: &'static str,
        columns: &'static [Column],
    ) -> ModelSchema {
        ModelSchema {
            app: Name::Borrowed(app),
            name: Name::Borrowed(name),
            table: Name::Borrowed(table),
            columns: List::Borrowed(columns),
            indexes: List::Borrowed(&[]),
            renamed_from: None,
        }
    }

    /// The column with this database name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// The column storing this Rust field.
    pub fn field(&self, field: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.field == field)
    }

    /// The primary key column.
    pub fn primary_key(&self) -> Option<&Column> {
        self.columns.iter().find(|c| c.primary_key)
    }

    /// `app.Model`, the label Django prints.
    pub fn label(&self) -> String {
        format!("{}.{}", self.app, self.name)
    }
}
