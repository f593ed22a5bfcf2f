//! Why a command failed: one type for every command, built-in or
//! contributed, so that `run` prints them all the same way.

use std::path::PathBuf;

use model_migrations::MigrationError;

/// Why a `manage` command failed; printed as `error: ...`, exit code 1.
///
/// A database or migration failure keeps its type underneath, for a
/// caller that branches on it:
///
/// ```
/// use model_manage::CommandError;
/// use model_migrations::MigrationError;
///
/// let error = CommandError::from(MigrationError::NoMigrations { app: "shop".into() });
/// assert!(matches!(error, CommandError::Migration(MigrationError::NoMigrations { .. })));
/// assert_eq!(error.to_string(), "app `shop` has no migrations");
///
/// // The runtime's errors arrive wrapped in the migration error, once.
/// let error = CommandError::from(model_runtime::Error::Config("bad URL".into()));
/// assert!(matches!(error, CommandError::Migration(MigrationError::Model(_))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The database, a migration file or a migration plan failed.
    #[error(transparent)]
    Migration(#[from] MigrationError),
    /// The command's arguments ask for something that cannot be done: an
    /// app that is not installed, `--empty` without an app, ...
    #[error("{0}")]
    Refused(String),
    /// A migration file could not be written.
    #[error("cannot write {}: {source}", path.display())]
    File {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The output could not be written (a closed pipe, a full disk).
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    /// The parsed arguments do not fit the command's arguments type: a
    /// contributed command whose `command` and `run` disagree.
    #[error(transparent)]
    Arguments(#[from] clap::Error),
    /// A contributed command failed in its own way.
    #[error(transparent)]
    Other(Box<dyn std::error::Error + Send + Sync>),
}

impl From<model_runtime::Error> for CommandError {
    fn from(error: model_runtime::Error) -> CommandError {
        CommandError::Migration(error.into())
    }
}

/// A transaction's own failure (to begin, commit or roll back), for a
/// command that runs its work in `model_runtime::atomic`.
impl From<model_runtime::diesel::result::Error> for CommandError {
    fn from(error: model_runtime::diesel::result::Error) -> CommandError {
        CommandError::from(model_runtime::Error::Query(error))
    }
}

/// The result of a `manage` command.
pub type Result<T, E = CommandError> = std::result::Result<T, E>;
