//! The command line: clap's view of the commands, and nothing else.

use clap::{Parser, Subcommand};

use super::{
    CheckArgs, InspectdbArgs, MakemigrationsArgs, MigrateArgs, ShowmigrationsArgs, SqlmigrateArgs,
    SquashmigrationsArgs,
};

/// The manage binary's arguments.
#[derive(Debug, Parser)]
#[command(
    name = "manage",
    about = "Manage the project's models: migrations, checks",
    long_about = "Manage the project's models, as Django's manage.py does.\n\n\
                  The database is DATABASE_URL (also read from .env), else db.sqlite3.",
    disable_version_flag = true
)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// One `manage` command. New commands (`shell`, `dbshell`, `runserver`, ...)
/// are new variants, each with its own arguments struct.
#[derive(Debug, Subcommand)]
#[non_exhaustive]
pub enum Command {
    /// Write new migrations for the changes made to the models.
    Makemigrations(MakemigrationsArgs),
    /// Apply or unapply migrations, to the latest or to a named one.
    Migrate(MigrateArgs),
    /// List the migrations, applied `[X]` or not `[ ]`.
    Showmigrations(ShowmigrationsArgs),
    /// Print the SQL of one migration, without running it.
    Sqlmigrate(SqlmigrateArgs),
    /// Write one migration that replaces a run of an app's migrations.
    Squashmigrations(SquashmigrationsArgs),
    /// Report what keeps the models from being migrated as they are; with
    /// `--database`, also how the database differs from its migrations.
    Check(CheckArgs),
    /// Print models for the tables of an existing database.
    Inspectdb(InspectdbArgs),
}
