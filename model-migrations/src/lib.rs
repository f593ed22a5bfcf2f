//! Migrations, Django's way, for `model-runtime`'s models: numbered files of
//! backend-neutral operations per app, replayed to rebuild past states,
//! diffed against the compiled models to write new ones, and applied or
//! unapplied to reach any of them.
//!
//! - [`Operation`]s change a [`ProjectState`];
//! - a [`Migration`] is a file of operations with dependencies, read from
//!   an app's folder or from the copy embedded in the binary
//!   ([`load_migrations`], [`load_app`]);
//! - the [`MigrationGraph`] links every migration; [`Executor::plan`]
//!   orders the [`Step`]s that reach a [`Target`];
//! - the [`executor`] runs them on a database, recording each migration in
//!   the history table, `model_migrations`, one `migrate` at a time;
//! - [`history`] checks that history against the files: checksums of
//!   applied migrations, dependencies, migrations MySQL applied in part;
//! - [`autodetect`] writes the operations that bring the migrations' state
//!   to the compiled models, as `makemigrations` does;
//! - [`introspect`] reads a live table back, and [`drift`] compares a live
//!   database with the state its applied migrations describe;
//! - [`ddl`] renders each operation as SQL, per backend.
//!
//! Every call returns a [`MigrationError`] on failure.
//!
//! ```
//! use model_migrations::{Executor, MigrateOptions, Migration, MigrationGraph, Target};
//!
//! let initial = Migration::parse(
//!     "0001_initial",
//!     "app = \"shop\"\n\n[[operations]]\nop = \"RunSql\"\n\
//!      sql = \"CREATE TABLE shop_note (id integer PRIMARY KEY)\"\n\
//!      reverse_sql = \"DROP TABLE shop_note\"\n",
//! )?;
//! let graph = MigrationGraph::new([initial])?;
//!
//! let mut conn = model_runtime::connect("sqlite::memory:")?;
//! let mut executor = Executor::new(&mut conn, &graph)?;
//! let steps = executor.plan(&Target::Latest)?;
//! assert_eq!(steps[0].migration.to_string(), "shop.0001_initial");
//! executor.migrate(&Target::Latest, &MigrateOptions::default())?;
//! assert!(model_migrations::introspect::table(executor.connection(), "shop_note")?.is_some());
//! # Ok::<(), model_migrations::MigrationError>(())
//! ```

pub mod autodetect;
mod checksum;
pub mod ddl;
pub mod drift;
mod error;
pub mod executor;
mod graph;
pub mod history;
mod initial;
pub mod introspect;
mod key;
mod lock;
mod migration;
mod operation;
mod optimize;
mod options;
mod preflight;
mod render;
mod replace;
mod source;
mod state;
mod statements;
mod target;

pub use error::{MigrationError, Result};
pub use executor::Executor;
pub use graph::MigrationGraph;
pub use key::MigrationKey;
pub use migration::{migration_number, Migration};
pub use operation::Operation;
pub use optimize::optimize;
pub use options::{MigrateOptions, Outcome};
pub use source::{load_app, load_migrations, MigrationSource};
pub use state::ProjectState;
pub use target::{steps_to, Step, Target};
