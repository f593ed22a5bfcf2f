//! `makemigrations`: the difference between the compiled models and the
//! state the migration files lead to, written as new migration files.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

use model_migrations::autodetect::{self, Questioner};
use model_migrations::{load_migrations, Migration, MigrationGraph, Operation, ProjectState};
use model_runtime::Settings;

use crate::files::{shown_path, write_new_file, NewMigration};
use crate::{conflicts, merge, CommandError, Result};

/// `makemigrations [app...] [--name N] [--empty] [--merge] [--dry-run] [--check] [--no-input]`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct MakemigrationsArgs {
    /// The apps to make migrations for; every installed app when none is given.
    #[arg(value_name = "APP")]
    pub apps: Vec<String>,
    /// The new migration's name, after its number, rather than one made up
    /// from its operations.
    #[arg(short, long, value_name = "N")]
    pub name: Option<String>,
    /// Write an empty migration, for a data migration written by hand.
    #[arg(long)]
    pub empty: bool,
    /// Join a history that branched (two latest migrations in one app) with
    /// a migration depending on both.
    #[arg(long, conflicts_with = "empty")]
    pub merge: bool,
    /// Show what would be written, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Write nothing; exit 1 when the models have changes that no migration holds.
    #[arg(long)]
    pub check: bool,
    /// Ask nothing: a possible rename, or a needed one-off default, is an error.
    #[arg(long = "no-input", visible_alias = "noinput")]
    pub no_input: bool,
    /// Where no one is asked: a field or model gone while one of the same
    /// shape is new was not renamed; drop the old one, with its data.
    #[arg(long)]
    pub not_renamed: bool,
}

/// Compares the models of the installed apps with the state their migration
/// files lead to, and writes the difference as new migration files, one per
/// app, numbered after the app's latest migration. Returns what it made:
/// nothing when the models and the migrations agree.
///
/// `questioner` answers what the models cannot say (a rename, a one-off
/// default); [`NonInteractive`](autodetect::NonInteractive) takes the safe
/// answer or refuses.
///
/// ```no_run
/// use model_manage::{makemigrations, MakemigrationsArgs};
/// use model_migrations::autodetect::NonInteractive;
/// use model_runtime::Settings;
///
/// let settings = Settings::from_env().installed_apps(["littlelemon"]);
/// let args = MakemigrationsArgs { check: true, ..Default::default() };
/// let made = makemigrations(&settings, &args, &mut NonInteractive, &mut std::io::stdout())?;
/// if !made.is_empty() {
///     eprintln!("the models have changes without a migration");
/// }
/// # Ok::<(), model_manage::CommandError>(())
/// ```
pub fn makemigrations(
    settings: &Settings,
    args: &MakemigrationsArgs,
    questioner: &mut dyn Questioner,
    out: &mut dyn Write,
) -> Result<Vec<NewMigration>> {
    settings.check_env()?;
    check_apps(settings, &args.apps)?;
    if let Some(name) = &args.name {
        model_migrations::autodetect::check_name(name)?;
    }
    let writes = !args.dry_run && !args.check;
    if writes && settings.uses_embedded_migrations_only() {
        return Err(CommandError::Refused(format!(
            "makemigrations writes migration files, so it reads them from disk: unset {}",
            Settings::EMBEDDED_MIGRATIONS_VAR
        )));
    }
    let graph = load_migrations(settings)?;
    if args.merge {
        let writes = !args.dry_run && !args.check;
        return merge::merge(settings, &graph, &args.apps, args.name.as_deref(), writes, out);
    }

    let migrations = if args.empty {
        if args.apps.is_empty() {
            return Err(CommandError::Refused(
                "--empty needs the app to make the migration for: makemigrations --empty APP".into(),
            ));
        }
        args.apps
            .iter()
            .map(|app| empty_migration(&graph, app, args.name.as_deref()))
            .collect::<Result<Vec<_>>>()?
    } else {
        let apps: Vec<&String> = if args.apps.is_empty() {
            settings.apps().iter().collect()
        } else {
            args.apps.iter().collect()
        };
        conflicts::refuse_conflicts(&graph, apps.iter().copied())?;
        let changes = detect_changes(settings, &graph, questioner)?
            .into_iter()
            .filter(|(app, operations)| apps.contains(&app) && !operations.is_empty())
            .collect::<BTreeMap<_, _>>();
        if changes.is_empty() {
            return no_changes(&args.apps, out).map(|()| Vec::new());
        }
        autodetect::arrange(changes, &graph, args.name.as_deref())?
    };

    let mut made = Vec::with_capacity(migrations.len());
    for migration in migrations {
        let folder = settings.migrations_folder(&migration.app).ok_or_else(|| {
            CommandError::Refused(format!(
                "no folder for the migrations of `{}`: no model of it is registered; \
                 set one with Settings::migrations_dir",
                migration.app
            ))
        })?;
        let path = folder.join(format!("{}.toml", migration.name));
        report(&migration, &path, out)?;
        if writes {
            let text = if args.empty {
                migration.to_empty_toml()
            } else {
                migration.to_toml()
            };
            write_new_file(&folder, &path, &text)?;
        }
        made.push(NewMigration {
            path,
            migration,
            written: writes,
        });
    }
    Ok(made)
}

/// The changes between the migrations and the models of the installed
/// apps, per app (empty lists left out).
pub(crate) fn detect_changes(
    settings: &Settings,
    graph: &MigrationGraph,
    questioner: &mut dyn Questioner,
) -> Result<BTreeMap<String, Vec<Operation>>> {
    let from = graph.final_state()?;
    let to = ProjectState::from_registry(settings.apps());
    let mut changes = autodetect::detect(&from, &to, questioner)?;
    changes.retain(|_, operations| !operations.is_empty());
    Ok(changes)
}

fn check_apps(settings: &Settings, apps: &[String]) -> Result<()> {
    match apps.iter().find(|app| !settings.is_installed(app)) {
        Some(app) => Err(CommandError::Refused(format!(
            "app `{app}` is not in installed apps ({})",
            settings.apps().join(", ")
        ))),
        None => Ok(()),
    }
}

fn no_changes(apps: &[String], out: &mut dyn Write) -> Result<()> {
    let quoted: Vec<String> = apps.iter().map(|a| format!("'{a}'")).collect();
    match quoted.len() {
        0 => writeln!(out, "No changes detected")?,
        1 => writeln!(out, "No changes detected in app {}", quoted[0])?,
        _ => writeln!(out, "No changes detected in apps {}", quoted.join(", "))?,
    }
    Ok(())
}

/// Django's listing: the app, the file, its operations.
fn report(migration: &Migration, path: &Path, out: &mut dyn Write) -> Result<()> {
    writeln!(out, "Migrations for '{}':", migration.app)?;
    writeln!(out, "  {}", shown_path(path).display())?;
    for operation in &migration.operations {
        let flag = if operation.is_destructive() {
            crate::DESTRUCTIVE
        } else {
            ""
        };
        writeln!(out, "    - {operation}{flag}")?;
    }
    Ok(())
}

/// The next migration of `app`, with no operation, after its latest one.
fn empty_migration(graph: &MigrationGraph, app: &str, name: Option<&str>) -> Result<Migration> {
    conflicts::refuse_conflicts(graph, [&app.to_owned()])?;
    let number = graph.next_number(app)?;
    let name = match name {
        Some(name) => name.to_owned(),
        None => model_runtime::chrono::Utc::now()
            .format("auto_%Y%m%d_%H%M")
            .to_string(),
    };
    Ok(Migration {
        app: app.to_owned(),
        name: format!("{number:04}_{name}"),
        dependencies: graph.leaves(app),
        replaces: Vec::new(),
        operations: Vec::new(),
    })
}
