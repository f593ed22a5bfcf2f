//! The integration tests of model-runtime, model-migrations and
//! model-manage against real SQLite, PostgreSQL and MariaDB, in one test
//! binary: linking a binary that holds Diesel with three backends costs
//! far more than compiling a test module, so every topic is a module here
//! rather than a binary of its own.
//!
//! The tests share one process: none of them changes the environment or
//! the working directory, and the name of a file, folder or database a
//! test makes begins with its own module's prefix, so that no two modules
//! pick the same one. They share the model registry too, which holds the
//! models of every module: `drift.rs` and `manage_commands.rs` stay
//! binaries of their own, as `check` names every model compiled into the
//! binary whose app is not installed, and their tests expect only the
//! shared models of `src/models.rs` and their own.

// What several modules share, compiled once.
mod history_support;
mod migrate_support;

mod atomic;
mod autodetect;
mod autodetect_proptest;
mod bulk_create;
mod connections;
mod contributed_commands;
mod crud_round_trip;
mod diesel_dsl;
mod dyn_query;
mod dynamic_models;
mod field_behaviours;
mod get_or_create;
mod hardening;
mod history_checksums;
// Public, so that `missing_docs` checks the items it exports, as it did
// when the module was a crate of its own.
pub mod hygiene;
mod inspectdb;
mod loud_mistakes;
mod many_to_many;
mod merge;
mod migrate_core;
mod migrate_equivalence;
mod migrate_failures;
mod migrate_operations;
mod migration_errors;
mod mysql_partial;
mod queryset;
mod relations;
mod round_trips;
mod schema_matches_descriptor;
mod sqlite_rebuild;
mod squash;
mod typed_errors;
mod ui;
mod unattended_rename;
mod validation;
