//! What a plan must pass before its first step: a history that matches the
//! migration files, a migration MySQL applied in part resolved first, and
//! no irreversible operation to undo.

use std::collections::BTreeSet;

use crate::history::{self, AppliedMigration, HistoryProblem};
use crate::target::steps_to;
use crate::{MigrateOptions, MigrationError, MigrationGraph, MigrationKey, Operation, Result, Step, Target};

/// The steps from `applied` (the migrations of `history` applied in full)
/// to `target`, or the reason not to take any.
pub(super) fn checked_steps(
    graph: &MigrationGraph,
    history: &[AppliedMigration],
    applied: &BTreeSet<MigrationKey>,
    target: &Target,
    options: &MigrateOptions,
) -> Result<Vec<Step>> {
    let problems = history::verify(history, graph);
    if problems
        .iter()
        .any(|p| !matches!(p, HistoryProblem::Partial { .. }))
    {
        return Err(MigrationError::History(problems));
    }
    if let Some(HistoryProblem::Partial { migration, .. }) = problems.first() {
        let migration = migration.clone();
        return resolve_partial(graph, applied, &migration, target, options, problems);
    }
    let steps = steps_to(graph, applied, target)?;
    // --fake runs nothing, so it undoes nothing irreversible.
    if !options.fake {
        refuse_irreversible(graph, &steps)?;
    }
    Ok(steps)
}

/// The one plan a partly applied migration allows: a `--fake` to it, which
/// records it complete, or a `--fake` that unapplies it, which clears it.
fn resolve_partial(
    graph: &MigrationGraph,
    applied: &BTreeSet<MigrationKey>,
    partial: &MigrationKey,
    target: &Target,
    options: &MigrateOptions,
    problems: Vec<HistoryProblem>,
) -> Result<Vec<Step>> {
    if !options.fake {
        return Err(MigrationError::History(problems));
    }
    if *target == Target::Migration(partial.clone()) {
        return Ok(vec![Step {
            migration: partial.clone(),
            backwards: false,
        }]);
    }
    let mut recorded = applied.clone();
    recorded.insert(partial.clone());
    let steps = steps_to(graph, &recorded, target)?;
    if steps.iter().any(|s| s.backwards && s.migration == *partial) {
        Ok(steps)
    } else {
        Err(MigrationError::History(problems))
    }
}

/// Refuses a plan that would undo a `RunSql` without `reverse_sql`.
fn refuse_irreversible(graph: &MigrationGraph, steps: &[Step]) -> Result<()> {
    for step in steps.iter().filter(|s| s.backwards) {
        let Some(migration) = graph.migration(&step.migration) else {
            return Err(MigrationError::unknown(&step.migration));
        };
        let irreversible = migration.operations.iter().find(|op| {
            matches!(
                op,
                Operation::RunSql {
                    reverse_sql: None,
                    ..
                }
            )
        });
        if let Some(operation) = irreversible {
            return Err(MigrationError::Irreversible {
                migration: step.migration.to_string(),
                operation: operation.to_string(),
            });
        }
    }
    Ok(())
}
