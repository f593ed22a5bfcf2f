//! Branched histories: two latest migrations in one app (two branches
//! merged in git), refused by `migrate` and `makemigrations`, and the merge
//! migration `makemigrations --merge` writes to join them.

use std::collections::BTreeSet;
use std::io::Write;

use model_migrations::{Migration, MigrationGraph, MigrationKey};
use model_runtime::Settings;

use crate::files::{shown_path, write_new_file, NewMigration};
use crate::{CommandError, Result};

/// `makemigrations --merge`: for each app whose history branched, a
/// migration with no operation that depends on every latest migration,
/// numbered after the highest. Prints each branch's operations, as Django
/// does, and refuses when the branches cannot both apply. `apps` empty is
/// every installed app; `name` names the merge migrations; they are only
/// reported unless `writes`.
pub(crate) fn merge(
    settings: &Settings,
    graph: &MigrationGraph,
    apps: &[String],
    name: Option<&str>,
    writes: bool,
    out: &mut dyn Write,
) -> Result<Vec<NewMigration>> {
    let apps = if apps.is_empty() { settings.apps() } else { apps };
    let mut made = Vec::new();
    for app in apps {
        let leaves = graph.leaves(app);
        if leaves.len() < 2 {
            continue;
        }
        let migration = merge_migration(graph, app, leaves, name)?;
        let merged = MigrationGraph::new(graph.ordered().into_iter().cloned().chain([migration.clone()]))?;
        merged.final_state().map_err(|error| {
            CommandError::Refused(format!(
                "the branches of `{app}` cannot both apply, so they are not merged: {error}; change one of \
                 them so that it applies after the other"
            ))
        })?;
        writeln!(out, "Merging {app}")?;
        for branch in &migration.dependencies {
            writeln!(out, "  Branch {}", branch.name)?;
            for own in branch_migrations(graph, branch, &migration.dependencies) {
                for operation in &own.operations {
                    writeln!(out, "    - {operation}")?;
                }
            }
        }
        let folder = settings
            .migrations_folder(app)
            .ok_or_else(|| CommandError::Refused(format!("no folder for the migrations of `{app}`")))?;
        let path = folder.join(format!("{}.toml", migration.name));
        if writes {
            write_new_file(&folder, &path, &migration.to_toml())?;
            writeln!(
                out,
                "\nCreated new merge migration {}",
                shown_path(&path).display()
            )?;
        }
        made.push(NewMigration {
            path,
            migration,
            written: writes,
        });
    }
    if made.is_empty() {
        writeln!(out, "No conflicts detected to merge.")?;
    }
    Ok(made)
}

/// `NNNN_merge_<branch>_<branch>`, or `NNNN_<name>` with `--name`.
fn merge_migration(
    graph: &MigrationGraph,
    app: &str,
    leaves: Vec<MigrationKey>,
    name: Option<&str>,
) -> Result<Migration> {
    let number = graph.next_number(app)?;
    let name = match name {
        Some(name) => name.to_owned(),
        None => {
            let joined: Vec<&str> = leaves.iter().map(|k| k.name.as_str()).collect();
            let merged = format!("merge_{}", joined.join("_"));
            if merged.len() > 80 {
                model_runtime::chrono::Local::now()
                    .format("merge_%Y%m%d_%H%M")
                    .to_string()
            } else {
                merged
            }
        }
    };
    Ok(Migration {
        app: app.to_owned(),
        name: format!("{number:04}_{name}"),
        dependencies: leaves,
        replaces: Vec::new(),
        operations: Vec::new(),
    })
}

/// The migrations of `leaf`'s app that only its branch has: those it
/// follows from that the other leaves do not, oldest first.
fn branch_migrations<'a>(
    graph: &'a MigrationGraph,
    leaf: &MigrationKey,
    leaves: &[MigrationKey],
) -> Vec<&'a Migration> {
    let shared: BTreeSet<MigrationKey> = leaves
        .iter()
        .filter(|other| *other != leaf)
        .flat_map(|other| graph.forwards_plan(other))
        .collect();
    graph
        .forwards_plan(leaf)
        .into_iter()
        .filter(|key| key.app == leaf.app && !shared.contains(key))
        .filter_map(|key| graph.migration(&key))
        .collect()
}
