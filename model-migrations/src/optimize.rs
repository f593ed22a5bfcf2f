//! Folds a run of operations into fewer that reach the same state, as
//! `squashmigrations` writes them: a model created then changed is created
//! changed, a field added then removed is never added.

use model_runtime::schema::{Column, Index, Name};

use super::{Operation, ProjectState};

/// The operations of `app`, folded. The result reaches the same state from
/// `start` as the input does; when folding would not (a case the rules do
/// not foresee), the input comes back unchanged.
///
/// ```
/// use model_migrations::{optimize, Operation, ProjectState};
/// use model_runtime::schema::{Column, ColumnType};
///
/// let mut id = Column::new("id", "id", ColumnType::BigInt);
/// (id.primary_key, id.auto_increment) = (true, true);
/// let note = Column { nullable: true, ..Column::new("note", "note", ColumnType::Text) };
/// let operations = vec![
///     Operation::CreateModel { name: "Item".into(), table: "shop_item".into(), fields: vec![id], indexes: vec![] },
///     Operation::AddField { model: "Item".into(), field: note.clone(), preserve_default: true },
///     Operation::RenameField { model: "Item".into(), old_name: "note".into(), new_name: "remark".into() },
/// ];
/// let folded = optimize(operations, "shop", &ProjectState::new());
/// assert_eq!(folded.len(), 1);
/// let Operation::CreateModel { fields, .. } = &folded[0] else { unreachable!() };
/// assert_eq!(fields[1].field, "remark");
/// ```
pub fn optimize(operations: Vec<Operation>, app: &str, start: &ProjectState) -> Vec<Operation> {
    let mut folded = operations.clone();
    while let Some(next) = fold_once(&folded) {
        folded = next;
    }
    if reached(&folded, app, start) == reached(&operations, app, start) {
        folded
    } else {
        operations
    }
}

fn reached(operations: &[Operation], app: &str, start: &ProjectState) -> Option<ProjectState> {
    let mut state = start.clone();
    for operation in operations {
        operation.apply(&mut state, app).ok()?;
    }
    Some(state)
}

/// One fold of two operations, with nothing in between that touches the
/// model they change; `None` when no two fold.
fn fold_once(operations: &[Operation]) -> Option<Vec<Operation>> {
    for (i, first) in operations.iter().enumerate() {
        for (j, second) in operations.iter().enumerate().skip(i + 1) {
            // Folding moves `second` back to `first`: not ahead of what it
            // points at.
            let between = &operations[i + 1..j];
            let movable = !between
                .iter()
                .any(|k| model_of(k).is_some_and(|m| points_at(second, m)));
            if let Some(replacement) = fold(first, second).filter(|_| movable) {
                let mut out = operations[..i].to_vec();
                out.extend(replacement);
                out.extend(operations[i + 1..j].iter().cloned());
                out.extend(operations[j + 1..].iter().cloned());
                return Some(out);
            }
            // Nothing folds across an operation on the same model, or across
            // hand-written SQL, which may read anything.
            if blocks(first, second) {
                break;
            }
        }
    }
    None
}

fn model_of(operation: &Operation) -> Option<&str> {
    match operation {
        Operation::CreateModel { name, .. }
        | Operation::DeleteModel { name }
        | Operation::AlterModelTable { name, .. } => Some(name),
        Operation::RenameModel { old_name, .. } => Some(old_name),
        Operation::AddField { model, .. }
        | Operation::RemoveField { model, .. }
        | Operation::AlterField { model, .. }
        | Operation::RenameField { model, .. }
        | Operation::AddIndex { model, .. }
        | Operation::RemoveIndex { model, .. }
        | Operation::AlterUniqueTogether { model, .. } => Some(model),
        Operation::RunSql { .. } => None,
    }
}

/// Whether `later` stops `first` from folding with what comes after it.
fn blocks(first: &Operation, later: &Operation) -> bool {
    let touched = |name: &str| {
        model_of(later) == Some(name)
            || matches!(later, Operation::RenameModel { new_name, .. } if new_name == name)
            || points_at(later, name)
    };
    match model_of(first) {
        None => true,
        Some(_) if matches!(later, Operation::RunSql { .. }) => true,
        Some(name) => {
            touched(name) || matches!(first, Operation::RenameModel { new_name, .. } if touched(new_name))
        }
    }
}

/// Whether an operation creates or changes a foreign key into `model`.
fn points_at(operation: &Operation, model: &str) -> bool {
    let at = |column: &Column| column.foreign_key.as_ref().is_some_and(|fk| fk.model == model);
    match operation {
        Operation::CreateModel { fields, .. } => fields.iter().any(at),
        Operation::AddField { field, .. } | Operation::AlterField { field, .. } => at(field),
        _ => false,
    }
}

/// The fold of two operations on the same model, if they fold.
fn fold(first: &Operation, second: &Operation) -> Option<Vec<Operation>> {
    use Operation::*;
    match (first, second) {
        (CreateModel { name, .. }, DeleteModel { name: deleted }) if name == deleted => Some(vec![]),
        (
            CreateModel {
                name,
                table,
                fields,
                indexes,
            },
            _,
        ) if model_of(second) == Some(name) => {
            let mut model = (name.clone(), table.clone(), fields.clone(), indexes.clone());
            into_create(&mut model, second)?;
            let (name, table, fields, indexes) = model;
            Some(vec![CreateModel {
                name,
                table,
                fields,
                indexes,
            }])
        }
        (AddField { model, field, .. }, RemoveField { model: m2, name })
            if model == m2 && field.field == *name =>
        {
            Some(vec![])
        }
        (
            AddField {
                model,
                field: _,
                preserve_default,
            },
            AlterField {
                model: m2,
                name,
                field,
                preserve_default: p2,
            },
        ) if model == m2 && first_field(first) == name && *preserve_default && *p2 => Some(vec![AddField {
            model: model.clone(),
            field: field.clone(),
            preserve_default: true,
        }]),
        (
            AddField {
                model,
                field,
                preserve_default,
            },
            RenameField {
                model: m2,
                old_name,
                new_name,
            },
        ) if model == m2 && field.field == *old_name => {
            let mut field = field.clone();
            rename_column(&mut field, old_name, new_name);
            Some(vec![AddField {
                model: model.clone(),
                field,
                preserve_default: *preserve_default,
            }])
        }
        (
            AlterField { model, name, .. },
            AlterField {
                model: m2, name: n2, ..
            },
        ) if model == m2 && name == n2 => Some(vec![second.clone()]),
        (
            AlterField {
                model, name, field, ..
            },
            RemoveField {
                model: m2,
                name: removed,
            },
        ) if model == m2 && field.field == *removed => Some(vec![RemoveField {
            model: model.clone(),
            name: name.clone(),
        }]),
        (
            RenameField {
                model,
                old_name,
                new_name,
            },
            RenameField {
                model: m2,
                old_name: o2,
                new_name: n2,
            },
        ) if model == m2 && new_name == o2 => {
            if old_name == n2 {
                Some(vec![])
            } else {
                Some(vec![RenameField {
                    model: model.clone(),
                    old_name: old_name.clone(),
                    new_name: n2.clone(),
                }])
            }
        }
        _ => None,
    }
}

fn first_field(operation: &Operation) -> &str {
    match operation {
        Operation::AddField { field, .. } => &field.field,
        _ => "",
    }
}

/// A field renamed: its column too, when the column bore its name.
fn rename_column(field: &mut Column, old: &str, new: &str) {
    field.field = Name::Owned(new.to_owned());
    if field.name == old {
        field.name = Name::Owned(new.to_owned());
    }
}

/// Applies `change` to a model being created; `None` when it does not fold.
fn into_create(model: &mut (String, String, Vec<Column>, Vec<Index>), change: &Operation) -> Option<()> {
    let (name, table, fields, indexes) = model;
    let position = |field: &str, fields: &[Column]| fields.iter().position(|c| c.field == field);
    match change {
        Operation::AddField {
            field,
            preserve_default,
            ..
        } => {
            let mut field = field.clone();
            // The table is new and empty: a one-off default fills nothing.
            if !preserve_default {
                field.default = None;
            }
            fields.push(field);
        }
        Operation::RemoveField { name: removed, .. } => {
            let at = position(removed, fields)?;
            fields.remove(at);
        }
        Operation::AlterField {
            name: altered,
            field,
            preserve_default,
            ..
        } => {
            let at = position(altered, fields)?;
            let old_column = fields[at].name.clone();
            let mut field = field.clone();
            if !preserve_default {
                field.default = None;
            }
            rename_in(indexes, &old_column, &field.name);
            fields[at] = field;
        }
        Operation::RenameField {
            old_name, new_name, ..
        } => {
            let at = position(old_name, fields)?;
            let old_column = fields[at].name.clone();
            rename_column(&mut fields[at], old_name, new_name);
            let new_column = fields[at].name.clone();
            rename_in(indexes, &old_column, &new_column);
        }
        Operation::AddIndex { index, .. } => indexes.push(index.clone()),
        Operation::RemoveIndex { index, .. } => {
            let at = indexes
                .iter()
                .position(|i| i.columns == index.columns && i.unique == index.unique)?;
            indexes.remove(at);
        }
        Operation::AlterUniqueTogether { unique_together, .. } => {
            indexes.retain(|i| !i.unique);
            indexes.extend(unique_together.iter().map(|columns| Index {
                name: None,
                columns: columns.iter().map(|c| Name::Owned(c.clone())).collect(),
                unique: true,
            }));
        }
        Operation::AlterModelTable { table: new_table, .. } => *table = new_table.clone(),
        Operation::RenameModel { new_name, .. } => *name = new_name.clone(),
        _ => return None,
    }
    Some(())
}

fn rename_in(indexes: &mut [Index], old: &str, new: &str) {
    for index in indexes {
        for column in index.columns.to_mut() {
            if column == old {
                *column = Name::Owned(new.to_owned());
            }
        }
    }
}
