//! The history a database keeps of its migrations, and what can be wrong
//! with it: a migration edited or deleted after it was applied, one applied
//! before its dependency, one that MySQL left half applied.
//!
//! `migrate` and `showmigrations` refuse to go on when [`verify`] finds a
//! problem; `check` can list them all.

mod applied;
pub(crate) mod problem;
pub(crate) mod recorder;

use model_runtime::Connection;

pub use self::applied::{AppliedMigration, PartialApplication};
pub use self::problem::HistoryProblem;
pub(crate) use self::problem::{describe, ways_out};
use crate::{Migration, MigrationGraph, MigrationKey, Result};

/// The history of the database, oldest first; empty when the history
/// table does not exist. Reads only: a history table older than
/// checksums reads as rows without them.
///
/// ```
/// use model_migrations::history;
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// assert!(history::read(&mut conn)?.is_empty());
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn read(conn: &mut Connection) -> Result<Vec<AppliedMigration>> {
    recorder::read(conn)
}

/// Every problem of `history` against the migration files of `graph`, in
/// the history's order:
///
/// - an applied migration whose [checksum](crate::Migration::checksum)
///   differs from its file's ([`HistoryProblem::Edited`]; a row without a
///   checksum is accepted);
/// - an applied migration no file defines ([`HistoryProblem::Missing`]);
/// - an applied migration whose dependency is not applied
///   ([`HistoryProblem::DependencyNotApplied`]);
/// - a migration MySQL applied in part, or whose run was killed part-way
///   ([`HistoryProblem::Partial`], with
///   [`PartialApplication::interrupted`] set); its checksum is not
///   compared, since fixing its file is one way out.
///
/// ```
/// use model_migrations::history::{self, AppliedMigration, HistoryProblem};
/// use model_migrations::{Migration, MigrationGraph};
///
/// let migration = Migration::parse("0001_initial", "app = \"shop\"\n")?;
/// let graph = MigrationGraph::new([migration.clone()])?;
/// let row = AppliedMigration {
///     key: migration.key(),
///     applied: model_runtime::chrono::Utc::now(),
///     checksum: Some("0".repeat(64)),
///     partial: None,
/// };
/// let problems = history::verify(&[row], &graph);
/// assert_eq!(
///     problems,
///     [HistoryProblem::Edited {
///         migration: migration.key(),
///         recorded: "0".repeat(64),
///         current: migration.checksum(),
///     }]
/// );
/// assert!(problems[0].to_string().starts_with("migration shop.0001_initial was edited after it was applied"));
/// # Ok::<(), model_migrations::MigrationError>(())
/// ```
pub fn verify(history: &[AppliedMigration], graph: &MigrationGraph) -> Vec<HistoryProblem> {
    let recorded: std::collections::BTreeSet<MigrationKey> = history
        .iter()
        .filter(|row| row.is_complete())
        .map(|row| row.key.clone())
        .collect();
    let applied = graph.applied_of(&recorded);
    let mut problems = Vec::new();
    for row in history {
        let Some(migration) = graph.migration(&row.key) else {
            if graph.replaced_by(&row.key).is_some() {
                // Followed through its squash; its file may be gone.
                problems.extend(edited(row, graph.file(&row.key)));
            } else {
                problems.push(HistoryProblem::Missing {
                    migration: row.key.clone(),
                });
            }
            continue;
        };
        match (&row.partial, &row.checksum) {
            (Some(partial), _) => problems.push(HistoryProblem::Partial {
                migration: row.key.clone(),
                partial: partial.clone(),
                operations: migration.operations.len(),
                undo_target: undo_target(migration),
            }),
            (None, _) => problems.extend(edited(row, Some(migration))),
        }
        for dependency in &migration.dependencies {
            if !applied.contains(dependency) {
                problems.push(HistoryProblem::DependencyNotApplied {
                    migration: row.key.clone(),
                    dependency: dependency.clone(),
                });
            }
        }
    }
    problems
}

/// [`HistoryProblem::Edited`] when `row` was recorded with a checksum its
/// file no longer has.
fn edited(row: &AppliedMigration, file: Option<&Migration>) -> Option<HistoryProblem> {
    let (recorded, file) = (row.checksum.as_ref()?, file?);
    let current = file.checksum();
    (*recorded != current).then(|| HistoryProblem::Edited {
        migration: row.key.clone(),
        recorded: recorded.clone(),
        current,
    })
}

/// The target that takes a migration's app back to just before it.
pub(crate) fn undo_target(migration: &Migration) -> String {
    migration
        .dependencies
        .iter()
        .filter(|d| d.app == migration.app)
        .map(|d| d.name.clone())
        .max()
        .unwrap_or_else(|| "zero".to_owned())
}
