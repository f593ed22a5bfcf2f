//! `check`: what would keep the installed apps' models from being migrated
//! as they are, and with `--database`, how the database drifted from its
//! migrations.

use std::io::Write;

use model_migrations::autodetect::NonInteractive;
use model_migrations::drift::database_drift;
use model_migrations::load_migrations;
use model_migrations::MigrationError;
use model_migrations::{Executor, MigrationGraph};
use model_runtime::Settings;

use crate::{conflicts, makemigrations, CommandError, Result};

/// `check [--database]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct CheckArgs {
    /// Also compare the database with the schema its applied migrations
    /// describe, and report every difference.
    #[arg(long)]
    pub database: bool,
}

/// Finds, and prints one per line, the problems of the project: registered
/// models whose app is not installed (they are never migrated), installed
/// apps without a model, two latest migrations in one app, and models that
/// differ from their migrations. Returns them; none means all is well.
///
/// ```
/// use model_runtime::prelude::*;
/// use model_runtime::Settings;
///
/// #[derive(Model)]
/// #[model(app = "check_doc")]
/// pub struct Note {
///     #[field(primary_key)]
///     pub id: i64,
///     pub text: String,
/// }
///
/// let problems = model_manage::check(&Settings::new(), &mut std::io::sink())?;
/// assert!(problems.contains(
///     &"check_doc.Note: app `check_doc` is not in installed apps, so it is not migrated".to_string()
/// ));
/// # Ok::<(), model_manage::CommandError>(())
/// ```
pub fn check(settings: &Settings, out: &mut dyn Write) -> Result<Vec<String>> {
    check_with(settings, &CheckArgs::default(), out)
}

/// [`check`], and with `--database`, every difference between the
/// database and the schema its applied migrations describe
/// ([`database_drift`]), one per line after the project's problems.
///
/// ```
/// use model_runtime::diesel::connection::SimpleConnection;
/// use model_manage::{CheckArgs};
/// use model_runtime::Settings;
///
/// let dir = std::env::temp_dir().join(format!("check-database-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let settings = Settings::new().database_url(dir.join("db.sqlite3").to_string_lossy());
/// settings.connect()?.batch_execute("CREATE TABLE legacy (x integer)")?;
///
/// let mut out = Vec::new();
/// let problems = model_manage::check_with(&settings, &CheckArgs { database: true }, &mut out)?;
/// assert_eq!(problems, ["legacy: table in the database, not in the migrations"]);
/// assert!(String::from_utf8(out).unwrap().ends_with("System check identified 1 issue.\n"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_with(settings: &Settings, args: &CheckArgs, out: &mut dyn Write) -> Result<Vec<String>> {
    settings.check_env()?;
    let mut problems = uninstalled_models(settings);
    problems.extend(unknown_apps(settings));

    let graph = load_migrations(settings)?;
    let conflicts: Vec<String> = settings
        .apps()
        .iter()
        .filter_map(|app| conflicts::conflict(&graph, app))
        .collect();
    let conflicted = !conflicts.is_empty();
    problems.extend(conflicts);
    problems.extend(history_problems(settings, &graph)?);
    if !conflicted {
        match makemigrations::detect_changes(settings, &graph, &mut NonInteractive) {
            Ok(changes) => {
                for (app, operations) in changes {
                    let listed: Vec<String> = operations.iter().map(ToString::to_string).collect();
                    problems.push(format!(
                        "app `{app}`: the models have changes that no migration holds ({}): \
                         run `manage makemigrations`",
                        listed.join("; ")
                    ));
                }
            }
            Err(CommandError::Migration(MigrationError::NeedsInput { question: message })) => {
                problems.push(format!(
                    "the models have changes that no migration holds, and makemigrations will ask: {message}"
                ))
            }
            Err(other) => return Err(other),
        }
    }

    if args.database {
        problems.extend(database_drift(settings)?.iter().map(ToString::to_string));
    }

    for problem in &problems {
        writeln!(out, "{problem}")?;
    }
    match problems.len() {
        0 => writeln!(out, "System check identified no issues.")?,
        1 => writeln!(out, "System check identified 1 issue.")?,
        n => writeln!(out, "System check identified {n} issues.")?,
    }
    Ok(problems)
}

/// The installed apps this binary knows nothing of: no model of theirs is
/// compiled in and no migrations folder is set for them, so every command
/// would take them for apps with nothing to do. Every command but `check`
/// (which lists them with the rest) refuses to run while there are any.
/// The compiled models whose app is not installed: none of them gets a
/// table (a misspelled `#[model(app = ...)]`, or an app left out of the
/// list), in `check`'s words.
pub(crate) fn uninstalled_models(settings: &Settings) -> Vec<String> {
    model_runtime::registry::models()
        .into_iter()
        .map(|model| model.schema())
        .filter(|schema| !settings.is_installed(&schema.app))
        .map(|schema| {
            format!(
                "{}.{}: app `{}` is not in installed apps, so it is not migrated",
                schema.app, schema.name, schema.app
            )
        })
        .collect()
}

pub(crate) fn unknown_apps(settings: &Settings) -> Vec<String> {
    settings
        .apps()
        .iter()
        .filter(|app| {
            model_runtime::registry::models_of_app(app).is_empty()
                && settings.migrations_folder(app).is_none()
        })
        .map(|app| {
            format!(
                "app `{app}` is in installed apps, but no model of it is compiled into this binary: \
                 is its name misspelled, or does the manage binary not link its crate (`use <crate> as _;`)?"
            )
        })
        .collect()
}

/// What is wrong with the database's migration history against the files
/// (an applied migration edited or deleted, one applied before its
/// dependency, one MySQL applied in part), read without the lock. A
/// database that does not exist yet has no history.
fn history_problems(settings: &Settings, graph: &MigrationGraph) -> Result<Vec<String>> {
    if !settings.database_exists() {
        return Ok(Vec::new());
    }
    let mut conn = settings.connect()?;
    // The executor reads the history against the migrations this database
    // follows: each squash, or what it replaces when applied in part.
    let executor = Executor::new(&mut conn, graph)?;
    Ok(executor.verify().iter().map(ToString::to_string).collect())
}
