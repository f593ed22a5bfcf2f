//! The SQL of a migration, operation by operation, forwards or backwards,
//! from the state it starts at: what `migrate` runs and `sqlmigrate` shows.

use std::collections::BTreeSet;

use model_runtime::Backend;

use crate::{ddl, Migration, MigrationGraph, MigrationKey, ProjectState};
use crate::{MigrationError, Result};

/// One operation's statements, with the operation for messages.
pub struct OperationSql {
    /// The operation, as Django words it.
    pub description: String,
    /// Whether it drops a table or a column.
    pub destructive: bool,
    /// The statements, in order.
    pub statements: Vec<String>,
}

/// The SQL of `migration` applied to `before`, operation by operation, and
/// the state it leads to.
pub fn forwards_sql(
    migration: &Migration,
    before: &ProjectState,
    backend: Backend,
) -> Result<(Vec<OperationSql>, ProjectState)> {
    let mut state = before.clone();
    let mut out = Vec::with_capacity(migration.operations.len());
    for operation in &migration.operations {
        let previous = state.clone();
        operation
            .apply(&mut state, &migration.app)
            .map_err(|e| in_migration(migration, e))?;
        out.push(OperationSql {
            description: operation.to_string(),
            destructive: operation.is_destructive(),
            statements: ddl::render(operation, &migration.app, &previous, &state, backend)
                .map_err(|e| in_migration(migration, e))?,
        });
    }
    Ok((out, state))
}

/// The SQL that undoes `migration`, given the state it was applied to:
/// each operation's reverse, last operation first.
pub fn backwards_sql(
    migration: &Migration,
    before: &ProjectState,
    backend: Backend,
) -> Result<Vec<OperationSql>> {
    let mut states = vec![before.clone()];
    for operation in &migration.operations {
        let mut next = states.last().expect("one state at least").clone();
        operation
            .apply(&mut next, &migration.app)
            .map_err(|e| in_migration(migration, e))?;
        states.push(next);
    }
    let mut out = Vec::with_capacity(migration.operations.len());
    for (i, operation) in migration.operations.iter().enumerate().rev() {
        let reverse = operation
            .reverse(&states[i], &migration.app)
            .map_err(|e| in_migration(migration, e))?;
        out.push(OperationSql {
            description: reverse.to_string(),
            destructive: reverse.is_destructive(),
            statements: ddl::render(&reverse, &migration.app, &states[i + 1], &states[i], backend)
                .map_err(|e| in_migration(migration, e))?,
        });
    }
    Ok(out)
}

/// The SQL `sqlmigrate` shows: one migration, forwards or backwards, from
/// the state its dependencies leave.
pub fn migration_sql(
    graph: &MigrationGraph,
    key: &MigrationKey,
    backwards: bool,
    backend: Backend,
) -> Result<Vec<OperationSql>> {
    let migration = graph.migration(key).ok_or_else(|| MigrationError::unknown(key))?;
    let mut ancestors: BTreeSet<MigrationKey> = graph.forwards_plan(key).into_iter().collect();
    ancestors.remove(key);
    let before = graph.state_of(&ancestors)?;
    if backwards {
        backwards_sql(migration, &before, backend)
    } else {
        forwards_sql(migration, &before, backend).map(|(sql, _)| sql)
    }
}

fn in_migration(migration: &Migration, error: MigrationError) -> MigrationError {
    super::graph::in_migration(&migration.key(), error)
}
