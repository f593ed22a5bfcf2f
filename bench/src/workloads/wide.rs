//! Apps of M wide models (20 fields each, a foreign key to the model
//! before), for the migration workloads.
//!
//! Ten of them are derived and linked into the bench (`bench_wide`). A
//! larger app is made from their schemas: model k is a copy of the derived
//! `Wide0001` (or `Wide0000` for the first), renamed, its foreign key
//! pointed at model k-1, which is the schema the derive would emit for
//! the same source (a test checks it on the ten linked models).

use std::path::Path;

use model_migrations::autodetect::{self, NonInteractive};
use model_migrations::{MigrationGraph, ProjectState};
use model_runtime::schema::ModelSchema;
use model_runtime::Model;

use crate::codegen;
use crate::models::wide::{Wide0000, Wide0001};
use crate::Result;

/// The app of the ten derived models.
pub const LINKED_APP: &str = "bench_wide";

/// The schemas of an app of `count` wide models.
pub fn schemas(app: &str, count: usize) -> Vec<ModelSchema> {
    (0..count)
        .map(|index| {
            let template = if index == 0 {
                Wide0000::schema()
            } else {
                Wide0001::schema()
            };
            let mut schema = template.clone();
            let name = codegen::model_name(index);
            schema.app = app.to_owned().into();
            schema.table = format!("{app}_{}", name.to_lowercase()).into();
            schema.name = name.into();
            for column in schema.columns.to_mut() {
                if let Some(target) = &mut column.foreign_key {
                    let parent = codegen::model_name(index - 1);
                    target.app = app.to_owned().into();
                    target.table = format!("{app}_{}", parent.to_lowercase()).into();
                    target.model = parent.into();
                }
            }
            schema
        })
        .collect()
}

/// What `makemigrations --dry-run` does once it has loaded the migration
/// files: the autodetector from the files' state to the models', the new
/// migrations arranged and numbered, their operations listed. Returns the
/// number of operations.
pub fn makemigrations_dry_run(graph: &MigrationGraph, models: &ProjectState) -> Result<usize> {
    let from = graph.final_state()?;
    let changes = autodetect::detect(&from, models, &mut NonInteractive)?;
    let migrations = autodetect::arrange(changes, graph, None)?;
    let mut listing = String::new();
    for migration in &migrations {
        listing.push_str(&format!("Migrations for '{}':\n", migration.app));
        for operation in &migration.operations {
            listing.push_str(&format!("    - {operation}\n"));
        }
    }
    std::hint::black_box(listing);
    Ok(migrations.iter().map(|m| m.operations.len()).sum())
}

/// Writes one migration per model of `schemas` into `dir`, each creating
/// one model: the history `migrate` replays.
pub fn write_history(schemas: &[ModelSchema], dir: &Path) -> Result<usize> {
    let mut states = vec![ProjectState::new()];
    for schema in schemas {
        let mut next = states[states.len() - 1].clone();
        next.insert(schema.clone());
        states.push(next);
    }
    write_migrations(&states, dir)
}

/// Writes the migrations from each state of `states` to the next into
/// `dir`, made by the autodetector as `makemigrations` run after each
/// change would have made them. Returns how many it wrote.
pub fn write_migrations(states: &[ProjectState], dir: &Path) -> Result<usize> {
    std::fs::create_dir_all(dir)?;
    let mut made = Vec::new();
    for pair in states.windows(2) {
        let graph = MigrationGraph::new(made.clone())?;
        let changes = autodetect::detect(&pair[0], &pair[1], &mut NonInteractive)?;
        for migration in autodetect::arrange(changes, &graph, None)? {
            std::fs::write(dir.join(format!("{}.toml", migration.name)), migration.to_toml())?;
            made.push(migration);
        }
    }
    Ok(made.len())
}

/// A Django app package `app` in `root`: `models.py` with `count` wide
/// models and, when `with_history` is set, one migration per model.
pub fn write_django_app(root: &Path, app: &str, count: usize, with_history: bool) -> Result<()> {
    let package = root.join(app);
    let migrations = package.join("migrations");
    if package.exists() {
        std::fs::remove_dir_all(&package)?;
    }
    std::fs::create_dir_all(&migrations)?;
    std::fs::write(package.join("__init__.py"), "")?;
    std::fs::write(package.join("models.py"), codegen::django_models(count))?;
    std::fs::write(migrations.join("__init__.py"), "")?;
    if with_history {
        for number in 1..=count {
            std::fs::write(
                migrations.join(format!("{}.py", codegen::django_migration_name(number))),
                codegen::django_create_migration(app, number),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_made_from_the_templates_are_the_derived_ones() {
        let derived: Vec<ModelSchema> = model_runtime::registry::models_of_app(LINKED_APP)
            .iter()
            .map(|m| m.schema().clone())
            .collect();
        assert_eq!(derived.len(), 10);
        assert_eq!(schemas(LINKED_APP, 10), derived);
    }
}
