use std::fmt;

use model_runtime::schema::{Column, ForeignKeyTarget, Index, List, ModelSchema, Name};
use serde::{Deserialize, Serialize};

use super::ProjectState;
use crate::{MigrationError, Result};

/// One change to the schema, as written in a migration file. Operations are
/// backend-neutral: the same file renders to SQLite, PostgreSQL and MySQL.
///
/// Models are named without their app: an operation changes a model of the
/// app its migration belongs to. Indexes name columns, not fields.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", deny_unknown_fields)]
pub enum Operation {
    /// Creates a model's table with its columns, indexes and constraints.
    CreateModel {
        name: String,
        table: String,
        fields: Vec<Column>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        indexes: Vec<Index>,
    },
    /// Drops a model's table.
    DeleteModel { name: String },
    /// Renames a model; its table is left alone (see `AlterModelTable`).
    RenameModel { old_name: String, new_name: String },
    /// Renames a model's table.
    AlterModelTable { name: String, table: String },
    /// Adds a column. `preserve_default = false` marks a default given only
    /// to fill the rows already there, which the model itself does not have.
    AddField {
        model: String,
        field: Column,
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        preserve_default: bool,
    },
    /// Drops a column.
    RemoveField { model: String, name: String },
    /// Changes a column's definition: type, nullability, default, length,
    /// precision, unique, index, column name, foreign key.
    AlterField {
        model: String,
        name: String,
        field: Column,
        #[serde(default = "yes", skip_serializing_if = "is_true")]
        preserve_default: bool,
    },
    /// Renames a field, and its column when the column bore the field's name.
    RenameField {
        model: String,
        old_name: String,
        new_name: String,
    },
    /// Adds an index over one or more columns.
    AddIndex { model: String, index: Index },
    /// Drops an index.
    RemoveIndex { model: String, index: Index },
    /// Replaces the model's unique constraints over several columns.
    AlterUniqueTogether {
        model: String,
        unique_together: Vec<Vec<String>>,
    },
    /// Runs SQL written by hand, with the SQL that undoes it.
    RunSql {
        sql: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reverse_sql: Option<String>,
    },
}

fn yes() -> bool {
    true
}

fn is_true(value: &bool) -> bool {
    *value
}

impl Operation {
    /// Whether running it drops data: a table or a column.
    pub fn is_destructive(&self) -> bool {
        matches!(
            self,
            Operation::DeleteModel { .. } | Operation::RemoveField { .. }
        )
    }

    /// Applies the operation to `state`, for a migration of `app`.
    pub fn apply(&self, state: &mut ProjectState, app: &str) -> Result<()> {
        match self {
            Operation::CreateModel {
                name,
                table,
                fields,
                indexes,
            } => {
                if state.model(app, name).is_some() {
                    return Err(invalid(format!("model {app}.{name} already exists")));
                }
                let key = fields.iter().find(|f| f.primary_key).map(|f| f.name.clone());
                let mut fields = fields.clone();
                for fk in fields.iter_mut().filter_map(|f| f.foreign_key.as_mut()) {
                    if fk.app == app && fk.model == *name {
                        // A model pointing at itself points at the table it creates.
                        fk.table = Name::Owned(table.clone());
                        if let Some(key) = &key {
                            fk.column = key.clone();
                        }
                    } else {
                        resolve_target(state, fk);
                    }
                }
                state.insert(ModelSchema {
                    app: Name::Owned(app.to_owned()),
                    name: Name::Owned(name.clone()),
                    table: Name::Owned(table.clone()),
                    columns: List::Owned(fields),
                    indexes: List::Owned(indexes.clone()),
                    renamed_from: None,
                });
            }
            Operation::DeleteModel { name } => {
                model(state, app, name)?;
                if let Some((referrer, column)) =
                    state.references_to(app, name).find(|(m, _)| m.name != *name)
                {
                    return Err(invalid(format!(
                        "cannot delete {app}.{name}: {}.{}.{} still points at it",
                        referrer.app, referrer.name, column.field
                    )));
                }
                state.remove(app, name);
            }
            Operation::RenameModel { old_name, new_name } => {
                let mut renamed = state
                    .remove(app, old_name)
                    .ok_or_else(|| invalid(format!("no model {app}.{old_name}")))?;
                if state.model(app, new_name).is_some() {
                    return Err(invalid(format!("model {app}.{new_name} already exists")));
                }
                renamed.name = Name::Owned(new_name.clone());
                state.insert(renamed);
                retarget(state, app, old_name, |fk| {
                    fk.model = Name::Owned(new_name.clone())
                });
            }
            Operation::AlterModelTable { name, table } => {
                model_mut(state, app, name)?.table = Name::Owned(table.clone());
                retarget(state, app, name, |fk| fk.table = Name::Owned(table.clone()));
            }
            Operation::AddField {
                model,
                field,
                preserve_default,
            } => {
                let mut field = field.clone();
                if let Some(fk) = &mut field.foreign_key {
                    resolve_target(state, fk);
                }
                let schema = model_mut(state, app, model)?;
                if schema.field(&field.field).is_some() {
                    return Err(invalid(format!(
                        "{app}.{model} already has a field {}",
                        field.field
                    )));
                }
                if !preserve_default {
                    field.default = None;
                }
                schema.columns.to_mut().push(field);
            }
            Operation::RemoveField { model, name } => {
                let schema = model_mut(state, app, model)?;
                let column = column_of(schema, name)?.name.clone();
                // Undoing the removal brings the column back, not the groups
                // it was part of: those are removed first, by operations of
                // their own, which undo too.
                if let Some(index) = schema.indexes.iter().find(|i| i.columns.contains(&column)) {
                    return Err(invalid(format!(
                        "cannot remove {app}.{model}.{name}: it is part of the {} on ({}); remove that first",
                        if index.unique {
                            "unique_together group"
                        } else {
                            "index"
                        },
                        index.columns.join(", ")
                    )));
                }
                schema.columns.to_mut().retain(|c| c.field != *name);
            }
            Operation::AlterField {
                model,
                name,
                field,
                preserve_default,
            } => {
                let mut field = field.clone();
                if let Some(fk) = &mut field.foreign_key {
                    resolve_target(state, fk);
                }
                let schema = model_mut(state, app, model)?;
                let old_column = column_of(schema, name)?.name.clone();
                if field.field != *name && schema.field(&field.field).is_some() {
                    return Err(invalid(format!(
                        "{app}.{model} already has a field {}",
                        field.field
                    )));
                }
                if !preserve_default {
                    field.default = None;
                }
                let new_column = field.name.clone();
                let slot = column_of_mut(schema, name)?;
                *slot = field;
                rename_in_indexes(schema, &old_column, &new_column);
                let table = schema.table.clone();
                repoint_column(state, &table, &old_column, &new_column);
            }
            Operation::RenameField {
                model,
                old_name,
                new_name,
            } => {
                let schema = model_mut(state, app, model)?;
                if schema.field(new_name).is_some() {
                    return Err(invalid(format!("{app}.{model} already has a field {new_name}")));
                }
                let column = column_of_mut(schema, old_name)?;
                let old_column = column.name.clone();
                column.field = Name::Owned(new_name.clone());
                if column.name == *old_name {
                    column.name = Name::Owned(new_name.clone());
                }
                let new_column = column.name.clone();
                rename_in_indexes(schema, &old_column, &new_column);
                let table = schema.table.clone();
                repoint_column(state, &table, &old_column, &new_column);
            }
            Operation::AddIndex { model, index } => {
                let schema = model_mut(state, app, model)?;
                if schema.indexes.iter().any(|i| same_index(i, index)) {
                    return Err(invalid(format!("{app}.{model} already has this index")));
                }
                schema.indexes.to_mut().push(index.clone());
            }
            Operation::RemoveIndex { model, index } => {
                let schema = model_mut(state, app, model)?;
                let before = schema.indexes.len();
                schema.indexes.to_mut().retain(|i| !same_index(i, index));
                if schema.indexes.len() == before {
                    return Err(invalid(format!(
                        "{app}.{model} has no index on {}",
                        index.columns.join(", ")
                    )));
                }
            }
            Operation::AlterUniqueTogether {
                model,
                unique_together,
            } => {
                let schema = model_mut(state, app, model)?;
                let indexes = schema.indexes.to_mut();
                indexes.retain(|i| !i.unique);
                indexes.extend(unique_together.iter().map(|columns| Index {
                    name: None,
                    columns: columns.iter().map(|c| Name::Owned(c.clone())).collect(),
                    unique: true,
                }));
            }
            Operation::RunSql { .. } => {}
        }
        Ok(())
    }

    /// The operation that undoes this one, given the state it was applied to.
    pub fn reverse(&self, before: &ProjectState, app: &str) -> Result<Operation> {
        Ok(match self {
            Operation::CreateModel { name, .. } => Operation::DeleteModel { name: name.clone() },
            Operation::DeleteModel { name } => {
                let schema = model(before, app, name)?;
                Operation::CreateModel {
                    name: name.clone(),
                    table: schema.table.to_string(),
                    fields: schema.columns.to_vec(),
                    indexes: schema.indexes.to_vec(),
                }
            }
            Operation::RenameModel { old_name, new_name } => Operation::RenameModel {
                old_name: new_name.clone(),
                new_name: old_name.clone(),
            },
            Operation::AlterModelTable { name, .. } => Operation::AlterModelTable {
                name: name.clone(),
                table: model(before, app, name)?.table.to_string(),
            },
            Operation::AddField { model, field, .. } => Operation::RemoveField {
                model: model.clone(),
                name: field.field.to_string(),
            },
            Operation::RemoveField {
                model: name_of_model,
                name,
            } => Operation::AddField {
                model: name_of_model.clone(),
                field: column_of(model(before, app, name_of_model)?, name)?.clone(),
                preserve_default: true,
            },
            Operation::AlterField {
                model: name_of_model,
                name,
                field,
                ..
            } => Operation::AlterField {
                model: name_of_model.clone(),
                name: field.field.to_string(),
                field: column_of(model(before, app, name_of_model)?, name)?.clone(),
                preserve_default: true,
            },
            Operation::RenameField {
                model,
                old_name,
                new_name,
            } => Operation::RenameField {
                model: model.clone(),
                old_name: new_name.clone(),
                new_name: old_name.clone(),
            },
            Operation::AddIndex { model, index } => Operation::RemoveIndex {
                model: model.clone(),
                index: index.clone(),
            },
            Operation::RemoveIndex { model, index } => Operation::AddIndex {
                model: model.clone(),
                index: index.clone(),
            },
            Operation::AlterUniqueTogether {
                model: name_of_model, ..
            } => Operation::AlterUniqueTogether {
                model: name_of_model.clone(),
                unique_together: model(before, app, name_of_model)?
                    .indexes
                    .iter()
                    .filter(|i| i.unique)
                    .map(|i| i.columns.iter().map(|c| c.to_string()).collect())
                    .collect(),
            },
            Operation::RunSql { sql, reverse_sql } => match reverse_sql {
                Some(reverse) => Operation::RunSql {
                    sql: reverse.clone(),
                    reverse_sql: Some(sql.clone()),
                },
                None => {
                    return Err(invalid(format!(
                        "this RunSql has no reverse_sql and cannot be undone: {sql}"
                    )))
                }
            },
        })
    }

    /// A fragment for a migration's automatic name (`menu_inventory`).
    pub fn name_fragment(&self) -> String {
        let lower = |s: &str| s.to_lowercase();
        match self {
            Operation::CreateModel { name, .. } => lower(name),
            Operation::DeleteModel { name } => format!("delete_{}", lower(name)),
            Operation::RenameModel { old_name, new_name } => {
                format!("rename_{}_{}", lower(old_name), lower(new_name))
            }
            Operation::AlterModelTable { name, .. } => format!("alter_{}_table", lower(name)),
            Operation::AddField { model, field, .. } => format!("{}_{}", lower(model), lower(&field.field)),
            Operation::RemoveField { model, name } => format!("remove_{}_{}", lower(model), lower(name)),
            Operation::AlterField { model, name, .. } => format!("alter_{}_{}", lower(model), lower(name)),
            Operation::RenameField {
                model,
                old_name,
                new_name,
            } => {
                format!("rename_{}_{}_{}", lower(old_name), lower(model), lower(new_name))
            }
            Operation::AddIndex { model, index } => format!("{}_{}", lower(model), index.columns.join("_")),
            Operation::RemoveIndex { model, index } => {
                format!("remove_{}_{}", lower(model), index.columns.join("_"))
            }
            Operation::AlterUniqueTogether { model, .. } => format!("alter_{}_unique_together", lower(model)),
            Operation::RunSql { .. } => "run_sql".into(),
        }
    }
}

impl fmt::Display for Operation {
    /// Django's wording: `Add field inventory to menu`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lower = |s: &str| s.to_lowercase();
        match self {
            Operation::CreateModel { name, .. } => write!(f, "Create model {name}"),
            Operation::DeleteModel { name } => write!(f, "Delete model {name}"),
            Operation::RenameModel { old_name, new_name } => {
                write!(f, "Rename model {old_name} to {new_name}")
            }
            Operation::AlterModelTable { name, table } => {
                write!(f, "Rename table for {} to {table}", lower(name))
            }
            Operation::AddField { model, field, .. } => {
                write!(f, "Add field {} to {}", field.field, lower(model))
            }
            Operation::RemoveField { model, name } => write!(f, "Remove field {name} from {}", lower(model)),
            Operation::AlterField { model, name, .. } => write!(f, "Alter field {name} on {}", lower(model)),
            Operation::RenameField {
                model,
                old_name,
                new_name,
            } => {
                write!(f, "Rename field {old_name} on {} to {new_name}", lower(model))
            }
            Operation::AddIndex { model, index } => {
                write!(
                    f,
                    "Create index on {} of model {}",
                    index.columns.join(", "),
                    lower(model)
                )
            }
            Operation::RemoveIndex { model, index } => {
                write!(
                    f,
                    "Remove index on {} from model {}",
                    index.columns.join(", "),
                    lower(model)
                )
            }
            Operation::AlterUniqueTogether {
                model,
                unique_together,
            } => {
                write!(
                    f,
                    "Alter unique_together for {} ({} constraint(s))",
                    lower(model),
                    unique_together.len()
                )
            }
            Operation::RunSql { .. } => write!(f, "Raw SQL operation"),
        }
    }
}

fn invalid(message: String) -> MigrationError {
    MigrationError::InvalidOperation {
        migration: None,
        message,
    }
}

fn model<'a>(state: &'a ProjectState, app: &str, name: &str) -> Result<&'a ModelSchema> {
    state
        .model(app, name)
        .ok_or_else(|| invalid(format!("no model {app}.{name}")))
}

fn model_mut<'a>(state: &'a mut ProjectState, app: &str, name: &str) -> Result<&'a mut ModelSchema> {
    state
        .model_mut(app, name)
        .ok_or_else(|| invalid(format!("no model {app}.{name}")))
}

fn column_of<'a>(schema: &'a ModelSchema, field: &str) -> Result<&'a Column> {
    schema
        .field(field)
        .ok_or_else(|| invalid(format!("{}.{} has no field {field}", schema.app, schema.name)))
}

fn column_of_mut<'a>(schema: &'a mut ModelSchema, field: &str) -> Result<&'a mut Column> {
    let (app, name) = (schema.app.clone(), schema.name.clone());
    schema
        .columns
        .to_mut()
        .iter_mut()
        .find(|c| c.field == field)
        .ok_or_else(|| invalid(format!("{app}.{name} has no field {field}")))
}

/// Updates every foreign key that points at `app.name`.
fn retarget(state: &mut ProjectState, app: &str, name: &str, change: impl Fn(&mut ForeignKeyTarget)) {
    for model in state.models_mut() {
        for column in model.columns.to_mut() {
            if let Some(fk) = &mut column.foreign_key {
                if fk.app == app && fk.model == name {
                    change(fk);
                }
            }
        }
    }
}

/// A foreign key names a model; its table and key column are that model's
/// as the state has them now, whatever the operation was written with: a
/// migration of the target's app that this one does not depend on, applied
/// first, may have renamed them.
fn resolve_target(state: &ProjectState, fk: &mut ForeignKeyTarget) {
    if let Some(target) = state.model(&fk.app, &fk.model) {
        fk.table = target.table.clone();
        if let Some(key) = target.primary_key() {
            fk.column = key.name.clone();
        }
    }
}

/// Foreign keys name the column they point at: a renamed column takes
/// them along.
fn repoint_column(state: &mut ProjectState, table: &str, old: &str, new: &str) {
    if old == new {
        return;
    }
    for model in state.models_mut() {
        for column in model.columns.to_mut() {
            if let Some(fk) = &mut column.foreign_key {
                if fk.table == table && fk.column == old {
                    fk.column = Name::Owned(new.to_owned());
                }
            }
        }
    }
}

fn same_index(a: &Index, b: &Index) -> bool {
    a.columns == b.columns && a.unique == b.unique
}

fn rename_in_indexes(schema: &mut ModelSchema, old: &str, new: &str) {
    if old == new {
        return;
    }
    for index in schema.indexes.to_mut() {
        for column in index.columns.to_mut() {
            if column == old {
                *column = Name::Owned(new.to_owned());
            }
        }
    }
}
