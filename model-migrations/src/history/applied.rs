//! The rows of the history table, as plain data.

use model_runtime::chrono::{DateTime, Utc};

use crate::key::MigrationKey;

/// One row of the history table, `model_migrations`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppliedMigration {
    /// The migration.
    pub key: MigrationKey,
    /// When it was recorded.
    pub applied: DateTime<Utc>,
    /// The [`checksum`](crate::Migration::checksum) of the migration as it
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

/// What ran of a migration that failed or was interrupted part-way on
/// MySQL, whose schema changes commit one statement at a time, so that
/// what ran before the failure stays.
///
/// On MySQL the history row is written before the first statement runs
/// (status `applying`, or `unapplying` for an undo) and brought up to date
/// before each next statement, so that a `migrate` killed part-way leaves
/// a row saying how far it got: [`interrupted`](Self::interrupted) is then
/// the statement that was running.
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
    /// `Some` when the run stopped without recording why (the process was
    /// killed, the connection lost): the statement that was running then,
    /// which may or may not have taken effect, as `statement 1 of the 2
    /// statements of ...`. `None` when a statement failed and the failure
    /// was recorded.
    pub interrupted: Option<String>,
}
