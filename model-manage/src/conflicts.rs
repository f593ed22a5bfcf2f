//! Branched histories: two latest migrations in one app (two branches
//! merged in git), which `migrate`, `makemigrations`, `squashmigrations`
//! and `check` refuse until `makemigrations --merge` joins them.

use model_migrations::MigrationGraph;

use crate::{CommandError, Result};

/// Why a command cannot go on while `app`'s history has branched: both
/// latest migrations named, and the command that joins them.
pub(crate) fn conflict(graph: &MigrationGraph, app: &str) -> Option<String> {
    let leaves = graph.leaves(app);
    (leaves.len() > 1).then(|| {
        let names: Vec<&str> = leaves.iter().map(|k| k.name.as_str()).collect();
        format!(
            "conflicting migrations in app `{app}`: {} all come last (two branches, each with its own \
             migration); run `manage makemigrations --merge {app}` to write a migration that depends on \
             them all",
            names.join(", ")
        )
    })
}

/// Refuses when one of `apps` has branched.
pub(crate) fn refuse_conflicts<'a>(
    graph: &MigrationGraph,
    apps: impl IntoIterator<Item = &'a String>,
) -> Result<()> {
    match apps.into_iter().find_map(|app| conflict(graph, app)) {
        Some(message) => Err(CommandError::Refused(message)),
        None => Ok(()),
    }
}
