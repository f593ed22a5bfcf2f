//! Fields of the models both states have: renamed (by `renamed_from`, or by
//! the questioner for a removed and an added field of the same definition),
//! removed, added and altered.

use model_runtime::schema::{Column, ModelSchema};

use super::changes::{Changes, Phase};
use super::compare::{differs, plain, same_definition};
use super::Questioner;
use crate::Result;
use crate::{Operation, ProjectState};

/// The models of the target that the working state has too, by name.
fn common<'a>(changes: &Changes, to: &'a ProjectState) -> Vec<&'a ModelSchema> {
    to.models()
        .filter(|m| changes.working.model(&m.app, &m.name).is_some())
        .collect()
}

/// RenameField for each field the target has under a new name, applied to
/// the working state so that later phases match fields by name.
pub(super) fn rename(
    changes: &mut Changes,
    to: &ProjectState,
    questioner: &mut dyn Questioner,
) -> Result<()> {
    for target in common(changes, to) {
        let current = changes.working.model(&target.app, &target.name).expect("common");
        let mut removed: Vec<Column> = current
            .columns
            .iter()
            .filter(|c| target.field(&c.field).is_none())
            .cloned()
            .collect();
        removed.sort_by(|a, b| a.field.cmp(&b.field));
        let mut added: Vec<&Column> = target
            .columns
            .iter()
            .filter(|c| current.field(&c.field).is_none())
            .collect();
        added.sort_by(|a, b| a.field.cmp(&b.field));

        let mut renames = Vec::new();
        let mut undecided = Vec::new();
        // An explicit `renamed_from` is settled before any question is asked.
        for new in added {
            let old = new
                .renamed_from
                .as_ref()
                .and_then(|old| removed.iter().position(|c| c.field == *old));
            match old {
                Some(at) => renames.push((removed.remove(at), new)),
                None => undecided.push(new),
            }
        }
        for new in undecided {
            for at in 0..removed.len() {
                let old = &removed[at];
                if same_definition(old, new)
                    && questioner.ask_rename_field(&target.app, &target.name, old, new)?
                {
                    renames.push((removed.remove(at), new));
                    break;
                }
            }
        }
        for (old, new) in renames {
            let op = Operation::RenameField {
                model: target.name.to_string(),
                old_name: old.field.to_string(),
                new_name: new.field.to_string(),
            };
            changes.apply(&target.app, Phase::RenameField, op)?;
        }
    }
    Ok(())
}

/// RemoveField, AddField and AlterField for the fields of the models both
/// states have. A NOT NULL field without a default that is added, or that
/// was nullable, gets a one-off default for the rows already there from the
/// questioner.
pub(super) fn diff(changes: &mut Changes, to: &ProjectState, questioner: &mut dyn Questioner) -> Result<()> {
    for target in common(changes, to) {
        let app = target.app.as_ref();
        let model = target.name.to_string();
        let current = changes.working.model(app, &model).expect("common").clone();
        for column in current
            .columns
            .iter()
            .filter(|c| target.field(&c.field).is_none())
        {
            let op = Operation::RemoveField {
                model: model.clone(),
                name: column.field.to_string(),
            };
            changes.push(app, Phase::RemoveField, op);
        }
        for new in target.columns.iter() {
            let old = current.field(&new.field);
            if old.is_some_and(|old| !differs(old, new)) {
                continue;
            }
            let mut field = plain(new);
            let rows_need_value = !new.nullable
                && new.default.is_none()
                && !new.auto_increment
                && old.is_none_or(|o| o.nullable);
            let preserve_default = if rows_need_value {
                let one_off = questioner.ask_not_null_default(app, &model, new, old.is_none())?;
                field.default = Some(one_off);
                false
            } else {
                true
            };
            if let Some(old) = old.filter(|old| moves_to_new_model(changes, to, old, new)) {
                // The key must leave the model being deleted before the model
                // taking its place (maybe its table) exists: unlinked first,
                // linked again once the new model is created.
                let unlinked = Column {
                    foreign_key: None,
                    ..field.clone()
                };
                let op = Operation::AlterField {
                    model: model.clone(),
                    name: old.field.to_string(),
                    field: unlinked,
                    preserve_default,
                };
                changes.push(app, Phase::AlterField, op);
                let op = Operation::AlterField {
                    model: model.clone(),
                    name: new.field.to_string(),
                    field: plain(new),
                    preserve_default: true,
                };
                changes.push(app, Phase::AlterField, op);
                continue;
            }
            let (phase, op) = match old {
                None => (
                    Phase::AddField,
                    Operation::AddField {
                        model: model.clone(),
                        field,
                        preserve_default,
                    },
                ),
                Some(_) => (
                    Phase::AlterField,
                    Operation::AlterField {
                        model: model.clone(),
                        name: new.field.to_string(),
                        field,
                        preserve_default,
                    },
                ),
            };
            changes.push(app, phase, op);
        }
    }
    Ok(())
}

/// Whether a foreign key moves from a model the target deletes to one it
/// creates in the table of a deleted model: that model cannot be created
/// before the deletion, which cannot happen while the key points at it.
fn moves_to_new_model(changes: &Changes, to: &ProjectState, old: &Column, new: &Column) -> bool {
    let (Some(from_fk), Some(to_fk)) = (&old.foreign_key, &new.foreign_key) else {
        return false;
    };
    let deleted = |model: &model_runtime::schema::ModelSchema| to.model(&model.app, &model.name).is_none();
    let created = changes.working.model(&to_fk.app, &to_fk.model).is_none();
    let table_taken = changes.working.model_by_table(&to_fk.table).is_some_and(deleted);
    to.model(&from_fk.app, &from_fk.model).is_none() && created && table_taken
}
