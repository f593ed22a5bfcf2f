//! The history a database keeps of its migrations, and what can be wrong
//! with it: a migration edited or deleted after it was applied, one applied
//! before its dependency, one that MySQL left half applied.
//!
//! `migrate` and `showmigrations` refuse to go on when [`verify`] finds a
//! problem; `check` can list them all.

use std::fmt;

use model_runtime::chrono::{DateTime, Utc};
use model_runtime::Connection;

use super::{recorder, MigrationGraph, MigrationKey};
use crate::Result;

/// One row of the history table, `model_migrations`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedMigration {
    /// The migration.
    pub key: MigrationKey,
    /// When it was recorded.
    pub applied: DateTime<Utc>,
    /// The [`checksum`](super::Migration::checksum) of the migration as it
    /// was applied; `None` on a row written before checksums were recorded,
    /// until the next `migrate` writes it.
    pub checksum: Option<String>,
    /// `Some` when the migration ran only in part (MySQL).
    pub partial: Option<PartialApplication>,
}

impl AppliedMigration {
    /// Whether the migration was applied in full.
    pub fn is_complete(&self) -> bool {
        self.partial.is_none()
    }
}

/// What ran of a migration that failed part-way on MySQL, whose schema
/// changes commit one statement at a time, so that what ran before the
/// failure stays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PartialApplication {
    /// Whether it failed while being unapplied rather than applied.
    pub backwards: bool,
    /// How many of its operations ran to the end.
    pub operations_done: usize,
    /// What ran, in order: each operation's description, then, when part
    /// of the failing operation ran, how much of it (`1 of the 2
    /// statements of ...`).
    pub done: Vec<String>,
}

/// Something about the history that stops `migrate`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum HistoryProblem {
    /// The migration's file changed after it was applied.
    Edited {
        /// The migration.
        migration: MigrationKey,
        /// The checksum recorded when it was applied.
        recorded: String,
        /// The checksum of its file now.
        current: String,
    },
    /// The migration is recorded but no file defines it any more.
    Missing {
        /// The migration.
        migration: MigrationKey,
    },
    /// The migration is applied but one it depends on is not (Django's
    /// `InconsistentMigrationHistory`).
    DependencyNotApplied {
        /// The applied migration.
        migration: MigrationKey,
        /// Its dependency, not applied.
        dependency: MigrationKey,
    },
    /// The migration ran only in part (MySQL).
    Partial {
        /// The migration.
        migration: MigrationKey,
        /// What of it ran.
        partial: PartialApplication,
        /// How many operations it has.
        operations: usize,
        /// The `migrate` target that unapplies it: its previous migration
        /// in its app, or `zero`.
        undo_target: String,
    },
}

impl HistoryProblem {
    /// The migration at fault.
    pub fn migration(&self) -> &MigrationKey {
        match self {
            HistoryProblem::Edited { migration, .. }
            | HistoryProblem::Missing { migration }
            | HistoryProblem::DependencyNotApplied { migration, .. }
            | HistoryProblem::Partial { migration, .. } => migration,
        }
    }
}

impl fmt::Display for HistoryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HistoryProblem::Edited {
                migration,
                recorded,
                current,
            } => write!(
                f,
                "migration {migration} was edited after it was applied: it was applied with checksum \
                 {recorded}, its file now has {current}; put the file back as it was applied and make \
                 the change in a new migration"
            ),
            HistoryProblem::Missing { migration } => write!(
                f,
                "migration {migration} is applied, but no migration file defines it any more; put its \
                 file back"
            ),
            HistoryProblem::DependencyNotApplied {
                migration,
                dependency,
            } => write!(
                f,
                "migration {migration} is applied before its dependency {dependency}; the history table \
                 model_migrations must say what the database holds: record {dependency} there, or remove \
                 {migration}"
            ),
            HistoryProblem::Partial {
                migration,
                partial,
                operations,
                undo_target,
            } => {
                let verb = if partial.backwards { "unapplied" } else { "applied" };
                write!(
                    f,
                    "migration {migration} was partly {verb}: MySQL cannot roll schema changes back, and {}. \
                     {}",
                    describe(partial, *operations),
                    ways_out(migration, partial, undo_target)
                )
            }
        }
    }
}

/// `1 of its 3 operations ran (`Add field ...`)`.
pub(crate) fn describe(partial: &PartialApplication, operations: usize) -> String {
    let verb = if partial.backwards { "were undone" } else { "ran" };
    let mut text = format!(
        "{} of its {operations} operations {verb}",
        partial.operations_done
    );
    if !partial.done.is_empty() {
        let done: Vec<String> = partial.done.iter().map(|d| format!("`{d}`")).collect();
        text.push_str(&format!(" ({})", done.join(", ")));
    }
    text
}

/// The two commands that resolve a partly applied migration, after the
/// database has been brought to one side by hand.
pub(crate) fn ways_out(migration: &MigrationKey, partial: &PartialApplication, undo_target: &str) -> String {
    let app = &migration.app;
    let complete = format!("`manage migrate --fake {app} {}`", migration.name);
    let clear = format!("`manage migrate --fake {app} {undo_target}`");
    if partial.backwards {
        format!(
            "Nothing runs until it is resolved, one of two ways: finish undoing it by hand, then clear its \
             record with {clear}; or redo by hand what was undone, then record it as applied with {complete}."
        )
    } else {
        format!(
            "Nothing runs until it is resolved, one of two ways: complete it by hand, then record it as \
             applied with {complete}; or undo by hand what ran, then clear its record with {clear}."
        )
    }
}

/// Several problems as one message, one a line.
pub(crate) fn describe_all(problems: &[HistoryProblem]) -> String {
    match problems {
        [one] => one.to_string(),
        many => {
            let mut text = String::from("the migration history does not match the migration files:");
            for problem in many {
                text.push_str(&format!("\n  - {problem}"));
            }
            text
        }
    }
}

/// The history of the database, oldest first; empty when the history
/// table does not exist. Reads only: a history table older than
/// checksums reads as rows without them.
///
/// ```
/// use model_runtime::migrate::history;
///
/// let mut conn = model_runtime::connect("sqlite::memory:")?;
/// assert!(history::read(&mut conn)?.is_empty());
/// # Ok::<(), model_runtime::Error>(())
/// ```
pub fn read(conn: &mut Connection) -> Result<Vec<AppliedMigration>> {
    recorder::read(conn)
}

/// Every problem of `history` against the migration files of `graph`, in
/// the history's order:
///
/// - an applied migration whose [checksum](super::Migration::checksum)
///   differs from its file's ([`HistoryProblem::Edited`]; a row without a
///   checksum is accepted);
/// - an applied migration no file defines ([`HistoryProblem::Missing`]);
/// - an applied migration whose dependency is not applied
///   ([`HistoryProblem::DependencyNotApplied`]);
/// - a migration MySQL applied in part ([`HistoryProblem::Partial`]); its
///   checksum is not compared, since fixing its file is one way out.
///
/// ```
/// use model_runtime::migrate::history::{self, AppliedMigration, HistoryProblem};
/// use model_runtime::migrate::{Migration, MigrationGraph};
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
/// # Ok::<(), model_runtime::Error>(())
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
fn edited(row: &AppliedMigration, file: Option<&super::Migration>) -> Option<HistoryProblem> {
    let (recorded, file) = (row.checksum.as_ref()?, file?);
    let current = file.checksum();
    (*recorded != current).then(|| HistoryProblem::Edited {
        migration: row.key.clone(),
        recorded: recorded.clone(),
        current,
    })
}

/// The target that takes a migration's app back to just before it.
pub(crate) fn undo_target(migration: &super::Migration) -> String {
    migration
        .dependencies
        .iter()
        .filter(|d| d.app == migration.app)
        .map(|d| d.name.clone())
        .max()
        .unwrap_or_else(|| "zero".to_owned())
}
