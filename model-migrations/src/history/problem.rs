//! What can be wrong with the history, and how each problem reads: plain
//! data and text, which the error type carries.

use std::fmt;

use super::applied::PartialApplication;
use crate::key::MigrationKey;

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
    /// The migration ran only in part (MySQL): a statement failed, or the
    /// run was killed part-way.
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
                match &partial.interrupted {
                    None => write!(
                        f,
                        "migration {migration} was partly {verb}: MySQL cannot roll schema changes back, \
                         and {}. {}",
                        describe(partial, *operations),
                        ways_out(migration, partial, undo_target)
                    ),
                    Some(running) => write!(
                        f,
                        "migration {migration} was interrupted while being {verb} (its `migrate` was killed \
                         or cut off part-way, unless it is still running): MySQL cannot roll schema changes back, and {}; then {running} \
                         was running, and may or may not have taken effect: look at the database to tell. {}",
                        describe(partial, *operations),
                        ways_out(migration, partial, undo_target)
                    ),
                }
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
