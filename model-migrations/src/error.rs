//! What can go wrong reading, planning and running migrations: one variant
//! per thing a caller may want to react to, each naming what is at fault.

use crate::history::problem::{describe_all, HistoryProblem};
use crate::key::MigrationKey;

/// The result of a migration call.
pub type Result<T, E = MigrationError> = std::result::Result<T, E>;

/// Everything that can go wrong with migrations.
///
/// A database error underneath is a [`MigrationError::Model`], the
/// runtime's own [`model_runtime::Error`]; the other variants are the
/// migration engine's. A caller branches on what it can handle:
///
/// ```
/// use model_migrations::MigrationError;
///
/// fn advice(error: &MigrationError) -> &'static str {
///     match error {
///         MigrationError::SeveralLeaves { .. } => "run makemigrations --merge",
///         MigrationError::LockTimeout { .. } => "wait for the other migrate",
///         MigrationError::History(_) => "restore the edited migration files",
///         _ => "read the message",
///     }
/// }
/// let error = MigrationError::NoMigrations { app: "shop".into() };
/// assert_eq!(error.to_string(), "app `shop` has no migrations");
/// assert_eq!(advice(&error), "read the message");
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum MigrationError {
    /// The database, a connection or a setting failed.
    #[error(transparent)]
    Model(#[from] model_runtime::Error),
    /// A migration file cannot be read, or is not a migration.
    #[error("{file}: {message}")]
    File {
        /// The file, or the embedded copy, as shown to the user.
        file: String,
        /// What is wrong with it.
        message: String,
    },
    /// Embedded migrations were asked for (`MODEL_EMBEDDED_MIGRATIONS=1`)
    /// and the crate defining an app's models embeds none.
    #[error(
        "MODEL_EMBEDDED_MIGRATIONS=1 reads the migrations embedded in the binary, and the crate of app `{app}` \
         ({crate_dir}) embeds none: call `model_runtime::embed_migrations!();` in its lib.rs, with a build.rs \
         that calls `model_build::embed_migrations()`"
    )]
    NotEmbedded {
        /// The app.
        app: String,
        /// The directory of the crate defining its models.
        crate_dir: String,
    },
    /// Text that should name a migration does not: `app.NNNN_name`.
    #[error("`{text}` is not a migration: write app.NNNN_name")]
    NotAMigrationName {
        /// The text given.
        text: String,
    },
    /// A new migration's name has characters a file name must not have.
    #[error("--name `{name}`: a migration's name takes letters, digits and underscores only")]
    InvalidName {
        /// The name given.
        name: String,
    },
    /// An app was named that has no migrations.
    #[error("app `{app}` has no migrations")]
    NoMigrations {
        /// The app.
        app: String,
    },
    /// A migration was named that does not exist.
    #[error("app `{app}` has no migration named `{name}`{}", listed(existing))]
    UnknownMigration {
        /// The app.
        app: String,
        /// The name, or the start of a name, given.
        name: String,
        /// The app's migrations that do exist, in order, when known.
        existing: Vec<String>,
    },
    /// The start of a name given fits several migrations.
    #[error("`{prefix}` names more than one migration of `{app}`: {}", .candidates.join(", "))]
    AmbiguousMigration {
        /// The app.
        app: String,
        /// The start of a name given.
        prefix: String,
        /// Every migration it fits.
        candidates: Vec<String>,
    },
    /// A target names a migration a squash replaces, where the squash
    /// stands for it.
    #[error(
        "{migration} is replaced by the squashed migration {squash}, which stands for it here: \
         name {squash}, or a migration before it"
    )]
    Replaced {
        /// The replaced migration, as `app.name`.
        migration: String,
        /// The squash, as `app.name`.
        squash: String,
    },
    /// Two files define the same migration.
    #[error("migration {migration} is defined twice")]
    Duplicate {
        /// The migration, as `app.name`.
        migration: String,
    },
    /// A migration depends on one that does not exist.
    #[error("migration {migration} depends on {dependency}, which does not exist")]
    MissingDependency {
        /// The migration, as `app.name`.
        migration: String,
        /// The missing dependency, as `app.name`.
        dependency: String,
    },
    /// Migrations depend on each other in a circle.
    #[error("migrations depend on each other in a circle: {}", circle(.cycle))]
    Circular {
        /// One migration of the circle, as `app.name`.
        migration: String,
        /// The circle, each migration depending on the next and the last
        /// on the first, as `app.name`.
        cycle: Vec<String>,
    },
    /// A migration lists itself among its dependencies.
    #[error("migration {migration} depends on itself")]
    SelfDependency {
        /// The migration, as `app.name`.
        migration: String,
    },
    /// An app's latest migration has the highest number a migration can
    /// have: no new migration can be numbered after it.
    #[error(
        "migration {migration} has the highest number a migration can have ({}): a new migration \
         of its app cannot be numbered after it",
        u32::MAX
    )]
    NumberExhausted {
        /// The migration, as `app.name`.
        migration: String,
    },
    /// A squashed migration replaces what it cannot.
    #[error("squashed migration {squash}: {problem}")]
    InvalidSquash {
        /// The squash, as `app.name`.
        squash: String,
        /// What it replaces wrongly.
        problem: String,
    },
    /// The database applied part of a squash, and a file it needs to finish
    /// is gone.
    #[error(
        "the database applied {applied} of the {replaced} migrations {squash} replaces, and the file \
         of {missing} is gone: put it back to finish them, then the squash takes over"
    )]
    UnfinishedSquash {
        /// The squash, as `app.name`.
        squash: String,
        /// How many of the migrations it replaces are applied.
        applied: usize,
        /// How many it replaces.
        replaced: usize,
        /// A replaced migration whose file is gone, as `app.name`.
        missing: String,
    },
    /// An operation does not fit the state it is applied to: a model that
    /// does not exist, a field added twice.
    #[error("{}{message}", .migration.as_ref().map(|m| format!("{m}: ")).unwrap_or_default())]
    InvalidOperation {
        /// The migration holding the operation, as `app.name`, when known.
        migration: Option<String>,
        /// What does not fit.
        message: String,
    },
    /// Unapplying would run an operation that has no reverse.
    #[error("cannot unapply {migration}: its `{operation}` has no reverse_sql; nothing was run")]
    Irreversible {
        /// The migration, as `app.name`.
        migration: String,
        /// The operation, as `showmigrations` describes it.
        operation: String,
    },
    /// Unapplying a migration another applied migration depends on.
    #[error("cannot unapply {migration}: {dependent} depends on it and is applied")]
    DependentApplied {
        /// The migration, as `app.name`.
        migration: String,
        /// The applied migration that depends on it, as `app.name`.
        dependent: String,
    },
    /// Applying a migration whose dependency is not applied.
    #[error("cannot apply {migration}: its dependency {dependency} is not applied")]
    DependencyNotApplied {
        /// The migration, as `app.name`.
        migration: String,
        /// The dependency, as `app.name`.
        dependency: String,
    },
    /// A change the backend cannot make to a model's table.
    #[error("{}{model}: {message}", .migration.as_ref().map(|m| format!("{m}: ")).unwrap_or_default())]
    Unsupported {
        /// The migration making the change, as `app.name`, when known.
        migration: Option<String>,
        /// The model, as `app.Model`, or its field as `app.Model.field`.
        model: String,
        /// What cannot be done, and what to do instead.
        message: String,
    },
    /// An app has several latest migrations: they need a merge first.
    #[error(
        "app `{app}` has several latest migrations ({}): write a migration that depends on all \
         of them, then run makemigrations again",
        .leaves.join(", ")
    )]
    SeveralLeaves {
        /// The app.
        app: String,
        /// The names of its latest migrations.
        leaves: Vec<String>,
    },
    /// The autodetector cannot write the models' changes as operations.
    #[error("{message}")]
    Undetectable {
        /// What it cannot write, and how to make the change in steps.
        message: String,
    },
    /// The history table disagrees with the migration files: an applied
    /// migration edited or deleted, one applied before its dependency, one
    /// MySQL applied in part. Refused before any migration ran.
    #[error("{}", describe_all(.0))]
    History(Vec<HistoryProblem>),
    /// A row of the history table holds what no `migrate` writes (an
    /// unknown status, a negative count): a row edited by hand. Refused
    /// before anything runs.
    #[error(
        "the history table model_migrations has a row for {migration} that cannot be read: {problem}; \
         correct that row by hand"
    )]
    HistoryRow {
        /// The row's migration, as `app.name`.
        migration: String,
        /// What is wrong with it.
        problem: String,
    },
    /// A migration failed while it ran.
    #[error("migration {migration} failed: {message}")]
    Failed {
        /// The migration, as `app.name`.
        migration: String,
        /// What went wrong, and what was applied.
        message: String,
    },
    /// Another `migrate` held the migration lock for longer than the wait.
    #[error(
        "another migrate has held the migration lock ({lock}) for {seconds} seconds; \
         let it finish, or end it, and migrate again"
    )]
    LockTimeout {
        /// The lock, as the backend names it.
        lock: String,
        /// How long this `migrate` waited.
        seconds: u64,
    },
    /// makemigrations needs an answer that `--no-input`, or the end of the
    /// input, cannot give.
    #[error("{question}")]
    NeedsInput {
        /// The question, and why it cannot be answered.
        question: String,
    },
}

impl MigrationError {
    /// The migration `key` names does not exist.
    pub(crate) fn unknown(key: &MigrationKey) -> MigrationError {
        MigrationError::UnknownMigration {
            app: key.app.clone(),
            name: key.name.clone(),
            existing: Vec::new(),
        }
    }
}

/// `; its migrations are: 0001_initial, 0002_...`, or nothing when none are known.
fn listed(existing: &[String]) -> String {
    if existing.is_empty() {
        String::new()
    } else {
        format!("; its migrations are: {}", existing.join(", "))
    }
}

impl From<diesel::result::Error> for MigrationError {
    fn from(error: diesel::result::Error) -> MigrationError {
        MigrationError::Model(error.into())
    }
}

/// `a depends on b, which depends on a`.
fn circle(cycle: &[String]) -> String {
    let mut text = String::new();
    for (i, migration) in cycle.iter().chain(cycle.first()).enumerate() {
        text.push_str(match i {
            0 => "",
            1 => " depends on ",
            _ => ", which depends on ",
        });
        text.push_str(migration);
    }
    text
}
