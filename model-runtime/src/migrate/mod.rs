//! Migrations, Django's way: numbered files of backend-neutral operations
//! per app, replayed to rebuild past states, diffed against the compiled
//! models to write new ones, and applied or unapplied to reach any of them.
//!
//! - [`Operation`]s change a [`ProjectState`];
//! - a [`Migration`] is a file of operations with dependencies;
//! - the [`MigrationGraph`] links every migration and [`plan`]s a [`Target`];
//! - the [`executor`] runs a plan on a database, recording each migration in
//!   the history table, `model_migrations`.

pub mod autodetect;
pub mod executor;
mod graph;
mod migration;
mod operation;
mod plan;
mod recorder;
pub mod sql;
mod state;

pub use executor::{Executor, MigrateOptions, Outcome};
pub use graph::MigrationGraph;
pub use migration::{migration_number, Migration, MigrationKey};
pub use operation::Operation;
pub use plan::{plan, Step, Target};
pub use state::ProjectState;
