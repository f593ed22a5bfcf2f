//! One live table as the model that describes it, or the reason no model
//! can.

use std::collections::BTreeMap;

use model_migrations::introspect::TableInfo;
use model_runtime::schema::{Column, ColumnType, Index, List, ModelSchema, Name};
use model_runtime::Backend;

use super::names::{field_names, snake_case};
use super::types::{field_type, literal_default};

/// Diesel's tuples, with its `32-column-tables` feature, stop at 32.
const MAX_FIELDS: usize = 32;

/// A model to print, with notes on what it says otherwise than the table.
#[derive(Clone, Debug)]
pub(super) struct Draft {
    /// The model as its derive will describe it.
    pub schema: ModelSchema,
    /// Notes on the whole table, printed above the struct.
    pub notes: Vec<String>,
    /// Notes on one column, printed above its field; keyed by column.
    pub field_notes: BTreeMap<String, Vec<String>>,
}

impl Draft {
    /// Adds a note above the field of `column`.
    pub fn note_field(&mut self, column: &str, note: String) {
        self.field_notes.entry(column.to_owned()).or_default().push(note);
    }
}

/// The model of `table`, named `name`, in `app` (empty: the crate's name),
/// without its foreign keys, which need the other models (see
/// [`super::relations`]); or why the table cannot be a model.
pub(super) fn draft(
    table: &TableInfo,
    name: &str,
    app: Option<&str>,
    backend: Backend,
) -> Result<Draft, String> {
    check_name("table", &table.name)?;
    if table.columns.len() > MAX_FIELDS {
        return Err(format!(
            "it has {} columns; a model has at most {MAX_FIELDS}",
            table.columns.len()
        ));
    }
    match table.primary_key()[..] {
        [_] => {}
        [] => return Err("it has no primary key, which a model needs".to_owned()),
        _ => return Err("its primary key has several columns; a model's has one".to_owned()),
    }
    let column_names: Vec<&str> = table.columns.iter().map(|c| c.name.as_str()).collect();
    let fields = field_names(&column_names, &snake_case(name));
    let mut columns = Vec::with_capacity(table.columns.len());
    for (live, field) in table.columns.iter().zip(fields) {
        check_name("column", &live.name)?;
        let sized = field_type(&live.data_type, backend, live.auto_increment)
            .map_err(|reason| format!("column {} has {reason}", live.name))?;
        if live.primary_key {
            check_key(&live.name, sized.ty, live.auto_increment)?;
        }
        columns.push(Column {
            field: Name::Owned(field),
            name: Name::Owned(live.name.clone()),
            ty: sized.ty,
            // A key never holds NULL: the notes say so if the table allows it.
            nullable: live.nullable && !live.primary_key,
            max_length: sized.max_length,
            max_digits: sized.max_digits,
            decimal_places: sized.decimal_places,
            primary_key: live.primary_key,
            auto_increment: live.primary_key && live.auto_increment,
            unique: false,
            index: false,
            default: live
                .default
                .as_deref()
                .filter(|_| !live.auto_increment)
                .and_then(|sql| literal_default(sized.ty, sql)),
            auto_now_add: false,
            auto_now: false,
            foreign_key: None,
            choices: List::Borrowed(&[]),
            renamed_from: None,
        });
    }
    if columns.iter().all(|c| c.auto_increment) {
        return Err("it has no column besides its auto-increment key".to_owned());
    }
    let indexes = constraints(table, &mut columns);
    Ok(Draft {
        schema: ModelSchema {
            app: Name::Owned(app.unwrap_or_default().to_owned()),
            name: Name::Owned(name.to_owned()),
            table: Name::Owned(table.name.clone()),
            columns: List::Owned(columns),
            indexes: List::Owned(indexes),
            renamed_from: None,
        },
        notes: Vec::new(),
        field_notes: BTreeMap::new(),
    })
}

/// The derive's rule for table and column names.
fn check_name(what: &str, name: &str) -> Result<(), String> {
    if name.is_empty() || name.contains(['"', '`', '\0']) {
        Err(format!(
            "its {what} name {name:?} has quotes or NUL characters, which a model cannot name"
        ))
    } else if name.len() > 63 {
        Err(format!("its {what} name {name} is longer than 63 bytes"))
    } else {
        Ok(())
    }
}

/// The key types a model takes: integers, text and UUIDs, and only
/// integers when the database assigns them.
fn check_key(column: &str, ty: ColumnType, auto_increment: bool) -> Result<(), String> {
    let fits = if auto_increment {
        ty.is_integer()
    } else {
        ty.is_integer() || matches!(ty, ColumnType::Text | ColumnType::Uuid)
    };
    if fits {
        Ok(())
    } else {
        Err(format!("its primary key {column} is of a type no model key has"))
    }
}

/// Marks single-column unique constraints and indexes on their columns and
/// returns the multi-column ones (`unique_together`, `indexes`). An index
/// over an expression or an unknown column has no model spelling: it is
/// left to the notes.
fn constraints(table: &TableInfo, columns: &mut [Column]) -> Vec<Index> {
    let unique_groups = table.unique_constraints.iter().cloned().chain(
        table
            .indexes
            .iter()
            .filter(|i| i.unique)
            .map(|i| i.columns.clone()),
    );
    let plain_groups = table
        .indexes
        .iter()
        .filter(|i| !i.unique)
        .map(|i| i.columns.clone());
    let mut groups: Vec<Index> = Vec::new();
    for (unique, group) in unique_groups
        .map(|g| (true, g))
        .chain(plain_groups.map(|g| (false, g)))
    {
        if !group.iter().all(|name| columns.iter().any(|c| c.name == *name)) {
            continue;
        }
        if let [single] = &group[..] {
            let column = columns
                .iter_mut()
                .find(|c| c.name == *single)
                .expect("checked above");
            if column.primary_key {
                continue;
            }
            if unique {
                column.unique = true;
            } else {
                column.index = true;
            }
            continue;
        }
        let index = Index {
            name: None,
            columns: List::Owned(group.into_iter().map(Name::Owned).collect()),
            unique,
        };
        if !groups.contains(&index) {
            groups.push(index);
        }
    }
    groups
}
