//! Which operation must run before which, across models and apps: what a
//! foreign key points at exists first, what points at a model is gone before
//! the model is, and a table name is free before another model takes it.
//!
//! The rules read the operations themselves (and the state they start from),
//! so that `arrange` can find the dependencies between apps in the lists
//! `detect` returns.

use std::collections::{BTreeMap, BTreeSet};

use model_runtime::schema::ForeignKeyTarget;

use crate::{MigrationError, Result};
use crate::{Operation, ProjectState};

/// The names operations use, traced back to the names of the start state
/// through the renames among them.
struct Origins {
    models: BTreeMap<(String, String), String>,
    fields: BTreeMap<(String, String, String), String>,
}

impl Origins {
    fn new(steps: &[(&str, &Operation)]) -> Origins {
        let mut origins = Origins {
            models: BTreeMap::new(),
            fields: BTreeMap::new(),
        };
        for (app, op) in steps {
            match op {
                Operation::RenameModel { old_name, new_name } => {
                    origins
                        .models
                        .insert((app.to_string(), new_name.clone()), old_name.clone());
                }
                Operation::RenameField {
                    model,
                    old_name,
                    new_name,
                } => {
                    let key = (app.to_string(), model.clone(), new_name.clone());
                    origins.fields.insert(key, old_name.clone());
                }
                _ => {}
            }
        }
        origins
    }

    fn model(&self, app: &str, name: &str) -> String {
        let key = (app.to_owned(), name.to_owned());
        self.models.get(&key).cloned().unwrap_or_else(|| name.to_owned())
    }

    fn field(&self, app: &str, model: &str, field: &str) -> String {
        let key = (app.to_owned(), model.to_owned(), field.to_owned());
        self.fields.get(&key).cloned().unwrap_or_else(|| field.to_owned())
    }
}

/// The foreign keys an operation creates or changes.
pub(super) fn foreign_keys(op: &Operation) -> Vec<&ForeignKeyTarget> {
    match op {
        Operation::CreateModel { fields, .. } => {
            fields.iter().filter_map(|c| c.foreign_key.as_ref()).collect()
        }
        Operation::AddField { field, .. } | Operation::AlterField { field, .. } => {
            field.foreign_key.iter().collect()
        }
        _ => Vec::new(),
    }
}

/// Whether `op`, of a migration of `app`, makes `fk`'s target what the
/// foreign key expects: creates it, names it, moves its table, or changes
/// its key column.
fn prepares(app: &str, op: &Operation, fk: &ForeignKeyTarget) -> bool {
    if fk.app != app {
        return false;
    }
    match op {
        Operation::CreateModel { name, .. } | Operation::AlterModelTable { name, .. } => fk.model == *name,
        Operation::RenameModel { new_name, .. } => fk.model == *new_name,
        Operation::RenameField { model, new_name, .. } => fk.model == *model && fk.column == *new_name,
        Operation::AddField { model, field, .. } | Operation::AlterField { model, field, .. } => {
            fk.model == *model && fk.column == field.name
        }
        _ => false,
    }
}

/// For each step, the steps that must run before it.
pub(super) fn requirements(steps: &[(&str, &Operation)], from: &ProjectState) -> Vec<BTreeSet<usize>> {
    let origins = Origins::new(steps);
    let mut before: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); steps.len()];
    let others = |i: usize| (0..steps.len()).filter(move |j| *j != i);

    for (i, (_, op)) in steps.iter().enumerate() {
        for fk in foreign_keys(op) {
            before[i].extend(others(i).filter(|j| prepares(steps[*j].0, steps[*j].1, fk)));
        }
    }

    // The fields of the start state that each step removes or changes, by
    // (app, model, field) in the start state's names.
    let mut dropped_fields: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (app, op) in steps {
        if let Operation::RemoveField { model, name } = op {
            let model = origins.model(app, model);
            let field = origins.field(app, &model, name);
            dropped_fields.insert((app.to_string(), model, field));
        }
    }
    let releases = |j: usize, app: &str, model: &str, field: &str| -> bool {
        let (step_app, op) = steps[j];
        if step_app != app {
            return false;
        }
        let touches = |m: &str, f: &str| {
            let m = origins.model(step_app, m);
            m == model && origins.field(step_app, &m, f) == field
        };
        match op {
            Operation::RemoveField { model: m, name } => touches(m, name),
            Operation::AlterField { model: m, name, .. } => touches(m, name),
            Operation::DeleteModel { name } => {
                origins.model(step_app, name) == model
                    && !dropped_fields.contains(&(app.to_owned(), model.to_owned(), field.to_owned()))
            }
            _ => false,
        }
    };
    for (i, (app, op)) in steps.iter().enumerate() {
        let Operation::DeleteModel { name } = op else {
            continue;
        };
        let target = origins.model(app, name);
        for (referrer, column) in from.references_to(app, &target) {
            if referrer.app == *app && referrer.name == target {
                continue;
            }
            // The first step that lets go of the reference is enough: a key
            // moved to a new model is unlinked first, linked again later.
            let first = others(i).find(|j| releases(*j, &referrer.app, &referrer.name, &column.field));
            before[i].extend(first);
        }
    }

    // A table name taken by a step is first freed by the model that had it.
    for (i, (_, op)) in steps.iter().enumerate() {
        let taken = match op {
            Operation::CreateModel { table, .. } | Operation::AlterModelTable { table, .. } => table,
            _ => continue,
        };
        let Some(holder) = from.model_by_table(taken) else {
            continue;
        };
        before[i].extend(others(i).filter(|j| {
            let (app, op) = steps[*j];
            let frees = match op {
                Operation::DeleteModel { name } | Operation::AlterModelTable { name, .. } => name,
                _ => return false,
            };
            app == holder.app && origins.model(app, frees) == holder.name
        }));
    }
    before
}

/// The steps in an order that meets every requirement, otherwise as close
/// to their given order as possible.
pub(super) fn sort(requirements: &[BTreeSet<usize>]) -> Result<Vec<usize>> {
    let mut waiting: Vec<usize> = requirements.iter().map(BTreeSet::len).collect();
    let mut unlocks: Vec<Vec<usize>> = vec![Vec::new(); requirements.len()];
    for (i, needs) in requirements.iter().enumerate() {
        for j in needs {
            unlocks[*j].push(i);
        }
    }
    let mut ready: BTreeSet<usize> = (0..requirements.len()).filter(|i| waiting[*i] == 0).collect();
    let mut order = Vec::with_capacity(requirements.len());
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for j in &unlocks[i] {
            waiting[*j] -= 1;
            if waiting[*j] == 0 {
                ready.insert(*j);
            }
        }
    }
    if order.len() != requirements.len() {
        return Err(MigrationError::Undetectable {
            message: "the changes depend on each other in a circle (tables swapping names?); \
                      make them in two steps, running makemigrations after each"
                .into(),
        });
    }
    Ok(order)
}
