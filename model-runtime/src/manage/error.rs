use std::path::PathBuf;

/// Why a `manage` command failed; printed as `error: ...`, exit code 1.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CommandError {
    /// The database, a migration file or a migration plan failed.
    #[error(transparent)]
    Model(#[from] crate::Error),
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
}

/// The result of a `manage` command.
pub type Result<T, E = CommandError> = std::result::Result<T, E>;
