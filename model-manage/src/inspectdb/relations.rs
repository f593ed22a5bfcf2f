//! Foreign keys between the drafted models, and the order that prints
//! every model after the ones it points at.

use std::collections::BTreeSet;

use model_migrations::introspect::{ForeignKeyInfo, TableInfo};
use model_runtime::schema::{ColumnType, ForeignKeyTarget, Name, OnDelete};

use super::model::Draft;

/// What a foreign key needs to know of the model it points at.
struct Target {
    table: String,
    app: Name,
    model: Name,
    key_column: Name,
    key_type: ColumnType,
}

/// Gives each draft the foreign keys of its live table that a model can
/// declare; every other one becomes a note on its field, saying why.
/// `drafts` pairs each model with its live table.
pub(super) fn attach_foreign_keys(drafts: &mut [(TableInfo, Draft)]) {
    let targets: Vec<Target> = drafts
        .iter()
        .filter_map(|(_, draft)| {
            let key = draft.schema.primary_key()?;
            Some(Target {
                table: draft.schema.table.to_string(),
                app: draft.schema.app.clone(),
                model: draft.schema.name.clone(),
                key_column: key.name.clone(),
                key_type: key.ty,
            })
        })
        .collect();
    for (live, draft) in drafts.iter_mut() {
        for key in &live.foreign_keys {
            if let Err(reason) = attach(draft, key, &targets) {
                let note = format!(
                    "foreign key REFERENCES {} ({}) ON DELETE {} left out: {reason}",
                    key.target_table, key.target_column, key.on_delete
                );
                draft.note_field(&key.column, note);
            }
        }
    }
}

fn attach(draft: &mut Draft, key: &ForeignKeyInfo, targets: &[Target]) -> Result<(), String> {
    let target = targets
        .iter()
        .find(|t| t.table == key.target_table)
        .ok_or_else(|| format!("{} is not among the models printed", key.target_table))?;
    if target.key_column != key.target_column {
        return Err(format!(
            "{}.{} is not that table's primary key",
            key.target_table, key.target_column
        ));
    }
    let on_delete = match key.on_delete.as_str() {
        "CASCADE" => OnDelete::Cascade,
        "RESTRICT" => OnDelete::Protect,
        "NO ACTION" => OnDelete::Restrict,
        "SET NULL" => OnDelete::SetNull,
        other => return Err(format!("ON DELETE {other} has no `on_delete` spelling")),
    };
    let mut columns = draft.schema.columns.to_vec();
    let column = columns
        .iter_mut()
        .find(|c| c.name == key.column)
        .ok_or_else(|| format!("column {} is not in the model", key.column))?;
    if column.foreign_key.is_some() {
        return Err("the column already has a foreign key".to_owned());
    }
    if column.primary_key {
        return Err("a primary key cannot also be a foreign key".to_owned());
    }
    if column.ty != target.key_type {
        return Err("the column's type differs from the key it points at".to_owned());
    }
    if on_delete == OnDelete::SetNull && !column.nullable {
        return Err("ON DELETE SET NULL on a NOT NULL column".to_owned());
    }
    column.foreign_key = Some(ForeignKeyTarget {
        app: target.app.clone(),
        model: target.model.clone(),
        table: Name::Owned(target.table.clone()),
        column: target.key_column.clone(),
        on_delete,
    });
    // As the derive does: a foreign key is indexed unless it is unique.
    column.index |= !column.unique;
    draft.schema.columns = columns.into();
    Ok(())
}

/// The drafts, each after every other one its foreign keys point at, ties
/// (and cycles, which no order satisfies) broken by struct name.
pub(super) fn dependency_order(drafts: Vec<(TableInfo, Draft)>) -> Vec<(TableInfo, Draft)> {
    let targets_of = |draft: &Draft| -> BTreeSet<String> {
        draft
            .schema
            .columns
            .iter()
            .filter_map(|c| Some(c.foreign_key.as_ref()?.table.to_string()))
            .filter(|table| *table != draft.schema.table)
            .collect()
    };
    let mut waiting = drafts;
    waiting.sort_by(|a, b| a.1.schema.name.cmp(&b.1.schema.name));
    let mut ordered: Vec<(TableInfo, Draft)> = Vec::with_capacity(waiting.len());
    while !waiting.is_empty() {
        let placed: BTreeSet<String> = ordered.iter().map(|(t, _)| t.name.clone()).collect();
        let pending: BTreeSet<String> = waiting.iter().map(|(t, _)| t.name.clone()).collect();
        let ready = waiting
            .iter()
            .position(|(_, d)| {
                targets_of(d)
                    .iter()
                    .all(|t| placed.contains(t) || !pending.contains(t))
            })
            .unwrap_or(0);
        ordered.push(waiting.remove(ready));
    }
    ordered
}
