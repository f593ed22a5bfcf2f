//! Migrations, Django's way: numbered files of backend-neutral operations
//! per app, replayed to rebuild past states, diffed against the compiled
//! models to write new ones, and applied or unapplied to reach any of them.
//!
//! - [`Operation`]s change a [`ProjectState`];
//! - a [`Migration`] is a file of operations with dependencies;
//! - the [`MigrationGraph`] links every migration and [`plan`]s a [`Target`];
//! - the [`executor`] runs a plan on a database, recording each migration in
//!   the history table, `model_migrations`, one `migrate` at a time;
//! - [`history`] checks that history against the files: checksums of
//!   applied migrations, dependencies, migrations MySQL applied in part.
//! - [`drift`] compares a live database with the state its applied
//!   migrations describe.

mod apply;
pub mod autodetect;
mod checksum;
pub mod drift;
pub mod executor;
mod graph;
pub mod history;
mod initial;
mod lock;
mod migration;
mod operation;
mod optimize;
mod plan;
mod preflight;
mod recorder;
mod render;
mod replace;
pub mod sql;
mod state;

pub use executor::{Executor, MigrateOptions, Outcome};
pub use graph::MigrationGraph;
pub use migration::{migration_number, Migration, MigrationKey};
pub use operation::Operation;
pub use optimize::optimize;
pub use plan::{plan, Step, Target};
pub use state::ProjectState;
