//! What counts as a difference: `renamed_from` never does, column order and
//! index order never do (no operation could express them, as in Django).

use std::collections::BTreeMap;

use model_runtime::schema::{Column, ForeignKeyTarget, Index, ModelSchema, Name};

use crate::ProjectState;

/// The column as migrations see it: without its rename hint.
pub(super) fn plain(column: &Column) -> Column {
    Column {
        renamed_from: None,
        ..column.clone()
    }
}

/// Whether two columns of the same field differ in anything a migration
/// records.
pub(super) fn differs(old: &Column, new: &Column) -> bool {
    plain(old) != plain(new)
}

/// Whether `new` could be `old` under another name: the same definition,
/// with a column that follows the field's name in both or is the same in
/// both. Foreign keys count by the model they point at and their
/// `on_delete`; the table and key column they name follow that model.
pub(super) fn same_definition(old: &Column, new: &Column) -> bool {
    let columns_match = (old.name == old.field && new.name == new.field) || old.name == new.name;
    columns_match && anonymous(old, None) == anonymous(new, None)
}

/// Whether `new` could be `old` renamed: the same fields, each of the same
/// definition, a foreign key from `old` to itself matching one from `new`
/// to itself.
pub(super) fn same_shape(old: &ModelSchema, new: &ModelSchema) -> bool {
    let self_reference = |model: &ModelSchema| (model.app.clone(), model.name.clone());
    let fields = |model: &ModelSchema| -> BTreeMap<String, Column> {
        let me = self_reference(model);
        model
            .columns
            .iter()
            .map(|c| (c.field.to_string(), keyed(c, Some(&me))))
            .collect()
    };
    fields(old) == fields(new)
}

/// The column with its field name kept, for comparing models field by field.
fn keyed(column: &Column, me: Option<&(Name, Name)>) -> Column {
    Column {
        field: column.field.clone(),
        name: column.name.clone(),
        ..anonymous(column, me)
    }
}

/// The column without its names, its rename hint, and the parts of its
/// foreign key that follow the target; a foreign key to `me` reads as one
/// to "self".
fn anonymous(column: &Column, me: Option<&(Name, Name)>) -> Column {
    let foreign_key = column.foreign_key.as_ref().map(|fk| {
        let to_me = me.is_some_and(|(app, model)| fk.app == *app && fk.model == *model);
        ForeignKeyTarget {
            app: if to_me { Name::Borrowed("") } else { fk.app.clone() },
            model: if to_me {
                Name::Borrowed("self")
            } else {
                fk.model.clone()
            },
            table: Name::Borrowed(""),
            column: Name::Borrowed(""),
            on_delete: fk.on_delete,
        }
    });
    Column {
        field: Name::Borrowed(""),
        name: Name::Borrowed(""),
        renamed_from: None,
        foreign_key,
        ..column.clone()
    }
}

/// A model as the comparison of two states sees it.
#[derive(Debug, PartialEq)]
struct Normal {
    table: Name,
    columns: BTreeMap<Name, Column>,
    indexes: Vec<Index>,
}

fn normal(model: &ModelSchema) -> Normal {
    // AlterUniqueTogether names no constraint: unique groups count by columns.
    let mut indexes: Vec<Index> = model
        .indexes
        .iter()
        .map(|i| Index {
            name: if i.unique { None } else { i.name.clone() },
            ..i.clone()
        })
        .collect();
    indexes.sort_by(|a, b| (a.unique, &a.columns, &a.name).cmp(&(b.unique, &b.columns, &b.name)));
    Normal {
        table: model.table.clone(),
        columns: model
            .columns
            .iter()
            .map(|c| (c.field.clone(), plain(c)))
            .collect(),
        indexes,
    }
}

/// The first model (as `app.Model`) on which two states differ.
pub(super) fn first_difference(a: &ProjectState, b: &ProjectState) -> Option<String> {
    let labels = a.models().chain(b.models()).map(ModelSchema::label);
    let mut labels: Vec<String> = labels.collect();
    labels.sort();
    labels.dedup();
    labels.into_iter().find(|label| {
        let (app, name) = label.split_once('.').expect("app.Model");
        a.model(app, name).map(normal) != b.model(app, name).map(normal)
    })
}
