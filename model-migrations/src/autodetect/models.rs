//! Models: renamed (by `renamed_from`, or by the questioner for a removed and
//! an added model of the same shape), moved to another table, deleted and
//! created, in an order that keeps every foreign key pointing at a table.

use std::collections::{BTreeMap, BTreeSet};

use model_runtime::schema::{Column, Index, ModelSchema};

use super::changes::{Changes, Phase};
use super::compare::{plain, same_shape};
use super::indexes;
use super::Questioner;
use crate::Result;
use crate::{Operation, ProjectState};

type Key = (String, String);

fn key(model: &ModelSchema) -> Key {
    (model.app.to_string(), model.name.to_string())
}

/// RenameModel for each model the target has under a new name, then
/// AlterModelTable for each model whose table changed; both applied to the
/// working state so the later phases match models by name.
pub(super) fn rename(
    changes: &mut Changes,
    to: &ProjectState,
    questioner: &mut dyn Questioner,
) -> Result<()> {
    let mut removed: BTreeSet<Key> = changes
        .working
        .models()
        .filter(|m| to.model(&m.app, &m.name).is_none())
        .map(key)
        .collect();
    let added: Vec<&ModelSchema> = to
        .models()
        .filter(|m| changes.working.model(&m.app, &m.name).is_none())
        .collect();
    let mut renames: Vec<(Key, String)> = Vec::new();
    let mut undecided = Vec::new();
    // An explicit `renamed_from` is settled before any question is asked.
    for new in added {
        let old = new
            .renamed_from
            .as_ref()
            .map(|old| (new.app.to_string(), old.to_string()));
        match old {
            Some(old) if removed.remove(&old) => renames.push((old, new.name.to_string())),
            _ => undecided.push(new),
        }
    }
    for new in undecided {
        let candidates: Vec<Key> = removed
            .iter()
            .filter(|(app, _)| *app == new.app)
            .cloned()
            .collect();
        for old in candidates {
            let old_model = changes.working.model(&old.0, &old.1).expect("a removed model");
            if same_shape(old_model, new) && questioner.ask_rename_model(&new.app, old_model, new)? {
                removed.remove(&old);
                renames.push((old, new.name.to_string()));
                break;
            }
        }
    }
    for ((app, old_name), new_name) in renames {
        let op = Operation::RenameModel { old_name, new_name };
        changes.apply(&app, Phase::RenameModel, op)?;
    }
    let moved: Vec<(Key, String)> = to
        .models()
        .filter_map(|target| {
            let current = changes.working.model(&target.app, &target.name)?;
            (current.table != target.table).then(|| (key(target), target.table.to_string()))
        })
        .collect();
    for ((app, name), table) in moved {
        changes.apply(
            &app,
            Phase::AlterModelTable,
            Operation::AlterModelTable { name, table },
        )?;
    }
    Ok(())
}

/// DeleteModel for each model the target no longer has. Deleted models
/// pointing at each other in a circle first lose one of those foreign keys;
/// otherwise the order of deletions is left to the dependencies (dependents
/// first).
pub(super) fn delete(changes: &mut Changes, to: &ProjectState) {
    let deleted: BTreeMap<Key, &ModelSchema> = changes
        .working
        .models()
        .filter(|m| to.model(&m.app, &m.name).is_none())
        .map(|m| (key(m), m))
        .collect();
    let edges = |model: &ModelSchema| -> Vec<(Column, Key)> {
        references(model)
            .filter(|(_, target)| deleted.contains_key(target))
            .collect()
    };
    let mut removed_fields = Vec::new();
    for ((app, _), model, column) in back_edges(&deleted, edges) {
        removed_fields.extend(indexes::release(&app, model, &column.name));
        removed_fields.push((
            app,
            Phase::RemoveField,
            Operation::RemoveField {
                model: model.name.to_string(),
                name: column.field.to_string(),
            },
        ));
    }
    let deletions: Vec<(String, Operation)> = deleted
        .keys()
        .map(|(app, name)| (app.clone(), Operation::DeleteModel { name: name.clone() }))
        .collect();
    for (app, phase, op) in removed_fields {
        changes.push(&app, phase, op);
    }
    for (app, op) in deletions {
        changes.push(&app, Phase::DeleteModel, op);
    }
}

/// CreateModel for each model the target adds. Models pointing at each other
/// in a circle are created without one of those foreign keys, added right
/// after (with the indexes over it), as Django does.
pub(super) fn create(changes: &mut Changes, to: &ProjectState) {
    let created: BTreeMap<Key, &ModelSchema> = to
        .models()
        .filter(|m| changes.working.model(&m.app, &m.name).is_none())
        .map(|m| (key(m), m))
        .collect();
    let edges = |model: &ModelSchema| -> Vec<(Column, Key)> {
        references(model)
            .filter(|(_, target)| created.contains_key(target))
            .collect()
    };
    let mut deferred: BTreeMap<Key, Vec<Column>> = BTreeMap::new();
    for (model_key, _, column) in back_edges(&created, edges) {
        deferred.entry(model_key).or_default().push(column);
    }
    for (model_key, model) in &created {
        let later = deferred.get(model_key).map(Vec::as_slice).unwrap_or_default();
        let is_later = |column: &str| later.iter().any(|c| c.name == column);
        let touches_later = |index: &Index| index.columns.iter().any(|c| is_later(c));
        let app = &model_key.0;
        changes.push(
            app,
            Phase::CreateModel,
            Operation::CreateModel {
                name: model.name.to_string(),
                table: model.table.to_string(),
                fields: model
                    .columns
                    .iter()
                    .filter(|c| !is_later(&c.name))
                    .map(plain)
                    .collect(),
                indexes: model
                    .indexes
                    .iter()
                    .filter(|i| !touches_later(i))
                    .cloned()
                    .collect(),
            },
        );
        for column in later {
            // The table is new and empty: no default is needed for its rows.
            let op = Operation::AddField {
                model: model.name.to_string(),
                field: plain(column),
                preserve_default: true,
            };
            changes.push(app, Phase::AddField, op);
        }
        for index in model.indexes.iter().filter(|i| !i.unique && touches_later(i)) {
            let op = Operation::AddIndex {
                model: model.name.to_string(),
                index: index.clone(),
            };
            changes.push(app, Phase::AddIndex, op);
        }
        if model.indexes.iter().any(|i| i.unique && touches_later(i)) {
            let op = Operation::AlterUniqueTogether {
                model: model.name.to_string(),
                unique_together: indexes::unique_groups(model),
            };
            changes.push(app, Phase::AlterUniqueTogether, op);
        }
    }
}

/// Each foreign key column of `model` with the model it points at, itself
/// left out.
fn references(model: &ModelSchema) -> impl Iterator<Item = (Column, Key)> + '_ {
    model.columns.iter().filter_map(move |column| {
        let fk = column.foreign_key.as_ref()?;
        let target = (fk.app.to_string(), fk.model.to_string());
        (target != key(model)).then(|| (column.clone(), target))
    })
}

/// The foreign keys that close a circle among `models`: the back edges of a
/// depth-first walk in sorted order. Without them the models form no circle.
fn back_edges<'a>(
    models: &BTreeMap<Key, &'a ModelSchema>,
    edges: impl Fn(&ModelSchema) -> Vec<(Column, Key)>,
) -> Vec<(Key, &'a ModelSchema, Column)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn walk<'a>(
        at: &Key,
        models: &BTreeMap<Key, &'a ModelSchema>,
        edges: &dyn Fn(&ModelSchema) -> Vec<(Column, Key)>,
        marks: &mut BTreeMap<Key, Mark>,
        found: &mut Vec<(Key, &'a ModelSchema, Column)>,
    ) {
        marks.insert(at.clone(), Mark::Open);
        let model = models[at];
        for (column, target) in edges(model) {
            match marks.get(&target) {
                Some(Mark::Open) => found.push((at.clone(), model, column)),
                Some(Mark::Done) => {}
                None => walk(&target, models, edges, marks, found),
            }
        }
        marks.insert(at.clone(), Mark::Done);
    }
    let mut marks = BTreeMap::new();
    let mut found = Vec::new();
    for start in models.keys() {
        if !marks.contains_key(start) {
            walk(start, models, &edges, &mut marks, &mut found);
        }
    }
    found
}
